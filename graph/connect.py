"""Open the configured GraphStore: Neo4j when a Bolt URL is set, else the embedded FalkorDB."""

from __future__ import annotations

from graph.settings import Settings, get_settings
from graph.store import GraphStore


def open_store(settings: Settings | None = None, *, schema: bool = True) -> GraphStore:
    """Connect to the backend the settings name and (by default) make sure the schema exists."""
    settings = settings or get_settings()
    store: GraphStore
    if settings.backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore(settings)
    else:
        from graph.falkor_store import FalkorStore

        store = FalkorStore(settings)
    if schema:
        store.setup_schema()
    return store
