"""`FalkorStore`: the embedded default backend, FalkorDB over a unix socket."""

from __future__ import annotations

import contextlib
import re
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph import cypher, durable, falkor_server
from graph.bounds import cap_rows, check_bounds, limits_from
from graph.readonly import check_read_only
from graph.settings import Settings, get_settings
from graph.store import (
    QueryError,
    QueryResult,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreNotDurable,
    StoreUnavailable,
    WriteStats,
)
from nlp.models import ENTITY_TYPES

# Longest the API's event loop waits for the graph version token before serving uncached.
VERSION_READ_TIMEOUT_S = 0.2
# How much longer than its own timeout the client waits for an ad-hoc query before abandoning it.
DEADLINE_GRACE_S = 1.0

BACKEND = "falkordb"
# The update counters of a write that `QueryResult.stats` carries (the names falkordb-py and Neo4j share).
_WRITE_COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                   "properties_set")
_SCHEMA_LABELS = ("Entity", *ENTITY_TYPES, "FileText")


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


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)


def _strip_comments(query: str) -> str:
    """Drop whole-line `//` comments (the named statements keep comments on lines of their own)."""
    return _COMMENT.sub("", query).strip()


def version_key(graph_name: str) -> str:
    """The plain Redis key beside the graph that holds its version token (`FalkorStore.graph_version`)."""
    return f"policykg:version:{graph_name}"


def _is_timeout(exc: Exception) -> bool:
    return "timed out" in str(exc).lower() or "timeout" in str(exc).lower()


class FalkorStore:
    """GraphStore on the data directory's own FalkorDB server (started on first use)."""

    backend = BACKEND

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self._lock = threading.Lock()
        self._connect()

    def _connect(self) -> None:
        """(Re)start the data directory's server if it is down, and open a client to it."""
        mb = 1024 * 1024
        self.socket = falkor_server.ensure_running(
            self.settings.data_dir, self.settings.aof_fsync, self.settings.query_mem_mb * mb,
            self.settings.server_mem_mb * mb,
        )
        self._password = falkor_server.read_token(self.settings.data_dir)
        self._db = FalkorDB(unix_socket_path=str(self.socket), password=self._password)
        self._graph = self._db.select_graph(self.settings.graph_name)
        self._lost = False

    def _reconnect(self) -> None:
        """After a lost connection: restart the server (it may have died) and reconnect, once per loss."""
        with self._lock:
            if not self._lost:
                return  # another thread already did
            with contextlib.suppress(redis.RedisError):
                self._db.connection.close()
            self._connect()

    def _restart_in_background(self) -> None:
        """Restart a lost server on a thread of its own (one at a time), for callers that must not wait."""
        if self._lost and not self._lock.locked():
            threading.Thread(target=self._reconnect, name="falkordb-restart", daemon=True).start()

    def _own_client(self, socket_timeout: float) -> FalkorDB:
        """A client of its own (so its timeout and its closing touch no other request), server restarted if gone."""
        for attempt in (1, 2):
            if self._lost:
                self._reconnect()
            try:
                return FalkorDB(unix_socket_path=str(self.socket), password=self._password,
                                socket_timeout=socket_timeout, socket_connect_timeout=min(socket_timeout, 2.0))
            except (redis.ConnectionError, OSError) as exc:
                self._lost = True  # nothing was sent yet: restart the server and connect again, once
                if attempt == 2:
                    raise StoreUnavailable(f"cannot connect to FalkorDB at {self.socket}: {exc}") from exc
        raise AssertionError("unreachable")

    def _end_runaway(self, pid: int) -> None:
        """Kill the server still running an abandoned query (if it is still `pid`) and start a fresh one."""
        with self._lock:
            killed = falkor_server.kill(self.settings.data_dir, pid)
            self._lost = self._lost or killed
        self._reconnect()

    # -- running statements -------------------------------------------------

    def _run(self, query: str, params: Mapping[str, Any] | None, *, read_only: bool,
             timeout_ms: int | None = None) -> QueryResult:
        """Run one statement. A read that finds the server gone restarts it and runs again, once.

        A write is not retried (it may have landed before the connection went):
        it fails with `StoreUnavailable`, and the next statement restarts the server.
        """
        if self._lost:
            self._reconnect()
        if not read_only:
            try:
                return self._run_on(self._graph, query, params, read_only=False, timeout_ms=timeout_ms)
            except StoreUnavailable:
                self._lost = True
                raise
            finally:
                self._bump_version()  # also after a failed write: part of it may have landed
        try:
            return self._run_on(self._graph, query, params, read_only=True, timeout_ms=timeout_ms)
        except StoreUnavailable:
            self._lost = True
        self._reconnect()
        return self._run_on(self._graph, query, params, read_only=True, timeout_ms=timeout_ms)

    def _run_on(self, graph: Any, query: str, params: Mapping[str, Any] | None, *, read_only: bool,
                timeout_ms: int | None = None) -> QueryResult:
        try:
            if read_only:
                res = graph.ro_query(query, dict(params or {}), timeout=timeout_ms)
            else:
                res = graph.query(query, dict(params or {}), timeout=timeout_ms)
        except redis.TimeoutError as exc:
            raise QueryTimeout(f"query stopped after {timeout_ms} ms (abandoned: the server did not answer "
                               f"within {DEADLINE_GRACE_S:.0f} s of the limit)") from exc
        except redis.ResponseError as exc:
            if _is_timeout(exc):
                raise QueryTimeout(f"query stopped after {timeout_ms} ms") from exc
            if "mem consumption exceeded" in str(exc):
                raise QueryTimeout("query stopped: it needed more memory than one query may use "
                                   "(POLICYKG_QUERY_MEM_MB)") from exc
            if read_only and "read-only" in str(exc):
                raise ReadOnlyViolation("the query writes to the graph; only reads are allowed here") from exc
            if str(exc).startswith("MISCONF"):
                raise durable.refused_write(str(exc), self.settings.data_dir) from exc
            raise QueryError(str(exc)) from exc
        except (redis.ConnectionError, OSError) as exc:
            raise StoreUnavailable(f"lost the connection to FalkorDB at {self.socket}: {exc}") from exc
        columns = [str(h[1]) if isinstance(h, list | tuple) else str(h) for h in (res.header or [])]
        rows = [[_plain(v) for v in row] for row in (res.result_set or [])]
        stats = {} if read_only else {k: int(getattr(res, k) or 0) for k in _WRITE_COUNTERS}
        return QueryResult(columns=columns, rows=rows, stats={k: v for k, v in stats.items() if v})

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

    def write_atomic(self, statements: Iterable[tuple[str, Mapping[str, Any], Mapping[str, str]]]) -> WriteStats:
        """Run the statements as one FalkorDB query, so that all land or none does.

        The statements (which must not RETURN) are chained into a single
        `GRAPH.QUERY` with `WITH count(*) AS …` between them, each one's
        parameters renamed apart. FalkorDB applies a query as a unit and undoes
        it on a run-time error, and the append-only file records it as one
        command (a truncated last command is dropped on load), so a crash or a
        failure never leaves part of the unit behind.

        Not MULTI/EXEC: FalkorDB 4.x (redis 7.x) aborts with `!server.in_exec`
        when it replays a MULTI/EXEC of graph queries from the append-only file
        while a client connects, so a restart of a data set written that way
        could crash (found by tests/test_faults.py's stop/start cycles).
        """
        parts: list[str] = []
        merged: dict[str, Any] = {}
        for i, (name, params, names) in enumerate(statements):
            query = cypher.render(name, BACKEND, **dict(names))
            own = dict(params or {})
            query = _PARAM.sub(lambda m, i=i, own=own: f"$s{i}_{m.group(1)}" if m.group(1) in own else m.group(0),
                               _strip_comments(query))
            merged.update({f"s{i}_{k}": v for k, v in own.items()})
            parts.append(query)
        if not parts:
            return WriteStats()
        text = "".join(part if i == len(parts) - 1 else f"{part}\nWITH count(*) AS _unit{i}\n"
                       for i, part in enumerate(parts))
        self._check_room()
        stats = self._run(text, merged, read_only=False).stats
        self._confirm_durable()
        return WriteStats(stats.get("nodes_created", 0), stats.get("relationships_created", 0),
                          stats.get("properties_set", 0))

    # -- the graph version: what the API's response cache is keyed by (api/cache.py) ----------------

    def graph_version(self) -> str | None:
        """A token that changes after every write to this graph, by any process; None when it cannot be read.

        A plain Redis key beside the graph (`version_key`), set to a fresh random token after each write
        statement has been answered (`_bump_version`), so that a reader that read the token before its
        queries never files a pre-write answer under a post-write token. Random, not a counter: a graph
        wiped with its data directory (`db reset`) starts without a key, and a counter would then reuse
        old numbers. One GET on the open connection (about as cheap as a server round trip gets).
        """
        key = version_key(self.settings.graph_name)
        if self._lost or self._lock.locked():
            return None  # down or restarting: the request goes the uncached way, which waits for it
        try:
            conn = self._version_client()
            token = conn.get(key)
            if token is None:
                conn.set(key, uuid.uuid4().hex, nx=True)  # first reader of a graph never written by this code
                token = conn.get(key)
        except (redis.RedisError, OSError):
            return None  # the caller serves uncached; the graph statements will find out what is wrong
        return str(token) if token is not None else None

    def _version_client(self) -> redis.Redis:
        """A connection of its own with a short timeout: the API reads the token on its event loop, so a
        server that stops answering must cost a bounded wait there, not a hang of every request."""
        client = getattr(self, "_versions", None)
        if client is None or client.connection_pool.connection_kwargs.get("path") != str(self.socket):
            # No retries: redis-py's default is 10 with back-off, seconds of a blocked event loop on a dead server.
            client = redis.Redis(unix_socket_path=str(self.socket), password=self._password,
                                 socket_timeout=VERSION_READ_TIMEOUT_S, socket_connect_timeout=VERSION_READ_TIMEOUT_S,
                                 retry=Retry(NoBackoff(), 0), decode_responses=True)
            self._versions = client
        return client

    def _bump_version(self) -> None:
        """A new version token after a write (see `graph_version`); a failure is logged by nobody: the write's
        own outcome is what the caller hears about, and readers then fall back to no caching or to the max age."""
        with contextlib.suppress(redis.RedisError, OSError):
            self._db.connection.set(version_key(self.settings.graph_name), uuid.uuid4().hex)

    # -- durability: acknowledged means in the append-only file (graph.durable) ---------------------

    def _persistence(self) -> dict[str, Any]:
        try:
            return self._db.connection.info("persistence")
        except (redis.ConnectionError, OSError) as exc:
            self._lost = True
            raise StoreUnavailable(f"lost the connection to FalkorDB at {self.socket}: {exc}") from exc
        except redis.RedisError as exc:
            raise StoreNotDurable(f"cannot read the graph server's persistence status: {exc}") from exc

    def _check_room(self) -> None:
        """Before a write group: enough free space, and no append-only failure left over (`StoreNotDurable`).

        A rewrite that failed earlier (a full disk, since freed) keeps its error
        status until one succeeds, so one is started here rather than refusing
        every batch until the server restarts.
        """
        durable.check_space(self.settings.data_dir, self.settings.min_free_mb * 1_000_000)
        info = self._persistence()
        rewrite_failed = str(info.get("aof_last_bgrewrite_status", "ok")) != "ok"
        if rewrite_failed and str(info.get("aof_last_write_status", "ok")) == "ok":
            falkor_server.compact(self._db.connection)
            info = self._persistence()
        problem = durable.persistence_problem(info)
        if problem:
            raise durable.refused_write(problem, self.settings.data_dir)

    def _confirm_durable(self) -> None:
        """After a write group: its commands are written to the append-only file, or `StoreNotDurable`."""
        durable.confirm_written(self._persistence, self.settings.data_dir)

    def read_adhoc(self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
                   row_cap: int | None = None) -> QueryResult:
        """Run user Cypher read-only with a timeout, a client-side deadline and a row cap.

        Refused before anything is sent (`QueryRefused`, `ReadOnlyViolation`):
        what exceeds `graph.bounds` limits, and every write. The row cap goes into
        the query as `LIMIT cap + 1` (`cap_rows`), so the server stops building rows
        there. The query runs on a connection of its own whose socket timeout is the
        query timeout plus `DEADLINE_GRACE_S`: if the server has not answered by
        then the connection is closed and `QueryTimeout` raised, so no caller waits
        longer, whatever the server is doing.
        """
        check_bounds(query, params, limits_from(self.settings))
        check_read_only(query)
        cap = row_cap or self.settings.row_cap
        limited = cap_rows(query, params, cap + 1)
        timeout = timeout_ms or self.settings.query_timeout_ms
        own = self._own_client(timeout / 1000 + DEADLINE_GRACE_S)
        pid = falkor_server.server_pid(self.settings.data_dir)
        try:
            result = self._run_on(own.select_graph(self.settings.graph_name), limited, params, read_only=True,
                                  timeout_ms=timeout)
        except QueryTimeout as exc:
            abandoned = isinstance(exc.__cause__, redis.TimeoutError)
            if abandoned and self.settings.kill_runaway_queries and pid is not None:
                self._end_runaway(pid)
                raise QueryTimeout(f"query stopped after {timeout} ms (it ignored the server's timeout, so the "
                                   "server was restarted to end it)") from exc
            raise
        except StoreUnavailable as exc:
            # The server went away while it ran this query: most likely the query made it fail (an allocation
            # past the server's memory limit aborts it). Restart it now, so the next request finds it up;
            # not retried, which would only fail it again. A restart that fails is a real outage (StoreError).
            self._lost = True
            self._reconnect()
            raise QueryError("the graph server stopped while running this query (it has been restarted); "
                             "the query probably needed more memory than the server may use") from exc
        finally:
            with contextlib.suppress(redis.RedisError):
                own.connection.close()
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
                self._bump_version()
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

    def fulltext_query(self, groups: Sequence[Sequence[str]]) -> str | None:
        """RediSearch syntax for the `chinese`-tokenised index: `(a|b) (c)` (a space is AND)."""
        if not groups:
            return None
        return " ".join("(" + "|".join(group) + ")" for group in groups)

    def quick_counts(self, timeout_ms: int) -> tuple[int, int]:
        """`counts` on a connection of its own that gives up after `timeout_ms` (`QueryTimeout`).

        For /health: FalkorDB runs queries on a small thread pool, so while long
        ad-hoc queries occupy it a count waits in line; health must still answer.
        Health never waits for a restart either: a server found gone is restarted in
        the background, and this answers `StoreUnavailable` (degraded) meanwhile.
        """
        if self._lost or self._lock.locked():
            self._restart_in_background()
            raise StoreUnavailable("the embedded FalkorDB server is restarting (reloading its data)")
        try:
            own = FalkorDB(unix_socket_path=str(self.socket), password=self._password,
                           socket_timeout=timeout_ms / 1000, socket_connect_timeout=min(timeout_ms / 1000, 1.0))
        except (redis.ConnectionError, OSError) as exc:
            self._lost = True
            self._restart_in_background()
            raise StoreUnavailable(f"cannot connect to FalkorDB at {self.socket}: {exc}; restarting it") from exc
        graph = own.select_graph(self.settings.graph_name)
        try:
            nodes = self._run_on(graph, cypher.render("count_nodes", BACKEND), None, read_only=True).scalar()
            rels = self._run_on(graph, cypher.render("count_relationships", BACKEND), None, read_only=True).scalar()
        except StoreUnavailable:
            self._lost = True
            raise
        finally:
            with contextlib.suppress(redis.RedisError):
                own.connection.close()
        return int(nodes or 0), int(rels or 0)

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
        finally:
            self._bump_version()

    def close(self) -> None:
        """Close the client connections; the shared server keeps running."""
        with contextlib.suppress(redis.RedisError):
            self._db.connection.close()
            if getattr(self, "_versions", None) is not None:
                self._versions.close()
