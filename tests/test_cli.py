"""The command line on inputs written here (fiction): one line per bad input, exit codes, no tracebacks."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storylens import api
from storylens.cli import app
from storylens.model import StoryContext
from storylens.stages.summary.summarize import SummaryOptions

LEDGER = (
    "Millbrook council votes to rebuild river bridge\n\n"
    "The Millbrook town council voted 7 to 2 on Tuesday to rebuild the old river bridge, Mayor Ada Finch said. "
    '"We cannot wait another winter," Finch told reporters after the vote. The work will cost 4 million dollars.\n'
)
TIMES = (
    "Bridge rebuild approved in Millbrook\n\n"
    "Millbrook's council approved the river bridge rebuild on Tuesday by a vote of 7 to 2, according to Mayor "
    'Ada Finch. "We cannot wait another winter," Finch said. Officials put the cost at 5 million dollars.\n'
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write one of each kind of bad input; return the expected message start per file."""
    folder.mkdir(exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 3)
    (folder / "lines.jsonl").write_text('{"id": "f1", "title": "no body"}\n{oops\n')
    (folder / "notfeed.xml").write_text("<html><body><p>A page.</p></body></html>")
    return {
        "empty.txt": "empty file",
        "junk.txt": "binary content",
        "lines.jsonl:1": "no 'text' or 'html' field",
        "lines.jsonl:2": "malformed JSON line",
        "notfeed.xml": "not an RSS/Atom feed",
    }


def test_bad_inputs_give_one_line_each_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    expected = _bad_inputs(tmp_path / "in")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["analyze", str(tmp_path / "in"), str(missing), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    for name, reason in expected.items():
        assert any(line.startswith(f"{tmp_path / 'in' / name}: {reason}") for line in lines), (name, lines)
    assert f"{missing}: no such file or directory" in lines
    assert "6 inputs failed, 0 skipped" in lines


def test_skipped_inputs_are_listed_but_not_failures(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["analyze", str(tmp_path / "notes.pdf"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0
    assert f"{tmp_path / 'notes.pdf'}: skipped: unknown file type (.pdf)" in result.stderr


def test_unwritable_output_and_unopenable_store_are_one_line(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "no-such-dir" / "r.json"
    args = ["analyze", str(tmp_path / "notes.pdf"), "--db", str(tmp_path / "s.db"), "--json", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"error: {out}: cannot write" in result.stderr
    result = runner.invoke(app, ["analyze", str(tmp_path / "notes.pdf"), "--db", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error:") and len(result.stderr.strip().splitlines()) == 1


def test_an_unexpected_failure_is_one_line(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("stage exploded")

    monkeypatch.setattr(api, "analyze", broken)
    monkeypatch.delenv("STORYLENS_DEBUG", raising=False)
    result = runner.invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "analysis failed: RuntimeError: stage exploded" in result.stderr
    assert "Traceback" not in result.output


def test_ingest_command_is_idempotent(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ledger.txt").write_text(LEDGER)
    (tmp_path / "in" / "times.txt").write_text(TIMES)
    (tmp_path / "in" / "empty.txt").write_text("")
    db = tmp_path / "s.db"
    counts = []
    for _ in range(2):
        result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db)])
        assert result.exit_code == 1  # the empty file
        assert f"2 articles in {db}" in result.stdout
        with sqlite3.connect(db) as connection:
            counts.append(
                [
                    connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("raw_documents", "articles", "rejections")
                ]
            )
    assert counts[0] == counts[1] == [2, 2, 1]


@pytest.mark.slow
def test_analyze_a_mixed_batch_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    expected = _bad_inputs(tmp_path / "in")
    (tmp_path / "in" / "valley-ledger.txt").write_text(LEDGER)
    (tmp_path / "in" / "hill-times.txt").write_text(TIMES)
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4")
    report_path = tmp_path / "r.json"
    result = runner.invoke(
        app, ["analyze", str(tmp_path / "in"), "--db", str(tmp_path / "s.db"), "--json", str(report_path)]
    )
    assert result.exit_code == 1, result.output
    assert f"{len(expected)} inputs failed, 1 skipped" in result.stderr
    assert "Traceback" not in result.output and "Loading weights" not in result.stderr
    report = json.loads(report_path.read_text())
    assert sorted(article["id"] for article in report["articles"]) == ["hill-times", "valley-ledger"]
    assert "2 articles" in result.stdout
    assert "hill-times" in result.stdout and "?" not in result.stdout  # outlets unknown: named by article id


@pytest.mark.slow
def test_fast_summaries_skip_the_sentence_model(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storylens import pipeline
    from storylens.stages.summary.summarize import summarize_story as summarize

    given: list[object] = []

    def recording(context: StoryContext, options: SummaryOptions, *, embedder: object = None) -> object:
        given.append(embedder)
        return summarize(context, options, embedder=None)

    monkeypatch.setattr(pipeline, "summarize_story", recording)
    (tmp_path / "valley-ledger.txt").write_text(LEDGER)
    (tmp_path / "hill-times.txt").write_text(TIMES)
    report_path = tmp_path / "r.json"
    for flags, expected in (["--fast"], None), ([], "model"):
        given.clear()
        args = ["analyze", str(tmp_path), "--db", str(tmp_path / f"s{len(flags)}.db"), "--json", str(report_path)]
        result = runner.invoke(app, [*args, *flags])
        assert result.exit_code == 0, result.output
        assert given and all((embedder is None) == (expected is None) for embedder in given)
        assert all(
            sentence["sources"]
            for story in json.loads(report_path.read_text())["stories"]
            for sentence in story["summary"]
        )


def test_articles_out_writes_jsonl_and_parquet(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storylens.model import Article, Report, Story

    articles = (Article(id="a1", text=LEDGER, source="Ledger"), Article(id="a2", text=TIMES, source="Times"))
    report = Report(articles=articles, stories=(Story(id="s1", title="Bridge", article_ids=("a1", "a2")),))
    monkeypatch.setattr(api, "analyze", lambda *args, **kwargs: (report, ()))
    out = tmp_path / "articles.jsonl"
    result = runner.invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"), "--articles-out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out} (2 articles)" in result.stderr
    assert [json.loads(line)["story"] for line in out.read_text().splitlines()] == ["s1", "s1"]
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "articles.parquet"
    result = runner.invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"), "--articles-out", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).column("id").to_pylist() == ["a1", "a2"]


def test_articles_out_with_an_unknown_extension_stops_before_the_analysis(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("the analysis ran")

    monkeypatch.setattr(api, "analyze", never)
    args = ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"), "--articles-out", str(tmp_path / "a.csv")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error:") and ".jsonl or .parquet" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_framing_judge_stops_before_the_analysis(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("the analysis ran")

    monkeypatch.setattr(api, "analyze", never)
    args = ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"), "--framing-judge", "oracle"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error:") and "'shipped' or 'lexicon'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_source_option_names_the_outlet_of_files(runner: CliRunner, tmp_path: Path) -> None:
    # Fiction: a text file with no outlet in it, and a JSONL record that names its own.
    (tmp_path / "in").mkdir()
    body = "Buses carrying families from Kestrel Falls arrived in Dunmere on Sunday after the dam scare."
    (tmp_path / "in" / "notes.txt").write_text(f"Dam scare empties valley\n\n{body}\n", encoding="utf-8")
    record = {"id": "r1", "source": "Dunmere Post", "text": body + " Officials counted 4,200 people."}
    (tmp_path / "in" / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--source", "Valley Herald"])
    assert result.exit_code == 0, result.stdout
    with sqlite3.connect(db) as connection:
        sources = sorted(row[0] for row in connection.execute("SELECT source FROM articles"))
    assert sources == ["Dunmere Post", "Valley Herald"]


def test_version_and_short_help(runner: CliRunner) -> None:
    from storylens import __version__

    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.strip() == f"storylens {__version__}"
    short = runner.invoke(app, ["analyze", "-h"])
    assert short.exit_code == 0 and "--json FILE" in short.stdout and "--db FILE" in short.stdout


def test_output_paths_are_checked_before_the_analysis(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("the analysis ran")

    monkeypatch.setattr(api, "analyze", never)
    missing = tmp_path / "no-such-dir" / "r.json"
    args = ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"), "--json", str(missing), "--html", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: {missing}: cannot write (no such folder {missing.parent})",
        f"error: {tmp_path}: cannot write (is a directory)",
    ]


def test_serve_reports_a_busy_port_before_serving(runner: CliRunner, tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.db"), "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "serving" not in result.stdout


def test_summary_lines_are_never_wrapped_on_a_narrow_terminal(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ledger.txt").write_text(LEDGER)
    db = tmp_path / "a-rather-long-folder-name-for-the-store" / "s.db"
    db.parent.mkdir()
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db)], env={"COLUMNS": "30"})
    assert f"1 articles in {db}\n" in result.stdout
