"""The one union-find: smallest member as root, components in insertion order."""

from __future__ import annotations

from storylens.text.graph import DisjointSet


def test_union_joins_sets_under_their_smallest_member() -> None:
    sets = DisjointSet(["d", "b", "c", "a"])
    sets.union("d", "c")
    sets.union("c", "a")
    assert sets.find("d") == "a"
    assert sets.find("b") == "b"
    assert sets.components() == [["d", "c", "a"], ["b"]]


def test_find_adds_unseen_items_alone() -> None:
    sets: DisjointSet[int] = DisjointSet()
    assert sets.find(7) == 7
    assert 7 in sets and 8 not in sets
    assert sets.union(9, 7) == 7
    assert sets.roots() == {7: 7, 9: 7}


def test_long_chains_collapse() -> None:
    sets = DisjointSet(range(1000))
    for number in range(999, 0, -1):
        sets.union(number, number - 1)
    assert {sets.find(number) for number in range(1000)} == {0}
