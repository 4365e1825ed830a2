"""Organization mentions: the international/company lexicon, and names ending in an institution word.

…大学, …学院, …研究院, …协会, …联盟, …集团, …公司, …实验室 and the like are organizations; the
name is extended leftwards to its natural edge (`nlp.phrases.left_edge`). A name that starts with a
known agency (中国社会科学院财经战略研究院) is that agency's unit, so an Agency.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.companies import company_candidates
from nlp.lexicon import get_lexicon, jieba_tags
from nlp.phrases import left_edge, strip_lead, strip_verbs
from nlp.state import Candidate, DocState, Hit, Origin, state
from nlp.text import doc_text

# a two-character head that jieba knows as a name (崂山 ns, 华为 nz) makes a name: 崂山实验室
_NAME_TAGS = frozenset(("ns", "nr", "nz", "nrt", "nt"))
_LEGAL = re.compile(words.alternation("legal_words", "legal_determiners"))

# …银行业, …保险业: an industry, not an institution (国务院银行业监督管理机构 is no 国务院银行)
_SUFFIX = re.compile(
    rf"(?:{words.alternation('org_suffixes')})(?![\u4e00-\u9fff]{{0,1}}(?:长|士|生|员|治|制|习)|校(?![舍区友园庆训史])|业|城|债|科技园"
    # 集团化发展, 公司化运营: an -ization of a kind, not an institution (…集团化工 is one's chemicals)
    r"|化(?![工学肥石纤])"
    ")"
)
# Verbs of a clause that ends in an institution's name (…获批省技术创新中心, 实体化运行合肥产业研究院)
_ORG_CLAUSE = re.compile(words.alternation("clause_verbs", "org_clause_verbs"))
_GENERIC_IN = re.compile(
    r"领域|核心|相关|一批|上市公司$|^[家所个]"
    # a count (四家…公司, 五年内大学), a paired slogan (一县一研究院), a type adjective (应用型大学; 新型 names
    # a field: 新型显示), none of which names one institution
    r"|^[一二三四五六七八九十两几数多N]+[家所个年批类大]|^首[家个批]|^一[\u4e00-\u9fff]一|(?<!新)型"
    # a count of bodies before the institution word (沪深北三大交易所, 环保三大集团): several, not one
    r"|[两三四五六七八九十]大(?:集团|交易所|银行|公司|实验室)$"
    # 普通高中|学…, 新建中小学: schools in general, not one school
    r"|高中学$|中小学$"
)
_GENERIC_HEAD = re.compile(rf"^(?:{words.alternation('org_generic_heads')})")
_INTERNATIONAL_HEAD = re.compile(rf"^(?:{words.alternation('org_international_heads')})")
_APPOSITIVE = re.compile(rf"(?:{words.alternation('org_appositive_kinds')})")


_UNIT_MIDDLE = words.wordset("unit_middle_words")


def joins_or_kinds(part: str) -> bool:
    """True when the words between an agency and an institution word hold a determiner (有关, 直属: a
    kind of body under the agency) or a word that joins a second body to it (会同, 商)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    return any(w in _UNIT_MIDDLE for w in segment(part))


_AGENCY_CLAUSE_VERBS = words.wordset("agency_clause_verbs")


def _holds_clause_verb(part: str) -> bool:
    """True when the words hold a verb that never stands inside a body's name (国务院保险监督管理机构|审查|保险公司)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    return any(w in _AGENCY_CLAUSE_VERBS for w in segment(part))


def _has_verb(part: str) -> bool:
    """True when a name's middle holds a verb of two or more characters (力促, 发布, 允许)."""
    if not part:
        return False
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    vs = verbs()
    tags = jieba_tags()
    # a verb, or a conjunction or preposition (中国科学院同苏联科学院: two bodies, not a unit)
    return any((len(w) >= 2 and w in vs) or (w not in ("和", "与") and tags.get(w) in ("p", "c"))
               for w in segment(part))


@Language.component("policykg_organizations")
def organizations_component(doc: Doc) -> Doc:
    """spaCy component: organization candidates (and agency units found by the same shapes)."""
    st = state(doc)
    text = doc_text(doc)
    agency_at: dict[int, tuple[int, str, str]] = {}
    for hit in st.hits:
        s, e = hit.start, hit.end
        if hit.type == "Organization":
            if (hit.short or e - s <= 3) and not st.aligned(s, e):
                continue
            if (hit.short or e - s <= 3) and _COMPANY.search(hit.canonical) and _runs_on(st.word_at(e)):
                continue
            if text[s:e] in _ALIAS_COMMON_WORDS and not _stands_alone(st, text, s, e):
                continue  # 沁州黄小米, 华氏一百度, 创新浪潮: the word of the language, not the company
            st.cands.append(Candidate(s, e, "Organization", hit.canonical, Origin.ORGANIZATION_LEXICON))
        elif hit.type == "Agency" and (s not in agency_at or e > agency_at[s][0]):
            agency_at[s] = (e, hit.canonical, text[s:e])
    lexicon_end = {h.end: h.start for h in st.hits}
    for m in _SUFFIX.finditer(text):
        found = _named_by_suffix(text, st, m, agency_at, lexicon_end)
        if found:
            st.cands.append(found)
    st.cands.extend(_shared_place_items(text, st))
    st.cands.extend(exemplar_candidates(text, st))
    st.cands.extend(company_candidates(text, st))
    st.cands.extend(Candidate(m.start(), m.end(), "Organization", m.group(1) + m.group(2), Origin.ORGANIZATION_PATTERN)
                    for m in _JOURNAL.finditer(text))
    region_at = {h.start: h for h in st.hits if h.type == "Region" and st.aligned(h.start, h.end)}
    st.cands[:] = [_with_branch(text, st, c, region_at) for c in st.cands]
    return doc


_BRANCH_END = re.compile(words.alternation("org_branch_endings"))
# 《自然》杂志: a periodical named by its title and a periodical word
_JOURNAL = re.compile(rf"《([^《》\n]{{1,15}})》({words.alternation('journal_words')})")


def _with_branch(text: str, st: DocState, cand: Candidate, region_at: dict[int, Hit]) -> Candidate:
    """The candidate extended over a place and a branch word right after it (合肥国家实验室|上海|基地): the
    branch in that place is the institution the text names, not its parent."""
    if cand.type != "Organization":
        return cand
    place = region_at.get(cand.end)
    if place is None:
        return cand
    m = _BRANCH_END.match(text, place.end)
    if not m or not st.aligned(m.start(), m.end()):
        return cand
    return Candidate(cand.start, m.end(), cand.type, cand.canonical + text[cand.end:m.end()], cand.origin)


# The tags of a word that carries a name on (华润|金蟾, 中粮|崇左公司): a company's short name is then the
# head of a subsidiary's, a facility's or a product's name, not the group itself.
_NAME_ON_TAGS = frozenset(("n", "nz", "nr", "nrt", "ns", "nt", "j", "nw"))
_ORG_WORDS = words.wordset("org_suffixes")
_COMPANY = re.compile(rf"(?:{words.alternation('company_endings')})$")
_ORG_AFTER_WORD = re.compile(rf"[（(]|(?:{words.alternation('company_endings')})")


_ITEM_OPEN = frozenset("、，。；：（“ \n")
_ITEM_CLOSE = frozenset("、，。；等）”和与")
_ALIAS_COMMON_WORDS = words.wordset("org_alias_common_words")


def _stands_alone(st: DocState, text: str, s: int, e: int) -> bool:
    """True when a short name that is also a common word stands as a name: an item of its own between list
    or clause marks or after a verb (曙光、联想、中芯国际; 建设百度、抖音等…), or followed by the company's
    own word (联想（武汉）)."""
    if _ORG_AFTER_WORD.match(text, e):
        return True
    before = st.word_before(s)
    opens = s == 0 or text[s - 1] in _ITEM_OPEN or (before is not None and jieba_tags().get(before) == "v")
    return opens and (e == len(text) or text[e] in _ITEM_CLOSE)


def _runs_on(word: str | None) -> bool:
    """True when the word after a short organization name continues a longer name (a noun, a name or a word
    jieba does not know), rather than ending it (、, 等, a verb, 集团/公司)."""
    if not word or not "\u4e00" <= word[0] <= "\u9fff" or word in _ORG_WORDS:
        return False
    tag = jieba_tags().get(word)
    return tag is None or tag in _NAME_ON_TAGS


def _suffix_name(text: str, st: DocState, m: re.Match) -> tuple[int, str] | None:
    """(start, name) of the name that ends in the institution word `m`, its lead verbs and clause cut off."""
    a = left_edge(text, m.start(), 22, keep=("与",), bounds=st.bounds, min_core=0)
    a = _past_lead_joiner(text, st, a, m.start())
    if m.start() - a < 2:
        return None
    name0 = text[a:m.end()]
    if _GENERIC_HEAD.match(name0) and not _opens_with_own_level(st, a, name0):
        return None
    name = _keep_place(_strip_org_lead(name0), m.group(0), list_item=a > 0 and text[a - 1] == "、",
                       founded=bool(_FOUNDING.match(name0) or _FOUNDED_BEFORE.search(text, max(0, a - 3), a)))
    kind = _APPOSITIVE.match(name)
    if kind and len(name) - kind.end() >= 4:
        name = name[kind.end():]  # 新央企中国长安汽车集团: the kind in apposition is no part of the name
    a += len(name0) - len(name)
    cut = None
    for cm in _ORG_CLAUSE.finditer(name, 0, len(name) - len(m.group(0))):
        if any(name.startswith(w, cm.end()) and a + cm.end() + len(w) in st.bounds for w in _BUSINESS):
            continue  # 城市建设投资集团: 建设 is the company's field, no verb of a clause
        if _ends_a_word(a + cm.start(), a + cm.end(), st.bounds):
            cut = cm.end()  # 智慧农业谷争创国家技术创新中心: the name starts after the verb
    if cut is not None:
        name = strip_verbs(strip_lead(name[cut:]), m.group(0))
        a = m.end() - len(name)
    name = _after_first_of_kind(name, m.group(0))
    name = _after_joined_body(_after_inner_verb(_drop_lead_verb(name, m.group(0)), m.group(0)), m.group(0))
    start = _after_good(text, st, m.end() - len(name))
    return start, text[start:m.end()]


def _past_lead_joiner(text: str, st: DocState, a: int, suffix_at: int) -> int:
    """The start past a 与/和 that opens the span as a word of its own (深化|与|上港集团合作, 与|厦门大学合作组建
    宿州市新能源材料研究院): a preposition or conjunction before the body, not the head of its name. Inside a
    span 与 stays (新闻与传播学院, 山东大学与山东能源集团)."""
    if text[a:a + 1] in ("与", "和") and a + 1 in st.bounds and a in st.bounds and suffix_at - a > 2:
        return a + 1
    return a


_LEVEL_CLASS = re.compile(words.alternation("org_level_designations"))


def _plain_relative(name: str, suffix: str, full: str) -> bool:
    """True when a span that opens with the place's level word (and no verb before it) reads as one body's
    name: Chinese characters only (not 市疾控中心P2+实验室, a rating of a body's facility), no institution word
    of its own before the last (not 市食检|中心|获国家…实验室: a body, then a clause) and a name by `is_name`
    once the place is written out. 投, 控, 担保 stay: they are the trade of 城投, 国控, 担保集团."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    if not all("\u4e00" <= c <= "\u9fff" for c in name):
        return False
    if any(w in _ORG_WORDS or w.endswith("中心") for w in segment(name[: len(name) - len(suffix)])):
        return False
    return is_name(full, suffix)


def _opens_with_own_level(st: DocState, a: int, name: str) -> bool:
    """True when the span opens with the level word of the document's own place as a word of its own (市|能源集团
    in 连云港's report, 省|文物考古研究院 in 河南's): a body named relative to the place, as after a verb
    (组建市物流集团), not a level of bodies (省级, 市属, 省际 are words of their own)."""
    pw = _doc_place_word(st, a)
    if pw is None:
        return False
    word = pw[1]
    if not name.startswith(word) and word in _SHORT_LEVEL:
        word = _SHORT_LEVEL[word]
    return name.startswith(word) and st.aligned(a, a + len(word))


# 全市第一所全日制普通本科院校…, 川渝首个跨省域协同创新平台…: a rank among bodies of a kind, in apposition
_FIRST_OF_KIND = re.compile(r"(?:首个|首家|首所|第一[所家个])(?:[\u4e00-\u9fff]*?(?:院校|高校|平台|企业|机构))?")


def _after_first_of_kind(name: str, suffix: str) -> str:
    """The name after a 'first of its kind' apposition (湖南首个新时代农民培训学院 -> 新时代农民培训学院,
    第一所全日制普通本科院校南宁师范大学师园学院 -> 南宁师范大学师园学院): the rank and the kind describe the
    body, they are no part of its name."""
    last = None
    for fm in _FIRST_OF_KIND.finditer(name, 0, len(name) - len(suffix)):
        last = fm
    if last is None or len(name) - last.end() < len(suffix) + 2:
        return name
    return name[last.end():]


def _after_inner_verb(name: str, suffix: str) -> str:
    """The name after a verb that stands between a named subject and a named object (新疆银行吸收合并库尔勒银行
    -> 库尔勒银行, 扬州大学参建钟山实验室 -> 钟山实验室): a body or place, a verb, then a name is a clause whose
    object is the institution. A field verb inside a name has no name after it (…技术转移研究院, …创新合作研究中心)
    or none before it (脑机交互与人机共融海河实验室)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    toks = segment(name[: len(name) - len(suffix)])
    tags, lex = jieba_tags(), get_lexicon()
    for i in range(len(toks) - 2, 0, -1):
        w = toks[i]
        if (len(w) >= 2 and tags.get(w) == "v" and not lex.lookup(w, "Region")
                and _names_something(toks[:i]) and _names_something(toks[i + 1:])):
            return "".join(toks[i + 1:]) + suffix
    return name


def _names_something(toks: list[str]) -> bool:
    """True when the words hold a place, a word jieba tags as a name or an institution word: a subject that
    can act (美国, 九洲方圆制药, 新疆银行), not a field (脑机交互)."""
    tags, lex = jieba_tags(), get_lexicon()
    return any((tags.get(w) in _NAME_TAGS and w not in _COMMON_NS) or (len(w) >= 2 and lex.lookup(w, "Region"))
               or w in _ORG_WORDS for w in toks)


_BUSINESS = words.words("org_business_words")


# 山东大学与山东能源集团, 马迭尔文旅投及其所属亚布力旅投集团, 头部企业+大学: a body, a joiner, another body
_JOINED = re.compile(rf"(?:{words.alternation('org_suffixes')}|企业|[投控])(?:及其所属|及其|与|和|及|并|[+＋])")


_ORG_LEAD = re.compile(rf"^(?:{words.alternation('lead_verbs', 'org_lead_verbs')})+")


def _strip_org_lead(name: str) -> str:
    """`strip_lead` with the clause openers of institution names (运营…, 统筹安排…, 高质量办好…)."""
    return _ORG_LEAD.sub("", strip_lead(name))


def _after_good(text: str, st: DocState, a: int) -> int:
    """The start past a resultative 好 that follows a verb (建好|数智产业研究院, 发挥好|上市公司联盟): the
    clause's complement, not the name's head. Only a 好 that jieba cuts as a word of its own (好孩子 stays)."""
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    if text[a:a + 1] != "好" or a + 1 not in st.bounds or a not in st.bounds:
        return a
    before = segment(text[max(0, a - 4):a])
    return a + 1 if before and (before[-1] in verbs() or jieba_tags().get(before[-1]) == "v") else a


def _after_joined_body(name: str, suffix: str) -> str:
    """The last body of two joined in one span (…集团与新疆机场集团 -> 新疆机场集团): an institution
    word before 与/及其/+ closes a first name, so the candidate is only what follows the joiner."""
    last = None
    for jm in _JOINED.finditer(name, 0, len(name) - len(suffix)):
        last = jm
    if last is None:
        return name
    return strip_verbs(strip_lead(name[last.end():]), suffix)


def _drop_lead_verb(name: str, suffix: str) -> str:
    """The name without a leading verb that jieba tags v/vn and a place or proper name after it
    (运营皖南医学院…, 管理江东文旅集团, 设置重庆工业职业技术大学): a verb does not open a name of a place's body."""
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    toks = segment(name[: len(name) - len(suffix)])
    tags, vs, lex = jieba_tags(), verbs(), get_lexicon()
    i = 0
    # only at the start: inside a name a field verb comes before a place (生物育种安徽省实验室, …绿色发展安徽省…);
    # a place that jieba also lists as a verb (遵义 in 遵义|康|养…学院, 保定, 开封) is the name's head
    while (i < len(toks) - 1 and len(toks[i]) >= 2 and (toks[i] in vs or tags.get(toks[i]) in ("v", "vn"))
           and not lex.lookup(toks[i], "Region") and toks[i + 1] not in _COMMON_NS
           and (tags.get(toks[i + 1]) in _NAME_TAGS or lex.lookup(toks[i + 1], "Region"))):
        i += 1
    rest = "".join(toks[i:])
    # 得利|斯|集团: one character left is no name; jieba split an unknown brand and read its head as a verb
    return rest + suffix if i and len(rest) >= 2 else name


_FOUNDING = re.compile(rf"^(?:{words.alternation('org_founding_verbs')})")
_FOUNDED_BEFORE = re.compile(rf"(?:{words.alternation('org_founding_verbs')})$")


def _keep_place(name: str, suffix: str, list_item: bool = False, founded: bool = False) -> str:
    """`strip_verbs`, but a place that jieba's dictionary also lists as a verb (遵义 in 推进遵义师范学院)
    stays: it is the name's head, not a verb; so does a verb-like word before a lone character, and one
    word right after a founding verb before lone characters (成立聚变|新|能公司)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    kept = strip_verbs(name, suffix)
    dropped = segment(name[: len(name) - len(kept)])
    if dropped and len(dropped[-1]) >= 2 and get_lexicon().lookup(dropped[-1], "Region"):
        return dropped[-1] + kept
    if (list_item and len(dropped) == 1 and len(dropped[0]) == 1
            and _starts_with_lone_char(kept[: len(kept) - len(suffix)])):
        # 、誉|升|锗业公司: a list item opens no clause, so a one-character 'verb' before more lone characters
        # (a brand jieba does not know) is the brand's head; 跨|区域 stays a verb and its object
        return name
    if founded and len(dropped) == 1 and len(dropped[0]) >= 2 and _lone_chars_after(name, dropped[0]):
        return name
    if dropped and len(dropped[-1]) >= 2 and len(kept) - len(suffix) == 1:
        return dropped[-1] + kept  # 得利|斯|集团: one character is no name, so the verb-like word is the brand's head
    return kept


def _lone_chars_after(name: str, head: str) -> bool:
    """True when jieba cuts the two words after `head` in `name` to one character each (聚变|新|能|公司: a
    brand it does not know)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    toks = segment(name)
    return len(toks) >= 3 and toks[0] == head and len(toks[1]) == len(toks[2]) == 1


def _starts_with_lone_char(core: str) -> bool:
    """True when jieba's first word of `core` is one character (升|锗业: a brand it does not know)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    toks = segment(core) if core else []
    return bool(toks) and len(toks[0]) == 1


def _ends_a_word(start: int, end: int, bounds: set[int]) -> bool:
    """[start, end) is a jieba token, or the tail of one (查处 in 严肃查处)."""
    return end in bounds and (start in bounds or not any(k in bounds for k in range(start + 1, end)))


def is_name(name: str, suffix: str) -> bool:
    """True when `name` (ending in `suffix`) names one institution, not a kind or a phrase."""
    lex = get_lexicon()
    # 等 closes an enumeration (…等研究院), but 高等/中等 are a school's level (高等专科学校)
    # a code of letters and digits (G60科创走廊, 5G) is part of a name; other digits count bodies (2家公司)
    if (re.search(r"\d|(?<![高中初])等", _CODE.sub("", name)) or _GENERIC_HEAD.match(name)
            or _LEGAL.search(name)):
        return False
    if _GENERIC_IN.search(name) or lex.lookup(name, "Region"):
        return False
    core = name[: len(name) - len(suffix)]
    if (intl := _INTERNATIONAL_HEAD.match(core)) and not _international_field(core[intl.end():]):
        return False
    if _PEJORATIVE.search(core) or _is_clause(core) or (suffix == "集团" and _is_person(core)):
        return False
    if _counts_bodies(core) or _is_designation(name):
        return False
    # 国家实验室, 一流大学: a kind of institution, not a name
    if not (len(core) > 2 or bool(lex.lookup(core, "Region")) or jieba_tags().get(core) in _NAME_TAGS
            or _is_brand(core)):
        return False
    if name.endswith(_OWNED_SCHOOLS):
        return _has_a_proper_part(core[: len(core) - 2])  # 集成电路产业学院 is a kind; 西南医科大学核医药… a name
    if suffix in _SCHOOLS:
        # 卫生健康职业学院, 城市职业学院: kind words and at most two more characters; 数字工贸职业学院 and a
        # school named relative to the document's place (州开放大学) stay
        rest = _SCHOOL_KIND.sub("", core)
        # a school named by its field alone has no verb in it (电子科技大学; 数据要素创新学院 is a kind)
        field_only = rest == core and not _has_field_verb(core)
        named_rest = rest != core and (len(rest) > 2 or rest[:1] in ("州", "市", "县"))
        return _has_a_proper_part(core) or field_only or named_rest
    # 央企子公司: a kind of enterprise (央企, 国企, 龙头企业) is no proper part, so what is left must have one
    kind = _APPOSITIVE.match(core)
    return _has_a_proper_part(core[kind.end():] if kind else core) or _field_of_conferred_lab(name)


# a lab that the state or a province confers, named by its field before the level word (光伏材料与电池全国重点实验室,
# 含氟功能膜材料国家重点实验室, 新药创制省实验室); with nothing but a place or level before it, it is the class
_CONFERRED_LAB = re.compile(r"^([\u4e00-\u9fff]{2,})(?:全国重点|国家重点|省重点|省)实验室$")
_LEAD_OR_CLAUSE = words.wordset("lead_verbs") | words.wordset("org_lead_verbs") | words.wordset("clause_verbs")
_NOUN_TAGS = frozenset(("n", "nz", "l", "j", "nr", "nrt", "ns", "nt", "nw"))


def _field_of_conferred_lab(name: str) -> bool:
    """True when a conferred lab's designation follows a field of research (深部煤炭安全开采与环境保护全国重点
    实验室, 稀土全国重点实验室): the field names one lab, as 胚胎干细胞湖北省重点实验室 does. The field opens on no
    verb (重组国家重点实验室, 新认定省重点实验室 are clauses that reorganise or confer the class), holds a noun of
    two or more characters and no lead or clause verb (基因药谷落地…: a clause of where the lab lands)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    m = _CONFERRED_LAB.match(name)
    if not m:
        return False
    toks, tags = segment(m.group(1)), jieba_tags()
    return (tags.get(toks[0]) not in ("v", "vn") and not any(w in _LEAD_OR_CLAUSE for w in toks)
            and any(len(w) >= 2 and tags.get(w) in _NOUN_TAGS for w in toks))


_PEJORATIVE = re.compile(words.alternation("org_pejorative_words"))
_CODE = re.compile(r"(?:[A-Za-z]+\d+[A-Za-z]*|\d+[A-Za-z]+)(?!级)")  # 3A级: a rating, not a code
_SCHOOL_KIND = re.compile(words.alternation("org_school_kind_words"))


def _is_brand(core: str) -> bool:
    """True when two characters are a word jieba does not know (徐|工, 潍|柴: a company's brand), not a
    determiner and a noun (该|会)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    return (len(core) == 2 and len(segment(core)) == 2 and core[0] not in _NOT_BRAND_HEAD
            and core not in _KIND_ABBREVIATIONS and all("\u4e00" <= c <= "\u9fff" for c in core))


_NOT_BRAND_HEAD = words.wordset("org_brand_not_heads")
_KIND_ABBREVIATIONS = words.wordset("org_kind_abbreviations")


def _has_field_verb(core: str) -> bool:
    """True when the words hold a verb of two or more characters (数据要素|创新, 临床|医): a field described by
    what it does, which schools named by their field alone do not have."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    tags = jieba_tags()
    return any(len(w) >= 2 and tags.get(w) in ("v", "vn") for w in segment(core))


def _is_clause(core: str) -> bool:
    """True when the words before an institution word hold a preposition or an adverb of time
    (从小学、中学一直到大学, 最近对于胡风…): a clause that runs up to the institution word, no name."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    tags = jieba_tags()
    return any(tags.get(w) == "p" and len(w) >= 2 or w in ("到", "一直") for w in segment(core))


_REGION_DESIGNATION = re.compile(rf"(?:{words.alternation('org_region_designations')})$")
_DESIGNATION = re.compile(rf"(?:{words.alternation('org_designation_kinds')})$")
# the level words that may stand between a place and a designation (四川省|制造业创新中心, 北京市|重点实验室)
_LEVEL = re.compile(r"(?:国家|全国|省级|市级|省|市|自治区|区|县)$")


def _international_field(field: str) -> bool:
    """True when the words after 国际/全球 are a field that names a body (深空探测, 先进技术应用), not a
    quality of a kind (化高水平, 一流) or one character of a longer name (国际医学院)."""
    return len(field) >= 3 and not _GENERIC_HEAD.match(field) and field[0] not in "化性"


def _is_designation(name: str) -> bool:
    """True when the name is a designation rather than an institution: a region's hub title (西安区域科技创新中心),
    or a conferred class with no more than a place and a level before it (江苏省重点实验室)."""
    if _REGION_DESIGNATION.search(name):
        return True
    m = _DESIGNATION.search(name)
    if not m:
        return False
    head = _LEVEL.sub("", name[: m.start()])
    return not head or bool(get_lexicon().lookup(head, "Region"))


_CLASS_MARKERS = words.wordset("org_class_markers")
# the markers of two or more characters stand anywhere in the words (驻外, 籍 only as a word of its own)
_CLASS_MARKER_IN = re.compile("|".join(re.escape(w) for w in sorted(_CLASS_MARKERS, key=len, reverse=True)
                                       if len(w) > 1) or "(?!)")
_COUNT_BIG = re.compile(r"^[两三四五六七八九十]大$")
_NUMERAL = re.compile(r"^[两三四五六七八九十]$")


def _counts_bodies(core: str) -> bool:
    """True when the words before an institution word count or group bodies (浙大智慧绿洲六大未来实验室, 国家三大
    区域科技创新中心, 燕赵系列实验室, 承德驻外商会): a collective, a series or a class of institutions, not one."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    toks = segment(core)
    if _CLASS_MARKER_IN.search(core) or any(w in _CLASS_MARKERS for w in toks):
        return True  # 承德驻外商会, 铜仁籍商协会, 过各专业银行: a class of bodies
    return any(w == "系列" or _COUNT_BIG.match(w) or (w == "大" and i > 0 and _NUMERAL.match(toks[i - 1]))
               for i, w in enumerate(toks))


def _is_person(core: str) -> bool:
    """True when the words before 集团 are one person's name (蒋介石集团, 李承晚集团): a political clique."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    toks = segment(core)
    # three characters: a person's full name (华为, 阿里巴巴 are tagged nr too, and are companies)
    return len(toks) == 1 and len(core) == 3 and jieba_tags().get(toks[0]) == "nr"


# Schools are often named by their field alone (电子科技大学, 外交学院); the other institution words need a
# proper part before them.
_SCHOOLS = frozenset(("大学", "学院"))
# colleges a university or a college sets up inside itself: without their owner's name they are kinds
_OWNED_SCHOOLS = ("产业学院",)
_COMMON_NS = words.wordset("common_ns_words")
_NATIONAL = re.compile(r"中国|中华|国家|全国|国际")


def _has_a_proper_part(core: str) -> bool:
    """True when the words before an institution word hold something only a name has: a place, a word
    jieba tags as a name (华为, 阿里), a word jieba does not know (two or more lone
    characters in a row: 城|发|投, 其|亚), Latin letters, or a national qualifier with a field after it
    (国家马铃薯技术…). 中医专科联盟, 基金管理公司, 制造业创新中心 are kinds of institution, not names."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    if re.search(r"[A-Za-z]", core):
        return True
    m = _NATIONAL.search(core)
    if m and len(core) - m.end() >= 3:
        return True
    tags = jieba_tags()
    lex = get_lexicon()
    run = 0
    for w in segment(core):
        if (tags.get(w) in _NAME_TAGS and w not in _COMMON_NS) or (len(w) >= 2 and lex.lookup(w, "Region")):
            return True
        run = run + 1 if len(w) == 1 else 0
        if run >= 2:
            return True
    return False


def _named_by_suffix(text: str, st: DocState, m: re.Match, agency_at: dict[int, tuple[int, str, str]],
                     lexicon_end: dict[int, int]) -> Candidate | None:
    """The organization (or an agency's unit) whose name ends in the institution word `m`."""
    found = _suffix_name(text, st, m)
    if found is None:
        return None
    a, name = found
    rel = _relative_to_place(st, a, name)
    if rel is not None and _is_designation(rel[1]):
        return None  # 完成省重点实验室重组 in 江苏's report: the province's class of labs, not one lab
    if rel is not None and _LEVEL_CLASS.fullmatch(rel[1].removeprefix(_doc_place_word(st, a)[0])):
        return None  # 新建省技术创新中心…各20家: the place's class of conferred centres, not one
    if rel is not None and _GENERIC_HEAD.match(name) and not _plain_relative(name, m.group(0), rel[1]):
        return None  # 市|食检中心获…实验室: a name that opens with the level word must read as one body
    if rel is not None and not (m.end() in lexicon_end and lexicon_end[m.end()] <= rel[0] + 1):
        return Candidate(rel[0], m.end(), "Organization", rel[1], Origin.ORGANIZATION_PATTERN)
    if m.start() - a < 2 or not is_name(name, m.group(0)):
        return None
    if _COUNTED_AFTER.match(text, m.end()):
        return None  # 新增陕西实验室5家: a class of bodies counted, not one institution
    if a > 0 and text[a - 1] == "等":
        return None  # 国科、浙大…等温州研究院: the shared head of an enumeration, a kind, not one body
    if a > 0 and text[a - 1] == "在" and a + 1 in st.bounds:
        return None  # 在|京|国家实验室: the labs located in a place (a one-character abbreviation), a class
    if m.end() in lexicon_end and lexicon_end[m.end()] <= a + 1:
        return None  # the lexicon knows this name (二十国集团): the pattern's longer span is noise
    ag = agency_at.get(a)
    if ag and ag[0] < m.end():
        middle = name[len(ag[2]):len(name) - len(m.group(0))]
        if _has_verb(middle) or joins_or_kinds(middle) or _holds_clause_verb(middle):
            return None  # 央行力促商业银行: a clause after the agency, not one of its units
        return Candidate(a, m.end(), "Agency", ag[1] + name[len(ag[2]):], Origin.ORGANIZATION_LEXICON)
    if ag and ag[0] == m.end():
        return None
    return Candidate(a, m.end(), "Organization", name, Origin.ORGANIZATION_PATTERN)


# a count of two or more right after the name that ends the phrase: 新增陕西实验室5家, (…长春理工大学中山研究院13个
# 实验室 counts labs inside one institute)
_COUNTED_AFTER = re.compile(r"(?:\d*[2-9]\d*|\d{2,}|[两二三四五六七八九十百]+)[家个所](?![\u4e00-\u9fff])")


def _doc_place_word(st: DocState, pos: int) -> tuple[str, str] | None:
    """(place, its level word) of the document that `pos` stands in, if it has a place."""
    from nlp.jurisdiction import level_word

    place = next((d.place for d in st.docs if d.start <= pos < d.end and d.place), None)
    word = level_word(place) if place else None
    return (place, word) if place and word else None


_SHORT_LEVEL = {"自治州": "州", "自治区": "区"}


def _relative_to_place(st: DocState, a: int, name: str) -> tuple[int, str] | None:
    """A body named relative to the document's place (组建市物流集团 in 合肥's report -> 合肥市物流集团,
    提级管理市乡村振兴公司 -> 合肥市乡村振兴公司): (start, full name), or None."""
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    pw = _doc_place_word(st, a)
    if pw is None:
        return None
    place, word = pw
    i = name.find(word)
    if i < 0 and word in _SHORT_LEVEL:
        word = _SHORT_LEVEL[word]  # 州文旅集团 in a 自治州's report: the texts write 州 for 自治州
        i = name.find(word)
    if (i < 0 or not st.aligned(a + i, a + i + len(word)) or len(name) - i - len(word) < 4
            or name.startswith("级", i + len(word))):
        return None  # 州级旅游运营集团: a level of bodies, not the place's own
    head, vs, tags = name[:i], verbs(), jieba_tags()
    if head and not all(w in vs or tags.get(w) in ("v", "vn") for w in segment(head)):
        return None  # 合肥市… or 国家…市: the level word is not the document's own place
    return a + i, place + name[i + len(word):]


# the next item of a list of a place's companies: 组建市物流集团、|泊车集团
_NEXT_COMPANY = re.compile(r"、([\u4e00-\u9fff]{2,8}?(?:集团|公司))(?=[、，。；等和及])")


def _shared_place_items(text: str, st: DocState) -> list[Candidate]:
    """The items after a body named relative to the document's place (组建市物流集团、泊车集团 in 合肥's report ->
    合肥市泊车集团): the level word is shared by the list, so each later company is the place's too."""
    have = {c.start for c in st.cands if c.type in ("Organization", "Agency")}
    found: list[Candidate] = []
    for c in list(st.cands):
        if c.type != "Organization" or c.canonical == text[c.start:c.end] or c.origin != Origin.ORGANIZATION_PATTERN:
            continue
        pw = _doc_place_word(st, c.start)
        if pw is None or not text.startswith(pw[1], c.start) or not c.canonical.startswith(pw[0]):
            continue  # not 市… resolved to the document's place
        end = c.end
        while (m := _NEXT_COMPANY.match(text, end)) and m.start(1) not in have and st.aligned(m.start(1), m.end(1)):
            item = m.group(1).removeprefix(pw[1])  # 、省交易集团: the item repeats the level word
            found.append(Candidate(m.start(1), m.end(1), "Organization", pw[0] + item, Origin.ORGANIZATION_PATTERN))
            end = m.end(1)
    return found


# 集聚了比亚迪、宁德时代等一批世界一流企业: the items of a list closed by 等 + named-enterprise words
_EXEMPLAR_CLOSE = re.compile(
    rf"等(?:一批|一系列|[\d一二三四五六七八九十百]+家)?(?:{words.alternation('exemplar_scopes')})?"
    rf"(?:{words.alternation('org_exemplar_qualifiers')})(?:企业|公司|集团)|等(?:央企|中央企业)"
    r"|等[\d一二三四五六七八九十百]+家(?:企业|公司)"
)
# 支持阳光电源、四维新能源、繁枫科技等企业: 等 + a bare enterprise word closes kinds as often as names
# (钢铁、建材等企业), so its items must each read as a name, not as one common word (_plain_names)
_CLOSE = re.compile(rf"{_EXEMPLAR_CLOSE.pattern}|(?P<plain>等(?:{words.alternation('exemplar_scopes')})?(?:企业|公司))")
_EXEMPLAR_ITEMS = re.compile(r"((?:[\u4e00-\u9fffA-Za-z]{2,10}、){0,7}[\u4e00-\u9fffA-Za-z]{2,10})$")
# an item that names a sector, a product or a kind of enterprise, not one enterprise
_NOT_EXEMPLAR = re.compile(
    rf"(?:{words.alternation('org_exemplar_not_endings')})$|[的和与及]"
    + rf"|^(?:{words.alternation('org_enterprise_kinds', 'org_exemplar_qualifiers')})$"
)


_PARTICLES = frozenset("了着过")


def _drop_lead_tokens(first: str) -> str:
    """The first item without the clause before it: 培育了超聚变 -> 超聚变, 新引进三一重能 -> 三一重能,
    与中铝 -> 中铝. Only up to the last verb: an adverb-like first character (超聚变) stays."""
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    first = _strip_org_lead(first)  # 壮大爱齐医疗, 充分发挥天地药业: lead verbs jieba does not tag as ones
    toks, tags, vs = segment(first), jieba_tags(), verbs()
    cut = 1 if len(toks) > 1 and tags.get(toks[0]) in ("p", "c") else 0
    for i, tok in enumerate(toks[:-1]):
        if len(tok) >= 2 and (tok in vs or tags.get(tok) in ("v", "vn")):
            cut = i + 1
    if cut > 0 and cut == len(toks) - 1 and tags.get(toks[cut]) == "n" and len(toks[cut - 1]) >= 2:
        cut -= 1  # 做大做强通用生物: one common noun is no enterprise; the verb-like word before it is its head
    while cut < len(toks) - 1 and toks[cut] in _PARTICLES:
        cut += 1
    return "".join(toks[cut:])


# jieba tags of a one-word list item that is a name (格林美 nr, 双星 nz)
_BRAND_TAGS = frozenset(("nr", "nrt", "nz", "nt"))
#: jieba's frequency under which a one-word list item is a rare word, a brand's (金象, 古井), not a sector
_RARE_WORD = 150


def _plain_names(items: list[str]) -> bool:
    """Whether every item of a list closed by a bare 等企业 reads as an enterprise's name: two or more
    items, none one dictionary word of the language (化工, 独角兽, 快递) and none holding a verb
    (矿产开采; a lone character's tag says nothing); a brand jieba tags as a person's or proper name
    (格林美, 维信诺) is a name."""
    from nlp.tokenizer import segment, word_freq  # the tokenizer needs the lexicons; import late

    if len(items) < 2:
        return False
    tags = jieba_tags()
    for item in items:
        toks = segment(item)
        if len(toks) == 1 and tags.get(item) not in _BRAND_TAGS and word_freq().get(item, 0) >= _RARE_WORD:
            return False
        if any(len(t) > 1 and tags.get(t) in ("v", "vn", "a", "ad", "d", "p", "c") for t in toks):
            return False
    return True



_TRADE_WORDS = words.wordset("company_industry_words")
_BRAND_NOT_CHARS = words.wordset("company_brand_not_chars")


def _brand_and_trade(item: str) -> bool:
    """True when an exemplar item is a brand jieba does not know (two lone characters) and a trade word, with
    新 between them or not (天|厚|新材料, 金|龙|新材料, 德|通|装备): a company's short name, the shape
    `nlp.companies` reads, not the sector its ending names (金属新材料, 化工新材料: the head is a word)."""
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    brand, trade = item[:2], item[2:].removeprefix("新")
    return (trade in _TRADE_WORDS and len(segment(brand)) == 2 and not (set(brand) & _BRAND_NOT_CHARS)
            and all("\u4e00" <= c <= "\u9fff" for c in brand))


def exemplar_candidates(text: str, st: DocState) -> list[Candidate]:
    """The named enterprises of an exemplar list (培育了超聚变、中创智领等一批行业领军企业)."""
    lex = get_lexicon()
    found: list[Candidate] = []
    for cm in _CLOSE.finditer(text):
        plain = cm.group("plain") is not None
        lo = max(0, cm.start() - 90)
        m = _EXEMPLAR_ITEMS.search(text, lo, cm.start())
        if not m:
            continue
        pos = m.start(1)
        items = m.group(1).split("、")
        first = items[0]
        first_name = _drop_lead_tokens(first)
        if pos >= 2 and text[pos - 1] == " " and "\u4e00" <= text[pos - 2] <= "\u9fff":
            # 推 动欣旺达: a space from the page's layout inside the lead verb; strip it as one word
            joined = _drop_lead_tokens(text[pos - 2] + first)
            first_name = joined if len(joined) < len(first_name) else first_name
        if len(first_name) < 2:
            continue
        items[0] = first_name
        pos += len(first) - len(first_name)
        spans = []
        for item in items:
            s = text.find(item, pos)
            pos = s + len(item)
            spans.append((s, item))
        if any((_NOT_EXEMPLAR.search(item) and not _brand_and_trade(item)) or len(item) < 2
               or lex.lookup(item, "Region") or lex.lookup(item, "Agency") or lex.lookup(item, "Program")
               for _, item in spans):
            continue  # one sector word or clause in the list: it lists kinds, not enterprises
        if plain and not _plain_names([item for _, item in spans]):
            continue
        for s, item in spans:
            canonical = lex.lookup(item, "Organization") or item
            found.append(Candidate(s, s + len(item), "Organization", canonical, Origin.ORGANIZATION_EXEMPLAR))
    return found
