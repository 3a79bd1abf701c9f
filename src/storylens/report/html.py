"""A self-contained HTML report (no external assets); every piece of article text is escaped.

It renders the web UI's story pages (same templates, same view code) into one file: links point to
anchors inside the file, the stylesheet is inlined, and there are no scripts at all.
"""

from __future__ import annotations

import dataclasses

from storylens.model import Report, StorySlice
from storylens.present import render
from storylens.present.order import ORDER_NOTE, stories_newest_first
from storylens.present.slices import report_slices


def _full_view(story_slice: StorySlice) -> render.StoryView:
    """The story page plus, inlined, each article page and each shared-passage comparison."""
    view = render.story_view(story_slice)
    article_views = tuple(render.article_view(article, story_slice) for article in story_slice.articles)
    compares = []
    for pair in view.reuse:
        first = pair.origin or pair.a
        second = pair.b if first == pair.a else pair.a
        compared = render.compare_view(story_slice, first, second)
        if compared is not None:
            compares.append(compared)
    return dataclasses.replace(view, article_views=article_views, compares=tuple(compares))


def render_html(report: Report) -> str:
    """Return the report as one HTML page."""
    env = render.environment()
    stories = [_full_view(story_slice) for story_slice in stories_newest_first(report_slices(report))]
    return env.get_template("report.html").render(
        standalone=True,
        css=render.stylesheet(),
        links=render.Links(standalone=True),
        stories=stories,
        order=ORDER_NOTE,
        article_count=len(report.articles),
        rejections=[rejection.message() for rejection in report.rejections],
    )
