"""The extractor's output: the boundary between `nlp/` and everything else.

The JSON form of `Extraction` is what `../shared/eval/score.py` reads
(GUIDELINES.md, "The extractor's output").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

EntityType = Literal["Agency", "Organization", "Region", "Program", "Document", "Law", "Target"]
RelationType = Literal["ISSUES", "CITES", "TARGETS", "MENTIONS", "PART_OF", "AMENDS", "SUCCEEDED_BY"]
ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]
RELATION_TYPES: tuple[str, ...] = RelationType.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class RelationPattern:
    """An allowed relation: any of `heads` -[`relation`]-> any of `tails`."""

    heads: tuple[str, ...]
    relation: str
    tails: tuple[str, ...]


#: The graph's schema: every relation the extractor may emit, the loader writes and the API
#: traverses (GUIDELINES.md, "Relation types"). A new relation or a new head/tail type goes here.
PATTERNS: tuple[RelationPattern, ...] = (
    RelationPattern(("Agency", "Organization"), "ISSUES", ("Document", "Law")),
    RelationPattern(("Document", "Law"), "CITES", ("Document", "Law")),
    RelationPattern(("Document", "Law"), "TARGETS", ("Target",)),
    # MENTIONS of bodies travel in Extraction.links (GUIDELINES scores MENTIONS for programs and places)
    RelationPattern(("Document", "Law"), "MENTIONS", ("Program", "Region", "Agency", "Organization")),
    RelationPattern(("Region",), "PART_OF", ("Region",)),
    # an amending decision (关于修改《…》的决定) named in a law's header amends the work; attrs: date, ordinal
    RelationPattern(("Document", "Law"), "AMENDS", ("Law",)),
    # a former body and the one it became (nlp/data/former_bodies.tsv); a link, not scored
    RelationPattern(("Agency",), "SUCCEEDED_BY", ("Agency",)),
)


def pattern(relation: str) -> RelationPattern:
    """The pattern of `relation` (KeyError for an unknown relation)."""
    for p in PATTERNS:
        if p.relation == relation:
            return p
    raise KeyError(relation)


#: Who issues (the heads of ISSUES) and what is a titled text (the heads of CITES): read by the API and views.
ISSUER_TYPES: tuple[str, ...] = PATTERNS[0].heads
DOCUMENT_TYPES: tuple[str, ...] = PATTERNS[1].heads


# every (head type, relation, tail type) the patterns admit: each relation of an extraction is checked
_ALLOWED: frozenset[tuple[str, str, str]] = frozenset(
    (h, p.relation, t) for p in PATTERNS for h in p.heads for t in p.tails)


def allowed(head: str, relation: str, tail: str) -> bool:
    """True when (head type, relation, tail type) is in `PATTERNS`."""
    return (head, relation, tail) in _ALLOWED


def entity_id(etype: str, name: str) -> str:
    """The stable key of an entity in the graph: the same (type, name) always gives the same id."""
    return hashlib.sha1(f"{etype}|{name}".encode()).hexdigest()[:16]


class Mention(BaseModel):
    """One occurrence in the source text; `text == source_text[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Mention:
        if self.end < self.start:
            raise ValueError("mention end before start")
        return self


class Entity(BaseModel):
    """An entity with its canonical name, the other names it goes by, and where it occurs.

    `attrs` holds type-specific facts: for a Target `year`, `value`, `unit`,
    `comparator`, `metric`; for a Document `kind`, `period`, `date`.
    """

    type: EntityType
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    attrs: dict[str, Any] = Field(default_factory=dict)

    @property
    def id(self) -> str:
        return entity_id(self.type, self.name)


class EntityRef(BaseModel):
    """A typed pointer to an entity by canonical name."""

    type: EntityType
    name: str

    @property
    def id(self) -> str:
        return entity_id(self.type, self.name)


class Evidence(BaseModel):
    """Where a relation was read: the document, the sentence and its offsets in the file's text."""

    document: str
    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Relation(BaseModel):
    """A directed, typed edge between two entities, with its evidence.

    A TARGETS relation carries the goal's own facts in `attrs` (metric, comparator, value, unit, year
    and the offsets of its number): a Target entity is named by its key `YEAR|VALUE|UNIT` alone, which
    several goals of a file may share, so what is particular to one goal of one document rides here.
    A CITES relation carries its `kind` (依据, 贯彻, 参照, 废止, 修改, 提及: `nlp.legal.cite_kind`); an AMENDS
    relation the amendment's `date` and `ordinal`.
    """

    type: RelationType
    head: EntityRef
    tail: EntityRef
    evidence: Evidence
    attrs: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _in_schema(self) -> Relation:
        if not allowed(self.head.type, self.type, self.tail.type):
            raise ValueError(f"{self.head.type} -{self.type}-> {self.tail.type} is not in nlp.models.PATTERNS")
        return self


class VersionInfo(BaseModel):
    """One dated version of a law (a work): the header line that made it (通过/公布/修正/修订…), the body
    that acted, the amending decision, and `in_file` for the version this file's text is."""

    date: str
    action: str
    ordinal: int | None = None
    body: str | None = None
    decision: str | None = None
    number: str | None = None
    effective: str | None = None
    expired: bool | None = None
    in_file: bool = False


class DocumentInfo(BaseModel):
    """One policy text inside a file (a briefing holds several).

    `type` is `Law` for a statute or regulation, else `Document`; `id` is
    `entity_id(type, title)`, so the text and every citation of it are one node.
    """

    id: str
    type: Literal["Document", "Law"] = "Document"
    title: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: str | None = None
    date: str | None = None
    period: str | None = None
    number: str | None = None
    issuers: list[str] = Field(default_factory=list)
    addressees: list[str] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)
    effective: str | None = None
    status: str | None = None
    level: str | None = None
    place: str | None = None
    published: str | None = None
    version: str | None = None
    expired: str | None = None
    versions: list[VersionInfo] = Field(default_factory=list)


class Extraction(BaseModel):
    """Everything extracted from one file."""

    source: str
    documents: list[DocumentInfo] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    #: Links the graph keeps but GUIDELINES.md does not score (a document MENTIONS the agencies and
    #: organizations it names), apart so that the scorer's figures keep to the guidelines.
    links: list[Relation] = Field(default_factory=list)

    def all_relations(self) -> list[Relation]:
        """The relations and the links: everything the graph holds between entities."""
        return [*self.relations, *self.links]
