"""A small hand-built extraction with the shapes the API routes need, loaded through the real loader.

The extractor is still growing, so tests that need a specific shape (an agency
that issued two documents jointly with another, a region with sub-regions and
2025 targets, a program, a citation chain) load this alongside real corpus texts.
Names are real ones from the corpus' domain; ids come from `nlp.models.entity_id`.
"""

from __future__ import annotations

from nlp.models import DocumentInfo, Entity, EntityRef, Evidence, Extraction, Relation, entity_id

SOURCE = "tests/shapes.py"
NDRC = "国家发展和改革委员会"
MIIT = "工业和信息化部"
CAC = "国家互联网信息办公室"
GUANGXI = "广西壮族自治区"
NANNING = "南宁市"
QINGXIU = "青秀区"
KUNSHAN = "昆山市"
PLAN_145 = "“十四五”数字经济发展规划"
PLAN_GX = "广西面向东盟的“数字丝绸之路”发展规划（2021—2025年）"
PLAN_NN = "南宁市数字经济发展三年行动计划"
PLAN_KS = "昆山市元宇宙产业创新发展行动计划"
GUIDE = "关于加快数据要素市场化配置的指导意见"
PROGRAM = "东数西算"
TARGET_GX = "2025|1000|家"
TARGET_NN = "2025|50000000000|元"
TARGET_NN_2023 = "2023|30|个"
TARGET_KS = "2025|100000000000|元"


def doc_id(title: str) -> str:
    """Id of a Document node."""
    return entity_id("Document", title)


def eid(etype: str, name: str) -> str:
    """Id of any node."""
    return entity_id(etype, name)


def _rel(rtype: str, head: tuple[str, str], tail: tuple[str, str], doc: str, sentence: str, start: int,
         attrs: dict | None = None) -> Relation:
    return Relation(type=rtype, head=EntityRef(type=head[0], name=head[1]), tail=EntityRef(type=tail[0], name=tail[1]),
                    evidence=Evidence(document=doc_id(doc), sentence=sentence, start=start, end=start + len(sentence)),
                    attrs=attrs or {})


# The goals' own facts, as the extractor puts them on each TARGETS relation; the plan that sets each.
GOALS = {
    TARGET_GX: ({"year": 2025, "value": 1000, "unit": "家", "comparator": ">=",
                 "metric": "数字经济核心产业企业"}, PLAN_GX),
    TARGET_NN: ({"year": 2025, "value": 50000000000, "unit": "元", "comparator": ">=",
                 "metric": "数字经济核心产业规模"}, PLAN_NN),
    TARGET_NN_2023: ({"year": 2023, "value": 30, "unit": "个", "comparator": ">=", "metric": "数字化转型示范项目"},
                     PLAN_NN),
    TARGET_KS: ({"year": 2025, "value": 100000000000, "unit": "元", "comparator": ">=", "metric": "元宇宙相关产业规模"},
                PLAN_KS),
}


def target_id(key: str) -> str:
    """The graph id of the goal `key` of this fixture (one node per goal of one document)."""
    from graph.loader import goal_id

    attrs, plan = GOALS[key]
    return goal_id(doc_id(plan), key, attrs["metric"])


def shapes_extraction() -> Extraction:
    """Two joint NDRC+MIIT documents, Guangxi ⊃ Nanning ⊃ Qingxiu with targets, a program, a CITES chain."""
    docs = [PLAN_145, PLAN_GX, PLAN_NN, PLAN_KS, GUIDE]
    documents = [DocumentInfo(id=doc_id(t), title=t, start=i * 1000, end=i * 1000 + 900, kind="规划",
                              date=f"2022-0{i + 1}-01") for i, t in enumerate(docs)]
    entities = [
        Entity(type="Agency", name=NDRC, aliases=["发改委", "国家发展改革委"]),
        Entity(type="Agency", name=MIIT, aliases=["工信部"]),
        Entity(type="Agency", name=CAC, aliases=["网信办"]),
        Entity(type="Region", name=GUANGXI, aliases=["广西"]),
        Entity(type="Region", name=NANNING, aliases=["南宁"]),
        Entity(type="Region", name=QINGXIU),
        Entity(type="Region", name=KUNSHAN, aliases=["昆山"]),
        Entity(type="Program", name=PROGRAM, aliases=["东数西算工程"]),
        Entity(type="Target", name=TARGET_GX, attrs={"year": 2025, "value": 1000, "unit": "家", "comparator": ">=",
                                                     "metric": "数字经济核心产业企业"}),
        Entity(type="Target", name=TARGET_NN, attrs={"year": 2025, "value": 50000000000, "unit": "元",
                                                     "comparator": ">=", "metric": "数字经济核心产业规模"}),
        Entity(type="Target", name=TARGET_NN_2023, attrs={"year": 2023, "value": 30, "unit": "个", "comparator": ">=",
                                                          "metric": "数字化转型示范项目"}),
        Entity(type="Target", name=TARGET_KS, attrs={"year": 2025, "value": 100000000000, "unit": "元",
                                                     "comparator": ">=", "metric": "元宇宙相关产业规模"}),
    ]
    ag, doc, reg = "Agency", "Document", "Region"
    relations = [
        _rel("ISSUES", (ag, NDRC), (doc, PLAN_145), PLAN_145, "国家发展改革委、工业和信息化部联合印发本规划。", 10),
        _rel("ISSUES", (ag, MIIT), (doc, PLAN_145), PLAN_145, "国家发展改革委、工业和信息化部联合印发本规划。", 10),
        _rel("ISSUES", (ag, NDRC), (doc, GUIDE), GUIDE, "发改委会同工信部印发指导意见。", 4010),
        _rel("ISSUES", (ag, MIIT), (doc, GUIDE), GUIDE, "发改委会同工信部印发指导意见。", 4010),
        _rel("ISSUES", (ag, CAC), (doc, PLAN_KS), PLAN_KS, "网信办指导昆山市元宇宙产业发展。", 3010),
        _rel("CITES", (doc, PLAN_GX), (doc, PLAN_145), PLAN_GX, "根据《“十四五”数字经济发展规划》，制定本规划。", 1010),
        _rel("CITES", (doc, PLAN_NN), (doc, PLAN_GX), PLAN_NN, "落实《广西面向东盟的“数字丝绸之路”发展规划》。", 2010),
        _rel("CITES", (doc, PLAN_KS), (doc, PLAN_145), PLAN_KS, "贯彻《“十四五”数字经济发展规划》要求。", 3020),
        _rel("CITES", (doc, PLAN_145), (doc, GUIDE), PLAN_145, "依据《关于加快数据要素市场化配置的指导意见》。", 30),
        _rel("PART_OF", (reg, NANNING), (reg, GUANGXI), PLAN_NN, "南宁市是广西壮族自治区首府。", 2030),
        _rel("PART_OF", (reg, QINGXIU), (reg, NANNING), PLAN_NN, "青秀区位于南宁市。", 2050),
        _rel("MENTIONS", (doc, PLAN_GX), (reg, GUANGXI), PLAN_GX, "广西面向东盟打造数字丝绸之路。", 1030),
        _rel("MENTIONS", (doc, PLAN_NN), (reg, NANNING), PLAN_NN, "南宁市加快建设面向东盟的数字枢纽。", 2070),
        _rel("MENTIONS", (doc, PLAN_NN), (reg, QINGXIU), PLAN_NN, "青秀区建设数字经济产业园。", 2090),
        _rel("MENTIONS", (doc, PLAN_KS), (reg, KUNSHAN), PLAN_KS, "昆山市建设元宇宙产业高地。", 3040),
        _rel("MENTIONS", (doc, PLAN_145), ("Program", PROGRAM), PLAN_145, "实施“东数西算”工程。", 50),
        _rel("MENTIONS", (doc, PLAN_GX), ("Program", PROGRAM), PLAN_GX, "积极参与“东数西算”工程。", 1050),
        _rel("TARGETS", (doc, PLAN_GX), ("Target", TARGET_GX), PLAN_GX,
             "到2025年，数字经济核心产业企业达到1000家。", 1070,
             GOALS[TARGET_GX][0]),
        _rel("TARGETS", (doc, PLAN_NN), ("Target", TARGET_NN), PLAN_NN,
             "到2025年，数字经济核心产业规模达到500亿元。", 2110,
             GOALS[TARGET_NN][0]),
        _rel("TARGETS", (doc, PLAN_NN), ("Target", TARGET_NN_2023), PLAN_NN,
             "到2023年，建成30个数字化转型示范项目。", 2130,
             GOALS[TARGET_NN_2023][0]),
        _rel("TARGETS", (doc, PLAN_KS), ("Target", TARGET_KS), PLAN_KS,
             "到2025年，元宇宙相关产业规模达到1000亿元。", 3060,
             GOALS[TARGET_KS][0]),
    ]
    return Extraction(source=SOURCE, documents=documents, entities=entities, relations=relations)
