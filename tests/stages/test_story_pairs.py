"""The article-to-article judgement and the average-link regrouping of a batch (all stories below are fiction)."""

from __future__ import annotations

import json
import math

import pytest
from tests.stages.test_cluster import QUAKE_A, QUAKE_B, _articles
from tests.stages.test_story_repair import FLOODS

from storylens.model import Article
from storylens.nlp import parse
from storylens.stages.stories import ClusterOptions, ClusterState, cluster_stories
from storylens.stages.stories import pairs as pairing
from storylens.stages.stories.cluster import features_of
from storylens.stages.stories.judge import ALONE_FEATURES, PAIR_FEATURES, SameStoryModel, Weights, load_model
from storylens.stages.stories.state import Counts

_COLUMN = {name: index for index, name in enumerate(PAIR_FEATURES)}


def _body_only(threshold: float) -> Weights:
    """A hand-made pair model reading the body cosine alone (probability 0.5 at cosine 0.2)."""
    return Weights((_COLUMN["body"],), (0.0,), (1.0,), (40.0,), -8.0, threshold)


def _batch(articles: list[Article]) -> pairing.Batch:
    counts = Counts()
    return pairing.prepare(features_of(articles, {}, counts, None, ClusterOptions()), counts)


def test_shipped_model_has_a_pair_judgement_that_reads_every_pair_feature() -> None:
    model = load_model()
    embedded, lexical = model.pair_weights(embedded=True), model.pair_weights(embedded=False)
    assert embedded is not None and lexical is not None
    assert embedded.columns == tuple(range(len(PAIR_FEATURES)))
    assert "embedding" not in [PAIR_FEATURES[c] for c in lexical.columns]
    assert 0.0 < embedded.threshold < 1.0
    assert SameStoryModel.from_json(model.to_json()) == model


def test_model_file_for_other_pair_features_is_refused() -> None:
    data = json.loads(load_model().to_json())
    data["pairs"]["features"] = data["pairs"]["features"][:-1]
    with pytest.raises(ValueError, match="refit"):
        SameStoryModel.from_json(json.dumps(data))


def test_pair_columns_measure_clashes_dates_and_ranks() -> None:
    articles = [
        Article(id="a", text="Storm floods the harbour at Velm.", published="2031-03-01"),
        Article(id="b", text="Storm floods the harbour at Velm again.", published="2031-03-04"),
        Article(id="c", text="Orchard fair opens with cider and music.", published="2031-05-20"),
    ]
    row_ab, row_ac = pairing.pair_rows(_batch(articles), [(0, 1), (0, 2)])
    assert row_ab[_COLUMN["gap"]] == pytest.approx(math.log1p(3)) and row_ab[_COLUMN["far"]] == 0.0
    assert row_ac[_COLUMN["gap"]] == pytest.approx(math.log1p(7)) and row_ac[_COLUMN["far"]] == 1.0
    assert row_ab[_COLUMN["body"]] > 0.5 > row_ac[_COLUMN["body"]]
    assert row_ab[_COLUMN["body_relative"]] == pytest.approx(1.0)  # each is the other's best match
    assert row_ab[_COLUMN["rank"]] == pytest.approx(math.log1p(1))
    assert row_ac[_COLUMN["rank"]] == pytest.approx(math.log1p(2))
    assert row_ab[_COLUMN["dated"]] == 1.0


def test_regroup_puts_each_flood_in_its_own_group_whatever_the_order() -> None:
    articles = [Article(id=aid, text=text) for aid, text in FLOODS]
    for ordered in (articles, articles[::-1]):
        batch = _batch(ordered)
        groups = pairing.regroup(batch, _body_only(0.5))
        found = sorted(sorted(ordered[i].id for i in group) for group in groups)
        assert found == [["fa1", "fa2", "fa3"], ["fb1", "fb2"]]


def test_regroup_with_a_strict_cut_off_keeps_every_article_alone() -> None:
    batch = _batch([Article(id=aid, text=text) for aid, text in FLOODS])
    assert pairing.regroup(batch, _body_only(1.01)) == [[0], [1], [2], [3], [4]]


def test_articles_joining_an_earlier_story_stay_there_after_regrouping() -> None:
    first = cluster_stories([Article(id="fa1", text=FLOODS[0][1])], {}, None, None, ClusterOptions())
    state = ClusterState.from_bytes(first.state.to_bytes())
    (old,) = first.stories
    later = [Article(id=aid, text=text) for aid, text in FLOODS[1:]]
    result = cluster_stories(later, {}, state, None, ClusterOptions())
    by_article = {aid: story.id for story in result.stories for aid in story.article_ids}
    assert by_article["fa1"] == by_article["fa2"] == by_article["fa3"] == old.id
    assert by_article["fb1"] == by_article["fb2"] != old.id


# Fiction: an invented harbour festival, three reports, the same week as the invented quakes of test_cluster.
FESTIVAL = [
    (
        "fe1",
        "2026-03-06",
        "Lantern festival fills Brelmouth harbour",
        "Thousands of visitors crowded the Brelmouth harbour on Friday for the opening night of the lantern "
        "festival, organiser Mira Castellan said, with forty paper boats set afloat at dusk.",
    ),
    (
        "fe2",
        "2026-03-07",
        "Brelmouth lantern festival draws record crowd",
        "Mira Castellan, who runs the Brelmouth lantern festival, said a record crowd watched forty lantern boats "
        "drift across the harbour on the festival's opening night.",
    ),
    (
        "fe3",
        "2026-03-08",
        "Lantern festival ends with fireworks over Brelmouth",
        "The Brelmouth lantern festival closed on Sunday with fireworks over the harbour; organiser Castellan "
        "thanked the volunteers who built the forty boats.",
    ),
]


def test_a_batch_is_regrouped_into_its_events_whatever_the_order() -> None:
    """Two look-alike quakes a week apart and a festival, all in one week, come out as three stories."""
    articles = _articles(QUAKE_A + QUAKE_B + FESTIVAL)  # eight articles: enough to be regrouped
    docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
    expected = [["fe1", "fe2", "fe3"], ["qa1", "qa2", "qa3"], ["qb1", "qb2"]]
    for ordered in (articles, articles[::-1]):
        result = cluster_stories(ordered, docs, None, None, ClusterOptions())
        assert sorted(sorted(story.article_ids) for story in result.stories) == expected


# Fiction: a lone report from the floods' region on another matter (its best match is a flood report, not close).
LONE_REPORT = (
    "fz1",
    "The Dunmere council approved a new winter bus timetable on Tuesday and said that fares stay the same.",
)
_ALONE = {name: index for index, name in enumerate(ALONE_FEATURES)}


def _alone_on(name: str, coef: float, intercept: float, threshold: float) -> Weights:
    """A hand-made lone-article decision reading one column of ``ALONE_FEATURES``."""
    return Weights((_ALONE[name],), (0.0,), (1.0,), (coef,), intercept, threshold)


def test_alone_rows_set_each_best_match_against_the_batch() -> None:
    articles = [Article(id=aid, text=text) for aid, text in [*FLOODS, LONE_REPORT]]
    batch = _batch(articles)
    rows = pairing.alone_rows(batch)
    assert rows.shape == (6, len(ALONE_FEATURES))
    ratio = rows[:, _ALONE["best_vs_batch"]]
    assert int(ratio.argmin()) == 5  # the council report's best match is the weakest of the batch
    assert ratio[5] < 1.0 <= max(ratio[:5])
    assert rows[5, _ALONE["best"]] == pytest.approx(float(batch.best[5, 0]))
    partner = batch.neighbours[5][0]
    pair_row = pairing.pair_rows(batch, [(min(5, partner), max(5, partner))])[0]
    assert rows[5, _ALONE["partner_rank"]] == pytest.approx(pair_row[_COLUMN["rank"]])
    assert rows[5, _ALONE["partner_people"]] == pytest.approx(pair_row[_COLUMN["people"]])


def test_an_article_judged_alone_stays_alone_however_loose_the_pair_cut_off() -> None:
    articles = [Article(id=aid, text=text) for aid, text in [*FLOODS, LONE_REPORT]]
    batch = _batch(articles)
    loose = _body_only(0.05)  # links the council report to the floods of its town
    assert [5] not in pairing.regroup(batch, loose)
    # Alone when its best match is under 0.8 of the batch's median best (probability 0.5 there).
    decision = _alone_on("best_vs_batch", -40.0, 32.0, 0.5)
    lone = pairing.lone_articles(batch, decision)
    assert lone == {5}
    assert [5] in pairing.regroup(batch, loose, lone=lone)
    assert pairing.lone_articles(batch, None) == set()


def test_shipped_model_has_a_lone_article_decision_that_round_trips() -> None:
    model = load_model()
    embedded, lexical = model.alone_weights(embedded=True), model.alone_weights(embedded=False)
    assert embedded is not None and lexical is not None
    assert "best_embedding" not in [ALONE_FEATURES[c] for c in lexical.columns]
    data = json.loads(model.to_json())
    data["alone"]["features"] = data["alone"]["features"][:-1]
    with pytest.raises(ValueError, match="refit"):
        SameStoryModel.from_json(json.dumps(data))
