"""Plain-text cleaning: furniture removal, repetition, title and printed date, glued words (invented texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.model import Article, RawDocument, Rejection
from storylens.stages.clean.document import CleanOptions, clean_document, clean_text, content_hash
from storylens.stages.clean.repair import repair_glue, split_glued

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "clean"


@pytest.fixture(scope="module")
def scraped() -> Article:
    raw = RawDocument(id="lib", origin="scraped_article.txt", content=(FIXTURES / "scraped_article.txt").read_text())
    article = clean_document(raw)
    assert isinstance(article, Article)
    return article


def test_furniture_lines_are_removed_and_listed(scraped: Article) -> None:
    for line in (
        "Latest News",
        "Mira Castellane | example-photos.org",
        "Please enter your comment!",
        "Please enter your name here",
        "Jump to",
        "Popular Articles",
    ):
        assert line not in scraped.text
        assert line in scraped.removed


def test_printed_date_is_found_and_counters_removed(scraped: Article) -> None:
    assert scraped.published == "2031-06-04"
    assert "Shares" not in scraped.text and "Views" not in scraped.text


def test_title_is_the_headline_line_and_not_repeated_in_body(scraped: Article) -> None:
    assert scraped.title == "Harbour Town Opens Floating Library After Storm Season"
    assert scraped.title not in scraped.text
    assert scraped.title not in scraped.removed


def test_teaser_kept_once_in_best_capitalisation(scraped: Article) -> None:
    assert scraped.text.count("opened a floating library") == 1
    assert "Port Velin opened" in scraped.text
    assert any("port velin opened" in line for line in scraped.removed)


def test_doubled_caption_removed_entirely(scraped: Article) -> None:
    assert "moored at the Port Velin quay" not in scraped.text


def test_headings_quotes_and_sentences_kept(scraped: Article) -> None:
    assert "\n\nWho will run it?\n\n" in scraped.text
    assert "“We wanted the islands to have the same shelves as the mainland,” said" in scraped.text
    assert "passed by seven votes to two." in scraped.text


def test_glued_words_repaired(scraped: Article) -> None:
    assert "Harbour and mainland" in scraped.text
    assert "the Port Velin’s school" in scraped.text


def test_paragraphs_are_blank_line_separated(scraped: Article) -> None:
    assert "\n\n\n" not in scraped.text
    assert all(block.strip() == block and block for block in scraped.text.split("\n\n"))


def test_container_metadata_wins() -> None:
    raw = RawDocument(
        id="a",
        origin="a",
        content="Some Headline Here\n\n" + "A plain sentence of the body. " * 4,
        title="Some Headline Here",
        source="Example Post",
        published="2030-01-02",
    )
    article = clean_document(raw)
    assert isinstance(article, Article)
    assert (article.title, article.source, article.published) == ("Some Headline Here", "Example Post", "2030-01-02")
    assert not article.text.startswith("Some Headline")


def test_source_falls_back_to_url_domain() -> None:
    raw = RawDocument(
        id="a", origin="a", content="A plain sentence of the body. " * 4, url="https://www.news.example/x"
    )
    article = clean_document(raw)
    assert isinstance(article, Article) and article.source == "news.example"


def test_text_without_title_keeps_first_paragraph() -> None:
    text = "Officials confirmed on Monday that the old bridge would close for repairs next spring, the council said.\n"
    cleaned = clean_text(text + "It will reopen in the autumn once the new deck has been laid and tested by engineers.")
    assert cleaned.title is None
    assert cleaned.text.startswith("Officials confirmed")


def test_short_text_is_rejected() -> None:
    result = clean_document(RawDocument(id="a", origin="empty.txt", content="Share this\nJump to\n"))
    assert isinstance(result, Rejection)
    assert result.origin == "empty.txt"


def test_list_content_is_not_mistaken_for_furniture() -> None:
    rows = "\n".join(f"Stage {n}: Town {n}" for n in range(1, 12))
    cleaned = clean_text(f"Race Calendar 2031\n{rows}")
    assert "Stage 5: Town 5" in cleaned.text


def test_hard_wrapped_paragraphs_are_joined() -> None:
    para = (
        "The committee met on Thursday to discuss the plans for the new ferry terminal and heard from\n"
        "residents who were worried about the noise of the engines at night and the extra traffic on the\n"
        "harbour road during the summer months."
    )
    assert clean_text(para).text.count("\n") == 0


def test_options_disable_glue_splitting() -> None:
    text = "The West is wary of ties with Russiaand its neighbours, which have grown over the last decade."
    assert "Russiaand" in clean_text(text, CleanOptions(repair_glue=False)).text
    assert "Russia and" in clean_text(text).text


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("Russiaand", "Russia and"),
        ("datato", "data to"),
        ("theWest", "the West"),
        ("GiveWell", None),
        ("overdrew", None),
        ("Menear", None),
        ("Nikolenko", None),
        ("brokeness", None),
    ],
)
def test_split_glued(token: str, expected: str | None) -> None:
    assert split_glued(token) == expected


def test_doubled_words_are_undone() -> None:
    fixed, removed = repair_glue("ties with Velin’sVelin’s port and Ilse MarrowIlse Marrow said")
    assert fixed == "ties with Velin’s port and Ilse Marrow said"
    assert removed == ["Velin’s", "Ilse Marrow"]


def test_content_hash_is_stable() -> None:
    raw = RawDocument(id="a", origin="a", content="text")
    assert content_hash(raw) == content_hash(RawDocument(id="b", origin="b", content="text"))
    assert content_hash(raw) != content_hash(RawDocument(id="a", origin="a", content="text", kind="html"))


def test_recurring_template_lines_are_kept() -> None:
    question = "What first drew you to building boats by hand?"
    people = ("Ilse Marrow", "Tobin Achter", "Wren Dalloway")
    paragraphs = ["Three builders from the estuary yard told us how they started and what keeps them going."]
    for person in people:
        paragraphs += [
            f"Interview with {person}.",
            question,
            f"{person} says it began with a leaking dinghy.",
            "Which tool would you never give up for anything?",
            "A spokeshave, every single time.",
            "What would you tell someone starting out this year?",
            "Start small and ask questions.",
        ]
    cleaned = clean_text("\n".join(paragraphs), title="Estuary Builders")
    assert cleaned.text.count(question) == 3
    assert "\n".join(cleaned.removed).count(question) == 0


def test_paragraph_containing_the_title_is_not_taken_for_it() -> None:
    body = (
        "Ferry Strike Ends after eleven days of talks, the union said on Monday, and the first boats will sail "
        "again on Wednesday morning from the north pier."
    )
    cleaned = clean_text(
        body + "\nA second paragraph follows with more detail about the timetable changes.", title="Ferry Strike Ends"
    )
    assert cleaned.text.startswith("Ferry Strike Ends after eleven days")


def test_short_standfirst_in_sentence_case_is_kept() -> None:
    standfirst = "The river crossing closed for most of the winter after the storm damage"
    text = f"Bridge Reopens\nNEWS\n{standfirst}\n" + "The bridge reopened on Friday morning after months of work. " * 3
    cleaned = clean_text(text)
    assert standfirst in cleaned.text
    assert "NEWS" in cleaned.removed


# Fiction: invented places and people whose rare names end in a function word ("in").
_NAMES_TEXT = (
    "Ferry crews at Pellin Point were told on Monday that the harbour would close for repairs next week.\n"
    "Workers from Hartin Bowden said the decision came late, and they would wait for details before acting.\n"
    "Officials near Hartin said on Tuesday that crews were told to stay at home until the end of the week.\n"
    "The West is wary of ties with Russiaand its neighbours, which have grown over the last decade or so."
)


def test_rare_names_are_not_split_as_glue() -> None:
    cleaned = clean_text(_NAMES_TEXT).text
    assert "Pellin Point" in cleaned and "Hartin Bowden" in cleaned and "near Hartin said" in cleaned
    assert "Pell in" not in cleaned and "Hart in" not in cleaned
    assert "Russia and its neighbours" in cleaned  # real glue is still repaired


def test_a_name_used_once_is_split_only_when_its_halves_are_attested() -> None:
    # "Pell" is a rare word and nowhere else in the text: a lone "Pellin" stays a name.
    assert "Pellin" in clean_text("Fiction. The crews at Pellin said on Monday the harbour would close soon.").text
    text = "Fiction. Velmar Pell spoke first. Crews gathered at the quay with Pellin the yard, they said on Monday."
    assert "Pell in the yard" in clean_text(text).text


# Fiction: an invented wire story whose dateline credits the outlet.
_WIRE = (
    "Lowmark governor orders valley evacuated\n\n"
    "DUNMERE, Lowmark (Metro Wire) — Buses carrying families from Kestrel Falls arrived in Dunmere on Sunday "
    "after the governor ordered the valley below the dam emptied, citing cracks found last week."
)


def test_outlet_found_in_the_dateline_of_a_text_input() -> None:
    article = clean_document(RawDocument(id="w", origin="wire.txt", content=_WIRE))
    assert isinstance(article, Article)
    assert article.source == "Metro Wire"


def test_outlet_given_by_the_input_or_its_domain_comes_first() -> None:
    named = clean_document(RawDocument(id="w", origin="wire.txt", content=_WIRE, source="Dunmere Post"))
    hosted = clean_document(RawDocument(id="w", origin="x", content=_WIRE, url="https://www.dunmerepost.example/a"))
    assert isinstance(named, Article) and isinstance(hosted, Article)
    assert (named.source, hosted.source) == ("Dunmere Post", "dunmerepost.example")


def test_no_outlet_is_invented_without_evidence() -> None:
    text = "Officials (who declined to be named) - said the valley was emptied on Sunday after cracks were found."
    article = clean_document(RawDocument(id="w", origin="w.txt", content=text))
    assert isinstance(article, Article) and article.source is None
