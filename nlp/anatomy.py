"""The anatomy of an official document (公文, GB/T 9704-2012) and of the reprints it arrives in.

Pure functions over the file's text. An official document's elements, in the order the standard
gives them: 发文机关标志 (…文件), 发文字号 (皖政办秘〔2021〕82号), 标题 (X关于…的通知, maybe over two
lines), 主送机关 (各县（市、区）人民政府，市政府各部门：), 正文, 附件说明 (附件：1.…), 发文机关署名 and
成文日期 (the lines that close the body), 附件 (each with a body of its own), 抄送 and 印发机关和日期.
Reprints add a header or footer of their own: 北大法宝's 【发布部门】/【发文字号】/【发布日期】/
【实施日期】/【时效性】/【效力级别】 fields, its 【法宝引证码】 and 原文链接 lines, and web pages' source,
time and print lines. Those lines are boilerplate: they give facts about the document (issuer,
number, dates, status) but no title, no document and no entity of their own.

`read_official(text)` returns the notice and each attachment with a body as `DocSpan`s, or None
when the text does not have the anatomy of an official document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp import words
from nlp.state import DocSpan, TextSpan
from nlp.text import clean_name, doc_kind, fold_title, split_period

# a document number: 皖政办秘〔2021〕82号, 国发〔2022〕2号, 深府规〔2023〕1号, [2021]12号 in reprints
NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号")
_NUMBER_LINE = re.compile(r"[ \t　]*[（(]?\s*(" + NUMBER.pattern + r")\s*[)）]?[ \t　]*$")
_META = re.compile(rf"[ \t　]*【?({words.alternation('reprint_fields')})】?[ \t　]*[：:]?[ \t　]*(.*?)[ \t　]*$")
_BOILER = re.compile(
    r"[ \t　]*(?:【法宝引证码】|【?原文链接】?|法宝联想|相关资料|【?来源】?[：:][ \t　]*(?:https?://|$)|发布时间[：:]|时间[：:]|浏览次数|"
    r"打印本页|关闭窗口|扫一扫|分享到|【字号|字号[：:]|https?://)")
_ISSUER_MARK = re.compile(r"[ \t　]*([\u4e00-\u9fff（）()、\s]{4,60}?)\s*文件[ \t　]*$")
_OFFICIAL_TITLE = re.compile(rf"关于.{{2,120}}的(?:{words.alternation('notice_kinds')})$")
_TITLE_KIND = re.compile(rf"(?:{words.alternation('official_title_kinds')})(?:[（(][^）)]{{2,20}}[）)])?$")
_ADDRESSEE = re.compile(r"[ \t　]*([^\n。！？]{2,160}?)[：:][ \t　]*$")
_ADDRESSEE_WORD = re.compile(words.alternation("addressee_words"))
_DATE = re.compile(r"(\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
                   r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
_DATE_LINE = re.compile(r"[ \t　]*[（(]?\s*" + _DATE.pattern + r"\s*[)）]?[ \t　]*$")
_DOTTED_DATE = re.compile(r"(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})")
_ATTACH_LIST = re.compile(r"[ \t　]*附\s*件\s*[：:]\s*(.*?)[ \t　]*$")
_ATTACH_ITEM = re.compile(r"[ \t　]*(?:\d{1,2}\s*[.．、]\s*)?(\S.{2,100}?)[ \t　]*$")
_ATTACH_HEAD = re.compile(r"[ \t　]*附\s*件\s*(\d{0,2})[ \t　]*[：:]?[ \t　]*$")
_FOOTER = re.compile(r"[ \t　]*(?:抄送|抄报)[：:]|.{2,40}\s+\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发[ \t　]*$")
_NOTE = re.compile(r"[ \t　]*[（(](?:此件|本件)[^）)]{0,20}[)）][ \t　]*$|[ \t　]*[（(]联系人[：:]")
_ISSUES_VERB = re.compile(r"^(?:.{0,60}?)关于(?:印发|转发|发布|公布|颁布)(.{2,120})的(?:通知|决定|公告)$")
_SENTENCE_PUNCT = re.compile(r"[。！？；!?;]")
_SEPARATORS = re.compile(r"[\s　、，,]+")
_CN_NUM = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
# how many lines from the top a header may take, and how far up from a date a signature may stand
_HEADER_LINES = 30
_SIGNATURE_LINES = 4


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the file: its text without the line break, and where it starts."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def stripped(self) -> str:
        return self.text.strip(" \t　")


def lines_of(text: str, lo: int = 0, hi: int | None = None) -> list[Line]:
    """The lines of text[lo:hi] with their offsets."""
    hi = len(text) if hi is None else hi
    out, pos = [], lo
    while pos < hi:
        nl = text.find("\n", pos, hi)
        end = hi if nl < 0 else nl
        out.append(Line(pos, text[pos:end].rstrip("\r")))
        pos = end + 1
    return out


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4:  # 二〇二三
        return int("".join(str(_CN_NUM.get(c, 0)) for c in s))
    if s.startswith("十"):
        return 10 + (_CN_NUM.get(s[1], 0) if len(s) > 1 else 0)
    if len(s) >= 2 and s[1] == "十":
        return _CN_NUM.get(s[0], 0) * 10 + (_CN_NUM.get(s[2], 0) if len(s) > 2 else 0)
    return _CN_NUM.get(s, 0)


def iso_date(s: str) -> str | None:
    """2023年5月6日, 二〇二三年五月六日 or 2023.05.06 as 2023-05-06."""
    m = _DATE.search(s)
    if m:
        y, mo, d = (_cn_int(g) for g in m.groups())
    elif (m := _DOTTED_DATE.search(s)):
        y, mo, d = (int(g) for g in m.groups())
    else:
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 and y > 1900 else None


def is_boilerplate(line: str) -> bool:
    """A reprint's or web page's line that is no part of the document (法宝引证码, 原文链接, 打印…)."""
    return bool(_BOILER.match(line))


def boilerplate_spans(text: str) -> list[TextSpan]:
    """Every boilerplate line of the file: they give no entities."""
    return [TextSpan(ln.start, ln.end) for ln in lines_of(text) if ln.stripped and is_boilerplate(ln.text)]


@dataclass(slots=True)
class _Header:
    title: Line | None = None
    title_text: str = ""
    number: str | None = None
    issuers: list[str] | None = None
    date: str | None = None
    effective: str | None = None
    status: str | None = None
    level: str | None = None
    addressees: list[str] | None = None
    body_start: int = 0


def _meta(h: _Header, field_name: str, value: str) -> None:
    if not value:
        return
    if field_name in ("发布部门", "发文机关", "制定机关"):
        h.issuers = [v for v in _SEPARATORS.split(value) if len(v) >= 2]
    elif field_name in ("发文字号", "文号"):
        h.number = value
    elif field_name in ("发布日期", "公布日期", "成文日期"):
        h.date = iso_date(value)
    elif field_name in ("实施日期", "施行日期", "生效日期"):
        h.effective = iso_date(value)
    elif field_name == "时效性":
        h.status = value
    elif field_name in ("效力级别", "效力位阶"):
        h.level = value


def _title_from(lines: list[Line], i: int) -> tuple[str, int]:
    """The title starting at line i, joined over a second line when the first does not end it."""
    first = lines[i].stripped
    if (i + 1 < len(lines) and not _TITLE_KIND.search(first) and len(first) <= 40
            and (nxt := lines[i + 1].stripped) and len(nxt) <= 40 and _TITLE_KIND.search(nxt)
            and not _SENTENCE_PUNCT.search(nxt)):
        return first + nxt, i + 1
    return first, i


def _header(text: str, lines: list[Line]) -> _Header:
    h = _Header()
    for i, ln in enumerate(lines[:_HEADER_LINES]):
        s = ln.stripped
        if not s:
            continue
        if (mm := _META.fullmatch(ln.text)) and (h.title is not None or mm.group(2)):
            _meta(h, mm.group(1), mm.group(2))
            h.body_start = ln.end
            continue
        if is_boilerplate(ln.text):
            h.body_start = ln.end
            continue
        if (nm := _NUMBER_LINE.fullmatch(ln.text)) and h.number is None:
            h.number = clean_name(nm.group(1))
            h.body_start = ln.end
            continue
        if h.title is None and (im := _ISSUER_MARK.fullmatch(ln.text)):
            h.issuers = h.issuers or [v for v in _SEPARATORS.split(im.group(1)) if len(v) >= 2]
            continue
        if h.title is None:
            if _SENTENCE_PUNCT.search(s) or len(s) > 120:
                break  # the body began before any title
            h.title_text, j = _title_from(lines, i)
            h.title = ln
            h.body_start = lines[j].end
            continue
        if h.addressees is None and (am := _ADDRESSEE.fullmatch(ln.text)) and _ADDRESSEE_WORD.search(am.group(1)):
            h.addressees = [a for a in re.split(r"[，,]", am.group(1)) if a]
            h.body_start = ln.end
            continue
        if h.title is not None and ln.start >= h.body_start:
            break
    return h


def _signature(lines: list[Line], lo: int, hi: int) -> tuple[int, list[str], str | None] | None:
    """(index of the first signature line, signers, date) of the last 成文日期 line in lines[lo:hi]."""
    for k in range(hi - 1, lo, -1):
        if not _DATE_LINE.fullmatch(lines[k].text):
            continue
        signers: list[str] = []
        first = k
        for j in range(k - 1, max(lo, k - 1 - _SIGNATURE_LINES), -1):
            s = lines[j].stripped
            if not s:
                continue
            if _SENTENCE_PUNCT.search(s) or len(s) > 60 or s.endswith(("：", ":")):
                break
            signers = [v for v in _SEPARATORS.split(s) if len(v) >= 2] + signers
            first = j
        return first, signers, iso_date(lines[k].text)
    return None


def _attachment_titles(lines: list[Line], lo: int, hi: int) -> list[str]:
    """Titles listed in the 附件说明 (附件：1.… 2.…)."""
    for k in range(lo, hi):
        m = _ATTACH_LIST.fullmatch(lines[k].text)
        if not m:
            continue
        items = [m.group(1)] if m.group(1) else []
        for ln in lines[k + 1:hi]:
            s = ln.stripped
            if not s or _DATE_LINE.fullmatch(ln.text) or not re.match(r"\d{1,2}\s*[.．、]", s):
                break
            items.append(s)
        out = []
        for it in items:
            im = _ATTACH_ITEM.fullmatch(it)
            if im:
                out.append(_bare_title(im.group(1)))
        return [t for t in out if t]
    return []


def _bare_title(s: str) -> str:
    s = re.sub(r"^\d{1,2}\s*[.．、]\s*", "", s.strip())
    title, _ = split_period(clean_name(s.strip("《》 ")))
    return title.strip("《》 ")


def _attachment_starts(text: str, lines: list[Line], lo: int, titles: list[str]) -> list[tuple[int, int]]:
    """(line index of the attachment's 附件N head or title, line index of its title) after line lo."""
    starts = []
    wanted = {fold_title(t) for t in titles}
    k = lo
    while k < len(lines):
        ln = lines[k]
        if _ATTACH_HEAD.fullmatch(ln.text):
            j = k + 1
            while j < len(lines) and not lines[j].stripped:
                j += 1
            if j < len(lines):
                starts.append((k, j))
                k = j + 1
                continue
        elif wanted and fold_title(ln.stripped) in wanted and not starts:
            starts.append((k, k))  # a reprint that puts the attached text right after the notice
        k += 1
    return starts


def is_official(text: str) -> bool:
    """True when the top of the text has an official document's or a legal-database reprint's header."""
    lines = [ln for ln in lines_of(text, 0, min(len(text), 4000)) if ln.stripped][:_HEADER_LINES]
    if any(_NUMBER_LINE.fullmatch(ln.text) for ln in lines[:12]):
        return True
    if sum(bool(_META.fullmatch(ln.text)) for ln in lines) >= 2:
        return True
    return any(_OFFICIAL_TITLE.search(_title_from(lines, i)[0]) for i in range(min(3, len(lines))))


def issued_title(title: str) -> str | None:
    """Y of a notice titled X关于印发Y的通知 (Y without its 《》)."""
    m = _ISSUES_VERB.match(title)
    return _bare_title(m.group(1)) if m else None


def _doc(start: int, end: int, title: str, title_line: Line | None, **extra) -> DocSpan:
    clean = clean_name(title)
    clean, period = split_period(clean)
    clean = clean.strip("《》 ")
    span = (title_line.start + len(title_line.text) - len(title_line.text.lstrip(" \t　")),
            title_line.start + len(title_line.text.rstrip(" \t　"))) if title_line else None
    return DocSpan(start, end, clean, "Document", kind=doc_kind(clean), period=period, title_span=span, **extra)


def read_official(text: str) -> list[DocSpan] | None:
    """The notice and each attachment with a body of its own, or None when `text` is no official document."""
    if not is_official(text):
        return None
    lines = lines_of(text)
    h = _header(text, lines)
    if h.title is None or not h.title_text:
        return None
    first_body = next((i for i, ln in enumerate(lines) if ln.start >= h.body_start), len(lines))
    sig = _signature(lines, first_body, len(lines))
    notice_end_line = len(lines)
    listed = _attachment_titles(lines, first_body, len(lines))
    issued = issued_title(clean_name(h.title_text))
    attachments = list(dict.fromkeys(listed + ([issued] if issued else [])))
    starts = _attachment_starts(text, lines, (sig[0] + 1) if sig else first_body + 1, attachments)
    if starts:
        notice_end_line = starts[0][0]
    sig_here = _signature(lines, first_body, notice_end_line) if starts else sig
    signers = sig_here[1] if sig_here else []
    notice = _doc(0, lines[notice_end_line].start if notice_end_line < len(lines) else len(text),
                  h.title_text, h.title, number=h.number, issuers=tuple(h.issuers or signers),
                  addressees=tuple(h.addressees or ()), attachments=tuple(attachments),
                  date=h.date or (sig_here[2] if sig_here else None), effective=h.effective, status=h.status,
                  level=h.level, official=True)
    if notice.kind is None:
        notice.kind = "通知" if notice.title.endswith("通知") else None
    docs = [notice]
    for n, (head, tline) in enumerate(starts):
        end_line = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        end = lines[end_line].start if end_line < len(lines) else len(text)
        end = _before_footer(text, lines, tline, end_line, end)
        title, _ = _title_from(lines, tline)
        docs.append(_doc(lines[head].start, end, title, lines[tline], parent=0, official=True))
    return docs


def _before_footer(text: str, lines: list[Line], lo: int, hi: int, end: int) -> int:
    """An attachment ends before the notice's 抄送/印发 footer or the reprint's boilerplate."""
    for ln in lines[lo:hi]:
        if _FOOTER.match(ln.text) or is_boilerplate(ln.text):
            return ln.start
    return end
