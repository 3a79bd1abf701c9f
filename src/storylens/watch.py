"""``storylens watch``: poll feeds and grow stories (adapter around the pipeline)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def run_watch(feeds: Sequence[str], *, every: str, db: Path, once: bool, allow_private: bool) -> None:
    """Poll ``feeds`` every ``every`` until interrupted."""
    raise NotImplementedError("issue 9")  # TODO(issue 9)
