"""Agencies (and organisations): what they issued, and with whom."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Store, next_offset
from api.entities import fetch_entity
from api.errors import NotFound
from api.schemas import AgencyDocuments, CoIssuer, ErrorBody, IssuedDocument, Ref
from graph.store import GraphStore
from nlp.models import ISSUER_TYPES

router = APIRouter(tags=["agencies"])


def fetch_issuer(store: GraphStore, eid: str) -> Ref:
    """The agency or organisation `eid`, or `NotFound`."""
    for etype in ISSUER_TYPES:
        try:
            ent = fetch_entity(store, etype, eid)
        except NotFound:
            continue
        return Ref(id=ent["id"], type=ent["type"], name=ent["name"])
    raise NotFound(f"no agency or organization with id {eid!r}")


@router.get("/agencies/{agency_id}/documents", response_model=AgencyDocuments,
            responses={404: {"model": ErrorBody, "description": "Unknown id"}})
def agency_documents(
    agency_id: str,
    store: Store,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AgencyDocuments:
    """What the agency issued (newest first), each document with its co-issuers, and all its joint issuers.

    Queries `agency_documents` and `joint_issuers`.
    """
    agency = fetch_issuer(store, agency_id)
    rows = store.read("agency_documents", {"id": agency_id, "offset": offset, "limit": limit + 1}).records()
    items = [IssuedDocument(**r) for r in rows[:limit]]
    joint = store.read("joint_issuers", {"id": agency_id, "limit": 100}).records()
    coissuers = [CoIssuer(id=r["partner_id"], type=r["partner_type"], name=r["partner"], documents=r["documents"],
                          examples=r["examples"] or []) for r in joint]
    return AgencyDocuments(agency=agency, items=items, coissuers=coissuers, offset=offset, limit=limit,
                           next_offset=next_offset(offset, limit, len(rows)))
