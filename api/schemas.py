"""Pydantic response models of the HTTP API (what /openapi.json describes)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from nlp.models import Extraction


class ErrorBody(BaseModel):
    """Every error response: a machine-readable code and a message for people."""

    error: str
    detail: str


class Health(BaseModel):
    status: str
    backend: str
    nodes: int
    relationships: int


class DocumentSummary(BaseModel):
    id: str
    type: str
    title: str
    kind: str | None = None
    date: str | None = None
    period: str | None = None
    source: str | None = None
    in_corpus: bool = False
    level: str | None = Field(None, description="法律, 行政法规, 部门规章, 地方性法规, 司法解释, 宪法…")
    status: str | None = Field(None, description="有效 or 失效 (the index's expired flag, or a reprint's 时效性).")
    effective: str | None = Field(None, description="The date it takes effect (施行, 自…起施行).")


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    total: int
    offset: int
    limit: int
    next_offset: int | None = Field(None, description="Offset of the next page, null on the last.")


class VersionOut(BaseModel):
    """One dated version of a work: the header line that made it, when it was in force, and its text's file."""

    id: str
    date: str
    action: str | None = Field(None, description="通过, 公布, 修正, 修订 or 批准.")
    ordinal: int | None = Field(None, description="第N次修正/修订: N.")
    body: str | None = None
    decision: str | None = Field(None, description="The amending decision (关于修改《…》的决定).")
    number: str | None = None
    effective: str | None = None
    in_force_from: str | None = Field(None, description="Its effective date, else its own date.")
    in_force_until: str | None = Field(None, description="The next version's start, or the work's repeal.")
    status: str = Field(description="现行 (in force now), 已修改 (superseded by a later version) or 失效.")
    source: str | None = Field(None, description="The corpus file holding this version's text, if any.")
    start: int | None = None
    end: int | None = None
    in_corpus: bool = False


class DocumentDetail(DocumentSummary):
    aliases: list[str] = Field(default_factory=list)
    start: int | None = None
    end: int | None = None
    cites: int = 0
    cited_by: int = 0
    number: str | None = None
    issuers: list[str] = Field(default_factory=list)
    published: str | None = None
    version: str | None = Field(None, description="The date of the version this node's text is.")
    expired: str | None = None
    as_of: str | None = Field(None, description="The date asked for with ?as_of=.")
    in_force: VersionOut | None = Field(None, description="With ?as_of=: the version in force on that date.")
    as_of_note: str | None = Field(None, description="With ?as_of=: why no version was in force, if none was.")


class VersionList(BaseModel):
    """A work's dated versions, oldest first; `repealed` when a text repeals it or the index says 失效."""

    id: str
    title: str
    status: str | None = None
    repealed_on: str | None = None
    repealed_by: str | None = None
    versions: list[VersionOut]


class Evidence(BaseModel):
    """Where a relationship was read: the sentence, the document it is in, and its offsets in the file's text."""

    sentence: str | None = None
    doc: str | None = Field(None, description="Id of the document the evidence sentence is in.")
    start: int | None = Field(None, description="Offset of the sentence in the source file's text.")
    end: int | None = None


class CitationEdge(Evidence):
    """A cited or citing document, with the sentence that makes the link and how it cites."""

    id: str
    type: str
    title: str
    source: str | None = None
    kind: str | None = Field(None, description="依据, 贯彻, 参照, 废止, 修改 or 提及 (nlp.legal.cite_kind).")
    version_in_force: str | None = Field(
        None, description="The date of the cited law's version in force on the citing document's date, "
        "where both are known.")


class Citations(BaseModel):
    id: str
    title: str
    cites: list[CitationEdge]
    cited_by: list[CitationEdge]


# -- pagination ---------------------------------------------------------------


class Page(BaseModel):
    """Where a page sits: `next_offset` is null on the last page."""

    offset: int
    limit: int
    next_offset: int | None = Field(None, description="Offset of the next page, null on the last.")


# -- search --------------------------------------------------------------------


class SearchHit(BaseModel):
    """An entity or document whose name, alias or title matches the query."""

    id: str
    type: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    documents: int = Field(0, description="How many documents it appears in.")
    match: str = Field(description="exact_name, exact_alias, name_prefix, name, alias or fulltext.")
    score: float = Field(description="Comparable within a response: the match tier (5 exact_name, 4 exact_alias, "
                         "3 name_prefix, 2 name, 1 alias, 0 fulltext) plus a fraction below 1 from the full-text "
                         "score.")
    href: str = Field(description="API path of the entity.")


class SearchPage(Page):
    query: str
    items: list[SearchHit]


# -- entities ------------------------------------------------------------------


class RelationCount(BaseModel):
    rel: str
    direction: str = Field(description="out: the entity is the head; in: the tail.")
    count: int
    neighbours: int


class Neighbour(Evidence):
    """A neighbour over one relationship, with the evidence of that relationship."""

    id: str
    type: str
    name: str
    rel: str
    direction: str = Field(description="out: entity -[rel]-> neighbour; in: neighbour -[rel]-> entity.")
    source: str | None = None
    href: str


class EntityDetail(Page):
    """An entity with its aliases, properties, relationship counts and a page of neighbours."""

    id: str
    type: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict, description="Type-specific facts (date, year, unit…).")
    documents: list[str] = Field(default_factory=list, description="Ids of the documents it appears in.")
    counts: list[RelationCount]
    neighbours: list[Neighbour]
    view: str = Field(description="Path of the HTML view.")


# -- citations -----------------------------------------------------------------


class TreeNode(BaseModel):
    id: str
    type: str
    title: str
    depth: int = Field(description="Hops from the root document (0 for the root).")


class TreeEdge(Evidence):
    """One CITES edge of the tree: `source` cites `target`, read in `sentence`."""

    source: str
    target: str
    depth: int = Field(description="Distance of the edge from the root (1: touches it).")
    direction: str = Field(description="out: reached following citations; in: reached following citers.")
    file: str | None = None
    kind: str | None = Field(None, description="How the source cites the target (依据, 贯彻, 参照, 废止, 修改, 提及).")
    text_id: str | None = Field(None, description="The stored text `start`/`end` are offsets in (one version's "
                                                  "file): `GET /documents/{doc}/text?text=<text_id>`.")


class CitationTree(BaseModel):
    direction: str
    depth: int
    nodes: list[TreeNode]
    edges: list[TreeEdge]
    truncated: bool = False


class CitationsWithTree(Citations):
    """Direct citations both ways (`cites`, `cited_by`) plus the transitive tree for `direction` and `depth`."""

    tree: CitationTree


# -- agencies, regions, programs -------------------------------------------------


class Ref(BaseModel):
    id: str
    type: str
    name: str


class IssuedDocument(BaseModel):
    id: str
    type: str
    title: str
    date: str | None = None
    kind: str | None = None
    coissuers: list[Ref]
    sentence: str | None = None


class CoIssuer(BaseModel):
    id: str
    type: str
    name: str
    documents: int
    examples: list[str]


class AgencyDocuments(Page):
    agency: Ref
    items: list[IssuedDocument]
    coissuers: list[CoIssuer] = Field(description="Who issued documents jointly with the agency, most often first.")


class RegionDocument(BaseModel):
    id: str
    type: str
    title: str
    date: str | None = None
    kind: str | None = None
    regions: list[str] = Field(description="The region or sub-regions the document mentions.")
    sentence: str | None = None


class RegionDocuments(Page):
    region: Ref
    items: list[RegionDocument]


class TargetItem(Evidence):
    """A quantitative target, the document that sets it and the sentence it is read from."""

    id: str
    name: str
    year: int | None = None
    value: float | int | None = None
    unit: str | None = None
    comparator: str | None = None
    metric: str | None = None
    document: str
    document_title: str
    source: str | None = None


class TargetPage(Page):
    region: Ref | None = None
    items: list[TargetItem]


# -- paths -----------------------------------------------------------------------


class PathEdge(BaseModel):
    rel: str
    source: str
    target: str
    sentence: str | None = None
    doc: str | None = None


class PathResult(BaseModel):
    length: int
    nodes: list[Ref]
    edges: list[PathEdge]


# -- ad-hoc Cypher -----------------------------------------------------------------


def _no_nul(value: str) -> str:
    """Refuse NUL characters: FalkorDB passes query text and parameters as C strings, which a NUL cuts short."""
    if "\x00" in value:
        raise ValueError("NUL characters (\\u0000) are not allowed")
    return value


def _plain_strings(value: Any) -> Any:
    """Refuse, anywhere in a JSON value, strings with a NUL or a lone surrogate (JSON allows `\\ud800`; UTF-8 not).

    Iterative, so that a value nested hundreds deep is checked (and later refused with 400 by the query's
    parameter limits, `graph.bounds`) instead of raising RecursionError.
    """
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            _no_nul(item)
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError("strings must be valid Unicode (a lone surrogate is not)") from exc
        elif isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return value


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000, description="One read-only Cypher statement.")
    params: dict[str, Any] = Field(default_factory=dict, description="Query parameters ($name).")

    @field_validator("query")
    @classmethod
    def query_has_no_nul(cls, value: str) -> str:
        return _no_nul(value)

    @field_validator("params")
    @classmethod
    def params_are_plain(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _plain_strings(value)


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = Field(description="True when the row cap cut the result.")
    row_cap: int
    timeout_ms: int


# -- ingest --------------------------------------------------------------------------


class IngestRequest(BaseModel):
    text: str = Field(min_length=1, description="The policy text, UTF-8.")
    source: str | None = Field(None, max_length=500, description="Where the text came from (file name, URL).")

    @field_validator("text", "source")
    @classmethod
    def has_no_nul(cls, value: str | None) -> str | None:
        # An uploaded file with NUL bytes is refused as binary; posted JSON text is held to the same rule.
        return None if value is None else _no_nul(value)


class IngestResult(BaseModel):
    """What was extracted from the posted text and written to the graph."""

    source: str
    extraction: Extraction
    documents: int
    entities: int
    relations: int
