"""Vocabularies for quotations and names, kept as data so rules stay general.

Nothing here names a person, outlet or story: only English function words, speech verbs and titles.
"""

from __future__ import annotations

# Verbs that introduce speech or writing, as base form → irregular past forms. Regular inflections are
# generated below because the pipeline runs spaCy without its lemmatizer.
_SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"),
    "add": (),
    "state": (),
    "declare": (),
    "note": (),
    "explain": (),
    "ask": (),
    "insist": (),
    "argue": (),
    "warn": (),
    "continue": (),
    "claim": (),
    "announce": (),
    "reply": (),
    "respond": (),
    "urge": (),
    "tweet": (),
    "post": (),
    "acknowledge": (),
    "admit": (),
    "concede": (),
    "remark": (),
    "comment": (),
    "predict": (),
    "suggest": (),
    "recall": (),
    "describe": (),
    "call": (),
    "bill": (),
    "dub": (),
    "term": (),
    "assert": (),
    "affirm": (),
    "confirm": (),
    "deny": (),
    "stress": (),
    "emphasize": (),
    "emphasise": (),
    "observe": (),
    "mention": (),
    "promise": (),
    "pledge": (),
    "vow": (),
    "tout": (),
    "boast": (),
    "complain": (),
    "lament": (),
    "joke": (),
    "quip": (),
    "shout": (),
    "yell": (),
    "chant": (),
    "scream": (),
    "cry": (),
    "whisper": (),
    "answer": (),
    "sing": ("sang", "sung"),
    "read": (),
    "echo": ("echoes",),
    "boom": (),
    "bark": (),
    "exclaim": (),
    "interrupt": (),
    "interject": (),
    "quote": (),
    "protest": (),
    "beam": (),
    "muse": (),
    "scoff": (),
    "snap": (),
    "gush": (),
    "fume": (),
    "rant": (),
    "opine": (),
    "assure": (),
    "inform": (),
    "recite": (),
    "wonder": (),
    "express": (),
    "report": (),
    "conclude": (),
    "contend": (),
    "maintain": (),
    "counter": (),
    "retort": (),
    "charge": (),
    "accuse": (),
    "criticize": (),
    "criticise": (),
    "praise": (),
    "hail": (),
    "proclaim": (),
    "testify": (),
    "reiterate": (),
    "underscore": (),
    "caution": (),
    "plead": (),
    "demand": (),
    "recount": (),
    "summarize": (),
}


def _inflect(base: str) -> set[str]:
    """Return the regular inflections of a verb (base, -s, -ed, -ing)."""
    if base.endswith("e"):
        return {base, base + "s", base + "d", base[:-1] + "ing"}
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    vowel = "aeiou"
    single_syllable = len(base) <= 4 and base[-1] not in vowel + "wxy" and base[-2] in vowel and base[-3] not in vowel
    doubled = base + base[-1] if single_syllable else base  # snap → snapped, quip → quipped
    return {base, base + "s", doubled + "ed", doubled + "ing", base + "ed"}


def _speech_forms() -> frozenset[str]:
    forms: set[str] = set()
    for base, irregular in _SPEECH_VERBS.items():
        forms |= _inflect(base)
        forms |= set(irregular)
    return frozenset(forms)


SPEECH_FORMS: frozenset[str] = _speech_forms()

# Cues strong enough to attribute speech even when spaCy tags them as a noun or adjective.
STRONG_FORMS: frozenset[str] = frozenset(
    {"said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes", "asked", "stated", "declared"}
)

# "according to X": X is the source; when another cue names a speaker, X is the outlet (``via``).
ACCORDING_TO = ("according", "to")

PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS: frozenset[str] = frozenset({"it", "they", "we", "i", "you"})
ALL_PRONOUNS: frozenset[str] = PERSON_PRONOUNS | GROUP_PRONOUNS
FIRST_PERSON: frozenset[str] = frozenset({"i", "we", "you"})

# Titles and roles stripped from the front of names ("President X", "Foreign Minister Y").
TITLES: frozenset[str] = frozenset(
    {
        "president",
        "vice",
        "prime",
        "minister",
        "foreign",
        "secretary",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sen",
        "sen.",
        "senator",
        "rep",
        "rep.",
        "representative",
        "gov",
        "gov.",
        "governor",
        "mayor",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "professor",
        "gen",
        "gen.",
        "general",
        "col",
        "col.",
        "colonel",
        "lt",
        "lt.",
        "capt",
        "capt.",
        "captain",
        "sir",
        "dame",
        "lord",
        "lady",
        "judge",
        "justice",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "leader",
        "premier",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "commissioner",
        "speaker",
        "deputy",
        "former",
        "acting",
        "interim",
        "state",
        "supreme",
        "attorney",
        "sheriff",
        "officer",
        "sgt",
        "sgt.",
        "sergeant",
        "rev",
        "rev.",
        "reverend",
        "father",
        "sister",
        "brother",
        "saint",
        "st",
        "st.",
        "ceo",
        "emperor",
        "sheikh",
        "ayatollah",
        "then",
        "then-president",
        "president-elect",
        "defense",
        "defence",
        "interior",
        "finance",
        "top",
        "candidate",
        "nominee",
        "congressman",
        "congresswoman",
        "councilman",
        "councilwoman",
        "assemblyman",
        "assemblywoman",
    }
)

# Words that start lowercase inside a name but are not titles ("the", articles) and are dropped.
DETERMINERS: frozenset[str] = frozenset({"the", "a", "an"})

# Function words skipped when matching an acronym to its expansion (ICC ↔ International Criminal Court).
ACRONYM_STOPWORDS: frozenset[str] = frozenset({"of", "the", "and", "for", "on", "in", "to", "&", "at", "de"})

# Entity labels that can denote a speaker who is not a person ("the Kremlin said").
ORG_LABELS: frozenset[str] = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})

# Name particles kept lowercase inside surnames ("Ursula von der Leyen").
PARTICLES: frozenset[str] = frozenset({"von", "van", "der", "de", "da", "di", "del", "la", "le", "bin", "al", "el"})

# Words ending in a dot that do not end a sentence ("Rep. Jane Roe", "Sen. X"); initials are handled apart.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "maj",
        "adm",
        "cmdr",
        "jr",
        "sr",
        "st",
        "rev",
        "prof",
        "inc",
        "corp",
        "co",
        "ltd",
        "vs",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "ave",
        "blvd",
        "dept",
        "est",
        "fig",
        "approx",
        "pres",
        "etc",
        "jun",
        "jul",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "d.c",
    }
)

# English future and prospective constructions: modal and "going to" futures, arrangements ("set for",
# "scheduled to", "due") and "next"/"coming"/"until". Not "would", a future only in reported speech: a parse tells
# it from a condition or a past that did not happen (claims' `_reported_future`). Arrangements end in -ed yet look
# forward; so may a passive ("will be named"). A day something "is" (on) is still to come. Closed-class words and
# arrangement verbs only, never a topic word. One pattern serves the tagger (which way a bare weekday points), the
# claims (a weekday stated as still to come) and the summary (a sentence a later event may have made stale).
FUTURE_CUES = (
    r"\b(?:will|shall|'ll|won['’]t|going\s+to|set\s+(?:to|for)|(?:is|are|be|been)\s+(?:scheduled|slated|planned)"
    r"|(?:scheduled|slated|planned|poised)\s+(?:for|to)|expected|plans?\s+to|planning"
    r"|due|is\s+to|are\s+to|to\s+be\s+held|upcoming|until|till|next(?!\s+to\b)|coming|as\s+(?:soon|early)\s+as"
    r"|(?:has|have)\s+scheduled|effective|payable"
    r"|(?:is|are)(?=\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b))\b"
)
