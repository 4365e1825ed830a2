"""The extractor over every corpus file: no error, valid offsets, evidence, ids; n_process=2 agrees."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.documents import is_chinese_text
from nlp.extract import extract, extract_many
from nlp.models import entity_id

CORPUS = Path("/work/shared/corpus")
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")


def _files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")


def _check(text: str, ex) -> None:
    if not is_chinese_text(text):
        # a text in another language is no Chinese policy text: nothing comes from it (issue 13)
        assert not ex.documents and not ex.entities and not ex.relations
        return
    assert ex.documents, "every Chinese file has at least one document"
    doc_ids = {d.id for d in ex.documents}
    for d in ex.documents:
        assert 0 <= d.start <= d.end <= len(text)
        assert d.id == entity_id(d.type, d.title)
    names = {(e.type, e.name) for e in ex.entities}
    for e in ex.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text, (e.name, m)
    for r in ex.relations:
        ev = r.evidence
        assert text[ev.start:ev.end] == ev.sentence and ev.sentence
        assert ev.document in doc_ids
        assert (r.head.type, r.head.name) in names and (r.tail.type, r.tail.name) in names


def test_every_corpus_file() -> None:
    files = _files()
    assert len(files) > 900
    total_docs = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        ex = extract(text, str(f))
        _check(text, ex)
        total_docs += len(ex.documents)
    assert total_docs >= len(files)


def test_extract_many_two_processes_matches_single() -> None:
    files = _files()[::97][:8]
    items = [(f.read_text(encoding="utf-8"), str(f)) for f in files]
    one = [e.model_dump() for e in extract_many(items, n_process=1)]
    two = [e.model_dump() for e in extract_many(items, n_process=2)]
    assert [e["source"] for e in two] == [str(f) for f in files]
    assert one == two


@pytest.mark.parametrize("text", [
    "", "   \n", "hello world", "《》", "《（2021—2025年）》", "（来源：某网）（来源：某某）", "编者按\n\n\n（来源：）",
    "# 中华人民共和国测试法\n\n<!-- INFO END -->\n第一条", "“”工程“ ”行动", "到2025年达到",
])
def test_odd_inputs(text: str) -> None:
    ex = extract(text, "odd.md" if text.startswith("#") else "odd.txt")
    _check(text, ex)
