"""Entities: NER, then canonical people, organisations and places with their variants merged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storylens.model import Article, Entity, Mention, Story


@dataclass(frozen=True, slots=True)
class EntityOptions:
    """Which labels to keep and how variants merge."""

    labels: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")


@dataclass(frozen=True, slots=True)
class EntityResult:
    """Canonical entities and every mention pointing at them."""

    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()


def find_entities(
    articles: Sequence[Article], docs: Mapping[str, Any], stories: Sequence[Story], options: EntityOptions
) -> EntityResult:
    """Return canonical entities (ids ``e1``, ``e2``…) and mentions for ``articles``."""
    return EntityResult()  # TODO(issue 5)
