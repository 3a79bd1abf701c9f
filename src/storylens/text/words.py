"""Words: the one tokenizer every capability uses (lower-cased word tokens with offsets)."""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")


def words(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word tokens with their offsets (curly apostrophes made straight)."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]
