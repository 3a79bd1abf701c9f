"""Typed slots of one sentence, read from its parse: the values it states and the word each value hangs on.

A slot is a date (a time expression resolved against the article's publication date), a number (a count with its
counted noun, money, a percentage, a score), a place, an actor (a named person or organisation), an outcome (a
result word and which way it goes, negation included) or a fact (what someone was charged with or found to have
breached). Each slot keeps the word it depends on in the parse (``head``: "derailed" for "on Thursday evening"),
so two sentences can be asked whether they give values for the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from storylens.stages.temporal.tagger import Timex
from storylens.text.calendar import weekday_candidates
from storylens.text.cues import FUTURE_CUES
from storylens.text.names import tokens
from storylens.text.support import content_words, strip_dateline
from storylens.text.values import Mention, day_mention, mentions, polarity, weekday_mention
from storylens.text.words import stem

SlotKind = str  # date, number, place, actor, outcome, fact
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "NORP"})
_WHERE_ONLY = frozenset({"in", "near", "off", "outside", "across"})
_LOCATIVE = frozenset({"in", "at", "near", "off", "outside", "inside", "on", "across", "into", "onto", "from"})
# Cues of a charge or a finding: what follows names the offence or the rule ("charged with arson").
_CHARGE = re.compile(
    r"\b(?P<cue>(?:charged|accused|convicted|indicted|arrested|warrant|guilty|suspicion|sentenced|banned|fined|"
    r"cleared|acquitted)(?:\s+[\w'’.-]+){0,4}?\s+(?:with|of|for)(?:\s+suspicion\s+of)?|"
    r"breached|violated|broke|in breach of)\s+(?!him\b|her\b|them\b|(?-i:[A-Z]))(?P<label>[^,.;:]{3,80})",
    re.IGNORECASE,
)
# Where a charge's name ends: what follows says where, when or about what, not which offence.
_LABEL_END = re.compile(r"\s+(?:in|over|after|at|during|when|while|following|from|and|but|by|which|that)(?:\s.*)?$")
# A time names a day only with one of these ("midnight", "the night" or "4.40 p.m." alone do not).
_DAY_WORD = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:yesterday|today|tonight|tomorrow|last night|this morning|"
    r"this afternoon|this evening)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{4}-\d{2}-\d{2}",
    re.IGNORECASE,
)
_WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_BARE_WEEKDAY = re.compile(
    r"(?:(?P<last>last)\s+|(?P<next>next|this coming)\s+|(?:on|late on|early on)\s+)?"
    r"(?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?",
    re.IGNORECASE,
)
# A future cue in the same clause before a weekday (the kernel's one list of future constructions).
_FUTURE = re.compile(FUTURE_CUES + r"[^.;]*$", re.IGNORECASE)
_HEDGE_WORDS = frozenset({"alleg", "alleged", "suspect", "suspected", "possible", "rare"})
_NAMED = "who is named where"  # the topic of an actor with no role in the sentence
_TITLE_WORDS = frozenset({"the", "of", "and", "mr", "mrs", "ms", "dr", "sir", "cllr", "president", "minister"})


@dataclass(frozen=True, slots=True)
class Slot:
    """One value a sentence gives: its kind, surface, article offsets, comparable value and the word it hangs on.

    ``value`` is the values engine's ``Mention`` for dates and numbers; ``names`` holds name words for places,
    actors and facts, and the sign (``+``/``-``) for outcomes. ``key`` is what a number counts or what an outcome
    is of; ``head`` the stem of the governing word; ``quoted`` whether it lies inside someone's quoted words.
    """

    kind: SlotKind
    text: str
    start: int
    end: int
    head: str
    key: str = ""
    value: Mention | None = None
    names: frozenset[str] = frozenset()
    quoted: bool = False
    about: str = ""
    change: bool = False
    speaker: bool = False


def is_doer(slot: Slot) -> bool:
    """Whether an actor slot names who did something (subject, agent, a relative clause on it, a speaker), not a
    name merely mentioned in the sentence (an object, a possessive, a modifier)."""
    return slot.kind == "actor" and not slot.about.startswith(_NAMED)


def name_tokens(names: frozenset[str]) -> frozenset[str]:
    """Lower-cased name words, without titles, for matching "Qin Gang" with "Qin"."""
    found = {bare_word(word) for name in names for word in tokens(name)}
    return frozenset(word for word in found if word and word not in _TITLE_WORDS)


def bare_word(word: str) -> str:
    """A word as names are compared: lower case, without a possessive or edge quotes and dots ("Stenbury's")."""
    return word.lower().replace("’", "'").removesuffix("'s").strip(".'")


def governor(token: Any) -> Any:
    """The nearest verb (or the root) above ``token``: the event a value is about."""
    current = token
    for _ in range(8):
        if (current.pos_ in ("VERB", "AUX") and current is not token) or current.head is current:
            return current
        current = current.head
    return current


def _head_of(span: Any) -> str:
    return stem(governor(span.root).text)


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def sentence_slots(
    sentence: Any, offset: int, timexes: Sequence[Timex], quoted: Sequence[tuple[int, int]], reference: date | None
) -> list[Slot]:
    """Every slot of a parsed sentence span (``offset``: the article offset of its first character; ``reference``:
    the publication date bare weekdays are read against)."""
    slots = [
        *_numbers(sentence, offset),
        *_dates(sentence, timexes, reference),
        *_names(sentence),
        *_outcomes(sentence),
        *_facts(sentence, offset),
    ]
    return [_mark(slot, quoted) for slot in slots]


def _mark(slot: Slot, quoted: Sequence[tuple[int, int]]) -> Slot:
    return replace(slot, quoted=True) if _inside(slot.start, slot.end, quoted) else slot


def _own_words_start(token: Any) -> int:
    """Where the sentence's own words begin: after a wire dateline ("DUNMERE, Lowmark (Metro Wire) —"), which the
    parse often takes as part of the subject."""
    sentence = token.sent
    return int(sentence.end_char - len(strip_dateline(sentence.text)))


def _phrase(token: Any, limit: int = 6) -> str:
    """A token's subtree as written when short, else its determiner and the token ("the train"); never a dateline."""
    start = _own_words_start(token)
    subtree = [t for t in token.subtree if (t.pos_ != "PUNCT" or t.text in ("'s", "’s")) and t.idx >= start]
    if len(subtree) > limit:  # the determiner, compounds and the word itself ("a phone call")
        kept = [
            c
            for c in token.children
            if c.dep_ in ("det", "poss", "compound", "amod") and c.i < token.i and c.idx >= start
        ]
        subtree = [*kept[-3:], token]
    if not subtree or token.idx < start:
        return ""
    first = subtree[0]
    words = [first.text.lower() if first.pos_ == "DET" else first.text, *(t.text for t in subtree[1:])]
    return " ".join(words).replace(" 's", "'s").replace(" ’s", "’s")


def clause(verb: Any) -> str:
    """What happened, in the sentence's own words: the subject, the verb and a short object ("the train derailed",
    "the mayor held a phone call")."""
    start = _own_words_start(verb)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx >= start]
    helpers = [c.text for c in verb.children if c.dep_ in ("auxpass", "neg") and c.i < verb.i]
    particles = [c.text for c in verb.children if c.dep_ == "prt"]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    words = [*(_phrase(subjects[0]).split() if subjects else []), *helpers, verb.text, *particles]
    words += _phrase(objects[0], 4).split() if objects else []
    return " ".join(words) if verb.pos_ in ("VERB", "AUX") else _phrase(verb)


def _token_at(sentence: Any, start: int, end: int) -> Any:
    span = sentence.doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _counted_noun(token: Any, fallback: str) -> str:
    """What a number counts: the noun it modifies in the parse, else the engine's word after it."""
    if token is not None and token.dep_ in ("nummod", "quantmod", "compound") and token.head.pos_ in ("NOUN", "PROPN"):
        return stem(token.head.text)
    return stem(fallback) if fallback else ""


def _numbers(sentence: Any, offset: int) -> list[Slot]:
    found: list[Slot] = []
    for mention in mentions(sentence.text):
        if mention.kind not in ("quantity", "score"):
            continue
        start, end = offset + mention.start, offset + mention.end
        token = _token_at(sentence, start, end)
        head = stem(governor(token).text) if token is not None else ""
        key = _counted_noun(token, mention.key) if mention.kind == "quantity" else "score"
        value = Mention(mention.kind, mention.key, mention.low, mention.high, mention.name, start, end, mention.exact)
        noun = token.head if token is not None and token.head.i > token.i and token.head.pos_ == "NOUN" else None
        shown = noun.idx + len(noun) if noun is not None and noun.idx - end < 30 else end
        about = _number_about(mention, noun, token)
        text = sentence.doc.text[start:shown]
        found.append(Slot("number", text, start, end, head, key, value, about=about, change=_is_change(token)))
    return found


def _is_change(token: Any) -> bool:
    """Whether a figure is an amount of change ("cut by 25 minutes", "rose by 4%"), not a level ("33 minutes"):
    it, or the noun it counts, is the object of "by" (wherever the parse attaches that "by")."""
    nodes = (token, token.head) if token is not None else ()
    return any(node.dep_ == "pobj" and node.head.lower_ == "by" for node in nodes)


def _number_about(mention: Mention, noun: Any, token: Any) -> str:
    if mention.kind == "score":
        return "score" if token is None else f"score: {clause(governor(token))}"
    if mention.key == "%":
        return "percentage" if token is None else f"percentage: {clause(governor(token))}"
    if mention.key in ("$", "£", "€", "¥"):
        return "amount" if token is None else f"amount: {clause(governor(token))}"
    if noun is not None:
        return f"number of {noun.text.lower()}"
    return f"number of {mention.key}" if mention.key else "figure"


def _weekday_value(timex: Timex, token: Any, reference: date | None) -> str | None:
    """A bare weekday read the way news reads it: the latest such day on or before publication in past-tense
    reporting, the next one on or after it with future wording ("will", "until", "due", "next")."""
    match = _BARE_WEEKDAY.fullmatch(timex.text.strip())
    if match is None or reference is None or token is None:
        return timex.value
    weekday = _WEEKDAY_NAMES.index(match.group("day").lower()[:3])
    if match.group("last"):
        return weekday_candidates(reference, weekday, -2)[0].isoformat()
    before = token.doc.text[max(token.sent.start_char, timex.start - 60) : timex.start].lower()
    verb = governor(token)
    future = (
        bool(match.group("next"))
        or bool(_FUTURE.search(before))
        or any(
            child.lower_ in ("will", "'ll", "shall") or (child.tag_ == "MD" and child.lower_ != "would")
            for child in verb.children
        )
        or _reported_future(verb)
    )
    return weekday_candidates(reference, weekday, 1 if future else -1)[0].isoformat()


def _reported_future(verb: Any) -> bool:
    """A "would" in reported speech ("she said the ministers would meet on Monday") is the future seen from the
    saying; "would have" + participle is a past that did not happen, and a "would" outside a reported clause is
    habit or condition."""
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    if not any(child.lower_ == "would" for child in auxiliaries) or verb.tag_ == "VBN":
        return False
    return verb.dep_ == "ccomp" and verb.head.pos_ in ("VERB", "AUX")


def _dates(sentence: Any, timexes: Sequence[Timex], reference: date | None) -> list[Slot]:
    found: list[Slot] = []
    for timex in timexes:
        if not (sentence.start_char <= timex.start and timex.end <= sentence.end_char):
            continue
        if not _DAY_WORD.search(timex.text):
            continue
        token = _token_at(sentence, timex.start, timex.end)
        value = day_mention(_weekday_value(timex, token, reference) or "", timex.start, timex.end)
        bare = _BARE_WEEKDAY.fullmatch(timex.text.strip())
        if value is None and reference is None and bare is not None:  # undated article: the weekday still counts
            value = weekday_mention(_WEEKDAY_NAMES.index(bare.group("day").lower()[:3]), timex.start, timex.end)
        if value is None or value.high - value.low > 6:  # a month or a year cannot date an event to a day
            continue
        verb = governor(token) if token is not None else None
        head = stem(verb.text) if verb is not None else ""
        about = f"day {clause(verb)}" if verb is not None else "day"
        found.append(Slot("date", timex.text, timex.start, timex.end, head, "day", value, about=about))
    return found


def _names(sentence: Any) -> list[Slot]:
    """Places (GPE, LOC, FAC, or a proper noun after a locative preposition) and actors (people, organisations)."""
    found: list[Slot] = []
    for ent in sentence.ents:
        # A place answers "where" (the object of a locative preposition); a country that acts, is described or is
        # visited ("Russia is not isolated", "engage Ukraine") names no place something happened in.
        kind = "place" if _locative(ent) else "actor" if ent.label_ in _ACTOR_TYPES else ""
        if not kind:
            continue
        names = name_tokens(frozenset({ent.text}))
        if names and ent.start_char >= _own_words_start(ent.root):  # a dateline says where the wire filed from
            # A town or region and a building or institution are not rival answers to "where" (a court sits in
            # a town): places are compared only within one grain.
            role = ent.root.dep_ if kind == "actor" else "area" if ent.label_ in ("GPE", "LOC") else "site"
            verb = governor(ent.root)
            found.append(
                Slot(kind, ent.text, ent.start_char, ent.end_char, stem(verb.text), role, None, names,
                     about=_name_about(kind, ent, verb), speaker=kind == "actor" and _speaker(ent.root))
            )  # fmt: skip
    return found + _untagged_places(sentence) + _untagged_actors(sentence)


def _untagged_places(sentence: Any) -> list[Slot]:
    """Proper nouns that answer "where" although the tagger found no entity there ("arrested in Holtby"): the
    object of a locative preposition, with the proper nouns compounded before it ("at Rookfield Park"), or the name
    of the place noun that is ("at Velmont airport", "near the town of Ostrel")."""
    found: list[Slot] = []
    start = _own_words_start(sentence[0]) if len(sentence) else 0
    for token in sentence:
        if token.pos_ != "PROPN" or token.ent_type_ or token.idx < start or not _untagged_where(token):
            continue
        span = _proper_run(sentence, token)
        names = name_tokens(frozenset({span.text}))
        if names:
            verb = governor(token)
            found.append(
                Slot("place", span.text, span.start_char, span.end_char, stem(verb.text), "", None, names,
                     about=f"where {clause(verb)}")
            )  # fmt: skip
    return found


def _untagged_where(token: Any) -> bool:
    """Whether an untagged proper noun names where: the object of a locative preposition, or the name of a common
    noun that is one (its compound, or its "of" object: "the town of Ostrel")."""
    if token.dep_ == "pobj" and token.head.lower_ in (*_WHERE_ONLY, "at", "from"):
        return True
    if token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.dep_ == "pobj":
        return token.head.head.lower_ in (*_WHERE_ONLY, "at", "from") and token.i + 1 == token.head.i
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
        return token.head.head.pos_ == "NOUN" and token.head.head.head.lower_ in (*_WHERE_ONLY, "at")
    return False


def _proper_run(sentence: Any, token: Any) -> Any:
    """The untagged proper nouns compounded before ``token``, with it ("Rookfield Park")."""
    first = token
    while first.i > sentence.start and first.nbor(-1).pos_ == "PROPN" and not first.nbor(-1).ent_type_:
        first = first.nbor(-1)
    return sentence.doc[first.i : token.i + 1]


def _untagged_actors(sentence: Any) -> list[Slot]:
    """Names the tagger missed that act: an untagged proper noun as the subject of a verb or the agent of a passive
    ("Halden Racing were crowned", "tabled by Bellmont Estates"), with the proper nouns compounded before it."""
    found: list[Slot] = []
    start = _own_words_start(sentence[0]) if len(sentence) else 0
    for token in sentence:
        if token.pos_ != "PROPN" or token.ent_type_ or token.idx < start:
            continue
        agent = token.dep_ == "pobj" and token.head.dep_ == "agent"
        if token.dep_ not in ("nsubj", "nsubjpass") and not agent:
            continue
        span = _proper_run(sentence, token)
        names = name_tokens(frozenset({span.text}))
        if names:
            verb = governor(token)
            role = "nsubj" if token.dep_ == "nsubj" else token.dep_
            found.append(
                Slot("actor", span.text, span.start_char, span.end_char, stem(verb.text), role, None, names,
                     about=actor_about(token, verb), speaker=_speaker(token))
            )  # fmt: skip
    return found


def _speaker(token: Any) -> bool:
    """Whether a name is who says something rather than who did it: the subject of a verb that takes a reported
    clause ("X said the bridge would stay shut") or the object of "according to"."""
    if token.dep_ == "pobj" and token.head.head.lower_ == "according":
        return True
    verb = governor(token)
    return token.dep_ in ("nsubj", "agent") and any(child.dep_ in ("ccomp", "parataxis") for child in verb.children)


def _name_about(kind: str, ent: Any, verb: Any) -> str:
    """The topic of a place or actor: "where the ferry ran aground", "who claimed responsibility for the breach"."""
    if kind == "place":
        return f"where {clause(verb)}"
    return actor_about(ent.root, verb)


def actor_about(root: Any, verb: Any) -> str:
    """The topic of an actor whose name ends in ``root``: "who claimed responsibility for the breach"."""
    doer = role_verb(root)
    # The same role in the active voice: "led by X" and "X, who led" are "who led"; a speaker's relative clause
    # says what they did ("X, who ordered the closure, said ..."), the saying does not.
    if doer is not None and (root.dep_ not in ("nsubj", "nsubjpass") or _speaker(root)):
        return doer_topic(doer)
    if root.dep_ in ("nsubj", "nsubjpass", "agent"):
        return f"who {_action(verb)}"
    # A name under a verb that only introduces it ("including", "following", "according to") is about the clause
    # above that verb.
    while verb.dep_ in ("prep", "acl", "advcl") and verb.head is not verb and len(clause(verb).split()) < 2:
        verb = governor(verb)
    return f"{_NAMED} {clause(verb)}"


def doer_topic(verb: Any) -> str:
    """Who did what, in the active voice: "who tabled the motion" for "the motion was tabled by X" too."""
    done = [c for c in verb.children if c.dep_ == "nsubjpass"]
    return f"who {verb.text} {_phrase(done[0], 5)}" if done else f"who {_action(verb)}"


def role_verb(root: Any) -> Any:
    """The verb a name is the doer of, however the sentence is built: the agent of a passive ("tabled by X"), a
    relative clause on it ("X, who ordered the closure"), either through an apposition ("the engineer, X")."""
    for node in (root, root.head) if root.dep_ == "appos" else (root,):
        if node.dep_ == "nsubj" and node is not root:
            return node.head
        if node.dep_ == "pobj" and node.head.dep_ == "agent":
            return node.head.head
        for child in node.children:
            if child.dep_ == "relcl" and any(
                c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that") for c in child.children
            ):
                return child
    return None


def _action(verb: Any) -> str:
    """The verb and its object, without the subject ("claimed responsibility for the breach")."""
    objects = sorted(
        (c for c in verb.children if c.dep_ in ("dobj", "prep", "prt", "attr")), key=lambda c: c.dep_ != "dobj"
    )
    return " ".join([verb.text, *(_phrase(o, 5) for o in objects[:1])])


def _locative(ent: Any) -> bool:
    """A name that says where: the object of a locative preposition. The tagger often calls an unfamiliar town a
    person or a people ("talks in Varnholm"); after "in", "near", "off", "outside" or "across" it is a place."""
    root = ent.root
    if root.dep_ == "compound" and root.head.pos_ == "NOUN":  # "from the Skellan Point spaceport"
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":  # "the town of X"
        root = root.head.head
    head = root.head.text.lower()
    if root.dep_ != "pobj" or head not in _LOCATIVE:
        return False
    if ent.label_ in ("PERSON", "NORP"):
        return head in _WHERE_ONLY
    return ent.label_ in ("ORG", "PRODUCT", "WORK_OF_ART", *_PLACE_TYPES)


def _outcomes(sentence: Any) -> list[Slot]:
    """Result words with the way they go, flipped by a negation, and what they are the result of."""
    found: list[Slot] = []
    for token in sentence:
        sign = polarity(token.text) if token.pos_ in ("VERB", "ADJ") or token.text.lower() == "ahead" else 0
        if not sign:
            continue
        verb = token.head if token.text.lower() == "ahead" else token
        if any(child.dep_ == "neg" for child in verb.children):
            sign = -sign
        of = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] or [
            c for c in verb.children if c.dep_ == "nsubj"
        ]
        key = " ".join(sorted(content_words(" ".join(t.text for t in of[0].subtree)))) if of else ""
        names = frozenset({"+" if sign > 0 else "-"})
        about = f"outcome for {_phrase(of[0], 6)}" if of else f"outcome: {clause(verb)}"
        end = token.idx + len(token)
        found.append(Slot("outcome", token.text, token.idx, end, stem(verb.text), key, None, names, about=about))
    return found


def _facts(sentence: Any, offset: int) -> list[Slot]:
    """What someone was charged with, accused of or found to have breached (the offence's own words)."""
    found: list[Slot] = []
    for match in _CHARGE.finditer(sentence.text):
        written = _LABEL_END.sub("", match.group("label"))
        label = frozenset(w for w in content_words(written) if w not in _HEDGE_WORDS)
        if not label:
            continue
        start = offset + match.start("label")
        end = start + len(written)
        cue = match.group("cue").split()[0]
        about = f"what was {cue.lower()}" if cue.lower().endswith("ed") else f"{cue.lower()} for what"
        found.append(Slot("fact", written, start, end, stem(cue), "charge", None, label, about=about))
    return found
