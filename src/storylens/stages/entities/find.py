"""Entities: NER, then canonical people, organisations and places with their variants merged.

Within a story (or a lone article), names are merged by evidence only:

* the same name once titles, determiners and possessives are stripped (``President X``, ``X’s``);
* two full names of people with the same surname (or a spelling variant of it) and compatible first
  names (``Vladimir Putin`` / ``Vladimir Vladimirovich Putin``); different first names stay apart;
* a bare surname joins the one full name that ends with it; when several do, the nearest preceding one
  in the same article, else none (it stays an entity of its own);
* an acronym joins the one multi-word name whose initials it spells (``ICC``);
* single-word spelling variants (``Zelensky`` / ``Zelenskyy``).

Across stories, entities with the same canonical name and kind are one entity. Ids ``e1``, ``e2``… follow
the first mention (article order as given, then offset).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storylens.model import Article, Entity, Mention, Story
from storylens.stages.entities.merge import NameGroup, RawMention, resolve_group
from storylens.stages.entities.types import settle, vote
from storylens.text.cues import PARTICLES, TITLES
from storylens.text.names import initials, key, strip_name


@dataclass(frozen=True, slots=True)
class EntityOptions:
    """Which labels to keep and how variants merge.

    Attributes:
        labels: spaCy entity labels kept.
        surname_ratio: rapidfuzz ratio (0–100) for two spellings of one surname (Zelensky / Zelenskyy).
        min_fuzzy_length: shorter names only merge when spelled identically (short names collide by chance).
    """

    labels: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
    surname_ratio: float = 88.0
    min_fuzzy_length: int = 6


@dataclass(frozen=True, slots=True)
class EntityResult:
    """Canonical entities and every mention pointing at them."""

    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()


def _titled(text: str, start: int, stripped_title: bool) -> bool:
    """True when a person's title precedes the name (evidence that a mislabelled word is a person)."""
    if stripped_title:
        return True
    before = text[max(0, start - 24) : start].split()
    return bool(before) and before[-1].lower() in TITLES and before[-1][:1].isupper()


def _raw_mentions(article: Article, doc: Any, order: int, options: EntityOptions) -> list[RawMention]:
    """NER spans of the kept labels, with titles (people only), determiners and possessives stripped."""
    found: list[RawMention] = []
    if doc is None:
        return found
    for ent in doc.ents:
        if ent.label_ not in options.labels:
            continue
        name, start, end = strip_name(ent.text, ent.start_char, titles=ent.label_ == "PERSON")
        name, end = _trim_tail(name, end)
        if not any(char.isalpha() for char in name) or (not name[:1].isupper() and not name[:1].isdigit()):
            continue
        stripped_title = len(name.split()) < len(ent.text.split()) and not ent.text.lower().startswith("the ")
        titled = _titled(article.text, start, stripped_title)
        found.append(RawMention(article.id, order, start, end, name, ent.label_, titled))
    return found


def _trim_tail(name: str, end: int) -> tuple[str, int]:
    """Drop lowercase words NER ran on past a name (``X Lake dam every week`` → ``X Lake``)."""
    words = name.split(" ")
    while len(words) > 1 and words[-1].isalpha() and words[-1].islower() and words[-1] not in PARTICLES:
        end -= len(words.pop()) + 1
    return " ".join(words), end


def _article_groups(articles: Sequence[Article], stories: Sequence[Story]) -> list[set[str]]:
    """One group per story, one per article no story holds."""
    groups: list[set[str]] = []
    seen: set[str] = set()
    known = {article.id for article in articles}
    for story in stories:
        members = {article_id for article_id in story.article_ids if article_id in known} - seen
        if members:
            groups.append(members)
            seen |= members
    groups += [{article.id} for article in articles if article.id not in seen]
    return groups


def _canonical(group: NameGroup, raws: Sequence[RawMention]) -> tuple[str, str]:
    """Return the canonical name (the most frequent full form) and the label its mentions vote for."""
    mentions = [raws[number] for number in group.members]
    forms = Counter(mention.text for mention in mentions if not mention.recovered)
    forms = forms or Counter(mention.text for mention in mentions)
    multi = [form for form in forms if len(form.split()) > 1]
    pool = multi or list(forms)
    name = max(pool, key=lambda form: (forms[form], -len(form), form))
    return name, vote(mentions, name)


def _kind(label: str) -> str:
    return "person" if label == "PERSON" else "other"


def find_entities(
    articles: Sequence[Article], docs: Mapping[str, Any], stories: Sequence[Story], options: EntityOptions
) -> EntityResult:
    """Return canonical entities (ids ``e1``, ``e2``…) and mentions for ``articles``."""
    raws = [
        mention
        for order, article in enumerate(articles)
        for mention in _raw_mentions(article, docs.get(article.id), order, options)
    ]
    by_article: dict[str, list[int]] = {}
    for number, raw in enumerate(raws):
        by_article.setdefault(raw.article_id, []).append(number)
    merged: dict[tuple[str, str], list[int]] = {}  # (canonical key, kind) → raw indices, across stories
    names: dict[tuple[str, str], tuple[str, str]] = {}
    texts = {article.id: article for article in articles}
    order_of = {article.id: order for order, article in enumerate(articles)}
    for article_ids in _article_groups(articles, stories):
        members = sorted(number for article_id in article_ids for number in by_article.get(article_id, []))
        groups = resolve_group(raws, members, options.surname_ratio, options.min_fuzzy_length)
        story_articles = [texts[article_id] for article_id in sorted(article_ids)]
        groups = _recover(groups, raws, story_articles, order_of, by_article)
        story_texts = {article_id: texts[article_id].text for article_id in article_ids}
        for group in groups:
            name, label = _canonical(group, raws)
            label = settle(label, name, [raws[number] for number in group.members], story_texts)
            identity = (key(name), _kind(label))
            merged.setdefault(identity, []).extend(group.members)
            names.setdefault(identity, (name, label))
    return _result(raws, merged, names)


def _recoverable(group: NameGroup, raws: Sequence[RawMention]) -> set[str]:
    """Forms NER may miss: a person's names and surnames, an organisation's acronym (its initials)."""
    texts = {raws[number].text for number in group.members}
    name, label = _canonical(group, raws)
    if label == "PERSON":
        return texts | {text.split()[-1] for text in texts}
    spelled = initials(name) if label == "ORG" else ""
    return {spelled} if len(spelled) >= 3 else set()


def _person_forms(groups: Sequence[NameGroup], raws: Sequence[RawMention]) -> dict[str, int]:
    """Recoverable surface forms of each group (people's names, acronyms), by group index; shared ones dropped."""
    forms: dict[str, int] = {}
    shared: set[str] = set()
    for index, group in enumerate(groups):
        for text in _recoverable(group, raws):
            if (len(text) >= 4 or text.isupper()) and text[:1].isupper():
                shared |= {text} if forms.get(text, index) != index else set()
                forms[text] = index
    return {text: index for text, index in forms.items() if text not in shared}


def _recover(
    groups: list[NameGroup],
    raws: list[RawMention],
    articles: Sequence[Article],
    order_of: Mapping[str, int],
    by_article: dict[str, list[int]],
) -> list[NameGroup]:
    """Add the occurrences of a person's names that NER missed in the story's articles (mentions are complete).

    Only capitalised whole words not inside another mention, and never a surname two people share. ``by_article``
    (each article's indices into ``raws``) is kept up to date with what is added, so no call scans all of ``raws``.
    """
    forms = _person_forms(groups, raws)
    if not forms:
        return groups
    alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    pattern = re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])")
    added: dict[int, list[int]] = {}
    for article in articles:
        taken = [(raws[number].start, raws[number].end) for number in by_article.get(article.id, ())]
        for match in pattern.finditer(article.text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            label = raws[groups[forms[match.group(1)]].members[0]].label
            found = RawMention(
                article.id, order_of[article.id], match.start(), match.end(), match.group(1), label, recovered=True
            )
            raws.append(found)
            added.setdefault(forms[match.group(1)], []).append(len(raws) - 1)
            by_article.setdefault(article.id, []).append(len(raws) - 1)
    return [NameGroup(tuple(sorted((*group.members, *added.get(i, ()))))) for i, group in enumerate(groups)]


def _result(
    raws: Sequence[RawMention], merged: dict[tuple[str, str], list[int]], names: dict[tuple[str, str], tuple[str, str]]
) -> EntityResult:
    """Number entities by first mention and point every mention at its entity."""

    def first(identity: tuple[str, str]) -> tuple[int, int, str]:
        raw = min((raws[number] for number in merged[identity]), key=lambda item: (item.order, item.start))
        return raw.order, raw.start, identity[0]

    entities: list[Entity] = []
    mentions: list[tuple[int, int, Mention]] = []
    for number, identity in enumerate(sorted(merged, key=first), 1):
        entity_id = f"e{number}"
        members = [raws[index] for index in merged[identity]]
        name, label = names[identity]
        variants = sorted({raw.text for raw in members} | {name})
        article_ids = sorted({raw.article_id for raw in members})
        entities.append(Entity(entity_id, name, label, tuple(variants), tuple(article_ids), len(members)))
        for raw in members:
            mentions.append((raw.order, raw.start, Mention(raw.article_id, raw.start, raw.end, raw.text, entity_id)))
    mentions.sort(key=lambda item: (item[0], item[1], item[2].end))
    return EntityResult(tuple(entities), tuple(mention for _, _, mention in mentions))
