"""Agency mentions: the central bodies' lexicon, and the regular shapes of local government.

Local bodies are not listed one by one: a region name followed by 人民政府/政府 (+办公厅), by a
people's congress, or by a department name ending in 厅/局/委员会/委/办公室 is an Agency
(X省Y厅, X市Y局, X自治区人民政府办公厅, X市人民政府). A known agency followed by a unit name
(…司, …研究院) is that unit. …部际联席会议 and …管理委员会 are agencies by their last word.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.lexicon import get_lexicon, jieba_tags
from nlp.organizations import joins_or_kinds
from nlp.phrases import left_edge
from nlp.state import Candidate, DocState, Hit, Origin, state
from nlp.text import doc_text

_TAGS = jieba_tags()
_ADMIN_LEVELS = frozenset({"province", "prefecture", "county", "district", "sar"})
_GOV_BODIES = dict(words.rows("agency_gov_bodies.tsv"))
_GOV_AFTER = re.compile(rf"(?:第[一二三四五六七八九十]+届)?({words.alternate(_GOV_BODIES)})(办公厅|办公室)?")
# A department: 2-14 name characters, then a department word. No clause words inside.
_DEPT_AFTER = re.compile(
    rf"([\u4e00-\u9fff]{{2,14}}?)({words.alternation('agency_department_words')})"
    r"(?![\u4e00-\u9fff]{0,1}(?:员|托|屈|派|任)|门)"
)
_DEPT_BAD = re.compile(r"[的将在是了把对为从向与及、等要已并也都还就]|市委|省委|工作|建设(?!$)|(?<!数据)发展$")
_VERB_FIELDS = words.wordset("department_verb_fields")
_UNIT_AFTER = re.compile(rf"([\u4e00-\u9fff]{{2,12}}?)({words.alternation('agency_unit_words')})")
_UNIT_BAD = re.compile(r"[的将在是了把对为从向及同、等要已并也都还就]|关于|负责|下列|上述|以下|其他")
_JOINT = re.compile(r"部际联席会议(?:制度)?")
# Courts and procuratorates of a place, in full or in the short forms the news uses
_COURTS = {surface: canonical for surface, canonical in words.rows("agency_courts.tsv")}
_COURT_AFTER = re.compile(words.alternate(_COURTS))
# a national body's name: a place before it makes a different (local) body only when it is not this
_NATIONAL_HEAD = re.compile(rf"^(?:{words.alternation('national_heads')})")
_ADMIN_COMMITTEE = re.compile(r"管理委员会|管委会")


_LEVEL_COMMITTEE = re.compile(r"[市县区州]委$")
_NOT_DEPARTMENT = re.compile(rf"(?:{words.alternation('not_department_endings')})$")
_CLAUSE_VERBS = words.wordset("clause_verbs") | words.wordset("agency_clause_verbs")
# 有关注册建筑师管理委员会, 各…管理委员会: a determiner makes the committee a kind, not one body
_DETERMINERS = words.wordset("generic_place_determiners")
_LEVEL_WORDS = frozenset({"省", "自治区", "直辖市", "地级市", "县级市"})  # a level without a place names no body


def _dept_ok(text: str, m: re.Match) -> bool:
    """A place's department: no clause words inside, no verb at its head (鹿寨县承接中心城区… is
    a clause), and a …中心 that the text does not go on naming (…育种中心综合试验基地 is a site)."""
    if _DEPT_BAD.search(m.group(1)) or _NOT_DEPARTMENT.search(m.group(0)):
        return False
    if _LEVEL_COMMITTEE.search(m.group(0)):
        return False  # 省|辖市市委书记市长工作会议: the Party committees of a level of cities, no department
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    toks = segment(m.group(1))
    head = toks[0]
    if len(head) >= 2 and head in verbs() and head not in _VERB_FIELDS:  # 承接 is a verb; 统计局 a field
        return False
    if any(t in _CLAUSE_VERBS for t in toks):
        return False  # 省帆船协会落户亚帆中心: a clause ending in a facility
    if any(t != "和" and _TAGS.get(t) in ("p", "c") for t in toks):
        return False  # 清远县试行由县经委: a preposition or conjunction opens a clause (和 joins 住房和城乡建设)
    if m.group(2) == "中心":
        nxt = text[m.end():m.end() + 1]
        if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in "和与及的在将是为等":
            return False
    return True


def agency_starts(st: DocState) -> dict[int, tuple[int, str]]:
    """Start -> (end, canonical) of the lexicon agencies that count (a short form only on token bounds)."""
    return {h.start: (h.end, h.canonical) for h in st.hits if h.type == "Agency"
            and (not h.short or st.aligned(h.start, h.end))}


@Language.component("policykg_agencies")
def agencies_component(doc: Doc) -> Doc:
    """spaCy component: agency candidates from the lexicon and the local-government patterns."""
    st = state(doc)
    text = doc_text(doc)
    lex = get_lexicon()
    agency_at = agency_starts(st)
    agency_ending = {end: (start, canon) for start, (end, canon) in agency_at.items()}
    for hit in st.hits:
        if hit.type == "Agency":
            st.cands.extend(_known_agency(text, st, hit))
        elif hit.type == "Region":
            reg = lex.regions.get(hit.canonical)
            if reg is not None and reg.level in _ADMIN_LEVELS and (not hit.short or st.aligned(hit.start, hit.end)):
                found = place_body(text, hit, agency_at)
                if found:
                    st.cands.append(_under_its_parent(text, found, agency_ending.get(hit.start)))
    st.cands.extend(_joint_meetings(text, st))
    st.cands.extend(_admin_committees(text, st))
    return doc


_BRANCH_END = re.compile(rf"(?:{words.alternation('agency_branch_endings')})$")


def _under_its_parent(text: str, body: Candidate, parent: tuple[int, str] | None) -> Candidate:
    """A place's branch written right after a national body (国家金融监管总局|崇左|监管分局) is that
    body's branch, named with it (国家金融监督管理总局崇左监管分局), not a 崇左市监管分局 of the city."""
    if parent is None or not _BRANCH_END.search(body.canonical):
        return body
    start, canon = parent
    return Candidate(start, body.end, "Agency", canon + text[body.start:body.end], Origin.AGENCY)


def _known_agency(text: str, st: DocState, hit: Hit) -> list[Candidate]:
    """A lexicon agency, and the unit named right after it (工业和信息化部信息技术发展司)."""
    s, e, canon = hit.start, hit.end, hit.canonical
    if (hit.short or e - s <= 3) and not st.aligned(s, e):
        return []
    if text.startswith("门", e) and canon.endswith("部"):
        return []  # 人力资源社会保障部门: a functional designation (…部门), not the ministry
    out = [Candidate(s, e, "Agency", canon, Origin.AGENCY)]
    m = _UNIT_AFTER.match(text, e)
    if m and not _UNIT_BAD.search(m.group(1)) and not m.group(0).endswith("公司") and not joins_or_kinds(m.group(1)):
        out.append(Candidate(s, m.end(), "Agency", canon_unit(text[s:m.end()], text[s:e], canon), Origin.AGENCY))
    return out


def place_body(text: str, hit: Hit, agency_at: dict[int, tuple[int, str]]) -> Candidate | None:
    """A body of the place `hit` names, written after it: its government or congress, its court,
    its own body under a national body's short name, or one of its departments."""
    s, e, canon = hit.start, hit.end, hit.canonical
    m = _GOV_AFTER.match(text, e)
    if m:
        body, office = _GOV_BODIES[m.group(1)], m.group(2) or ""
        return Candidate(s, m.end(), "Agency", f"{canon}{body}{office}", Origin.AGENCY)
    m = _COURT_AFTER.match(text, e)
    if m:  # 广州中院, 深圳市人民检察院
        reg = get_lexicon().regions.get(canon)
        if reg is not None and reg.level == "sar":
            # the courts of Hong Kong and Macao are no people's courts (香港特别行政区法院): the text's name
            return Candidate(s, m.end(), "Agency", canon + m.group(0), Origin.AGENCY)
        return Candidate(s, m.end(), "Agency", canon + _COURTS[m.group(0)], Origin.AGENCY)
    ag = agency_at.get(e)
    if ag and ag[1].endswith("部") and text.startswith("门", ag[0]):
        return None  # 市住房城乡建设部门: a functional designation (…部门), not a ministry of the city
    if ag and not _NATIONAL_HEAD.match(text[e:ag[0]]):
        # a place's own body under a national body's short name: 广东省社科院, 北京市发改委
        local = _NATIONAL_HEAD.sub("", ag[1])
        surface = text[e:ag[0]]
        same_kind = local[-1] == surface[-1] or (surface.endswith("委") and local.endswith("委员会"))
        # 广东省社科院 -> 广东省社会科学院; 北京市住建委 keeps its own name (the ministry is a 部)
        return Candidate(s, ag[0], "Agency", canon + (local if same_kind else surface), Origin.AGENCY)
    if text.startswith("级", e):
        return None  # 江西省级工程研究中心, 巴中市级医疗专业质控中心: a level of a kind of centre, no body
    if _opens_a_word(text, e):
        return None  # the place's last character opens a word (广安|市民服务中心): no department of it
    m = _DEPT_AFTER.match(text, e)
    plain = m is not None and m.group(2) in ("厅", "局", "委") and len(m.group(1)) <= 6
    if m and (not hit.short or plain) and _dept_ok(text, m):
        # a short place name takes only a plain department (上海银监局, 北京住建委)
        return Candidate(s, m.end(), "Agency", canon + text[e:m.end()], Origin.AGENCY)
    return None


def _opens_a_word(text: str, e: int) -> bool:
    """True when a place name's level character (市, 县) and the character after it are a common word that
    the rest does not start over: 广安市民服务中心 is 广安's 市民服务中心 (citizens' service centre), not a
    department 民服务中心 of 广安市; 市县两级… is a level of bodies."""
    from nlp.tokenizer import word_freq  # the tokenizer needs the lexicons; import late

    freq = word_freq()
    return (e < len(text) and text[e - 1] in "市县区省" and freq.get(text[e - 1:e + 1], 0) >= _WORD_FREQ
            and not freq.get(text[e:e + 2], 0))  # 北海市|民营企业投诉中心: 民营 opens the department


_WORD_FREQ = 100


def _joint_meetings(text: str, st: DocState) -> list[Candidate]:
    """…部际联席会议: an inter-ministerial joint meeting named by its subject."""
    out = []
    for m in _JOINT.finditer(text):
        a = left_edge(text, m.start(), 16, keep=("与", "和"), bounds=st.bounds)
        # 成为|国家层面…部际联席会议: a clause verb opens a clause; a meeting's own name may begin with a
        # verb (促进个体工商户发展部际联席会议), so no other leading verb is dropped
        subject = _committee_subject(text[a:m.start()], lead_verbs=False)
        if subject is None:
            continue
        a = m.start() - len(subject)
        if m.start() - a >= 2:
            out.append(Candidate(a, m.end(), "Agency", text[a:m.start()] + "部际联席会议", Origin.AGENCY))
    return out


def _admin_committees(text: str, st: DocState) -> list[Candidate]:
    """…管理委员会 / …管委会: a zone's administrative committee."""
    out = []
    # 中国证券监督管理委员会 ends in 管理委员会: the lexicon knows the body, the pattern's left edge is noise
    known_ends = {h.end for h in st.hits if h.type == "Agency"}
    for m in _ADMIN_COMMITTEE.finditer(text):
        if m.end() in known_ends:
            continue
        a = left_edge(text, m.start(), 20, bounds=st.bounds)
        subject = _committee_subject(text[a:m.start()])
        if subject is None:
            continue
        a = m.start() - len(subject)
        if m.start() - a >= 4 and not re.search(r"公司|总经理|董事长|主任", text[a:m.start()]):
            out.append(Candidate(a, m.end(), "Agency", text[a:m.start()] + "管理委员会", Origin.AGENCY))
    return out


def _committee_subject(part: str, lead_verbs: bool = True) -> str | None:
    """The subject of a …管理委员会 without the clause before it: what follows the last conjunction,
    preposition or clause verb (出席董事会会议或者|联合…, 区内设置|加工区…), then without leading verbs
    (设立|住房公积金…) unless `lead_verbs` is False; None when a determiner opens it (有关注册建筑师…:
    a kind of committee)."""
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    toks = segment(part)
    for i in range(len(toks) - 1, -1, -1):
        if (_TAGS.get(toks[i]) in ("p", "c") and toks[i] not in ("和", "与")) or toks[i] in _CLAUSE_VERBS:
            toks = toks[i + 1:]
            break
    vs = verbs()
    while lead_verbs and len(toks) > 1 and toks[0] in vs:
        toks = toks[1:]
    if any(t in _DETERMINERS or t.startswith("各") for t in toks) or (toks and toks[0] in _LEVEL_WORDS):
        return None  # …发现有关注册建筑师…, 各类园区…, 直辖市注册建筑师…: a kind of committee, no one body
    return "".join(toks)


def agency_name(name: str) -> str | None:
    """The canonical name of a body written on its own (in 《X关于…》): a known agency, a place's
    government or congress, or a place's department; None when it is none of these."""
    lex = get_lexicon()
    known = lex.lookup(name, "Agency")
    if known:
        return known
    for k in range(min(len(name) - 2, 12), 1, -1):
        region = lex.lookup(name[:k], "Region")
        reg = lex.regions.get(region) if region else None
        if reg is None or reg.level not in _ADMIN_LEVELS:
            continue
        m = _GOV_AFTER.fullmatch(name, k)
        if m:
            body = _GOV_BODIES[m.group(1)]
            return f"{region}{body}{m.group(2) or ''}"
        m = _DEPT_AFTER.fullmatch(name, k)
        if m and _dept_ok(name, m):
            return region + name[k:]
    return None


def canon_unit(surface: str, parent_surface: str, parent_canon: str) -> str:
    """A unit of a known agency keeps the text's unit name after the parent's canonical name."""
    return parent_canon + surface[len(parent_surface):]
