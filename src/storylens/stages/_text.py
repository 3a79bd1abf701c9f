"""Plain-text helpers for cleaning: normalisation, line shape, and repair of words glued where links were."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

#: A word immediately repeated with no space, as when a linked word is scraped twice: "China’sChina’s".
_DOUBLED = re.compile(r"(?<![\w’'])([A-Z][a-z]+(?:[’'][a-z]{1,2})?)\1(?![a-z])")
#: Candidates for dictionary splitting: purely alphabetic tokens long enough to hold two words.
_LONG_TOKEN = re.compile(r"(?<![\w’'@/.-])[A-Za-z]{6,}(?![\w’'@/-])")

#: A glued token is split only when it is not itself a word (Zipf frequency below this) ...
UNKNOWN_ZIPF = 1.5
#: ... and both halves are common words (Zipf frequency at least this; "and" is 7.5, "Russia" 4.9).
PART_ZIPF = 3.3
#: Shorter halves must be very common (function words such as "and", "of", "the").
SHORT_PART_ZIPF = 5.5


def normalize_text(text: str) -> str:
    """Unify newlines and spaces, drop invisible characters, strip each line (NFC)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def word_count(line: str) -> int:
    """Number of word tokens in ``line``."""
    return len(_WORD.findall(line))


def line_key(line: str) -> str:
    """A comparison key that ignores case, quote style, punctuation spacing and whitespace."""
    folded = line.translate(_QUOTES).casefold()
    return " ".join(_WORD.findall(folded))


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends like a sentence (terminal punctuation, possibly inside quotes)."""
    return bool(_SENTENCE_END.search(line))


def is_prose(line: str, min_words: int = 12) -> bool:
    """Whether ``line`` is body prose: long enough and ending like a sentence (or very long)."""
    words = word_count(line)
    return (words >= min_words and ends_sentence(line)) or words >= 3 * min_words


def is_headline(line: str, max_words: int = 24) -> bool:
    """Whether ``line`` is shaped like a title or heading: short, capitalised, not ending in a full stop."""
    stripped = line.strip()
    if not stripped or word_count(stripped) > max_words or len(stripped) > 220:
        return False
    first = stripped.lstrip("\"'“‘«([")[:1]
    return (first.isupper() or first.isdigit()) and not stripped.endswith((".", ",", ";", ":"))


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # lazily: loading the word list costs ~0.3 s

    value: float = zipf_frequency(word, "en")
    return value


def _part_ok(part: str) -> bool:
    threshold = PART_ZIPF if len(part) >= 4 else SHORT_PART_ZIPF
    return len(part) >= 2 and _zipf(part.lower()) >= threshold


def split_glued(token: str) -> str | None:
    """Split a token glued from two words ("Russiaand" → "Russia and"), or None when it is a word.

    The best split maximises the rarer half's frequency; a case change inside the token ("ShareThis") is a
    strong hint and is tried first.
    """
    if _zipf(token.lower()) >= UNKNOWN_ZIPF:
        return None
    camel = [i for i in range(2, len(token) - 1) if token[i - 1].islower() and token[i].isupper()]
    candidates = camel or range(2, len(token) - 1)
    best: tuple[float, int] | None = None
    for index in candidates:
        left, right = token[:index], token[index:]
        if not (_part_ok(left) and _part_ok(right)):
            continue
        if right[0].isupper() and not camel:
            continue  # "Russiaand" splits, but a capital after lower case must be a camel boundary
        score = min(_zipf(left.lower()), _zipf(right.lower()))
        if best is None or score > best[0]:
            best = (score, index)
    return None if best is None else f"{token[: best[1]]} {token[best[1]:]}"


def repair_glue(line: str) -> tuple[str, list[str]]:
    """Repair words glued where links were; return the line and the fragments removed (doubled words)."""
    removed: list[str] = []

    def _undouble(match: re.Match[str]) -> str:
        removed.append(match.group(1))
        return match.group(1)

    line = _DOUBLED.sub(_undouble, line)

    def _split(match: re.Match[str]) -> str:
        return split_glued(match.group(0)) or match.group(0)

    return _LONG_TOKEN.sub(_split, line), removed
