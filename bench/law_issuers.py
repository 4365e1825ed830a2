"""Which in-corpus national laws (level 法律 / 行政法规, not the DLC local ones) get no ISSUES edge, and why.

    PYTHONPATH=$PWD .venv/bin/python bench/law_issuers.py [--show-header]

Extracts every file under ../shared/corpus/laws outside DLC/, keeps the documents of type Law whose level is
法律 or 行政法规, and counts those no ISSUES edge points at. For each of those it prints the reason read from
the file's header (the dated lines before the first article): no header at all, header lines that name no
body, or a body the header names that the extractor did not take as an issuer.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from nlp.extract import extract

LAWS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "laws"
NATIONAL = ("法律", "行政法规")
_DATED = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.*$", re.M)
_BODY = re.compile(r"全国人民代表大会常务委员会|全国人民代表大会|国务院")


def header_lines(text: str) -> list[str]:
    """The dated lines before the first article (第一条) or chapter: the law's header."""
    cut = re.search(r"^\s*(?:#+\s*)?第[一二三四五六七八九十]+[条章]", text, re.M)
    head = text[:cut.start() if cut else 2000]
    return [m.group(0).strip() for m in _DATED.finditer(head)]


def reason(text: str) -> str:
    """Why a law's header gives no issuer, from the header's grammar."""
    lines = header_lines(text)
    if not lines:
        return "no dated header lines"
    if not any(_BODY.search(x) for x in lines):
        if any("决定" in x for x in lines):
            return "header names only an amending 决定 of no stated body"
        return "header lines name no national body"
    return "header names a body the extractor did not take: " + next(x for x in lines if _BODY.search(x))[:80]


def main() -> None:
    """Extract, count and list."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--show-header", action="store_true")
    a = ap.parse_args()
    files = sorted(p for p in LAWS.rglob("*.md") if "DLC" not in p.parts and p.name != "README.md")
    total, missing = 0, []
    by_issuer: Counter[str] = Counter()
    for p in files:
        text = p.read_text(encoding="utf-8")
        ex = extract(text, str(p))
        for d in ex.documents:
            if d.type != "Law" or d.level not in NATIONAL:
                continue
            total += 1
            heads = [r.head.name for r in ex.relations if r.type == "ISSUES" and r.tail.name == d.title]
            by_issuer.update(set(heads))
            if not heads:
                missing.append((p.relative_to(LAWS), d.title, d.level, reason(text), header_lines(text)))
    print(f"{total} national laws (法律/行政法规) in {len(files)} files; {len(missing)} without an ISSUES edge")
    print("issuers:", dict(by_issuer.most_common(8)))
    for path, title, level, why, lines in missing:
        print(f"- {title} ({level}, {path}): {why}")
        if a.show_header:
            for x in lines:
                print(f"    {x}")


if __name__ == "__main__":
    main()
