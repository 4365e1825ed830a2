"""Documents read as documents: official-document anatomy, jurisdiction, goal scopes, and the
whole-corpus properties of issue 9 held on real corpus files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nlp.anatomy import iso_date, issued_title, read_official
from nlp.extract import extract
from nlp.models import Extraction

ROOT = Path(__file__).resolve().parent.parent
CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")) if p.exists()),
              Path("/work/shared/corpus"))
DEV = ROOT / "tests" / "data" / "nlp_dev"

# The shape of a 北大法宝 reprint of a municipal notice that 印发s measures (no such file is in the
# corpus; the elements are GB/T 9704's and the reprint's field names are the database's own).
NOTICE = """西安市人民政府办公厅关于印发西安市加快数字经济发展若干措施的通知
【法宝引证码】CLI.12.5551234
【发布部门】西安市人民政府办公厅
【发文字号】市政办发〔2022〕15号
【发布日期】2022.03.08
【实施日期】2022.03.08
【时效性】现行有效
【效力级别】地方规范性文件
各区、县人民政府，市人民政府各工作部门，各直属机构：
　　《西安市加快数字经济发展若干措施》已经市政府同意，现印发给你们，请认真贯彻执行。
西安市人民政府办公厅
2022年3月8日
西安市加快数字经济发展若干措施
　　为贯彻落实《“十四五”数字经济发展规划》，加快建设数字西安，制定以下措施。
　　一、发展目标。到2025年，全市数字经济核心产业增加值达到1200亿元，培育数字经济龙头企业50家。
　　二、支持企业上云用数赋智。对新认定的国家级工业互联网平台给予500万元奖励。
原文链接：https://www.pkulaw.com/lar/abc.html
"""


def _rels(ex: Extraction, rtype: str) -> set[tuple[str, str]]:
    return {(r.head.name, r.tail.name) for r in ex.relations if r.type == rtype}


def test_a_notice_and_its_attachment_are_two_documents_with_the_header_facts() -> None:
    docs = read_official(NOTICE)
    assert docs is not None and [d.title for d in docs] == [
        "西安市人民政府办公厅关于印发西安市加快数字经济发展若干措施的通知", "西安市加快数字经济发展若干措施"]
    notice, measures = docs
    assert notice.number == "市政办发〔2022〕15号" and notice.issuers == ("西安市人民政府办公厅",)
    assert (notice.date, notice.effective, notice.status) == ("2022-03-08", "2022-03-08", "现行有效")
    assert notice.attachments == ("西安市加快数字经济发展若干措施",)
    assert "各直属机构" in notice.addressees
    assert measures.parent == 0 and NOTICE[measures.start:].startswith("西安市加快数字经济发展若干措施")
    assert notice.end <= measures.start


def test_a_notice_issues_what_it_prints_and_does_not_cite_it() -> None:
    ex = extract(NOTICE, "notice.txt")
    notice, measures = (d.title for d in ex.documents)
    issues = _rels(ex, "ISSUES")
    assert ("西安市人民政府办公厅", notice) in issues and ("西安市人民政府办公厅", measures) in issues
    assert (notice, measures) not in _rels(ex, "CITES")
    # the goals belong to the measures, the document that sets them
    assert {t for h, t in _rels(ex, "TARGETS") if h == measures} == {"2025|120000000000|元", "2025|50|家"}
    assert (measures, "“十四五”数字经济发展规划") in _rels(ex, "CITES")
    info = ex.documents[0]
    assert info.number == "市政办发〔2022〕15号" and info.place == "西安市"


def test_reprint_boilerplate_gives_no_entity() -> None:
    ex = extract(NOTICE, "notice.txt")
    link = NOTICE.index("原文链接")
    assert not [m for e in ex.entities for m in e.mentions if m.start >= link]
    assert not any("法宝" in e.name or "CLI" in e.name for e in ex.entities)


@pytest.mark.parametrize(("title", "issued"), [
    ("安徽省人民政府办公厅关于印发安徽省数字经济发展规划的通知", "安徽省数字经济发展规划"),
    ("国务院关于印发《“十四五”数字经济发展规划》的通知", "“十四五”数字经济发展规划"),
    ("国务院关于加快数字经济发展的意见", None),
])
def test_what_a_notice_prints(title: str, issued: str | None) -> None:
    assert issued_title(title) == issued


@pytest.mark.parametrize(("text", "iso"), [
    ("2023年5月6日", "2023-05-06"), ("二〇二三年五月六日", "2023-05-06"), ("2022.03.08", "2022-03-08"),
    ("二〇二一年十二月三十一日", "2021-12-31"),
])
def test_dates_of_the_signature_and_the_reprint(text: str, iso: str) -> None:
    assert iso_date(text) == iso


def test_a_report_without_a_title_line_is_a_report_of_its_place_and_year() -> None:
    text = (DEV / "2024-遵义.txt").read_text(encoding="utf-8")
    ex = extract(text, "2024-遵义.txt")
    (doc,) = ex.documents
    assert doc.title == "2024年遵义市政府工作报告" and doc.place == "遵义市"
    issues = [r for r in ex.relations if r.type == "ISSUES" and r.tail.name == doc.title]
    assert [r.head.name for r in issues] == ["遵义市人民政府"]
    assert "我代表" in issues[0].evidence.sentence
    agencies = {e.name for e in ex.entities if e.type == "Agency"}
    # 市委 / 省委 / 市政协 resolve against the report's place and the province above it
    assert {"中国共产党遵义市委员会", "中国共产党贵州省委员会", "中国人民政治协商会议遵义市委员会"} <= agencies
    cites = {t for h, t in _rels(ex, "CITES")}
    assert "遵义市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要" in cites
    assert "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要" not in cites


def test_period_goals_fall_due_at_the_end_of_the_period() -> None:
    text = (DEV / "2026-河南省.txt").read_text(encoding="utf-8")
    keys = {e.name for e in extract(text, "2026-河南省.txt").entities if e.type == "Target"}
    assert {"2030|5|%", "2030|10|%", "2030|65|%"} <= keys  # 十五五 goals (年均增长, 达到)
    assert {"2026|5|%", "2026|6.5|%"} <= keys  # this year's 主要预期目标


# -- issue 9's whole-corpus properties, held on real corpus files of every kind ----------------------

SAMPLE = ["reports/city/三亚.txt", "reports/city/遵义.txt", "reports/city/六盘水.txt", "reports/city/北京.txt",
          "reports/provincial/2026-广东省.txt", "reports/provincial/2026-江西省.txt",
          "reports/national/2023-政府工作报告.txt"]
NATIONAL_OUTLINES = {
    "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
    "中华人民共和国国民经济和社会发展第十五个五年规划纲要",
}


@pytest.fixture(scope="module")
def sample() -> list[Extraction]:
    out = []
    for rel in SAMPLE:
        path = CORPUS / rel
        if not path.exists():
            pytest.skip(f"{path} is not in the corpus")
        out.append(extract(path.read_text(encoding="utf-8"), str(path)))
    return out


def test_every_target_metric_is_in_its_own_evidence_sentence(sample: list[Extraction]) -> None:
    targets = [r for ex in sample for r in ex.relations if r.type == "TARGETS"]
    assert len(targets) > 50
    for r in targets:
        metric = r.attrs.get("metric") or ""
        assert metric in r.evidence.sentence, (metric, r.evidence.sentence)


def test_no_local_report_cites_the_national_outline_for_its_own_plan(sample: list[Extraction]) -> None:
    for ex in sample:
        local = {d.id for d in ex.documents if d.place}
        for r in ex.relations:
            if r.type == "CITES" and r.tail.name in NATIONAL_OUTLINES and r.evidence.document in local:
                assert re.search(r"国家|全国|中央|我国|中华人民共和国", r.evidence.sentence), r.evidence.sentence


def test_no_issues_evidence_is_a_salutation(sample: list[Extraction]) -> None:
    issues = [r for ex in sample for r in ex.relations if r.type == "ISSUES"]
    assert len(issues) >= len(sample)
    assert not [r for r in issues if re.fullmatch(r"\s*各位代表[\s：:！!，,]*", r.evidence.sentence)]
