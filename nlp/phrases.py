"""Find the left edge of a name that ends in a known suffix (…研究院, …战略, …管理委员会).

Chinese has no spaces, so a name found by its last word is extended leftwards over name-like
characters until punctuation, a clause-opening word or a verb that introduces it (联合, 发布, 实施…).
"""

from __future__ import annotations

import re

from nlp import words

# Characters that can be inside a name: CJK, Latin letters, digits and a few joiners.
_NON_NAME = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9·—\-+＋]")

# Words before a name that are not part of it: verbs that introduce an actor or a scheme, time and
# discourse adverbs, function words. Longest first so that 深入实施 beats 实施.
_STOP = re.compile(words.alternation("stop_words"))
_CONJ = ("与", "和")


_LEAD_VERBS = re.compile(rf"^(?:{words.alternation('lead_verbs')})+")


def strip_lead(name: str) -> str:
    """Drop the verbs and quantifiers that policy text puts before a name (获批创建…, 建设一批…)."""
    return _LEAD_VERBS.sub("", name)


# Rank and batch qualifiers before a designation: 全国首批, 第四批, 国家级, 自治区级, 省级
_QUALIFIER = re.compile(
    r"^(?:自治区(?=[\u4e00-\u9fff]{4})|(?:全国|全省|全区|全市|国家|省|自治区|市|县|区)?(?:级|首批|首个|第[一二三四五六七八九十\d]+[批届轮次期]|"
    r"[一二三四五六七八九十\d]+个))"
)


def strip_qualifiers(name: str) -> str:
    """Drop leading verbs, adverbs, function words and rank/batch qualifiers until none is left:
    全国第四批社会信用体系建设示范区 -> 社会信用体系建设示范区, 务实建设自治区… -> 自治区…"""
    prev = None
    while prev != name and name:
        prev = name
        name = strip_lead(name)
        name = _QUALIFIER.sub("", name)
        if name:
            words = _segment(name)
            if len(words) > 1 and words[0] in _LEAD_FUNCTION:
                name = "".join(words[1:])  # 到实际行动, 在…: a function word is never a name's head
    return name


def _segment(s: str) -> list[str]:
    from nlp.tokenizer import segment  # the tokenizer needs the lexicons; import late

    return segment(s)




def left_edge(text: str, pos: int, max_len: int = 24, keep: tuple[str, ...] = (),
              bounds: frozenset[int] | set[int] | None = None, extra: re.Pattern | None = None,
              min_core: int = 2) -> int:
    """The start of the name that ends at `pos` (the suffix starts at `pos`).

    `keep` lists conjunctions that may stay inside the name (与 in 新闻与传播学院). With `bounds`
    (jieba token starts), a stop word counts only where it is a whole token, so 经 in 经济 or 据 in
    数据 does not cut a name; `extra` adds stop words for one kind of name. A cut that would leave
    fewer than `min_core` characters is skipped (…改革深化提升行动 keeps 改革深化).
    """
    lo = max(0, pos - max_len)
    if bounds is not None and lo > 0 and lo not in bounds:
        # the window opened inside a word (三|江县成为…): a name never starts mid-word
        while lo < pos and lo not in bounds:
            lo += 1
    window = text[lo:pos]
    start = 0
    for m in _NON_NAME.finditer(window):
        start = m.end()
    dash = window.rfind("——", start)
    if dash >= 0:
        start = dash + 2  # a dash pair is punctuation (…工程——陇东到山东…工程), one dash joins names
    for pat in (_STOP, extra) if extra is not None else (_STOP,):
        for m in pat.finditer(window, start):
            w = m.group(0)
            if w in keep:
                continue
            if bounds is not None and not (lo + m.start() in bounds and lo + m.end() in bounds):
                continue
            if len(window) - m.end() >= min_core:
                start = max(start, m.end())
    return lo + start


_FUNCTION_CHARS = frozenset("与和及设在对向从把被将为以由经据")
_LEAD_FUNCTION = _FUNCTION_CHARS | frozenset("到至于")
_ORDINAL = re.compile(r"^第[一二三四五六七八九十\d]+[批届轮次期]")


def strip_verbs(name: str, suffix: str) -> str:
    """Drop leading verbs, adverbs, prepositions and conjunctions, by jieba's dictionary tags
    (对接各类商会 -> 各类商会, 借力武汉都市圈 -> 武汉都市圈), and ordinals (第二批)."""
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    head = _ORDINAL.sub("", name[: len(name) - len(suffix)])
    words = segment(head)
    vs = verbs()
    i = 0
    while i < len(words) - 1 and (words[i] in vs or words[i] in _FUNCTION_CHARS):
        i += 1
    return "".join(words[i:]) + suffix
