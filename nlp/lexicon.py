"""Lexicons: load the data files and GB/T 2260 once, and find their surfaces among the tokens.

Everything here is built once per process (`get_lexicon()` is cached) because the extractor runs
over thousands of files; the lookup tables are plain dicts and tuples. Every surface form is also
a word of the jieba user dictionary (`nlp.tokenizer`), so matching is a hash lookup per token.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.state import Hit, state
from nlp.text import BOUNDS, WORDS, doc_text

# Names of GB/T 2260 units whose short form (name without 市/县/省…) is a common word; a short
# form listed here is never matched on its own (the full name still is).
_COMMON_WORD_SHORTS = words.wordset("place_shorts_common_words")

# The short forms of province-level names, the way policy texts write them (longest ending first).
_PROVINCE_SUFFIXES = tuple(sorted(words.words("province_suffixes"), key=len, reverse=True))



@dataclass(frozen=True, slots=True)
class Sense:
    """One entity a surface form may name; `short` forms (南宁 for 南宁市, 发改委) count only on
    token boundaries."""

    type: str
    canonical: str
    short: bool = False


@dataclass(frozen=True, slots=True)
class Region:
    """One GB/T 2260 unit or named area: canonical name, level and parent canonical names."""

    name: str
    level: str  # country, province, prefecture, county, zone, group, continent, sar, district
    parents: tuple[str, ...] = ()
    code: str = ""


@dataclass(slots=True)
class Lexicon:
    """All lexicon tables, and every surface form with the entities it names.

    `surfaces` maps a surface form to the senses it may have: one surface may name several
    entities (a province and its capital's short form, say).
    """

    regions: dict[str, Region] = field(default_factory=dict)
    # region canonical -> its people's government's canonical name prefix (the region's full name)
    agency_names: set[str] = field(default_factory=set)
    org_names: set[str] = field(default_factory=set)
    law_names: set[str] = field(default_factory=set)
    national_laws: set[str] = field(default_factory=set)
    surfaces: dict[str, tuple[Sense, ...]] = field(default_factory=dict)
    region_short_to_full: dict[str, str] = field(default_factory=dict)
    foreign_regions: set[str] = field(default_factory=set)
    ambiguous_region_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a former body -> the body it became (nlp/data/former_bodies.tsv)
    successors: dict[str, str] = field(default_factory=dict)

    def lookup(self, surface: str, etype: str | None = None) -> str | None:
        """The canonical name for a known surface form (of the given type, if given)."""
        for sense in self.surfaces.get(surface, ()):
            if etype is None or sense.type == etype:
                return sense.canonical
        return None


def _aliases(row: Sequence[str], idx: int = 1) -> list[str]:
    return [a for a in (row[idx].split("|") if len(row) > idx else []) if a]


@lru_cache(maxsize=1)
def ethnic_names() -> tuple[str, ...]:
    """The 56 nationalities' names (cpca's list), longest first, to shorten autonomous prefectures."""
    path = resources.files("cpca") / "resources" / "56_nations.csv"
    names = [n.strip() for n in path.read_text(encoding="utf-8").splitlines() if n.strip()]
    names += [n[:-1] for n in names if n.endswith("族") and len(n) > 2]
    return tuple(sorted(set(names), key=len, reverse=True))


@lru_cache(maxsize=1)
def jieba_tags() -> dict[str, str]:
    """jieba's own dictionary: word -> part-of-speech tag (ns is a place name)."""
    import jieba  # noqa: PLC0415 - only the tag file is read here

    out: dict[str, str] = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = parts[2]
    return out


# jieba's tags of ordinary words (noun, verb, adjective, time, place word, adverb, idiom...); a
# name-like tag (ns place, nr/nrt person, nz other name, j abbreviation) leaves the short form alone.
_WORD_TAGS = frozenset(("n", "v", "a", "vn", "t", "s", "d", "b", "i", "ad", "an", "ng", "l"))


def _common_word(short: str, level: str) -> bool:
    """A county-level short form that jieba's dictionary knows as an ordinary word (灯塔 'lighthouse',
    合作, 东方): on its own it is the word, so only the full name (灯塔市) names the place."""
    return level == "county" and jieba_tags().get(short) in _WORD_TAGS


def _short_region(name: str, level: str) -> str | None:
    """The short form of a GB/T 2260 name (广西壮族自治区 -> 广西, 南宁市 -> 南宁), or None."""
    if level == "province":
        for suf in _PROVINCE_SUFFIXES:
            if name.endswith(suf):
                short = name[: -len(suf)]
                return short if len(short) >= 2 else None
        return None
    short = None
    if name.endswith("自治州"):
        short = name[:-3]
        stripped = True
        while stripped:  # 恩施土家族苗族自治州 -> 恩施
            stripped = False
            for eth in ethnic_names():
                if short.endswith(eth) and len(short) > len(eth) + 1:
                    short, stripped = short[: -len(eth)], True
                    break
    elif name.endswith("地区"):
        short = name[:-2]
    elif name.endswith("市"):
        short = name[:-1]
    if not short or len(short) < 2 or short in _COMMON_WORD_SHORTS or _common_word(short, level):
        return None
    return short


@lru_cache(maxsize=1)
def load_regions() -> tuple[dict[str, Region], dict[str, str], dict[str, tuple[str, ...]], set[str]]:
    """GB/T 2260 from cpca plus data/regions_extra.tsv.

    Returns (regions by canonical name, short form -> canonical, ambiguous full names -> their
    canonical candidates, foreign region names).
    """
    regions, ambiguous = _gbt_regions()
    foreign, extra_aliases = _extra_regions(regions)
    shorts = _short_forms(regions, ambiguous)
    shorts.update({f: n for f, n in _autonomous_forms(regions, ambiguous).items() if f not in shorts})
    shorts.update(extra_aliases)
    return regions, shorts, ambiguous, foreign


_CHINA = "中华人民共和国"


def _gbt_regions() -> tuple[dict[str, Region], dict[str, tuple[str, ...]]]:
    """The GB/T 2260 units with their level and parent (from the adcodes), and the names several share."""
    path = resources.files("cpca") / "resources" / "adcodes.csv"
    by_code: dict[str, str] = {}
    rows = []
    with path.open(encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            code, name = rec["adcode"][:6], rec["name"].strip()
            if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") or not name:
                continue
            by_code[code] = name
            rows.append((code, name))
    regions: dict[str, Region] = {}
    names_seen: dict[str, list[str]] = {}
    for code, name in rows:
        prov = by_code.get(code[:2] + "0000")
        pref = by_code.get(code[:4] + "00")
        if code.endswith("0000"):
            level, parents = "province", (_CHINA,)
        elif code.endswith("00"):
            level, parents = "prefecture", (prov,) if prov else ()
        else:
            level = "county"
            parents = (pref,) if pref and pref != name else ((prov,) if prov else ())
        names_seen.setdefault(name, []).append(code)
        if name in regions:
            # a name shared by several units (鼓楼区): keep the first; hierarchy is then ambiguous
            regions[name] = Region(name, regions[name].level, (), "")
            continue
        regions[name] = Region(name, level, tuple(p for p in parents if p), code)
    return regions, {n: tuple(c) for n, c in names_seen.items() if len(c) > 1}


def _extra_regions(regions: dict[str, Region]) -> tuple[set[str], dict[str, str]]:
    """Add the zones, groups and countries of regions_extra.tsv (and zone membership) to `regions`;
    returns the foreign names and the aliases the table gives."""
    foreign: set[str] = set()
    extra_aliases: dict[str, str] = {}
    for row in words.rows("regions_extra.tsv"):
        name, kind = row[0], (row[2] if len(row) > 2 else "zone")
        members = _aliases(row, 3)
        if kind in ("country", "group", "continent") and name != _CHINA:
            foreign.add(name)
        parents = (_CHINA,) if kind in ("zone", "sar", "province") else ()
        if kind == "district" and members:
            parents = tuple(members)
        regions[name] = Region(name, kind, parents, "")
        for alias in _aliases(row):
            extra_aliases[alias] = name
    # zone membership: a member (and every unit below it) is PART_OF the zone
    for row in words.rows("regions_extra.tsv"):
        if len(row) > 2 and row[2] == "zone":
            for m in _aliases(row, 3):
                if m in regions:
                    r = regions[m]
                    regions[m] = Region(r.name, r.level, r.parents + (row[0],), r.code)
    return foreign, extra_aliases


def _short_forms(regions: dict[str, Region], ambiguous: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Short forms (南宁 for 南宁市) of provinces, prefectures and county-level cities; a short form two
    units of one level share is left out, and the higher level wins over the lower."""
    shorts: dict[str, str] = {}
    short_levels: dict[str, str] = {}
    rank = {"province": 0, "prefecture": 1, "county": 2}
    for name, reg in list(regions.items()):
        if reg.level not in rank or name in ambiguous:
            continue
        if reg.level == "county" and not name.endswith("市"):
            continue  # the short forms of counties and districts are too often common words
        short = _short_region(name, reg.level)
        if not short or short in regions:
            continue
        prev = short_levels.get(short)
        if prev is None or rank[reg.level] < rank[prev]:
            shorts[short], short_levels[short] = name, reg.level
        elif rank[reg.level] == rank[prev]:
            shorts[short] = ""  # two units of one level share the short form: ambiguous
    return {s: n for s, n in shorts.items() if n}


def _autonomous_forms(regions: dict[str, Region], ambiguous: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Autonomous counties and banners as the texts write them: 三江侗族自治县 -> 三江县."""
    seen_auto: dict[str, str] = {}
    for name, reg in regions.items():
        if reg.level != "county" or name in ambiguous:
            continue
        for suf, unit in (("自治县", "县"), ("自治旗", "旗")):
            if name.endswith(suf):
                base = name[: -len(suf)]
                for eth in ethnic_names():
                    while base.endswith(eth) and len(base) > len(eth) + 1:
                        base = base[: -len(eth)]
                form = base + unit
                if len(base) >= 2 and form not in regions:
                    seen_auto[form] = "" if form in seen_auto else name
    return {f: n for f, n in seen_auto.items() if n}


@lru_cache(maxsize=1)
def load_laws() -> tuple[frozenset[str], frozenset[str]]:
    """(all law titles, national law titles) from data/laws.txt (national and local)."""
    allt, national = set(), set()
    for row in words.rows("laws.txt"):
        title = row[0].strip()
        allt.add(title)
        if len(row) > 1 and row[1] == "national":
            national.add(title)
    return frozenset(allt), frozenset(national)


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """Build (once per process) every lexicon and the table of their surface forms."""
    regions, shorts, ambiguous, foreign = load_regions()
    table = _Surfaces()
    for name in regions:
        table.add(name, "Region", name)
    for short, name in shorts.items():
        table.add(short, "Region", name, short=True)
    agency_names = table.add_table("agencies.tsv", "Agency", short_aliases=True)
    # former bodies are agencies of their own, named as the texts of their time name them
    agency_names |= table.add_table("former_bodies.tsv", "Agency", short_aliases=True)
    org_names = table.add_table("organizations.tsv", "Organization", short_aliases=True)
    org_names |= table.add_table("organizations_central.tsv", "Organization", short_aliases=True)
    table.add_table("programs.tsv", "Program")
    table.add_table("documents.tsv", "Document")
    laws, national = load_laws()
    for title in laws:
        table.add(title, "Law", title)
        if title in national:
            table.add("中华人民共和国" + title, "Law", title)
    # a surface naming entities of several types keeps all; the components pick by context
    frozen = {surface: tuple(lst) for surface, lst in table.senses.items()}
    return Lexicon(
        regions=regions, agency_names=agency_names, org_names=org_names,
        law_names=set(laws), national_laws=set(national), surfaces=frozen,
        region_short_to_full=shorts, foreign_regions=foreign, ambiguous_region_names=ambiguous,
        successors={row[0]: row[2] for row in words.rows("former_bodies.tsv") if len(row) > 2 and row[2]},
    )


class _Surfaces:
    """The surface -> senses table as it is built, in the order the tables are read."""

    def __init__(self) -> None:
        self.senses: dict[str, list[Sense]] = {}

    def add(self, surface: str, etype: str, canon: str, short: bool = False) -> None:
        surface = surface.strip()
        if len(surface) < 2:
            return
        lst = self.senses.setdefault(surface, [])
        sense = Sense(etype, canon, short)
        if sense not in lst:
            lst.append(sense)

    def add_table(self, filename: str, etype: str, short_aliases: bool = False) -> set[str]:
        """Every canonical name of a lexicon table and its aliases; with `short_aliases`, aliases of up
        to three characters (发改委) are short forms. Returns the canonical names."""
        names = set()
        for row in words.rows(filename):
            names.add(row[0])
            self.add(row[0], etype, row[0])
            for a in _aliases(row):
                self.add(a, etype, row[0], short_aliases and len(a) <= 3)
        return names


@lru_cache(maxsize=1)
def _aliases_by_entity() -> dict[tuple[str, str], tuple[str, ...]]:
    """(type, canonical) -> every other surface the lexicons give it, in table order (built once)."""
    found: dict[tuple[str, str], list[str]] = {}
    for surface, senses in get_lexicon().surfaces.items():
        for sense in senses:
            if surface != sense.canonical:
                found.setdefault((sense.type, sense.canonical), []).append(surface)
    return {key: tuple(lst) for key, lst in found.items()}


@lru_cache(maxsize=50_000)
def known_aliases(etype: str, canonical: str) -> tuple[str, ...]:
    """Every alias the lexicons know for an entity (curated and rule-generated short forms such as 发改委 or
    南宁), so that the graph can be searched by forms its texts never used."""
    by_entity = _aliases_by_entity()
    # The extractor may name an entity by a long form the tables list as an alias (中华人民共和国工业和信息化部
    # for 工业和信息化部): such a name gets the table entry's surfaces too. Short senses are left out, so that a
    # node named by a short form does not take every alias of the full name.
    entries = [canonical, *(s.canonical for s in get_lexicon().surfaces.get(canonical, ())
                            if s.type == etype and not s.short and s.canonical != canonical)]
    found: list[str] = []
    for entry in entries:
        for surface in (entry, *by_entity.get((etype, entry), ())):
            if surface != canonical and surface not in found:
                found.append(surface)
    return tuple(found)


_LAW_HEAD = re.compile(r"^中华人民共和国")


def law_short_title(title: str) -> str:
    """The short official title of a law: 中华人民共和国数据安全法 -> 数据安全法."""
    title = re.sub(r"\s+", "", title)
    short = _LAW_HEAD.sub("", title)
    return short if len(short) >= 2 else title


def jieba_words() -> list[str]:
    """Every lexicon surface form, for the jieba user dictionary (entity boundaries = token boundaries)."""
    return [s for s in get_lexicon().surfaces if len(s) >= 2 and not s.isascii()]


@lru_cache(maxsize=4)
def _token_index(strings_id: int, strings) -> tuple[np.ndarray, dict[int, str]]:
    """Hashes (in the pipeline's StringStore) of every surface jieba can return as one token."""
    by_hash = {}
    for surface in get_lexicon().surfaces:
        if _ONE_TOKEN.match(surface):
            by_hash[strings.add(surface)] = surface
    return np.fromiter(by_hash, dtype=np.uint64, count=len(by_hash)), by_hash


# Surfaces jieba can return as one token: Han characters, or one run of Latin letters and digits.
_ONE_TOKEN = re.compile(r"^(?:[\u4e00-\u9fff]+|[A-Za-z0-9]+)$")


@lru_cache(maxsize=1)
def _multi_token_pattern() -> re.Pattern | None:
    """The few surfaces with quotes or punctuation (“十四五”规划), found by one regex."""
    multi = sorted((s for s in get_lexicon().surfaces if not _ONE_TOKEN.match(s)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, multi))) if multi else None


@Language.component("policykg_lexicon")
def lexicon_component(doc: Doc) -> Doc:
    """spaCy component: lexicon hits, driven by the jieba user dictionary.

    Every lexicon surface is in jieba's dictionary, so a lexicon entity is a token: the tokens'
    hashes are matched against the lexicon's in numpy, no per-character Python loop. Surfaces
    with punctuation inside (never one token) come from one regex. Hits are
    `nlp.state.Hit`s; the type components decide which become mentions.
    """
    st = state(doc)
    text = doc_text(doc)
    lex = get_lexicon()
    surfaces = lex.surfaces
    words = doc.user_data.pop(WORDS, None)
    if words is not None:
        st.words, st.starts = words[0], words[1][:-1]
        # the tokenizer's own word list: one C-level filter over the tokens
        found = [(s, w) for s, w in zip(words[1], words[0], strict=False) if w in surfaces]
    else:  # a Doc from elsewhere: match token hashes in numpy
        st.words, st.starts = [t.text for t in doc], [t.idx for t in doc]
        hashes, by_hash = _token_index(id(doc.vocab.strings), doc.vocab.strings)
        arr = doc.to_array([IDX, ORTH])
        sel = np.nonzero(np.isin(arr[:, 1], hashes))[0]
        found = [(start, by_hash[orth]) for start, orth in arr[sel].tolist()]
    hits = []
    append = hits.append
    for start, surface in found:
        end = start + len(surface)
        for sense in surfaces[surface]:
            append(Hit(start, end, sense.type, sense.canonical, sense.short))
    pat = _multi_token_pattern()
    if pat is not None:
        for m in pat.finditer(text):
            for sense in surfaces[m.group(0)]:
                append(Hit(m.start(), m.end(), sense.type, sense.canonical, sense.short))
    st.hits = hits
    bounds = doc.user_data.get(BOUNDS)
    if bounds is None:  # a Doc made by another tokenizer
        bounds = doc.user_data[BOUNDS] = set(doc.to_array("IDX").tolist()) | {len(text)}
    st.bounds = bounds
    return doc
