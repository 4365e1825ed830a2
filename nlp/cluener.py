"""CLUENER2020 as training data for the optional NER stage: read, map to the graph's types, split.

CLUENER's classes map to ours by the annotation guidelines (`../shared/eval/GUIDELINES.md`):
`government` is an Agency (government, Party, legislative, judicial bodies), `organization` and
`company` are Organizations (associations, universities, companies, teams: "any other actor named
as an institution"). `address` is left out: CLUENER's addresses are mostly street addresses,
buildings and stations (地铁8号线耀华路站1号出口), not the guidelines' named administrative places,
and the rules' region lexicon already covers those; the stage adds Agency and Organization spans
only. The other classes (name, position, book, game, movie, scene) are outside both types.

Spans are aligned to the extractor's own jieba tokens (`nlp.tokenizer.segment`), the tokens the
model will see; a span that does not fall on token boundaries (about 2 % of them) is marked missing
rather than outside, so the model is not taught that its words are no entity.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

#: CLUENER class -> the graph's entity type (classes not listed are outside).
LABELS: dict[str, str] = {"government": "Agency", "organization": "Organization", "company": "Organization"}


@dataclass(frozen=True, slots=True)
class Sentence:
    """One CLUENER record: its text and gold spans (start, end exclusive, our type)."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


def read(path: Path, limit: int = 0) -> list[Sentence]:
    """The records of a CLUENER file (pretty-printed JSON objects one after another), mapped by `LABELS`;
    CLUENER's inclusive ends become exclusive. `limit` > 0 reads only the first records."""
    text, dec, i, out = path.read_text(encoding="utf-8"), json.JSONDecoder(), 0, []
    for record in _objects(text, dec, i):
        spans = sorted((s, e + 1, LABELS[label]) for label, found in record.get("label", {}).items()
                       if label in LABELS for places in found.values() for s, e in places)
        out.append(Sentence(record["text"], tuple(spans)))
        if limit and len(out) >= limit:
            break
    return out


def _objects(text: str, dec: json.JSONDecoder, i: int) -> Iterator[dict]:
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        obj, i = dec.raw_decode(text, i)
        yield obj


def split(sentences: list[Sentence], dev_share: float, seed: int) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev): a seeded shuffle, then the first `dev_share` of it as dev (at least one sentence)."""
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    n_dev = max(1, round(len(sentences) * dev_share))
    dev = sorted(order[:n_dev])
    train = sorted(order[n_dev:])
    return [sentences[i] for i in train], [sentences[i] for i in dev]


def to_doc(vocab: Vocab, sentence: Sentence) -> Doc:
    """A Doc on the extractor's tokens with the gold entities; misaligned spans are missing, not outside."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    words = segment(sentence.text)
    doc = Doc(vocab, words=words, spaces=[False] * len(words))
    ents, missing = [], []
    for s, e, label in sentence.spans:
        span = doc.char_span(s, e, label=label)
        if span is not None:
            ents.append(span)
        else:
            wide = doc.char_span(s, e, alignment_mode="expand")
            if wide is not None:
                missing.append(Span(doc, wide.start, wide.end))
    ents = filter_spans(ents)
    taken = {i for span in ents for i in range(span.start, span.end)}
    missing = [m for m in filter_spans(missing) if not taken.intersection(range(m.start, m.end))]
    doc.set_ents(ents, missing=missing, default="outside")
    return doc


def write_docbin(vocab: Vocab, sentences: list[Sentence], path: Path) -> int:
    """Write the sentences as a DocBin at `path`; returns the number of entities written."""
    db = DocBin(attrs=["ENT_IOB", "ENT_TYPE"])
    n = 0
    for sentence in sentences:
        doc = to_doc(vocab, sentence)
        n += len(doc.ents)
        db.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n
