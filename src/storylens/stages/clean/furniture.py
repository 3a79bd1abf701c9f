"""Vocabulary of page furniture, as data: the words web pages put around an article, not in it.

Every pattern here describes a *kind* of furniture (comment prompts, share counters, navigation menus, credits)
that recurs across sites; none names a particular site, person or article. Patterns are matched against one
whole line after whitespace normalisation, case-insensitively, and only lines shorter than ``MAX_FURNITURE_CHARS``
are ever tested, so a real sentence that happens to contain one of these words is never touched.
"""

from __future__ import annotations

import re

#: Lines longer than this are prose, never furniture (the longest prompt seen in the wild is ~110 characters).
MAX_FURNITURE_CHARS = 160

_FLAGS = re.IGNORECASE

#: Prompts asking the reader to comment, log in or register.
COMMENT_PROMPTS = re.compile(
    r"^(?:"
    r"please (?:enter|type|add|write) your (?:comment|name|e-?mail|message)[^.]*"
    r"|(?:scroll down to |click here to |be the first to |sign in to |log ?in to |register to )?"
    r"(?:leave|post|add|write|view|read|show|see|load|hide) (?:a |your |the |all |more |\d+ )?"
    r"(?:comments?|reply|replies|responses?)\b.*"
    r"|(?:\d+ )?comments?(?: \(\d+\))?|no comments?(?: yet)?|comments? (?:are|is) closed"
    r"|join the (?:conversation|discussion|debate)\b.*"
    r"|share your (?:thoughts|views|opinion)\b.*|tell us what you think\b.*|what do you think\?"
    r"|you must be logged in\b.*|your e-?mail address will not be published\b.*"
    r"|save my name, e-?mail\b.*|notify me of (?:new|follow-up)\b.*|cancel reply|submit comment"
    r")[.!:]?$",
    _FLAGS,
)

#: One share/view/like counter such as ``164 Shares`` or ``2.5K views``; a line made only of these (and a
#: date) is page metadata. Counters may be glued to each other and to a date ("2023164 Shares2565 Views"),
#: hence no word boundaries, only "not followed by a letter".
COUNTER = re.compile(
    r"\d[\d,.]*\s*[KkMm]?\s*(?:shares?|views?|comments?|likes?|reads?|reactions?|retweets?|tweets?|pins?)(?![a-z])",
    _FLAGS,
)

#: Navigation menus and section kickers: "Jump to", "Latest Articles", "Popular Posts", "Read more" ...
NAVIGATION = re.compile(
    r"^(?:"
    r"jump to(?: (?:content|navigation|main content|section|comments))?|skip to(?: \w+){0,2}"
    r"|(?:latest|popular|trending|top|most (?:read|popular|viewed|shared|commented))"
    r"(?: (?:in|now|today|articles?|news|stories|posts?|videos?|updates|headlines))?"
    r"|(?:read|see|view|watch) (?:more|next|also|all|full story)(?: (?:articles?|stories|news|here))?"
    r"|related(?: (?:articles?|stories|posts?|content|news|topics|coverage|links|videos?))?"
    r"|recommended(?: (?:for you|articles?|stories|reading|videos?))?|more (?:from|on|stories|news|in)\b.{0,40}"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|editor'?s picks?|don'?t miss|also read"
    r"|advertisement|advertising|sponsored(?: content)?|ad|story continues below(?: advertisement)?"
    r"|(?:share(?: this(?: article| story| page)?| on| via)?|follow us(?: on)?)"
    r"(?:\W+(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|reddit|pinterest|telegram|flipboard|copy link|link))*"
    r"|subscribe(?: now| today)?|sign up(?: now)?|newsletter|get our newsletter|print|e-?mail|tweet"
    r"|tags?|topics?|filed under|categories|category|home|menu|search|close|back to top|next article"
    r"|previous article|loading\W*|click to (?:enlarge|expand|play)|listen to (?:this )?article"
    r"|(?:back to |view |open )?(?:photo )?gallery|caption|image|photo|video|expand|enlarge|text size|by"
    r"|(?:order )?reprints?|print (?:this )?article|(?:image|photo|slide|picture)?\s*\d+\s*(?:of|/)\s*\d+"
    r")[.:!»›>\s]*$",
    _FLAGS,
)

#: Image credits and source tags: "Name | example.org", "Photo: Agency", "(Getty Images)", "© Someone".
CREDIT = re.compile(
    r"^(?:"
    r"[^|]{1,80}\|\s*(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+/?"
    r"|(?:photo|image|picture|video|illustration|graphic|credit|source|foto|file photo)s?"
    r"(?: credit)?\s*[:/]\s*.{1,80}"
    r"|\(?(?:photo|image|picture)s? (?:by|courtesy(?: of)?)\b.{1,80}"
    r"|©.{1,80}|\(c\) .{1,80}|copyright\b.{0,100}|all rights reserved\.?"
    r"|.{0,60}\b(?:getty images|afp|reuters|ap photo|shutterstock|istock|epa-efe)\b[^.!?]{0,40}"
    r")$",
    _FLAGS,
)

#: A byline in the page header: "By Jane Doe", "By Jane Doe and John Roe, Reporter".
BYLINE = re.compile(r"^(?:by|written by|words by|reporting by|posted by)\s+[A-Z][^.!?]{0,80}$")

#: Lines reporting when a page was published or updated, e.g. "Published: 3 March 2024, 10:12".
DATE_LABEL = re.compile(
    r"\b(?:published|updated|posted|last (?:updated|modified)|first published|date)\b\s*(?:on|at)?\s*:?",
    _FLAGS,
)

#: Words a page prints around a reading time: "5 min read", "Reading time: 3 minutes".
READING_TIME = re.compile(r"\b\d+\s*(?:-\s*)?(?:min(?:ute)?s?)\.?\s*(?:read|reading)\b|\breading time\b", _FLAGS)

#: A promotion for another page: "READ MORE: headline", "Headline [VIDEO]", newsletter sign-up pitches.
PROMOTION = re.compile(
    r"^(?:"
    r"(?:see|read|watch|listen|click|learn) (?:more|also|next|here)\s*:.{0,150}"
    r"|(?:read|more|related|recommended|trending|also read|watch|listen|latest|don'?t miss)\s*:.{0,150}"
    r"|.{0,150}\[(?:video|pictures|pics|photos|insight|reveal|reaction|poll|live|mapped|analysis|latest|watch)\]\W*"
    r"|.{0,120}\b(?:sign up|subscribe|signup)\b.{0,80}\b(?:newsletter|inbox|updates|alerts)\b.{0,80}"
    r"|.{0,120}\b(?:newsletter|inbox)\b.{0,80}\b(?:sign up|subscribe|signup)\b.{0,80}"
    r")$",
    _FLAGS,
)
