"""A Markdown report: one section per story, readable in any viewer."""

from __future__ import annotations

from storylens.model import Article, Report, Story


def _article_line(article: Article) -> str:
    date = article.published or "undated"
    return f"- **{article.source or 'unknown outlet'}** ({date}) — {article.title or article.id} `[{article.id}]`"


def _story_section(report: Report, story: Story) -> list[str]:
    by_id = {article.id: article for article in report.articles}
    lines = [f"## {story.title}", "", f"{len(story.article_ids)} articles", ""]
    lines += [_article_line(by_id[aid]) for aid in story.article_ids if aid in by_id]
    if story.summary:
        lines += ["", "### Summary", ""]
        lines += [f"- {s.text} [{', '.join(s.sources)}]" for s in story.summary]
    if story.timeline:
        lines += ["", "### Timeline", ""]
        lines += [f"- {t.date}: {t.text} [{', '.join(t.sources)}]" for t in story.timeline]
    ids = set(story.article_ids)
    conflicts = [c for c in report.conflicts if {s.article_id for s in c.statements} <= ids]
    if conflicts:
        lines += ["", "### Conflicts", ""]
        for conflict in conflicts:
            lines.append(f"- **{conflict.topic}** ({conflict.kind})")
            lines += [f"  - `{s.article_id}`: {s.value} — “{s.text}”" for s in conflict.statements]
    reuse = [r for r in report.reuse if r.a in ids and r.b in ids]
    if reuse:
        lines += ["", "### Reuse", ""]
        for item in reuse:
            origin = f", origin {item.origin}" if item.origin else ""
            lines.append(f"- `{item.a}` ↔ `{item.b}`: {item.kind} ({item.score:.2f}{origin})")
    return [*lines, ""]


def render_markdown(report: Report) -> str:
    """Return the whole report as Markdown."""
    lines = ["# storylens report", ""]
    for story in report.stories:
        lines += _story_section(report, story)
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
