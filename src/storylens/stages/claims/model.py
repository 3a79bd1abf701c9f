"""The conflict model: a logistic regression over a candidate's features, fitted by ``bench/conflicts.py --fit``.

Its weights ship as a small numbers-only file (``data/conflict_model.json``): feature names, the standardisation
(mean and scale), coefficients, intercept and the decision threshold chosen by cross-validation on the TUNE half.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from storylens.stages.claims.align import FEATURES


@dataclass(frozen=True, slots=True)
class ConflictModel:
    """Standardised logistic regression weights and the threshold above which a candidate is a conflict."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, features: Sequence[float]) -> float:
        """The probability that a candidate is a real disagreement."""
        total = self.intercept + sum(
            w * (x - m) / s for w, x, m, s in zip(self.coef, features, self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def model_from_dict(data: dict[str, Any]) -> ConflictModel:
    """Read the weights file's content; its feature list must be the one ``align.features`` computes."""
    if tuple(data["features"]) != FEATURES:
        raise ValueError("conflict model: feature list differs from align.FEATURES; refit with bench/conflicts.py")
    numbers = {key: tuple(float(v) for v in data[key]) for key in ("mean", "scale", "coef")}
    return ConflictModel(
        numbers["mean"],
        numbers["scale"],
        numbers["coef"],
        float(data["intercept"]),
        float(data["threshold"]),
    )


@lru_cache(maxsize=1)
def packaged_model() -> ConflictModel:
    """The shipped weights (read once)."""
    text = resources.files("storylens.stages.claims").joinpath("data", "conflict_model.json").read_text("utf-8")
    return model_from_dict(json.loads(text))
