"""The same quotation carried by several articles: groups and fidelity against the fullest version.

Two quotations from different articles of one story join when the shorter is (nearly) contained in the
longer (rapidfuzz ``partial_ratio`` on punctuation-free lower-case text), or when both are given to the same
speaker and the shorter's words, in altered forms ("ratification of Russian conquest" for "ratify Russia's
conquest"), run through the longer in order: an outlet that reworded someone's words inside quotation marks
still quotes them, and that copy is the one to flag ``altered``. Groups are the connected
components. Fidelity compares each member's words with the fullest member's: ``verbatim`` (same words),
``trimmed`` (a contiguous run of them) or ``altered`` (words changed). A quotation no other article carries
is a group of its own with fidelity ``None``: there is nothing to be faithful to.

Who said it: the members of a group may name different speakers (a person in one outlet, his company in
another). ``other_speakers`` lists, per member, the speakers other outlets give the same words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from storylens.model import Fidelity, Quote, Story
from storylens.stages.quotes.options import QuoteOptions
from storylens.text.graph import DisjointSet
from storylens.text.names import key as name_key
from storylens.text.names import tokens as name_tokens
from storylens.text.words import stem

_NON_WORD = re.compile(r"[^\w\s]+")
_SHINGLE = 3
#: Two forms of one word ("ratify" and "ratification") share at least this long a beginning.
_AKIN_PREFIX = 5
#: Words this short are function words for the altered-copy test, which needs this many content words.
_FUNCTION_LEN = 3
_MIN_CONTENT = 3


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
    """Pairs from different articles sharing a word trigram (or a short quote's whole text) or a speaker."""
    index: dict[tuple[str, ...], list[int]] = {}
    for number in bucket:
        tokens = words(quotes[number].text)
        grams = {tuple(tokens[i : i + _SHINGLE]) for i in range(max(1, len(tokens) - _SHINGLE + 1))}
        # a reworded copy may share no trigram with the original: the speaker's surname proposes the pair
        surname = name_tokens(quotes[number].speaker or "")[-1:]
        grams |= {("\0speaker", *surname)} if surname else set()
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
    if coverage >= (options.word_coverage if is_long else max(options.word_coverage, 0.9)):
        return True
    return same_speaker(first, second) and _akin_coverage(first_words, second_words) >= options.altered_coverage


def same_speaker(first: Quote, second: Quote) -> bool:
    """Whether two quotations name the same speaker (one entity, or one name, or its surname)."""
    if first.speaker_id and second.speaker_id:
        return first.speaker_id == second.speaker_id
    if not first.speaker or not second.speaker:
        return False
    one, other = name_tokens(first.speaker), name_tokens(second.speaker)
    if not one or not other:
        return False
    return one == other or (one[-1] == other[-1] and (len(one) == 1 or len(other) == 1))


def _akin(first: str, second: str) -> bool:
    """Whether two words are forms of one word: equal stems, or a long shared beginning."""
    if first == second or stem(first) == stem(second):
        return True
    size = _AKIN_PREFIX
    return len(first) >= size and len(second) >= size and first[:size] == second[:size]


def _akin_coverage(first: list[str], second: list[str]) -> float:
    """Share of the shorter list's content words matched, in order, by forms of them in the longer (a word LCS).

    Short function words ("of", "the") are left out: they match anywhere and say nothing about the source.
    """
    short, long = (first, second) if len(first) <= len(second) else (second, first)
    short = [word for word in short if len(word) > _FUNCTION_LEN]
    if len(short) < _MIN_CONTENT:
        return 0.0
    previous = [0] * (len(long) + 1)
    for word in short:
        current = [0]
        for position, other in enumerate(long):
            best = previous[position] + 1 if _akin(word, other) else max(previous[position + 1], current[-1])
            current.append(best)
        previous = current
    return previous[-1] / len(short)


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


def other_speakers(quotes: Sequence[Quote], groups: Sequence[str]) -> list[tuple[str, ...]]:
    """Per quote, the speakers other articles give the same words (same group) when they name someone else.

    A copy without a speaker disagrees with nobody; "Kirby" and "John Kirby" are one speaker.
    """
    members: dict[str, list[int]] = {}
    for number, group in enumerate(groups):
        members.setdefault(group, []).append(number)
    found: list[tuple[str, ...]] = []
    for number, quote in enumerate(quotes):
        others = {
            other.speaker
            for other in (quotes[item] for item in members[groups[number]])
            if other.article_id != quote.article_id
            and other.speaker
            and quote.speaker
            and not same_speaker(quote, other)
        }
        found.append(tuple(sorted(others, key=name_key)))
    return found


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
