"""Entities: variant merging without merging different people, on invented (fictional) texts.

Docs are built with a blank English tokenizer and hand-set entity spans, so these tests exercise the merging
rules without depending on what the statistical NER happens to find.
"""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from storylens.model import Article, Story
from storylens.stages.entities.find import EntityOptions, EntityResult, find_entities

_BLANK = spacy.blank("en")


def make_doc(text: str, ents: list[tuple[str, str]]) -> Doc:
    """Tokenise ``text`` and mark every occurrence of each ``(surface, label)`` as an entity."""
    doc = _BLANK(text)
    spans = []
    taken: set[int] = set()
    for surface, label in sorted(ents, key=lambda item: -len(item[0])):
        start = text.find(surface)
        while start >= 0:
            span = doc.char_span(start, start + len(surface), label=label, alignment_mode="expand")
            if span is not None and not taken & set(range(span.start, span.end)):
                spans.append(span)
                taken |= set(range(span.start, span.end))
            start = text.find(surface, start + 1)
    doc.ents = sorted(spans, key=lambda span: span.start)
    return doc


def run(texts: dict[str, tuple[str, list[tuple[str, str]]]], stories: list[Story] | None = None) -> EntityResult:
    articles = [Article(id=key, text=text) for key, (text, _) in texts.items()]
    docs: dict[str, Any] = {key: make_doc(text, ents) for key, (text, ents) in texts.items()}
    if stories is None:
        stories = [Story("s1", "story", tuple(texts))]
    return find_entities(articles, docs, stories, EntityOptions())


def entity_of(result: EntityResult, article_id: str, text: str, nth: int = 0) -> str:
    found = [m.entity_id for m in result.mentions if m.article_id == article_id and m.text == text]
    return found[nth]


# Fiction written for these tests.
RAIL = {
    "a": (
        "Prime Minister Anna Kowalczyk met union leaders. Kowalczyk’s government promised a rail deal.",
        [("Anna Kowalczyk", "PERSON"), ("Kowalczyk", "PERSON")],
    ),
    "b": (
        "Kowalczyk said the deal would be signed by Oleh Serhiyenko, and Serhienko agreed.",
        [("Kowalczyk", "ORG"), ("Oleh Serhiyenko", "PERSON"), ("Serhienko", "GPE")],
    ),
}


def test_surname_title_and_possessive_merge_into_the_full_name() -> None:
    result = run(RAIL)
    [anna] = [e for e in result.entities if e.name == "Anna Kowalczyk"]
    assert anna.type == "PERSON" and set(anna.variants) == {"Anna Kowalczyk", "Kowalczyk"}
    assert anna.articles == ("a", "b") and anna.mentions == 3
    text = RAIL["a"][0]
    for mention in (m for m in result.mentions if m.entity_id == anna.id and m.article_id == "a"):
        assert text[mention.start : mention.end] == mention.text  # title and ’s are outside the span


def test_spelling_variant_joins_even_when_mislabelled() -> None:
    result = run(RAIL)
    assert entity_of(result, "b", "Serhienko") == entity_of(result, "b", "Oleh Serhiyenko")


CLUB = {
    "a": (
        "Tom Berger resigned as coach on Friday. Chairman Tom Hallis accepted. Berger thanked the players. "
        "His sister Lisa Berger defended him. Berger said the club had been unfair. "
        "John Carter and James Carter, two trustees, abstained.",
        [
            ("Tom Berger", "PERSON"),
            ("Tom Hallis", "PERSON"),
            ("Lisa Berger", "PERSON"),
            ("Berger", "PERSON"),
            ("John Carter", "PERSON"),
            ("James Carter", "PERSON"),
        ],
    ),
}


def test_people_sharing_a_first_or_last_name_stay_apart() -> None:
    result = run(CLUB)
    tom, lisa = entity_of(result, "a", "Tom Berger"), entity_of(result, "a", "Lisa Berger")
    assert len({tom, lisa, entity_of(result, "a", "Tom Hallis")}) == 3
    assert entity_of(result, "a", "John Carter") != entity_of(result, "a", "James Carter")


def test_bare_shared_surname_attaches_to_nearest_preceding() -> None:
    result = run(CLUB)
    tom, lisa = entity_of(result, "a", "Tom Berger"), entity_of(result, "a", "Lisa Berger")
    assert entity_of(result, "a", "Berger", 0) == tom
    assert entity_of(result, "a", "Berger", 1) == lisa


def test_acronym_joins_its_expansion_and_places_do_not_join_people() -> None:
    texts = {
        "a": (
            "The Northern Water Authority warned of shortages. The NWA said Mara Lander was right. "
            "Farmers in Lander were worried.",
            [("Northern Water Authority", "ORG"), ("NWA", "ORG"), ("Mara Lander", "PERSON"), ("Lander", "GPE")],
        )
    }
    result = run(texts)
    assert entity_of(result, "a", "NWA") == entity_of(result, "a", "Northern Water Authority")
    [authority] = [e for e in result.entities if e.id == entity_of(result, "a", "NWA")]
    assert authority.name == "Northern Water Authority" and authority.type == "ORG"
    assert entity_of(result, "a", "Lander") != entity_of(result, "a", "Mara Lander")


def test_ids_follow_first_mention_and_span_stories() -> None:
    texts = {
        "a": ("Mara Lander opened the plant.", [("Mara Lander", "PERSON")]),
        "b": ("Dunmore Council met Mara Lander.", [("Dunmore Council", "ORG"), ("Mara Lander", "PERSON")]),
    }
    stories = [Story("s1", "one", ("a",)), Story("s2", "two", ("b",))]
    result = run(texts, stories)
    assert [e.id for e in result.entities] == ["e1", "e2"]
    assert result.entities[0].name == "Mara Lander" and result.entities[0].articles == ("a", "b")
    assert result == run(dict(texts), stories)


@pytest.mark.parametrize("missing", [None, "x"])
def test_articles_without_docs_or_entities(missing: str | None) -> None:
    articles = [Article(id="x", text="Nothing named here at all.")]
    docs = {} if missing else {"x": make_doc(articles[0].text, [])}
    assert find_entities(articles, docs, [], EntityOptions()) == EntityResult()


# --- the seed articles (read from ../shared; skipped when absent) -------------------------------


def test_seed_entities_merge_variants_but_not_people(seeds_dir: Any) -> None:
    from rapidfuzz import fuzz

    from storylens.model import RawDocument
    from storylens.nlp import parse
    from storylens.stages.clean.document import CleanOptions, clean_document

    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        cleaned = clean_document(RawDocument(path.stem, str(path), path.read_text(encoding="utf-8")), CleanOptions())
        if isinstance(cleaned, Article):
            articles.append(cleaned)
    docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
    result = find_entities(articles, docs, [Story("s1", "seeds", tuple(a.id for a in articles))], EntityOptions())
    people = [e for e in result.entities if e.type == "PERSON"]
    for person in people:  # every full form of one person shares the given name (or its spelling)
        given = {variant.split()[0] for variant in person.variants if len(variant.split()) > 1}
        assert all(fuzz.ratio(a, b) >= 80 for a in given for b in given), person
    spelled = [p for p in people if len({v for v in p.variants if " " not in v}) >= 2]
    assert spelled, "a surname spelled two ways joins one person"
    assert any(len(e.variants) >= 3 and any(" " not in v for v in e.variants) for e in people)
    assert any(e.type != "PERSON" and any(v.isupper() for v in e.variants) and " " in e.name for e in result.entities)
    for mention in result.mentions:
        text = {a.id: a.text for a in articles}[mention.article_id]
        assert text[mention.start : mention.end] == mention.text
