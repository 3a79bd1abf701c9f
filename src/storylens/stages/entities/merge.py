"""Merging name variants within one story: full names, surnames, spelling variants and acronyms.

Works on name keys (``_names.key``) with a union-find; bare single-word person names are resolved per
mention, because one story can hold two people sharing a surname.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from storylens.text.cues import PARTICLES
from storylens.text.graph import DisjointSet
from storylens.text.names import acronym, initials, key

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


# Spellings that transliterations of one name alternate between (Aleksandr / Alexander, Zelenskyy / Zelensky).
_TRANSLITERATION = (
    ("ks", "x"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
    ("w", "v"),
    ("y", "i"),
    ("ii", "i"),
)


def fold(word: str) -> str:
    """Fold common transliteration alternations before comparing two spellings."""
    for old, new in _TRANSLITERATION:
        word = word.replace(old, new)
    return word


def surname(name_key: str) -> str:
    """The family name of a name key: its last word, with a particle before it (``al rashid``)."""
    words = name_key.split()
    return " ".join(words[-2:]) if len(words) > 1 and words[-2] in PARTICLES else words[-1]


def is_full(name_key: str) -> bool:
    """A name of more than a (particled) surname: given name plus family name."""
    return surname(name_key) != name_key


@dataclass(frozen=True, slots=True)
class RawMention:
    """One NER span after stripping titles and possessives."""

    article_id: str
    order: int
    start: int
    end: int
    text: str
    label: str
    titled: bool = False
    recovered: bool = False  # found by string match after NER: its label is copied, it does not vote


@dataclass(frozen=True, slots=True)
class NameGroup:
    """The raw mentions (indices) that name one entity within a story."""

    members: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Fuzzy:
    ratio: float
    min_length: int

    def same_word(self, a: str, b: str) -> bool:
        """Two spellings of one name word: equal, or close, long enough and with the same first letter."""
        if a == b:
            return True
        long_enough = min(len(a), len(b)) >= self.min_length
        return long_enough and a[0] == b[0] and fuzz.ratio(fold(a), fold(b)) >= self.ratio

    def same_given(self, a: str, b: str) -> bool:
        """Compatible first names: equal, an initial of the other, or a spelling variant."""
        if a == b or (min(len(a), len(b)) == 1 and a[0] == b[0]):
            return True
        return min(len(a), len(b)) >= 4 and a[0] == b[0] and fuzz.ratio(fold(a), fold(b)) >= self.ratio

    def same_person(self, a: str, b: str) -> bool:
        """Two full names of one person: the same surname and compatible first names (middle names free)."""
        return self.same_word(surname(a), surname(b)) and self.same_given(a.split()[0], b.split()[0])


def _label(raws: Sequence[RawMention], members: Sequence[int]) -> str:
    labels = Counter(raws[number].label for number in members)
    return max(labels, key=lambda item: (labels[item], item == "PERSON", item))


def _merge_full_names(union: DisjointSet[str], people: Sequence[str], fuzzy: _Fuzzy) -> None:
    """Join full names of one person (same surname, compatible given names)."""
    for position, first in enumerate(people):
        for second in people[position + 1 :]:
            if fuzzy.same_person(first, second):
                union.union(first, second)


def _merge_acronyms(union: DisjointSet[str], by_key: dict[str, list[int]], raws: Sequence[RawMention]) -> None:
    """Join an acronym to the one non-person multi-word name whose initials it spells."""
    expansions: dict[str, set[str]] = {}
    for name_key, members in by_key.items():
        if len(name_key.split()) > 1 and _label(raws, members) != "PERSON":
            spelled = initials(raws[members[0]].text)
            if spelled:
                expansions.setdefault(spelled, set()).add(union.find(name_key))
    for name_key, members in by_key.items():
        short = acronym(raws[members[0]].text)
        roots = expansions.get(short or "", set())
        if short and len(roots) == 1:
            union.union(name_key, next(iter(roots)))


def _person_capable(raws: Sequence[RawMention], members: Sequence[int]) -> bool:
    """A single word may be a person's name unless every mention says it is a place and none is titled."""
    mentions = [raws[number] for number in members]
    return any(m.label not in _PLACE_LABELS or m.titled for m in mentions)


def _surname_candidates(
    word: str, capable: bool, people: Sequence[str], union: DisjointSet[str], fuzzy: _Fuzzy
) -> set[str]:
    """Roots of full names ending (or, failing that, starting) with ``word``; fuzzy only with evidence."""
    by_last = {
        union.find(name)
        for name in people
        if surname(name) == word or (fuzzy.same_word(surname(name), word) and len(word) >= fuzzy.min_length)
    }
    exact = {union.find(name) for name in people if surname(name) == word}
    if not capable:  # a place-labelled word joins a person only when spelled differently from a place word
        by_last -= exact
    if by_last:
        return by_last
    return {union.find(name) for name in people if name.split()[0] == word} if capable else set()


def _nearest(raws: Sequence[RawMention], number: int, roots: set[str], owner: dict[int, str]) -> str | None:
    """The candidate mentioned last before mention ``number`` in the same article."""
    mention = raws[number]
    best: tuple[int, str] | None = None
    for other, root in owner.items():
        candidate = raws[other]
        same_article = candidate.article_id == mention.article_id and candidate.start < mention.start
        if root in roots and same_article and (best is None or candidate.start > best[0]):
            best = (candidate.start, root)
    return best[1] if best else None


def resolve_group(raws: Sequence[RawMention], members: Sequence[int], ratio: float, min_length: int) -> list[NameGroup]:
    """Cluster the mentions ``members`` of one story into entities."""
    fuzzy = _Fuzzy(ratio, min_length)
    by_key: dict[str, list[int]] = {}
    for number in members:
        by_key.setdefault(key(raws[number].text), []).append(number)
    union = DisjointSet[str]()
    for name_key in by_key:
        union.find(name_key)
    people = [k for k, m in by_key.items() if is_full(k) and _label(raws, m) == "PERSON"]
    _merge_full_names(union, people, fuzzy)
    _merge_acronyms(union, by_key, raws)
    owner = {number: union.find(key(raws[number].text)) for number in members if is_full(key(raws[number].text))}
    singles = [k for k in by_key if not is_full(k) and not acronym(raws[by_key[k][0]].text)]
    _merge_single_spellings(union, singles, by_key, raws, fuzzy)
    assigned: dict[int, str] = dict(owner)
    for name_key in singles:
        capable = _person_capable(raws, by_key[name_key])
        roots = _surname_candidates(name_key, capable, people, union, fuzzy)
        for number in by_key[name_key]:
            target = next(iter(roots)) if len(roots) == 1 else _nearest(raws, number, roots, owner)
            assigned[number] = target if target is not None else union.find(name_key)
    for number in members:
        assigned.setdefault(number, union.find(key(raws[number].text)))
    clusters: dict[str, list[int]] = {}
    for number in members:
        clusters.setdefault(union.find(assigned[number]), []).append(number)
    return [NameGroup(tuple(sorted(group))) for group in clusters.values()]


def _merge_single_spellings(
    union: DisjointSet[str],
    singles: Sequence[str],
    by_key: dict[str, list[int]],
    raws: Sequence[RawMention],
    fuzzy: _Fuzzy,
) -> None:
    """Join single-word spelling variants of a person-capable name (Zelensky / Zelenskyy)."""
    capable = [name for name in singles if _person_capable(raws, by_key[name])]
    for position, first in enumerate(capable):
        for second in capable[position + 1 :]:
            if first != second and fuzzy.same_word(first, second):
                union.union(first, second)
