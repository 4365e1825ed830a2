"""The response cache (api/cache.py): the same bytes as without it, and never an answer from before a write.

Real apps over HTTP (TestClient), real embedded FalkorDB; the writes come through another app instance (its
own store and connection, as the second `--workers` process has), through `policykg ingest` in another
process, and through `clear`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from graph.falkor_store import FalkorStore
from graph.settings import Settings
from tests.api_graph import api_store  # noqa: F401 - fixture
from tests.conftest import BRIEFING, REPO, corpus_file

KEY = "cache-test-key"
LAW = "laws/行政法/数据安全法(2021-06-10).md"
SEARCHES = ["发改委", "工信部", "数据安全法", "数字经济", "大数据", "国务院", "no-such-name"]


def _app(store: FalkorStore, settings: Settings, **changes: object) -> TestClient:
    return TestClient(create_app(store=store, settings=settings.model_copy(update=changes)))


def _urls(client: TestClient) -> list[str]:
    """Citations (every parameter set) of real documents, searches, lists and details, a 404 and a 422."""
    docs = [d["id"] for d in client.get("/documents", params={"limit": 500}).json()["items"]]
    assert len(docs) >= 3
    urls = []
    for doc in docs[:8]:
        urls += [f"/documents/{doc}/citations", f"/documents/{doc}/citations?direction=in&depth=3",
                 f"/documents/{doc}/citations?direction=out&depth=2", f"/documents/{doc}"]
    urls += [f"/search?{urlencode({'q': q})}" for q in SEARCHES]
    urls += [f"/search?{urlencode({'q': '数据', 'type': 'Document', 'limit': 5, 'offset': 5})}",
             "/documents?limit=7&offset=3", "/targets?limit=20", "/documents/no-such-id/citations",
             "/documents/x/citations?depth=9"]
    return urls


def test_cached_answers_are_byte_for_byte_the_uncached_ones(api_store: FalkorStore,  # noqa: F811
                                                            settings: Settings) -> None:
    graph_settings = settings.model_copy(update={"graph_name": api_store.settings.graph_name})
    with _app(api_store, graph_settings, response_cache_mb=0) as plain, _app(api_store, graph_settings) as cached:
        urls = _urls(plain)
        cache = cached.app.state.response_cache
        for url in urls:
            want = plain.get(url)
            first, second = cached.get(url), cached.get(url)
            for got in (first, second):
                assert (got.status_code, got.content) == (want.status_code, want.content), url
                assert got.headers["content-type"] == want.headers["content-type"], url
        assert not hasattr(plain.app.state, "response_cache")
        assert cache.hits >= len([u for u in urls if "no-such" not in u and "depth=9" not in u]) - 1
        # errors are never kept: the 404 and the 422 were computed both times
        assert ("/documents/no-such-id/citations", b"") not in cache._entries


def _posted(text: str, source: str) -> dict:
    return {"json": {"text": text, "source": source}, "headers": {"X-API-Key": KEY}}


@pytest.fixture
def two_workers(store: FalkorStore, settings: Settings) -> Iterator[tuple[TestClient, TestClient, TestClient]]:
    """Two cached app instances with stores of their own (as `serve --workers 2` has) and an uncached one."""
    other, third = FalkorStore(settings), FalkorStore(settings)
    try:
        with (_app(store, settings, api_key=SecretStr(KEY)) as a, _app(other, settings, api_key=SecretStr(KEY)) as b,
              _app(third, settings, response_cache_mb=0) as plain):
            yield a, b, plain
    finally:
        other.close()
        third.close()


def test_an_upload_through_the_other_worker_invalidates_cached_search_and_citations(two_workers) -> None:  # noqa: ANN001
    a, b, plain = two_workers
    law = corpus_file(LAW)
    assert b.post("/documents", **_posted(law.read_text(encoding="utf-8"), "law.md")).status_code == 201
    found = a.get("/search", params={"q": "数据安全法"}).json()["items"]
    law_id = next(h["id"] for h in found if h["name"] == "数据安全法")
    before = a.get(f"/documents/{law_id}/citations").json()
    assert before["cited_by"] == []
    miss = a.get("/search", params={"q": "发改委"})
    assert miss.json()["items"] == []
    hits = a.app.state.response_cache.hits
    assert a.get(f"/documents/{law_id}/citations").json() == before  # served from the cache
    assert a.app.state.response_cache.hits == hits + 1

    # the briefing cites the law and names 发改委: uploaded through the other worker
    assert b.post("/documents", **_posted(BRIEFING.read_text(encoding="utf-8"), "briefing.txt")).status_code == 201
    after = a.get(f"/documents/{law_id}/citations")
    assert after.json()["cited_by"], "a citation ingested by the other worker must show at once"
    assert after.content == plain.get(f"/documents/{law_id}/citations").content
    search = a.get("/search", params={"q": "发改委"})
    assert search.json()["items"] and search.content == plain.get("/search", params={"q": "发改委"}).content


def test_an_ingest_by_another_process_invalidates_the_cache(two_workers, cli_env: dict[str, str]) -> None:  # noqa: ANN001
    a, _, plain = two_workers
    assert a.get("/search", params={"q": "发改委"}).json()["items"] == []
    assert a.get("/search", params={"q": "发改委"}).json()["items"] == []  # the empty answer is cached now
    proc = subprocess.run([sys.executable, "-m", "api.cli", "ingest", str(BRIEFING)], env=cli_env, cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    now = a.get("/search", params={"q": "发改委"})
    assert now.json()["items"], "an ingest by another process must show at once"
    assert now.content == plain.get("/search", params={"q": "发改委"}).content


def test_a_clear_by_another_store_invalidates_the_cache(two_workers, settings: Settings) -> None:  # noqa: ANN001
    a, b, plain = two_workers
    assert b.post("/documents", **_posted(BRIEFING.read_text(encoding="utf-8"), "briefing.txt")).status_code == 201
    doc = a.get("/documents", params={"limit": 1}).json()["items"][0]["id"]
    url = f"/documents/{doc}/citations"
    assert a.get(url).status_code == 200
    hits = a.app.state.response_cache.hits
    assert a.get(url).status_code == 200 and a.app.state.response_cache.hits == hits + 1  # cached
    other = FalkorStore(settings)
    try:
        other.clear()
        # the graph is gone (its key too: a route on it fails until setup_schema): whatever the app answers now,
        # it is what an uncached app answers, not the cached 200
        gone = a.get(url)
        assert gone.status_code != 200 and (gone.status_code, gone.content) == (plain.get(url).status_code,
                                                                              plain.get(url).content)
        other.setup_schema()
        assert a.get(url).status_code == 404
        assert a.get("/documents").json()["total"] == 0
    finally:
        other.close()


def test_the_version_changes_with_every_write_and_is_shared(store: FalkorStore, settings: Settings) -> None:
    other = FalkorStore(settings)
    try:
        first = store.graph_version()
        assert first is not None and other.graph_version() == first
        store.write_batches("merge_nodes", [{"id": "x1", "name": "甲", "type": "Agency", "aliases": [], "docs": [],
                                             "props": {}}], label="Agency")
        second = other.graph_version()
        assert second not in (None, first)
        store.clear()
        assert other.graph_version() not in (None, first, second)
    finally:
        other.close()


def test_a_server_gone_means_uncached_answers_not_a_hang_and_the_cache_resumes(tmp_path) -> None:  # noqa: ANN001
    from graph import falkor_server

    own = Settings(data_dir=tmp_path / "data", graph_url=None, graph_name="cache_gone")
    store = FalkorStore(own)
    try:
        store.setup_schema()
        with _app(store, own) as client:
            assert client.get("/documents").status_code == 200
            falkor_server.stop(own.data_dir)
            assert store.graph_version() is None  # no token, no cached answer: the request goes the normal way
            assert client.get("/documents").json()["total"] == 0  # ... which restarts the server
            assert store.graph_version() is not None
            hits = client.app.state.response_cache.hits
            assert client.get("/documents").status_code == 200 and client.app.state.response_cache.hits == hits + 1
    finally:
        store.close()
        falkor_server.stop(own.data_dir)
