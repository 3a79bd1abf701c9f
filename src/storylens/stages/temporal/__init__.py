"""Temporal expressions: a rule-based tagger resolving dates against each article's publication date."""

from storylens.stages.temporal.times import TimeOptions, find_times

__all__ = ["TimeOptions", "find_times"]
