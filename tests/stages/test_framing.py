"""Framing: loaded terms, hedges, quoted speech counted apart, density, outlet comparison (invented texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.model import Article, Quote, RawDocument, Story, StoryContext
from storylens.stages.clean.document import clean_document
from storylens.stages.framing.lexicon import build_lexicon, find_terms
from storylens.stages.framing.measure import FramingOptions, compare_outlets, measure_framing
from storylens.text.quotations import quotation_spans
from storylens.text.sentences import sentence_spans

# Fiction written for these tests: the republic of Norvania and its neighbour Osterland.
NEUTRAL = (
    "The president of Norvania arrived in Osterland on Monday for a three-day visit. "
    "The two governments said they would discuss trade and a border agreement. "
    "Officials from both countries are due to meet again on Tuesday."
)
LOADED = (
    "Norvania's regime sent its strongman president to Osterland on Monday with great fanfare. "
    "The visit is an existential threat to the region, critics say, after an unprovoked border raid. "
    "He reportedly boasted about the deal."
)
QUOTED = (
    "The minister spoke on Monday. “This regime is a brutal menace,” she said at a press conference. "
    "Officials from both countries are due to meet again on Tuesday."
)


def _article(article_id: str, text: str, source: str | None = None) -> Article:
    return Article(id=article_id, text=text, source=source)


def test_loaded_terms_and_hedges_are_found() -> None:
    framing = measure_framing(_article("b", LOADED), [], FramingOptions())
    assert {"regime", "strongman", "fanfare", "existential threat", "unprovoked", "boasted"} <= set(
        framing.loaded_terms
    )
    assert "reportedly" in framing.hedges
    assert framing.score > 5.0


def test_neutral_text_scores_zero() -> None:
    framing = measure_framing(_article("a", NEUTRAL), [], FramingOptions())
    assert framing.score == 0.0
    assert framing.loaded_terms == ()
    assert framing.loaded_sentences == ()


def test_quoted_terms_are_counted_apart() -> None:
    framing = measure_framing(_article("q", QUOTED), [], FramingOptions())
    assert framing.loaded_terms == ()
    assert set(framing.quoted_terms) == {"regime", "brutal", "menace"}
    assert framing.score == 0.0


def test_quote_spans_from_the_quotes_stage_are_respected() -> None:
    text = "Critics said the regime was brutal. Officials met on Tuesday."
    start = text.index("the regime")
    quote = Quote(id="q1", article_id="x", text=text[start : start + 25], start=start, end=start + 25)
    framing = measure_framing(_article("x", text), [quote], FramingOptions())
    assert "regime" in framing.quoted_terms
    assert "regime" not in framing.loaded_terms


def test_loaded_sentences_carry_offsets_and_terms() -> None:
    article = _article("b", LOADED)
    framing = measure_framing(article, [], FramingOptions())
    first = framing.loaded_sentences[0]
    assert article.text[first.start : first.end].startswith("Norvania's regime")
    assert set(first.terms) == {"regime", "strongman", "fanfare"}
    assert all(article.text[s.start : s.end].strip() == article.text[s.start : s.end] for s in framing.loaded_sentences)


def test_density_is_comparable_across_lengths() -> None:
    short = measure_framing(_article("s", LOADED), [], FramingOptions())
    long = measure_framing(_article("l", LOADED + " " + NEUTRAL * 3), [], FramingOptions())
    assert 0 < long.score < short.score


def test_lexicon_wildcards_phrases_and_plurals() -> None:
    lexicon = build_lexicon(["slam*\tloaded", "witch hunt\tloaded", "thug\tlabel"])
    found = find_terms("They slammed the witch hunt by thugs.", lexicon)
    assert [m.term for m in found] == ["slam", "witch hunt", "thug"]
    assert found[2].kind == "label"


def test_sentence_spans_keep_abbreviations_together() -> None:
    text = "Mr. Brandt met U.S. officials on Monday. They talked.\nA new line starts here"
    pieces = [text[s:e] for s, e in sentence_spans(text)]
    assert pieces == ["Mr. Brandt met U.S. officials on Monday.", "They talked.", "A new line starts here"]


def test_unclosed_quotation_ends_at_paragraph() -> None:
    text = "He said: “we will win.\n\nNext paragraph is the outlet's."
    spans = quotation_spans(text)
    assert spans and text.index("Next") >= spans[0][1]


def test_compare_outlets_tells_most_and_least_loaded() -> None:
    articles = (_article("a", NEUTRAL, "calm.example"), _article("b", LOADED, "loud.example"))
    quote = Quote(id="q1", article_id="a", text="x", start=0, end=1, speaker="A. Minister")
    context = StoryContext(Story("s1", "t", ("a", "b")), articles, quotes=(quote,))
    comparison = compare_outlets(context)
    assert comparison["most_loaded"]["outlet"] == "loud.example"
    assert comparison["least_loaded"]["outlet"] == "calm.example"
    by_id = {o["article_id"]: o for o in comparison["outlets"]}
    assert by_id["a"]["voices"] == ["A. Minister"]
    assert by_id["b"]["voices"] == []


def test_compare_outlets_reports_facts_left_out() -> None:
    fact = "The central bank of Norvania raised its interest rate to four percent on Thursday morning."
    other = "Farmers in the northern valley harvested a record wheat crop during the dry autumn months."
    articles = (
        _article("a", f"{fact} {other}"),
        _article("b", f"{fact} The harbour of Osterland reopened for container ships after repairs."),
        _article("c", "Norvania hosted a chess tournament attended by players from twelve countries last week."),
    )
    comparison = compare_outlets(StoryContext(Story("s", "t", ("a", "b", "c")), articles))
    by_id = {o["article_id"]: o for o in comparison["outlets"]}
    assert [f["text"] for f in by_id["c"]["left_out"]] == [fact]
    assert any(f["text"] == other for f in by_id["a"]["only_here"])


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> list[Article]:
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        cleaned = clean_document(RawDocument(id=path.stem, origin=str(path), content=path.read_text()))
        assert isinstance(cleaned, Article)
        articles.append(cleaned)
    return articles


def test_seeds_most_loaded_outlet_is_told_from_most_neutral(seed_articles: list[Article]) -> None:
    scores = {a.id: measure_framing(a, [], FramingOptions()).score for a in seed_articles}
    ranked = sorted(scores, key=scores.__getitem__)
    least, most = ranked[0], ranked[-1]
    assert scores[most] > 3 * max(scores[least], 0.1)
    # The most loaded seed uses actor labels; the most neutral carries none of the lexicon's labels.
    most_terms = set(measure_framing(next(a for a in seed_articles if a.id == most), [], FramingOptions()).loaded_terms)
    assert most_terms & {"regime", "existential threat", "fanfare", "communist china", "communist neighbor"}
