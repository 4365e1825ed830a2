"""`FalkorStore`: the embedded default backend, FalkorDB over a unix socket."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath

from graph import cypher, falkor_server
from graph.settings import Settings, get_settings
from graph.store import QueryResult, QueryTimeout, ReadOnlyViolation, StoreError, StoreUnavailable
from nlp.models import ENTITY_TYPES

BACKEND = "falkordb"
_SCHEMA_LABELS = ("Entity", *ENTITY_TYPES)


def _plain(value: Any) -> Any:
    """FalkorDB values as JSON-able Python (the shape `QueryResult` documents)."""
    if isinstance(value, Node):
        return {"_labels": list(value.labels or []), **value.properties}
    if isinstance(value, Edge):
        return {"_type": value.relation, **value.properties}
    if isinstance(value, FalkorPath):
        return {"nodes": [_plain(n) for n in value.nodes()], "relationships": [_plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _is_timeout(exc: Exception) -> bool:
    return "timed out" in str(exc).lower() or "timeout" in str(exc).lower()


class FalkorStore:
    """GraphStore on the data directory's own FalkorDB server (started on first use)."""

    backend = BACKEND

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.socket = falkor_server.ensure_running(self.settings.data_dir, self.settings.aof_fsync)
        self._db = FalkorDB(unix_socket_path=str(self.socket))
        self._graph = self._db.select_graph(self.settings.graph_name)

    # -- running statements -------------------------------------------------

    def _run(self, query: str, params: Mapping[str, Any] | None, *, read_only: bool,
             timeout_ms: int | None = None) -> QueryResult:
        try:
            if read_only:
                res = self._graph.ro_query(query, dict(params or {}), timeout=timeout_ms)
            else:
                res = self._graph.query(query, dict(params or {}), timeout=timeout_ms)
        except redis.ResponseError as exc:
            if _is_timeout(exc):
                raise QueryTimeout(f"query stopped after {timeout_ms} ms") from exc
            if read_only and "read-only" in str(exc):
                raise ReadOnlyViolation("the query writes to the graph; only reads are allowed here") from exc
            raise StoreError(str(exc)) from exc
        except (redis.ConnectionError, OSError) as exc:
            raise StoreUnavailable(f"lost the connection to FalkorDB at {self.socket}: {exc}") from exc
        columns = [str(h[1]) if isinstance(h, list | tuple) else str(h) for h in (res.header or [])]
        rows = [[_plain(v) for v in row] for row in (res.result_set or [])]
        return QueryResult(columns=columns, rows=rows)

    def read(self, name: str, params: Mapping[str, Any] | None = None, **names: str) -> QueryResult:
        """Run a named statement with GRAPH.RO_QUERY."""
        return self._run(cypher.render(name, BACKEND, **names), params, read_only=True)

    def write(self, name: str, params: Mapping[str, Any] | None = None, **names: str) -> QueryResult:
        """Run a named write statement."""
        return self._run(cypher.render(name, BACKEND, **names), params, read_only=False)

    def write_batches(self, name: str, rows: Sequence[Mapping[str, Any]], batch_size: int | None = None,
                      **names: str) -> int:
        """Run `name` with `$rows` bound to successive batches of `rows`."""
        size = batch_size or self.settings.batch_size
        query = cypher.render(name, BACKEND, **names)
        for i in range(0, len(rows), size):
            self._run(query, {"rows": list(rows[i:i + size])}, read_only=False)
        return len(rows)

    def write_atomic(self, statements: Iterable[tuple[str, Mapping[str, Any], Mapping[str, str]]]) -> None:
        """Run the statements in one MULTI/EXEC block.

        Redis applies the block as a unit and its AOF records it as one, so a
        crash never leaves half of it behind (a truncated block is dropped on
        load). A statement that fails on its own does not undo the others;
        the loader's statements are idempotent MERGEs, so re-running repairs.
        """
        pipe = self._db.connection.pipeline(transaction=True)
        count = 0
        for name, params, names in statements:
            query = cypher.render(name, BACKEND, **dict(names))
            header = self._graph._build_params_header(dict(params)) if params else ""
            pipe.execute_command("GRAPH.QUERY", self._graph.name, header + query, "--compact")
            count += 1
        if not count:
            return
        try:
            results = pipe.execute(raise_on_error=False)
        except (redis.ConnectionError, OSError) as exc:
            raise StoreUnavailable(f"lost the connection to FalkorDB at {self.socket}: {exc}") from exc
        errors = [r for r in results if isinstance(r, Exception)]
        if errors:
            raise StoreError(f"{len(errors)} of {count} statements failed: {errors[0]}")

    def read_adhoc(self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
                   row_cap: int | None = None) -> QueryResult:
        """Run user Cypher read-only (lexical gate, then GRAPH.RO_QUERY) with a timeout and a row cap."""
        from graph.readonly import check_read_only

        check_read_only(query)
        cap = row_cap or self.settings.row_cap
        result = self._run(query, params, read_only=True, timeout_ms=timeout_ms or self.settings.query_timeout_ms)
        if len(result.rows) > cap:
            result.rows = result.rows[:cap]
            result.truncated = True
        return result

    # -- schema and housekeeping -------------------------------------------

    def setup_schema(self) -> None:
        """Exact-match index and unique constraint on `id` per label, and the Chinese full-text index."""
        existing = self._existing_indexes()
        constrained = {c["label"] for c in self._constraints() if c.get("properties") == ["id"]}
        for label in _SCHEMA_LABELS:
            if (label, "id") not in existing:
                self.write("schema_index", label=label)
            if label not in constrained:
                self._graph.create_node_unique_constraint(label, "id")
        if ("Entity", "search") not in existing:
            self.write("schema_fulltext")

    def _constraints(self) -> list[dict[str, Any]]:
        try:
            return self._graph.list_constraints()
        except redis.ResponseError as exc:
            if "empty key" in str(exc).lower():
                return []
            raise StoreError(str(exc)) from exc

    def _existing_indexes(self) -> set[tuple[str, str]]:
        try:
            rows = self.read("list_indexes").rows
        except StoreError as exc:
            if "empty key" in str(exc):  # a graph with no data yet has no indexes either
                return set()
            raise
        return {(label, field) for label, fields in rows for field in fields or []}

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) in the graph."""
        nodes = self.read("count_nodes").scalar() or 0
        rels = self.read("count_relationships").scalar() or 0
        return int(nodes), int(rels)

    def clear(self) -> None:
        """Delete the whole graph, indexes included (setup_schema recreates them)."""
        try:
            self._graph.delete()
        except redis.ResponseError as exc:
            if "empty key" not in str(exc).lower() and "invalid graph" not in str(exc).lower():
                raise StoreError(str(exc)) from exc

    def close(self) -> None:
        """Close the client connection; the shared server keeps running."""
        with contextlib.suppress(redis.RedisError):
            self._db.connection.close()
