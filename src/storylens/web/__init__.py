"""The web UI and JSON API (FastAPI app factory, server-rendered pages with .json twins)."""

from __future__ import annotations

from pathlib import Path


def serve(db: Path, host: str, port: int, read_only: bool) -> None:
    """Start the server on ``host:port`` over the store at ``db``."""
    raise NotImplementedError("issue 8")  # TODO(issue 8)
