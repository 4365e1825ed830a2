"""Property-based tests of every route from the app's own OpenAPI schema (schemathesis).

Each operation gets a bounded number of generated requests (valid and invalid
ones, deterministic: `derandomize`) against the real embedded FalkorDB loaded
with the briefing, the data security law and `tests.shapes`. No response may
be a 5xx, every response must match the schema the app publishes, and no body
may leak a Python stack trace or a source path. POST /documents runs with an
API key configured so that generated bodies reach the extractor and the loader.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
import uvicorn
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pydantic import SecretStr
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from graph.falkor_store import FalkorStore
from graph.settings import Settings
from tests.api_graph import api_store  # noqa: F401 - the module-scoped graph fixture

KEY = "schema-test-key"
#: Examples per operation; 17 operations stay well under a minute and a half.
MAX_EXAMPLES = 25
#: A stack trace, or a path into Python sources, in a response body.
LEAK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\.py\"|/site-packages/|\.py\", line \d+")
#: Reads POST /cypher must answer with rows (and one that runs into the timeout: 504).
READ_QUERIES = [
    ("MATCH (n:Entity) RETURN n.id AS id, n.name AS name, n.aliases AS aliases LIMIT 20", {}),
    ("MATCH (d:Entity {type: $t})-[r]->(x) RETURN d, type(r) AS rel, x LIMIT 10", {"t": "Document"}),
    ("MATCH p = (:Entity)-[:CITES]->(:Entity) RETURN p LIMIT 3", {}),
    ("UNWIND range(1, $n) AS x RETURN x, x * 1.5, toString(x), [x, null]", {"n": 200}),
    ("RETURN $a AS a, $b AS b", {"a": {"k": [1, "二", None, True]}, "b": 2.5}),
    ("UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 12 RETURN count(x)", {}),
]
CHECKS = [not_a_server_error,  # first: POST /cypher swaps it for its own 5xx rule
           status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(api_store: FalkorStore, settings: Settings) -> schemathesis.BaseSchema:  # noqa: F811
    """The app's schema, loaded over ASGI from /openapi.json, bound to the app on the shared test graph."""
    app_settings = settings.model_copy(update={
        "graph_name": api_store.settings.graph_name, "api_key": SecretStr(KEY),
        "max_upload_bytes": 50_000, "query_timeout_ms": 1000, "row_cap": 50,
    })
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(store=api_store, settings=app_settings))


@pytest.fixture(scope="module")
def known_ids(api_store: FalkorStore) -> dict[str, list[tuple[str, str]]]:  # noqa: F811
    """Ids of the nodes in the test graph, by role."""
    return _known_ids(api_store)


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation the app publishes; the schema does not depend on the graph."""
    published = create_app(settings=Settings()).openapi()["paths"]
    return [(method.upper(), path) for path, ops in published.items() for method in ops]


def _known_ids(store: FalkorStore) -> dict[str, list[tuple[str, str]]]:
    """(type, id) of real nodes in the test graph, by role, so generated requests also hit existing entities."""
    rows = store.read_adhoc("MATCH (n:Entity) RETURN n.type AS type, n.id AS id ORDER BY n.id", row_cap=5000).records()
    ids: dict[str, list[tuple[str, str]]] = {"entity": [], "doc": [], "agency": [], "region": []}
    for row in rows:
        pair = (row["type"], row["id"])
        ids["entity"].append(pair)
        role = {"Document": "doc", "Law": "doc", "Agency": "agency", "Organization": "agency", "Region": "region"}
        if row["type"] in role:
            ids[role[row["type"]]].append(pair)
    return ids


def _with_real_data(operation: APIOperation, ids: dict[str, list[tuple[str, str]]]) -> st.SearchStrategy | None:
    """Valid requests whose ids (path, or `from`/`to`/`root`) name nodes that exist, or real read queries on
    POST /cypher; None for the other routes."""
    names = {p.name for p in operation.path_parameters} | {p.name for p in operation.query}
    if (operation.method.upper(), operation.path) == ("POST", "/cypher"):
        return st.sampled_from(READ_QUERIES).flatmap(
            lambda q: operation.as_strategy(GenerationMode.POSITIVE, body={"query": q[0], "params": q[1]}))
    if "entity_id" in names:
        fixed = st.sampled_from(ids["entity"]).map(lambda p: ({"type": p[0], "entity_id": p[1]}, None))
    elif "doc_id" in names:
        fixed = st.sampled_from(ids["doc"]).map(lambda p: ({"doc_id": p[1]}, None))
    elif "agency_id" in names:
        fixed = st.sampled_from(ids["agency"]).map(lambda p: ({"agency_id": p[1]}, None))
    elif "region_id" in names:
        fixed = st.sampled_from(ids["region"]).map(lambda p: ({"region_id": p[1]}, None))
    elif "root" in names:
        fixed = st.sampled_from(ids["doc"]).map(lambda p: (None, {"root": p[1]}))
    elif "from" in names:
        pairs = st.tuples(st.sampled_from(ids["entity"]), st.sampled_from(ids["entity"]))
        fixed = pairs.filter(lambda ab: ab[0] != ab[1]).map(lambda ab: (None, {"from": ab[0][1], "to": ab[1][1]}))
    else:
        return None
    return fixed.flatmap(lambda pq: operation.as_strategy(GenerationMode.POSITIVE, path_parameters=pq[0],
                                                          query=pq[1]))


def _strategy(operation: APIOperation, ids: dict[str, list[tuple[str, str]]]) -> st.SearchStrategy[schemathesis.Case]:
    """Valid requests (some with real ids), and invalid ones where the operation has inputs to get wrong."""
    options = [operation.as_strategy(GenerationMode.POSITIVE)]
    real = _with_real_data(operation, ids)
    if real is not None:
        options.append(real)
    if operation.path_parameters or operation.query or operation.headers or operation.body:
        options.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return st.one_of(options)


# Schemathesis' own `@schema.parametrize()` with a fixture-loaded schema reads `node._nodeid`, which pytest 9.2
# removed; one pytest case per operation driving the operation's Hypothesis strategy does the same thing.
@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda v: v)
def test_no_server_error_and_responses_match_the_schema(api_schema: schemathesis.BaseSchema, known_ids: dict,
                                                        method: str, path: str) -> None:
    """Generated requests never get a 5xx, always get what the schema promises, and never see a stack trace."""
    operation = api_schema[path][method]
    headers = {"X-API-Key": KEY} if (method, path) == ("POST", "/documents") else None
    statuses: Counter[int] = Counter()

    @hypothesis_settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
    @given(case=_strategy(operation, known_ids))
    def check(case: schemathesis.Case) -> None:
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        assert not LEAK.search(response.text), response.text[:2000]
        if (method, path) == ("POST", "/cypher"):  # 504 is the documented answer to a query stopped by the limits
            assert response.status_code < 500 or response.status_code == 504, response.text[:2000]
            case.validate_response(response, checks=CHECKS[1:], headers=headers)
        else:
            case.validate_response(response, checks=CHECKS, headers=headers)

    check()
    print(method, path, dict(statuses))
    if method == "GET":  # the run reached real data, not only 404s and 422s
        assert any(200 <= code < 300 for code in statuses), statuses


# -- regressions for what the schemathesis run found ---------------------------------------------------------------


@pytest.fixture(scope="module")
def client(api_store: FalkorStore, settings: Settings) -> Iterator[TestClient]:  # noqa: F811
    """A client of the app on the shared test graph, with an API key so that POST /documents is on."""
    app_settings = settings.model_copy(update={"graph_name": api_store.settings.graph_name, "api_key": SecretStr(KEY),
                                               "max_upload_bytes": 50_000})
    with TestClient(create_app(store=api_store, settings=app_settings), raise_server_exceptions=False) as c:
        yield c


def _error(resp: httpx.Response, status: int) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error", "detail"} and body["detail"], body
    assert not LEAK.search(resp.text)
    return body


@pytest.mark.parametrize("url", [
    "/documents/a%00b", "/documents/a%00b/citations", "/entities/Agency/x%00", "/search?q=%E6%95%B0%00",
    "/paths?from=a%00&to=b", "/views/citations?root=%00", "/targets?unit=%00", "/regions/%00/targets",
    "/agencies/%00/documents", "/views/documents/%00",
])
def test_a_nul_in_the_path_or_query_is_422_not_503(client: TestClient, url: str) -> None:
    # FalkorDB reads parameters as C strings: a NUL cut the statement short and the app answered 503.
    assert _error(client.get(url), 422)["error"] == "invalid_request"


@pytest.mark.parametrize("body", [
    '{"query": "RETURN $a", "params": {"a": "\\ud800"}}',  # a lone surrogate: UnicodeEncodeError, was a 500
    '{"query": "RETURN $a", "params": {"a": [1, {"b": "x\\u0000"}]}}',
    '{"query": "RETURN 1", "params": {"a": {"\\udfff": 1}}}',
    '{"query": "RETURN \'a\\u0000\'"}',
    '{"query": "RETURN $a", "params": {"a\\n": 1}}',  # `$` matched before the newline; the name must be whole
])
def test_cypher_refuses_strings_the_graph_cannot_take(client: TestClient, body: str) -> None:
    resp = client.post("/cypher", content=body, headers={"Content-Type": "application/json"})
    assert _error(resp, 422)["error"] == "invalid_request"


def test_framework_errors_have_the_error_body(client: TestClient) -> None:
    # Starlette's own HTTPException (unparsable body, unknown path, wrong method) bypassed the {error, detail} body.
    unparsable = client.post("/cypher", content=b"\xff\xfe{", headers={"Content-Type": "application/json"})
    assert _error(unparsable, 400)["error"] == "bad_request"
    assert _error(client.get("/no/such/route"), 404)["error"] == "not_found"
    assert _error(client.put("/documents"), 405)["error"] == "method_not_allowed"


@pytest.mark.parametrize("kwargs", [
    {"json": {"text": "根据《数据安全法》\u0000制定本办法。"}},
    {"json": {"text": "根据《数据安全法》制定本办法。", "source": "a\u0000b"}},
    {"files": {"file": ("a.txt", "根据《数据安全法》制定本办法。".encode(), "text/plain")},
     "data": {"source": "s\u0000"}},
])
def test_ingest_refuses_a_nul_in_text_or_source(client: TestClient, api_store: FalkorStore,  # noqa: F811
                                                kwargs: dict) -> None:
    before = api_store.counts()
    resp = client.post("/documents", headers={"X-API-Key": KEY}, **kwargs)
    assert _error(resp, 422)["error"] == "invalid_request"  # was 503 "the graph store failed"
    assert api_store.counts() == before


def test_html_views_document_their_errors_as_json(client: TestClient) -> None:
    ops = client.get("/openapi.json").json()["paths"]
    for path in ("/views/documents/{doc_id}", "/views/entities/{type}/{entity_id}", "/views/citations",
                 "/views/agencies/{agency_id}"):
        responses = ops[path]["get"]["responses"]
        assert set(responses["200"]["content"]) == {"text/html"}
        for status in ("404", "422"):
            assert set(responses[status]["content"]) == {"application/json"}, (path, status)
    resp = client.get("/views/documents/no-such-doc")
    assert resp.headers["content-type"].startswith("application/json") and _error(resp, 404)


# -- the upload size limit over a real socket -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_server(api_store: FalkorStore, settings: Settings) -> Iterator[int]:  # noqa: F811
    """The app under uvicorn on 127.0.0.1 (a free port) in a thread, upload limit 50,000 bytes; yields the port."""
    app_settings = settings.model_copy(update={"graph_name": api_store.settings.graph_name, "api_key": SecretStr(KEY),
                                               "max_upload_bytes": 50_000})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store=api_store, settings=app_settings), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)


def _raw_post(port: int, head: str, body_parts: list[bytes], pause: float = 0.0) -> bytes:
    """Send a hand-written POST /documents (head lines without the request line) and the body parts as given;
    return what the server answered (it may answer, and close, before the body is complete)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        request = f"POST /documents HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {KEY}\r\n{head}\r\n"
        sock.sendall(request.encode())
        for part in body_parts:
            try:
                sock.sendall(part)
            except (BrokenPipeError, ConnectionResetError):
                break
            time.sleep(pause)
        received = b""
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while b"\r\n\r\n" not in received or len(received) < 64:
                data = sock.recv(65536)
                if not data:
                    break
                received += data
        return received


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def test_a_chunked_body_over_the_limit_is_413_before_it_ends(live_server: int,
                                                            api_store: FalkorStore) -> None:  # noqa: F811
    # No Content-Length: the limit is enforced while reading. The terminating 0-chunk is never sent, so the 413
    # proves the server stopped reading at the limit instead of waiting for (and buffering) the whole body.
    before = api_store.counts()
    piece = ("数据" * 2000).encode()  # 12 kB
    parts = [_chunk(b'{"text": "'), *[_chunk(piece) for _ in range(12)]]
    answer = _raw_post(live_server, "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", parts, 0.01)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b'"too_large"' in answer
    assert api_store.counts() == before


def test_a_content_length_over_the_limit_is_413_without_reading(live_server: int) -> None:
    answer = _raw_post(live_server, "Content-Type: application/json\r\nContent-Length: 999999999\r\n",
                       [b'{"text": "x"}'])
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]


def test_a_content_length_that_understates_the_body_reads_no_further(live_server: int,
                                                                    api_store: FalkorStore) -> None:  # noqa: F811
    # The server takes Content-Length bytes as the body and the rest as the next request: the cut JSON is a 422
    # (uvicorn's h11), or the surplus is refused first as a malformed request, 400 (httptools). Never read as body.
    before = api_store.counts()
    body = json.dumps({"text": "数据" * 30_000}).encode()
    answer = _raw_post(live_server, "Content-Type: application/json\r\nContent-Length: 100\r\n", [body])
    assert answer.startswith((b"HTTP/1.1 422", b"HTTP/1.1 400")), answer[:300]
    assert api_store.counts() == before
