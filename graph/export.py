"""Export the whole graph for the tools analysts already use: GraphML (Gephi, networkx), JSON lines, and CSV in
the layout `neo4j-admin database import` reads.

The graph is read through the `GraphStore` protocol with the named statements `export_nodes` and
`export_relationships`, a page at a time on a keyset cursor (node ids), so memory stays bounded by a page
whatever the graph's size. GraphML and CSV need every column and its type in a header before the first row,
so rows are first spooled to temporary files beside the output and the header is written once all are seen.
Every output appears whole or not at all: files are written under temporary names and renamed at the end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal
from xml.sax.saxutils import escape, quoteattr

from graph.store import GraphStore

Format = Literal["graphml", "jsonl", "csv"]
FORMATS: tuple[str, ...] = Format.__args__  # type: ignore[attr-defined]
#: Nodes per read; a page of relationships is those of as many start nodes.
PAGE_SIZE = 1000
#: Separator of list values in CSV cells (neo4j-admin's default `--array-delimiter`) and GraphML strings.
ARRAY_DELIMITER = ";"
#: Progress callback: called with how many more nodes or relationships have been written.
Progress = Callable[[int], None]


class ExportError(RuntimeError):
    """The output cannot be written (a missing folder, no permission, a full disk): a user error."""


@dataclass(frozen=True)
class ExportNode:
    """One node: its id, labels and properties (id included)."""

    id: str
    labels: tuple[str, ...]
    properties: dict[str, Any]


@dataclass(frozen=True)
class ExportEdge:
    """One relationship: type, start and end node ids, and its properties (the evidence: doc, sentence, start,
    end, source, and kind/date/ordinal where the relation has them)."""

    type: str
    start: str
    end: str
    properties: dict[str, Any]


@dataclass
class ExportStats:
    """What an export wrote."""

    nodes: int = 0
    relationships: int = 0
    files: list[Path] = field(default_factory=list)


def iter_nodes(store: GraphStore, page_size: int = PAGE_SIZE) -> Iterator[ExportNode]:
    """Every node, in id order, read a page at a time."""
    after = ""
    while True:
        rows = store.read("export_nodes", {"after": after, "limit": page_size}).rows
        for (node,) in rows:
            props = {k: v for k, v in node.items() if k != "_labels"}
            yield ExportNode(id=str(props["id"]), labels=tuple(node.get("_labels") or ()), properties=props)
        if len(rows) < page_size:
            return
        after = str(rows[-1][0]["id"])


def iter_edges(store: GraphStore, page_size: int = PAGE_SIZE) -> Iterator[ExportEdge]:
    """Every relationship, grouped by start node in id order, read a page of start nodes at a time."""
    after = ""
    while True:
        rows = store.read("export_relationships", {"after": after, "limit": page_size}).rows
        if not rows:
            return
        nodes: set[str] = set()
        for node, rtype, target, rel in rows:
            nodes.add(node)
            if rel is not None:
                props = {k: v for k, v in rel.items() if k != "_type"}
                yield ExportEdge(type=str(rtype), start=str(node), end=str(target), properties=props)
        if len(nodes) < page_size:
            return
        after = max(nodes)


# -- column types ---------------------------------------------------------------------------------------------

_SCALAR_KIND = {bool: "boolean", int: "long", float: "double", str: "string"}


def _kind(value: Any) -> str | None:
    """`long`, `double`, `boolean`, `string`, or one of them + `[]` for a list (`[]` alone: an empty list, some
    list type); None for nothing to go by."""
    if value is None:
        return None
    if isinstance(value, list):
        inner = {_kind(v) for v in value} - {None}
        if not inner:
            return "[]"
        return _merge_kinds(*inner) + "[]" if all("[]" not in k for k in inner) else "string[]"  # type: ignore[operator]
    return _SCALAR_KIND.get(type(value), "string")


def _merge_kinds(*kinds: str) -> str:
    """One type all of `kinds` fit: the same, `double` for numbers, else `string` (`string[]` for lists)."""
    found = set(kinds)
    if "[]" in found and len(found) > 1 and all(k.endswith("[]") for k in found):
        found.discard("[]")  # an empty list fits any list type
    if len(found) == 1:
        return found.pop()
    if found <= {"long", "double"}:
        return "double"
    if found <= {"long[]", "double[]"}:
        return "double[]"
    return "string[]" if all(k.endswith("[]") for k in found) else "string"


@dataclass
class _Columns:
    """Property names in order of first sight, each with the one type every value seen so far fits."""

    kinds: dict[str, str | None] = field(default_factory=dict)

    def observe(self, props: dict[str, Any]) -> None:
        for key, value in props.items():
            kind, seen = _kind(value), self.kinds.get(key)
            self.kinds[key] = kind if seen is None else seen if kind is None else _merge_kinds(seen, kind)

    def final(self, key: str) -> str:
        kind = self.kinds.get(key) or "string"
        return "string[]" if kind == "[]" else kind


def _text(value: Any) -> str:
    """A value as cell or GraphML text: lists joined by `ARRAY_DELIMITER`, booleans lower-case."""
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# -- output files -------------------------------------------------------------------------------------------

class _Outputs:
    """Files written under temporary names in their final folder, renamed into place only by `commit`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pending: list[tuple[Path, Path]] = []
        try:
            self.spool = Path(tempfile.mkdtemp(prefix=".policykg-export-", dir=folder))
        except OSError as exc:
            raise ExportError(f"cannot write in {folder}: {exc.strerror or exc}") from exc

    def open(self, final: Path) -> IO[str]:
        """A text file that becomes `final` on `commit`."""
        temp = self.spool / f"out-{len(self._pending)}"
        self._pending.append((temp, final))
        return temp.open("w", encoding="utf-8", newline="")

    def spool_file(self, name: str) -> Path:
        return self.spool / name

    def commit(self) -> list[Path]:
        for temp, final in self._pending:
            os.replace(temp, final)
        return [final for _, final in self._pending]

    def discard(self) -> None:
        shutil.rmtree(self.spool, ignore_errors=True)


def check_output(fmt: str, path: Path) -> Path:
    """The folder the output of `fmt` goes to, or `ExportError` saying why `path` cannot be written — checked
    before the graph is read, so a typo costs nothing."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "csv" and path.exists() and not path.is_dir():
        raise ExportError(f"cannot write CSV files into {path}: it is a file, not a folder")
    if fmt != "csv" and path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder (give a file name)")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: no folder {path.parent}")
    writable = path if fmt == "csv" and path.is_dir() else path.parent
    if not os.access(writable, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {path}: {writable} is not writable")
    return path if fmt == "csv" else path.parent


def export(store: GraphStore, fmt: str, path: Path, progress: Progress | None = None,
           page_size: int = PAGE_SIZE) -> ExportStats:
    """Write the whole graph to `path` in `fmt` (a file for graphml and jsonl, a folder for csv).

    Raises `ExportError` when the output cannot be written; store errors propagate.
    """
    path = Path(path)
    folder = check_output(fmt, path)
    if fmt == "csv":
        try:
            path.mkdir(exist_ok=True)
        except OSError as exc:
            raise ExportError(f"cannot create {path}: {exc.strerror or exc}") from exc
    outputs = _Outputs(folder)
    tick = progress or (lambda _n: None)
    try:
        writer = {"graphml": _write_graphml, "jsonl": _write_jsonl, "csv": _write_csv}[fmt]
        stats = writer(store, path, outputs, tick, page_size)
        stats.files = outputs.commit()
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        outputs.discard()
    return stats


def _write_jsonl(store: GraphStore, path: Path, outputs: _Outputs, tick: Progress, page_size: int) -> ExportStats:
    """One JSON object a line: every node (`"element": "node"`), then every edge (`"element": "edge"`)."""
    stats = ExportStats()
    with outputs.open(path) as out:
        for node in iter_nodes(store, page_size):
            out.write(json.dumps({"element": "node", "id": node.id, "labels": list(node.labels),
                                  "properties": node.properties}, ensure_ascii=False) + "\n")
            stats.nodes += 1
            tick(1)
        for edge in iter_edges(store, page_size):
            out.write(json.dumps({"element": "edge", "type": edge.type, "from": edge.start, "to": edge.end,
                                  "properties": edge.properties}, ensure_ascii=False) + "\n")
            stats.relationships += 1
            tick(1)
    return stats


# -- GraphML --------------------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (a stray control character in a text would make the file unreadable).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GRAPHML_TYPE = {"long": "long", "double": "double", "boolean": "boolean"}


def _xml(value: Any) -> str:
    return escape(_XML_ILLEGAL.sub("", _text(value)))


def _node_attributes(node: ExportNode) -> dict[str, Any]:
    """What a GraphML node carries: its labels, a type (the entity type, or the label of a Version), a display
    `label` (Gephi shows it) and every property."""
    primary = next((label for label in node.labels if label != "Entity"), node.labels[0] if node.labels else "")
    name = node.properties.get("name") or node.properties.get("title") or node.id
    return {"labels": list(node.labels), "type": node.properties.get("type") or primary, "label": name,
            **{k: v for k, v in node.properties.items() if k != "type"}}


def _graphml_data(values: dict[str, Any], columns: _Columns, keys: dict[str, str], prefix: str) -> str:
    columns.observe({k: _text(v) if isinstance(v, list) else v for k, v in values.items()})
    parts = []
    for key, value in values.items():
        if value is None or value == []:
            continue
        if key not in keys:
            keys[key] = f"{prefix}{len(keys)}"
        parts.append(f'<data key="{keys[key]}">{_xml(value)}</data>')
    return "".join(parts)


def _write_graphml(store: GraphStore, path: Path, outputs: _Outputs, tick: Progress, page_size: int) -> ExportStats:
    """A directed GraphML graph; list properties become `;`-joined strings (GraphML has no list type)."""
    stats = ExportStats()
    node_cols, edge_cols = _Columns(), _Columns()
    node_keys: dict[str, str] = {}
    edge_keys: dict[str, str] = {}
    body = outputs.spool_file("graphml-body")
    with body.open("w", encoding="utf-8") as out:
        for node in iter_nodes(store, page_size):
            data = _graphml_data(_node_attributes(node), node_cols, node_keys, "n")
            out.write(f"<node id={quoteattr(node.id)}>{data}</node>\n")
            stats.nodes += 1
            tick(1)
        for edge in iter_edges(store, page_size):
            data = _graphml_data({"type": edge.type, **edge.properties}, edge_cols, edge_keys, "e")
            out.write(f'<edge id="r{stats.relationships}" source={quoteattr(edge.start)} '
                      f"target={quoteattr(edge.end)}>{data}</edge>\n")
            stats.relationships += 1
            tick(1)
    with outputs.open(path) as final:
        final.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="'
                    'http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for target, keys, columns in (("node", node_keys, node_cols), ("edge", edge_keys, edge_cols)):
            for name, key_id in keys.items():
                kind = _GRAPHML_TYPE.get(columns.final(name), "string")
                final.write(f'<key id="{key_id}" for="{target}" attr.name={quoteattr(name)} attr.type="{kind}"/>\n')
        final.write('<graph id="policykg" edgedefault="directed">\n')
        with body.open(encoding="utf-8") as src:
            shutil.copyfileobj(src, final)
        final.write("</graph>\n</graphml>\n")
    return stats


# -- CSV for neo4j-admin database import ---------------------------------------------------------------------

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_]+")


def _header(columns: _Columns, fixed: list[str], skip: set[str]) -> tuple[list[str], list[str]]:
    """The header cells (`name:type`; strings untyped) and the property keys of the columns after `fixed`."""
    keys = [k for k in columns.kinds if k not in skip]
    cells = []
    for key in keys:
        kind = columns.final(key)
        cells.append(key if kind == "string" else f"{key}:{'string[]' if kind == 'string[]' else kind}")
    return fixed + cells, keys


class _Groups:
    """Rows spooled per group (node label set, relationship type) as JSON lines, columns observed as they go."""

    def __init__(self, outputs: _Outputs, prefix: str) -> None:
        self.outputs, self.prefix = outputs, prefix
        self.files: dict[str, IO[str]] = {}
        self.columns: dict[str, _Columns] = {}

    def add(self, group: str, fixed: list[Any], props: dict[str, Any]) -> None:
        if group not in self.files:
            self.files[group] = self.outputs.spool_file(f"{self.prefix}-{group}").open("w", encoding="utf-8")
            self.columns[group] = _Columns()
        self.columns[group].observe(props)
        self.files[group].write(json.dumps([fixed, props], ensure_ascii=False) + "\n")

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()

    def rows(self, group: str) -> Iterator[tuple[list[Any], dict[str, Any]]]:
        with self.outputs.spool_file(f"{self.prefix}-{group}").open(encoding="utf-8") as src:
            for line in src:
                fixed, props = json.loads(line)
                yield fixed, props


def _write_csv(store: GraphStore, folder: Path, outputs: _Outputs, tick: Progress, page_size: int) -> ExportStats:
    """`nodes_<Label>.csv` per label set (`id:ID`, `:LABEL`, properties) and `relationships_<TYPE>.csv` per type
    (`:START_ID`, `:END_ID`, `:TYPE`, properties); lists as `name:string[]` cells joined by `;`."""
    import csv

    stats = ExportStats()
    nodes, rels = _Groups(outputs, "nodes"), _Groups(outputs, "rels")
    try:
        for node in iter_nodes(store, page_size):
            group = _SAFE_NAME.sub("_", "_".join(lab for lab in node.labels if lab != "Entity") or "Node")
            nodes.add(group, [node.id, ARRAY_DELIMITER.join(node.labels)],
                      {k: v for k, v in node.properties.items() if k != "id"})
            stats.nodes += 1
            tick(1)
        for edge in iter_edges(store, page_size):
            rels.add(_SAFE_NAME.sub("_", edge.type), [edge.start, edge.end, edge.type], edge.properties)
            stats.relationships += 1
            tick(1)
    finally:
        nodes.close()
        rels.close()
    for groups, name, fixed in ((nodes, "nodes", ["id:ID", ":LABEL"]),
                                (rels, "relationships", [":START_ID", ":END_ID", ":TYPE"])):
        for group in sorted(groups.files):
            header, keys = _header(groups.columns[group], fixed, set())
            with outputs.open(folder / f"{name}_{group}.csv") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(header)
                for fixed_values, props in groups.rows(group):
                    writer.writerow([*fixed_values, *(_text(props.get(k)) for k in keys)])
    return stats


def neo4j_admin_command(files: list[Path]) -> str:
    """The `neo4j-admin database import full` command line that loads the CSV files of an export."""
    args = []
    for file in files:
        flag = "--nodes" if file.name.startswith("nodes_") else "--relationships"
        args.append(f"{flag}={file}")
    return ("neo4j-admin database import full --array-delimiter=';' --multiline-fields=true "
            + " ".join(args) + " neo4j")
