"""`storylens framing fit`: fits on a supplied file, stores weights in the user's data dir, and analyze picks them up.

The labelled sentences are fiction written for these tests; the sentence model is replaced by a fixed stand-in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.stages.test_framing_choices import LOADED, NEUTRAL, _Embedder
from typer.testing import CliRunner

from storylens.cli import _framing_options, app


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr("storylens.nlp.load_embedder", _Embedder)


def _labelled(path: Path) -> Path:
    rows = [{"text": t, "label": 1} for t in LOADED] + [{"text": t, "label": 0} for t in NEUTRAL]
    path.write_text("\n".join(json.dumps(row) for row in rows))
    return path


def test_fit_stores_weights_in_the_data_dir_and_analyze_uses_them(tmp_path: Path) -> None:
    assert _framing_options().model_path == ""  # nothing fitted: the lexicon rule
    result = CliRunner().invoke(app, ["framing", "fit", str(_labelled(tmp_path / "mine.jsonl"))])
    assert result.exit_code == 0, result.output
    stored = tmp_path / "data" / "storylens" / "framing-model.json"
    weights = json.loads(stored.read_text())
    assert weights["trained_on"] == {"file": "mine.jsonl", "sentences": 40}
    assert len(weights["coef"]) == len(weights["mean"]) > 384
    assert _framing_options().model_path == str(stored)


def test_fit_on_a_bad_file_is_one_line_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "few.jsonl"
    bad.write_text(json.dumps({"text": "One sentence.", "label": 1}))
    result = CliRunner().invoke(app, ["framing", "fit", str(bad)])
    assert result.exit_code == 2
    assert "few.jsonl" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(app, ["framing", "fit", str(tmp_path / "absent.jsonl")])
    assert missing.exit_code == 2 and "absent.jsonl" in missing.output
