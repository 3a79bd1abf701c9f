"""A Markdown report: the stories under one heading, newest first as on the web, then corpus-wide sections.

Articles are named by their outlet (with the id where one outlet carries several), as on the web pages.
"""

from __future__ import annotations

from collections.abc import Mapping

from storylens.model import Article, Report, StorySlice
from storylens.present.order import ORDER_NOTE, stories_newest_first
from storylens.present.slices import report_slices
from storylens.present.views import outlet_labels

_FRAMING_SCALE = (
    "Loaded sentences per 100: of every 100 sentences the outlet wrote in its own words (quotations left out), "
    "how many use loaded language; 0 means none, 100 every one. Hedges (such as 'reportedly', 'allegedly') are "
    "counted, not scored."
)


def _article_line(article: Article) -> str:
    date = article.published or "undated"
    return f"- **{article.source or 'unknown outlet'}** ({date}) — {article.title or article.id} `[{article.id}]`"


def _facts(story_slice: StorySlice, names: Mapping[str, str]) -> list[str]:
    """The summary, timeline, conflict and reuse subsections of one story."""
    story, lines = story_slice.story, []
    if story.summary:
        lines += ["", "#### Summary", ""]
        lines += [f"- {s.text} [{', '.join(names.get(a, a) for a in s.sources)}]" for s in story.summary]
    if story.timeline:
        lines += ["", "#### Timeline", ""]
        lines += [f"- {t.date}: {t.text} [{', '.join(names.get(a, a) for a in t.sources)}]" for t in story.timeline]
    if conflicts := story_slice.conflicts:
        lines += ["", "#### Conflicts", ""]
        for conflict in conflicts:
            lines.append(f"- **{conflict.topic}** ({conflict.kind})")
            lines += [
                f"  - {names.get(s.article_id, s.article_id)}: {s.value} — “{s.text}”" for s in conflict.statements
            ]
    if reuse := story_slice.reuse:
        lines += ["", "#### Reuse", ""]
        for item in reuse:
            origin = f", origin {names.get(item.origin, item.origin)}" if item.origin else ""
            pair = f"{names.get(item.a, item.a)} ↔ {names.get(item.b, item.b)}"
            lines.append(f"- {pair}: {item.kind} ({item.score:.2f}{origin})")
    return lines


def _story_section(story_slice: StorySlice) -> list[str]:
    story, names = story_slice.story, outlet_labels(story_slice.articles)
    by_id = {article.id: article for article in story_slice.articles}
    count = len(story.article_ids)
    lines = [
        f"### {story.title or story.id}",
        "",
        f"Story `{story.id}` · {count} article{'' if count == 1 else 's'}",
        "",
    ]
    lines += [_article_line(by_id[aid]) for aid in story.article_ids if aid in by_id]
    return [*lines, *_facts(story_slice, names), ""]


def _corpus_sections(report: Report, names: Mapping[str, str]) -> list[str]:
    lines: list[str] = []
    if report.quotes:
        lines += ["## Quotes, all stories", ""]
        for q in report.quotes:
            outlet = names.get(q.article_id, q.article_id)
            fidelity = q.fidelity or "unchecked: no other article carries this quotation"
            lines.append(f"- {outlet} — {q.speaker or 'unknown speaker'}: “{q.text}” (fidelity: {fidelity})")
        lines.append("")
    if report.framing:
        lines += ["## Framing, all stories (as on the story pages)", "", _FRAMING_SCALE, ""]
        for item in sorted(report.framing, key=lambda f: (-f.loaded_per_100, -f.score, f.article_id)):
            outlet = names.get(item.article_id, item.article_id)
            measured = f"{item.loaded_per_100:.0f} per 100 ({len(item.loaded_sentences)} of {item.sentences})"
            terms = f"; loaded terms: {', '.join(item.loaded_terms)}" if item.loaded_terms else ""
            lines.append(f"- {outlet}: {measured if item.sentences else 'no sentences of its own'}{terms}")
        lines.append("")
    if report.rejections:
        lines += ["## Rejected inputs", ""]
        lines += [f"- {rejection.message()}" for rejection in report.rejections]
    return lines


def render_markdown(report: Report) -> str:
    """Return the whole report as Markdown."""
    names = outlet_labels(report.articles)  # corpus-wide: the id is added where an outlet has several articles
    slices = stories_newest_first(report_slices(report))
    lines = ["# storylens report", ""]
    if slices:
        lines += [f"## Stories ({len(slices)}, {ORDER_NOTE})", ""]
    for story_slice in slices:
        lines += _story_section(story_slice)
    return "\n".join(lines + _corpus_sections(report, names)) + "\n"
