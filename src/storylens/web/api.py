"""The JSON twins' typed answers (what /docs and /openapi.json describe) and the story-list filters they share.

A filter that cannot be read is a 422 naming the parameter, never an empty list that looks like "no stories".
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import HTTPException
from pydantic import BaseModel, Field
from starlette.datastructures import QueryParams

from storylens.model import (
    Conflict,
    Entity,
    Framing,
    Mention,
    Quote,
    Rejection,
    Reuse,
    Story,
    TimeExpression,
)
from storylens.present import views
from storylens.web.search import Result

FILTERS = ("outlet", "entity", "since", "until")


def read_filters(params: QueryParams) -> dict[str, str]:
    """The story-list filters from a query string; a ``since`` or ``until`` that is not a date is a 422."""
    filters = {key: params.get(key, "").strip() for key in FILTERS}
    for key in ("since", "until"):
        value = filters[key]
        try:
            if value:
                date.fromisoformat(value[:10] if len(value) > 10 and value[10] == "T" else value)
        except ValueError:
            raise HTTPException(422, f"{key}: {value!r} is not a date; use YYYY-MM-DD, e.g. 2024-03-01") from None
        filters[key] = value[:10]
    return filters


class StoryRow(BaseModel):
    """One story of the list."""

    id: str
    title: str
    lede: str = Field(description="The story in one line: its first summary sentence, else its first article's")
    article_count: int
    outlets: list[str] = Field(description="Every outlet that covered the story, by name")
    first: str | None = Field(description="Earliest publication date (YYYY-MM-DD)")
    last: str | None = Field(description="Latest publication date (YYYY-MM-DD)")
    sections: list[str] = Field(description="Which analysis sections found something")
    conflicts: int = Field(description="Facts the outlets disagree on")
    copies: int = Field(description="Article pairs that are duplicates or rewrites of each other")
    most_loaded: str | None = Field(description="The outlet whose own wording is most loaded, if any is")

    @classmethod
    def of(cls, card: views.StoryCard) -> StoryRow:
        """Shape a story card."""
        return cls(
            id=card.id,
            title=card.title,
            lede=card.lede,
            article_count=card.article_count,
            outlets=list(card.outlets),
            first=card.first,
            last=card.last,
            sections=list(card.sections),
            conflicts=card.conflicts,
            copies=card.copies,
            most_loaded=card.most_loaded,
        )


class StoryList(BaseModel):
    """A page of the story list, newest first."""

    total: int = Field(description="Stories in the store")
    matching: int = Field(description="Stories passing the filters")
    page: int
    more: bool = Field(description="Whether a next page exists")
    order: str = Field(description="How the list is sorted")
    stories: list[StoryRow]


class HitSource(BaseModel):
    """An article a search hit was found in."""

    article: str
    outlet: str


class SearchHitOut(BaseModel):
    """One search result."""

    kind: Literal["article", "story", "quote", "entity"]
    ref: str = Field(description="The article, story, quotation or entity id")
    title: str = Field(description="Article or story title, the quotation's speaker, or the entity's name")
    detail: str = Field(description="'governor · 1 story, 5 articles' (else the kind), 'quoted in …', or the outlets")
    story: str | None
    story_title: str | None
    snippet: str = Field(description="Plain text around the matches (no markup)")
    highlights: list[tuple[int, int]] = Field(description="[start, end) character offsets of the matches in snippet")
    articles: list[HitSource]
    roles: list[str] = Field(description="For a person: the roles the sources write beside the name, most given first")

    @classmethod
    def of(cls, result: Result) -> SearchHitOut:
        """Shape a search result."""
        return cls(
            kind=result.kind,
            ref=result.ref,
            title=result.title,
            detail=result.detail,
            story=result.story,
            story_title=result.story_title,
            snippet=result.snippet,
            highlights=list(result.highlights),
            articles=[HitSource(article=s.article_id, outlet=s.outlet) for s in result.sources],
            roles=list(result.roles),
        )


class SearchAnswer(BaseModel):
    """Search results, people and places first, each distinct result once."""

    q: str
    hits: list[SearchHitOut]


# The report-format records are the model's own dataclasses (pydantic reads their fields and docstrings), so the
# documented shape is the shape the store hands out; only the article differs (``report_dict`` drops the hash).


class ArticleOut(BaseModel):
    """A cleaned article in the report format."""

    id: str
    source: str | None = Field(description="The outlet's name, when the input or its page gave one")
    url: str | None
    title: str | None
    published: str | None = Field(description="ISO date or datetime of publication, when found")
    text: str = Field(description="The cleaned text; every offset in the report points into it")
    removed: list[str] = Field(description="What cleaning removed (boilerplate, characters past the limit)")
    story: str | None
    date_source: str | None = Field(description="Where 'published' came from: input, json-ld, meta, byline, …")


class StoryOut(BaseModel):
    """One story and everything found in its articles (report-format records under the report's section names)."""

    story: Story
    articles: list[ArticleOut]
    reuse: list[Reuse]
    entities: list[Entity]
    mentions: list[Mention]
    quotes: list[Quote]
    conflicts: list[Conflict]
    framing: list[Framing]
    times: list[TimeExpression]


class ArticleAnswer(BaseModel):
    """One article with what the analysis found in it."""

    article: ArticleOut
    story: str | None = Field(description="The story holding the article, if any")
    mentions: list[Mention]
    quotes: list[Quote]
    framing: list[Framing]
    times: list[TimeExpression]
    reuse: list[Reuse] = Field(description="Pairs of articles sharing text with this one")


class CompareAnswer(BaseModel):
    """Two articles of one story and the passages they share."""

    pair: Reuse | None = Field(description="The reuse found between them, if any (passages as offsets)")
    articles: list[ArticleOut]


class RejectionList(BaseModel):
    """Inputs that could not be used."""

    rejections: list[Rejection]


class StoryRef(BaseModel):
    """A story an ingest added to or created."""

    id: str
    title: str


class IngestAnswer(BaseModel):
    """What an ingest analysed (200), or why it analysed nothing (4xx/5xx: ``error`` set)."""

    error: str | None = Field(None, description="Set when nothing was analysed: what went wrong, in one line")
    articles: list[str] = Field([], description="Ids of the articles analysed")
    stories: list[StoryRef] = Field([], description="The stories they joined")
    rejections: list[Rejection] = Field([], description="Inputs that could not be used, with the reason")


INGEST_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": IngestAnswer, "description": text}
    for code, text in {
        200: "Analysed",
        400: "The request cannot be read (the error says what to send)",
        403: "Read-only server, or a cross-site request",
        413: "Request too large",
        422: "Nothing in the request could be analysed",
        500: "The analysis failed; nothing stored before is lost",
    }.items()
}
