"""Mention-level check of the extractor on text it was never tuned on: CLUENER2020 news sentences.

    python bench/ner_mentions.py [--limit N] [--cluener ../shared/ner/cluener-train.json]

CLUENER's `government` is compared with our Agency mentions, `address` with
Region, `book` with Document/Law (the guidelines' types are narrower than
CLUENER's, so absolute numbers are low; the point is to watch them move when
lexicons or patterns change, on data nobody tuned to). Prints precision,
recall and F1 per type, exact span match and overlap match.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from nlp.extract import extract_many

PAIRS = {"government": {"Agency"}, "address": {"Region"}, "book": {"Document", "Law"}}
DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "ner" / "cluener-train.json"


def read_records(path: Path, limit: int) -> list[dict]:
    """CLUENER records: pretty-printed JSON objects one after another."""
    text, dec, i, out = path.read_text(encoding="utf-8"), json.JSONDecoder(), 0, []
    while len(out) < limit:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        obj, i = dec.raw_decode(text, i)
        out.append(obj)
    return out


def gold_spans(record: dict, label: str) -> set[tuple[int, int]]:
    """Gold spans as (start, end-exclusive); CLUENER ends are inclusive and 《》 belong to no span of ours."""
    spans = set()
    for surface, places in record["label"].get(label, {}).items():
        for start, end in places:
            s, e = start, end + 1
            if surface.startswith("《"):
                s += 1
            if surface.endswith("》"):
                e -= 1
            spans.add((s, e))
    return spans


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cluener", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=3000)
    args = ap.parse_args()
    records = read_records(args.cluener, args.limit)
    exact: Counter[str] = Counter()
    overlap: Counter[str] = Counter()
    extractions = extract_many((r["text"], f"cluener-{i}") for i, r in enumerate(records))
    for record, extraction in zip(records, extractions, strict=True):
        for label, types in PAIRS.items():
            gold = gold_spans(record, label)
            ours = {(m.start, m.end) for e in extraction.entities if e.type in types for m in e.mentions}
            exact[f"{label}:tp"] += len(gold & ours)
            exact[f"{label}:fp"] += len(ours - gold)
            exact[f"{label}:fn"] += len(gold - ours)
            hit_gold = {g for g in gold if any(o[0] < g[1] and g[0] < o[1] for o in ours)}
            hit_ours = {o for o in ours if any(o[0] < g[1] and g[0] < o[1] for g in gold)}
            overlap[f"{label}:tp"] += len(hit_gold)
            overlap[f"{label}:fp"] += len(ours - hit_ours)
            overlap[f"{label}:fn"] += len(gold - hit_gold)
    print(f"{len(records)} CLUENER sentences")
    for name, counts in (("exact", exact), ("overlap", overlap)):
        for label, types in PAIRS.items():
            tp, fp, fn = (counts[f"{label}:{k}"] for k in ("tp", "fp", "fn"))
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{name:8} {label:10} vs {'/'.join(sorted(types)):17} P={p:.3f} R={r:.3f} F1={f:.3f} "
                  f"(tp={tp} fp={fp} fn={fn})")


if __name__ == "__main__":
    main()
