"""The kernel's one sentence splitter, tokenizer/stemmer and quotation finder (texts invented for the tests)."""

from __future__ import annotations

from storylens.text.quotations import quotation_spans
from storylens.text.sentences import sentence_spans
from storylens.text.words import stem, stems, words


def test_sentences_skip_abbreviations_and_split_at_line_breaks() -> None:
    text = "Mr. Smith met U.S. officials on Monday at 9 a.m. in Tarsel. They talked.\nA new paragraph starts here!"
    pieces = [text[start:end] for start, end in sentence_spans(text)]
    assert pieces == [
        "Mr. Smith met U.S. officials on Monday at 9 a.m. in Tarsel.",
        "They talked.",
        "A new paragraph starts here!",
    ]


def test_words_keep_any_script_and_inner_hyphens() -> None:
    assert [w for w, _, _ in words("Łukasz Brenn’s well-known café_bar")] == [
        "łukasz",
        "brenn's",
        "well-known",
        "café",
        "bar",
    ]


def test_stem_matches_inflections_across_outlets() -> None:
    assert stem("Counties") == stem("county")
    assert stem("evacuated") == stem("evacuating") == "evacuat"
    assert stem("sharply") == "sharp"
    assert stems("The mayor’s homes") == ("the", "mayor", "home")


def test_quotations_curly_straight_single_and_unclosed() -> None:
    text = "He said \u2018it\u2019s fine\u2019 and left."
    assert quotation_spans(text) == [(8, 19)]
    unclosed = "She said: \u201cWe will rebuild every home.\n\nThe council met."
    (span,) = quotation_spans(unclosed)
    assert (
        unclosed[span[0] : span[1]].startswith("\u201cWe will rebuild") and "council" not in unclosed[span[0] : span[1]]
    )
    assert quotation_spans('A "scare" word and "another".') == [(2, 9), (19, 28)]
