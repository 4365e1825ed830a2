"""The extractor's entry points: `extract(text, source)` and `extract_many(items, n_process)`.

Both run the spaCy pipeline of `nlp.pipeline`; pydantic models are built only here, at the
boundary, from the plain dict the last component leaves in `doc.user_data`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nlp.models import Extraction
from nlp.pipeline import get_nlp
from nlp.relations import STATE_RESULT


def _to_model(doc, source: str) -> Extraction:
    result = doc.user_data.get(STATE_RESULT) or {}
    return Extraction.model_validate({"source": source, **result})


def extract(text: str, source: str) -> Extraction:
    """Extract documents, entities (with every mention's offsets) and relations from one file's text."""
    nlp = get_nlp()
    for doc, src in nlp.pipe([(text, source)], as_tuples=True):
        return _to_model(doc, src)
    raise RuntimeError("pipeline returned no document")


def extract_many(items: Iterable[tuple[str, str]], n_process: int = 1) -> Iterator[Extraction]:
    """Extract each (text, source) pair in order; `n_process` > 1 runs the pipeline in worker processes."""
    nlp = get_nlp()
    for doc, src in nlp.pipe(((t, s) for t, s in items), as_tuples=True, n_process=n_process, batch_size=4):
        yield _to_model(doc, src)
