"""Quotations: forms, speakers, offsets, groups and fidelity, on invented (fictional) news texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storylens.model import Article, Entity, Mention, Quote, RawDocument, Story
from storylens.stages.entities.find import EntityOptions, EntityResult, find_entities
from storylens.stages.quotes.extract import QuoteOptions, extract_quotes, link_quotes

# Fiction, written for these tests: an invented town, officials and outlets.
TEXTS = {
    "after": "“The river will crest tonight and we are ready for it,” Mayor Clara Voss said on Tuesday.",
    "before": "Engineer Tomas Brandt said: “The gates were opened two hours before the surge arrived.”",
    "split": "“We moved every family out of the lower streets,” Voss said, “and nobody was left behind.”",
    "continued": (
        "Fire chief Ida Marsh said the crews worked through the night.\n\n"
        "“Our people did not sleep for two days and still kept every pump running.”"
    ),
    "pronoun": (
        "Clara Voss visited the shelter on Wednesday.\n"
        "“Everyone here will get a dry bed and a hot meal tonight,” she said."
    ),
    "org": (
        "“The dam remains structurally sound after the inspection,” the Waterworks Authority said. "
        "“Further checks will follow next week,” it added."
    ),
    "via": "“We will rebuild the bridge before winter comes,” Voss said, according to the Valley Courier.",
    "partial": "Brandt told reporters that the town was “better prepared than at any time in its history.”",
    "block": (
        "In a statement, the governor Paul Okafor said:\n"
        "The state will cover the cost of repairs to every damaged home in the valley.\n"
        "Later the valley was quiet."
    ),
    "signed": "Residents were told to stay indoors.\nStay away from the water until the all-clear is given.- Okafor",
    "scare": "Officials called the levee a “last line” of defence and said the plan was “working”.",
    "straight": '"Nobody expected the water to rise this fast," Brandt said.',
    "according": (
        "Dunhallow Mutual said hackers had copied the records of 60,000 savers. Dunhallow discovered the intrusion "
        "on Tuesday and shut the server down. Small lenders run the same ageing systems as big banks with far fewer "
        "security staff, according to Dr Ruth Asante, an expert in financial crime at the University of Caldrow. "
        "“They are attractive precisely because they are big enough to pay,” she said."
    ),
}


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[Article, Any]]:
    """Parse every test text once."""
    from storylens.nlp import parse

    articles = [Article(id=key, text=text) for key, text in TEXTS.items()]
    docs = parse([article.text for article in articles])
    return {article.id: (article, doc) for article, doc in zip(articles, docs, strict=True)}


def quotes_of(parsed: dict[str, tuple[Article, Any]], key: str) -> list[Quote]:
    article, doc = parsed[key]
    return extract_quotes(article, doc, QuoteOptions())


def test_offsets_give_the_text_without_marks(parsed: dict[str, tuple[Article, Any]]) -> None:
    for key in TEXTS:
        article = parsed[key][0]
        for quote in quotes_of(parsed, key):
            assert quote.text == article.text[quote.start : quote.end]
            assert quote.text[:1] not in '“”"' and quote.text[-1:] not in '“”"'


@pytest.mark.parametrize(
    ("key", "speaker", "cue"),
    [("after", "Clara Voss", "said"), ("before", "Tomas Brandt", "said"), ("straight", "Brandt", "said")],
)
def test_cue_beside_the_quote_names_the_speaker(
    parsed: dict[str, tuple[Article, Any]], key: str, speaker: str, cue: str
) -> None:
    [quote] = quotes_of(parsed, key)
    assert (quote.speaker, quote.cue) == (speaker, cue)


def test_split_quote_has_one_speaker_for_both_parts(parsed: dict[str, tuple[Article, Any]]) -> None:
    found = quotes_of(parsed, "split")
    assert [q.text.split()[0] for q in found] == ["We", "and"]
    assert {q.speaker for q in found} == {"Voss"}


def test_quote_continues_speaker_of_previous_paragraph(parsed: dict[str, tuple[Article, Any]]) -> None:
    [quote] = quotes_of(parsed, "continued")
    assert quote.speaker == "Ida Marsh" and quote.cue is None


def test_pronoun_resolves_to_last_named_person(parsed: dict[str, tuple[Article, Any]]) -> None:
    [quote] = quotes_of(parsed, "pronoun")
    assert quote.speaker == "Clara Voss"


def test_organisation_speaks_and_it_added(parsed: dict[str, tuple[Article, Any]]) -> None:
    article, doc = parsed["org"]
    first, second = quotes_of(parsed, "org")
    assert (first.speaker, second.speaker, second.cue) == ("Waterworks Authority", "it", "added")
    entities = find_entities([article], {article.id: doc}, [], EntityOptions())
    linked = link_quotes([first, second], entities, [], QuoteOptions())
    assert linked[0].speaker == linked[1].speaker == "Waterworks Authority"
    assert linked[0].speaker_id == linked[1].speaker_id is not None


def test_she_after_according_to_is_the_person_cited(parsed: dict[str, tuple[Article, Any]]) -> None:
    # "according to X" reports what X said: a pronoun speaker after it refers to X, not to an earlier subject.
    article, doc = parsed["according"]
    assert [q.speaker for q in extract_quotes(article, doc, QuoteOptions())] == ["Ruth Asante"]


def test_according_to_is_the_outlet(parsed: dict[str, tuple[Article, Any]]) -> None:
    [quote] = quotes_of(parsed, "via")
    assert quote.speaker == "Voss" and quote.via == "Valley Courier"


def test_partial_quote_in_indirect_speech(parsed: dict[str, tuple[Article, Any]]) -> None:
    [quote] = quotes_of(parsed, "partial")
    assert quote.speaker == "Brandt" and quote.text.startswith("better prepared")


def test_flattened_block_quotes(parsed: dict[str, tuple[Article, Any]]) -> None:
    [introduced] = quotes_of(parsed, "block")
    assert introduced.speaker == "Paul Okafor" and introduced.text.startswith("The state will cover")
    [signed] = quotes_of(parsed, "signed")
    assert signed.speaker == "Okafor" and signed.text.endswith("given.")


def test_scare_quotes_are_not_speech(parsed: dict[str, tuple[Article, Any]]) -> None:
    assert quotes_of(parsed, "scare") == []


def _quote(article_id: str, text: str, start: int = 0, speaker: str | None = None) -> Quote:
    return Quote(id="", article_id=article_id, text=text, start=start, end=start + len(text), speaker=speaker)


FULL = "We moved every family out of the lower streets and nobody was left behind, not one person."


def test_link_groups_copies_across_articles_with_fidelity() -> None:
    quotes = [
        _quote("c", "nobody was left behind, not one person"),
        _quote("a", FULL),
        _quote("b", FULL.replace(",", ";")),
        _quote("d", FULL.replace("lower streets", "low-lying districts")),
        _quote("a", "This sentence is said only once in the whole story.", start=200),
    ]
    story = Story(id="s1", title="flood", article_ids=("a", "b", "c", "d"))
    linked = link_quotes(quotes, EntityResult(), [story], QuoteOptions())
    assert [q.id for q in linked] == ["q1", "q2", "q3", "q4", "q5"]
    by_article = {(q.article_id, q.start): q for q in linked}
    full, lone = by_article[("a", 0)], by_article[("a", 200)]
    assert by_article[("b", 0)].group == by_article[("c", 0)].group == by_article[("d", 0)].group == full.group
    assert full.fidelity == "verbatim" and by_article[("b", 0)].fidelity == "verbatim"
    assert by_article[("c", 0)].fidelity == "trimmed" and by_article[("d", 0)].fidelity == "altered"
    assert lone.group != full.group and lone.fidelity is None


def test_link_is_deterministic_and_maps_speakers_to_entities() -> None:
    entity = Entity("e1", "Clara Voss", "PERSON", ("Clara Voss", "Voss"), ("a",), 2)
    mentions = (Mention("a", 0, 10, "Clara Voss", "e1"), Mention("a", 40, 44, "Voss", "e1"))
    quotes = [_quote("a", "Every street is dry again this morning.", 60, "Voss")]
    first = link_quotes(quotes, EntityResult((entity,), mentions), [], QuoteOptions())
    again = link_quotes(list(reversed(quotes)), EntityResult((entity,), mentions), [], QuoteOptions())
    assert first == again
    assert (first[0].speaker, first[0].speaker_id) == ("Clara Voss", "e1")


def test_reworded_copy_of_the_same_speakers_words_is_altered() -> None:
    # Fiction: one outlet turns the engineer's "ratify the council's neglect" into a noun phrase of its own.
    said = "Closing the gates now would basically ratify the council's neglect of the northern levee."
    quotes = [
        _quote("a", said, 0, "Tomas Brandt"),
        _quote("b", said, 0, "Brandt"),
        _quote("c", "ratification of councillors' neglect", 0, "Tomas Brandt"),
        _quote("d", "basically a ratification of the council's neglect", 0, "Clara Voss"),  # not his words
    ]
    story = Story(id="s1", title="flood", article_ids=("a", "b", "c", "d"))
    linked = {q.article_id: q for q in link_quotes(quotes, EntityResult(), [story], QuoteOptions())}
    assert linked["a"].group == linked["b"].group == linked["c"].group != linked["d"].group
    assert (linked["c"].fidelity, linked["a"].fidelity) == ("altered", "verbatim")


def test_a_quotation_given_to_different_speakers_is_flagged() -> None:
    # Fiction: one outlet gives the engineer's words to his firm.
    quotes = [
        _quote("a", FULL, 0, "Tomas Brandt"),
        _quote("b", FULL, 0, "Brandt Hydraulics"),
        _quote("c", FULL, 0, "Brandt"),
        _quote("d", FULL, 0),
    ]
    story = Story(id="s1", title="flood", article_ids=("a", "b", "c", "d"))
    linked = {q.article_id: q for q in link_quotes(quotes, EntityResult(), [story], QuoteOptions())}
    assert len({q.group for q in linked.values()}) == 1
    assert linked["a"].other_speakers == ("Brandt Hydraulics",) == linked["c"].other_speakers
    assert linked["b"].other_speakers == ("Brandt", "Tomas Brandt")
    assert linked["d"].other_speakers == ()  # an unattributed copy disagrees with nobody


def test_seed_reworded_quotation_is_flagged_altered(seeds: tuple[list[Article], dict[str, Any]]) -> None:
    linked, _ = _seed_quotes(seeds)
    groups: dict[str, set[str]] = {}
    for quote in linked:
        groups.setdefault(quote.group or "", set()).add(quote.article_id)
    shared = [q for q in linked if len(groups[q.group or ""]) >= 2]
    # one quotation is reworded by one outlet; every other shared copy is verbatim or trimmed
    assert sum(q.fidelity == "altered" for q in shared) == 1


# --- the seed articles (read from ../shared; skipped when absent) -------------------------------


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> tuple[list[Article], dict[str, Any]]:
    """Clean and parse the seed articles once."""
    from storylens.nlp import parse
    from storylens.stages.clean.document import CleanOptions, clean_document

    articles: list[Article] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        cleaned = clean_document(RawDocument(path.stem, str(path), path.read_text(encoding="utf-8")), CleanOptions())
        if isinstance(cleaned, Article):
            articles.append(cleaned)
    docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
    return articles, docs


def _seed_quotes(seeds: tuple[list[Article], dict[str, Any]]) -> tuple[list[Quote], EntityResult]:
    articles, docs = seeds
    story = Story("s1", "seeds", tuple(a.id for a in articles))
    entities = find_entities(articles, docs, [story], EntityOptions())
    found = [q for a in articles for q in extract_quotes(a, docs[a.id], QuoteOptions())]
    return link_quotes(found, entities, [story], QuoteOptions()), entities


def test_seed_quotations_all_have_speakers(seeds: tuple[list[Article], dict[str, Any]]) -> None:
    linked, _ = _seed_quotes(seeds)
    substantial = [q for q in linked if len(q.text.split()) >= 8]
    assert len(substantial) >= 20
    assert all(q.speaker for q in substantial)
    assert sum(q.speaker_id is not None for q in substantial) >= 0.9 * len(substantial)


def test_seed_shared_quotation_is_one_group(seeds: tuple[list[Article], dict[str, Any]]) -> None:
    linked, _ = _seed_quotes(seeds)
    spread: dict[str, set[str]] = {}
    for quote in linked:
        spread.setdefault(quote.group or "", set()).add(quote.article_id)
    widest = max(spread, key=lambda group: len(spread[group]))
    members = [q for q in linked if q.group == widest]
    assert len(spread[widest]) >= 3
    assert len({q.speaker_id for q in members}) == 1
    assert {q.fidelity for q in members} <= {"verbatim", "trimmed", "altered"}


def test_seed_block_quotations_take_their_signature(seeds: tuple[list[Article], dict[str, Any]]) -> None:
    linked, entities = _seed_quotes(seeds)
    names = {e.id: e for e in entities.entities}
    articles = {a.id: a for a in seeds[0]}
    for article in articles.values():
        for line in article.text.split("\n"):
            if line.rstrip()[-30:].count(".- ") != 1:
                continue
            signature = line.rstrip().rsplit(".- ", 1)[1]
            [quote] = [q for q in linked if q.article_id == article.id and q.text in line]
            assert quote.speaker_id is not None and signature in names[quote.speaker_id].variants


def test_without_a_parse_quotes_are_found_without_speakers() -> None:
    article = Article(id="x", text=TEXTS["after"])
    [quote] = extract_quotes(article, None, QuoteOptions())
    assert quote.speaker is None and quote.text.startswith("The river will crest")
