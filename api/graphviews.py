"""What each HTML view shows: the nodes and edges of a neighbourhood, rendered by `api.views.render`.

Shared by the `/views/…` routes and `policykg view`, so both write the same page.
Every function raises `api.errors.NotFound` for an unknown id.
"""

from __future__ import annotations

from api.citations import citation_tree
from api.entities import fetch_entity, find_entity
from api.errors import NotFound
from api.views import ViewEdge, ViewNode, render
from graph.store import GraphStore
from nlp.models import DOCUMENT_TYPES, ISSUER_TYPES

#: Most neighbours drawn around one node (the views are tuned to settle at this size).
DEFAULT_LIMIT = 200


def entity_page(store: GraphStore, etype: str, eid: str, limit: int = DEFAULT_LIMIT) -> str:
    """An entity and its neighbours over every relation, each edge with its evidence sentence."""
    return _neighbourhood_page(store, fetch_entity(store, etype, eid), limit)


def _neighbourhood_page(store: GraphStore, ent: dict, limit: int) -> str:
    eid = ent["id"]
    rows = store.read("entity_neighbours", {"id": eid, "offset": 0, "limit": limit}).records()
    nodes = {eid: ViewNode(eid, ent["type"], ent["name"])}
    edges = []
    for r in rows:
        nodes.setdefault(r["id"], ViewNode(r["id"], r["type"], r["name"]))
        src, dst = (eid, r["id"]) if r["outgoing"] else (r["id"], eid)
        edges.append(ViewEdge(src, dst, r["rel"], r["sentence"]))
    return render(f"{ent['type']}: {ent['name']}", list(nodes.values()), edges)


def document_page(store: GraphStore, doc_id: str, limit: int = DEFAULT_LIMIT) -> str:
    """A document's or law's neighbourhood."""
    doc = find_entity(store, doc_id, DOCUMENT_TYPES)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return _neighbourhood_page(store, doc, limit)


def citations_page(store: GraphStore, root: str, depth: int = 2, limit: int = DEFAULT_LIMIT) -> str:
    """The citation tree around `root`, both ways, `depth` hops; the `limit` nodes nearest the root are drawn."""
    doc = find_entity(store, root, DOCUMENT_TYPES)
    if doc is None:
        raise NotFound(f"no document with id {root!r}")
    tree = citation_tree(store, {"id": doc["id"], "type": doc["type"], "title": doc["name"]}, "both", depth)
    nodes = [ViewNode(n.id, n.type, n.title) for n in tree.nodes[:limit]]  # tree nodes come nearest first
    shown = {n.id for n in nodes}
    edges = [ViewEdge(e.source, e.target, "CITES", e.sentence) for e in tree.edges
             if e.source in shown and e.target in shown]
    more = f", {limit} of {len(tree.nodes)} documents" if len(tree.nodes) > limit else ""
    return render(f"引用关系 citations: {doc['name']} (depth {depth}{more})", nodes, edges)


def agency_page(store: GraphStore, eid: str, limit: int = DEFAULT_LIMIT) -> str:
    """What an agency or organisation issued, and who issued it with them."""
    ent = find_entity(store, eid, ISSUER_TYPES)
    if ent is None:
        raise NotFound(f"no agency or organization with id {eid!r}")
    rows = store.read("agency_documents", {"id": eid, "offset": 0, "limit": limit}).records()
    nodes = {eid: ViewNode(eid, ent["type"], ent["name"])}
    edges = []
    for r in rows:
        nodes.setdefault(r["id"], ViewNode(r["id"], r["type"], r["title"]))
        edges.append(ViewEdge(eid, r["id"], "ISSUES", r["sentence"]))
        for co in r["coissuers"]:
            nodes.setdefault(co["id"], ViewNode(co["id"], co["type"], co["name"]))
            edges.append(ViewEdge(co["id"], r["id"], "ISSUES", f"{co['name']} 联合发布 {r['title']}"))
    return render(f"{ent['type']}: {ent['name']}", list(nodes.values()), edges)
