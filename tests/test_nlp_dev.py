"""Held-out dev passages (not the seed) scored with the shared scorer, and the generalisation rules.

tests/data/nlp_dev/ holds passages cut from twelve corpus files of different kinds (national, provincial
and city work reports with and without title lines, laws with amendment lines, an administrative
regulation, a local regulation, a department rule), each with a gold file annotated to GUIDELINES.md
before the extractor was run on it. The bars sit a little under what the extractor reaches, so a
change that loses ground on text nobody tuned to fails here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.extract import extract

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "nlp_dev"
SCORE = next((p for p in (ROOT.parent / "shared" / "eval" / "score.py", Path("/work/shared/eval/score.py"))
              if p.exists()), Path("/work/shared/eval/score.py"))

# passage -> (entity F1 bar, core-relation F1 bar)
BARS = {
    "2022-政府工作报告.txt": (0.82, 0.95),
    # core 0.75: its annotator gave no ISSUES for the report's 出台… (合肥's and 重庆's did, see issues_reported_own)
    "2026-山东省.txt": (0.80, 0.72),
    "2024-南通.txt": (0.86, 0.95),
    "网络数据安全管理条例.md": (0.95, 0.95),
    # annotated before the extractor ran on them (ANNOTATION-NOTES-A.md / -B.md); bars just under today
    "1999-政府工作报告.txt": (0.78, 0.95),
    "2024-中山.txt": (0.75, 0.87),
    "2024-遵义.txt": (0.71, 0.92),
    "2026-河南省.txt": (0.76, 0.82),
    "互联网上网服务营业场所管理条例.md": (0.95, 0.95),
    "市场监督管理投诉举报处理暂行办法.md": (0.95, 0.95),
    "杭州市跨境电子商务促进条例.md": (0.64, 0.38),
    "电子签名法.md": (0.83, 0.57),
    # ANNOTATION-NOTES-C.md / -D.md (a later session, annotated blind; -D's passages carry their
    # report's opening lines and section heading): bars just under the first run after the rules
    # written since
    "2022-大数据发展动态-开篇.txt": (0.77, 0.90),
    "2022-大数据发展动态-广西昆山.txt": (0.83, 0.95),
    "2022-大数据发展动态-济南VR.txt": (0.95, 0.95),
    "2024-合肥.txt": (0.65, 0.78),
    "2024-潍坊.txt": (0.72, 0.95),
    "2026-重庆市.txt": (0.69, 0.80),
    "2018-政府工作报告.txt": (0.81, 0.78),
    "2021-政府工作报告.txt": (0.69, 0.75),
    "2024-鄂州.txt": (0.64, 0.80),
    "2024-长治.txt": (0.74, 0.88),
    "2026-湖南省.txt": (0.69, 0.88),
    "2026-青海省.txt": (0.71, 0.85),
}


def _names(res, etype: str) -> set[str]:
    return {e.name for e in res.entities if e.type == etype}


@pytest.mark.skipif(not SCORE.exists(), reason="shared/eval/score.py is not beside the repo")
@pytest.mark.parametrize("name", sorted(BARS))
def test_dev_passage_scores(name: str, tmp_path: Path) -> None:
    src = DEV / name
    res = extract(src.read_text(encoding="utf-8"), name)
    out = tmp_path / "sys.json"
    out.write_text(res.model_dump_json(), encoding="utf-8")
    gold = DEV / (src.stem + ".gold.json")
    proc = subprocess.run([sys.executable, str(SCORE), str(gold), str(out)], capture_output=True, text=True,
                          check=True)
    m = re.search(r"entity F1 ([\d.]+) core-relation F1 ([\d.]+)", proc.stdout)
    assert m, proc.stdout
    ent, core = float(m.group(1)), float(m.group(2))
    bar_ent, bar_core = BARS[name]
    assert ent >= bar_ent and core >= bar_core, f"{name}: entity F1 {ent}, core F1 {core}\n{proc.stdout}"


@pytest.mark.parametrize(("text", "want", "bad"), [
    ("三江县成为全国首批文化产业赋能乡村振兴试点。", "文化产业赋能乡村振兴试点", "江县"),
    ("融安金桔获批筹建国家地理标志产品保护示范区。", "国家地理标志产品保护示范区", "融安金桔"),
    ("柳南区五菱社区入选国家级完整社区建设试点。", "完整社区建设试点", "入选"),
    ("今年成为全国第四批社会信用体系建设示范区。", "社会信用体系建设示范区", "成为"),
    ("推动螺蛳粉产业园区创建国家级消费品标准化试点。", "消费品标准化试点", "创建"),
    ("务实建设自治区科技成果转移转化示范区。", "科技成果转移转化示范区", "务实"),
])
def test_program_starts_after_conferring_verbs(text: str, want: str, bad: str) -> None:
    programs = _names(extract(text, "x.txt"), "Program")
    assert want in programs
    assert not any(bad in p for p in programs)


def test_designation_without_a_name_is_no_program() -> None:
    res = extract("4个城市更新项目入选省级试点，整区域推进高标准农田建设成为全国试点。", "x.txt")
    assert not _names(res, "Program")


@pytest.mark.parametrize("text", [
    "积极推进“放管服”改革。",  # a reform
    "刑事、治安警情实现“双下降”。",  # an outcome
    "扩大“三江早春茶”等柳州茶品牌影响力。",  # a brand
    "开展“柳州消费购物节”等线上线下大型促消费活动。",  # an event
])
def test_quoted_non_programs(text: str) -> None:
    assert not _names(extract(text, "x.txt"), "Program")


def test_common_word_is_not_a_county() -> None:
    res = extract("加快打造一批灯塔工厂，发挥灯塔作用。", "x.txt")
    assert not _names(res, "Region")
    assert "灯塔市" in _names(extract("辽宁省灯塔市召开会议。", "x.txt"), "Region")


def test_one_line_sentence_yields_its_mentions_and_no_document_mention() -> None:
    text = "国家税务总局和广东省社科院在重庆召开会议。"
    res = extract(text, "x.txt")
    assert "国家税务总局" in _names(res, "Agency")
    assert "广东省社会科学院" in _names(res, "Agency")
    assert "重庆市" in _names(res, "Region")
    # the file's own document is named after the file; the sentence is no title, so no Document mention
    assert _names(res, "Document") == {"x"}
    assert all(not e.mentions for e in res.entities if e.type in ("Document", "Law"))
    for e in res.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text


def test_one_line_without_stop_is_body_text() -> None:
    res = extract("北京市住建委发布通知，深圳市人大常委会审议", "x.txt")
    assert {"北京市住建委", "深圳市人民代表大会常务委员会"} <= _names(res, "Agency")
    assert all(not e.mentions for e in res.entities if e.type == "Document")


def test_title_line_mentions_count() -> None:
    res = extract("广西壮族自治区数字经济发展规划\n\n加快发展数字经济。", "x.txt")
    assert "广西壮族自治区数字经济发展规划" in _names(res, "Document")
    region = [e for e in res.entities if e.type == "Region" and e.name == "广西壮族自治区"]
    assert region and region[0].mentions[0].start == 0


@pytest.mark.parametrize(("text", "agency"), [
    ("全国人大常委会审议草案。", "全国人民代表大会常务委员会"),
    ("央行宣布降准。", "中国人民银行"),
    ("广州中院一审判决。", "广州市中级人民法院"),
    ("上海银监局发布提示。", "上海市银监局"),
    ("北京市发改委印发方案。", "北京市发展和改革委员会"),
])
def test_news_agencies(text: str, agency: str) -> None:
    assert agency in _names(extract(text, "x.txt"), "Agency")


def test_agency_followed_by_a_clause_is_not_a_unit() -> None:
    names = _names(extract("央行力促商业银行加大放贷。", "x.txt"), "Agency")
    assert names == {"中国人民银行"}


def test_games_and_films_are_not_documents() -> None:
    res = extract("他在玩游戏《魔兽世界》，看了电影《画皮》，还学习《中华人民共和国数据安全法》。", "x.txt")
    assert _names(res, "Document") == {"x"}  # the file's own document only
    assert "数据安全法" in _names(res, "Law")
