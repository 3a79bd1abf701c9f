"""Ingest: read every supported input into ``RawDocument`` values (the only I/O at the front)."""

from __future__ import annotations

from storylens.stages.ingest.dispatch import IngestOptions, read_inputs

__all__ = ["IngestOptions", "read_inputs"]
