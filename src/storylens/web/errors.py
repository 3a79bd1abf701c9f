"""Error answers a newcomer can act on: an HTML page with the header, search and a way back; JSON for the API."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from storylens.web.state import SECURITY_HEADERS, AppState

_log = logging.getLogger(__name__)
_HEADINGS = {400: "Bad request", 403: "Not allowed", 404: "Not found", 405: "Not allowed", 413: "Too large"}


def wants_json(request: Request) -> bool:
    """Tell whether the request is for the JSON API (a ``.json`` twin, ``/api/…``) rather than a page."""
    path = request.url.path
    return path.endswith(".json") or path.startswith("/api/") or path == "/openapi.json"


def _validation_message(error: RequestValidationError) -> str:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("query", "body"))
        problems.append(f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid")))
    return "; ".join(problems) or "invalid request"


def add_error_pages(app: FastAPI, state: AppState) -> None:
    """Answer errors as a page with the site's header (status kept), or as JSON for the API."""

    def answer(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        heading = _HEADINGS.get(status, "Something went wrong" if status >= 500 else "Cannot show this")
        return state.page("message.html", request, status, heading=heading, error=True, message=message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else "not found"
        if error.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return answer(request, error.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        return answer(request, 422, _validation_message(error))

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        # Anything a route did not expect: the reader gets the site's page (or JSON), the operator the traceback.
        _log.error("%s %s failed", request.method, request.url.path, exc_info=error)
        response = answer(request, 500, f"this page could not be built ({type(error).__name__}); the data is unchanged")
        response.headers.update(SECURITY_HEADERS)  # this answer bypasses the middleware that adds them elsewhere
        return response
