"""Entities of every type: properties, aliases, relationship counts and neighbours."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Store, next_offset
from api.entities import api_path, fetch_entity, view_path
from api.schemas import EntityDetail, ErrorBody, Neighbour, RelationCount
from nlp.models import EntityType

router = APIRouter(tags=["entities"])


@router.get("/entities/{type}/{entity_id}", response_model=EntityDetail,
            responses={404: {"model": ErrorBody, "description": "Unknown id"}})
def get_entity(
    type: EntityType,  # noqa: A002 - the path segment is called type
    entity_id: str,
    store: Store,
    limit: Annotated[int, Query(ge=1, le=500, description="Neighbours per page.")] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EntityDetail:
    """An entity with its aliases, counts per relationship and a page of neighbours, each linked.

    An unknown type is a 422 (it is a bad parameter), an unknown id a 404.
    """
    ent = fetch_entity(store, type, entity_id)
    counts = [RelationCount(rel=r["rel"], direction="out" if r["outgoing"] else "in", count=r["count"],
                            neighbours=r["neighbours"])
              for r in store.read("entity_relation_counts", {"id": entity_id}).records()]
    rows = store.read("entity_neighbours", {"id": entity_id, "offset": offset, "limit": limit + 1}).records()
    neighbours = [
        Neighbour(id=r["id"], type=r["type"], name=r["name"], rel=r["rel"],
                  direction="out" if r["outgoing"] else "in", sentence=r["sentence"], doc=r["doc"],
                  start=r["start"], end=r["end"], source=r["source"], href=api_path(r["type"], r["id"]))
        for r in rows[:limit]
    ]
    return EntityDetail(**ent, counts=counts, neighbours=neighbours, view=view_path(ent["type"], ent["id"]),
                        offset=offset, limit=limit, next_offset=next_offset(offset, limit, len(rows)))
