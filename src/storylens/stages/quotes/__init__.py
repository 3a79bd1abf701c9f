"""Quotes: who said what, the same quotation followed across outlets, and how faithfully each quoted it."""

from storylens.stages.quotes.extract import extract_quotes, link_quotes
from storylens.stages.quotes.options import QuoteOptions

__all__ = ["QuoteOptions", "extract_quotes", "link_quotes"]
