"""Who said a quotation: the cue verb beside it, its subject, pronouns and continuations resolved.

Reads a spaCy ``Doc`` of the whole text. The frame of a quotation is the text of its sentence outside the
quote marks (after the closing mark first, then before the opening one); when the frame has no cue, a
quotation opening a sentence continues the last speaker of the same or the previous paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span

from storylens.text.cues import (
    ABBREVIATIONS,
    ALL_PRONOUNS,
    FIRST_PERSON,
    ORG_LABELS,
    PERSON_PRONOUNS,
    SPEECH_FORMS,
    STRONG_FORMS,
)
from storylens.text.quotations import QuoteSpan, lines

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_RELATIVE = frozenset({"who", "which", "that"})
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# A sentence ends at . ! ? before a capital, unless the word before is an abbreviation or initial (Rep. U.S.).
_SENTENCE_END = re.compile(r"[.!?…](?=[”\"’)]?[\s“\"]+[A-Z“\"])")
_WORD_BEFORE = re.compile(r"([\w.]*)$")
_SIGNATURE_AFTER = re.compile(r"\s*[-–—―]+\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*$")
_GLUED = re.compile(r"([a-z]+)[,:][“\"]")
# After a quotation that ends its sentence, a following sentence this short is its tag ("“…!” X said.").
_SHORT_TAG = 6
_NAME_MODIFIERS = frozenset({"compound", "det", "amod", "poss", "case", "nmod", "flat"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker as written: text, offsets and the entity label spaCy gave it ("" when none)."""

    text: str
    start: int
    end: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Attribution:
    """One quotation with its speaker, cue and the outlet it came through."""

    span: QuoteSpan
    speaker: Speaker | None = None
    cue: str | None = None
    via: str | None = None
    written: Speaker | None = None


@dataclass(frozen=True, slots=True)
class _Event:
    """Someone attributed speech at ``position``: the history pronouns and continuations read."""

    position: int
    speaker: Speaker
    written: Speaker | None = None


class _Frame:
    """Token lookups for one document, skipping everything inside quotation marks."""

    def __init__(self, text: str, doc: Any, spans: Sequence[QuoteSpan], min_words: int = 1) -> None:
        self.text = text
        self.doc = doc
        self.starts = [token.idx for token in doc]
        # Scare quotes do not bound a frame: "X, wearing “Team” pins, said" keeps X with its verb.
        self.quoted = sorted(
            (span.open, span.close)
            for span in spans
            if not span.block and len(text[span.start : span.end].split()) >= min_words
        )
        self.lines = lines(text)
        self.subjects = [
            _Event(ent.start_char, Speaker(ent.text, ent.start_char, ent.end_char, ent.label_))
            for ent in doc.ents
            if ent.label_ == "PERSON" and ent.root.dep_ in _SUBJECTS and not self.inside(ent.start_char)
        ]

    def inside(self, position: int) -> bool:
        """True when ``position`` lies between the marks of a quotation."""
        index = bisect_left(self.quoted, (position + 1, -1)) - 1
        return index >= 0 and self.quoted[index][0] <= position < self.quoted[index][1]

    def tokens(self, start: int, end: int) -> list[Any]:
        """Tokens starting in ``[start, end)`` outside quotations."""
        first, last = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [token for token in self.doc[first:last] if not self.inside(token.idx)]

    def line_of(self, position: int) -> int:
        """Index of the line (paragraph) holding ``position``."""
        return max(0, bisect_left(self.lines, (position + 1, -1)) - 1)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the dot at ``dot`` ends an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    word = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    before = word.group(1) if word else ""
    return len(before) <= 1 or "." in before or before.lower() in ABBREVIATIONS


def _ends_between(text: str, start: int, end: int) -> list[int]:
    """Sentence ends in ``[start, end)``; the lookahead may read past ``end`` (the next mark)."""
    found = _SENTENCE_END.finditer(text, start, min(len(text), end + 3))
    return [m.end() for m in found if m.start() < end and not _is_abbreviation(text, m.start())]


def _sentence_bounds(frame: _Frame, span: QuoteSpan) -> tuple[tuple[int, int], tuple[int, int]]:
    """Return the before- and after-frames of ``span``: its sentence outside its own marks."""
    text = frame.text
    line_start, line_end = frame.lines[frame.line_of(span.open)]
    if span.block:  # the introducing sentence is the end of the previous line
        number = frame.line_of(span.open)
        line_start, before_end = frame.lines[number - 1] if number else (span.open, span.open)
        ends = _ends_between(text, line_start, max(line_start, before_end - 1))
        return (ends[-1] if ends else line_start, before_end), (span.close, span.close)
    previous_close = max([close for _, close in frame.quoted if close <= span.open], default=line_start)
    before_start = max(line_start, previous_close)
    ends = _ends_between(text, before_start, span.open)
    before = (ends[-1] if ends else before_start, span.open)
    number = frame.line_of(span.open)
    if number and before[0] == line_start and not text[line_start : span.open].strip():
        previous_start, previous_end = frame.lines[number - 1]
        if text[previous_start:previous_end].rstrip().endswith(":"):  # "X said:" on the line before
            ends = _ends_between(text, previous_start, max(previous_start, previous_end - 1))
            before = (ends[-1] if ends else previous_start, previous_end)
    next_open = min([start for start, _ in frame.quoted if start >= span.close], default=line_end)
    after_end = min(line_end, next_open)
    stop = _ends_between(text, span.close, after_end)
    after = (span.close, stop[0] if stop else after_end)
    ended = text[max(span.open, span.close - 2)] in ".!?…" and text[span.close : after_end].strip()[:1].isupper()
    if ended:  # the quotation ended its sentence: only a short tag after it ("“…!” X said") attributes it
        tag = list(re.finditer(r"\S+", text[after[0] : after[1]]))[:_SHORT_TAG]
        return before, (span.close, span.close + tag[-1].end() if tag else span.close)
    return before, after


def _is_cue(token: Any) -> bool:
    """True for a speech verb (a strong one like "said" whatever spaCy tagged it)."""
    lower = token.text.lower()
    if lower not in SPEECH_FORMS:
        # Pages that drop the space after a comma glue the cue to the quote ("said,“Look"): one token.
        glued = _GLUED.match(lower)
        return bool(glued and glued.group(1) in STRONG_FORMS)
    return bool(token.pos_ in ("VERB", "AUX") or lower in STRONG_FORMS)


def _according(tokens: Sequence[Any]) -> Any | None:
    """Return the object of ``according to`` among ``tokens``."""
    for token in tokens:
        if token.text.lower() == "according" and token.i + 1 < len(token.doc):
            follower = token.doc[token.i + 1]
            objects = [child for child in follower.children if child.dep_ == "pobj"]
            if follower.text.lower() == "to" and objects:
                return objects[0]
    return None


def _subject(cue: Any, depth: int = 0) -> Any | None:
    """Return the grammatical subject of a cue verb, climbing conjunctions and relative clauses."""
    for child in cue.children:
        if child.dep_ in _SUBJECTS:
            if child.text.lower() in _RELATIVE and cue.dep_ == "relcl":
                return cue.head
            return child
    if depth < 4 and cue.dep_ in ("conj", "xcomp", "advcl", "ccomp") and cue.head is not cue:
        return _subject(cue.head, depth + 1)
    if cue.dep_ == "relcl":
        return cue.head
    return None


def _entity_of(token: Any) -> Any | None:
    """The entity span covering ``token`` (walking back over its IOB tags, not scanning every entity)."""
    if not token.ent_type_:
        return None
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
        end += 1
    return Span(token.doc, start, end, label=token.ent_type_)


def _speaker_of(token: Any) -> Speaker:
    """Turn a subject token into the name it heads (an entity, an apposition or its noun phrase)."""
    ent = _entity_of(token)
    if ent is None:
        for child in token.children:
            child_ent = _entity_of(child)
            if child_ent is None or child.dep_ not in ("appos", "compound"):
                continue
            if child.dep_ == "appos" or child_ent.label_ == "PERSON":
                ent = child_ent
                break
    if ent is not None:
        return Speaker(ent.text, ent.start_char, ent.end_char, ent.label_)
    left = [child for child in token.lefts if child.dep_ in _NAME_MODIFIERS]
    first = min([token.i, *(child.left_edge.i for child in left)])
    span = token.doc[first : token.i + 1]
    return Speaker(span.text, span.start_char, span.end_char, "")


def _nearest_entity(frame: _Frame, start: int, end: int, anchor: int) -> Speaker | None:
    """Fallback when the parse gives no subject: the named speaker closest to the cue.

    Subjects precede their verb, so a name after the cue loses to one before it, unless the cue opens the
    frame (``“…,” said X``).
    """
    inverted = not any(char.isalpha() for char in frame.text[start:anchor])
    best: tuple[int, Speaker] | None = None
    for ent in frame.doc.ents:
        if ent.label_ in _SPEAKER_LABELS and start <= ent.start_char and ent.end_char <= end:
            if frame.inside(ent.start_char):
                continue
            after = ent.start_char > anchor
            distance = min(abs(ent.start_char - anchor), abs(ent.end_char - anchor))
            distance += 10_000 if after != inverted else 0
            if best is None or distance < best[0]:
                best = (distance, Speaker(ent.text, ent.start_char, ent.end_char, ent.label_))
    return best[1] if best else None


def _resolve(speaker: Speaker, history: Sequence[_Event], frame: _Frame) -> Speaker | None:
    """Resolve a pronoun speaker to the last named speaker of a fitting kind (a person for he/she)."""
    lower = speaker.text.lower()
    if lower not in ALL_PRONOUNS:
        return speaker
    if lower in FIRST_PERSON:  # outside quotation marks "I" and "we" are the writer, not an earlier speaker
        return speaker
    wants_person = lower in PERSON_PRONOUNS
    if wants_person:  # the subject of an earlier sentence is as good a referent as an earlier speaker
        earlier = [event for event in frame.subjects if event.position < speaker.start]
        history = sorted([*history, *earlier], key=lambda event: event.position)
    for event in reversed(history):
        is_org = event.speaker.label in ORG_LABELS
        if (wants_person and not is_org) or (not wants_person and lower in ("it", "they") and is_org):
            return event.speaker
    if not wants_person and lower == "they" and history:
        return history[-1].speaker
    labels = ("PERSON",) if wants_person else ("ORG",)
    before = [ent for ent in frame.doc.ents if ent.label_ in labels and ent.end_char <= speaker.start]
    return Speaker(before[-1].text, before[-1].start_char, before[-1].end_char, before[-1].label_) if before else None


def _cue_in(frame: _Frame, bounds: tuple[int, int], last: bool) -> Any | None:
    """The cue nearest the quotation in ``bounds`` (the last one before it, the first one after it)."""
    cues = [token for token in frame.tokens(*bounds) if _is_cue(token)]
    if not cues:
        return None
    return cues[-1] if last else cues[0]


def _find_cue(frame: _Frame, span: QuoteSpan) -> tuple[Any | None, Any | None, tuple[int, int]]:
    """Return the cue token, the ``according to`` object and the frame the cue was found in."""
    before, after = _sentence_bounds(frame, span)
    closes_sentence = not span.block and frame.text[max(span.open, span.close - 2)] in ".!?…"
    order = [(before, True), (after, False)] if closes_sentence else [(after, False), (before, True)]
    according = _according(frame.tokens(*after)) or _according(frame.tokens(*before))
    for bounds, last in order:
        cue = _cue_in(frame, bounds, last)
        if cue is not None:
            return cue, according, bounds
    return None, according, before


def _continues(frame: _Frame, span: QuoteSpan, history: Sequence[_Event]) -> _Event | None:
    """A quotation with no cue continues the last speaker: in the same sentence right after that speaker's
    quotation, or opening a sentence of the same or the next paragraph."""
    if not history:
        return None
    before, _ = _sentence_bounds(frame, span)
    if before[0] == history[-1].position:  # "… “a” that aimed to “b”": one sentence, one speaker
        return history[-1]
    if any(char.isalpha() for char in frame.text[before[0] : before[1]]) and not span.block:
        return None
    here = frame.line_of(span.open)
    return history[-1] if here - frame.line_of(history[-1].position) <= 1 else None


def _sentence_subject(frame: _Frame, span: QuoteSpan) -> Speaker | None:
    """A partial quotation in a sentence with no speech verb: the named subject of the sentence speaks."""
    return _root_subject(frame, _sentence_bounds(frame, span)[0])


def _root_subject(frame: _Frame, bounds: tuple[int, int]) -> Speaker | None:
    """The named (or pronoun) subject of the main verb within ``bounds``."""
    for token in frame.tokens(*bounds):
        if token.dep_ in _SUBJECTS and token.head.dep_ == "ROOT":
            speaker = _speaker_of(token)
            if speaker.label in _SPEAKER_LABELS or token.text.lower() in ALL_PRONOUNS:
                return speaker
    return None


def _signature(frame: _Frame, span: QuoteSpan) -> Speaker | None:
    """A name signing the quotation: a block's ``- Name`` or ``“…” ― Name`` ending the line."""
    if span.signature and span.signature_start is not None:
        return Speaker(span.signature, span.signature_start, span.signature_start + len(span.signature))
    line_end = frame.lines[frame.line_of(span.open)][1]
    match = _SIGNATURE_AFTER.match(frame.text, span.close, line_end)
    if match is None or span.block:
        return None
    return Speaker(match.group(1), match.start(1), match.end(1), "PERSON")


def _cued_speaker(frame: _Frame, cue: Any, bounds: tuple[int, int]) -> Speaker | None:
    """The cue's subject; else the nearest name in the frame; else the main verb's subject."""
    subject = _subject(cue)
    # A subject on another line is a parse running across a heading: not this quotation's speaker.
    if subject is not None and not frame.inside(subject.idx) and frame.line_of(subject.idx) == frame.line_of(cue.idx):
        return _speaker_of(subject)
    return _nearest_entity(frame, bounds[0], bounds[1], cue.idx) or _root_subject(frame, bounds)


def _attribute_one(frame: _Frame, span: QuoteSpan, history: list[_Event]) -> Attribution:
    """Attribute one quotation and record its speaker in ``history``.

    Order of evidence: a signature, the cue's subject (``according to`` then gives ``via``), ``according
    to`` alone, a continuation of the last speaker, the sentence's subject. Pronouns resolve last.
    """
    cue, according, bounds = _find_cue(frame, span)
    via = None
    speaker = _signature(frame, span)
    if speaker is None and cue is not None:
        speaker = _cued_speaker(frame, cue, bounds)
        via = _speaker_of(according).text if according is not None else None
    elif speaker is None and according is not None:
        speaker = _speaker_of(according)
    written = speaker
    if speaker is None and cue is None:
        previous = _continues(frame, span, history)
        if previous is not None:
            speaker, written = previous.speaker, previous.written
        else:
            speaker = written = _sentence_subject(frame, span)
    if speaker is not None:
        speaker = _resolve(speaker, history, frame)
    if speaker is not None:
        history.append(_Event(span.close, speaker, written))
    cue_text = cue.text if cue is not None else ("according to" if according is not None else None)
    return Attribution(span, speaker, cue_text, via, written)


def _speech_events(frame: _Frame) -> list[_Event]:
    """Indirect speech outside quotations ("X told reporters …", "…, according to X"): later quotations may
    continue it."""
    events: list[_Event] = []
    for token in frame.tokens(0, len(frame.text)):
        source = _according([token]) if token.lower_ == "according" else None
        if source is not None and not frame.inside(source.idx):
            speaker = _speaker_of(source)
            if speaker.label in _SPEAKER_LABELS:
                events.append(_Event(token.idx, speaker))
            continue
        if not _is_cue(token) or token.pos_ != "VERB":
            continue
        subject = _subject(token)
        if subject is None or subject.text.lower() in ALL_PRONOUNS or frame.inside(subject.idx):
            continue
        speaker = _speaker_of(subject)
        if speaker.label in _SPEAKER_LABELS:
            events.append(_Event(token.idx, speaker))
    return events


def _short_speech(frame: _Frame, span: QuoteSpan, item: Attribution) -> bool:
    """A quotation of a few words is speech only when closed by , ? or ! and cued by a saying verb."""
    closing = frame.text[max(span.open, span.close - 2)]
    return closing in ",?!" and item.cue is not None and item.cue.lower() in STRONG_FORMS


def attribute(text: str, doc: Any, spans: Sequence[QuoteSpan], min_words: int = 1) -> list[Attribution]:
    """Return the attributions of ``spans`` in order, sharing a speaker history across the text.

    Spans shorter than ``min_words`` words are scare quotes unless ``_short_speech`` says otherwise; they
    are dropped and leave the history untouched.
    """
    frame = _Frame(text, doc, spans, min_words)
    pending = _speech_events(frame)
    history: list[_Event] = []
    found: list[Attribution] = []
    for span in sorted(spans, key=lambda item: item.start):
        while pending and pending[0].position < span.open:
            history.append(pending.pop(0))
        history.sort(key=lambda event: event.position)
        if len(text[span.start : span.end].split()) >= min_words:
            found.append(_attribute_one(frame, span, history))
            continue
        trial = list(history)
        item = _attribute_one(frame, span, trial)
        if len(text[span.start : span.end].split()) >= 2 and _short_speech(frame, span, item):
            history[:] = trial
            found.append(item)
    return found
