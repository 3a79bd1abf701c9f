"""Search results as a reader wants them: people and places first, each quotation once with the outlets that carry
it, article hits with their story, and no two results the same.

The store answers one row per indexed record (a quotation carried by four articles is four rows); this module groups
rows that read the same, looks up the outlets, articles and stories they belong to, and turns the store's ``[…]``
match markers into character offsets into a plain snippet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlencode

from storylens.model import SearchHit, StorySlice
from storylens.present.cards import short_title
from storylens.present.render import Links
from storylens.present.roles import entity_roles
from storylens.store.base import Store

_MARKED = re.compile(r"\[([^\[\]]*)\]")
_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_LINKS = Links()
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Source:
    """An article a result was found in, named by its outlet."""

    article_id: str
    outlet: str
    href: str


@dataclass(frozen=True, slots=True)
class Result:
    """One search result: what it is, where it links, a plain snippet with the matches as offsets, and its sources."""

    kind: Literal["article", "story", "quote", "entity"]
    ref: str
    title: str
    href: str
    snippet: str
    highlights: tuple[Span, ...]
    detail: str = ""
    story: str | None = None
    story_title: str | None = None
    sources: tuple[Source, ...] = ()
    roles: tuple[str, ...] = ()

    def parts(self) -> list[tuple[str, bool]]:
        """Split the snippet into (text, is_match) parts for the page."""
        cuts, at = [], 0
        for start, end in self.highlights:
            cuts += [(self.snippet[at:start], False), (self.snippet[start:end], True)]
            at = end
        return [(text, found) for text, found in [*cuts, (self.snippet[at:], False)] if text]


def plain_snippet(marked: str) -> tuple[str, tuple[Span, ...]]:
    """Remove the store's ``[…]`` match markers and return the text with the offsets of the matches."""
    text, spans, at = [], [], 0
    for found in _MARKED.finditer(marked):
        text.append(marked[at : found.start()])
        start = sum(len(piece) for piece in text)
        text.append(found.group(1))
        spans.append((start, start + len(found.group(1))))
        at = found.end()
    text.append(marked[at:])
    return "".join(text), tuple(spans)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


#: A name found in more stories than this is counted from the search rows alone (reading every story is too slow).
COUNTED_STORIES = 10


class _Finder:
    """Group the store's rows into results, reading a story only when a result needs it, and each once."""

    def __init__(self, store: Store, lookups: Lookups, hits: list[SearchHit], truncated: bool) -> None:
        self.store, self.titles, self.truncated = store, lookups.titles, truncated
        self.articles = {a.id: a for a in store.articles([h.ref for h in hits if h.kind == "article"])}
        self.story_of = {h.ref: h.story or lookups.story_of(h.ref) for h in hits if h.kind == "article"}
        self._slices: dict[str, StorySlice | None] = {}

    def slice(self, story_id: str | None) -> StorySlice | None:
        """The story's slice, read on first use."""
        if not story_id:
            return None
        if story_id not in self._slices:
            found = self.store.story_slices([story_id])
            self._slices[story_id] = found[0] if found else None
        return self._slices[story_id]

    def _outlet(self, story_slice: StorySlice | None, article_id: str) -> str:
        article = self.articles.get(article_id) or (story_slice.article(article_id) if story_slice else None)
        return (article.source or short_title(article.title) if article else None) or article_id

    def entity(self, rows: list[SearchHit]) -> Result:
        """One person, organisation or place, however many stories name it, with the roles the sources give it."""
        first = rows[0]
        named = list(dict.fromkeys(row.story for row in rows if row.story))
        read = rows if len(named) <= COUNTED_STORIES else rows[:1]
        articles, kinds, roles = set(), [], Counter[str]()
        for row in read:
            story_slice = self.slice(row.story)
            entity = next((e for e in story_slice.entities if e.id == row.ref), None) if story_slice else None
            if entity is not None and story_slice is not None:
                articles |= set(entity.articles) & set(story_slice.story.article_ids)
                kinds.append(_TYPES.get(entity.type, "name"))
                roles.update(entity_roles(story_slice, entity.id) if entity.type == "PERSON" else ())
        if read is rows:
            counts = f"{_plural(len(named), 'story', 'stories')}, {_plural(len(articles), 'article', 'articles')}"
        else:  # many stories: counted from the rows, which the search may have cut short
            counts = f"{len(named)}{'+' if self.truncated else ''} stories"
        known = tuple(role for role, _ in roles.most_common(2))
        detail = f"{', '.join(known) or (kinds[0] if kinds else 'name')} · {counts}"
        single = named[0] if len(named) == 1 else None
        href = f"{_LINKS.story(single)}#entities" if single else "/?" + urlencode({"entity": first.title})
        title, _ = plain_snippet(first.title)
        text, spans = plain_snippet(first.snippet)
        story_title = self._title(single)
        return Result("entity", first.ref, title, href, text, spans, detail, single, story_title, roles=known)

    def _title(self, story_id: str | None) -> str | None:
        if not story_id:
            return None
        if story_id in self.titles:
            return self.titles[story_id]
        story_slice = self.slice(story_id)  # not in the list the web keeps: read it
        return (story_slice.story.title if story_slice else None) or story_id

    def quote(self, rows: list[SearchHit]) -> Result:
        """One quotation, with every article (and outlet) that carries it."""
        sources, first = [], rows[0]
        for row in rows:
            story_slice = self.slice(row.story)
            found = next((q for q in story_slice.quotes if q.id == row.ref), None) if story_slice else None
            if found is not None:
                href = _LINKS.quote(found, row.story)
                sources.append(Source(found.article_id, self._outlet(story_slice, found.article_id), href))
        text, spans = plain_snippet(first.snippet)
        href = sources[0].href if sources else _LINKS.story(first.story or "") + "#quotes"
        outlets = ", ".join(dict.fromkeys(s.outlet for s in sources))
        detail = f"quoted in {outlets}" if outlets else "quotation"
        title = first.title or "unattributed"
        story_title = self._title(first.story)
        return Result("quote", first.ref, title, href, text, spans, detail, first.story, story_title, tuple(sources))

    def article(self, rows: list[SearchHit]) -> Result:
        """One article text (copies with the same title and snippet listed as its sources)."""
        first = rows[0]
        story = self.story_of.get(first.ref)
        sources = []
        for row in rows:
            own = self.story_of.get(row.ref)
            outlet = self._outlet(None, row.ref)
            sources.append(Source(row.ref, outlet, _LINKS.article(row.ref, own)))
        text, spans = plain_snippet(first.snippet)
        detail = ", ".join(dict.fromkeys(s.outlet for s in sources))
        title = first.title or first.ref
        return Result(
            "article", first.ref, title, sources[0].href, text, spans, detail, story, self._title(story), tuple(sources)
        )

    def story(self, rows: list[SearchHit]) -> Result:
        """A story whose title matches."""
        first = rows[0]
        story_slice = self.slice(first.ref)
        detail = _plural(len(story_slice.story.article_ids), "article", "articles") if story_slice else ""
        title = first.title or first.ref
        return Result("story", first.ref, title, _LINKS.story(first.ref), "", (), detail, first.ref, title)


def _key(hit: SearchHit) -> tuple[str, ...]:
    """Rows that read the same: a name, a story's quotation by speaker and words, an article by title and snippet."""
    if hit.kind == "entity":
        return ("entity", plain_snippet(hit.title)[0].casefold())
    if hit.kind == "story":
        return ("story", hit.ref)
    if hit.kind == "quote":  # the same words in two stories are two results: each links its own story
        return ("quote", hit.story or "", hit.title.casefold(), plain_snippet(hit.snippet)[0])
    return ("article", hit.title.casefold(), plain_snippet(hit.snippet)[0])


def _grouped(hits: Iterable[SearchHit]) -> list[list[SearchHit]]:
    groups: dict[tuple[str, ...], list[SearchHit]] = {}
    for hit in hits:
        groups.setdefault(_key(hit), []).append(hit)
    return sorted(groups.values(), key=lambda rows: rows[0].kind != "entity")  # stable: rank order otherwise


@dataclass(frozen=True, slots=True)
class Lookups:
    """What the web already knows in memory: each article's story and each story's title."""

    story_of: Callable[[str], str | None]
    titles: Mapping[str, str] = field(default_factory=dict)


def find(store: Store, lookups: Lookups, query: str, limit: int = 50) -> list[Result]:
    """Search the store and return at most ``limit`` distinct results, entities first."""
    if not query.strip():
        return []
    fetch = limit * 4  # rows collapse into fewer results
    hits = store.search(query, limit=fetch)
    finder = _Finder(store, lookups, hits, truncated=len(hits) >= fetch)
    shape = {"entity": finder.entity, "quote": finder.quote, "article": finder.article, "story": finder.story}
    return [shape[rows[0].kind](rows) for rows in _grouped(hits)[:limit]]
