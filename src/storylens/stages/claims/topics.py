"""How a conflict reads in the report: a neutral topic naming the thing disputed, and each statement's value."""

from __future__ import annotations

from collections.abc import Sequence

from storylens.stages.claims.align import Candidate, Sentence
from storylens.stages.claims.slots import Slot
from storylens.text.values import day_of

_NOUNS = {"date": "day", "number": "figure", "place": "place", "actor": "who", "outcome": "outcome", "fact": "charge"}


def statement_value(slot: Slot) -> str:
    """The value a statement gives, as written, with the resolved day for a date ("yesterday (2025-03-06)")."""
    text = " ".join(slot.text.split())
    if slot.kind == "date" and slot.value is not None and slot.value.kind == "day":
        day = day_of(slot.value).isoformat()
        return text if text == day else f"{text} ({day})"
    if slot.kind == "outcome":
        return f"{text} ({'yes' if '+' in slot.names else 'no'})"
    return text


def topic(candidate: Candidate, sentences: Sequence[Sentence]) -> str:
    """What the articles disagree on, in neutral words taken from the statements ("day the train derailed")."""
    for slot in (candidate.a, candidate.b):
        if slot.about and not slot.quoted and len(slot.about.split()) <= 12:
            return _tidy(slot.about)
    about = candidate.a.about or candidate.b.about
    return _tidy(about) if about else _NOUNS[candidate.a.kind]


def _tidy(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:")
    return (
        text[:1].lower() + text[1:] if text[:2].istitle() or (text[:1].isupper() and not text[1:2].isupper()) else text
    )
