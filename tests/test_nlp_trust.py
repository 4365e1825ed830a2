"""Entities an analyst can trust (issue 13), held on the corpus files where the junk was found."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.extract import extract
from nlp.models import Extraction

ROOT = Path(__file__).resolve().parent.parent
CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")) if p.exists()),
              Path("/work/shared/corpus"))


def _extract(rel: str) -> Extraction:
    path = CORPUS / rel
    if not path.exists():
        pytest.skip(f"{path} is not in the corpus")
    return extract(path.read_text(encoding="utf-8"), str(path))


def _names(ex: Extraction, etype: str) -> set[str]:
    return {e.name for e in ex.entities if e.type == etype}


@pytest.mark.parametrize(("rel", "etype", "junk"), [
    ("laws/DLC/广东地方法规/地方性法规/广东/广东省优化营商环境条例(2022-06-01).md", "Region", "和县"),  # 市和县
    ("reports/city/淮安.txt", "Region", "户县"),  # 4户县区国企
    ("laws/宪法相关法/军人地位和权益保障法(2021-06-10).md", "Region", "和县"),  # 军分区（警备区）和县
    ("laws/行政法规/住房公积金管理条例(2019-03-24).md", "Agency", "报住房公积金管理委员会"),
    ("laws/行政法规/公司登记管理条例(2016-02-06).md", "Agency", "国家市场监督管理总局负责下列公司"),
    ("reports/city/乐山.txt", "Program", "形象工程"),
    ("reports/city/临沂.txt", "Region", "兴城市"),  # 以城促产、以产兴城
    ("reports/city/蚌埠.txt", "Region", "兴城市"),  # 创新驱动、以产兴城 and 构建以产兴城
    ("laws/行政法规/取水许可和水资源费征收管理条例(2017-03-01).md", "Region", "确定流域"),
    ("reports/city/北海.txt", "Region", "银海区入选国家级渔港经济区"),
    ("laws/行政法规/中外合作经营企业法实施细则(2017-11-17).md", "Agency", "出席董事会会议或者联合管理委员会"),
    ("reports/national/2002-政府工作报告.txt", "Organization", "严肃查处银行"),
    ("reports/city/广州.txt", "Program", "深入开展攻城拔寨行动"),
    ("reports/city/亳州.txt", "Organization", "中医专科联盟"),  # a kind of alliance, no name
    ("reports/national/1980-政府工作报告.txt", "Organization", "充分发挥银行"),
    ("reports/city/牡丹江.txt", "Program", "管委会+公司"),  # “管委会+公司”管理体制: an arrangement
])
def test_pieces_of_phrases_are_no_entities(rel: str, etype: str, junk: str) -> None:
    assert junk not in _names(_extract(rel), etype)


def test_a_place_starts_no_phrase_inside_another_word() -> None:
    # 以产|兴城: jieba leaves 产 alone and 兴 is a verb, so the four characters are a phrase, not 兴城
    assert "兴城市" not in _names(extract("关于测试的通知\n坚持以城促产、以产兴城。", "t.txt"), "Region")
    # after a verb, a preposition or another place the same short form is the city
    for text in ("关于测试的通知\n赴兴城考察。", "关于测试的通知\n辽宁兴城发展文旅。"):
        assert "兴城市" in _names(extract(text, "t.txt"), "Region"), text


def test_a_zone_is_a_whole_constituent() -> None:
    ex = _extract("laws/行政法规/取水许可和水资源费征收管理条例(2017-03-01).md")
    assert not {n for n in _names(ex, "Region") if n.endswith("流域") and n[-3] not in "江河湖海水"}
    text = "关于测试的通知\n结果作为评估长江流域保护的依据。推进社会治理创新区和南昌都市圈建设。"
    names = _names(extract(text, "t.txt"), "Region")
    assert {"长江流域", "南昌都市圈"} <= names and not {"评估长江流域", "社会治理创新区"} & names


def test_programme_abbreviations_fold_to_the_full_name() -> None:
    # 承德 names the programme both ways: one node, under the full form, the short form an alias
    ex = _extract("reports/city/承德.txt")
    progs = {e.name: e for e in ex.entities if e.type == "Program"}
    assert "国企改革深化提升行动" not in progs
    assert "国企改革深化提升行动" in progs["国有企业改革深化提升行动"].aliases
    # 三亚 uses only the short form: the node is still the full form, so the graph joins the two files
    assert "国有企业改革深化提升行动" in _names(_extract("reports/city/三亚.txt"), "Program")


def test_an_abbreviation_counts_only_as_a_whole_word() -> None:
    ex = extract("关于测试的通知\n开展居民企业服务行动，推进“双创新”改革试点，建设双创示范基地。", "t.txt")
    names = _names(ex, "Program")
    assert "居民企业服务行动" in names and not any("民营企业" in n for n in names)
    assert not any("大众创业万众创新新" in n for n in names)


def test_a_body_after_a_modal_and_a_verb_keeps_its_name() -> None:
    ex = extract("关于测试的通知\n应当报住房公积金管理委员会审议。", "t.txt")
    assert "住房公积金管理委员会" in _names(ex, "Agency")


def test_a_common_word_district_counts_only_after_its_city() -> None:
    assert not _names(extract("关于测试的通知\n新城区和老城区协调发展。", "t.txt"), "Region")
    assert "新城区" in _names(extract("关于测试的通知\n西安市新城区发展。", "t.txt"), "Region")


def test_titles_inside_titles_fold_to_one_node() -> None:
    ex = _extract("laws/诉讼与非诉讼程序法/行政诉讼法(2017-06-27).md")
    decisions = {n for n in _names(ex, "Document") if n.startswith("关于修改")}
    assert decisions and all("<" not in n and ">" not in n for n in decisions)


def test_a_criminal_law_amendment_is_one_law() -> None:
    ex = extract("关于测试的通知\n根据《中华人民共和国刑法修正案(九)》和《刑法修正案（九）》，依法惩处。", "t.txt")
    assert ("Law", "刑法修正案（九）") in {(e.type, e.name) for e in ex.entities}
    assert not [e for e in ex.entities if e.type == "Document" and "修正案" in e.name]


def test_licences_are_no_documents() -> None:
    ex = extract("关于测试的通知\n申领《营业执照》和《医疗机构执业许可证》。", "t.txt")
    assert not _names(ex, "Document") - {"关于测试的通知"}


def test_the_corpus_readme_gives_nothing() -> None:
    ex = _extract("README.md")
    assert not ex.documents and not ex.entities


def test_former_bodies_are_their_own_agencies_linked_to_their_successors() -> None:
    ex = extract("关于测试的通知\n信息产业部、文化部联合印发《互联网上网服务营业场所管理办法》。", "t.txt")
    assert {"信息产业部", "文化部"} <= _names(ex, "Agency")
    assert not {"文化和旅游部", "工业和信息化部"} & _names(ex, "Agency")  # the text names the former bodies
    links = {(r.type, r.head.name, r.tail.name) for r in ex.links}
    assert ("SUCCEEDED_BY", "信息产业部", "工业和信息化部") in links
    assert ("SUCCEEDED_BY", "文化部", "文化和旅游部") in links


def test_every_agency_and_organization_is_linked_to_its_document() -> None:
    ex = _extract("reports/city/临沂.txt")
    linked = {r.tail.name for r in ex.all_relations() if r.tail.type in ("Agency", "Organization")}
    linked |= {r.head.name for r in ex.all_relations() if r.head.type in ("Agency", "Organization")}
    bodies = _names(ex, "Agency") | _names(ex, "Organization")
    assert bodies and bodies <= linked
    # the scorer's relations keep to GUIDELINES.md: MENTIONS there are of programs and places only
    assert all(r.tail.type in ("Program", "Region") for r in ex.relations if r.type == "MENTIONS")


def test_the_named_enterprises_of_an_exemplar_list_are_organizations() -> None:
    # 培育了超聚变、中创智领等一批行业领军企业: names without an institution word, marked by the list
    ex = _extract("reports/provincial/2026-河南省.txt")
    assert {"超聚变", "中创智领", "牧原", "胖东来"} <= _names(ex, "Organization")


@pytest.mark.parametrize("text", [
    "推动电力、建材、化工、水泥、铁合金等重点行业企业转型。",  # sectors, not enterprises
    "新增省级以上单项冠军、专精特新等优质企业100家。",  # classes of enterprises
])
def test_an_exemplar_list_of_kinds_gives_no_organizations(text: str) -> None:
    assert not _names(extract("关于测试的通知\n" + text, "t.txt"), "Organization")


def test_a_city_names_its_own_districts_by_short_forms() -> None:
    # 肥西、肥东、长丰、包河、庐阳实现百强进位 in 合肥's report; elsewhere 肥西 alone is no place
    ex = _extract("reports/city/合肥.txt")
    assert {"肥西县", "肥东县", "长丰县", "包河区", "庐阳区", "瑶海区"} <= _names(ex, "Region")
    assert "肥西县" not in _names(extract("关于测试的通知\n肥西、肥东等地发展。", "t.txt"), "Region")


def test_a_clause_between_two_zones_is_no_zone() -> None:
    ex = extract("关于测试的通知\n合肥高新区升至国家级高新区第7位。", "t.txt")
    assert not [n for n in _names(ex, "Region") if "升至" in n]


def test_packages_named_by_their_count_of_articles_are_documents() -> None:
    ex = _extract("reports/city/合肥.txt")  # 一揽子出台促进经济发展20条、新能源汽车36条、总部经济10条等政策措施
    assert {"促进经济发展20条", "新能源汽车36条", "总部经济10条"} <= _names(ex, "Document")
    # a count of routes is no package
    assert not _names(extract("关于测试的通知\n新开辟10条国际航线。", "t.txt"), "Document") - {"关于测试的通知"}


def test_the_country_inside_a_quoted_title_is_no_mention_of_it() -> None:
    ex = extract("关于测试的通知\n连续三届荣获“中国快递示范城市”。", "t.txt")
    assert "中华人民共和国" not in _names(ex, "Region")
    assert "中华人民共和国" in _names(extract("关于测试的通知\n中国经济持续恢复。", "t.txt"), "Region")


def test_a_rule_issued_by_decree_or_repealed_by_a_statute_is_a_law() -> None:
    ex = _extract("laws/部门规章/市场监督管理总局/市场监督管理投诉举报处理暂行办法(2022-03-24).md")
    # …原国家工商行政管理总局令第62号公布的《工商行政管理部门处理消费者投诉办法》…同时废止
    assert "工商行政管理部门处理消费者投诉办法" in _names(ex, "Law")
    assert "工商行政管理部门处理消费者投诉办法" not in _names(ex, "Document")


def test_an_institution_needs_a_proper_part_but_a_school_does_not() -> None:
    text = ("关于测试的通知\n组建基金管理公司和制造业创新中心。长征文旅集团、城发投集团、阿里研究院、"
            "国家马铃薯技术创新中心、长三角光电技术创新中心和电子科技大学合作。")
    names = _names(extract(text, "t.txt"), "Organization")
    assert {"长征文旅集团", "城发投集团", "阿里研究院", "国家马铃薯技术创新中心", "长三角光电技术创新中心",
            "电子科技大学"} <= names
    assert not {"基金管理公司", "制造业创新中心"} & names


def test_a_quoted_product_mix_is_no_programme_but_internet_plus_is() -> None:
    files = ("reports/city/威海.txt", "reports/city/马鞍山.txt")
    names = {n for rel in files for n in _names(_extract(rel), "Program")}
    assert not {"制造+服务", "研学+旅游"} & names
    assert "互联网+政务服务" in _names(_extract("bigdata-briefing-2022-11-18.txt"), "Program")


def test_a_department_named_by_a_verb_field_is_an_agency() -> None:
    # 统计/审计/城市管理 are verbs to jieba and fields of departments; 大数据发展局 is one department
    text = "关于测试的通知\n南宁市统计局、南宁市大数据发展局、南宁市城市管理局负责。推动经济发展局面好转。"
    ex = extract(text, "t.txt")
    assert {"南宁市统计局", "南宁市大数据发展局", "南宁市城市管理局"} <= _names(ex, "Agency")
    assert not [n for n in _names(ex, "Agency") if "局面" in n or "推动" in n]


def test_a_rectification_named_by_what_it_targets_is_no_programme() -> None:
    # 专项 before 治理/整治/斗争/基金 qualifies a rectification, a struggle or a fund; 专项行动 stays a kind word
    text = ("关于测试的通知\n深化“问题楼盘”专项治理，用好慈善“救急难”专项基金，深入实施“三反两防”专项斗争，"
            "深入开展“三磷”、入河排污口、工业园区等专项整治，持续开展“清风”专项行动。")
    names = _names(extract(text, "t.txt"), "Program")
    assert not [n for n in names if n.startswith(("问题楼盘", "救急难", "三反两防", "入河排污口", "工业园区"))]
    assert "清风专项行动" in names
