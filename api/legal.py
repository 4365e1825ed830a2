"""Versions and as-of questions: which version of a work was in force on a date, read from the graph.

A law is one work (its Law node) with dated Version nodes (`graph.loader.version_id`). A version is in
force from its effective date (else its own date) until the next version starts, or until the work is
repealed (a text that names it 《…》同时废止, dated by that text); the index's 失效 without a date ends
the latest version at an unknown time. A document without versions is its own single version.
"""

from __future__ import annotations

from typing import Any

from api.schemas import DocumentDetail, VersionList, VersionOut
from graph.store import GraphStore


def _start(v: dict[str, Any]) -> str:
    eff = v.get("effective")
    return eff if eff and eff >= v["date"] else v["date"]


def versions_of(store: GraphStore, doc: DocumentDetail) -> VersionList:
    """The dated versions of `doc`, oldest first, with when each was in force and its status."""
    rows = store.read("document_versions", {"id": doc.id}).records()
    repeal = store.read("document_repealed_by", {"id": doc.id}).records()
    repealed_on = repeal[0]["date"] if repeal else None
    repealed_by = repeal[0]["title"] if repeal else None
    if not rows:  # a document without versions is its own one version
        rows = [{"id": doc.id, "date": doc.version or doc.published or doc.date, "action": None,
                 "effective": doc.effective, "source": doc.source, "start": doc.start, "end": doc.end,
                 "in_corpus": doc.in_corpus}]
        rows = [r for r in rows if r["date"]]
    out: list[VersionOut] = []
    for i, r in enumerate(rows):
        start = _start(r)
        until = _start(rows[i + 1]) if i + 1 < len(rows) else repealed_on
        latest = i + 1 == len(rows)
        gone = latest and (repealed_on is not None or doc.status == "失效")
        status = "失效" if gone else ("现行" if latest else "已修改")
        out.append(VersionOut(**{k: r.get(k) for k in ("id", "date", "action", "ordinal", "body", "decision",
                                                        "number", "effective", "source", "start", "end")},
                              in_corpus=bool(r.get("in_corpus")), in_force_from=start, in_force_until=until,
                              status=status))
    return VersionList(id=doc.id, title=doc.title, status="失效" if repealed_on else doc.status,
                       repealed_on=repealed_on, repealed_by=repealed_by, versions=out)


def in_force_on(versions: VersionList, day: str) -> tuple[VersionOut | None, str | None]:
    """The version in force on `day` (YYYY-MM-DD), or None and why none was."""
    if not versions.versions:
        return None, "no dated version is known"
    first = versions.versions[0]
    if day < (first.in_force_from or first.date):
        return None, f"not yet in force: its first known version takes effect on {first.in_force_from}"
    found = None
    for v in versions.versions:
        if (v.in_force_from or v.date) <= day:
            found = v
    if found is not None and found.in_force_until and day >= found.in_force_until:
        return None, f"repealed on {found.in_force_until}"
    return found, None
