"""Long texts are parsed in bounded pieces and joined back (issue 18 item 1); texts here are invented."""

from __future__ import annotations

import pytest

from storylens.nlp import spacy_model
from storylens.nlp.spacy_model import load_spacy, parse, split_text

STORY = "The Millbrook council, led by Mayor Ann Hale, voted on Tuesday to rebuild the bridge for $4 million. "


@pytest.mark.parametrize(
    "text",
    [STORY * 40, "x" * 1000, ("word " * 300) + "y" * 500, "para one.\n\n" * 200, "", "short"],
)
def test_pieces_join_back_and_respect_the_size(text: str) -> None:
    pieces = split_text(text, 300)
    assert "".join(pieces) == text
    assert all(len(piece) <= 300 for piece in pieces)


def test_pieces_end_at_sentences_when_they_can() -> None:
    pieces = split_text(STORY * 40, 300)
    assert all(piece.endswith(". ") for piece in pieces[:-1])


def test_a_long_text_is_one_doc_without_raising_max_length(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = load_spacy(tuple(sorted(spacy_model._ALWAYS_OFF)))
    monkeypatch.setattr(nlp, "max_length", 2000)
    monkeypatch.setattr(spacy_model, "CHUNK_CHARS", 500)
    text = STORY * 60  # 6,000 characters: three times what one piece may hold
    (doc,) = parse([text])
    assert nlp.max_length == 2000  # never raised to the longest text (that made memory unbounded)
    assert doc.text == text
    assert len(list(doc.sents)) == 60
    names = [ent.text for ent in doc.ents if ent.label_ == "PERSON"]
    assert names.count("Ann Hale") >= 50  # entities found in every piece, at offsets into the whole text
    hale = next(ent for ent in doc.ents if ent.text == "Ann Hale" and ent.start_char > 5000)
    assert text[hale.start_char : hale.end_char] == "Ann Hale"
