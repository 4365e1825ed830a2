"""The typed contract between the extractor's stages: what each component reads and writes.

Every component of `nlp.pipeline` works on one `DocState` (``state(doc)``), a slotted dataclass
held in ``doc.user_data``; the records in it are frozen, slotted dataclasses. Why dataclasses
and not spaCy's ``doc.spans`` groups: candidates are character spans that often do not fall on
jieba token boundaries (a name's left edge is found by scanning characters, 三|江县 is cut inside a
token), and a Span is token-aligned, so ``char_span`` would move or drop them; candidates of all
types also overlap freely until `nlp.resolve` picks among them. The state never leaves the worker
process: the last component replaces it with the plain result dict (msgpack-safe for
``nlp.pipe(n_process=N)``).

Stages, in order (see `nlp/README.md` for the map):

    lexicon      -> hits, bounds
    documents    -> docs (nlp.anatomy for official documents), publishers, quiet (boilerplate)
    jurisdiction -> DocSpan.place, cands for the forms relative to it (市委, 我市, 市发展改革委)
    regions, agencies, organizations, titles, programs -> cands (+ title_aliases, short_refs,
                  implied_issuers, periods from titles)
    targets      -> targets, in the goal scopes of nlp.goals
    ner, model   -> (only with POLICYKG_NER_MODEL) cands from a trained model where no rule proposed one
    resolve    -> mentions
    output     -> the result (nlp.models.Extraction as a dict), relations by the rules of nlp.relations
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from spacy.tokens import Doc

STATE = "policykg"


class Origin(IntEnum):
    """Where a candidate came from. Among overlapping candidates of the same length the lower value
    wins (`nlp.resolve.select`), so the order of the members is the order of trust."""

    OWN_TITLE = -2  # a document's own title line, or the body of its （来源：…） line
    SHORT_REF = -1  # a generic short title (《规划》, 《纲要》), resolved to a document later
    TITLE = 0  # a 《》 title, or an acronym declared after one
    TITLE_LEXICON = 1  # a known law or document name; a five-year-plan name
    TITLE_PATTERN = 2  # a title found by its shape without 《》 (…实施方案, 报告指出)
    AGENCY = 10  # the agency lexicon and the local-government patterns
    ORGANIZATION_LEXICON = 20  # the organization lexicon; an agency's unit found by an organization suffix
    ORGANIZATION_PATTERN = 21  # an organization found by its suffix
    ORGANIZATION_EXEMPLAR = 22  # an item of an exemplar list (…、…等一批龙头企业)
    REGION = 30  # the region lexicon
    REGION_PATTERN = 31  # a region found by its suffix
    PROGRAM_LEXICON = 35  # the program lexicon
    PROGRAM = 40  # a program found by its kind word or quotes
    PROGRAM_ENUMERATION = 41  # an item of an enumeration that shares one kind word
    PROGRAM_QUOTED = 42  # a quoted scheme found by its context (实施“…”)
    MODEL = 50  # the optional trained NER stage (nlp.ner): a span no rule proposed, after the rules' filters

    @property
    def from_lexicon(self) -> bool:
        """True for the organization and program lexicons: names a statute may mention as names."""
        return self in (Origin.ORGANIZATION_LEXICON, Origin.PROGRAM_LEXICON)


@dataclass(frozen=True, slots=True)
class Ref:
    """An entity by type and canonical name: the head or tail of a relation."""

    type: str
    name: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon surface found in the text: `short` when it is a short form (南宁 for 南宁市) that
    counts only on token boundaries."""

    start: int
    end: int
    type: str
    canonical: str
    short: bool


@dataclass(frozen=True, slots=True, order=True)
class Candidate:
    """A proposed entity mention; `nlp.resolve` keeps a non-overlapping subset. Ordered by position."""

    start: int
    end: int
    type: str
    canonical: str
    origin: Origin


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """A kept mention, assigned to the document (index into `DocState.docs`) that holds it."""

    start: int
    end: int
    type: str
    canonical: str
    doc: int


@dataclass(frozen=True, slots=True)
class TitleAlias:
    """A short name declared for a title (《X》（以下简称《Y》）, an acronym after it) at `pos`."""

    pos: int
    alias: str
    canonical: str
    type: str


@dataclass(frozen=True, slots=True)
class ShortRef:
    """A generic short title (《规划》) at [start, end): the document it means is decided per document."""

    start: int
    end: int
    short: str


@dataclass(frozen=True, slots=True)
class ImpliedIssuer:
    """A document whose name makes its issuer plain (国家发展改革委工作计划): `agency` issues it."""

    pos: int
    document: str
    agency: str


@dataclass(frozen=True, slots=True)
class TargetFound:
    """A quantitative goal at [start, end): its key `YEAR|VALUE|UNIT` and facts (metric, comparator…);
    `metric_at` is where its metric's text begins (before the number or after it)."""

    start: int
    end: int
    key: str
    attrs: dict[str, Any]
    metric_at: int = -1


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch [start, end) of the file's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class NamedLine:
    """A body named on a line of its own: a （来源：…） line or a briefing's 主编/联合主编 line."""

    start: int
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class LawEvent:
    """A dated line of a law's header (`nlp.legal`): `action` 通过/公布/批准/修正/修订/施行, the `ordinal` of an
    amendment (第三次修订: 3), the `body` that acted, the amending `decision`'s title, a decree `number`."""

    date: str
    action: str
    ordinal: int | None
    body: str | None
    decision: str | None
    number: str | None
    start: int
    end: int


@dataclass(slots=True)
class DocSpan:
    """One policy text inside the file, as `nlp.documents` splits it.

    `title_span` is where the title text stands in the file (None when the title was made up, as for a
    work report without a title line); `header_end` ends a law's header (通过/公布 lines); `issuer` is
    the body a report is given by; `report` marks a government work report, `region` its place.
    From an official document's anatomy (`nlp.anatomy`): `number` (文号), `issuers` (the bodies its
    header, reprint fields or signature name, as written), `addressees` (主送机关), `attachments`
    (the titles it lists or 印发s), `effective` date, `status` and `level` from a reprint, and
    `parent`: the index of the notice that issues this attachment. `place` is the jurisdiction the
    document speaks for (a region's canonical name), None when national or unknown.
    Legal status (`nlp.legal`): `published` (公布/发布 date), `version` (the date of the version this text
    is: a law file's name, else its last header line), `expired` (the date it stopped being in force,
    where known; `status` 失效 says so when only the index knows it), `events` (a law's
    header lines, each a version of the work).
    """

    start: int
    end: int
    title: str
    type: str = "Document"
    kind: str | None = None
    date: str | None = None
    period: str | None = None
    title_span: tuple[int, int] | None = None
    source: NamedLine | None = None
    issuer: str | None = None
    report: bool = False
    region: str | None = None
    header_end: int | None = None
    number: str | None = None
    issuers: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    effective: str | None = None
    status: str | None = None
    level: str | None = None
    parent: int | None = None
    official: bool = False
    place: str | None = None
    published: str | None = None
    version: str | None = None
    expired: str | None = None
    events: tuple[LawEvent, ...] = ()


@dataclass(slots=True)
class DocState:
    """Everything the components pass on, by stage (see the module docstring)."""

    hits: list[Hit] = field(default_factory=list)
    bounds: set[int] | frozenset[int] = field(default_factory=frozenset)
    # the tokens as strings and their start offsets (iterating a spaCy Doc makes a Token object per word)
    words: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    docs: list[DocSpan] = field(default_factory=list)
    publishers: list[NamedLine] = field(default_factory=list)
    cands: list[Candidate] = field(default_factory=list)
    title_aliases: list[TitleAlias] = field(default_factory=list)
    short_refs: list[ShortRef] = field(default_factory=list)
    implied_issuers: list[ImpliedIssuer] = field(default_factory=list)
    periods: dict[str, str] = field(default_factory=dict)
    targets: list[TargetFound] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quiet: list[TextSpan] = field(default_factory=list)  # boilerplate: no entity comes from here

    def word_at(self, start: int) -> str | None:
        """The token that starts at `start`, or None when no token starts there."""
        i = bisect_left(self.starts, start)
        return self.words[i] if i < len(self.starts) and self.starts[i] == start else None

    def word_before(self, pos: int) -> str | None:
        """The last token that starts before `pos` (the word right before a name there), or None."""
        i = bisect_left(self.starts, pos)
        return self.words[i - 1] if i > 0 else None

    def aligned(self, start: int, end: int) -> bool:
        """True when [start, end) starts and ends on jieba token boundaries."""
        return start in self.bounds and end in self.bounds


def state(doc: Doc) -> DocState:
    """The extractor's working state on a Doc, made on first use."""
    st = doc.user_data.get(STATE)
    if st is None:
        st = doc.user_data[STATE] = DocState()
    return st


def drop_state(doc: Doc) -> None:
    """Forget the working state (only the result crosses process boundaries)."""
    doc.user_data.pop(STATE, None)
