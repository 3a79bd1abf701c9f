"""Subjectivity, polarity and intensity of English words, from the lexicon TextBlob ships.

TextBlob (MIT) carries ``en/en-sentiment.xml`` (Tom De Smedt and Walter Daelemans, pattern, licence PDDL): about
1,500 word forms, mostly adjectives, each sense tagged with polarity (-1..1), subjectivity (0..1) and intensity (an
intensifier multiplies what follows, e.g. "very" 1.3). The file is read from the installed package once; senses of
one form are averaged. Words are looked up as written and by the shared stem (``brutally`` finds ``brutal``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storylens.errors import ConfigError
from storylens.text.words import stem


@dataclass(frozen=True, slots=True)
class WordScore:
    """One word form's averaged lexicon scores."""

    polarity: float
    subjectivity: float
    intensity: float


def _average(scores: list[tuple[float, float, float]]) -> WordScore:
    count = len(scores)
    return WordScore(*(round(sum(values) / count, 4) for values in zip(*scores, strict=True)))


@lru_cache(maxsize=1)
def subjectivity_lexicon() -> Mapping[str, WordScore]:
    """Word form (and stem) → averaged scores, read once from TextBlob's packaged lexicon."""
    try:
        xml = resources.files("textblob").joinpath("en", "en-sentiment.xml").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise ConfigError("the subjectivity lexicon needs TextBlob: pip install textblob") from error
    senses: dict[str, list[tuple[float, float, float]]] = {}
    for word in ElementTree.fromstring(xml).iter("word"):
        form = (word.get("form") or "").lower()
        if not form:
            continue
        values = (float(word.get("polarity", 0)), float(word.get("subjectivity", 0)), float(word.get("intensity", 1)))
        senses.setdefault(form, []).append(values)
    table = {form: _average(values) for form, values in senses.items()}
    for form in list(table):
        table.setdefault(stem(form), table[form])
    return table


def word_score(word: str) -> WordScore | None:
    """The lexicon's scores for ``word`` (as written, then by stem), or None when it has none."""
    table = subjectivity_lexicon()
    lower = word.lower()
    return table.get(lower) or table.get(stem(lower))
