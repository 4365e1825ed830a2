"""Ad-hoc read-only Cypher: a lexical gate, then a read-only transaction, a server-side timeout and a row cap."""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException

from api.deps import AppSettings, Store
from api.schemas import CypherRequest, CypherResult, ErrorBody
from graph.store import QueryError

router = APIRouter(tags=["cypher"])
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@router.post("/cypher", response_model=CypherResult, responses={
    400: {"model": ErrorBody, "description": "A write, schema change, admin call, or a query the graph rejects"},
    504: {"model": ErrorBody, "description": "The query ran past the timeout and was stopped"},
})
def run_cypher(body: CypherRequest, store: Store, settings: AppSettings) -> CypherResult:
    """Run one read-only Cypher statement with `$parameters`; columns and rows come back as JSON.

    Every write (CREATE, MERGE, SET, DELETE, REMOVE, LOAD CSV…), schema change,
    admin or unlisted procedure and multi-statement input is refused with 400
    and the graph is unchanged: the query is scanned first, then run with
    GRAPH.RO_QUERY (FalkorDB) or in a READ transaction (Neo4j). Queries stop
    after `POLICYKG_QUERY_TIMEOUT_MS` (504); at most `POLICYKG_ROW_CAP` rows return.
    """
    bad = [k for k in body.params if not _PARAM_NAME.fullmatch(k)]
    if bad:
        raise HTTPException(status_code=422, detail=f"parameter names must be identifiers: {bad}")
    try:
        result = store.read_adhoc(body.query, body.params, timeout_ms=settings.query_timeout_ms,
                                  row_cap=settings.row_cap)
    except QueryError as exc:
        raise HTTPException(status_code=400, detail=f"the graph rejected the query: {exc}") from exc
    return CypherResult(columns=result.columns, rows=result.rows, truncated=result.truncated,
                        row_cap=settings.row_cap, timeout_ms=settings.query_timeout_ms)
