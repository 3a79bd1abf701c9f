"""Execution backends: one verb, ``map``. Sequential by default, a process pool, or Ray."""

from __future__ import annotations

from storylens.backends.base import Backend, get_backend
from storylens.backends.local import ProcessBackend, SequentialBackend

__all__ = ["Backend", "ProcessBackend", "SequentialBackend", "get_backend"]
