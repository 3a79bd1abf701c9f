"""Descriptor and ``it`` speakers resolve to organisations, never to people (invented, fictional texts)."""

from __future__ import annotations

from typing import Any

import pytest

from storylens.model import Article, Entity, Mention, Quote
from storylens.stages.entities.find import EntityOptions, find_entities
from storylens.stages.quotes.descriptors import descriptor_noun, resolve
from storylens.stages.quotes.extract import QuoteOptions, extract_quotes, link_quotes

ENTITIES = {
    "e1": Entity("e1", "Harbour Board", "ORG", ("Harbour Board",), ("a",)),
    "e2": Entity("e2", "Ines Calder", "PERSON", ("Ines Calder",), ("a",)),
    "e3": Entity("e3", "Ministry of Tides", "ORG", ("Ministry of Tides",), ("a",)),
    "e4": Entity("e4", "Brenholt", "GPE", ("Brenholt",), ("a",)),
}
MENTIONS = [
    Mention("a", 0, 13, "Harbour Board", "e1"),
    Mention("a", 30, 47, "Ministry of Tides", "e3"),
    Mention("a", 60, 68, "Brenholt", "e4"),
    Mention("a", 80, 91, "Ines Calder", "e2"),
]


@pytest.mark.parametrize(
    ("speaker", "noun"),
    [
        ("the company", "company"),
        ("the state-run agency", "agency"),
        ("The Ministry", "ministry"),
        ("its operator", "operator"),
        ("the Harbour Board", None),
        ("Ines Calder", None),
        ("the crowd", None),
    ],
)
def test_descriptor_nouns(speaker: str, noun: str | None) -> None:
    assert descriptor_noun(speaker) == noun


def test_descriptor_takes_the_fitting_or_latest_organisation_never_a_person() -> None:
    assert resolve("the ministry", 100, MENTIONS, ENTITIES, []) == "e3"
    assert resolve("the company", 100, MENTIONS, ENTITIES, []) == "e3"  # latest ORG; the person after it is skipped
    assert resolve("the company", 29, MENTIONS, ENTITIES, []) == "e1"
    assert resolve("the group", 100, MENTIONS, ENTITIES, [(25, 50)]) == "e1"  # a name inside a quotation is not
    assert resolve("the government", 100, MENTIONS, ENTITIES, []) == "e4"  # a country's, unless an ORG is named so
    assert resolve("the court", 10, MENTIONS, ENTITIES, []) is None
    assert resolve("it", 100, MENTIONS, ENTITIES, []) == "e3"


TEXT = (
    "Orlen Tidewater, which runs the ferry line across the bay, said in a statement on Monday that crossings would "
    "resume. “Every vessel has passed its inspection and the crews are ready,” the company said. "
    "Captain Ines Calder said the harbour was calm. "
    "“We expect the first crossing to leave at dawn on Tuesday,” it added."
)


@pytest.fixture(scope="module")
def parsed() -> tuple[Article, Any]:
    from storylens.nlp import parse

    article = Article("ferry", TEXT)
    return article, parse([TEXT])[0]


def test_company_and_it_resolve_to_the_organisation(parsed: tuple[Article, Any]) -> None:
    article, doc = parsed
    entities = find_entities([article], {article.id: doc}, [], EntityOptions())
    found = extract_quotes(article, doc, QuoteOptions())
    linked = link_quotes(found, entities, [], QuoteOptions())
    organisation = next(e for e in entities.entities if e.name == "Orlen Tidewater")
    assert organisation.type == "ORG"
    assert [(q.speaker, q.speaker_id) for q in linked] == [(organisation.name, organisation.id)] * 2


def test_unresolved_descriptor_keeps_its_words_and_it_names_nobody() -> None:
    quotes = [
        Quote("", "a", "Nothing has changed since the storm.", 20, 56, speaker="the agency"),
        Quote("", "a", "We will publish the report next week.", 70, 107, speaker="it"),
    ]
    person = Entity("e1", "Ines Calder", "PERSON", ("Ines Calder",), ("a",))
    from storylens.stages.entities.find import EntityResult

    result = EntityResult((person,), (Mention("a", 0, 11, "Ines Calder", "e1"),))
    linked = link_quotes(quotes, result, [], QuoteOptions())
    assert [(q.speaker, q.speaker_id) for q in linked] == [("the agency", None), (None, None)]
