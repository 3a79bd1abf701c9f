"""Story clustering on invented stories (all names, places and events below are fiction), plus the seeds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storylens.model import Article
from storylens.stages.stories.cluster import ClusterOptions, ClusterState, cluster_stories
from storylens.stages.stories.nearest import CentroidIndex

OPTIONS = ClusterOptions()

# Fiction: two lookalike earthquakes a week apart in two invented towns, and one unrelated story.
QUAKE_A = [
    (
        "qa1",
        "2026-03-02",
        "Strong earthquake shakes Varnholt",
        "A magnitude 6.1 earthquake struck the town of Varnholt in Quellmark province early on Monday, collapsing "
        "a school roof and damaging the old bridge over the Elsa river. Mayor Edda Lindqvist said rescue teams were "
        "searching the rubble in Varnholt and that at least twelve people were injured.",
    ),
    (
        "qa2",
        "2026-03-02",
        "Quake hits Varnholt, a dozen injured",
        "Rescue teams in Varnholt worked through the night after Monday's magnitude 6.1 quake, which brought down "
        "part of a school roof. Edda Lindqvist, the town's mayor, told reporters that twelve people had been hurt "
        "and that the Elsa river bridge was closed. Quellmark province sent tents and water.",
    ),
    (
        "qa3",
        "2026-03-03",
        "Varnholt counts the damage after earthquake",
        "One day after the earthquake, Varnholt residents returned to damaged homes. Mayor Lindqvist said the "
        "school would stay shut while engineers inspect the roof and the bridge over the Elsa. The Quellmark "
        "provincial government pledged emergency funds for the town.",
    ),
]
QUAKE_B = [
    (
        "qb1",
        "2026-03-09",
        "Earthquake strikes Korvassa",
        "A magnitude 5.8 earthquake struck Korvassa in the Tessaly region on Monday, cracking walls at the central "
        "hospital and cutting power to the harbour district. Governor Ilan Petrosyan said rescue teams found no "
        "one trapped, but nine people were treated for injuries in Korvassa.",
    ),
    (
        "qb2",
        "2026-03-10",
        "Korvassa quake cuts power to harbour",
        "Engineers restored electricity to most of Korvassa's harbour district after the magnitude 5.8 quake. "
        "Governor Petrosyan of Tessaly said the hospital walls would be repaired and that nine people had been "
        "treated for injuries. Rescue teams ended their search on Tuesday.",
    ),
]
OTHER = [
    (
        "ot1",
        "2026-03-05",
        "Brelmouth library reopens after renovation",
        "The public library of Brelmouth reopened on Thursday after two years of renovation, with a new reading "
        "room and a children's wing. Librarian Tomas Okafor said membership had already doubled.",
    ),
]


def _articles(rows: list[tuple[str, str, str, str]]) -> list[Article]:
    return [Article(id=aid, published=day, title=title, text=text) for aid, day, title, text in rows]


@pytest.fixture(scope="module")
def docs() -> dict[str, Any]:
    """spaCy parses of the invented articles (loaded once for the module)."""
    from storylens.nlp import parse

    articles = _articles(QUAKE_A + QUAKE_B + OTHER)
    return dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))


def _partition(stories: Any) -> set[frozenset[str]]:
    return {frozenset(story.article_ids) for story in stories}


def test_lookalike_events_kept_apart_and_outlets_joined(docs: dict[str, Any]) -> None:
    result = cluster_stories(_articles(QUAKE_A + QUAKE_B + OTHER), docs, None, None, OPTIONS)
    assert _partition(result.stories) == {
        frozenset({"qa1", "qa2", "qa3"}),
        frozenset({"qb1", "qb2"}),
        frozenset({"ot1"}),
    }
    assert [story.id for story in result.stories] == ["s1", "s2", "s3"]  # creation order, by date


def test_same_earthquake_without_dates_or_entities_still_joins() -> None:
    undated = [Article(id=aid, title=title, text=text) for aid, _, title, text in QUAKE_A]
    result = cluster_stories(undated, {}, None, None, OPTIONS)
    assert _partition(result.stories) == {frozenset({"qa1", "qa2", "qa3"})}


def test_lookalike_events_without_dates_told_apart_by_places_numbers_and_people(docs: dict[str, Any]) -> None:
    undated = [Article(id=aid, title=title, text=text) for aid, _, title, text in QUAKE_A + QUAKE_B]
    result = cluster_stories(undated, docs, None, None, OPTIONS)
    assert _partition(result.stories) == {frozenset({"qa1", "qa2", "qa3"}), frozenset({"qb1", "qb2"})}


def test_result_is_independent_of_input_order(docs: dict[str, Any]) -> None:
    articles = _articles(QUAKE_A + QUAKE_B + OTHER)
    forward = cluster_stories(articles, docs, None, None, OPTIONS)
    backward = cluster_stories(list(reversed(articles)), docs, None, None, OPTIONS)
    assert forward.stories == backward.stories


def test_incremental_batch_joins_story_after_bytes_round_trip(docs: dict[str, Any]) -> None:
    first = cluster_stories(_articles(QUAKE_A[:2] + OTHER), docs, None, None, OPTIONS)
    data = first.state.to_bytes()
    restored = ClusterState.from_bytes(data)
    assert restored.story_of() == first.state.story_of()
    second = cluster_stories(_articles(QUAKE_A[2:] + QUAKE_B), docs, restored, None, OPTIONS)
    quake_story = next(story for story in second.stories if "qa3" in story.article_ids)
    assert quake_story.id == first.stories[0].id
    assert quake_story.article_ids == ("qa1", "qa2", "qa3")  # earlier runs' members included
    assert "ot1" not in {aid for story in second.stories for aid in story.article_ids}  # untouched story omitted
    assert {frozenset(s.article_ids) for s in second.stories} >= {frozenset({"qb1", "qb2"})}


def test_reanalysing_known_articles_changes_nothing(docs: dict[str, Any]) -> None:
    first = cluster_stories(_articles(QUAKE_A), docs, None, None, OPTIONS)
    again = cluster_stories(_articles(QUAKE_A), docs, ClusterState.from_bytes(first.state.to_bytes()), None, OPTIONS)
    assert again.stories == first.stories


def test_given_story_field_replaces_clustering() -> None:
    rows = [Article(id=aid, title=title, text=text, story="quakes") for aid, _, title, text in QUAKE_A + QUAKE_B]
    result = cluster_stories(rows, {}, None, None, OPTIONS)
    assert [(story.id, len(story.article_ids)) for story in result.stories] == [("g-quakes", 5)]


def test_stories_idle_beyond_the_window_are_closed(docs: dict[str, Any]) -> None:
    first = cluster_stories(_articles(QUAKE_A), docs, None, None, OPTIONS)
    late = [("qa9", "2026-06-01", "Varnholt rebuilds", "Varnholt in Quellmark province rebuilt the school roof.")]
    second = cluster_stories(_articles(late), {}, first.state, None, OPTIONS)
    assert second.stories[0].article_ids == ("qa9",)
    assert set(second.state.stories) == {second.stories[0].id}  # the March story was dropped


def test_title_prefers_neutral_headline() -> None:
    loud = ("qa0", "2026-03-02", "SHOCKING: horrific quake DESTROYS Varnholt!", QUAKE_A[0][3])
    result = cluster_stories(_articles([loud, *QUAKE_A]), {}, None, None, OPTIONS)
    assert len(result.stories) == 1
    assert "!" not in result.stories[0].title and "Varnholt" in result.stories[0].title


def test_lead_sentence_titles_untitled_story() -> None:
    result = cluster_stories([Article(id="x", text=QUAKE_B[0][3])], {}, None, None, OPTIONS)
    assert result.stories[0].title.startswith("A magnitude 5.8 earthquake struck Korvassa")


def test_ann_index_agrees_with_exact_search() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    exact, approximate = CentroidIndex(16, ann_min=10_000), CentroidIndex(16, ann_min=50)
    for key, vector in enumerate(vectors):
        exact.upsert(key, vector)
        approximate.upsert(key, vector)
    assert approximate.uses_ann and not exact.uses_ann
    query = vectors[17] + 0.01
    assert exact.search(query, 1) == approximate.search(query, 1) == [17]
    approximate.remove(17)
    assert 17 not in approximate.search(query, 5)


def test_seeds_form_one_story(seeds_dir: Path) -> None:
    from storylens.nlp import load_embedder, parse

    dated_path = seeds_dir.parent / "seeds-dated" / "seeds.jsonl"
    dates = {}
    if dated_path.is_file():
        dates = {row["id"]: row.get("published") for row in map(json.loads, dated_path.read_text().splitlines())}
    articles = [
        Article(id=path.stem, text=path.read_text(errors="replace"), published=dates.get(path.stem))
        for path in sorted(seeds_dir.glob("*.txt"))
    ]
    docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
    result = cluster_stories(articles, docs, None, load_embedder(), OPTIONS)
    assert len(result.stories) == 1
    assert len(result.stories[0].article_ids) == len(articles) == 5


def test_long_batch_closes_idle_stories_but_reports_them() -> None:
    words = ["harbour", "festival", "council", "bridge", "orchard", "museum", "tramway", "lighthouse", "market"]
    articles = [
        Article(
            id=f"n{number:04d}",
            published=f"2026-{1 + number // 100:02d}-{1 + number % 28:02d}",
            text=f"Fictional notice {number}: the {words[number % 9]} of Zeltown{number} {words[(number // 9) % 9]}.",
        )
        for number in range(700)
    ]
    result = cluster_stories(articles, {}, None, None, OPTIONS)
    assert sorted(aid for story in result.stories for aid in story.article_ids) == [a.id for a in articles]
    assert len(result.state.stories) < len(result.stories)  # older stories were closed along the way
