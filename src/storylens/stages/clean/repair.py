"""Plain-text helpers for cleaning: normalisation, line shape, and repair of words glued where links were."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

#: A word immediately repeated with no space, as when a linked word is scraped twice: "China’sChina’s".
#: Names of up to four words are doubled the same way: "Ilhan OmarIlhan Omar".
_DOUBLED = re.compile(r"(?<![\w’'])((?:[A-Z][\w’'.-]* ){0,3}[A-Z][a-z]+(?:[’'][a-z]{1,2})?)\1(?![a-z])")
#: Candidates for dictionary splitting: purely alphabetic tokens long enough to hold two words.
_LONG_TOKEN = re.compile(r"(?<![\w’'@/.-])[A-Za-z]{6,}(?![\w’'@/-])")

#: A glued token is split only when it is not itself a word (Zipf frequency below this) ...
UNKNOWN_ZIPF = 1.5
#: ... one half is a function word (very frequent and short: "and" 7.5, "of" 7.4, "its" 6.2) ...
FUNCTION_ZIPF = 5.5
FUNCTION_MAX_LEN = 4
#: ... and the other half is a real word ("Russia" 4.9, "meth" 3.3).
WORD_ZIPF = 3.0
#: Function words that are also word-forming prefixes or foreign syllables: "upsample", "overdrew" and
#: "weniger" are words, not glue, so these never split off on the left.
PREFIXES = frozenset(
    {
        "in",
        "up",
        "out",
        "over",
        "back",
        "down",
        "off",
        "be",
        "re",
        "co",
        "an",
        "am",
        "we",
        "me",
        "he",
        "she",
        "so",
        "no",
        "non",
        "pre",
        "un",
        "de",
        "la",
        "le",
        "el",
        "da",
        "do",
        "di",
    }
)
#: ... nor these on the right: they are common word endings ("brokeness", "Zionis") or foreign function words.
SUFFIXES = frozenset(
    {
        "is",
        "as",
        "us",
        "an",
        "am",
        "me",
        "men",
        "ness",
        "ed",
        "es",
        "er",
        "en",
        "em",
        "al",
        "ia",
        "like",
        "well",
        "down",
        "way",
        "side",
        "land",
    }
)
#: Splitting only runs on English text: this share of its words must be known English words.
ENGLISH_SHARE = 0.8
#: A capitalised token splits into a name and a function word ("Russiaand") only when the name is attested: it
#: stands alone elsewhere in the text, or is a very common word. Rare names end in function words ("Pellin",
#: "Hartin"), and a wrong split corrupts the name everywhere downstream, while a missed glue costs little.
NAME_ZIPF = 4.5
#: A capitalised word next to another capitalised word (not opening a sentence) is part of a multi-word name.
_CAPITALISED = re.compile(r"[A-Z][\w-]*")
_SENTENCE_BREAK = re.compile(r"(?:[.!?…:;][\"'”’»)\]]*\s+|[\"“‘(]\s*)$")
#: How far back a sentence break is looked for: a few characters, so a long text costs linear time.
_BREAK_WINDOW = 16


@dataclass(frozen=True, slots=True)
class TextNames:
    """The capitalised words of a text: those that recur, those next to another capitalised word, all seen."""

    recurring: frozenset[str] = frozenset()
    adjacent: frozenset[str] = frozenset()
    seen: frozenset[str] = frozenset()

    def __or__(self, other: TextNames) -> TextNames:
        """The names standing in either text."""
        return TextNames(self.recurring | other.recurring, self.adjacent | other.adjacent, self.seen | other.seen)


#: No names known beyond the text itself.
NO_NAMES = TextNames()


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


def _is_function(part: str) -> bool:
    return len(part) <= FUNCTION_MAX_LEN and _zipf(part.lower()) >= FUNCTION_ZIPF


def _is_word(part: str) -> bool:
    return len(part) >= 3 and _zipf(part.lower()) >= WORD_ZIPF


def _split_score(token: str, index: int) -> float | None:
    """How good splitting ``token`` before ``index`` is (the rarer half's frequency), or None if not allowed."""
    left, right = token[:index], token[index:]
    if right[0].isupper():  # "theWest": only a lower-case function word may precede a capital
        ok = left.islower() and _is_function(left) and left not in PREFIXES and _is_word(right)
    elif _is_function(right) and right.lower() not in SUFFIXES:  # "Russiaand", "datato"
        ok = _is_word(left)
    else:  # "onmeth": a function word glued to the next word, never at a capital ("Menear" is a name)
        ok = token[0].islower() and _is_function(left) and left not in PREFIXES and _is_word(right)
    return min(_zipf(left.lower()), _zipf(right.lower())) if ok else None


def split_glued(token: str, names: TextNames = TextNames()) -> str | None:
    """Split a token glued from a word and a function word ("Russiaand" → "Russia and"), or return None.

    Links scraped without their surrounding spaces glue a word to its neighbour; one side is then almost always
    a short function word. Brand names in camel case ("GiveWell") and derived words ("overdrew") are left alone,
    and so is a token that stands as a name in its text (``names``, from :func:`standing_names`): one that
    recurs, or "Pellin" in "Pellin Point" (not "Pell in"). A capitalised token only loses a function word from
    its end when the rest stands alone elsewhere in the text, or is a very common word and the token is not
    part of a multi-word name ("Russia" is common; "Pell" is not).
    """
    if _zipf(token.lower()) >= UNKNOWN_ZIPF or token in names.recurring:
        return None
    best: tuple[float, int] | None = None
    for index in range(2, len(token) - 1):
        score = _split_score(token, index)
        if score is not None and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        return None
    left, right = token[: best[1]], token[best[1] :]
    unattested = left[0].isupper() and right.islower() and left not in names.seen
    if unattested and (token in names.adjacent or _zipf(left.lower()) < NAME_ZIPF):
        return None
    return f"{left} {right}"


def standing_names(text: str) -> TextNames:
    """Find the capitalised words of ``text``, those that recur and those inside multi-word names.

    A recurring word is a name (a glue accident of one link does not repeat); so, unless the text attests its
    halves, is a word next to another capitalised word ("Pellin Point", "Hartin Bowden") when that neighbour
    is not a common word capitalised only because it opens a sentence ("In Russiaand ...").
    """
    counts: dict[str, int] = {}
    adjacent: set[str] = set()
    previous_end, previous = -2, ""
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        counts[word] = counts.get(word, 0) + 1
        if text[previous_end : match.start()] == " " and not _opens_with_common(text, previous_end, previous):
            adjacent.update((word, previous))
        previous_end, previous = match.end(), word
    recurring = frozenset(word for word, count in counts.items() if count > 1)
    return TextNames(recurring, frozenset(adjacent), frozenset(counts))


#: Markup and the script or style text inside it: a page's names are in its visible text.
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.IGNORECASE | re.DOTALL)


def corpus_names(texts: Iterable[str]) -> TextNames:
    """Find the words that stand as names anywhere in a corpus (plain texts or HTML pages).

    A word that recurs in one text, stands next to another capitalised word in one, or appears in two texts
    stands as a name: a glue accident belongs to one link of one page. The pipeline builds this over what it
    cleans together and hands it to every document's cleaning, so "Hallon" in "Tessa Hallon" keeps "Hallon"
    whole in a text that mentions the name once ("signed by Hallon").
    """
    documents: Counter[str] = Counter()
    recurring: set[str] = set()
    adjacent: set[str] = set()
    for text in texts:
        visible = " ".join(_MARKUP.sub(" ", text).split()) if "<" in text else text
        found = standing_names(visible)
        documents.update(found.seen)
        recurring |= found.recurring
        adjacent |= found.adjacent
    recurring.update(word for word, count in documents.items() if count > 1)
    return TextNames(frozenset(recurring), frozenset(adjacent), frozenset(documents))


def _opens_with_common(text: str, end: int, word: str) -> bool:
    """Whether ``word`` (ending at ``end``) opens a sentence and is a common word, capitalised by position."""
    begin = end - len(word)
    opens = begin == 0 or bool(_SENTENCE_BREAK.search(text[max(0, begin - _BREAK_WINDOW) : begin]))
    return opens and _zipf(word.lower()) >= WORD_ZIPF


def looks_english(text: str, sample: int = 400) -> bool:
    """Whether most words of ``text`` are known English words (dictionary splitting is English-only)."""
    words = [word.lower() for word in re.findall(r"[A-Za-z]{3,}", text)[:sample]]
    return bool(words) and sum(_zipf(word) >= 2.0 for word in words) >= ENGLISH_SHARE * len(words)


def repair_glue(line: str, *, split: bool = True, names: TextNames = TextNames()) -> tuple[str, list[str]]:
    """Repair words glued where links were; return the line and the fragments removed (doubled words).

    ``split`` enables dictionary splitting (English text only); doubled words are always undone; ``names`` are
    the words that stand as names in the whole text (:func:`standing_names`), which are never split.
    """
    removed: list[str] = []

    def _undouble(match: re.Match[str]) -> str:
        removed.append(match.group(1))
        return match.group(1)

    line = _DOUBLED.sub(_undouble, line)
    if not split:
        return line, removed

    def _split(match: re.Match[str]) -> str:
        return split_glued(match.group(0), names) or match.group(0)

    return _LONG_TOKEN.sub(_split, line), removed
