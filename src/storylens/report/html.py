"""A self-contained HTML report (no external assets); every piece of article text is escaped."""

from __future__ import annotations

from html import escape

from storylens.model import Report


def render_html(report: Report) -> str:
    """Return the report as one HTML page."""
    # TODO(issue 8): the same story pages as the web UI, inlined.
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'><title>storylens report</title>",
             "</head><body><h1>storylens report</h1>"]
    by_id = {article.id: article for article in report.articles}
    for story in report.stories:
        parts.append(f"<h2>{escape(story.title)}</h2><ul>")
        for aid in story.article_ids:
            article = by_id.get(aid)
            if article:
                parts.append(f"<li>{escape(article.source or '')} — {escape(article.title or aid)}</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)
