"""A self-contained HTML report (no external assets); every piece of article text is escaped.

It renders the web UI's story pages (same templates, same view code) into one file: links point to
anchors inside the file, the stylesheet is inlined, and there are no scripts at all.
"""

from __future__ import annotations

from typing import Any

from storylens.model import Report, StoryContext
from storylens.pipeline import story_bundle
from storylens.present import render


def report_bundles(report: Report) -> list[dict[str, Any]]:
    """Slice a report into per-story bundles, the shape the store keeps for the web UI."""
    bundles = []
    for story in report.stories:
        ids = set(story.article_ids)
        mentions = tuple(m for m in report.mentions if m.article_id in ids)
        entity_ids = {m.entity_id for m in mentions}
        context = StoryContext(
            story=story,
            articles=tuple(a for a in report.articles if a.id in ids),
            reuse=tuple(r for r in report.reuse if r.a in ids and r.b in ids),
            entities=tuple(e for e in report.entities if e.id in entity_ids or set(e.articles) & ids),
            mentions=mentions,
            quotes=tuple(q for q in report.quotes if q.article_id in ids),
            times=tuple(t for t in report.times if t.article_id in ids),
            framing=tuple(f for f in report.framing if f.article_id in ids),
            conflicts=tuple(c for c in report.conflicts if {s.article_id for s in c.statements} & ids),
        )
        bundles.append(story_bundle(context))
    return bundles


def _full_view(bundle: dict[str, Any]) -> dict[str, Any]:
    """The story page plus, inlined, each article page and each shared-passage comparison."""
    view = render.story_view(bundle)
    view["article_views"] = [render.article_view(article, bundle) for article in bundle.get("articles", [])]
    compares = []
    for pair in view["reuse"]:
        first = pair.get("origin") or pair["a"]
        second = pair["b"] if first == pair["a"] else pair["a"]
        compared = render.compare_view(bundle, first, second)
        if compared is not None:
            compares.append(compared)
    view["compares"] = compares
    return view


def render_html(report: Report) -> str:
    """Return the report as one HTML page."""
    env = render.environment()
    stories = [_full_view(bundle) for bundle in report_bundles(report)]
    return env.get_template("report.html").render(
        standalone=True,
        css=render.stylesheet(),
        links=render.Links(standalone=True),
        stories=stories,
        article_count=len(report.articles),
        rejections=[rejection.message() for rejection in report.rejections],
    )
