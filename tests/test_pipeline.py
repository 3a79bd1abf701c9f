"""End to end over the invented demo corpus: every section filled, schema-valid, idempotent re-runs."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from storylens import pipeline as pipeline_module
from storylens.api import analyze
from storylens.model import Article, Report
from storylens.pipeline import Pipeline
from storylens.present.slices import report_slices
from storylens.report import render_json
from storylens.store import open_store

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    db = tmp_path_factory.mktemp("demo") / "store.db"
    report, rejected = analyze([str(CORPUS)], db=db)
    assert rejected == ()
    return report, db


def _story_of(report: Report, article_id: str) -> set[str]:
    return next(set(s.article_ids) for s in report.stories if article_id in s.article_ids)


def test_report_validates(demo: tuple[Report, Path], schema: dict[str, Any]) -> None:
    report, _ = demo
    jsonschema.validate(json.loads(render_json(report)), schema)
    assert len(report.articles) == 7


def test_stories_keep_the_lookalike_apart(demo: tuple[Report, Path]) -> None:
    report, _ = demo
    dam = _story_of(report, "valley-herald")
    assert {"coastline-daily", "metro-wire", "riverside-observer", "patriot-ledger"} <= dam
    assert "eastfold-courier-marrow-lake" not in dam
    lookalike = {"eastfold-courier-marrow-lake", "metro-wire-marrow-lake"}
    assert _story_of(report, "eastfold-courier-marrow-lake") == lookalike


def test_metadata_found(demo: tuple[Report, Path]) -> None:
    by_id = {a.id: a for a in demo[0].articles}
    assert by_id["valley-herald"].published == "2031-03-16"
    assert by_id["coastline-daily"].source == "Coastline Daily"
    assert by_id["patriot-ledger"].published is not None
    assert by_id["patriot-ledger"].published.startswith("2031-03-17")
    assert "Please enter your comment" not in by_id["valley-herald"].text
    assert "Northway Hydro’sNorthway" not in by_id["valley-herald"].text


def test_rewrite_found_with_origin(demo: tuple[Report, Path]) -> None:
    pairs = {(r.a, r.b): r for r in demo[0].reuse}
    rewrite = pairs[("coastline-daily", "valley-herald")]
    assert rewrite.kind in ("rewrite", "duplicate")
    assert rewrite.passages
    independent = pairs.get(("metro-wire", "valley-herald"))
    assert independent is None or independent.kind == "shared_passages"


def test_quotes_grouped_with_fidelity(demo: tuple[Report, Path]) -> None:
    report = demo[0]
    governor = [q for q in report.quotes if "gamble" in q.text or "every household" in q.text.lower()]
    assert {q.article_id for q in governor} >= {"valley-herald", "metro-wire", "riverside-observer", "patriot-ledger"}
    assert len({q.group for q in governor}) == 1
    fidelity = {q.article_id: q.fidelity for q in governor}
    assert fidelity["riverside-observer"] == "trimmed"
    assert fidelity["patriot-ledger"] == "altered"
    assert all(q.speaker == "Elena Varga" for q in governor)
    texts = {a.id: a.text for a in report.articles}
    assert all(texts[q.article_id][q.start : q.end] == q.text for q in report.quotes)


def test_conflicts_on_day_and_count(demo: tuple[Report, Path]) -> None:
    report = demo[0]
    kinds = {c.kind for c in report.conflicts}
    assert {"date", "number"} <= kinds
    for conflict in report.conflicts:
        assert len({s.article_id for s in conflict.statements}) >= 2
        assert len({s.value for s in conflict.statements}) >= 2


def test_framing_and_summary(demo: tuple[Report, Path]) -> None:
    report = demo[0]
    scores = {f.article_id: f.score for f in report.framing}
    dam = _story_of(report, "valley-herald")
    assert max((a for a in dam), key=lambda a: scores[a]) == "patriot-ledger"
    story = next(s for s in report.stories if "valley-herald" in s.article_ids)
    assert 3 <= len(story.summary) <= 10
    assert all(sentence.sources and set(sentence.sources) <= dam for sentence in story.summary)
    assert story.timeline and all(event.date.startswith("2031-03") for event in story.timeline)


def test_entities_merge_variants_not_namesakes(demo: tuple[Report, Path]) -> None:
    report = demo[0]
    governor = [e for e in report.entities if e.name == "Elena Varga"]
    assert len(governor) == 1
    assert not any("Jonas" in v for v in governor[0].variants)
    agency = [e for e in report.entities if "Civil Protection Agency" in e.variants]
    assert agency and "CPA" in agency[0].variants


def test_rerun_adds_nothing_and_gives_the_same_report(demo: tuple[Report, Path]) -> None:
    report, db = demo
    again, rejected = analyze([str(CORPUS)], db=db)
    assert rejected == ()
    assert [a.id for a in again.articles] == [a.id for a in report.articles]
    assert sorted(s.article_ids for s in again.stories) == sorted(s.article_ids for s in report.stories)
    assert again.reuse == report.reuse


def test_process_pool_gives_the_same_report(demo: tuple[Report, Path], tmp_path: Path) -> None:
    """Workers parse (docs come back serialised) and run the map stages; the report must not change."""
    report, _ = demo
    pooled, rejected = analyze([str(CORPUS)], db=tmp_path / "pooled.db", engine="local")
    assert rejected == ()
    assert render_json(pooled) == render_json(report)


def test_the_store_keeps_the_slices_the_reports_render(demo: tuple[Report, Path]) -> None:
    """One rule for what belongs to a story: the pipeline's stored slices and the reports' slices agree."""
    report, db = demo
    store = open_store(db)
    try:
        stored = {story_slice.story.id: story_slice for story_slice in store.story_slices()}
    finally:
        store.close()
    for expected in report_slices(report):
        got = stored[expected.story.id]
        assert [a.id for a in got.articles] == [a.id for a in expected.articles]
        assert [c.id for c in got.conflicts] == [c.id for c in expected.conflicts]
        assert {(r.a, r.b) for r in got.reuse} == {(r.a, r.b) for r in expected.reuse}
        assert [q.id for q in got.quotes] == [q.id for q in expected.quotes]
        assert {e.id for e in got.entities} == {e.id for e in expected.entities}


class _Workers:
    """A backend that records what it is asked to map (fiction: it runs everything here)."""

    name = "local"

    def __init__(self, parallel: bool) -> None:
        self.parallel = parallel
        self.mapped: list[str] = []

    def map(self, fn: Any, items: Any, *, chunksize: int = 16) -> Any:
        self.mapped.append(getattr(fn, "__name__", ""))
        return (fn(item) for item in items)

    def close(self) -> None:
        """Nothing to release."""


def test_the_parse_goes_to_workers_only_when_the_backend_has_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline_module, "parse", lambda texts: [f"doc of {t}" for t in texts])
    monkeypatch.setattr(pipeline_module, "parse_to_bytes", lambda texts: "|".join(f"doc of {t}" for t in texts))
    monkeypatch.setattr(pipeline_module, "docs_from_bytes", lambda blob: blob.split("|"))
    texts = [f"invented text {number}" for number in range(100)]
    store = open_store(tmp_path / "steps.db")
    try:
        for parallel in (False, True):
            backend = _Workers(parallel)
            assert Pipeline(store, backend)._parse_texts(texts) == [f"doc of {t}" for t in texts]
            assert bool(backend.mapped) is parallel
    finally:
        store.close()


def test_a_text_is_parsed_once_even_under_two_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The grown-corpus pass: a stored article with this run's text reuses its parse (fiction)."""
    parsed: list[str] = []

    def counting_parse(texts: list[str]) -> list[str]:
        parsed.extend(texts)
        return [f"doc of {t}" for t in texts]

    monkeypatch.setattr(pipeline_module, "parse", counting_parse)
    fresh = Article(id="run-1", text="The Wexmoor ferry resumed on Monday.")
    stored = Article(id="old-1", text=fresh.text)
    other = Article(id="old-2", text="Tallis council met on Tuesday.")
    twin = Article(id="old-3", text=other.text)
    store = open_store(tmp_path / "once.db")
    try:
        pipeline = Pipeline(store)
        known = pipeline._parse([fresh], [], {})
        docs = pipeline._parse([fresh, stored, other, twin], [], known)
    finally:
        store.close()
    assert parsed == [fresh.text, other.text]
    assert docs == {
        key: f"doc of {text}"
        for key, text in (("run-1", fresh.text), ("old-1", fresh.text), ("old-2", other.text), ("old-3", other.text))
    }


def test_workers_encode_the_uncached_sentence_batches_when_the_backend_has_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fiction: a stand-in model whose vectors are each text's length and its batch's size."""
    from storylens.nlp import embeddings

    class _Model:
        def encode(self, texts: list[str], **_: Any) -> Any:
            import numpy as np

            return np.asarray([[len(text), len(texts)] for text in texts], dtype=np.float32)

    texts = [f"sentence number {'x' * number}" for number in range(150)]
    store = open_store(tmp_path / "embed.db")
    try:
        for parallel in (False, True):
            monkeypatch.setattr(pipeline_module, "_embedder", functools.partial(embeddings.MiniLMEmbedder, _Model()))
            monkeypatch.setattr(embeddings, "load_embedder", lambda: embeddings.MiniLMEmbedder(_Model()))
            monkeypatch.setattr(embeddings, "limit_threads", lambda count: None)
            backend = _Workers(parallel)
            vectors = Pipeline(store, backend)._embedder().encode(texts)
            assert vectors[:, 0].tolist() == [len(text) for text in texts]
            assert sorted(set(vectors[:, 1].tolist())) == [22.0, 64.0]  # 150 texts: batches of 64, 64 and 22
            assert backend.mapped == (["encode_batch"] if parallel else [])
    finally:
        store.close()


def test_claims_in_workers_give_the_same_report(
    demo: tuple[Report, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims over parses rebuilt from each story's DocBin (a backend with workers) give the same report."""
    report, _ = demo
    monkeypatch.setattr(pipeline_module, "_MIN_POOLED_STORIES", 1)
    backend = _Workers(parallel=True)
    store = open_store(tmp_path / "claims.db")
    try:
        pooled, rejected = Pipeline(store, backend).run([str(CORPUS)])
    finally:
        store.close()
    assert rejected == ()
    assert "_story_claims" in backend.mapped
    assert render_json(pooled) == render_json(report)
