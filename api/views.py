"""Render graph neighbourhoods as self-contained pyvis HTML pages (no CDN: the assets are inlined)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pyvis.network import Network

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
_CDN_TAG = re.compile(r"<(?:link|script)[^>]+https?://[^>]+>(?:\s*</script>)?")


@dataclass(frozen=True)
class ViewNode:
    id: str
    type: str
    name: str


@dataclass(frozen=True)
class ViewEdge:
    source: str
    target: str
    rel: str
    sentence: str | None = None


@lru_cache(maxsize=1)
def _vis_css() -> str:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.css"
    return lib.read_text(encoding="utf-8")


def render(title: str, nodes: list[ViewNode], edges: list[ViewEdge], link: str = "/views/entities/{type}/{id}") -> str:
    """An HTML page drawing `nodes` and `edges`; a node's tooltip and click lead to its own view."""
    net = Network(height="85vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    net.barnes_hut(gravity=-6000, spring_length=160, damping=0.3)
    for node in nodes:
        colour, shape = STYLE.get(node.type, ("#999999", "dot"))
        net.add_node(node.id, label=node.name[:30], title=f"{node.type}: {node.name}", color=colour, shape=shape,
                     url=link.format(type=node.type, id=node.id))
    known = {n.id for n in nodes}
    for edge in edges:
        if edge.source in known and edge.target in known:
            net.add_edge(edge.source, edge.target, label=edge.rel, title=edge.sentence or edge.rel, arrows="to")
    page = net.generate_html(notebook=False)
    page = _CDN_TAG.sub("", page).replace("</head>", f"<style>{_vis_css()}</style></head>", 1)
    legend = "".join(
        f'<span style="margin-right:1em"><span style="display:inline-block;width:.9em;height:.9em;'
        f'background:{c}"></span> {t}</span>' for t, (c, _) in STYLE.items()
    )
    header = (f'<meta charset="utf-8"><h2 style="font-family:sans-serif">{html.escape(title)}</h2>'
              f'<div id="legend" style="font-family:sans-serif">{legend}</div>')
    click = ("<script>network.on('doubleClick', function(p){ if (p.nodes.length) {"
             " var n = nodes.get(p.nodes[0]); if (n && n.url) { window.location.href = n.url; } } });</script>")
    return page.replace("<body>", "<body>" + header, 1).replace("</body>", click + "</body>", 1)
