"""Regions: the documents and targets of a region and its sub-regions (PART_OF, up to 3 levels)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Store, next_offset
from api.entities import fetch_entity
from api.schemas import ErrorBody, Ref, RegionDocument, RegionDocuments, TargetItem, TargetPage
from graph.store import GraphStore

router = APIRouter(tags=["regions"])
Year = Annotated[int | None, Query(ge=1949, le=2100, description="Only targets for this year.")]
Unit = Annotated[str | None, Query(min_length=1, max_length=20, description="Only targets in this unit (元, 家, %…).")]


def fetch_region(store: GraphStore, eid: str) -> Ref:
    """The region `eid`, or `NotFound`."""
    ent = fetch_entity(store, "Region", eid)
    return Ref(id=ent["id"], type=ent["type"], name=ent["name"])


@router.get("/regions/{region_id}/documents", response_model=RegionDocuments,
            responses={404: {"model": ErrorBody, "description": "Unknown id"}})
def region_documents(
    region_id: str,
    store: Store,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> RegionDocuments:
    """Documents that mention the region or one of its sub-regions (query `region_documents`)."""
    region = fetch_region(store, region_id)
    rows = store.read("region_documents", {"id": region_id, "offset": offset, "limit": limit + 1}).records()
    return RegionDocuments(region=region, items=[RegionDocument(**r) for r in rows[:limit]], offset=offset,
                           limit=limit, next_offset=next_offset(offset, limit, len(rows)))


@router.get("/regions/{region_id}/targets", response_model=TargetPage,
            responses={404: {"model": ErrorBody, "description": "Unknown id"}})
def region_targets(
    region_id: str,
    store: Store,
    year: Year = None,
    unit: Unit = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> TargetPage:
    """Targets set by documents about the region or its sub-regions (query `region_targets`)."""
    region = fetch_region(store, region_id)
    params = {"id": region_id, "year": year, "unit": unit, "offset": offset, "limit": limit + 1}
    rows = store.read("region_targets", params).records()
    return TargetPage(region=region, items=[TargetItem(**r) for r in rows[:limit]], offset=offset, limit=limit,
                      next_offset=next_offset(offset, limit, len(rows)))
