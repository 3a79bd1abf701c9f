"""Options of the ingest stage: fetch limits and safety switches."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Fetch limits and safety switches.

    Attributes:
        allow_private: let URLs reach private, loopback, link-local or reserved addresses (off: SSRF guard).
        timeout_s: connect/read timeout of one request, and the whole-response deadline.
        max_bytes: largest document (file, decompressed file, HTTP body, WARC record, JSONL line) read.
        max_expansion: how many times its own size a gzipped JSONL file may expand to (decompression bombs).
        max_title_chars: longest title kept; a longer one is cut (with an ellipsis).
        max_chars: characters of a text analysed (five times as many of an HTML page); the rest is cut, with a
            line saying so, because analysis time and memory grow with a document's length.
        max_redirects: redirect hops followed before giving up.
        user_agent: what the fetcher says it is.
    """

    allow_private: bool = False
    timeout_s: float = 10.0
    max_bytes: int = 10_000_000
    max_expansion: int = 200
    max_title_chars: int = 500
    max_chars: int = 200_000
    max_redirects: int = 5
    user_agent: str = "storylens/0.1 (news analysis; +https://github.com/storylens/storylens)"
