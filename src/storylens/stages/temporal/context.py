"""What a temporal rule's resolver may look at: the text, the match span and the dates it is read against."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from storylens.stages.temporal import patterns as tp
from storylens.text.calendar import shift_by_unit, shift_quarter
from storylens.text.cues import STRONG_FORMS


@dataclass(frozen=True, slots=True)
class Context:
    """What a resolver may look at: the whole text, the match span and the reference date."""

    text: str
    start: int
    end: int
    dct: date | None
    anchor: date | None  # the last day-level date mentioned before, for "that day"
    quarter: str | None = None  # the last fiscal quarter mentioned before, for "the year-ago quarter"
    year: int | None = None  # the year of the last calendar value mentioned before, for "that year"
    bounds: tuple[int, int] | None = None  # the sentence holding the span (the kernel's splitter), else the text

    def sentence(self) -> str:
        """Return the sentence holding the span."""
        left, right = self.bounds or (0, len(self.text))
        return self.text[left:right]

    def future(self) -> bool:
        """Guess whether the sentence around the span speaks of the future (nearest tense cue wins)."""
        future, past = self._cues()
        return future < past

    def past(self) -> bool:
        """Guess whether the sentence speaks of the past: a past-tense cue, nearer than any future one."""
        future, past = self._cues()
        return past < future

    def _cues(self) -> tuple[int, int]:
        """The distances from the span to the nearest future and past cues of its sentence (10**6: none)."""
        left = (self.bounds or (0, 0))[0]
        sentence = _without_frame(self.sentence(), self.end - left)
        span = (self.start - left, self.end - left)
        return _cue_distance(tp.FUTURE_CUES, sentence, span), _cue_distance(tp.PAST_CUES, sentence, span)

    def current_quarter(self) -> str | None:
        """The quarter a report is about: the last one named, else the one before the publication date's."""
        if self.quarter:
            return self.quarter
        return shift_quarter(shift_by_unit(self.dct, "quarter", 0), -1) if self.dct else None

    def quarterly_figures(self) -> bool:
        """Tell whether the sentence compares figures in a report that has named its quarter."""
        return self.quarter is not None and re.search(tp.FIGURE_CUES, self.sentence(), re.IGNORECASE) is not None


# (type, TimeML value) or (type, TimeML value, the calendar value a measured span points to: "a day earlier" is
# P1D in TimeML and the day before for readers).
Resolved = tuple[str, str | None] | tuple[str, str | None, str | None] | None
Resolver = Callable[[re.Match[str], Context], Resolved]


# ", the union said" / ",'' Castro said": the attribution after a clause tells when it was said, not when what was
# said happens.
_FRAME = re.compile(rf",\W*(?:\S+\s+){{0,4}}?(?:{'|'.join(sorted(STRONG_FORMS))})\b", re.IGNORECASE)


def _without_frame(sentence: str, end: int) -> str:
    """Cut the sentence at the comma after ``end`` when a reporting verb follows it (the clause's attribution)."""
    comma = sentence.find(",", end)
    return sentence[:comma] if comma >= 0 and _FRAME.match(sentence, comma) else sentence


def _cue_distance(pattern: str, sentence: str, span: tuple[int, int]) -> int:
    distances = [
        min(abs(match.start() - span[1]), abs(span[0] - match.end()))
        for match in re.finditer(pattern, sentence, re.IGNORECASE)
        if match.end() <= span[0] or match.start() >= span[1]
    ]
    return min(distances, default=10**6)
