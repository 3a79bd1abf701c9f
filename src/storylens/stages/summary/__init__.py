"""Summary: a neutral multi-source summary in which every sentence cites its supporting articles."""

from storylens.stages.summary.summarize import SummaryOptions, summarize_story

__all__ = ["SummaryOptions", "summarize_story"]
