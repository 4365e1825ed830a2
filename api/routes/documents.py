"""Documents: list, one, and what it cites and is cited by."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.citations import Direction, citation_tree
from api.deps import Store
from api.schemas import (
    CitationEdge,
    CitationsWithTree,
    CitationTree,
    DocumentDetail,
    DocumentPage,
    DocumentSummary,
    ErrorBody,
)
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
    tree = citation_tree(store, {"id": doc.id, "type": doc.type, "title": doc.title}, direction, depth)
    # The tree's depth-1 edges are the direct citations: taken from it, they cost no extra round trip.
    cites = _direct(tree, doc.id, "out")
    if cites is None:
        cites = [CitationEdge(**r) for r in store.read("document_cites", {"id": doc_id}).records()]
    cited_by = _direct(tree, doc.id, "in")
    if cited_by is None:
        cited_by = [CitationEdge(**r) for r in store.read("document_cited_by", {"id": doc_id}).records()]
    return CitationsWithTree(id=doc.id, title=doc.title, cites=cites, cited_by=cited_by, tree=tree)


def _direct(tree: CitationTree, root: str, way: Direction) -> list[CitationEdge] | None:
    """The direct citations `way` (out: what root cites; in: who cites root) as `document_cites` /
    `document_cited_by` return them, read off a depth-1 tree; None when the tree lacks that way, was truncated
    or is deeper (with cycles, a deeper tree can carry an edge at depth 1 that is not a direct citation)."""
    if tree.depth != 1 or tree.truncated or tree.direction not in (way, "both"):
        return None
    nodes = {n.id: n for n in tree.nodes}
    edges = []
    for e in tree.edges:
        if e.direction != way or e.depth != 1:
            continue
        other = e.target if way == "out" else e.source
        if (e.source if way == "out" else e.target) != root:
            continue
        node = nodes[other]
        edges.append(CitationEdge(id=other, type=node.type, title=node.title, sentence=e.sentence, doc=e.doc,
                                  start=e.start, end=e.end, source=e.file))
    # The named statements order by title, then start (nulls last, as Cypher does).
    return sorted(edges, key=lambda c: (c.title, c.start is None, c.start or 0))
