"""Turn a raw document into a clean article: HTML extraction, page-furniture removal, glued words, metadata.

Plain text is cleaned line by line (a scraped page puts each paragraph, caption and menu item on its own line):

1. furniture lines are dropped by vocabulary (comment prompts, navigation, credits: ``_furniture.py``) and by
   shape (a line that is only a date and share/view counters is page metadata; its date becomes ``published``);
2. repetition: two identical consecutive lines are a caption printed twice (both go when caption-shaped), and a
   paragraph that reappears, even in other capitalisation, keeps one copy (the better-capitalised one);
3. position: before the first prose paragraph only the title survives (kickers, captions and bylines live
   there); after the last one, short non-sentence lines are menus;
4. words glued where links were are repaired (doubled words, dictionary splitting with ``wordfreq``).

The title: the container's title when it has one, else the first headline-shaped line. That line is taken out
of the body (it is the title, not body text) and is not listed in ``removed``; everything else taken out is.
Paragraphs are joined with a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import xxhash

from storylens.model import Article, RawDocument, Rejection
from storylens.stages.clean import furniture
from storylens.stages.clean.extract import ExtractOptions, extract_page
from storylens.stages.clean.metadata import TIME_OF_DAY, find_text_date
from storylens.stages.clean.outlet import find_outlet
from storylens.stages.clean.repair import (
    NO_NAMES,
    TextNames,
    ends_sentence,
    is_headline,
    is_prose,
    line_key,
    looks_english,
    normalize_text,
    repair_glue,
    standing_names,
)
from storylens.stages.clean.repair import word_count as _words

_SEPARATORS = re.compile(r"[\s|•·,/\-–—:]+")


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """How hard cleaning works."""

    min_chars: int = 40
    #: The outlet of inputs that do not name one (``--source``): a record's own source and then this win over
    #: the page's site name, its domain and its dateline.
    source: str | None = None
    #: Repair words glued where links were ("Russiaand" → "Russia and").
    repair_glue: bool = True
    #: Take the first headline-shaped line as the title when the container gave none.
    title_from_text: bool = True
    #: Header lines (before the first prose paragraph) shorter than this many words that are not sentences go.
    max_header_words: int = 14
    #: Trailing lines (after the last prose paragraph) shorter than this many words that are not sentences go.
    max_footer_words: int = 8
    #: The position rules only apply to a header or footer of at most this many lines: a longer run of short
    #: lines is content (a list, a table, a schedule), not furniture.
    max_zone_lines: int = 6
    #: Paragraphs with at least this many words are compared for repetition anywhere in the text.
    min_repeat_words: int = 6
    #: When more than this many different paragraphs recur, the recurrence is the page's own structure (the same
    #: question to each interviewee, the same line in each day of a plan) and every copy is kept.
    max_repeated: int = 2
    extract: ExtractOptions = field(default_factory=ExtractOptions)


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The result of cleaning plain text: the body, what was removed, and metadata found in the text."""

    text: str
    removed: tuple[str, ...] = ()
    title: str | None = None
    published: str | None = None


def content_hash(raw: RawDocument) -> str:
    """A stable hash of what was read (xxh3-128 hex): equal inputs are stored once."""
    return xxhash.xxh3_128_hexdigest((raw.kind + "\0" + raw.content).encode("utf-8", "surrogatepass"))


def clean_document(
    raw: RawDocument, options: CleanOptions = CleanOptions(), names: TextNames = NO_NAMES
) -> Article | Rejection:
    """Return the cleaned article, or a rejection saying why there is none.

    ``names`` are the words standing as names in the corpus cleaned with it (``repair.corpus_names``): never split.
    """
    text, title, published, source = raw.content, raw.title, raw.published, raw.source
    date_source = "input" if published else None
    if raw.kind == "html":
        page = extract_page(raw.content, raw.url, options.extract)
        text = page.text
        date_source = date_source or page.date_source
        title, published, source = title or page.title, published or page.published, source or page.source
    cleaned = clean_text(text, options, title=title, names=names)
    body = cleaned.text
    if len(body) < options.min_chars:
        return Rejection(raw.origin, "no article text found")
    return Article(
        id=raw.id,
        text=body,
        title=title or cleaned.title,
        source=find_outlet(body, raw.source or options.source or source, raw.url),
        url=raw.url,
        published=published or cleaned.published,
        removed=cleaned.removed,
        story=raw.story,
        content_hash=content_hash(raw),
        date_source=date_source if published else "text" if cleaned.published else None,
    )


def clean_text(
    text: str, options: CleanOptions = CleanOptions(), title: str | None = None, names: TextNames = NO_NAMES
) -> CleanedText:
    """Remove page furniture from plain text, repair glued words and find the title and printed date."""
    lines = _unwrap(normalize_text(text))
    removed: list[str] = []
    lines, published = _drop_furniture(lines, removed)
    lines = _drop_repeats(lines, removed, options.min_repeat_words, options.max_repeated)
    lines, found_title = _trim_header(lines, removed, title, options)
    lines = _trim_footer(lines, removed, options)
    joined = "\n".join([*lines, title or found_title or ""])
    split = options.repair_glue and looks_english(joined)
    lines = _repair(lines, removed, split=split, names=standing_names(joined) | names)
    return CleanedText("\n\n".join(lines), tuple(removed), found_title, published)


def _unwrap(text: str) -> list[str]:
    """Split into lines; a block of hard-wrapped lines (fixed-width text) is joined back into one paragraph."""
    lines: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        rows = [row for row in block.split("\n") if row]
        wrapped = len(rows) >= 3 and all(50 <= len(row) <= 100 for row in rows[:-1])
        wrapped = wrapped and sum(not ends_sentence(row) for row in rows[:-1]) >= len(rows[:-1]) * 0.6
        lines.extend([" ".join(rows)] if wrapped else rows)
    return lines


def _is_vocabulary_furniture(line: str) -> bool:
    if len(line) > furniture.MAX_FURNITURE_CHARS:
        return False
    patterns = (furniture.COMMENT_PROMPTS, furniture.NAVIGATION, furniture.CREDIT)
    if any(pattern.fullmatch(line) for pattern in patterns):
        return True
    # A promotion may end like a sentence ("Sign up ... today."), but never a quotation or a long paragraph.
    return bool(furniture.PROMOTION.fullmatch(line)) and _words(line) <= 40


def _metadata_line(line: str) -> tuple[bool, str | None]:
    """Whether ``line`` is only a date, counters and labels (page metadata), and the date it carries."""
    if len(line) > furniture.MAX_FURNITURE_CHARS:
        return False, None
    found, rest = find_text_date(line)
    signals = found is not None
    for pattern in (furniture.COUNTER, furniture.DATE_LABEL, furniture.READING_TIME, TIME_OF_DAY):
        signals = signals or (pattern is not TIME_OF_DAY and bool(pattern.search(rest)))
        rest = pattern.sub(" ", rest)
    if _SEPARATORS.sub("", rest):
        return False, None
    return signals, found


def _drop_furniture(lines: Sequence[str], removed: list[str]) -> tuple[list[str], str | None]:
    kept: list[str] = []
    published: str | None = None
    for line in lines:
        is_meta, found = _metadata_line(line)
        if is_meta or _is_vocabulary_furniture(line):
            removed.append(line)
            published = published or found
        else:
            kept.append(line)
    return kept, published


def _capitals(line: str) -> int:
    return sum(char.isupper() for char in line)


def _drop_repeats(lines: Sequence[str], removed: list[str], min_words: int, max_repeated: int) -> list[str]:
    """Drop doubled captions and repeated paragraphs, keeping the best-capitalised copy of a paragraph."""
    drop: set[int] = set()
    for index in range(1, len(lines)):
        if lines[index] == lines[index - 1] and index - 1 not in drop:
            drop.add(index)
            if not ends_sentence(lines[index]):  # a caption printed twice: furniture either way
                drop.add(index - 1)
    copies: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if index not in drop and _words(line) >= min_words:
            copies.setdefault(line_key(line), []).append(index)
    repeated = [indexes for indexes in copies.values() if len(indexes) > 1]
    if len(repeated) > max_repeated:  # many lines recur: a template (interview, schedule, recipe), not teasers
        repeated = []
    for indexes in repeated:
        best = max(indexes, key=lambda i: (_capitals(lines[i]), -i))
        drop.update(i for i in indexes if i != best)
    removed.extend(lines[i] for i in sorted(drop))
    return [line for index, line in enumerate(lines) if index not in drop]


def _same_title(line: str, title: str) -> bool:
    """Whether ``line`` is the title, possibly with a kicker or site name around it (never a paragraph)."""
    line_k, title_k = line_key(line), line_key(title)
    if not line_k or line_k == title_k:
        return bool(line_k)
    if min(len(line_k), len(title_k)) < 20 or is_prose(line):
        return False
    return line_k in title_k or (title_k in line_k and len(line_k) <= 2 * len(title_k))


def _trim_header(
    lines: Sequence[str], removed: list[str], title: str | None, options: CleanOptions
) -> tuple[list[str], str | None]:
    """Keep only sentences before the first prose paragraph; the headline there becomes the title."""
    if title is not None and lines and _same_title(lines[0], title):  # the known title, whatever its shape
        return _trim_header(lines[1:], removed, None, options)[0], lines[0]
    # The first line may be the headline even when it is long enough to look like prose ("..., But Is It ...?").
    start = 1 if lines and is_headline(lines[0]) else 0
    first_prose = next((i for i, line in enumerate(lines) if i >= start and is_prose(line)), len(lines))
    trim = first_prose <= options.max_zone_lines
    found_title: str | None = None
    kept: list[str] = []
    for line in lines[:first_prose]:
        if found_title is None and is_headline(line):
            if title is not None and _same_title(line, title):
                found_title = line
                continue
            if title is None and options.title_from_text:
                found_title = line
                continue
        if trim and not ends_sentence(line) and _words(line) < options.max_header_words and not _standfirst(line):
            removed.append(line)
        else:
            kept.append(line)
    return kept + list(lines[first_prose:]), found_title


def _standfirst(line: str, min_words: int = 6) -> bool:
    """A short intro line written in sentence case (a kicker, menu item or linked headline is in title case)."""
    words: list[str] = re.findall(r"[^\W\d_][\w'’-]*", line)
    cased = [word for word in words[1:] if word[0].isupper() or word[0].islower()]
    capitalised = sum(word[0].isupper() for word in cased)
    return len(words) >= min_words and capitalised <= 0.3 * len(cased)


def _trim_footer(lines: Sequence[str], removed: list[str], options: CleanOptions) -> list[str]:
    """Drop short non-sentence lines after the last prose paragraph (menus, tags, sign-offs)."""
    last_prose = max((i for i, line in enumerate(lines) if is_prose(line)), default=-1)
    tail = lines[last_prose + 1 :]
    if last_prose < 0 or len(tail) > options.max_zone_lines:
        return list(lines)
    limit = options.max_footer_words
    furniture_tail = [line for line in tail if not ends_sentence(line) and _words(line) < limit]
    removed.extend(furniture_tail)
    return list(lines[: last_prose + 1]) + [line for line in tail if line not in furniture_tail]


def _repair(lines: Sequence[str], removed: list[str], *, split: bool, names: TextNames) -> list[str]:
    repaired: list[str] = []
    for line in lines:
        fixed, fragments = repair_glue(line, split=split, names=names)
        removed.extend(fragments)
        repaired.append(fixed)
    return repaired
