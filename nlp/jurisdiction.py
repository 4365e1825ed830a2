"""Jurisdiction: the place each document speaks for, and the names that only make sense inside it.

A document's place comes from what it says of itself, most telling first: a work report's
government, its issuers (anatomy, or a report's 我代表…人民政府), the place its title begins with
(杭州市跨境电子商务促进条例, 西安市人民政府办公厅关于…), the province its document number begins with
(皖政办秘〔2021〕82号). National documents and those that do not say have no place.

Inside a document with a place, relative forms resolve against it (GUIDELINES, "The jurisdiction of
a document"): 我市/本市/我省 are the place; 市委, 市政府, 市人大常委会, 市政协 (and 省委, 省政府 in a
city's document: the province above it) are the full bodies (`nlp/data/relative_bodies.tsv`).
Forms of a lower level than the document's (各区人民政府 in a city's notice) are generic and left.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.lexicon import get_lexicon
from nlp.state import Candidate, DocSpan, Hit, Origin, state
from nlp.text import doc_text
from nlp.words import rows as read_tsv

# the level word of a place's canonical name, longest first (自治区 before 区)
_LEVEL_WORDS = ("自治区", "自治州", "省", "市", "州", "盟", "县", "区", "旗")
_ADMIN = frozenset({"province", "prefecture", "county", "district"})
# 各市人民政府, 有关县政府, 所在地市政府: a kind of body, not the document's own
_GENERIC_BEFORE = re.compile(rf"(?:{words.alternation('generic_place_determiners')})$")
# 省委宣传部, 市委办公室: a department of the Party committee, not the committee
_DEPARTMENT_AFTER = re.compile(words.alternation("party_committee_units"))
# a level word standing for the document's own place, before a department's name (市发展改革委)
_LEVELS = "(?:自治区|省|市|州|县|区)"
_LEVEL_WORD = re.compile(rf"(?<![\u4e00-\u9fff]){_LEVELS}|(?<=[、，,；;：:（(和及与由经报向对在]){_LEVELS}")
# what a department's name does not hold: another body (省委省政府和市委), a meeting (十三届四次全会), a clause
# (和 inside a field is the department's own: 市工业和信息化局, 市住房和城乡建设局; after a body word it joins two)
_NOT_A_UNIT = re.compile(r"[及与暨、各]|[局厅委办部院会]和|委(?!员会$)(?=.)|政府|届|全会|会议|部门$|统揽|领导")
_SELF_REGION = re.compile(r"(?:我|本)(自治区|省|市|州|县|区)(?!委|政府|人民|人大|政协|级|内|外|属|场|长)")


@lru_cache(maxsize=1)
def _templates() -> tuple[tuple[str, str, str], ...]:
    """(form, canonical template, entity type) of each relative body, longest form first; the type
    column is optional (Agency): a place's people's organizations (市科协, 省总工会) are Organizations."""
    rows = read_tsv("relative_bodies.tsv")
    return tuple(sorted(((r[0], r[1], r[2] if len(r) > 2 else "Agency") for r in rows), key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _by_form() -> dict[str, tuple[str, str]]:
    """form -> (canonical template, entity type) of the relative bodies."""
    return {form: (template, etype) for form, template, etype in _templates()}


@lru_cache(maxsize=1)
def _relative_form() -> re.Pattern[str]:
    forms = "|".join(re.escape(f) for f, _, _ in _templates())
    levels = "|".join(_LEVEL_WORDS)
    return re.compile(rf"({levels})({forms})")


def is_relative_body(s: str) -> bool:
    """True when `s` is wholly a body named relative to a document's place by its level word (省政府, 市委)."""
    return bool(_relative_form().fullmatch(s))


@lru_cache(maxsize=1)
def _local_plans() -> dict[str, str]:
    return {r[0]: r[1] for r in read_tsv("local_plans.tsv")}


# the text says the national plan: 国家“十四五”规划, 全国, 中央, or the national title itself
_NATIONAL = re.compile(words.alternation("national_markers"))


def local_plan(canonical: str, place: str | None, before: str, surface: str) -> str | None:
    """The place's own plan where a local document names a national outline by its short form
    (“十四五”规划 in 安徽's report is 安徽省…纲要), or None where the text or the document is national."""
    template = _local_plans().get(canonical)
    if template is None or not place or _NATIONAL.search(surface) or _NATIONAL.search(before[-6:]):
        return None
    return template.format(place=place)


@lru_cache(maxsize=1)
def _province_abbreviations() -> dict[str, str]:
    return {r[0]: r[1] for r in read_tsv("province_abbreviations.tsv")}


def level_word(place: str) -> str | None:
    """The level word a place's own documents use for it: 河南省 -> 省, 遵义市 -> 市, 广西壮族自治区 -> 自治区."""
    return next((w for w in _LEVEL_WORDS if place.endswith(w)), None)


def _admin(name: str | None) -> str | None:
    lex = get_lexicon()
    canon = lex.lookup(name, "Region") if name else None
    reg = lex.regions.get(canon) if canon else None
    return canon if reg is not None and reg.level in _ADMIN else None


def leading_place(name: str) -> str | None:
    """The administrative place a name begins with (西安市人民政府办公厅 -> 西安市), if any."""
    for k in range(min(len(name), 12), 1, -1):
        found = _admin(name[:k])
        if found:
            return found
    return None


def place_of(d: DocSpan) -> str | None:
    """The place document `d` speaks for, or None (national, or not said)."""
    if d.report:
        return _admin(d.region)
    for name in (*d.issuers, d.title):
        found = leading_place(name)
        if found:
            return found
    if d.number:
        prov = _province_abbreviations().get(d.number[0])
        if prov and re.match(r"^.(?:政|办|府|发)", d.number):
            return prov
    return None


def _above(place: str, word: str) -> str | None:
    """The place of level `word` that `place` lies in (遵义市, 省 -> 贵州省)."""
    lex = get_lexicon()
    todo, seen = list(lex.regions[place].parents) if place in lex.regions else [], set()
    while todo:
        p = todo.pop(0)
        if p in seen:
            continue
        seen.add(p)
        if level_word(p) == word or (word == "省" and level_word(p) == "自治区") or (
                word == "市" and level_word(p) == "市" and lex.regions[p].level == "province"):
            return p
        if p in lex.regions:
            todo.extend(lex.regions[p].parents)
    return None


def _resolve_level(place: str, word: str) -> str | None:
    """The place a level word names inside a document of `place`: itself, or the one above it."""
    own = level_word(place)
    if word == own or (own == "自治区" and word == "区") or (own == "自治州" and word == "州"):
        return place
    if own in ("市", "州", "自治州", "盟") and word in ("省", "自治区"):
        return _above(place, "省") or _above(place, "自治区")
    if own in ("县", "区", "旗") and word in ("市", "州", "盟", "省", "自治区"):
        return _above(place, word if word != "自治区" else "省")
    return None


def relative_departments(text: str, d: DocSpan, agency_at: dict[int, tuple[int, str]],
                         places: dict[int, tuple[int, str]]) -> list[Candidate]:
    """The place's own departments written after its level word alone (市发展改革委, 市大数据局,
    省政府办公厅), named as the agencies' patterns name them after the place's full name."""
    from nlp.agencies import place_body  # agencies reads the lexicon's tables; import late

    out = []
    for m in _LEVEL_WORD.finditer(text, d.start, d.end):
        s, word = m.start(), m.group(0)
        if s + len(word) in places or s in places or _GENERIC_BEFORE.search(text[max(0, s - 4):s]):
            continue
        target = _resolve_level(d.place, word) if d.place else None
        if target:
            found = place_body(text, Hit(s, m.end(), "Region", target, False), agency_at)
            if (found and found.end - m.end() >= 2 and not text.startswith("和", m.end())
                    and not _NOT_A_UNIT.search(text, m.end(), found.end)):
                out.append(found)
    return out


def relative_candidates(text: str, d: DocSpan, places: dict[int, tuple[int, str]]) -> list[Candidate]:
    """Agency and Region candidates for the forms inside `d` that name its place or its bodies.

    `places` maps the end of each place the lexicon found to (start, canonical): a form right after
    a place of its level is that place's body (济南市委, 河南省政协), whatever the document's place;
    a level word that ends a place's name (市 in 南宁市政府) is left to the agencies' patterns.
    """
    out = []
    templates = _by_form()
    for m in _relative_form().finditer(text, d.start, d.end):
        s, word, form = m.start(), m.group(1), m.group(2)
        if form in ("委", "党委", "委员会") and _DEPARTMENT_AFTER.match(text, m.end()):
            continue
        if s + len(word) in places:
            continue
        if s in places and level_word(places[s][1]) == word:
            start, target = places[s][0], places[s][1]
        elif d.place and not _GENERIC_BEFORE.search(text[max(0, s - 4):s]):
            start, target = s, _resolve_level(d.place, word)
        else:
            continue
        if target:
            template, etype = templates[form]
            origin = Origin.AGENCY if etype == "Agency" else Origin.ORGANIZATION_LEXICON
            out.append(Candidate(start, m.end(), etype, template.format(place=target), origin))
    if not d.place:
        return out
    place = d.place
    for m in _SELF_REGION.finditer(text, d.start, d.end):
        target = _resolve_level(place, m.group(1))
        if target:
            out.append(Candidate(m.start(), m.end(), "Region", target, Origin.REGION))
    return out


@Language.component("policykg_jurisdiction")
def jurisdiction_component(doc: Doc) -> Doc:
    """spaCy component: each document's place, and candidates for the names relative to it."""
    st = state(doc)
    text = doc_text(doc)
    lex = get_lexicon()
    places = {h.end: (h.start, h.canonical) for h in st.hits
              if h.type == "Region" and lex.regions.get(h.canonical) and lex.regions[h.canonical].level in _ADMIN}
    from nlp.agencies import agency_starts  # agencies reads the lexicon's tables; import late

    agency_at = agency_starts(st)
    for d in st.docs:
        d.place = place_of(d)
        st.cands.extend(relative_candidates(text, d, places))
        st.cands.extend(relative_departments(text, d, agency_at, places))
    return doc
