"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from graph.settings import Settings
from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    """The app's graph store, opened once at start-up."""
    return request.app.state.store


async def refuse_nul(request: Request) -> None:
    """422 for a NUL character in the path or the query string (every route).

    Ids and search words go to the graph as query parameters, and FalkorDB reads
    those as C strings: a NUL cuts the statement short and the graph rejects it.
    No id or name contains one, so the request is invalid. (`async`: no thread hop.)
    """
    query = request.scope.get("query_string", b"")
    if "\x00" in request.scope.get("path", "") or b"%00" in query or b"\x00" in query:
        raise HTTPException(status_code=422, detail="NUL characters (%00) are not allowed in the path or query")


def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


Store = Annotated[GraphStore, Depends(get_store)]
AppSettings = Annotated[Settings, Depends(get_app_settings)]


def next_offset(offset: int, limit: int, fetched: int) -> int | None:
    """Offset of the next page when `fetched` (asked for `limit + 1`) shows there is one."""
    return offset + limit if fetched > limit else None
