#!/usr/bin/env python3
"""The trained NER stage against the rules, on our own CLUENER dev split, and what it costs in speed.

    python bench/ner_model.py [--model DIR/model-best] [--cluener ../shared/ner/cluener-train.json]
                              [--seed 13 --dev-share 0.1] [--speed-files 40]

The dev split is the one `policykg train` held out (same file, seed and share: `nlp.cluener.split`).
Prints per type (Agency = CLUENER government; Organization = organization + company) precision,
recall and F1 of exact spans for: the model alone, the rules (the default extractor), and the
extractor with the model stage on (`POLICYKG_NER_MODEL`); then the throughput in chars/s of raw
`jieba.lcut`, the rules extractor and the extractor with the model, interleaved file by file on the
corpus's reports/ in one process (as `bench/extract_speed.py`), with ratios to jieba.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import jieba
from spacy.language import Language

from nlp import cluener
from nlp.ner import MODEL_TYPES, load
from nlp.output import STATE_RESULT
from nlp.pipeline import build_nlp
from nlp.text import with_source
from nlp.tokenizer import clear_cache

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "ner" / "cluener-train.json"
Spans = set[tuple[int, int, str]]


def gold(sentences: list[cluener.Sentence]) -> list[Spans]:
    """The mapped gold spans of each sentence."""
    return [set(s.spans) for s in sentences]


def model_spans(model: Language, texts: list[str]) -> list[Spans]:
    """The model's own entities (Agency/Organization) on each text."""
    return [{(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in MODEL_TYPES}
            for doc in model.pipe(texts, batch_size=256)]


def extractor_spans(nlp: Language, texts: list[str]) -> list[Spans]:
    """The extractor's Agency/Organization mentions on each text (every occurrence counts)."""
    out = []
    for doc in nlp.pipe((with_source(t, f"cluener-dev-{i}") for i, t in enumerate(texts)), batch_size=64):
        result = doc.user_data.get(STATE_RESULT) or {}
        out.append({(m["start"], m["end"], e["type"]) for e in result.get("entities", ())
                    if e["type"] in MODEL_TYPES for m in e["mentions"]})
    return out


def score(golds: list[Spans], found: list[Spans]) -> dict[str, tuple[int, int, int]]:
    """(tp, fp, fn) per type, exact span and type."""
    c: Counter[str] = Counter()
    for g, f in zip(golds, found, strict=True):
        for t in MODEL_TYPES:
            gt = {x for x in g if x[2] == t}
            ft = {x for x in f if x[2] == t}
            c[f"{t}:tp"] += len(gt & ft)
            c[f"{t}:fp"] += len(ft - gt)
            c[f"{t}:fn"] += len(gt - ft)
    return {t: (c[f"{t}:tp"], c[f"{t}:fp"], c[f"{t}:fn"]) for t in sorted(MODEL_TYPES)}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, counts: dict[str, tuple[int, int, int]]) -> None:
    """One line per type."""
    for t, (tp, fp, fn) in counts.items():
        p, r, f = prf(tp, fp, fn)
        print(f"{name:16} {t:12} P={p:.3f} R={r:.3f} F1={f:.3f} (tp={tp} fp={fp} fn={fn})")


def speed(files: Iterable[Path], rules: Language, with_model: Language) -> None:
    """chars/s of jieba.lcut, the rules extractor and the extractor with the model, file by file, interleaved."""
    items = [(f.read_text(encoding="utf-8"), str(f)) for f in files]
    chars = sum(len(t) for t, _ in items)
    clear_cache()
    t_j = t_r = t_m = 0.0
    for text, source in items:
        t = time.perf_counter()
        jieba.lcut(text)
        t_j += time.perf_counter() - t
        clear_cache()  # each extractor starts cold on each file: neither profits from the other's cache
        t = time.perf_counter()
        rules(with_source(text, source))
        t_r += time.perf_counter() - t
        clear_cache()
        t = time.perf_counter()
        with_model(with_source(text, source))
        t_m += time.perf_counter() - t
    print(f"speed on {len(items)} report files, {chars} chars, one process:")
    print(f"  jieba.lcut        {chars / t_j:>10,.0f} chars/s")
    print(f"  extractor (rules) {chars / t_r:>10,.0f} chars/s  ratio to jieba {t_j / t_r:.2f}")
    print(f"  extractor + model {chars / t_m:>10,.0f} chars/s  ratio to jieba {t_j / t_m:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, help="a trained model-best; without it only the rules are scored")
    ap.add_argument("--cluener", type=Path, default=DEFAULT)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dev-share", type=float, default=0.1)
    ap.add_argument("--speed-files", type=int, default=40, help="report files for the speed run (0: skip)")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    _, dev = cluener.split(cluener.read(args.cluener), args.dev_share, args.seed)
    texts = [s.text for s in dev]
    golds = gold(dev)
    print(f"CLUENER dev split: {len(dev)} sentences, "
          f"{sum(len(g) for g in golds)} gold Agency/Organization spans")
    jieba.initialize()
    rules = build_nlp(compact=True)
    report("rules", score(golds, extractor_spans(rules, texts)))
    if args.model is None:
        return
    with_model = build_nlp(compact=True, ner_model=args.model)
    report("model alone", score(golds, model_spans(load(str(args.model)), texts)))
    report("rules + model", score(golds, extractor_spans(with_model, texts)))
    if args.speed_files:
        files = sorted((args.corpus / "reports").rglob("*.txt"))
        step = max(1, len(files) // args.speed_files)
        speed(files[::step][: args.speed_files], rules, with_model)


if __name__ == "__main__":
    main()
