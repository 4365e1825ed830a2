"""The extractor's entry points: `extract(text, source)` and `extract_many(items, n_process)`.

Both run the spaCy pipeline of `nlp.pipeline`; pydantic models are built only here, at the
boundary, from the plain dict the last component leaves in `doc.user_data`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nlp.models import Extraction
from nlp.output import STATE_RESULT
from nlp.pipeline import get_nlp
from nlp.text import SOURCE, with_source


def _to_model(doc) -> Extraction:
    result = doc.user_data.get(STATE_RESULT) or {}
    return Extraction.model_validate({"source": doc.user_data.get(SOURCE, ""), **result})


def extract(text: str, source: str) -> Extraction:
    """Extract documents, entities (with every mention's offsets) and relations from one file's text."""
    return _to_model(get_nlp()(with_source(text, source)))


def extract_many(items: Iterable[tuple[str, str]], n_process: int = 1) -> Iterator[Extraction]:
    """Extract each (text, source) pair in order; `n_process` > 1 runs the pipeline in worker processes."""
    nlp = get_nlp()
    texts = (with_source(text, source) for text, source in items)
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=4):
        yield _to_model(doc)
