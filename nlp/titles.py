"""Document and Law mentions: 《…》 titles, law names, well-known plan short names.

A 《…》 title is a Law when it names a statute or regulation (…法, …条例, or a known law title),
else a Document. The name loses 《》, whitespace and a trailing bracketed period. Short references
declared in the text — （以下简称《规划》） — and bare kind words in 《》 (《规划》, 《行动计划》)
point back to the title they abbreviate. “十四五”…规划 without brackets is a Document too.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.legal import listed_as_law
from nlp.lexicon import get_lexicon, law_short_title
from nlp.phrases import left_edge, strip_lead
from nlp.state import Candidate, DocState, ImpliedIssuer, Origin, ShortRef, TitleAlias, state
from nlp.text import clean_name, doc_kind, doc_text, split_period

_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_SHORT_DECL = re.compile(r"^\s*[（(]\s*以下简称\s*[《“\"]([^》”\"]{1,20})[》”\"]")
_ACRONYM = re.compile(r"^\s*[（(]\s*([A-Za-z][A-Za-z0-9 .&\-]{1,60}?)\s*[）)]")
_LAWLIKE = re.compile(
    r"(?<![办方做想立司执])法$|法典$|条例$|法修正案（[一二三四五六七八九十]+）$|法修正案$"
    # a national law's implementing rules are a regulation (中华人民共和国海关法行政处罚实施细则)
    r"|^中华人民共和国[\u4e00-\u9fff]{1,20}法[\u4e00-\u9fff]{0,8}实施(?:细则|办法)$"
)
# an amendment's number as texts write it: 刑法修正案(九), 刑法修正案（ 九 ）
_AMENDMENT_NO = re.compile(r"修正案\s*[（(]\s*([一二三四五六七八九十]+)\s*[）)]")
_FIVE_YEAR = re.compile(r"(?<!《)“十[一二三四五]五”([\u4e00-\u9fff]{2,18}?)(规划纲要|规划|纲要)")
# a report named by what it shows: 联合国电子政务调查报告显示…
_REPORT_SAYS = re.compile(rf"({words.alternation('report_kinds')})(?={words.alternation('report_says_verbs')})")
# an agency's own plan named after it: 按照全国人大常委会监督工作计划安排
_AGENCY_PLAN = re.compile(r"([\u4e00-\u9fff]{0,8}?(?:工作计划|工作要点|工作规划))")
# an enumeration of plans closed by 等政策文件: A规划、B规划与C规划等政策文件
_DOC_LIST = re.compile(r"等(?:政策|规划|重要)?文件")
_DOC_ITEM = re.compile(rf"(.+?(?:{words.alternation('doc_list_kinds')}))(?:[、与和及]|$)")
_FIVE_YEAR_BAD = re.compile(r"期间|时期|相关|有关|各|的|等|以来")
# a plan named without 《》 where it is issued or carried out: 出台实施乡村全面振兴规划, 实施基础研究十年规划,
# 落实专精特新企业培育三年行动计划, 出台支持乡村富民产业发展20条措施
_NAMED_PLAN = re.compile(
    rf"(?:{words.alternation('plan_issue_verbs')})"
    rf"([\u4e00-\u9fff\d]{{4,26}}?({words.alternation('plan_kinds')}))(?=[，。、；）]|$)"
)
_VAGUE = re.compile(words.alternation("vague_qualifiers"))
_LICENCE = re.compile(rf"(?:{words.alternation('licence_endings')})$")
# a policy package known by its count of articles: “金融30条”, “制造业当家20条”, “稳外资十条”
_NICKNAMED = re.compile(r"“([\u4e00-\u9fff][^“”\n，。、；]{0,15}?(?:\d{1,3}|[一二三四五六七八九十]{1,3})条)”")
# packages issued together by their counts of articles: 出台促进经济发展20条、新能源汽车36条等政策措施,
# 制定实施经济向上向好“30条”
_COUNTED = r"[\u4e00-\u9fff]{2,16}?“?(?:\d{1,3}|[一二三四五六七八九十]{1,3})条”?"
_COUNTED_PACKAGES = re.compile(
    rf"(?:{words.alternation('plan_issue_verbs')})(?:一揽子)?((?:{_COUNTED}、)*{_COUNTED})(?=[，。；]|等)"
)
_COUNTED_ITEM = re.compile(r"[^、]+")
_PLAN_BAD = re.compile(
    r"^[\d一二三四五六七八九十]|" + words.alternation("vague_qualifiers")
    + "|一批|系列|这|该|本|的|等|和|与|及|重大|重点"
)
# bare kind words used as a short reference to the title just named
GENERIC_SHORTS = words.wordset("document_generic_shorts")


# Words of policy language: a 《》 title without a document kind word (规划, 意见, 报告…) is a policy
# document or publication only when it speaks this language (《高举中国特色社会主义伟大旗帜…》)
_POLICY_WORDS = re.compile(words.alternation("policy_words") + "|十[一二三四五六七八九]五")

# Words near a title that make it a game, film, show or song
_NOT_PUBLICATION = re.compile(words.alternation("not_publication_words"))


def policy_title(name: str) -> bool:
    """A 《》 title that names a policy document or publication, not a game, film or novel."""
    return bool(doc_kind(name) or _POLICY_WORDS.search(name) or get_lexicon().lookup(name))


def title_name(inner: str) -> tuple[str, str | None, str]:
    """(canonical name, period, type) for the text inside 《》."""
    name, period = split_period(clean_name(inner))
    name = _AMENDMENT_NO.sub(r"修正案（\1）", name.strip(" 《》"))
    lex = get_lexicon()
    short = law_short_title(name)
    if (short in lex.law_names or name in lex.law_names or _LAWLIKE.search(name)
            or listed_as_law(short) or listed_as_law(name)):
        return (short if short in lex.national_laws or name.startswith("中华人民共和国") else name), period, "Law"
    return name, period, "Document"


@Language.component("policykg_titles")
def titles_component(doc: Doc) -> Doc:
    """spaCy component: 《》 titles, law names and plan short names as Document/Law candidates."""
    st = state(doc)
    text = doc_text(doc)
    _bracketed(text, st)
    for hit in st.hits:
        s, e = hit.start, hit.end
        if hit.type == "Law" and (st.aligned(s, e) or (s > 0 and text[s - 1] == "《")):
            st.cands.append(Candidate(s, e, "Law", hit.canonical, Origin.TITLE_LEXICON))
        elif hit.type == "Document":
            st.cands.append(Candidate(s, e, "Document", hit.canonical, Origin.TITLE_LEXICON))
    _unbracketed(text, st)
    return doc


def _counted_packages(text: str) -> list[Candidate]:
    """Packages issued by their count of articles (出台促进经济发展20条、新能源汽车36条等政策措施)."""
    out = []
    for m in _COUNTED_PACKAGES.finditer(text):
        for im in _COUNTED_ITEM.finditer(text, m.start(1), m.end(1)):
            core = re.sub(r"“?[\d一二三四五六七八九十]+条”?$", "", im.group(0))
            if len(core) >= 2 and not _PLAN_BAD.search(core):
                out.append(Candidate(im.start(), im.end(), "Document", im.group(0), Origin.TITLE_PATTERN))
    return out


def _bracketed(text: str, st: DocState) -> None:
    """《》 titles with the periods, short names (以下简称《…》) and acronyms declared after them."""
    # a title shown once as a game, film or song is that everywhere in the text
    not_docs = {m.group(1) for m in _TITLE.finditer(text) if _NOT_PUBLICATION.search(
        text[max(0, m.start() - 12):m.start()] + "|" + text[m.end():m.end() + 10])}
    for m in _TITLE.finditer(text):
        inner = m.group(1)
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", inner):
            continue
        name, period, etype = title_name(inner)
        if name in GENERIC_SHORTS or (len(name) <= 6 and re.sub(r"[\d.\s版]", "", name) in GENERIC_SHORTS):
            st.short_refs.append(ShortRef(m.start(1), m.end(1), name))
            continue
        if etype == "Document" and inner in not_docs and not policy_title(name):
            continue  # 玩《魔兽世界》, 电影《画皮》: a game, film or song is no document or publication
        if _LICENCE.search(name):
            continue  # 《营业执照》, 《医疗机构执业许可证》: a licence is no document
        if etype == "Document" and _issued_as_law(text, m.start(), m.end(), name):
            etype = "Law"
        st.cands.append(Candidate(m.start(1), m.end(1), etype, name, Origin.TITLE))
        if period:
            st.periods[name] = period
        after = text[m.end(): m.end() + 80]
        dm = _SHORT_DECL.match(after)
        if dm:
            st.title_aliases.append(TitleAlias(m.end(), clean_name(dm.group(1)), name, etype))
        am = _ACRONYM.match(after)
        if am:
            acr = am.group(1).strip()
            st.title_aliases.append(TitleAlias(m.end(), acr, name, etype))
            s = m.end() + am.start(1)
            st.cands.append(Candidate(s, s + len(acr), etype, name, Origin.TITLE))


# a rule issued as law: promulgated by a decree (…总局令第62号公布的《…办法》), or repealed by the
# statute that replaces it (…发布的《…办法》同时废止)
_RULE_KIND = re.compile(rf"(?:{words.alternation('rule_kinds')})$")
_BY_DECREE = re.compile(r"令(?:第)?[\d一二三四五六七八九十百]+号(?:公布|发布|印发)?的?$")
_REPEALED_WITH = re.compile(r"^(?:[和、及][^。]{0,80}?)?同时废止")


def _issued_as_law(text: str, start: int, end: int, name: str) -> bool:
    """True when a 《…办法/规定》 is a rule issued as law (GUIDELINES: …规定 issued as law)."""
    if not _RULE_KIND.search(name):
        return False
    return bool(_BY_DECREE.search(text, max(0, start - 16), start) or _REPEALED_WITH.match(text[end:end + 90]))


def _unbracketed(text: str, st: DocState) -> None:
    """Documents named without 《》: 报告指出, an agency's own plan, lists of kinds, plans named after a
    verb, “十四五”…规划."""
    cands, bounds = st.cands, st.bounds
    for m in _REPORT_SAYS.finditer(text):
        a = left_edge(text, m.start(), 20, keep=("与",), bounds=bounds)
        core = strip_lead(text[a:m.start()])
        if len(core) >= 4:
            s = m.end() - len(m.group(1)) - len(core)
            cands.append(Candidate(s, m.end(), "Document", core + m.group(1), Origin.TITLE_PATTERN))
    for hit in st.hits:
        if hit.type == "Agency":
            m = _AGENCY_PLAN.match(text, hit.end)
            if m:
                s, name = hit.start, text[hit.start:m.end()]
                cands.append(Candidate(s, m.end(), "Document", name, Origin.TITLE_PATTERN))
                # the plan is the agency's own: it issues it
                st.implied_issuers.append(ImpliedIssuer(s, name, hit.canonical))
    for m in _DOC_LIST.finditer(text):
        a = left_edge(text, m.start(), 60, keep=("与", "和", "及"), bounds=bounds)
        a = max([a] + [c.end() for c in re.finditer(r"[，。；：]", text[a:m.start()])])
        for im in _DOC_ITEM.finditer(text, a, m.start()):
            item = im.group(1)
            s = im.start(1)
            while item and item[0] in "与和及":
                item, s = item[1:], s + 1
            if 4 <= len(item) <= 30 and "“" not in item[:1] and not _VAGUE.search(item):
                cands.append(Candidate(s, s + len(item), "Document", item, Origin.TITLE_PATTERN))
    for m in _NAMED_PLAN.finditer(text):
        name = m.group(1)  # the verb fixes where the name starts
        core = name[: -len(m.group(2))]
        if len(core) >= 4 and not _PLAN_BAD.search(core) and m.start(1) in bounds:
            cands.append(Candidate(m.start(1), m.end(1), "Document", name, Origin.TITLE_PATTERN))
    cands.extend(_counted_packages(text))
    for m in _NICKNAMED.finditer(text):
        cands.append(Candidate(m.start(1), m.end(1), "Document", m.group(1), Origin.TITLE_PATTERN))
    for m in _FIVE_YEAR.finditer(text):
        if not _FIVE_YEAR_BAD.search(m.group(1)):
            cands.append(Candidate(m.start(), m.end(), "Document", m.group(0), Origin.TITLE_LEXICON))
