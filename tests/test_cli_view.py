"""`policykg view` and `policykg query` on curated queries, run as a user would against the test data directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.loader import load
from tests.conftest import BRIEFING
from tests.shapes import GUIDE, NDRC, PLAN_NN, doc_id, eid, shapes_extraction

POLICYKG = [sys.executable, "-m", "api.cli"]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A wide terminal, so that tables are not cut.
    return subprocess.run([*POLICYKG, *args], env={**env, "COLUMNS": "400"}, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def loaded(store: FalkorStore) -> FalkorStore:
    ingest_paths(store, [BRIEFING])
    load(store, shapes_extraction())
    return store


def test_view_resolves_a_search_query_to_the_top_hit(loaded: FalkorStore, cli_env: dict[str, str],
                                                      tmp_path: Path) -> None:
    out = tmp_path / "ndrc.html"
    proc = run(["view", "发改委", "-o", str(out)], cli_env)
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert NDRC in page and "new vis.Network" in page and 'id="legend"' in page and "https://" not in page.split(
        "<body>", 1)[0].split("<script>", 1)[0]
    assert NDRC in proc.stderr  # says what the query resolved to


def test_view_by_id_and_citation_tree(loaded: FalkorStore, cli_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "doc.html"
    assert run(["view", doc_id(PLAN_NN), "-o", str(out)], cli_env).returncode == 0
    assert PLAN_NN in out.read_text(encoding="utf-8")
    tree = tmp_path / "tree.html"
    proc = run(["view", doc_id(GUIDE), "--kind", "citations", "--depth", "3", "-o", str(tree)], cli_env)
    assert proc.returncode == 0, proc.stderr
    assert "depth 3" in tree.read_text(encoding="utf-8")


def test_view_of_nothing_fails_clearly(loaded: FalkorStore, cli_env: dict[str, str], tmp_path: Path) -> None:
    proc = run(["view", "zzzz-不存在", "-o", str(tmp_path / "x.html")], cli_env)
    assert proc.returncode == 2 and "neither an id nor found" in proc.stderr
    assert not (tmp_path / "x.html").exists()


def test_curated_query_from_the_cli(loaded: FalkorStore, cli_env: dict[str, str]) -> None:
    proc = run(["query", "who_cites", "--param", f"id={doc_id(GUIDE)}", "--param", "depth=3", "--param", "limit=50"],
               cli_env)
    assert proc.returncode == 0, proc.stderr
    assert PLAN_NN in proc.stdout
    proc = run(["query", "agency_documents", "--param", f"id={eid('Agency', NDRC)}", "--param", "offset=0",
                "--param", "limit=10"], cli_env)
    assert proc.returncode == 0 and GUIDE in proc.stdout
