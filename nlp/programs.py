"""Program mentions: named government initiatives.

Three shapes, from policy language: a quoted name followed by a kind word (“东数西算”工程); a name
ending in a kind word after an implementing verb or at a clause start (深入实施创新驱动发展战略),
including the members of an enumeration that shares one (实施A、B、C“三大工程” -> A工程, B工程,
C工程); a quoted scheme name that is implemented, promoted or extended (推进“数商兴农”,
“一网通办”…广泛实践, anything with “互联网+…”). Slogans and ideas in quotes (“四个意识”,
“构建网络空间命运共同体”理念, “中国方案”) are not programs.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.jurisdiction import is_relative_body
from nlp.lexicon import get_lexicon, jieba_tags
from nlp.phrases import left_edge, strip_lead, strip_qualifiers
from nlp.state import Candidate, DocState, Origin, state
from nlp.text import doc_text

_KIND = rf"(?:{words.alternation('program_kinds', 'program_kinds_quoted')})"
# unquoted, 项目 is too generic (学历学位项目); quoted it is a name (“万村通”项目)
_KIND_UNQUOTED = rf"(?:{words.alternation('program_kinds')})"
_QUOTED_ONLY_KINDS = words.wordset("program_kinds_quoted")
# Verbs that put a designation on a place or body (三江县成为…试点, 融安金桔获批筹建…示范区): the name
# starts after them
_PROGRAM_STOPS = re.compile(words.alternation("clause_verbs", "program_clause_verbs"))
_STOP_WORDS = words.words("clause_verbs") + words.words("program_clause_verbs")
_QUOTED_KIND = re.compile(r"“([^“”\n]{2,24})”(" + _KIND + r")")
_QUOTED_WITH_KIND = re.compile(r"“([^“”\n，。、；]{2,20}(?:工程|行动|战略|试点))”")
_KIND_AT_END = re.compile(r"(?:工程|行动|战略|试点)$")
_UNQUOTED_KIND = re.compile(
    # not before 中心: …国家工程中心, …行动中心城镇 go on into an institution's or another name
    r"(" + _KIND_UNQUOTED + r")(?=[，。、；：）)”\s和与及等为的在上以]|中(?!心)|$|"
    + words.alternation("program_kind_followers") + r"|[\d一二三四五六七八九十两]+[个家项处])"
)
# An enumeration sharing one kind word: found from its closing words (等…工程, “五大工程”), then the
# items are read backwards, so the costly part runs on a short window only.
# The kind word must close the phrase: in 等战略性新兴产业, 等战略导向, 等工程师 it begins another word;
# 等专项行动 is one kind word (扫黑恶、净网络等专项行动 -> 净网络专项行动, not 净网络专项).
_ENUM_CLOSE = re.compile(
    r"(?:等(?:一系列)?(?:重大|重点|优先)?|“[一二三四五六七八九十两]+大)(工程|行动|战略|专项(?:行动)?)(?![性师]|导向)”?")
_ENUM_ITEMS = re.compile(r"((?:[\u4e00-\u9fff“”]{2,16}、)+[\u4e00-\u9fff“”]{2,16})$")
_QUOTED = re.compile(r"“([^“”\n，。、；：！？,;:!?]{2,14})”")
_NUMERIC_SLOGAN = re.compile(r"^[一二三四五六七八九十两百千万\d]+[个项点大化高身务条类种核中区元维权性能步心]")
# a quote of only a span or count and a kind word (“三年行动”, “三年行动计划”)
_COUNT_AND_KIND = re.compile(r"[一二三四五六七八九十两\d]+[年个项大](?:攻坚|专项)?(?:行动计划|行动|工程|战略|试点)")
# “三大”工程, “十项”行动: a count of programmes, not a name (“百项千亿”工程 is one)
_NUMERIC_ONLY = re.compile(r"[一二三四五六七八九十两百千万\d]+[个项大类批条种]")
_SLOGAN_AFTER = re.compile(
    rf"^(?:{words.alternation('program_slogan_after')}"
    # a model, a mechanism, a system, a brand, a shop (“快反135”全国基层治理创新模式, “黔南礼物”旗舰店):
    # the quote only modifies the noun phrase after it; a scheme promoted as a new model
    # (推广“上云用数赋智”新模式) stays one
    rf"|等?(?!新模式)[\u4e00-\u9fff]{{0,8}}?(?:{words.alternation('program_quote_heads')}))"
)
# a system, station, capability, standard or destination the quote names (“三专班一平台”服务体系)
_CARRIER_AFTER = re.compile(rf"^等?[\u4e00-\u9fff]{{0,8}}?(?:{words.alternation('program_carrier_heads')})")
# a service, facility, event, joint operation, rectification target or metric the quote names or
# modifies, right after it (推行“定制公交”服务, “厂网河湖库海”一体化综合治理)
# (not 服务消费: “乐·上海”服务消费券 is a voucher, a subsidy instrument)
_THING_AFTER = re.compile(rf"^(?:{words.alternation('program_thing_heads')})(?!消费)")
# a layout named by counts: every segment a count and a layout noun (“一城三区”, “两基地一班列”)
_LAYOUT = re.compile(rf"^(?:[一二三四五六七八九十两]+(?:{words.alternation('program_layout_nouns')})){{2,}}$")
# a title to be earned: a quote ending in a kind of place or unit before 创建 (“美丽河湖”创建)
_TITLE_UNIT_END = re.compile(rf"(?:{words.alternation('program_title_units')})$")
# a count right after a quote (培育“四川老字号”3家, 引进“保税+”项目50个): a class of things counted
_COUNTED = re.compile(r"\d+(?:\.\d+)?[个家项处所座条户]")
# a quoted institution (“新能源电池材料技术创新中心”) is an organization's name, not a scheme
_INSTITUTION_END = re.compile(rf"(?:{words.alternation('org_suffixes')})$")
# an institution the quote names, right after it, a level or a designation between (“大分子药物与规模化制备”
# 全国重点实验室, “…”联合实验室): the quote is the institution's name, an Organization's, no scheme
_INSTITUTION_AFTER = re.compile(
    rf"^(?:{words.alternation('national_markers', 'program_level_words')})?级?(?:重点|联合)?"
    rf"(?:{words.alternation('org_suffixes')})")
# Events (…购物节, …博览会, …论坛) and outcomes (实现“双下降”) are not initiatives
_EVENT_OR_OUTCOME = re.compile(rf"(?:{words.alternation('program_events_outcomes')})$")
# up to three characters between the verb and the quote (推进企业“上云用数赋智”), but not 的: in 政策落实的“堵点”
# the verb is inside a modifier of the quoted noun
_VERB_BEFORE = re.compile(rf"(?:{words.alternation('program_implement_verbs')})(?:(?!的)[\u4e00-\u9fff]){{0,3}}$")
# a preposition between the verb and the quote (深化与“一带一路”国家合作, 开展对“零就业家庭”的帮扶, 实现基于“一张图”
# 优服务): the quote is the preposition's object, a partner, a class of people or a tool, not what the verb carries out
_PREPOSITION_BEFORE = re.compile(
    rf"(?:{words.alternation('program_implement_verbs')})了?(?:[对与在向为把给让被从于同跟]|基于)$")
_VISION_QUALITY = re.compile(rf"^(?:{words.alternation('program_vision_qualities')})")
_BRAND_HEAD = re.compile(rf"(?:{words.alternation('program_place_brand_heads')})$")
_GOOD_AFTER = re.compile(rf"^(?:{words.alternation('program_good_after')})")
_GENERIC_NAME = re.compile(rf"^(?:{words.alternation('program_generic_names')})$")
# …式/…化/…性/…型 are attributes; …制 is a system (“链长制”, 河长制: GUIDELINES, systems are no programmes)
_ADJ_END = re.compile(r"[式化性型制]$")
_ENTERPRISE_KINDS = words.wordset("org_enterprise_kinds")
# “互联网+政务服务”, “智能+”: the national “…+” schemes; other “A+B” pairs (“制造+服务”, “研学+旅游”) are
# product mixes, schemes only where the context says they are carried out (run_ok)
_PLUS_SCHEME = re.compile(rf"^(?:{words.alternation('plus_scheme_heads')})[+＋]")
# a noun compound that a kind word begins (战略定位, 战略布局): the kind word is its attribute
_KIND_COMPOUND = re.compile(rf"(?:{words.alternation('program_kind_compounds')})")
# a designation's name that a quote opens, at least a word between (“三山五园”国家文物保护利用示范区): the quote
# is the place or scheme the designation is named after, the name is the whole (found as a name running on from
# a quote)
_DESIGNATION_AFTER = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:示范区|试验区)")
_KIND_NEXT = re.compile(_KIND)  # 专项 before another kind word (“解纷促和”专项行动) is part of the kind word
_DOC_VERB = re.compile(rf"(?:{words.alternation('issue_verbs')})[^，。；]{{0,30}}$")


_QUANTIFIED = re.compile(
    r"^(?:[\d一二三四五六七八九十两]+[项大个类批条种]|一系列|各|多|若干|部分|主要|优先|与|和|及|(?:国家)?(?:重大|重点)(?=.{0,2}$))"
)

_NOT_NAME = re.compile(
    r"\d|重大$|重点$|上$|^.{0,2}建设$|" + words.alternation("legal_words")
    + rf"|听取|审议|^(?:{words.alternation('legal_determiners')}|本市|本省|本区|指|不包括|包括)"
)


# jieba tags a name never begins with: adverb, direction/time word, pronoun, preposition, conjunction,
# particle (必须确保工程, 最近暴露出来一些工程 are clauses, not names)
_NOT_NAME_HEAD_TAGS = frozenset({"d", "f", "r", "p", "c", "u", "t"})
_NAME_TIME_WORDS = words.wordset("name_time_words")
_CLAUSE_HEADS = words.wordset("program_clause_heads")
_COPULAS = words.wordset("program_copulas")
_PEJORATIVES = words.wordset("program_pejorative_words")
_PEJORATIVE_ENDS = tuple(_PEJORATIVES)
# vague and deictic quantities (采取各种行动, 上述工程): a reference to some works, not a name
_VAGUE_QUANTITY = re.compile(r"一些|这些|那些|某些|个别|各种|上述|下列|许多|诸多|众多|大量")


def _whole_constituent(core: str, quoted: bool = False) -> bool:
    """True when an unquoted name before a kind word is a whole constituent, not a clause's tail. A name that
    opens with a quote (`quoted`: “有淄有爱”文明品牌建设工程) has its first word from the quote, no clause head."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    toks = segment(core)
    if (toks[0] in _CLAUSE_HEADS and not quoted) or any(t in _COPULAS for t in toks):
        return False  # 要保证工程, 是资源战略, 管冰雪不仅是民生工程: a modal or a copula makes a clause of the words
    if toks[0] in _NAME_TIME_WORDS:
        return not _VAGUE_QUANTITY.search(core) and not any(t in _PREPOSITIONS for t in toks)
    return (jieba_tags().get(toks[0]) not in _NOT_NAME_HEAD_TAGS and not _VAGUE_QUANTITY.search(core)
            and not any(t in _PREPOSITIONS for t in toks))


def _pejorative(core: str) -> bool:
    """True when the words before a kind word end in an evaluative word of public criticism (新形象, 搞短期行为
    政绩, 胡子): the phrase names a kind of works condemned, never a programme. Whole tokens only, so 刮胡子 and
    城市形象 (one token each) are not read as 胡子, 形象."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    if not core or not core.endswith(_PEJORATIVE_ENDS):
        return False  # the whole-token test below only ever holds for one of these endings
    toks = segment(core)
    return any("".join(toks[k:]) in _PEJORATIVES for k in range(max(0, len(toks) - 3), len(toks)))


# a prepositional phrase is never inside a programme's name (习近平总书记对毕节试验区…)
_PREPOSITIONS = frozenset("对把被向从将给")


# an attribute in -性 right before the kind word (标志性工程, 控制性工程, 引领性重大工程): the role a
# works plays, no name of it
_ATTRIBUTE_BEFORE_KIND = re.compile(r"性(?:重大|重点|关键)?$")


def _name_ok(core: str) -> bool:
    return (2 <= len(core) <= 18 and not _ATTRIBUTE_BEFORE_KIND.search(core)
            and not _GENERIC_NAME.match(core) and not core.isdigit()
            and not _QUANTIFIED.match(core) and "等" not in core and "反对" not in core
            and "的" not in core and not core.startswith("（")
            and not _NOT_NAME.search(core))


def _kind_as_attribute(text: str, start: int, end: int) -> bool:
    """True when the kind word text[start:end] is the attribute of the noun after it, not the end of a name:
    专项 is an adjective before any noun (“急难”专项救助, 等专项规划, 等专项监督, “三个三”专项补短板工程) and
    a noun only where its phrase ends or a verb of progress follows (…专项，, …专项工作); other kind words
    begin the compounds of program_kind_compounds.txt (“省域副中心”战略定位, 等战略合作)."""
    if text[start:end] == "专项":
        c = text[end:end + 1]
        return "\u4e00" <= c <= "\u9fff" and not (_PROGRESS_AFTER.match(text, end) or _KIND_NEXT.match(text, end))
    return bool(_KIND_COMPOUND.match(text, start))


@Language.component("policykg_programs")
def programs_component(doc: Doc) -> Doc:
    """spaCy component: Program candidates (and Document for 战略/计划 objects of 印发)."""
    st = state(doc)
    text = doc_text(doc)
    cands = st.cands
    for hit in st.hits:
        if hit.type == "Program" and (hit.end - hit.start > 3 or st.aligned(hit.start, hit.end)):
            cands.append(Candidate(hit.start, hit.end, "Program", hit.canonical, Origin.PROGRAM_LEXICON))
    _quoted_with_kind_word(text, st, cands)
    for m in _UNQUOTED_KIND.finditer(text):
        _unquoted(text, st.bounds, m, cands)
    _enumerations(text, st.bounds, cands)
    _quoted_schemes(text, cands)
    return doc


def _quoted_with_kind_word(text: str, st: DocState, cands: list[Candidate]) -> None:
    """“东数西算”工程 (a quote then its kind word) and “…工程” (the kind word inside the quote)."""
    for m in _QUOTED_KIND.finditer(text):
        inner, kind = m.group(1), m.group(2)
        if _NUMERIC_ONLY.fullmatch(inner) or re.search(r"[，。、；]", inner) or _pejorative(inner.strip()):
            continue  # “三大”工程: a count; “胡子”工程: a kind of works criticised
        if _kind_as_attribute(text, m.start(2), m.end()):
            continue  # “问题楼盘”专项治理: a rectification; “省域副中心”战略定位: a strategy's position
        if kind in _QUOTED_ONLY_KINDS and (_COUNTED.match(text, m.end()) or _NUMERIC_SLOGAN.match(inner)):
            continue  # 引进“保税+”项目50个, “四化”项目观摩: many projects of a sort, not one named
        if kind in _QUOTED_ONLY_KINDS and _CLOSING_CATEGORY.search(text, max(0, m.start() - 6), m.start()):
            continue  # 武黄高速改扩建、…等“硬联通”项目: the class of the projects listed, not one named
        head = _quote_head(text, m.start(), 4, st.bounds)
        a = m.start() - len(head)
        if kind in _DESIGNATION_KINDS and _PLURAL_BEFORE.search(text, max(0, a - 10), a):
            continue  # 打造一批农业“双强”示范区: zones of a sort, each a designation, none the scheme's name
        name = (head + inner + kind).replace("“", "").replace("”", "")
        if _only_aim_words(name[:-len(kind)]):
            continue  # “绿色发展”试点, “融合发展”战略: a quoted aim, no object named, a kind of pilot
        cands.append(Candidate(a, m.end(), "Program", name, Origin.PROGRAM))
    for m in _QUOTED_WITH_KIND.finditer(text):
        inner = m.group(1)
        if (_NUMERIC_SLOGAN.match(inner) or len(inner) < 4 or _COUNT_AND_KIND.fullmatch(inner)
                or _pejorative(_KIND_AT_END.sub("", inner)) or _only_aim_words(_KIND_AT_END.sub("", inner))):
            continue  # 两个“三年行动计划”: a span and a kind word, no name; 搞“形象工程”: kinds of works criticised
        head = _quote_head(text, m.start(), 6, st.bounds)
        if head:
            cands.append(Candidate(m.start() - len(head), m.end(), "Program", head + inner, Origin.PROGRAM))
        else:
            cands.append(Candidate(m.start(1), m.end(1), "Program", inner, Origin.PROGRAM))


# a count of items before a quote (10项“暖民心”行动, 新开工33个“两通工程”, 三个“一号工程”): the quote names
# what is counted; 十大 (a collective name's count) is not one of these classifiers
_COUNTED_ITEMS = re.compile(r"[\d一二三四五六七八九十两百千]+[项个所家批条座]")
_ORDINAL = re.compile(r"首[轮批个家条座]")
_CLASSIFIERS = frozenset("年个户项家座条处批所类")
# tags of a clause's adverb, state word or function word before a quote (紧盯/z, 特别/d, 正确/ad)
_CLAUSE_HEAD_TAGS = frozenset({"d", "ad", "z", "p", "c", "r", "u", "f"})


def _head_outside_name(head: str) -> bool:
    """True when the words between the left edge and a quote are no part of the quoted programme's name: a
    clause's adverb or state word (紧盯“头号工程”, 特别是在“八八战略”), the complement of the verb before them
    (实施好“温暖工程”), a count of items or an ordinal (10项“暖民心”行动, 首轮“三个三”), or a body that carries
    the programme out (文旅部“历史题材创作工程”, 省委、省政府三个“一号工程”): the name is the quote and its
    kind word. Place and level words (省“千项万亿”工程, 国家“千县工程”) and field words stay."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    if head.startswith("好") or _COUNTED_ITEMS.search(head) or _ORDINAL.match(head):
        return True
    toks = segment(head)
    if jieba_tags().get(toks[0]) in _CLAUSE_HEAD_TAGS or _clause_set_phrase(toks[0]):
        return True
    lex = get_lexicon()
    return any(is_relative_body(p) or lex.lookup(p, "Agency") or lex.lookup(p, "Organization")
               for p in ("".join(toks[:k]) for k in range(1, len(toks) + 1)))


def _count_words(text: str, a: int, core: str, bounds) -> int:
    """How many characters at the start of `core` (at `a` in the text) belong to a count or a ranking, not to
    the name: the unit of a number the window cut (2024|年历史遗留…工程; ２４|个大型水利工程, ５７|户企业集团试点:
    full-width digits end no name, what follows is then judged as counted), or an ordinal word and the scope
    before it (西部地区首家…主体工程, 湖南首批…示范区)."""
    n = 1 if core[:1] in _CLASSIFIERS and a > 0 and text[a - 1].isdigit() else 0
    return n + _ordinal_word(core[n:], a + n, bounds)


def _ordinal_word(core: str, a: int, bounds) -> int:
    """The end in `core` (at `a` in the text) of an ordinal word (首家, 首条, 首轮) that is a whole jieba token,
    0 if none: what comes before it is the scope of the ranking (西部地区首家…), not a part of the name."""
    ends = [m.end() for m in _ORDINAL.finditer(core) if a + m.start() in bounds and a + m.end() in bounds]
    return ends[-1] if ends and ends[-1] < len(core) else 0


def _clause_set_phrase(tok: str) -> bool:
    """True for a set phrase of an adverb and a verb or preposition that jieba keeps as one word and tags as an
    idiom or a state word (充分运用, 认真落实, 特别是在): it opens a clause."""
    from nlp.tokenizer import verbs  # the tokenizer needs the lexicons; import late

    return len(tok) >= 4 and jieba_tags().get(tok) in ("l", "z") and (
        tok[-2:] in verbs() or tok[-2:] in _CLAUSE_LEADS or bool(_IMPLEMENT_END.search(tok))
        or tok[-1] in _PREPOSITIONS or tok[-1] == "在")


# function characters that also begin words the segmenter may not know (和美, 对标, 经开区)
_WORD_INITIAL_FUNCTION_CHARS = frozenset("对经")


def _split_function_char(text: str, a: int, bounds) -> bool:
    """True when the left edge `a` follows a one-character function word (和, 对, 经) and the first token after it
    is one Han character too: two single characters in a row are an unknown word that the segmenter split
    (和|美 of 和美乡村, 对|标 of 对标提能, 经|开 of 经开区), not a conjunction or preposition before a name."""
    return (a > 0 and text[a - 1] in _WORD_INITIAL_FUNCTION_CHARS and a - 1 in bounds and a + 1 in bounds
            and "\u4e00" <= text[a:a + 1] <= "\u9fff" and a + 1 < len(text) and text[a + 1] not in "“”")


def _quote_head(text: str, pos: int, width: int, bounds) -> str:
    """The words of a name before its quote at `pos` (县域商业“双百”…行动, 新时代“千万工程”), at most `width`
    characters; none after a clause (深入开展“攻城拔寨”行动, 学习浙江“千万工程”经验), where the phrase runs past
    the window (现代农业科技示范园“满园工程”: its last characters are a fragment of it), or where the words are
    no part of a name (_head_outside_name)."""
    a = left_edge(text, pos, width, bounds=bounds, extra=_PROGRAM_STOPS, min_core=0)
    head = strip_qualifiers(text[a:pos])
    if head and (_has_verb(head) or _runs_on(text, pos, a, bounds) or _head_outside_name(head)
                 or _named_institution(head)):
        return ""  # 柳钢集团“四个百万吨”产品升级工程: the institution carries the programme out
    return head


def _named_institution(head: str) -> bool:
    """True for an institution's own name (柳钢集团: more than one word, ending in an organization suffix), not
    a class of them (跨国公司, one word)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    return bool(_INSTITUTION_END.search(head)) and len(segment(head)) > 1


def _runs_on(text: str, pos: int, a: int, bounds) -> bool:
    """True when the phrase before a quote at `pos` starts before `a`, the edge a short window found:
    the window's characters are then the tail of a longer phrase, not a prefix of the name."""
    return left_edge(text, pos, 12, bounds=bounds, extra=_PROGRAM_STOPS, min_core=0) < a


def _unquoted(text: str, bounds, m: re.Match, cands: list[Candidate]) -> None:
    """A name ending in a kind word without quotes (数字乡村试点, 宽带中国战略), and the items of an
    enumeration before it that share the kind word."""
    a = left_edge(text, m.start(), 18, keep=("与",), bounds=bounds, extra=_PROGRAM_STOPS, min_core=3)
    a = _after_complement(text, a)
    split = a if _split_function_char(text, a, bounds) else -1
    if split >= 0:
        # 永州经|开区改革试点, 实施和|美乡村提标行动: the edge cut a word the segmenter does not know (经开,
        # 和美, 对标) after its first character; the name runs on past it, or there is none (checked below)
        a = left_edge(text, a - 1, 18, keep=("与",), bounds=bounds, extra=_PROGRAM_STOPS, min_core=0)
    if a > 0 and text[a - 1] == "）":
        # a bracket inside the name: 健康中国建设（行动）支撑行动
        o = text.rfind("（", max(0, a - 8), a)
        if o > 0:
            a = left_edge(text, o, 18, keep=("与",), bounds=bounds, extra=_PROGRAM_STOPS)
    if a > 0 and text[a - 1] == "“":
        return  # “中国倡议”: a quoted phrase, judged by the quoted-name rules
    if _in_quoted_sentence(text, a, m.end()):
        return  # “总书记有号令、党中央有部署，重庆见行动”: a slogan quoted whole, its words no name
    if (cut := _last_stop(text[a:m.start()], a, bounds, text[a - 1:a] == "”")) is not None:
        a += cut  # “亮码可办”工作入选全国试点: the name starts after the verb, before the quote is looked at
    core0 = text[a:m.start()]
    items = True  # whether the items of a list before the name may share its kind word
    if a > 1 and text[a - 1] == "”":
        if (start := _start_in_quote(text, a, bounds)) is None:
            return
        a, head, items = start
        core0 = head + core0
    if (cut := _last_stop(core0, a, bounds)) is not None:
        a, core0 = a + cut, core0[cut:]
    core = _name_after_verbs(core0, bool(_IMPLEMENT_END.search(text[max(0, a - 4):a])))
    a += len(core0) - len(core)
    if m.group(1) in ("试点", "示范区", "试验区") and (lv := _MERGED_LEVEL.match(core)):
        # 国省级完整社区建设试点: two levels' designations folded into one; the programme is the rest
        core, a = core[lv.end():], a + lv.end()
    cut = _count_words(text, a, core, bounds)
    core, a = core[cut:], a + cut
    if a >= split >= 0:
        return  # 美乡村提标行动, 标提能行动: the name would start inside the unknown word
    issued = bool(_DOC_VERB.search(text[max(0, a - 40):a]))
    if _no_name(text, a, m, core, issued):
        return
    etype = "Document" if m.group(1) == "战略" and issued else "Program"
    cands.append(Candidate(a, m.end(), etype, core + m.group(1), Origin.PROGRAM))
    if etype == "Program" and items and a > 0 and text[a - 1] == "、" and m.group(1) == "战略":
        # 深入实施产业立市、制造强市战略: strategies are named by slogans that stand alone, the list shares the
        # kind word; items before works or a campaign are its objects or parts (加快推进北部湾体育中心、金海岸
        # 大桥工程, 实施强龙头、补链条、兴业态行动, 开展旅游设施、服务管理水平提升行动), no names
        _shared_kind_items(text, a, m.group(1), bounds, cands)


def _start_in_quote(text: str, a: int, bounds) -> tuple[int, str, bool] | None:
    """Where a name starts that runs on from a quote closing at `a` (“投资江苏”品牌提升行动), its words up to
    there without the quotes, and whether list items before it may share its kind word; None for a quote that
    holds clause punctuation. The words before the quote are the name's too, as for a quote and its kind word
    (县域商业“双百”助企便民精品提升行动, 能源“源网荷储”一体工程); items share the kind word only when the
    quote is a count of them (百亿产业、百亿园区、百亿强企“三百”工程), not a name of its own (数智社区建设、
    通信信号“升格清盲”行动)."""
    o = text.rfind("“", max(0, a - 16), a - 1)
    if o < 0 or re.search(r"[，。、；”]", text[o + 1:a - 1]):
        return None
    inner = text[o + 1:a - 1]
    head = _quote_head(text, o, 4, bounds)
    return (o - len(head) if head else o + 1), head + inner, bool(_NUMERIC_SLOGAN.match(inner))


def _no_name(text: str, a: int, m: re.Match, core: str, issued: bool) -> bool:
    """True when the words `core` before the kind word `m` at `a` are no programme's name: a fragment, a clause,
    a pejorative, a loosely named document (`issued`: a verb of issuing before it), the count of a collective
    name, or a generic kind of works."""
    if (not _name_ok(core) or len(core) < 3 or not _whole_constituent(core, text[a - 1:a] == "“")
            or _clause_fragment(text, a, core)
            or _pejorative(core)):
        return True
    if m.group(1) == "行动计划" and (issued or _DOCUMENT_PAIR.search(core)):
        # 发布…行动计划: a document named loosely; 实施…规划和三年行动计划, …建设纲要和三年行动计划: two
        # documents joined, a plan and its action plan, no programme
        return True
    if _COUNT_INSIDE.search(core) and a > 0 and text[a - 1] == "、" and not _ENDS_IN_KIND.search(text, 0, a - 1):
        # 清洁降碳、…、智能运行四大专项行动: the last item and the count of a collective name; after a
        # name with its own kind word (扩消费六大工程、城建六大攻坚行动) it is a name in a list
        return True
    return _generic_kind(text, a, m.end(), core, m.group(1))


# a document's kind then a conjunction inside the words before 行动计划 (…规划和, …纲要和): a first document
# joined to the action plan
_DOCUMENT_PAIR = re.compile(rf"(?:{words.alternate(r[0] for r in words.rows('document_kinds.tsv'))})[和及与]")
_NUM = r"(?:\d+|[一二三四五六七八九十两百千]+)"
# a count that closes the phrase right after the kind word (实施清洁能源供暖工程22个, 改造提升村级供水工程206个):
# works of a sort, counted; a count of something else (深圳综合改革试点48项经验) is no count of the works
_COUNT_AFTER = re.compile(r"\s?" + _NUM + r"\s?[个项处座条批](?:以上|左右)?(?=[，。、；）)]|$)")
# a plural or class determiner right before the name, a level word between (创建一批…示范区, 新增8个…试点,
# 一批省级…); an ordinal (首批, 第一批, 第一个; 首批25个: the count of a batch) names one designation
_PLURAL_BEFORE = re.compile(
    rf"(?<![第首])(?:{words.alternation('program_plural_determiners')}"
    r"|(?<![批\d一二三四五六七八九十两百千])" + _NUM + r"[个项处座条批类户家所])"
    r"(?:国家级|省级|市级|县级|区级|自治区级)?$")
# an enumeration closed by its category (实施A、B等应急调水工程): the words after 等 name the items' class
_CLOSING_CATEGORY = re.compile(r"[^平高同初中对均优上下]等(?:一批|一系列|系列)?$")
# heads of a class or of ancillary works: 重大…工程, 重点…工程, …重大工程, 区域重大战略, …配套工程, …主体工程
_GENERIC_HEAD = re.compile(r"^(?:重大|重点)|重大$|配套|附属|主体$")
# a number scheme in a name (两业融合, 双百, 千企): a name, not a measure (万亩, 百万吨)
_CN_DIGITS = "一二三四五六七八九十两双百千万"
_NUMBER_SCHEME = re.compile(rf"(?<![{_CN_DIGITS}])[{_CN_DIGITS}]+(?![{_CN_DIGITS}亩吨米公里元])")
_NATIONAL = re.compile(rf"(?:{words.alternation('national_markers')})")
_NATIONAL_BEFORE = re.compile(rf"(?:{words.alternation('national_markers')})级?$")
_AIM_WORDS = words.wordset("program_aim_words")
_FIELD_WORDS = words.wordset("program_field_words") | _AIM_WORDS
_FIELD_MAX = max(map(len, _FIELD_WORDS))
_FIRST_CHARS = {ws: frozenset(w[0] for w in ws) for ws in (_FIELD_WORDS, _AIM_WORDS)}
# a level that confers or funds a designation (省, 省市, 国家级), or the plan period that funds works (“十四五”
# 重大工程): no proper part of a name
_PLAN_PERIOD = r"十[一二三四五六七八九]?五"
_LEVEL = re.compile(
    rf"^(?:(?:{words.alternation('national_markers', 'program_level_words')})级?|{_PLAN_PERIOD}(?:规划)?)")


def _spelled_by(s: str, ws: frozenset[str]) -> bool:
    """True when `s` splits wholly into words of `ws` (at most _FIELD_MAX characters each)."""
    if not s or s[0] not in _FIRST_CHARS[ws]:
        return False  # most cores open on a character no field or aim word opens: no split to try
    ok = [True] + [False] * len(s)
    for i in range(1, len(s) + 1):
        ok[i] = any(ok[j] and s[j:i] in ws for j in range(max(0, i - _FIELD_MAX), i))
    return ok[-1]


def _only_field_words(s: str) -> bool:
    """True when `s` splits wholly into common field words (城市防洪, 重大生态修复, 县域配套), a conjunction
    between two of them too (重大生态保护和修复): nothing in it tells one programme from others of its kind."""
    return all(_spelled_by(part, _FIELD_WORDS) for part in _CONJUNCTION.split(s))


# a conjunction between field words (生态保护和修复, 节能与环保)
_CONJUNCTION = re.compile(r"(?<=.)[和与及](?=.)")


def _only_aim_words(core: str) -> bool:
    """True when the words before a kind word, after a level word, say only how or how much (国家改革试点,
    省重大发展战略, 改革创新试点, 高质量发展行动): no object, no proper part, so a kind of pilot, works or
    strategy; so does a level alone (省级试点, “十四五”重大工程). A level word is tried both ways, as 市 in 市场
    or 区 in 区域 is no level."""
    lv = _LEVEL.match(core)
    return bool(lv and lv.end() == len(core)) or any(_spelled_by(bare, _AIM_WORDS) for bare in _bares(core))


def _bares(core: str) -> tuple[str, ...]:
    """The words as they are and without a level word at their start (省市重点民生 -> 重点民生), if one is there
    and words follow it."""
    lv = _LEVEL.match(core)
    return (core, core[lv.end():]) if lv and lv.end() < len(core) else (core,)


def _names_a_place(core: str) -> bool:
    """True when the words before a kind word name a place (广西现代特色农业…, 雅砻江流域…): a region of
    the lexicon at their start, or a word jieba tags as a place name."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    lex = get_lexicon()
    if any(lex.lookup(core[:n], "Region") for n in range(2, min(len(core), 8) + 1)):
        return True
    tags = jieba_tags()
    # jieba tags some common nouns ns too (城市, 城中村, 河): a place is a longer word outside the field words
    return any(tags.get(t) == "ns" and len(t) > 1 and t not in _FIELD_WORDS for t in segment(core))


def _named_despite_plural(text: str, a: int, core: str, level_counted: bool = False) -> bool:
    """True when a name that is counted or follows a plural determiner is still one programme's name:
    a national marker (国家生态文明建设示范区23个, …规模化开发国家试点), a place (雅砻江流域…修复工程7个) or a
    number scheme (10个两业融合省级试点) tells it from others; what is counted is its sites. A level the
    count itself carries (打造6个国家级生态小流域治理示范区) ranks the sites of a kind and names none."""
    national_before = not level_counted and _NATIONAL_BEFORE.search(text, max(0, a - 3), a)
    return bool(national_before or _NATIONAL.search(core)
                or _NUMBER_SCHEME.search(core) or _names_a_place(core))


def _without_national(core: str) -> str:
    """The words without a national marker at their start (国家重大政策改革 -> 重大政策改革)."""
    return _NATIONAL.sub("", core, count=1) if _NATIONAL.match(core) else core


def _class_head(core: str, kind: str) -> bool:
    """True when the words before a kind word are common field words under a class or ancillary head
    (重大生态修复工程, 生态保护修复重大工程, 区域重大战略, 县域配套工程); a national marker or a level before
    them names no programme either (一批国家重大政策改革试点, 省市重点民生工程)."""
    tail = "重大" if kind == "重大工程" else ""
    return any(_GENERIC_HEAD.search(bare + tail) and _only_field_words(bare + tail) for bare in _bares(core))


def _generic_kind(text: str, a: int, end: int, core: str, kind: str) -> bool:
    """True when an unquoted name before a kind word (text[a:end], core its words before the kind word)
    names a kind of works or pilots, by the grammar around it: counted after (供暖工程22个), a plural
    determiner before (一批…示范区), the category closing an enumeration (A、B等应急调水工程), a class
    or ancillary head with common field words only (重大生态修复工程, 县域配套工程), the second conjunct of
    one name (…防洪治理及环境整治工程), or works and strategies of field words only that the sentence does
    not carry out (加强城市防洪工程和海堤建设)."""
    if kind == "工程" and text.startswith(("建设项目", "建设领域"), end):
        return True  # 海洋工程建设项目, 排查化解工程建设领域欠薪: the construction sector, a kind of works before it
    # 启动一批产业基础再造工程项目: the determiner counts the projects, not the programme
    before = _PLURAL_BEFORE.search(text, max(0, a - 10), a) if not text.startswith("项目", end) else None
    if (_COUNT_AFTER.match(text, end) or before) and not _named_despite_plural(
            text, a, core, level_counted=bool(before and before.group(0).endswith("级"))):
        return True
    # 为民办实事十大工程, 稳就业八项行动: a collective name after 等 names its members, it is no category;
    # 东北地区等老工业基地振兴战略: a national strategy's name holds the 等
    if (_CLOSING_CATEGORY.search(text, max(0, a - 6), a) and kind != "战略"
            and not _COUNT_INSIDE.search(core)):
        return True
    if _class_head(core, kind) or _only_aim_words(core) or _generic_national_strategy(core, kind):
        return True  # 重大生态修复工程, 省市重点民生工程; 国家改革试点, 省重大发展战略: kinds, no name
    if kind == "试点" and _only_a_place(core):
        return True  # 重点推进百东新区、右江区、乐业县试点项目建设, 据四川省试点的84个企业: a place's pilots
    bare = _without_national(core)
    if a > 0 and text[a - 1] in "及和与" and _only_field_words(bare) and not _ENDS_IN_KIND.search(text, 0, a - 1):
        # 白洋河城区段防洪治理及环境整治工程: the conjuncts share the kind word, the second alone is a fragment
        return True
    # works or a strategy named by field words only, that nothing carries out or designates (加强城市防洪工程和
    # 海堤建设, 融入国家和区域发展战略): a kind of works or a policy area. After an implementing or conferring
    # verb, before a verb of progress, beside names of the same kind (…提升工程、城区水系环境整治工程、…), or
    # with a national marker it is one (深入实施城市更新行动, 入选国家全域旅游示范区); pilots and zones are
    # designations and keep their names
    return (kind in ("工程", "战略") and _only_field_words(bare) and not _NATIONAL.search(text, max(0, a - 3), a + 2)
            and not _IMPLEMENT_END.search(text, max(0, a - 4), a) and not _PROGRAM_STOPS.search(text, max(0, a - 4), a)
            and not _PROGRESS_AFTER.match(text, end) and not _same_kind_sibling(text, a, end, kind))


# a national marker closing the words before 战略 (服务国家战略, 黄河国家战略)
_NATIONAL_END = re.compile(rf"(?:重大)?(?:{words.alternation('national_markers')})$")
# a level after a place (四川省试点, 乐业县国家级试点)
_LEVEL_END = re.compile(rf"(?:{words.alternation('national_markers', 'program_level_words')})?级?$")


def _generic_national_strategy(core: str, kind: str) -> bool:
    """True for 国家战略 after field words only (服务国家战略, 服务保障国家战略, 高质量发展重大国家战略 cut
    from its river basin): national strategies of some field, none named; a place names one (黄河国家战略)."""
    n = _NATIONAL_END.search(core) if kind == "战略" else None
    return bool(n) and n.start() > 0 and _only_field_words(core[:n.start()])


def _only_a_place(core: str) -> bool:
    """True when the words before a kind word are only a place, a level after it maybe (乐业县, 四川省): the
    pilots of that place, no programme named."""
    lex = get_lexicon()
    bare = core[:_LEVEL_END.search(core).start()]
    return any(len(s) >= 2 and lex.lookup(s, "Region") for s in {core, bare})


def _same_kind_sibling(text: str, a: int, end: int, kind: str) -> bool:
    """True when the name is an item of a list whose neighbour ends in the same kind word (…提升工程、X工程)."""
    return text.startswith(kind + "、", a - len(kind) - 1) or bool(
        re.match(rf"、[\u4e00-\u9fff]{{2,16}}?{kind}", text[end:end + 20]))


# verbs after a kind word that report a programme carried out (…工程加快推进, …行动深入开展)
_PROGRESS_AFTER = re.compile(rf"(?:{words.alternation('program_kind_followers')})")


# kind words of a designation conferred on places (示范区, 试验区, 试点): many of them can be counted
_DESIGNATION_KINDS = frozenset({"示范区", "试验区", "试点"})
# a level prefix that joins two levels (国省级, 国家和省级): a pilot of each level, not one designation
_MERGED_LEVEL = re.compile(r"^(?:国省级?|国家和省级?|省市级|省市县级)")
# a count of programmes inside the words before a kind word (三大帮扶提升行动, 四项工程)
_COUNT_INSIDE = re.compile(r"[一二三四五六七八九十两\d]+[大项个类]")
_ENDS_IN_KIND = re.compile(rf"(?:{_KIND})$")
_RESULT_VERBS = words.wordset("program_clause_verbs")
_CLAUSE_LEADS = words.wordset("program_lead_verbs")
_BUILD_VERBS = words.wordset("program_build_verbs")


def _after_complement(text: str, a: int) -> int:
    """Past a one-character complement that closes a verb the left edge stopped at (实施|好关键…工程 ->
    关键…工程): the edge found 实施, the longer 实施好 overlaps it."""
    if a < len(text) and any(a >= len(w) - 1 and text[a - len(w) + 1:a + 1] == w
                             for w in _RESULT_VERBS if len(w) > 1):
        return a + 1
    return a


def _name_after_verbs(core: str, implemented: bool) -> str:
    """The name in the words before a kind word, without the clause's verbs.

    After an implementing verb the name is its object, and a verb that opens it belongs to it (实施提升
    就业服务质量工程); elsewhere a verb of program_lead_verbs.txt that opens the words is the clause's own
    (积极对接国家…行动, 探索耕地轮作休耕制度试点, 用于农村寄宿制学校建设工程) and is dropped."""
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    toks = segment(core) if core else []
    vs = verbs()
    if implemented and len(toks) > 1 and len(toks[0]) >= 2 and (
            toks[0] in vs or (jieba_tags().get(toks[0]) == "vn" and toks[0] not in _BUILD_VERBS)):
        return core  # 实施培育发展未来产业行动: a verbal noun opens the name too, but not 建设 (实施建设…工程)
    core = strip_qualifiers(core)
    if implemented:
        return core
    toks = segment(core) if core else []
    i = 0
    while i < len(toks) - 1 and (n := _lead_tokens(toks, i)):
        i += n
    return strip_qualifiers("".join(toks[i:])) if i else core


def _lead_tokens(toks: list[str], i: int) -> int:
    """How many tokens from toks[i] spell a verb of program_lead_verbs.txt (0 if none), longest first:
    jieba splits some of them (提|标|升级, 迭代|升级, 投|用), and keeps an adverb and its verb as one
    word (积极争取); the name must keep a token after it."""
    for n in range(min(3, len(toks) - 1 - i), 0, -1):
        if "".join(toks[i:i + n]) in _CLAUSE_LEADS:
            return n
    if len(toks[i]) >= 4 and toks[i][-2:] in _CLAUSE_LEADS or _clause_set_phrase(toks[i]):
        return 1  # 积极争取, 认真落实: an adverb and its verb kept as one word
    return 2 if i + 2 < len(toks) and _adverb_and_verb(toks[i], toks[i + 1]) else 0


def _adverb_and_verb(first: str, second: str) -> bool:
    """True when two tokens open a clause: a manner adverb and its verb or preposition (正确|制定, 明确|以), or a
    verb and its complement 好 (服务|好…工程: serve the works well)."""
    from nlp.tokenizer import verbs  # the tokenizer needs the lexicons; import late

    tags = jieba_tags()
    if second == "好":
        return len(first) >= 2 and (first in verbs() or tags.get(first) == "vn")
    return len(first) >= 2 and tags.get(first) == "ad" and (second in verbs() or tags.get(second) == "v")


def _clause_fragment(text: str, a: int, core: str) -> bool:
    """True when the words before a kind word are a clause or half of one, not a name: the kind word is
    the object of a light verb that closes them (有条件的地区进行试点), or a line break inside a sentence
    cut them (办 学达标工程). Not a verb after 和/及/与: jieba tags the first word of many names as a verb
    (普惠托育服务发展示范试点, 减污降碳协同试点), so a shared verb cannot be told from two names."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    toks = segment(core)
    if len(toks) > 1 and toks[-1] in _CLAUSE_OBJECT_VERBS:
        return True
    return a > 1 and text[a - 1] in " \u3000\n" and "\u4e00" <= text[a - 2] <= "\u9fff"


# verbs whose object is the kind word itself (进行试点, 开展试点): the words before them are the clause
_CLAUSE_OBJECT_VERBS = words.wordset("program_light_verbs")


def _idiom_verb(tok: str, vs: frozenset[str]) -> bool:
    """True for an adverb-verb set phrase that jieba keeps as one word (积极争取, 大力推进)."""
    return len(tok) >= 4 and jieba_tags().get(tok) == "l" and tok[-2:] in vs


def _in_quoted_sentence(text: str, a: int, end: int) -> bool:
    """True when text[a:end] lies inside a quotation that holds clause punctuation (a quoted slogan or
    sentence, “…，宁波见行动、走在前”), not a quoted name."""
    o = text.rfind("“", max(0, a - 40), a)
    if o < 0 or text.rfind("”", o, a) >= 0:
        return False
    c = text.find("”", end, end + 40)
    return c >= 0 and bool(re.search(r"[，、；！？]", text[o + 1:c]))


def _enumerations(text: str, bounds, cands: list[Candidate]) -> None:
    """实施A、B、C“三大工程”: each item is a program of the shared kind."""
    for cm in _ENUM_CLOSE.finditer(text):
        lo = max(0, cm.start() - 120)
        m = _ENUM_ITEMS.search(text[lo:cm.start()])
        if not m:
            continue
        items_text, kind = m.group(1), cm.group(1)
        # …等重点工程 closes a list by its category, “三大工程” counts names
        by_category = cm.group(0).startswith("等")
        if _kind_as_attribute(text, cm.start(1), cm.end(1)):
            continue  # …、工业园区等专项整治, 审计、监察等专项监督, 中国科学院…等战略合作: no programmes
        m_start1, m_end1 = lo + m.start(1), lo + m.end(1)
        first_end = m_start1 + len(items_text.split("、")[0])
        a = left_edge(text, first_end, 20, bounds=bounds, extra=_PROGRAM_STOPS, min_core=0)
        pos = a
        items = text[a:m_end1].split("、")
        # three or more sectors make a list of sectors of works; two may be two programmes (知识、技术创新等工程,
        # 保障性住房建设、城中村改造等工程)
        sectors = by_category and len(items) >= 3
        for item in items:
            s = text.find(item, pos)
            pos = s + len(item)
            core = item.replace("“", "").replace("”", "")
            if not _name_ok(core):
                continue
            # 开工建设德胜河航道整治、…等工程: the clause's verb opens the first item, not its name
            core = _name_after_verbs(strip_lead(core), False)
            if not _name_ok(core) or _pejorative(core):
                continue  # 严禁违规举债搞政绩工程、形象工程: kinds of works criticised
            bare = core[:-len(kind)] if core.endswith(kind) else core
            if _only_aim_words(bare) or (sectors and _only_field_words(bare)):
                # 增量、降费、提质“三大行动”: 提质 names no object; 农田水利、饮水安全、公路…等重点工程: the
                # items of a list that 等 closes, named by field words only, are sectors of works, no names
                continue
            name = core if core.endswith(kind) else core + kind
            cands.append(Candidate(s, s + len(item), "Program", name, Origin.PROGRAM_ENUMERATION))


_ITEM_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,10})、$")
_IMPLEMENT_END = re.compile(rf"(?:{words.alternation('program_implement_verbs')})$")


def _shared_kind_items(text: str, a: int, kind: str, bounds, cands: list) -> None:
    """Unquoted items that share the last item's kind word after an implementing verb:
    深入实施产业立市、制造强市战略 -> 产业立市战略 too. Items are read backwards from the last one."""
    items = []
    pos = a
    for _ in range(4):
        m = _ITEM_BEFORE.search(text, max(0, pos - 11), pos)
        if not m:
            return
        item, start = m.group(1), m.start(1)
        cut = _last_stop(item, start, bounds)
        if cut is not None:
            item, start = item[cut:], start + cut
        v = _IMPLEMENT_END.search(text, max(0, start - 4), start)
        core = strip_qualifiers(item)
        start += len(item) - len(core)
        if not _name_ok(core) or len(core) < 3 or _has_verb(core) or _verb_object(core):
            return
        items.append((start, core))
        if v or (start - 4 >= 0 and _IMPLEMENT_END.search(text[max(0, start - 4):start])):
            break
        if start == 0 or text[start - 1] != "、":
            return
        pos = start
    else:
        return
    if not _IMPLEMENT_END.search(text[max(0, items[-1][0] - 4):items[-1][0]]):
        return
    for start, core in items:
        if not _class_head(core, kind):  # 实施重大生态修复、天然林保护工程: a class of works among the names
            cands.append(Candidate(start, start + len(core), "Program", core + kind, Origin.PROGRAM_ENUMERATION))


def _verb_object(core: str) -> bool:
    """True for a one-character verb and its object (增|品种, 提|品质 of 增品种、提品质、创品牌战略): a measure
    listed as a part of one strategy, not a strategy's name."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    toks = segment(core)
    return len(toks) > 1 and len(toks[0]) == 1 and jieba_tags().get(toks[0]) == "v"


def _last_stop(core: str, a: int, bounds, after_quote: bool = False) -> int | None:
    """The end of the last conferring or implementing verb inside a candidate name, if any.

    A verb of attainment (program_attainment_verbs.txt) counts only after its subject, a noun (太平湖|获首批…
    试点). Right after a quote (`after_quote`) a verb counts only when a noun follows it: the quote is its object
    and the verb belongs to the name (“双中心”创建行动, “百里绿道”建设三年推进行动), unlike “亮码可办”工作|入选全国
    试点."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    cut = None
    for i in range(len(core)):
        if a + i not in bounds:
            continue
        # every stop word that starts here, not only the longest: in 获|评为 the longest, 获评, ends inside a token
        ends = [i + len(w) for w in _STOP_BY_FIRST.get(core[i], ()) if core.startswith(w, i)
                and a + i + len(w) in bounds]
        attained = [i + len(w) for w in _ATTAINMENT_BY_FIRST.get(core[i], ()) if core.startswith(w, i)
                    and a + i + len(w) in bounds]
        if i and attained and _after_subject(segment(core[:i])):
            ends += attained
        if after_quote:
            ends = [e for e in ends if _has_noun(segment(core[e:]))]
        if ends:
            cut = max(ends)
    return cut


_ATTAINMENT_VERBS = words.words("program_attainment_verbs")


def _by_first(ws: list[str]) -> dict[str, tuple[str, ...]]:
    """The words grouped by their first character, so a scan tries only those that can start at a position."""
    out: dict[str, list[str]] = {}
    for w in ws:
        out.setdefault(w[0], []).append(w)
    return {c: tuple(v) for c, v in out.items()}


_STOP_BY_FIRST = _by_first(_STOP_WORDS)
_ATTAINMENT_BY_FIRST = _by_first(_ATTAINMENT_VERBS)
# jieba's tags of nouns (noun, place, person, organisation, other name, abbreviation, set phrase, place word)
_NOUN_TAGS = frozenset({"n", "ns", "nr", "nt", "nz", "j", "l", "s"})
_COUNT = re.compile(r"[\d一二三四五六七八九十两百千万]+.?")


def _after_subject(toks: list[str]) -> bool:
    """True when the tokens before a verb end in a noun or a verbal noun, the verb's subject (太平湖|获,
    县市区|建成, 一体化发展|上升为)."""
    return bool(toks) and jieba_tags().get(toks[-1], "n") in _NOUN_TAGS | {"vn"}


def _has_noun(toks: list[str]) -> bool:
    """True when the tokens after a verb hold a noun, its object (not a count: 创建|十大行动)."""
    return any(jieba_tags().get(t, "n") in _NOUN_TAGS and not _COUNT.fullmatch(t) for t in toks)


def _has_verb(part: str) -> bool:
    """True when a phrase holds a verb of two or more characters (学习, 推动)."""
    if not part:
        return False
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    vs = verbs()
    # 全面实施, 积极争取: jieba keeps an adverb and its verb as one word, tagged as a noun or an idiom
    # program_lead_verbs.txt holds verbs jieba tags as nouns (运用, 涉及, 锚定): a clause's too (深化运用“千万工程”)
    return any(len(w) >= 2 and (w in vs or w in _CLAUSE_LEADS or _idiom_verb(w, vs)
                                or (len(w) >= 3 and _IMPLEMENT_END.search(w)))
               for w in segment(part))


def _place_vision(inner: str) -> bool:
    """True for a quoted vision of a place: qualities then 新 and the place (文明和谐新河池), or a quality
    word then the place (书香南京, 生态合肥); 中国 is no local place (数字中国 is a national strategy)."""
    from nlp.lexicon import get_lexicon  # the lexicon module is loaded by then; kept local like segment

    k = inner.rfind("新")
    if 0 < k < len(inner) - 1 and get_lexicon().lookup(inner[k + 1:], "Region"):
        return True
    q = _VISION_QUALITY.match(inner)
    place = inner[q.end():] if q else ""
    return bool(place) and place != "中国" and bool(get_lexicon().lookup(place, "Region"))


_HORIZON_YEAR = re.compile(r"20\d\d$")


def _plan_nickname(inner: str) -> bool:
    """True for a place's name then a year (上海2035): how a city's master plan to that year is called, a
    Document's nickname; a campaign keeps a word between (“科创甬江2035”, “清风2023”)."""
    y = _HORIZON_YEAR.search(inner)
    return bool(y) and y.start() >= 2 and bool(get_lexicon().lookup(inner[:y.start()], "Region"))


def _place_brand(inner: str) -> bool:
    """True for a quoted regional brand: a place's name then a product word (合肥造, 湖北精品, 绵阳好物)."""
    from nlp.lexicon import get_lexicon  # the lexicon module is loaded by then; kept local like segment

    h = _BRAND_HEAD.search(inner)
    place = inner[:h.start()] if h else ""
    return len(place) >= 2 and bool(get_lexicon().lookup(place, "Region"))


# a footnote mark right after a quote (“四同步”（24）机制, “四好农村路”㉖全域达标): the words after it are the
# quote's context
_FOOTNOTE = re.compile(r"(?:（\d{1,3}）|\(\d{1,3}\)|\[\d{1,3}\]|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])")
# a change of state: “平安”向“长安”迈进, 推动“企业找政策”向“政策找企业”转变, “城投”变“产投”, 从“县县通”到“县城通”,
# 在“管住”基础上向“管好”转变;
# the quotes name the states before and after, neither is a scheme carried out
_SHIFT_AFTER = re.compile(r"^(?:的?基础上)?[向变到]“|^向[\u4e00-\u9fff]{1,10}?(?:转变|转型|迈进|跨越|延伸|升级|迭代)")
_SHIFT_BEFORE = re.compile(r"”[向变到]$")
# a shift quoted whole (落实“卖酒向卖生活方式转变”具体措施)
_SHIFT_INNER = re.compile(r"^由?[\u4e00-\u9fff]{1,10}向[\u4e00-\u9fff]{1,12}(?:转变|转型|迈进|跨越|延伸|升级|迭代)$")
_CN_NUM = r"(?:\d+(?:\.\d+)?(?:-\d+)?|[一二三四五六七八九十两百千]+)"
# a quote before 企业 that names a class of enterprises (“链主”企业, “种子”企业, “双停”企业): counted (新增“登云”
# 企业50家, 筛选100家“种子”企业, 支持33户省市“贡嘎培优”企业), coordinated with an unquoted class of enterprises
# (头部企业、“链主”企业; “链主”企业、龙头企业), the object of a verb of reliance whose sense needs actors (依托
# “链主”企业, 发挥“链主”企业的引领作用), after a relative clause (有增长动能的“批零住餐”企业), closing a list of firms
# or as a title attained (马钢获评国家“数字领航”企业). The enterprises are the class; a scheme they join is named
# elsewhere
_CLASS_COUNT_AFTER = re.compile(
    rf"^企业(?:数量)?(?:达到|达|突破|超过|近|总数达|累计达|累计)?各?\s?{_CN_NUM}[家户个](?![\u4e00-\u9fff]{{0,2}}(?:行动|计划|工程))")
_CLASS_COUNT_BEFORE = re.compile(rf"{_CN_NUM}[家户个](?:国家级|省级|市级|县级|省市|省|市)?$")
_CLASS_SIBLING_AFTER = re.compile(r"^企业(?:、|和|及|与)[\u4e00-\u9fff]{1,4}企业")
_CLASS_SIBLING_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,4}企业(?:、|和|及|与)$")
# 依托“链主”企业: a verb of reliance; 具有行业影响力的“链主”企业: a relative clause, which only a class takes
# 郴州粮机、农夫机电等“链主”企业: the class closing a list of firms (not 平等, 高等, …: _CLOSING_CATEGORY)
_CLASS_RELIANCE_BEFORE = re.compile(r"(?:依托|围绕|发挥|引导|对接|的|(?<![平高同初中对均优上下])等)$")
# 入选省重点产业链“链主”企业, 获评国家“数字领航”企业: a title attained by a firm; not the plan a firm enters
# (入选省千百亿“链主”企业培育计划: the plan is the scheme)
_CLASS_TITLE_BEFORE = re.compile(r"(?:获评|入选|评为|认定为)[\u4e00-\u9fff]{0,6}$")
_CLASS_PLAN_AFTER = re.compile(r"^企业[\u4e00-\u9fff]{0,4}(?:计划|行动|工程)")


def _enterprise_class(run: list[re.Match], before: str, after: str) -> bool:
    """True when a run of quotes before 企业 names a class of enterprises, by a count, a coordinated class, a
    verb of reliance, a relative clause, a list of firms or a title attained (see _CLASS_COUNT_AFTER)."""
    if not after.startswith("企业") or any(_names_action(m.group(1)) for m in run):
        return False
    return bool(_CLASS_COUNT_AFTER.match(after) or _CLASS_COUNT_BEFORE.search(before)
                or _CLASS_SIBLING_AFTER.match(after) or _CLASS_SIBLING_BEFORE.search(before)
                or _CLASS_RELIANCE_BEFORE.search(before)
                or (_CLASS_TITLE_BEFORE.search(before) and not _CLASS_PLAN_AFTER.match(after)))


def _names_action(inner: str) -> bool:
    """True when a quoted phrase holds a verb (“上云用数”, “登云”, “破零倍增”): it names what the enterprises do,
    a scheme they join, not a title they bear (“链主”, “领跑者”, “冠军”)."""
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    vs = verbs()
    tags = jieba_tags()
    return any(t in vs or (tags.get(t) or "").startswith("v") for t in segment(inner))


_JOINING_END = re.compile(rf"(?:{words.alternation('program_joining_ends')})$")


def _joining_mechanism(inner: str, before: str) -> bool:
    """True when a quote names a mechanism of joint working by its parties (深化“五社联动”, 持续深化“行刑衔接”).
    Not a quote of one party (“一网协同” is a scheme of one network), nor one carried out as a campaign (深入实施
    “万企融合”大赋能, 开展“城警联动”)."""
    return bool(_JOINING_END.search(inner)) and not inner.startswith("一") and not before.endswith(("实施", "开展"))


def _after_quote(text: str, end: int) -> str:
    """The twelve characters after a quote closing at `end`, past a footnote mark right after it."""
    f = _FOOTNOTE.match(text, end)
    if f:
        end = f.end()
    return text[end: end + 12]


def _quoted_schemes(text: str, cands: list[Candidate]) -> None:
    """Quoted scheme names: a run of adjacent quotes qualifies together."""
    runs: list[list[re.Match]] = []
    for m in _QUOTED.finditer(text):
        if runs and runs[-1][-1].end() == m.start():
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        before = text[max(0, run[0].start() - 8): run[0].start()]
        after = _after_quote(text, run[-1].end())
        if _SHIFT_AFTER.match(after) or _SHIFT_BEFORE.search(before) or _enterprise_class(run, before, after):
            continue  # “平安”向“长安”迈进: states of a change; 新增“登云”企业50家: a class of enterprises
        run_ok = bool((_VERB_BEFORE.search(before) and not _PREPOSITION_BEFORE.search(before))
                      or _GOOD_AFTER.match(after) or _affairs_service(run, after))
        # a 互联网+ scheme stays one before the system that carries it (深化“互联网+医疗健康”服务体系)
        plus_run = all(_PLUS_SCHEME.match(m.group(1).strip()) for m in run)
        if (_SLOGAN_AFTER.match(after) or ((_CARRIER_AFTER.match(after) or _thing_after(run, before, after))
                                           and not plus_run)
                or _COUNTED.match(after) or _INSTITUTION_AFTER.match(after) or re.search(r"坚持$|秉持$|秉承$", before)):
            continue  # a principle held (坚持“政策+工作”), not a scheme carried out
        if after.startswith("专项") and _kind_as_attribute(text, run[-1].end(), run[-1].end() + 2):
            continue  # 深化“问题楼盘”专项治理, “急难”专项救助: what a rectification or relief targets, not a scheme
        if len(run) == 1 and _DESIGNATION_AFTER.match(after):
            continue  # 巩固“三山五园”国家文物保护利用示范区创建成果: the quote opens a designation's longer name
        outcome = before.endswith(("实现", "取得", "获得"))
        for m in run:
            inner = m.group(1).strip()
            has_plus = "+" in inner[:-1] or "＋" in inner[:-1]
            if _never_a_scheme(inner, outcome, has_plus, after) or _joining_mechanism(inner, before):
                continue
            if after.startswith("创建") and _TITLE_UNIT_END.search(inner):
                continue  # 重点河流“美丽河湖”创建, “平安单位”“平安医院”创建活动: titles to be earned
            if run_ok or (has_plus and _PLUS_SCHEME.match(inner)):
                cands.append(Candidate(m.start(1), m.end(1), "Program", inner, Origin.PROGRAM_QUOTED))


def _thing_after(run: list[re.Match], before: str, after: str) -> bool:
    """True when the noun right after a run of quotes is a service, facility, event, joint operation,
    rectification target or metric that the quotes only name (推行“定制公交”“预约响应”服务).

    Not when the quotes are the instrument of a verb 服务 (以“五专一礼遇”服务民营经济), nor for a name that
    ends in 办: a scheme of handling affairs (“全市通办”“跨域通办”服务范围) is carried out as a service."""
    return bool(_THING_AFTER.match(after)) and not (
        _affairs_service(run, after) or (after.startswith("服务") and before.endswith("以")))


def _affairs_service(run: list[re.Match], after: str) -> bool:
    """True when a scheme of handling affairs (…办) is carried out as a service (“一网通查”和“全网通办”服务)."""
    return after.startswith("服务") and run[-1].group(1).strip().endswith("办")


def _never_a_scheme(inner: str, outcome: bool, has_plus: bool, after: str) -> bool:
    """True when a quoted phrase is no scheme whatever surrounds it: a numbered slogan (unless 政策 or 项目
    follows: “两新”政策 is a policy package), an attribute, an event, an outcome or title, an institution,
    a class of enterprises, a layout, a vision or a chain."""
    if (_NUMERIC_SLOGAN.match(inner) or _ADJ_END.search(inner) or inner.endswith("+")
            or _COUNT_AND_KIND.fullmatch(inner) or _EVENT_OR_OUTCOME.search(inner) or _INSTITUTION_END.search(inner)):
        return True
    if outcome and len(inner) <= 4:
        return True  # 实现“双增”, 首次实现“大满贯”: a result, not an initiative
    if _only_aim_words(inner):
        return True  # “绿色发展”试点, “高质量发展”, “十四五”: an aim or a plan period, no scheme
    if _plan_nickname(inner):
        return True  # “上海2035”: a place and a plan's horizon year, the nickname of its plan (a Document)
    if inner.startswith("中国") and len(inner) <= 4:
        return True
    if _SHIFT_INNER.match(inner):
        return True  # 落实“卖酒向卖生活方式转变”具体措施: a change of state, not a scheme
    if inner in _ENTERPRISE_KINDS:
        return True  # 专精特新“小巨人”企业: a class of enterprises, the scheme is 专精特新
    if _LAYOUT.match(inner):
        return True  # 推进“一城三区”建设, 提升“两基地一班列”运营: a layout or a set of facilities
    if _place_vision(inner):
        return True  # 打造“宜居宜业新河池”: a vision of the place, not a scheme
    if _place_brand(inner):
        return True  # 推动更多“合肥造”走向世界: a regional brand, not a scheme
    if not has_plus and (inner[0].isdigit() or (inner[0] in "一二三四五六七八九十两" and len(inner) <= 2
                                                and not re.match("政策|项目", after))):
        return True  # “3G 突破”, “三农”: numbered slogans
    if not re.search(r"[\u4e00-\u9fff]", inner):
        return True
    if _pejorative(inner):
        return True  # 开展“半拉子”工程大起底: a kind of works criticised, not a scheme
    return len(re.findall(r"[—－]", inner)) >= 2  # “科技—产业—人才—金融”: a chain, not one name
