"""Geometry for the SVG charts the pages draw: reuse graph, timeline, framing bars.

Only numbers and labels are computed here; the templates turn them into SVG elements, so every label
goes through the same autoescaping as the rest of the page. No third-party chart code is involved.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from storylens.model import Reuse, StorySlice
from storylens.present.views import day, outlet_labels

GRAPH_SIZE = 420  # the largest side a small graph's drawing may take before it grows with its nodes
NODE_RADIUS = 16
CHART_WIDTH = 760
CHAR_WIDTH = 6.2  # an 11 px system-ui character, generously: label boxes are estimated, not measured
LABEL_CHARS = 31  # node labels: the templates truncate(26), which keeps up to 31 characters (jinja leeway 5)
MARGIN = 8.0


@dataclass(frozen=True, slots=True)
class Node:
    """An article in the reuse graph."""

    id: str
    label: str
    x: float
    y: float
    original: bool
    #: Where the label goes: beside the node on the circle's left and right, below or above it at the poles.
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"


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
    #: The drawing's box (``viewBox``): the nodes and their labels with a small margin, no empty canvas around.
    box: tuple[float, float, float, float] = (0.0, 0.0, GRAPH_SIZE, GRAPH_SIZE)


def _radius(count: int) -> float:
    """A circle on which neighbouring nodes sit at least a label's width apart."""
    if count < 2:
        return 0.0
    return max(70.0, 0.5 * CHAR_WIDTH * LABEL_CHARS / (2 * math.sin(math.pi / count)))


def _label_place(x: float, y: float, angle: float) -> tuple[float, float, str]:
    """Put a label outside the circle: beside a node on the sides, below or above it at the poles."""
    across, down = math.cos(angle), math.sin(angle)
    if across > 0.3:
        return x + NODE_RADIUS + 5, y + 4, "start"
    if across < -0.3:
        return x - NODE_RADIUS - 5, y + 4, "end"
    return x, (y - NODE_RADIUS - 6 if down < 0 else y + NODE_RADIUS + 15), "middle"


def _label_box(node: Node) -> tuple[float, float, float, float]:
    """The estimated left, top, right and bottom of a node and its label."""
    width = CHAR_WIDTH * min(len(node.label), LABEL_CHARS)
    left = {"start": node.label_x, "end": node.label_x - width}.get(node.anchor, node.label_x - width / 2)
    xs = (node.x - NODE_RADIUS, node.x + NODE_RADIUS, left, left + width)
    ys = (node.y - NODE_RADIUS, node.y + NODE_RADIUS, node.label_y - 11, node.label_y + 3)
    return min(xs), min(ys), max(xs), max(ys)


def _fit(nodes: Sequence[Node]) -> tuple[float, float, float, float]:
    """The box around every node and label, plus a margin."""
    if not nodes:
        return 0.0, 0.0, 0.0, 0.0
    boxes = [_label_box(node) for node in nodes]
    left, top = min(b[0] for b in boxes) - MARGIN, min(b[1] for b in boxes) - MARGIN
    right, bottom = max(b[2] for b in boxes) + MARGIN, max(b[3] for b in boxes) + MARGIN
    return round(left, 1), round(top, 1), round(right - left, 1), round(bottom - top, 1)


def reuse_graph(story_slice: StorySlice) -> Graph:
    """Place the story's articles on a circle sized to their number and draw an edge per reuse pair."""
    articles = story_slice.articles
    labels = outlet_labels(articles)
    pairs = story_slice.reuse
    radius = _radius(len(articles))
    originals = {p.origin for p in pairs if p.origin}
    places, nodes = {}, []
    for index, article in enumerate(articles):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(articles), 1)
        x, y = round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1)
        places[article.id] = (x, y)
        label_x, label_y, anchor = _label_place(x, y, angle)
        node = Node(article.id, labels[article.id], x, y, article.id in originals, label_x, label_y, anchor)
        nodes.append(node)
    edges = tuple(_edge(pair, places) for pair in pairs if pair.a in places and pair.b in places)
    box = _fit(nodes)
    return Graph(int(max(box[2], box[3])), tuple(nodes), edges, box)


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


def _extent(x: float, text: str, labelled: bool) -> tuple[float, float]:
    """The left and right of a mark at ``x`` and its label, placed as the template places it."""
    if not labelled:
        return x - 9, x + 9
    width = CHAR_WIDTH * min(len(text), 27)  # truncate(22) keeps up to 27
    return (x - 7 - width, x + 5) if x > CHART_WIDTH * 0.7 else (x - 5, x + 7 + width)


def _stack(
    axis: _Axis, items: list[tuple[date, Point]], base: float, step: float, labelled: bool = False
) -> list[Point]:
    """Place points at their date, each in the first row (``step`` apart) where it overlaps no earlier mark or label."""
    rows: list[float] = []  # the right edge of what each row holds so far
    placed = []
    for when, point in sorted(items, key=lambda item: item[0]):
        x = axis.place(when)
        left, right = _extent(x, point.text, labelled)
        row = next((number for number, edge in enumerate(rows) if edge < left), len(rows))
        if row == len(rows):
            rows.append(right)
        rows[row] = right
        placed.append(Point(x, base + step * row, point.number, point.date, point.text, point.sources))
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
    below = _stack(axis, published, shift + 30, 14, labelled=True)
    height = max([shift + 50.0] + [p.y + 20 for p in below])
    return Timeline(CHART_WIDTH, int(height), shift + 15, axis.ticks(), tuple(above), tuple(below))


#: Where the framing bars start (labels to the left) and how long the scale's maximum is drawn.
BAR_X = 200
BAR_LENGTH = 380
#: The framing axis ends at the first of these at or above the story's largest value (a round, stated maximum).
SCALE_ENDS = (10, 20, 50, 100)


@dataclass(frozen=True, slots=True)
class Bar:
    """One outlet's framing: loaded sentences per 100 of its own sentences (the bar), and its hedge count."""

    article_id: str
    label: str
    per_100: float
    loaded: int
    sentences: int
    width: float
    y: float
    terms: tuple[str, ...]
    hedges: int


@dataclass(frozen=True, slots=True)
class Bars:
    """The framing comparison chart: bars on one axis from 0 to ``scale_end`` loaded sentences per 100."""

    width: int
    height: int
    bars: tuple[Bar, ...]
    scale_end: int = SCALE_ENDS[0]
    axis_y: float = 0.0
    ticks: tuple[tuple[float, int], ...] = ()


def framing_chart(story_slice: StorySlice) -> Bars:
    """One horizontal bar per article: loaded sentences per 100 own sentences, on an axis every bar shares."""
    labels = outlet_labels(story_slice.articles)
    rows = sorted(story_slice.framing, key=lambda f: (-float(f.loaded_per_100), -float(f.score), f.article_id))
    largest = max([float(f.loaded_per_100) for f in rows], default=0.0)
    end = next((value for value in SCALE_ENDS if value >= largest), SCALE_ENDS[-1])
    bars = tuple(
        Bar(
            article_id=f.article_id,
            label=labels.get(f.article_id, f.article_id),
            per_100=float(f.loaded_per_100),
            loaded=len(f.loaded_sentences),
            sentences=f.sentences,
            width=round(BAR_LENGTH * min(float(f.loaded_per_100), end) / end, 1),
            y=10 + 28 * index,
            terms=f.loaded_terms,
            hedges=len(f.hedges),
        )
        for index, f in enumerate(rows)
    )
    if not bars:
        return Bars(CHART_WIDTH, 0, ())
    axis_y = 14.0 + 28 * len(bars)
    ticks = tuple((round(BAR_X + BAR_LENGTH * share, 1), round(end * share)) for share in (0.0, 0.5, 1.0))
    return Bars(CHART_WIDTH, int(axis_y + 30), bars, end, axis_y, ticks)
