"""Pydantic response models of the HTTP API (what /openapi.json describes)."""

from __future__ import annotations

from pydantic import BaseModel, Field


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


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    total: int
    offset: int
    limit: int
    next_offset: int | None = Field(None, description="Offset of the next page, null on the last.")


class DocumentDetail(DocumentSummary):
    aliases: list[str] = Field(default_factory=list)
    start: int | None = None
    end: int | None = None
    cites: int = 0
    cited_by: int = 0


class CitationEdge(BaseModel):
    """A cited or citing document, with the sentence that makes the link."""

    id: str
    type: str
    title: str
    sentence: str | None = None
    doc: str | None = Field(None, description="Id of the document the evidence sentence is in.")
    start: int | None = None
    end: int | None = None
    source: str | None = None


class Citations(BaseModel):
    id: str
    title: str
    cites: list[CitationEdge]
    cited_by: list[CitationEdge]
