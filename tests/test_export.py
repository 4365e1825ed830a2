"""`policykg export`: real corpus texts through the real ingest into the embedded FalkorDB, exported by the
command as a user runs it, read back by the tools the formats are for (networkx for GraphML, the csv module in
neo4j-admin's layout, json for JSON lines) and counted against the graph."""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from graph.export import export
from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.settings import Settings
from tests.conftest import BRIEFING, corpus_file
from tests.test_cli import run

GRAPH_NAME = "policykg_export_test"
FILES = ["laws/行政法/数据安全法(2021-06-10).md", "reports/city/三亚.txt"]


@pytest.fixture(scope="module")
def export_store(settings: Settings) -> Iterator[FalkorStore]:
    store = FalkorStore(settings.model_copy(update={"graph_name": GRAPH_NAME}))
    store.clear()
    store.setup_schema()
    report = ingest_paths(store, [BRIEFING, *(corpus_file(f) for f in FILES)])
    assert report.files == 3, report.skipped
    yield store
    store.clear()
    store.close()


@pytest.fixture
def env(cli_env: dict[str, str]) -> dict[str, str]:
    return {**cli_env, "POLICYKG_GRAPH_NAME": GRAPH_NAME}


def _type_counts(store: FalkorStore) -> tuple[Counter[str], Counter[str]]:
    labels = Counter(dict(store.read_adhoc("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*)").rows))
    types = store.read_adhoc("MATCH ()-[r]->() RETURN type(r), count(*)").rows
    # The stored file texts (FileText, the source view's) are not exported; the ingest did store them.
    assert labels.pop("FileText", 0) > 0
    return labels, Counter(dict(types))


def test_graphml_reads_back_in_networkx_with_the_graphs_counts_and_evidence(export_store: FalkorStore,
                                                                            env: dict[str, str],
                                                                            tmp_path: Path) -> None:
    nodes, rels = export_store.counts()
    assert nodes > 100 and rels > 100
    out = tmp_path / "graph.graphml"
    proc = run(["export", "--format", "graphml", "-o", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {nodes:,} nodes and {rels:,} relationships" in proc.stdout
    g = nx.read_graphml(out)
    assert g.is_directed() and g.is_multigraph()
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, rels)
    label_counts, type_counts = _type_counts(export_store)
    assert Counter(t for _, t in g.nodes(data="type")) == Counter(
        {k: v for k, v in label_counts.items() if k != "Entity"})
    assert Counter(t for *_, t in g.edges(data="type")) == type_counts
    # Every extracted link carries its evidence: the document, the sentence and the offsets of the mention.
    issues = [d for *_, d in g.edges(data=True) if d["type"] == "ISSUES"]
    assert issues
    for d in issues:
        assert d["doc"] and d["sentence"] and isinstance(d["start"], int) and d["end"] > d["start"]
    law = next(d for _, d in g.nodes(data=True) if d["type"] == "Law" and "数据安全法" in d["name"])
    assert law["label"] == law["name"] and law["labels"].split(";") == ["Entity", "Law"]


def test_csv_is_the_neo4j_admin_import_layout_with_the_graphs_counts(export_store: FalkorStore,
                                                                     env: dict[str, str], tmp_path: Path) -> None:
    nodes, rels = export_store.counts()
    out = tmp_path / "csv"
    proc = run(["export", "--format", "csv", "-o", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    assert "neo4j-admin database import full" in proc.stdout
    label_counts, type_counts = _type_counts(export_store)
    node_rows, ids, rel_rows = 0, set(), Counter()
    for file in sorted(out.glob("nodes_*.csv")):
        with file.open(encoding="utf-8", newline="") as src:
            reader = csv.reader(src)
            header = next(reader)
            assert header[:2] == ["id:ID", ":LABEL"]
            if file.stem != "nodes_Version":  # an entity label; a law's dated Version has work, title, date
                assert "name" in header and "aliases:string[]" in header and "docs:string[]" in header
            for row in reader:
                assert len(row) == len(header)
                node_rows += 1
                ids.add(row[0])
                labels = row[1].split(";")
                assert file.stem == "nodes_" + "_".join(x for x in labels if x != "Entity")
    assert node_rows == nodes == len(ids)
    files = {f.name for f in out.glob("nodes_*.csv")}
    assert {f"nodes_{label}.csv" for label in label_counts if label != "Entity"} == files
    for file in sorted(out.glob("relationships_*.csv")):
        with file.open(encoding="utf-8", newline="") as src:
            reader = csv.DictReader(src)
            assert reader.fieldnames[:3] == [":START_ID", ":END_ID", ":TYPE"]
            for row in reader:
                assert row[":START_ID"] in ids and row[":END_ID"] in ids
                rel_rows[row[":TYPE"]] += 1
                if row[":TYPE"] == "ISSUES":
                    assert "start:long" in reader.fieldnames and row["sentence"] and row["doc"]
    assert rel_rows == type_counts and sum(rel_rows.values()) == rels
    # A list property is one cell joined by `;`, as neo4j-admin's default array delimiter reads it.
    agency = out / "nodes_Agency.csv"
    with agency.open(encoding="utf-8", newline="") as src:
        rows = list(csv.DictReader(src))
    assert any(";" in row["aliases:string[]"] for row in rows)


def test_jsonl_parses_to_the_graphs_nodes_and_edges_also_in_small_pages(export_store: FalkorStore,
                                                                        env: dict[str, str], tmp_path: Path) -> None:
    nodes, rels = export_store.counts()
    out = tmp_path / "graph.jsonl"
    proc = run(["export", "-f", "jsonl", "-o", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_kind = Counter(item["element"] for item in lines)
    assert by_kind == Counter({"node": nodes, "edge": rels})
    node_ids = {item["id"] for item in lines if item["element"] == "node"}
    assert len(node_ids) == nodes
    edges = [item for item in lines if item["element"] == "edge"]
    assert all(e["from"] in node_ids and e["to"] in node_ids for e in edges)
    cites = [e for e in edges if e["type"] == "CITES"]
    assert cites and all(e["properties"]["sentence"] for e in cites)
    # Pages far smaller than the graph (every page boundary crossed) give exactly the same lines.
    paged = tmp_path / "paged.jsonl"
    stats = export(export_store, "jsonl", paged, page_size=7)
    assert (stats.nodes, stats.relationships) == (nodes, rels)
    assert sorted(paged.read_text(encoding="utf-8").splitlines()) == sorted(
        out.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("fmt", ["graphml", "csv"])
def test_an_unwritable_output_is_one_line_and_exit_2_and_leaves_nothing(fmt: str, export_store: FalkorStore,
                                                                       env: dict[str, str], tmp_path: Path) -> None:
    proc = run(["export", "--format", fmt, "-o", str(tmp_path / "missing" / "out")], env)
    assert proc.returncode == 2 and "no folder" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    # A folder this user may not write (for root, who may write any folder, /proc, where nobody can create files).
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        folder = locked if not os.access(locked, os.W_OK) else Path("/proc")
        target = folder / ("policykg-out" if fmt == "csv" else "policykg-out.graphml")
        proc = run(["export", "--format", fmt, "-o", str(target)], env)
        assert proc.returncode == 2, proc.stderr
        assert "cannot" in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
        assert not target.exists() and list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_an_unknown_format_is_exit_2(env: dict[str, str], tmp_path: Path) -> None:
    proc = run(["export", "--format", "gexf", "-o", str(tmp_path / "x")], env)
    assert proc.returncode == 2 and "graphml, jsonl, csv" in proc.stderr
