"""Relation rules: ISSUES, CITES, TARGETS, MENTIONS, PART_OF and AMENDS, each read from one document's mentions.

Every rule is a small function over a `DocContext` (one document of the file, its mentions and the
collector `nlp.output.Output`), listed in `RULES` in the order they run. A rule marked `fallback`
runs only when no rule before it found who issued the document itself: the `（来源：…）` body is an
issuer only when nothing else names one. ISSUES comes from titles of the form 《X关于…》, from a
name that implies its issuer, from issuing verbs (the bodies in the clause before
印发/发布/出台/联合印发/制定/审议通过/提请审议), from the presenter line under a title
(国家发展和改革委员会主任 何立峰), from a law's header (…常务委员会…通过, 国务院令…公布) and from a
report's issuing government. A place as issuer (济南市发布…) is its people's government.

To add a relation rule: write `def rule(ctx: DocContext) -> None` here, add it to `RULES` where it
belongs in the order, and check that its (head, relation, tail) types are in `nlp.models.PATTERNS`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nlp import words
from nlp.agencies import agency_name
from nlp.goals import work_plan_start
from nlp.legal import cite_kind
from nlp.lexicon import get_lexicon
from nlp.regions import part_of_pairs
from nlp.resolve import classify_body
from nlp.state import DocSpan, DocState, Mention, Ref
from nlp.text import fold_title, sentence_at

if TYPE_CHECKING:
    from nlp.output import Output

_ISSUE_VERB = re.compile(rf"(?:{words.alternation('issuing_verbs')}|(?:(?<=会议)|(?<=委员会)|(?<=常委会))通过)")
_CLAUSE = re.compile(r"[，,：:（(]")
_ABOUT = re.compile(r"^(.{2,40}?)关于")
_PRESENTER = re.compile(
    rf"^[ \t]*(\S.{{1,40}}?)\s*(?:{words.alternation('presenter_titles')})"
    r"\s*[\u4e00-\u9fff]{1,2}\s?[\u4e00-\u9fff]{1,2}[ \t]*$", re.M
)
# a medium or a department's internal unit on a 来源 line reprints the text; it does not issue it
_REPRINTER = re.compile(rf"(?:{words.alternation('media_suffixes', 'subunit_suffixes')})$")
_LAW_ISSUE = re.compile(words.alternation("law_header_verbs"))
_ON_BEHALF = re.compile(r"我代表[\u4e00-\u9fff]{0,16}?(?:人民政府|国务院)")
_SALUTATION = re.compile(r"\s*各位代表[\s：:！!，,]*")
# how far into a report the speaker's 我代表…人民政府 may stand
_SPEAKER_REACH = 6000
_CONNECTOR = re.compile(r"^\s*(?:、|和|与|及|以及|联合|会同|同|,|，)?\s*$")
_ADMIN = frozenset({"province", "prefecture", "county", "district"})
_AGENT = ("Agency", "Organization")
_TITLED = ("Document", "Law")
# how far (characters) an issuing verb may stand before the title it issues
_VERB_REACH = 8
_LONGEST_VERB = 6
# how far back from the verb its subject's clauses are looked for
_CLAUSE_REACH = 200
# how far (characters) under a title its presenter line may stand
_PRESENTER_REACH = 200


@dataclass(slots=True)
class DocContext:
    """One document of the file as the rules see it; `issuers` collects who issued the document itself."""

    text: str
    out: Output
    state: DocState
    doc: DocSpan
    own: Ref
    doc_id: str
    mentions: list[Mention]
    inherited: list[Ref] = field(default_factory=list)  # the issuers of the notice that issues this attachment
    issuers: list[Ref] = field(default_factory=list)

    def relate(self, rtype: str, head: Ref, tail: Ref, pos: int, attrs: dict | None = None,
               variant: str = "", cover: tuple[int, int] | None = None) -> None:
        """Record a relation of this document with its evidence at `pos` (covering `cover` when given);
        ISSUES of the document itself count as its issuers."""
        self.out.relation(rtype, head, tail, self.doc_id, pos, attrs, variant, cover)
        if rtype == "ISSUES" and tail == self.own:
            self.issuers.append(head)

    def sentence(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding `pos`."""
        return sentence_at(self.text, self.out.ends, pos)


@dataclass(frozen=True, slots=True)
class Rule:
    """One relation rule; a `fallback` rule runs only when no rule before it found the document's issuer."""

    name: str
    apply: Callable[[DocContext], None]
    fallback: bool = False


def _government(name: str) -> str | None:
    reg = get_lexicon().regions.get(name)
    return f"{name}人民政府" if reg is not None and reg.level in _ADMIN else None


def _within(ms: list[Mention], lo: int, hi: int) -> list[Mention]:
    """The mentions inside [lo, hi); `ms` is sorted by start (bisect: a long list stays linear)."""
    i = bisect_left(ms, lo, key=lambda m: m.start)
    out = []
    while i < len(ms) and ms[i].start < hi:
        if ms[i].end <= hi:
            out.append(ms[i])
        i += 1
    return out


def _agents(ms: list[Mention], lo: int, hi: int) -> list[Ref]:
    """Issuing bodies among mentions within [lo, hi): agencies/organizations, else places' governments."""
    inside = _within(ms, lo, hi)
    agents = [Ref(m.type, m.canonical) for m in inside if m.type in _AGENT]
    if agents:
        return list(dict.fromkeys(agents))
    govs = [_government(m.canonical) for m in inside if m.type == "Region"]
    return list(dict.fromkeys(Ref("Agency", g) for g in govs if g))


def _subject_group(text: str, ms: list[Mention], lo: int, hi: int) -> list[Ref]:
    """When the verb's clause names no body (…，会上发布了《…》): the nearest earlier clause's first
    body, with the bodies joined to it by 、/和/联合 (国家卫生健康委联合国家中医药局和国家疾控局…)."""
    clauses = [lo] + [c.end() for c in _CLAUSE.finditer(text, lo, hi)] + [hi]
    for a, b in reversed(list(zip(clauses, clauses[1:], strict=False))):
        inside = [m for m in _within(ms, a, b) if m.type in _AGENT + ("Region",)]
        if not inside:
            continue
        group = [inside[0]]
        for m in inside[1:]:
            if _CONNECTOR.match(text[group[-1].end:m.start]):
                group.append(m)
            else:
                break
        return _agents(group, group[0].start, group[-1].end)
    return []


def body_ref(name: str) -> Ref:
    """The entity a body named on its own stands for: a known agency or a place's body, a known
    organization, else by its suffix (…局 is an agency, …协会 an organization)."""
    agency = agency_name(name)
    if agency:
        return Ref("Agency", agency)
    org = get_lexicon().lookup(name, "Organization")
    return Ref("Organization", org) if org else Ref(*classify_body(name))


def _attachment_ref(ctx: DocContext, title: str) -> Ref:
    same = next((d for d in ctx.state.docs if fold_title(d.title) == fold_title(title)), None)
    return Ref(same.type, same.title) if same else Ref("Document", title)


# ---------------------------------------------------------------- the rules
def cites_and_mentions(ctx: DocContext) -> None:
    """CITES for every other title the document names (not the attachments it issues), with its kind
    (`nlp.legal.cite_kind`: 依据, 贯彻, 参照, 废止, 修改, 提及); MENTIONS for its programs and places,
    and (as links the guidelines do not score) for the agencies and organizations it names."""
    issued = {fold_title(t) for t in ctx.doc.attachments}
    for m in ctx.mentions:
        tail = Ref(m.type, m.canonical)
        if m.type in _TITLED and tail != ctx.own and fold_title(m.canonical) not in issued:
            s_start, _ = ctx.sentence(m.start)
            kind = cite_kind(ctx.text, m.start, m.end, s_start)
            ctx.relate("CITES", ctx.own, tail, m.start, {"kind": kind})
        elif m.type in ("Program", "Region"):
            ctx.relate("MENTIONS", ctx.own, tail, m.start)
        elif m.type in _AGENT:  # kept in the graph, not scored (GUIDELINES: MENTIONS of programs and places)
            ctx.out.relation("MENTIONS", ctx.own, tail, ctx.doc_id, m.start, link=True)


def issues_from_anatomy(ctx: DocContext) -> None:
    """The bodies an official document's header, reprint fields or signature name; an attachment is
    issued by the issuers of the notice that issues it."""
    pos = ctx.doc.title_span[0] if ctx.doc.title_span else ctx.doc.start
    for name in ctx.doc.issuers:
        ctx.relate("ISSUES", body_ref(name), ctx.own, pos)
    for head in ctx.inherited:
        ctx.relate("ISSUES", head, ctx.own, pos)


def issues_attachments(ctx: DocContext) -> None:
    """A notice that 印发s documents (its attachments) issues them, with its own issuers."""
    pos = ctx.doc.title_span[0] if ctx.doc.title_span else ctx.doc.start
    for title in ctx.doc.attachments:
        tail = _attachment_ref(ctx, title)
        for head in ctx.issuers:
            ctx.out.relation("ISSUES", head, tail, ctx.doc_id, pos)


def issues_from_about_titles(ctx: DocContext) -> None:
    """《X关于…》: X (a known agency, a place's body, or a known organization) issues the title."""
    lex = get_lexicon()
    for m in ctx.mentions:
        if m.type != "Document":
            continue
        am = _ABOUT.match(m.canonical)
        if not am:
            continue
        for part in re.split(r"[\s、]+", am.group(1)):
            agency = agency_name(part)
            org = None if agency else lex.lookup(part, "Organization")
            if agency or org:
                head = Ref("Agency", agency) if agency else Ref("Organization", org or "")
                ctx.relate("ISSUES", head, Ref(m.type, m.canonical), m.start)


def issues_implied(ctx: DocContext) -> None:
    """A document whose name makes its issuer plain (国家发展改革委工作计划)."""
    for imp in ctx.state.implied_issuers:
        if ctx.doc.start <= imp.pos < ctx.doc.end:
            ctx.relate("ISSUES", Ref("Agency", imp.agency), Ref("Document", imp.document), imp.pos)


def issues_by_verb(ctx: DocContext) -> None:
    """The bodies in the clause before an issuing verb that stands right before a title."""
    text, ms = ctx.text, ctx.mentions
    for m in ms:
        if m.type not in _TITLED:
            continue
        s_start, _ = ctx.sentence(m.start)
        # the verb ends at most _VERB_REACH before the title: look no further back than that
        w_start = max(s_start, m.start - _VERB_REACH - _LONGEST_VERB)
        window = text[w_start:m.start]
        verbs = list(_ISSUE_VERB.finditer(window))
        vm = verbs[-1] if verbs else None
        if vm is None or len(window) - vm.end() > _VERB_REACH:
            continue
        verb_pos = w_start + vm.start()
        clause_start = max(s_start, verb_pos - _CLAUSE_REACH)
        for cm in _CLAUSE.finditer(text, clause_start, verb_pos):
            clause_start = cm.end()
        # A发布的《X》、B发布的《Y》: Y's issuer stands after the title before it
        for prev in _within(ms, clause_start, verb_pos):
            if prev.type in _TITLED:
                clause_start = max(clause_start, prev.end)
        s_start = max(s_start, verb_pos - _CLAUSE_REACH)
        agents = _agents(ms, clause_start, verb_pos) or _subject_group(text, ms, s_start, clause_start)
        for head in agents:
            ctx.relate("ISSUES", head, Ref(m.type, m.canonical), m.start)


_OWN_ISSUE = re.compile(rf"(?:{words.alternation('report_own_issue_verbs')})(?:了|一揽子|一系列)?$")
_OTHERS_ISSUE = re.compile(rf"(?:{words.alternation('others_issue_leads')})$")


def issues_reported_own(ctx: DocContext) -> None:
    """In a work report, a document its government says it issued, the subject 我们 unstated
    (一揽子出台促进经济发展20条): the reporting government issues it."""
    if not (ctx.doc.report and ctx.doc.issuer):
        return
    text, ms = ctx.text, ctx.mentions
    own = Ref("Agency", ctx.doc.issuer)
    # what the work plan says it will issue is a commitment: cited, no issuer yet
    plan_at = work_plan_start(text, ctx.doc)
    review_end = plan_at if plan_at is not None else ctx.doc.end
    for m in ms:
        if m.type not in _TITLED or not ctx.doc.start <= m.start < review_end:
            continue
        vm = _OWN_ISSUE.search(text, max(ctx.doc.start, m.start - 12), m.start)
        if vm is None or _OTHERS_ISSUE.search(text, max(0, vm.start() - 4), vm.start()):
            continue
        s_start, _ = ctx.sentence(m.start)
        clause_start = max([s_start] + [c.end() for c in _CLAUSE.finditer(text, s_start, vm.start())])
        if _agents(ms, clause_start, vm.start()):
            continue  # 国务院出台…: the sentence names the issuer
        # the items of a list after the verb (出台A20条、B36条等) share it
        ctx.relate("ISSUES", own, Ref(m.type, m.canonical), m.start)
        i = bisect_left(ms, m.end + 1, key=lambda x: x.start)  # `ms` is sorted by start
        while i < len(ms) and ms[i].start <= m.end + 2:
            nxt = ms[i]
            if nxt.type in _TITLED and text[m.end:nxt.start] in ("、", "和", "及"):
                ctx.relate("ISSUES", own, Ref(nxt.type, nxt.canonical), nxt.start)
            i += 1


def issues_presenter_line(ctx: DocContext) -> None:
    """The line under the title that names who presents it (国家发展和改革委员会主任 何立峰)."""
    span = ctx.doc.title_span
    if not span or not span[1]:
        return
    tend = span[1]
    for pm in _PRESENTER.finditer(ctx.text, tend, min(ctx.doc.end, tend + _PRESENTER_REACH)):
        for head in _agents(ctx.mentions, pm.start(1), pm.end(1)):
            ctx.relate("ISSUES", head, ctx.own, pm.start(1))


def issues_law_header(ctx: DocContext) -> None:
    """A law's header: the bodies in its 通过/公布/修正 lines."""
    if ctx.doc.type != "Law" or not ctx.doc.header_end:
        return
    for m in ctx.mentions:
        if m.type == "Agency" and m.start < ctx.doc.header_end:
            s, e = ctx.sentence(m.start)
            if _LAW_ISSUE.search(ctx.text[s:e]):
                ctx.relate("ISSUES", Ref("Agency", m.canonical), ctx.own, m.start)


def amends_from_law_header(ctx: DocContext) -> None:
    """A law's header line 《…关于修改《X》的决定》第N次修正: the decision (a title named on that line) AMENDS
    the work, with the amendment's date and ordinal."""
    if ctx.doc.type != "Law":
        return
    for e in ctx.doc.events:
        if not e.decision:
            continue
        named = next((m for m in ctx.mentions if e.start <= m.start < e.end and m.type in _TITLED
                      and Ref(m.type, m.canonical) != ctx.own), None)
        if named is not None:
            ctx.relate("AMENDS", Ref(named.type, named.canonical), ctx.own, named.start,
                       {"date": e.date, "ordinal": e.ordinal}, variant=e.date)


def issues_report_issuer(ctx: DocContext) -> None:
    """A government work report is issued by the government that reports; the evidence is the
    speaker's 我代表…人民政府 sentence, else the title line, never the salutation (各位代表：)."""
    if ctx.doc.issuer:
        speaker = _ON_BEHALF.search(ctx.text, ctx.doc.start, min(ctx.doc.end, ctx.doc.start + _SPEAKER_REACH))
        pos = (speaker.start() if speaker else ctx.doc.title_span[0] if ctx.doc.title_span
               else _first_sentence(ctx))
        ctx.relate("ISSUES", Ref("Agency", ctx.doc.issuer), ctx.own, pos)


def _first_sentence(ctx: DocContext) -> int:
    """Where the document's first sentence that is not a salutation begins."""
    pos = ctx.doc.start
    while pos < ctx.doc.end:
        s, e = ctx.sentence(pos)
        if e > s and not _SALUTATION.fullmatch(ctx.text, s, e):
            return s
        pos = max(e, pos) + 1
    return ctx.doc.start


def issues_from_source(ctx: DocContext) -> None:
    """The （来源：…） body, unless it is a website or newspaper that reprints the text."""
    src = ctx.doc.source
    if src and not _REPRINTER.search(src.name):
        etype, canon = classify_body(src.name)
        ctx.relate("ISSUES", Ref(etype, canon), ctx.own, src.start)


def targets(ctx: DocContext) -> None:
    """TARGETS for the goals set inside the document."""
    for t in ctx.state.targets:
        if ctx.doc.start <= t.start < ctx.doc.end:
            ctx.out.target(t)
            goal = {**t.attrs, "start": t.start, "end": t.end}
            lo = min(t.start, t.metric_at) if t.metric_at >= 0 else t.start
            hi = max(t.end, t.metric_at + len(t.attrs.get("metric") or ""))
            ctx.relate("TARGETS", ctx.own, Ref("Target", t.key), t.start, goal,
                       variant=str(t.attrs.get("metric")), cover=(lo, hi))


RULES: tuple[Rule, ...] = (
    Rule("CITES and MENTIONS", cites_and_mentions),
    Rule("ISSUES from the document's anatomy", issues_from_anatomy),
    Rule("ISSUES from 《X关于…》 titles", issues_from_about_titles),
    Rule("ISSUES implied by a document's name", issues_implied),
    Rule("ISSUES from issuing verbs", issues_by_verb),
    Rule("ISSUES from the presenter line", issues_presenter_line),
    Rule("ISSUES from a law's header", issues_law_header),
    Rule("AMENDS from a law's header", amends_from_law_header),
    Rule("ISSUES from a report's government", issues_report_issuer),
    Rule("ISSUES of what a report says its government issued", issues_reported_own),
    Rule("ISSUES from the （来源：…） line", issues_from_source, fallback=True),
    Rule("ISSUES of the attachments a notice issues", issues_attachments),
    Rule("TARGETS", targets),
)


def relate_document(ctx: DocContext) -> None:
    """Run every rule on one document, in `RULES` order."""
    for rule in RULES:
        if rule.fallback and ctx.issuers:
            continue
        rule.apply(ctx)


def successions(out: Output, st: DocState, doc_ids: list[str]) -> None:
    """A former body the file names SUCCEEDED_BY the body it became, with its first mention as evidence
    (a link: the guidelines do not score it)."""
    successors = get_lexicon().successors
    seen: set[str] = set()
    for m in st.mentions:
        if m.type == "Agency" and m.canonical in successors and m.canonical not in seen:
            seen.add(m.canonical)
            out.relation("SUCCEEDED_BY", Ref("Agency", m.canonical), Ref("Agency", successors[m.canonical]),
                         doc_ids[m.doc], m.start, link=True)


def part_of(out: Output, st: DocState, doc_ids: list[str]) -> None:
    """PART_OF between the places the file mentions, with the evidence of the inner place's first mention."""
    first: dict[str, Mention] = {}
    for m in st.mentions:
        if m.type == "Region" and m.canonical not in first:
            first[m.canonical] = m
    for child, parent in part_of_pairs(set(first)):
        m = first[child]
        out.relation("PART_OF", Ref("Region", child), Ref("Region", parent), doc_ids[m.doc], m.start)
