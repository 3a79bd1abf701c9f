"""Options of story clustering: similarity weights, thresholds and the time window."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """Similarity weights, thresholds and the time window (weights tuned on ECB+ topics 1–18, see BENCHMARKS.md)."""

    window_days: int = 30
    threshold: float = 0.35
    text_weight: float = 0.6
    embedding_weight: float = 0.4
    entity_weight: float = 0.3
    coverage_weight: float = 0.0
    place_conflict: float = 0.0
    person_conflict: float = 0.0
    year_conflict: float = 0.3
    date_penalty: float = 0.5
    grace_days: int = 2
    scale_days: int = 7
    candidates: int = 20
    ann_min: int = 2000
    max_terms: int = 400
    prior_docs: int = 1000
    max_open: int = 100_000
    lead_chars: int = 300
    use_datelines: bool = False
    refine_passes: int = 1
    chunk_size: int = 4096
    given_prefix: str = "g-"
