"""What a story-list row says beyond its title: a one-line lede and the counts that tell stories apart."""

from __future__ import annotations

from storylens.model import StorySlice
from storylens.text.sentences import sentence_spans

LEDE_CHARS = 140


def lede(story_slice: StorySlice) -> str:
    """The story in one line: its first summary sentence, else the earliest article's first sentence."""
    if story_slice.story.summary:
        text = story_slice.story.summary[0].text
    else:
        dated = sorted(story_slice.articles, key=lambda a: (a.published is None, a.published or "", a.id))
        first = next((a.text for a in dated if a.text.strip()), "")
        spans = sentence_spans(first)
        text = first[spans[0][0] : spans[0][1]] if spans else first
    text = " ".join(text.split())
    return text if len(text) <= LEDE_CHARS else text[: LEDE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def copies(story_slice: StorySlice) -> int:
    """How many article pairs are copies (a duplicate or a rewrite), not just a shared passage."""
    return sum(1 for pair in story_slice.reuse if pair.kind in ("duplicate", "rewrite"))


def most_loaded(story_slice: StorySlice) -> str | None:
    """The outlet whose wording is most loaded, when any article's is at all.

    Ranked as the story page's chart and the framing stage rank: loaded sentences per 100, then the term density.
    """
    scored = [f for f in story_slice.framing if f.loaded_per_100 > 0 or f.score > 0]
    if not scored:
        return None
    top = max(scored, key=lambda f: (f.loaded_per_100, f.score, f.article_id))
    article = story_slice.article(top.article_id)
    if article is None:
        return top.article_id
    return article.source or short_title(article.title) or top.article_id


def short_title(title: str | None, limit: int = 40) -> str:
    """A headline cut at a word to at most ``limit`` characters (with an ellipsis): what names an outlet-less
    article (empty when there is no headline)."""
    title = " ".join((title or "").split())
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"


def counts_line(conflicts: int, copied: int, loaded: str | None) -> str:
    """Say what differs between stories: '2 conflicts · 1 copy · most loaded: X' (parts that are zero left out)."""
    parts = []
    if conflicts:
        parts.append(f"{conflicts} conflict{'' if conflicts == 1 else 's'}")
    if copied:
        parts.append(f"{copied} cop{'y' if copied == 1 else 'ies'}")
    if loaded:
        parts.append(f"most loaded: {loaded}")
    return " · ".join(parts)
