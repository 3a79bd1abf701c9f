"""Summary trust: quotations stay verbatim, every citation opens the passage that states the sentence (fiction)."""

from __future__ import annotations

import re

from storylens.model import Article, Citation, Conflict, Statement, Story, StoryContext, SummarySentence
from storylens.stages.summary.citation import cite, outlet_names, proper_names
from storylens.stages.summary.summarize import SummaryOptions, score_story, strip_intensifiers, summarize_story
from storylens.text.support import content_words

# Fiction: a flour recall at the invented Brightmere Foods in the invented town of Marrow Bay.
RECALL_A = (
    "Brightmere Foods recalled forty thousand bags of flour on Monday after traces of mould were found in Marrow Bay. "
    "Chief executive Dana Orlow resigned on Tuesday after the recall of the contaminated flour from Marrow Bay shops. "
    'The company said it was "deeply sorry for the distress caused" to the families who bought the flour in Marrow Bay.'
)
RECALL_B = (
    "Brightmere Foods recalled forty thousand bags of flour on Monday after mould was found at its Marrow Bay mill. "
    "The chief executive resigned on Tuesday after the recall of the contaminated flour from Marrow Bay shops. "
    "Inspectors from the regional food agency will visit the Marrow Bay mill again in the spring."
)
RECALL_C = (
    "Dana Orlow, the chief executive, resigned on Tuesday after the recall of the contaminated flour from Marrow Bay. "
    'Brightmere Foods said it was "deeply sorry for the distress caused" to the families who bought the flour. '
    "Shops in Marrow Bay cleared their shelves of the flour on Monday evening, local traders said."
)


def _context(*articles: Article, conflicts: tuple[Conflict, ...] = ()) -> StoryContext:
    return StoryContext(Story("s", "Recall", tuple(a.id for a in articles)), articles, conflicts=conflicts)


def _articles() -> tuple[Article, ...]:
    return (
        Article("a", RECALL_A, source="Harbour Post"),
        Article("b", RECALL_B, source="Mill Gazette"),
        Article("c", RECALL_C, title="Flour chief quits"),
    )


def test_intensifiers_inside_quotation_marks_are_kept() -> None:
    text = 'The firm said it was "deeply sorry for the distress caused" after a massive recall.'
    assert strip_intensifiers(text) == 'The firm said it was "deeply sorry for the distress caused" after a recall.'
    curly = "A huge crowd heard her call it “a truly massive failure” on Friday."
    assert strip_intensifiers(curly) == "A crowd heard her call it “a truly massive failure” on Friday."


def test_quotations_in_the_summary_are_verbatim() -> None:
    articles = _articles()
    summary = summarize_story(_context(*articles), SummaryOptions(min_words=6, max_sentences=6))
    quoted = [q for s in summary for q in re.findall(r'"[^"]+"|“[^”]+”', s.text)]
    assert quoted, "the fixture's quoted apology should be summarised"
    for quotation in quoted:
        assert any(quotation in article.text for article in articles)


def test_every_citation_opens_a_passage_giving_the_sentence_names() -> None:
    articles = _articles()
    texts = {article.id: article.text for article in articles}
    summary = summarize_story(_context(*articles), SummaryOptions(min_words=6, max_sentences=6))
    assert summary
    for sentence in summary:
        assert sentence.sources == tuple(c.article_id for c in sentence.citations)
        for citation in sentence.citations:
            passage = texts[citation.article_id][citation.start : citation.end]
            assert proper_names(sentence.text) <= {w.strip(".,;:“”\"'").lower() for w in passage.split()}
            shared = content_words(passage) & content_words(sentence.text)
            assert len(shared) >= 0.5 * len(content_words(sentence.text))  # the passage states it, not another fact


def test_an_outlet_that_never_names_the_person_is_not_cited_for_him() -> None:
    options = SummaryOptions(min_words=6)
    scored = score_story(_context(*_articles()), options)
    row = next(i for i, unit in enumerate(scored.units) if unit.text.startswith("Chief executive Dana Orlow"))
    assert "b" in scored.support[row]  # on words alone the Mill Gazette's sentence restates it ...
    cited = cite(scored.units, scored.similarity, row, scored.support[row], options.support_threshold)
    assert {c.article_id for c in cited} == {"a", "c"}  # ... but it never names him


def test_a_conflict_sentence_cites_the_conflict_statements_and_names_outlets() -> None:
    articles = _articles()
    first = RECALL_A.index("Chief executive")
    second = RECALL_B.index("The chief executive")
    conflict = Conflict(
        "k1",
        "day the chief executive resigned",
        "date",
        (
            Statement("a", RECALL_A[first : first + 40], "Tuesday", first, first + 40),
            Statement("c", "Dana Orlow, the chief executive, resigned on Wednesday", "Wednesday", 0, 54),
            Statement("b", RECALL_B[second : second + 40], "Tuesday", second, second + 40),
        ),
    )
    summary = summarize_story(_context(*articles, conflicts=(conflict,)), SummaryOptions(min_words=6))
    stated = [s for s in summary if s.text.startswith("Accounts differ")]
    assert len(stated) == 1
    sentence = stated[0]
    assert "Harbour Post and Mill Gazette report Tuesday" in sentence.text
    assert "“Flour chief quits” reports Wednesday" in sentence.text
    assert not re.search(r"\b[abc]\b", sentence.text)  # never a raw article id in prose
    opened = {(c.article_id, c.start, c.end) for c in sentence.citations}
    assert opened == {("a", first, first + 40), ("b", second, second + 40), ("c", 0, 54)}


def test_outlets_without_name_or_title_are_never_named_by_id() -> None:
    names = outlet_names((Article("0a1b2c", "x"), Article("9f8e7d", "y"), Article("k", "z", source="Wire")))
    assert names["k"] == "Wire"
    assert all("0a1b2c" not in name and "9f8e7d" not in name for name in names.values())


def test_the_page_opens_the_stated_citation_not_the_closest_sentence() -> None:
    from storylens.present.views import sentence_passage

    text = "The recall of the flour began on Monday. Chief executive Dana Orlow resigned on Tuesday."
    second = text.index("Chief")
    sentence = SummarySentence(
        "The recall of the flour began on Monday, and its chief resigned.", ("a",), (Citation("a", second, len(text)),)
    )
    assert sentence_passage(sentence, "a", text) == (second, len(text))
