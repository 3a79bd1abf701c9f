"""Loaded-language and hedge lexicons, term matching, sentence and quotation spans (shared by framing and summary).

The word lists live in ``stages/data/*.txt`` as plain data and are read once, lazily, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Span = tuple[int, int]

WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
# Weight of each kind in the density score: an intensifier amplifies but judges less than a loaded word.
KIND_WEIGHTS = {"loaded": 1.0, "label": 1.0, "intensifier": 0.5, "hedge": 0.0}
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
        "rev", "vs", "etc", "inc", "corp", "ltd", "co", "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c",
    }
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n\s*")
_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"))


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


def words(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word tokens with their offsets (curly apostrophes made straight)."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]


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


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` closes an abbreviation or an initial rather than a sentence."""
    start = stop
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    token = text[start:stop].lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def sentence_spans(text: str) -> list[Span]:
    """Sentence spans (stripped, end exclusive): splits at end punctuation and at line breaks."""
    spans: list[Span] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        mark = boundary.group()
        if mark[0] == "." and _is_abbreviation(text, boundary.start()):
            following = text[boundary.end() : boundary.end() + 1]
            if not following or not following.isupper() or "\n" not in mark:
                continue
        end = boundary.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        _add_span(text, start, end, spans)
        start = boundary.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def quotation_spans(text: str, extra: Sequence[Span] = ()) -> list[Span]:
    """Spans inside quotation marks (curly, straight or guillemets), merged with ``extra`` spans."""
    spans = list(extra)
    for opening, closing in _QUOTE_PAIRS:
        position = 0
        while (start := text.find(opening, position)) >= 0:
            end = text.find(closing, start + 1)
            # A quotation runs to its closing mark; an unclosed one ends at the paragraph break.
            paragraph = text.find("\n\n", start + 1)
            if end < 0 or 0 <= paragraph < end:
                end = paragraph if paragraph >= 0 else len(text)
            spans.append((start, end + 1))
            position = end + 1
    return merge_spans(spans)


def merge_spans(spans: Sequence[Span]) -> list[Span]:
    """Sort and merge overlapping spans."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def inside(position: int, spans: Sequence[Span]) -> bool:
    """Whether ``position`` falls within one of the sorted, merged ``spans``."""
    return any(start <= position < end for start, end in spans)
