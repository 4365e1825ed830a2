"""The citations view ranks and pages its documents as the other views do, and its evidence links open the text
each citation was read in: real State Council regulations that cite 道路交通安全法 (道路运输条例 in three versions,
each citing it once) through the real ingest into the embedded FalkorDB, asked over a real FastAPI app."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.views import SHOW_ALL
from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.loader import text_id
from graph.settings import Settings
from graph.sources import read_source
from nlp.models import entity_id
from tests.conftest import corpus_file

LAWS = "laws/行政法规/"
ROAD = [f"{LAWS}道路运输条例({d}).md" for d in ("2019-03-02", "2022-03-29", "2023-07-20")]
# each cites 《中华人民共和国道路交通安全法》
CITERS = [f"{LAWS}{n}.md" for n in ("报废机动车回收管理办法(2019-04-22)", "机动车交通事故责任强制保险条例(2019-03-02)",
                                    "烟花爆竹安全管理条例(2016-02-06)", "公路安全保护条例(2011-03-07)",
                                    "道路交通安全法实施条例(2017-10-07)")]
RADIOACTIVE = f"{LAWS}放射性物品运输安全管理条例(2009-09-14).md"  # cites 道路运输条例: two hops from the root
ROOT = entity_id("Law", "道路交通安全法")
ROAD_ID = entity_id("Law", "道路运输条例")
VIEW = f"/views/citations?root={ROOT}"


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    graph = FalkorStore(settings.model_copy(update={"graph_name": "policykg_citations_view_test"}))
    graph.clear()
    graph.setup_schema()
    files = [corpus_file(p) for p in [*ROAD, *CITERS, RADIOACTIVE]]
    report = ingest_paths(graph, files)
    assert report.files == len(files), report.skipped
    with TestClient(create_app(store=graph)) as c:
        yield c
    graph.clear()
    graph.close()


def _view(**params: int) -> str:
    """The view's URL with `params` after its root (as the page's own links write it)."""
    return VIEW + "".join(f"&{k}={v}" for k, v in params.items())


def _window(page: str) -> str:
    found = re.search(r'<p id="window".*?</p>', page, flags=re.S)
    assert found, "the page does not say which documents it shows"
    return html.unescape(found.group(0))


def _nodes(page: str) -> dict[str, str]:
    """The drawn nodes, name → tooltip (which says a ranked document's weight), from the page's vis data."""
    found = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, flags=re.S)
    assert found, "no node data in the page"
    return {n["name"]: n["title"] for n in json.loads(found.group(1))}


def _weight(title: str) -> int | None:
    found = re.search(r"· (\d+) link\(s\) with the root", title)
    return int(found.group(1)) if found else None


def _expected_order(client: TestClient) -> list[tuple[str, int]]:
    """The direct citers of the root from the JSON tree: (title, CITES links with the root), heaviest first, then
    by name, as the view must rank them at depth 1."""
    tree = client.get(f"/documents/{ROOT}/citations", params={"direction": "in", "depth": 1}).json()["tree"]
    titles = {n["id"]: n["title"] for n in tree["nodes"]}
    weights = Counter(titles[e["source"]] for e in tree["edges"])
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))


def test_the_view_ranks_documents_by_weight_and_pages_them(client: TestClient) -> None:
    expected = _expected_order(client)
    assert expected[0] == ("道路运输条例", 3) and len(expected) == 6  # one link per version; the others once
    assert all(w == 1 for _, w in expected[1:])
    seen = []
    for offset in range(0, len(expected), 2):
        page = client.get(_view(depth=1, limit=2, offset=offset)).text
        note = _window(page)
        assert f"showing documents {offset + 1}–{offset + 2} of 6" in note and "ranked by weight" in note
        assert ("← previous" in note) == (offset > 0)
        if offset + 2 < 6:
            assert f"{VIEW}&depth=1&offset={offset + 2}&limit=2" in note and "next 2 →" in note
            assert f"{4 - offset} more — show all" in note and f"{VIEW}&depth=1&offset=0&limit={SHOW_ALL}" in note
        else:
            assert "next" not in note and "more —" not in note
        nodes = _nodes(page)
        ranked = {name: _weight(title) for name, title in nodes.items() if _weight(title) is not None}
        assert ranked == dict(expected[offset:offset + 2])
        assert set(nodes) == {"道路交通安全法", *ranked}  # the other pages' documents are not drawn
        seen += list(ranked)
    assert seen == [name for name, _ in expected]  # the pages together list every citer once, in ranked order


def test_show_all_draws_every_document_and_depth_two_comes_after_the_nearest(client: TestClient) -> None:
    page = client.get(_view(depth=2, limit=SHOW_ALL)).text
    assert 'id="window"' not in page  # all of them fit: nothing to page
    ranked = {name: _weight(title) for name, title in _nodes(page).items() if _weight(title) is not None}
    assert ranked == {**dict(_expected_order(client)), "放射性物品运输安全管理条例": 1}
    # alone on the last page of depth 2, the farthest document is drawn with the nearer one it cites
    last = client.get(_view(depth=2, limit=1, offset=6)).text
    assert "showing documents 7–7 of 7" in _window(last) and "← previous" in _window(last)
    assert set(_nodes(last)) == {"道路交通安全法", "放射性物品运输安全管理条例", "道路运输条例"}
    assert _weight(_nodes(last)["放射性物品运输安全管理条例"]) == 1 and _weight(_nodes(last)["道路运输条例"]) is None


def test_the_ranking_is_named_cypher_paged_in_the_query(client: TestClient) -> None:
    store = client.app.state.store
    params = {"id": ROOT, "depth": 2, "per_document": 10}
    whole = store.read("citation_ranked_documents", {**params, "offset": 0, "limit": 100}).records()
    page = store.read("citation_ranked_documents", {**params, "offset": 1, "limit": 2}).records()
    assert [r["id"] for r in page] == [r["id"] for r in whole[1:3]]
    assert [(r["depth"], -r["weight"], r["name"]) for r in whole] == sorted((r["depth"], -r["weight"], r["name"])
                                                                           for r in whole)
    assert store.read("citation_document_count", {"id": ROOT, "depth": 2}).scalar() == len(whole) == 7
    assert {r["direction"] for r in whole} == {"in"}


def test_an_older_versions_citation_links_to_that_versions_text(client: TestClient) -> None:
    oldest = read_source(corpus_file(ROAD[0])).text
    tree = client.get(f"/documents/{ROAD_ID}/citations", params={"direction": "out"}).json()["tree"]
    to_root = [e for e in tree["edges"] if e["target"] == ROOT]
    versions = {text_id(read_source(corpus_file(p)).text) for p in ROAD}
    assert {e["text_id"] for e in to_root} == versions  # one citation per version, each naming its own text
    old = next(e for e in to_root if e["text_id"] == text_id(oldest))
    assert oldest[old["start"]:old["end"]] == old["sentence"] and "道路交通安全法" in old["sentence"]

    page = client.get(_view(depth=1)).text
    hrefs = [html.unescape(h) for h in re.findall(r'<a class="source" href="([^"]+)"', page)]
    link = f"/documents/{ROAD_ID}/text?text={old['text_id']}&hl={old['start']}-{old['end']}#o{old['start']}"
    assert link in hrefs
    assert all(re.fullmatch(r"/documents/[^/]+/text\?text=[0-9a-f]{32}&hl=(\d+)-\d+#o\1", h) for h in hrefs), hrefs

    def marked(url: str) -> str:
        resp = client.get(url)
        assert resp.status_code == 200
        return html.unescape("".join(re.findall(r'<mark class="hl">(.*?)</mark>', resp.text, flags=re.S)))

    in_version = marked(link.split("#")[0])
    assert in_version == old["sentence"] and "《中华人民共和国道路交通安全法》" in in_version
    # the document's current text is a newer version's (ingested after it), where the same offsets are another
    # sentence: the link without `text=` would mark the wrong span
    assert ROAD[0].rsplit("/", 1)[-1] not in client.get(f"/documents/{ROAD_ID}").json()["source"]
    assert marked(f"/documents/{ROAD_ID}/text?hl={old['start']}-{old['end']}") != old["sentence"]
