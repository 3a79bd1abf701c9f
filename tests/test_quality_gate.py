"""The quality gate: key figures on fixed subsets stay above their pinned floors (skipped without ../shared)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_key_figures_stay_above_their_floors(shared_dir: Path) -> None:
    if not (shared_dir / "datasets").is_dir():
        pytest.skip("../shared/datasets is not present")
    done = subprocess.run(
        [sys.executable, "bench/gate.py"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BELOW FLOOR" not in done.stdout
