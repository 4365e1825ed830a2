"""Region mentions: GB/T 2260 names and short forms, named zones, countries and groups; PART_OF.

A full name (南宁市, 广西壮族自治区) always counts. A short form (南宁, 广西) counts only when it is
a whole jieba token, so 欧美国家 does not yield 美国 and 中山大学 does not yield 中山市 (the longer
organization wins later anyway), and only when the next character does not turn it into a
longer word (中国特色, 上海浦东 are handled by the lexicon itself).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.lexicon import get_lexicon, jieba_tags
from nlp.phrases import left_edge, strip_lead, strip_verbs
from nlp.state import Candidate, DocSpan, Hit, Origin, state
from nlp.text import doc_text
from nlp.tokenizer import word_freq

# Priority of a candidate when two of equal length overlap (lower wins).
_CHINA = "中华人民共和国"

# After a short form these characters make it part of another word (南宁路, 广西籍 are fine as
# places, but 中国式 / 中国风 are not about the country as a region).
_BAD_NEXT = frozenset("式风籍味")
# Function characters next to a place name do not make a word with it (广西和南宁, 在北京)
_FUNCTION = frozenset("和与及、，。的在将等是了为对从向到至省市县区")


# Named city clusters and economic zones not in the lexicon: 长江中下游城市群, 武汉都市圈.
ZONE_SUFFIX = re.compile(rf"(?:{words.alternation('zone_suffixes')})(?![\u4e00-\u9fff]{{0,1}}(?:内|外))")
_ZONE_BAD = re.compile(
    rf"[的个大和等元级]|^\d|\d[亿万千百]*[家项个]|{words.alternation('zone_clause_words')}|^(?:{words.alternation('zone_generic_heads')}"
    rf"|{words.alternation('generic_place_determiners')})"
    # an institution's campus (蒙城县二院新区, 医院新区): a site, no zone
    r"|[院校]$"
)
# a travel time inside a zone's core: the area around a named place (重庆1小时经济圈) is a planning
# zone; without the place (“四小时航空经济圈”, “五城三小时经济圈”) it is a coverage slogan
_ZONE_SPAN = re.compile(words.alternation("zone_span_words"))
# time qualifiers before a zone that is named without them (落实新时代洞庭湖生态经济区规划)
_ZONE_TIME_HEADS = re.compile(rf"^(?:{words.alternation('zone_time_heads')})")
# a zone's core that is one common word of a kind of area (夜间经济区, 城镇新区, 湖泊流域, 海洋高新区) names
# no zone; with a proper part before it (蓬莱海洋高新区) it does
_ZONE_KINDS = words.wordset("zone_kind_words")
# verbs that jieba tags as nouns but that open a clause before a zone (服务|平陆运河经济带, 力争|综保区)
_ZONE_LEAD = words.wordset("zone_lead_verbs") | words.wordset("goal_verbs") | words.wordset("clause_verbs")


@lru_cache(maxsize=1)
def joint_abbreviations() -> dict[str, tuple[str, ...]]:
    """Joint abbreviations of places (港澳台) and the places they name (nlp/data/joint_place_abbreviations.tsv)."""
    return {row[0]: tuple(row[1].split("|")) for row in words.rows("joint_place_abbreviations.tsv")}


@lru_cache(maxsize=1)
def _joint_pattern() -> re.Pattern[str]:
    return re.compile(words.alternate(joint_abbreviations()))


def _joint_candidates(text: str) -> list[Candidate]:
    """港澳台同胞: one candidate for the abbreviation; `nlp.resolve` gives each place its mention."""
    return [Candidate(m.start(), m.end(), "Region", m.group(0), Origin.REGION) for m in _joint_pattern().finditer(text)]


_CUT_HEADS = words.wordset("place_cut_heads")
_NUMERAL_UNITS = frozenset("十百千万亿")
_NUMERALS = frozenset(".．一二三四五六七八九十百千两")
_COMMON_NAMES = words.wordset("place_common_names")


def _cut_from_a_phrase(text: str, hit: Hit, place_ends: set[int], bounds: set[int],
                      docs: Sequence[DocSpan] = ()) -> bool:
    """True when a place name is a piece of a phrase: a two-character name whose head is a conjunction
    or a counter right after a character, a numeral or a closing bracket (市和县, 4户县, （警备区）和县),
    a name whose first character is a verb right after a lone content character (以产|兴城: 产 兴 城,
    "industry lifts the city"), or a district name that is a common word (老城区, 海港区 "harbour area",
    古县 of 千年古县) neither right after its city nor in a document (`docs`) of a place above it."""
    s, e = hit.start, hit.end
    before = text[s - 1] if s > 0 else ""
    if e - s == 2 and text[s] in _CUT_HEADS and before and (before.isdigit() or "\u4e00" <= before <= "\u9fff"
                                                          or before in "）)"):
        return True  # …军分区（警备区）和县、自治县: a bracket closes the phrase the conjunction goes on with
    if before and _verb_after_a_lone_character(text, s, place_ends, bounds):
        return True
    if text[s] in _NUMERAL_UNITS and before and (before.isdigit() or before in _NUMERALS):
        return True  # 15.7万山区群众: 万 closes the number, 山区 is "mountain areas", not 万山区
    if hit.canonical not in _COMMON_NAMES or s in place_ends:
        return False
    home = next((d.place for d in docs if d.start <= s < d.end and d.place), None)
    return not (home and home in ancestors(hit.canonical))


# Above this jieba frequency a district's short form is an ordinary word (南岸, 光明, 和平): only the
# full name names the place
_LOCAL_SHORT_MAX_FREQ = 500
_MUNICIPALITIES = frozenset(("北京市", "上海市", "天津市", "重庆市"))
_POLICY_WORD_SHORTS = words.wordset("place_shorts_policy_words")


@lru_cache(maxsize=1)
def _counties_under() -> dict[str, tuple[str, ...]]:
    """The county-level units under each place (the lexicon keeps only the parent links)."""
    under: dict[str, list[str]] = {}
    for name, reg in get_lexicon().regions.items():
        if reg.level == "county":
            for parent in reg.parents:
                under.setdefault(parent, []).append(name)
    return {parent: tuple(names) for parent, names in under.items()}


@lru_cache(maxsize=256)
def local_short_forms(place: str) -> dict[str, str]:
    """Short forms of the counties and districts under a city (肥西 for 肥西县 under 合肥市): a city's
    own documents name its districts that way (肥西、肥东、长丰实现百强进位), elsewhere they are too
    ambiguous to count (the lexicon leaves them out)."""
    lex = get_lexicon()
    regions = lex.regions
    reg = regions.get(place)
    if reg is None or not (reg.level == "prefecture" or place in _MUNICIPALITIES):
        return {}
    freq = word_freq()
    out: dict[str, str] = {}
    for name in _counties_under().get(place, ()):
        if name[-1] not in "区县市旗":
            continue
        short = name[:-1]
        if (len(short) < 2 or short in regions or lex.lookup(short) is not None or short in _POLICY_WORD_SHORTS
                or freq.get(short, 0) > _LOCAL_SHORT_MAX_FREQ):
            continue
        out[short] = name
    return out


@lru_cache(maxsize=256)
def _local_short_pattern(place: str) -> re.Pattern[str] | None:
    shorts = local_short_forms(place)
    return re.compile(words.alternate(shorts)) if shorts else None


def _local_short_candidates(text: str, st) -> list[Candidate]:
    """The districts a city's document names by their short forms, as whole tokens."""
    found: list[Candidate] = []
    for span in st.docs:
        pat = _local_short_pattern(span.place) if span.place else None
        if pat is None:
            continue
        shorts = local_short_forms(span.place)
        for m in pat.finditer(text, span.start, span.end):
            s, e = m.start(), m.end()
            if st.aligned(s, e) and not (e < len(text) and text[e] in _BAD_NEXT):
                found.append(Candidate(s, e, "Region", shorts[m.group(0)], Origin.REGION))
    return found


def _last_character_pairs_on(text: str, e: int, bounds: set[int]) -> bool:
    """True when a short form's last character makes a word with the lone character after it: 惠民|生
    (惠民生 "benefit people's livelihood", 民生), 津兴|城际; the short form is then a piece of a phrase."""
    return (e < len(text) and text[e] not in _FUNCTION and (e + 1) in bounds
            and word_freq().get(text[e - 1:e + 1], 0) > 0)


def _inside_quotes(text: str, s: int, e: int, reach: int = 16) -> bool:
    """True when [s, e) stands inside a “…” quote on its line (a quote opened before, closed after)."""
    lo = max(0, s - reach)
    opened = text.rfind("“", lo, s)
    if opened < 0 or text.rfind("”", opened, s) >= 0 or "\n" in text[opened:s]:
        return False
    closed = text.find("”", e, e + reach)
    return closed >= 0 and "“" not in text[e:closed] and "\n" not in text[e:closed]


_FACILITY_HEADS = tuple(words.words("place_facility_heads"))
_ROUTE_MARKS = frozenset("至经到—-")


def _short_form_stands(text: str, st, hit: Hit) -> bool:
    """True when a short form (or a short full name) stands as a place here: a whole token that no
    neighbouring character turns into another word, outside set phrases, quotes and handles."""
    s, e, canon, short = hit.start, hit.end, hit.canonical, hit.short
    n = len(text)
    if e - s == 2 and canon.endswith("区") and not short:
        return False  # GB/T names such as 城区, 矿区, 郊区 are common words
    if not st.aligned(s, e):
        return False
    freq = word_freq()
    b = st.bounds
    # only a character left alone by jieba can pair up with the place's edge: 推进|京津冀 keeps
    # 京津冀 (进 is inside 推进), 新|兴城市 does not
    if (s > 0 and text[s - 1] not in _FUNCTION and (s - 1) in b
            and any(freq.get(text[s - 1:k], 0) > 0 for k in range(s + 1, e))):
        return False  # 新兴城市 is not 兴城市, 罗浮山县 not 浮山县: the place's head belongs to a word
    if short and _last_character_pairs_on(text, e, b):
        return False  # 津兴城际 is not 兴城: the short form's last character belongs to a word
    if short and text.startswith(_FACILITY_HEADS, e) and not (s and text[s - 1] in _ROUTE_MARKS):
        return False  # 山南铁路, 都江堰灌区: the short form names a facility; 银川至中卫铁路 names the place it reaches
    if e < n and text[e] in _BAD_NEXT:
        return False
    if canon == _CHINA and (text.startswith(("特色", "梦"), e) or _inside_quotes(text, s, e)):
        return False  # 中国特色社会主义, 中国梦, “创客中国”: a set phrase or a quoted title, not the country
    return "@" not in text[max(0, s - 4):s]  # a social-media handle (@新媒沈阳团队) is no place


def _verb_after_a_lone_character(text: str, s: int, place_ends: set[int], bounds: set[int]) -> bool:
    """jieba left the character before the place alone (a one-character token), it is a content word
    (no function word, verb or preposition such as 在/赴/到 that puts a place after it, and not the end
    of another place), and the place's first character alone is a verb: the three are subject, verb
    and object of a four-character phrase (以产兴城, 以城促产), not a mention of the place."""
    before = text[s - 1]
    if not ("\u4e00" <= before <= "\u9fff") or before in _FUNCTION or s not in bounds or (s - 1) not in bounds:
        return False
    if s in place_ends:
        return False
    tags = jieba_tags()
    return tags.get(text[s]) == "v" and tags.get(before) not in _PLACE_OPENERS


# Tags of a lone character that may stand right before a place: verbs (赴, 到), prepositions, conjunctions,
# adverbs, localisers (内, 北) and place names (京, 沪).
_PLACE_OPENERS = frozenset({"v", "p", "c", "d", "f", "ns", "j", None})


@Language.component("policykg_regions")
def regions_component(doc: Doc) -> Doc:
    """spaCy component: region candidates from the lexicon hits."""
    st = state(doc)
    text = doc_text(doc)
    cands = st.cands
    place_ends = {h.end for h in st.hits if h.type == "Region"}
    for hit in st.hits:
        s, e, etype, canon = hit.start, hit.end, hit.type, hit.canonical
        if etype != "Region" or _cut_from_a_phrase(text, hit, place_ends, st.bounds, st.docs):
            continue
        # short forms, and short full names (海城市 inside 沿海城市), must be whole tokens
        if (hit.short or e - s <= 3) and not _short_form_stands(text, st, hit):
            continue
        cands.append(Candidate(s, e, "Region", canon, Origin.REGION))
    cands.extend(_joint_candidates(text))
    cands.extend(_local_short_candidates(text, st))
    _zone_candidates(text, st.bounds, cands)
    _the_texts_own_level(text, st.bounds, cands)
    return doc


_LEVEL_CHARS = "县市区"


@lru_cache(maxsize=1)
def _renamed_units() -> dict[str, str]:
    """Units whose level changed after the lexicon's GB/T edition: old name -> current name
    (nlp/data/regions_renamed.tsv)."""
    return dict(words.rows("regions_renamed.tsv"))


def _the_texts_own_level(text: str, bounds: set[int], cands: list[Candidate]) -> None:
    """A place the text writes with another level than the lexicon's (隆昌|市 for 隆昌县, 莱芜|区 for 莱芜市,
    宜州|区 for 宜州市: a county turned city or district after the lexicon's GB/T 2260 edition) is that
    unit under the text's name, in every mention of the file; the level character stands alone as a
    token (新兴|市场 is no 新兴市). A unit the text names without its level takes its current name
    (济阳 is 济阳区), unless the file writes the old full name (a text of its time)."""
    regions = get_lexicon().regions
    # only the units this file names are looked for in its text (a scan per table row would touch every file)
    table = _renamed_units()
    present = {c.canonical for c in cands if c.type == "Region"} & table.keys()
    renamed = {old: table[old] for old in present if old not in text}
    for c in cands:
        canon, e = c.canonical, c.end
        if (c.type != "Region" or c.origin != Origin.REGION or canon not in regions or canon[-1] not in _LEVEL_CHARS
                or text[c.start:e] != canon[:-1] or e >= len(text) or text[e] not in _LEVEL_CHARS
                or text[e] == canon[-1] or (e + 1) not in bounds or e not in bounds):
            continue
        own = canon[:-1] + text[e]
        if own not in regions and regions[canon].level in ("county", "prefecture"):
            renamed[canon] = own
    if not renamed:
        return
    for i, c in enumerate(cands):
        own = renamed.get(c.canonical) if c.type == "Region" else None
        if own:
            e = c.end + 1 if text.startswith(own[-1], c.end) and text[c.start:c.end] == own[:-1] else c.end
            cands[i] = Candidate(c.start, e, "Region", own, c.origin)


def _zone_candidates(text: str, bounds: set[int], cands: list[Candidate]) -> None:
    """Named zones by their last word (长江中下游城市群, 武汉都市圈, 岷江流域), as whole constituents."""
    place_starts = sorted(c.start for c in cands if c.type == "Region")
    place_set = set(place_starts)
    place_ends = {c.start: c.end for c in cands if c.type == "Region"}
    for m in ZONE_SUFFIX.finditer(text):
        a = left_edge(text, m.start(), 12, keep=("与",), bounds=bounds, min_core=2)
        i = bisect_left(place_starts, a)
        if i < len(place_starts) and place_starts[i] < m.start() - 1:
            a = place_starts[i]  # a zone named after a place starts at the place: 借力武汉都市圈
        else:
            t0, t1 = _token_at(m.start(), m.end(), bounds)
            if a < t0 < m.start() and t1 == m.end() and jieba_tags().get(text[t0:t1]) == "ns":
                a = t0  # 评估|长江流域: jieba knows the whole zone as a place word; the name is that word
        if m.end() < len(text) and m.end() not in bounds:
            continue  # 劳务经济|带动: the suffix ends inside a word
        if not _suffix_is_a_word(text, m.start(), m.end(), bounds):
            continue  # 社会治理创|新区: the suffix starts inside 创新; 高新区 ends in it and counts
        led = strip_lead(text[a:m.end()])
        name = strip_verbs(led, m.group(0))
        core = _after_the_last_clause_word(name[: -len(m.group(0))])
        if (len(led) - len(name) == 1 and led[0] not in _FUNCTION and a not in place_starts[i:i + 1]
                and len(core) == len(name) - len(m.group(0))):
            continue  # 带|水河小流域, 建|邺高新区: a lone character jieba cut off is the name's head, not a verb
        core = _ZONE_TIME_HEADS.sub("", core)
        if _place_then_zone(text, m.end() - len(core) - len(m.group(0)), m.end(), place_ends):
            continue  # 石渠|黄河流域: a place and a known zone, two regions (the lexicon gives both), not one
        if _ZONE_SPAN.search(core) and m.end() - len(core) - len(m.group(0)) not in place_set:
            continue  # “四小时航空经济圈”: a travel time and no place names no zone
        name = core + m.group(0)
        a = m.end() - len(name)
        if _after_an_insertion(text, a):
            continue  # 金（义）衢丽城市群: the name began before the bracket, 衢丽城市群 is a piece of it
        # the proper part of a 高新区 is what precedes 高 (建|邺高新区 cut after 建 leaves 邺: a piece)
        if len(_kind_part(core, m.group(0))) >= 2 and not _ZONE_BAD.search(core) and not ZONE_SUFFIX.search(core) \
                and _kind_part(core, m.group(0)) not in _ZONE_KINDS \
                and (m.group(0) != _BASIN or core.rstrip("小")[-1:] in _WATER_HEADS):
            cands.append(Candidate(a, m.end(), "Region", name, Origin.REGION_PATTERN))


def _place_then_zone(text: str, start: int, end: int, place_ends: dict[int, int]) -> bool:
    """True when a zone's name is a place followed by a zone the lexicon knows whole (石渠|黄河流域)."""
    e0 = place_ends.get(start)
    return e0 is not None and e0 < end and text[e0:end] in get_lexicon().regions


def _after_an_insertion(text: str, start: int) -> bool:
    """True when a short bracketed insertion closes right before `start` inside a name: 成（绵）|南达万经济带,
    金（义）|衢丽城市群 (the bracket adds a member to the name that goes on after it)."""
    if start < 1 or text[start - 1] not in "）)":
        return False
    opened = max(text.rfind("（", max(0, start - 6), start), text.rfind("(", max(0, start - 6), start))
    return opened > 0 and "\u4e00" <= text[opened - 1] <= "\u9fff"


def _kind_part(core: str, suffix: str) -> str:
    """The words before a zone's kind: 海洋 of 海洋高新区 (高 + 新区 is the kind 高新区)."""
    return core[:-1] if suffix == "新区" and core.endswith("高") else core


# A basin (流域) is a river's or a lake's: its name ends in a water body (岷江流域, 太湖流域, 藤桥河小流域);
# 确定流域, 所在流域, 数字孪生流域 are clauses and common nouns.
_BASIN = "流域"
_WATER_HEADS = words.wordset("water_heads")
# jieba tags of words that end a clause before a zone's name: verbs (入选, 评估, 组织), prepositions
# (按照), conjunctions (或者), adverbs (定期); not verbal nouns, which sit inside names (旅游经济带)
_CLAUSE_TAGS = frozenset({"v", "p", "c", "d", "ad"})


def _suffix_is_a_word(text: str, start: int, end: int, bounds: set[int]) -> bool:
    """A zone suffix starts a jieba token, or ends the token it starts in (高|新区 inside 高新区), or that
    token is no common word (南|昌都市|圈: jieba's cut of an unknown name); 创新|区 is a common word."""
    if start in bounds:
        return True
    t0, t1 = _token_at(start, end, bounds)
    return t1 >= end or jieba_tags().get(text[t0:t1]) in (None, "ns")


def _token_at(start: int, end: int, bounds: set[int]) -> tuple[int, int]:
    """The jieba token holding offset `start`: its start, and its end (looked for up to `end`)."""
    t0 = start
    while t0 > 0 and t0 not in bounds:
        t0 -= 1
    t1 = start + 1
    while t1 < end and t1 not in bounds:
        t1 += 1
    return t0, t1


def _after_the_last_clause_word(core: str) -> str:
    """What follows the last verb, preposition, conjunction or adverb of a zone's name: the name
    (结果作为评估|长江流域, 银海区入选|国家级渔港经济区); a zone's own name holds none of them."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    toks = segment(core)
    tags = jieba_tags()
    for i in range(len(toks) - 1, -1, -1):
        # one character alone is often a piece of a name jieba does not know (廊坊临空: 临 is tagged v)
        if (len(toks[i]) > 1 and tags.get(toks[i]) in _CLAUSE_TAGS) or toks[i] in _FUNCTION_WORDS \
                or toks[i] in _ZONE_LEAD:
            return "".join(toks[i + 1:])
    return core


# Function words that jieba does not tag as such but that never sit inside a zone's name
_FUNCTION_WORDS = frozenset({"所称", "等", "后", "或", "与", "和", "及", "同", "对", "在", "向", "从", "把", "被", "将",
                             "由"})


def ancestors(name: str) -> list[str]:
    """Every region above `name` (administrative parents and zones), nearest first."""
    regions = get_lexicon().regions
    out: list[str] = []
    todo = list(regions[name].parents) if name in regions else []
    while todo:
        p = todo.pop(0)
        if p in out:
            continue
        out.append(p)
        if p in regions:
            todo.extend(regions[p].parents)
    return out


def part_of_pairs(present: set[str]) -> list[tuple[str, str]]:
    """PART_OF pairs among the regions present in a file.

    A region is linked to its nearest present administrative ancestor (南宁市 -> 广西壮族自治区,
    not also -> 中华人民共和国), to China when it is a province-level unit or a named zone, and to
    every present named zone it (or an ancestor) belongs to (昆山市 -> 长三角).
    """
    regions = get_lexicon().regions
    former = {new: old for old, new in _renamed_units().items()}
    pairs: list[tuple[str, str]] = []
    for name in sorted(present):
        # a unit under its current name (兴仁市) sits where its former record (兴仁县) does
        reg = regions.get(name) or regions.get(former.get(name, ""))
        if reg is None:
            if ZONE_SUFFIX.search(name) and _CHINA in present:
                pairs.append((name, _CHINA))  # a named zone found by its shape lies in China
            continue
        ups = ancestors(reg.name)
        admin = [a for a in ups if a in regions and regions[a].level in ("province", "prefecture", "county",
                                                                        "sar", "district")]
        zones = [a for a in ups if a in regions and regions[a].level == "zone"]
        for a in admin:
            if a in present and a != name:
                pairs.append((name, a))
                break
        if reg.level in ("province", "zone", "sar") and _CHINA in present and _CHINA in reg.parents:
            pairs.append((name, _CHINA))
        for z in zones:
            if z in present and z != name:
                pairs.append((name, z))
    return sorted(set(pairs))
