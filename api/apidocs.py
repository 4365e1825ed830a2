"""/docs (Swagger UI) and /redoc (ReDoc) from assets that ship with a package, so they work offline.

FastAPI's own pages load Swagger UI and ReDoc from a CDN (and ReDoc Google Fonts): blank without a network.
The `fastapi-offline` package bundles both (swagger-ui-dist and redoc's standalone build); its files are
served here under /static-docs, and the pages are FastAPI's own HTML pointed at them.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
PREFIX = "/static-docs"


def install(app: FastAPI) -> None:
    """Add /docs, /redoc and their assets to an app created with `docs_url=None, redoc_url=None`."""
    app.mount(PREFIX, StaticFiles(directory=ASSETS), name="static-docs")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{app.title} — API docs",
                                   swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{PREFIX}/swagger-ui.css",
                                   swagger_favicon_url=f"{PREFIX}/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title=f"{app.title} — ReDoc",
                              redoc_js_url=f"{PREFIX}/redoc.standalone.js", redoc_favicon_url=f"{PREFIX}/favicon.png",
                              with_google_fonts=False)
