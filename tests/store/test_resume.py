"""A run killed halfway keeps what it committed, and the next run continues without redoing it.

Starts ``storylens analyze`` as a subprocess on many generated (invented) inputs, kills it once articles are
being committed, checks the database, then re-runs the ingest to completion.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

COUNT = 1200
WORDS = (
    "council",
    "bridge",
    "river",
    "mayor",
    "vote",
    "budget",
    "harbour",
    "ferry",
    "school",
    "road",
    "winter",
    "storm",
    "repair",
    "station",
    "museum",
)


def _write_inputs(folder: Path) -> None:
    folder.mkdir()
    for number in range(COUNT):
        words = [WORDS[(number * 7 + index * 3) % len(WORDS)] for index in range(60)]
        body = ". ".join(" ".join(words[i : i + 12]).capitalize() for i in range(0, 60, 12))
        (folder / f"a{number:05d}.txt").write_text(f"Invented story {number}\n\n{body}. Item {number} ends.\n")


def _count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def _storylens(*args: str) -> list[str]:
    return [sys.executable, "-m", "storylens", *args]


@pytest.mark.slow
def test_a_killed_run_keeps_its_commits_and_the_next_run_continues(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "s.db"
    _write_inputs(folder)
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        _storylens("analyze", str(folder), "--db", str(db)), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 300
    while _count(db, "articles") < 50 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL, "the run finished before it could be killed"

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        before = dict(connection.execute("SELECT id, added FROM articles").fetchall())
    assert 50 <= len(before) < COUNT

    rerun = subprocess.run(
        _storylens("ingest", str(folder), "--db", str(db)),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as connection:
        after = dict(connection.execute("SELECT id, added FROM articles").fetchall())
        raw = connection.execute("SELECT count(*) FROM raw_documents").fetchone()[0]
    assert len(after) == raw == COUNT
    assert all(after[key] == added for key, added in before.items())  # committed work was not cleaned again
