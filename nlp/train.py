"""Training the optional NER stage: CLUENER -> DocBin (seeded split) -> `spacy train` with nlp/model/config.cfg.

`policykg train` calls `train`; the result is reproducible from the config, the seed and the CLUENER
file, so no model binary is kept in the repository. The model uses the extractor's jieba tokenizer
(`policykg.jieba.v1`, registered by `nlp.tokenizer`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import spacy

from nlp import cluener
from nlp import tokenizer as _tokenizer  # noqa: F401 - registers policykg.jieba.v1 for the config

CONFIG = Path(__file__).parent / "model" / "config.cfg"


@dataclass(frozen=True, slots=True)
class TrainReport:
    """What a training run read, wrote and took."""

    train_sentences: int
    dev_sentences: int
    train_entities: int
    dev_entities: int
    model: Path
    seconds: float
    scores: dict[str, float]


def prepare(source: Path, out: Path, *, limit: int = 0, dev_share: float = 0.1,
            seed: int = 13) -> tuple[int, int, int, int]:
    """Write `out/corpus/train.spacy` and `dev.spacy` from a CLUENER file; returns sentence and entity counts."""
    sentences = cluener.read(source, limit=limit)
    train, dev = cluener.split(sentences, dev_share, seed)
    vocab = spacy.blank("zh").vocab
    n_train = cluener.write_docbin(vocab, train, out / "corpus" / "train.spacy")
    n_dev = cluener.write_docbin(vocab, dev, out / "corpus" / "dev.spacy")
    return len(train), len(dev), n_train, n_dev


def train(source: Path, out: Path, *, config: Path = CONFIG, limit: int = 0, dev_share: float = 0.1,
          seed: int = 13, max_steps: int | None = None, eval_frequency: int | None = None) -> TrainReport:
    """Convert, split and train; the model is written to `out/model-best` (and `out/model-last`)."""
    from spacy.cli.train import train as spacy_train

    t0 = time.perf_counter()
    n_train, n_dev, e_train, e_dev = prepare(source, out, limit=limit, dev_share=dev_share, seed=seed)
    overrides: dict[str, object] = {
        "paths.train": str(out / "corpus" / "train.spacy"),
        "paths.dev": str(out / "corpus" / "dev.spacy"),
        "system.seed": seed,
    }
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
        overrides["training.eval_frequency"] = eval_frequency or max(1, min(max_steps, 500))
    elif eval_frequency is not None:
        overrides["training.eval_frequency"] = eval_frequency
    spacy_train(config, out, overrides=overrides)
    best = out / "model-best"
    meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
    perf = meta.get("performance") or {}
    scores = {k: float(v) for k, v in perf.items() if isinstance(v, int | float)}
    return TrainReport(n_train, n_dev, e_train, e_dev, best, time.perf_counter() - t0, scores)
