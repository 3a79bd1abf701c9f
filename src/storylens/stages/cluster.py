"""Story clustering: which articles cover the same event, online and deterministic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storylens.model import Article, Story
from storylens.nlp.embeddings import Embedder


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """Similarity thresholds and the time window."""

    window_days: int = 30


@dataclass
class ClusterState:
    """Open stories kept between runs (persisted by the store as bytes)."""

    stories: dict[str, list[str]] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """Serialise for the store."""
        import json

        return json.dumps(self.stories, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> ClusterState:
        """Read what ``to_bytes`` wrote."""
        import json

        return cls(stories=json.loads(data))


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """The stories touched by this batch (with all their members) and the new state."""

    stories: tuple[Story, ...]
    state: ClusterState


def cluster_stories(
    articles: Sequence[Article],
    docs: Mapping[str, Any],
    state: ClusterState | None,
    embedder: Embedder | None,
    options: ClusterOptions,
) -> ClusterResult:
    """Add ``articles`` to the stories in ``state``; return the stories they belong to."""
    # TODO(issue 4): real clustering. Until then: given `story` fields, else one story.
    state = state or ClusterState()
    for article in articles:
        key = article.story or "s1"
        members = state.stories.setdefault(key, [])
        if article.id not in members:
            members.append(article.id)
    touched = {article.story or "s1" for article in articles}
    stories = tuple(
        Story(id=key, title=key, article_ids=tuple(sorted(state.stories[key]))) for key in sorted(touched)
    )
    return ClusterResult(stories, state)
