"""The extractor's entry points: `extract(text, source)` and `extract_many`.

First version (the spine): the whole file is one document titled by its first
non-empty line; every 《…》 title becomes a Document (or a Law, for …法/…条例)
and a CITES relation from the file's document, with the sentence as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from nlp.models import DocumentInfo, Entity, EntityRef, Evidence, Extraction, Mention, Relation, entity_id

_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_SENTENCE_END = re.compile(r"[。！？；!?\n]")
_LAW = re.compile(r"(法|条例)$")


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and not _SENTENCE_END.match(text[start - 1]):
        start -= 1
    m = _SENTENCE_END.search(text, pos)
    end = m.end() if m else len(text)
    return start, end


def _first_line(text: str, fallback: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:120]
    return fallback


def extract(text: str, source: str) -> Extraction:
    """Extract documents, cited titles and CITES relations from one file's text."""
    title = _first_line(text, source)
    doc = DocumentInfo(id=entity_id("Document", title), title=title, start=0, end=len(text))
    entities: dict[tuple[str, str], Entity] = {
        ("Document", title): Entity(type="Document", name=title, mentions=[])
    }
    relations: list[Relation] = []
    for m in _TITLE.finditer(text):
        name = m.group(1).strip()
        etype = "Law" if _LAW.search(name) else "Document"
        ent = entities.setdefault((etype, name), Entity(type=etype, name=name))
        ent.mentions.append(Mention(start=m.start(1), end=m.end(1), text=m.group(1)))
        if (etype, name) == ("Document", title):
            continue
        s, e = _sentence_at(text, m.start())
        relations.append(Relation(
            type="CITES", head=EntityRef(type="Document", name=title), tail=EntityRef(type=etype, name=name),
            evidence=Evidence(document=doc.id, sentence=text[s:e], start=s, end=e),
        ))
    return Extraction(source=source, documents=[doc], entities=list(entities.values()), relations=relations)


def extract_many(items: Iterable[tuple[str, str]], n_process: int = 1) -> Iterator[Extraction]:
    """Extract each (text, source) pair in order."""
    for text, source in items:
        yield extract(text, source)
