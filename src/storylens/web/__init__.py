"""The web UI and JSON API (FastAPI app factory, server-rendered pages with .json twins)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from storylens.store.base import Store

__all__ = ["create_app", "serve"]


def create_app(store: Store, read_only: bool = False, **kwargs: Any) -> FastAPI:
    """Build the FastAPI app over ``store`` (see :func:`storylens.web.app.create_app`)."""
    # Imported here so `import storylens.web` stays light (no FastAPI at import time).
    from storylens.web.app import create_app as build

    return build(store, read_only, **kwargs)


def serve(db: Path, host: str, port: int, read_only: bool) -> None:
    """Start the server on ``host:port`` over the store at ``db``."""
    import threading

    import uvicorn

    from storylens.store import open_store

    store = open_store(db)
    app = create_app(store, read_only)
    # Build the story list while the server starts, so the first visitor does not wait for a full read.
    threading.Thread(target=app.state.storylens.index.cards, daemon=True, name="storylens-warm").start()
    shown = f"[{host}]" if ":" in host else host
    print(f"storylens: serving {db} at http://{shown}:{port}/" + ("  (read-only)" if read_only else ""), flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        app.state.storylens.index.wait()
        store.close()
