"""The landing page: a search box, the most cited documents, the most active issuers, links to views and /docs.

`/?q=发改委` renders the search results on the server (no JavaScript needed, so a result page can be linked and
bookmarked), with counts per type and `&type=` filter links, `&offset=` paging.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.deps import Store
from api.entities import view_path
from api.search import MAX_CANDIDATES, Hit, search
from graph.store import GraphStore
from nlp.models import EntityType

router = APIRouter(tags=["meta"])

_STYLE = """body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:60em;margin:2em auto}
body{padding:0 1em}
li{margin:.2em 0} small{color:#666} .types a,.types b{margin-right:1em} .match{color:#396}
input{font-size:1.1em;padding:.3em;width:24em} .cols{display:flex;gap:3em}
.cols>div{flex:1}"""
def _list(items: list[str]) -> str:
    return "<ol>" + "".join(items) + "</ol>" if items else "<p><small>none yet</small></p>"


#: Results per page of the server-rendered search.
PAGE = 50


def _href(**params: object) -> str:
    return "/?" + html.escape(urlencode({k: v for k, v in params.items() if v not in (None, "", 0)}))


def _hit_item(hit: Hit) -> str:
    e = html.escape
    aka = f" <small>({e(', '.join(hit.aliases[:8]))}{', …' if len(hit.aliases) > 8 else ''})</small>" \
        if hit.aliases else ""
    return (f'<li><a href="{view_path(hit.type, hit.id)}">{e(hit.name)}</a> {hit.type}{aka} '
            f'<small>{hit.documents} document(s) · <span class="match">{hit.match}</span> · '
            f'<a href="/entities/{hit.type}/{hit.id}">JSON</a></small></li>')


def _results(store: GraphStore, q: str, etype: str | None, offset: int) -> str:
    """The results block: counts per type (each a filter link), one page of hits, previous/next links."""
    e = html.escape
    everything = search(store, q, None, limit=MAX_CANDIDATES - 1)
    counts = Counter(h.type for h in everything)
    shown = [h for h in everything if etype is None or h.type == etype]
    page = shown[offset:offset + PAGE]
    many = "+" if len(everything) >= MAX_CANDIDATES else ""
    types = [f'<a href="{_href(q=q)}">all {len(everything)}{many}</a>' if etype else
             f"<b>all {len(everything)}{many}</b>"]
    for name, n in counts.most_common():
        types.append(f"<b>{name} {n}</b>" if name == etype else f'<a href="{_href(q=q, type=name)}">{name} {n}</a>')
    nav = []
    if offset > 0:
        nav.append(f'<a href="{_href(q=q, type=etype, offset=max(0, offset - PAGE))}">← previous</a>')
    if offset + PAGE < len(shown):
        nav.append(f'<a href="{_href(q=q, type=etype, offset=offset + PAGE)}">next →</a>')
    if not page:
        body = f"<p>No match for <b>{e(q)}</b>{' of type ' + etype if etype else ''}.</p>"
    else:
        body = f'<ol id="results" start="{offset + 1}">' + "".join(_hit_item(h) for h in page) + "</ol>"
    return (f'<h2>Results for “{e(q)}”</h2><p class="types">{" ".join(types)}</p>{body}'
            f'<p>{" · ".join(nav)}</p>')


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(
    store: Store,
    q: Annotated[str, Query(max_length=200)] = "",
    type: Annotated[EntityType | None, Query()] = None,  # noqa: A002
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> HTMLResponse:
    """Plain HTML, no external assets (queries `most_cited_documents`, `most_active_issuers`; with `q`, search)."""
    e = html.escape
    q = q.strip()
    etype = type
    nodes, rels = store.counts()
    if q:
        main = _results(store, q, etype, offset)
    elif nodes == 0:
        main = ("<p>The graph is empty. Fill it with <code>policykg ingest PATH…</code> (files or folders of "
                "policy texts), or <code>POST /documents</code>.</p>")
    else:
        cited = store.read("most_cited_documents", {"limit": 15}).records()
        issuers = store.read("most_active_issuers", {"limit": 15}).records()
        cited_items = [
            f'<li><a href="{view_path(r["type"], r["id"])}">{e(r["title"])}</a> <small>cited by {r["cited_by"]} · '
            f'<a href="/views/citations?root={r["id"]}&amp;depth=2">citation tree</a></small></li>' for r in cited
        ]
        issuer_items = [
            f'<li><a href="/views/agencies/{r["id"]}">{e(r["name"])}</a> <small>{r["documents"]} document(s) · '
            f'<a href="/agencies/{r["id"]}/documents">JSON</a></small></li>' for r in issuers
        ]
        main = (f'<div class="cols"><div><h2>Most cited documents</h2>{_list(cited_items)}</div>'
                f'<div><h2>Most active issuers</h2>{_list(issuer_items)}</div></div>')
    title = f"{e(q)} — policykg" if q else "policykg"
    page = f"""<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="data:,"><style>{_STYLE}</style></head><body>
<h1><a href="/" style="color:inherit;text-decoration:none">policykg</a></h1>
<p>A knowledge graph of Chinese digital-economy policy — {nodes:,} nodes, {rels:,} relationships.
<a href="/docs">API docs</a> · <a href="/redoc">ReDoc</a> · <a href="/openapi.json">OpenAPI</a></p>
<form id="search" method="get" action="/"><input id="q" name="q" value="{e(q)}"
placeholder="搜索 名称、简称或标题，如 发改委" autofocus> <button type="submit">Search</button></form>
{main}
<p><small>Views: /views/documents/ID · /views/entities/TYPE/ID · /views/citations?root=ID&amp;depth=2 ·
/views/agencies/ID</small></p></body></html>"""
    return HTMLResponse(page)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon (204), so browsers do not log a 404 on every page."""
    return Response(status_code=204)
