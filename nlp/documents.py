"""Split a file into its documents: briefing articles, a government work report, a law.

Each document is an `nlp.state.DocSpan`: start/end offsets in the file, title (cleaned, period split
off), type (Document or Law), kind, date, period, the offsets of the title text where the file has
it, the `（来源：…）` body, and for reports the issuing body.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

from spacy.language import Language
from spacy.tokens import Doc

from nlp import legal
from nlp.anatomy import boilerplate_spans, read_official
from nlp.lexicon import get_lexicon, law_short_title
from nlp.state import DocSpan, Hit, NamedLine, state
from nlp.text import SOURCE, clean_name, doc_kind, doc_text, split_period

_SOURCE = re.compile(r"[（(]\s*来\s*源\s*[：:]\s*([^（）()\n]{2,60}?)\s*[）)]")
_EDITOR = re.compile(r"^[ \t]*编\s*者\s*按[ \t]*[：:]?[ \t]*$", re.M)
_TOC_HEAD = re.compile(r"^[ \t]*本期(?:要目|目录)[ \t]*$", re.M)
_TOC_ITEM = re.compile(r"^[ \t]*\d{1,3}[ \t]+(\S.*?)[ \t]*$", re.M)
_PUBLISHER = re.compile(r"^[ \t]*(主[ \t]*编|联合主编)[ \t]+(\S.*?)[ \t]*$", re.M)
_LINE = re.compile(r"[^\n]+")
_JUNK_LINE = re.compile(r"^\s*(扫描二维码阅读全文|扫码阅读全文|点击阅读原文)\s*$")
_TITLE_IN_LINE = re.compile(r"《([^《》\n]{2,100})》")
_LAW_HEAD = re.compile(r"\A\s*#\s+(\S[^\n]*?)\s*$", re.M)
_INFO_END = "<!-- INFO END -->"
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_BOILER = re.compile(r"^\s*(下载|打印|全屏|收藏|【字号[：:]?|加大|还原|减小|】|来源[：:].*|时间[：:].*)\s*$")
_REPORT_TITLE = (
    re.compile(r"(\d{4})年(.{2,16}?)(?:人民)?政府工作报告"),
    re.compile(r"(.{2,16}?)(\d{4})年(?:人民)?政府工作报告"),
)
_SPEECH_REGION = re.compile(
    r"在(?:第[一二三四五六七八九十]+届)?([\u4e00-\u9fff]{2,12}?)第[一二三四五六七八九十]+届人民代表大会"
)
# the year a report plans for: 2024年工作安排 / 2024年主要预期目标 / 2024年…的奋斗目标
_PLAN_YEAR = re.compile(
    r"(\d{4})年(?:政府工作|工作|经济社会发展|主要预期目标|[^，。\n]{0,12}奋斗目标|[^，。\n]{0,6}总体要求)"
)
_ON_BEHALF = re.compile(r"我代表([\u4e00-\u9fff]{2,12}?)人民政府")
# the speaker's opening of a work report, and its salutation on a line of its own
_REPORT_OPENING = re.compile(
    r"我代表[\u4e00-\u9fff]{0,12}?(?:人民政府|国务院)[，,]?\s*向(?:本次)?大会(?:作)?报告(?:政府)?工作"
    r"|^[ \t　]*各位代表[：:][ \t　]*$", re.M)
_REVIEW_YEAR = re.compile(r"(\d{4})年(?:工作)?回顾")
_SPEECH_DATE = re.compile(r"[—―－-]{1,2}\s*(\d{4})年\s*\d{1,2}月\s*\d{1,2}日\s*在")
_TITLE_END_PUNCT = tuple("。；：，！？;:,!?")
_IN_SENTENCE = re.compile(r"[。！？!?]")


def _norm_title(s: str) -> str:
    """A comparison key for titles: no spaces, brackets, quotes or trailing period."""
    s = clean_name(s)
    s, _ = split_period(s)
    return re.sub(r"[\s《》“”\"'‘’（）()]", "", s)


def _date_iso(m: re.Match) -> str:
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


def _make_doc(start: int, end: int, raw_title: str, title_start: int | None, dtype: str = "Document",
              **extra) -> DocSpan:
    title = clean_name(raw_title)
    title, period = split_period(title)
    title = title.strip("《》 ")
    span = (title_start, title_start + len(raw_title.rstrip())) if title_start is not None else None
    return DocSpan(start, end, title, dtype, kind=doc_kind(title), period=period, title_span=span, **extra)


# ---------------------------------------------------------------- laws
def split_law(text: str, source: str) -> list[DocSpan]:
    """A law file in Markdown: `# 中华人民共和国…法`, date lines, `<!-- INFO END -->`, articles."""
    m = _LAW_HEAD.search(text)
    if m:
        heading, hs = m.group(1), m.start(1)
    else:
        heading, hs = re.sub(r"\([0-9-]*\)$", "", PurePath(source).stem), None
    short = law_short_title(heading)
    doc = _make_doc(0, len(text), short, None, "Law")
    doc.title = short
    if hs is not None:
        doc.title_span = (hs, hs + len(heading))
    info_end = text.find(_INFO_END)
    head = text[: info_end if info_end > 0 else 400]
    dm = _CN_DATE.search(head) or _ISO_DATE.search(PurePath(source).stem)
    if dm:
        doc.date = _date_iso(dm)
    doc.header_end = info_end if info_end > 0 else (m.end() if m else 0)
    doc.kind = doc_kind(short) or "法律"
    _law_status(doc, text, source)
    return [doc]


_JOINT_BODIES = re.compile(r"[、，,]")
_ORDER_NUMBER = re.compile(r"令?第[\d一二三四五六七八九十百]+号$")


def _law_status(doc: DocSpan, text: str, source: str) -> None:
    """A law's versions, dates, level, issuers and status from its header lines, its file name and the index."""
    events = legal.header_events(text, 0, doc.header_end or min(len(text), 400))
    doc.events = events
    made = [e.date for e in events if e.action != "施行"]
    version = legal.file_date(source) or (max(made) if made else doc.date)
    doc.version = version
    first = next((e.date for e in events if e.action in ("公布", "通过")), doc.date)
    published = next((e.date for e in events if e.action == "公布"), None) or first
    if version and (not published or version > published):
        published = version  # an amended version is published on its amendment's date
    doc.published = published
    stated = next((e.date for e in events if e.action == "施行"), None)
    body_date = legal.effective_in(text, doc.header_end or 0, len(text), published)
    row = legal.index_row(doc.title, version)
    doc.effective = (stated if stated and (not version or stated >= version) else None) \
        or (body_date if body_date and (not version or body_date >= version) else None) \
        or (row.valid_from if row else None) or version
    doc.level = legal.level_of(doc.title, source, events)
    rows = legal.index_versions(doc.title)
    if rows:  # the work is in force while its latest version is
        doc.status = "失效" if rows[-1].expired else "有效"
    issuers = [e.body for e in events if e.body and e.action in ("通过", "公布")] or \
        [e.body for e in events if e.body]
    # 国务院、中央军委发布: bodies that issue together are listed with 、, each one an issuer; the
    # order's number (…海关总署第4号) belongs to the line, not to the last body
    bodies = (_ORDER_NUMBER.sub("", b) for body in issuers for b in _JOINT_BODIES.split(body))
    doc.issuers = tuple(dict.fromkeys(b for b in bodies if len(b) >= 2))
    doc.number = next((e.number for e in events if e.number), None)


# below this share of Chinese among its letters a text is not Chinese policy text (the corpus README: 3 %)
_MIN_CJK_SHARE = 0.3
# runs, not single characters: findall then builds a few hundred strings for a page, not thousands
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z]+")


def is_chinese_text(text: str, sample: int = 20_000) -> bool:
    """False when the text's letters (in its first `sample` characters) are mostly not Chinese: fewer
    than `_MIN_CJK_SHARE` of them CJK. A text without letters (empty, punctuation) is not judged."""
    head = text[:sample]
    cjk, latin = sum(map(len, _CJK.findall(head))), sum(map(len, _LATIN.findall(head)))
    return cjk + latin == 0 or cjk >= _MIN_CJK_SHARE * (cjk + latin)


def is_law(text: str, source: str) -> bool:
    """A law file: Markdown with a `#` heading, or the LawRefBook `<!-- INFO END -->` marker."""
    return _INFO_END in text[:3000] or (source.endswith(".md") and bool(_LAW_HEAD.search(text[:500])))


# ---------------------------------------------------------------- government work reports
def is_report(text: str, source: str) -> bool:
    """A government work report: by its file name, its first lines, its salutation (各位代表：) or the
    speaker's opening sentence (我代表市人民政府，向大会报告工作), wherever the file came from."""
    head = text[:600]
    return ("政府工作报告" in source or "政府工作报告" in head
            or head.lstrip().startswith("各位代表") or "/reports/" in source.replace("\\", "/")
            or bool(_REPORT_OPENING.search(text, 0, 6000)))


def _report_region(text: str, source: str, hits: list[Hit] | None = None) -> tuple[str | None, str | None]:
    """(year, issuing region canonical or '国务院') of a government work report."""
    lex = get_lexicon()
    first = text[:400]
    stem = PurePath(source).stem
    year = region = None
    for pat in _REPORT_TITLE:
        m = pat.search(first)
        if m:
            y, r = (m.group(1), m.group(2)) if pat is _REPORT_TITLE[0] else (m.group(2), m.group(1))
            year, region = y, r.strip()
            break
    if region is None:
        # the speech line (——2026年1月26日在广东省第十四届人民代表大会…) or 我代表X人民政府
        for pat in (_SPEECH_REGION, _ON_BEHALF):
            m = pat.search(text[:3000])
            if m and lex.lookup(m.group(1), "Region"):
                region = m.group(1)
                break
    if region is None:
        # the file name: 2023-政府工作报告 (national), 2026-江苏省, 三亚
        m = re.match(r"^(\d{4})-(.+)$", stem)
        if m:
            year, region = m.group(1), m.group(2)
        else:
            region = stem
    if year is None:
        m = _SPEECH_DATE.search(text[:3000])
        year = m.group(1) if m else None
    if region and ("国务院" in region or "中华人民共和国" in region or region == "政府工作报告"):
        region = "国务院"
    elif region:
        # A file name is only a place, so a short form that is also a common word (来宾, 长治) is safe here.
        named = region
        region = next((found for found in (lex.lookup(name, "Region") for name in (
            region, region.rstrip("市省"), region + "市", region + "盟", region + "地区")) if found), region)
        region = _speaker_level(text, named, region)
    if year is None:
        m = _REVIEW_YEAR.search(text[:4000])
        if m:
            year = str(int(m.group(1)) + 1)
        else:
            years = [int(y.group(1)) for y in _PLAN_YEAR.finditer(text)]
            year = str(max(years)) if years else None
    if region and not lex.lookup(region, "Region") and region != "国务院" and hits:
        # the file name does not name a place: the place the report speaks of most
        admin = [h.canonical for h in hits if h.type == "Region" and h.start < 20000
                 and lex.regions.get(h.canonical)
                 and lex.regions[h.canonical].level in ("province", "prefecture", "county")]
        if admin:
            region = Counter(admin).most_common(1)[0][0]  # ties go to the first mentioned, not to hash order
    return year, region


# 我代表区人民政府: the speaker names the government by its level word alone
_ON_BEHALF_LEVEL = re.compile(r"我代表(区|县|旗)人民政府")


def _speaker_level(text: str, named: str, region: str) -> str:
    """The district or county a file name shares with its city (黄山 for 黄山区 and 黄山市): the speaker's
    我代表区人民政府 says which level the report is of, so 黄山 + 区 when that is a place."""
    m = _ON_BEHALF_LEVEL.search(text[:3000])
    if not m or region.endswith(m.group(1)):
        return region
    found = get_lexicon().lookup(named.rstrip("市") + m.group(1), "Region")
    return found or region


def split_report(text: str, source: str, hits: list[Hit] | None = None) -> list[DocSpan]:
    """A government work report: one document titled `YYYY年<region>政府工作报告`, boilerplate skipped."""
    year, region = _report_region(text, source, hits)
    start = 0
    for i, lm in enumerate(_LINE.finditer(text[:3000])):
        if i > 40:
            break
        if _BOILER.match(lm.group(0)):
            start = lm.end()
    title = f"{year + '年' if year else ''}{region or ''}政府工作报告"
    doc = _make_doc(start, len(text), title, None, "Document", report=True, region=region)
    doc.title, doc.kind = title, "报告"
    tm = re.compile(r"[^\n]*政府工作报告[^\n]*").search(text, start, start + 3000)
    if tm and len(tm.group(0).strip()) <= 40:
        s = tm.start() + len(tm.group(0)) - len(tm.group(0).lstrip())
        doc.title_span = (s, s + len(tm.group(0).strip()))
    dm = _SPEECH_DATE.search(text[:3000])
    if dm:
        full = _CN_DATE.search(text, dm.start())
        doc.date = _date_iso(full) if full else None
    elif (im := _ISO_DATE.search(text[:300])):
        doc.date = _date_iso(im)
    doc.issuer = "国务院" if region == "国务院" else (f"{region}人民政府" if region else None)
    return [doc]


# ---------------------------------------------------------------- briefings
def is_briefing(text: str) -> bool:
    """A briefing bundling articles: several `（来源：…）` lines or an editor's note."""
    return len(_SOURCE.findall(text)) >= 2 or bool(_EDITOR.search(text))


def _toc(text: str, limit: int) -> list[str]:
    m = _TOC_HEAD.search(text, 0, limit)
    if not m:
        return []
    items = []
    for im in _TOC_ITEM.finditer(text, m.end(), limit):
        items.append(_norm_title(im.group(1)))
    return [i for i in items if len(i) >= 4]


def _could_be_title(line: str) -> bool:
    """A short line that does not end like a sentence, is not a date and not a （来源：…） line."""
    return (4 <= len(line) <= 60 and not line.endswith(_TITLE_END_PUNCT) and not _CN_DATE.match(line)
            and not _SOURCE.search(line))


def _title_line(text: str, a: int, b: int, toc: list[str]) -> tuple[str, int] | None:
    """The title line of the article in text[a:b]: a line matching a TOC entry, else the first
    short line after the editor's note."""
    lines = [(lm.start(), lm.group(0)) for lm in _LINE.finditer(text, a, b) if lm.group(0).strip()]
    lines = [(s, ln) for s, ln in lines if not _JUNK_LINE.match(ln)]
    if not lines:
        return None
    body = lines
    if _EDITOR.match(lines[0][1]):
        body = lines[2:] if len(lines) > 2 else lines[1:]  # skip the heading and the note's paragraph
    for s, ln in body:
        key = _norm_title(ln)
        if len(key) < 4:
            continue
        for item in toc:
            if key == item or (len(key) >= 6 and (key in item or item in key)):
                return ln, s
    short = [(s, ln) for s, ln in body if _could_be_title(ln.strip())]
    # a masthead line may come first: among the first short lines prefer one naming a 《》 title
    for s, ln in short[:3]:
        if _TITLE_IN_LINE.search(ln):
            return ln, s
    if short:
        return short[0][1], short[0][0]
    # no title line: the first title the editor's note names in 《》
    for s, ln in lines:
        if _TITLE_IN_LINE.search(ln):
            return ln, s
    return lines[0][1], lines[0][0]


def split_briefing(text: str) -> tuple[list[DocSpan], list[NamedLine]]:
    """Articles of a briefing and the briefing's own publishers (主编, 联合主编)."""
    sources = list(_SOURCE.finditer(text))
    editors = [m.start() for m in _EDITOR.finditer(text)]
    first = editors[0] if editors else 0
    toc_m = _TOC_HEAD.search(text, 0, first if first else (sources[0].start() if sources else len(text)))
    if not editors and toc_m:
        # no editor's notes: the articles begin after the table of contents
        items = list(_TOC_ITEM.finditer(text, toc_m.end(), sources[0].start() if sources else len(text)))
        last_item = items[-1] if items else None
        first = text.find("\n", last_item.end()) + 1 if last_item else toc_m.end()
    toc = _toc(text, first) if first else []
    publishers = []
    for pm in _PUBLISHER.finditer(text, 0, first):
        publishers.append(NamedLine(pm.start(2), pm.end(2), pm.group(2)))
    bounds = [first] + [m.end() for m in sources]
    if bounds[-1] < len(text) and text[bounds[-1]:].strip():
        bounds.append(len(text))
    cuts = sorted(set(bounds) | {e for e in editors if e > first})
    docs = []
    src_by_end = {m.end(): m for m in sources}
    for a, b in zip(cuts, cuts[1:], strict=False):
        seg = text[a:b]
        if not seg.strip() or not re.search(r"[\u4e00-\u9fff]{8}", seg):
            continue
        tl = _title_line(text, a, b, toc)
        if tl is None:
            continue
        line, ls = tl
        tm = _TITLE_IN_LINE.search(line)
        if tm and (len(line.strip()) <= 80 or not _could_be_title(line.strip())):
            raw, ts = tm.group(1), ls + tm.start(1)
        else:
            lead = len(line) - len(line.lstrip())
            raw, ts = line.strip(), ls + lead
        doc = _make_doc(a, b, raw, ts)
        sm = src_by_end.get(b)
        if sm:
            doc.source = NamedLine(sm.start(1), sm.end(1), sm.group(1))
        dm = _CN_DATE.search(text, ls + len(line), min(b, ls + len(line) + 80))
        if dm:
            doc.date = _date_iso(dm)
        docs.append(doc)
    return docs, publishers


def split_documents(text: str, source: str, hits: list[Hit] | None = None) -> tuple[list[DocSpan], list[NamedLine]]:
    """The documents of a file (and file-level publishers) by the file's kind."""
    docs, pubs = _split(text, source, hits)
    for d in docs:
        if not d.title:  # a title line of brackets or quotes only
            d.title = PurePath(source).stem or "untitled"
    return docs, pubs


def _split(text: str, source: str, hits: list[Hit] | None) -> tuple[list[DocSpan], list[NamedLine]]:
    if is_law(text, source):
        return split_law(text, source), []
    if is_briefing(text):
        docs, pubs = split_briefing(text)
        if docs:
            return docs, pubs
    if is_report(text, source):
        return split_report(text, source, hits), []
    official = read_official(text)
    if official:
        for d in official:
            d.published = d.date
            d.effective = d.effective or legal.effective_in(text, d.start, d.end, d.date)
            if d.kind in ("条例", "法律") or law_short_title(d.title) in get_lexicon().law_names:
                d.type = "Law"
        return official, []
    m = re.search(r"\S[^\n]*", text)
    line = m.group(0).strip().lstrip("#").strip() if m else ""
    body = text[m.end():].strip() if m else ""
    if m and 2 <= len(line) <= 60 and body and not line.endswith(_TITLE_END_PUNCT) and not _IN_SENTENCE.search(line):
        # a title line has a body under it; a lone line, or one with a sentence stop inside, is text
        return [_make_doc(0, len(text), line, m.start() + m.group(0).index(line))], []
    # no title line: the file name names the document
    return [_make_doc(0, len(text), PurePath(source).stem or "untitled", None)], []


@Language.component("policykg_documents")
def documents_component(doc: Doc) -> Doc:
    """spaCy component: split the file into documents (the source path comes from the tokenizer)."""
    st = state(doc)
    source = doc.user_data.get(SOURCE) or getattr(doc, "_context", None) or ""
    text = doc_text(doc)
    if not is_chinese_text(text):
        return doc  # a README, an English page: no policy text, so no document and no entity
    st.docs, st.publishers = split_documents(text, source if isinstance(source, str) else "", st.hits)
    st.quiet = boilerplate_spans(text)
    return doc
