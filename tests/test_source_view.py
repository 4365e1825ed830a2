"""The source text view, `GET /documents/{id}/text`, over the real app, on texts stored by the real ingest.

The stored text is the one the evidence offsets refer to (every link's sentence is `text[start:end]`), every
sentence is an anchor `o<start>`, `hl` marks a span, HTML in a text stays text, a document without a stored
text is a 404 that says why, and ingesting the same files again stores nothing twice.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.sourceview import SourcePage, render_source
from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.loader import text_id
from graph.settings import Settings
from graph.sources import read_source
from nlp.models import entity_id
from tests.api_graph import DATA_SECURITY_LAW, api_store  # noqa: F401 - the module-scoped graph fixture
from tests.conftest import BRIEFING, corpus_file
from tests.shapes import PLAN_145, doc_id

LAW_ID = entity_id("Law", "中华人民共和国数据安全法")
KEY = "source-view-key"


@pytest.fixture(scope="module")
def client(api_store: FalkorStore) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(store=api_store)) as c:
        yield c


def _law_id(store: FalkorStore) -> str:
    rows = store.read_adhoc("MATCH (d:Law) WHERE d.source ENDS WITH $f RETURN d.id",
                            {"f": DATA_SECURITY_LAW.rsplit("/", 1)[-1]}).rows
    assert rows, "the data security law was not ingested"
    return rows[0][0]


def _evidence(store: FalkorStore, doc: str) -> list[dict]:
    return store.read_adhoc("MATCH ()-[r]->() WHERE r.doc = $d RETURN r.start AS start, r.end AS end, "
                            "r.sentence AS sentence, r.text_id AS text_id", {"d": doc}).records()


def test_the_stored_text_is_the_one_the_evidence_offsets_refer_to(api_store: FalkorStore) -> None:  # noqa: F811
    law = _law_id(api_store)
    text = read_source(corpus_file(DATA_SECURITY_LAW)).text
    stored = api_store.read("file_text", {"id": text_id(text)}).records()
    assert stored and stored[0]["text"] == text and stored[0]["chars"] == len(text)
    assert {ev["text_id"] for ev in _evidence(api_store, law)} == {text_id(text)}
    # every link read from an ingested file: its sentence is that file's stored text at its offsets
    links = api_store.read_adhoc("MATCH ()-[r]->() WHERE r.text_id IS NOT NULL RETURN r.text_id AS text_id, "
                                 "r.start AS start, r.end AS end, r.sentence AS sentence").records()
    texts = {t: api_store.read("file_text", {"id": t}).records()[0]["text"] for t in {x["text_id"] for x in links}}
    assert len(texts) == 2 and len(links) > 100
    for ev in links:
        assert texts[ev["text_id"]][ev["start"]:ev["end"]] == ev["sentence"], ev


def test_every_evidence_sentence_is_an_anchor_on_the_text_page(client: TestClient,
                                                               api_store: FalkorStore) -> None:  # noqa: F811
    law = _law_id(api_store)
    resp = client.get(f"/documents/{law}/text")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    page = resp.text
    anchors = dict(re.findall(r'<span class="s" id="o(\d+)">(.*?)</span>', page))
    for ev in _evidence(api_store, law):
        if str(ev["start"]) in anchors:  # a whole sentence: its own anchor, and the sentence is its text
            assert html.unescape(anchors[str(ev["start"])]).startswith(ev["sentence"])
    assert sum(str(ev["start"]) in anchors for ev in _evidence(api_store, law)) >= 5
    assert "中华人民共和国数据安全法" in page and "mark" not in page.split('<div id="text">')[1].split("</div>")[0]


def test_hl_marks_the_span_and_anchors_its_start(client: TestClient, api_store: FalkorStore) -> None:  # noqa: F811
    law = _law_id(api_store)
    ev = _evidence(api_store, law)[0]
    start, end = ev["start"] + 2, ev["end"]  # inside a sentence: not a sentence start
    page = client.get(f"/documents/{law}/text", params={"hl": f"{start}-{end}"}).text
    assert f'id="o{start}"' in page
    marked = "".join(re.findall(r'<mark class="hl">(.*?)</mark>', page, flags=re.S))
    assert html.unescape(marked) == ev["sentence"][2:]


def test_the_views_link_every_evidence_row_to_its_place_in_the_text(client: TestClient,
                                                                   api_store: FalkorStore) -> None:  # noqa: F811
    law = _law_id(api_store)
    page = client.get(f"/views/documents/{law}").text
    table = page.split('<table id="links"')[1]
    rows = re.findall(r"<tr><td>.*?</tr>", table, flags=re.S)
    assert rows
    for row in rows:
        link = re.search(r'<a class="source" href="([^"]+)"', row)
        assert link, row
        href = html.unescape(link.group(1))
        m = re.fullmatch(r"/documents/([^/]+)/text\?text=([0-9a-f]{32})&hl=(\d+)-(\d+)#o(\d+)", href)
        assert m and m.group(3) == m.group(5), href
        target = client.get(href.split("#")[0])
        assert target.status_code == 200 and f'id="o{m.group(3)}"' in target.text


def test_a_document_without_a_stored_text_is_a_404_that_says_why(client: TestClient) -> None:
    resp = client.get(f"/documents/{doc_id(PLAN_145)}/text")  # loaded by the loader alone (tests/shapes.py)
    assert resp.status_code == 404
    body = resp.json()
    assert body["error"] == "not_found" and "no stored text" in body["detail"] and "ingest" in body["detail"]
    missing = client.get("/documents/no-such-doc/text")
    assert missing.status_code == 404 and "no document" in missing.json()["detail"]


@pytest.mark.parametrize("hl", ["5", "a-b", "9-3", "-1-4"])
def test_a_bad_span_is_a_422(client: TestClient, api_store: FalkorStore, hl: str) -> None:  # noqa: F811
    resp = client.get(f"/documents/{_law_id(api_store)}/text", params={"hl": hl})
    assert resp.status_code == 422 and set(resp.json()) == {"error", "detail"}


def test_markup_in_a_text_stays_text(store: FalkorStore, settings: Settings) -> None:
    hostile = "国务院关于<script>alert(1)</script>数据安全的通知\n\n第一条 为了保障数据安全，制定本办法。&amp; <b>x</b>"
    app = create_app(store=store, settings=settings.model_copy(update={"api_key": SecretStr(KEY)}))
    with TestClient(app) as c:
        posted = c.post("/documents", json={"text": hostile, "source": "api:hostile"}, headers={"X-API-Key": KEY})
        assert posted.status_code == 201, posted.text
        doc = posted.json()["extraction"]["documents"][0]["id"]
        page = c.get(f"/documents/{doc}/text").text
    body = page.split('<div id="text">')[1]
    assert "<script>" not in page and "<b>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&amp;amp;" in body  # an entity in the text is shown as written, not decoded


def test_ingesting_again_stores_each_text_once(store: FalkorStore) -> None:
    files = [BRIEFING, corpus_file(DATA_SECURITY_LAW)]
    ingest_paths(store, files, workers=1)
    texts = store.read_adhoc("MATCH (t:FileText) RETURN count(t)").scalar()
    counts = store.counts()
    ingest_paths(store, files, workers=1)
    assert store.read_adhoc("MATCH (t:FileText) RETURN count(t)").scalar() == texts == len(files)
    assert store.counts() == counts


def test_rendering_escapes_and_cuts_at_every_anchor() -> None:
    text = "第一条 甲<乙>。\n\n第二条 丙&丁；末尾"
    page = render_source(SourcePage("d", "T", text, None, (0, len(text)), highlight=(4, 18)))
    body = page.split('<div id="text">')[1].split("</div>")[0]
    assert re.findall(r'id="o(\d+)"', body) == ["0", "4", "11", "19"]  # sentences, and the highlight's start
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == text  # nothing lost, nothing added
    assert html.unescape("".join(re.findall(r'<mark class="hl">(.*?)</mark>', body, flags=re.S))) == text[4:18]


def test_the_longest_law_is_rendered_whole(store: FalkorStore) -> None:
    path = corpus_file("laws/刑法/刑法.md")  # the corpus' largest file: 75k characters
    text = read_source(path).text
    report = ingest_paths(store, [path], workers=1)
    assert report.files == 1, report.skipped
    (doc,) = store.read_adhoc("MATCH (d:Entity) WHERE d.source = $s RETURN d.id", {"s": str(path.resolve())}).rows
    with TestClient(create_app(store=store)) as c:
        page = c.get(f"/documents/{doc[0]}/text").text
    body = page.split('<div id="text">')[1].rsplit("</div>", 1)[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == text  # every character, once, in order
    assert body.count('<span class="s" id="o') > 1000
