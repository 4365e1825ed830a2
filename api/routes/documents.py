"""Documents: list, one, and what it cites and is cited by."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse

from api.citations import Direction, citation_tree
from api.deps import Store
from api.legal import in_force_on, versions_of
from api.schemas import (
    CitationEdge,
    CitationsWithTree,
    CitationTree,
    DocumentDetail,
    DocumentPage,
    DocumentSummary,
    ErrorBody,
    VersionList,
)
from api.sourceview import parse_span, render_source, source_page
from graph.store import GraphStore

_DAY = r"^\d{4}-\d{2}-\d{2}$"

router = APIRouter(tags=["documents"])


def fetch_document(store: GraphStore, doc_id: str) -> DocumentDetail:
    """The document or law `doc_id`, or a 404."""
    rows = store.read("get_document", {"id": doc_id}).records()
    if not rows:
        raise HTTPException(status_code=404, detail=f"no document with id {doc_id!r}")
    row = rows[0]
    row["aliases"] = row.get("aliases") or []
    row["issuers"] = row.get("issuers") or []
    return DocumentDetail(**row)


@router.get("/documents", response_model=DocumentPage)
def list_documents(
    store: Store,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    in_corpus: Annotated[bool | None, Query(description="true: texts ingested in full; false: only cited")] = None,
    valid_on: Annotated[str | None, Query(pattern=_DAY, description="In force on this date (YYYY-MM-DD).")] = None,
    level: Annotated[str | None, Query(max_length=20, description="法律, 行政法规, 部门规章, 地方性法规…")] = None,
    issuer: Annotated[str | None, Query(max_length=100, description="Issued by this body (its name).")] = None,
) -> DocumentPage:
    """Documents and laws by title, paginated; filtered by the date they are in force on, level and issuer."""
    filters = {"in_corpus": in_corpus}
    if valid_on is None and level is None and issuer is None:
        rows = store.read("list_documents", {"offset": offset, "limit": limit, **filters}).records()
        total = int(store.read("count_documents", filters).scalar() or 0)
    else:
        filters |= {"valid_on": valid_on, "level": level, "issuer": issuer}
        rows = store.read("filter_documents", {"offset": offset, "limit": limit, **filters}).records()
        total = int(store.read("count_filtered_documents", filters).scalar() or 0)
    items = [DocumentSummary(**r) for r in rows]
    nxt = offset + limit if offset + limit < total else None
    return DocumentPage(items=items, total=total, offset=offset, limit=limit, next_offset=nxt)


@router.get("/documents/{doc_id}", response_model=DocumentDetail,
            responses={404: {"model": ErrorBody, "description": "Unknown id"}})
def get_document(
    doc_id: str,
    store: Store,
    as_of: Annotated[str | None, Query(pattern=_DAY, description="The version in force on this date.")] = None,
) -> DocumentDetail:
    """One document or law; with `as_of`, the version in force on that date (or why none was)."""
    doc = fetch_document(store, doc_id)
    if as_of is not None:
        version, note = in_force_on(versions_of(store, doc), as_of)
        doc = doc.model_copy(update={"as_of": as_of, "in_force": version, "as_of_note": note})
    return doc


@router.get("/documents/{doc_id}/versions", response_model=VersionList,
            responses={404: {"model": ErrorBody, "description": "Unknown id"}})
def document_versions(doc_id: str, store: Store) -> VersionList:
    """The dated versions of a work (a law): action, amending decision, when each was in force, its file."""
    return versions_of(store, fetch_document(store, doc_id))


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
    return CitationsWithTree(id=doc.id, title=doc.title, cites=_with_versions_cited(store, doc, cites),
                             cited_by=_with_versions_cited_by(store, doc, cited_by), tree=tree)


# the most cited laws a citations answer resolves to their versions (each costs a versions query)
_MAX_LAWS_RESOLVED = 50


_TEXT_ERRORS = {404: {"description": "Unknown document, or one with no stored text (the reason is given)",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}},
                422: {"description": "Invalid parameters",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}}


@router.get("/documents/{doc_id}/text", response_class=HTMLResponse, responses=_TEXT_ERRORS)
def document_text(
    doc_id: str,
    store: Store,
    hl: Annotated[str | None, Query(pattern=r"^\d{1,12}-\d{1,12}$",
                                    description="START-END: the evidence span to mark (file offsets).")] = None,
    text: Annotated[str | None, Query(pattern=r"^[0-9a-f]{32}$",
                                      description="The stored text the offsets were read in, when not the "
                                                  "document's current one (evidence from an older version's file).")]
    = None,
) -> HTMLResponse:
    """The document's text as ingested (the text evidence offsets refer to), every sentence an anchor `#o<start>`;
    `hl=START-END` marks a span. Evidence tables in the views link here."""
    try:
        span = parse_span(hl)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return HTMLResponse(render_source(source_page(store, doc_id, text, span)))


def _in_force_date(store: GraphStore, law: DocumentDetail, day: str | None) -> str | None:
    if not day:
        return None
    version, _ = in_force_on(versions_of(store, law), day)
    return version.date if version else None


def _with_versions_cited(store: GraphStore, doc: DocumentDetail, edges: list[CitationEdge]) -> list[CitationEdge]:
    """Each cited law with the version in force on the citing document's date."""
    day = doc.date or doc.published
    if not day:
        return edges
    laws = [e for e in edges if e.type == "Law"][:_MAX_LAWS_RESOLVED]
    dates = {e.id: _in_force_date(store, fetch_document(store, e.id), day) for e in laws}
    return [e.model_copy(update={"version_in_force": dates.get(e.id)}) for e in edges]


def _with_versions_cited_by(store: GraphStore, doc: DocumentDetail,
                            edges: list[CitationEdge]) -> list[CitationEdge]:
    """For a law: each citing document with the law's version in force on that document's date."""
    if doc.type != "Law" or not edges:
        return edges
    versions = versions_of(store, doc)
    if not versions.versions:
        return edges
    days = {r["id"]: r["date"] for r in store.read("document_dates", {"ids": sorted({e.id for e in edges})}).records()}
    out = []
    for e in edges:
        version, _ = in_force_on(versions, days[e.id]) if days.get(e.id) else (None, None)
        out.append(e.model_copy(update={"version_in_force": version.date if version else None}))
    return out


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
                                  start=e.start, end=e.end, source=e.file, kind=e.kind))
    # The named statements order by title, then start (nulls last, as Cypher does).
    return sorted(edges, key=lambda c: (c.title, c.start is None, c.start or 0))
