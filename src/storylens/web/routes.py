"""Read-only pages and their JSON twins: stories, story, compare, article, search, rejections."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse

from storylens.model import Article, Framing, Mention, Quote, Story, StorySlice, TimeExpression
from storylens.present import render, views
from storylens.present.order import ORDER_NOTE, newest_first
from storylens.web import api, search
from storylens.web.state import AppState

_MARK = re.compile(r"^(\d+)-(\d+)$")


def add_page_routes(app: FastAPI, state: AppState) -> None:
    """Register every read-only page and its JSON twin (``.json`` routes first, so they win)."""
    _add_story_routes(app, state)
    _add_article_routes(app, state)
    _add_search_routes(app, state)


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of the story list, filtered by the query string (``filters``: outlet, entity, since, until)."""

    filters: dict[str, str]
    total: int
    matching: int
    page: int
    cards: list[views.StoryCard]
    more: bool
    outlets: list[str]
    page_query: str


def stories_listing(state: AppState, request: Request) -> Listing:
    """Filter and page the story list from the query string."""
    params = request.query_params
    filters = api.read_filters(params)
    cards = newest_first(state.index.cards(), lambda card: card.last)
    chosen = [card for card in cards if views.card_matches(card, **filters)]
    page = max(int(params.get("page", "1")) if params.get("page", "1").isdigit() else 1, 1)
    size = state.options.page_size
    return Listing(
        filters=filters,
        total=len(cards),
        matching=len(chosen),
        page=page,
        cards=chosen[(page - 1) * size : page * size],
        more=len(chosen) > page * size,
        outlets=sorted({outlet for card in cards for outlet in card.outlets}),
        page_query=urlencode({k: v for k, v in filters.items() if v}),
    )


def _add_story_routes(app: FastAPI, state: AppState) -> None:
    @app.get("/stories.json", summary="Latest stories (filters: outlet, entity, since, until as YYYY-MM-DD, page)")
    def stories_json(request: Request) -> api.StoryList:
        listing = stories_listing(state, request)
        return api.StoryList(
            total=listing.total,
            matching=listing.matching,
            page=listing.page,
            more=listing.more,
            order=ORDER_NOTE,
            stories=[api.StoryRow.of(card) for card in listing.cards],
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request) -> HTMLResponse:
        listing = stories_listing(state, request)
        return state.page(
            "stories.html",
            request,
            read_only=state.read_only,
            query=request.url.query,
            rejections=len(state.store.rejections()),
            max_upload_mb=state.options.max_upload_bytes // 1_000_000,
            max_files=state.options.max_files,
            max_chars=state.options.max_chars,
            listing=listing,
        )

    @app.get("/stories/{story_id}.json", summary="One story: its slice of the report (report format)")
    def story_json(story_id: str) -> api.StoryOut:
        return api.StoryOut.model_validate(state.story(story_id).to_dict())

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str, request: Request) -> HTMLResponse:
        return state.page("story.html", request, view=render.story_view(state.story(story_id)))

    @app.get("/stories/{story_id}/compare.json", summary="Two articles of a story and the passages they share")
    def compare_json(story_id: str, a: str, b: str) -> api.CompareAnswer:
        view = render.compare_view(state.story(story_id), a, b)
        if view is None:
            raise HTTPException(404, "both articles must belong to the story")
        pair = view.pair.to_dict() if view.pair else None
        articles = [side.article.report_dict() for side in view.sides]
        return api.CompareAnswer.model_validate({"pair": pair, "articles": articles})

    @app.get("/stories/{story_id}/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(story_id: str, a: str, b: str, request: Request) -> HTMLResponse:
        view = render.compare_view(state.story(story_id), a, b)
        if view is None:
            raise HTTPException(404, "both articles must belong to the story")
        return state.page("compare.html", request, view=view)


def _article_story(state: AppState, article_id: str, candidates: list[str | None]) -> StorySlice | None:
    """The slice of the story holding the article: the first candidate that really holds it, else the index's."""
    for candidate in [*(c for c in candidates if c), None]:
        story_id = candidate or state.index.story_of(article_id)  # the index (a full read) only as a last resort
        if story_id:
            found = state.store.story_slices([story_id])
            if found and found[0].article(article_id) is not None:
                return found[0]
    return None


def _article(state: AppState, article_id: str, story_id: str | None) -> tuple[Article, StorySlice | None]:
    stored = state.store.articles([article_id])
    own_story = stored[0].story if stored else None
    story_slice = _article_story(state, article_id, [story_id, own_story])
    if stored:
        return stored[0], story_slice
    in_story = story_slice.article(article_id) if story_slice else None
    if in_story is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return in_story, story_slice


def _records(items: Iterable[Mention | Quote | Framing | TimeExpression], article_id: str) -> list[dict[str, Any]]:
    return [item.to_dict() for item in items if item.article_id == article_id]


def _add_article_routes(app: FastAPI, state: AppState) -> None:
    @app.get("/articles/{article_id:path}.json", summary="One article with its entities, quotes, framing and times")
    def article_json(article_id: str, story: str | None = None) -> api.ArticleAnswer:
        article, story_slice = _article(state, article_id, story)
        story_slice = story_slice or StorySlice(Story("", "", ()), ())
        return api.ArticleAnswer.model_validate(
            {
                "article": article.report_dict(),
                "story": story_slice.story.id or None,
                "mentions": _records(story_slice.mentions, article_id),
                "quotes": _records(story_slice.quotes, article_id),
                "framing": _records(story_slice.framing, article_id),
                "times": _records(story_slice.times, article_id),
                "reuse": [r.to_dict() for r in story_slice.reuse if article_id in (r.a, r.b)],
            }
        )

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)  # ids may hold /
    def article_page(
        article_id: str, request: Request, story: str | None = None, mark: str | None = None
    ) -> HTMLResponse:
        article, story_slice = _article(state, article_id, story)
        found = _MARK.match(mark or "")
        span = (int(found.group(1)), int(found.group(2))) if found else None
        return state.page("article.html", request, view=render.article_view(article, story_slice, span))


def _lookups(state: AppState) -> search.Lookups:
    """The in-memory story list's answers, so search reads no story just for its title."""
    return search.Lookups(state.index.story_of, {card.id: card.title for card in state.index.cards()})


def _add_search_routes(app: FastAPI, state: AppState) -> None:
    @app.get("/search.json", summary="Search people, places, quotations, story titles and article texts")
    def search_json(q: str = "") -> api.SearchAnswer:
        results = search.find(state.store, _lookups(state), q)
        return api.SearchAnswer(q=q, hits=[api.SearchHitOut.of(result) for result in results])

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        return state.page("search.html", request, hits=search.find(state.store, _lookups(state), q))

    @app.get("/rejections.json", summary="Inputs that could not be used, with the reason")
    def rejections_json() -> api.RejectionList:
        return api.RejectionList(rejections=list(state.store.rejections()))

    @app.get("/rejections", response_class=HTMLResponse, include_in_schema=False)
    def rejections_page(request: Request) -> HTMLResponse:
        lines = [r.message() for r in state.store.rejections()]
        return state.page(
            "message.html",
            request,
            heading="Rejected inputs",
            message=f"{len(lines)} input(s) could not be used.",
            lines=lines,
        )
