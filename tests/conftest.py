"""Shared fixtures: paths to ../shared (tests skip cleanly when absent) and small written-by-us texts."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# The suite is a gate, not a search: the same examples every run (CI must not turn red on a new random draw).
# bench/robustness.py is where fresh mutations are searched for.
settings.register_profile("storylens", derandomize=True, database=None)
settings.load_profile("storylens")

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# A framing judge the developer fitted for themselves (`storylens framing fit`) must not change what tests see.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="storylens-test-data-")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    """The five seed articles."""
    path = shared_dir / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not present")
    return path


@pytest.fixture(scope="session", params=["repo", "shared"])
def schema(request: pytest.FixtureRequest) -> dict[str, object]:
    """The report JSON schema: the repository's copy (``spec/``, extended with our additive fields) and the
    contract's original in ``../shared/spec`` (skipped when absent); a report must satisfy both."""
    import json

    base = ROOT if request.param == "repo" else SHARED
    path = base / "spec" / "report.schema.json"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    loaded: dict[str, object] = json.loads(path.read_text())
    return loaded
