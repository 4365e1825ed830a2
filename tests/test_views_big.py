"""A big view on a graph built from real corpus files, in headless chromium: 国务院's agency view.

State Council regulations (`laws/行政法规`) go through the real ingest into their own graph; the views are
served by a live uvicorn. At the default size (chromium's default 800×600 window, the default `limit`) the
view ranks and pages its neighbours and says so, no two drawn node labels overlap, the root is whole, and
every evidence row links to the source text view, which scrolls to and marks the sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from api.graphviews import DEFAULT_LIMIT
from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.settings import Settings
from nlp.models import entity_id
from tests.cdp import Browser
from tests.conftest import CORPUS
from tests.test_views_browser import SETTLED, browser, live_server  # noqa: F401 - browser is a fixture

GRAPH_NAME = "policykg_views_big"
#: Enough State Council regulations that 国务院 issued several times DEFAULT_LIMIT documents.
FILES = 160
ROOT = "国务院"
LAID_OUT = f"(() => {{ const d = {SETTLED}; return d && window.policykgLaidOut ? d : null; }})()"

# Every node's drawn label as a DOM rectangle, whether vis-network draws it at this zoom, and the root's label.
LABELS = """(() => {
  const scale = network.getScale(), out = [];
  for (const id of network.body.nodeIndices) {
    const node = network.body.nodes[id], size = node.labelModule.size;
    if (!node.options.label) { continue; }
    const a = network.canvasToDOM({x: size.left, y: size.top});
    const b = network.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    out.push({id: id, label: node.options.label, x1: a.x, y1: a.y, x2: b.x, y2: b.y,
              px: node.options.font.size * scale, drawn: node.options.font.size * scale >=
                  node.options.scaling.label.drawThreshold});
  }
  return {labels: out, width: network.canvas.frame.canvas.clientWidth,
          height: network.canvas.frame.canvas.clientHeight};
})()"""


@pytest.fixture(scope="module")
def big_store(settings: Settings) -> Iterator[FalkorStore]:
    store = FalkorStore(settings.model_copy(update={"graph_name": GRAPH_NAME}))
    store.clear()
    store.setup_schema()
    files = sorted((CORPUS / "laws" / "行政法规").glob("*.md"))[:FILES]
    report = ingest_paths(store, files)
    assert report.files == len(files), report.skipped
    yield store
    store.clear()
    store.close()


@pytest.fixture(scope="module")
def big_url(big_store: FalkorStore) -> Iterator[str]:
    with live_server(big_store) as url:
        yield url


def _issued(store: FalkorStore) -> int:
    return int(store.read("agency_issued_count", {"id": entity_id("Agency", ROOT)}).scalar() or 0)


def _overlaps(labels: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if min(a["x2"], b["x2"]) > max(a["x1"], b["x1"]) and min(a["y2"], b["y2"]) > max(a["y1"], b["y1"]):
                out.append((a["label"], b["label"]))
    return out


@pytest.mark.parametrize("view", ["agency", "entity"])
def test_the_state_councils_big_view_draws_labels_that_do_not_overlap(browser: Browser, big_url: str,  # noqa: F811
                                                                     big_store: FalkorStore, view: str) -> None:
    issued = _issued(big_store)
    assert issued > 3 * DEFAULT_LIMIT  # a big neighbourhood: the view must summarise it
    root = entity_id("Agency", ROOT)
    path = f"/views/agencies/{root}" if view == "agency" else f"/views/entities/Agency/{root}"
    browser.navigate(big_url + path)
    drawn = browser.wait_for(LAID_OUT, timeout=180)
    assert drawn["nodes"] > DEFAULT_LIMIT  # the ranked neighbours (and, in the agency view, co-issuers)
    note = browser.evaluate("document.getElementById('window').textContent")
    assert f"1–{DEFAULT_LIMIT} of " in note and "ranked by weight" in note and "more — show" in note, note
    found = browser.evaluate(LABELS)
    labels = found["labels"]
    assert len(labels) == drawn["nodes"]
    assert all(lab["drawn"] for lab in labels), [lab["px"] for lab in labels]  # every label drawn at this zoom
    assert min(lab["px"] for lab in labels) >= 8, [lab["px"] for lab in labels]  # and big enough to read
    assert _overlaps(labels) == []
    # the labels are on screen: the view is fitted to its canvas
    assert all(lab["x1"] >= -1 and lab["x2"] <= found["width"] + 1 for lab in labels)
    assert browser.evaluate(f"network.body.data.nodes.get('{root}').label") == ROOT
    browser.pump(0.3)
    assert browser.console_errors() == []


def test_views_rank_by_weight_in_cypher(big_store: FalkorStore) -> None:
    root = entity_id("Agency", ROOT)
    ranked = big_store.read("agency_ranked_documents", {"id": root, "offset": 0, "limit": 500,
                                                        "coissuers": 10}).records()
    weights = [r["weight"] for r in ranked]
    assert weights == sorted(weights, reverse=True) and weights[0] > weights[-1]
    top = big_store.read("entity_top_neighbours", {"id": root, "offset": 0, "limit": 20,
                                                   "per_neighbour": 3}).records()
    heaviest = top[0]
    links = big_store.read_adhoc("MATCH (a:Entity {id: $a})-[r]-(b:Entity {id: $b}) RETURN count(r)",
                                 {"a": root, "b": heaviest["id"]}).scalar()
    assert heaviest["weight"] == links and len(heaviest["links"]) == min(3, links)
    assert [r["weight"] for r in top] == sorted((r["weight"] for r in top), reverse=True)


def test_an_evidence_link_opens_the_source_text_at_the_sentence(browser: Browser, big_url: str) -> None:  # noqa: F811
    root = entity_id("Agency", ROOT)
    browser.navigate(big_url + f"/views/agencies/{root}")
    browser.wait_for(LAID_OUT, timeout=180)
    rows = browser.evaluate("""Array.from(document.querySelectorAll('#links tbody tr')).map(tr =>
        ({sentence: tr.cells[3].textContent, href: (tr.querySelector('a.source') || {}).href || null}))""")
    assert rows and all(r["href"] for r in rows), rows[:3]
    row = rows[0]
    browser.navigate(row["href"])
    target = browser.wait_for("document.querySelector(':target') && {id: document.querySelector(':target').id,"
                              " text: document.querySelector(':target').textContent,"
                              " mark: Array.from(document.querySelectorAll('mark.hl')).map(m => m.textContent)"
                              ".join(''), top: document.querySelector(':target').getBoundingClientRect().top,"
                              " height: window.innerHeight}")
    assert "#" + target["id"] == "#" + urlparse(row["href"]).fragment
    assert target["mark"] == row["sentence"]  # exactly the evidence sentence is marked
    assert row["sentence"] in target["text"] or target["text"] in row["sentence"]
    assert 0 <= target["top"] < target["height"]  # scrolled into view
    browser.pump(0.3)
    assert browser.console_errors() == []
