"""Neo4jStore against a real Neo4j 5 server: the shared store contract plus Neo4j specifics.

Runs when `NEO4J_URI` is set (e.g. `bolt://127.0.0.1:7687` from `docker compose
up neo4j`), with `NEO4J_USER` (default neo4j), `NEO4J_PASSWORD` and optionally
`NEO4J_DATABASE` (a scratch database; the server default otherwise).

The tests empty the database they run on. They refuse (skip) to touch a
database holding anything but their own sample data unless
`NEO4J_TEST_ALLOW_CLEAR=1`, and empty it again when done.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

if not os.environ.get("NEO4J_URI"):
    pytest.skip("NEO4J_URI not set: Neo4j contract tests skipped", allow_module_level=True)

import store_contract as contract  # noqa: E402 - after the skip, so a skipped run imports nothing

from graph.neo4j_store import CONSTRAINED_LABELS, Neo4jStore  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import QueryTimeout, StoreError  # noqa: E402
from nlp.models import entity_id  # noqa: E402

# Nodes the contract writes carry docs == ['contract-test']; anything else is someone's data.
FOREIGN_NODES = "MATCH (n) WHERE coalesce(n.docs, []) <> ['contract-test'] RETURN count(n)"


def _settings() -> Settings:
    return Settings(
        graph_url=os.environ["NEO4J_URI"],
        graph_user=os.environ.get("NEO4J_USER", "neo4j"),
        graph_password=os.environ.get("NEO4J_PASSWORD", ""),
        graph_database=os.environ.get("NEO4J_DATABASE") or None,
        row_cap=1000,
        query_timeout_ms=5000,
    )


@pytest.fixture(scope="module")
def neo4j_store() -> Iterator[Neo4jStore]:
    """A Neo4jStore on the test database, emptied before and after the module."""
    store = Neo4jStore(_settings())
    try:
        foreign = store.read_adhoc(FOREIGN_NODES).scalar()
        if foreign and os.environ.get("NEO4J_TEST_ALLOW_CLEAR") != "1":
            pytest.skip(
                f"the Neo4j database holds {foreign} nodes that are not test data; set NEO4J_DATABASE "
                "to a scratch database or NEO4J_TEST_ALLOW_CLEAR=1 to let the tests empty it"
            )
        store.clear()
        yield store
        store.clear()
    finally:
        store.close()


@pytest.mark.parametrize("check", contract.CONTRACT, ids=lambda f: f.__name__)
def test_contract(neo4j_store: Neo4jStore, check: Callable[[Neo4jStore], None]) -> None:
    check(neo4j_store)


def test_schema_has_constraints_and_cjk_fulltext_index(neo4j_store: Neo4jStore) -> None:
    contract.fresh(neo4j_store)
    neo4j_store.setup_schema()  # twice: IF NOT EXISTS keeps it a no-op
    constraints = neo4j_store.read_adhoc(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes, properties, type"
    ).records()
    unique_on_id = {
        c["labelsOrTypes"][0] for c in constraints
        if c["properties"] == ["id"] and c["type"] in ("UNIQUENESS", "NODE_PROPERTY_UNIQUENESS")
    }
    assert set(CONSTRAINED_LABELS) <= unique_on_id
    index = neo4j_store.read_adhoc(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options, state "
        "WHERE name = 'entity_search' RETURN labelsOrTypes, properties, options, state"
    ).records()
    assert len(index) == 1
    assert index[0]["labelsOrTypes"] == ["Entity"] and index[0]["properties"] == ["name", "search"]
    assert index[0]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
    assert index[0]["state"] == "ONLINE"


def test_fulltext_search_finds_chinese_names(neo4j_store: Neo4jStore) -> None:
    contract.fresh(neo4j_store)
    contract.load_sample(neo4j_store)
    hits = neo4j_store.read_adhoc(
        "CALL db.index.fulltext.queryNodes('entity_search', $q) YIELD node, score RETURN node.id, score",
        {"q": "数据安全"},
    )
    assert entity_id("Law", contract.LAW) in [row[0] for row in hits.rows]


def test_unique_key_is_enforced(neo4j_store: Neo4jStore) -> None:
    contract.fresh(neo4j_store)
    contract.load_sample(neo4j_store)
    # Same id under another type label: MERGE does not match, CREATE would break Entity.id uniqueness.
    clash = {**contract.node_row("Law", contract.LAW), "type": "Program"}
    with pytest.raises(StoreError):
        neo4j_store.write_batches("merge_nodes", [clash], label="Program")


def test_read_adhoc_times_out(neo4j_store: Neo4jStore) -> None:
    slow = "UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)"
    with pytest.raises(QueryTimeout):
        neo4j_store.read_adhoc(slow, timeout_ms=200)


def test_read_adhoc_syntax_error_is_a_store_error(neo4j_store: Neo4jStore) -> None:
    with pytest.raises(StoreError, match="Syntax"):
        neo4j_store.read_adhoc("MATCH (n RETURN n")
