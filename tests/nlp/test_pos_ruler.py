"""The table-driven part-of-speech ruler sets what the model's attribute ruler sets (fiction throughout)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from storylens.nlp.pos_ruler import PosRuler
from storylens.nlp.spacy_model import _PACKAGES, load_spacy, parse

# Invented text: whitespace runs, a tab, contractions and dialect forms the ruler's exception rules cover.
FICTION = [
    "The Wexmoor ferry  resumed on Monday, the harbour master said.\n\n  Passengers were relieved.",
    "I ain't goin' back, y'all said Ines Corradi\tof Tallis. \"We don't know,\" she added -- really?!",
    "Brenmouth's council voted 7-2 to repair the bridge; it'll cost £4.5m, officials estimated.",
    "",
    "   ",
]


def _reference() -> Any:
    for name in _PACKAGES:
        try:
            return importlib.import_module(name).load(disable=["lemmatizer"])
        except ImportError:
            continue
    pytest.skip("no English spaCy model")


def _reads(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.text, t.pos_, t.tag_, t.dep_, t.head.i, t.is_sent_start, t.ent_type_, t.ent_iob_) for t in doc]


def test_parse_sets_what_the_models_own_attribute_ruler_sets() -> None:
    reference = _reference()
    assert [_reads(doc) for doc in parse(FICTION)] == [_reads(doc) for doc in reference.pipe(FICTION)]


def test_a_later_rule_overrides_an_earlier_one_and_unmatched_tokens_keep_their_pos() -> None:
    nlp = load_spacy(("attribute_ruler", "lemmatizer", "ner", "parser"))
    ruler = PosRuler(nlp.vocab)
    ruler.add_patterns(
        [
            {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}, "index": 0},
            {"patterns": [[{"TAG": "NN", "LOWER": "ferry"}]], "attrs": {"POS": "PROPN"}, "index": 0},
            {"patterns": [[{"LOWER": "ferry"}]], "attrs": {"LEMMA": "ferry"}, "index": 0},
            {"patterns": [[{"LOWER": "the"}, {"TAG": "NN"}]], "attrs": {"POS": "X", "DEP": "odd"}, "index": 1},
        ]
    )
    doc = ruler(nlp("A ferry left the harbour."))
    assert [(t.text, t.tag_, t.pos_) for t in doc if t.tag_ == "NN"] == [
        ("ferry", "NN", "PROPN"),
        ("harbour", "NN", "X"),
    ]
    assert doc[4].dep_ == "odd"
    assert doc[0].pos_ == "" and doc[0].lemma_ == ""
