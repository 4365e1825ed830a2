"""Write extractions to the graph: batched `UNWIND $rows … MERGE` on the unique keys, idempotently.

Each file's writes go to the store as one atomic unit (`load`), or several
files' together as one larger unit (`load_many`), so a crash or a failed write
never leaves half a file behind, and loading the same file again changes
nothing (MERGE on `id`; relations keyed by document and sentence offset; alias
and document lists are unions).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from graph.store import GraphStore
from nlp.lexicon import known_aliases
from nlp.models import Extraction, entity_id

# Ids are sha1 hashes of (type, name); a group of files names the same entities over and over.
_entity_id = lru_cache(maxsize=200_000)(entity_id)

# Scalar attributes a node may carry; anything else in `attrs` stays out of the graph.
_SCALAR = (str, int, float, bool)
# The facts of one goal that its Target node carries (from the TARGETS relation's attrs).
_GOAL_FACTS = ("year", "value", "unit", "comparator", "metric", "low")
# The facts of a relation its edge carries (CITES: kind; AMENDS: date, ordinal).
_EDGE_FACTS = ("kind", "date", "ordinal")


def text_id(text: str) -> str:
    """The content address of a file's decoded text: its `FileText` node's id, on the documents and evidence
    read from it. By content, not path: a file that moves keeps its id, one that changes gets a new one, so
    evidence offsets always point into the text they were read from."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def goal_id(doc: str, key: str, metric: str | None) -> str:
    """The graph id of one goal of one document: a Target node is a commitment, not a number, so two
    documents' "2024 5%" (or one report's two goals of 5%) are different nodes."""
    return _entity_id("Target", f"{doc}|{key}|{metric or ''}")


def _goal_row(by_label: dict[str, dict[str, dict[str, Any]]], rel: Any) -> str:
    """The Target node row of the goal a TARGETS relation sets; returns its id."""
    doc, key = rel.evidence.document, rel.tail.name
    gid = goal_id(doc, key, rel.attrs.get("metric"))
    if gid not in by_label["Target"]:
        props = {k: rel.attrs[k] for k in _GOAL_FACTS if isinstance(rel.attrs.get(k), _SCALAR)}
        by_label["Target"][gid] = {"id": gid, "name": key, "type": "Target", "aliases": [], "docs": [doc],
                                   "props": {"key": key, **props}}
    return gid


@dataclass(frozen=True)
class LoadStats:
    """What a write read and what it did to the graph.

    `documents`, `entities`, `relations` count what the files said (mentions, before merging);
    `nodes_created` and `relationships_created` are the graph's own statistics of the write; `node_keys` and
    `relationship_keys` (hashes of the MERGE keys) are every node and relationship the write merged, new or
    not, so that a run can count the distinct ones it touched: touched minus created is what was there already.
    """

    documents: int
    entities: int
    relations: int
    nodes_created: int = 0
    relationships_created: int = 0
    node_keys: frozenset[int] = frozenset()
    relationship_keys: frozenset[int] = frozenset()


def _row(by_label: dict[str, dict[str, dict[str, Any]]], file_docs: dict[tuple[str, str], set[str]],
         etype: str, name: str, doc: str | None = None) -> dict[str, Any]:
    """The row of entity (etype, name), created on first sight; `doc` is noted as one of this file's documents."""
    eid = _entity_id(etype, name)
    found = by_label[etype].get(eid)
    if found is None:
        # Every alias the lexicons know is on the node from its first row, not only the forms this text used,
        # so that search finds 发改委 although a text wrote 国家发展改革委.
        found = {"id": eid, "name": name, "type": etype, "aliases": list(known_aliases(etype, name)), "docs": [],
                 "props": {}}
        by_label[etype][eid] = found
    if doc is not None:
        file_docs[(etype, eid)].add(doc)
    return found


def _document_facts(doc: Any) -> list[tuple[str, Any]]:
    """A document's facts as node properties (lists joined: graph properties are scalars or lists of them)."""
    return [("kind", doc.kind), ("date", doc.date), ("period", doc.period), ("number", doc.number),
            ("issuers", list(doc.issuers) or None), ("addressees", list(doc.addressees) or None),
            ("attachments", list(doc.attachments) or None), ("effective", doc.effective),
            ("status", doc.status), ("level", doc.level), ("place", doc.place), ("published", doc.published),
            ("version", doc.version), ("expired", doc.expired)]


def version_id(work: str, date: str) -> str:
    """The graph id of one dated version of a work (a law's Law node id and the version's date)."""
    return _entity_id("Version", f"{work}|{date}")


def _version_rows(extractions: Sequence[Extraction],
                  texts: Sequence[str | None]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Version nodes (one per work and date; a later file's facts win, the text's own version carries its
    source and span) and SUPERSEDES links between consecutive versions each file lists."""
    nodes: dict[str, dict[str, Any]] = {}
    links: dict[tuple[str, str], dict[str, Any]] = {}
    for extraction, tid in zip(extractions, texts, strict=True):
        for doc in extraction.documents:
            ids = []
            for v in doc.versions:
                vid = version_id(doc.id, v.date)
                ids.append(vid)
                props: dict[str, Any] = {k: x for k, x in (
                    ("action", v.action), ("ordinal", v.ordinal), ("body", v.body), ("decision", v.decision),
                    ("number", v.number), ("effective", v.effective), ("expired", v.expired)) if x is not None}
                if v.in_file:
                    props.update(source=extraction.source, start=doc.start, end=doc.end, in_corpus=True,
                                 **({"text_id": tid} if tid else {}),
                                 **{k: x for k, x in (("status", doc.status), ("level", doc.level),
                                                      ("published", doc.published)) if x})
                row = nodes.setdefault(vid, {"id": vid, "work": doc.id, "title": doc.title, "date": v.date,
                                             "props": {}})
                row["props"].update(props)
            for older, newer in zip(ids, ids[1:], strict=False):
                links[(newer, older)] = {"newer": newer, "older": older}
    return list(nodes.values()), list(links.values())


def _node_rows(extractions: Sequence[Extraction], texts: Sequence[str | None]) -> dict[str, list[dict[str, Any]]]:
    """Rows per label, one per id, covering every entity, document and relation endpoint of the files.

    Rows of several files are combined as loading them one after another would leave the nodes: aliases
    and documents accumulate in file order (each file's documents sorted), a later file's properties win.
    """
    by_label: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for extraction, tid in zip(extractions, texts, strict=True):
        file_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
        row = partial(_row, by_label, file_docs)
        for doc in extraction.documents:
            row(doc.type, doc.title, doc.id)["props"].update({
                "title": doc.title, "source": extraction.source, "start": doc.start, "end": doc.end,
                "in_corpus": True, **({"text_id": tid} if tid else {}),
                **{k: v for k, v in _document_facts(doc) if v},
            })
        for ent in extraction.entities:
            if ent.type == "Target":
                continue  # one node per goal, made from its TARGETS relation below
            r = row(ent.type, ent.name)
            r["aliases"].extend(a for a in ent.aliases if a != ent.name and a not in r["aliases"])
            r["props"].update({k: v for k, v in ent.attrs.items() if isinstance(v, _SCALAR)})
        for rel in extraction.all_relations():
            if rel.type == "TARGETS":
                _goal_row(by_label, rel)
                row(rel.head.type, rel.head.name, rel.evidence.document)
                continue
            for ref in (rel.head, rel.tail):
                row(ref.type, ref.name, rel.evidence.document)
        for (etype, eid), docs in file_docs.items():
            r = by_label[etype][eid]
            r["docs"].extend(d for d in sorted(docs) if d not in r["docs"])
    return {label: list(rows.values()) for label, rows in by_label.items()}


def _relation_rows(extractions: Sequence[Extraction],
                   texts: Sequence[str | None]) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Rows per (relation type, head label, tail label), one per (head, tail, document, sentence start).

    Across files a later file's evidence wins, as loading them one after another would leave it.
    """
    groups: dict[tuple[str, str, str], dict[tuple[str, str, str, int], dict[str, Any]]] = defaultdict(dict)
    for extraction, tid in zip(extractions, texts, strict=True):
        for rel in extraction.all_relations():
            ev = rel.evidence
            head = _entity_id(rel.head.type, rel.head.name)
            tail = (goal_id(ev.document, rel.tail.name, rel.attrs.get("metric")) if rel.type == "TARGETS"
                    else _entity_id(rel.tail.type, rel.tail.name))
            groups[(rel.type, rel.head.type, rel.tail.type)][(head, tail, ev.document, ev.start)] = {
                "head": head, "tail": tail, "doc": ev.document, "start": ev.start, "end": ev.end,
                "sentence": ev.sentence, "source": extraction.source, "text_id": tid,
                # a citation's kind (依据, 贯彻…), an amendment's date and ordinal; null for the rest
                **{k: rel.attrs.get(k) if rel.type != "TARGETS" else None for k in _EDGE_FACTS},
            }
    return {k: list(v.values()) for k, v in groups.items()}


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def statements(extraction: Extraction | Sequence[Extraction], batch_size: int = 500,
               texts: Sequence[str | None] | None = None) -> list[tuple[str, Mapping[str, Any], Mapping[str, str]]]:
    """The (statement, params, placeholder names) one or several files' extractions write, nodes first.

    Several files are combined into the fewest statements: rows of one label
    (or relation type) from all of them go into the same `UNWIND` batches.
    `texts` are the files' decoded texts (None where unknown), in the same order: each is stored once, as a
    `FileText` node keyed by its content (`text_id`), and named on its documents, versions and evidence.
    """
    extractions = [extraction] if isinstance(extraction, Extraction) else list(extraction)
    given = list(texts) if texts is not None else [None] * len(extractions)
    if len(given) != len(extractions):
        raise ValueError(f"{len(given)} texts for {len(extractions)} extractions")
    text_rows = {text_id(t): {"id": text_id(t), "text": t, "chars": len(t)} for t in given if t is not None}
    ids = [text_id(t) if t is not None else None for t in given]
    out: list[tuple[str, Mapping[str, Any], Mapping[str, str]]] = []
    # One text per statement: a law can be megabytes, and a batch of them one huge request.
    for row in text_rows.values():
        out.append(("merge_texts", {"rows": [row]}, {}))
    for label, rows in sorted(_node_rows(extractions, ids).items()):
        for chunk in _chunks(rows, batch_size):
            out.append(("merge_nodes", {"rows": chunk}, {"label": label}))
    for (rel, head, tail), rows in sorted(_relation_rows(extractions, ids).items()):
        for chunk in _chunks(rows, batch_size):
            out.append(("merge_relations", {"rows": chunk}, {"rel": rel, "head": head, "tail": tail}))
    versions, supersedes = _version_rows(extractions, ids)
    for chunk in _chunks(versions, batch_size):
        out.append(("merge_versions", {"rows": chunk}, {}))
    for chunk in _chunks(supersedes, batch_size):
        out.append(("merge_supersedes", {"rows": chunk}, {}))
    return out


def rows_of(extraction: Extraction) -> int:
    """Roughly how many rows a file writes (nodes and relations): the loader's unit of work."""
    return len(extraction.entities) + len(extraction.documents) + 2 * len(extraction.all_relations())


def load(store: GraphStore, extraction: Extraction, batch_size: int | None = None,
         text: str | None = None) -> LoadStats:
    """Write one file's extraction (and its decoded `text`, for the source view) atomically; raises
    `StoreError` and writes nothing on failure."""
    return load_many(store, [extraction], batch_size, [text])


def load_many(store: GraphStore, extractions: Sequence[Extraction], batch_size: int | None = None,
              texts: Sequence[str | None] | None = None) -> LoadStats:
    """Write several files' extractions (with their decoded `texts`, in the same order, None where unknown) as
    one atomic unit (all land or none does), in few large batches; the text lands with the file's graph.

    Batching files together is what lets the loader approach a raw bulk
    `UNWIND`: per-statement overhead is paid once per group, not once per file.
    """
    size = batch_size or getattr(getattr(store, "settings", None), "batch_size", 500)
    todo = statements(extractions, size, texts)
    text_ids = sorted({row["id"] for name, params, _ in todo if name == "merge_texts" for row in params["rows"]})
    # the stored texts are nodes too, but not the graph's: the summary counts what `counts()` counts
    texts_present = store.read("count_file_texts", {"ids": text_ids}).scalar() if text_ids else 0
    written = store.write_atomic(todo)
    nodes, relationships = merge_keys(todo)
    return LoadStats(
        documents=sum(len(e.documents) for e in extractions),
        entities=sum(len(e.entities) for e in extractions),
        relations=sum(len(e.all_relations()) for e in extractions),
        nodes_created=written.nodes_created - (len(text_ids) - (texts_present or 0)),
        relationships_created=written.relationships_created,
        node_keys=frozenset(nodes),
        relationship_keys=frozenset(relationships),
    )


def merge_keys(todo: Sequence[tuple[str, Mapping[str, Any], Mapping[str, str]]]) -> tuple[set[int], set[int]]:
    """Hashes of the MERGE keys of every node and relationship the statements write (as `statements` makes
    them): a node by its `id`, a relationship by type, ends and, for evidence links, document and start.
    Hashes, not the keys: a run over a large corpus keeps one int per node and relationship."""
    nodes: set[int] = set()
    relationships: set[int] = set()
    for name, params, names in todo:
        for row in params["rows"]:
            if name in ("merge_nodes", "merge_versions"):
                nodes.add(hash(row["id"]))
            if name == "merge_versions":
                relationships.add(hash(("HAS_VERSION", row["work"], row["id"])))
            elif name == "merge_relations":
                relationships.add(hash((names["rel"], row["head"], row["tail"], row["doc"], row["start"])))
            elif name == "merge_supersedes":
                relationships.add(hash(("SUPERSEDES", row["newer"], row["older"])))
    return nodes, relationships
