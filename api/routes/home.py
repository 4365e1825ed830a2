"""The landing page: a search box, the most cited documents, the most active issuers, links to views and /docs."""

from __future__ import annotations

import html

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from api.deps import Store
from api.entities import view_path

router = APIRouter(tags=["meta"])

_STYLE = """body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:60em;margin:2em auto}
body{padding:0 1em}
li{margin:.2em 0} small{color:#666} input{font-size:1.1em;padding:.3em;width:24em} .cols{display:flex;gap:3em}
.cols>div{flex:1}"""
_SCRIPT = """
document.getElementById('search').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var q = document.getElementById('q').value.trim(), out = document.getElementById('results');
  if (!q) { return; }
  fetch('/search?limit=20&q=' + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (body) {
    out.textContent = '';
    (body.items || []).forEach(function (hit) {
      var li = document.createElement('li'), a = document.createElement('a');
      var doc = hit.type === 'Document' || hit.type === 'Law';
      a.href = doc ? '/views/documents/' + hit.id : '/views/entities/' + hit.type + '/' + hit.id;
      a.textContent = hit.name;
      li.appendChild(a);
      var aka = hit.aliases.length ? ' (' + hit.aliases.join(', ') + ')' : '';
      li.appendChild(document.createTextNode(' ' + hit.type + aka));
      out.appendChild(li);
    });
    if (!out.children.length) { out.textContent = 'no match'; }
  });
});
"""


def _list(items: list[str]) -> str:
    return "<ol>" + "".join(items) + "</ol>" if items else "<p><small>none yet</small></p>"


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(store: Store) -> HTMLResponse:
    """Plain HTML, no external assets (queries `most_cited_documents`, `most_active_issuers`)."""
    cited = store.read("most_cited_documents", {"limit": 15}).records()
    issuers = store.read("most_active_issuers", {"limit": 15}).records()
    e = html.escape
    cited_items = [
        f'<li><a href="{view_path(r["type"], r["id"])}">{e(r["title"])}</a> <small>cited by {r["cited_by"]} · '
        f'<a href="/views/citations?root={r["id"]}&amp;depth=2">citation tree</a></small></li>' for r in cited
    ]
    issuer_items = [
        f'<li><a href="/views/agencies/{r["id"]}">{e(r["name"])}</a> <small>{r["documents"]} document(s) · '
        f'<a href="/agencies/{r["id"]}/documents">JSON</a></small></li>' for r in issuers
    ]
    nodes, rels = store.counts()
    page = f"""<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>policykg</title>
<link rel="icon" href="data:,"><style>{_STYLE}</style></head><body>
<h1>policykg</h1><p>A knowledge graph of Chinese digital-economy policy — {nodes:,} nodes, {rels:,} relationships.
<a href="/docs">API docs</a> · <a href="/openapi.json">OpenAPI</a></p>
<form id="search"><input id="q" name="q" placeholder="搜索 名称、简称或标题，如 发改委" autofocus>
<button type="submit">Search</button></form><ul id="results"></ul>
<div class="cols"><div><h2>Most cited documents</h2>{_list(cited_items)}</div>
<div><h2>Most active issuers</h2>{_list(issuer_items)}</div></div>
<p><small>Views: /views/documents/ID · /views/entities/TYPE/ID · /views/citations?root=ID&amp;depth=2 ·
/views/agencies/ID</small></p>
<script>{_SCRIPT}</script></body></html>"""
    return HTMLResponse(page)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon (204), so browsers do not log a 404 on every page."""
    return Response(status_code=204)
