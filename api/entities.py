"""Looking up entities by type and id, shared by the entity routes, the views and the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api.errors import NotFound
from graph.store import GraphStore
from nlp.models import DOCUMENT_TYPES, ENTITY_TYPES

#: Properties every node has; the rest are shown as the entity's type-specific facts.
_BOOKKEEPING = frozenset({"id", "name", "type", "aliases", "docs", "search"})


def api_path(etype: str, eid: str) -> str:
    """The API path of an entity."""
    return f"/entities/{etype}/{eid}"


def view_path(etype: str, eid: str) -> str:
    """The HTML view of an entity (documents and laws have their own)."""
    return f"/views/documents/{eid}" if etype in DOCUMENT_TYPES else f"/views/entities/{etype}/{eid}"


def fetch_entity(store: GraphStore, etype: str, eid: str) -> dict[str, Any]:
    """The entity `eid` of type `etype` (id, type, name, aliases, properties, documents), or `NotFound`."""
    if etype not in ENTITY_TYPES:
        raise NotFound(f"unknown entity type {etype!r}")
    rows = store.read("get_entity", {"id": eid, "type": etype}).records()
    if not rows:
        raise NotFound(f"no {etype} with id {eid!r}")
    row = rows[0]
    props = row.get("properties") or {}
    return {
        "id": row["id"], "type": row["type"], "name": row["name"], "aliases": row.get("aliases") or [],
        "documents": list(props.get("docs") or []),
        "properties": {k: v for k, v in props.items() if k not in _BOOKKEEPING},
    }


def find_entity(store: GraphStore, eid: str, types: Iterable[str] = ENTITY_TYPES) -> dict[str, Any] | None:
    """The entity with id `eid` of any of `types` (by default any type), or None."""
    for etype in types:
        try:
            return fetch_entity(store, etype, eid)
        except NotFound:
            continue
    return None
