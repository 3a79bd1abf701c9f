"""Who did it, where, and how the other outlets side: invented sentences (fiction, written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from storylens.model import Article, Story, StoryContext
from storylens.stages.claims import ClaimOptions
from storylens.stages.claims.align import FEATURES
from storylens.stages.claims.conflicts import compare_story
from storylens.stages.claims.slots import Slot, sentence_slots


@pytest.fixture(scope="module")
def nlp() -> Any:
    from storylens.nlp import load_spacy

    return load_spacy()


def slots(nlp: Any, text: str, kind: str) -> list[Slot]:
    return [s for s in sentence_slots(nlp(text)[:], 0, [], [], None) if s.kind == kind]


def test_the_doer_has_one_topic_however_the_sentence_is_built(nlp: Any) -> None:
    built = [
        "The motion was tabled by Carys Mendel on Monday.",
        "Carys Mendel, who tabled the motion, said the mayor had lost the room.",
    ]
    for text in built:
        (actor,) = [s for s in slots(nlp, text, "actor") if "mendel" in s.names]
        assert actor.about == "who tabled the motion", text
    patients = slots(nlp, "Police arrested Carys Mendel after the Ardry Trust was tabled by Owen Brisk.", "actor")
    assert all(s.about != "who arrested Carys Mendel" for s in patients)  # the one acted on is not the doer
    assert {s.about for s in patients if "brisk" in s.names} == {"who tabled the Ardry Trust"}


def test_untagged_names_that_act_or_say_where(nlp: Any) -> None:
    where = {s.text for s in slots(nlp, "Customs officers found the parcels at Dunvarrow docks on Thursday.", "place")}
    assert any("Dunvarrow" in text for text in where)
    town = {s.text for s in slots(nlp, "The epicentre was near the town of Qelmarsh, the agency said.", "place")}
    assert any("Qelmarsh" in text for text in town)
    doers = slots(nlp, "Team Osprelle won the Varden Cup after a protest failed.", "actor")
    assert any("osprelle" in s.names and s.about.startswith("who won") for s in doers)


def _outlets(nlp: Any, values: dict[str, str]) -> dict[str, float]:
    articles = tuple(
        Article(id=key, text=f"Fire crews said {value} homes were destroyed in the Harlow Fen blaze on Sunday.")
        for key, value in sorted(values.items())
    )
    docs = {item.id: nlp(item.text) for item in articles}
    context = StoryContext(story=Story("s1", "fiction", tuple(values)), articles=articles)
    compared = compare_story(context, docs, ClaimOptions(), None)
    pair = ("a", "b")
    (candidate,) = [
        c
        for c in compared.candidates
        if c.a.kind == "number"
        and (compared.sentences[c.first].article_id, compared.sentences[c.second].article_id) == pair
    ]
    return dict(zip(FEATURES[-3:], candidate.features[-3:], strict=True))


def test_one_outlet_against_the_rest_is_not_every_outlet_its_own_value(nlp: Any) -> None:
    lone = _outlets(nlp, {"a": "19", "b": "9", "c": "19", "d": "19"})
    scattered = _outlets(nlp, {"a": "19", "b": "9", "c": "27", "d": "40"})
    assert lone["outlets_agreeing"] > 0 and lone["outlets_third"] == 0 and lone["outlets_lopsided"] == 1.0
    assert scattered["outlets_agreeing"] == 0 and scattered["outlets_third"] > 0


def _actor_candidates(nlp: Any, first: str, second: str) -> list[tuple[str, str]]:
    articles = (Article(id="a", text=first), Article(id="b", text=second))
    docs = {item.id: nlp(item.text) for item in articles}
    context = StoryContext(story=Story("s1", "fiction", ("a", "b")), articles=articles)
    compared = compare_story(context, docs, ClaimOptions(), None)
    return [(c.a.text, c.b.text) for c in compared.candidates if c.a.kind == "actor"]


def test_names_conflict_only_in_the_same_role(nlp: Any) -> None:
    doers = _actor_candidates(
        nlp,
        "The motion against the mayor was tabled by Carys Mendel at Monday's meeting.",
        "Owen Brisk, who tabled the motion against the mayor, said the vote was overdue at Monday's meeting.",
    )
    assert [(a.split()[-1], b.split()[-1]) for a, b in doers] == [("Mendel", "Brisk")]
    mentioned = _actor_candidates(
        nlp,
        "The council thanked Carys Mendel for the motion against the mayor at Monday's meeting.",
        "The council thanked Owen Brisk for the motion against the mayor at Monday's meeting.",
    )
    assert mentioned == []
