"""Whole-corpus graph checks of issue 13: entities linked to documents, and titles that fold together.

    POLICYKG_DATA_DIR=/tmp/junk-data PYTHONPATH=$PWD .venv/bin/python bench/graph_audit.py

Reads the configured graph (after `policykg ingest ../shared/corpus`). Prints, per type, the share of entities
linked to a document (`cypher/audit_linked_counts.cypher`), and every group of Document/Law nodes whose names
fold to one string under `nlp.text.fold_title` (`cypher/audit_title_names.cypher`). Exits 1 when a group exists.
"""

from __future__ import annotations

import sys
import unicodedata
from collections import defaultdict

from graph.connect import open_store
from nlp.text import fold_title

TYPES = ["Agency", "Organization", "Region", "Program", "Document", "Law", "Target"]


def main() -> int:
    """Print the linked shares and the folded-title groups."""
    store = open_store(schema=False)
    groups: dict[str, list[str]] = defaultdict(list)
    try:
        for r in store.read("audit_linked_counts", {"types": TYPES}).records():
            linked, total = int(r["linked"]), int(r["entities"])
            share = linked / total if total else 1.0
            print(f"{r['type']:<13} {linked:>6} of {total:>6} linked to a document ({share:.1%})")
        for r in store.read("audit_title_names").records():
            # widths too (ＡＢ, full-width digits): NFKC before the title folding
            groups[fold_title(unicodedata.normalize("NFKC", r["name"]))].append(f"{r['type']}:{r['name']}")
    finally:
        store.close()
    dup = {k: v for k, v in groups.items() if len(v) > 1}
    print(f"Document/Law nodes whose titles fold to one string: {len(dup)} groups")
    for names in dup.values():
        print("  " + " | ".join(names))
    return 1 if dup else 0


if __name__ == "__main__":
    sys.exit(main())
