"""Framing: loaded language and hedging per article and per outlet."""

from storylens.stages.framing.measure import FramingOptions, compare_outlets, measure_framing

__all__ = ["FramingOptions", "compare_outlets", "measure_framing"]
