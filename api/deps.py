"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.settings import Settings
from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    """The app's graph store, opened once at start-up."""
    return request.app.state.store


def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


Store = Annotated[GraphStore, Depends(get_store)]
AppSettings = Annotated[Settings, Depends(get_app_settings)]


def next_offset(offset: int, limit: int, fetched: int) -> int | None:
    """Offset of the next page when `fetched` (asked for `limit + 1`) shows there is one."""
    return offset + limit if fetched > limit else None
