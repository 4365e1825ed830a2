"""POST /documents: API key (403 when none is configured, 401 when missing or wrong), size limit, JSON and upload."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from graph.falkor_store import FalkorStore
from graph.settings import Settings
from tests.conftest import BRIEFING

KEY = "test-key-123"


def _client(store: FalkorStore, settings: Settings, **changes: object) -> TestClient:
    return TestClient(create_app(store=store, settings=settings.model_copy(update=changes)))


@pytest.fixture
def client(store: FalkorStore, settings: Settings) -> Iterator[TestClient]:
    with _client(store, settings, api_key=SecretStr(KEY), max_upload_bytes=200_000) as c:
        yield c


def test_without_a_configured_key_ingest_is_refused_with_how_to_enable(store: FalkorStore,
                                                                       settings: Settings) -> None:
    with _client(store, settings, api_key=None) as c:
        resp = c.post("/documents", json={"text": "根据《数据安全法》制定本办法。"}, headers={"X-API-Key": "anything"})
    assert resp.status_code == 403
    assert resp.json()["error"] == "forbidden" and "POLICYKG_API_KEY" in resp.json()["detail"]
    assert store.counts() == (0, 0)


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": ""}, {"X-API-Key": "wrong"}, {"X-API-Key": KEY + "x"}])
def test_missing_or_wrong_key_is_401(client: TestClient, store: FalkorStore, headers: dict) -> None:
    resp = client.post("/documents", json={"text": "根据《数据安全法》制定本办法。"}, headers=headers)
    assert resp.status_code == 401 and resp.json()["error"] == "unauthorized"
    assert store.counts() == (0, 0)


def test_posted_json_text_is_extracted_and_loaded(client: TestClient, store: FalkorStore) -> None:
    text = BRIEFING.read_text(encoding="utf-8")
    resp = client.post("/documents", json={"text": text, "source": "briefing.txt"}, headers={"X-API-Key": KEY})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["source"] == "briefing.txt" and body["documents"] == len(body["extraction"]["documents"]) >= 1
    # the route counts what it wrote: the scored relations and the links (MENTIONS of bodies)
    assert body["relations"] == len(body["extraction"]["relations"]) + len(body["extraction"]["links"])
    nodes, _ = store.counts()
    assert nodes >= body["documents"]
    doc = body["extraction"]["documents"][0]
    assert client.get(f"/documents/{doc['id']}").json()["title"] == doc["title"]


def test_uploaded_file_is_extracted_and_loaded(client: TestClient, store: FalkorStore) -> None:
    data = BRIEFING.read_bytes()
    resp = client.post("/documents", files={"file": (BRIEFING.name, data, "text/plain")}, headers={"X-API-Key": KEY})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["source"] == f"upload:{BRIEFING.name}" and body["extraction"]["documents"]
    assert store.counts()[0] > 0


def test_too_large_a_body_is_413(store: FalkorStore, settings: Settings) -> None:
    with _client(store, settings, api_key=SecretStr(KEY), max_upload_bytes=1000) as c:
        big = "数据" * 1000
        resp = c.post("/documents", json={"text": big}, headers={"X-API-Key": KEY})
        assert resp.status_code == 413 and resp.json()["error"] == "too_large"
        upload = c.post("/documents", files={"file": ("big.txt", big.encode(), "text/plain")},
                        headers={"X-API-Key": KEY})
        assert upload.status_code == 413
    assert store.counts() == (0, 0)


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"json": {"text": ""}}, 422),
    ({"json": {"source": "x"}}, 422),
    ({"json": {"text": "   "}}, 422),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422),
    ({"content": "根据《数据安全法》".encode(), "headers": {"Content-Type": "text/plain"}}, 415),
    ({"files": {"other": ("a.txt", b"x", "text/plain")}}, 422),
    ({"files": {"file": ("a.bin", bytes(range(256)) * 4, "application/octet-stream")}}, 422),
])
def test_bad_bodies(client: TestClient, store: FalkorStore, kwargs: dict, status: int) -> None:
    headers = {"X-API-Key": KEY, **kwargs.pop("headers", {})}
    resp = client.post("/documents", headers=headers, **kwargs)
    assert resp.status_code == status, resp.text
    assert set(resp.json()) == {"error", "detail"}
    assert store.counts() == (0, 0)
