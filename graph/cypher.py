"""Load named Cypher statements from the `cypher` package.

`load("who_cites", "neo4j")` returns `cypher/who_cites.neo4j.cypher` when it
exists, else `cypher/who_cites.cypher`. Statements that need a label or a
relationship type (which Cypher cannot take as a parameter) use `<<label>>`
placeholders filled by `render`, and only with names from the fixed schema.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

from nlp.models import ENTITY_TYPES, RELATION_TYPES

BACKENDS = ("falkordb", "neo4j")
# FileText: the stored file texts (graph.loader.text_id), indexed on id like the entity labels.
_SCHEMA_NAMES = frozenset(ENTITY_TYPES) | frozenset(RELATION_TYPES) | {"Entity", "FileText"}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"<<([a-z_]+)>>")
# `$name` outside strings and comments would need a parser; the named statements use `$` only for parameters.
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class UnknownQuery(KeyError):
    """No `.cypher` file of that name."""


def cypher_dir() -> Path:
    """The folder holding the `.cypher` files."""
    return Path(str(resources.files("cypher")))


@cache
def load(name: str, backend: str) -> str:
    """The text of the statement `name` for `backend` (per-backend variant first)."""
    if not _NAME.match(name):
        raise UnknownQuery(name)
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}")
    folder = cypher_dir()
    for candidate in (folder / f"{name}.{backend}.cypher", folder / f"{name}.cypher"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8").strip()
    raise UnknownQuery(name)


def placeholders(name: str, backend: str) -> set[str]:
    """The `<<placeholder>>` names a statement needs filled before it runs."""
    return set(_PLACEHOLDER.findall(load(name, backend)))


def render(name: str, backend: str, **names: str) -> str:
    """`load` then fill `<<placeholders>>` with schema names (labels, relationship types) only."""
    for key, value in names.items():
        if value not in _SCHEMA_NAMES:
            raise ValueError(f"{key}={value!r} is not a label or relationship type of the schema")
    missing = placeholders(name, backend) - names.keys()
    if missing:
        raise ValueError(f"{name}: placeholders {sorted(missing)} not filled")
    return _PLACEHOLDER.sub(lambda m: names[m.group(1)], load(name, backend))


def available(backend: str | None = None) -> list[str]:
    """Names of all statements (for one backend, those it can run)."""
    out = set()
    for path in cypher_dir().glob("*.cypher"):
        parts = path.name.split(".")
        if len(parts) == 2 or backend is None or parts[1] == backend:
            out.add(parts[0])
    return sorted(out)


def parameters(name: str, backend: str) -> list[str]:
    """The `$parameters` a statement needs, in order of first use."""
    found: list[str] = []
    for param in _PARAM.findall(load(name, backend)):
        if param not in found:
            found.append(param)
    return found


#: Statements of the loader and the schema, by name: they write (or manage indexes) and are not offered to
#: users. Every other statement is a read query (tests/test_cli.py checks that none of them writes).
INTERNAL = re.compile(r"^(merge_|schema_|clear_|await_indexes$|list_indexes$)")


def is_read_query(name: str) -> bool:
    """True for a statement an analyst may run; False for the loader's and schema's own (clear_graph, merge_*,
    schema_*, index bookkeeping)."""
    return not INTERNAL.match(name)


def read_queries(backend: str) -> list[str]:
    """The named read queries `backend` can run (what `policykg query --list` offers)."""
    return [name for name in available(backend) if is_read_query(name)]
