"""The first API routes over HTTP against the embedded FalkorDB loaded with real corpus texts."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from tests.conftest import BRIEFING, corpus_file


@pytest.fixture
def client(store: FalkorStore) -> Iterator[TestClient]:
    ingest_paths(store, [BRIEFING, corpus_file("laws/行政法/数据安全法(2021-06-10).md")])
    with TestClient(create_app(store=store)) as c:
        yield c


def test_health_reports_the_graph(client: TestClient, store: FalkorStore) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["backend"] == "falkordb"
    assert (body["nodes"], body["relationships"]) == store.counts()


def test_documents_are_paginated(client: TestClient) -> None:
    first = client.get("/documents", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["total"] > 3 and first["next_offset"] == 3
    second = client.get("/documents", params={"limit": 3, "offset": 3}).json()
    assert {d["id"] for d in first["items"]}.isdisjoint(d["id"] for d in second["items"])
    everything = client.get("/documents", params={"limit": 500}).json()
    assert len(everything["items"]) == everything["total"] and everything["next_offset"] is None
    in_corpus = client.get("/documents", params={"in_corpus": True, "limit": 500}).json()
    assert 0 < in_corpus["total"] < everything["total"]


def test_document_and_its_citations_both_ways(client: TestClient) -> None:
    docs = client.get("/documents", params={"in_corpus": True, "limit": 500}).json()["items"]
    citing = None
    for doc in docs:
        body = client.get(f"/documents/{doc['id']}/citations").json()
        if body["cites"]:
            citing = body
            break
    assert citing is not None, "some ingested document cites another"
    edge = citing["cites"][0]
    assert edge["sentence"] and edge["doc"]
    back = client.get(f"/documents/{edge['id']}/citations").json()
    assert citing["id"] in {e["id"] for e in back["cited_by"]}
    detail = client.get(f"/documents/{edge['id']}").json()
    assert detail["title"] == edge["title"] and detail["cited_by"] >= 1


def test_unknown_document_is_404_with_an_error_body(client: TestClient) -> None:
    for path in ("/documents/nope", "/documents/nope/citations", "/views/documents/nope"):
        resp = client.get(path)
        assert resp.status_code == 404, path
        assert resp.json()["error"] == "not_found"


def test_bad_parameters_are_422(client: TestClient) -> None:
    resp = client.get("/documents", params={"limit": 0})
    assert resp.status_code == 422 and resp.json()["error"] == "invalid_request"


def test_document_view_is_an_offline_pyvis_page(client: TestClient) -> None:
    doc = client.get("/documents", params={"in_corpus": True, "limit": 1}).json()["items"][0]
    resp = client.get(f"/views/documents/{doc['id']}")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    page = resp.text
    assert "vis.Network" in page or "new vis.Network" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']https?://", page), "assets must be inlined, no CDN"
    assert doc["title"][:10] in page
