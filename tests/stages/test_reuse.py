"""Reuse stage on invented stories: a copy, a paraphrased rewrite, independent reports sharing one quotation,
an unrelated story; plus the seed articles when ../shared is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reuse_texts import COPY, FLOOD_A, FLOOD_B, INDEPENDENT, ORIGINAL, QUOTING_A, QUOTING_B, REWRITE, UNRELATED

from storylens.model import Article, Passage, RawDocument, Reuse
from storylens.stages.reuse.find import ReuseOptions, find_reuse, originals_of


def _articles(dated: bool = False) -> list[Article]:
    texts = {"orig": ORIGINAL, "copy": COPY, "rewr": REWRITE, "fla": FLOOD_A, "flb": FLOOD_B, "zunrel": UNRELATED}
    dates = {"orig": "2026-03-02", "copy": "2026-03-03", "rewr": "2026-03-04"}
    return [Article(id=key, text=text, published=dates.get(key) if dated else None) for key, text in texts.items()]


@pytest.fixture(scope="module")
def lexical() -> dict[tuple[str, str], Reuse]:
    return {(r.a, r.b): r for r in find_reuse(_articles(dated=True), None, ReuseOptions())}


def test_copy_is_duplicate_and_rewrite_is_found(lexical: dict[tuple[str, str], Reuse]) -> None:
    assert lexical[("copy", "orig")].kind == "duplicate"
    assert lexical[("orig", "rewr")].kind == "rewrite"
    assert lexical[("copy", "rewr")].kind == "rewrite"
    assert all(0.0 <= r.score <= 1.0 for r in lexical.values())


def test_shared_quotation_and_unrelated_are_not_reuse(lexical: dict[tuple[str, str], Reuse]) -> None:
    assert set(lexical) == {("copy", "orig"), ("orig", "rewr"), ("copy", "rewr")}


def test_origins_follow_dates_and_family_is_coherent(lexical: dict[tuple[str, str], Reuse]) -> None:
    assert lexical[("copy", "orig")].origin == "orig"
    assert lexical[("orig", "rewr")].origin == "orig"
    assert lexical[("copy", "rewr")].origin == "copy"
    assert originals_of(list(lexical.values())) == {"copy": "orig"}


def test_passages_point_into_both_texts(lexical: dict[tuple[str, str], Reuse]) -> None:
    texts = {article.id: article.text for article in _articles()}
    reuse = lexical[("orig", "rewr")]
    assert reuse.passages
    for passage in reuse.passages:
        for key, (start, end) in ((reuse.a, passage.a), (reuse.b, passage.b)):
            assert 0 <= start < end <= len(texts[key])
        assert 0.0 <= passage.score <= 1.0
    assert "Monday" in texts["rewr"][reuse.passages[0].b[0] : reuse.passages[-1].b[1]]


def test_undated_origin_from_coverage_or_none() -> None:
    shortened = ORIGINAL.split("Local shop owners")[0]
    found = find_reuse([Article("long", ORIGINAL), Article("short", shortened)], None, ReuseOptions())
    assert [(r.kind, r.origin) for r in found] == [("rewrite", "short")] or found[0].origin in (None, "long")
    same = find_reuse([Article("x", ORIGINAL), Article("y", ORIGINAL)], None, ReuseOptions())
    assert same[0].kind == "duplicate" and same[0].origin is None and same[0].score == 1.0
    assert originals_of(same) == {"y": "x"}


def test_empty_and_single_inputs() -> None:
    assert find_reuse([], None, ReuseOptions()) == []
    assert find_reuse([Article("a", ORIGINAL)], None, ReuseOptions()) == []


def test_lsh_path_at_scale_finds_copies() -> None:
    options = ReuseOptions(all_pairs_limit=2)
    found = find_reuse([Article("a", ORIGINAL), Article("b", COPY), Article("c", UNRELATED)], None, options)
    assert [(r.a, r.b, r.kind) for r in found] == [("a", "b", "duplicate")]


def test_originals_of_resolves_chains() -> None:
    chain = [
        Reuse("a", "b", "duplicate", 0.9, "a", (Passage((0, 1), (0, 1), 1.0),)),
        Reuse("b", "c", "duplicate", 0.9, "b"),
        Reuse("c", "d", "rewrite", 0.6, "c"),
    ]
    assert originals_of(chain) == {"b": "a", "c": "a"}


def seed_articles(seeds_dir: Path) -> list[Article]:
    """The seed articles as the clean stage makes them, dated when the dated copy of the seeds is present."""
    from storylens.stages.clean.document import clean_document

    dated = seeds_dir.parent / "seeds-dated" / "seeds.jsonl"
    dates = {}
    if dated.is_file():
        dates = {row["id"]: row["published"] for row in map(json.loads, dated.read_text().splitlines())}
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = RawDocument(id=path.stem, origin=str(path), content=path.read_text(), published=dates.get(path.stem))
        article = clean_document(raw)
        assert isinstance(article, Article)
        articles.append(article)
    return articles


@pytest.mark.slow
def test_seed_rewrites_with_embeddings(seeds_dir: Path) -> None:
    from storylens.nlp import load_embedder

    found = find_reuse(seed_articles(seeds_dir), load_embedder(), ReuseOptions())
    rewrites = {(r.a[:3], r.b[:3]) for r in found if r.kind in ("rewrite", "duplicate")}
    # three of the seeds restate one another in order; the other two are independent reports
    assert rewrites == {("000", "001"), ("000", "004"), ("001", "004")}
    assert all(r.kind == "rewrite" for r in found)


def test_independent_report_of_the_same_facts_is_not_a_rewrite() -> None:
    articles = [Article("orig", ORIGINAL), Article("indep", INDEPENDENT), Article("rewr", REWRITE)]
    found = {(r.a, r.b): r for r in find_reuse(articles, None, ReuseOptions())}
    assert set(found) == {("orig", "rewr")}
    assert found[("orig", "rewr")].kind == "rewrite"


def test_a_shared_quotation_with_its_attribution_is_not_reuse() -> None:
    assert find_reuse([Article("qa", QUOTING_A), Article("qb", QUOTING_B)], None, ReuseOptions()) == []


def test_same_day_copy_ordered_by_time_of_day() -> None:
    articles = [
        Article("copy", COPY, published="2026-03-02T15:40:00+00:00"),
        Article("orig", ORIGINAL, published="2026-03-02T09:05:00+00:00"),
        Article("rewr", REWRITE, published="2026-03-02"),  # a date only: no order against the others that day
    ]
    found = {(r.a, r.b): r for r in find_reuse(articles, None, ReuseOptions())}
    assert (found[("copy", "orig")].kind, found[("copy", "orig")].origin) == ("duplicate", "orig")
    assert found[("orig", "rewr")].origin in (None, "orig")


def test_shared_passages_state_no_direction() -> None:
    shared = ORIGINAL.split("Local shop owners")[0].split(". ", 2)[2]  # two of the original's own sentences
    other = f"{UNRELATED} {shared}"
    dated = [Article("orig", ORIGINAL, published="2026-03-02"), Article("other", other, published="2026-03-05")]
    found = find_reuse(dated, None, ReuseOptions())
    assert [(r.kind, r.origin) for r in found] == [("shared_passages", None)]


def test_paraphrased_rewrite_found_above_the_all_pairs_limit() -> None:
    # Above the limit pairs come from candidates: a paraphrase shares the rare names, not the wording.
    articles = [Article("orig", ORIGINAL), Article("rewr", REWRITE), Article("fla", FLOOD_A), Article("z", UNRELATED)]
    found = {(r.a, r.b): r.kind for r in find_reuse(articles, None, ReuseOptions(all_pairs_limit=2))}
    assert found == {("orig", "rewr"): "rewrite"}


def test_only_the_first_max_sentences_of_an_article_are_compared() -> None:
    # Fiction: an unrelated story with the original appended after it, against a copy of the original.
    from storylens.stages.reuse.align import split_sentences

    articles = [Article(id="long", text=UNRELATED + "\n\n" + ORIGINAL), Article(id="copy", text=COPY)]
    options = ReuseOptions()
    found = find_reuse(articles, None, options)
    assert [(r.a, r.b) for r in found] == [("copy", "long")]
    assert found[0].passages[0].b[0] > len(UNRELATED)  # the copied part is where it was found
    head = sum(1 for s in split_sentences(UNRELATED) if s.weight >= options.min_tokens)
    assert find_reuse(articles, None, ReuseOptions(max_sentences=head)) == []  # the original lies past the cap
    assert find_reuse(articles, None, ReuseOptions(max_sentences=head + 3))  # within it again
