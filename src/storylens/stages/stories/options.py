"""Options of story clustering: the same-story model, the time window and the bounds that keep memory flat."""

from __future__ import annotations

from dataclasses import dataclass

from storylens.stages.stories.judge import SameStoryModel


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """The window, candidate and memory bounds; the same-story weights are fitted, not set here.

    ``model`` None reads the shipped fit (``stages/data/same_story.json``, written by ``bench/fit_stories.py``);
    the bench passes models it is cross-validating.
    """

    window_days: int = 30
    model: SameStoryModel | None = None
    candidates: int = 20
    ann_min: int = 2000
    max_terms: int = 400
    prior_docs: int = 1000
    max_open: int = 100_000
    lead_chars: int = 300
    use_datelines: bool = False
    refine_passes: int = 1
    repair: bool = True
    chunk_size: int = 4096
    given_prefix: str = "g-"
