"""The `policykg` command run as a user would, against the test data directory."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from tests.conftest import BRIEFING

# The console script's own entry point, run with the interpreter under test (PATH may not hold the venv).
POLICYKG = [sys.executable, "-m", "api.cli"]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*POLICYKG, *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("write", [
    "CREATE (n:Agency {id: 'x', name: 'x'})",
    "MERGE (n:Agency {id: 'x'})",
    "MATCH (n) SET n.name = 'x'",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n) DELETE n",
    "MATCH (n) REMOVE n.name",
    "MATCH (n) RETURN n // harmless\nCREATE (m)",
])
def test_cypher_refuses_writes_and_leaves_the_graph_unchanged(write: str, store: FalkorStore,
                                                              cli_env: dict[str, str]) -> None:
    ingest_paths(store, [BRIEFING])
    before = store.counts()
    proc = run(["cypher", write], cli_env)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "refused" in proc.stderr and "read-only" in proc.stderr
    assert store.counts() == before


def test_cypher_reads_and_query_runs_named_statements(store: FalkorStore, cli_env: dict[str, str]) -> None:
    ingest_paths(store, [BRIEFING])
    proc = run(["cypher", "MATCH (d:Document) RETURN count(d) AS n", "--json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows"][0][0] == store.read_adhoc("MATCH (d:Document) RETURN count(d)").scalar()
    proc = run(["query", "count_documents", "--param", "in_corpus=true"], cli_env)
    assert proc.returncode == 0, proc.stderr
    assert "total" in proc.stdout
    proc = run(["query", "no_such_query"], cli_env)
    assert proc.returncode == 1 and "no query named" in proc.stderr


def test_ingest_prints_a_summary_with_skipped_files(store: FalkorStore, cli_env: dict[str, str], tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = run(["ingest", str(BRIEFING), str(empty)], cli_env)
    assert proc.returncode == 0, proc.stderr
    assert "1 file(s)" in proc.stdout and "1 skipped" in proc.stdout and "empty file" in proc.stdout
    assert store.read("count_documents", {"in_corpus": True}).scalar() > 0


def test_extract_json_is_what_the_scorer_reads(cli_env: dict[str, str]) -> None:
    proc = run(["extract", str(BRIEFING), "--json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["source"] == str(BRIEFING)
    assert data["documents"] and data["entities"]
    for rel in data["relations"]:
        assert {"type", "head", "tail", "evidence"} <= rel.keys()


def test_db_status_describes_the_embedded_server_and_counts(store: FalkorStore, cli_env: dict[str, str]) -> None:
    ingest_paths(store, [BRIEFING])
    nodes, rels = store.counts()
    proc = run(["db", "status"], cli_env)
    assert proc.returncode == 0, proc.stderr
    assert "backend: falkordb (embedded)" in proc.stdout and "server: running, pid" in proc.stdout
    assert f"graph: {nodes:,} nodes, {rels:,} relationships" in proc.stdout


def test_db_stop_refuses_a_neo4j_graph(cli_env: dict[str, str]) -> None:
    # Nothing listens on port 1: the command must refuse before it tries to reach anything.
    proc = run(["db", "stop"], {**cli_env, "POLICYKG_GRAPH_URL": "bolt://127.0.0.1:1"})
    assert proc.returncode == 1 and "stop it with `docker compose down`" in proc.stderr
