"""The type of a canonical entity: a vote over its mentions, then a check against how the story uses it.

The statistical NER labels every mention on its own and often calls an unfamiliar multi-word name a person
(a town, a company). Within a story the evidence is better:

* the vote counts every mention tagged by NER (occurrences recovered by string match copy a label and do not
  vote); the full form counts more than a bare surname, a title counts for PERSON, and places (GPE, LOC, FAC)
  pool their votes against PERSON;
* a PERSON that is never written like a person (a title, ``X, who``, ``X, 52,``, ``X said``, a pronoun
  ``he``/``she`` in the same short stretch, a bare surname or first name) but is written like an
  organisation (``X, which``, ``the company X``, a name ending in ``Group``) becomes ORG;
* such a PERSON written like a place (``in X``, ``from X``, ``residents of X``, a name ending in
  ``Falls`` or ``River``) becomes a place: the place label its mentions gave, else GPE;
* an ORG that is never written like an organisation but is ``the town of X`` becomes GPE.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from storylens.stages.entities.merge import RawMention
from storylens.text.cues import SPEECH_FORMS
from storylens.text.names import key

PLACE_LABELS = ("GPE", "LOC", "FAC")
# Lowercase words after which a name is where something is or comes from.
_PLACE_PREPOSITIONS = frozenset(
    {
        "in",
        "from",
        "to",
        "near",
        "outside",
        "across",
        "around",
        "into",
        "towards",
        "toward",
        "through",
        "throughout",
        "inside",
        "within",
        "at",
        "left",
        "reached",
        "entered",
        "visited",
    }
)
# "<noun> of X" where X is a place ("residents of X", "the town of X").
_PLACE_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "province",
        "region",
        "county",
        "state",
        "district",
        "outskirts",
        "centre",
        "center",
        "residents",
        "inhabitants",
        "citizens",
        "people",
        "population",
        "streets",
        "suburbs",
        "capital",
        "borough",
        "municipality",
        "neighbourhood",
        "neighborhood",
        "valley",
        "north",
        "south",
        "east",
        "west",
        "mayor",
        "hamlet",
        "island",
        "port",
        "republic",
        "kingdom",
        "area",
    }
)
# Capitalised last words that make a name a place (general geography, never a surname in practice).
_PLACE_HEADS = frozenset(
    {
        "falls",
        "river",
        "lake",
        "valley",
        "mountains",
        "mountain",
        "mount",
        "creek",
        "bay",
        "harbour",
        "harbor",
        "island",
        "islands",
        "springs",
        "heights",
        "canyon",
        "gorge",
        "county",
        "province",
        "city",
        "village",
        "peninsula",
        "desert",
        "strait",
        "sea",
        "ocean",
        "coast",
        "beach",
        "reservoir",
        "dam",
        "glacier",
    }
)
# Lowercase nouns that name an organisation standing right before (or in apposition to) its name.
ORG_NOUNS = frozenset(
    {
        "company",
        "firm",
        "operator",
        "utility",
        "group",
        "ministry",
        "agency",
        "department",
        "council",
        "authority",
        "committee",
        "commission",
        "party",
        "union",
        "bank",
        "regulator",
        "watchdog",
        "charity",
        "organisation",
        "organization",
        "institute",
        "university",
        "hospital",
        "airline",
        "carrier",
        "broadcaster",
        "newspaper",
        "network",
        "insurer",
        "lender",
        "retailer",
        "manufacturer",
        "maker",
        "developer",
        "contractor",
        "supplier",
        "producer",
        "provider",
        "startup",
        "conglomerate",
        "court",
        "tribunal",
        "board",
        "club",
        "federation",
        "association",
        "alliance",
        "coalition",
        "foundation",
        "corporation",
        "subsidiary",
        "owner",
    }
)
# Capitalised last words of organisation names.
_ORG_HEADS = frozenset(
    {
        "company",
        "co",
        "corp",
        "corporation",
        "inc",
        "ltd",
        "llc",
        "plc",
        "group",
        "holdings",
        "bank",
        "airlines",
        "airways",
        "agency",
        "authority",
        "ministry",
        "department",
        "council",
        "committee",
        "commission",
        "party",
        "union",
        "institute",
        "university",
        "college",
        "hospital",
        "court",
        "tribunal",
        "board",
        "association",
        "federation",
        "foundation",
        "industries",
        "partners",
        "systems",
        "technologies",
        "motors",
        "police",
        "army",
        "navy",
        "services",
        "alliance",
    }
)
_PRONOUN_NEAR = re.compile(r"^[^.!?\n]{0,60}?\b(?:he|she|his|her|him)\b", re.IGNORECASE)
_WHO = re.compile(r"^\s*,?\s*(?:who|whose|whom)\b")
_AGE = re.compile(r"^\s*,\s*\d{1,3}\s*,")
_WHICH = re.compile(r"^\s*,?\s*which\b")
_NEXT_WORD = re.compile(r"^\s*([A-Za-z]+)")


def vote(mentions: Sequence[RawMention], name: str) -> str:
    """Return the label the mentions vote for: full forms count 2, other forms 1, a title 2 more for PERSON."""
    voters = [mention for mention in mentions if not mention.recovered] or list(mentions)
    votes: Counter[str] = Counter()
    for mention in voters:
        votes[mention.label] += 2 if key(mention.text) == key(name) else 1
        votes["PERSON"] += 2 if mention.titled else 0
    best = max(votes, key=lambda item: (votes[item], item == "PERSON", item))
    places = sum(votes[label] for label in PLACE_LABELS)
    if best == "PERSON" and places > votes["PERSON"]:
        return max(PLACE_LABELS, key=lambda item: (votes[item], item == "GPE"))
    return best


def _before(text: str, start: int) -> list[str]:
    """The two words before a mention, lowercase, punctuation dropped (nearest last)."""
    return re.findall(r"[\w’'-]+", text[max(0, start - 40) : start].lower())[-2:]


def _spoke(mention: RawMention, text: str) -> bool:
    """``X said`` or ``…,” said X``."""
    following = _NEXT_WORD.match(text[mention.end : mention.end + 20])
    if following and following.group(1).lower() in SPEECH_FORMS:
        return True
    before = _before(text, mention.start)
    return bool(before) and before[-1] in SPEECH_FORMS and not text[max(0, mention.start - 2) : mention.start].strip()


def _person_cues(mention: RawMention, text: str, forms: set[str], strict: bool) -> int:
    """Signs a mention names a person; ``strict`` leaves out speech, which organisations share."""
    after = text[mention.end : mention.end + 80]
    words = mention.text.split()
    if mention.titled or _WHO.match(after) or _AGE.match(after) or _PRONOUN_NEAR.match(after):
        return 1
    if len(words) > 1 and {key(words[0]), key(words[-1])} & forms:
        return 1  # the story also calls it by a bare surname or first name
    return int(not strict and _spoke(mention, text))


def _org_cues(mention: RawMention, text: str) -> int:
    """Signs a mention names an organisation: ``X, which``, a preceding ``the company``, an org head word."""
    before = _before(text, mention.start)
    head = key(mention.text.split()[-1]) in _ORG_HEADS and len(mention.text.split()) > 1
    noun_before = bool(before) and before[-1] in ORG_NOUNS and not mention.text[:1].islower()
    return int(bool(_WHICH.match(text[mention.end : mention.end + 12])) or head or noun_before)


def _place_cues(mention: RawMention, text: str) -> int:
    """Signs a mention names a place: a place preposition or ``<place noun> of`` right before it."""
    after = text[mention.end : mention.end + 3]
    if after.startswith(("’s", "'s")):  # "in X's view": the preposition governs the possessed noun
        return 0
    before = _before(text, mention.start)
    if before and before[-1] in _PLACE_PREPOSITIONS:
        return 1
    return int(len(before) == 2 and before[-1] == "of" and before[0] in _PLACE_NOUNS)


def _town_of(mention: RawMention, text: str) -> bool:
    before = _before(text, mention.start)
    return len(before) == 2 and before[-1] == "of" and before[0] in _PLACE_NOUNS


def settle(label: str, name: str, mentions: Sequence[RawMention], texts: Mapping[str, str]) -> str:
    """Return the entity's type once its uses in the story are weighed against its voted ``label``."""
    if label not in ("PERSON", "ORG"):
        return label
    words = name.split()
    forms = {key(mention.text) for mention in mentions if len(mention.text.split()) == 1} if len(words) > 1 else set()
    uses = [(mention, texts.get(mention.article_id, "")) for mention in mentions]
    organised = sum(_org_cues(mention, text) for mention, text in uses)
    if label == "ORG":
        towns = sum(_town_of(mention, text) for mention, text in uses)
        return "GPE" if towns and not organised else label
    personal = sum(_person_cues(mention, text, forms, strict=True) for mention, text in uses)
    if organised and not personal:
        return "ORG"
    spoken = sum(_person_cues(mention, text, forms, strict=False) for mention, text in uses)
    placed = sum(_place_cues(mention, text) for mention, text in uses)
    head = len(words) > 1 and key(words[-1]) in _PLACE_HEADS
    if not spoken and (placed >= 2 or (placed and head)):
        places = Counter(mention.label for mention in mentions if mention.label in PLACE_LABELS)
        return places.most_common(1)[0][0] if places else "GPE"
    return label
