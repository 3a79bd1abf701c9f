"""Page rendering shared by the web UI and the self-contained HTML report.

One Jinja2 environment with autoescaping on for every template; article data is never marked safe.
Links are produced by a :class:`Links` object: the server links to pages, the standalone report to
anchors inside the one file, so the same templates serve both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from storylens.model import Article, Framing, Quote, Reuse, Story, StorySlice, TimeExpression
from storylens.present import highlight, svg, views


def safe_url(value: object) -> str | None:
    """Return ``value`` when it is an absolute http(s) URL, else None (``javascript:`` and friends never link)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(char) < 32 for char in text):  # control characters can smuggle a scheme past a browser
        return None
    return text


def _q(value: str) -> str:
    return quote(value, safe="")


@dataclass(frozen=True)
class Links:
    """Where links point: server pages, or anchors in one standalone file."""

    standalone: bool = False

    def story(self, story_id: str) -> str:
        """Link to a story page."""
        return f"#story-{_q(story_id)}" if self.standalone else f"/stories/{_q(story_id)}"

    def article(self, article_id: str, story_id: str | None = None, span: tuple[int, int] | None = None) -> str:
        """Link to an article, optionally to a passage (``span`` = ``(start, end)``)."""
        if self.standalone:
            if span:
                return f"#a-{_q(article_id)}-c-{span[0]}-{span[1]}"
            return f"#article-{_q(article_id)}"
        params = []
        if story_id:
            params.append(f"story={_q(story_id)}")
        if span:
            params.append(f"mark={span[0]}-{span[1]}")
        query = ("?" + "&".join(params)) if params else ""
        return f"/articles/{_q(article_id)}{query}" + ("#mark" if span else "")

    def quote(self, quote: Quote, story_id: str | None = None) -> str:
        """Link to a quotation inside its article."""
        if self.standalone:
            return f"#a-{_q(quote.article_id)}-q-{_q(quote.id)}"
        return self.article(quote.article_id, story_id, (quote.start, quote.end))

    def compare(self, story_id: str, a: str, b: str) -> str:
        """Link to two articles side by side with their shared passages highlighted."""
        if self.standalone:
            return f"#compare-{_q(story_id)}-{_q(a)}-{_q(b)}"
        return f"/stories/{_q(story_id)}/compare?a={_q(a)}&b={_q(b)}"

    def anchor(self, article_id: str, name: str) -> str:
        """Return the element id of an anchor inside an article's text."""
        return f"a-{_q(article_id)}-{name}" if self.standalone else name


def environment() -> Environment:
    """Build the Jinja2 environment (autoescape on for every template, including ``.svg`` partials)."""
    env = Environment(
        loader=PackageLoader("storylens.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["day"] = views.day
    env.filters["qid"] = _q
    return env


def stylesheet() -> Markup:
    """Return the project's own stylesheet, to inline in the standalone report."""
    # Our own static file (never article data), so it may be emitted unescaped inside <style>.
    return Markup(resources.files("storylens.web").joinpath("static/style.css").read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class ArticleView:
    """The article page: highlighted text segments, what cleaning removed, and its annotations."""

    article: Article
    story: Story | None
    segments: list[views.Segment]
    quotes: list[Quote]
    framing: Framing | None
    entities: list[views.EntityRow]
    times: list[TimeExpression]
    labels: dict[str, str] = field(default_factory=dict)  # the story's articles by outlet (word choices name them)


@dataclass(frozen=True, slots=True)
class CompareSide:
    """One article of a comparison, its shared passages highlighted."""

    article: Article
    segments: list[views.Segment]


@dataclass(frozen=True, slots=True)
class CompareView:
    """Two articles side by side."""

    story: Story
    pair: Reuse | None
    sides: tuple[CompareSide, CompareSide]
    labels: dict[str, str]


@dataclass(frozen=True, slots=True)
class StoryView:
    """Everything the story page shows, computed once from the slice (the report adds its article and compare
    views, which the server shows on pages of their own)."""

    story_slice: StorySlice
    story: Story
    card: views.StoryCard
    summary: list[views.CitedSentence]
    coverage: list[views.CoverageRow]
    graph: svg.Graph
    reuse: list[Reuse]
    labels: dict[str, str]
    quote_groups: list[views.QuoteGroup]
    matrix: views.ConflictMatrix
    timeline: svg.Timeline
    entities: list[views.EntityRow]
    framing: svg.Bars
    framing_rows: tuple[Framing, ...]
    article_views: tuple[ArticleView, ...] = ()
    compares: tuple[CompareView, ...] = ()


def story_view(story_slice: StorySlice) -> StoryView:
    """Everything the story page shows, computed once from the slice."""
    return StoryView(
        story_slice=story_slice,
        story=story_slice.story,
        card=views.story_card(story_slice),
        summary=views.summary_citations(story_slice),
        coverage=views.coverage(story_slice),
        graph=svg.reuse_graph(story_slice),
        reuse=sorted(story_slice.reuse, key=lambda r: (-float(r.score), r.a, r.b)),
        labels=views.outlet_labels(story_slice.articles),
        quote_groups=views.quote_groups(story_slice),
        matrix=views.conflict_matrix(story_slice),
        timeline=svg.timeline_chart(story_slice),
        entities=views.entity_rows(story_slice),
        framing=svg.framing_chart(story_slice),
        framing_rows=story_slice.framing,
    )


def article_view(article: Article, story_slice: StorySlice | None, mark: tuple[int, int] | None = None) -> ArticleView:
    """The article page: highlighted text segments, what cleaning removed, and its annotations."""
    story_slice = story_slice or StorySlice(Story("", "", ()), ())
    spans = highlight.article_spans(story_slice, article, mark)
    spans += highlight.shared_spans(story_slice, article.id)
    aid = article.id
    return ArticleView(
        article=article,
        story=story_slice.story if story_slice.story.id else None,
        segments=views.segment_text(article.text, spans),
        quotes=[q for q in story_slice.quotes if q.article_id == aid],
        framing=next((f for f in story_slice.framing if f.article_id == aid), None),
        entities=views.article_entity_rows(story_slice, aid),
        times=[t for t in story_slice.times if t.article_id == aid],
        labels=views.outlet_labels(story_slice.articles),
    )


def compare_view(story_slice: StorySlice, a: str, b: str) -> CompareView | None:
    """Two articles side by side, each with the passages it shares with the other highlighted."""
    by_id = {article.id: article for article in story_slice.articles}
    if a not in by_id or b not in by_id:
        return None
    pair = next((p for p in story_slice.reuse if {p.a, p.b} == {a, b}), None)
    first, second = (
        CompareSide(by_id[this], views.segment_text(by_id[this].text, highlight.shared_spans(story_slice, this, other)))
        for this, other in ((a, b), (b, a))
    )
    return CompareView(story_slice.story, pair, (first, second), views.outlet_labels(story_slice.articles))
