"""Loaded-language and hedge lexicons and term matching (shared by framing and summary).

The word lists live in ``stages/data/*.txt`` as plain data and are read once, lazily, on first use.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storylens.text.words import words

Span = tuple[int, int]

# Weight of each kind in the density score: an intensifier amplifies but judges less than a loaded word.
KIND_WEIGHTS = {"loaded": 1.0, "label": 1.0, "intensifier": 0.5, "hedge": 0.0}


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: its words (the last may be a prefix) and its kind."""

    words: tuple[str, ...]
    kind: str
    prefix: bool

    @property
    def term(self) -> str:
        """The entry as written, without its wildcard."""
        return " ".join(self.words)


@dataclass(frozen=True, slots=True)
class Match:
    """A lexicon hit in a text."""

    start: int
    end: int
    term: str
    kind: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Entries indexed by their first word (exact) or by the first three letters (prefix entries)."""

    exact: dict[str, tuple[Entry, ...]]
    prefixed: dict[str, tuple[Entry, ...]]

    def candidates(self, word: str) -> Iterator[Entry]:
        """Entries whose first word may match ``word``, longest first."""
        yield from self.exact.get(word, ())
        if len(word) > 1 and word.endswith("s"):
            yield from (entry for entry in self.exact.get(word[:-1], ()) if len(entry.words) == 1)
        yield from self.prefixed.get(word[:3], ())


def _parse_entry(line: str, default_kind: str) -> Entry | None:
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    term, _, kind = line.partition("\t")
    prefix = term.endswith("*")
    words = tuple(term.rstrip("*").lower().split())
    return Entry(words, kind.strip() or default_kind, prefix)


def build_lexicon(lines: Sequence[str], default_kind: str = "loaded") -> Lexicon:
    """Index lexicon lines (``term<TAB>kind``, ``*`` for any ending) for matching."""
    exact: dict[str, list[Entry]] = {}
    prefixed: dict[str, list[Entry]] = {}
    for line in lines:
        entry = _parse_entry(line, default_kind)
        if entry is None:
            continue
        if entry.prefix and len(entry.words) == 1:
            prefixed.setdefault(entry.words[0][:3], []).append(entry)
        else:
            exact.setdefault(entry.words[0], []).append(entry)

    def frozen(index: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
        return {key: tuple(sorted(items, key=lambda e: -len(e.words))) for key, items in index.items()}

    return Lexicon(frozen(exact), frozen(prefixed))


def _read_data(name: str) -> list[str]:
    return resources.files("storylens.stages").joinpath("data", name).read_text(encoding="utf-8").splitlines()


@lru_cache(maxsize=1)
def loaded_lexicon() -> Lexicon:
    """The packaged loaded-language lexicon (read once)."""
    return build_lexicon(_read_data("loaded_terms.txt"))


@lru_cache(maxsize=1)
def hedge_lexicon() -> Lexicon:
    """The packaged hedge lexicon (read once)."""
    return build_lexicon(_read_data("hedges.txt"), default_kind="hedge")


def _word_matches(entry: Entry, tokens: Sequence[tuple[str, int, int]], at: int) -> bool:
    size = len(entry.words)
    if at + size > len(tokens):
        return False
    for offset, expected in enumerate(entry.words):
        actual = tokens[at + offset][0]
        last = offset == size - 1
        if actual == expected or (last and entry.prefix and actual.startswith(expected)):
            continue
        if last and size == 1 and actual == expected + "s":
            continue
        return False
    return True


def find_terms(text: str, lexicon: Lexicon) -> list[Match]:
    """Every non-overlapping lexicon hit in ``text``, leftmost-longest."""
    tokens = words(text)
    found: list[Match] = []
    position = 0
    while position < len(tokens):
        hit = next((e for e in lexicon.candidates(tokens[position][0]) if _word_matches(e, tokens, position)), None)
        if hit is None:
            position += 1
            continue
        last = tokens[position + len(hit.words) - 1]
        found.append(Match(tokens[position][1], last[2], hit.term, hit.kind))
        position += len(hit.words)
    return found
