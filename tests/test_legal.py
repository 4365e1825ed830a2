"""Versions of a law as one work, status and dates, CITES kinds, as-of questions: real corpus laws through the
real ingest into the embedded FalkorDB, asked over a real FastAPI app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.settings import Settings
from nlp.extract import extract
from nlp.legal import cite_kind
from nlp.models import entity_id
from tests.conftest import corpus_file

ROAD = [f"laws/行政法规/道路运输条例({d}).md" for d in ("2019-03-02", "2022-03-29", "2023-07-20")]
SHANGHAI_DIR = "laws/DLC/上海地方法规/地方性法规/上海/"
SHANGHAI = [f"{SHANGHAI_DIR}上海市优化营商环境条例({d}).md" for d in ("2020-04-10", "2024-09-27")]
NATIONAL = "laws/行政法规/优化营商环境条例(2019-10-22).md"
CITING = "laws/行政法规/放射性物品运输安全管理条例(2009-09-14).md"  # cites 道路运输条例, amended since
ROAD_ID = entity_id("Law", "道路运输条例")
SHANGHAI_ID = entity_id("Law", "上海市优化营商环境条例")


@pytest.fixture(scope="module")
def store(settings: Settings) -> Iterator[FalkorStore]:
    graph = FalkorStore(settings.model_copy(update={"graph_name": "policykg_legal_test"}))
    graph.clear()
    graph.setup_schema()
    # newest first: the versions must not depend on the order the files arrive in
    files = [corpus_file(p) for p in [*reversed(ROAD), *reversed(SHANGHAI), NATIONAL, CITING]]
    report = ingest_paths(graph, files)
    assert report.files == len(files), report.skipped
    yield graph
    graph.clear()
    graph.close()


@pytest.fixture(scope="module")
def client(store: FalkorStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=store)) as c:
        yield c


def test_road_transport_regulation_is_one_work_with_every_version_dated(client: TestClient) -> None:
    body = client.get(f"/documents/{ROAD_ID}/versions").json()
    dates = [v["date"] for v in body["versions"]]
    assert dates == ["2004-04-30", "2012-11-09", "2016-02-06", "2019-03-02", "2022-03-29", "2023-07-20"]
    with_text = {v["date"]: v["source"] for v in body["versions"] if v["in_corpus"]}
    assert set(with_text) == {"2019-03-02", "2022-03-29", "2023-07-20"}
    assert all(d in with_text[d] for d in with_text)
    assert [v["status"] for v in body["versions"]] == ["已修改"] * 5 + ["现行"]
    assert body["versions"][3]["ordinal"] == 3 and "修改" in body["versions"][3]["decision"]


def test_shanghai_regulation_versions_and_amending_decisions(client: TestClient) -> None:
    body = client.get(f"/documents/{SHANGHAI_ID}/versions").json()
    assert [v["date"] for v in body["versions"]] == ["2020-04-10", "2021-10-28", "2023-11-22", "2024-09-27"]
    assert [v["action"] for v in body["versions"]] == ["通过", "修正", "修正", "修正"]
    assert body["versions"][1]["decision"] == "关于修改《上海市优化营商环境条例》的决定"
    assert {v["date"] for v in body["versions"] if v["in_corpus"]} == {"2020-04-10", "2024-09-27"}


@pytest.mark.parametrize(("day", "expected"), [
    ("2003-01-01", None), ("2004-04-30", "2004-04-30"), ("2015-06-01", "2012-11-09"),
    ("2019-03-01", "2016-02-06"), ("2019-03-02", "2019-03-02"), ("2022-12-31", "2022-03-29"),
    ("2025-01-01", "2023-07-20"),
])
def test_as_of_picks_the_road_transport_version_in_force(client: TestClient, day: str, expected: str | None) -> None:
    body = client.get(f"/documents/{ROAD_ID}", params={"as_of": day}).json()
    assert body["as_of"] == day
    if expected is None:
        assert body["in_force"] is None and "not yet in force" in body["as_of_note"]
    else:
        assert body["in_force"]["date"] == expected and body["as_of_note"] is None


@pytest.mark.parametrize(("day", "expected"), [
    ("2020-01-01", None), ("2020-04-10", "2020-04-10"), ("2022-01-01", "2021-10-28"),
    ("2024-01-01", "2023-11-22"), ("2026-01-01", "2024-09-27"),
])
def test_as_of_picks_the_shanghai_version_in_force(client: TestClient, day: str, expected: str | None) -> None:
    body = client.get(f"/documents/{SHANGHAI_ID}", params={"as_of": day}).json()
    assert (body["in_force"] or {}).get("date") == expected


def test_document_has_status_dates_level_and_issuer(client: TestClient) -> None:
    body = client.get(f"/documents/{entity_id('Law', '优化营商环境条例')}").json()
    assert body["level"] == "行政法规" and body["status"] == "有效"
    assert body["published"] == "2019-10-22" and body["effective"] == "2020-01-01"
    assert body["issuers"] == ["国务院"] and body["number"] == "国务院令第722号"


def test_documents_filter_by_level_issuer_and_validity(client: TestClient) -> None:
    local = client.get("/documents", params={"level": "地方性法规"}).json()
    assert [d["title"] for d in local["items"]] == ["上海市优化营商环境条例"] and local["total"] == 1
    by_state_council = client.get("/documents", params={"issuer": "国务院"}).json()
    assert {d["title"] for d in by_state_council["items"]} >= {"优化营商环境条例", "道路运输条例"}
    early = client.get("/documents", params={"valid_on": "2019-12-31", "level": "行政法规"}).json()
    assert "优化营商环境条例" not in {d["title"] for d in early["items"]}  # in effect from 2020-01-01
    later = client.get("/documents", params={"valid_on": "2020-01-01", "level": "行政法规"}).json()
    assert "优化营商环境条例" in {d["title"] for d in later["items"]}
    assert client.get("/documents", params={"valid_on": "2020-1-1"}).status_code == 422


def test_citations_carry_their_kind(client: TestClient) -> None:
    body = client.get(f"/documents/{ROAD_ID}/citations", params={"direction": "in"}).json()
    kinds = {c["title"]: c["kind"] for c in body["cited_by"]}
    assert kinds["放射性物品运输安全管理条例"] == "依据"  # 依照《中华人民共和国道路运输条例》的规定
    assert {e["kind"] for e in body["tree"]["edges"]} == {"依据"}


def test_citing_a_law_since_amended_is_a_named_query(store: FalkorStore) -> None:
    rows = store.read("citing_changed_laws", {"limit": 100}).records()
    road = [r for r in rows if r["law"] == "道路运输条例"]
    assert road, rows
    assert road[0]["title"] == "放射性物品运输安全管理条例" and road[0]["cited_on"] == "2009-09-14"
    assert road[0]["amended_on"] == "2012-11-09" and "道路运输条例" in road[0]["sentence"]
    assert not [r for r in rows if r["law"] == "优化营商环境条例"]  # one version, in force


@pytest.mark.parametrize(("text", "kind"), [
    ("根据《中华人民共和国数据安全法》，制定本办法。", "依据"),
    ("依照国务院《优化营商环境条例》的规定执行。", "依据"),
    ("深入贯彻落实《关于构建数据基础制度更好发挥数据要素作用的意见》。", "贯彻"),
    ("参照《政府信息公开条例》办理。", "参照"),
    ("本办法自公布之日起施行，《某某管理暂行办法》同时废止。", "废止"),
    ("会议通过了《关于修改〈某某条例〉的决定》。", "修改"),
    ("国务院印发了《十四五数字经济发展规划》。", "提及"),
])
def test_cite_kind_reads_the_words_around_a_title(text: str, kind: str) -> None:
    s = text.index("《")
    e = text.index("》", s) + 1 if kind != "修改" else text.rindex("》") + 1
    assert cite_kind(text, s, e, 0) == kind


@pytest.mark.parametrize(("text", "title", "kind"), [
    # the word nearest the title governs it
    ("按照部署认真贯彻落实《某某条例》。", "《某某条例》", "贯彻"),
    ("参照执行《某某办法》。", "《某某办法》", "参照"),
    # carrying out a plan is 贯彻; making it and carrying it out is the document's own work, 提及
    ("深入实施人才发展规划，统筹重大人才工程。", "人才发展规划", "贯彻"),
    ("编制实施美丽广安规划，推动生态文明示范县创建。", "美丽广安规划", "提及"),
    ("应当编制并组织实施养殖水域滩涂规划。", "养殖水域滩涂规划", "提及"),
    ("为了履行《濒危野生动植物种国际贸易公约》，制定本条例。", "《濒危野生动植物种国际贸易公约》", "贯彻"),
    ("对符合国家赔偿法的有关规定应当给予赔偿的，应当同时决定赔偿。", "国家赔偿法", "依据"),
    # the same title again in the sentence: its later, citing mention tells the kind
    ("护士有行政许可法规定的注销情形的，原注册部门应当依照行政许可法的规定注销其执业注册。", "行政许可法", "依据"),
    ("金融机构对违反票据法规定的票据，不得承兑。", "票据法", "提及"),
    # said after the title: carried out, or repealed in a list whose titles carry their issuer and date
    ("“一国两制”的方针和香港特别行政区基本法得到全面贯彻执行。", "香港特别行政区基本法", "贯彻"),
    ("依照《某某法》的实施细则办理。", "《某某法》", "依据"),
    ("财政部1986年发布的《全国发票管理暂行办法》和原国家税务局1991年发布的《关于发票管理的暂行规定》同时废止。",
     "《全国发票管理暂行办法》", "废止"),
])
def test_cite_kind_nearest_word_and_implementing_verbs(text: str, title: str, kind: str) -> None:
    s = text.index(title)
    assert cite_kind(text, s, s + len(title), 0) == kind


def test_extraction_keeps_the_work_named_by_its_short_title() -> None:
    path = corpus_file(ROAD[0])
    result = extract(path.read_text(encoding="utf-8"), str(path))
    (doc,) = result.documents
    assert doc.title == "道路运输条例" and doc.version == "2019-03-02"
    assert [v.date for v in doc.versions][-1] == "2019-03-02" and doc.versions[-1].in_file
    assert any(e.type == "Law" and e.name == "道路运输条例" for e in result.entities)


def test_the_document_view_shows_its_versions_and_status(client: TestClient) -> None:
    page = client.get(f"/views/documents/{ROAD_ID}").text
    assert "CITES·" in page  # an edge says how it cites
    versions = client.get(f"/documents/{ROAD_ID}/versions").json()["versions"]
    assert f"{len(versions)} version(s)" in page and 'class="policykg-versions"' in page
    for v in versions:
        assert v["date"] in page
    assert "现行" in page and "已修改" in page  # the latest in force, the earlier ones amended


def test_a_citation_of_a_law_names_the_version_in_force_on_the_citing_date(client: TestClient) -> None:
    body = client.get(f"/documents/{ROAD_ID}/citations", params={"direction": "in"}).json()
    versions = {v["date"] for v in client.get(f"/documents/{ROAD_ID}/versions").json()["versions"]}
    resolved = [e for e in body["cited_by"] if e["version_in_force"]]
    assert resolved and all(e["version_in_force"] in versions for e in resolved)


def test_the_cli_answers_as_of_questions(store: FalkorStore) -> None:
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "POLICYKG_DATA_DIR": str(store.settings.data_dir),
           "POLICYKG_GRAPH_NAME": store.settings.graph_name}
    env.pop("POLICYKG_GRAPH_URL", None)
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-m", "api.cli", "versions", ROAD_ID, "--as-of", "2021-01-01", "--json"],
                         env=env, capture_output=True, text=True, timeout=120, cwd=root)
    assert run.returncode == 0, run.stderr
    body = json.loads(run.stdout)
    assert body["in_force"] and body["in_force"]["date"] <= "2021-01-01" <= (body["in_force"]["in_force_until"] or "9")
    bad = subprocess.run([sys.executable, "-m", "api.cli", "versions", ROAD_ID, "--as-of", "2021-1-1"], env=env,
                         capture_output=True, text=True, timeout=120, cwd=root)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr
