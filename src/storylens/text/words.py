"""Words: the one tokenizer and the one stemmer every capability uses."""

from __future__ import annotations

import re

# Letters and digits of any script ("Łukasz", "Zürich"), joined by inner hyphens and apostrophes ("well-known",
# "don't"); underscores and punctuation split.
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def words(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word tokens with their offsets (curly apostrophes made straight)."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]


# Inflections stripped by ``stem``; "ly" makes an adverb match its adjective ("sharply"/"sharp").
_SUFFIXES = ("ing", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """Return a crude, stable stem: enough to match inflections of the same word across outlets."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def stems(text: str) -> tuple[str, ...]:
    """Return the stems of the word tokens of ``text``, in order."""
    return tuple(stem(word) for word, _, _ in words(text))
