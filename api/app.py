"""The FastAPI application: `create_app()` wires the graph store, routers and error bodies."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api import apidocs
from api import search as search_words
from api.cache import ResponseCache, ResponseCacheMiddleware
from api.deps import get_store, refuse_nul
from api.errors import NotFound
from api.routes import agencies, cypher, documents, entities, home, paths, regions, search, targets, upload, views
from api.schemas import ErrorBody, Health
from graph.settings import Settings, get_settings
from graph.store import GraphStore, QueryError, QueryRefused, QueryTimeout, ReadOnlyViolation, StoreError

log = logging.getLogger("policykg.api")


def create_app(store: GraphStore | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app; without `store`, the configured backend is opened at start-up and closed at shutdown."""
    settings = settings or get_settings()
    app = FastAPI(title="policykg", version="0.1.0", lifespan=_lifespan(store, settings),
                  description="A knowledge graph of Chinese digital-economy policy: documents, agencies, regions, "
                  "programs, laws and targets, and how they link, each link with its evidence.",
                  responses={422: {"model": ErrorBody}, 500: {"model": ErrorBody}},
                  dependencies=[Depends(refuse_nul)], docs_url=None, redoc_url=None)
    apidocs.install(app)  # /docs and /redoc from packaged assets (FastAPI's own load from a CDN)
    app.state.settings = settings
    if settings.response_cache_mb > 0:
        # Added before CORS, so it sits inside it: cached bodies never carry another request's CORS headers.
        app.state.response_cache = ResponseCache(settings.response_cache_mb * 1024 * 1024,
                                                 settings.response_cache_max_age_s)
        app.add_middleware(ResponseCacheMiddleware, cache=app.state.response_cache)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])
    _add_error_bodies(app)
    _add_health(app, settings)
    for module in (home, search, entities, documents, upload, agencies, regions, targets, paths, cypher, views):
        app.include_router(module.router)
    return app


def _lifespan(store: GraphStore | None, settings: Settings) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Start-up and shutdown: warm jieba, and open (then close) the store unless one was given."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # jieba loads its dictionary in the background, so the first /search does not wait for it.
        threading.Thread(target=search_words.warm, name="jieba-warm-up", daemon=True).start()
        owned = store is None
        if owned:
            from graph.connect import open_store

            app.state.store = open_store(settings)
        else:
            app.state.store = store
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    return lifespan


def _add_error_bodies(app: FastAPI) -> None:
    """Every error answers `{error, detail}`; graph failures without driver internals (the log has them)."""

    # Starlette's HTTPException (FastAPI's is a subclass): the framework raises it too, for an unknown path (404),
    # a wrong method (405) and a body it cannot parse (400), and those get the same {error, detail} body.
    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        codes = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type", 422: "invalid_request"}
        code = codes.get(exc.status_code, "error")
        return JSONResponse(ErrorBody(error=code, detail=str(exc.detail)).model_dump(), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = ["{}: {}".format(".".join(str(p) for p in e.get("loc", [])), e.get("msg")) for e in exc.errors()]
        return JSONResponse(ErrorBody(error="invalid_request", detail="; ".join(parts)).model_dump(), status_code=422)

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(ErrorBody(error="not_found", detail=exc.detail).model_dump(), status_code=404)

    @app.exception_handler(ReadOnlyViolation)
    async def read_only(_: Request, exc: ReadOnlyViolation) -> JSONResponse:
        return JSONResponse(ErrorBody(error="read_only", detail=str(exc)).model_dump(), status_code=400)

    @app.exception_handler(QueryRefused)
    async def refused(_: Request, exc: QueryRefused) -> JSONResponse:
        return JSONResponse(ErrorBody(error="refused", detail=str(exc)).model_dump(), status_code=400)

    @app.exception_handler(QueryTimeout)
    async def timeout(_: Request, exc: QueryTimeout) -> JSONResponse:
        return JSONResponse(ErrorBody(error="timeout", detail=str(exc)).model_dump(), status_code=504)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> JSONResponse:
        # A named statement the graph rejected is our bug, not an outage. No driver internals in the body.
        log.error("query rejected on %s: %s", request.url.path, exc)
        return JSONResponse(ErrorBody(error="query_failed", detail="the graph rejected a query").model_dump(),
                            status_code=500)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        # No stack trace and no driver internals in the body; the log has them.
        log.error("graph store failed on %s: %s", request.url.path, exc)
        return JSONResponse(ErrorBody(error="graph_unavailable", detail="the graph store failed").model_dump(),
                            status_code=503)


def _add_health(app: FastAPI, settings: Settings) -> None:
    """`GET /health`: liveness and the graph's size, within `POLICYKG_HEALTH_TIMEOUT_MS`."""

    @app.get("/health", response_model=Health, tags=["meta"],
             responses={503: {"model": ErrorBody, "description": "The graph is down and could not be restarted"}})
    def health(request: Request) -> Health | JSONResponse:
        """Liveness and the size of the graph; answers within `POLICYKG_HEALTH_TIMEOUT_MS`.

        `busy` (with the last counts seen) when the graph's query threads are all
        taken and the count did not come back in time; 503 with the reason when the
        graph is down and restarting it failed (the embedded server is restarted on
        demand, so a died server is usually back by the next request).
        """
        st = get_store(request)
        quick = getattr(st, "quick_counts", None)
        try:
            nodes, rels = quick(settings.health_timeout_ms) if quick else st.counts()
        except QueryTimeout:
            nodes, rels = getattr(app.state, "last_counts", (0, 0))
            return Health(status="busy", backend=st.backend, nodes=nodes, relationships=rels)
        except StoreError as exc:
            log.error("health: graph store failed: %s", exc)
            return JSONResponse(ErrorBody(error="graph_unavailable", detail=f"degraded: {exc}").model_dump(),
                                status_code=503)
        app.state.last_counts = (nodes, rels)
        return Health(status="ok", backend=st.backend, nodes=nodes, relationships=rels)
