"""Ingest files: read, extract, load; a file that fails is reported and the rest of the batch lands.

Reading and extraction (the CPU-heavy part) run in a pool of worker processes
when there are several files and more than one core; the parent writes the
extractions to the graph in the order the files were found, a group of files
per atomic unit (`graph.loader.load_many`), so a file is never half-written.
A file counts as done, and is acknowledged, only once its write has been
confirmed by the store; with an acknowledgement log (`ack_log=` or `POLICYKG_INGEST_LOG`) each such file is
appended to it and flushed, so a supervisor knows exactly what landed even if
this process is killed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import IO

from graph.decode import Unreadable
from graph.loader import LoadStats, load, load_many, rows_of
from graph.settings import get_settings
from graph.sources import Note, Skipped, discover, max_file_bytes, read_source
from graph.store import GraphStore, StoreError, StoreNotDurable, StoreUnavailable
from nlp.extract import extract
from nlp.models import Extraction

log = logging.getLogger("policykg.ingest")

# A group is written at the latest this long after its first file was ready.
_GROUP_SECONDS = 0.5
# Below this many files a process pool costs more than it saves.
_MIN_FILES_FOR_POOL = 4


@dataclass
class IngestReport:
    """Totals of one ingest run, every file it could not use, and notes on files it read."""

    files: int = 0
    documents: int = 0
    entities: int = 0
    relations: int = 0
    #: What the graph counted: nodes and relationships this run created, and the distinct ones it merged into
    #: (new or already there); `nodes_updated` / `relationships_updated` are those that were already there.
    nodes_created: int = 0
    relationships_created: int = 0
    node_keys: set[int] = field(default_factory=set, repr=False)
    relationship_keys: set[int] = field(default_factory=set, repr=False)
    entity_types: Counter[str] = field(default_factory=Counter)
    relation_types: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def nodes_updated(self) -> int:
        """Distinct nodes this run merged into that were in the graph before it (updated or unchanged)."""
        return len(self.node_keys) - self.nodes_created

    @property
    def relationships_updated(self) -> int:
        """Distinct relationships this run merged into that were in the graph before it."""
        return len(self.relationship_keys) - self.relationships_created

    def add_write(self, stats: LoadStats) -> None:
        """Count one landed write's graph statistics."""
        self.nodes_created += stats.nodes_created
        self.relationships_created += stats.relationships_created
        self.node_keys |= stats.node_keys
        self.relationship_keys |= stats.relationship_keys


class IngestInterrupted(RuntimeError):
    """The graph went away, or could not keep a write on disk, mid-batch; `report` holds what landed before."""

    def __init__(self, report: IngestReport, cause: StoreError) -> None:
        super().__init__(str(cause))
        self.report = report


@dataclass(frozen=True)
class Prepared:
    """One file read and extracted (in a worker), or the reason it could not be."""

    path: Path
    extraction: Extraction | None = None
    notes: tuple[str, ...] = ()
    reason: str | None = None
    #: The decoded text the extraction's offsets refer to; stored with the file's graph (the source view).
    text: str | None = None


def prepare(path: Path, max_bytes: int | None = None) -> Prepared:
    """Read and extract one file; never raises for a bad file (the reason is returned instead)."""
    try:
        source = read_source(path, max_bytes)
    except Unreadable as exc:
        return Prepared(path, reason=str(exc))
    try:
        # provenance: the absolute path, so `source` names the file wherever ingest ran and wherever it is read
        extraction = extract(source.text, str(path.resolve()))
    except Exception as exc:  # an extractor bug must not sink the batch; the file is reported
        return Prepared(path, notes=source.notes, reason=f"extraction failed: {type(exc).__name__}: {exc}")
    return Prepared(path, extraction=extraction, notes=source.notes, text=source.text)


def default_workers() -> int:
    """`POLICYKG_INGEST_WORKERS` when set, else the number of usable cores."""
    if get_settings().ingest_workers:
        return get_settings().ingest_workers
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def ingest_paths(store: GraphStore, paths: Iterable[str | Path],
                 progress: Callable[[Path, int, int], None] | None = None, *,
                 workers: int | None = None, max_bytes: int | None = None,
                 ack_log: str | Path | None = None, group_rows: int | None = None) -> IngestReport:
    """Ingest every supported file under `paths`; `progress(file, done, total)` is called after each file.

    `workers` extraction processes (default: `default_workers()`); `max_bytes`
    is the per-file size limit (default `POLICYKG_MAX_FILE_BYTES` or 20 MB);
    `ack_log` (default `POLICYKG_INGEST_LOG`) receives one line per file:
    `ok<TAB>path<TAB>{"documents": [ids], "relations": n}` once it is in the
    graph, `skip<TAB>path<TAB>reason` when it was left out, and
    `note<TAB>path<TAB>text` for what is worth knowing about a file read (e.g. "decoded as GB18030").
    Files are written in atomic groups of about `group_rows` rows (default `POLICYKG_INGEST_GROUP_ROWS`,
    2000: enough to amortise per-statement cost, little enough that one write holds the server for only
    tens of milliseconds while reads wait; 1 writes each file on its own).
    Raises `IngestInterrupted` when the store goes away or a write is not durable (`StoreNotDurable`: the
    server's append-only file failed, or its disk is nearly full); files acknowledged before that have landed.
    """
    files, skipped = discover(paths)
    report = IngestReport(skipped=list(skipped))
    limit = max_bytes or max_file_bytes()
    n_workers = default_workers() if workers is None else max(1, workers)
    ack_target = ack_log if ack_log is not None else get_settings().ingest_log
    with _open_ack(ack_target) as ack:
        writer = _GroupWriter(store, report, ack, progress, len(files), group_rows or get_settings().ingest_group_rows)
        for item in skipped:
            _ack(ack, "skip", item.path, item.reason)
        for prepared in _prepared(files, limit, n_workers):
            for note in prepared.notes:
                report.notes.append(Note(str(prepared.path), note))
                _ack(ack, "note", str(prepared.path), note)
            if prepared.extraction is None:
                writer.skip(prepared.path, prepared.reason or "unreadable")
            else:
                writer.add(prepared.path, prepared.extraction, prepared.text)
        writer.flush()
    return report


class _GroupWriter:
    """Writes files to the graph in groups (one atomic unit each), acknowledging every file once it has landed.

    A group is flushed when it holds `group_rows` rows, or `_GROUP_SECONDS`
    after its first file arrived (so acknowledgements keep pace with a slow
    extractor), or at the end. If a group's write fails (not a lost
    connection), its files are written one by one so the failure is pinned on
    the file that causes it and the others still land.
    """

    def __init__(self, store: GraphStore, report: IngestReport, ack: IO[str] | None,
                 progress: Callable[[Path, int, int], None] | None, total: int, group_rows: int) -> None:
        self.store, self.report, self.ack, self.progress = store, report, ack, progress
        self.total, self.group_rows = total, max(1, group_rows)
        self.done = 0
        self.group: list[tuple[Path, Extraction, str | None]] = []
        self.rows = 0
        self.opened = 0.0

    def add(self, path: Path, extraction: Extraction, text: str | None = None) -> None:
        if not self.group:
            self.opened = time.monotonic()
        self.group.append((path, extraction, text))
        self.rows += rows_of(extraction)
        if self.rows >= self.group_rows or time.monotonic() - self.opened >= _GROUP_SECONDS:
            self.flush()

    def skip(self, path: Path, reason: str) -> None:
        self.report.skipped.append(Skipped(str(path), reason))
        _ack(self.ack, "skip", str(path), reason)
        self._tick(path)

    def flush(self) -> None:
        group, self.group, self.rows = self.group, [], 0
        if not group:
            return
        try:
            stats = load_many(self.store, [extraction for _, extraction, _ in group],
                              texts=[text for _, _, text in group])
        except (StoreUnavailable, StoreNotDurable) as exc:  # not this group's fault: stop, acknowledge nothing
            raise IngestInterrupted(self.report, exc) from exc
        except StoreError:  # some statements may have applied: the per-file MERGEs repair that idempotently
            for path, extraction, text in group:
                self._write_one(path, extraction, text)
            return
        self.report.add_write(stats)
        for path, extraction, _ in group:
            self._landed(path, extraction)

    def _write_one(self, path: Path, extraction: Extraction, text: str | None) -> None:
        try:
            stats = load(self.store, extraction, text=text)
        except (StoreUnavailable, StoreNotDurable) as exc:
            raise IngestInterrupted(self.report, exc) from exc
        except StoreError as exc:
            self.skip(path, f"graph write failed: {exc}")
        else:
            self.report.add_write(stats)
            self._landed(path, extraction)

    def _landed(self, path: Path, extraction: Extraction) -> None:
        _count(self.report, extraction)
        _ack(self.ack, "ok", str(path), json.dumps({
            "documents": [d.id for d in extraction.documents],
            "relations": len({(r.type, r.head.id, r.tail.id, r.evidence.document, r.evidence.start)
                              for r in extraction.all_relations()}),
        }, ensure_ascii=False))
        self._tick(path)

    def _tick(self, path: Path) -> None:
        self.done += 1
        if self.progress:
            self.progress(path, self.done, self.total)


def _count(report: IngestReport, extraction: Extraction) -> None:
    report.files += 1
    report.documents += len(extraction.documents)
    report.entities += len(extraction.entities)
    report.relations += len(extraction.all_relations())
    report.entity_types.update(e.type for e in extraction.entities)
    report.relation_types.update(r.type for r in extraction.all_relations())


# -- the worker pool ---------------------------------------------------------


def _prepared(files: list[Path], max_bytes: int, workers: int) -> Iterator[Prepared]:
    """`prepare` each file, in order; in `workers` processes when that pays, with a bounded read-ahead.

    A worker that dies (the OOM killer, a crash in a C extension) costs the
    file at the head of the queue, reported as skipped; the pool is rebuilt and
    the other files in flight are tried again.
    """
    if workers <= 1 or len(files) < _MIN_FILES_FOR_POOL:
        for path in files:
            yield prepare(path, max_bytes)
        return
    _warm_up()
    window = 2 * workers
    queue: deque[Path] = deque(files)
    pending: deque[tuple[Path, Future[Prepared]]] = deque()
    pool = _new_pool(workers)
    try:
        while queue or pending:
            while queue and len(pending) < window:
                path = queue.popleft()
                pending.append((path, pool.submit(prepare, path, max_bytes)))
            path, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                result = Prepared(path, reason="the extraction worker process died on this file (out of memory?)")
                queue.extendleft(reversed([p for p, _ in pending]))
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)  # a broken pool's workers are gone: no wait
                pool = _new_pool(workers)
            except Exception as exc:  # e.g. a result that cannot be pickled back
                result = Prepared(path, reason=f"extraction failed: {type(exc).__name__}: {exc}")
            yield result
    finally:
        # Wait (for at most the files in flight): a pool left shutting down on its own when the process
        # exits makes Python's exit hook write to its closed wake-up pipe, a traceback after the CLI's
        # one-line error (CPython 3.11, concurrent.futures._python_exit).
        pool.shutdown(wait=True, cancel_futures=True)


def _warm_up() -> None:
    """Run the extractor once before forking, so every worker inherits its loaded lexicons and models.

    Without this each worker pays the extractor's first-call set-up itself (about 1 s of CPU each, and
    colder caches): measured on 60 city reports, 7.5 s of worker CPU cold against 4.4 s warm.
    """
    with contextlib.suppress(Exception):
        extract("国务院关于印发《“十四五”数字经济发展规划》的通知", "<warm-up>")


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # fork: workers share the parent's loaded lexicons and models instead of loading their own.
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"), initializer=_die_with_parent)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the ingest process dies, so a `kill -9` leaves no orphans."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() == 1:  # the parent is already gone
        os._exit(1)


# -- acknowledgement log -----------------------------------------------------


@contextlib.contextmanager
def _open_ack(target: str | Path | None) -> Iterator[IO[str] | None]:
    if target is None:
        yield None
        return
    with open(target, "a", encoding="utf-8") as handle:
        yield handle


def _ack(handle: IO[str] | None, status: str, path: str, detail: str) -> None:
    """One line per file; flushed at once so the line outlives a killed process."""
    log.info("%s %s %s", status, path, detail)
    if handle is not None:
        handle.write(f"{status}\t{path}\t{detail}\n")
        handle.flush()
