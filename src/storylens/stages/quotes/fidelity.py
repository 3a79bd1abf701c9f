"""The same quotation carried by several articles: groups and fidelity against the fullest version.

Two quotations from different articles of one story join when the shorter is (nearly) contained in the
longer (rapidfuzz ``partial_ratio`` on punctuation-free lower-case text). Groups are the connected
components. Fidelity compares each member's words with the fullest member's: ``verbatim`` (same words),
``trimmed`` (a contiguous run of them) or ``altered`` (words changed). A quotation no other article carries
is a group of its own with fidelity ``None``: there is nothing to be faithful to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from storylens.model import Fidelity, Quote, Story
from storylens.stages.quotes.options import QuoteOptions
from storylens.text.graph import DisjointSet

_NON_WORD = re.compile(r"[^\w\s]+")
_SHINGLE = 3


def words(text: str) -> list[str]:
    """Return the lower-case words of a quotation, punctuation aside (apostrophes folded)."""
    return _NON_WORD.sub(" ", text.replace("’", "").replace("'", "").casefold()).split()


def _buckets(quotes: Sequence[Quote], stories: Sequence[Story]) -> list[list[int]]:
    """Indices of quotes that may be compared: one bucket per story, one per article in no story."""
    story_of: dict[str, str] = {}
    for story in stories:
        for article_id in story.article_ids:
            story_of.setdefault(article_id, story.id)
    buckets: dict[str, list[int]] = {}
    for number, quote in enumerate(quotes):
        buckets.setdefault(story_of.get(quote.article_id, "article:" + quote.article_id), []).append(number)
    return list(buckets.values())


def _candidates(quotes: Sequence[Quote], bucket: Sequence[int]) -> set[tuple[int, int]]:
    """Pairs from different articles sharing a word trigram (or a short quote's whole text)."""
    index: dict[tuple[str, ...], list[int]] = {}
    for number in bucket:
        tokens = words(quotes[number].text)
        grams = {tuple(tokens[i : i + _SHINGLE]) for i in range(max(1, len(tokens) - _SHINGLE + 1))}
        for gram in grams:
            index.setdefault(gram, []).append(number)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        for position, first in enumerate(members):
            for second in members[position + 1 :]:
                if quotes[first].article_id != quotes[second].article_id:
                    pairs.add((min(first, second), max(first, second)))
    return pairs


def _same(first: Quote, second: Quote, options: QuoteOptions) -> bool:
    """True when the shorter quotation is (nearly) contained in the longer one.

    Two tests: characters (``partial_ratio``, for copies trimmed or re-punctuated) and words in order (the
    share of the shorter copy's words found in sequence in the longer one, for copies with words cut or
    changed inside, which shift a character window too much).
    """
    first_words, second_words = words(first.text), words(second.text)
    shorter = min(len(first_words), len(second_words))
    if shorter < options.min_words:
        return False
    is_long = shorter >= options.long_words
    threshold = options.group_ratio if is_long else options.short_ratio
    if fuzz.partial_ratio(" ".join(first_words), " ".join(second_words)) >= threshold:
        return True
    coverage = LCSseq.similarity(first_words, second_words) / shorter
    return coverage >= (options.word_coverage if is_long else max(options.word_coverage, 0.9))


def _components(quotes: Sequence[Quote], stories: Sequence[Story], options: QuoteOptions) -> list[int]:
    """Union-find root of every quote over the "same quotation" pairs of each story."""
    groups = DisjointSet(range(len(quotes)))
    for bucket in _buckets(quotes, stories):
        for first, second in sorted(_candidates(quotes, bucket)):
            if _same(quotes[first], quotes[second], options):
                groups.union(first, second)
    return [groups.find(number) for number in range(len(quotes))]


def _contiguous(part: list[str], whole: list[str]) -> bool:
    size = len(part)
    return any(whole[i : i + size] == part for i in range(len(whole) - size + 1))


def fidelity(member: str, fullest: str) -> Fidelity:
    """Compare one copy of a quotation with the fullest copy."""
    part, whole = words(member), words(fullest)
    if part == whole:
        return "verbatim"
    return "trimmed" if _contiguous(part, whole) else "altered"


def _fullest(quotes: Sequence[Quote], group: Sequence[int]) -> int:
    """The reference copy: the one most copies faithfully reproduce (whole or in part), then the longest.

    Taking simply the longest would make an altered copy that added words the reference of the faithful.
    """

    def support(item: int) -> tuple[int, int, int]:
        whole = words(quotes[item].text)
        faithful = sum(_contiguous(words(quotes[other].text), whole) for other in group)
        return faithful, len(whole), -item

    return max(group, key=support)


def group_quotes(
    quotes: Sequence[Quote], stories: Sequence[Story], options: QuoteOptions
) -> list[tuple[str, Fidelity | None]]:
    """Return ``(group id, fidelity)`` per quote; group ids ``g1…`` follow the order of ``quotes``."""
    roots = _components(quotes, stories, options)
    members: dict[int, list[int]] = {}
    for number, root in enumerate(roots):
        members.setdefault(root, []).append(number)
    names: dict[int, str] = {}
    result: list[tuple[str, Fidelity | None]] = []
    for number, root in enumerate(roots):
        names.setdefault(root, f"g{len(names) + 1}")
        group = members[root]
        if len({quotes[item].article_id for item in group}) < 2:
            result.append((names[root], None))
            continue
        result.append((names[root], fidelity(quotes[number].text, quotes[_fullest(quotes, group)].text)))
    return result
