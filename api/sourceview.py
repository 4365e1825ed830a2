"""The source text view: a document's decoded text as one HTML page, every sentence an anchor.

The text is the one the extractor's offsets refer to (the file's decoded text, stored at ingest as a
`FileText` node keyed by its content: `graph.loader.text_id`), so an evidence link
`/documents/{id}/text?hl=START-END#oSTART` scrolls to the sentence read at those offsets and marks it.

Anchor scheme, used everywhere: `o<offset>` (a file offset). Every sentence, cut as the extractor cuts them
(`nlp.text.sentence_ends`), is a `<span class="s" id="o<start>">`, so `#o<start>` alone lands on an evidence
sentence and `:target` CSS highlights it; `hl=START-END` also marks exactly that span (a 400-character window
of a long sentence, say) and guarantees an anchor at START. Rendering is one linear pass: the page is built
from a list of pieces joined once, every piece of text HTML-escaped.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from dataclasses import dataclass
from urllib.parse import quote

from api.errors import NotFound
from graph.store import GraphStore
from nlp.text import sentence_ends

FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif"
_CSS = (
    f"body{{font-family:{FONT};max-width:52em;margin:1em auto;padding:0 1em;line-height:1.9}}"
    "#text{white-space:pre-wrap;word-break:break-all}"
    ".s{scroll-margin-top:30vh}"
    ".s:target{background:#ffe08a;border-radius:.3em}"
    "mark.hl{background:#ffb347;padding:.05em 0;border-radius:.3em;scroll-margin-top:30vh}"
    "#doc-start{scroll-margin-top:2em}"
    "header{border-bottom:1px solid #ddd;margin-bottom:1em;padding-bottom:.5em}"
)


def anchor(offset: int) -> str:
    """The anchor of a file offset in the source view."""
    return f"o{offset}"


def source_link(doc: str, start: int | None, end: int | None, text_id: str | None = None) -> str:
    """The source view of `doc` at the evidence span [start, end), marked; `text_id` picks the stored text the
    offsets were read in when it is not the document's current one (an older version's file)."""
    url = f"/documents/{quote(doc, safe='')}/text"
    query = []
    if text_id:
        query.append(f"text={quote(text_id, safe='')}")
    if start is not None and end is not None:
        query.append(f"hl={start}-{end}")
    if query:
        url += "?" + "&".join(query)
    return url + (f"#{anchor(start)}" if start is not None else "")


@dataclass(frozen=True)
class SourcePage:
    """What the page shows: the document, its file's text, and where the document lies in it."""

    doc_id: str
    title: str
    text: str
    source: str | None
    #: The document's own span in the file (a briefing holds several documents); None when unknown.
    span: tuple[int, int] | None
    #: The span to mark (`hl`), if any, clipped to the text.
    highlight: tuple[int, int] | None = None


def parse_span(value: str | None) -> tuple[int, int] | None:
    """`START-END` as two offsets, or None; raises ValueError for anything else."""
    if value is None or value == "":
        return None
    start, sep, end = value.partition("-")
    if not sep or not start.isdigit() or not end.isdigit() or int(end) < int(start):
        raise ValueError(f"hl must be START-END with 0 <= START <= END, got {value!r}")
    return int(start), int(end)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, whitespace trimmed, as `nlp.text.sentence_at` gives them."""
    out, start = [], 0
    for end in sentence_ends(text):
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        start = end
    return out


def render_source(page: SourcePage) -> str:
    """The HTML page of `page`'s text: sentences as anchors, the highlight marked, all text escaped."""
    text = page.text
    n = len(text)
    hl = (min(page.highlight[0], n), min(page.highlight[1], n)) if page.highlight else None
    sentences = _sentences(text)
    # Points where an anchor goes that is not a sentence's own: the highlight's start (a window may begin
    # inside a sentence), the document's start in its file.
    starts = {s for s, _ in sentences}
    extra: dict[int, list[str]] = {}
    if hl and hl[0] not in starts:
        extra.setdefault(hl[0], []).append(anchor(hl[0]))
    if page.span and page.span[0] > 0:
        extra.setdefault(min(page.span[0], n), []).append("doc-start")
    cuts = sorted({*extra, *(hl or ())})
    parts: list[str] = []

    def emit(lo: int, hi: int) -> None:
        """Text [lo, hi), cut at the points in `cuts` (anchors placed, the highlight marked), escaped."""
        at, i = lo, bisect_left(cuts, lo)
        while at < hi:
            while i < len(cuts) and cuts[i] <= at:
                parts.extend(f'<a id="{name}"></a>' for name in extra.get(cuts[i], ()))
                i += 1
            nxt = min(cuts[i], hi) if i < len(cuts) else hi
            chunk = html.escape(text[at:nxt])
            parts.append(f'<mark class="hl">{chunk}</mark>' if hl and hl[0] <= at < hl[1] else chunk)
            at = nxt

    pos = 0
    for s, e in sentences:
        emit(pos, s)
        parts.append(f'<span class="s" id="{anchor(s)}">')
        emit(s, e)
        parts.append("</span>")
        pos = e
    emit(pos, n)
    # an anchor at or past the text's end (evidence offsets of another text) still exists, at the end
    parts.extend(f'<a id="{name}"></a>' for point, names in extra.items() if point >= n for name in names)
    where = ""
    if page.span:
        where = (f" · this document is characters {page.span[0]}–{page.span[1]} of the file"
                 + (' (<a href="#doc-start">go to its start</a>)' if page.span[0] > 0 else ""))
    source = f"<br><small>file: {html.escape(page.source)}</small>" if page.source else ""
    header = (f'<header><a href="/">policykg</a> · <a href="/views/documents/{quote(page.doc_id, safe="")}">'
              f"graph view</a><h2>{html.escape(page.title)}</h2><small>{n:,} characters{where}; offsets are "
              f"the file's, as the evidence gives them</small>{source}</header>")
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{html.escape(page.title)} — '
            f'policykg source</title><link rel="icon" href="data:,"><style>{_CSS}</style></head><body>{header}'
            f'<div id="text">{"".join(parts)}</div></body></html>')


def source_page(store: GraphStore, doc_id: str, text_id: str | None = None,
                highlight: tuple[int, int] | None = None) -> SourcePage:
    """The document's stored text (or the stored text `text_id` its evidence was read in); `NotFound` with the
    reason when there is no such document or it has no stored text."""
    rows = store.read("document_source", {"id": doc_id}).records()
    if not rows:
        raise NotFound(f"no document with id {doc_id!r}")
    doc = rows[0]
    wanted = text_id or doc.get("text_id")
    if not wanted:
        why = ("it is only cited: its own text was never ingested" if not doc.get("source") else
               f"it was loaded from {doc['source']} without its text (by a policykg before the source view, or "
               "straight through the loader); ingest that file again to store it")
        raise NotFound(f"document {doc_id!r} ({doc['title']}) has no stored text: {why}")
    found = store.read("file_text", {"id": wanted}).records()
    if not found or found[0].get("text") is None:
        raise NotFound(f"no stored text {wanted!r} for document {doc_id!r} ({doc['title']}): ingest its file again")
    own = wanted == doc.get("text_id") and doc.get("start") is not None and doc.get("end") is not None
    return SourcePage(doc_id=doc["id"], title=doc["title"], text=found[0]["text"], source=doc.get("source") if own
                      else None, span=(int(doc["start"]), int(doc["end"])) if own else None, highlight=highlight)
