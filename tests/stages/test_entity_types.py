"""Entity types: a vote over the story's mentions and a check against how the name is used (fiction)."""

from __future__ import annotations

from tests.stages.test_entities import run


def type_of(texts: dict[str, tuple[str, list[tuple[str, str]]]], name: str) -> str:
    result = run(texts)
    return next(entity.type for entity in result.entities if entity.name == name)


def test_town_tagged_as_a_person_but_used_as_a_place_is_a_place() -> None:
    texts = {
        "a": (
            "Families from Orrin Bend reached the shelter. Shops in Orrin Bend stayed shut.",
            [("Orrin Bend", "PERSON")],
        ),
        "b": ("Most residents of Orrin Bend went back on Friday.", [("Orrin Bend", "PERSON")]),
    }
    assert type_of(texts, "Orrin Bend") == "GPE"


def test_place_head_word_needs_only_one_place_use() -> None:
    texts = {"a": ("The road to Corrow Falls was closed by the flood.", [("Corrow Falls", "PERSON")])}
    assert type_of(texts, "Corrow Falls") == "GPE"


def test_person_with_person_cues_stays_a_person() -> None:
    texts = {
        "a": (
            "Mara Lander arrived in Orrin Bend. In Orrin Bend, Lander said the water was falling.",
            [("Mara Lander", "PERSON"), ("Lander", "PERSON"), ("Orrin Bend", "GPE")],
        ),
        "b": (
            "Engineers from Tobin Ash worked with Mara Lander, who leads the crews. Tobin Ash said more staff "
            "were coming.",
            [("Tobin Ash", "PERSON"), ("Mara Lander", "PERSON")],
        ),
    }
    assert type_of(texts, "Mara Lander") == "PERSON"
    assert type_of(texts, "Tobin Ash") == "PERSON"  # "Tobin Ash said": a person cue, so it is not re-typed


def test_company_tagged_as_a_person_is_an_organisation() -> None:
    texts = {
        "a": (
            "Pellworth Marine, which owns the ferries, said crossings would resume.",
            [("Pellworth Marine", "PERSON")],
        ),
        "b": ("The operator, Pellworth Marine, has ten boats.", [("Pellworth Marine", "PERSON")]),
    }
    assert type_of(texts, "Pellworth Marine") == "ORG"


def test_majority_of_mentions_decides_the_type() -> None:
    texts = {
        "a": ("Velmont Heath was quiet. Velmont Heath lies north of the river.", [("Velmont Heath", "LOC")]),
        "b": ("Velmont Heath has a school.", [("Velmont Heath", "PERSON")]),
    }
    assert type_of(texts, "Velmont Heath") == "LOC"


def test_title_outweighs_mislabelled_surnames() -> None:
    texts = {
        "a": (
            "Mayor Dana Quill opened the bridge. Quill spoke. Quill left. Quill returned.",
            [("Dana Quill", "PERSON"), ("Quill", "ORG")],
        ),
    }
    assert type_of(texts, "Dana Quill") == "PERSON"


def test_organisation_called_a_town_is_a_place() -> None:
    texts = {"a": ("The town of Garrowby had no power.", [("Garrowby", "ORG")])}
    assert type_of(texts, "Garrowby") == "GPE"
