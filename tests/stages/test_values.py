"""Support respects values: counts, dates, weekdays and titled names (invented texts)."""

from __future__ import annotations

import numpy as np

from storylens.model import Article, Claim
from storylens.text.support import (
    add_claim_support,
    article_units,
    outside_quotation,
    similarity_matrix,
    strip_dateline,
    supporters,
)
from storylens.text.values import compare, day_mention, disagree, mentions

# Fiction written for these tests: a ferry grounding off the invented island of Tarrow.
ORDER = "Mayor Ilse Rennick told 3,600 residents of Tarrow and two nearby hamlets on Thursday to leave their homes."


def _disagree(first: str, second: str) -> bool:
    return disagree(mentions(first), mentions(second))


def test_a_different_count_of_the_same_thing_disagrees() -> None:
    assert _disagree(ORDER, "About 6,300 residents were told to leave Tarrow, Mayor Ilse Rennick's office said.")
    assert _disagree("The ferry carried 212 passengers.", "The ferry was carrying 221 passengers.")
    assert _disagree("Repairs will cost $4 million.", "Repairs will cost $7 million.")


def test_hedges_and_vague_amounts_are_compatible() -> None:
    assert not _disagree(ORDER, "About 3,600 people were told to leave Tarrow on Thursday, Mayor Rennick said.")
    assert not _disagree(ORDER, "More than 3,000 residents of Tarrow were told to leave on Thursday.")
    assert not _disagree(ORDER, "Thousands of residents were told to leave Tarrow on Thursday.")
    assert not _disagree("Repairs will cost 4.2 million crowns.", "Repairs will cost nearly 4.2 million crowns.")
    assert not _disagree("Rescuers saved two thousand people.", "Rescuers saved 2,000 people.")


def test_different_things_do_not_disagree() -> None:
    # Twelve crew and 212 passengers: counts of different nouns, and a count the other does not give at all.
    assert not _disagree("The ferry carried 212 passengers and 12 crew.", "All 212 passengers were rescued.")
    assert not _disagree("The ferry carried 212 passengers.", "The harbour has 3 piers.")
    assert not _disagree("Farmer Oskar Lind, 74, said the sea was calm.", "The ferry carried 212 passengers.")


def test_weekdays_dates_years_and_titled_names() -> None:
    assert _disagree("The ferry ran aground on Tuesday night.", "The ferry ran aground on Wednesday night.")
    assert _disagree("The ferry ran aground on 4 June.", "The ferry ran aground on June 5.")
    assert not _disagree("The ferry ran aground on 4 June.", "The ferry ran aground on June 4, 2029.")
    assert _disagree("The pier was built in 1958.", "The pier was built in 1965.")
    assert _disagree("Mayor Ilse Rennick ordered an inquiry.", "Mayor Piet Aldous ordered an inquiry.")
    assert not _disagree("Mayor Ilse Rennick ordered an inquiry.", "Mayor Rennick ordered an inquiry.")


def test_support_needs_compatible_values() -> None:
    own = Article("a", ORDER)
    same = Article(
        "b", "Mayor Ilse Rennick told about 3,600 residents of Tarrow and two nearby hamlets on Thursday to go."
    )
    other = Article("c", "Mayor Ilse Rennick told 6,300 residents of Tarrow and two nearby hamlets on Thursday to go.")
    day = Article("d", "Mayor Ilse Rennick told 3,600 residents of Tarrow and two nearby hamlets on Friday to go.")
    units = [u for article in (own, same, other, day) for u in article_units(article)]
    support = supporters(units, similarity_matrix(units), 0.5)
    assert support[0] == frozenset({"a", "b"})


def test_an_article_giving_another_figure_elsewhere_does_not_support() -> None:
    own = Article("a", ORDER + " The ferry ran aground on the reef after its engine failed in a storm.")
    other = Article(
        "b",
        "The ferry ran aground on the reef after its engine failed during a storm. "
        "Mayor Ilse Rennick told residents of Tarrow and two nearby hamlets on Thursday to leave their homes. "
        "Some 6,300 residents were taken by bus to a school gym on the mainland.",
    )
    units = [u for article in (own, other) for u in article_units(article)]
    similarity = similarity_matrix(units)
    support = supporters(units, similarity, 0.5)
    assert support[0] == frozenset({"a"})  # b's similar sentence has no figure, but b's figure is another
    assert support[1] == frozenset({"a", "b"})  # the grounding itself is supported
    claims = [Claim("a", units[0].start, units[0].end, ORDER, "tell", support=("b",))]
    add_claim_support(units, support, claims, similarity)
    assert support[0] == frozenset({"a"})  # the claims stage matched the event, not the figure


def test_datelines_are_stripped_and_quotation_fragments_are_never_candidates() -> None:
    assert strip_dateline("TARROW, Westmarch (Isle Wire) — The ferry ran aground.") == "The ferry ran aground."
    assert strip_dateline("Tarrow (Isle Wire) - The ferry ran aground.") == "The ferry ran aground."
    assert strip_dateline("The ferry — an old one — ran aground.") == "The ferry — an old one — ran aground."
    text = (
        "TARROW, Westmarch (Isle Wire) — The Tarrow ferry ran aground on the northern reef late on Tuesday night.\n\n"
        "“We heard a terrible noise and then the lights went out. Everybody ran up to the deck and waited for "
        "the lifeboats,” passenger Mara Holt told reporters at the harbour.\n\n"
        "The harbour master Jens Ort said: “The captain radioed for help at ten. The crew behaved very well "
        "throughout the whole night.”\n\n"
        "The coastguard towed the damaged ferry back to the harbour of Tarrow on Wednesday afternoon."
    )
    units = article_units(Article("a", text))
    candidates = [u.text for u in units if u.candidate]
    assert candidates[0] == "The Tarrow ferry ran aground on the northern reef late on Tuesday night."
    assert not any("told reporters" in t or "radioed" in t or "lifeboats" in t for t in candidates)
    assert candidates[-1].startswith("The coastguard towed")
    quote = "He said: “We waited. Nobody came,” the captain added."
    spans = [(quote.index("“"), quote.index("”") + 1)]
    assert not outside_quotation(quote, quote.index("Nobody"), len(quote), spans)  # begins inside
    assert not outside_quotation(quote, 0, quote.index("Nobody") - 1, spans)  # ends inside
    assert outside_quotation(quote, 0, len(quote), spans)


def test_similar_but_valueless_sentences_still_support() -> None:
    units = [
        u
        for article in (
            Article("a", "The ferry carried 212 passengers when it struck the northern reef near Tarrow."),
            Article("b", "The ferry was carrying passengers when it struck the northern reef near Tarrow."),
        )
        for u in article_units(article)
    ]
    assert supporters(units, np.ones((2, 2), dtype=np.float32), 0.5)[0] == frozenset({"a", "b"})


def _verdict(first: str, second: str) -> str | None:
    (a,) = [m for m in mentions(first) if m.kind in ("quantity", "score")]
    (b,) = [m for m in mentions(second) if m.kind in ("quantity", "score")]
    return compare(a, b)


def test_the_engine_tells_same_compatible_and_conflicting() -> None:
    assert _verdict("The ferry carried 212 passengers.", "All 212 passengers were rescued.") == "same"
    assert _verdict("Storms cancelled more than 200 flights.", "Storms cancelled 212 flights.") == "compatible"
    assert _verdict("About 200 flights were cancelled.", "Storms cancelled 212 flights.") == "compatible"
    assert _verdict("The plan costs $1.8bn.", "The plan costs $1.84 billion.") == "compatible"  # rounding
    assert _verdict("Defences cost nearly £5m.", "Defences cost £4.75 million.") == "compatible"
    assert _verdict("The fire burned 8,400 hectares.", "The fire burned more than 20,000 acres.") == "compatible"
    assert _verdict("The train ran at about 48 mph.", "The train ran at 77 km/h.") == "compatible"
    assert _verdict("Nearly four in ten patients waited.", "Some 38 percent waited.") == "compatible"
    assert _verdict("Rescuers freed nine miners.", "Rescuers freed eleven miners.") == "conflicting"
    assert _verdict("More than half a million patients wait.", "412,300 patients wait.") == "conflicting"
    assert _verdict("Twenty-seven people were hurt.", "More than 50 people were hurt.") == "conflicting"


def test_scores_and_votes_are_compared_as_results() -> None:
    assert _verdict("The council passed it by nine votes to four.", "It passed 8-5.") == "conflicting"
    assert _verdict("It was approved by a vote of 9 to 4.", "It passed 9-4.") == "same"
    assert _verdict("Kostas won 6-4, 3-6, 7-5.", "She took the title 6-4, 3-6, 7-6.") == "conflicting"


def test_resolved_days_compare_as_ranges() -> None:
    day, week = day_mention("2026-03-11"), day_mention("2026-W11")
    other = day_mention("2026-03-12")
    assert day is not None and week is not None and other is not None
    assert compare(day, week) == "compatible" and compare(day, other) == "conflicting"
    assert day_mention("PRESENT_REF") is None


def test_times_of_day_are_not_figures() -> None:
    assert [m.key for m in mentions("The crush began at 10.40 p.m., and 27 people were hurt by 11 pm.")] == ["person"]


def test_ages_are_their_own_thing_and_a_comma_ends_a_figure() -> None:
    # Fiction: an invented by-election.
    keys = [m.key for m in mentions("Ona Tell, a 41-year-old nurse, held the seat for 22 years.")]
    assert keys == ["age", "year"]
    assert [m.key for m in mentions("She is 41 years old.")] == ["age"]
    assert [m.key for m in mentions("Ona Tell, 41, won by 2,104 votes.")] == ["vote"]
    assert not _disagree("A 41-year-old nurse won the seat.", "The seat she won had been held for 22 years.")
