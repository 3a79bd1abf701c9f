"""Geometry for the SVG charts the pages draw: reuse graph, timeline, framing bars.

Only numbers and labels are computed here; the templates turn them into SVG elements, so every label
goes through the same autoescaping as the rest of the page. No third-party chart code is involved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from storylens.model import Reuse, StorySlice
from storylens.present.views import day, outlet_labels

GRAPH_SIZE = 420
NODE_RADIUS = 16
CHART_WIDTH = 760


@dataclass(frozen=True, slots=True)
class Node:
    """An article in the reuse graph."""

    id: str
    label: str
    x: float
    y: float
    original: bool


@dataclass(frozen=True, slots=True)
class Edge:
    """A reuse pair; ``directed`` when the origin is known (drawn from the original to the copy)."""

    a: str
    b: str
    kind: str
    score: float
    x1: float
    y1: float
    x2: float
    y2: float
    directed: bool


@dataclass(frozen=True, slots=True)
class Graph:
    """Who copied whom."""

    size: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def reuse_graph(story_slice: StorySlice) -> Graph:
    """Place the story's articles on a circle and draw an edge per reuse pair."""
    articles = story_slice.articles
    labels = outlet_labels(articles)
    pairs = story_slice.reuse
    centre, radius = GRAPH_SIZE / 2, GRAPH_SIZE / 2 - 70
    places = {}
    for index, article in enumerate(articles):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(articles), 1)
        places[article.id] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    originals = {p.origin for p in pairs if p.origin}
    nodes = tuple(
        Node(a.id, labels[a.id], round(places[a.id][0], 1), round(places[a.id][1], 1), a.id in originals)
        for a in articles
    )
    edges = tuple(_edge(pair, places) for pair in pairs if pair.a in places and pair.b in places)
    return Graph(GRAPH_SIZE, nodes, edges)


def _edge(pair: Reuse, places: dict[str, tuple[float, float]]) -> Edge:
    """Draw from the origin to the copy, stopping at the node circles so arrowheads stay visible."""
    a, b = pair.a, pair.b
    directed = pair.origin in (a, b)
    source, target = (b, a) if pair.origin == b else (a, b)
    (x1, y1), (x2, y2) = places[source], places[target]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    dx, dy = (x2 - x1) / length, (y2 - y1) / length
    gap = NODE_RADIUS + (4 if directed else 0)
    return Edge(
        a=source,
        b=target,
        kind=pair.kind,
        score=float(pair.score),
        x1=round(x1 + dx * NODE_RADIUS, 1),
        y1=round(y1 + dy * NODE_RADIUS, 1),
        x2=round(x2 - dx * gap, 1),
        y2=round(y2 - dy * gap, 1),
        directed=directed,
    )


@dataclass(frozen=True, slots=True)
class Tick:
    """A date label on the timeline axis."""

    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Point:
    """A numbered event or a publication on the timeline."""

    x: float
    y: float
    number: int
    date: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """Events and publications on one date axis."""

    width: int
    height: int
    axis_y: float
    ticks: tuple[Tick, ...]
    events: tuple[Point, ...]
    published: tuple[Point, ...]


def parse_day(value: str | None) -> date | None:
    """Read an ISO date, datetime, month (``2023-03``), year or ISO week (``2023-W12``) as its first day."""
    if not value:
        return None
    text = value.strip()
    try:
        if "-W" in text:
            year, week = text[:4], text.split("-W", 1)[1][:2]
            return date.fromisocalendar(int(year), int(week), 1)
        parts = text[:10].split("-")
        numbers = [int(part) for part in parts if part.isdigit()]
        if not numbers:
            return None
        return date(numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1)
    except ValueError:
        return None


class _Axis:
    """Map dates to x positions between the earliest and latest known date."""

    def __init__(self, known: list[date]) -> None:
        self.first, self.last = known[0], known[-1]
        self.span = max(self.last.toordinal() - self.first.toordinal(), 1)

    def place(self, value: date) -> float:
        """Return the x position of ``value``."""
        if self.last == self.first:
            return round(40.0 + (CHART_WIDTH - 80.0) * 0.5, 1)
        offset = (value.toordinal() - self.first.toordinal()) / self.span
        return round(40.0 + (CHART_WIDTH - 80.0) * offset, 1)

    def ticks(self) -> tuple[Tick, ...]:
        """Up to six evenly spaced date labels."""
        total = self.last.toordinal() - self.first.toordinal()
        steps = min(5, max(total, 0))
        if steps == 0:
            return (Tick(self.place(self.first), self.first.isoformat()),)
        ordinals = sorted({self.first.toordinal() + round(i * total / steps) for i in range(steps + 1)})
        return tuple(Tick(self.place(date.fromordinal(o)), date.fromordinal(o).isoformat()) for o in ordinals)


def _stack(axis: _Axis, items: list[tuple[date, Point]], base: float, step: float) -> list[Point]:
    """Place points at their date, stacking those that share an x position by ``step``."""
    used: dict[float, int] = {}
    placed = []
    for when, point in items:
        x = axis.place(when)
        used[x] = used.get(x, 0) + 1
        placed.append(Point(x, base + step * (used[x] - 1), point.number, point.date, point.text, point.sources))
    return placed


def timeline_chart(story_slice: StorySlice) -> Timeline:
    """Place timeline events (numbered, above the axis) and publications (below) on a shared date axis."""
    labels = outlet_labels(story_slice.articles)
    events: list[tuple[date, Point]] = []
    for event in sorted(story_slice.story.timeline, key=lambda e: str(e.date)):
        when = parse_day(event.date)
        if when is not None:
            point = Point(0, 0, len(events) + 1, event.date, event.text, event.sources)
            events.append((when, point))
    published: list[tuple[date, Point]] = []
    for article in sorted(story_slice.articles, key=lambda a: str(a.published)):
        when = parse_day(article.published)
        if when is not None:
            text = labels[article.id]
            published.append((when, Point(0, 0, 0, day(article.published) or "", text, (article.id,))))
    known = sorted(when for when, _ in events + published)
    if not known:
        return Timeline(CHART_WIDTH, 0, 0, (), (), ())
    axis = _Axis(known)
    above = _stack(axis, events, 0, -18)
    shift = 30.0 - min([p.y for p in above], default=0.0)
    above = [Point(p.x, p.y + shift, p.number, p.date, p.text, p.sources) for p in above]
    below = _stack(axis, published, shift + 30, 14)
    height = max([shift + 50.0] + [p.y + 20 for p in below])
    return Timeline(CHART_WIDTH, int(height), shift + 15, axis.ticks(), tuple(above), tuple(below))


@dataclass(frozen=True, slots=True)
class Bar:
    """One outlet's framing: bar length for loaded-language density, and hedge count."""

    article_id: str
    label: str
    score: float
    width: float
    y: float
    terms: tuple[str, ...]
    hedges: int


@dataclass(frozen=True, slots=True)
class Bars:
    """The framing comparison chart."""

    width: int
    height: int
    bars: tuple[Bar, ...]


def framing_chart(story_slice: StorySlice) -> Bars:
    """One horizontal bar per article, scaled to the story's most loaded article."""
    labels = outlet_labels(story_slice.articles)
    rows = sorted(story_slice.framing, key=lambda f: (-float(f.score), f.article_id))
    top = max([float(f.score) for f in rows], default=0.0) or 1.0
    bars = tuple(
        Bar(
            article_id=f.article_id,
            label=labels.get(f.article_id, f.article_id),
            score=float(f.score),
            width=round(380 * float(f.score) / top, 1),
            y=10 + 28 * index,
            terms=f.loaded_terms,
            hedges=len(f.hedges),
        )
        for index, f in enumerate(rows)
    )
    return Bars(CHART_WIDTH, 20 + 28 * len(bars), bars)
