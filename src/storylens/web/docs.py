"""The API's interactive documentation at ``/docs``: Swagger UI 5 from the ``fastapi-offline`` package (no CDN).

FastAPI describes the API as OpenAPI 3.1, which Swagger UI reads from version 5 on (the ``swagger-ui-bundle``
package ships 4.15, which refuses the description: "does not specify a valid version field").
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

# The docs page runs Swagger UI's own script (from this server); every other page runs none.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script></body></html>
"""


def add_api_docs(app: FastAPI) -> None:
    """Serve ``/docs``: Swagger UI over ``/openapi.json``, its assets from the installed package."""
    from importlib.resources import files

    assets = files("fastapi_offline") / "static"
    app.mount("/static/swagger", StaticFiles(directory=str(assets)), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> Response:
        return HTMLResponse(_PAGE.format(title=escape(app.title)), headers={"Content-Security-Policy": DOCS_CSP})
