"""What each HTML view shows: the nodes and edges of a neighbourhood, rendered by `api.views.render`.

Shared by the `/views/…` routes and `policykg view`, so both write the same page.
Every function raises `api.errors.NotFound` for an unknown id.
"""

from __future__ import annotations

from api.entities import fetch_entity, find_entity
from api.errors import NotFound
from api.views import Facts, ViewEdge, ViewNode, Window, render
from graph.store import GraphStore
from nlp.models import DOCUMENT_TYPES, ISSUER_TYPES

#: Neighbours drawn around one node by default: the heaviest (see `entity_top_neighbours`); a view of more pages
#: on. Small enough that the labels of a big neighbourhood do not overlap at the default size (tested in chromium).
DEFAULT_LIMIT = 30
#: Most links listed (and drawn) per neighbour: a law that mentions an agency 60 times is one heavy neighbour.
LINKS_PER_NEIGHBOUR = 10
#: Most co-issuers drawn per document in an agency's view.
COISSUERS_PER_DOCUMENT = 10
_WEIGHT = "weight = links between the two, each read from a text"
_CITES_WEIGHT = ("ranked by weight = CITES links, each read from a text, with the documents one hop nearer the root "
                 "(at depth 1, the root)")


def entity_page(store: GraphStore, etype: str, eid: str, limit: int = DEFAULT_LIMIT, offset: int = 0,
                path: str | None = None) -> str:
    """An entity and its `limit` heaviest neighbours from `offset` (weight: how many links join them), each
    link with its evidence; the page says how many there are in all, with links to the other pages (`path`)."""
    return _neighbourhood_page(store, fetch_entity(store, etype, eid), limit, offset, path)


def _label(rel: str, kind: str | None) -> str:
    """An edge's label: its type, and how it cites where it is a citation (CITES·依据)."""
    return f"{rel}·{kind}" if kind else rel


def _neighbourhood_page(store: GraphStore, ent: dict, limit: int, offset: int = 0, path: str | None = None,
                        facts: Facts | None = None) -> str:
    eid = ent["id"]
    rows = store.read("entity_top_neighbours", {"id": eid, "offset": offset, "limit": limit,
                                                "per_neighbour": LINKS_PER_NEIGHBOUR}).records()
    count = store.read("entity_neighbour_count", {"id": eid}).records()
    total = int(count[0]["neighbours"]) if count else 0
    nodes = {eid: ViewNode(eid, ent["type"], ent["name"], root=True)}
    edges = []
    for r in rows:
        nodes.setdefault(r["id"], ViewNode(r["id"], r["type"], r["name"], weight=int(r["weight"])))
        for link in r["links"]:
            src, dst = (eid, r["id"]) if link["outgoing"] else (r["id"], eid)
            edges.append(ViewEdge(src, dst, _label(link["rel"], link.get("kind")), link["sentence"], link["doc"],
                                  link["start"], link["end"], link.get("text_id")))
    window = (Window(offset, len(rows), total, limit, path, "neighbours", f"ranked by {_WEIGHT} with {ent['name']}")
              if path and (offset or total > len(rows)) else None)
    return render(f"{ent['type']}: {ent['name']}", list(nodes.values()), edges, window=window, facts=facts)


def document_page(store: GraphStore, doc_id: str, limit: int = DEFAULT_LIMIT, offset: int = 0,
                  path: str | None = None) -> str:
    """A document's or law's neighbourhood (paged as `entity_page`)."""
    doc = find_entity(store, doc_id, DOCUMENT_TYPES)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return _neighbourhood_page(store, doc, limit, offset, path, facts=document_facts(store, doc_id))


def document_facts(store: GraphStore, doc_id: str) -> Facts:
    """A document's status, level, number, issuers and dates, and its dated versions."""
    from api.legal import versions_of
    from api.routes.documents import fetch_document

    detail = fetch_document(store, doc_id)
    versions = versions_of(store, detail)
    status = versions.status or detail.status
    rows = [(k, v) for k, v in (
        ("status", status), ("level", detail.level), ("number", detail.number),
        ("issuers", "、".join(detail.issuers) if detail.issuers else None), ("published", detail.published),
        ("effective", detail.effective), ("repealed", versions.repealed_on)) if v]
    table = [(v.date, (v.action or "") + (f" 第{v.ordinal}次" if v.ordinal else ""), v.in_force_from or "",
              v.in_force_until or "", v.status, v.source.rsplit("/", 1)[-1] if v.source else "")
             for v in versions.versions]
    return Facts(rows, table if len(table) > 1 or versions.versions and versions.versions[0].action else [])


def citations_page(store: GraphStore, root: str, depth: int = 2, limit: int = DEFAULT_LIMIT, offset: int = 0,
                   path: str | None = None) -> str:
    """The citation tree around `root`, both ways, `depth` hops: `limit` of its documents from `offset`, ranked
    by the named Cypher `citation_ranked_documents` (nearest first, then heaviest: weight is how many CITES links
    join a document to the documents one hop nearer the root), each drawn with those links and the nearer
    documents they reach; the page says how many documents the tree holds, with links to the other pages."""
    doc = find_entity(store, root, DOCUMENT_TYPES)
    if doc is None:
        raise NotFound(f"no document with id {root!r}")
    params = {"id": doc["id"], "depth": depth}
    rows = store.read("citation_ranked_documents", {**params, "offset": offset, "limit": limit,
                                                    "per_document": LINKS_PER_NEIGHBOUR}).records()
    total = int(store.read("citation_document_count", params).scalar() or 0)
    nodes = {doc["id"]: ViewNode(doc["id"], doc["type"], doc["name"], root=True)}
    edges = []
    for r in rows:
        nodes[r["id"]] = ViewNode(r["id"], r["type"], r["name"], weight=int(r["weight"]))
    for r in rows:
        for link in r["links"]:
            # the nearer document of a link may lie on another page: drawn (unranked) so the link has both ends
            nodes.setdefault(link["near"], ViewNode(link["near"], link["near_type"], link["near_name"]))
            edges.append(ViewEdge(link["source"], link["target"], _label("CITES", link.get("kind")), link["sentence"],
                                  link["doc"], link["start"], link["end"], link.get("text_id")))
    window = (Window(offset, len(rows), total, limit, path, "documents",
                     f"nearest first, then {_CITES_WEIGHT}") if path and (offset or total > len(rows)) else None)
    return render(f"引用关系 citations: {doc['name']} (depth {depth})", list(nodes.values()), edges, window=window)


def agency_page(store: GraphStore, eid: str, limit: int = DEFAULT_LIMIT, offset: int = 0,
                path: str | None = None) -> str:
    """What an agency or organisation issued, the `limit` heaviest documents from `offset` (weight: how many
    links join agency and document), and who issued them with it; paged as `entity_page`."""
    ent = find_entity(store, eid, ISSUER_TYPES)
    if ent is None:
        raise NotFound(f"no agency or organization with id {eid!r}")
    rows = store.read("agency_ranked_documents", {"id": eid, "offset": offset, "limit": limit,
                                                  "coissuers": COISSUERS_PER_DOCUMENT}).records()
    total = int(store.read("agency_issued_count", {"id": eid}).scalar() or 0)
    nodes = {eid: ViewNode(eid, ent["type"], ent["name"], root=True)}
    edges = []
    for r in rows:
        nodes.setdefault(r["id"], ViewNode(r["id"], r["type"], r["title"], weight=int(r["weight"])))
        edges.append(ViewEdge(eid, r["id"], "ISSUES", r["sentence"], r["doc"], r["start"], r["end"], r.get("text_id")))
        for co in r["coissuers"]:
            nodes.setdefault(co["id"], ViewNode(co["id"], co["type"], co["name"]))
            edges.append(ViewEdge(co["id"], r["id"], "ISSUES", co.get("sentence"), co.get("doc"), co.get("start"),
                                  co.get("end"), co.get("text_id")))
    window = (Window(offset, len(rows), total, limit, path, "documents issued",
                     f"ranked by {_WEIGHT} with {ent['name']}, then newest")
              if path and (offset or total > len(rows)) else None)
    return render(f"{ent['type']}: {ent['name']}", list(nodes.values()), edges, window=window)
