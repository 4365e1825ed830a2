"""Legal status and history: a law's header lines, its versions, its level and dates, how a text cites.

Pure functions over text, used by `nlp.documents.split_law` (a law file's header) and
`nlp.relations.cites_and_mentions` (the kind of a citation). A law or regulation is one work (its short
title, the Law entity); each header line `2019年3月2日 《国务院关于修改部分行政法规的决定》第三次修订`
is an event that makes a version of it, dated. The file a text comes from is one version: the date in
its name `TITLE(YYYY-MM-DD).md`, else its last header line. The national index
(`nlp/data/laws_index.tsv`, from the LawRefBook collection the corpus's laws come from) gives the
level, the publish and valid-from dates and whether a version is no longer in force.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from nlp import words
from nlp.state import DocSpan, LawEvent

_HEADER_DATE = re.compile(r"^[ \t　]*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[ \t　]*(.*?)[ \t　）)]*$", re.M)
_ORDINAL = re.compile(r"第([一二三四五六七八九十]{1,3})次(修正|修订)")
_ACTION = re.compile(r"(修正|修订|审议通过|通过|批准|公布|发布|施行|颁布)")
# a title in the header, its inner title in 〈〉, <> or 《》: 《关于修改<中华人民共和国招标投标法>…的决定》
_DECISION = re.compile(r"《((?:[^《》\n]|《[^《》\n]*》)+)》|(关于修改[^，。\n]{2,80}?的决定)")
_SESSION = re.compile(r"第[一二三四五六七八九十\d]+届|第[一二三四五六七八九十\d]+次(?:全体|常务)?会议.*$")
_DECREE = re.compile(r"(?:中华人民共和国)?(国务院|[\u4e00-\u9fff]{2,20}?)令\s*(?:第\s*(\d+)\s*号)?")
_PROCLAMATION = re.compile(r"([\u4e00-\u9fff]{2,40}?)(公告第\s*\d+\s*号)")
_NOTICE = re.compile(r"(?:公告|令)\s*(?:第\s*\d+\s*号)?.*$")
_MEETING = re.compile(r"(?<=[部局委署院行])(?:(?:部长|局长|主任|署长|院长|行长)?办公会议|[部局委署]务会议)$")
_BODY_END = re.compile(r"(人民代表大会常务委员会|人民代表大会|国务院|人民政府|常务委员会|委员会|部|局|署|行|院)")
_EFFECTIVE = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起\s*(?:施行|实施|生效|执行)")
_EFFECTIVE_ON_ISSUE = re.compile(r"自(?:公布|发布|印发|颁布)之日起(?:施行|实施|生效|执行)")
_INFO_COMMENT = re.compile(r"<!--[^>]*-->")
_WRAPPED_TAIL = re.compile(r"[^\d#第\n《》]{0,20}?(?:通过|公布|批准|修正|修订)[）)]?")
_DECREE_LINE = re.compile(r"令\s*第\s*[\d０-９]+\s*号")
_FILE_DATE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)$")
_CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九")}
_FOLDER_LEVEL = {"行政法规": "行政法规", "部门规章": "部门规章", "地方性法规": "地方性法规", "司法解释": "司法解释",
                 "宪法": "宪法"}

#: How a document cites a title: the kind read from the words before (or after) it.
CITE_KINDS = ("依据", "贯彻", "参照", "废止", "修改", "提及")
# how far (characters) before a title its citing word may stand, within the sentence
CITE_REACH = 12


def _cn_int(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_NUM.get(s[1], 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN_NUM.get(a, 0) * 10 + (_CN_NUM.get(b, 0) if b else 0)
    return _CN_NUM.get(s, 0)


def _iso(y: str, m: str, d: str) -> str | None:
    yi, mi, di = int(y), int(m), int(d)
    return f"{yi:04d}-{mi:02d}-{di:02d}" if 1 <= mi <= 12 and 1 <= di <= 31 and yi > 1900 else None


def _body(rest: str, decision: str | None) -> str | None:
    """The body a header line names: 第九届全国人民代表大会常务委员会第十一次会议 -> 全国人民代表大会常务委员会,
    中华人民共和国国务院令第406号 -> 国务院, 《国务院关于修改…的决定》 -> 国务院."""
    dm = _DECREE.search(rest)
    if dm and "令" in rest[:dm.end()] and dm.group(1):
        # 中华人民共和国主席令: the President, an office held by a person, promulgates; no body to name
        return None if dm.group(1).endswith("主席") else dm.group(1)
    head = rest.split("《", 1)[0]
    head = _NOTICE.sub("", _SESSION.sub("", head))
    # 政务院修正公布: one or more verbs close the line
    head = re.sub(r"(?:(?:审议)?(?:通过|批准|公布|发布|施行|颁布|修正|修订))+$", "", head).strip(" 　")
    head = _MEETING.sub("", head)  # 公安部部长办公会议通过: the ministry's meeting adopts, the ministry issues
    if head and _BODY_END.search(head):
        return head
    if decision:
        about = decision.split("关于", 1)[0]
        if about and _BODY_END.search(about):
            return about
    return None


def _continued(text: str, pos: int) -> str:
    """The rest of a header line the file wrapped past its info block: `2019年3月15日 第十三届全国人民代表大会第二次`,
    `<!-- INFO END -->`, `会议通过）`. Only a short line that ends in the line's verb continues it."""
    tail = _INFO_COMMENT.sub("", text[pos:pos + 160]).lstrip()
    line = tail.split("\n", 1)[0].strip()
    return line if _WRAPPED_TAIL.fullmatch(line) else ""


def header_events(text: str, lo: int, hi: int) -> tuple[LawEvent, ...]:
    """The dated lines of a law's header text[lo:hi]: adoption, promulgation, each amendment, effect."""
    out = []
    for m in _HEADER_DATE.finditer(text, lo, hi):
        date = _iso(m.group(1), m.group(2), m.group(3))
        if date is None:
            continue
        rest = m.group(4)
        if not _ACTION.search(rest):
            rest += _continued(text, m.end())
        om = _ORDINAL.search(rest)
        am = _ACTION.findall(rest)
        action = om.group(2) if om else (am[-1] if am else "")
        action = {"审议通过": "通过", "发布": "公布", "颁布": "公布"}.get(action, action)
        if not action and _DECREE_LINE.search(rest):
            action = "公布"  # 中华人民共和国国务院令第692号: a decree line promulgates the text it heads
        if not action:
            continue
        dm = _DECISION.search(rest)
        decision = re.sub(r"[<>〈〉]", lambda c: "《" if c.group(0) in "<〈" else "》",
                          (dm.group(1) or dm.group(2))) if dm else None
        if decision and "决定" not in decision:
            decision = None
        nm = _DECREE.search(rest)
        number = f"{nm.group(1)}令第{nm.group(2)}号" if nm and nm.group(2) else None
        if number is None and (pm := _PROCLAMATION.search(rest)):
            number = _SESSION.sub("", pm.group(1)) + pm.group(2)
        out.append(LawEvent(date=date, action=action, ordinal=_cn_int(om.group(1)) if om else None,
                            body=_body(rest, decision), decision=decision, number=number,
                            start=m.start(), end=m.end()))
    return tuple(out)


def file_date(source: str) -> str | None:
    """The version date in a law file's name: 道路运输条例(2019-03-02).md -> 2019-03-02."""
    m = _FILE_DATE.search(PurePath(source).stem)
    return _iso(*m.groups()) if m else None


def effective_in(text: str, lo: int, hi: int, published: str | None) -> str | None:
    """The date a text says it takes effect (本条例自2020年1月1日起施行; 自公布之日起施行 is its publish date).
    The last such sentence counts: it closes the text."""
    found = None
    for m in _EFFECTIVE.finditer(text, lo, hi):
        found = _iso(*m.groups())
    if found is None and published and _EFFECTIVE_ON_ISSUE.search(text, lo, hi):
        found = published
    return found


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One version of a national law in the index: level, publish date, valid-from date, expired."""

    level: str
    publish: str | None
    valid_from: str | None
    expired: bool


@cache
def _index() -> dict[str, tuple[IndexRow, ...]]:
    by_name: dict[str, list[IndexRow]] = {}
    for row in words.rows("laws_index.tsv"):
        level, name, publish, valid_from, expired = (list(row) + [""] * 5)[:5]
        by_name.setdefault(name, []).append(IndexRow(level, publish or None, valid_from or None, expired == "1"))
    return {k: tuple(sorted(v, key=lambda r: r.publish or "")) for k, v in by_name.items()}


def index_versions(title: str) -> tuple[IndexRow, ...]:
    """The index's versions of a national law by its short title (oldest first); () when not listed."""
    return _index().get(title, ())


_LAW_LEVELS = words.wordset("law_levels")


def listed_as_law(title: str) -> bool:
    """True when the law index lists `title` as a statute or regulation (any version, expired or not)."""
    return any(r.level in _LAW_LEVELS for r in index_versions(title))


def index_row(title: str, date: str | None) -> IndexRow | None:
    """The index's row for the version of `title` published on `date` (else its latest)."""
    rows = index_versions(title)
    if not rows:
        return None
    return next((r for r in rows if r.publish == date), rows[-1])


def level_of(title: str, source: str, events: tuple[LawEvent, ...]) -> str | None:
    """法律, 行政法规, 部门规章, 地方性法规, 司法解释, 宪法: from the index, the file's folder, else its header."""
    rows = index_versions(title)
    if rows:
        return rows[-1].level
    parts = PurePath(source).parts
    for part in reversed(parts[:-1]):
        if part in _FOLDER_LEVEL:
            return _FOLDER_LEVEL[part]
    bodies = [e.body or "" for e in events]
    if any(b == "国务院" for b in bodies):
        return "行政法规"
    if any(b.startswith("全国人民代表大会") for b in bodies):
        return "法律"
    if any("人民代表大会" in b for b in bodies):
        return "地方性法规"
    if any(b.endswith(("部", "局", "署", "委员会", "行")) for b in bodies):
        return "部门规章"
    if "/laws/" in source.replace("\\", "/") and parts and len(parts) > 1:
        return "法律"
    return None


@cache
def _kind_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, the words that mark it right before a title), from nlp/data/cite_kinds.tsv."""
    by_kind: dict[str, list[str]] = {}
    for kind, word in words.rows("cite_kinds.tsv"):
        by_kind.setdefault(kind, []).append(word)
    # a document that makes the title and then carries it out (编制实施《X》, 制定并组织实施X) names its own
    # work: the making verb and the implementing word after it are one 提及 word, longer than 实施 alone
    making = by_kind.pop("制定", [])
    if making:
        by_kind.setdefault("提及", []).extend(f"{m}{j}{o}{v}" for m in making for j in ("", "并", "和", "、")
                                             for o in ("", "组织") for v in ("实施", "执行"))
    # a word within CITE_REACH of the title's start, no clause break between
    return tuple((k, re.compile(rf"(?:{words.alternate(ws)})(?=[^。；;！？，,\n]{{0,{CITE_REACH}}}$)"))
                 for k, ws in by_kind.items() if k != "废止")


# 《A》、《B》和原国家税务局1991年发布的《C》同时废止: after a joining word, each further title may carry its
# issuer and date before it
_REPEALED_AFTER = re.compile(
    r"^[》」”\s、，,和及]*(?:(?:[、，,和及]\s*[^《》。；;\n]{0,40}?)?《[^》]{1,80}》[、，,和及\s]*)*"
    r"(?:同时|一并|予以)?(?:废止|停止执行|失效)")
# 《X》得到全面贯彻执行, 保障《X》的贯彻实施: the title carried out, said after it
_IMPLEMENTED_AFTER = re.compile(
    r"^[》」”\s]*(?:得到|得以|的)[^。；;，,\n]{0,4}?(?:贯彻|落实|实施|执行)(?!细则|办法|条例|意见|方案)")
_AMEND_BEFORE = re.compile(r"关于修改[^。；\n]{0,6}$|修改[^。；\n]{0,4}$")


def cite_kind(text: str, start: int, end: int, sentence_start: int, depth: int = 0) -> str:
    """How the sentence cites the title at [start, end): 废止 (《…》同时废止), 修改 (关于修改《…》),
    依据 (根据/依据/按照《…》), 贯彻 (贯彻落实/实施《…》), 参照 (参照/参考《…》), else 提及. The word nearest the
    title wins; `depth` bounds the look at the same title again later in the sentence."""
    after = text[end:end + 60]
    if _REPEALED_AFTER.match(after):
        return "废止"
    # titles listed before this one (根据《A》《B》和《C》) do not stand between it and its word
    before = re.sub(r"《[^《》]*》", "", text[max(sentence_start, start - 160):start])
    title = text[start:end]
    amending = "修改" in title and title.rstrip("》").endswith("决定")
    if amending or _AMEND_BEFORE.search(before) or text[end:end + 8].lstrip("》").startswith(("的决定", "修正案")) \
            or re.match(r"[》\s]*第[^。；，\n]{1,12}条[^。；，\n]{0,6}修改为", text[end:end + 30]):
        return "修改"
    # the citing word nearest the title governs it: 按照要求认真贯彻落实《X》 is 贯彻, 参照执行《X》 is 参照
    found = [(ms[-1].end(), len(ms[-1].group(0)), kind)
             for kind, pat in _kind_patterns() if (ms := list(pat.finditer(before)))]
    kind = max(found)[2] if found else "提及"
    if kind == "提及" and _IMPLEMENTED_AFTER.match(text[end:end + 24]):
        kind = "贯彻"
    if kind == "提及" and depth < 2:
        # the same title again in the sentence (有行政许可法规定的情形的，依照行政许可法的规定注销): one link,
        # the sentence's way of citing it is the later mention's kind when that says more
        close = re.search(r"[。；;\n]", text[end:end + 300])
        again = text.find(title, end, end + (close.start() if close else 300))
        if again > 0:
            return cite_kind(text, again, again + len(title), sentence_start, depth + 1)
    return kind


def versions(d: DocSpan) -> list[dict[str, object]]:
    """The dated versions of a law a file knows of (its header lines, and its own version from the file's
    name when the header lacks that line), oldest first, as `nlp.models.VersionInfo` dicts. 施行 lines date
    the version before them; the index marks versions no longer in force."""
    by_date: dict[str, dict[str, object]] = {}
    for e in d.events:
        if e.action == "施行":
            continue
        v = by_date.setdefault(e.date, {"date": e.date, "action": e.action, "ordinal": e.ordinal, "body": e.body,
                                        "decision": e.decision, "number": e.number})
        if e.action in ("修正", "修订") or v["action"] == "通过":
            v.update(action=e.action, ordinal=e.ordinal or v["ordinal"], decision=e.decision or v["decision"])
        v["number"] = v["number"] or e.number
    if not by_date and d.type != "Law":
        return []
    if d.version and d.version not in by_date:
        by_date[d.version] = {"date": d.version, "action": "修正" if by_date else "公布", "ordinal": None,
                              "body": None, "decision": None, "number": None}
    out = [by_date[k] for k in sorted(by_date)]
    # 通过 then 公布 a few days later are one version: the promulgated text
    merged: list[dict[str, object]] = []
    for v in out:
        if merged and merged[-1]["action"] == "通过" and v["action"] == "公布":
            v = {**merged[-1], **{k: x for k, x in v.items() if x}}
            merged[-1] = v
            continue
        merged.append(v)
    rows = {r.publish: r for r in index_versions(d.title)}
    for v in merged:
        row = rows.get(str(v["date"]))
        v["expired"] = row.expired if row else None
        v["in_file"] = v["date"] == d.version
        v["effective"] = d.effective if v["in_file"] else (row.valid_from if row and row.valid_from else None)
    return merged


def document_facts(d: DocSpan) -> dict[str, object]:
    """The legal facts of a document for `nlp.models.DocumentInfo`: publish, version and expiry dates, versions."""
    return {"published": d.published, "version": d.version, "expired": d.expired, "versions": versions(d)}
