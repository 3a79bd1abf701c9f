"""Shape a story slice into what the pages show.

Pure functions: no store, no HTTP, no markup. The web UI and the self-contained HTML report both render
these values through the same templates, so a section shows the same thing in both. Every section is
built from whatever the slice holds; an empty section yields an empty value the templates show as
"none found", so sections filled later by other stages slot in without changes here.
"""

from __future__ import annotations

import difflib
import functools
import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from storylens.model import Article, Quote, Statement, StorySlice, SummarySentence
from storylens.present import cards
from storylens.present.roles import story_roles
from storylens.text import values
from storylens.text.sentences import sentence_spans
from storylens.text.words import words

# A sentence ends at . ! or ? (optionally followed by a closing quote) before whitespace.


@dataclass(frozen=True, slots=True)
class Span:
    """A highlight over article text: ``[start, end)`` with a CSS class and a tooltip."""

    start: int
    end: int
    css: str
    title: str = ""
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text carrying the same set of highlights (the unit the templates escape and wrap)."""

    text: str
    css: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryCard:
    """One row of the stories page."""

    id: str
    title: str
    article_count: int
    outlets: tuple[str, ...]
    first: str | None
    last: str | None
    entities: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    lede: str = ""  # the story in one line (present/cards.py)
    conflicts: int = 0
    copies: int = 0
    most_loaded: str | None = None

    @property
    def counts(self) -> str:
        """What tells this story apart: '2 conflicts · 1 copy · most loaded: X' (zero counts left out)."""
        return cards.counts_line(self.conflicts, self.copies, self.most_loaded)


@dataclass(frozen=True, slots=True)
class QuoteVersion:
    """One outlet's rendering of a quotation, with its word diff against the fullest version."""

    quote: Quote
    outlet: str
    diff: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quotation as carried by several articles."""

    id: str
    speaker: str | None
    text: str
    versions: tuple[QuoteVersion, ...]


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One disputed fact: each outlet's value, and which values disagree with the one most outlets agree on
    (``split`` when no value has more outlets behind it than a value disagreeing with it: nothing is odd then)."""

    id: str
    topic: str
    kind: str
    cells: tuple[tuple[str, ...], ...]
    odd: tuple[bool, ...]
    statements: tuple[Statement, ...] = ()
    split: bool = False


@dataclass(frozen=True, slots=True)
class ConflictMatrix:
    """Facts × outlets."""

    columns: tuple[tuple[str, str], ...] = ()
    rows: tuple[ConflictRow, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity with how often the story mentions it."""

    id: str
    name: str
    type: str
    mentions: int
    articles: int
    variants: tuple[str, ...] = field(default=())
    #: For a person, the roles the articles write beside the name ("governor"), most given first.
    roles: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One article of the story as the coverage list shows it."""

    id: str
    outlet: str
    title: str
    date: str | None
    words: int
    derived_from: tuple[str, ...]
    url: str | None


@dataclass(frozen=True, slots=True)
class Cite:
    """One citation of a summary sentence: the article, its outlet and the passage that supports the sentence."""

    article_id: str
    outlet: str
    span: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class CitedSentence:
    """A summary sentence with its citations."""

    text: str
    cites: tuple[Cite, ...]


def day(value: str | None) -> str | None:
    """Return the ISO date part of an ISO date or datetime (None stays None)."""
    return value[:10] if value else None


def outlet_labels(articles: Sequence[Article]) -> dict[str, str]:
    """Name each article by its outlet (else its shortened headline, else its id), adding the id where one name
    covers several articles."""
    names = {article.id: article.source or cards.short_title(article.title) or article.id for article in articles}
    counts = Counter(names.values())
    return {key: f"{name} ({key})" if counts[name] > 1 else name for key, name in names.items()}


def story_card(story_slice: StorySlice) -> StoryCard:
    """Summarise a story for the stories page."""
    story, articles = story_slice.story, story_slice.articles
    dates = sorted(d for d in (day(a.published) for a in articles) if d)
    outlets = sorted({a.source for a in articles if a.source})
    entities = tuple(e.name for e in story_slice.entities)
    sections = tuple(name for name in _SECTION_KEYS if _has_section(story_slice, name))
    return StoryCard(
        id=story.id,
        title=story.title or story.id,
        article_count=len(story.article_ids),
        outlets=tuple(outlets),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        entities=entities,
        sections=sections,
        lede=cards.lede(story_slice),
        conflicts=len(story_slice.conflicts),
        copies=cards.copies(story_slice),
        most_loaded=cards.most_loaded(story_slice),
    )


_SECTION_KEYS = ("summary", "reuse", "quotes", "conflicts", "timeline", "entities", "framing")


def _has_section(story_slice: StorySlice, name: str) -> bool:
    if name in ("summary", "timeline"):
        return bool(getattr(story_slice.story, name))
    return bool(getattr(story_slice, name))


def card_matches(card: StoryCard, outlet: str, entity: str, since: str, until: str) -> bool:
    """Tell whether a story passes the stories-page filters (empty filters pass everything)."""
    if outlet and outlet not in card.outlets:
        return False
    if entity and not any(entity.casefold() in name.casefold() for name in card.entities):
        return False
    if since and (card.last is None or card.last < since):
        return False
    return not (until and (card.first is None or card.first > until))


def segment_text(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece carries the classes of the spans covering it."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    starts: dict[int, list[Span]] = defaultdict(list)
    for span in valid:
        starts[span.start].append(span)
    segments = []
    for left, right in itertools.pairwise(cuts):
        covering = [s for s in valid if s.start <= left and right <= s.end]
        segments.append(
            Segment(
                text=text[left:right],
                css=tuple(sorted({s.css for s in covering})),
                titles=tuple(dict.fromkeys(s.title for s in covering if s.title)),
                anchors=tuple(s.anchor for s in starts.get(left, []) if s.anchor),
            )
        )
    return segments


def cited_passage(text: str, claim: str) -> tuple[int, int] | None:
    """Return the sentence of ``text`` sharing the most words with ``claim`` (None if none shares any)."""
    wanted = {word for word, _, _ in words(claim)}
    best, best_score = None, 0.0
    for start, end in sentence_spans(text):
        found = {word for word, _, _ in words(text[start:end])}
        score = len(found & wanted) / (len(found | wanted) or 1)
        if score > best_score:
            best, best_score = (start, end), score
    return best


def sentence_passage(sentence: SummarySentence, article_id: str, text: str) -> tuple[int, int] | None:
    """The passage of ``article_id`` a summary sentence cites: its stated citation, else the closest sentence."""
    for citation in sentence.citations:
        if citation.article_id == article_id and 0 <= citation.start < citation.end <= len(text):
            return citation.start, citation.end
    return cited_passage(text, sentence.text)


def word_diff(reference: str, text: str) -> tuple[tuple[str, str], ...]:
    """Diff ``text`` against ``reference`` word by word: ``("=", w)``, ``("-", w)`` dropped, ``("+", w)`` added."""
    old, new = reference.split(), text.split()
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("=", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            ops.append(("-", " ".join(old[a1:a2])))
        if b2 > b1:
            ops.append(("+", " ".join(new[b1:b2])))
    return tuple(ops)


def quote_groups(story_slice: StorySlice) -> list[QuoteGroup]:
    """Group the story's quotes by quotation; altered versions carry a word diff against the fullest one."""
    labels = outlet_labels(story_slice.articles)
    grouped: dict[str, list[Quote]] = defaultdict(list)
    for quote in story_slice.quotes:
        grouped[quote.group or quote.id].append(quote)
    groups = []
    for key, quotes in grouped.items():
        fullest = max(quotes, key=lambda q: (len(q.text), q.id))
        versions = tuple(
            QuoteVersion(
                quote=q,
                outlet=labels.get(q.article_id, q.article_id),
                diff=word_diff(fullest.text, q.text) if q.fidelity == "altered" else (),
            )
            for q in sorted(quotes, key=lambda q: (q.article_id, q.start))
        )
        speaker = next((q.speaker for q in quotes if q.speaker), None)
        groups.append(QuoteGroup(key, speaker, fullest.text, versions))
    return sorted(groups, key=lambda g: (-len(g.versions), g.id))


def conflict_matrix(story_slice: StorySlice) -> ConflictMatrix:
    """Lay the story's conflicts out as facts × outlets, marking values that differ from the most common."""
    conflicts = story_slice.conflicts
    if not conflicts:
        return ConflictMatrix()
    labels = outlet_labels(story_slice.articles)
    involved = {s.article_id for c in conflicts for s in c.statements}
    ids = [a.id for a in story_slice.articles if a.id in involved]
    ids += sorted(involved - set(ids))
    rows = []
    for conflict in conflicts:
        given: dict[str, list[Statement]] = defaultdict(list)
        for statement in conflict.statements:
            given[statement.article_id].append(statement)
        majority, split = _majority(list(given.values()))
        cells = tuple(tuple(dict.fromkeys(s.value for s in given.get(aid, []))) for aid in ids)
        odd = tuple(
            not split and bool(given.get(aid)) and not any(values_agree(majority, s) for s in given[aid]) for aid in ids
        )
        row = ConflictRow(conflict.id, conflict.topic, conflict.kind, cells, odd, conflict.statements, split)
        rows.append(row)
    return ConflictMatrix(columns=tuple((aid, labels.get(aid, aid)) for aid in ids), rows=tuple(rows))


def _majority(given: list[list[Statement]]) -> tuple[Statement, bool]:
    """The statement whose value most outlets agree with, and whether the outlets are split: a value disagreeing
    with it has as many outlets behind it."""
    first_of: dict[str, Statement] = {}
    for outlet in given:
        for statement in outlet:
            first_of.setdefault(statement.value, statement)
    literal = Counter(value for outlet in given for value in {s.value for s in outlet})

    def support(candidate: Statement) -> int:
        return sum(any(values_agree(candidate, s) for s in outlet) for outlet in given)

    best = max(first_of.values(), key=lambda s: (support(s), literal[s.value]))
    rivals = [s for s in first_of.values() if not values_agree(best, s)]
    return best, any(support(rival) >= support(best) for rival in rivals)


def values_agree(first: Statement, second: Statement) -> bool:
    """Tell whether two statements give the same value for their fact, by the values engine: "About 4,200 people",
    "4,200 residents" and "4,200 people" agree; "About 2,400 residents" does not. Values the engine cannot read
    (names, charges) agree only when written the same way."""
    if first.value.casefold() == second.value.casefold():
        return True
    a, b = _stated(first), _stated(second)
    return bool(a and b) and not values.disagree(a, b) and any(values.compatible(m, n) for m in a for n in b)


def _stated(statement: Statement) -> tuple[values.Mention, ...]:
    """The values a statement gives: read from its value, or (a bare figure such as "about 2,400") from the
    words around that value in its sentence, where the counted noun is."""
    found = _mentions(statement.value)
    at = statement.text.casefold().find(statement.value.casefold())
    if found or at < 0:
        return found
    end = at + len(statement.value)
    return tuple(m for m in _mentions(statement.text) if at <= m.start < end)


@functools.lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[values.Mention, ...]:
    return values.mentions(text)


def entity_rows(story_slice: StorySlice) -> list[EntityRow]:
    """List the story's entities with their mention counts in this story, most mentioned first."""
    counts = Counter(m.entity_id for m in story_slice.mentions)
    story_ids = {a.id for a in story_slice.articles}
    roles = story_roles(story_slice)
    rows = [
        EntityRow(
            id=entity.id,
            name=entity.name,
            type=entity.type,
            mentions=counts.get(entity.id) or entity.mentions,
            articles=len(set(entity.articles) & story_ids) or len(entity.articles),
            variants=entity.variants,
            roles=tuple(roles.get(entity.id, ())),
        )
        for entity in story_slice.entities
    ]
    return sorted(rows, key=lambda r: (-r.mentions, r.name))


def article_entity_rows(story_slice: StorySlice, article_id: str) -> list[EntityRow]:
    """List the entities one article mentions, with that article's mention counts, most mentioned first."""
    counts = Counter(m.entity_id for m in story_slice.mentions if m.article_id == article_id)
    rows = [
        EntityRow(entity.id, entity.name, entity.type, counts[entity.id], 1, entity.variants)
        for entity in story_slice.entities
        if counts[entity.id]
    ]
    return sorted(rows, key=lambda r: (-r.mentions, r.name))


def coverage(story_slice: StorySlice) -> list[CoverageRow]:
    """Return the story's articles in publication order, each with its outlet label and reuse role."""
    labels = outlet_labels(story_slice.articles)
    derived: dict[str, list[str]] = defaultdict(list)
    for pair in story_slice.reuse:
        if pair.origin is not None and pair.origin in (pair.a, pair.b):
            copy = pair.b if pair.origin == pair.a else pair.a
            derived[copy].append(pair.origin)
    rows = [
        CoverageRow(
            id=a.id,
            outlet=labels[a.id],
            title=a.title or a.id,
            date=day(a.published),
            words=len(a.text.split()),
            derived_from=tuple(sorted(derived.get(a.id, []))),
            url=a.url,
        )
        for a in story_slice.articles
    ]
    return sorted(rows, key=lambda r: (r.date or "9999", r.id))


def summary_citations(story_slice: StorySlice) -> list[CitedSentence]:
    """Pair each summary sentence with, per cited article, the passage that supports it."""
    texts = {a.id: a.text for a in story_slice.articles}
    labels = outlet_labels(story_slice.articles)
    rows = []
    for sentence in story_slice.story.summary:
        cites = []
        for aid in sentence.sources:
            span = sentence_passage(sentence, aid, texts[aid]) if aid in texts else None
            cites.append(Cite(aid, labels.get(aid, aid), span))
        rows.append(CitedSentence(sentence.text, tuple(cites)))
    return rows
