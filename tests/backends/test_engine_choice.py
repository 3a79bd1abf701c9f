"""The default engine uses the machine: processes when cores are free, this process otherwise."""

from __future__ import annotations

import pytest

from storylens.backends import base
from storylens.backends.local import ProcessBackend, SequentialBackend
from storylens.errors import ConfigError


def test_auto_engine_uses_processes_only_with_cores_to_spare(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "free_cores", lambda: 2)
    pooled = base.get_backend("auto")
    assert isinstance(pooled, ProcessBackend) and pooled.workers == 2
    monkeypatch.setattr(base, "free_cores", lambda: 1)
    assert isinstance(base.get_backend("auto"), SequentialBackend)
    assert isinstance(base.get_backend("auto", workers=1), SequentialBackend)


def test_unknown_engine_names_the_choices() -> None:
    with pytest.raises(ConfigError, match="auto, sequential, local or ray"):
        base.get_backend("threads")
