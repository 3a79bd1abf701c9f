"""Compression of a chosen sentence: fewer words, none added, someone's quoted words never touched."""

from __future__ import annotations

import re

from storylens.stages.framing.lexicon import find_terms, loaded_lexicon
from storylens.text.quotations import quotation_spans
from storylens.text.support import stopwords

# Sentence openers that only make sense after the sentence they followed in the article.
_CONNECTIVE = re.compile(
    r"^(however|meanwhile|but|and|also|still|instead|in addition|moreover|furthermore|additionally|yet|so|thus|"
    r"nonetheless|nevertheless|reportedly|allegedly|apparently)\s*,?\s+",
    re.IGNORECASE,
)
_HEDGE_OPENERS = frozenset({"reportedly", "allegedly", "apparently"})


def in_own_words(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches ``text`` outside its quotations: in the writer's words, not someone's."""
    quoted = quotation_spans(text)
    return any(not any(start <= match.start() < end for start, end in quoted) for match in pattern.finditer(text))


def strip_intensifiers(text: str) -> str:
    """Drop modifier intensifiers ("a massive crisis" -> "a crisis"): fewer words, none added, so still supported.

    Only intensifiers followed by a word are dropped (they modify it); verb forms ("soared") stay, as removing them
    would break the sentence. Words inside quotation marks are someone's words: they are never touched.
    """
    quoted = quotation_spans(text)
    for match in reversed(find_terms(text, loaded_lexicon())):
        if any(start < match.end and match.start < end for start, end in quoted):
            continue
        following = text[match.end :].lstrip()
        next_word = following.split(" ", 1)[0].lower().strip(",.;:")
        surface = text[match.start : match.end].lower()
        if match.kind != "intensifier" or surface.endswith(("ed", "ing")) or not following[:1].isalpha():
            continue
        if next_word in stopwords():  # "really a ...", "a huge one": not modifying a content word
            continue
        before = text[: match.start]
        article = re.search(r"\b(an?)\s+$", before, re.IGNORECASE)
        if article:  # "an enormous crisis" -> "a crisis"
            word = "an" if following[:1].lower() in "aeiou" else "a"
            word = word.capitalize() if article.group(1)[0].isupper() else word
            before = before[: article.start(1)] + word + " "
        text = before + following
    return text


def compress(text: str, independent: int) -> str:
    """Drop a leading connective and intensifiers; drop a leading hedge only when independent sources corroborate."""
    text = strip_intensifiers(text)
    match = _CONNECTIVE.match(text)
    if not match:
        return text
    if match.group(1).lower() in _HEDGE_OPENERS and independent < 2:
        return text
    rest = text[match.end() :]
    return rest[:1].upper() + rest[1:] if len(rest.split()) >= 6 else text
