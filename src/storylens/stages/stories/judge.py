"""The same-story judgement: a logistic model over article-to-story features, fitted by ``bench/fit_stories.py``.

The weights are not set by hand: the bench script fits them by leave-one-dataset-out cross-validation (ECB+
developer topics, real multi-outlet news, invented stories) and writes ``stages/data/same_story.json``, numbers
only. Two variants are kept: one that reads the sentence-embedding similarity and one for runs without an embedder.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

# The order of the columns every feature row follows (see ``score.pair_features``).
FEATURES = (
    "text",  # TF-IDF cosine of the body with the story centroid
    "head",  # TF-IDF cosine of title + lead with the story's headline centroid
    "embedding",  # sentence-embedding cosine of title + lead with the story's mean
    "text_mean",  # mean cosine of the body with each member's (average link; falls as a story drifts)
    "embedding_mean",  # mean embedding cosine with each member's
    "people",  # weighted share of the article's people the story's articles name
    "places",
    "orgs",
    "coverage",  # weighted share of the story's main entities the article names
    # Clashes weigh differently with and without publication dates (without, they are all that tells look-alike
    # events apart; with, background places and years are common), so each comes in both forms.
    "place_clash_undated",  # the article names places, none of the story's
    "place_clash_dated",
    "person_clash_undated",
    "person_clash_dated",
    "year_clash_undated",  # years mentioned disagree
    "year_clash_dated",
    "value_match",  # share of the head's numbers and dates the story also states
    "value_clash_undated",  # a number or date of the same thing that the story states differently
    "value_clash_dated",
    "dated",  # both sides have publication dates
    "gap",  # log(1 + days) between the article and the story's date span
    "span",  # log(1 + days) the story already spans
    "size",  # log(1 + articles) in the story
)
# The columns of an article-to-article pair (see ``pairs.pair_rows``): what the batch regrouping reads.
PAIR_FEATURES = (
    "body",  # TF-IDF cosine of the bodies
    "head",  # TF-IDF cosine of title + lead
    "embedding",  # sentence-embedding cosine of title + lead
    "people",  # rarity-weighted share of the people the two name in common (of the one naming fewer)
    "places",
    "orgs",
    "person_clash",  # both name people, none in common
    "place_clash",
    "org_clash",
    "year_clash",  # both mention years, none in common
    "dated",  # both have publication dates
    "gap",  # log(1 + days apart), clipped at a week
    "far",  # more than a month apart
    "relative",  # combined similarity over the lower of the two articles' best in the batch (at least its median)
    "embedding_relative",
    "body_relative",
    "rank",  # log(1 + the worse of the two ranks among each other's nearest), capped
)
# The columns of one article's "does it belong to any story in this batch" decision (see ``pairs.alone_rows``): a
# lone article's best match is of another story, and only the absolute level of its matches, set against how close
# articles get in this batch, and what it shares with its best match tell it from a story's member.
ALONE_FEATURES = (
    "best",  # best combined similarity with any other article of the batch
    "best_body",
    "best_embedding",
    "best_vs_batch",  # best over the batch's median best: a weak best match for this batch
    "best_body_vs_batch",
    "best_embedding_vs_batch",
    "second",  # second best over best: does it have more than one close match
    "third",
    "partner_people",  # the pair columns with its best match (see PAIR_FEATURES)
    "partner_places",
    "partner_orgs",
    "partner_person_clash",
    "partner_place_clash",
    "partner_org_clash",
    "partner_year_clash",
    "partner_gap",
    "partner_far",
    "partner_rank",
    "partner_head",
)
# The columns of the story-level check of a regrouped story's member against the rest (``members_check``).
CHECK_FEATURES = (
    "size",  # log(1 + the other members)
    "probability",  # mean pair probability with the other members
    "vs_cohesion",  # that less the mean pair probability among the others
    "margin",  # that less its best pair probability with an article of another story
    "body_centroid",  # TF-IDF cosine with the centroid of the others
    "body_centroid_relative",  # over the mean of the same for the other members
    "embedding_centroid",
    "embedding_centroid_relative",
    "core_people",  # rarity-weighted share of the people most of the others name that it names
    "core_places",
    "core_orgs",
    "core_person_clash",  # it names people, none of those most of the others name
    "core_place_clash",
    "core_org_clash",
    "core_year_clash",
    "dated",  # it and some other member have publication dates
    "span_gap",  # log(1 + days) outside the others' span, clipped at a week
    "span_far",  # more than a month outside it
)
FORMAT = "storylens.same_story/1"
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Weights:
    """One fitted logistic model: the columns it reads, their standardisation, coefficients and cut-off."""

    columns: tuple[int, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, rows: FloatArray) -> FloatArray:
        """Probability that each row (an article-story pair, all ``FEATURES`` columns) is the same story."""
        picked = rows[:, list(self.columns)]
        logits = ((picked - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef) + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class SameStoryModel:
    """The judgement with sentence embeddings, the one without, and the cut-offs for merging and splitting stories.

    A story is split in two when its two halves are judged the same story with less than ``split_threshold``
    (0 never splits); two stories merge when judged the same with at least ``merge_threshold`` (above 1 never).
    ``pairs`` (with and without embeddings), when fitted, judge two articles (``PAIR_FEATURES``): a batch is then
    regrouped by average link over them, in place of the split and refinement passes. ``alone`` (with and without
    embeddings), when fitted, judges each article of the batch on ``ALONE_FEATURES``: one judged to belong to no
    story of the batch (probability at least its threshold) stays on its own however close its best match reads.
    """

    embedded: Weights
    lexical: Weights
    merge_threshold: float
    split_threshold: float = 0.0
    pairs: tuple[Weights, Weights] | None = None
    alone: tuple[Weights, Weights] | None = None
    check: tuple[Weights, Weights] | None = None

    def weights(self, *, embedded: bool) -> Weights:
        """The variant for pairs with (or without) an embedding similarity."""
        return self.embedded if embedded else self.lexical

    def pair_weights(self, *, embedded: bool) -> Weights | None:
        """The article-to-article variant (None when the model has none)."""
        if self.pairs is None:
            return None
        return self.pairs[0] if embedded else self.pairs[1]

    def alone_weights(self, *, embedded: bool) -> Weights | None:
        """The variant of the lone-article decision (None when the model has none: no article is held out)."""
        if self.alone is None:
            return None
        return self.alone[0] if embedded else self.alone[1]

    def check_weights(self, *, embedded: bool) -> Weights | None:
        """The variant of the story-level member check (None when the model has none: no member leaves)."""
        if self.check is None:
            return None
        return self.check[0] if embedded else self.check[1]

    def to_json(self) -> str:
        """Numbers only: what ``bench/fit_stories.py`` writes."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "features": list(FEATURES),
            "embedded": _weights_dict(self.embedded),
            "lexical": _weights_dict(self.lexical),
            "merge_threshold": self.merge_threshold,
            "split_threshold": self.split_threshold,
        }
        if self.pairs is not None:
            data["pairs"] = {
                "features": list(PAIR_FEATURES),
                "embedded": _weights_dict(self.pairs[0]),
                "lexical": _weights_dict(self.pairs[1]),
            }
        if self.alone is not None:
            data["alone"] = {
                "features": list(ALONE_FEATURES),
                "embedded": _weights_dict(self.alone[0]),
                "lexical": _weights_dict(self.alone[1]),
            }
        if self.check is not None:
            data["check"] = {
                "features": list(CHECK_FEATURES),
                "embedded": _weights_dict(self.check[0]),
                "lexical": _weights_dict(self.check[1]),
            }
        return json.dumps(data, indent=1)

    @classmethod
    def from_json(cls, text: str) -> SameStoryModel:
        """Read what ``to_json`` wrote; the feature list must match this code's."""
        data = json.loads(text)
        if data.get("format") != FORMAT or tuple(data.get("features", ())) != FEATURES:
            raise ValueError("same-story model does not match this version's features: refit with bench/fit_stories.py")
        pairs = data.get("pairs")
        if pairs is not None and tuple(pairs.get("features", ())) != PAIR_FEATURES:
            raise ValueError(
                "same-story model's pair features differ from this version's: refit with bench/fit_stories.py"
            )
        alone = data.get("alone")
        if alone is not None and tuple(alone.get("features", ())) != ALONE_FEATURES:
            raise ValueError(
                "same-story model's lone-article features differ from this version's: refit with bench/fit_stories.py"
            )
        check = data.get("check")
        if check is not None and tuple(check.get("features", ())) != CHECK_FEATURES:
            raise ValueError(
                "same-story model's member-check features differ from this version's: refit with bench/fit_stories.py"
            )
        return cls(
            embedded=_weights_of(data["embedded"]),
            lexical=_weights_of(data["lexical"]),
            merge_threshold=float(data["merge_threshold"]),
            split_threshold=float(data.get("split_threshold", 0.0)),
            pairs=None if pairs is None else (_pair_weights(pairs, "embedded"), _pair_weights(pairs, "lexical")),
            alone=None if alone is None else (_alone_weights(alone, "embedded"), _alone_weights(alone, "lexical")),
            check=None
            if check is None
            else (_weights_of(check["embedded"], CHECK_FEATURES), _weights_of(check["lexical"], CHECK_FEATURES)),
        )


def _weights_dict(weights: Weights) -> dict[str, Any]:
    return {
        "columns": list(weights.columns),
        "mean": [round(v, 6) for v in weights.mean],
        "scale": [round(v, 6) for v in weights.scale],
        "coef": [round(v, 6) for v in weights.coef],
        "intercept": round(weights.intercept, 6),
        "threshold": round(weights.threshold, 4),
    }


def _pair_weights(data: dict[str, Any], name: str) -> Weights:
    return _weights_of(data[name], PAIR_FEATURES)


def _alone_weights(data: dict[str, Any], name: str) -> Weights:
    return _weights_of(data[name], ALONE_FEATURES)


def _weights_of(data: dict[str, Any], features: tuple[str, ...] = FEATURES) -> Weights:
    columns = tuple(int(c) for c in data["columns"])
    if any(not 0 <= c < len(features) for c in columns):
        raise ValueError("same-story model names a feature column this version does not have")
    vectors = [tuple(float(v) for v in data[name]) for name in ("mean", "scale", "coef")]
    if any(len(vector) != len(columns) for vector in vectors) or any(not math.isfinite(v) for v in vectors[2]):
        raise ValueError("same-story model: malformed weights")
    return Weights(columns, vectors[0], vectors[1], vectors[2], float(data["intercept"]), float(data["threshold"]))


@lru_cache(maxsize=1)
def load_model() -> SameStoryModel:
    """The shipped model (``stages/data/same_story.json``), read once per process."""
    text = resources.files("storylens.stages").joinpath("data", "same_story.json").read_text(encoding="utf-8")
    return SameStoryModel.from_json(text)
