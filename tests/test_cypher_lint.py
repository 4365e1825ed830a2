"""Every statement meant for Neo4j passes Neo4j's own Cypher parser and semantic checks.

`tests/lint_cypher.mjs` runs `lintCypherQuery` from `@neo4j-cypher/language-support`
(the parser behind Neo4j's editors) under Node.js, offline, over all statements at
once. Errors fail the test with the file and message; warnings (e.g. a label
the linter has not seen) are allowed.

Needs `npm ci` at the repo top level. Without it the tests skip with a visible
reason on a developer machine, and fail in CI (`CI` set), where a silently
skipped linter would hide broken Cypher.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graph.cypher import available, cypher_dir, load, placeholders, render
from nlp.models import ENTITY_TYPES, RELATION_TYPES

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "lint_cypher.mjs"
PACKAGE = ROOT / "node_modules" / "@neo4j-cypher" / "language-support"
BACKEND = "neo4j"

# Sample schema names for `<<placeholders>>`; any schema name gives the same syntax.
SAMPLE_NAMES = {"label": "Agency", "head": "Agency", "tail": "Document", "rel": "ISSUES"}

# Statements the linter must reject: proof that it is really running and can fail.
CANARIES = {
    "__canary_syntax": "MATCH (n RETURN n",
    "__canary_unknown_procedure": "CALL db.index.fulltext.queryNode('entity_search', 'x')",
    "__canary_undefined_variable": "MATCH (n:Entity) RETURN m",
}


def _sample_names(name: str) -> dict[str, str]:
    # An unknown placeholder: relationship-ish names get a type, the rest a label.
    return {
        key: SAMPLE_NAMES.get(key, "CITES" if ("rel" in key or "type" in key) else "Entity")
        for key in placeholders(name, BACKEND)
    }


def _source_file(name: str) -> str:
    specific = cypher_dir() / f"{name}.{BACKEND}.cypher"
    return f"cypher/{specific.name if specific.is_file() else name + '.cypher'}"


def _tooling_missing() -> str | None:
    if shutil.which("node") is None:
        return "node (Node.js) is not on PATH"
    if not PACKAGE.is_dir():
        return "node_modules/@neo4j-cypher/language-support is missing (run `npm ci` at the repo top level)"
    return None


def run_linter(statements: dict[str, str]) -> dict[str, Any]:
    """Lint `{name: text}` in one Node process; returns the script's JSON output."""
    payload = {
        "schema": {"labels": ["Entity", *ENTITY_TYPES], "relationshipTypes": list(RELATION_TYPES)},
        "cypherVersion": "CYPHER 5",  # Neo4j 5 servers speak Cypher 5
        "statements": [{"name": n, "text": t} for n, t in statements.items()],
    }
    proc = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True,
        cwd=ROOT, timeout=180, check=False,
    )
    assert proc.returncode == 0, f"lint_cypher.mjs failed ({proc.returncode}):\n{proc.stderr}"
    return json.loads(proc.stdout)


NAMES = available(BACKEND)


@pytest.fixture(scope="module")
def lint_results() -> dict[str, dict[str, Any]]:
    """Every Neo4j statement plus the canaries, linted in a single Node process."""
    missing = _tooling_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"Cypher lint cannot run in CI: {missing}")
        pytest.skip(f"Cypher lint skipped: {missing}")
    statements = {name: render(name, BACKEND, **_sample_names(name)) for name in NAMES}
    statements.update(CANARIES)
    output = run_linter(statements)
    return {r["name"]: r for r in output["results"]}


def test_there_are_statements_to_lint() -> None:
    assert NAMES, "no .cypher statements found for neo4j"


@pytest.mark.parametrize("name", NAMES)
def test_statement_passes_neo4j_linter(name: str, lint_results: dict[str, dict[str, Any]]) -> None:
    result = lint_results[name]
    if result["errors"]:
        text = load(name, BACKEND)
        problems = "\n".join(f"  line {e['line']}, column {e['column']}: {e['message']}" for e in result["errors"])
        pytest.fail(f"{_source_file(name)} does not pass Neo4j's Cypher linter:\n{problems}\n--- statement ---\n{text}")


@pytest.mark.parametrize("name", sorted(CANARIES))
def test_linter_rejects_broken_cypher(name: str, lint_results: dict[str, dict[str, Any]]) -> None:
    # If these pass, the linter is not really checking anything and the tests above prove nothing.
    assert lint_results[name]["errors"], f"the linter accepted {CANARIES[name]!r}"
