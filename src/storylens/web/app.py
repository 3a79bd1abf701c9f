"""The FastAPI application: server-rendered pages, each with a JSON twin, over one store.

``create_app(store)`` builds a fresh app (no module globals). Pages read the store's verbs
(``story_slices``, ``articles``, ``search``, ``rejections``) and shape them with :mod:`storylens.present.views`;
ingest calls the same :func:`storylens.api.analyze` the CLI calls, on the app's store, with the SSRF guard on.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from storylens import api
from storylens.ingest import IngestOptions
from storylens.model import Rejection, Report
from storylens.pipeline import PipelineOptions, Progress
from storylens.present import render
from storylens.store.base import Store
from storylens.web import api as web_api
from storylens.web.csrf import cross_site_refusal
from storylens.web.docs import DOCS_CSP, add_api_docs
from storylens.web.errors import add_error_pages
from storylens.web.routes import add_page_routes
from storylens.web.state import SECURITY_HEADERS, AppState, Runner, StoryIndex, WebOptions
from storylens.web.uploads import IngestForm, Upload, UploadRefused, write_inputs


def pipeline_options(limits: WebOptions) -> PipelineOptions:
    """What the web's analysis runs with: the SSRF guard on, documents cut at the web's ``max_chars``."""
    return PipelineOptions(ingest=IngestOptions(allow_private=False, max_chars=limits.max_chars))


def default_runner(store: Store, limits: WebOptions | None = None, progress: Progress | None = None) -> Runner:
    """The CLI's analysis over the app's store (in this process), URLs limited to public addresses (SSRF guard),
    each document analysed up to the web's ``max_chars``."""
    options = pipeline_options(limits or WebOptions())

    def run(inputs: Sequence[str]) -> tuple[Report, tuple[Rejection, ...]]:
        return api.analyze(inputs, store=store, options=options, engine="sequential", progress=progress)

    return run


def create_app(
    store: Store, read_only: bool = False, *, options: WebOptions | None = None, runner: Runner | None = None
) -> FastAPI:
    """Build the web UI and JSON API over ``store``; ``read_only`` refuses ingest with 403."""
    app = FastAPI(
        title="storylens",
        version="1",
        docs_url=None,  # served by web/docs.py from the installed fastapi-offline assets, not a CDN
        redoc_url=None,
        description="Stories, articles, reuse, quotes, conflicts, framing and timelines as JSON.",
    )
    options = options or WebOptions()
    state = AppState(
        store=store,
        read_only=read_only,
        options=options,
        runner=runner or default_runner(store, options),
        env=render.environment(),
        index=StoryIndex(store, options.index_ttl_s),
        ingest_lock=threading.Lock(),
    )
    app.state.storylens = state

    @app.middleware("http")
    async def same_origin_writes(request: Request, call_next: Callable[[Request], Any]) -> Response:
        refusal = cross_site_refusal(request.method, request.headers)
        if refusal:  # before the form is read: a forged upload costs nothing
            return JSONResponse({"error": refusal}, status_code=403)
        response: Response = await call_next(request)
        return response

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        docs = response.headers.get("Content-Security-Policy") == DOCS_CSP and request.url.path == "/docs"
        response.headers.update(SECURITY_HEADERS)
        if docs:
            response.headers["Content-Security-Policy"] = DOCS_CSP
        return response

    static = Path(__file__).parent / "static"
    add_api_docs(app)  # mounts /static/swagger before /static, which would shadow it
    app.mount("/static", StaticFiles(directory=static), name="static")
    add_error_pages(app, state)
    add_page_routes(app, state)
    _add_ingest_routes(app, state)
    return app


def _add_ingest_routes(app: FastAPI, state: AppState) -> None:
    @app.post(
        "/api/ingest",
        summary="Analyse pasted text, HTML, a URL or uploaded files",
        description=f"Send JSON {INGEST_JSON_SHAPE} or a multipart form with text, title, source, url or files.",
        responses=web_api.INGEST_RESPONSES,
    )
    async def ingest_json(request: Request) -> JSONResponse:
        status, result = await _ingest(request, state)
        return JSONResponse(result, status_code=status)

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_page(request: Request) -> HTMLResponse:
        status, result = await _ingest(request, state)
        lines = [f"{r['origin']}: {r['reason']}" for r in result.get("rejections", [])]
        if status != 200:
            return state.page(
                "message.html",
                request,
                status,
                heading="Not analysed",
                error=True,
                message=result["error"],
                lines=lines,
            )
        stories = [(s["id"], s["title"]) for s in result["stories"]]
        message = f"Analysed {_count(len(result['articles']), 'article')} into {_count(len(stories), 'story')}."
        return state.page("message.html", request, heading="Analysed", message=message, lines=lines, stories=stories)


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"


async def _ingest(request: Request, state: AppState) -> tuple[int, dict[str, Any]]:
    """Check the request, run the pipeline in a worker thread, and describe what it produced."""
    if state.read_only:
        return 403, {"error": "this server is read-only: ingest is disabled"}
    limit = state.options.max_upload_bytes * (state.options.max_files + 1)
    if int(request.headers.get("content-length") or 0) > limit:
        return 413, {"error": "request too large"}
    try:
        form = await (_read_json(request) if _is_json(request) else _read_form(request, state.options))
        if not (form.text.strip() or form.url.strip() or form.uploads):
            raise UploadRefused(f"nothing to analyse: send JSON {INGEST_JSON_SHAPE} or a form with text, url or files")
        report, rejected = await run_in_threadpool(_run, state, form)
    except UploadRefused as exc:
        return 400, {"error": str(exc)}
    except Exception as exc:  # a failure of analysis, not of the request: said plainly, logged for the operator
        _log.exception("analysis of a web ingest failed")
        state.index.invalidate()  # articles read before the failure are stored: the list may show them
        return 500, {"error": analysis_failure(exc)}
    state.index.invalidate()
    result = {
        "articles": [article.id for article in report.articles],
        "stories": [{"id": story.id, "title": story.title} for story in report.stories],
        "rejections": [r.to_dict() for r in rejected],
    }
    if not report.articles and rejected:  # nothing came in: a failure, said as one
        return 422, {"error": "nothing could be analysed", **result}
    return 200, result


_log = logging.getLogger(__name__)


def analysis_failure(exc: BaseException) -> str:
    """One line for a failed analysis: what failed and that nothing stored was lost."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return (
        f"the analysis failed ({what[:300]}). Nothing stored before is lost; articles read from this request are "
        "kept and analysed when it is sent again."
    )


INGEST_JSON_SHAPE = '{"text" | "html" | "url": "...", "title": "...", "source": "..."}'
_JSON_FIELDS = ("text", "html", "url", "title", "source")


def _is_json(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/json"


async def _read_json(request: Request) -> IngestForm:
    """Read a JSON ingest request: one article as text or HTML, or a URL, with an optional title and source."""
    try:
        data = json.loads(await request.body())
    except (ValueError, RecursionError) as exc:
        raise UploadRefused(f"unreadable JSON ({exc}); send {INGEST_JSON_SHAPE}") from exc
    if not isinstance(data, dict) or not any(isinstance(data.get(key), str) for key in ("text", "html", "url")):
        raise UploadRefused(f"send {INGEST_JSON_SHAPE}")
    wrong = [key for key in _JSON_FIELDS if key in data and not isinstance(data[key], str)]
    if wrong:
        raise UploadRefused(f"{', '.join(wrong)}: must be a string; send {INGEST_JSON_SHAPE}")
    html = data.get("html", "")
    uploads = (Upload("pasted.html", html.encode("utf-8", "replace")),) if html else ()
    return IngestForm(data.get("text", ""), data.get("title", ""), data.get("source", ""), data.get("url", ""), uploads)


async def _read_form(request: Request, options: WebOptions) -> IngestForm:
    """Read the multipart (or urlencoded) form, refusing too many or too large files."""
    try:
        data = await request.form(max_files=options.max_files, max_fields=20)
    except Exception as exc:  # Starlette raises its own parse errors for malformed or oversized forms
        raise UploadRefused(f"unreadable form: {exc}") from exc
    uploads = []
    for item in data.getlist("files"):
        if isinstance(item, UploadFile) and item.filename:
            content = await item.read(options.max_upload_bytes + 1)
            uploads.append(Upload(item.filename, content))

    def field(name: str) -> str:
        value = data.get(name)
        return value if isinstance(value, str) else ""

    return IngestForm(field("text"), field("title"), field("source"), field("url"), tuple(uploads))


def _run(state: AppState, form: IngestForm) -> tuple[Report, tuple[Rejection, ...]]:
    """Write the inputs to a private temporary folder and run the pipeline on them, one ingest at a time."""
    with state.ingest_lock, tempfile.TemporaryDirectory(prefix="storylens-web-") as folder:
        inputs = write_inputs(form, Path(folder), state.options.max_upload_bytes)
        return state.runner(inputs)
