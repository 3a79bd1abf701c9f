"""The timeline: events of one story on calendar dates.

Built from the claims stage: every claim whose event is dated to a day (``when`` an ISO date, weekdays already
read the way the other outlets agree with) joins the entry for the same event type, day and overlapping actors.
The timeline speaks in the report's voice, so an entry's text must be a sentence the report can stand behind:

- a complete sentence (a capital or a quotation mark first, a full stop, "!" or "?" last: never a heading that
  ends at a colon, never cut short), with any wire dateline taken off;
- whole: every quotation in it opens and closes in it (a sentence that starts inside someone's words is a
  fragment of them);
- neutral: no loaded term and no hedge of the outlet's own, and not the writer's opinion (own words whose
  subjectivity adds up to ``max_subjectivity``); a closing contrast clause is the writer's comment, not the
  event, and is cut ("A hearing is set for Tuesday, but few expect the truth to come out" states "A hearing is
  set for Tuesday.");
- stated by every article it cites: the sources are the articles of the entry with a sentence restating it
  (content-word overlap ``restating``, no different value), not every article that reports the event.

Of the eligible sentences the one restated by the most articles wins, then the shortest. An event with no
eligible sentence is left out: a missing entry misleads less than a loaded or broken one.
Disputed dates stay visible: a call that one outlet puts on Thursday and another on Friday appears on both days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storylens.model import Claim, StoryContext, TimelineEvent
from storylens.stages.claims.slots import name_tokens
from storylens.stages.framing.lexicon import find_terms, hedge_lexicon
from storylens.stages.framing.measure import loaded_density
from storylens.stages.framing.subjectivity import word_score
from storylens.text.quotations import quotation_spans
from storylens.text.support import Unit, content_words, lexical_matrix, strip_dateline, supporters
from storylens.text.values import mentions
from storylens.text.words import words

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: A complete sentence: opens with a capital, a digit or a quotation mark and ends with . ! ? (closing marks after).
_COMPLETE = re.compile(r"^[\"“‘'(]?[A-Z0-9].*[.!?][\"”’')]*$", re.DOTALL)
#: A contrast clause closing a sentence: in news it carries the writer's comment on the event, not the event
#: ("A hearing is set for Tuesday, but few expect the truth to come out").
_CONTRAST = re.compile(r",\s+(?:but|yet|though|although|while|whereas)\s+[^,]*[.!?]$")


@dataclass(frozen=True, slots=True)
class TimelineOptions:
    """How many events to keep and how long an entry's text may be."""

    max_events: int = 30
    max_chars: int = 240
    #: Own words whose TextBlob subjectivity adds up to this make a sentence the writer's view, not an event.
    max_subjectivity: float = 0.9
    #: Content-word overlap (Dice) at which another article's sentence restates an entry's text.
    restating: float = 0.5


@dataclass
class _Entry:
    date: str
    predicate: str
    actors: set[str] = field(default_factory=set)
    claims: list[Claim] = field(default_factory=list)


def _joins(entry: _Entry, claim: Claim, day: str) -> bool:
    if entry.date != day or entry.predicate != claim.predicate:
        return False
    actors = frozenset(claim.actors)
    return not entry.actors or not actors or bool(name_tokens(frozenset(entry.actors)) & name_tokens(actors))


def _own_words(text: str) -> list[str]:
    """The lower-case words of ``text`` outside quotation marks (what the outlet itself says)."""
    spans = quotation_spans(text)
    return [word for word, start, _ in words(text) if not any(s <= start < e for s, e in spans)]


def _balanced(text: str) -> bool:
    """Whether every quotation in ``text`` opens and closes inside it (not a fragment of someone's words)."""
    depth = 0
    for char in text:
        depth += (char == "“") - (char == "”")
        if depth < 0:
            return False
    return depth == 0 and text.count('"') % 2 == 0


def event_text(sentence: str) -> str:
    """The sentence as a timeline entry: dateline off, and a closing contrast clause cut (the event stays)."""
    text = strip_dateline(" ".join(sentence.split()))
    match = _CONTRAST.search(text)
    return text[: match.start()] + "." if match and _balanced(text[: match.start()]) else text


def is_eligible(text: str, options: TimelineOptions) -> bool:
    """Whether ``text`` can stand as a timeline entry: complete, short enough, neutral in its own words."""
    if len(text) > options.max_chars or not _COMPLETE.match(text) or not _balanced(text):
        return False
    if loaded_density(text) > 0:
        return False
    own = _own_words(text)
    if find_terms(" ".join(own), hedge_lexicon()):
        return False
    subjectivity = sum(score.subjectivity for word in own if (score := word_score(word)) is not None)
    return subjectivity < options.max_subjectivity


def _unit(index: int, claim: Claim) -> Unit:
    text = event_text(claim.text)
    return Unit(claim.article_id, index, claim.start, claim.end, text, content_words(text), 0.0, True, mentions(text))


def _entry_event(entry: _Entry, options: TimelineOptions) -> tuple[str, frozenset[str]] | None:
    """The entry's text and the articles stating it, or None when no sentence of it can stand in the timeline."""
    units = [_unit(index, claim) for index, claim in enumerate(entry.claims)]
    support = supporters(units, lexical_matrix(units), options.restating)
    eligible = [i for i, unit in enumerate(units) if is_eligible(unit.text, options)]
    if not eligible:
        return None
    best = min(eligible, key=lambda i: (-len(support[i]), len(units[i].text), units[i].article_id, units[i].start))
    return units[best].text, support[best]


def build_timeline(context: StoryContext, options: TimelineOptions) -> tuple[TimelineEvent, ...]:
    """Return the story's dated events in date order."""
    entries: list[_Entry] = []
    for claim in sorted(context.claims, key=lambda item: (item.article_id, item.start)):
        match = _DAY.match(claim.when or "")
        if match is None:
            continue
        day = match.group(0)
        entry = next((item for item in entries if _joins(item, claim, day)), None)
        if entry is None:
            entry = _Entry(day, claim.predicate)
            entries.append(entry)
        entry.actors |= set(claim.actors)
        entry.claims.append(claim)
    # Events reported by more articles first when trimming, then calendar order.
    ranked = sorted(entries, key=lambda item: -len({claim.article_id for claim in item.claims}))
    kept = ranked[: options.max_events]
    merged: dict[tuple[str, str], set[str]] = {}
    for entry in kept:  # one sentence dating two event words (an announcement and a warrant) is one entry
        event = _entry_event(entry, options)
        if event is not None:
            merged.setdefault((entry.date, event[0]), set()).update(event[1])
    return tuple(TimelineEvent(day, text, tuple(sorted(sources))) for (day, text), sources in sorted(merged.items()))
