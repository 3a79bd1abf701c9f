"""The ``storylens`` command line: each command a few lines calling the public API.

Bad input never ends in a traceback: every rejected input is one line naming it (and its line), the rest of the
batch is processed, and the exit code is 1 when anything failed (2 when the run itself could not go on).
Skipped inputs (unknown file types) are listed but are not failures.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storylens.errors import StorylensError
from storylens.ingest import IngestOptions
from storylens.model import Rejection, Report
from storylens.pipeline import PipelineOptions
from storylens.stages.clean.document import CleanOptions
from storylens.stages.framing import FramingOptions

T = TypeVar("T")

app = typer.Typer(
    help="Read many outlets' coverage of a story: clean text, stories, reuse, quotes, conflicts, framing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)
console = Console(stderr=True, soft_wrap=True)  # one input, one line: never wrapped

ANALYZE_EPILOG = """\b
Examples:
  storylens analyze articles/ --json report.json
  storylens analyze feed.xml https://example.org/news/1 --html report.html --db news.db
  storylens analyze corpus.jsonl.gz --articles-out articles.parquet
"""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_LISTED = 50  # rejection lines printed; the store keeps them all
MAX_STORY_ROWS = 15  # the summary must fit on one screen

_ENGINE_HELP = "auto (worker processes when the batch pays for them), sequential, local or ray."
_SOURCE_HELP = "Outlet of the inputs that do not name one (files; records without a source)."


def _summary_table(report: Report) -> Table:
    table = Table(title="storylens", show_header=True)
    table.add_column("story")
    table.add_column("articles", justify="right")
    table.add_column("outlets")
    by_id = {article.id: article for article in report.articles}
    for story in report.stories[:MAX_STORY_ROWS]:
        # An article without a known outlet is named by its id, as the report's summaries name it.
        outlets = sorted({by_id[a].source or a for a in story.article_ids if a in by_id})
        table.add_row(escape(story.title), str(len(story.article_ids)), escape(", ".join(outlets)))
    if len(report.stories) > MAX_STORY_ROWS:
        table.add_row(f"… and {len(report.stories) - MAX_STORY_ROWS} more stories", "", "")
    return table


def _print_summary(report: Report) -> None:
    out = Console(soft_wrap=True)
    if report.stories:
        out.print(_summary_table(report))
    out.print(
        f"{len(report.articles)} articles · {len(report.stories)} stories · {len(report.reuse)} reuse pairs · "
        f"{len(report.entities)} entities · {len(report.quotes)} quotes · {len(report.conflicts)} conflicts · "
        f"{len(report.times)} time expressions",
        highlight=False,
    )


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``): a file name must not move the cursor or
    break the one-line-per-input listing."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def _report_rejections(rejected: Sequence[Rejection]) -> int:
    """Print one line per rejected input (capped) and a tally; return how many were failures."""
    failed = [r for r in rejected if not r.reason.startswith("skipped")]
    for rejection in rejected[:MAX_LISTED]:
        style = "dim" if rejection.reason.startswith("skipped") else "yellow"
        console.print(f"[{style}]{escape(printable(rejection.message()))}[/{style}]", highlight=False)
    if len(rejected) > MAX_LISTED:
        console.print(f"… and {len(rejected) - MAX_LISTED} more (all are kept in the store)", highlight=False)
    if rejected:
        skipped = len(rejected) - len(failed)
        console.print(f"{len(failed)} inputs failed, {skipped} skipped", highlight=False)
    return len(failed)


def _guarded(action: Callable[[], T], what: str) -> T:
    """Run ``action``, turning any error into one line and exit code 2 (a traceback only with STORYLENS_DEBUG)."""
    try:
        return action()
    except StorylensError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc
    except KeyboardInterrupt as exc:
        console.print("interrupted: everything committed so far is kept in the store; run again to continue")
        raise typer.Exit(130) from exc
    except Exception as exc:  # one line, never a traceback, whatever a stage raised
        if os.environ.get("STORYLENS_DEBUG"):
            raise
        console.print(
            f"[red]error:[/red] {what} failed: {type(exc).__name__}: {escape(str(exc))} "
            "(set STORYLENS_DEBUG=1 for the traceback)",
            highlight=False,
        )
        raise typer.Exit(2) from exc


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on a terminal (silent otherwise), as a pipeline progress callback."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("reading", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        yield progress


def unwritable(path: Path) -> str | None:
    """Why ``path`` cannot be written as an output file, or None when it can."""
    if path.is_dir():
        return "is a directory"
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return f"no such folder {folder}"
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "permission denied"
    return None


def _check_outputs(paths: Sequence[Path | None]) -> None:
    """Refuse, before a long run, output paths that could not be written (one line each, exit 2)."""
    problems = [(path, reason) for path in paths if path is not None and (reason := unwritable(path))]
    for path, reason in problems:
        console.print(f"[red]error:[/red] {escape(printable(str(path)))}: cannot write ({reason})", highlight=False)
    if problems:
        raise typer.Exit(2)


def _write(path: Path | None, render: Callable[[], str]) -> bool:
    """Write one output file; a path that cannot be written is one error line, not a traceback."""
    if path is None:
        return True
    try:
        path.write_text(render(), encoding="utf-8")
    except OSError as exc:
        console.print(f"[red]error:[/red] {path}: cannot write ({exc.strerror or exc})", highlight=False)
        return False
    console.print(f"wrote {path}", highlight=False)
    return True


def _write_articles(path: Path | None, report: Report) -> bool:
    """Write the cleaned articles (JSONL or Parquet); a path that cannot be written is one error line."""
    if path is None:
        return True
    from storylens.report.export import write_articles

    try:
        count = write_articles(report, path)
    except OSError as exc:
        console.print(f"[red]error:[/red] {path}: cannot write ({exc.strerror or exc})", highlight=False)
        return False
    console.print(f"wrote {path} ({count} articles)", highlight=False)
    return True


@app.command(epilog=ANALYZE_EPILOG)
def analyze(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, directories, JSONL, feeds, WARC or http(s) URLs.", metavar="INPUT")
    ],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the report JSON here.", metavar="FILE")] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Write a Markdown report here.", metavar="FILE")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report here.", metavar="FILE")
    ] = None,
    articles_out: Annotated[
        Path | None,
        typer.Option(
            "--articles-out",
            help="Write the cleaned articles, with their story ids: .jsonl or .parquet.",
            metavar="FILE",
        ),
    ] = None,
    db: Annotated[Path, typer.Option("--db", help="SQLite store.", metavar="FILE")] = Path("storylens.db"),
    engine: Annotated[str, typer.Option(help=_ENGINE_HELP, metavar="ENGINE")] = "auto",
    allow_private: Annotated[bool, typer.Option(help="Let URLs point at private addresses.")] = False,
    fast: Annotated[
        bool, typer.Option(help="Summaries find support lexically, without the sentence model: for large batches.")
    ] = False,
    source: Annotated[str | None, typer.Option("--source", help=_SOURCE_HELP, metavar="OUTLET")] = None,
    framing_judge: Annotated[str, typer.Option(help=_JUDGE_HELP, metavar="JUDGE")] = "lexicon",
) -> None:
    """Analyse INPUTS and write the report."""
    from storylens.api import analyze as run_analysis
    from storylens.report import render_html, render_json, render_markdown
    from storylens.report.export import export_format

    if articles_out is not None:  # an unknown extension or missing pyarrow is refused before a long run
        _guarded(lambda: export_format(articles_out), "--articles-out")
    _check_outputs([json_out, markdown, html, articles_out])
    options = PipelineOptions(
        ingest=IngestOptions(allow_private=allow_private),
        clean=CleanOptions(source=source),
        summary_embeddings=not fast,
        framing=_guarded(lambda: _framing_options(framing_judge), "--framing-judge"),
    )
    with _progress_bar() as progress:
        report, rejected = _guarded(
            lambda: run_analysis(inputs, db=db, options=options, engine=engine, progress=progress), "analysis"
        )
    failures = _report_rejections(rejected)
    written = [
        _write(json_out, lambda: render_json(report)),
        _write(markdown, lambda: render_markdown(report)),
        _write(html, lambda: render_html(report)),
        _write_articles(articles_out, report),
    ]
    _print_summary(report)
    if not all(written):
        raise typer.Exit(2)
    if failures:
        raise typer.Exit(1)


@app.command()
def ingest(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, directories, JSONL, feeds, WARC or http(s) URLs.", metavar="INPUT")
    ],
    db: Annotated[Path, typer.Option("--db", help="SQLite store.", metavar="FILE")] = Path("storylens.db"),
    engine: Annotated[str, typer.Option(help=_ENGINE_HELP, metavar="ENGINE")] = "auto",
    allow_private: Annotated[bool, typer.Option(help="Let URLs point at private addresses.")] = False,
    source: Annotated[str | None, typer.Option("--source", help=_SOURCE_HELP, metavar="OUTLET")] = None,
) -> None:
    """Read and clean INPUTS into the store without analysing them (bulk loads; safe to interrupt and re-run)."""
    from storylens.api import ingest as run_ingest

    options = PipelineOptions(ingest=IngestOptions(allow_private=allow_private), clean=CleanOptions(source=source))
    with _progress_bar() as progress:
        result = _guarded(
            lambda: run_ingest(inputs, db=db, options=options, engine=engine, progress=progress), "ingest"
        )
    failures = _report_rejections(result.rejections)
    Console(soft_wrap=True).print(f"{len(result.articles)} articles in {db}", highlight=False)
    if failures:
        raise typer.Exit(1)


_JUDGE_HELP = (
    "What judges a sentence loaded: 'lexicon' (the word list; the default) or 'shipped' (a model fitted on our "
    "invented sentences: better on single sentences, over-flags long articles). A judge you fitted with "
    "'storylens framing fit' takes the place of either."
)


def _framing_options(judge: str = "lexicon") -> FramingOptions:
    """The chosen sentence judge, or the one ``storylens framing fit`` stored for this user."""
    from storylens.stages.framing.judge import user_model_path
    from storylens.stages.framing.measure import judge_name

    fitted = user_model_path()
    options = FramingOptions(model_path=str(fitted) if fitted.is_file() else "", judge=judge)
    judge_name(FramingOptions(judge=judge))  # refuses an unknown judge before a long run
    return options


framing_app = typer.Typer(help="Framing: fit the loaded-sentence judge on labelled sentences you supply.")
app.add_typer(framing_app, name="framing")


@framing_app.command("fit")
def framing_fit(
    data: Annotated[Path, typer.Argument(help="JSONL or CSV with 'text' and 'label' (1/0, biased/non-biased).")],
    out: Annotated[Path | None, typer.Option(help="Where to store the weights (default: your data dir).")] = None,
) -> None:
    """Fit the loaded-sentence judge on DATA; `analyze` then uses it instead of the shipped one.

    Example: storylens framing fit babe.jsonl (BABE is AGPL-3.0: the weights stay on your machine).
    """
    import json

    from storylens.nlp import load_embedder
    from storylens.stages.framing.fit import fit_judge, read_labelled
    from storylens.stages.framing.judge import user_model_path

    target = out or user_model_path()
    content = _guarded(lambda: data.read_text(encoding="utf-8"), f"reading {data}")
    texts, labels = _guarded(lambda: read_labelled(content, str(data)), f"reading {data}")
    result = _guarded(lambda: fit_judge(texts, labels, load_embedder()), "fitting")
    stored = {**result.judge.to_dict(), "trained_on": {"file": data.name, "sentences": result.sentences}}
    _guarded(lambda: _store(target, json.dumps(stored)), f"writing {target}")
    console.print(
        f"fitted on {result.sentences} sentences ({result.loaded} loaded): 5-fold CV macro-F1 "
        f"{result.cv_macro_f1:.3f} (C {result.c}); stored in {target}",
        highlight=False,
    )


def _store(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _show_version(wanted: bool) -> None:
    if wanted:
        from storylens import __version__

        Console(soft_wrap=True).print(f"storylens {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_show_version, is_eager=True)
    ] = False,
) -> None:
    """storylens: what happened, and how each outlet told it."""


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="SQLite store.", metavar="FILE")] = Path("storylens.db"),
    host: Annotated[str, typer.Option(help="Interface to listen on.", metavar="HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", metavar="PORT")] = 8000,
    read_only: Annotated[bool, typer.Option(help="Refuse ingest from the UI (public deployments).")] = False,
) -> None:
    """Serve the web UI and JSON API on the store."""
    from storylens.web import serve as run_server

    busy = port_in_use(host, port)
    if busy:
        console.print(f"[red]error:[/red] cannot listen on {host}:{port}: {escape(busy)}", highlight=False)
        raise typer.Exit(2)
    run_server(db=db, host=host, port=port, read_only=read_only)


def port_in_use(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (taken, or no such interface), or None when it is free."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"unknown host ({exc.strerror or exc})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # what uvicorn sets: TIME_WAIT is not busy
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs to poll.", metavar="FEED_URL")],
    every: Annotated[str, typer.Option(help="Polling interval, e.g. 30s, 10m, 1h.", metavar="INTERVAL")] = "10m",
    db: Annotated[Path, typer.Option("--db", help="SQLite store.", metavar="FILE")] = Path("storylens.db"),
    once: Annotated[bool, typer.Option(help="Poll once and exit.")] = False,
    allow_private: Annotated[bool, typer.Option(help="Let URLs point at private addresses.")] = False,
) -> None:
    """Poll feeds, fetch new articles politely and grow stories incrementally."""
    from storylens.watch import run_watch

    succeeded = _guarded(lambda: run_watch(feeds, every=every, db=db, once=once, allow_private=allow_private), "watch")
    if not succeeded:  # --once in a cron job: a feed that failed must show in the exit code
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the ``storylens`` script."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # Set before anything imports transformers: it reads these once, at import time (no weight-loading bar).
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    app()
