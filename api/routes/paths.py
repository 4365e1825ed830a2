"""Paths: the shortest linkage between two entities, each edge with its evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import Store
from api.entities import find_entity
from api.errors import NotFound
from api.schemas import ErrorBody, PathEdge, PathResult, Ref

router = APIRouter(tags=["paths"])


@router.get("/paths", response_model=PathResult,
            responses={404: {"model": ErrorBody, "description": "Unknown id, or no path within max hops"}})
def shortest_path(
    store: Store,
    from_: Annotated[str, Query(alias="from", min_length=1, description="Id of the first entity.")],
    to: Annotated[str, Query(min_length=1, description="Id of the second entity.")],
    max: Annotated[int, Query(ge=1, le=6, description="Most hops.")] = 4,  # noqa: A002
) -> PathResult:
    """The shortest chain of relationships between two entities, in either direction (query `paths`)."""
    if from_ == to:
        raise HTTPException(status_code=422, detail="from and to are the same entity")
    for eid in (from_, to):
        if find_entity(store, eid) is None:
            raise NotFound(f"no entity with id {eid!r}")
    # Deepen one hop at a time: the first length that links them is the shortest, and a short link is found
    # without exploring every longer path (FalkorDB's algo.SPpaths enumerates all paths up to maxLen).
    rows = []
    for hops in range(1, max + 1):
        rows = store.read("paths", {"from": from_, "to": to, "max": hops}).records()
        if rows:
            break
    if not rows:
        raise NotFound(f"no path of at most {max} hops between {from_!r} and {to!r}")
    nodes = [Ref(**n) for n in rows[0]["nodes"]]
    edges = [PathEdge(**e) for e in rows[0]["edges"]]
    return PathResult(length=len(edges), nodes=nodes, edges=edges)
