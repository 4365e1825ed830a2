"""Neo4jStore behaviour that needs no Neo4j server: configuration, the read-only gate, errors, values."""

from __future__ import annotations

import datetime as dt

import pytest
from neo4j.time import Date, DateTime

from graph.neo4j_store import Neo4jStore, StoreUnavailable, to_plain
from graph.settings import Settings
from graph.store import ReadOnlyViolation, StoreError

# Port 1 on loopback: nothing listens, so connecting fails at once.
UNREACHABLE = Settings(graph_url="bolt://127.0.0.1:1", graph_password="x")


def test_needs_a_graph_url() -> None:
    with pytest.raises(StoreError, match="POLICYKG_GRAPH_URL"):
        Neo4jStore(Settings(graph_url=None))


def test_settings_select_neo4j_backend() -> None:
    assert Settings(graph_url="neo4j://db:7687").backend == "neo4j"
    assert Settings(graph_url="bolt://db:7687").backend == "neo4j"


def test_read_adhoc_refuses_writes_before_connecting() -> None:
    store = Neo4jStore(UNREACHABLE)
    try:
        for query in ("CREATE (n)", "MATCH (n) SET n.x = 1", "CALL dbms.security.createUser('a', 'b')"):
            with pytest.raises(ReadOnlyViolation):
                store.read_adhoc(query)
    finally:
        store.close()


def test_unreachable_server_is_store_unavailable() -> None:
    # read_adhoc uses an unmanaged transaction, so the driver does not spend 30 s retrying.
    store = Neo4jStore(UNREACHABLE)
    try:
        with pytest.raises(StoreUnavailable):
            store.read_adhoc("RETURN 1")
    finally:
        store.close()
    assert issubclass(StoreUnavailable, StoreError)


def test_unknown_statement_fails_before_sending() -> None:
    store = Neo4jStore(UNREACHABLE)
    try:
        with pytest.raises(KeyError):
            store.write_atomic([("no_such_statement", {}, {})])
        with pytest.raises(ValueError, match="not a label"):
            store.write_atomic([("merge_nodes", {"rows": []}, {"label": "Person) DETACH DELETE (x"})])
    finally:
        store.close()


def test_to_plain_converts_driver_values() -> None:
    assert to_plain(Date(2022, 11, 18)) == "2022-11-18"
    assert to_plain(DateTime(2022, 11, 18, 9, 30, 0)).startswith("2022-11-18T09:30:00")
    assert to_plain(dt.date(2021, 1, 2)) == "2021-01-02"
    assert to_plain({"a": [1, Date(2020, 1, 1)], "b": None}) == {"a": [1, "2020-01-01"], "b": None}
    assert to_plain(("x", 2)) == ["x", 2]


def test_fulltext_query_is_lucene_syntax() -> None:
    store = Neo4jStore(UNREACHABLE)
    try:
        assert store.fulltext_query([["数字经济", "数字", "经济"], ["规划"]]) == (
            '("数字经济" OR "数字" OR "经济") AND ("规划")')
        assert store.fulltext_query([]) is None
    finally:
        store.close()
