"""The views in a real headless chromium against a live uvicorn: no console errors, the canvas draws the nodes.

Driven over the Chrome DevTools protocol (`tests/cdp.py`, through
`--remote-debugging-pipe`). Skipped with the reason when /usr/bin/chromium is
missing, except in CI (`CI` set), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn

from api.app import create_app
from graph.falkor_store import FalkorStore
from graph.loader import load
from nlp.models import DocumentInfo, Entity, EntityRef, Evidence, Extraction, Relation, entity_id
from tests.api_graph import api_store  # noqa: F401 - the module-scoped graph fixture
from tests.cdp import Browser
from tests.shapes import GUIDE, NDRC, PLAN_145, PLAN_GX, doc_id, eid

CHROMIUM = "/usr/bin/chromium"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"

# Whether the network drew: nodes in its data, a canvas with painted pixels, and physics off once settled.
DRAWN = """(() => {
  if (typeof network === 'undefined' || !network.body) { return null; }
  const canvas = document.querySelector('#mynetwork canvas');
  if (!canvas || !canvas.width) { return null; }
  const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < px.length; i += 64) { if (px[i]) { painted++; } }
  return {nodes: network.body.data.nodes.length, edges: network.body.data.edges.length, painted: painted,
          physics: network.physics.physicsEnabled, legend: !!document.getElementById('legend')};
})()"""
SETTLED = f"(() => {{ const d = {DRAWN}; return d && d.painted > 0 && d.physics === false ? d : null; }})()"


def _browser_binary() -> str:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is missing: `apt-get install -y chromium` to run the browser tests")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(store: FalkorStore) -> Iterator[str]:
    """A live uvicorn serving the app over `store` on 127.0.0.1 and a random free port, in a thread."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store=store), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(api_store: FalkorStore) -> Iterator[str]:  # noqa: F811
    """A live server over the module's graph."""
    with live_server(api_store) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chrome = Browser(_browser_binary())
    yield chrome
    chrome.close()


VIEWS = {
    "entity": f"/views/entities/Agency/{eid('Agency', NDRC)}",
    "region": f"/views/entities/Region/{eid('Region', '广西壮族自治区')}",
    "document": f"/views/documents/{doc_id(PLAN_145)}",
    "citations": f"/views/citations?root={doc_id(GUIDE)}&depth=3",
    "agency": f"/views/agencies/{eid('Agency', NDRC)}",
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_draws_without_console_errors(browser: Browser, base_url: str, name: str) -> None:
    browser.navigate(base_url + VIEWS[name])
    drawn = browser.wait_for(SETTLED)
    assert drawn["nodes"] >= 2 and drawn["edges"] >= 1 and drawn["legend"], drawn
    browser.pump(0.3)  # late requests (icons) and errors
    assert browser.console_errors() == []


def test_a_click_on_a_node_opens_its_view(browser: Browser, base_url: str) -> None:
    browser.navigate(base_url + f"/views/citations?root={doc_id(PLAN_145)}&depth=1")
    browser.wait_for(SETTLED)
    browser.evaluate(f"network.body.emitter.emit('click', {{nodes: ['{doc_id(PLAN_GX)}'], edges: []}}); true")
    target = f"/views/documents/{doc_id(PLAN_GX)}"
    assert browser.wait_for(f"location.pathname === '{target}' && document.readyState === 'complete'")
    assert browser.wait_for(SETTLED)["nodes"] >= 2


def test_landing_page_searches_without_javascript(browser: Browser, base_url: str) -> None:
    browser.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.navigate(base_url + "/")
        browser.send("Emulation.setScriptExecutionDisabled", {"value": False})
        assert browser.evaluate("document.querySelectorAll('ol li').length") >= 2  # most cited, most active
        browser.send("Emulation.setScriptExecutionDisabled", {"value": True})
        # submitting the form is a plain GET to /?q=…: the results page is rendered by the server
        browser.navigate(base_url + "/?q=" + "%E5%8F%91%E6%94%B9%E5%A7%94")  # 发改委
    finally:
        browser.send("Emulation.setScriptExecutionDisabled", {"value": False})
    names = browser.wait_for("Array.from(document.querySelectorAll('#results a')).map(a => a.textContent)")
    assert NDRC in names
    assert browser.evaluate("document.getElementById('q').value") == "发改委"
    browser.pump(0.3)  # late requests (icons) and errors
    assert browser.console_errors() == []


@pytest.mark.parametrize(("path", "rendered"), [
    ("/docs", "document.querySelectorAll('.swagger-ui .opblock').length > 5 && "
              "document.querySelector('.swagger-ui .info .title').textContent"),
    ("/redoc", "document.querySelectorAll('[data-section-id]').length > 5 && "
               "document.querySelector('.api-info h1').textContent"),
])
def test_api_docs_render_from_packaged_assets_only(browser: Browser, base_url: str, path: str,
                                                  rendered: str) -> None:
    browser.send("Network.enable")
    try:
        browser.navigate(base_url + path)
        title = browser.wait_for(rendered)
        browser.pump(0.5)
        requested = [e["params"]["request"]["url"] for e in browser.events
                     if e.get("method") == "Network.requestWillBeSent"]
    finally:
        browser.send("Network.disable")
    assert "policykg" in title
    # ReDoc's "API docs by Redocly" footer is an <img> hard-wired to the vendor's CDN that removes itself when it
    # fails to load: decorative, the page is whole without it. Everything else must come from this server.
    outside = [u for u in requested if not u.startswith((base_url, "data:", "blob:")) and u != REDOC_LOGO]
    assert requested and outside == [], outside  # no CDN, no web fonts: the page works offline
    assert [e for e in browser.console_errors() if REDOC_LOGO not in e] == []


BUSY = "大数据发展管理局"


def _busy_agency(store: FalkorStore) -> str:  # noqa: F811
    """An agency that issued 199 documents: a 200-node view."""
    titles = [f"关于推进数据要素市场化配置的第{i}号通知" for i in range(199)]
    ev = [Evidence(document=entity_id("Document", t), sentence=f"{BUSY}印发{t}。", start=0, end=10) for t in titles]
    load(store, Extraction(
        source="tests/test_views_browser.py",
        documents=[DocumentInfo(id=entity_id("Document", t), title=t, start=0, end=10) for t in titles],
        entities=[Entity(type="Agency", name=BUSY)],
        relations=[Relation(type="ISSUES", head=EntityRef(type="Agency", name=BUSY),
                            tail=EntityRef(type="Document", name=t), evidence=e)
                   for t, e in zip(titles, ev, strict=True)],
    ))
    return entity_id("Agency", BUSY)


def test_a_200_node_view_settles_and_stops_moving(browser: Browser, base_url: str,
                                                 api_store: FalkorStore) -> None:  # noqa: F811
    agency = _busy_agency(api_store)
    browser.navigate(base_url + f"/views/entities/Agency/{agency}?limit=199")
    # The outcome, not a time: the view's own stabilisation budget ends the physics, so it settles at all.
    drawn = browser.wait_for(SETTLED, timeout=120)
    assert drawn["nodes"] == 200 and drawn["edges"] == 199
    before = browser.evaluate("JSON.stringify(network.getPositions())")
    browser.pump(0.5)
    assert browser.evaluate("JSON.stringify(network.getPositions())") == before, "nodes still move after settling"
    browser.pump(0.3)
    assert browser.console_errors() == []


def test_a_big_view_says_it_is_one_page_and_lists_its_links_with_the_evidence(
        browser: Browser, base_url: str, api_store: FalkorStore) -> None:  # noqa: F811
    agency = _busy_agency(api_store)
    browser.navigate(base_url + f"/views/entities/Agency/{agency}?limit=50")
    drawn = browser.wait_for(SETTLED, timeout=120)
    assert drawn["nodes"] == 51 and drawn["edges"] == 50
    note = browser.evaluate("document.getElementById('window').textContent")
    assert "showing neighbours 1–50 of 199, ranked by weight" in note and "next 50" in note
    assert "149 more — show all" in note
    rows = browser.evaluate("""Array.from(document.querySelectorAll('#links tbody tr')).map(tr =>
        ({cells: Array.from(tr.cells).map(c => c.textContent),
          mark: (tr.querySelector('mark.mention') || {}).textContent, doc: (tr.querySelector('a') || {}).href,
          source: (tr.querySelector('a.source') || {}).href}))""")
    assert len(rows) == 50
    for row in rows:
        assert row["cells"][0] == BUSY and row["cells"][1] == "ISSUES" and row["cells"][3].startswith(BUSY + "印发")
        assert row["mark"] == row["cells"][2] and row["cells"][5] == "0–10" and "/views/documents/" in row["doc"]
        assert row["source"].endswith("/text?hl=0-10#o0")  # the evidence's place in its document's text
    # The root's label is whole however long; the next page follows on.
    assert browser.evaluate(f"network.body.data.nodes.get('{agency}').label") == BUSY
    browser.evaluate("document.querySelector('#window a').click(); true")
    assert browser.wait_for("location.search.includes('offset=50') && document.readyState === 'complete'")
    assert "showing neighbours 51–100 of 199" in browser.wait_for("document.getElementById('window').textContent")
    browser.pump(0.3)
    assert browser.console_errors() == []
