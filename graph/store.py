"""The `GraphStore` protocol: one Cypher surface over FalkorDB and Neo4j.

Callers name statements from `cypher/`; they never pass query text, except
through `read_adhoc`, which only ever runs read-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


class StoreError(RuntimeError):
    """The graph backend failed or could not be reached."""


class StoreUnavailable(StoreError):
    """The connection to the backend was lost or could not be made."""


class StoreNotDurable(StoreError):
    """A write the server answered for may not be on disk (its append-only file failed, or the disk is full).

    Not a lost connection: retrying or restarting does not help until space is freed; the batch stops.
    """


class QueryError(StoreError):
    """The backend rejected the query itself (syntax, types, a bad parameter): not an outage."""


class ReadOnlyViolation(ValueError):
    """An ad-hoc query tried to write, change the schema or call an admin procedure."""


class QueryRefused(ValueError):
    """An ad-hoc query or its parameters exceed a limit no analyst needs (`graph.bounds`): refused unrun."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was stopped."""


@dataclass
class QueryResult:
    """Columns and rows of a query, values converted to plain JSON-able Python.

    Nodes become `{"_labels": [...], **properties}`, relationships
    `{"_type": "...", **properties}`, paths `{"nodes": [...], "relationships": [...]}`.
    """

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    stats: dict[str, Any] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def scalar(self) -> Any:
        """The first value of the first row, or None."""
        return self.rows[0][0] if self.rows and self.rows[0] else None


@dataclass(frozen=True)
class WriteStats:
    """A write's own statistics, as the backend counted them (FalkorDB's and Neo4j's query statistics)."""

    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0

    def __add__(self, other: WriteStats) -> WriteStats:
        return WriteStats(self.nodes_created + other.nodes_created,
                          self.relationships_created + other.relationships_created,
                          self.properties_set + other.properties_set)


@runtime_checkable
class GraphStore(Protocol):
    """What every backend offers. `name` is a statement in `cypher/`; `names` fill its `<<placeholders>>`."""

    backend: str

    def read(self, name: str, params: Mapping[str, Any] | None = None, **names: str) -> QueryResult:
        """Run a named read-only statement (read transaction / GRAPH.RO_QUERY)."""
        ...

    def write(self, name: str, params: Mapping[str, Any] | None = None, **names: str) -> QueryResult:
        """Run a named write statement in its own write transaction."""
        ...

    def write_batches(
        self, name: str, rows: Sequence[Mapping[str, Any]], batch_size: int | None = None, **names: str
    ) -> int:
        """Run `name` once per batch of rows, bound to `$rows`; returns the number of rows written."""
        ...

    def write_atomic(self, statements: Iterable[tuple[str, Mapping[str, Any], Mapping[str, str]]]) -> WriteStats:
        """Run several named writes (name, params, placeholder names) so that all land or none does.

        Returns what the backend reports the unit did (its query statistics), summed over the statements.
        """
        ...

    def read_adhoc(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        """Run user-supplied Cypher strictly read-only, with a timeout and a row cap.

        Raises `ReadOnlyViolation` for any write, schema or admin statement,
        `QueryTimeout` when the time limit is hit.
        """
        ...

    def setup_schema(self) -> None:
        """Create unique keys per label and the full-text index (idempotent)."""
        ...

    def fulltext_query(self, groups: Sequence[Sequence[str]]) -> str | None:
        """The `search_fulltext` `$query` in this backend's syntax: any word of a group, every group.

        `groups` are alternative words per part of the user's text (cut by the caller); None when there
        is nothing to search for. Words are runs of word characters, so they need no escaping.
        """
        ...

    def counts(self) -> tuple[int, int]:
        """(number of nodes, number of relationships)."""
        ...

    def graph_version(self) -> str | None:
        """A token that changes after every write to the graph, by any process, or None (not versioned).

        Read before a response is computed, it keys the API's response cache (`api/cache.py`): a token set
        only after a write was answered means no pre-write answer is ever filed under a post-write token.
        """
        ...

    def clear(self) -> None:
        """Delete every node and relationship (tests and `policykg db reset`)."""
        ...

    def close(self) -> None:
        """Release connections (does not stop a shared embedded server)."""
        ...
