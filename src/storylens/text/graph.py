"""Graph primitives: the one union-find (disjoint sets) every capability uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

_Key = TypeVar("_Key", int, str)  # article ids, indices


class DisjointSet(Generic[_Key]):
    """Union-find with path halving; the root of every set is its smallest member, so labels are deterministic.

    Items are added on first sight (``find``/``union``) or up front; ``components`` lists each set's members in
    the order they were added.
    """

    def __init__(self, items: Iterable[_Key] = ()) -> None:
        self._parent: dict[_Key, _Key] = {}
        for item in items:
            self._parent.setdefault(item, item)

    def __contains__(self, item: object) -> bool:
        return item in self._parent

    def find(self, item: _Key) -> _Key:
        """Return the smallest member of the set holding ``item`` (adding it alone when new)."""
        parent = self._parent
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first: _Key, second: _Key) -> _Key:
        """Join the sets of two items; return the root of the joined set (the smaller of the two roots)."""
        a, b = self.find(first), self.find(second)
        if a == b:
            return a
        low, high = (a, b) if a < b else (b, a)
        self._parent[high] = low
        return low

    def roots(self) -> dict[_Key, _Key]:
        """Map every item, in the order added, to its set's root."""
        return {item: self.find(item) for item in list(self._parent)}

    def components(self) -> list[list[_Key]]:
        """The sets, each listing its members in the order added, ordered by their first member."""
        groups: dict[_Key, list[_Key]] = {}
        for item, root in self.roots().items():
            groups.setdefault(root, []).append(item)
        return list(groups.values())
