#!/usr/bin/env python3
"""Throughput of the extractor against raw jieba on the same texts.

    python bench/extract_speed.py [--corpus /work/shared/corpus] [--full]

Times `nlp.extract.extract_many` over the corpus's reports/ and, in the same run on the same texts,
raw `jieba.lcut` (default mode, the usual baseline); prints both throughputs in chars/s and their
ratio, single process and with 2 processes. `--full` also runs the extractor over every corpus
file and prints documents, entities and relations per type and the time taken.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import time
from pathlib import Path

import jieba

from nlp.extract import extract_many
from nlp.pipeline import get_nlp
from nlp.tokenizer import clear_cache


def _jieba_worker(text: str) -> int:
    return len(jieba.lcut(text))


def _time_jieba(texts: list[str], n_process: int) -> float:
    t = time.perf_counter()
    if n_process == 1:
        for text in texts:
            jieba.lcut(text)
    else:
        with mp.get_context("fork").Pool(n_process, initializer=jieba.initialize) as pool:
            pool.map(_jieba_worker, texts, chunksize=4)
    return time.perf_counter() - t


def _time_extract(items: list[tuple[str, str]], n_process: int) -> float:
    t = time.perf_counter()
    n = sum(1 for _ in extract_many(items, n_process=n_process))
    assert n == len(items)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--full", action="store_true", help="also run over every corpus file and print counts")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    files = sorted((corpus / "reports").rglob("*.txt"))
    items = [(f.read_text(encoding="utf-8"), str(f)) for f in files]
    texts = [t for t, _ in items]
    chars = sum(map(len, texts))
    jieba.initialize()
    get_nlp()  # lexicons, automaton and jieba user dictionary load once, outside the timing
    print(f"reports: {len(files)} files, {chars} chars")
    # The machine is shared: interleave the two measurements (file by file in one process, A-B-B-A
    # with two) so that load from other processes weighs on both alike.
    # The tokenizer caches the cut of clauses it has seen (policy language repeats itself); every
    # measurement starts with an empty cache so earlier runs over the same texts do not count.
    clear_cache()
    tj = te = 0.0
    for item in items:
        tj += _time_jieba([item[0]], 1)
        te += _time_extract([item], 1)
    print(f"n_process=1: jieba.lcut {chars / tj:,.0f} chars/s  extractor {chars / te:,.0f} chars/s  "
          f"ratio {tj / te:.2f}")
    for n_process in (2,):
        half = len(items) // 2
        clear_cache()  # the workers are forked from this process: they start cold too
        tj = _time_jieba(texts[:half], n_process)
        te = _time_extract(items[:half], n_process)
        clear_cache()
        te += _time_extract(items[half:], n_process)
        tj += _time_jieba(texts[half:], n_process)
        print(f"n_process={n_process}: jieba.lcut {chars / tj:,.0f} chars/s  extractor {chars / te:,.0f} chars/s  "
              f"ratio {tj / te:.2f}")
    if args.full:
        every = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")
        all_items = [(p.read_text(encoding="utf-8"), str(p)) for p in every]
        clear_cache()
        t = time.perf_counter()
        docs, ents, rels, mentions = 0, collections.Counter(), collections.Counter(), 0
        for ex in extract_many(all_items, n_process=1):
            docs += len(ex.documents)
            ents.update(e.type for e in ex.entities)
            mentions += sum(len(e.mentions) for e in ex.entities)
            rels.update(r.type for r in ex.relations)
        el = time.perf_counter() - t
        total = sum(len(x) for x, _ in all_items)
        print(f"full corpus: {len(all_items)} files, {total} chars, {docs} documents, {mentions} mentions, "
              f"{el:.1f}s ({total / el:,.0f} chars/s)")
        print("entities per type (per file, summed):", dict(sorted(ents.items())))
        print("relations per type:", dict(sorted(rels.items())))


if __name__ == "__main__":
    main()
