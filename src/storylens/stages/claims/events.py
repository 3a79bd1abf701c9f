"""Event statements: what a sentence says happened, with its participants, place, time, numbers and labels.

A trigger word (general news vocabulary: a call, a meeting, a visit, a charge, deaths...) names the event type.
Times attach to a trigger through the dependency parse (the time's nearest governing trigger, or the triggers
that are arguments of the time's governing verb); a time that is the sentence's only one is kept as a weaker
"sentence time". Labels are what a charge or accusation names ("war crimes"); numbers are counted nouns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Word form -> event type. General vocabulary of reported events, inflections spelled out (no lemmatizer).
EVENT_WORDS: dict[str, str] = {
    **dict.fromkeys(("phone", "telephone", "phoned", "call", "videoconference"), "call"),
    **dict.fromkeys(("meet", "meets", "met", "meeting", "meetings", "talks", "summit", "negotiations"), "meeting"),
    **dict.fromkeys(("dinner", "banquet", "lunch", "luncheon", "breakfast"), "meal"),
    **dict.fromkeys(("visit", "visits", "visited", "visiting", "trip", "arrive", "arrived", "arrives",
                     "arrival", "landed", "touched"), "visit"),
    **dict.fromkeys(("warrant", "charged", "charges", "charge", "accused", "accuses", "indicted",
                     "indictment", "convicted", "sentenced", "arrested", "arrest"), "legal"),
    **dict.fromkeys(("announced", "announces", "announcement", "unveiled"), "announcement"),
    **dict.fromkeys(("killed", "died", "dead", "deaths", "injured", "wounded", "missing", "casualties"), "toll"),
    **dict.fromkeys(("evacuated", "evacuation", "evacuate", "displaced", "rescued"), "evacuation"),
    **dict.fromkeys(("attack", "attacked", "strike", "struck", "bombing", "explosion", "blast", "raid"), "attack"),
    **dict.fromkeys(("vote", "voted", "votes", "election", "elected", "referendum", "ballot"), "vote"),
    **dict.fromkeys(("signed", "signing", "agreement", "treaty", "accord"), "agreement"),
    **dict.fromkeys(("resigned", "resignation", "resigns", "fired", "dismissed", "sacked"), "resignation"),
    **dict.fromkeys(("opened", "opening", "reopened", "reopening", "reopen", "launched", "launch", "inaugurated",
                     "inauguration"), "opening"),
    **dict.fromkeys(("closed", "closure", "shut", "collapsed", "collapse", "failed", "failure"), "closure"),
    **dict.fromkeys(("hearing", "trial", "verdict", "ruling", "ruled"), "hearing"),
    **dict.fromkeys(("fire", "flood", "flooding", "earthquake", "storm", "eruption", "outbreak", "leak",
                     "spill", "crash", "derailment", "derailed", "breach"), "incident"),
}  # fmt: skip
# A find ("inspectors found cracks") is dated by when it was found; the thing found tells one find from another.
# Verbs only: "announced the discovery of a comet" is an announcement.
DISCOVERY_WORDS = frozenset({"found", "discovered", "spotted", "detected", "uncovered"})
# Complements that make "found" a judgement, not a find: "found him guilty", "found that", "found it hard".
_JUDGEMENT_DEPS = frozenset({"oprd", "acomp", "ccomp", "xcomp"})
# "ordered 4,200 residents to leave", "were told to leave": a leaving verb under a verb of ordering.
LEAVING_VERBS = frozenset({"leave", "flee", "evacuate", "vacate"})
ORDER_VERBS = frozenset(
    {
        "ordered", "orders", "order", "told", "tells", "tell", "forced", "force", "urged", "urges", "urge",
        "asked", "instructed", "advised", "directed", "commanded", "compelled",
    }
)  # fmt: skip
# Words that only name an event in company (a verb "call" is a demand, not a phone call).
NOUN_ONLY = frozenset({"call", "strike", "charge", "charges", "fire", "trip", "vote", "raid", "launch"})
LABEL_CUES = re.compile(
    r"\b(?:charged|charges?|charging|accused|accusing|accuses|indicted|convicted|suspected|suspicion|guilty|"
    r"warrant|prosecuted|sentenced|arrested)\b",
    re.IGNORECASE,
)
LABEL_PHRASE = re.compile(r"\b(?:with|of|for|on)\s+(?=(?P<label>[^.;,:\"“”()]+))", re.IGNORECASE)
PRONOUNS = frozenset({"him", "her", "them", "it", "he", "she", "they", "us", "me", "you", "his", "their", "its"})
LABEL_STOP = re.compile(
    r"\s+(?:in|over|during|at|after|before|since|on|and\s+(?:issued|said|was|has|had)|"
    r"in\s+connection|related|linked|that|which|who|while|as|by|from|to)\b.*$",
    re.IGNORECASE,
)
LABEL_HEDGES = re.compile(r"^(?:alleged|allegedly|suspected|possible|potential|so-called|the|a|an|his|her|their)\s+")
PARTICIPANT_TYPES = frozenset({"PERSON", "ORG"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
NUMBER_TYPES = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
APPROXIMATORS = frozenset(
    {
        "about",
        "around",
        "nearly",
        "almost",
        "over",
        "more",
        "than",
        "some",
        "roughly",
        "approximately",
        "up",
        "to",
        "least",
        "at",
        "estimated",
        "under",
        "fewer",
        "less",
    }
)


@dataclass(frozen=True, slots=True)
class SentenceTime:
    """A time expression inside a sentence: its text, value, plausible readings and token index."""

    text: str
    value: str
    readings: tuple[str, ...]
    token: int
    end: int = 0


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted thing: ``12 people``; ``approximate`` when hedged ("about 12")."""

    value: float
    text: str
    unit: str
    approximate: bool
    token: int = -1  # the counted noun's token (or the number's own root)
    bound: str = ""  # "min" for "at least 12", "max" for "up to 12"


@dataclass(frozen=True, slots=True)
class EventStatement:
    """One sentence's statement about one event type."""

    article_id: str
    start: int
    end: int
    text: str
    kind: str
    trigger: str
    agents: frozenset[str]
    participants: frozenset[str]
    places: frozenset[str]
    times: tuple[SentenceTime, ...] = ()
    weak_times: tuple[SentenceTime, ...] = ()
    labels: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    words: frozenset[str] = field(default_factory=frozenset)
    themes: frozenset[str] = field(default_factory=frozenset)  # what a find is of ("crack")


def _ordered_to_leave(token: Any) -> bool:
    """ "ordered 4,200 residents to leave", "told everyone to get out", "2,400 residents were ordered out"."""
    word = token.text.lower()
    out = any(child.dep_ == "prt" and child.text.lower() == "out" for child in token.children)
    if word in ORDER_VERBS and out:
        return True
    leaving = word in LEAVING_VERBS or out
    return leaving and token.dep_ == "xcomp" and token.head.text.lower() in ORDER_VERBS


def _is_find(token: Any) -> bool:
    """Tell whether a discovery word reports a find of something (not a verdict or a finding that ...)."""
    if token.pos_ != "VERB":
        return False
    if any(child.dep_ in _JUDGEMENT_DEPS for child in token.children):
        return False
    return token.dep_ == "relcl" or any(child.dep_ in ("dobj", "nsubjpass") for child in token.children)


def trigger_kind(token: Any) -> str | None:
    """Return the event type a token names, or None."""
    word = token.text.lower()
    if _ordered_to_leave(token):
        return "evacuation"
    if word in DISCOVERY_WORDS:
        return "discovery" if _is_find(token) else None
    kind = EVENT_WORDS.get(word)
    if kind is None or token.pos_ not in ("NOUN", "VERB", "PROPN"):
        return None
    if word in NOUN_ONLY and token.pos_ == "VERB":
        return None
    if token.i > 0 and token.doc[token.i - 1].text == "-":
        return None  # part of a hyphenated word ("cease-fire")
    if word == "touched" and not any(child.text.lower() == "down" for child in token.children):
        return None
    return kind


def subsumed(token: Any) -> bool:
    """Tell whether a general event verb only introduces a more specific event ("met for dinner")."""
    kind = trigger_kind(token)
    if token.pos_ != "VERB":
        return False
    objects = [grand for child in token.children if child.dep_ == "prep" for grand in child.children]
    return any(trigger_kind(item) not in (None, kind) for item in objects if item.dep_ == "pobj")


def governing_verb(token: Any) -> Any:
    """Return the nearest verb at or above ``token`` (the sentence root when there is none)."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


_RELATIVE_PREPOSITIONS = frozenset({"after", "before", "ahead", "following", "since", "until", "till", "prior"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "npadvmod", "xcomp", "oprd", "dative"})


def arguments(verb: Any) -> Iterable[Any]:
    """Yield a verb's own arguments (subject, objects, objects of its prepositions) and their compounds.

    Other clauses hanging on the verb (``advcl``, ``ccomp``, ``conj``) are left out: a date of the main clause
    does not date an event in a subordinate one ("welcomed him on Monday, days after the court charged him").
    """
    for child in verb.children:
        if child.dep_ in ("prep", "agent"):
            # "talks on Tuesday after a dinner": an event placed before or after the verb's is not at its time.
            relative = child.text.lower() in _RELATIVE_PREPOSITIONS
            members = [] if relative else [grand for grand in child.children if grand.dep_ == "pobj"]
        elif child.dep_ in _ARGUMENTS:
            members = [child]
        else:
            continue
        for member in members:
            yield member
            yield from (grand for grand in member.children if grand.dep_ == "compound")


def attached_triggers(time_token: Any, triggers: Sequence[Any]) -> list[Any]:
    """Return the triggers a time expression modifies according to the parse.

    The walk climbs only through the time's own phrase (compounds, its preposition): "talks on Tuesday" and
    "met on Tuesday" attach, but "a trip to Moscow on Friday" does not reach "trip" through "Moscow".
    """
    trigger_ids = {token.i for token in triggers}
    current = time_token
    while current.dep_ in ("compound", "pobj", "prep", "amod", "nummod", "det") and current.head.i != current.i:
        if current.dep_ == "prep" and current.head.pos_ not in ("VERB", "AUX") and current.head.i not in trigger_ids:
            # "a call with Kuleba on Thursday": the date hangs on the nearest noun but dates the clause.
            verb = governing_verb(current.head)  # "found the damage on Friday" dates the finding too
            return [token for token in (verb, *arguments(verb)) if token.i in trigger_ids]
        current = current.head
    lifted = current.dep_ == "ROOT" or current.i in trigger_ids or current.pos_ in ("VERB", "AUX")
    head = current if lifted and current.i != time_token.i else current.head
    if head.i in trigger_ids:
        return [head]
    if head.pos_ in ("VERB", "AUX"):
        return [token for token in arguments(head) if token.i in trigger_ids]
    return []


def _controllers(trigger: Any) -> list[Any]:
    """Who a complement verb is about: "ordered 4,200 residents to leave", "4,200 people were told to leave"."""
    if trigger.dep_ != "xcomp":
        return []
    return [child for child in trigger.head.children if child.dep_ in ("dobj", "nsubjpass", "dative")]


def counts_for(quantity: Quantity, triggers: Sequence[Any]) -> bool:
    """Tell whether a count is about the event: "12 people were killed", "killed 12", "12 deaths"."""
    if not triggers:
        return False
    doc = triggers[0].doc
    token = doc[quantity.token]
    ids = {trigger.i for trigger in triggers}
    if token.i in ids or token.head.i in ids:
        return True
    return any(
        token.i == argument.i for trigger in triggers for argument in (*arguments(trigger), *_controllers(trigger))
    )


def themes(trigger: Any) -> frozenset[str]:
    """What a find is of, singular and lower-cased: "found cracks", "cracks were found", "cracks that they found"."""
    if trigger.dep_ == "relcl" and trigger.head.pos_ in ("NOUN", "PROPN"):
        nouns = [trigger.head]
    else:
        nouns = [child for child in trigger.children if child.dep_ in ("dobj", "nsubjpass")]
    words = {noun.text.lower() for noun in nouns if noun.pos_ in ("NOUN", "PROPN")}
    return frozenset(word[:-1] if word.endswith("s") and not word.endswith("ss") else word for word in words)


def clean_label(raw: str) -> str:
    """Return the charge or accusation a phrase names, without hedges or trailing context."""
    label = LABEL_STOP.sub("", raw.strip()).strip().lower()
    previous = None
    while previous != label:
        previous, label = label, LABEL_HEDGES.sub("", label)
    return re.sub(r"\s+", " ", label)


def find_labels(text: str) -> tuple[str, ...]:
    """Return the charges or accusations a sentence names ("charged with X", "a warrant for X")."""
    labels = []
    for cue in LABEL_CUES.finditer(text):
        window = text[cue.end() : cue.end() + 90].split(".")[0]
        for match in LABEL_PHRASE.finditer(window):
            phrase = re.sub(r"^(?:suspicion|charges?|counts?|accusations?)\s+of\s+", "", match.group("label"))
            raw = re.split(r"\s+(?:with|of|for|on)\s+", phrase)[0]
            label = clean_label(raw)
            # A name or pronoun ("a warrant for Putin", "for him") is the accused, not the charge.
            if raw.strip()[:1].isupper() or not label or label.split()[0] in PRONOUNS:
                continue
            if len(label.split()) <= 6:
                labels.append(label)
            break
    return tuple(dict.fromkeys(labels))


def find_quantities(sentence: Any) -> tuple[Quantity, ...]:
    """Return counted nouns in a sentence: the number, its unit noun and whether it is hedged."""
    found = []
    for ent in sentence.ents:
        if ent.label_ not in NUMBER_TYPES:
            continue
        value = _number(ent.text)
        if value is None:
            continue
        head = ent.root.head if ent.root.dep_ in ("nummod", "quantmod") else ent.root
        unit = head.text.lower() if head.i != ent.root.i else _unit_after(ent)
        approximate = any(token.text.lower() in APPROXIMATORS for token in ent) or (
            ent.start > 0 and sentence.doc[ent.start - 1].text.lower() in APPROXIMATORS
        )
        found.append(Quantity(value, ent.text, unit, approximate, head.i, _bound(ent)))
    return tuple(found)


def _bound(ent: Any) -> str:
    """Return "min" or "max" when a count is a bound ("at least 12", "more than 12", "up to 12")."""
    doc = ent.doc
    before = " ".join(token.text.lower() for token in doc[max(ent.start - 2, 0) : ent.start])
    words = f"{before} {ent.text.lower()}"
    if re.search(r"\b(?:at least|more than|over|upwards of|no fewer than)\b", words):
        return "min"
    if re.search(r"\b(?:up to|fewer than|less than|under|at most|no more than)\b", words):
        return "max"
    return ""


def _unit_after(ent: Any) -> str:
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].pos_ in ("NOUN", "PROPN"):
        return str(doc[ent.end].text.lower())
    if ent.root.dep_ == "nsubj" or ent.root.head.pos_ == "VERB":
        return str(ent.root.head.text.lower())
    return ""


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "hundred": 1e2, "dozen": 12}
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50}  # fmt: skip


def _number(text: str) -> float | None:
    """Return the value of a numeral phrase ("20,000", "1.5 million", "twelve"), or None."""
    words = text.lower().replace(",", "").replace("$", "").replace("%", " ").split()
    value: float | None = None
    for word in words:
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            value = float(word)
        elif word in _SMALL:
            value = float(_SMALL[word])
        elif word in _SCALES and value is not None:
            value *= _SCALES[word]
        elif word in _SCALES:
            value = _SCALES[word]
    return value
