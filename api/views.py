"""Render graph neighbourhoods as self-contained pyvis HTML pages (no CDN: the assets are inlined).

Nodes are coloured and shaped by type (with a legend), labels use a CJK font
stack, edges carry their evidence sentence as a tooltip, the layout settles
during a bounded stabilisation and then physics is switched off (so a
200-node view stops moving) and the drawn boxes are pushed apart until no two
labels overlap, and a click on a node opens that node's own view. Below the
graph, a table lists every link with its evidence sentence, each linked to the
source text view (`api.sourceview`) at its offsets.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pyvis.network import Network

from api.sourceview import source_link
from nlp.models import DOCUMENT_TYPES

# Colour and shape per entity type, shared by the graph and its legend.
STYLE: dict[str, tuple[str, str]] = {
    "Document": ("#4e79a7", "box"),
    "Law": ("#f28e2b", "box"),
    "Agency": ("#e15759", "ellipse"),
    "Organization": ("#76b7b2", "ellipse"),
    "Region": ("#59a14f", "diamond"),
    "Program": ("#edc948", "star"),
    "Target": ("#b07aa1", "triangle"),
}
_LEGEND_GLYPH = {"box": "■", "ellipse": "●", "diamond": "◆", "star": "★", "triangle": "▲", "dot": "●"}
_CDN_TAG = re.compile(r"<(?:link|script)[^>]+https?://[^>]+>(?:\s*</script>)?")
FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif"
#: Stabilisation steps before physics is turned off; enough for ~200 nodes to settle.
STABILIZATION_ITERATIONS = 300
OPTIONS: dict[str, Any] = {
    "nodes": {"font": {"face": FONT, "size": 16, "strokeWidth": 3, "strokeColor": "#ffffff"}},
    "edges": {"font": {"face": FONT, "size": 10, "align": "middle"}, "smooth": {"type": "continuous"},
              "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "color": {"inherit": "from"}},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "physics": {
        "enabled": True, "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -6000, "springLength": 160, "springConstant": 0.04,
                      "damping": 0.3, "avoidOverlap": 0.2},
        "stabilization": {"enabled": True, "iterations": STABILIZATION_ITERATIONS, "updateInterval": 25, "fit": True},
        "minVelocity": 1.0,
    },
}


@dataclass(frozen=True)
class ViewNode:
    id: str
    type: str
    name: str
    #: The node the view is about: its label is never cut.
    root: bool = False
    #: How many links join it to the root (the ranking of a summarised view), when known.
    weight: int | None = None


@dataclass(frozen=True)
class ViewEdge:
    source: str
    target: str
    rel: str
    sentence: str | None = None
    #: The evidence's document and the sentence's offsets in it, when the link was read from a text.
    doc: str | None = None
    start: int | None = None
    end: int | None = None
    #: The stored text the offsets are in (`graph.loader.text_id`), for the link to the source view.
    text_id: str | None = None


@dataclass(frozen=True)
class Window:
    """Which of how many ranked neighbours a summarised view shows: `shown` from `offset`, of `total` (`unit`
    says what they are, `ranking` how they are ordered); `path` is the view's URL without its paging parameters
    (it may carry others, as the citations view's root and depth), for the links to the other pages."""

    offset: int
    shown: int
    total: int
    limit: int
    path: str
    unit: str = "neighbours"
    ranking: str = ""


#: Most neighbours a "show all" page draws (the routes' own upper bound on `limit`).
SHOW_ALL = 500
#: Characters of a non-root label drawn on the canvas; the full name is in the node's tooltip and `name`.
LABEL_CHARS = 10
#: Above this many drawn edges their labels are left off the canvas (the type is in each edge's tooltip and
#: in the table of links): a few dozen edge labels around one root cover the node labels.
EDGE_LABELS_UP_TO = 24
# displaCy's entity span style: the mention stands out in its sentence.
_MARK = "background:#ffe08a;padding:.05em .25em;border-radius:.35em;line-height:1.9"


def _text(value: str) -> str:
    """Text for vis-network labels and tooltips: angle brackets made harmless (pyvis may set tooltips as HTML)."""
    return value.replace("<", "＜").replace(">", "＞")


def node_link(node: ViewNode) -> str:
    """The view a click on `node` opens."""
    if node.type in DOCUMENT_TYPES:
        return f"/views/documents/{node.id}"
    return f"/views/entities/{node.type}/{node.id}"


@lru_cache(maxsize=1)
def _vis_css() -> str:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.css"
    return lib.read_text(encoding="utf-8")


def _legend() -> str:
    items = "".join(
        f'<span style="margin-right:1.2em;white-space:nowrap"><span style="color:{colour};font-size:1.2em">'
        f"{_LEGEND_GLYPH.get(shape, '●')}</span> {etype}</span>"
        for etype, (colour, shape) in STYLE.items()
    )
    return f'<div id="legend" style="font-family:{html.escape(FONT)};margin:.3em 0">{items}</div>'


@dataclass(frozen=True)
class Facts:
    """What a document's view says above its graph: its status and dates, and its dated versions
    (date, action, in force from, in force until, status, file), oldest first."""

    rows: list[tuple[str, str]]
    versions: list[tuple[str, ...]]


_VERSION_HEAD = ("version", "action", "in force from", "until", "status", "file")


def _facts_html(facts: Facts) -> str:
    cell = 'style="padding:2px 8px;border-bottom:1px solid #ddd"'
    rows = "".join(f"<tr><th {cell} align=left>{html.escape(k)}</th><td {cell}>{html.escape(v)}</td></tr>"
                   for k, v in facts.rows)
    out = f'<table class="policykg-facts" style="font-size:90%;margin:.3em 0">{rows}</table>' if rows else ""
    if facts.versions:
        head = "".join(f"<th {cell} align=left>{h}</th>" for h in _VERSION_HEAD)
        body = "".join("<tr>" + "".join(f"<td {cell}>{html.escape(v)}</td>" for v in row) + "</tr>"
                       for row in facts.versions)
        out += (f'<table class="policykg-versions" style="font-size:90%;margin:.3em 0"><caption align=left>'
                f"<b>{len(facts.versions)} version(s)</b></caption><tr>{head}</tr>{body}</table>")
    return out


def _window_note(window: Window) -> str:
    """"Links a–b of N" and links to the previous and next pages and to one page of all (up to SHOW_ALL)."""
    def href(offset: int, limit: int) -> str:
        joint = "&" if "?" in window.path else "?"  # the citations view's path carries its root and depth
        return html.escape(f"{window.path}{joint}offset={offset}&limit={limit}")

    first, last = window.offset + 1 if window.shown else window.offset, window.offset + window.shown
    ranking = f", {html.escape(window.ranking)}" if window.ranking else ""
    parts = [f"showing {window.unit} {first}–{last} of {window.total}{ranking} (summarised: the graph draws the "
             "heaviest first, one page at a time)"]
    if window.offset > 0:
        parts.append(f'<a href="{href(max(0, window.offset - window.limit), window.limit)}">← previous</a>')
    if last < window.total:
        more = window.total - last
        parts.append(f'<a href="{href(last, window.limit)}">next {min(window.limit, more)} →</a>')
        every = "show all" if window.total <= SHOW_ALL else f"show {SHOW_ALL} a page"
        parts.append(f'<a href="{href(0, SHOW_ALL)}">{more} more — {every}</a>')
    return f'<p id="window" style="margin:.2em 0">{" · ".join(parts)}</p>'


def _highlight(sentence: str, names: list[str]) -> str:
    """The sentence, HTML-escaped, with the first of `names` it contains marked (the mention of the link)."""
    for name in names:
        at = sentence.find(name) if name else -1
        if at >= 0:
            end = at + len(name)
            return (f"{html.escape(sentence[:at])}<mark class=\"mention\" style=\"{_MARK}\">"
                    f"{html.escape(name)}</mark>{html.escape(sentence[end:])}")
    return html.escape(sentence)


def _links_table(nodes: list[ViewNode], edges: list[ViewEdge]) -> str:
    """Every drawn link with its evidence: the sentence (the other end's mention marked), document, offsets."""
    by_id = {n.id: n for n in nodes}
    rows = []
    for edge in edges:
        src, dst = by_id.get(edge.source), by_id.get(edge.target)
        if src is None or dst is None:
            continue
        others = [n.name for n in (dst, src) if not n.root] + [dst.name, src.name]
        sentence = _highlight(edge.sentence, others) if edge.sentence else ""
        doc = by_id.get(edge.doc or "")
        doc_cell = (f'<a href="/views/documents/{html.escape(edge.doc)}">{html.escape(doc.name if doc else edge.doc)}'
                    "</a>" if edge.doc else "")
        offsets = (f'<a class="source" href="{html.escape(source_link(edge.doc, edge.start, edge.end, edge.text_id))}"'
                   f' title="the sentence in the document\'s text">{edge.start}–{edge.end}</a>'
                   if edge.doc and edge.start is not None and edge.end is not None else "")
        rows.append(f"<tr><td>{html.escape(src.name)}</td><td>{html.escape(edge.rel)}</td>"
                    f"<td>{html.escape(dst.name)}</td><td>{sentence}</td><td>{doc_cell}</td><td>{offsets}</td></tr>")
    return (f'<table id="links" style="font-family:{html.escape(FONT)};border-collapse:collapse;margin:1em 0;'
            'font-size:.9em"><thead><tr><th>from</th><th>link</th><th>to</th><th>evidence</th><th>document</th>'
            f'<th>offsets</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


# Runs right after drawGraph(), in the same script, before the asynchronous stabilisation can finish. Once the
# layout has settled (or its budget is spent) physics goes off and the labels are pulled apart: every node's
# drawn box (shape and label, `getBoundingBox`) is pushed off any box it overlaps, along the shorter way out,
# the root staying put, until none overlap (a bounded number of sweeps over the pairs: a few dozen nodes), then
# the view is fitted again. `policykgLaidOut` tells a test (or a script) the layout is final.
_AFTER_DRAW = """
 var policykgLaidOut = false;
 function policykgSpread() {
   var ids = nodes.getIds(), pos = network.getPositions(ids), box = {}, gap = 6;
   ids.forEach(function (id) { var b = network.getBoundingBox(id), p = pos[id];
     box[id] = {l: b.left - p.x, r: b.right - p.x, t: b.top - p.y, b: b.bottom - p.y,
                fixed: !!(nodes.get(id) || {}).root}; });
   // First draw the layout in to the canvas's shape and about twice the area its boxes need (physics leaves
   // it sparse and round, so fitted it would be small), then push the boxes apart.
   var area = 0, x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, cx = 0, cy = 0;
   ids.forEach(function (id) { var B = box[id], p = pos[id]; area += (B.r - B.l + gap) * (B.b - B.t + gap);
     x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
     if (B.fixed) { cx = p.x; cy = p.y; } });
   var frame = network.canvas.frame.canvas, aspect = (frame.clientWidth || 4) / (frame.clientHeight || 3);
   var want = 2 * area, fx = Math.min(1, Math.sqrt(want * aspect) / Math.max(1, x1 - x0));
   var fy = Math.min(1, Math.sqrt(want / aspect) / Math.max(1, y1 - y0));
   ids.forEach(function (id) { pos[id].x = cx + (pos[id].x - cx) * fx; pos[id].y = cy + (pos[id].y - cy) * fy; });
   for (var sweep = 0; sweep < 500; sweep++) {
     var moved = false;
     for (var i = 0; i < ids.length; i++) { for (var j = i + 1; j < ids.length; j++) {
       var a = ids[i], c = ids[j], A = box[a], C = box[c], pa = pos[a], pc = pos[c];
       var ox = Math.min(pa.x + A.r, pc.x + C.r) - Math.max(pa.x + A.l, pc.x + C.l) + gap;
       var oy = Math.min(pa.y + A.b, pc.y + C.b) - Math.max(pa.y + A.t, pc.y + C.t) + gap;
       if (ox <= 0 || oy <= 0) { continue; }
       moved = true;
       var dx = (pc.x + (C.l + C.r) / 2) - (pa.x + (A.l + A.r) / 2);
       var dy = (pc.y + (C.t + C.b) / 2) - (pa.y + (A.t + A.b) / 2);
       var wa = A.fixed ? 0 : (C.fixed ? 1 : 0.5), wc = 1 - wa;
       if (ox < oy) { var sx = dx < 0 || (dx === 0 && i % 2) ? -1 : 1; pa.x -= sx * ox * wa; pc.x += sx * ox * wc; }
       else { var sy = dy < 0 || (dy === 0 && i % 2) ? -1 : 1; pa.y -= sy * oy * wa; pc.y += sy * oy * wc; }
     } }
     if (!moved) { break; }
   }
   ids.forEach(function (id) { network.moveNode(id, pos[id].x, pos[id].y); });
   network.fit({animation: false});
 }
 function policykgFreeze() {
   if (policykgLaidOut) { return; }
   network.setOptions({physics: {enabled: false}});
   network.redraw();
   policykgSpread();
   network.redraw();
   policykgLaidOut = true;
 }
 network.once('stabilizationIterationsDone', policykgFreeze);
 network.once('stabilized', policykgFreeze);
 setTimeout(policykgFreeze, 15000);
 network.on('click', function (p) { if (p.nodes.length) {
   var n = nodes.get(p.nodes[0]); if (n && n.url) { window.location.href = n.url; } } });
"""


def render(title: str, nodes: list[ViewNode], edges: list[ViewEdge], link: str | None = None,
           window: Window | None = None, facts: Facts | None = None) -> str:
    """An HTML page drawing `nodes` and `edges`, with a table of the links and their evidence below; a click on
    a node opens its own view (`link` overrides the path); `window` says which page of how many links it is."""
    net = Network(height="85vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    net.options = OPTIONS
    for node in nodes:
        colour, shape = STYLE.get(node.type, ("#999999", "dot"))
        url = link.format(type=node.type, id=node.id) if link else node_link(node)
        label = node.name if node.root or len(node.name) <= LABEL_CHARS else node.name[:LABEL_CHARS - 1] + "…"
        extra = {"font": {"size": 20, "face": FONT, "strokeWidth": 4, "strokeColor": "#ffffff"}} if node.root else {}
        weight = f" · {node.weight} link(s) with the root" if node.weight else ""
        net.add_node(node.id, label=_text(label), title=_text(f"{node.type}: {node.name}{weight}"), color=colour,
                     shape=shape, url=url, name=_text(node.name), root=node.root, **extra)
    known = {n.id for n in nodes}
    # Parallel links (one per evidence sentence) are drawn as one edge, "×n"; the table lists each of them.
    drawn: dict[tuple[str, str, str], list[ViewEdge]] = {}
    for edge in edges:
        if edge.source in known and edge.target in known:
            drawn.setdefault((edge.source, edge.target, edge.rel), []).append(edge)
    labelled = len(drawn) <= EDGE_LABELS_UP_TO
    for (source, target, rel), group in drawn.items():
        name = f"{rel} ×{len(group)}" if len(group) > 1 else rel
        net.add_edge(source, target, **({"label": name} if labelled else {}),
                     title=_text(f"{name}: {group[0].sentence}" if group[0].sentence else name))
    page = net.generate_html(notebook=False)
    head = (f'<title>{html.escape(title)} — policykg</title><link rel="icon" href="data:,">'
            f"<style>{_vis_css()}</style></head>")
    page = _CDN_TAG.sub("", page).replace("</head>", head, 1)
    header = (f'<div style="font-family:{html.escape(FONT)}"><a href="/">policykg</a> · '
              f"<small>{len(nodes)} nodes, {len(edges)} links ({len(drawn)} edges drawn) — click a node to open its "
              "view; hover an edge for its evidence; the table below links each to its sentence in the text</small>"
              f'<h2 style="margin:.3em 0">{html.escape(title)}</h2>'
              f"{_facts_html(facts) if facts else ''}"
              f"{_window_note(window) if window else ''}</div>{_legend()}")
    after_draw = "drawGraph();" + _AFTER_DRAW
    if page.count("drawGraph();") != 1:
        raise RuntimeError("unexpected pyvis template: cannot find the single drawGraph() call")
    page = page.replace("<body>", "<body>" + header, 1).replace("drawGraph();", after_draw, 1)
    return page.replace("</body>", _links_table(nodes, edges) + "</body>", 1)
