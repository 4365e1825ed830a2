"""Every read route over HTTP against the embedded FalkorDB loaded with real corpus texts and `tests.shapes`."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.falkor_store import FalkorStore
from tests.api_graph import api_store  # noqa: F401 - the module-scoped graph fixture
from tests.shapes import (
    CAC,
    GUANGXI,
    GUIDE,
    KUNSHAN,
    MIIT,
    NANNING,
    NDRC,
    PLAN_145,
    PLAN_GX,
    PLAN_KS,
    PLAN_NN,
    PROGRAM,
    QINGXIU,
    SOURCE,
    TARGET_GX,
    TARGET_KS,
    TARGET_NN,
    TARGET_NN_2023,
    doc_id,
    eid,
    target_id,
)

NDRC_ID, MIIT_ID, CAC_ID = eid("Agency", NDRC), eid("Agency", MIIT), eid("Agency", CAC)
GX_ID, NN_ID = eid("Region", GUANGXI), eid("Region", NANNING)
# The real corpus is ingested with the evolving extractor, which may add more to the same nodes (the names in
# tests.shapes are real ones): assertions about the constructed shapes look only at rows from its documents.
SHAPES_DOCS = {doc_id(t) for t in (PLAN_145, PLAN_GX, PLAN_NN, PLAN_KS, GUIDE)}


@pytest.fixture(scope="module")
def client(api_store: FalkorStore) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(store=api_store)) as c:
        yield c


def _error(resp, status: int) -> dict:  # noqa: ANN001
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error", "detail"} and body["detail"]
    return body


# -- search -------------------------------------------------------------------


def test_search_finds_a_full_name_by_its_short_alias(client: TestClient) -> None:
    body = client.get("/search", params={"q": "发改委"}).json()
    ndrc = next(h for h in body["items"] if h["id"] == NDRC_ID)
    assert ndrc["name"] == NDRC and ndrc["match"] == "exact_alias"
    assert body["items"][0]["match"] in ("exact_name", "exact_alias")  # exact matches rank first
    assert client.get(ndrc["href"]).status_code == 200


def test_search_ranks_exact_names_first_and_filters_by_type(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "广西"}).json()["items"]
    assert hits[0]["id"] == GX_ID  # alias 广西 exactly, before titles that contain it
    assert PLAN_GX in {h["name"] for h in hits}
    regions = client.get("/search", params={"q": "广西", "type": "Region"}).json()["items"]
    assert regions and {h["type"] for h in regions} == {"Region"}


def test_search_finds_titles_by_words_through_the_fulltext_index(client: TestClient) -> None:
    # Not a substring of any title: only the Chinese full-text index can find it.
    hits = client.get("/search", params={"q": "数字经济 规划", "limit": 200}).json()["items"]
    by_name = {h["name"]: h for h in hits}
    assert PLAN_145 in by_name and by_name[PLAN_145]["match"] == "fulltext" and by_name[PLAN_145]["score"] > 0


def test_search_finds_real_corpus_titles(client: TestClient) -> None:
    docs = client.get("/documents", params={"in_corpus": True, "limit": 500}).json()["items"]
    real = [d for d in docs if d["source"] and not d["source"].endswith("shapes.py")]
    assert real, "the corpus texts were ingested"
    for doc in real[:5]:
        hits = client.get("/search", params={"q": doc["title"][:8], "limit": 200}).json()["items"]
        assert doc["id"] in {h["id"] for h in hits}, doc["title"]


def test_search_is_paginated(client: TestClient) -> None:
    first = client.get("/search", params={"q": "数字", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    second = client.get("/search", params={"q": "数字", "limit": 2, "offset": 2}).json()
    assert {h["id"] for h in first["items"]}.isdisjoint(h["id"] for h in second["items"])
    last = client.get("/search", params={"q": "发改委", "limit": 50}).json()
    assert last["next_offset"] is None


_LADDER = ["exact_name", "exact_alias", "name_prefix", "name", "alias", "fulltext"]


def test_search_orders_by_the_rank_ladder_then_score_documents_and_name(client: TestClient) -> None:
    for q in ("规划", "广西", "数字", "南宁", "发展"):
        hits = client.get("/search", params={"q": q, "limit": 200}).json()["items"]
        keys = [(_LADDER.index(h["match"]), -h["score"], -h["documents"], len(h["name"]), h["name"], h["id"])
                for h in hits]
        assert keys == sorted(keys), q
        # comparable scores: the order by score is the order of the ladder
        assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True), q
        for h in hits:
            assert len(_LADDER) - 1 - _LADDER.index(h["match"]) <= h["score"] < len(_LADDER) - _LADDER.index(h["match"])
    tiers = [h["match"] for h in client.get("/search", params={"q": "规划", "limit": 200}).json()["items"]]
    assert tiers.index("exact_alias") < tiers.index("name_prefix") < tiers.index("name")
    assert "fulltext" not in tiers  # the query is exactly an alias: hits that only share a word are left out
    first = client.get("/search", params={"q": "南宁", "limit": 2}).json()["items"]
    assert [(h["name"], h["match"]) for h in first][0] == (NANNING, "exact_alias")
    assert first[1]["match"] == "name_prefix" and first[1]["name"].startswith(NANNING)


def test_rank_ladder_for_name_rows_and_fulltext_rows() -> None:
    from api.search import _rank

    aliases = ["发改委", "国家发展改革委"]
    assert [_rank(NDRC, aliases, q) for q in (NDRC, "发改委", "国家", "改革", "发展改革", "数据")] == [0, 1, 2, 3, 4, 5]
    assert _rank("国家发展和改革委员会", ["Abc"], "ABC") == 1  # case-insensitive
    # A search_names row matched the space-joined name and aliases, e.g. across two aliases: an alias match.
    assert _rank(NDRC, aliases, "发改委 国家", text_matched=True) == 4


def test_fulltext_query_is_redisearch_syntax(api_store: FalkorStore) -> None:  # noqa: F811
    assert api_store.fulltext_query([["数字经济", "数字", "经济"], ["规划"]]) == "(数字经济|数字|经济) (规划)"
    assert api_store.fulltext_query([]) is None


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x", "type": "Person"}, {"q": "x", "limit": 0},
                                    {"q": "x", "offset": -1}])
def test_search_bad_parameters_are_422(client: TestClient, params: dict) -> None:
    assert _error(client.get("/search", params=params), 422)["error"] == "invalid_request"


# -- entities -------------------------------------------------------------------


def test_entity_has_aliases_counts_and_linked_neighbours(client: TestClient) -> None:
    body = client.get(f"/entities/Agency/{NDRC_ID}").json()
    assert body["name"] == NDRC and {"发改委", "国家发展改革委"} <= set(body["aliases"])
    issues = next(c for c in body["counts"] if (c["rel"], c["direction"]) == ("ISSUES", "out"))
    assert issues["count"] >= 2 and issues["neighbours"] >= 2
    assert {PLAN_145, GUIDE} <= {n["name"] for n in body["neighbours"]}
    assert all(n["sentence"] for n in body["neighbours"])
    assert client.get(body["neighbours"][0]["href"]).status_code == 200
    assert client.get(body["view"]).status_code == 200


@pytest.mark.parametrize(("etype", "name"), [
    ("Agency", MIIT), ("Region", NANNING), ("Program", PROGRAM), ("Document", PLAN_GX), ("Target", TARGET_GX),
])
def test_every_entity_type_is_served(client: TestClient, etype: str, name: str) -> None:
    ident = target_id(name) if etype == "Target" else eid(etype, name)
    body = client.get(f"/entities/{etype}/{ident}").json()
    assert body["type"] == etype and body["name"] == name and body["counts"] and body["neighbours"]


def test_target_entity_carries_its_facts(client: TestClient) -> None:
    props = client.get(f"/entities/Target/{target_id(TARGET_NN)}").json()["properties"]
    assert (props["year"], props["value"], props["unit"]) == (2025, 50000000000, "元")
    assert props["metric"] == "数字经济核心产业规模"


def test_real_law_is_an_entity(client: TestClient) -> None:
    laws = [d for d in client.get("/documents", params={"limit": 500}).json()["items"] if d["type"] == "Law"]
    assert laws
    body = client.get(f"/entities/Law/{laws[0]['id']}").json()
    assert body["name"] == laws[0]["title"]


def test_entity_neighbours_are_paginated(client: TestClient) -> None:
    first = client.get(f"/entities/Document/{doc_id(PLAN_145)}", params={"limit": 2}).json()
    assert len(first["neighbours"]) == 2 and first["next_offset"] == 2
    rest = client.get(f"/entities/Document/{doc_id(PLAN_145)}", params={"limit": 50, "offset": 2}).json()
    assert rest["next_offset"] is None
    assert len(first["neighbours"]) + len(rest["neighbours"]) == sum(c["count"] for c in first["counts"])


def test_entity_errors(client: TestClient) -> None:
    assert _error(client.get("/entities/Agency/nope"), 404)["error"] == "not_found"
    assert _error(client.get(f"/entities/Region/{NDRC_ID}"), 404)["error"] == "not_found"  # exists, other type
    assert _error(client.get(f"/entities/Person/{NDRC_ID}"), 422)["error"] == "invalid_request"
    _error(client.get(f"/entities/Agency/{NDRC_ID}", params={"limit": 0}), 422)


# -- citations -------------------------------------------------------------------


def test_citations_default_response_is_direct_both_ways(client: TestClient) -> None:
    body = client.get(f"/documents/{doc_id(PLAN_145)}/citations").json()
    assert GUIDE in {e["title"] for e in body["cites"]}
    assert {PLAN_GX, PLAN_KS} <= {e["title"] for e in body["cited_by"]}
    assert all(e["sentence"] for e in body["cites"] + body["cited_by"])
    assert body["tree"]["depth"] == 1 and {e["depth"] for e in body["tree"]["edges"]} == {1}


def test_who_cites_transitively_with_evidence(client: TestClient) -> None:
    body = client.get(f"/documents/{doc_id(GUIDE)}/citations", params={"direction": "in", "depth": 3}).json()
    tree = body["tree"]
    depth = {n["title"]: n["depth"] for n in tree["nodes"]}
    assert {t: depth.get(t) for t in (GUIDE, PLAN_145, PLAN_GX, PLAN_KS, PLAN_NN)} == {
        GUIDE: 0, PLAN_145: 1, PLAN_GX: 2, PLAN_KS: 2, PLAN_NN: 3}
    edge = next(e for e in tree["edges"] if e["source"] == doc_id(PLAN_NN))
    assert edge["target"] == doc_id(PLAN_GX) and edge["depth"] == 3 and "数字丝绸之路" in edge["sentence"]
    assert all(e["direction"] == "in" and e["sentence"] for e in tree["edges"])
    two = client.get(f"/documents/{doc_id(GUIDE)}/citations", params={"direction": "in", "depth": 2}).json()
    assert PLAN_NN not in {n["title"] for n in two["tree"]["nodes"]}


def test_what_a_document_cites_transitively(client: TestClient) -> None:
    tree = client.get(f"/documents/{doc_id(PLAN_NN)}/citations", params={"direction": "out", "depth": 3}).json()["tree"]
    depth = {n["title"]: n["depth"] for n in tree["nodes"]}
    assert {t: depth.get(t) for t in (PLAN_NN, PLAN_GX, PLAN_145, GUIDE)} == {PLAN_NN: 0, PLAN_GX: 1, PLAN_145: 2,
                                                                            GUIDE: 3}
    assert [n["depth"] for n in tree["nodes"]] == sorted(n["depth"] for n in tree["nodes"])
    assert all(e["direction"] == "out" for e in tree["edges"])


@pytest.mark.parametrize("params", [{"depth": 0}, {"depth": 4}, {"direction": "sideways"}])
def test_citation_bad_parameters_are_422(client: TestClient, params: dict) -> None:
    _error(client.get(f"/documents/{doc_id(PLAN_145)}/citations", params=params), 422)


# -- agencies --------------------------------------------------------------------


def test_agency_documents_with_co_issuers(client: TestClient) -> None:
    body = client.get(f"/agencies/{NDRC_ID}/documents").json()
    assert body["agency"]["name"] == NDRC
    mine = {d["title"]: d for d in body["items"] if d["id"] in SHAPES_DOCS}
    assert set(mine) == {PLAN_145, GUIDE}
    assert all(MIIT in [c["name"] for c in d["coissuers"]] and d["sentence"] for d in mine.values())
    assert next(c for c in body["coissuers"] if c["name"] == MIIT)["documents"] >= 2
    alone = client.get(f"/agencies/{CAC_ID}/documents").json()
    assert PLAN_KS in {d["title"] for d in alone["items"]}


def test_agency_documents_are_paginated_and_checked(client: TestClient) -> None:
    page = client.get(f"/agencies/{NDRC_ID}/documents", params={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_offset"] == 1
    assert _error(client.get(f"/agencies/{GX_ID}/documents"), 404)["error"] == "not_found"  # a region, not an issuer
    _error(client.get("/agencies/nope/documents"), 404)
    _error(client.get(f"/agencies/{NDRC_ID}/documents", params={"offset": "x"}), 422)


# -- regions and targets -----------------------------------------------------------


def test_region_documents_include_sub_regions(client: TestClient) -> None:
    body = client.get(f"/regions/{GX_ID}/documents").json()
    regions = {d["title"]: set(d["regions"]) for d in body["items"]}
    assert GUANGXI in regions[PLAN_GX] and regions[PLAN_NN] == {NANNING, QINGXIU}
    nanning = client.get(f"/regions/{NN_ID}/documents").json()
    titles = {d["title"] for d in nanning["items"]}
    assert PLAN_NN in titles and PLAN_GX not in titles  # sub-regions are followed downwards only


def test_region_targets_by_year(client: TestClient) -> None:
    body = client.get(f"/regions/{GX_ID}/targets", params={"year": 2025, "limit": 500}).json()
    assert all(t["year"] == 2025 and t["sentence"] and t["document_title"] for t in body["items"])
    assert {t["name"] for t in body["items"]} >= {TARGET_GX, TARGET_NN}
    assert TARGET_KS not in {t["name"] for t in body["items"] if t["document"] in SHAPES_DOCS}
    older = client.get(f"/regions/{GX_ID}/targets", params={"year": 2023, "limit": 500}).json()
    assert TARGET_NN_2023 in [t["name"] for t in older["items"]]
    assert all(t["year"] == 2023 for t in older["items"])
    every = client.get(f"/regions/{GX_ID}/targets", params={"limit": 500}).json()
    assert sorted(t["name"] for t in every["items"] if t["source"] == SOURCE) == sorted(
        [TARGET_NN_2023, TARGET_NN, TARGET_GX])


def test_region_errors(client: TestClient) -> None:
    _error(client.get("/regions/nope/documents"), 404)
    _error(client.get(f"/regions/{NDRC_ID}/targets"), 404)
    _error(client.get(f"/regions/{GX_ID}/targets", params={"year": "next"}), 422)
    _error(client.get(f"/regions/{GX_ID}/documents", params={"limit": 9999}), 422)


def test_targets_with_value_unit_metric_document_and_evidence(client: TestClient) -> None:
    body = client.get("/targets", params={"year": 2025, "unit": "元", "limit": 500}).json()
    assert all(t["year"] == 2025 and t["unit"] == "元" for t in body["items"])
    by_name = {t["name"]: t for t in body["items"] if t["source"] == SOURCE}
    assert set(by_name) == {TARGET_NN, TARGET_KS}
    ks = by_name[TARGET_KS]
    assert (ks["value"], ks["unit"], ks["year"], ks["metric"]) == (100000000000, "元", 2025, "元宇宙相关产业规模")
    assert ks["document"] == doc_id(PLAN_KS) and "1000亿元" in ks["sentence"]
    region = client.get("/targets", params={"region": eid("Region", KUNSHAN), "limit": 500}).json()
    assert region["region"]["name"] == KUNSHAN
    assert [t["name"] for t in region["items"] if t["source"] == SOURCE] == [TARGET_KS]
    page = client.get("/targets", params={"limit": 1}).json()
    assert page["next_offset"] == 1


def test_targets_errors(client: TestClient) -> None:
    _error(client.get("/targets", params={"region": "nope"}), 404)
    _error(client.get("/targets", params={"year": 20250}), 422)


# -- paths ------------------------------------------------------------------------


def test_shortest_path_links_two_entities_with_evidence(client: TestClient) -> None:
    body = client.get("/paths", params={"from": eid("Region", QINGXIU), "to": CAC_ID, "max": 6}).json()
    names = [n["name"] for n in body["nodes"]]
    assert names[0] == QINGXIU and names[-1] == CAC and 3 <= body["length"] == len(body["edges"]) <= 5
    assert all(e["sentence"] for e in body["edges"])
    short = client.get("/paths", params={"from": NDRC_ID, "to": MIIT_ID}).json()
    assert short["length"] == 2 and short["nodes"][1]["type"] == "Document"


def test_path_errors(client: TestClient) -> None:
    assert _error(client.get("/paths", params={"from": eid("Region", QINGXIU), "to": CAC_ID, "max": 2}),
                  404)["error"] == "not_found"
    _error(client.get("/paths", params={"from": "nope", "to": CAC_ID}), 404)
    _error(client.get("/paths", params={"from": CAC_ID, "to": CAC_ID}), 422)
    _error(client.get("/paths", params={"from": NDRC_ID, "to": CAC_ID, "max": 7}), 422)
    _error(client.get("/paths", params={"to": CAC_ID}), 422)


# -- views and the landing page ----------------------------------------------------------

_CDN = re.compile(r"<(script|link)[^>]+(src|href)=[\"']https?://")


@pytest.mark.parametrize("path", [
    f"/views/entities/Agency/{NDRC_ID}",
    f"/views/entities/Region/{GX_ID}",
    f"/views/citations?root={doc_id(PLAN_145)}&depth=3",
    f"/views/agencies/{NDRC_ID}",
    f"/views/documents/{doc_id(PLAN_145)}",
])
def test_views_are_offline_pages_with_a_legend(client: TestClient, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    page = resp.text
    assert "new vis.Network" in page and 'id="legend"' in page and not _CDN.search(page)
    assert "stabilizationIterationsDone" in page and "/views/" in page


def test_agency_view_draws_co_issuers(client: TestClient) -> None:
    page = client.get(f"/views/agencies/{NDRC_ID}").text
    assert json.dumps(MIIT) in page and json.dumps(GUIDE) in page  # in the node data, as JSON


def test_citation_view_draws_the_nearest_documents_up_to_the_limit(client: TestClient) -> None:
    page = client.get(f"/views/citations?root={doc_id(GUIDE)}&depth=3&limit=2").text
    found = re.search(r"showing documents 1–2 of (\d+), nearest first, then ranked by weight", page)
    assert found and int(found.group(1)) >= 4  # PLAN_145, PLAN_GX, PLAN_KS, PLAN_NN at least
    assert html.escape(f"/views/citations?root={doc_id(GUIDE)}&depth=3&offset=2&limit=2") in page
    assert json.dumps(GUIDE) in page and json.dumps(PLAN_145) in page and json.dumps(PLAN_NN) not in page
    # the last page: the farthest document, drawn with the nearer one it cites, and a way back
    last = client.get(f"/views/citations?root={doc_id(GUIDE)}&depth=3&limit=1&offset={int(found.group(1)) - 1}").text
    assert json.dumps(PLAN_NN) in last and json.dumps(PLAN_GX) in last and "← previous" in last


@pytest.mark.parametrize("path", ["/views/entities/Agency/nope", "/views/citations?root=nope",
                                  "/views/agencies/nope", f"/views/agencies/{GX_ID}"])
def test_views_404(client: TestClient, path: str) -> None:
    _error(client.get(path), 404)


def test_views_bad_parameters_are_422(client: TestClient) -> None:
    _error(client.get("/views/entities/Person/x"), 422)
    _error(client.get(f"/views/citations?root={doc_id(PLAN_145)}&depth=9"), 422)
    _error(client.get("/views/citations"), 422)


def test_landing_page(client: TestClient, api_store: FalkorStore) -> None:  # noqa: F811
    page = client.get("/").text
    assert '<form id="search"' in page and 'href="/docs"' in page
    top_cited = api_store.read("most_cited_documents", {"limit": 1}).records()[0]
    top_issuer = api_store.read("most_active_issuers", {"limit": 1}).records()[0]
    assert html.escape(top_cited["title"]) in page and f"/views/citations?root={top_cited['id']}" in page
    assert html.escape(top_issuer["name"]) in page and f"/views/agencies/{top_issuer['id']}" in page
    assert not _CDN.search(page)


def test_landing_page_renders_search_results_without_javascript(client: TestClient) -> None:
    page = client.get("/", params={"q": "发改委"}).text
    assert "<script" not in page and 'method="get"' in page and 'value="发改委"' in page
    assert f'href="/views/entities/Agency/{NDRC_ID}">{NDRC}</a>' in page and "exact_alias" in page
    # counts per type, each a filter link that keeps the query
    page = client.get("/", params={"q": "南宁"}).text
    counts = dict(re.findall(r'<a href="/\?q=%E5%8D%97%E5%AE%81&amp;type=(\w+)">\w+ (\d+)</a>', page))
    assert "Region" in counts, page
    filtered = client.get("/", params={"q": "南宁", "type": "Region"}).text
    assert f"<b>Region {counts['Region']}</b>" in filtered
    assert len(re.findall(r"<li><a href=\"/views/entities/Region/", filtered)) == int(counts["Region"])
    assert "No match for <b>没有这个名字</b>" in client.get("/", params={"q": "没有这个名字"}).text
    _error(client.get("/", params={"q": "x", "type": "Person"}), 422)


def test_openapi_describes_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    expected = {"/search", "/entities/{type}/{entity_id}", "/documents/{doc_id}/citations",
                "/agencies/{agency_id}/documents", "/regions/{region_id}/documents", "/regions/{region_id}/targets",
                "/targets", "/paths", "/cypher", "/documents", "/views/entities/{type}/{entity_id}",
                "/views/citations", "/views/agencies/{agency_id}"}
    assert expected <= set(spec["paths"])
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            ok = op["responses"].get("200") or op["responses"].get("201")
            assert ok and ok.get("content"), f"{method.upper()} {path} has no described response"
    assert "multipart/form-data" in spec["paths"]["/documents"]["post"]["requestBody"]["content"]


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_their_assets_from_this_server(client: TestClient, path: str) -> None:
    page = client.get(path).text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/static-docs/") for a in assets), assets
    assert not _CDN.search(page) and "fonts.googleapis" not in page
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_landing_page_of_an_empty_graph_says_how_to_fill_it(store: FalkorStore) -> None:
    with TestClient(create_app(store=store)) as c:
        page = c.get("/").text
    assert "The graph is empty" in page and "policykg ingest PATH" in page
