"""POST /documents: extract from a posted text and load it into the graph (API key required)."""

from __future__ import annotations

import json
import secrets
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.deps import AppSettings, Store
from api.schemas import ErrorBody, IngestRequest, IngestResult
from graph.decode import Unreadable, decode
from graph.loader import load
from nlp.extract import extract

router = APIRouter(tags=["documents"])

_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": IngestRequest.model_json_schema()},
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary", "description": "A UTF-8 text file."},
                               "source": {"type": "string"}},
            }},
        },
    }
}


def _check_key(settings: AppSettings, given: str | None) -> None:
    configured = settings.api_key.get_secret_value() if settings.api_key else ""
    if not configured:
        raise HTTPException(status_code=403, detail="ingest over HTTP is disabled: set POLICYKG_API_KEY on the server "
                                                    "and send it in the X-API-Key header")
    if not given or not secrets.compare_digest(given.encode(), configured.encode()):
        raise HTTPException(status_code=401, detail="missing or wrong X-API-Key header",
                            headers={"WWW-Authenticate": "X-API-Key"})


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(status_code=413, detail=f"body of {declared} bytes is over the {limit}-byte limit")
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > limit:
            raise HTTPException(status_code=413, detail=f"body is over the {limit}-byte limit")
    return bytes(data)


async def _text_and_source(request: Request, body: bytes) -> tuple[str, str]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        try:
            payload = IngestRequest.model_validate(json.loads(body))
        except (json.JSONDecodeError, UnicodeDecodeError, ValidationError) as exc:
            raise HTTPException(status_code=422, detail=f"expected JSON {{text, source?}}: {exc}") from exc
        return payload.text, payload.source or "api:posted-text"
    if ctype == "multipart/form-data":
        request._body = body  # already read under the size limit; let Starlette parse it from memory
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(status_code=422, detail="multipart upload needs a `file` field")
        try:
            text = decode(await upload.read())
        except Unreadable as exc:
            raise HTTPException(status_code=422, detail=f"cannot read the file: {exc}") from exc
        source = form.get("source")
        if isinstance(source, str) and "\x00" in source:  # a form field; JSON `source` is checked by IngestRequest
            raise HTTPException(status_code=422, detail="NUL characters are not allowed in `source`")
        return text, source if isinstance(source, str) and source else f"upload:{upload.filename or 'file'}"
    raise HTTPException(status_code=415,
                        detail="send application/json {text, source?} or multipart/form-data with a file")


@router.post("/documents", response_model=IngestResult, status_code=201, openapi_extra=_BODY_DOC, responses={
    400: {"model": ErrorBody, "description": "A multipart body that cannot be parsed (e.g. no boundary)"},
    401: {"model": ErrorBody, "description": "Missing or wrong X-API-Key"},
    403: {"model": ErrorBody, "description": "No API key configured on the server: ingest is off"},
    413: {"model": ErrorBody, "description": "Body over POLICYKG_MAX_UPLOAD_BYTES"},
    415: {"model": ErrorBody, "description": "Neither JSON nor multipart"},
})
async def ingest_document(
    request: Request,
    store: Store,
    settings: AppSettings,
    x_api_key: Annotated[str | None, Header(description="The server's POLICYKG_API_KEY.")] = None,
) -> IngestResult:
    """Extract entities and relations from a posted text and load them; returns the extraction.

    Send JSON `{"text": "...", "source": "..."}` or a multipart form with a
    `file` (and optional `source`). Needs `X-API-Key`.
    """
    _check_key(settings, x_api_key)
    body = await _read_limited(request, settings.max_upload_bytes)
    text, source = await _text_and_source(request, body)
    if not text.strip():
        raise HTTPException(status_code=422, detail="the text is empty")
    extraction = await run_in_threadpool(extract, text, source)
    stats = await run_in_threadpool(load, store, extraction, None, text)  # the text too: its source view
    return IngestResult(source=source, extraction=extraction, documents=stats.documents, entities=stats.entities,
                        relations=stats.relations)
