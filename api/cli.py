"""The `policykg` command line: ingest, extract, train, query, cypher, view, export, serve, db."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.settings import Settings, get_settings
from graph.store import QueryError, QueryRefused, QueryTimeout, ReadOnlyViolation, StoreError
from nlp.models import ISSUER_TYPES

app = typer.Typer(help="policykg: a knowledge graph of Chinese digital-economy policy.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the embedded FalkorDB server.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


#: Exit code of a user error (a bad name, parameter, path or query): one line on stderr, no traceback.
USAGE = 2
#: An example value per parameter name of the named queries, for the message that names missing parameters.
EXAMPLE_VALUES = {
    "id": "d486165d15f6a1a2", "from": "05c9d5cfb2fd22e0", "to": "d486165d15f6a1a2", "q": "发改委",
    "query": "'(数据) (安全)'", "type": "null", "limit": "20", "offset": "0", "depth": "2", "max": "4",
    "year": "2025", "unit": "null", "region": "null", "in_corpus": "true",
}


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _empty_graph_hint(store) -> None:  # noqa: ANN001 - GraphStore
    """When the graph holds nothing, say so, where it is, and how to fill it (on stderr)."""
    try:
        empty = store.counts() == (0, 0)
    except StoreError:
        return
    if empty:
        settings = getattr(store, "settings", None) or _settings()
        where = (f"the embedded graph in {settings.data_dir}" if settings.backend == "falkordb"
                 else f"the Neo4j graph at {settings.graph_url}")
        err.print(f"note: {where} is empty; fill it with `policykg ingest PATH…` (files or folders of policy "
                  "texts), or point POLICYKG_DATA_DIR at the data directory you ingested into", highlight=False)


def _settings() -> Settings:
    """The settings, or a one-line error naming the bad POLICYKG_* value (no traceback)."""
    try:
        return get_settings()
    except ValidationError as exc:
        problems = "; ".join(f"POLICYKG_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
                             for e in exc.errors())
        _fail(f"invalid configuration: {problems}")
        raise  # unreachable: _fail exits


def _open_store(*, schema: bool = True):  # noqa: ANN202 - GraphStore, imported lazily so `extract` needs no database
    """Open the configured graph; read-only commands pass `schema=False` so that they never write."""
    from graph.connect import open_store

    settings = _settings()
    try:
        # The embedded graph is ours to initialise (FalkorDB refuses reads on a graph key that does not exist
        # yet); a Neo4j database is not, so read-only commands never write its schema.
        return open_store(settings, schema=schema or settings.backend != "neo4j")
    except StoreError as exc:
        _fail(f"cannot open the graph: {exc}")


def _parse_params(pairs: list[str]) -> dict[str, Any]:
    """`k=v` pairs; values that parse as JSON (numbers, lists, true) keep their type, others are strings."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            _fail(f"--param expects key=value, got {pair!r}", USAGE)
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


#: Longest cell shown in a table (a whole evidence sentence or neighbour list is for --json).
MAX_CELL = 160
#: Narrowest a table column may get before rows are shown one field per line instead.
MIN_COLUMN = 10


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


def _clip(text: str, width: int) -> str:
    """`text` on one line cut to `width` terminal cells (CJK characters take two)."""
    from rich.cells import cell_len, set_cell_size

    text = re.sub(r"[\r\n\t]+", " ", text)
    return text if cell_len(text) <= width else set_cell_size(text, max(1, width - 1)) + "…"


def _print_table(columns: list[str], rows: list[list[Any]], truncated: bool = False) -> None:
    """Rows that fit the terminal width: a table whose columns wrap when every column gets MIN_COLUMN cells,
    else one `column  value` line per field, each value cut to the width (`--json` has everything)."""
    width = console.width
    if len(columns) * (MIN_COLUMN + 3) <= width:
        table = Table(show_lines=False, expand=False)
        for name in columns:
            table.add_column(name, overflow="fold", min_width=min(MIN_COLUMN, max(4, len(name))))
        for row in rows:
            table.add_row(*(_cell(v) for v in row))
        console.print(table, soft_wrap=False)
    else:
        key_width = max((len(c) for c in columns), default=0)
        for i, row in enumerate(rows, 1):
            console.print(_clip(f"── row {i} " + "─" * width, width), markup=False, highlight=False)
            for name, value in zip(columns, row, strict=False):
                line = f"{name.ljust(key_width)}  {_cell(value)}"
                console.print(_clip(line, width), markup=False, highlight=False)
    console.print(f"{len(rows)} row(s)" + (" (truncated at the row cap)" if truncated else ""))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (.txt, .md, .html, .pdf, .docx).")],
    log: Annotated[Path | None, typer.Option("--log", help="Append one line per file once it has landed.")] = None,
    workers: Annotated[int | None, typer.Option(help="Extraction processes (default: one per core).")] = None,
) -> None:
    """Extract entities and relations from the files and load them into the graph (re-running is harmless)."""
    from graph.ingest import IngestInterrupted, ingest_paths

    store = _open_store()
    progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.description}"), console=err)
    try:
        with progress:
            task = progress.add_task("", total=None)

            def tick(path: Path, done: int, total: int) -> None:
                progress.update(task, completed=done, total=total, description=path.name[:40])

            report = ingest_paths(store, paths, tick, ack_log=log, workers=workers)
        after = _counts(store)
    except IngestInterrupted as exc:
        _summary(exc.report, None)
        _fail(f"{exc} — the files listed above landed; run the same ingest again to finish (it is idempotent)")
    finally:
        store.close()
    _summary(report, after)
    if report.files == 0 and report.skipped:
        raise typer.Exit(1)


def _counts(store) -> tuple[int, int] | None:  # noqa: ANN001 - GraphStore
    try:
        return store.counts()
    except StoreError:
        return None


def _summary(report, after: tuple[int, int] | None) -> None:  # noqa: ANN001 - graph.ingest.IngestReport
    """What the graph now holds and what this run added to it, then what was read, noted and skipped."""
    if after is not None:
        console.print(f"[bold]{report.files}[/] file(s) ingested: the graph now holds {after[0]:,} nodes and "
                      f"{after[1]:,} relationships")
    else:
        console.print(f"[bold]{report.files}[/] file(s) ingested")
    # The graph's own statistics of this run's writes, not the mentions read: what a re-run says is 0 created.
    console.print(f"  this run: created {report.nodes_created:,} nodes and {report.relationships_created:,} "
                  f"relationships; {report.nodes_updated:,} nodes and {report.relationships_updated:,} "
                  "relationships were already there (merged into: updated or unchanged)")
    console.print(f"  read: {report.documents} document(s), {report.entities} entity mentions, {report.relations} "
                  "relation mentions (repeats merge into one node or one link per document and sentence)")
    if report.entity_types:
        console.print("  mentions: " + ", ".join(f"{k} {v}" for k, v in sorted(report.entity_types.items())))
    if report.relation_types:
        console.print("  relations: " + ", ".join(f"{k} {v}" for k, v in sorted(report.relation_types.items())))
    if report.notes:
        console.print(f"{len(report.notes)} note(s):")
        for note in report.notes:
            console.print(f"  {note.path}: {note.note}", markup=False, highlight=False)
    if report.skipped:
        console.print(f"[yellow]{len(report.skipped)} skipped:[/]")
        for item in report.skipped:
            console.print(f"  {item.path}: {item.reason}", markup=False, highlight=False)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Files to extract from (.txt .md .html .pdf .docx).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the shape score.py reads).")] = False,
) -> None:
    """Extract from files without touching the graph."""
    _settings()  # a bad POLICYKG_* value is one line here, not a traceback from deep in the reader
    from graph.decode import Unreadable
    from graph.sources import read_text
    from nlp.extract import extract as run_extract

    results = []
    for file in files:
        try:
            results.append(run_extract(read_text(file), str(file)))
        except Unreadable as exc:
            _fail(f"{file}: {exc}")
    if as_json:
        data = [r.model_dump(mode="json") for r in results]
        sys.stdout.write(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=1) + "\n")
        return
    for r in results:
        console.print(f"[bold]{r.source}[/]: {len(r.documents)} document(s), {len(r.entities)} entities, "
                      f"{len(r.relations)} relations")
        for d in r.documents:
            console.print(f"  {d.title}", markup=False)


#: CLUENER2020's training set where the shared data sits beside the checkout (../shared/ner/).
CLUENER = Path(__file__).resolve().parent.parent.parent / "shared" / "ner" / "cluener-train.json"


@app.command()
def train(
    cluener: Annotated[Path, typer.Option(help="CLUENER2020 training file (JSON objects one after another).")
                       ] = CLUENER,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder for the corpus and the model "
                      "(default: POLICYKG_NER_TRAIN_DIR, else <data dir>/ner).")] = None,
    config: Annotated[Path | None, typer.Option(help="spaCy config (default: nlp/model/config.cfg).")] = None,
    limit: Annotated[int, typer.Option(min=0, help="Read only the first N sentences (0: all).")] = 0,
    dev_share: Annotated[float, typer.Option(min=0.01, max=0.5, help="Share of sentences held out as dev.")] = 0.1,
    seed: Annotated[int, typer.Option(help="Seed of the train/dev split and of training.")] = 13,
    max_steps: Annotated[int | None, typer.Option(min=1, help="Training steps (default: the config's).")] = None,
) -> None:
    """Train the optional NER stage on CLUENER (mapped to Agency/Organization) and print how to use it."""
    settings = _settings()
    if not cluener.is_file():
        _fail(f"{cluener}: no such file (pass --cluener PATH)", USAGE)
    from nlp.train import CONFIG
    from nlp.train import train as run_train

    out = output or settings.ner_output
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"{out}: cannot be written ({exc.strerror})", USAGE)
    report = run_train(cluener, out, config=config or CONFIG, limit=limit, dev_share=dev_share, seed=seed,
                       max_steps=max_steps)
    scores = " ".join(f"{k}={v:.3f}" for k, v in sorted(report.scores.items()) if k.startswith("ents_"))
    console.print(f"trained on {report.train_sentences} sentences ({report.train_entities} entities), "
                  f"dev {report.dev_sentences} ({report.dev_entities}) in {report.seconds:.0f} s: {scores}",
                  highlight=False)
    console.print(f"model: {report.model}\nuse it: export POLICYKG_NER_MODEL={report.model}",
                  markup=False, highlight=False)


def _check_params(name: str, backend: str, params: dict[str, Any]) -> None:
    """Exit with the missing parameters named and an example command, before the graph sees the query."""
    from graph import cypher

    needed = cypher.parameters(name, backend)
    missing = [p for p in needed if p not in params]
    if missing:
        example = " ".join(f"-p {p}={EXAMPLE_VALUES.get(p, '…')}" for p in needed)
        _fail(f"{name} needs {', '.join(missing)} (every $parameter; null for an optional filter), "
              f"e.g. policykg query {name} {example}", USAGE)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A read query in cypher/ (see `policykg query --list`).")] = "",
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named read queries and their parameters.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print {columns, rows} as JSON.")] = False,
) -> None:
    """Run a named read query from cypher/ (docs/queries.md has an example of each)."""
    from graph import cypher

    backend = _settings().backend
    if list_ or not name:
        for item in cypher.read_queries(backend):
            needs = " ".join(f"-p {p}=…" for p in cypher.parameters(item, backend))
            console.print(f"{item} {needs}".rstrip(), markup=False, highlight=False)
        return
    try:
        cypher.load(name, backend)
    except cypher.UnknownQuery:
        _fail(f"no query named {name!r}; `policykg query --list` shows them", USAGE)
    if not cypher.is_read_query(name):
        _fail(f"{name!r} is an internal statement of the loader or the schema, not a read query; "
              "`policykg query --list` shows the read queries", USAGE)
    params = _parse_params(param or [])
    _check_params(name, backend, params)
    store = _open_store(schema=False)
    try:
        try:
            result = store.read(name, params)
        except (ReadOnlyViolation, QueryRefused) as exc:
            _fail(f"refused: {exc}", USAGE)
        except QueryError as exc:
            _fail(f"{name} rejected the parameters {json.dumps(params, ensure_ascii=False)}: {exc}", USAGE)
        except StoreError as exc:
            _fail(str(exc))
        if not result.rows:
            _empty_graph_hint(store)
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps({"columns": result.columns, "rows": result.rows}, ensure_ascii=False) + "\n")
    else:
        _print_table(result.columns, result.rows)


@app.command(name="cypher")
def cypher_cmd(
    statement: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run an ad-hoc read-only Cypher query; writes, and queries beyond the limits, are refused."""
    params = _parse_params(param or [])
    store = _open_store(schema=False)
    try:
        result = store.read_adhoc(statement, params)
        if not result.rows:
            _empty_graph_hint(store)
    except (ReadOnlyViolation, QueryRefused) as exc:
        _fail(f"refused: {exc}", code=USAGE)
    except QueryTimeout as exc:
        _fail(str(exc))
    except QueryError as exc:
        _fail(f"the graph rejected the query: {exc}", code=USAGE)
    except StoreError as exc:
        _fail(str(exc))
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps({"columns": result.columns, "rows": result.rows}, ensure_ascii=False) + "\n")
    else:
        _print_table(result.columns, result.rows, result.truncated)


@app.command()
def versions(
    doc_id: Annotated[str, typer.Argument(help="A document's or law's id (see `policykg query` or /search).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD: which version was in force then.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """A law's dated versions (when each was in force, its status and file); with --as-of, the one in force."""
    if as_of is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        _fail(f"--as-of expects YYYY-MM-DD, got {as_of!r}", USAGE)
    from api.errors import NotFound
    from api.legal import in_force_on, versions_of
    from api.routes.documents import fetch_document

    store = _open_store(schema=False)
    try:
        found = versions_of(store, fetch_document(store, doc_id))
        version, note = in_force_on(found, as_of) if as_of else (None, None)
    except NotFound as exc:
        _fail(f"{exc.detail}; `policykg query search_names -p q=…` finds ids", USAGE)
    except StoreError as exc:
        _fail(str(exc))
    finally:
        store.close()
    if as_json:
        data = found.model_dump(mode="json") | ({"as_of": as_of, "in_force": version.model_dump(mode="json")
                                                 if version else None, "note": note} if as_of else {})
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    rows = [[v.date, v.action, v.in_force_from, v.in_force_until, v.status, v.source] for v in found.versions]
    console.print(f"{found.title} ({found.status or 'status unknown'})", markup=False)
    _print_table(["date", "action", "in force from", "until", "status", "file"], rows)
    if as_of:
        console.print(f"in force on {as_of}: {version.date if version else 'none'}" + (f" ({note})" if note else ""),
                      markup=False)


@app.command()
def view(
    target: Annotated[str, typer.Argument(help="An entity or document id, or a search query (the top hit is drawn).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("view.html"),
    kind: Annotated[str, typer.Option("--kind", help="auto, entity, citations or agency.")] = "auto",
    depth: Annotated[int, typer.Option(min=1, max=3, help="Citation tree depth (--kind citations).")] = 2,
    limit: Annotated[int, typer.Option(min=1, max=500, help="Most neighbours drawn.")] = 200,
) -> None:
    """Write the same interactive HTML view the API serves under /views/… to a file."""
    from api import graphviews
    from api.entities import find_entity
    from api.errors import NotFound
    from api.search import top_hit

    if kind not in ("auto", "entity", "citations", "agency"):
        _fail(f"--kind must be auto, entity, citations or agency, not {kind!r}", USAGE)
    if not output.parent.is_dir():
        _fail(f"cannot write {output}: no folder {output.parent}", USAGE)
    store = _open_store(schema=False)
    try:
        found = find_entity(store, target)
        if found is None:
            hit = top_hit(store, target)
            if hit is None:
                _empty_graph_hint(store)
                _fail(f"{target!r} is neither an id nor found by search", USAGE)
            found = {"id": hit.id, "type": hit.type, "name": hit.name}
            err.print(f"{target!r} → {hit.type} {hit.name} ({hit.id})", markup=False, highlight=False)
        etype, eid = found["type"], found["id"]
        if kind == "auto":
            kind = "agency" if etype in ISSUER_TYPES else "entity"
        try:
            if kind == "citations":
                page = graphviews.citations_page(store, eid, depth, limit)
            elif kind == "agency":
                page = graphviews.agency_page(store, eid, limit)
            else:
                page = graphviews.entity_page(store, etype, eid, limit)
        except NotFound as exc:
            _fail(exc.detail, USAGE)
    except StoreError as exc:
        _fail(str(exc))
    finally:
        store.close()
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}", USAGE)
    console.print(f"wrote {output} ({etype} {found['name']})", markup=False, highlight=False)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml (Gephi, networkx), jsonl, or csv "
                                                              "(a folder of neo4j-admin import files).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (a folder for csv).")],
) -> None:
    """Write the whole graph for Gephi, networkx, Neo4j's bulk import or a script, with every link's evidence."""
    from graph.export import FORMATS, ExportError, check_output, neo4j_admin_command
    from graph.export import export as run_export

    if fmt not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", USAGE)
    try:
        check_output(fmt, output)
    except ExportError as exc:
        _fail(str(exc), USAGE)
    store = _open_store(schema=False)
    # The bar is for a person watching a large graph go out; in a log or a pipe an error stays one line.
    progress = Progress(TextColumn(f"[bold]export {fmt}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=not err.is_terminal)
    try:
        total = sum(_counts(store) or (0, 0))
        if total == 0:
            _empty_graph_hint(store)
        with progress:
            task = progress.add_task("", total=total or None)
            stats = run_export(store, fmt, output, lambda n: progress.advance(task, n))
    except ExportError as exc:
        _fail(str(exc), USAGE)
    except StoreError as exc:
        _fail(str(exc))
    finally:
        store.close()
    console.print(f"wrote {stats.nodes:,} nodes and {stats.relationships:,} relationships to "
                  + ", ".join(str(f) for f in stats.files), markup=False, highlight=False)
    if fmt == "csv":
        console.print("load into an empty Neo4j database with:\n  " + neo4j_admin_command(stats.files),
                      markup=False, highlight=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Server processes, each with its own connection to the graph "
                                                     "(default 1).")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request (a measurable cost under load).")] = True,
) -> None:
    """Start the HTTP API and views."""
    import uvicorn

    settings = _settings()
    # Open (and close) the graph first, so that a bad URL or data directory is one clear line, not the
    # traceback uvicorn prints when the app's start-up fails.
    _open_store().close()
    uvicorn.run("api.app:create_app", factory=True, host=host or settings.host, port=port or settings.port,
                workers=workers, access_log=access_log)


@db_app.command("status")
def db_status() -> None:
    """Show whether the graph is up, where, and how big."""
    from graph.connect import backend_status

    status = backend_status(_settings())
    for line in status.lines:
        console.print(line)
    if not status.running:
        return
    store = _open_store(schema=False)
    try:
        nodes, rels = store.counts()
    finally:
        store.close()
    console.print(f"graph: {nodes:,} nodes, {rels:,} relationships")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded FalkorDB server cleanly."""
    from graph.connect import stop_embedded

    try:
        stopped = stop_embedded(_settings())
    except StoreError as exc:
        _fail(str(exc))
    console.print("stopped" if stopped else "not running")


@db_app.command("reset")
def db_reset(yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False) -> None:
    """Delete every node and relationship."""
    if not yes:
        typer.confirm("Delete the whole graph?", abort=True)
    store = _open_store()
    try:
        store.clear()
        store.setup_schema()
    finally:
        store.close()
    console.print("graph cleared")


if __name__ == "__main__":  # pragma: no cover
    app()
