"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request

from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    """The app's graph store, opened once at start-up."""
    return request.app.state.store
