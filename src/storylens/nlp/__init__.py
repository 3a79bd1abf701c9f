"""Models behind one small interface, loaded lazily once per process."""

from __future__ import annotations

from storylens.nlp.embeddings import Embedder, load_embedder
from storylens.nlp.spacy_model import load_spacy, parse

__all__ = ["Embedder", "load_embedder", "load_spacy", "parse"]
