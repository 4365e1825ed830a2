"""Seeded junk audit of the graph: a random sample of entities of each type, each with one evidence sentence.

    POLICYKG_DATA_DIR=/tmp/junk-data PYTHONPATH=$PWD .venv/bin/python bench/junk_audit.py SEED [--n 100]
        [--types Program Agency Region Organization] [--tsv OUT]

Reads the configured graph (after `policykg ingest ../shared/corpus`). The ids of a type come in a fixed order
(cypher/audit_entity_ids.cypher), so a seed names one sample of one graph; names and evidence come from
cypher/audit_evidence.cypher. The judgement (junk or not, against ../shared/eval/GUIDELINES.md) is a reader's,
recorded in docs/junk-audit.md; this script only draws and prints.
"""

from __future__ import annotations

import argparse
import random
import sys

from graph.connect import open_store

TYPES = ("Program", "Agency", "Region", "Organization")


def draw(store, etype: str, n: int, seed: int) -> list[dict]:
    """`n` entities of `etype` drawn with `random.Random(seed)`, in draw order, with their evidence."""
    ids = [r["id"] for r in store.read("audit_entity_ids", {"type": etype}).records()]
    picked = random.Random(f"{seed}:{etype}").sample(ids, min(n, len(ids)))
    rows = {r["id"]: r for r in store.read("audit_evidence", {"ids": picked}).records()}
    return [rows[i] for i in picked]


def _one_line(s: str | None, width: int = 160) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= width else s[:width] + "…"


def main(argv: list[str] | None = None) -> int:
    """Draw and print (or write as TSV) one sample per type."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seed", type=int)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--types", nargs="+", default=list(TYPES), choices=TYPES)
    ap.add_argument("--tsv", help="write seed, type, index, name, docs, sentence, source as TSV here too")
    a = ap.parse_args(argv)
    store = open_store(schema=False)
    rows: list[str] = []
    try:
        for etype in a.types:
            sample = draw(store, etype, a.n, a.seed)
            print(f"## {etype}: {len(sample)} drawn with seed {a.seed}")
            for k, r in enumerate(sample, 1):
                sent = _one_line(r["sentence"])
                print(f"{k:3d}. {r['name']}  [{r['docs']} doc(s)]  | {sent}")
                rows.append("\t".join((str(a.seed), etype, str(k), r["name"], str(r["docs"]), sent,
                                        r.get("source") or "")))
    finally:
        store.close()
    if a.tsv:
        with open(a.tsv, "w", encoding="utf-8") as f:
            f.write("".join(row + "\n" for row in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
