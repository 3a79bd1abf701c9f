"""Speakers given as a description (``the company said``) or as ``it``: the organisation they stand for.

A descriptor is a determiner (or ``its``) and a lowercase noun phrase ending in an organisation noun
(``the company``, ``the state-run agency``). It resolves to the organisation entity of the article mentioned
last before the quotation (outside any quotation marks), preferring one whose name carries the noun or a
word of its family (``the ministry`` → ``… Ministry``; ``the company`` → ``… Group``), else any ORG; ``the
government`` may also be a place (GPE). ``it`` resolves the same way to an ORG, else a place. Never a person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storylens.model import Entity, Mention, Span
from storylens.stages.entities.types import ORG_NOUNS
from storylens.text.names import key

# Words that, in a name, fit a descriptor noun beyond the noun itself.
_FAMILY: dict[str, frozenset[str]] = {
    "company": frozenset({"company", "co", "corp", "corporation", "inc", "ltd", "llc", "plc", "group", "holdings"}),
    "firm": frozenset({"company", "co", "corp", "corporation", "inc", "ltd", "llc", "plc", "group", "holdings"}),
    "court": frozenset({"court", "tribunal"}),
    "airline": frozenset({"airlines", "airways", "air"}),
    "carrier": frozenset({"airlines", "airways", "air"}),
    "government": frozenset({"government", "administration", "cabinet"}),
}
_GOVERNING = frozenset({"government", "administration", "cabinet", "state", "kremlin", "embassy"})
DESCRIPTOR_NOUNS = ORG_NOUNS | _GOVERNING | frozenset({"ministry", "police", "army", "military", "office"})
_LEADING = frozenset({"the", "its", "their", "this", "that"})
_WORD = re.compile(r"[a-z][a-z-]*$")


def descriptor_noun(speaker: str) -> str | None:
    """Return the head noun of a descriptor speaker (``the company`` → ``company``), else ``None``."""
    words = speaker.split()
    if len(words) < 2 or len(words) > 4 or words[0].lower() not in _LEADING:
        return None
    head = words[-1].lower()
    # A bare capitalised noun after "the" is still a description ("the Ministry said"); names are not.
    rest_plain = all(_WORD.match(word) for word in words[1:-1])
    if not rest_plain or not (_WORD.match(words[-1]) or len(words) == 2):
        return None
    return head if head in DESCRIPTOR_NOUNS else None


def is_deferred(speaker: str) -> bool:
    """True for speakers resolved against the entities: descriptors and ``it``."""
    return speaker.lower() == "it" or descriptor_noun(speaker) is not None


def _fits(entity: Entity, noun: str) -> bool:
    words = set(key(entity.name).split())
    return bool(words & (_FAMILY.get(noun, frozenset()) | {noun}))


def resolve(
    speaker: str, anchor: int, mentions: Sequence[Mention], entities: dict[str, Entity], quoted: Sequence[Span]
) -> str | None:
    """Return the entity id a descriptor or ``it`` at ``anchor`` stands for, or ``None``.

    Args:
        speaker: the speaker as written (``the company``, ``it``).
        anchor: where the quotation starts: candidates are mentioned before it.
        mentions: this article's mentions, in text order.
        entities: entities by id (their type decides what fits).
        quoted: this article's quotation spans; mentions inside them are not candidates.
    """
    noun = "it" if speaker.lower() == "it" else descriptor_noun(speaker)
    if noun is None:
        return None
    before = [
        mention
        for mention in mentions
        if mention.end <= anchor and not any(start <= mention.start < end for start, end in quoted)
    ]
    for labels, only_fitting in _stages(noun):
        fitting = [m for m in before if entities[m.entity_id].type in labels]
        if only_fitting:
            fitting = [m for m in fitting if _fits(entities[m.entity_id], noun)]
        if fitting:
            return fitting[-1].entity_id
    return None


def _stages(noun: str) -> list[tuple[tuple[str, ...], bool]]:
    """Which entity types to try in turn, and whether the name must fit the noun."""
    if noun == "it":
        return [(("ORG",), False), (("GPE",), False)]
    if noun in _GOVERNING:  # "the government" is a country's unless an organisation is named as one
        return [(("ORG",), True), (("GPE", "NORP"), False), (("ORG",), False)]
    return [(("ORG",), True), (("ORG",), False)]
