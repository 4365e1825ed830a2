"""Search for the best-known abbreviations on a small real ingest of corpus files that name them.

Every alias the lexicons know is on the node (not only the forms a text used), so 工信部 finds 工业和信息化部
although the text wrote 工业和信息化部; an exact alias outscores everything but an exact name, and once the query
is exactly a name or alias, full-text-only hits (which merely share a word) are left out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.search import search
from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.settings import Settings
from tests.conftest import BRIEFING, corpus_file

FILES = [
    "reports/city/厦门.txt",                                             # 国家发展改革委
    "laws/行政法规/互联网信息服务算法推荐管理规定(2021-11-16).md",        # 工业和信息化部, 国家互联网信息办公室
    "laws/行政法规/企业债券管理条例(2011-01-08).md",                    # 中国人民银行
    "laws/行政法规/证券、期货投资咨询管理暂行办法(1997-12-25).md",      # 中国证监会
    "laws/行政法规/残疾预防和残疾人康复条例(2018-09-18).md",            # 人力资源社会保障部
    # 住房和城乡建设部 (气象灾害防御条例 says only 住房城乡建设部门, which is generic)
    "reports/city/资阳.txt",
    "laws/部门规章/市场监督管理总局/家用汽车产品修理更换退货责任规定(2021-07-22).md",  # 市场监管总局
    "laws/行政法/数据安全法(2021-06-10).md",
]
#: Query -> (type, name) of the entity it names: the first hit.
EXPECTED = {
    "发改委": ("Agency", "国家发展和改革委员会"), "工信部": ("Agency", "工业和信息化部"),
    "网信办": ("Agency", "中央网络安全和信息化委员会办公室"), "证监会": ("Agency", "中国证券监督管理委员会"),
    "央行": ("Agency", "中国人民银行"), "人社部": ("Agency", "人力资源和社会保障部"),
    "住建部": ("Agency", "住房和城乡建设部"), "市场监管总局": ("Agency", "国家市场监督管理总局"),
    "十四五规划": ("Document", "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要"),
    "数据安全法": ("Law", "数据安全法"),
}


@pytest.fixture(scope="module")
def corpus_store(settings: Settings) -> Iterator[FalkorStore]:
    store = FalkorStore(settings.model_copy(update={"graph_name": "policykg_search_test"}))
    store.clear()
    store.setup_schema()
    report = ingest_paths(store, [BRIEFING, *(corpus_file(f) for f in FILES)])
    assert report.files == len(FILES) + 1, report.skipped
    yield store
    store.clear()
    store.close()


@pytest.mark.parametrize("query", list(EXPECTED))
def test_abbreviation_finds_the_body_first_and_no_fulltext_junk(query: str, corpus_store: FalkorStore) -> None:
    hits = search(corpus_store, query, limit=50)
    assert hits, query
    assert (hits[0].type, hits[0].name) == EXPECTED[query], [(h.name, h.match) for h in hits[:5]]
    assert hits[0].match in ("exact_name", "exact_alias")
    assert all(h.match != "fulltext" for h in hits), [(h.name, h.match) for h in hits]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_lexicon_aliases_are_on_the_node(corpus_store: FalkorStore) -> None:
    row = corpus_store.read_adhoc("MATCH (n:Agency {name: '国家发展和改革委员会'}) RETURN n.aliases").scalar()
    assert {"发改委", "国家发改委", "国家发展改革委"} <= set(row)


def test_scores_are_comparable_across_tiers(corpus_store: FalkorStore) -> None:
    hits = search(corpus_store, "数据安全", limit=500)
    tiers = {h.match: [] for h in hits}
    for h in hits:
        tiers[h.match].append(h.score)
    order = ["exact_name", "exact_alias", "name_prefix", "name", "alias", "fulltext"]
    present = [t for t in order if t in tiers]
    assert len(present) >= 3, present
    for upper, lower in zip(present, present[1:], strict=False):
        assert min(tiers[upper]) > max(tiers[lower]), (upper, lower)


def test_known_aliases_cover_long_names_the_tables_list_as_aliases() -> None:
    from nlp.lexicon import known_aliases

    # The extractor may name a ministry by its long form; the table's short forms still belong to it.
    assert "工信部" in known_aliases("Agency", "中华人民共和国工业和信息化部")
    assert {"发改委", "国家发改委"} <= set(known_aliases("Agency", "国家发展和改革委员会"))
    assert "十四五规划" in known_aliases("Document", EXPECTED["十四五规划"][1])
    assert "南宁" in known_aliases("Region", "南宁市")  # a rule-generated short form
    assert known_aliases("Agency", "没有这个机构") == ()
    assert "国家发展和改革委员会" not in known_aliases("Agency", "国家发展和改革委员会")
