"""Whole JSON responses cached per graph version: the read routes answer from memory until the graph changes.

The graph changes only when something writes to it (an ingest, `POST /documents`, the loader, a clear), and
every write through a store that versions its graph (`FalkorStore.graph_version`) sets a new version token
after the write has been answered. So a response computed after reading token T is filed under T and served
again only while the token is still T: a write by any process (the other API worker, the CLI ingesting while
the API serves) changes the token, and the next request recomputes. The token is read once per request, before
anything else, so a request never files pre-write data under a post-write token.

A pure ASGI middleware, ahead of routing and validation: a hit costs the token read and a dict lookup, not a
pass through FastAPI, pydantic and the graph. Only GETs of the JSON read routes (`CACHED_PREFIXES`) that answered
200 are kept; the key is the raw path and query string, so a hit is byte for byte what that URL answered.
Bounded by `POLICYKG_RESPONSE_CACHE_MB` per worker (least recently used out first) and by
`POLICYKG_RESPONSE_CACHE_MAX_AGE_S`; a backend without a version (Neo4j: `graph_version` is None) is not cached.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The read routes whose answers depend only on the graph and the URL (not /health: it reports liveness).
CACHED_PREFIXES = ("/search", "/documents", "/entities/", "/agencies/", "/regions/", "/targets", "/paths")
#: A response larger than this share of the cache is not kept (it would push out many small ones).
_LARGEST_SHARE = 8


@dataclass(frozen=True)
class Entry:
    """One cached response: the version it was computed under, when, and what was sent."""

    version: str
    stored: float
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """LRU of whole responses keyed by (path, query string), valid for one graph version."""

    def __init__(self, max_bytes: int, max_age_s: float) -> None:
        self.max_bytes = max_bytes
        self.max_age_s = max_age_s
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()

    def get(self, key: tuple[str, bytes], version: str) -> Entry | None:
        """The entry for `key` if it was computed under `version` and is not too old; stale ones are dropped."""
        entry = self._entries.get(key)
        if entry is not None and (entry.version != version or time.monotonic() - entry.stored > self.max_age_s):
            self._drop(key)
            entry = None
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple[str, bytes], entry: Entry) -> None:
        """Keep `entry`, evicting the least recently used until it fits; too large a body is not kept."""
        if len(entry.body) * _LARGEST_SHARE > self.max_bytes:
            return
        if key in self._entries:
            self._drop(key)
        self._entries[key] = entry
        self.size += len(entry.body)
        while self.size > self.max_bytes:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: tuple[str, bytes]) -> None:
        self.size -= len(self._entries.pop(key).body)

    def __len__(self) -> int:
        return len(self._entries)


def cacheable(scope: Scope) -> bool:
    """A GET of one of the JSON read routes."""
    return scope["type"] == "http" and scope["method"] == "GET" and scope["path"].startswith(CACHED_PREFIXES)


class ResponseCacheMiddleware:
    """Serve `cacheable` requests from a `ResponseCache` while the graph version is unchanged."""

    def __init__(self, app: ASGIApp, cache: ResponseCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not cacheable(scope):
            await self.app(scope, receive, send)
            return
        store = getattr(scope["app"].state, "store", None)
        version_of = getattr(store, "graph_version", None)
        # One short blocking read on the event loop (a GET over the unix socket): cheaper than a thread hop.
        version = version_of() if version_of is not None else None
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        entry = self.cache.get(key, version)
        if entry is not None:
            # A copy of the headers: an outer middleware (CORS) adds its own to the list it is sent.
            await send({"type": "http.response.start", "status": entry.status, "headers": list(entry.headers)})
            await send({"type": "http.response.body", "body": entry.body})
            return
        status = 0
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                # Copied before it is sent on: what the app answered, not what outer middleware adds to it.
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and status == 200:
                    self.cache.put(key, Entry(version, time.monotonic(), status, headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)
