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

from nlp.lexicon import get_lexicon
from nlp.text import doc_text, state

_AGENCY_SUFFIX = re.compile(r"(?:司|局|厅|委|办|委员会|政府|部|办公室|办公厅|署)$")
_WEBSITE = re.compile(r"(?:网|网站|官网|公众号|日报|晚报|报|杂志|新闻|客户端)$")
_PROGRAM_KIND = re.compile(r"(?:战略|工程|行动|项目|倡议|建设)$")
# candidates' priorities that mean "from the lexicon" (organizations, programs)
_LEXICON_PRIOS = frozenset({20, 35})
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


def select(cands: list, n: int) -> list:
    """Longest-first, then priority, non-overlapping selection; returns kept candidates by start."""
    taken = bytearray(n + 1)
    kept = []
    for c in sorted(cands, key=lambda c: (c[0] - c[1], c[4], c[0])):
        s, e = c[0], c[1]
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


def _declared(decls: list, alias: str, lo: int, pos: int) -> tuple[str, str] | None:
    """The title an alias was declared for (以下简称《X》) earlier in the same document."""
    found = None
    for dpos, a, canon, etype in decls:
        if dpos >= pos:
            break
        if dpos >= lo and a == alias:
            found = (canon, etype)
    return found


def program_key(name: str) -> str:
    """Programs with and without quotes / kind word share this key."""
    return _PROGRAM_KIND.sub("", _QUOTES.sub("", name))


@Language.component("policykg_resolve")
def resolve_component(doc: Doc) -> Doc:
    """spaCy component: final mentions per document as (start, end, type, canonical, doc index)."""
    st = state(doc)
    text = doc_text(doc)
    docs = st["docs"]
    cands = list(st["cands"])
    title_spans = []
    for d in docs:
        if d.get("title_span"):
            s, e = d["title_span"]
            title_spans.append((s, e, d["type"], d["title"], -2))
        if d.get("source"):
            s, e, name = d["source"]
            etype, canon = classify_body(name)
            cands.append((s, e, etype, canon, -2))
    for s, e, short in st.get("short_refs", []):
        cands.append((s, e, "Document", "\x00" + short, -1))
    # a title line is one Document mention; the bodies, places and programs it names are mentions too
    # (《广西…规划》 mentions 广西), picked among themselves inside the title
    kept = select(cands + title_spans, len(text))
    if title_spans:
        shown = [ts for ts in title_spans if ts in kept]
        inside = [c for c in cands if c[2] in _IN_TITLE and any(ts[0] <= c[0] and c[1] <= ts[1] for ts in shown)]
        kept = sorted(kept + select(inside, len(text)))
    starts = [d["start"] for d in docs]
    decls = sorted(st.get("title_aliases", []))  # [pos, alias, canonical, type]
    out = []
    for s, e, etype, canon, prio in kept:
        if not canon:
            continue
        i = bisect_right(starts, s) - 1
        if i < 0 and docs and docs[0].get("report"):
            i = 0  # a report's header (its title, the congress it is given at) belongs to the report
        if i < 0 or s >= docs[i]["end"]:
            continue
        d = docs[i]
        if d["type"] == "Law" and etype in ("Organization", "Program") and prio not in _LEXICON_PRIOS:
            continue  # a statute speaks of kinds of bodies and works (公司, 建设工程), not named ones
        if etype in ("Document", "Law"):
            if canon.startswith("\x00"):
                canon, etype = _declared(decls, canon[1:], d["start"], s) or (d["title"], d["type"])
            else:
                canon, etype = _declared(decls, canon, d["start"], s) or (canon, etype)
            if own_reference(canon, {d["title"]}):
                canon, etype = d["title"], d["type"]
        elif etype == "Program" and canon.endswith("计划") and own_reference(canon, {d["title"]}):
            canon, etype = d["title"], d["type"]
        out.append((s, e, etype, canon, i))
    # one canonical per program key: a lexicon name, else the longest form that has a kind word, else
    # (a tie) the form mentioned first: a dict keeps that order where a set would follow the hash seed
    by_key: dict[str, dict[str, None]] = {}
    for m in sorted(out):
        if m[2] == "Program":
            by_key.setdefault(program_key(m[3]), {})[m[3]] = None
    lex = get_lexicon()
    lex_programs = {n for names in by_key.values() for n in names if lex.lookup(n, "Program") == n}
    best = {}
    for names in by_key.values():
        pick = sorted(names, key=lambda x: (x not in lex_programs, not _PROGRAM_KIND.search(x), -len(x)))[0]
        for nme in names:
            best[nme] = pick
    st["mentions"] = [(s, e, t, best.get(c, c) if t == "Program" else c, i) for s, e, t, c, i in out]
    return doc
