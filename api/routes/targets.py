"""Targets: quantitative goals with year, value, unit, metric, the document and the evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Store, next_offset
from api.routes.regions import Unit, Year, fetch_region
from api.schemas import ErrorBody, TargetItem, TargetPage

router = APIRouter(tags=["targets"])


@router.get("/targets", response_model=TargetPage,
            responses={404: {"model": ErrorBody, "description": "Unknown region"}})
def list_targets(
    store: Store,
    year: Year = None,
    unit: Unit = None,
    region: Annotated[str | None, Query(description="Region id: targets of documents about it or its sub-regions.")]
    = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> TargetPage:
    """Targets, optionally for one year, unit and region (queries `targets`, `region_targets`)."""
    params = {"year": year, "unit": unit, "offset": offset, "limit": limit + 1}
    ref = None
    if region is not None:
        ref = fetch_region(store, region)
        rows = store.read("region_targets", {**params, "id": region}).records()
    else:
        rows = store.read("targets", params).records()
    return TargetPage(region=ref, items=[TargetItem(**r) for r in rows[:limit]], offset=offset, limit=limit,
                      next_offset=next_offset(offset, limit, len(rows)))
