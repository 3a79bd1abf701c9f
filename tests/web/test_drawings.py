"""Reuse graph and timeline geometry: drawings fit their marks and labels do not overlap (invented stories)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from storylens.model import Article, Reuse, Story, StorySlice
from storylens.present import svg

_NAMES = ("Harbour Lantern Weekly", "The Quayside Herald", "Northmoor Evening Post", "Saltmarsh Gazette and Times")


def _slice(count: int, days: int = 1) -> StorySlice:
    """``count`` invented articles from outlets with long names, published ``days`` apart."""
    start = date(2031, 3, 1)
    articles = tuple(
        Article(
            f"a{i}",
            "An invented text.",
            source=f"{_NAMES[i % 4]} {i}",
            published=(start + timedelta(days=i * days)).isoformat(),
        )
        for i in range(count)
    )
    reuse = tuple(Reuse(f"a{i}", f"a{i + 1}", "rewrite", 0.8, origin=f"a{i}") for i in range(count - 1))
    return StorySlice(Story("s", "t", tuple(a.id for a in articles)), articles, reuse=reuse)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _text_box(node: svg.Node) -> tuple[float, float, float, float]:
    width = svg.CHAR_WIDTH * min(len(node.label), svg.LABEL_CHARS)
    left = {"start": node.label_x, "end": node.label_x - width}.get(node.anchor, node.label_x - width / 2)
    return left, node.label_y - 11, left + width, node.label_y + 3


def test_three_nodes_leave_no_empty_canvas() -> None:
    graph = svg.reuse_graph(_slice(3))
    left, top, width, height = graph.box
    assert width * height < 0.6 * 420 * 420
    for node in graph.nodes:  # every node and label inside the box, none farther than a margin from an edge
        box = _text_box(node)
        assert left <= min(box[0], node.x - 16) and max(box[2], node.x + 16) <= left + width
        assert top <= min(box[1], node.y - 16) and max(box[3], node.y + 16) <= top + height
    assert min(min(n.y - 16, n.label_y - 11) for n in graph.nodes) - top <= svg.MARGIN + 0.1
    assert top + height - max(max(n.y + 16, n.label_y + 3) for n in graph.nodes) <= svg.MARGIN + 0.1


def test_graph_labels_do_not_overlap_each_other_or_nodes() -> None:
    for count in (2, 3, 5, 8, 12):
        graph = svg.reuse_graph(_slice(count))
        labels = [_text_box(node) for node in graph.nodes]
        circles = [(n.x - 16, n.y - 16, n.x + 16, n.y + 16) for n in graph.nodes]
        for first, second in itertools.combinations(range(count), 2):
            assert not _overlap(labels[first], labels[second]), (count, first, second)
            assert not _overlap(labels[first], circles[second]) and not _overlap(labels[second], circles[first])


def test_timeline_labels_on_nearby_days_take_separate_rows() -> None:
    chart = svg.timeline_chart(_slice(6, days=1))
    placed = []
    for point in chart.published:
        width = svg.CHAR_WIDTH * min(len(point.text), 27)
        right_side = point.x > svg.CHART_WIDTH * 0.7
        left = point.x - 7 - width if right_side else point.x - 5
        placed.append((left, point.y - 10, left + width + 12, point.y + 2))
    assert len({p[1] for p in placed}) > 1
    assert not any(_overlap(a, b) for a, b in itertools.combinations(placed, 2))
    assert chart.height >= max(p.y for p in chart.published) + 10
