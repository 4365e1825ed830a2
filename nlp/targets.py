"""Targets: quantitative goals a document sets for a future year.

`到2025年 … 达到1000亿元` gives the key `2025|100000000000|元`: the year from 到/至YYYY年, the
value with 亿/万亿/万 folded in (Chinese numerals through cn2an), the unit, the comparator word
(以上, 超过, 不低于, …) and the metric text in attrs. Only numbers after a 到YYYY年 in the same
sentence count, so past statistics (截至2022年…达196.8万个) and forecasts (2025年有望…) do not;
nor do goals a foreign body set (欧盟制定了到2030年…). In a government work report the
主要预期目标 of the report's year count as targets of that year.
"""

from __future__ import annotations

import re

import cn2an
from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.goals import goal_scopes
from nlp.lexicon import get_lexicon
from nlp.state import TargetFound, state
from nlp.text import doc_text

_BY_YEAR = re.compile(r"(?:到|截至)\s*(\d{4})\s*年(?:底|末)?")
_RISE_BEFORE = re.compile(rf"(?:{words.alternation('target_change_verbs')})$")
_EXPECTED = re.compile(r"(?:主要)?预期目标")
_UNIT_RE = words.alternation("units")
_NUM = re.compile(
    rf"({words.alternation('target_comparators')})?\s*"
    r"(?:(\d+(?:\.\d+)?)\s*[%％]?\s*[—–\-~～至到]\s*)?"  # a range 4.5%—5%: its upper bound is the value
    r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)\s*(万亿|亿|万|千)?\s*(" + _UNIT_RE + r")\s*"
    rf"({words.alternation('target_bounds')})?"
)
_SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, None: 1}
_PARA_END = re.compile(r"(?<=[^\s：:是]{10})\n|(?<=[。；])\n")
_CUT = re.compile(r"[。；;！？!?\n]")
# what bounds a goal's metric: a clause or a sentence end (the metric is in the number's own sentence)
_DELIM = re.compile(r"[，,、：:；;。！？!?\n]")
_LEAD_VERB = re.compile(rf"^(?:{words.alternation('target_lead_verbs')})")


def _value(num: str, scale: str | None) -> float | None:
    try:
        v = float(num) if num[0].isdigit() else float(cn2an.cn2an(num, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
    return v * _SCALE[scale]


def _fmt(v: float) -> str:
    return str(int(round(v))) if abs(v - round(v)) < 1e-6 else repr(round(v, 6))


def targets_in(text: str, start: int, end: int, year: int,
               foreign_spans: list[tuple[int, int]]) -> list[TargetFound]:
    """The targets in text[start:end] for the given deadline year."""
    out: list[TargetFound] = []
    for m in _NUM.finditer(text, start, end):
        num = m.group(3)
        if num[0].isdigit() is False and len(num) == 1 and m.group(5) in ("个", "项", "大", "种", "条"):
            continue  # 一个, 三项: counts of measures, not goals
        s_num = m.start(3)
        if s_num > 0 and text[s_num - 1] in "第约近":
            continue
        tail = text[m.end(): m.end() + 1]
        if tail in "年月日" and tail:
            continue
        if tail == "的" or text.endswith("总投资", 0, m.start()):
            continue  # 总投资6747亿元的2265个项目: a size that describes projects, not a goal
        if num[0].isdigit() and len(num) == 4 and m.group(5) in ("年",):
            continue
        v = _value(num, m.group(4))
        if v is None:
            continue
        unit = m.group(5)
        if unit in ("万元",):
            v, unit = v * 1e4, "元"
        if unit == "％":
            unit = "%"
        cmp_word = m.group(6) or (m.group(1) if m.group(1) not in (None, "力争") else None)
        seg_start = start
        for dm in _DELIM.finditer(text, start, m.start()):
            seg_start = dm.end()
        metric = text[seg_start:m.start()].strip()
        metric = _LEAD_VERB.sub("", metric) if len(metric) > 4 else metric
        metric_at = text.find(metric, seg_start, m.start()) if metric else -1
        if len(metric) <= 2:
            after = text[m.end(): min(end, m.end() + 30)]
            metric = _DELIM.split(after, 1)[0].strip()
            metric_at = text.find(metric, m.end(), m.end() + 30) if metric else -1
        key = f"{year}|{_fmt(v)}|{unit}"
        attrs = {"year": year, "value": v, "unit": unit, "comparator": cmp_word, "metric": metric}
        if m.group(2):
            attrs["low"] = float(m.group(2)) * _SCALE[m.group(4)]
            attrs["comparator"] = attrs["comparator"] or "区间"
        begin = m.start(3) if not m.group(1) else m.start()
        out.append(TargetFound(begin, m.end(), key, attrs, metric_at if metric_at >= 0 else begin))
    return out


@Language.component("policykg_targets")
def targets_component(doc: Doc) -> Doc:
    """spaCy component: the targets each document sets, in the goal scopes of `nlp.goals`."""
    st = state(doc)
    text = doc_text(doc)
    lex = get_lexicon()
    foreign = [(h.start, h.end) for h in st.hits if h.type == "Region" and h.canonical in lex.foreign_regions]
    found: dict[int, TargetFound] = {}
    for d in st.docs:
        for scope in goal_scopes(text, d):
            if scope.reason == "by-year" and _foreign_goal(text, scope.start, foreign):
                continue  # 欧盟制定了到2030年…: a goal someone else set
            for t in targets_in(text, scope.start, scope.end, scope.year, foreign):
                found.setdefault(t.start, t)  # the most specific scope has the number first
    st.targets = sorted(found.values(), key=lambda t: (t.start, t.end))
    return doc


def _foreign_goal(text: str, pos: int, foreign: list[tuple[int, int]]) -> bool:
    """True when a foreign place is named in the sentence before `pos`."""
    sent_start = max((c.end() for c in _CUT.finditer(text, max(0, pos - 200), pos)), default=0)
    return any(sent_start <= fs < pos for fs, _ in foreign)
