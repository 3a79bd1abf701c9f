"""Summary: cited, supported, corroborated first, rewrites counted once, conflicts stated (invented stories)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from storylens.model import Article, Conflict, RawDocument, Reuse, Statement, Story, StoryContext
from storylens.stages.clean.document import clean_document
from storylens.stages.framing.measure import loaded_density
from storylens.stages.summary.citation import conflict_sentence
from storylens.stages.summary.summarize import SummaryOptions, score_story, summarize_story
from storylens.text.support import content_words, coverage, reuse_groups

# Fiction written for these tests: a dam failure in the invented province of Valdora.
A = (
    "The Kessel dam in the province of Valdora failed on Sunday night after days of heavy rain. "
    "Water from the reservoir flooded three villages downstream of the dam. "
    "Rescue teams evacuated more than two thousand residents from the flooded villages. "
    "The provincial governor ordered an inquiry into the maintenance of the dam. "
    "A local bakery handed out free bread to the rescue workers on Monday morning."
)
B = (
    "The Kessel dam in Valdora province collapsed on Sunday night following several days of heavy rain. "
    "Three villages below the dam were flooded by water from the reservoir. "
    "The disgraced regime of the governor, in a shameless stunt, ordered an inquiry into the maintenance of the dam. "
    "Engineers had warned last year that the spillway of the dam was cracked and needed repair."
)
C = (
    "Rescue teams evacuated over two thousand residents from villages flooded when the Kessel dam failed. "
    "The provincial governor ordered an inquiry into how the dam had been maintained. "
    "The national weather office said the rainfall in Valdora was the heaviest in forty years. "
    "Insurance companies expect claims from farmers whose fields were flooded near the reservoir."
)
# A close rewrite of A: it must not count as independent corroboration.
A_COPY = A.replace("Sunday night", "Sunday evening").replace("A local bakery", "A village bakery")


def _context(*articles: Article, **extra: object) -> StoryContext:
    return StoryContext(Story("s1", "Dam", tuple(a.id for a in articles)), tuple(articles), **extra)  # type: ignore[arg-type]


def _articles() -> tuple[Article, ...]:
    return (
        Article("a", A, source="alpha.example"),
        Article("b", B, source="beta.example"),
        Article("c", C, source="gamma.example"),
    )


def test_every_sentence_is_cited_and_supported() -> None:
    articles = _articles()
    summary = summarize_story(_context(*articles), SummaryOptions(max_sentences=6, fitted_length=False))
    assert 4 <= len(summary) <= 6
    for sentence in summary:
        assert sentence.sources
        assert coverage(sentence.text, sentence.sources, articles) == 1.0
        assert any(sentence.text in article.text for article in articles)


def test_corroborated_facts_are_chosen_over_single_source_asides() -> None:
    summary = summarize_story(_context(*_articles()), SummaryOptions(max_sentences=6))
    assert any(set(sentence.sources) == {"a", "b", "c"} and "inquiry" in sentence.text for sentence in summary)
    assert not any("bakery" in sentence.text for sentence in summary)


def test_least_loaded_phrasing_is_preferred() -> None:
    summary = summarize_story(_context(*_articles()), SummaryOptions(max_sentences=6))
    text = " ".join(sentence.text for sentence in summary)
    assert "inquiry" in text
    assert "regime" not in text and "stunt" not in text
    assert loaded_density(text) == 0.0


def test_no_redundant_sentences() -> None:
    summary = summarize_story(_context(*_articles()), SummaryOptions(max_sentences=8))
    words = [content_words(sentence.text) for sentence in summary]
    for i, first in enumerate(words):
        for second in words[i + 1 :]:
            assert len(first & second) / min(len(first), len(second)) < 0.8


def test_rewrites_count_once() -> None:
    bakery = A.split(". ")[-1]
    rewrite = A.replace(bakery, "").replace("Sunday night", "Sunday evening").strip()
    other = Article("b", "Weather forecasters expect more rain in the north next week. " + bakery)
    articles = (Article("a", A), Article("a2", rewrite), other)
    reuse = (Reuse("a", "a2", "rewrite", 0.95, origin="a"),)
    assert reuse_groups(["a", "a2", "b"], reuse) == {"a": "a", "a2": "a", "b": "b"}
    options = SummaryOptions(max_sentences=5)
    # Known as a rewrite, it counts once: the one fact another outlet confirms independently is the corroborated one.
    summary = summarize_story(_context(*articles, reuse=reuse), options)
    bread = [sentence for sentence in summary if "bakery" in sentence.text]
    assert bread and set(bread[0].sources) == {"a", "b"}
    groups = reuse_groups(["a", "a2", "b"], reuse)
    assert max(len({groups[s] for s in sentence.sources}) for sentence in summary) == 2


def test_conflicts_are_stated_as_conflicts() -> None:
    articles = _articles()
    conflict = Conflict(
        "c1",
        "day the dam failed",
        "date",
        (
            Statement("a", articles[0].text.split(". ")[0], "Sunday"),
            Statement("c", "x", "Saturday"),
        ),
    )
    summary = summarize_story(_context(*articles, conflicts=(conflict,)), SummaryOptions(max_sentences=6))
    stated = [s for s in summary if s.text.startswith("Accounts differ")]
    assert len(stated) == 1
    assert "alpha.example reports Sunday" in stated[0].text and "gamma.example reports Saturday" in stated[0].text
    assert stated[0].sources == ("a", "c")
    assert not any(s.text.startswith("The Kessel dam in the province") for s in summary)


def test_conflicts_take_at_most_half_of_the_places() -> None:
    articles = _articles()
    conflicts = tuple(
        Conflict(f"c{n}", topic, "fact", (Statement("b", "x", left), Statement("c", "y", right)))
        for n, (topic, left, right) in enumerate(
            (("cause", "rain", "neglect"), ("toll", "none", "two"), ("warning", "ignored", "heeded"))
        )
    )
    options = SummaryOptions(base_sentences=0.0, fitted_length=False)  # three sources: three places
    summary = summarize_story(_context(*articles, conflicts=conflicts), options)
    stated = [s for s in summary if s.text.startswith("Accounts differ")]
    facts = [s for s in summary if not s.text.startswith("Accounts differ")]
    assert len(stated) == 3 and len(facts) == 2  # three disputes stated, yet two facts kept (3 // 2 + 1)
    fewer = summarize_story(_context(*articles, conflicts=conflicts), dataclasses.replace(options, max_conflicts=1))
    assert len(fewer) == 3 and sum(s.text.startswith("Accounts differ") for s in fewer) == 1


class _ParaphraseEmbedder:
    """Encodes each sentence as its topic: every sentence naming ``topic`` points one way, all others another.

    Counts what it was asked to encode, so tests can see which sentences a summary paid the model for.
    """

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.seen += texts
        rows = [[1.0, 0.0] if self.topic in text else [0.0, 1.0] for text in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), 2)


# Two outlets stating the same fact in different words: lexical overlap alone is below the support threshold.
PARAPHRASES = (
    Article(
        "p",
        "Officials in Varnholt counted nine hundred evacuees sheltering inside the old stadium overnight. "
        "The river crest is expected before dawn on Thursday according to the forecasters.",
        source="p.example",
    ),
    Article(
        "q",
        "Some 900 displaced Varnholt residents slept at the disused sports arena, authorities said. "
        "Shops along the harbour stayed shut while volunteers stacked sandbags near the bridge.",
        source="q.example",
    ),
)


def test_embeddings_let_a_paraphrase_support_a_sentence() -> None:
    options = SummaryOptions(min_words=5, min_sentences=1)
    lexical = summarize_story(_context(*PARAPHRASES), options)
    embedded = summarize_story(_context(*PARAPHRASES), options, embedder=_ParaphraseEmbedder("Varnholt"))
    evacuees = [s for s in embedded if "Varnholt" in s.text]
    assert evacuees and all(s.sources == ("p", "q") for s in evacuees)
    assert all(len(s.sources) == 1 for s in lexical if "Varnholt" in s.text)


def test_encoding_is_bounded_to_candidates_and_their_closest_sentences() -> None:
    options = SummaryOptions(min_words=5, min_sentences=1, embed_candidates=1, embed_limit=2)
    embedder = _ParaphraseEmbedder("Varnholt")
    summarize_story(_context(*PARAPHRASES), options, embedder=embedder)
    # The best candidate and its closest sentence in the other article (the two sharing a place name), nothing else.
    assert len(embedder.seen) == 2 and all("Varnholt" in text for text in embedder.seen)


def test_one_independent_source_is_never_encoded() -> None:
    options = SummaryOptions(min_words=5, min_sentences=1)
    alone = _ParaphraseEmbedder("Varnholt")
    summarize_story(_context(PARAPHRASES[0]), options, embedder=alone)
    copy = Reuse("p", "q", "duplicate", 1.0)
    summarize_story(_context(*PARAPHRASES, reuse=(copy,)), options, embedder=alone)
    assert alone.seen == []  # one independent source: nothing to corroborate, nothing encoded


def test_empty_story_gives_empty_summary() -> None:
    assert summarize_story(_context(Article("x", "Too short.")), SummaryOptions()) == ()


@pytest.fixture(scope="module")
def seed_context(seeds_dir: Path) -> StoryContext:
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        cleaned = clean_document(RawDocument(id=path.stem[:3], origin=str(path), content=path.read_text()))
        assert isinstance(cleaned, Article)
        articles.append(cleaned)
    return _context(*articles)


def test_seed_summary_covers_the_story(seed_context: StoryContext) -> None:
    summary = summarize_story(seed_context, SummaryOptions())
    assert 5 <= len(summary) <= 10
    text = " ".join(sentence.text for sentence in summary).lower()
    # Without claims, conflicts or dates (the pipeline's context) the stage alone covers the visit and the talks;
    # the warrant and the phone-call day come as stated conflicts (BENCHMARKS.md, summary section, seeds).
    topics = {
        "visit": ("visit", "arrive", "welcom", "trip"),
        "talks": ("talks", "negotiat", "meet"),
    }
    missing = [name for name, cues in topics.items() if not any(cue in text for cue in cues)]
    assert not missing
    for sentence in summary:
        assert sentence.sources
        assert coverage(sentence.text, sentence.sources, seed_context.articles) == 1.0
    inputs = [loaded_density(article.text) for article in seed_context.articles]
    assert loaded_density(" ".join(s.text for s in summary)) <= min(inputs) + 0.5


def test_conflict_restatements_of_one_value_are_joined() -> None:
    conflict = Conflict(
        "c2",
        "number of people evacuated",
        "number",
        (
            Statement("a", "x", "2,100 people"),
            Statement("b", "y", "About 2,100 residents"),
            Statement("c", "z", "1,200 residents"),
        ),
    )
    names = {"a": "alpha.example", "b": "beta.example", "c": "gamma.example"}
    text = conflict_sentence(conflict, names).text
    assert "alpha.example and beta.example report 2,100 people" in text
    assert "gamma.example reports 1,200 residents" in text


def test_values_the_engine_cannot_compare_are_never_joined() -> None:
    # Fiction: three outlets count those aboard a grounded ferry in different words; none gives another's figure.
    conflict = Conflict(
        "c5",
        "number of people on board",
        "number",
        (
            Statement("a", "x", "186 passengers"),
            Statement("b", "y", "160 people"),
            Statement("c", "z", "208 people"),
            Statement("d", "w", "about 210 people"),
        ),
    )
    names = {"a": "alpha.example", "b": "beta.example", "c": "gamma.example", "d": "delta.example"}
    text = conflict_sentence(conflict, names).text
    assert "alpha.example reports 186 passengers" in text
    assert "beta.example reports 160 people" in text
    assert "delta.example and gamma.example report 208 people" in text


def test_two_resolved_days_of_one_year_are_two_values() -> None:
    # Fiction: two outlets give the day a fire started; the resolved days in brackets decide, not their shared year.
    names = {"a": "alpha.example", "b": "beta.example", "c": "gamma.example"}
    statements = (
        Statement("a", "x", "Wednesday morning (2031-08-06)"),
        Statement("b", "y", "yesterday afternoon (2031-08-02)"),
        Statement("c", "z", "last night (2031-08-06)"),
    )
    text = conflict_sentence(Conflict("c8", "day the fire started", "date", statements), names).text
    assert "alpha.example and gamma.example report Wednesday morning (2031-08-06)" in text
    assert "beta.example reports yesterday afternoon (2031-08-02)" in text


def test_a_conflict_restating_one_value_is_not_stated() -> None:
    articles = _articles()
    # Fiction: both outlets give Sunday, in other words; the summary must not call that a difference.
    same_day = Conflict(
        "c6",
        "day the dam failed",
        "date",
        (Statement("a", "x", "Sunday night (2031-05-04)"), Statement("b", "y", "Sunday (2031-05-04)")),
    )
    real = Conflict("c7", "cause", "fact", (Statement("b", "x", "rain"), Statement("c", "y", "neglect")))
    summary = summarize_story(_context(*articles, conflicts=(same_day, real)), SummaryOptions(max_sentences=6))
    stated = [s.text for s in summary if s.text.startswith("Accounts differ")]
    assert stated == ["Accounts differ on the cause: beta.example reports rain; gamma.example reports neglect."]


def test_no_sentence_states_one_side_of_a_disputed_count_as_fact() -> None:
    articles = _articles()
    # The statements' sentences are not located (no text, no offsets): only their values tell what is disputed.
    conflict = Conflict(
        "c3",
        "number of residents evacuated",
        "number",
        (Statement("a", "", "more than two thousand residents"), Statement("b", "", "1,200 residents")),
    )
    options = SummaryOptions(base_sentences=7, max_sentences=7, fitted_length=False)
    undisputed = summarize_story(_context(*articles), options)
    assert any("thousand residents" in sentence.text for sentence in undisputed)
    summary = summarize_story(_context(*articles, conflicts=(conflict,)), options)
    facts = [s.text for s in summary if not s.text.startswith("Accounts differ")]
    assert len(facts) >= 4 and not any("thousand residents" in text for text in facts)


def test_a_huge_story_is_summarised_from_a_bounded_number_of_sentences() -> None:
    # Fiction: one long article padded with many further numbered reports, and two short ones.
    padding = " ".join(
        f"Volunteers from district {n} stacked sandbags along the Kessel river bank today." for n in range(300)
    )
    long = Article("long", A + " " + padding, source="alpha.example")
    context = _context(long, Article("b", B, source="beta.example"), Article("c", C, source="gamma.example"))
    scored = score_story(context, SummaryOptions(max_candidates=20))
    assert len(scored.units) == 20
    by_article = {a: [u.index for u in scored.units if u.article_id == a] for a in ("long", "b", "c")}
    # Every article keeps its first sentences; the long one gives the rest of the room, from its top down.
    assert by_article["b"] == [0, 1, 2, 3] and by_article["c"] == [0, 1, 2, 3]
    assert by_article["long"] == list(range(12))
    summary = summarize_story(context, SummaryOptions(max_candidates=20))
    beyond = long.text.index("district 12 ")
    cited = [c for sentence in summary for c in sentence.citations if c.article_id == "long"]
    assert summary and all(c.start < beyond for c in cited)


def test_a_conflict_whose_topic_is_a_clause_takes_no_article() -> None:
    names = {"a": "alpha.example", "b": "beta.example"}
    statements = (Statement("a", "x", "negligence"), Statement("b", "y", "sabotage"))
    clause = conflict_sentence(Conflict("c3", "what the engineer was accused of", "fact", statements), names)
    noun = conflict_sentence(Conflict("c4", "cause of the failure", "fact", statements), names)
    assert clause.text.startswith("Accounts differ on what the engineer was accused of: ")
    assert noun.text.startswith("Accounts differ on the cause of the failure: ")


class _TopicEmbedder:
    """Encodes every sentence naming ``topic`` as one meaning, and every other sentence as a meaning of its own."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.others: dict[str, int] = {}

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        rows = np.zeros((len(texts), 32), dtype=np.float32)
        for row, text in enumerate(texts):
            rows[row, 0 if self.topic in text else 1 + self.others.setdefault(text, len(self.others)) % 31] = 1.0
        return rows


def test_one_point_told_in_other_words_by_two_outlets_is_stated_once() -> None:
    options = SummaryOptions(min_words=5, min_sentences=1, max_sentences=3)
    plain = summarize_story(_context(*PARAPHRASES), options)
    embedded = summarize_story(_context(*PARAPHRASES), options, embedder=_TopicEmbedder("Varnholt"))
    # On words alone the two accounts of the evacuees look like two facts; on meaning they are one, cited by both.
    assert sum("Varnholt" in s.text for s in plain) == 2
    told = [s for s in embedded if "Varnholt" in s.text]
    assert len(told) == 1 and told[0].sources == ("p", "q")
    assert len(embedded) == 3


def test_disputes_more_independent_outlets_are_party_to_are_stated_first() -> None:
    articles = _articles()
    pair = Conflict("c1", "cause", "fact", (Statement("b", "x", "rain"), Statement("c", "y", "neglect")))
    wide = Conflict(
        "c2",
        "toll",
        "number",
        (Statement("a", "x", "no deaths"), Statement("b", "y", "two deaths"), Statement("c", "z", "one death")),
    )
    options = SummaryOptions(max_conflicts=1)
    stated = [s.text for s in summarize_story(_context(*articles, conflicts=(pair, wide)), options)]
    assert any(text.startswith("Accounts differ on the toll") for text in stated)
    assert not any(text.startswith("Accounts differ on the cause") for text in stated)
    # When beta.example copied alpha.example, the toll dispute has two independent parties, as the cause one has: the
    # conflicts stage's order decides.
    copied = _context(*articles, conflicts=(pair, wide), reuse=(Reuse("a", "b", "rewrite", 0.9),))
    stated = [s.text for s in summarize_story(copied, options)]
    assert any(text.startswith("Accounts differ on the cause") for text in stated)
