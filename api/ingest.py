"""Ingest files: read, extract, load; a file that fails is reported and the rest of the batch lands."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from api.sources import Skipped, Unreadable, discover, read_text
from graph.loader import load
from graph.store import GraphStore, StoreError, StoreUnavailable
from nlp.extract import extract


@dataclass
class IngestReport:
    """Totals of one ingest run and every file it could not use."""

    files: int = 0
    documents: int = 0
    entities: int = 0
    relations: int = 0
    entity_types: Counter[str] = field(default_factory=Counter)
    relation_types: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)


class IngestInterrupted(RuntimeError):
    """The graph went away mid-batch; `report` holds what landed before."""

    def __init__(self, report: IngestReport, cause: StoreUnavailable) -> None:
        super().__init__(str(cause))
        self.report = report


def ingest_paths(store: GraphStore, paths: Iterable[str | Path],
                 progress: Callable[[Path, int, int], None] | None = None) -> IngestReport:
    """Ingest every text file under `paths`; `progress(file, done, total)` is called after each file."""
    files, skipped = discover(paths)
    report = IngestReport(skipped=list(skipped))
    for done, path in enumerate(files, 1):
        try:
            text = read_text(path)
            extraction = extract(text, str(path))
            load(store, extraction)
        except Unreadable as exc:
            report.skipped.append(Skipped(str(path), str(exc)))
        except StoreUnavailable as exc:
            raise IngestInterrupted(report, exc) from exc
        except StoreError as exc:
            report.skipped.append(Skipped(str(path), f"graph write failed: {exc}"))
        except Exception as exc:  # an extractor bug must not sink the batch; the file is reported
            report.skipped.append(Skipped(str(path), f"extraction failed: {type(exc).__name__}: {exc}"))
        else:
            report.files += 1
            report.documents += len(extraction.documents)
            report.entities += len(extraction.entities)
            report.relations += len(extraction.relations)
            report.entity_types.update(e.type for e in extraction.entities)
            report.relation_types.update(r.type for r in extraction.relations)
        if progress:
            progress(path, done, len(files))
    return report
