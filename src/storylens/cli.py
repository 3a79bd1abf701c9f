"""The ``storylens`` command line: each command a few lines calling the public API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storylens.errors import StorylensError
from storylens.model import Report
from storylens.pipeline import PipelineOptions
from storylens.stages.ingest import IngestOptions

app = typer.Typer(
    help="Read many outlets' coverage of a story: clean text, stories, reuse, quotes, conflicts, framing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

ANALYZE_EPILOG = """Examples:

  storylens analyze articles/ --json report.json

  storylens analyze feed.xml https://example.org/news/1 --html report.html --db news.db
"""


def _summary_table(report: Report) -> Table:
    table = Table(title="storylens", show_header=True)
    table.add_column("story")
    table.add_column("articles", justify="right")
    table.add_column("outlets")
    by_id = {article.id: article for article in report.articles}
    for story in report.stories:
        outlets = sorted({by_id[a].source or "?" for a in story.article_ids if a in by_id})
        table.add_row(story.title, str(len(story.article_ids)), ", ".join(outlets))
    return table


def _print_summary(report: Report) -> None:
    out = Console()
    out.print(_summary_table(report))
    out.print(
        f"{len(report.articles)} articles · {len(report.stories)} stories · {len(report.reuse)} reuse pairs · "
        f"{len(report.entities)} entities · {len(report.quotes)} quotes · {len(report.conflicts)} conflicts · "
        f"{len(report.times)} time expressions"
    )


def _write(path: Path | None, text: str) -> None:
    if path is not None:
        path.write_text(text, encoding="utf-8")
        console.print(f"wrote {path}")


@app.command(epilog=ANALYZE_EPILOG)
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, JSONL, feeds, WARC or http(s) URLs.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the report JSON here.")] = None,
    markdown: Annotated[Path | None, typer.Option("--markdown", help="Write a Markdown report here.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML report here.")] = None,
    db: Annotated[Path, typer.Option("--db", help="SQLite store.")] = Path("storylens.db"),
    engine: Annotated[str, typer.Option(help="sequential, local (processes) or ray.")] = "sequential",
    allow_private: Annotated[bool, typer.Option(help="Let URLs point at private addresses.")] = False,
) -> None:
    """Analyse INPUTS and write the report."""
    from storylens.api import analyze as run_analysis
    from storylens.report import render_html, render_json, render_markdown

    options = PipelineOptions(ingest=IngestOptions(allow_private=allow_private))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("reading", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        try:
            report, rejected = run_analysis(inputs, db=db, options=options, engine=engine, progress=progress)
        except StorylensError as exc:
            console.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2) from exc
    for rejection in rejected:
        console.print(f"[yellow]{rejection.message()}[/yellow]", highlight=False)
    _write(json_out, render_json(report))
    _write(markdown, render_markdown(report))
    _write(html, render_html(report))
    _print_summary(report)
    failed = [r for r in rejected if not r.reason.startswith("skipped")]
    if failed:
        raise typer.Exit(1)


@app.callback()
def _root() -> None:
    """storylens: what happened, and how each outlet told it."""


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="SQLite store.")] = Path("storylens.db"),
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    read_only: Annotated[bool, typer.Option(help="Refuse ingest from the UI (public deployments).")] = False,
) -> None:
    """Serve the web UI and JSON API on the store."""
    from storylens.web import serve as run_server

    run_server(db=db, host=host, port=port, read_only=read_only)


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs to poll.")],
    every: Annotated[str, typer.Option(help="Polling interval, e.g. 30s, 10m, 1h.")] = "10m",
    db: Annotated[Path, typer.Option("--db", help="SQLite store.")] = Path("storylens.db"),
    once: Annotated[bool, typer.Option(help="Poll once and exit.")] = False,
    allow_private: Annotated[bool, typer.Option(help="Let URLs point at private addresses.")] = False,
) -> None:
    """Poll feeds, fetch new articles politely and grow stories incrementally."""
    from storylens.watch import run_watch

    run_watch(feeds, every=every, db=db, once=once, allow_private=allow_private)


def main() -> None:
    """Entry point of the ``storylens`` script."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    app()
