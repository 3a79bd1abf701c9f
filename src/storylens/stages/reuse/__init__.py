"""Reuse: duplicates, rewrites and paraphrases, the passages they share, and who copied whom."""

from storylens.stages.reuse.find import ReuseOptions, find_reuse, find_reuse_grown, judge_reuse, originals_of

__all__ = ["ReuseOptions", "find_reuse", "find_reuse_grown", "judge_reuse", "originals_of"]
