"""Document splitting on the three kinds of real corpus files, and the law/citation single node."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.documents import split_documents
from nlp.extract import extract
from nlp.models import entity_id

CORPUS = Path("/work/shared/corpus")
SEED = CORPUS / "bigdata-briefing-2022-11-18.txt"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")


def _read(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def test_briefing_splits_into_its_articles() -> None:
    text = _read(SEED)
    docs, publishers = split_documents(text, str(SEED))
    titles = [d.title for d in docs]
    # the briefing's table of contents lists nine articles; each becomes a document
    assert len(docs) == 9, titles
    assert "国务院关于数字经济发展情况的报告" in titles
    assert "广西面向东盟的“数字丝绸之路”发展规划" in titles
    assert "虚拟现实产业发展白皮书" in titles  # taken from 《》 in the title line, period split off
    gx = next(d for d in docs if d.title.startswith("广西"))
    assert gx.period == "2021—2025年" and gx.kind == "规划"
    report = docs[0]
    assert report.date == "2022-10-28" and report.kind == "报告"
    # articles do not overlap and each ends with its （来源：…） line
    for a, b in zip(docs, docs[1:], strict=False):
        assert a.end <= b.start
    assert all(d.source for d in docs)
    # the masthead is not an article, but its publishers are file-level entities
    assert [p.name for p in publishers] == [text[p.start:p.end] for p in publishers]
    assert len(publishers) == 2 and all(p.end < docs[0].start for p in publishers)


def test_briefing_article_titles_are_in_the_text() -> None:
    text = _read(SEED)
    for d in split_documents(text, str(SEED))[0]:
        s, e = d.title_span
        assert d.start <= s < e <= d.end


@pytest.mark.parametrize("path, title", [
    ("reports/national/2023-政府工作报告.txt", "2023年国务院政府工作报告"),
    ("reports/provincial/2026-江苏省.txt", "2026年江苏省政府工作报告"),
    ("reports/provincial/2026-陕西省.txt", "2026年陕西省政府工作报告"),
    ("reports/city/北京.txt", "2024年北京市政府工作报告"),
])
def test_work_reports_get_qualified_titles(path: str, title: str) -> None:
    p = CORPUS / path
    if not p.exists():
        pytest.skip(f"{p} missing")
    text = _read(p)
    docs, _ = split_documents(text, str(p))
    assert [d.title for d in docs] == [title]
    # boilerplate (下载 打印 全屏 收藏 【字号…】) is outside the document
    body = text[docs[0].start:docs[0].end]
    assert "【字号" not in body[:400]
    ex = extract(text, str(p))
    assert ex.documents[0].title == title
    issues = [r for r in ex.relations if r.type == "ISSUES" and r.tail.name == title]
    assert issues, "the report's government issues it"
    heads = {r.head.name for r in ex.relations if r.type in ("CITES", "TARGETS", "MENTIONS")}
    assert heads <= {title}, "relations' head uses the qualified title"


def test_different_reports_do_not_collide() -> None:
    files = sorted((CORPUS / "reports").rglob("*.txt"))[:60]
    titles = [split_documents(_read(f), str(f))[0][0].title for f in files]
    assert len(set(titles)) == len(titles)


def test_law_file_and_its_citation_are_one_node() -> None:
    law = next((CORPUS / "laws").rglob("数据安全法(*.md"))
    text = _read(law)
    docs, _ = split_documents(text, str(law))
    assert len(docs) == 1 and docs[0].type == "Law" and docs[0].title == "数据安全法"
    assert docs[0].date == "2021-06-10"
    ex_law = extract(text, str(law))
    ex_seed = extract(_read(SEED), str(SEED))
    law_id = ex_law.documents[0].id
    assert law_id == entity_id("Law", "数据安全法")
    cited = {e.id for e in ex_seed.entities if e.type == "Law"}
    assert law_id in cited
    # the long form in the briefing text resolves to the same node
    assert any(r.type == "CITES" and r.tail.id == law_id for r in ex_seed.relations)
    assert any(r.type == "ISSUES" and r.tail.id == law_id and "全国人民代表大会常务委员会" in r.head.name
               for r in ex_law.relations)


def test_briefing_without_editor_notes_or_contents() -> None:
    # the shape of a news digest: a masthead, then headline + body + （来源：…） per item
    text = ("数字经济周报\n\n工信部印发《工业互联网创新发展行动计划》\n\n"
            "近日，工业和信息化部印发《工业互联网创新发展行动计划》，"
            "提出到2025年建成100个以上工业互联网平台。（来源：工业和信息化部）\n\n上海市发布数据条例\n\n"
            "上海市人民代表大会常务委员会通过《上海市数据条例》。（来源：上海人大）\n")
    ex = extract(text, "digest.txt")
    assert [d.title for d in ex.documents] == ["工业互联网创新发展行动计划", "上海市发布数据条例"]
    issues = {(r.head.name, r.tail.name) for r in ex.relations if r.type == "ISSUES"}
    assert ("工业和信息化部", "工业互联网创新发展行动计划") in issues
    assert ("上海市人民代表大会常务委员会", "上海市数据条例") in issues
    assert any(r.type == "TARGETS" and r.tail.name == "2025|100|个" for r in ex.relations)
