"""Where a document sets goals, and for which year: the scopes that `nlp.targets` reads numbers in.

A number is a target only inside a goal statement whose deadline is known. The deadline comes, most
specific first, from:

1. the sentence: 到2025年，… (the scope runs to the sentence's end, over ； clauses, and over the
   list that follows a clause ending in ：);
2. a report's own year: its 主要预期目标 paragraph, and sentences about 今年's 预期/目标;
3. the goal section it stands in: a heading with 目标 (发展目标, 主要目标任务) whose heading or
   first lines name 到YYYY年 or a five-year period (“十五五”时期 → 2030), else the document's period;
4. the period, for 年均 (average yearly) goals of a five-year plan or a report's section on one.

A number covered by a more specific scope is not read again by a later one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp import words
from nlp.state import DocSpan

_BY_YEAR = re.compile(r"到\s*(\d{4})\s*年(?:底|末)?|(?:到|至)?“?十([一二三四五六七八九])五”?(?:末|期末|期间)")
# 截至2022年 (a statistic up to a date), 从…增加到2025年的 (a rise, not a deadline)
_NOT_DEADLINE = re.compile(rf"(?:截|{words.alternation('target_change_verbs')})$")
_SENTENCE_END = re.compile(r"[。！？!?]|\n")
_LIST_ITEM = re.compile(r"[ \t　]*(?:——|—|-|•|·|（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|"
                        r"\d+[.、．](?!\d)|[①-⑳]|[一二三四五六七八九十]是)")
_HEADING = re.compile(
    r"^[ \t　]*(第[一二三四五六七八九十]+[章节部分篇]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|"
    r"\([一二三四五六七八九十]+\))[^\n]{0,40}$", re.M)
_GOAL_HEADING = re.compile(r"目标")
# what may open a goal paragraph before its 到YYYY年: a list mark, a goal heading (（二）发展目标。)
_GOAL_LEAD = re.compile(
    r"[ \t　]*(?:(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+[.、．]|——)?\s*"
    r"(?:[\u4e00-\u9fff]{0,8}目标[。：:，,]?)?)?\s*(?:力争|预计|计划|努力)?\s*")
# a report's work plan for its year: 2026年重点工作安排, 今年政府工作的主要任务
_WORK_PLAN = re.compile(
    rf"(?:(\d{{4}})年|今年)(?:[\u4e00-\u9fff]{{0,8}})?(?:{words.alternation('work_plan_headings')})")
# 三、关于2026年工作: a heading that is only the year's work
_YEAR_WORK = re.compile(r"(\d{4})年(?:的)?工作[ \t　]*$", re.M)
# clauses in a work plan that speak of the past or of a standing quota, not of the year's goals
_NOT_GOAL = re.compile(words.alternation("not_goal_words"))
# the verbs of goal statements (培育…3家, 建成…800个, 新增…100个, 增长5%)
_GOAL_VERB = re.compile(words.alternation("goal_verbs"))
_PAST_HEADING = re.compile(words.alternation("past_headings"))
_FIVE_YEAR = re.compile(r"十([一二三四五六七八九])五")
_PERIOD_END = re.compile(r"\d{4}\s*[—–\-~～至到]+\s*(\d{4})")
_EXPECTED = re.compile(r"(?:主要)?预期目标")
_THIS_YEAR = re.compile(r"今年")
_THIS_YEAR_GOAL = re.compile(r"预期|目标")
_YEARLY = re.compile(r"年均")
_CLAUSE_END = re.compile(r"[，,；;。！？!?\n]")
_CLAUSE = re.compile(r"([^，,；;。！？!?\n]+)")
_PARA_END = re.compile(r"(?<=[^\s：:是]{10})\n|(?<=[。；])\n")
_CN_DIGITS = "一二三四五六七八九"
# how far a goal section reaches at most, and how far into it its year is looked for
_SECTION_REACH = 8000
_SECTION_HEAD = 300


@dataclass(frozen=True, slots=True)
class Scope:
    """Text [start, end) whose goal numbers fall due in `year`; `reason` says which rule found it."""

    start: int
    end: int
    year: int
    reason: str


def _period_last_year(ordinal: str) -> int:
    """The last year of the 十X五 period whose X is `ordinal` (四 → 2025)."""
    return 2005 + 5 * (_CN_DIGITS.index(ordinal) + 1)


def five_year_end(text: str) -> int | None:
    """The last year of the first five-year period named in `text` (“十五五” → 2030)."""
    m = _FIVE_YEAR.search(text)
    return _period_last_year(m.group(1)) if m else None


def period_end(period: str | None) -> int | None:
    """The last year of a document period such as 2021—2025年."""
    m = _PERIOD_END.search(period or "")
    return int(m.group(1)) if m else None


def _list_after(text: str, pos: int, hi: int) -> int:
    """The end of the list items on the lines after `pos` (a clause ending in ：), or `pos`."""
    end = pos
    line_start = text.find("\n", pos, hi)
    while 0 <= line_start < hi:
        nxt = text.find("\n", line_start + 1, hi)
        line_end = nxt if nxt >= 0 else hi
        line = text[line_start + 1:line_end]
        if line.strip() and not _LIST_ITEM.match(line):
            break
        end = line_end
        if nxt < 0:
            break
        line_start = nxt
    return end


def _deadline(m: re.Match) -> int:
    """The year of a 到YYYY年 match, or the last year of a “十X五”末/期间 match."""
    return int(m.group(1)) if m.group(1) else _period_last_year(m.group(2))


def _opens_paragraph(text: str, pos: int) -> bool:
    """True when only a heading mark or a goal heading stands between the line's start and `pos`."""
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(_GOAL_LEAD.fullmatch(text, line_start, pos))


def by_year(text: str, lo: int, hi: int) -> list[Scope]:
    """到YYYY年 in a sentence: to the sentence's end, and over a list it introduces; a paragraph that
    opens with it (到2025年，…。…。) sets goals to its end."""
    out = []
    for m in _BY_YEAR.finditer(text, lo, hi):
        if _NOT_DEADLINE.search(text, max(lo, m.start() - 2), m.start()):
            continue
        if _opens_paragraph(text, m.start()):
            nl = text.find("\n", m.end(), hi)
            cut = _BY_YEAR.search(text, m.end(), nl if nl >= 0 else hi)
            end = cut.start() if cut else (nl if nl >= 0 else hi)
            if text[end - 1:end] in "：:":
                end = _list_after(text, end, hi)
            out.append(Scope(m.end(), end, _deadline(m), "by-year"))
            continue
        cut = _SENTENCE_END.search(text, m.end(), hi)
        end = cut.start() if cut else hi
        nxt = _BY_YEAR.search(text, m.end(), end)
        if nxt:
            end = nxt.start()
        elif text[end - 1:end] in "：:" or (cut and cut.group(0) == "\n" and text[end - 1:end] in "：:"):
            end = _list_after(text, end, hi)
        out.append(Scope(m.end(), end, _deadline(m), "by-year"))
    return out


def report_year(d: DocSpan) -> int | None:
    """The year a government work report plans for (its title's year)."""
    m = re.match(r"(\d{4})年", d.title)
    return int(m.group(1)) if d.report and m else None


def this_year(text: str, d: DocSpan) -> list[Scope]:
    """A report's 主要预期目标 paragraph and its sentences on 今年's expected goals."""
    year = report_year(d)
    if year is None:
        return []
    out = []
    for m in _EXPECTED.finditer(text, d.start, d.end):
        # the paragraph after the keyword (web pages put a bold keyword on a line of its own)
        nl = _PARA_END.search(text, m.end())
        nl_pos = nl.start() if nl else -1
        stop = text.find("。", m.end(), nl_pos if nl_pos > 0 else d.end)
        end = stop if stop > 0 else nl_pos
        out.append(Scope(m.end(), end if end > 0 else d.end, year, "expected"))
    for m in _THIS_YEAR.finditer(text, d.start, d.end):
        cut = _SENTENCE_END.search(text, m.end(), d.end)
        end = cut.start() if cut else d.end
        if _THIS_YEAR_GOAL.search(text, m.end(), end):
            out.append(Scope(m.end(), end, year, "this-year"))
    return out


def _headings(text: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(start, end, level) of the heading lines in [lo, hi); a lower level is a bigger division."""
    out = []
    for m in _HEADING.finditer(text, lo, hi):
        mark = m.group(1)
        level = 0 if mark.startswith("第") else 1 if mark.endswith("、") else 2
        out.append((m.start(), m.end(), level))
    return out


def goal_sections(text: str, d: DocSpan) -> list[Scope]:
    """Sections under a goal heading (发展目标, “十五五”时期主要目标任务) whose year is known."""
    heads = _headings(text, d.start, d.end)
    out = []
    for i, (hs, he, level) in enumerate(heads):
        heading = text[hs:he]
        if not _GOAL_HEADING.search(heading) or _PAST_HEADING.search(heading):
            continue
        end = next((s for s, _e, lv in heads[i + 1:] if lv <= level), d.end)
        end = min(end, he + _SECTION_REACH)
        first = text[he:min(end, he + _SECTION_HEAD)]
        ym = _BY_YEAR.search(heading) or _BY_YEAR.search(first)
        year = (_deadline(ym) if ym else five_year_end(heading) or five_year_end(first)
                or period_end(d.period))
        if year is None and (ry := report_year(d)) and ("今年" in heading or str(ry) in heading):
            year = ry
        if year is not None:
            out.append(Scope(he, end, year, "section"))
    return out


def _work_plan_sections(text: str, d: DocSpan, year: int) -> list[tuple[int, int, int]]:
    """(heading start, heading end, section end) of each section of a report's work plan for `year`
    (2026年重点工作安排, 关于2026年工作)."""
    heads = _headings(text, d.start, d.end)
    out = []
    for i, (hs, he, level) in enumerate(heads):
        m = _WORK_PLAN.search(text, hs, he) or _YEAR_WORK.search(text, hs, he)
        if m and not (m.group(1) and int(m.group(1)) != year):
            out.append((hs, he, next((s for s, _e, lv in heads[i + 1:] if lv <= level), d.end)))
    return out


def work_plan(text: str, d: DocSpan) -> list[Scope]:
    """The clauses with a goal verb in a report's work plan for its year (2026年重点工作安排)."""
    year = report_year(d)
    if year is None:
        return []
    out = []
    for _hs, he, end in _work_plan_sections(text, d, year):
        for cm in _CLAUSE.finditer(text, he, end):
            a, b = cm.start(1), cm.end(1)
            if _GOAL_VERB.search(text, a, b) and not _NOT_GOAL.search(text, a, b):
                out.append(Scope(a, b, year, "work-plan"))
    return out


def work_plan_start(text: str, d: DocSpan) -> int | None:
    """Where a report's work plan for its year begins (its heading), None when it has none."""
    year = report_year(d)
    sections = _work_plan_sections(text, d, year) if year is not None else []
    return sections[0][0] if sections else None


def yearly(text: str, d: DocSpan, sections: list[Scope]) -> list[Scope]:
    """年均 clauses: due at the end of the period of their section, or of the document."""
    out = []
    default = period_end(d.period)
    for m in _YEARLY.finditer(text, d.start, d.end):
        year = next((s.year for s in sections if s.start <= m.start() < s.end), default)
        if year is None:
            continue
        cut = _CLAUSE_END.search(text, m.end(), d.end)
        out.append(Scope(m.end(), cut.start() if cut else d.end, year, "yearly"))
    return out


def goal_scopes(text: str, d: DocSpan) -> list[Scope]:
    """Every goal scope of document `d`, most specific first."""
    sections = goal_sections(text, d)
    return (by_year(text, d.start, d.end) + this_year(text, d) + yearly(text, d, sections) + sections
            + work_plan(text, d))
