"""docs/queries.md: every curated query is documented, and every CLI example names a real statement with all
its parameters and runs on FalkorDB."""

from __future__ import annotations

import re
import shlex

import pytest

from api.cli import _parse_params
from graph import cypher
from graph.falkor_store import FalkorStore
from tests.api_graph import api_store  # noqa: F401 - the module-scoped graph fixture
from tests.conftest import REPO

DOC = REPO / "docs" / "queries.md"
CURATED = ["search_names", "search_fulltext", "get_entity", "entity_relation_counts", "entity_neighbours",
           "who_cites", "what_it_cites", "most_cited_documents", "agency_documents", "joint_issuers",
           "most_active_issuers", "region_documents", "region_targets", "targets", "program_documents", "paths"]
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _examples() -> list[tuple[str, dict]]:
    found = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if re.match(r"policykg query [a-z]", line):
            args = shlex.split(line.split("  #", 1)[0])[2:]
            name, rest = args[0], args[1:]
            pairs = [rest[i + 1] for i in range(0, len(rest), 2) if rest[i] in ("-p", "--param")]
            found.append((name, _parse_params(pairs)))
    return found


EXAMPLES = _examples()


def test_every_curated_query_is_documented_with_an_example() -> None:
    documented = {name for name, _ in EXAMPLES}
    assert set(CURATED) <= documented
    for name in CURATED:
        for backend in cypher.BACKENDS:
            cypher.load(name, backend)  # exists for both backends


@pytest.mark.parametrize(("name", "params"), EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_example_passes_every_parameter_and_runs(name: str, params: dict, api_store: FalkorStore) -> None:  # noqa: F811
    for backend in cypher.BACKENDS:
        needed = set(_PARAM.findall(cypher.load(name, backend)))
        assert needed <= params.keys(), f"{name} ({backend}) also needs {sorted(needed - params.keys())}"
    api_store.read(name, params)  # valid on FalkorDB with these parameters (the ids may not exist here)
