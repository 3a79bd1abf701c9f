"""The one story order every reader sees: the web's story list and the reports list stories newest first."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from storylens.model import StorySlice

T = TypeVar("T")

#: What readers are told about the order, word for word, so the web page and the reports say the same thing.
ORDER_NOTE = "newest first (by each story's latest article date; undated stories last)"


def newest_first(items: Iterable[T], latest: Callable[[T], str | None]) -> list[T]:
    """Sort ``items`` by ``latest`` (an ISO date) descending, undated last, keeping the given order among ties."""
    listed = list(items)
    dated = sorted((x for x in listed if latest(x)), key=lambda x: latest(x) or "", reverse=True)
    return dated + [x for x in listed if not latest(x)]


def latest_day(story_slice: StorySlice) -> str | None:
    """The story's latest publication day (ISO), the key the story list sorts by."""
    return max((a.published[:10] for a in story_slice.articles if a.published), default=None)


def stories_newest_first(slices: Iterable[StorySlice]) -> list[StorySlice]:
    """Story slices in the web list's order."""
    return newest_first(slices, latest_day)
