"""Clean: a raw document becomes an article — extraction, page furniture removed, glued words repaired, metadata."""

from storylens.stages.clean.document import CleanOptions, clean_document, clean_text, content_hash

__all__ = ["CleanOptions", "clean_document", "clean_text", "content_hash"]
