"""`Neo4jStore`: the GraphStore protocol over a Neo4j 5 server (or cluster) with the official driver.

Selected by `POLICYKG_GRAPH_URL=bolt://…` (one server) or `neo4j://…` (routing,
for clusters), with `POLICYKG_GRAPH_USER`, `POLICYKG_GRAPH_PASSWORD` and
optionally `POLICYKG_GRAPH_DATABASE`. Works with driver versions 5.20 to 6.x:
only APIs present in both are used (`execute_read`/`execute_write`,
`begin_transaction(timeout=…)`, `Neo4jError.code`).

Every call runs in an explicit transaction of the right access mode, so that
on a cluster reads go to followers and writes to the leader, and so that an
ad-hoc query runs in a READ transaction the server itself refuses to write in.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Duration

from graph.bounds import check_bounds, limits_from
from graph.cypher import render
from graph.readonly import check_read_only
from graph.settings import Settings, get_settings
from graph.store import (
    QueryError,
    QueryResult,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
    WriteStats,
)
from nlp.models import ENTITY_TYPES

BACKEND = "neo4j"

#: Labels that get a uniqueness constraint on `id`: the shared `Entity` label and every type.
CONSTRAINED_LABELS: tuple[str, ...] = ("Entity", *ENTITY_TYPES, "FileText")

_COUNTERS = (
    "nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted", "properties_set",
    "labels_added", "labels_removed", "indexes_added", "indexes_removed", "constraints_added",
    "constraints_removed",
)

_T = TypeVar("_T")


def to_plain(value: Any) -> Any:
    """Convert a driver value to the plain JSON-able form `QueryResult` documents.

    Nodes become `{"_labels": [...], **properties}`, relationships
    `{"_type": ..., **properties}`, paths `{"nodes": [...], "relationships": [...]}`;
    temporal values become ISO strings and points `{"srid", "x", "y"[, "z"]}`.
    """
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, Point):
        point = {"srid": value.srid, "x": value.x, "y": value.y}
        if len(value) > 2:
            point["z"] = value.z
        return point
    if isinstance(value, Duration):
        return value.iso_format()
    # neo4j.time.{Date,Time,DateTime} and the stdlib types share iso_format/isoformat.
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, _dt.date | _dt.time | _dt.timedelta):
        return str(value)
    return value


def _stats(summary: neo4j.ResultSummary | None) -> dict[str, Any]:
    """The non-zero update counters of a result summary."""
    if summary is None:
        return {}
    counters = summary.counters
    return {name: getattr(counters, name) for name in _COUNTERS if getattr(counters, name, 0)}


def _is_timeout(code: str) -> bool:
    # 5.x reports Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration when
    # the client's timeout hit, Neo.ClientError.Transaction.TransactionTimedOut for the
    # server's db.transaction.timeout; both mean "stopped for running too long".
    return "TransactionTimedOut" in code


@contextmanager
def _mapped_errors(what: str) -> Iterator[None]:
    """Translate driver exceptions into the store's own error types."""
    try:
        yield
    except (ReadOnlyViolation, StoreError):
        raise
    except neo4j_errors.AuthError as exc:
        raise StoreError(f"{what}: Neo4j refused the credentials ({exc.code})") from exc
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
        raise StoreUnavailable(f"{what}: Neo4j is unreachable: {exc}") from exc
    except neo4j_errors.Neo4jError as exc:
        code = exc.code or ""
        if _is_timeout(code):
            raise QueryTimeout(f"{what}: stopped by the time limit ({code})") from exc
        if code in ("Neo.ClientError.Statement.AccessMode", "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase"):
            # The server's own read-only enforcement, behind check_read_only.
            raise ReadOnlyViolation(f"ad-hoc queries are read-only: the server refused a write ({code})") from exc
        if code.startswith("Neo.ClientError.Statement.") or code.startswith("Neo.ClientError.Procedure."):
            raise QueryError(f"{what}: {code}: {exc.message}") from exc
        raise StoreError(f"{what}: {code}: {exc.message}") from exc
    except neo4j_errors.DriverError as exc:
        raise StoreError(f"{what}: {type(exc).__name__}: {exc}") from exc


def _collect(result: neo4j.Result, cap: int | None = None) -> QueryResult:
    """Read a result's rows (at most `cap`, flagging `truncated`) and its update counters."""
    columns = list(result.keys())
    rows: list[list[Any]] = []
    truncated = False
    for record in result:
        if cap is not None and len(rows) >= cap:
            truncated = True  # one row more than the cap exists; stop pulling
            break
        rows.append([to_plain(v) for v in record.values()])
    summary = None if truncated else result.consume()
    return QueryResult(columns=columns, rows=rows, truncated=truncated, stats=_stats(summary))


class Neo4jStore:
    """The GraphStore protocol on Neo4j 5 (single server via bolt://, cluster via neo4j://)."""

    backend = BACKEND

    def __init__(self, settings: Settings | None = None, *, driver: neo4j.Driver | None = None) -> None:
        """Connect lazily with `settings` (default: `get_settings()`); `driver` injects a ready driver."""
        self.settings = settings or get_settings()
        self._database = self.settings.graph_database or None
        if driver is not None:
            self._driver = driver
            return
        url = self.settings.graph_url
        if not url:
            raise StoreError("Neo4jStore needs POLICYKG_GRAPH_URL (bolt://host:7687 or neo4j://host:7687)")
        wait = self.settings.graph_connect_timeout_s
        with _mapped_errors(f"connect to {url}"):
            # Bounded waits: an unreachable URL fails in seconds with the URL and the reason, instead of the
            # driver's defaults (30 s of retries per managed transaction, 60 s to acquire a connection).
            self._driver = neo4j.GraphDatabase.driver(
                url,
                auth=(self.settings.graph_user, self.settings.graph_password.get_secret_value()),
                user_agent="policykg",
                connection_timeout=wait,
                connection_acquisition_timeout=wait,
                max_transaction_retry_time=wait,
            )

    # -- sessions and transactions ---------------------------------------------------------

    def _session(self, access_mode: str, **config: Any) -> neo4j.Session:
        return self._driver.session(database=self._database, default_access_mode=access_mode, **config)

    def _execute(self, access_mode: str, work: Callable[[neo4j.ManagedTransaction], _T], what: str) -> _T:
        """Run `work` in a managed transaction (retried by the driver on transient errors)."""
        with _mapped_errors(f"{what} on {self.settings.graph_url}"), self._session(access_mode) as session:
            if access_mode == neo4j.READ_ACCESS:
                return session.execute_read(work)
            return session.execute_write(work)

    # -- the protocol ----------------------------------------------------------------------

    def read(self, name: str, params: Mapping[str, Any] | None = None, **names: str) -> QueryResult:
        """Run the named read statement in a READ transaction."""
        query = render(name, BACKEND, **names)
        return self._execute(
            neo4j.READ_ACCESS, lambda tx: _collect(tx.run(query, dict(params or {}))), f"read {name}"
        )

    def write(self, name: str, params: Mapping[str, Any] | None = None, **names: str) -> QueryResult:
        """Run the named write statement in its own write transaction."""
        query = render(name, BACKEND, **names)
        return self._execute(
            neo4j.WRITE_ACCESS, lambda tx: _collect(tx.run(query, dict(params or {}))), f"write {name}"
        )

    def write_batches(
        self, name: str, rows: Sequence[Mapping[str, Any]], batch_size: int | None = None, **names: str
    ) -> int:
        """Run `name` once per batch of rows bound to `$rows`, one transaction per batch."""
        size = batch_size or self.settings.batch_size
        if size <= 0:
            raise ValueError("batch_size must be positive")
        query = render(name, BACKEND, **names)
        written = 0
        for start in range(0, len(rows), size):
            batch = [dict(row) for row in rows[start : start + size]]
            self._execute(
                neo4j.WRITE_ACCESS,
                lambda tx, batch=batch: tx.run(query, {"rows": batch}).consume(),
                f"write_batches {name}",
            )
            written += len(batch)
        return written

    def write_atomic(self, statements: Iterable[tuple[str, Mapping[str, Any], Mapping[str, str]]]) -> WriteStats:
        """Run all statements in ONE write transaction: all land or none does; the summed update counters.

        The counters come from each statement's `ResultSummary.counters` (`Result.consume()`); a managed
        transaction the driver retries runs `work` again from the start, so each attempt counts afresh.
        """
        # Render everything before opening the transaction, so a bad name fails with nothing sent.
        rendered = [
            (name, render(name, BACKEND, **dict(names)), dict(params or {}))
            for name, params, names in statements
        ]
        if not rendered:
            return WriteStats()

        def work(tx: neo4j.ManagedTransaction) -> WriteStats:
            total = WriteStats()
            for _name, query, params in rendered:
                counters = tx.run(query, params).consume().counters
                total += WriteStats(counters.nodes_created, counters.relationships_created, counters.properties_set)
            return total

        return self._execute(neo4j.WRITE_ACCESS, work, f"write_atomic ({len(rendered)} statements)")

    def read_adhoc(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        """Run user Cypher strictly read-only, with a server-side timeout and a row cap.

        `check_read_only` refuses writes with a clear message first; the READ
        transaction is the server's own guard behind it. Unlike `read`, this uses
        an unmanaged transaction so that a slow query is not retried.
        """
        check_bounds(query, params, limits_from(self.settings))
        check_read_only(query)
        cap = row_cap or self.settings.row_cap
        timeout_s = (timeout_ms or self.settings.query_timeout_ms) / 1000.0
        with (
            _mapped_errors(f"ad-hoc query on {self.settings.graph_url}"),
            self._session(neo4j.READ_ACCESS, fetch_size=min(cap + 1, 1000)) as session,
            session.begin_transaction(timeout=timeout_s) as tx,
        ):
            result = _collect(tx.run(query, dict(params or {})), cap)
            # Nothing to keep; rolling back also drops any rows past the cap unread.
            tx.rollback()
            return result

    def setup_schema(self) -> None:
        """Create a uniqueness constraint on `id` per label and the CJK full-text index (idempotent)."""
        for label in CONSTRAINED_LABELS:
            self.write("schema_constraint", label=label)
        self.write("schema_fulltext")
        # Index population is asynchronous; wait so a search right after setup finds everything.
        self.read("await_indexes", {"timeout_s": 60})

    def fulltext_query(self, groups: Sequence[Sequence[str]]) -> str | None:
        """Lucene syntax for the `entity_search` index: `("a" OR "b") AND ("c")` (each word a phrase)."""
        if not groups:
            return None
        return " AND ".join("(" + " OR ".join(f'"{word}"' for word in group) + ")" for group in groups)

    def counts(self) -> tuple[int, int]:
        """(number of nodes, number of relationships)."""
        nodes = self.read("count_nodes").scalar() or 0
        relationships = self.read("count_relationships").scalar() or 0
        return int(nodes), int(relationships)

    def graph_version(self) -> None:
        """Not versioned: Neo4j offers no write counter a client can read in one cheap call, and a version
        node would be a node of the graph itself (counted, exported); so the API does not cache over Neo4j."""
        return None

    def clear(self) -> None:
        """Delete every node and relationship (the schema stays)."""
        self.write("clear_graph")

    def close(self) -> None:
        """Close the driver's connection pool."""
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
