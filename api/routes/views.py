"""HTML views of the graph (pyvis)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from api.deps import get_store
from api.routes.documents import fetch_document
from api.views import ViewEdge, ViewNode, render
from graph.store import GraphStore

router = APIRouter(tags=["views"])
Store = Annotated[GraphStore, Depends(get_store)]


@router.get("/views/documents/{doc_id}", response_class=HTMLResponse, responses={404: {"description": "Unknown id"}})
def document_view(doc_id: str, store: Store, limit: Annotated[int, Query(ge=1, le=500)] = 200) -> HTMLResponse:
    """The document's neighbourhood: what it cites, who cites it, issuers, targets, mentions."""
    doc = fetch_document(store, doc_id)
    rows = store.read("document_neighbourhood", {"id": doc_id, "limit": limit}).records()
    nodes = {doc.id: ViewNode(doc.id, doc.type, doc.title)}
    edges = []
    for r in rows:
        nodes.setdefault(r["id"], ViewNode(r["id"], r["type"], r["name"]))
        src, dst = (doc.id, r["id"]) if r["outgoing"] else (r["id"], doc.id)
        edges.append(ViewEdge(src, dst, r["rel"], r["sentence"]))
    return HTMLResponse(render(doc.title, list(nodes.values()), edges, link="/views/documents/{id}"))
