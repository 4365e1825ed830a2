"""Documents: list, one, and what it cites and is cited by."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.citations import Direction, citation_tree
from api.deps import Store
from api.schemas import CitationEdge, CitationsWithTree, DocumentDetail, DocumentPage, DocumentSummary, ErrorBody
from graph.store import GraphStore

router = APIRouter(tags=["documents"])


def fetch_document(store: GraphStore, doc_id: str) -> DocumentDetail:
    """The document or law `doc_id`, or a 404."""
    rows = store.read("get_document", {"id": doc_id}).records()
    if not rows:
        raise HTTPException(status_code=404, detail=f"no document with id {doc_id!r}")
    row = rows[0]
    row["aliases"] = row.get("aliases") or []
    return DocumentDetail(**row)


@router.get("/documents", response_model=DocumentPage)
def list_documents(
    store: Store,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    in_corpus: Annotated[bool | None, Query(description="true: texts ingested in full; false: only cited")] = None,
) -> DocumentPage:
    """Documents and laws by title, paginated."""
    params = {"offset": offset, "limit": limit, "in_corpus": in_corpus}
    items = [DocumentSummary(**r) for r in store.read("list_documents", params).records()]
    total = int(store.read("count_documents", {"in_corpus": in_corpus}).scalar() or 0)
    nxt = offset + limit if offset + limit < total else None
    return DocumentPage(items=items, total=total, offset=offset, limit=limit, next_offset=nxt)


@router.get("/documents/{doc_id}", response_model=DocumentDetail,
            responses={404: {"model": ErrorBody, "description": "Unknown id"}})
def get_document(doc_id: str, store: Store) -> DocumentDetail:
    """One document or law."""
    return fetch_document(store, doc_id)


@router.get("/documents/{doc_id}/citations", response_model=CitationsWithTree,
            responses={404: {"model": ErrorBody, "description": "Unknown id"}})
def document_citations(
    doc_id: str,
    store: Store,
    direction: Annotated[Direction, Query(description="out: what it cites; in: who cites it; both.")] = "both",
    depth: Annotated[int, Query(ge=1, le=3, description="Hops to follow, transitively (1-3).")] = 1,
) -> CitationsWithTree:
    """What the document cites and what cites it (direct, with evidence), and the transitive tree.

    `cites` and `cited_by` are always the direct citations; `tree` follows
    `direction` for `depth` hops (queries `what_it_cites` and `who_cites`),
    each edge with its evidence sentence.
    """
    doc = fetch_document(store, doc_id)
    cites = [CitationEdge(**r) for r in store.read("document_cites", {"id": doc_id}).records()]
    cited_by = [CitationEdge(**r) for r in store.read("document_cited_by", {"id": doc_id}).records()]
    tree = citation_tree(store, {"id": doc.id, "type": doc.type, "title": doc.title}, direction, depth)
    return CitationsWithTree(id=doc.id, title=doc.title, cites=cites, cited_by=cited_by, tree=tree)
