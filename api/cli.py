"""The `policykg` command line: ingest, extract, query, cypher, serve, db."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.settings import Settings, get_settings
from graph.store import QueryRefused, QueryTimeout, ReadOnlyViolation, StoreError
from nlp.models import ISSUER_TYPES

app = typer.Typer(help="policykg: a knowledge graph of Chinese digital-economy policy.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the embedded FalkorDB server.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


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
            _fail(f"--param expects key=value, got {pair!r}")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


def _print_table(columns: list[str], rows: list[list[Any]], truncated: bool = False) -> None:
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in row))
    console.print(table)
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
    except IngestInterrupted as exc:
        _summary(exc.report)
        _fail(f"{exc} — the files listed above landed; run the same ingest again to finish (it is idempotent)")
    finally:
        store.close()
    _summary(report)
    if report.files == 0 and report.skipped:
        raise typer.Exit(1)


def _summary(report) -> None:  # noqa: ANN001 - graph.ingest.IngestReport
    console.print(f"[bold]{report.files}[/] file(s): {report.documents} document(s), {report.entities} "
                  f"entities, {report.relations} relations written")
    if report.entity_types:
        console.print("  entities: " + ", ".join(f"{k} {v}" for k, v in sorted(report.entity_types.items())))
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


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A statement in cypher/ (see `policykg query --list`).")] = "",
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
) -> None:
    """Run a named read query from cypher/."""
    from graph import cypher

    store = _open_store(schema=False)
    try:
        if list_ or not name:
            for item in cypher.available(store.backend):
                console.print(item)
            return
        try:
            result = store.read(name, _parse_params(param or []))
        except cypher.UnknownQuery:
            _fail(f"no query named {name!r}; `policykg query --list` shows them")
        except StoreError as exc:
            _fail(str(exc))
        _print_table(result.columns, result.rows)
    finally:
        store.close()


@app.command(name="cypher")
def cypher_cmd(
    statement: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run an ad-hoc read-only Cypher query; writes, and queries beyond the limits, are refused."""
    store = _open_store(schema=False)
    try:
        result = store.read_adhoc(statement, _parse_params(param or []))
    except (ReadOnlyViolation, QueryRefused) as exc:
        _fail(f"refused: {exc}", code=2)
    except QueryTimeout as exc:
        _fail(str(exc))
    except StoreError as exc:
        _fail(str(exc))
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps({"columns": result.columns, "rows": result.rows}, ensure_ascii=False) + "\n")
    else:
        _print_table(result.columns, result.rows, result.truncated)


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
        _fail(f"--kind must be auto, entity, citations or agency, not {kind!r}")
    store = _open_store(schema=False)
    try:
        found = find_entity(store, target)
        if found is None:
            hit = top_hit(store, target)
            if hit is None:
                _fail(f"{target!r} is neither an id nor found by search")
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
            _fail(exc.detail)
    except StoreError as exc:
        _fail(str(exc))
    finally:
        store.close()
    output.write_text(page, encoding="utf-8")
    console.print(f"wrote {output} ({etype} {found['name']})", markup=False, highlight=False)


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
