"""docs/queries.md is kept true: every curated query is documented, every CLI example names a real statement
with all its parameters, and, on a graph of exactly the corpus files the page's `policykg ingest` line names,
every example finds rows (so its ids are the real ones)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import _parse_params
from graph import cypher
from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.settings import Settings
from tests.conftest import REPO, SHARED

DOC = REPO / "docs" / "queries.md"
CURATED = ["search_names", "search_fulltext", "get_entity", "entity_relation_counts", "entity_neighbours",
           "who_cites", "what_it_cites", "most_cited_documents", "agency_documents", "joint_issuers",
           "most_active_issuers", "region_documents", "region_targets", "targets", "program_documents", "paths"]
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _commands(prefix: str) -> list[list[str]]:
    """The page's shell lines that start with `prefix`, split as the shell would (comments after two spaces cut)."""
    return [shlex.split(line.split("  #", 1)[0]) for line in DOC.read_text(encoding="utf-8").splitlines()
            if line.startswith(prefix)]


def _examples() -> list[tuple[str, dict]]:
    found = []
    for args in _commands("policykg query "):
        if not re.match(r"[a-z]", args[2]):
            continue  # `policykg query --list`, `policykg query NAME …`
        name, rest = args[2], args[3:]
        pairs = [rest[i + 1] for i in range(0, len(rest), 2) if rest[i] in ("-p", "--param")]
        found.append((name, _parse_params(pairs)))
    return found


def _ingest_paths() -> list[Path]:
    """The files of the page's one `policykg ingest` line (`../shared/…` is the shared folder beside the repo)."""
    (line,) = [args for args in _commands("policykg ingest ") if "NAME" not in args]
    return [SHARED / Path(arg).relative_to("../shared") for arg in line[2:]]


EXAMPLES = _examples()


@pytest.fixture(scope="module")
def doc_store(settings: Settings) -> Iterator[FalkorStore]:
    files = _ingest_paths()
    missing = [f for f in files if not f.exists()]
    if missing:
        pytest.skip(f"shared corpus files missing: {missing}")
    store = FalkorStore(settings.model_copy(update={"graph_name": "policykg_doc_test"}))
    store.clear()
    store.setup_schema()
    report = ingest_paths(store, files)
    assert report.files == len(files), report.skipped
    yield store
    store.clear()
    store.close()


def test_every_curated_query_is_documented_with_an_example() -> None:
    documented = {name for name, _ in EXAMPLES}
    assert set(CURATED) <= documented
    for name in CURATED:
        for backend in cypher.BACKENDS:
            cypher.load(name, backend)  # exists for both backends
            assert cypher.is_read_query(name)


@pytest.mark.parametrize(("name", "params"), EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_example_passes_every_parameter_and_finds_rows(name: str, params: dict, doc_store: FalkorStore) -> None:
    for backend in cypher.BACKENDS:
        needed = set(_PARAM.findall(cypher.load(name, backend)))
        assert needed <= params.keys(), f"{name} ({backend}) also needs {sorted(needed - params.keys())}"
    rows = doc_store.read(name, params).rows
    assert rows, f"docs/queries.md: `policykg query {name}` with {params} finds nothing on the documented ingest"


def test_every_documented_id_is_in_the_documented_graph(doc_store: FalkorStore) -> None:
    ids = set(re.findall(r"\b[0-9a-f]{16}\b", DOC.read_text(encoding="utf-8")))
    found = {r[0] for r in doc_store.read_adhoc("MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id",
                                                {"ids": sorted(ids)}).rows}
    assert ids and found == ids, sorted(ids - found)
