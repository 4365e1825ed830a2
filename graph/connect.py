"""Open the configured GraphStore: Neo4j when a Bolt URL is set, else the embedded FalkorDB."""

from __future__ import annotations

from dataclasses import dataclass

from graph.settings import Settings, get_settings
from graph.store import GraphStore, StoreError


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


@dataclass(frozen=True)
class BackendStatus:
    """Where the configured graph lives, in lines for people, and whether it is up to be counted."""

    lines: tuple[str, ...]
    running: bool


def backend_status(settings: Settings | None = None) -> BackendStatus:
    """Describe the configured backend without starting anything (`policykg db status`).

    A Neo4j server is someone else's to run, so it is taken to be up; the embedded FalkorDB is asked.
    """
    settings = settings or get_settings()
    if settings.backend == "neo4j":
        return BackendStatus((f"backend: neo4j at {settings.graph_url}",), running=True)
    from graph import falkor_server

    st = falkor_server.status(settings.data_dir)
    chosen = ("from POLICYKG_DATA_DIR" if "data_dir" in settings.model_fields_set
              else "the per-user default; set POLICYKG_DATA_DIR to move it")
    return BackendStatus((
        f"backend: falkordb (embedded), data dir {st.data_dir} ({chosen})",
        f"server: {'running, pid ' + str(st.pid) if st.running else 'stopped'}; socket {st.socket}",
        f"append-only file: {st.aof_bytes:,} bytes",
    ), running=st.running)


def stop_embedded(settings: Settings | None = None) -> bool:
    """Stop the embedded FalkorDB server cleanly; False when none was running.

    Raises `StoreError` when the graph is Neo4j, which policykg does not run.
    """
    settings = settings or get_settings()
    if settings.backend == "neo4j":
        raise StoreError("the graph is Neo4j; stop it with `docker compose down`")
    from graph import falkor_server

    return falkor_server.stop(settings.data_dir)
