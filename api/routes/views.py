"""HTML views of the graph (pyvis): documents, any entity, citation trees, agencies."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api import graphviews
from api.deps import Store
from nlp.models import EntityType

router = APIRouter(tags=["views"])
Limit = Annotated[int, Query(ge=1, le=500, description="Most neighbours drawn: the heaviest (weight: how many links "
                                                        "join a neighbour to the node), ranked by the named Cypher.")]
Offset = Annotated[int, Query(ge=0, description="Ranked neighbours skipped (the page says how many there are).")]
# Errors are JSON {error, detail} even on these HTML routes; with `model=` FastAPI would document them as text/html.
_ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
_404 = {404: {"description": "Unknown id", "content": _ERROR_JSON},
        422: {"description": "Invalid parameters", "content": _ERROR_JSON},
        500: {"description": "Internal error", "content": _ERROR_JSON}}


@router.get("/views/documents/{doc_id}", response_class=HTMLResponse, responses=_404)
def document_view(doc_id: str, store: Store, limit: Limit = graphviews.DEFAULT_LIMIT,
                  offset: Offset = 0) -> HTMLResponse:
    """The document's neighbourhood: what it cites, who cites it, issuers, targets, mentions (heaviest first, paged)."""
    return HTMLResponse(graphviews.document_page(store, doc_id, limit, offset, f"/views/documents/{doc_id}"))


@router.get("/views/entities/{type}/{entity_id}", response_class=HTMLResponse, responses=_404)
def entity_view(type: EntityType, entity_id: str, store: Store,  # noqa: A002
                limit: Limit = graphviews.DEFAULT_LIMIT, offset: Offset = 0) -> HTMLResponse:
    """Any entity and its neighbours over every relation type (heaviest first, paged)."""
    return HTMLResponse(graphviews.entity_page(store, type, entity_id, limit, offset,
                                               f"/views/entities/{type}/{entity_id}"))


@router.get("/views/citations", response_class=HTMLResponse, responses=_404)
def citations_view(
    store: Store,
    root: Annotated[str, Query(min_length=1, description="Id of the document at the centre.")],
    depth: Annotated[int, Query(ge=1, le=3)] = 2,
    limit: Limit = graphviews.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> HTMLResponse:
    """The citation tree around a document, both ways, `depth` hops: its documents nearest first, then heaviest
    (weight: how many CITES links join a document to those one hop nearer the root), paged."""
    path = f"/views/citations?root={quote(root, safe='')}&depth={depth}"
    return HTMLResponse(graphviews.citations_page(store, root, depth, limit, offset, path))


@router.get("/views/agencies/{agency_id}", response_class=HTMLResponse, responses=_404)
def agency_view(agency_id: str, store: Store, limit: Limit = graphviews.DEFAULT_LIMIT,
                offset: Offset = 0) -> HTMLResponse:
    """An agency, what it issued (the heaviest documents first, paged) and its co-issuers."""
    return HTMLResponse(graphviews.agency_page(store, agency_id, limit, offset, f"/views/agencies/{agency_id}"))
