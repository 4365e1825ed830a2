"""Target normalisation: year, value with 亿/万 folded in, unit, comparator, and what is not a target."""

from __future__ import annotations

import pytest

from nlp.extract import extract
from nlp.targets import targets_in


def _targets(text: str) -> dict[str, dict]:
    ex = extract(text, "t.txt")
    return {e.name: e.attrs for e in ex.entities if e.type == "Target"}


def test_real_sentence_from_the_seed() -> None:
    text = ("根据《行动计划》，到2025年，昆山将建成15项以上典型应用场景项目，培育5家以上具有国际竞争力的领军企业、"
            "100家以上元宇宙“专精特新”中小企业。到2025年“元宇宙”相关产业规模达到1000亿元。")
    t = _targets(text)
    assert set(t) == {"2025|15|项", "2025|5|家", "2025|100|家", "2025|100000000000|元"}
    assert t["2025|100|家"]["comparator"] == "以上"
    assert t["2025|100000000000|元"]["comparator"] == "达到"
    assert t["2025|100000000000|元"]["value"] == 1e11 and t["2025|100000000000|元"]["unit"] == "元"
    assert "产业规模" in t["2025|100000000000|元"]["metric"]


@pytest.mark.parametrize("text, key", [
    ("到2030年，数字经济核心产业增加值突破1.5万亿元。", "2030|1500000000000|元"),
    ("力争到2027年培育一百家数字化转型标杆企业。", "2027|100|家"),
    ("到2025年，全市5G基站数量不低于3万个。", "2025|30000|个"),
    ("到2026年，数字经济核心产业增加值占地区生产总值比重达到12%。", "2026|12|%"),
])
def test_normalised_keys(text: str, key: str) -> None:
    assert key in _targets(text)


@pytest.mark.parametrize("text", [
    "截至2022年6月，我国数据中心机架总规模超过590万标准机架。",
    "光缆线路长度从2012年的1479万公里增加到2021年的5481万公里。",
    "根据赛迪研究院预测，2025年国内虚拟现实产业规模将超过2500亿元。",
    "欧盟制定了到2030年中小企业数字化水平达到90%的目标。",
    "三年计划投入财政资金超100亿元。",
])
def test_not_targets(text: str) -> None:
    assert _targets(text) == {}


def test_targets_in_is_pure() -> None:
    text = "到2025年建成10个示范区"
    out = targets_in(text, 6, len(text), 2025, [])
    assert [o.key for o in out] == ["2025|10|个"]
    s, e = out[0].start, out[0].end
    assert text[s:e].startswith("10")
