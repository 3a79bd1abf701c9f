"""Claims and conflicts: what each sentence asserts, and where the outlets disagree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storylens.model import Claim, Conflict, StoryContext


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    """Matching thresholds for claims about the same event."""

    min_similarity: float = 0.5


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """Claims (with corroborating articles in ``support``) and conflicts of one story."""

    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


def analyze_claims(context: StoryContext, docs: Mapping[str, Any], options: ClaimOptions) -> ClaimResult:
    """Return the story's claims and the conflicts between its articles."""
    return ClaimResult()  # TODO(issue 6)
