"""The same-story model file and the repair step (all stories below are fiction)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from storylens.model import Article
from storylens.stages.stories import ClusterOptions
from storylens.stages.stories import features as vec
from storylens.stages.stories.cluster import features_of
from storylens.stages.stories.judge import FEATURES, SameStoryModel, Weights, load_model
from storylens.stages.stories.repair import find_merges, find_split
from storylens.stages.stories.score import ArticleFeatures
from storylens.stages.stories.state import Counts, StoryData


def _text_only(threshold: float) -> SameStoryModel:
    """A hand-made model that reads the body cosine alone (probability 0.5 at cosine 0.5)."""
    weights = Weights((0,), (0.0,), (1.0,), (40.0,), -20.0, threshold)
    return SameStoryModel(weights, weights, threshold)


def _story(key: int, text: str, counts: Counts) -> StoryData:
    hasher = vec.Hasher()
    terms = vec.weigh(vec.term_counts(text, hasher), vec.idf(counts.df, counts.n_docs), counts.n_docs, 1000)
    return StoryData(id=f"s{key}", key=key, members=[f"a{key}"], terms=terms)


def test_shipped_model_reads_every_feature_and_gives_probabilities() -> None:
    model = load_model()
    assert model.embedded.columns == tuple(range(len(FEATURES)))
    assert "embedding" not in [FEATURES[c] for c in model.lexical.columns]
    assert 0.0 < model.embedded.threshold < 1.0 and 0.0 < model.merge_threshold <= 1.01
    assert SameStoryModel.from_json(model.to_json()) == model


def test_model_file_for_other_features_is_refused() -> None:
    data = json.loads(load_model().to_json())
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="refit"):
        SameStoryModel.from_json(json.dumps(data))


def test_new_stories_fold_into_the_older_story_of_their_event() -> None:
    counts = Counts()
    ferry = "ferry aground Halvik island coastguard passengers rescued storm harbour"
    old = _story(1, ferry, counts)
    new = _story(2, ferry + " evening", counts)
    other = _story(3, "orchard festival cider apples village fair music", counts)
    merges = find_merges([new, other], lambda s: [x for x in (old, new, other) if x is not s], counts, _text_only(0.5))
    assert [(m.target.id, m.source.id) for m in merges] == [("s1", "s2")]


def test_two_older_stories_are_never_folded_together() -> None:
    counts = Counts()
    text = "dam spillway Vellor river flood warning residents evacuated"
    first, second, bridge = _story(1, text, counts), _story(2, text, counts), _story(3, text + " night", counts)
    merges = find_merges([bridge], lambda s: [first, second], counts, _text_only(0.5))
    assert [(m.target.id, m.source.id) for m in merges] == [("s1", "s3")]  # s2 stays its own story


# Fiction: two look-alike floods in two invented valleys, reported twice each, undated.
FLOODS = [
    ("fa1", "The Orrin river burst its banks at Dunmere, flooding 300 homes; mayor Tilde Aas ordered evacuations."),
    ("fa2", "Dunmere residents left 300 flooded homes as the Orrin rose; mayor Aas opened the school as a shelter."),
    ("fa3", "Mayor Tilde Aas said the Orrin flood in Dunmere was the worst since the dam was built."),
    (
        "fb1",
        "Flash floods on the Kessel swept through Ymberg, where 40 cars were washed away, governor Rui Sande said.",
    ),
    ("fb2", "In Ymberg the Kessel flash flood washed away 40 cars; governor Sande asked for army help."),
]


def _flood_features(counts: Counts) -> list[ArticleFeatures]:
    articles = [Article(id=aid, text=text) for aid, text in FLOODS]
    return features_of(articles, {}, counts, None, ClusterOptions())


def test_a_story_holding_two_events_is_split_where_they_part() -> None:
    counts = Counts()
    members = _flood_features(counts)
    halves = find_split(members, counts, dataclasses.replace(_text_only(0.5), split_threshold=0.5), 400)
    assert halves is not None
    assert [[m.article.id for m in half] for half in halves] == [["fa1", "fa2", "fa3"], ["fb1", "fb2"]]


def test_no_split_when_the_model_never_splits() -> None:
    counts = Counts()
    assert find_split(_flood_features(counts), counts, _text_only(0.5), 400) is None  # split_threshold 0
