"""The timeline: events of one story on calendar dates."""

from __future__ import annotations

from dataclasses import dataclass

from storylens.model import StoryContext, TimelineEvent


@dataclass(frozen=True, slots=True)
class TimelineOptions:
    """How many events to keep."""

    max_events: int = 30


def build_timeline(context: StoryContext, options: TimelineOptions) -> tuple[TimelineEvent, ...]:
    """Return the story's dated events in date order."""
    return ()  # TODO(issue 6)
