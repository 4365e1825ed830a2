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
    assert proc.returncode == 2 and "no query named" in proc.stderr


def test_ingest_prints_a_summary_with_skipped_files(store: FalkorStore, cli_env: dict[str, str], tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    (folder / ".gitkeep").write_text("")
    proc = run(["ingest", str(BRIEFING), str(folder)], cli_env)
    assert proc.returncode == 0, proc.stderr
    assert "1 file(s)" in proc.stdout and "2 skipped" in proc.stdout and "empty file" in proc.stdout
    assert "scan.jpg: unsupported file type '.jpg'" in proc.stdout and ".gitkeep" not in proc.stdout
    nodes, rels = store.counts()
    assert f"the graph now holds {nodes:,} nodes and {rels:,} relationships" in proc.stdout
    assert (f"this run: created {nodes:,} nodes and {rels:,} relationships; 0 nodes and 0 relationships were "
            "already there") in proc.stdout
    proc = run(["ingest", str(BRIEFING)], cli_env)  # again: nothing new, everything merged into
    assert f"the graph now holds {nodes:,} nodes and {rels:,} relationships" in proc.stdout
    assert (f"this run: created 0 nodes and 0 relationships; {nodes:,} nodes and {rels:,} relationships were "
            "already there") in proc.stdout


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
    assert f"data dir {cli_env['POLICYKG_DATA_DIR']} (from POLICYKG_DATA_DIR)" in proc.stdout
    assert f"graph: {nodes:,} nodes, {rels:,} relationships" in proc.stdout


def test_db_stop_refuses_a_neo4j_graph(cli_env: dict[str, str]) -> None:
    # Nothing listens on port 1: the command must refuse before it tries to reach anything.
    proc = run(["db", "stop"], {**cli_env, "POLICYKG_GRAPH_URL": "bolt://127.0.0.1:1"})
    assert proc.returncode == 1 and "stop it with `docker compose down`" in proc.stderr


def _one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    return proc.stderr


def test_query_offers_read_queries_only_and_guides_through_mistakes(store: FalkorStore,
                                                                    cli_env: dict[str, str]) -> None:
    ingest_paths(store, [BRIEFING])
    before = store.counts()
    listed = run(["query", "--list"], cli_env).stdout.split("\n")
    names = {line.split()[0] for line in listed if line}
    assert {"who_cites", "search_names", "paths"} <= names
    assert not {n for n in names if n.startswith(("merge_", "schema_", "clear_"))}, names
    assert "who_cites -p depth=… -p id=… -p limit=…" in listed
    assert "internal statement" in _one_line_error(run(["query", "clear_graph"], cli_env))
    assert store.counts() == before
    missing = _one_line_error(run(["query", "who_cites", "-p", "id=x"], cli_env))
    assert "who_cites needs depth, limit" in missing and "e.g. policykg query who_cites -p depth=2" in missing
    bad = _one_line_error(run(["query", "who_cites", "-p", "id=x", "-p", "depth=2", "-p", "limit=-1"], cli_env))
    assert "who_cites rejected the parameters" in bad
    assert "no folder" in _one_line_error(run(["view", "数据", "-o", "/no/such/folder/x.html"], cli_env))
    assert "refused" in _one_line_error(run(["cypher", "MATCH (n) DELETE n"], cli_env))


def test_query_json_and_tables_that_fit_the_terminal(store: FalkorStore, cli_env: dict[str, str]) -> None:
    from rich.cells import cell_len

    ingest_paths(store, [BRIEFING])
    doc = store.read_adhoc("MATCH (d:Document)-[:MENTIONS]->() RETURN d.id LIMIT 1").scalar()
    args = ["query", "entity_neighbours", "-p", f"id={doc}", "-p", "offset=0", "-p", "limit=5"]
    proc = run([*args, "--json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["rows"] and len(body["columns"]) == len(body["rows"][0])
    for columns in ("80", "200"):
        proc = run(args, {**cli_env, "COLUMNS": columns})
        assert proc.returncode == 0, proc.stderr
        lines = proc.stdout.splitlines()
        assert lines and max(cell_len(line) for line in lines) <= int(columns), proc.stdout
        assert f"{len(body['rows'])} row(s)" in proc.stdout
    # a narrow table wraps within its columns: every column name is there
    proc = run(["query", "most_active_issuers", "-p", "limit=3"], {**cli_env, "COLUMNS": "80"})
    assert all(name in proc.stdout for name in ("id", "type", "name", "documents")) and "┃" in proc.stdout


def test_an_empty_graph_says_so_and_how_to_fill_it(store: FalkorStore, cli_env: dict[str, str]) -> None:
    proc = run(["query", "most_active_issuers", "-p", "limit=3"], cli_env)
    assert proc.returncode == 0 and "0 row(s)" in proc.stdout
    assert "is empty; fill it with `policykg ingest PATH…`" in proc.stderr
    assert str(cli_env["POLICYKG_DATA_DIR"]) in proc.stderr
    proc = run(["view", "工信部", "-o", "x.html"], cli_env)
    assert proc.returncode == 2 and "is empty" in proc.stderr


def test_the_default_data_directory_is_per_user_not_per_folder(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_path

    from graph.settings import Settings

    monkeypatch.delenv("POLICYKG_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings(_env_file=None).data_dir == user_data_path("policykg", appauthor=False)
    assert not (tmp_path / "policykg-data").exists()
    monkeypatch.setenv("POLICYKG_DATA_DIR", str(tmp_path / "mine"))
    assert Settings(_env_file=None).data_dir == tmp_path / "mine"
