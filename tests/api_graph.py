"""A shared, read-only API test graph: real corpus texts through the real ingest, plus `tests.shapes`.

It lives in its own FalkorDB graph (same embedded server as the session) so
that tests which empty the `store` graph do not disturb it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.loader import load
from graph.settings import Settings
from tests.conftest import BRIEFING, corpus_file
from tests.shapes import shapes_extraction

GRAPH_NAME = "policykg_api_test"
DATA_SECURITY_LAW = "laws/行政法/数据安全法(2021-06-10).md"


@pytest.fixture(scope="module")
def api_store(settings: Settings) -> Iterator[FalkorStore]:
    """The briefing, the data security law and the hand-built shapes, loaded once per module."""
    store = FalkorStore(settings.model_copy(update={"graph_name": GRAPH_NAME}))
    store.clear()
    store.setup_schema()
    report = ingest_paths(store, [BRIEFING, corpus_file(DATA_SECURITY_LAW)])
    assert report.files == 2, report.skipped
    load(store, shapes_extraction())
    yield store
    store.clear()
    store.close()
