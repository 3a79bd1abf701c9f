"""A Markdown report: one section per story, readable in any viewer."""

from __future__ import annotations

from storylens.model import Article, Report, StorySlice
from storylens.present.slices import report_slices


def _article_line(article: Article) -> str:
    date = article.published or "undated"
    return f"- **{article.source or 'unknown outlet'}** ({date}) — {article.title or article.id} `[{article.id}]`"


def _story_section(story_slice: StorySlice) -> list[str]:
    story = story_slice.story
    by_id = {article.id: article for article in story_slice.articles}
    lines = [f"## {story.title}", "", f"{len(story.article_ids)} articles", ""]
    lines += [_article_line(by_id[aid]) for aid in story.article_ids if aid in by_id]
    if story.summary:
        lines += ["", "### Summary", ""]
        lines += [f"- {s.text} [{', '.join(s.sources)}]" for s in story.summary]
    if story.timeline:
        lines += ["", "### Timeline", ""]
        lines += [f"- {t.date}: {t.text} [{', '.join(t.sources)}]" for t in story.timeline]
    if conflicts := story_slice.conflicts:
        lines += ["", "### Conflicts", ""]
        for conflict in conflicts:
            lines.append(f"- **{conflict.topic}** ({conflict.kind})")
            lines += [f"  - `{s.article_id}`: {s.value} — “{s.text}”" for s in conflict.statements]
    if reuse := story_slice.reuse:
        lines += ["", "### Reuse", ""]
        for item in reuse:
            origin = f", origin {item.origin}" if item.origin else ""
            lines.append(f"- `{item.a}` ↔ `{item.b}`: {item.kind} ({item.score:.2f}{origin})")
    return [*lines, ""]


def render_markdown(report: Report) -> str:
    """Return the whole report as Markdown."""
    lines = ["# storylens report", ""]
    for story_slice in report_slices(report):
        lines += _story_section(story_slice)
    quotes = [q for q in report.quotes]
    if quotes:
        lines += ["## Quotes", ""]
        lines += [f"- `{q.article_id}` {q.speaker or 'unknown'}: “{q.text}” ({q.fidelity or '-'})" for q in quotes]
        lines.append("")
    if report.framing:
        lines += ["## Framing (loaded-language density)", ""]
        for item in sorted(report.framing, key=lambda f: -f.score):
            lines.append(f"- `{item.article_id}` {item.score:.3f} {', '.join(item.loaded_terms)}")
        lines.append("")
    if report.rejections:
        lines += ["## Rejected inputs", ""]
        lines += [f"- {rejection.message()}" for rejection in report.rejections]
    return "\n".join(lines) + "\n"
