"""The story-level check of a regrouped story's members (all articles below are fiction)."""

from __future__ import annotations

import json
import math
from typing import Any, NamedTuple

import pytest

from storylens.model import Article
from storylens.stages.stories import ClusterOptions, cluster_stories
from storylens.stages.stories import pairs as pairing
from storylens.stages.stories.cluster import features_of
from storylens.stages.stories.judge import CHECK_FEATURES, PAIR_FEATURES, SameStoryModel, Weights, load_model
from storylens.stages.stories.members_check import check_rows, checked
from storylens.stages.stories.state import Counts

_COLUMN = {name: index for index, name in enumerate(CHECK_FEATURES)}


class _Ent(NamedTuple):
    text: str
    label_: str


class _Doc(NamedTuple):
    ents: tuple[_Ent, ...]


# Three reports of one harbour flood in Velm naming its harbour master, and a fourth, dated weeks later, about a
# cider fair in Orlan naming someone else: forced into the flood's group, the check must read it as apart.
_FLOOD = "Storm waters flooded the harbour at Velm overnight, and harbour master Ilse Varga closed the quays."
_TEXTS = (
    ("f1", _FLOOD, "2031-03-01", (("Velm", "GPE"), ("Ilse Varga", "PERSON"))),
    ("f2", _FLOOD.replace("overnight", "on Sunday night"), "2031-03-02", (("Velm", "GPE"), ("Ilse Varga", "PERSON"))),
    ("f3", "Harbour master Ilse Varga said the flooded quays at Velm reopen soon.", "2031-03-03",
     (("Velm", "GPE"), ("Ilse Varga", "PERSON"))),
    ("x", "The cider fair at Orlan opened with music, and organiser Tomas Brill praised the harbour crowd.",
     "2031-04-20", (("Orlan", "GPE"), ("Tomas Brill", "PERSON"))),
)  # fmt: skip


def _batch() -> pairing.Batch:
    articles = [Article(id=aid, text=text, published=day) for aid, text, day, _ in _TEXTS]
    docs: dict[str, Any] = {aid: _Doc(tuple(_Ent(*e) for e in ents)) for aid, _, _, ents in _TEXTS}
    counts = Counts()
    return pairing.prepare(features_of(articles, docs, counts, None, ClusterOptions()), counts)


def _far_from_centroid(threshold: float) -> Weights:
    """A hand-made check reading the body's cosine with the rest of the story alone (apart below 0.2)."""
    return Weights((_COLUMN["body_centroid"],), (0.0,), (1.0,), (-40.0,), 8.0, threshold)


_ALL_ONE = {(a, b): 0.9 for a in range(4) for b in range(a + 1, 4)}


def test_member_rows_read_the_story_core_and_its_span() -> None:
    members, rows = check_rows(_batch(), [[0, 1, 2, 3]], _ALL_ONE)
    assert members == [0, 1, 2, 3]
    flood, fair = rows[1], rows[3]  # f2 is dated inside the span of the others
    assert fair[_COLUMN["core_person_clash"]] == 1.0 and flood[_COLUMN["core_person_clash"]] == 0.0
    assert fair[_COLUMN["core_place_clash"]] == 1.0 and flood[_COLUMN["core_places"]] == pytest.approx(1.0)
    assert fair[_COLUMN["span_gap"]] == pytest.approx(math.log1p(7)) and fair[_COLUMN["span_far"]] == 1.0
    assert flood[_COLUMN["span_gap"]] == 0.0  # inside the others' span
    assert fair[_COLUMN["body_centroid"]] < flood[_COLUMN["body_centroid"]]
    assert fair[_COLUMN["body_centroid_relative"]] < 1.0 < flood[_COLUMN["body_centroid_relative"]]
    assert fair[_COLUMN["size"]] == pytest.approx(math.log1p(3))


def test_a_member_far_from_its_story_is_set_apart() -> None:
    assert checked(_batch(), [[0, 1, 2, 3]], _ALL_ONE, _far_from_centroid(0.5)) == [[0, 1, 2], [3]]


def test_without_a_check_or_above_every_probability_groups_stay() -> None:
    assert checked(_batch(), [[0, 1, 2, 3]], _ALL_ONE, None) == [[0, 1, 2, 3]]
    assert checked(_batch(), [[0, 1, 2, 3]], _ALL_ONE, _far_from_centroid(1.01)) == [[0, 1, 2, 3]]


def test_single_article_groups_have_no_row() -> None:
    members, rows = check_rows(_batch(), [[0], [1], [2], [3]], {})
    assert members == [] and rows.shape == (0, len(CHECK_FEATURES))


def test_model_file_round_trips_the_check_and_refuses_other_check_features() -> None:
    check = _far_from_centroid(0.5)
    model = SameStoryModel(load_model().embedded, load_model().lexical, 1.01, check=(check, check))
    assert SameStoryModel.from_json(model.to_json()) == model
    data = json.loads(model.to_json())
    data["check"]["features"] = data["check"]["features"][:-1]
    with pytest.raises(ValueError, match="refit"):
        SameStoryModel.from_json(json.dumps(data))


def test_clustering_sets_apart_the_member_its_story_does_not_hold() -> None:
    # A pair model that judges every dated pair one story joins all eight; the check leaves the fair on its own.
    texts = [(f"f{n}", f"{_FLOOD} Report {n}.", f"2031-03-0{n}", _TEXTS[0][3]) for n in range(1, 8)] + [_TEXTS[3]]
    articles = [Article(id=aid, text=text, published=day) for aid, text, day, _ in texts]
    docs: dict[str, Any] = {aid: _Doc(tuple(_Ent(*e) for e in ents)) for aid, _, _, ents in texts}
    dated = PAIR_FEATURES.index("dated")
    every_pair = Weights((dated,), (0.0,), (1.0,), (20.0,), 0.0, 0.5)
    shipped = load_model()
    floods = [aid for aid, *_ in texts[:-1]]
    for check, expected in ((None, [[*floods, "x"]]), (_far_from_centroid(0.5), [floods, ["x"]])):
        model = SameStoryModel(
            shipped.embedded, shipped.lexical, 1.01, pairs=(every_pair, every_pair),
            check=None if check is None else (check, check),
        )  # fmt: skip
        result = cluster_stories(articles, docs, None, None, ClusterOptions(model=model))
        assert sorted(sorted(story.article_ids) for story in result.stories) == expected


def test_shipped_model_has_a_member_check_in_both_variants() -> None:
    check = load_model().check
    assert check is not None
    embedded, lexical = check
    assert embedded.columns == tuple(range(len(CHECK_FEATURES)))
    assert not [CHECK_FEATURES[c] for c in lexical.columns if "embedding" in CHECK_FEATURES[c]]
    assert embedded.threshold > 0.5 and lexical.threshold > 0.5  # set apart only when judged so with confidence
