"""What every GraphStore must do, as plain functions taking a store.

Each backend's tests call these with their own store (Neo4j in
`test_neo4j_store.py`, FalkorDB in its own tests), so both are held to the same
behaviour through the same named statements. Each function starts from an
empty graph with its schema (`fresh`) and leaves data behind only for the
caller's cleanup.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.store import GraphStore, QueryResult, ReadOnlyViolation
from nlp.models import entity_id

# A small graph in the loader's row shapes (`merge_nodes` / `merge_relations`).
AGENCIES = ["国务院", "国家发展和改革委员会", "工业和信息化部", "国家数据局"]
DOCUMENTS = ["“十四五”数字经济发展规划", "关于构建数据基础制度更好发挥数据要素作用的意见"]
LAW = "中华人民共和国数据安全法"


def node_row(etype: str, name: str, aliases: list[str] | None = None, **props: Any) -> dict[str, Any]:
    """One `merge_nodes` row."""
    return {
        "id": entity_id(etype, name), "name": name, "type": etype, "aliases": aliases or [],
        "docs": ["contract-test"], "props": props,
    }


def relation_row(head: tuple[str, str], tail: tuple[str, str], start: int, sentence: str) -> dict[str, Any]:
    """One `merge_relations` row between (type, name) endpoints."""
    return {
        "head": entity_id(*head), "tail": entity_id(*tail), "doc": "contract-test", "start": start,
        "end": start + len(sentence), "sentence": sentence, "source": "store_contract.py",
    }


def sample_nodes() -> dict[str, list[dict[str, Any]]]:
    """Rows per label: 4 agencies, 2 documents, 1 law."""
    return {
        "Agency": [node_row("Agency", n, aliases=[n[:2]] if len(n) > 4 else []) for n in AGENCIES],
        "Document": [node_row("Document", n, kind="规划") for n in DOCUMENTS],
        "Law": [node_row("Law", LAW)],
    }


def sample_relations() -> list[tuple[dict[str, str], list[dict[str, Any]]]]:
    """(placeholder names, rows) per relation group: 2 ISSUES, 1 CITES."""
    issues = [
        relation_row(("Agency", AGENCIES[0]), ("Document", DOCUMENTS[0]), 0, "国务院印发规划。"),
        relation_row(("Agency", AGENCIES[0]), ("Document", DOCUMENTS[1]), 10, "国务院印发意见。"),
    ]
    cites = [relation_row(("Document", DOCUMENTS[1]), ("Law", LAW), 20, "依据数据安全法。")]
    return [
        ({"rel": "ISSUES", "head": "Agency", "tail": "Document"}, issues),
        ({"rel": "CITES", "head": "Document", "tail": "Law"}, cites),
    ]


SAMPLE_NODE_COUNT = len(AGENCIES) + len(DOCUMENTS) + 1
SAMPLE_RELATION_COUNT = 3


def fresh(store: GraphStore) -> None:
    """Empty the graph and (re)create the schema."""
    store.clear()
    store.setup_schema()
    assert store.counts() == (0, 0)


def load_sample(store: GraphStore, batch_size: int = 2) -> tuple[int, int]:
    """Write the sample graph with `write_batches` (small batches, so several per label); returns counts."""
    written = 0
    for label, rows in sample_nodes().items():
        written += store.write_batches("merge_nodes", rows, batch_size=batch_size, label=label)
    for names, rows in sample_relations():
        written += store.write_batches("merge_relations", rows, batch_size=batch_size, **names)
    assert written == SAMPLE_NODE_COUNT + SAMPLE_RELATION_COUNT
    return store.counts()


# -- the contract -------------------------------------------------------------------------


def check_schema_setup_idempotent(store: GraphStore) -> None:
    """`setup_schema` can run again on a schema'd graph, with or without data, changing nothing."""
    fresh(store)
    store.setup_schema()
    counts = load_sample(store)
    store.setup_schema()
    assert store.counts() == counts


def check_write_batches_merge_idempotent(store: GraphStore) -> None:
    """Writing the same rows twice (MERGE on id / evidence) leaves the counts as they were."""
    fresh(store)
    first = load_sample(store)
    assert first == (SAMPLE_NODE_COUNT, SAMPLE_RELATION_COUNT)
    second = load_sample(store, batch_size=3)  # other batch boundaries, same rows
    assert second == first


def check_read_returns_rows(store: GraphStore) -> None:
    """Named reads and ad-hoc reads return columns and plain-Python rows (nodes as dicts)."""
    fresh(store)
    load_sample(store)
    result = store.read("count_nodes")
    assert isinstance(result, QueryResult)
    assert len(result.columns) == 1 and len(result.rows) == 1
    assert result.scalar() == SAMPLE_NODE_COUNT

    law_id = entity_id("Law", LAW)
    found = store.read_adhoc("MATCH (n:Entity {id: $id}) RETURN n, n.name AS name", {"id": law_id})
    assert found.columns == ["n", "name"]
    assert found.records() == [{"n": found.rows[0][0], "name": LAW}]
    node = found.rows[0][0]
    assert isinstance(node, dict)
    assert {"Entity", "Law"} <= set(node["_labels"])
    assert node["id"] == law_id and node["type"] == "Law" and node["aliases"] == []

    edges = store.read_adhoc(
        "MATCH (:Agency)-[r:ISSUES]->(d:Document) RETURN r, d.name AS doc ORDER BY r.start"
    )
    assert [row[1] for row in edges.rows] == DOCUMENTS
    rel = edges.rows[0][0]
    assert rel["_type"] == "ISSUES" and rel["doc"] == "contract-test" and rel["start"] == 0


HOSTILE_ADHOC = [
    "CREATE (n:Entity:Agency {id: 'intruder', name: 'x'})",
    "MERGE (n:Entity:Agency {id: 'intruder'}) RETURN n",
    "MATCH (n:Entity) SET n.name = 'overwritten'",
    "MATCH (n:Entity) DETACH DELETE n",
    "MATCH ()-[r]->() DELETE r",
    "MATCH (n:Entity) REMOVE n.name",
    "MATCH (n:Entity) /* looks harmless */ SET n:Hacked",
]


def check_read_adhoc_refuses_writes(store: GraphStore) -> None:
    """Every write through `read_adhoc` raises ReadOnlyViolation and the graph is untouched."""
    fresh(store)
    counts = load_sample(store)
    names_before = store.read_adhoc("MATCH (n:Entity) RETURN n.name ORDER BY n.name").rows
    for query in HOSTILE_ADHOC:
        with pytest.raises(ReadOnlyViolation):
            store.read_adhoc(query)
    assert store.counts() == counts
    assert store.read_adhoc("MATCH (n:Entity) RETURN n.name ORDER BY n.name").rows == names_before
    assert store.read_adhoc("MATCH (n:Hacked) RETURN count(n)").scalar() == 0


def check_read_adhoc_caps_rows(store: GraphStore) -> None:
    """`row_cap` limits the rows returned and sets `truncated`; at or under the cap nothing is cut."""
    fresh(store)
    load_sample(store)
    query = "MATCH (n:Entity) RETURN n.id AS id ORDER BY id"
    capped = store.read_adhoc(query, row_cap=3)
    assert len(capped.rows) == 3 and capped.truncated is True
    exact = store.read_adhoc(query, row_cap=SAMPLE_NODE_COUNT)
    assert len(exact.rows) == SAMPLE_NODE_COUNT and exact.truncated is False
    roomy = store.read_adhoc(query, row_cap=1000)
    assert len(roomy.rows) == SAMPLE_NODE_COUNT and roomy.truncated is False
    assert [r[0] for r in capped.rows] == [r[0] for r in roomy.rows[:3]]


def check_write_atomic_rolls_back(store: GraphStore) -> None:
    """When one statement of `write_atomic` fails, the statements before it are undone too."""
    fresh(store)
    counts = load_sample(store)
    good = node_row("Agency", "中央网络安全和信息化委员会办公室")
    # `SET n += row.props` needs a map; an integer fails at run time, after the
    # first statement has already written its node inside the transaction.
    bad = {**node_row("Program", "东数西算工程"), "props": 42}
    with pytest.raises(Exception) as info:  # noqa: B017 - the backend's own error type is not the point
        store.write_atomic([
            ("merge_nodes", {"rows": [good]}, {"label": "Agency"}),
            ("merge_nodes", {"rows": [bad]}, {"label": "Program"}),
        ])
    assert not isinstance(info.value, ReadOnlyViolation)
    assert store.counts() == counts, "write_atomic left part of a failed unit behind"
    assert store.read_adhoc("MATCH (n:Entity {id: $id}) RETURN n", {"id": good["id"]}).rows == []

    # And a unit that succeeds lands whole.
    store.write_atomic([
        ("merge_nodes", {"rows": [good]}, {"label": "Agency"}),
        ("merge_relations", {"rows": [relation_row(("Agency", good["name"]), ("Law", LAW), 30, "网信办执法。")]},
         {"rel": "TARGETS", "head": "Agency", "tail": "Law"}),
    ])
    assert store.counts() == (counts[0] + 1, counts[1] + 1)


def check_write_atomic_reports_what_it_created(store: GraphStore) -> None:
    """`write_atomic` returns the backend's own statistics: what it created the first time, nothing the second."""
    fresh(store)
    unit = [("merge_nodes", {"rows": rows}, {"label": label}) for label, rows in sample_nodes().items()]
    unit += [("merge_relations", {"rows": rows}, names) for names, rows in sample_relations()]
    first = store.write_atomic(unit)
    assert (first.nodes_created, first.relationships_created) == store.counts() == (SAMPLE_NODE_COUNT,
                                                                                 SAMPLE_RELATION_COUNT)
    assert first.properties_set > 0
    again = store.write_atomic(unit)
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert store.counts() == (SAMPLE_NODE_COUNT, SAMPLE_RELATION_COUNT)


#: Every contract check, for a backend's tests to parametrize over.
CONTRACT = [
    check_schema_setup_idempotent,
    check_write_batches_merge_idempotent,
    check_read_returns_rows,
    check_read_adhoc_refuses_writes,
    check_read_adhoc_caps_rows,
    check_write_atomic_rolls_back,
    check_write_atomic_reports_what_it_created,
]
