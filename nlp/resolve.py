"""Resolution: pick non-overlapping mentions, assign them to documents, merge aliases.

Candidates from all type components overlap (中国 inside 中国电子信息产业发展研究院, 南宁 inside a
title); the longest wins, then the lower priority number. Each kept mention goes to the document
that holds it; references to the document itself (its title, 《规划》, 关于《…》的通知 without the
region prefix) resolve to its own title. Programs named with and without their kind word
(宽带中国 / “宽带中国”战略) become one entity.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.jurisdiction import local_plan
from nlp.lexicon import get_lexicon
from nlp.regions import joint_abbreviations
from nlp.state import Candidate, DocSpan, DocState, Mention, Origin, TextSpan, TitleAlias, state
from nlp.text import doc_text

_AGENCY_SUFFIX = re.compile(rf"(?:{words.alternation('body_suffixes')})$")
_WEBSITE = re.compile(rf"(?:{words.alternation('media_suffixes')})$")
_PROGRAM_KIND = re.compile(rf"(?:{words.alternation('program_key_kinds')})$")
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")
_IN_TITLE = frozenset(("Agency", "Organization", "Region", "Program"))


def classify_body(name: str) -> tuple[str, str]:
    """(type, canonical) of a body named on its own line (a source or a publisher)."""
    lex = get_lexicon()
    for etype in ("Agency", "Organization"):
        canon = lex.lookup(name, etype)
        if canon:
            return etype, canon
    if _AGENCY_SUFFIX.search(name) and not _WEBSITE.search(name):
        return "Agency", name
    return "Organization", name


def select(cands: list[Candidate], n: int) -> list[Candidate]:
    """Longest-first, then by origin, non-overlapping selection; returns kept candidates by start."""
    taken = bytearray(n + 1)
    kept = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.origin, c.start)):
        s, e = c.start, c.end
        if e <= s or taken.find(1, s, e) != -1:
            continue
        taken[s:e] = b"\x01" * (e - s)
        kept.append(c)
    kept.sort()
    return kept


def _strip_region_prefix(name: str) -> str:
    lex = get_lexicon()
    for i in range(min(len(name) - 2, 10), 1, -1):
        if lex.lookup(name[:i], "Region"):
            return name[i:]
    return name


def own_reference(name: str, own_titles: set[str]) -> bool:
    """True when a cited title is the document's own title (maybe without its region prefix)."""
    if name in own_titles:
        return True
    bare = _strip_region_prefix(name)
    return any(bare == _strip_region_prefix(t) and len(bare) >= 6 for t in own_titles)


def _declared(decls: list[TitleAlias], alias: str, lo: int, pos: int) -> tuple[str, str] | None:
    """The title an alias was declared for (以下简称《X》) earlier in the same document."""
    found = None
    for decl in decls:
        if decl.pos >= pos:
            break
        if decl.pos >= lo and decl.alias == alias:
            found = (decl.canonical, decl.type)
    return found


def program_key(name: str) -> str:
    """Programs with and without quotes / kind word share this key."""
    return _PROGRAM_KIND.sub("", _QUOTES.sub("", name))


def _with_document_lines(st: DocState) -> tuple[list[Candidate], list[Candidate]]:
    """The type components' candidates plus each document's （来源：…） body and short references;
    and, apart, each document's own title line."""
    cands = list(st.cands)
    title_spans = []
    for d in st.docs:
        if d.title_span:
            s, e = d.title_span
            title_spans.append(Candidate(s, e, d.type, d.title, Origin.OWN_TITLE))
        if d.source:
            etype, canon = classify_body(d.source.name)
            cands.append(Candidate(d.source.start, d.source.end, etype, canon, Origin.OWN_TITLE))
    cands += [Candidate(r.start, r.end, "Document", r.short, Origin.SHORT_REF) for r in st.short_refs]
    return cands, title_spans


def _audible(cands: list[Candidate], quiet: list[TextSpan]) -> list[Candidate]:
    """The candidates outside boilerplate lines (法宝引证码, 原文链接, a page's print and font links)."""
    if not quiet:
        return cands
    starts = [q.start for q in quiet]
    out = []
    for c in cands:
        i = bisect_right(starts, c.start) - 1
        if i < 0 or c.start >= quiet[i].end:
            out.append(c)
    return out


def _keep(cands: list[Candidate], title_spans: list[Candidate], n: int) -> list[Candidate]:
    """A title line is one Document mention; the bodies, places and programs it names are mentions
    too (《广西…规划》 mentions 广西), picked among themselves inside the title."""
    kept = select(cands + title_spans, n)
    if title_spans:
        shown = [ts for ts in title_spans if ts in kept]
        inside = [c for c in cands if c.type in _IN_TITLE
                  and any(ts.start <= c.start and c.end <= ts.end for ts in shown)]
        kept = sorted(kept + select(inside, n))
    return kept


def _document_of(st: DocState, starts: list[int], pos: int) -> int | None:
    """The index of the document holding `pos`; a report's header (its title, the congress it is
    given at) belongs to the report."""
    docs = st.docs
    i = bisect_right(starts, pos) - 1
    if i < 0 and docs and docs[0].report:
        i = 0
    if i < 0 or pos >= docs[i].end:
        return None
    return i


def _resolved(c: Candidate, d: DocSpan, decls: list[TitleAlias], text: str) -> tuple[str, str] | None:
    """(type, canonical) of a kept candidate inside document `d`, or None when it is no mention."""
    etype, canon = c.type, c.canonical
    if etype == "Document" and (local := local_plan(canon, d.place, text[max(0, c.start - 8):c.start],
                                                    text[c.start:c.end])):
        return etype, local
    if d.type == "Law" and etype in ("Organization", "Program") and not c.origin.from_lexicon:
        return None  # a statute speaks of kinds of bodies and works (公司, 建设工程), not named ones
    if etype in ("Document", "Law"):
        own = (d.title, d.type) if c.origin is Origin.SHORT_REF else (canon, etype)
        canon, etype = _declared(decls, canon, d.start, c.start) or own
        if own_reference(canon, {d.title}):
            canon, etype = d.title, d.type
    elif etype == "Program" and canon.endswith("计划") and own_reference(canon, {d.title}):
        canon, etype = d.title, d.type
    return etype, canon


_ABBREVIATIONS = dict(words.rows("program_abbreviations.tsv"))
_ABBREVIATION = re.compile(words.alternate(_ABBREVIATIONS))


def full_program_name(name: str) -> str:
    """A programme's name with the abbreviations of nlp/data/program_abbreviations.tsv spelled out
    (国企改革深化提升行动 -> 国有企业改革深化提升行动) where one starts a jieba word of the name: 民企
    inside 居民|企业, 国企 inside 中国|企业 or 双创 across 双|创新 is no abbreviation."""
    if not _ABBREVIATION.search(name):
        return name
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    ends: dict[int, int] = {}  # token start -> token end
    pos = 0
    for w in segment(name):
        ends[pos] = pos + len(w)
        pos += len(w)

    def whole(m: re.Match) -> bool:
        # starts a word, and ends one or lies inside it (国企|改革, 国企改革): 双|创新 is no 双创
        return m.start() in ends and (m.end() in ends or m.end() == len(name) or ends[m.start()] > m.end())

    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0)] if whole(m) else m.group(0), name)


def _program_canonicals(mentions: list[Mention]) -> dict[str, str]:
    """One canonical per program key: a lexicon name, else the longest form that has a kind word,
    else (a tie) the form mentioned first: a dict keeps that order where a set would follow the
    hash seed. A name with an abbreviation is keyed and named by its full form (国企 -> 国有企业)."""
    by_key: dict[str, dict[str, None]] = {}
    lex = get_lexicon()
    full: dict[str, str] = {}
    for m in sorted(mentions):
        if m.type == "Program":
            name = m.canonical
            if name not in full:
                full[name] = name if lex.lookup(name, "Program") == name else full_program_name(name)
            by_key.setdefault(program_key(full[name]), {})[full[name]] = None
    lex_programs = {n for names in by_key.values() for n in names if lex.lookup(n, "Program") == n}
    best = {}
    for names in by_key.values():
        pick = sorted(names, key=lambda x: (x not in lex_programs, not _PROGRAM_KIND.search(x), -len(x)))[0]
        for nme in names:
            best[nme] = pick
    return {name: best[f] for name, f in full.items()}


@Language.component("policykg_resolve")
def resolve_component(doc: Doc) -> Doc:
    """spaCy component: the final mentions, each with the document that holds it."""
    st = state(doc)
    text = doc_text(doc)
    cands, title_spans = _with_document_lines(st)
    cands = _audible(cands, st.quiet)
    starts = [d.start for d in st.docs]
    decls = sorted(st.title_aliases, key=lambda a: (a.pos, a.alias, a.canonical, a.type))
    out = []
    joint = joint_abbreviations()
    for c in _keep(cands, title_spans, len(text)):
        if not c.canonical:
            continue
        i = _document_of(st, starts, c.start)
        if i is None:
            continue
        if c.type == "Region" and c.canonical in joint:
            out.extend(Mention(c.start, c.end, "Region", place, i) for place in joint[c.canonical])
            continue
        found = _resolved(c, st.docs[i], decls, text)
        if found:
            out.append(Mention(c.start, c.end, found[0], found[1], i))
    best = _program_canonicals(out)
    st.mentions = [Mention(m.start, m.end, m.type, best.get(m.canonical, m.canonical), m.doc)
                   if m.type == "Program" else m for m in out]
    return doc
