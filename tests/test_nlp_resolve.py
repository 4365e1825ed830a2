"""Alias resolution: every surface form of an entity ends on one canonical entity."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.extract import extract

SEED = Path("/work/shared/corpus/bigdata-briefing-2022-11-18.txt")

_ARTICLE = """编者按

近日，发展改革委印发《关于推进数字经济发展的通知》。

示例通知

国家发展改革委、工信部、网信办联合印发《关于推进数字经济发展的通知》。发改委指出，要落实《中华人民共和国数据安全法》和《数据安全法》，\
推进“东数西算”工程，实施东数西算工程，支持广西和南宁建设，落实十四五规划、“十四五”规划和国家“十四五”规划纲要，\
对照“十四五”数字经济发展规划和“十三五”规划。广西壮族自治区人民政府办公厅发布了通知。（来源：国家发展和改革委员会）
"""


def _by_name(ex):
    return {(e.type, e.name): e for e in ex.entities}


@pytest.fixture(scope="module")
def ex():
    return extract(_ARTICLE, "sample.txt")


@pytest.mark.parametrize("etype, canonical, surfaces", [
    ("Agency", "国家发展和改革委员会", ["国家发展改革委", "发展改革委", "发改委"]),
    ("Agency", "工业和信息化部", ["工信部"]),
    ("Agency", "中央网络安全和信息化委员会办公室", ["网信办"]),
    ("Region", "广西壮族自治区", ["广西"]),
    ("Region", "南宁市", ["南宁"]),
    ("Program", "东数西算工程", ["“东数西算”工程", "东数西算工程"]),
    ("Law", "数据安全法", ["中华人民共和国数据安全法", "数据安全法"]),
    ("Document", "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
     ["十四五规划", "“十四五”规划", "国家“十四五”规划纲要"]),
    ("Document", "中华人民共和国国民经济和社会发展第十三个五年规划纲要", ["“十三五”规划"]),
])
def test_aliases_resolve_to_one_entity(ex, etype, canonical, surfaces) -> None:
    ents = _by_name(ex)
    assert (etype, canonical) in ents, sorted(n for t, n in ents if t == etype)
    ent = ents[(etype, canonical)]
    seen = {m.text for m in ent.mentions}
    for s in surfaces:
        assert s in seen, (s, seen)
        assert s == canonical or s in ent.aliases
    # no second entity of the same type carries one of these surface forms
    for (t, n), e in ents.items():
        if t == etype and n != canonical:
            assert not seen & {m.text for m in e.mentions}


def test_sector_plan_is_not_the_national_plan(ex) -> None:
    ents = _by_name(ex)
    assert ("Document", "“十四五”数字经济发展规划") in ents
    national = ents[("Document", "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要")]
    assert "“十四五”数字经济发展规划" not in {m.text for m in national.mentions}


def test_joint_issuance_gives_one_issues_per_issuer(ex) -> None:
    issuers = {r.head.name for r in ex.relations if r.type == "ISSUES" and r.tail.name == "关于推进数字经济发展的通知"}
    assert {"国家发展和改革委员会", "工业和信息化部", "中央网络安全和信息化委员会办公室"} <= issuers


def test_seed_aliases_merge() -> None:
    if not SEED.exists():
        pytest.skip("seed missing")
    ex = extract(SEED.read_text(encoding="utf-8"), str(SEED))
    names = {(e.type, e.name) for e in ex.entities}
    assert ("Region", "广西壮族自治区") in names and ("Region", "广西") not in names
    assert ("Program", "东数西算工程") in names and ("Program", "东数西算") not in names
    assert ("Law", "中华人民共和国数据安全法") not in names
    fdi = [n for t, n in names if t == "Agency" and "发展" in n and "改革" in n]
    assert fdi == ["国家发展和改革委员会"]


def test_common_words_are_not_regions() -> None:
    text = "欧美国家的沿海城市和城区，江山如画，东方红。中山大学的专家在北京开会。"
    ex = extract(text, "x.txt")
    regions = {e.name for e in ex.entities if e.type == "Region"}
    assert regions == {"北京市"}, regions
