"""What the sources call a person: the role written beside their name ("Mayor Ines Corradi", "Elena Varga, the
governor of Lowmark").

Read from the stored mentions and the article text, so search and the story page can say who someone is without
another analysis pass. Two places are read, the two ways news copy attaches a role to a name: title words right
before the name (the kernel's ``TITLES``, the list entities strip from names) and an apposition right after it (a
comma, an article and at most four lowercase words ending at a preposition, a comma or a full stop; without the
article, only when it holds a title word).
"""

from __future__ import annotations

import re
from collections import Counter

from storylens.model import Mention, StorySlice
from storylens.text.cues import TITLES

# Forms of address say nothing of what someone does; abbreviations are read as the word they stand for.
_ADDRESS = frozenset({"mr", "mrs", "ms", "miss", "mx", "sir", "dame", "lord", "lady", "dr", "st", "saint"})
_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "col": "colonel",
    "lt": "lieutenant",
    "capt": "captain",
    "sgt": "sergeant",
    "rev": "reverend",
    "prof": "professor",
}
# Words that may open a title but never end one ("former", "acting": former what?).
_OPENERS = frozenset({"former", "acting", "interim", "deputy", "vice", "state", "supreme", "foreign", "prime"})
_BEFORE = re.compile(r"((?:[A-Za-z][\w.-]*\s+){1,4})$")
_APPOSITION = re.compile(
    r"\s*,\s+(?:(?:the|a|an)\s+)?(?P<role>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3}?)"
    r"(?=\s+(?:of|for|at|in|with|from|on)\b|\s*[,.;])"
)
_DETERMINED = re.compile(r"\s*,\s+(?:the|a|an)\s+")
# Words that show the phrase after the comma is a clause or a list, not a role.
_NOT_ROLES = frozenset(
    {"who", "which", "whose", "that", "said", "says", "told", "however", "too", "also", "he", "she", "it", "they"}
    | {"the", "a", "an", "and", "or", "but", "then", "when", "after", "before", "as", "while", "who's"}
)


def title_before(text: str, start: int) -> str | None:
    """The title words written right before ``start`` ("Foreign Minister", "governor"), lowercased, if any."""
    found = _BEFORE.search(text[max(0, start - 80) : start])
    if not found:
        return None
    words: list[str] = []
    for word in reversed(found.group(1).split()):
        lower = word.lower().rstrip(".")
        # A full stop ends a sentence unless the word is a listed abbreviation ("Gov."): "the Director. Elena …".
        if (lower not in TITLES and f"{lower}." not in TITLES) or (word.endswith(".") and f"{lower}." not in TITLES):
            break
        words.insert(0, _ABBREVIATIONS.get(lower, lower))
    while words and words[0] in _ADDRESS:
        words.pop(0)
    if not words or words[-1] in _OPENERS | _ADDRESS:
        return None
    return " ".join(words)


def apposition_after(text: str, end: int) -> str | None:
    """The role in an apposition right after ``end`` (", the governor of …" → ``governor``), if there is one."""
    window = text[end : end + 120]
    found = _APPOSITION.match(window)
    if not found:
        return None
    role = found.group("role")
    # Without an article only a phrase holding a title word is a role ("X, governor of Y", "X, chief executive of
    # Y"); "X, one of …", "X, sitting …" are not.
    if not _DETERMINED.match(window) and not set(role.split()) & TITLES:
        return None
    if set(role.split()) & _NOT_ROLES:
        return None
    return role


def mention_role(text: str, mention: Mention) -> str | None:
    """The role the text gives the person at ``mention``: a title before the name, else an apposition after it."""
    return title_before(text, mention.start) or apposition_after(text, mention.end)


def story_roles(story_slice: StorySlice, limit: int = 2) -> dict[str, list[str]]:
    """The roles a story's articles give each person, most often given first (at most ``limit`` each)."""
    texts = {article.id: article.text for article in story_slice.articles}
    people = {entity.id for entity in story_slice.entities if entity.type == "PERSON"}
    counted: dict[str, Counter[str]] = {}
    for mention in story_slice.mentions:
        text = texts.get(mention.article_id)
        if mention.entity_id in people and text is not None:
            role = mention_role(text, mention)
            if role:
                counted.setdefault(mention.entity_id, Counter())[role] += 1
    return {entity_id: [role for role, _ in roles.most_common(limit)] for entity_id, roles in counted.items()}


def entity_roles(story_slice: StorySlice, entity_id: str, limit: int = 2) -> list[str]:
    """The roles a story's articles give one person, most often given first (at most ``limit``)."""
    return story_roles(story_slice, limit).get(entity_id, [])
