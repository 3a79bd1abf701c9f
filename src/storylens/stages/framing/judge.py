"""Sentence-level loaded-language judgement: the lexicon rule, the shipped model, or a model the user fitted.

**Default** (``judge = "lexicon"``): a sentence is loaded when its own (unquoted) wording holds a term of the
hand-written loaded-language lexicon (``stages/data/loaded_terms.txt``); nothing in it was learned.

**Shipped model** (``judge = "shipped"``, opt-in: ``analyze --framing-judge shipped``): a logistic regression over
the MiniLM embedding of the sentence plus the lexical features below, fitted by ``bench/framing_train.py`` on
``bench/data/framing-train`` only: news-style sentences the storylens developers wrote and labelled (fiction, MIT),
because no labelled set we know of both fits the task and allows shipping weights with an MIT package (BABE, the
expert set, is AGPL-3.0). Its weights (numbers only) are ``stages/data/framing_judge.json``, with a threshold that
moves the set's share of loaded sentences (about a third) to a stated prior for news prose (0.15). Better than the
rule on single sentences (BABE); on whole articles (BASIL) it still calls far more sentences loaded than experts do
and ranks the outlets no better, so not the default (BENCHMARKS.md, framing fourth round).

**Fitted** (``judge = "fitted"``): ``storylens framing fit DATA`` fits the same model on sentences the user supplies
and stores its weights in the user's data directory. ``load_judge`` reads weights once per process.

Lexical features count the outlet's own wording only: loaded terms by kind, quoted loaded terms (apart), hedges,
and TextBlob's word subjectivity, polarity and intensity (``subjectivity.py``).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from storylens.errors import ConfigError
from storylens.nlp.embeddings import Embedder
from storylens.stages.framing.lexicon import find_terms, hedge_lexicon, loaded_lexicon
from storylens.stages.framing.subjectivity import word_score
from storylens.text.quotations import inside, quotation_spans
from storylens.text.words import words

FEATURES_VERSION = "minilm-l6+lexical/1"
MODEL_FILE = "framing-model.json"
#: The judge that ships: fitted by ``bench/framing_train.py`` on invented, MIT-licensed sentences.
SHIPPED_JUDGE = Path(__file__).parents[1] / "data" / "framing_judge.json"
_KINDS = ("loaded", "label", "intensifier")


def user_model_path() -> Path:
    """Where ``storylens framing fit`` stores the fitted weights: ``$XDG_DATA_HOME/storylens`` (or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "storylens" / MODEL_FILE


def lexical_features(text: str) -> list[float]:
    """What the lexicons know about one sentence's own wording (quotations counted apart)."""
    quoted = quotation_spans(text)
    loaded = find_terms(text, loaded_lexicon())
    own = [m for m in loaded if not inside(m.start, quoted)]
    kinds = [float(sum(1 for m in own if m.kind == kind)) for kind in _KINDS]
    hedges = sum(1 for m in find_terms(text, hedge_lexicon()) if not inside(m.start, quoted))
    tokens = [word for word, start, _ in words(text) if not inside(start, quoted)]
    scores = [score for score in map(word_score, tokens) if score is not None]
    subjective = [s.subjectivity for s in scores]
    polar = [abs(s.polarity) for s in scores]
    count = max(len(tokens), 1)
    return [
        *kinds,
        float(len(loaded) - len(own)),
        float(hedges),
        100 * sum(kinds) / count,
        float(bool(own)),
        math.log(count),
        max(subjective, default=0.0),
        sum(subjective) / count,
        max(polar, default=0.0),
        float(sum(1 for s in scores if s.intensity > 1.0)),
        float(sum(1 for s in subjective if s >= 0.5)),
        len(quoted) / count,
    ]


def lexicon_loaded(text: str, min_terms: int = 1) -> bool:
    """The shipped rule: the sentence's own wording holds at least ``min_terms`` loaded-lexicon terms."""
    quoted = quotation_spans(text)
    return sum(1 for m in find_terms(text, loaded_lexicon()) if not inside(m.start, quoted)) >= min_terms


@dataclass(frozen=True, slots=True)
class FittedJudge:
    """A logistic regression over [embedding, lexical features], standardised: weights as fitted."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float = 0.5

    def probabilities(self, texts: Sequence[str], embedder: Embedder) -> list[float]:
        """The probability that each sentence is loaded."""
        if not texts:
            return []
        vectors = np.asarray(embedder.encode(list(texts)), dtype=np.float64)
        lexical = np.asarray([lexical_features(text) for text in texts], dtype=np.float64)
        features = (np.hstack([vectors, lexical]) - np.asarray(self.mean)) / np.asarray(self.scale)
        logits = features @ np.asarray(self.coef) + self.intercept
        return [float(p) for p in 1.0 / (1.0 + np.exp(-logits))]

    def to_dict(self) -> dict[str, object]:
        """The stored shape (numbers only, plus the feature version they belong to)."""
        return {
            "features": FEATURES_VERSION,
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }


def judge_from_dict(data: dict[str, object], origin: str) -> FittedJudge:
    """Read stored weights, refusing any made for other features."""
    if data.get("features") != FEATURES_VERSION:
        raise ConfigError(f"{origin}: framing weights for {data.get('features')!r}, expected {FEATURES_VERSION!r}")
    try:
        mean, scale, coef = (tuple(float(x) for x in data[key]) for key in ("mean", "scale", "coef"))  # type: ignore[attr-defined]
        judge = FittedJudge(mean, scale, coef, float(data["intercept"]), float(data.get("threshold", 0.5)))  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigError(f"{origin}: not a storylens framing model ({error})") from error
    if not len(mean) == len(scale) == len(coef):
        raise ConfigError(f"{origin}: framing weights of unequal lengths")
    return judge


@lru_cache(maxsize=2)
def load_judge(path: str) -> FittedJudge:
    """Read fitted weights from ``path`` once per process."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path}: cannot read framing model ({error})") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a storylens framing model")
    return judge_from_dict(data, path)
