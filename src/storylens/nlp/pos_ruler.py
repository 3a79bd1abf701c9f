"""The attribute ruler's part-of-speech rules, applied by table look-up instead of one ``Span`` per match.

``en_core_web_sm``'s attribute ruler maps the tagger's fine tags to ``pos_`` with ~180 ``Matcher`` patterns and
builds a ``Span`` and sets attributes for every match (at least one per token): it cost about as much as the
dependency parser. No stage reads lemmas or morphology (and the lemmatizer is off), so only the rules that set
POS, TAG or DEP are kept. A single-token rule that matches TAG and/or LOWER by equality and sets only POS becomes
a table entry; the others (whitespace, two-token and set-valued patterns) still go through a ``Matcher``. As in
spaCy's ``AttributeRuler``, a later rule overrides an earlier one on the same attribute, and every rule matches
the tokens as the tagger and parser left them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_KEPT = ("POS", "TAG", "DEP")
_NONE = (-1, 0)
# What a table key holds for "any value": no string hashes to 0 but the empty string.
_ANY = 0
_MEMO_SIZE = 500_000


class PosRuler:
    """Sets ``pos`` (and the few TAG/DEP rules) as the model's attribute ruler does, without lemmas or morphology."""

    def __init__(self, vocab: Any) -> None:
        from spacy.matcher import Matcher

        self._vocab = vocab
        self._matcher = Matcher(vocab)
        self._table: dict[tuple[int, int], tuple[int, int]] = {}
        self._rules: dict[int, tuple[int, dict[str, str]]] = {}
        self._memo: dict[tuple[int, int], tuple[int, int]] = {}

    def add_patterns(self, patterns: Sequence[dict[str, Any]]) -> None:
        """Take the rules of an ``AttributeRuler`` (its ``patterns``), in order."""
        from spacy.parts_of_speech import IDS

        vocab = self._vocab
        for index, rule in enumerate(patterns):
            attrs = {key: rule["attrs"][key] for key in _KEPT if key in rule["attrs"]}
            for pattern in rule["patterns"] if attrs else ():
                key = _table_key(pattern, vocab) if set(attrs) == {"POS"} else None
                self._memo.clear()
                if key is not None:  # indices grow, so a later rule with the same key replaces an earlier one
                    self._table[key] = (index, IDS[attrs["POS"]])
                    continue
                self._matcher.add(str(index), [pattern])
                self._rules[vocab.strings[str(index)]] = (rule.get("index", 0), attrs)

    def _lookup(self, tag: int, lower: int) -> tuple[int, int]:
        """The last table rule matching a token with this tag and lower-case form: (rule index, POS id)."""
        table = self._table
        return max(table.get((tag, lower), _NONE), table.get((tag, _ANY), _NONE), table.get((_ANY, lower), _NONE))

    def __call__(self, doc: Any) -> Any:
        """Set the attributes on ``doc`` and return it."""
        import numpy as np
        from spacy.attrs import LOWER, POS, TAG
        from spacy.parts_of_speech import IDS

        values = doc.to_array([TAG, LOWER, POS])
        pos = values[:, 2].copy()
        won = [-1] * len(doc)
        memo = self._memo
        if len(memo) > _MEMO_SIZE:  # distinct (tag, word) pairs grow with a long run's vocabulary
            memo.clear()
        for at, key in enumerate(zip(values[:, 0].tolist(), values[:, 1].tolist(), strict=True)):
            found = memo.get(key)
            if found is None:
                found = memo[key] = self._lookup(*key)
            if found[0] >= 0:
                won[at], pos[at] = found
        matches = sorted((int(doc.vocab.strings[rule]), rule, start, end) for rule, start, end in self._matcher(doc))
        for index, rule, start, end in matches:
            offset, attrs = self._rules[rule]
            token = doc[start:end][offset]
            for name, value in attrs.items():
                if name == "POS" and index > won[token.i]:
                    won[token.i], pos[token.i] = index, IDS[value]
                elif name == "TAG":
                    token.tag_ = value
                elif name == "DEP":
                    token.dep_ = value
        doc.from_array([POS], np.asarray(pos, dtype=np.uint64).reshape(-1, 1))
        return doc


def _table_key(pattern: Sequence[dict[str, Any]], vocab: Any) -> tuple[int, int] | None:
    """(TAG, LOWER) hashes of a one-token pattern that tests only those by equality, ``_ANY`` for one not tested."""
    if len(pattern) != 1 or not set(pattern[0]) <= {"TAG", "LOWER"}:
        return None
    token = pattern[0]
    if not all(isinstance(value, str) and value for value in token.values()):
        return None
    return (
        vocab.strings.add(token["TAG"]) if "TAG" in token else _ANY,
        vocab.strings.add(token["LOWER"]) if "LOWER" in token else _ANY,
    )


def install(nlp: Any) -> None:
    """Replace ``nlp``'s attribute ruler (kept under its name) by a ``PosRuler`` built from its patterns."""
    from spacy.language import Language

    if not Language.has_factory("storylens_pos_ruler"):
        Language.factory("storylens_pos_ruler", func=_make)
    patterns = nlp.get_pipe("attribute_ruler").patterns
    nlp.replace_pipe("attribute_ruler", "storylens_pos_ruler")
    nlp.get_pipe("attribute_ruler").add_patterns(patterns)


def _make(nlp: Any, name: str) -> PosRuler:
    """spaCy factory: an empty ruler that ``install`` fills."""
    return PosRuler(nlp.vocab)
