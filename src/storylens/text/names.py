"""Name normalisation shared by entities and quotes: titles, possessives, keys, acronyms."""

from __future__ import annotations

import re
import unicodedata

from storylens.text.cues import ACRONYM_STOPWORDS, DETERMINERS, TITLES

_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_EDGE_PUNCT = " \t\n,.;:!?\"“”‘’'()[]{}-–—"
_WORD = re.compile(r"\S+")


def strip_name(text: str, start: int = 0, titles: bool = True) -> tuple[str, int, int]:
    """Strip determiners, leading titles and a possessive; return the name and its new offsets.

    Args:
        text: the name as written (an entity span).
        start: offset of ``text`` in its article, so the returned offsets are article offsets.
        titles: strip titles too (for people; "Foreign Ministry" keeps its first word).

    Returns:
        ``(name, start, end)``; ``name`` is empty when nothing but titles was left.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    while len(words) > 1:
        word = text[words[0][0] : words[0][1]]
        lower = word.lower()
        # Titles count only when capitalised ("President X"); a determiner in any case.
        if lower in DETERMINERS or (titles and lower in TITLES and word[:1].isupper()):
            words.pop(0)
            continue
        break
    if not words:
        return "", start, start
    begin, end = words[0][0], words[-1][1]
    name = text[begin:end]
    possessive = _POSSESSIVE.search(name)
    if possessive and len(name) > 3:
        end -= len(possessive.group(0))
    while end > begin and text[end - 1] in _EDGE_PUNCT and not _ends_in_initial(text[begin:end]):
        end -= 1
    while begin < end and text[begin] in _EDGE_PUNCT:
        begin += 1
    return text[begin:end], start + begin, start + end


def _ends_in_initial(name: str) -> bool:
    """``U.S.`` and ``Jr.`` keep their final dot."""
    return bool(re.search(r"(?:\b[A-Z]\.|\bJr\.|\bSr\.)$", name))


def key(name: str) -> str:
    """Return the comparison key of a name: accents, case, dots and hyphens folded."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(char for char in folded if not unicodedata.combining(char)).casefold()
    folded = folded.replace(".", "").replace("’", "'")
    folded = re.sub(r"[-‐–—_]", " ", folded)
    return " ".join(folded.split())


def tokens(name: str) -> list[str]:
    """Return the words of a name's key."""
    return key(name).split()


def acronym(name: str) -> str | None:
    """Return ``name`` as a bare acronym (``U.S.`` → ``US``) when it is one, else ``None``."""
    bare = name.replace(".", "").replace(" ", "")
    if 2 <= len(bare) <= 7 and bare.isalpha() and bare.isupper():
        return bare
    return None


def initials(name: str) -> str:
    """Return the capital initials of a multi-word name, skipping function words."""
    words = [word for word in re.split(r"[\s-]+", name) if word and word.lower() not in ACRONYM_STOPWORDS]
    if len(words) < 2:
        return ""
    return "".join(word[0] for word in words if word[0].isalpha()).upper()
