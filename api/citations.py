"""Citation trees: who cites a document transitively, and what it cites (named queries `who_cites`, `what_it_cites`)."""

from __future__ import annotations

from typing import Literal

from api.schemas import CitationTree, TreeEdge, TreeNode
from graph.store import GraphStore

Direction = Literal["out", "in", "both"]
#: Most edges a tree returns per direction.
MAX_EDGES = 2000


def citation_tree(store: GraphStore, root: dict[str, str], direction: Direction = "both",
                  depth: int = 1) -> CitationTree:
    """The CITES tree around `root` (id, type, title): `in` follows citers, `out` citations, `both` does both."""
    nodes: dict[str, TreeNode] = {root["id"]: TreeNode(id=root["id"], type=root["type"], title=root["title"], depth=0)}
    edges: list[TreeEdge] = []
    truncated = False
    for way, name in (("out", "what_it_cites"), ("in", "who_cites")):
        if direction not in (way, "both"):
            continue
        rows = store.read(name, {"id": root["id"], "depth": depth, "limit": MAX_EDGES + 1}).records()
        if len(rows) > MAX_EDGES:
            rows, truncated = rows[:MAX_EDGES], True
        for r in rows:
            level = int(r["depth"])
            # The node farther from the root is reached at the edge's depth, the nearer one a hop before.
            far, near = (("target", "source") if way == "out" else ("source", "target"))
            for end, node_depth in ((far, level), (near, level - 1)):
                nid = r[end]
                known = nodes.get(nid)
                if known is None or known.depth > node_depth:
                    nodes[nid] = TreeNode(id=nid, type=r[f"{end}_type"], title=r[f"{end}_name"], depth=node_depth)
            edges.append(TreeEdge(source=r["source"], target=r["target"], depth=level, direction=way,
                                  sentence=r["sentence"], doc=r["doc"], start=r["start"], end=r["end"], file=r["file"],
                                  kind=r.get("kind"), text_id=r.get("text_id")))
    ordered = sorted(nodes.values(), key=lambda n: (n.depth, n.title))
    return CitationTree(direction=direction, depth=depth, nodes=ordered, edges=edges, truncated=truncated)
