"""The timeline: dated claims become ordered events with their sources (invented claims, fiction)."""

from __future__ import annotations

from storylens.model import Article, Claim, Story, StoryContext
from storylens.stages.timeline import TimelineOptions, build_timeline


def claim(article_id: str, text: str, predicate: str, when: str | None, actors: tuple[str, ...]) -> Claim:
    return Claim(article_id, 0, len(text), text, predicate, actors=actors, when=when)


def test_events_are_ordered_by_date_and_merge_their_sources() -> None:
    claims = (
        claim("b", "The queen visited Tarrow on Tuesday.", "visit", "2026-03-24", ("Ingrid Sael",)),
        claim("a", "Ingrid Sael visited the port of Tarrow on Tuesday afternoon.", "visit", "2026-03-24T", ("Sael",)),
        claim("a", "Ingrid Sael announced the visit on Friday.", "announcement", "2026-03-20", ("Ingrid Sael",)),
        claim("c", "The palace spoke of a visit soon.", "visit", None, ()),
        claim("c", "The visit was planned last week.", "visit", "2026-W12", ()),
    )
    articles = tuple(Article(id=key, text="fiction") for key in "abc")
    context = StoryContext(story=Story("s1", "t", ("a", "b", "c")), articles=articles, claims=claims)
    events = build_timeline(context, TimelineOptions())
    assert [event.date for event in events] == ["2026-03-20", "2026-03-24"]
    assert events[1].sources == ("a", "b")
    assert events[1].text == "The queen visited Tarrow on Tuesday."  # the plainest wording


def test_events_with_disjoint_actors_stay_apart_and_max_events_trims() -> None:
    claims = (
        claim("a", "Ilse Marr was fired.", "resignation", "2026-03-16", ("Ilse Marr",)),
        claim("b", "Dev Pahl was fired.", "resignation", "2026-03-16", ("Dev Pahl",)),
    )
    context = StoryContext(story=Story("s1", "t", ("a", "b")), articles=(), claims=claims)
    assert len(build_timeline(context, TimelineOptions())) == 2
    assert len(build_timeline(context, TimelineOptions(max_events=1))) == 1


def test_an_event_scheduled_for_a_weekday_is_placed_after_publication() -> None:
    from storylens.nlp import load_spacy
    from storylens.stages.claims.conflicts import ClaimOptions, analyze_claims

    nlp = load_spacy()
    texts = {
        "a": "The provincial court will hold a hearing on the Orvale bridge on Tuesday.",
        "b": "A hearing on the bridge is scheduled for Tuesday, but few in Orvale expect answers.",
    }
    articles = tuple(Article(id=key, text=text, published="2027-05-10") for key, text in texts.items())  # a Monday
    docs = {article.id: nlp(article.text) for article in articles}
    context = StoryContext(story=Story("s1", "t", ("a", "b")), articles=articles)
    result = analyze_claims(context, docs, ClaimOptions())
    context = StoryContext(story=context.story, articles=articles, claims=result.claims)
    events = build_timeline(context, TimelineOptions())
    assert {event.date for event in events} == {"2027-05-11"}
    assert {source for event in events for source in event.sources} == {"a", "b"}


def test_a_neutral_wording_beats_a_shorter_loaded_one() -> None:
    claims = (
        claim("a", "The corrupt regime raided the Tarrow mill on Monday.", "raid", "2026-03-23", ("Tarrow",)),
        claim("b", "Provincial police searched the Tarrow flour mill on Monday.", "raid", "2026-03-23", ("Tarrow",)),
    )
    context = StoryContext(story=Story("s1", "t", ("a", "b")), articles=(), claims=claims)
    (event,) = build_timeline(context, TimelineOptions())
    assert event.text.startswith("Provincial police searched")
    assert event.sources == ("b",)  # "a" reports a raid by a "regime", never that police searched the mill


def test_every_entry_is_a_complete_neutral_sentence_stated_by_each_source() -> None:
    # Fiction: four outlets on a mill fire in Tarrow; dates already resolved by the claims stage.
    day = "2026-03-23"
    claims = (
        claim(
            "a",
            "TARROW, Lowmark (Metro Wire) — Fire crews put out a blaze at the Tarrow mill on Monday.",
            "fire",
            day,
            ("Tarrow",),
        ),
        claim("b", "Fire crews put out a blaze at the old Tarrow mill on Monday night.", "fire", day, ("Tarrow",)),
        claim(
            "c",
            "Officials promised an inquiry into the Tarrow fire on Tuesday, but few expect the truth to come out.",
            "inquiry",
            "2026-03-24",
            ("Tarrow",),
        ),
        claim("d", "What the council said on Wednesday about the Tarrow fire:", "statement", "2026-03-25", ("Tarrow",)),
        claim("d", "The mill owner may have ignored warnings about the wiring on Monday.", "fire", day, ("Tarrow",)),
        claim(
            "b",
            "We will rebuild the mill by summer,” the owner told the Tarrow council on Thursday.",  # a fragment
            "statement",
            "2026-03-26",
            ("Tarrow",),
        ),
    )
    context = StoryContext(story=Story("s1", "t", ("a", "b", "c", "d")), articles=(), claims=claims)
    events = build_timeline(context, TimelineOptions())
    assert [(event.date, event.text, event.sources) for event in events] == [
        (day, "Fire crews put out a blaze at the Tarrow mill on Monday.", ("a", "b")),
        ("2026-03-24", "Officials promised an inquiry into the Tarrow fire on Tuesday.", ("c",)),  # comment cut
    ]
