"""Page rendering shared by the web UI and the self-contained HTML report.

One Jinja2 environment with autoescaping on for every template; article data is never marked safe.
Links are produced by a :class:`Links` object: the server links to pages, the standalone report to
anchors inside the one file, so the same templates serve both.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from storylens.present import highlight, svg, views
from storylens.present.views import Bundle


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

    def article(self, article_id: str, story_id: str | None = None, span: Any = None) -> str:
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

    def quote(self, quote: dict[str, Any], story_id: str | None = None) -> str:
        """Link to a quotation inside its article."""
        article_id = str(quote["article_id"])
        if self.standalone:
            return f"#a-{_q(article_id)}-q-{_q(str(quote['id']))}"
        return self.article(article_id, story_id, (quote["start"], quote["end"]))

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


def story_view(bundle: Bundle) -> dict[str, Any]:
    """Everything the story page shows, computed once from the stored bundle."""
    return {
        "bundle": bundle,
        "story": bundle.get("story", {}),
        "card": views.story_card(bundle),
        "summary": views.summary_citations(bundle),
        "coverage": views.coverage(bundle),
        "graph": svg.reuse_graph(bundle),
        "reuse": sorted(bundle.get("reuse", []), key=lambda r: (-float(r.get("score", 0)), r["a"], r["b"])),
        "labels": views.outlet_labels(bundle.get("articles", [])),
        "quote_groups": views.quote_groups(bundle),
        "matrix": views.conflict_matrix(bundle),
        "timeline": svg.timeline_chart(bundle),
        "entities": views.entity_rows(bundle),
        "framing": svg.framing_chart(bundle),
        "framing_rows": bundle.get("framing", []),
    }


def article_view(
    article: dict[str, Any],
    bundle: Bundle | None,
    mark: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """The article page: highlighted text segments, what cleaning removed, and its annotations."""
    bundle = bundle or {}
    text = article.get("text", "")
    spans = highlight.article_spans(bundle, article, mark)
    spans += highlight.shared_spans(bundle, article["id"])
    aid = article["id"]
    return {
        "article": article,
        "story": bundle.get("story"),
        "segments": views.segment_text(text, spans),
        "quotes": [q for q in bundle.get("quotes", []) if q.get("article_id") == aid],
        "framing": next((f for f in bundle.get("framing", []) if f.get("article_id") == aid), None),
        "entities": [e for e in views.entity_rows(_only(bundle, aid)) if e.mentions],
        "times": [t for t in bundle.get("times", []) if t.get("article_id") == aid],
    }


def _only(bundle: Bundle, article_id: str) -> Bundle:
    """The bundle restricted to one article's mentions (for per-article mention counts)."""
    mentions = [m for m in bundle.get("mentions", []) if m.get("article_id") == article_id]
    return {
        **bundle,
        "mentions": mentions,
        "articles": [a for a in bundle.get("articles", []) if a["id"] == article_id],
    }


def compare_view(bundle: Bundle, a: str, b: str) -> dict[str, Any] | None:
    """Two articles side by side, each with the passages it shares with the other highlighted."""
    by_id = {article["id"]: article for article in bundle.get("articles", [])}
    if a not in by_id or b not in by_id:
        return None
    pair = next((p for p in bundle.get("reuse", []) if {p["a"], p["b"]} == {a, b}), None)
    sides = []
    for this, other in ((a, b), (b, a)):
        article = by_id[this]
        spans = highlight.shared_spans(bundle, this, other)
        sides.append({"article": article, "segments": views.segment_text(article.get("text", ""), spans)})
    return {
        "story": bundle.get("story", {}),
        "pair": pair,
        "sides": sides,
        "labels": views.outlet_labels(bundle.get("articles", [])),
    }
