"""Ingest: read every supported input into ``RawDocument`` values (the only I/O at the front).

Readers: plain text and HTML files (also gzipped), directories, JSONL, RSS/Atom feeds, WARC and ``http(s)://``
URLs behind an SSRF guard. Problems are ``Rejection`` values naming the input.
"""

from __future__ import annotations

from storylens.ingest.dispatch import read_document_bytes, read_inputs, read_url
from storylens.ingest.options import IngestOptions

__all__ = ["IngestOptions", "read_document_bytes", "read_inputs", "read_url"]
