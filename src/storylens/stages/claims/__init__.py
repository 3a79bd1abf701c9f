"""Claims and conflicts: what each sentence asserts, and the facts the outlets disagree on."""

from storylens.stages.claims.conflicts import ClaimOptions, analyze_claims

__all__ = ["ClaimOptions", "analyze_claims"]
