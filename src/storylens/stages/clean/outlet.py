"""Find the outlet that published an article (taking a dateline off a sentence is ``text.support.strip_dateline``).

The outlet comes from the most direct evidence there is, in this order: what the input itself says (a JSONL
``source`` field, ``--source``, the page's ``og:site_name`` or JSON-LD publisher), the page's domain, and last
the dateline's credit ("DUNMERE, Lowmark (Metro Wire) — ..."). The dateline comes after the domain because a
site that reprints wire copy keeps the agency's dateline: the agency wrote it, the site published it.
"""

from __future__ import annotations

import re

from storylens.stages.clean.metadata import domain_of

#: A dateline: an upper-case place (optionally followed by a region or a date) and the outlet credited in
#: brackets, then a dash: "DUNMERE, Lowmark (Metro Wire) — ", "BRANNOCK, Aug 4 (Meridian Wire) - ",
#: "(Metro Wire) — ". The credit is at most five capitalised words.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}?(?:,[^()\n.!?—–]{1,40}?)?\s*)?"
    r"\((?P<outlet>[A-Z][\w&.'’-]*(?: [A-Z&][\w&.'’-]*){0,4})\)\s*[—–-]{1,2}\s+"
)
#: Credits that name a photo or a kind of copy, not an outlet.
_NOT_OUTLETS = frozenset({"file", "photo", "update", "updated", "video", "live", "analysis", "opinion"})
#: How many opening paragraphs may carry the dateline (a title or standfirst may precede it).
_DATELINE_PARAGRAPHS = 3


def dateline_of(paragraph: str) -> re.Match[str] | None:
    """The dateline opening ``paragraph`` ("DUNMERE, Lowmark (Metro Wire) — "), or None."""
    match = DATELINE.match(paragraph)
    if match is None or match.group("outlet").casefold() in _NOT_OUTLETS:
        return None
    return match


def dateline_outlet(text: str) -> str | None:
    """The outlet credited in the dateline of one of the opening paragraphs of ``text``, or None."""
    for paragraph in text.split("\n\n")[:_DATELINE_PARAGRAPHS]:
        match = dateline_of(paragraph.strip())
        if match is not None:
            return " ".join(match.group("outlet").split())
    return None


def find_outlet(text: str, named: str | None = None, url: str | None = None) -> str | None:
    """The outlet of an article: the name the input gave, else its domain, else its dateline's credit."""
    if named and named.strip():
        return " ".join(named.split())
    return domain_of(url) or dateline_outlet(text)
