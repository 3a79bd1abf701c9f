"""The spaCy layer: component selection, one load per component set, batched parse in order."""

from __future__ import annotations

import pytest

from storylens.errors import ConfigError
from storylens.nlp.spacy_model import PIPES, components_for, load_spacy, parse


def test_components_for_keeps_what_is_needed_and_its_inputs() -> None:
    assert components_for(["ner"]) == tuple(sorted(set(PIPES) - {"ner", "tok2vec"}))
    kept = set(PIPES) - set(components_for(["parser", "attribute_ruler"]))
    assert kept == {"parser", "attribute_ruler", "tagger", "tok2vec"}
    with pytest.raises(ConfigError):
        components_for(["coref"])


def test_load_is_cached_per_component_set() -> None:
    assert load_spacy() is load_spacy()


def test_parse_returns_docs_in_order_with_offsets_into_the_text() -> None:
    # Fiction: an invented official of an invented town.
    texts = ["Mayor Clara Voss visited Kestrel Falls on Monday.", "", "The dam held.\n\nNobody was hurt."]
    docs = parse(texts)
    assert [doc.text for doc in docs] == texts
    names = [(ent.text, texts[0][ent.start_char : ent.end_char]) for ent in docs[0].ents]
    assert ("Clara Voss", "Clara Voss") in names
    assert not docs[0].has_annotation("LEMMA")  # the lemmatizer is off: no stage reads lemmas


def test_parse_with_only_the_tokenizer_and_ner() -> None:
    [doc] = parse(["Mayor Clara Voss visited Kestrel Falls."], disable=components_for(["ner"]))
    assert any(ent.label_ == "PERSON" for ent in doc.ents)
    assert not doc.has_annotation("DEP")
