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
    ("laws/行政法规/住房公积金管理条例(2019-03-24).md", "Agency", "委托住房公积金管理委员会"),  # a verb hands a task
    ("reports/city/咸宁.txt", "Agency", "打击整治枪爆工作成效获国务院部际联席会议"),  # what a body conferred
    ("laws/民法商法/保险法(2015-04-24).md", "Agency", "国务院保险监督管理机构审查保险公司"),  # 审查 opens a clause
    ("reports/city/北京.txt", "Organization", "京国家实验室"),  # 在京: the labs located in Beijing
    ("reports/city/乐山.txt", "Organization", "国省中小银行"),  # a level pair before a kind of bank
    ("reports/city/青岛.txt", "Organization", "强村共富公司"),  # a kind of village company
    ("reports/city/三亚.txt", "Organization", "头部公募基金销售公司"),  # a rank among firms of a kind
    ("reports/city/滨州.txt", "Region", "惠民县"),  # 文化惠民活动: a policy word, even in its city's report
    ("reports/city/林芝.txt", "Region", "调整优化经开区"),  # 调整优化经开区功能布局: a verb of adjusting
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


def test_a_list_closed_by_a_bare_enterprise_word_names_companies_where_each_item_is_a_name() -> None:
    # 支持阳光电源、四维新能源、繁枫科技等企业 (亳州); 充分发挥天地药业、云峰药业等企业 (黔西南): the lead verb goes
    assert {"阳光电源", "四维新能源", "繁枫科技"} <= _names(_extract("reports/city/亳州.txt"), "Organization")
    names = _names(_extract("reports/city/黔西南.txt"), "Organization")
    assert "天地药业" in names and "充分发挥天地药业" not in names
    # 支持格林美、宏图、航特等企业 (荆门): a rare word (宏图) is a brand's, a common one a sector's
    assert {"格林美", "宏图", "航特"} <= _names(_extract("reports/city/荆门.txt"), "Organization")
    # 钢铁、建材、有色金属、石油、化工等企业: each item one word of the language, a sector
    assert not _names(_extract("laws/行政法/大气污染防治法(2018-10-26).md"), "Organization")


def test_a_short_place_before_a_facility_noun_names_the_facility() -> None:
    # 山南铁路 at 黄石 is a railway, 宣威水库 in 黔东南 a reservoir; 银川至中卫铁路 reaches the place 中卫
    assert "山南市" not in _names(_extract("reports/city/黄石.txt"), "Region")
    assert "宣威市" not in _names(_extract("reports/city/黔东南.txt"), "Region")
    assert "中卫市" in _names(_extract("reports/city/银川.txt"), "Region")


def test_exchanges_and_transfer_centres_named_by_a_place_are_organizations() -> None:
    names = _names(_extract("reports/city/乌鲁木齐.txt"), "Organization")
    assert {"新疆股权交易中心", "中国—中亚技术转移中心"} <= names
    assert "济南超算中心" in _names(_extract("reports/city/济南.txt"), "Organization")


def test_an_international_head_opens_a_name_when_a_field_follows() -> None:
    # 实体化运行国际先进技术应用推进中心 (合肥), 国际深空探测学会总部落户合肥 (安徽); 国际化高水平大学 is a kind
    assert "国际先进技术应用推进中心" in _names(_extract("reports/city/合肥.txt"), "Organization")
    assert "国际深空探测学会" in _names(_extract("reports/provincial/2026-安徽省.txt"), "Organization")
    names = _names(extract("关于测试的通知\n建设国际化高水平大学和国际高水平大学，打造浙江大学国际医学院。", "t.txt"),
                   "Organization")
    assert not {"国际化高水平大学", "国际高水平大学", "国际医学院"} & names


def test_a_company_alias_that_is_an_everyday_word_names_the_company_only_as_a_name() -> None:
    # 再掀运动浪潮 (铜陵) is a wave, 沁州黄小米 (山西) millet; 支持浪潮集团等 (济南), 曙光、海光、联想 (天津): companies
    assert "浪潮集团" not in _names(_extract("reports/city/铜陵.txt"), "Organization")
    assert "小米集团" not in _names(_extract("reports/provincial/2026-山西省.txt"), "Organization")
    assert "浪潮集团" in _names(_extract("reports/city/济南.txt"), "Organization")
    assert "联想集团" in _names(_extract("reports/provincial/2026-天津市.txt"), "Organization")


@pytest.mark.parametrize("text", [
    "推动电力、建材、化工、水泥、铁合金等重点行业企业转型。",  # sectors, not enterprises
    "鼓励铁路、道路、水运、民航、邮政、快递等企业。独角兽、瞪羚等企业加快成长。",  # a bare 等企业 after kinds
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


def test_central_enterprises_are_organizations_by_their_short_names() -> None:
    # 中国石油、华谊…中粮等5个百亿级生产基地: SASAC's list of central enterprises, with their usual short forms
    ex = _extract("reports/city/钦州.txt")
    assert {"中国石油天然气集团有限公司", "中粮集团有限公司"} <= _names(ex, "Organization")
    assert "国家开发银行" in _names(_extract("reports/national/2008-政府工作报告.txt"), "Organization")


def test_a_company_short_name_that_heads_a_longer_name_is_not_the_group() -> None:
    # 华润金蟾获评国家级智能制造…: a subsidiary named after the group, not 华润 itself
    ex = _extract("reports/city/淮北.txt")
    assert "华润（集团）有限公司" not in _names(ex, "Organization")
    assert "华润（集团）有限公司" in _names(extract("关于测试的通知\n推动华润、中粮等央企在本地投资。", "t.txt"),
                                      "Organization")


def test_companies_by_their_short_names_where_the_grammar_says_company() -> None:
    # 潍柴动力获中国专利金奖: a brand and its trade as a subject that receives something
    assert "潍柴动力" in _names(_extract("reports/city/潍坊.txt"), "Organization")
    # 推进鄂钢煤气发电三期、天铭智能、科贝激光、富晶电子等技改项目: three companies in one list
    assert {"天铭智能", "科贝激光", "富晶电子"} <= _names(_extract("reports/city/鄂州.txt"), "Organization")
    # the same shape as an industry: a list that closes on a sector word
    text = "关于测试的通知\n加快发展具身智能、类脑智能等未来产业，推进电商物流、冷链物流等专业化物流发展。"
    assert not _names(extract(text, "t.txt"), "Organization")


def test_a_kind_of_enterprise_in_apposition_is_no_part_of_the_name() -> None:
    names = _names(_extract("reports/provincial/2026-重庆市.txt"), "Organization")
    assert "中国长安汽车集团" in names and "新央企中国长安汽车集团" not in names


def test_a_bank_branch_is_its_own_organization() -> None:
    names = _names(_extract("reports/city/鄂州.txt"), "Organization")
    assert "交通银行鄂州分行" in names and "交通银行" not in names


def test_a_title_the_law_index_lists_is_a_law_wherever_it_is_cited() -> None:
    # an expired State Council regulation, cited by title alone: the law index (laws_index.tsv) says it is one
    ex = _extract("laws/行政法规/金融机构撤销条例(2001-11-23).md")
    assert "非法金融机构和非法金融业务活动取缔办法" in _names(ex, "Law")
    assert "非法金融机构和非法金融业务活动取缔办法" not in _names(ex, "Document")


def test_a_national_laws_implementing_rules_are_a_law() -> None:
    # cited in one file, repealed by statute in another: one Law node, by its short title, for both
    for rel in ("laws/部门规章/市场监督管理总局/药品进口管理办法(2003-08-18).md",
                "laws/行政法规/海关行政处罚实施条例(2004-09-19).md"):
        assert "海关法行政处罚实施细则" in _names(_extract(rel), "Law")


@pytest.mark.parametrize(("rel", "junk", "name"), [
    ("reports/city/马鞍山.txt", "管理江东文旅集团", "江东文旅集团"),  # 提级管理 + a place's group
    ("reports/provincial/2026-重庆市.txt", "设置重庆工业职业技术大学", "重庆工业职业技术大学"),
    ("reports/city/芜湖.txt", "运营皖南医学院脑科学研究院", "皖南医学院脑科学研究院"),
    ("reports/city/资阳.txt", "壮大爱齐医疗", "爱齐医疗"),  # an exemplar list after a lead verb
    ("reports/city/天津.txt", "实京津冀国家技术创新中心", "京津冀国家技术创新中心"),  # 做实 cut mid-word
    ("reports/city/合肥.txt", "新能公司", "聚变新能公司"),  # 成立 founds it: 聚变 is the brand's head, no verb
])
def test_a_verb_before_a_place_opens_no_organization(rel: str, junk: str, name: str) -> None:
    names = _names(_extract(rel), "Organization")
    assert junk not in names and name in names


def test_two_joined_bodies_are_two_names() -> None:
    names = _names(_extract("reports/city/济南.txt"), "Organization")
    assert "山东大学与山东能源集团" not in names
    assert {"山东大学", "山东能源集团"} <= names


@pytest.mark.parametrize(("rel", "junk"), [
    ("reports/national/1955-政府工作报告.txt", "中学一直到大学"),  # a clause up to 大学
    ("reports/national/1955-政府工作报告.txt", "最近对于胡风反革命集团"),  # a pejorative clique
    ("reports/national/1964-政府工作报告.txt", "蒋介石集团"),  # a clique named after a person
    ("reports/city/烟台.txt", "卫生健康职业学院"),  # a kind of school, no name
])
def test_cliques_clauses_and_kinds_of_school_are_no_organizations(rel: str, junk: str) -> None:
    assert junk not in _names(_extract(rel), "Organization")


@pytest.mark.parametrize(("text", "junk", "name"), [
    ("建强用好山东产业技术研究院、北理工前沿技术研究院。", "强用好山东产业技术研究院", "山东产业技术研究院"),
    ("做强天津港集团雄安服务中心。", "强天津港集团", "天津港集团"),  # 做强 is one word
])
def test_a_double_verb_is_cut_whole(text: str, junk: str, name: str) -> None:
    names = _names(extract("关于测试的通知\n" + text, "t.txt"), "Organization")
    assert junk not in names and name in names


@pytest.mark.parametrize("text", [
    "我们在任何时候都不能放松对美国侵略集团的警惕。",  # a pejorative clique
    "沪深北三大交易所“新疆服务基地”全面落地。",  # a count of bodies
    "采取广播电视大学、函授大学、夜大学、教师进修学院等多种形式。",  # kinds of school
])
def test_counted_kinds_and_cliques_are_no_organizations(text: str) -> None:
    names = _names(extract("关于测试的通知\n" + text, "t.txt"), "Organization")
    assert not names & {"美国侵略集团", "沪深北三大交易所", "教师进修学院"}


def test_the_courts_of_hong_kong_and_macao_keep_the_names_the_text_uses() -> None:
    # a court of a special administrative region is no 人民法院: 香港特别行政区法院, not …人民法院
    hk = _names(_extract("laws/宪法相关法/香港特别行政区基本法(1990-04-04).md"), "Agency")
    macao = _names(_extract("laws/宪法相关法/澳门特别行政区基本法(1993-03-31).md"), "Agency")
    assert "香港特别行政区法院" in hk and "澳门特别行政区检察院" in macao
    assert not {n for n in hk | macao if n.endswith(("特别行政区人民法院", "特别行政区人民检察院"))}
    assert "广州市中级人民法院" in _names(extract("广州中院审理此案。", "t.txt"), "Agency")


def test_a_facility_a_place_runs_is_no_agency() -> None:
    # a venue, a hospital or a hub of a city is no body of its government; its CDC is
    text = ("郴州市文化艺术中心、东营市精神卫生中心、林芝市冷链物流集散中心、内蒙古自治区数据交易中心投入使用，"
            "由南充市疾病预防控制中心和医院监测。")
    names = _names(extract(text, "t.txt"), "Agency")
    assert names == {"南充市疾病预防控制中心"}


def test_a_body_joined_to_another_or_a_kind_under_it_is_no_unit_of_it() -> None:
    # 会同/商 join a second body; 有关/直属 make a kind of body under the first
    text = ("中国人民银行会同国务院银行业监督管理机构制定支付结算规则。具体办法由国务院有关部门商中国残疾人联合会制定。"
            "教育部直属师范大学实行师范生免费教育。中国科学院合肥物质科学研究院参与。")
    names = _names(extract(text, "t.txt"), "Agency")
    assert {"中国人民银行", "国务院", "教育部", "中国科学院合肥物质科学研究院"} <= names
    assert not [n for n in names if any(w in n for w in ("会同", "商中国", "直属"))]


def test_bodies_that_issue_a_law_together_are_each_an_issuer() -> None:
    ex = _extract("laws/行政法规/征兵工作条例(2023-04-01).md")
    names = _names(ex, "Agency")
    assert {"国务院", "中央军事委员会"} <= names and not [n for n in names if "、" in n]
    issuers = {r.head.name for r in ex.relations if r.type == "ISSUES" and r.tail.name == "征兵工作条例"}
    assert {"国务院", "中央军事委员会"} <= issuers


def test_a_committee_after_a_clause_verb_or_a_determiner_is_no_name() -> None:
    names = _names(_extract("laws/行政法规/海关对出口加工区监管的暂行办法(2011-01-08).md"), "Agency")
    assert not [n for n in names if "设置" in n]
    assert "有关注册建筑师管理委员会" not in _names(_extract("laws/行政法规/注册建筑师条例(2019-04-23).md"), "Agency")
    text = "成为国家层面革命老区振兴发展部际联席会议议事城市。建立促进个体工商户发展部际联席会议制度。"
    names = _names(extract(text, "t.txt"), "Agency")
    assert names == {"国家层面革命老区振兴发展部际联席会议", "促进个体工商户发展部际联席会议"}


def test_a_zone_needs_a_proper_part_and_no_leading_verb_or_size() -> None:
    # kinds of zones (夜间经济区, 城镇新区, 全省首个海洋高新区), a determiner or a size class before one
    # (各类新区, 2000亿级经开区), verbs jieba calls nouns (服务, 力争, 冲刺): no zone's name
    text = ("服务平陆运河经济带建设。冲刺国家高新区。建设全省首个海洋高新区，蓬莱海洋高新区获批。"
            "在各类新区、开发区内。着力推动仁怀经开区加快建成2000亿级经开区。力争综保区进出口总额突破50亿元。"
            "打造省级夜间经济区3个以上。城镇新区的开发和建设。乐至经开区与璧山高新区合作。融入重庆1小时经济圈。")
    names = _names(extract(text, "t.txt"), "Region")
    assert {"平陆运河经济带", "蓬莱海洋高新区", "仁怀经开区", "乐至经开区", "璧山高新区", "重庆1小时经济圈"} <= names
    assert not {"服务平陆运河经济带", "冲刺国家高新区", "海洋高新区", "各类新区", "2000亿级经开区", "力争综保区",
                "夜间经济区", "城镇新区"} & names


def test_a_zone_does_not_start_after_a_character_cut_off_its_name() -> None:
    # 带|水河小流域: jieba cuts the river's first character off as a verb; the zone is no 水河小流域
    assert "水河小流域" not in _names(_extract("reports/city/恩施.txt"), "Region")
    assert "藤桥河小流域" in _names(extract("实施藤桥河小流域综合治理。", "t.txt"), "Region")


def test_a_county_name_that_is_a_common_noun_needs_its_city() -> None:
    # 千年古县 is an honour, 海港区内 a harbour area, 老解放区 the liberated areas
    assert "古县" not in _names(_extract("reports/city/钦州.txt"), "Region")
    shandong = "laws/DLC/山东地方法规/地方性法规/山东/山东省通信基础设施建设与保护条例(2020-09-25).md"
    assert "海港区" not in _names(_extract(shandong), "Region")
    assert "解放区" not in _names(_extract("reports/national/1957-政府工作报告.txt"), "Region")
    assert "海港区" in _names(extract("秦皇岛市海港区推进城市更新。", "t.txt"), "Region")


def test_a_level_or_a_kind_of_committee_or_a_hall_is_no_agency() -> None:
    # 省级/市级 before a centre is a level of a kind of centre; 各类…, …发现有关…, 直辖市… committees are kinds
    text = ("江西省级工程研究中心、巴中市级医疗专业质控中心、荆州市新城城市展厅、林芝市公共卫生临床中心建成。"
            "各类园区管理委员会负责。省、自治区、直辖市注册建筑师管理委员会依照本条例负责。广东省科学技术厅主管。")
    assert _names(extract(text, "t.txt"), "Agency") == {"广东省科学技术厅"}


def test_a_unit_after_a_body_joined_by_shang_or_a_committee_a_clause_sets_up_is_no_name() -> None:
    text = ("国务院专利行政部门商国务院司法行政部门制定。国家设立船舶油污损害赔偿基金管理委员会。"
            "企业设立管理委员会。金华市音乐厅建成。工业和信息化部信息技术发展司负责。")
    names = _names(extract(text, "t.txt"), "Agency")
    assert {"船舶油污损害赔偿基金管理委员会", "工业和信息化部信息技术发展司"} <= names
    assert not [n for n in names if "设立" in n or "商国务院" in n or "音乐厅" in n]


def test_a_body_before_an_industry_word_is_no_bank() -> None:
    # 国务院银行业监督管理机构: 银行业 is the banking industry, 国务院银行 no body
    names = _names(extract("由国务院银行业监督管理机构批准。中国工商银行营业部开业。", "t.txt"), "Agency")
    assert "国务院银行" not in names and "国务院" in names


def test_a_rectification_named_by_what_it_targets_is_no_programme() -> None:
    # 专项 before 治理/整治/斗争/基金 qualifies a rectification, a struggle or a fund; 专项行动 stays a kind word
    text = ("关于测试的通知\n深化“问题楼盘”专项治理，用好慈善“救急难”专项基金，深入实施“三反两防”专项斗争，"
            "深入开展“三磷”、入河排污口、工业园区等专项整治，持续开展“清风”专项行动。")
    names = _names(extract(text, "t.txt"), "Program")
    assert not [n for n in names if n.startswith(("问题楼盘", "救急难", "三反两防", "入河排污口", "工业园区"))]
    assert "清风专项行动" in names


@pytest.mark.parametrize(("rel", "name"), [
    ("reports/city/合肥.txt", "德国德凯汽车测试中心"),  # a testing centre with a proper part
    ("reports/provincial/2026-山东省.txt", "上合科技创新合作中心"),  # a cooperation centre
])
def test_a_centre_named_for_what_it_does_is_an_organization(rel: str, name: str) -> None:
    assert name in _names(_extract(rel), "Organization")


@pytest.mark.parametrize(("rel", "junk"), [
    ("reports/city/鄂州.txt", "梧桐湖大学"),  # 梧桐湖大学城: a campus district
    ("reports/provincial/2026-湖南省.txt", "长沙全球研发中心"),  # 长沙全球研发中心城市: a title for a city
])
def test_an_institution_word_before_a_town_or_city_is_no_name(rel: str, junk: str) -> None:
    orgs = _names(_extract(rel), "Organization")
    assert not any(junk in o for o in orgs)


def test_peoples_organizations_by_their_short_forms() -> None:
    # 在全国工商联发布的… in a city's report is the national federation; 市工商联获评… is the city's own
    assert "中华全国工商业联合会" in _names(_extract("reports/city/荆州.txt"), "Organization")
    assert "滁州市工商业联合会" in _names(_extract("reports/city/滁州.txt"), "Organization")
    notice = "遵义市人民政府办公室关于印发遵义市促进科技创新若干措施的通知\n\n由市科技局牵头，市科协、市总工会配合。"
    ex = extract(notice, "x.txt")
    assert {"遵义市科学技术协会", "遵义市总工会"} <= _names(ex, "Organization")
    assert "遵义市科技局" in _names(ex, "Agency")


def test_a_numbered_policy_package_is_a_programme_but_a_numbered_slogan_is_not() -> None:
    ex = extract("加力扩围实施“两新”政策，高质量实施“两重”项目，坚持“三美”理念。", "x.txt")
    programs = _names(ex, "Program")
    assert {"两新", "两重项目"} <= programs  # the kind word stays where the text has it
    assert "三美" not in programs


@pytest.mark.parametrize(("rel", "name"), [
    ("reports/city/潜江.txt", "兴盛路小学"),
    ("reports/city/铜仁.txt", "铜仁市第三中学"),
])
def test_a_named_school_is_an_organization(rel: str, name: str) -> None:
    assert name in _names(_extract(rel), "Organization")


def test_schools_in_general_are_no_organization() -> None:
    orgs = _names(_extract("laws/宪法相关法/民族区域自治法(2001-02-28).md"), "Organization")
    assert not any(o.endswith(("中学", "小学")) for o in orgs)  # 在普通中学开设民族班
    ex = extract("确保学生都能在永久性校舍中学习，加快新建中小学和优质普通高中学位供给。", "x.txt")
    assert not _names(ex, "Organization")


NOTICE = ("崇左市人民政府办公室关于印发崇左市加快数字经济发展若干措施的通知\n\n"
          "各县（市、区）人民政府，市直各委、办、局：\n\n"
          "责任单位：市工业和信息化局、市住房和城乡建设局、人行崇左市中心支行、自治区和市委有关部门。\n")


def test_a_notices_own_departments_keep_the_and_inside_their_field() -> None:
    agencies = _names(extract(NOTICE, "x.txt"), "Agency")
    assert {"崇左市工业和信息化局", "崇左市住房和城乡建设局", "中国人民银行崇左市中心支行"} <= agencies
    # 市直各委: every department of the city, no one body; 和市委 joins two bodies
    assert not any("各" in a or "和市委" in a for a in agencies)
    assert "南宁市住房和城乡建设局" in _names(extract("南宁市住房和城乡建设局负责。", "x.txt"), "Agency")


def test_a_field_verb_inside_a_company_name_and_a_schools_level_keep_the_name() -> None:
    ex = extract("崇左市城市建设投资发展集团有限公司、崇左幼儿师范高等专科学校参与，建设合肥产业研究院。", "x.txt")
    want = {"崇左市城市建设投资发展集团有限公司", "崇左幼儿师范高等专科学校", "合肥产业研究院"}
    assert want <= _names(ex, "Organization")
    # 共建 opens the clause: 工程 inside 工程师 is no business word of a company's name
    assert "校企共建工程师学院" not in _names(extract("推动校企共建工程师学院。", "x.txt"), "Organization")


@pytest.mark.parametrize(("rel", "name"), [
    ("reports/city/徐州.txt", "徐矿集团"),  # a two-character brand jieba does not know
    ("reports/city/柳州.txt", "柳钢集团"),
])
def test_a_two_character_brand_before_a_company_word_is_a_name(rel: str, name: str) -> None:
    assert name in _names(_extract(rel), "Organization")


def test_a_kind_of_local_state_company_is_no_name() -> None:
    orgs = _names(_extract("reports/city/临沂.txt"), "Organization")
    assert not orgs & {"城投公司", "城投集团", "产投集团", "金控集团", "文旅集团"}


def _orgs(text: str) -> set[str]:
    return _names(extract("关于测试的通知\n" + text, "t.txt"), "Organization")


def test_a_verb_between_two_names_is_a_clause_whose_object_is_the_institution() -> None:
    # a named subject, a verb jieba tags v, a named object: only the object is the institution
    names = _orgs("新疆银行吸收合并库尔勒银行。扬州大学参建钟山实验室。美国纠集东南亚条约集团。"
                  "支持脑机交互与人机共融海河实验室、重庆市技术转移研究院、中国—中东欧国家创新合作研究中心建设。")
    assert {"新疆银行", "库尔勒银行", "扬州大学", "钟山实验室", "东南亚条约集团", "脑机交互与人机共融海河实验室",
            "重庆市技术转移研究院", "中国—中东欧国家创新合作研究中心"} <= names
    assert not [n for n in names if any(v in n for v in ("吸收", "参建", "纠集"))]


def test_a_bond_or_a_science_park_ends_no_institution_word() -> None:
    names = _orgs("全柴发行全省首单科技创新可交换公司债。德阳大学科技园开园起势。")
    assert not [n for n in names if "公司" in n or "大学" in n]


def test_a_school_named_by_a_clause_or_a_field_with_a_verb_is_no_name() -> None:
    names = _orgs("工农速成中学准备分别改为大学。采取管理干部学院等形式。支持电子科技大学、华东理工大学发展。")
    assert {"电子科技大学", "华东理工大学"} <= names
    assert not [n for n in names if "改为" in n or "管理干部" in n]


def test_a_clause_opener_before_a_name_is_dropped() -> None:
    # 运营/统筹安排/高质量 (no verb to jieba) and the resultative 好 after a verb open clauses, not names
    names = _orgs("组建运营数据要素创新学院。切实发挥好上市公司联盟带动作用。办好安徽财经大学。"
                  "高质量办好老年大学。支持好孩子集团发展。")
    assert "安徽财经大学" in names
    assert not [n for n in names if n.startswith(("运营", "好", "高质量"))]


def test_a_place_that_jieba_lists_as_a_verb_heads_a_school() -> None:
    names = _orgs("有序推进遵义师范学院管理体制改革，筹建遵义康养职业技术学院。")
    assert {"遵义师范学院", "遵义康养职业技术学院"} <= names
    assert not {"师范学院", "康养职业技术学院"} & names


def test_counts_series_and_designations_are_no_institutions() -> None:
    names = _orgs("浙大智慧绿洲六大未来实验室建设。支持燕赵系列实验室。打造国家三大区域科技创新中心。"
                  "联合创建鲁豫国家区域科技创新中心，建设北京国际科技创新中心。纳入四川省制造业创新中心培育范围。"
                  "完成江苏省重点实验室重组。胚胎干细胞湖北省重点实验室、康缘药业全国重点实验室、"
                  "国家虚拟现实制造业创新中心落户。")
    assert {"胚胎干细胞湖北省重点实验室", "康缘药业全国重点实验室", "国家虚拟现实制造业创新中心"} <= names
    assert not [n for n in names if any(k in n for k in ("六大", "系列", "科技创新中心"))]
    assert not [n for n in names if n.startswith(("四川省", "江苏省"))]


def test_a_first_of_its_kind_apposition_and_a_pejorative_kind_are_no_part_of_a_name() -> None:
    names = _orgs("全市第一所全日制普通本科院校南宁师范大学师园学院防城港校区开工建设。"
                  "川渝首个跨省域协同创新平台成资大永协同创新中心挂牌。日本垄断资本集团的压迫。")
    assert {"南宁师范大学师园学院", "成资大永协同创新中心"} <= names
    assert not [n for n in names if "首个" in n or "第一所" in n or "垄断" in n]


def test_an_exemplar_item_is_not_cut_to_one_common_noun() -> None:
    names = _orgs("做大做强通用生物、九华药业等龙头企业。")
    assert {"通用生物", "九华药业"} <= names and "生物" not in names


def test_a_law_header_with_two_verbs_names_only_the_body() -> None:
    text = ("# 中华人民共和国劳动保险条例\n\n1951年2月26日 政务院公布\n\n1953年1月2日 政务院修正公布\n\n"
            "第一条 为了保护工人职员的健康。")
    ex = extract(text, "劳动保险条例(1953-01-02).md")
    assert "政务院修正" not in _names(ex, "Organization") | _names(ex, "Agency")
    assert "中央人民政府政务院" in _names(ex, "Agency")


def test_a_kind_of_enterprise_before_the_head_is_no_proper_part() -> None:
    names = _orgs("推动已落户央企子公司有效运营。新央企中国长安汽车集团成立。")
    assert "中国长安汽车集团" in names and "央企子公司" not in names


def test_the_chambers_of_a_place_elsewhere_and_each_of_a_kind_are_classes() -> None:
    names = _orgs("发挥河北商会、承德驻外商会桥梁作用。支持铜仁籍商协会发展，推动异地济宁商会建设。"
                  "阿坝州温州商会成立。有关部门曾经提出过各专业银行可以自主。")
    assert {"河北商会", "阿坝州温州商会"} <= names
    assert not [n for n in names if any(k in n for k in ("驻外", "籍", "异地", "各"))]


def test_a_provincial_party_paper_named_without_its_place() -> None:
    assert "大众日报" in _names(_extract("reports/provincial/2026-山东省.txt"), "Organization")  # 来源：大众日报


def test_a_zone_kind_a_campus_or_a_coverage_slogan_is_no_region() -> None:
    # an adjective or a legal kind before a zone word, a verb jieba tags as a place (加密, 激活), a hospital's
    # campus, a travel time without a place: no zone's name; a place's own zone stays
    text = ("建设承载力更强的活力高新区。保护重点岛礁以及专属经济区和大陆架。加快陆上经济走廊和海上合作支点建设。"
            "加快四棵大道建设，加密新区路网。激活综保区、进口口岸等开放载体。蒙城县二院新区、利辛县托育中心项目。"
            "打造“四小时航空经济圈”。宜宾进入成都1小时经济圈。建设蓬莱海洋高新区。")
    names = _names(extract(text, "t.txt"), "Region")
    assert {"成都1小时经济圈", "蓬莱海洋高新区", "蒙城县"} <= names
    assert not {"活力高新区", "专属经济区", "陆上经济走廊", "加密新区", "激活综保区", "蒙城县二院新区",
                "四小时航空经济圈"} & names
    assert "四小时航空经济圈" not in _names(extract("关于测试的通知\n打造“四小时航空经济圈”。", "t.txt"), "Program")


def test_a_zone_cut_out_of_a_longer_name_is_no_region() -> None:
    # a bracketed member inside the name (金（义）衢丽城市群), a time qualifier before a zone (新时代…规划),
    # 万 closing a number before 山区, the character jieba left alone at a zone's head (建|邺高新区)
    text = ("提升杭州都市圈和金（义）衢丽城市群。推动成（绵）南达万经济带建设。落实新时代洞庭湖生态经济区规划。"
            "15.7万山区群众下山奔富。铜仁市万山区推进。")
    names = _names(extract(text, "t.txt"), "Region")
    assert {"杭州都市圈", "万山区"} <= names
    assert not {"衢丽城市群", "南达万经济带", "新时代洞庭湖生态经济区"} & names
    hunan = _names(_extract("reports/provincial/2026-湖南省.txt"), "Region")
    assert "洞庭湖生态经济区" in hunan and "新时代洞庭湖生态经济区" not in hunan
    assert not [m for e in extract(text, "t.txt").entities if e.name == "万山区" for m in e.mentions
                if m.start < text.index("铜仁")]
    assert "邺高新区" not in _names(_extract("reports/city/南京.txt"), "Region")


def test_a_room_a_clause_verb_or_a_level_of_bodies_is_no_agency() -> None:
    # a 会客厅/客厅 is a room, a 救治中心 a hospital's; 实行/运作/升格 open a clause; 市民 and 市县 are words,
    # so 广安市民服务中心 and 市县两级… are no departments; …市委 after 省辖市 is a level's committees
    text = ("池州中韩国际会客厅建成开放。打造中山城市新客厅。住房公积金的管理实行住房公积金管理委员会决策。"
            "实体化运作都市区规划建设管理委员会。升格市港口管理委员会。建成广安市民服务中心。"
            "成立北海市民营企业投诉中心。防城港市县两级疾病预防控制局挂牌成立。"
            "出席安徽省辖市市委书记市长工作会议。广东省科学技术厅主管。")
    names = _names(extract(text, "t.txt"), "Agency")
    assert {"住房公积金管理委员会", "都市区规划建设管理委员会", "北海市民营企业投诉中心", "广东省科学技术厅"} <= names
    assert not [n for n in names if n.endswith("客厅") or n.startswith(("管理实行", "实体化", "升格", "广安市民"))
                or "两级" in n or "辖市" in n]


def test_a_branch_after_its_national_body_keeps_its_parent() -> None:
    # 国家金融监管总局崇左监管分局 is the national body's branch, no 崇左市监管分局 of the city
    names = _names(extract("设立中国人民银行崇左市分行、国家金融监管总局崇左监管分局。崇左市财政局负责。", "t.txt"),
                   "Agency")
    assert {"国家金融监督管理总局崇左监管分局", "崇左市财政局"} <= names and "崇左市监管分局" not in names


def test_a_place_keeps_the_level_the_text_gives_it() -> None:
    # 莱芜市 became 济南's 莱芜区, 宜州市 河池's 宜州区: the text's own level character wins, in every mention of
    # the file; a level character that opens a word (新兴|市场) renames nothing
    jinan = extract("莱芜区跻身首批全国县域商业领跑县。支持莱芜创建省级革命文物保护利用示范区。", "t.txt")
    assert "莱芜区" in _names(jinan, "Region") and "莱芜市" not in _names(jinan, "Region")
    assert {m.text for e in jinan.entities if e.name == "莱芜区" for m in e.mentions} == {"莱芜区", "莱芜"}
    hechi = _names(_extract("reports/city/河池.txt"), "Region")
    assert "宜州区" in hechi and "宜州市" not in hechi
    assert "清远县" in _names(extract("广东省清远县试行由县经委统一领导。", "t.txt"), "Region")
    assert "新兴市" not in _names(extract("南宁市开拓新兴市场。", "t.txt"), "Region")


def test_a_unit_named_without_its_level_takes_its_current_name() -> None:
    # 济阳县 has been 济阳区 since 2018: a text that says 济阳 means the district; one that writes 济阳县 keeps it
    names = _names(_extract("reports/city/济南.txt"), "Region")
    assert "济阳区" in names and "济阳县" not in names
    assert "兴仁市" in _names(_extract("reports/city/黔西南.txt"), "Region")
    old = _names(extract("支持即墨市加快发展。即墨获评全国示范县。", "t.txt"), "Region")
    assert "即墨市" in old and "即墨区" not in old
    from nlp.regions import part_of_pairs
    assert ("兴仁市", "黔西南布依族苗族自治州") in part_of_pairs({"兴仁市", "黔西南布依族苗族自治州"})


def test_a_place_before_a_known_zone_is_two_regions() -> None:
    # 山东省|黄河流域生态保护…: the province and the basin, no zone 山东省黄河流域; 武汉都市圈 stays one zone
    names = _names(extract("获批建设山东省黄河流域生态保护和高质量发展先行区。推动武汉都市圈建设。", "t.txt"), "Region")
    assert {"山东省", "黄河流域", "武汉都市圈"} <= names and "山东省黄河流域" not in names


@pytest.mark.parametrize("text, junk, kept", [
    # 打造 and 培育 take titles, brands, layouts and classes of firms as objects, not schemes
    ("力争打造“中国电竞之都”，深入推进“数商兴农”。", "中国电竞之都", "数商兴农"),
    ("培育“四川老字号”3家以上，深入推进“湘商回归”。", "四川老字号", "湘商回归"),
    ("打造“一带一廊四中心”，实施上市资源培育“十百千”计划。", "一带一廊四中心", "十百千"),
    # a head the quote only modifies: a mechanism, a model, a shop, a use case, a system
    ("推进“政银担”联动支持，深化“一网通办”。", "政银担", "一网通办"),
    ("深化永州“快反135”全国基层治理创新模式，推广“上云用数赋智”新模式。", "快反135", "上云用数赋智"),
    ("推动一批“北海有礼”旅游商店建设，推广“碳普惠”应用场景，推进“一网通办”。", "北海有礼", "一网通办"),
    ("推动一批“北海有礼”旅游商店建设，推广“碳普惠”应用场景，推进“一网通办”。", "碳普惠", "一网通办"),
    ("开发推广“企安安”信息系统，持续推进“一网通办”。", "企安安", "一网通办"),
    # a service system or network, a station, a capability, a standard, a destination the quote names
    ("持续完善“三专班一平台”服务体系，推进“一网通办”。", "三专班一平台", "一网通办"),
    ("新建“交邮供”服务站100家，推进“一网通办”。", "交邮供", "一网通办"),
    ("提升“一网慧治”能力，深化“一网统管”建设。", "一网慧治", "一网统管"),
    ("践行“深实严细久”工作标准，推进“一网通办”。", "深实严细久", "一网通办"),
    ("一体推进“大黄山”目的地建设，推进“一网通办”。", "大黄山", "一网通办"),
    ("综保区引进“保税+”项目50个以上，推进“一网通办”。", "保税+项目", "一网通办"),
    ("总结推广好“三新农”经验，学习运用“千万工程”经验。", "三新农", "千万工程"),
    # a verb inside a modifier (政策落实的“堵点”), a chain of fields, a quoted slogan with commas
    ("企业经营的“难点”、政策落实的“堵点”，推进“一网通办”。", "堵点", "一网通办"),
    ("推动“科技—产业—人才—金融”良性互动，推进“一网通办”。", "科技—产业—人才—金融", "一网通办"),
    ("我们坚持“总书记有号令、党中央有部署，重庆见行动”，实施城市更新行动。", "重庆见行动", "城市更新行动"),
])
def test_a_quote_that_names_no_scheme_gives_no_programme(text: str, junk: str, kept: str) -> None:
    names = _names(extract("关于测试的通知\n" + text, "t.txt"), "Program")
    assert junk not in names and kept in names


@pytest.mark.parametrize("text, junk, kept", [
    # a clause's verb before the name is dropped (program_lead_verbs.txt)
    ("积极对接国家新一轮重点产业链高质量发展行动。", "对接国家新一轮重点产业链高质量发展行动",
     "国家新一轮重点产业链高质量发展行动"),
    ("积极争取国家要素市场化配置综合改革试点。", "争取国家要素市场化配置综合改革试点",
     "国家要素市场化配置综合改革试点"),
    ("探索耕地轮作休耕制度试点。", "探索耕地轮作休耕制度试点", "耕地轮作休耕制度试点"),
    ("争取开工建设广西黑水河现代化灌区工程。", "开工建设广西黑水河现代化灌区工程", "广西黑水河现代化灌区工程"),
    # a verb with its complement (实施好), a designation verb (作为), a quote after 全面实施
    ("实施好关键核心技术攻关工程。", "好关键核心技术攻关工程", "关键核心技术攻关工程"),
    ("是我市全面实施“六一战略”的重要一年。", "我市全面实施六一战略", "六一战略"),
    # after an implementing verb a verb that opens the name belongs to it
    ("健全就业公共服务体系，实施提升就业服务质量工程。", "就业服务质量工程", "提升就业服务质量工程"),
    # verbs jieba tags as nouns, whose object is the programme (涉及, 投运, 普及)
    ("确保投运城东污水处理厂二期工程。", "投运城东污水处理厂二期工程", "城东污水处理厂二期工程"),
    ("深入推进和努力普及健康中国行动，实施乡村振兴战略。", "普及健康中国行动", "乡村振兴战略"),
])
def test_a_clause_verb_before_a_programme_is_no_part_of_its_name(text: str, junk: str, kept: str) -> None:
    names = _names(extract("关于测试的通知\n" + text, "t.txt"), "Program")
    assert junk not in names and kept in names


def test_vague_quantities_and_issued_plans_are_no_programmes() -> None:
    names = _names(extract("关于测试的通知\n我们积极采取各种行动。出台培育未来产业行动计划，新增集群2个。", "t.txt"),
                   "Program")
    assert not [n for n in names if "各种" in n or n.startswith("出台") or n == "未来产业行动计划"]


# (text, junk that must not come out, names of the same shape that must) for the shapes of Program junk
PROGRAM_SHAPES = [
    # a count with a level ranks sites of a kind (济南, 重庆); a national name counted after stays one name
    pytest.param("打造6个国家级生态小流域治理示范区。建成25个国家级慢性病综合防控示范区。"
                 "新增国家生态文明建设示范区23个。",
                 {"生态小流域治理示范区", "慢性病综合防控示范区"}, {"国家生态文明建设示范区"}, id="counted-with-level"),
    # a quoted five-year period is a period of time, its plan a Document (浙江: 确保实现“十五五”良好开局)
    pytest.param("确保实现“十五五”良好开局，全面完成“十四五”目标任务，实施“千万工程”。",
                 {"十五五", "十四五"}, {"千万工程"}, id="five-year-period"),
    # a requirement laid down is no scheme (咸宁, 呼和浩特): 落实“一湖一策”要求, 落实“过紧日子”要求
    pytest.param("落实“一湖一策”要求，推进斧头湖清淤。落实“过紧日子”要求，严格规范政府投资。",
                 {"一湖一策", "过紧日子"}, set(), id="quote-before-requirement"),
    # 等战略性新兴产业: 战略 begins another word, its items are industries; 2024年: the year is no part of a name
    pytest.param("培育集成电路、新材料等战略性新兴产业。实施产业立市、制造强市等战略。"
                 "实施2024年历史遗留废弃矿山生态修复示范工程。",
                 {"集成电路战略", "新材料战略", "年历史遗留废弃矿山生态修复示范工程"},
                 {"产业立市战略", "制造强市战略", "历史遗留废弃矿山生态修复示范工程"},
                 id="enumeration-longer-word-cut-year"),
    # the count closes a collective name; after a name with its own kind word the item is a name in a list
    pytest.param("实施清洁降碳、安全可靠、高效调节、智能运行四大专项行动。统筹推进扩消费六大工程、城建六大攻坚行动。",
                 {"智能运行四大专项行动"}, {"城建六大攻坚行动"}, id="last-item-with-count"),
    # 标志性工程, 控制性工程: the role a works plays, not its name
    pytest.param("加快温福高铁控制性工程建设，推进海丝核心区标志性工程，实施天然林保护工程。",
                 {"温福高铁控制性工程", "海丝核心区标志性工程", "标志性工程"}, {"天然林保护工程"}, id="xing-attribute"),
    pytest.param("持续开展扫黑恶、治电诈、打盗窃、净网络等专项行动。",
                 {"净网络专项", "扫黑恶专项"}, {"净网络专项行动", "扫黑恶专项行动"}, id="zhuanxiang-xingdong-shared"),
    # a kind of works or pilots: counted after, a plural determiner before; a national marker, a number scheme
    # or a determiner counting the projects (一批…工程项目) keeps the name
    pytest.param("实施清洁能源供暖工程22个、供氧工程13个。创建一批餐饮油烟治理示范区、绿色智慧示范工地。"
                 "国家生态文明建设示范区23个。启动一批产业基础再造工程项目。开展10个两业融合省级试点。",
                 {"清洁能源供暖工程", "供氧工程", "餐饮油烟治理示范区"},
                 {"国家生态文明建设示范区", "产业基础再造工程", "两业融合省级试点"}, id="counted-kind-of-works"),
    # the category closing an enumeration (等应急调水工程); a collective name after 等 is one
    pytest.param("实施“引黄济津”等应急调水工程，基本保证了城市供水。实施“一老一小”惠民、城市更新惠民、"
                 "便民服务等为民办实事十大工程。",
                 {"应急调水工程"}, {"引黄济津", "为民办实事十大工程"}, id="category-after-deng"),
    # a class or ancillary head (重大, 配套) with common field words only; field words only that nothing carries
    # out (加强…和海堤建设), or after 及 (a fragment); carried out, a field-word name stays (城市更新行动)
    pytest.param("继续实施重大生态修复工程。推动洪大高速、骨干水网及县域配套工程等项目建设。"
                 "成功争取一批国家重大政策改革试点。加强城市防洪工程和海堤建设。"
                 "白洋河城区段防洪治理及环境整治工程全面完成。深入实施城市更新行动。稳慎推进农村宅基地制度改革试点。",
                 {"重大生态修复工程", "县域配套工程", "国家重大政策改革试点", "城市防洪工程", "环境整治工程"},
                 {"城市更新行动", "农村宅基地制度改革试点"}, id="field-words-only"),
    # quoted: the class of projects listed (等“硬联通”项目), of a numbered slogan (“四化”项目), a span only
    pytest.param("加快推进武黄高速改扩建、新港高速、黄鄂黄快速通道等“硬联通”项目。召开“四新”“四化”项目观摩暨"
                 "开发区建设推进会。推进城市品质提升“三年行动”。深入实施“东数西算”工程。",
                 {"硬联通项目", "四化项目", "三年行动"}, {"东数西算工程"}, id="quoted-class-of-projects"),
    # 增强/恢复/严防/主动策应 open the clause; 部分 counts some works; 开工建设 opens an enumeration's clause
    pytest.param("增强国家自主创新示范区等带动作用。争取恢复中越跨境劳务合作试点。"
                 "主动策应长三角一体化发展战略。类文化单位中的杂务劳动和部分建筑工程。"
                 "开工建设德胜河航道整治、苏南运河等工程。实施天然林保护工程。",
                 {"增强国家自主创新示范区", "恢复中越跨境劳务合作试点", "主动策应长三角一体化发展战略",
                  "部分建筑工程", "开工建设德胜河航道整治工程"},
                 {"长三角一体化发展战略", "德胜河航道整治工程", "天然林保护工程"}, id="clause-verb-or-quantifier"),
    # 进行试点: the kind word is the verb's object; 办 学达标工程: a line break inside the sentence cut the name
    pytest.param("选择一些有条件的地区进行试点，把部分住房推向市场。加快高职中职学校办\n学达标工程，"
                 "开工建设枣庄职业学院。开展农业水权改革试点。",
                 {"地区进行试点", "学达标工程"}, {"农业水权改革试点"}, id="light-verb-or-line-break"),
    pytest.param("稳步推进国省级完整社区建设试点。创建国省生态文明建设示范区。",
                 {"国省级完整社区建设试点", "国省生态文明建设示范区"}, {"完整社区建设试点"}, id="joined-level-prefix"),
    # “书香盐城”建设, “生态合肥”: the image a place is to become; 数字中国 is a national strategy and stays
    pytest.param("加强“书香盐城”建设，深化“法治贵港”建设，推进“生态合肥”建设。加快“数字中国”建设。",
                 {"书香盐城", "法治贵港", "生态合肥"}, {"数字中国"}, id="vision-of-a-place"),
    # 水平, 提质, 扩面 are said of a model or an indicator; a quote carried out stays (“一网通办”广泛实践)
    pytest.param("力争全市“智造”水平达到75%。推动“共同成长计划”和“贷投批量联动”提质扩面。“一网通办”广泛实践。",
                 {"智造", "贷投批量联动"}, {"一网通办"}, id="level-or-extension"),
    pytest.param("粮食生产实现“二十一连丰”，获联合国“地球卫士奖”，加快建设“齐鲁粮仓”。深入实施“千万工程”。",
                 {"二十一连丰", "地球卫士奖", "齐鲁粮仓"}, {"千万工程"}, id="titles-award-granary"),
    # “合肥造”, “湖北精品”: a regional brand; a provincial project of that shape stays (“广东技工”)
    pytest.param("推动更多“合肥造”走向世界，打造“湖北精品”。高质量实施“粤菜师傅”“广东技工”“南粤家政”三项工程。",
                 {"合肥造", "湖北精品"}, {"广东技工"}, id="regional-brand"),
    # the scheme is the one that carries it (“一号开放工程”)
    pytest.param("深入实施“地瓜经济”提能升级“一号开放工程”，发展壮大“飞地经济”。深入实施“千万工程”。",
                 {"地瓜经济", "飞地经济"}, {"千万工程"}, id="kind-of-economy"),
    # a service or a facility the quote names; a scheme of handling affairs is carried out as a service
    pytest.param("七是实施“公交便民”行动，推行“定制公交”“预约响应”服务；推动“定时定点”设施全域覆盖、高效运行。"
                 "拓展“全市通办”“跨域通办”“一件事一次办”服务范围。",
                 {"定制公交", "预约响应", "定时定点"}, {"公交便民行动", "全市通办", "一件事一次办"},
                 id="service-or-facility"),
    # a layout named by counts; a campaign of that shape with verbs stays (“一拆二改三清”)
    pytest.param("推进“一城三区”建设，构建产业协同、功能互补的文旅发展格局。提升“两基地一班列”运营质效。"
                 "城乡全域推进“一拆二改三清”和“六化”提质。",
                 {"一城三区", "两基地一班列"}, {"一拆二改三清"}, id="layout-by-counts"),
    # things run or joined as one, a rectification's target, a metric; a 互联网+ scheme stays before 服务
    pytest.param("系统推进“厂网河湖库海”一体化综合治理。深化“黄龙屯格”一体化发展。深化“危污乱散低”综合治理。"
                 "深入推进“亩产效益”评价。创新“互联网+医疗健康”服务。",
                 {"厂网河湖库海", "黄龙屯格", "危污乱散低", "亩产效益"}, {"互联网+医疗健康"},
                 id="joined-list-or-metric"),
    # titles earned (a kind of place or unit before 创建); 吨半粮 names no unit and stays
    pytest.param("扎实开展“平安单位”“平安医院”“平安学校”创建活动。推进大汶河、海子河等重点河流“美丽河湖”创建。"
                 "“吨半粮”创建扩面提质。",
                 {"平安单位", "平安医院", "平安学校", "美丽河湖"}, {"吨半粮"}, id="title-to-earn"),
    # a workshop, a code app, an end state
    pytest.param("全面推广“杜站长工作室”，探索“乡村振兴合伙人”制度。全面推广应用“企业码”。"
                 "扎实做好“碳达峰”“碳中和”工作，“无废城市”建设持续推进。",
                 {"杜站长工作室", "企业码", "碳达峰", "碳中和"}, {"无废城市"}, id="facility-product-end-state"),
    # evaluative words of public criticism (program_pejorative_words.txt), quoted or not, with the clause's verbs;
    # 刮胡子工程 (the campaign that finishes drawn-out works) is one word and stays
    pytest.param("坚决不搞新形象工程。不搞“形象工程”、“政绩工程”，滴水穿石。严防“ 钓鱼”项目和“胡子”工程。"
                 "严禁违规举债搞政绩工程、形象工程。开展“半拉子”工程大起底。实施刮胡子工程。",
                 {"坚决不搞新形象工程", "不搞形象工程", "形象工程", "政绩工程", "钓鱼项目", "胡子工程",
                  "严禁违规举债搞政绩工程", "半拉子", "半拉子工程"}, {"刮胡子工程"}, id="pejorative-works"),
    # a verb of attainment after its subject: the name is the title attained (program_attainment_verbs.txt);
    # after a quote a verb with no object after it is the name's own (“双中心”创建行动)
    pytest.param("太平湖获首批国家水上国民休闲运动中心试点，悠悠湖文旅街区入选全国汽车自驾运动营地。"
                 "98%的县市区建成全国民族团结进步示范区。住房公积金“亮码可办”工作入选全国试点。"
                 "开展国家医学医疗“双中心”创建行动。",
                 {"太平湖获首批国家水上国民休闲运动中心试点", "县市区建成全国民族团结进步示范区",
                  "亮码可办工作入选全国试点"}, {"国家水上国民休闲运动中心试点", "双中心创建行动"},
                 id="subject-attainment-verb"),
    # a verb upgrading works that exist opens the clause, also where jieba splits it (提|标|升级, 迭代|升级);
    # a modal or a copula opens a clause, never a name (program_clause_heads.txt)
    pytest.param("提标升级城市防洪工程、海塘安澜工程。升级改造铁山供水工程。迭代升级甬江人才工程。"
                 "特别重要的是要保证工程的质量。能源问题，是资源战略的一个重要问题。",
                 {"提标升级城市防洪工程", "升级改造铁山供水工程", "迭代升级甬江人才工程", "要保证工程", "是资源战略"},
                 {"铁山供水工程", "甬江人才工程", "海塘安澜工程"}, id="upgrade-verb-or-modal-head"),
    # after an implementing verb a verbal noun opens the name (培育, 优化: jieba tags them vn), a verb of building
    # does not (program_build_verbs.txt)
    pytest.param("实施培育发展未来产业行动，推动深地深海。实施优化营商环境三年行动。"
                 "启动建设首批25个城中村现代化治理试点。实施建设城市智脑二期工程。",
                 {"发展未来产业行动", "营商环境三年行动", "建设城市智脑二期工程"},
                 {"培育发展未来产业行动", "优化营商环境三年行动", "城中村现代化治理试点", "城市智脑二期工程"},
                 id="verbal-noun-after-implementing-verb"),
    # a verb of program_lead_verbs.txt that jieba tags as a noun (锚定, 运用) before a quote is the clause's
    pytest.param("锚定“三区”战略，深化运用“千万工程”经验。",
                 {"锚定三区战略", "运用千万工程"}, {"三区战略", "千万工程"}, id="lead-verb-before-quote"),
    # the states of a change (丽水, 岳阳, 临沂, 遵义): quotes before or after 向/变/到, a shift quoted whole
    pytest.param("推动“平安”向“长安”迈进。推动“企业找政策”向“政策找企业”转变。推动“城投”变“产投”。"
                 "落实“卖酒向卖生活方式转变”具体措施。深入推进“一网通办”。",
                 {"平安", "长安", "企业找政策", "政策找企业", "城投", "产投", "卖酒向卖生活方式转变"}, {"一网通办"},
                 id="quoted-states-of-a-change"),
    # a class of enterprises before 企业, counted, beside an unquoted class or relied on (丽水, 临沂, 无锡, 德阳);
    # a quote with a verb names what the firms take part in (扬州), a quote alone is judged as before (济南)
    pytest.param("新增省级“领跑者”企业2家。筛选100家“种子”企业入库培育。更大力度对接头部企业、“链主”企业。"
                 "依托“链主”企业推动重点产业链锻长补短。新增“上云用数”企业300家。打造一批“小灯塔”企业。",
                 {"领跑者", "种子", "链主"}, {"上云用数", "小灯塔"}, id="quoted-class-of-enterprises"),
    # facilities and platforms (金华, 巴中, 重庆, 上海), mechanisms of joint working by their parties (宜宾, 潍坊),
    # unless of one party or carried out (实施) as a campaign (乌鲁木齐, 黔南); a brand's renown (锡林郭勒); a
    # footnote before a mechanism (恩施)
    pytest.param("加快推进市域结对“产业飞地”建设。加快“城市大脑”建设。推进软件人才“超级工厂”建设。深化“模速空间”建设。"
                 "深化“五社联动”治理实践。持续深化“行刑衔接”。全面推进“一网通办”“一网协同”“一网统管”。"
                 "深入实施“万企融合”大赋能。不断提升“辽阔草原·锡林郭勒”知名度和影响力。全面落实“四同步”（24）机制。",
                 {"产业飞地", "城市大脑", "超级工厂", "模速空间", "五社联动", "行刑衔接", "辽阔草原·锡林郭勒",
                  "四同步"},
                 {"一网协同", "一网通办", "万企融合"}, id="quoted-facility-mechanism-brand"),
    # a pattern, practice, experience or method the quote names (岳阳, 永州, 荆门, 淮北, 赣州)
    pytest.param("推动形成“一县一业”发展格局。推广“房票”安置做法。推广“红管家”等基层治理经验。"
                 "推广“一杯茶”调解法。深化推广“寻乌工作法”。深入推进“数商兴农”。",
                 {"一县一业", "房票", "红管家", "一杯茶", "寻乌工作法"}, {"数商兴农"}, id="quoted-model-or-method"),
    # a responsibility system and a title awarded by a selection (中山, 承德, 宿州, 南通); a class of enterprises
    # after a relative clause (宜宾)
    pytest.param("落实“菜篮子”市长负责制。严格落实“米袋子”责任。开展“星级文明户”评选。广泛开展“最美家庭”推选。"
                 "大力引育具有行业影响力的“链主”企业。深入实施“数商兴农”。",
                 {"菜篮子", "米袋子", "星级文明户", "最美家庭", "链主"}, {"数商兴农"},
                 id="quoted-responsibility-title-class"),
    # a preposition between the verb and the quote (攀枝花, 2007 report); an alliance formed (重庆); a shift 在…基础上
    # (乌鲁木齐)
    pytest.param("深化与“中圈”“外圈”城市合作。开展对“零就业家庭”和就业困难人员的帮扶。推动“教共体”“教联体”扩面提质。"
                 "实现了在“管住”基础上向“管好”转变。深化“一带一路”务实合作。",
                 {"中圈", "外圈", "零就业家庭", "教共体", "教联体", "管住"}, {"一带一路"},
                 id="quoted-after-preposition-alliance"),
    # a class of enterprises closing a list of firms, as a title attained, counted 各N家 (郴州, 中山, 马鞍山, 衢州);
    # the plan a firm enters keeps the quote to the judgement as before (阜阳)
    pytest.param("推动郴州粮机、农夫机电等“链主”企业发挥引领作用。3家企业入选省重点产业链“链主”企业。"
                 "马钢获评国家“数字领航”企业。新增国家单项冠军企业、省“雄鹰”企业各1家。",
                 {"链主", "数字领航", "雄鹰"}, set(), id="quoted-class-in-list-or-title"),
    # words that say only how (program_aim_words.txt) after a level: a kind of pilot or strategy; a level before a
    # class head; a named object keeps the name (质量提升行动, 零基预算改革试点, 安全发展战略)
    pytest.param("新增国家重要改革试点37项。聚焦省重大发展战略，搭建平台。紧扣国家发展战略，加快实施一批重点项目。"
                 "国家专项政策、区域协同战略、改革创新试点等接续带动。加快实施省市重点民生工程。"
                 "推进园区环评提速审批及“绿色发展”试点。开展质量提升行动。实施零基预算改革试点。实施安全发展战略。",
                 {"国家重要改革试点", "省重大发展战略", "国家发展战略", "改革创新试点", "省市重点民生工程",
                  "绿色发展试点", "绿色发展"},
                 {"质量提升行动", "零基预算改革试点", "安全发展战略"}, id="aim-words-only"),
    # the field-word items of a list closed by 等 are sectors of works; items of a counted collective name stay
    pytest.param("抓好农田水利、饮水安全、公路、文化、卫生建设等重点工程。推进城市绿化、美化、亮化等工程提档升级。"
                 "实施龙头企业培育、产业生态完善“五大工程”。加强重点节能环保工程建设。",
                 {"农田水利工程", "公路工程", "文化工程", "美化工程", "亮化工程", "重点节能环保工程"},
                 {"龙头企业培育工程", "产业生态完善工程"}, id="field-word-items-after-deng"),
    # two items may be two programmes (知识、技术创新等工程); the fields of special plans are none (等专项规划);
    # 区域发展总体战略 is a national strategy (总体 is no aim word)
    pytest.param("实施知识、技术创新等工程。加快编制历史文化名城保护、综合交通、城市更新等专项规划。"
                 "以区域发展总体战略为基础，以“三大战略”为引领。",
                 {"历史文化名城保护专项", "综合交通专项", "城市更新专项"}, {"技术创新工程", "区域发展总体战略"},
                 id="two-items-or-special-plans"),
    # a plan period, a place and a plan's year, a quote naming an institution: no schemes
    pytest.param("提前完成国家“十四五”建设目标。加快实施“十四五”重大工程。对标“上海2035”，推进“科创甬江2035”。"
                 "推动“大分子药物与规模化制备”全国重点实验室成果在聊转化。深入实施“东数西算”工程。",
                 {"十四五", "十四五重大工程", "上海2035", "大分子药物与规模化制备"},
                 {"科创甬江2035", "东数西算工程"}, id="period-plan-nickname-institution"),
    # documents joined or counted: a plan and its action plan, a set of documents; a scheme's action plan stays
    pytest.param("深入实施水环境综合治理规划和三年行动计划。编制实施生态文明典范城市建设纲要和三年行动计划。"
                 "全面落实“一规划两纲要”，研究出台“两措施一方案”。实施城市更新三年行动计划。",
                 {"水环境综合治理规划和三年行动计划", "生态文明典范城市建设纲要和三年行动计划", "一规划两纲要",
                  "两措施一方案"}, {"城市更新三年行动计划"}, id="documents-joined-or-counted"),
    # 国家战略 after field words only, a place alone before 试点: none named; a place before 国家战略 names one
    pytest.param("我们始终把服务保障国家战略作为重大政治任务。为我们服务国家战略标定了历史方位。"
                 "重点推进百东新区、右江区、乐业县试点项目建设。深入实施黄河国家战略。",
                 {"服务保障国家战略", "服务国家战略", "乐业县试点"}, {"黄河国家战略"},
                 id="national-strategy-place-pilot"),
    # a kind word before 中心 goes on into an institution's name; 在…工程中 closes a name
    pytest.param("推进宽禁带半导体国家工程中心常州分中心建设。在实施天然林保护工程中加强管护。",
                 {"宽禁带半导体国家工程"}, {"天然林保护工程"}, id="kind-word-before-zhongxin"),
    # a kind word that qualifies the noun after it closes no name: 专项 before a noun (救助, 规划, 监督), 战略 in
    # 战略定位/战略部署/战略合作; 专项 at the end of its phrase, before 行动 or a verb of progress stays a kind word
    pytest.param("深化“急难”专项救助。加快编制历史文化名城保护、城市更新等专项规划。完善审计、监察等专项监督。"
                 "把握“省域副中心”战略定位。深化与中国科学院、国家自然科学基金委员会等战略合作。"
                 "实施京津冀协同创新专项，打造创新高地。深化“解纷促和”专项行动。开展扫黑恶、净网络等专项行动。",
                 {"急难专项", "急难", "历史文化名城保护专项", "城市更新专项", "审计专项", "监察专项",
                  "省域副中心战略", "国家自然科学基金委员会战略"},
                 {"京津冀协同创新专项", "解纷促和专项行动", "净网络专项行动"}, id="kind-word-as-attribute"),
    # the words before a quote are no part of the name when they are a clause's state word or set phrase, the
    # complement of the verb before, a count of items, or a body; a level word or a field word stays
    pytest.param("紧盯“头号工程”，高效服务。特别是在“八八战略”实施20周年之际。实施好“温暖工程”。"
                 "10项“暖民心”行动全面完成。淮剧入选文旅部“历史题材创作工程”。坚持省委、省政府三个“一号工程”。"
                 "完成省“千项万亿”工程。实施新时代“千万工程”。",
                 {"紧盯头号工程", "特别是在八八战略", "好温暖工程", "10项暖民心行动", "文旅部历史题材创作工程",
                  "省政府三个一号工程"},
                 {"头号工程", "八八战略", "温暖工程", "暖民心行动", "历史题材创作工程", "省千项万亿工程",
                  "新时代千万工程"}, id="quote-head-outside-name"),
    # an unquoted name starts after a manner adverb and its verb, a verb and its complement 好, an adverb-verb
    # set phrase, a count's classifier or an ordinal; a vague quantity makes it a kind of works
    pytest.param("服务好姚家平水利枢纽工程，推动页岩气勘探开发。认真落实数化湖北行动计划，建成城市数据中心。"
                 "帮助农民新修了许多小型水利工程。西部地区首条标准动货线工程建成。国家已经组织了５７户企业集团试点。",
                 {"服务好姚家平水利枢纽工程", "认真落实数化湖北行动计划", "许多小型水利工程", "小型水利工程",
                  "首条标准动货线工程", "户企业集团试点", "企业集团试点"},
                 {"姚家平水利枢纽工程", "数化湖北行动计划", "标准动货线工程"}, id="unquoted-leading-words"),
    # the kind word as the common noun object of 有/见/在/到/为, or a copula in the words: a clause
    pytest.param("做到上级有部署、政府有行动。推进共同富裕在行动、在身边。推进以房县为试点的产业集中。"
                 "管冰雪不仅是民生工程、生态工程。实施“有淄有爱”文明品牌建设工程。",
                 {"政府有行动", "共同富裕在行动", "房县为试点", "管冰雪不仅是民生工程"},
                 {"有淄有爱文明品牌建设工程"}, id="kind-word-in-a-clause"),
    # the left edge at a one-character function word before another single character cut an unknown word
    # (对|标, 经|开区): the name runs on past it or there is none
    pytest.param("开展浙中科创走廊对标提能行动。完成永州经开区改革试点。深入开展营商环境对标提升行动。",
                 {"标提能行动", "开区改革试点", "标提升行动"}, {"永州经开区改革试点"}, id="edge-inside-unknown-word"),
    # a name that runs on from a quote keeps the words before the quote, as a quote and its kind word does
    # (dev gold: 县域商业双百助企便民精品提升行动, 能源源网荷储一体工程); not an institution's name, nor list
    # items before it that have no quote of a count
    pytest.param("实施县域商业“双百”助企便民精品提升行动、青企网销行动。推进能源“源网荷储”一体工程。"
                 "实施柳钢集团“四个百万吨”产品升级工程。推进数智社区建设、通信信号“升格清盲”行动。",
                 {"双百助企便民精品提升行动", "源网荷储一体工程", "柳钢集团四个百万吨产品升级工程", "数智社区建设行动"},
                 {"县域商业双百助企便民精品提升行动", "能源源网荷储一体工程", "通信信号升格清盲行动"},
                 id="head-before-quote-that-runs-on"),
    # list items share the last item's kind word only for strategies named by slogans, not for a one-character
    # verb and its object, nor before works or a campaign (its objects or parts)
    pytest.param("深入实施产业立市、制造强市战略。实施增品种、提品质、创品牌战略。实施良种赋能、良技示范工程。"
                 "开展旅游设施、服务管理水平提升行动。实施强龙头、补链条、兴业态行动。",
                 {"增品种战略", "提品质战略", "良种赋能工程", "旅游设施行动", "强龙头行动", "补链条行动"},
                 {"产业立市战略", "制造强市战略", "良技示范工程"}, id="list-items-sharing-a-kind-word"),
    # a quote that opens a designation's longer name (…示范区, …试验区) is no scheme of its own there
    pytest.param("巩固拓展“三山五园”国家文物保护利用示范区创建成果。深入推进“一网通办”。",
                 {"三山五园"}, {"一网通办"}, id="quote-opens-a-designation"),
]


@pytest.mark.parametrize(("text", "junk", "kept"), PROGRAM_SHAPES)
def test_shapes_of_programme_junk_give_no_programme(text: str, junk: set[str], kept: set[str]) -> None:
    names = _names(extract("关于测试的通知\n" + text, "t.txt"), "Program")
    assert not junk & names
    assert kept <= names


def test_a_sports_centre_or_a_backup_site_a_place_builds_is_no_agency() -> None:
    agencies = _names(_extract("reports/city/宿州.txt"), "Agency")
    assert "宿州市奥体中心" not in agencies
    assert "宿州市人民政府" in agencies


@pytest.mark.parametrize(("rel", "name", "parent"), [
    ("reports/city/合肥.txt", "合肥国家实验室上海基地", "合肥国家实验室"),
    ("reports/provincial/2026-重庆市.txt", "新加坡设计业总商会重庆代表处", "新加坡设计业总商会"),
    ("reports/city/南通.txt", "长三角国家技术创新中心南通分中心", None),
])
def test_a_branch_in_a_place_is_named_with_its_parent(rel: str, name: str, parent: str | None) -> None:
    names = _names(_extract(rel), "Organization")
    assert name in names and (parent is None or parent not in names)


def test_a_brand_jieba_cuts_into_a_verb_and_one_character_keeps_its_head() -> None:
    # 得利|斯|集团: the verb-like 得利 is the brand's head, not a clause's verb
    assert "得利斯集团" in _names(_extract("reports/city/潍坊.txt"), "Organization")


def test_a_code_of_letters_and_digits_is_part_of_a_name_and_a_journal_is_an_organization() -> None:
    names = _names(_extract("reports/city/合肥.txt"), "Organization")
    assert {"G60科创走廊成果转化促进中心", "自然杂志"} <= names
    assert "自然" not in _names(extract("《自然》杂志发布的全球“科研城市”。", "x.txt"), "Document")
    # a rating is no code: 3A级平台公司 is a kind of company
    assert not any("3A级" in n for n in _names(_extract("reports/city/银川.txt"), "Organization"))


def test_a_district_report_filed_under_its_citys_name_speaks_for_the_district() -> None:
    # 黄山.txt opens 我代表区人民政府: the report of 黄山区, not of 黄山市
    ex = _extract("reports/city/黄山.txt")
    assert "黄山区人民政府" in _names(ex, "Agency")
    docs = _names(ex, "Document")
    assert "2024年黄山区政府工作报告" in docs and "2024年黄山市政府工作报告" not in docs


@pytest.mark.parametrize(("rel", "name"), [
    ("reports/city/合肥.txt", "合肥市泊车集团"),  # 组建市物流集团、泊车集团
    ("reports/provincial/2026-辽宁省.txt", "辽宁省交易集团"),  # the item repeats the level word: 、省交易集团
])
def test_the_items_after_a_places_company_share_its_place(rel: str, name: str) -> None:
    assert name in _names(_extract(rel), "Organization")


def test_the_un_system_and_other_intergovernmental_bodies_are_organizations() -> None:
    names = _names(_extract("reports/national/2015-政府工作报告.txt"), "Organization")
    assert {"博鳌亚洲论坛", "亚洲相互协作与信任措施会议"} <= names


@pytest.mark.parametrize(("rel", "former", "successor"), [
    ("laws/DLC/上海地方法规/地方性法规/上海/上海市保护和发展邮电通信规定.md", "邮电部", "信息产业部"),
    ("laws/行政法规/海洋倾废管理条例(2017-03-01).md", "国家海洋局", "自然资源部"),
])
def test_the_ministries_of_earlier_reforms_are_former_bodies(rel: str, former: str, successor: str) -> None:
    ex = _extract(rel)
    assert former in _names(ex, "Agency")
    assert ("SUCCEEDED_BY", former, successor) in {(r.type, r.head.name, r.tail.name) for r in ex.links}


def test_a_unit_of_a_former_body_is_an_agency() -> None:
    ex = _extract("reports/city/青岛.txt")
    assert "国家气象局青岛海洋研究院" in _names(ex, "Agency")
    assert "国家气象局青岛海洋研究院" not in _names(ex, "Organization")


def test_a_layout_space_inside_a_lead_verb_leaves_no_piece_of_it_on_the_name() -> None:
    names = _names(_extract("reports/city/枣庄.txt"), "Organization")  # 推 动欣旺达、…等
    assert "欣旺达" in names and "动欣旺达" not in names


@pytest.mark.parametrize(("rel", "name", "junk"), [
    ("reports/city/河池.txt", "誉升锗业公司", "升锗业公司"),  # 、誉|升|锗业公司: a list item opens no clause
    ("reports/city/黔西南.txt", "黔西南布依族苗族自治州文旅集团", "州文旅集团"),  # 州 for the 自治州
    ("reports/city/泰安.txt", None, "文旅企业集团"),  # 支持文旅企业集团化发展: an -ization, no institution
    ("reports/city/金华.txt", None, "共富联盟"),  # 共富市集、共富工坊、共富联盟等载体: kinds of carrier
])
def test_list_items_relative_prefectures_and_izations(rel: str, name: str | None, junk: str) -> None:
    names = _names(_extract(rel), "Organization")
    assert junk not in names and (name is None or name in names)


@pytest.mark.parametrize(("rel", "name"), [
    ("reports/city/连云港.txt", "连云港市能源集团"),  # 市能源集团挂牌成立: the span opens with the level word
    ("reports/provincial/2026-河南省.txt", "河南省文物考古研究院"),  # 、省文物考古研究院新院建设
])
def test_a_name_that_opens_with_the_documents_level_word_is_the_places_body(rel: str, name: str) -> None:
    assert name in _names(_extract(rel), "Organization")


@pytest.mark.parametrize(("rel", "junk"), [
    ("reports/provincial/2026-山西省.txt", "山西省技术创新中心"),  # 新建省重点实验室、省技术创新中心…各20家
    ("reports/city/黄石.txt", "黄石市疾控中心P2+实验室"),  # a rating of a body's facility
    ("reports/city/永州.txt", "永州市食检中心获国家CNAS实验室"),  # a body, then a clause
])
def test_a_level_word_before_a_class_or_a_clause_names_no_body(rel: str, junk: str) -> None:
    assert junk not in _names(_extract(rel), "Organization")


@pytest.mark.parametrize(("rel", "name"), [
    ("reports/city/宿州.txt", "宿州市新能源材料研究院"),  # 与厦门大学合作组建宿州市新能源材料研究院
    ("reports/city/南通.txt", "上港集团"),  # 深化与上港集团合作
])
def test_a_lead_preposition_is_no_head_of_the_name(rel: str, name: str) -> None:
    assert name in _names(_extract(rel), "Organization")


@pytest.mark.parametrize(("rel", "name"), [
    ("reports/city/菏泽.txt", "天厚新材料"),  # 天厚新材料、德通新材料等重点企业: a brand and its trade
    ("reports/city/贺州.txt", "正润新材料"),  # 正润新材料等3家企业
])
def test_a_brand_before_a_trade_word_is_an_exemplar_company(rel: str, name: str) -> None:
    assert name in _names(_extract(rel), "Organization")


@pytest.mark.parametrize(("rel", "name", "junk"), [
    # 淮河能源集团与安徽理工大学共建深部煤炭安全开采与环境保护全国重点实验室: a field names the conferred lab
    ("reports/city/淮南.txt", "深部煤炭安全开采与环境保护全国重点实验室", None),
    ("reports/city/赣州.txt", "新药创制全国重点实验室", None),
    ("reports/national/2019-政府工作报告.txt", None, "重组国家重点实验室"),  # 重组国家重点实验室体系: a verb
    ("reports/city/六安.txt", None, "新认定省重点实验室"),  # 新认定省重点实验室3个: the class conferred
    ("reports/provincial/2026-福建省.txt", None, "重组入列全国重点实验室"),
])
def test_a_field_before_a_conferred_lab_names_it(rel: str, name: str | None, junk: str | None) -> None:
    names = _names(_extract(rel), "Organization")
    assert name is None or name in names
    assert junk is None or junk not in names
