"""Small text helpers shared by the components: sentences, name normalisation, periods, the file's text."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from spacy.tokens import Doc

from nlp import words

# Sentence ends: Chinese and ASCII full stops, question/exclamation marks, semicolons and line
# breaks (policy texts put titles and list items on their own lines).
_SENT_END = re.compile(r"[。！？；!?]+[”’」』）)]*|\n+")
_WS = re.compile(r"\s+")
_PERIOD = re.compile(
    r"\s*[（(]\s*((?:\d{4}\s*[—–\-~～至到]+\s*\d{4}|\d{4})\s*年?(?:\s*版)?)\s*[）)]\s*$"
)
# the brackets of a title inside a title as texts write them: 关于修改<中华人民共和国立法法>的决定
_INNER_OPEN = re.compile(r"[<‹](?=[\u4e00-\u9fff“])")
_INNER_CLOSE = re.compile(r"(?<=[\u4e00-\u9fff”）)])[>›]")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")

TEXT = "policykg_text"
BOUNDS = "policykg_bounds"
WORDS = "policykg_words"
SOURCE = "policykg_source"
# spaCy tokenizes `as_tuples` input in the main process and ships Docs to the workers, so with
# n_process > 1 the texts go in plain and the source path rides in front of the text, between
# these marks; the tokenizer takes it off before segmenting, so offsets are the file's offsets.
_MARK = "\x00policykg-source\x00"


def with_source(text: str, source: str) -> str:
    """The pipeline input for one file: its source path in front of its text."""
    return f"{_MARK}{source}{_MARK}{text}"


def split_source(raw: str) -> tuple[str, str | None]:
    """Inverse of `with_source`: (text, source or None)."""
    if not raw.startswith(_MARK):
        return raw, None
    end = raw.find(_MARK, len(_MARK))
    return raw[end + len(_MARK):], raw[len(_MARK):end]


def doc_text(doc: Doc) -> str:
    """The file's text. `Doc.text` re-joins every token on each access, so the tokenizer keeps the
    input string in `user_data` and the components read it from there."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence end, ascending (the last is len(text))."""
    ends = [m.end() for m in _SENT_END.finditer(text)]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def sentence_at(text: str, ends: list[int], pos: int) -> tuple[int, int]:
    """(start, end) of the sentence holding `pos`, whitespace trimmed, in the file's offsets."""
    i = bisect_right(ends, pos)
    start = ends[i - 1] if i > 0 else 0
    end = ends[i] if i < len(ends) else len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clean_name(name: str) -> str:
    """Drop whitespace next to CJK characters (PDF line-wrapping), keep it between Latin words; a title
    inside a title takes 〈〉 however the text wrote them (<…>, ‹…›), so one title is one name."""
    name = unicodedata.normalize("NFKC", name) if name.isascii() else name
    name = _CJK_SPACE.sub("", name.strip())
    if "<" in name or ">" in name or "‹" in name or "›" in name:
        name = _INNER_OPEN.sub("〈", _INNER_CLOSE.sub("〉", name))
    return _WS.sub(" ", name)


_TITLE_MARKS = re.compile(r"[\s《》“”\"'‘’〈〉<>]")


def fold_title(title: str) -> str:
    """A comparison key for titles: no spaces, title brackets or quotation marks."""
    return _TITLE_MARKS.sub("", title)


def split_period(title: str) -> tuple[str, str | None]:
    """Split a trailing bracketed period off a title: X（2021—2025年） -> (X, '2021—2025年')."""
    m = _PERIOD.search(title)
    if not m:
        return title, None
    period = _WS.sub("", m.group(1))
    period = re.sub(r"[–\-~～至到]+", "—", period)
    return title[: m.start()].rstrip(), period


_KINDS = words.rows("document_kinds.tsv")  # (title ending, kind), the first ending that fits wins


def doc_kind(title: str) -> str | None:
    """The kind word of a title (规划, 报告, 方案, 意见, 通知, 白皮书, 法律, 条例, …)."""
    t = re.sub(r"[\s\d.]*版$", "", title)
    for suffix, kind in _KINDS:
        if t.endswith(suffix):
            return kind
    return None
