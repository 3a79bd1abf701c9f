"""Claims and conflicts: what each sentence states, and the facts the outlets disagree on."""

from storylens.stages.claims.conflicts import ClaimOptions, ClaimResult, analyze_claims
from storylens.stages.claims.slots import name_tokens

__all__ = ["ClaimOptions", "ClaimResult", "analyze_claims", "name_tokens"]
