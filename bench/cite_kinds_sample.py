"""A seeded sample of CITES links with the kind the extractor gives, for review by hand (docs/legal.md).

    PYTHONPATH=$PWD .venv/bin/python bench/cite_kinds_sample.py --seed 2026 [--files 60] [--n 100] [--reports]

Draws `--files` corpus files (the laws; with `--reports` the reports too) with random.Random(seed), extracts
them, and draws `--n` of their CITES links with the same generator. Prints a markdown table: #, citing file,
cited title, the sentence (cut to 110 characters), the extractor's kind, and two empty columns for the reader.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from nlp.extract import extract

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def corpus_files(reports: bool) -> list[Path]:
    """The law files (and report files), sorted, so that a seed draws the same files on every machine."""
    roots = [CORPUS / "laws"] + ([CORPUS / "reports"] if reports else [])
    return sorted(p for r in roots for p in r.rglob("*") if p.suffix in (".md", ".txt") and p.name != "README.md")


def main() -> None:
    """Draw, extract, sample and print the table with a count of kinds."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--files", type=int, default=60)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--reports", action="store_true")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    files = corpus_files(a.reports)
    rng.shuffle(files)
    links: list[tuple[str, str, str, str]] = []
    for p in files[:a.files]:
        ex = extract(p.read_text(encoding="utf-8"), str(p))
        for r in ex.relations:
            if r.type == "CITES":
                sent = " ".join(r.evidence.sentence.split())
                links.append((p.name, r.tail.name, sent[:110], str(r.attrs.get("kind"))))
    sample = rng.sample(links, min(a.n, len(links)))
    print(f"seed {a.seed}: {len(links)} CITES links in {a.files} files, {len(sample)} drawn; "
          f"kinds {dict(Counter(k for *_, k in sample))}\n")
    print("| # | citing | cited | sentence | extractor | reader | agree |\n| --- | --- | --- | --- | --- | --- | --- |")
    for i, (f, t, s, k) in enumerate(sample, 1):
        print(f"| {i} | {f} | {t} | {s.replace('|', '｜')} | {k} |  |  |")


if __name__ == "__main__":
    main()
