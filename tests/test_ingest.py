"""Ingest real corpus texts into the embedded FalkorDB and read them back."""

from __future__ import annotations

from pathlib import Path

from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.sources import read_text
from tests.conftest import BRIEFING, corpus_file
from tests.store_contract import check_write_atomic_reports_what_it_created

LAW = "laws/行政法/数据安全法(2021-06-10).md"


def test_ingest_briefing_and_query_back_documents_and_cites_with_evidence(store: FalkorStore) -> None:
    report = ingest_paths(store, [BRIEFING])
    assert report.files == 1 and not report.skipped
    assert report.documents >= 1 and report.relations > 0

    docs = store.read("list_documents", {"offset": 0, "limit": 500, "in_corpus": True}).records()
    assert len(docs) == report.documents
    assert all(d["source"] == str(BRIEFING) for d in docs)

    text = read_text(BRIEFING)
    cites = store.read_adhoc(
        "MATCH (d:Document)-[r:CITES]->(t) RETURN d.id, t.name, r.doc, r.sentence, r.start, r.end"
    ).rows
    assert cites, "the briefing cites documents and laws"
    doc_ids = {d["id"] for d in docs}
    for head, _tail, doc, sentence, start, end in cites:
        assert head in doc_ids and doc in doc_ids
        assert text[start:end] == sentence, "evidence offsets index the file's text"
    titles = {row[1] for row in cites}
    assert any("数据安全法" in t for t in titles), titles


def test_ingesting_twice_changes_nothing(store: FalkorStore) -> None:
    files = [BRIEFING, corpus_file(LAW)]
    ingest_paths(store, files)
    first = store.counts()
    assert first[0] > 0 and first[1] > 0
    aliases = store.read_adhoc("MATCH (n) RETURN n.id, n.aliases, n.docs ORDER BY n.id").rows
    ingest_paths(store, files)
    assert store.counts() == first
    assert store.read_adhoc("MATCH (n) RETURN n.id, n.aliases, n.docs ORDER BY n.id").rows == aliases


def test_bad_files_are_reported_and_skipped_and_the_rest_lands(store: FalkorStore, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "empty.txt").write_text("")
    (batch / "blank.md").write_text("  \n\n ")
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (batch / "dangling.txt").symlink_to(batch / "missing-target.txt")
    (batch / "good.txt").write_text(read_text(BRIEFING), encoding="utf-8")

    report = ingest_paths(store, [batch, tmp_path / "no-such-file.txt"])
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.md"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "dangling.txt" in reasons
    assert "no-such-file.txt" in reasons
    assert report.files == 1
    landed = store.read("count_documents", {"in_corpus": True}).scalar()
    assert landed == report.documents > 0


def test_provenance_is_the_absolute_path_wherever_ingest_ran(store: FalkorStore, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(BRIEFING.parent)
    report = ingest_paths(store, [Path(BRIEFING.name)])  # a path relative to the working directory
    assert report.files == 1
    sources = store.read_adhoc("MATCH (d:Document {in_corpus: true}) RETURN DISTINCT d.source UNION "
                               "MATCH ()-[r]->() RETURN DISTINCT r.source AS `d.source`").rows
    assert sources == [[str(BRIEFING.resolve())]]


def test_the_summary_counts_what_the_graph_holds_created_then_merged_into(store: FalkorStore) -> None:
    # several groups (one file each), so entities named in both files are counted once, as the graph holds them
    files = [BRIEFING, corpus_file(LAW), corpus_file("laws/经济法/个人所得税法(2018-08-31).md")]
    first = ingest_paths(store, files, group_rows=1, workers=1)
    nodes, relationships = store.counts()
    assert first.files == 3 and nodes > 0 and relationships > 0
    assert (first.nodes_created, first.relationships_created) == (nodes, relationships)
    assert (first.nodes_updated, first.relationships_updated) == (0, 0)
    # the dated versions the law lists are nodes too (HAS_VERSION, SUPERSEDES), and were counted
    assert store.read_adhoc("MATCH (v:Version) RETURN count(v)").scalar() > 0

    again = ingest_paths(store, files, workers=1)  # one group this time: the same graph, nothing new
    assert store.counts() == (nodes, relationships)
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert (again.nodes_updated, again.relationships_updated) == (nodes, relationships)


def test_falkor_write_atomic_reports_what_it_created(store: FalkorStore) -> None:
    check_write_atomic_reports_what_it_created(store)  # the contract the Neo4j tests hold Neo4jStore to
