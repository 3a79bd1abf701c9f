"""Pool workers end when their driver is killed (issue 18 item 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

DRIVER = """
import sys, time
from storylens.backends.local import ProcessBackend
from pidmod import pid_of

backend = ProcessBackend(workers=2)
pids = sorted(set(backend.map(pid_of, range(64), chunksize=1)))
print(" ".join(map(str, pids)), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead but still listed until reaped
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False


@pytest.mark.timeout(120)
def test_workers_exit_when_the_driver_is_killed(tmp_path: Path) -> None:
    (tmp_path / "pidmod.py").write_text(
        textwrap.dedent("""
        import os, time

        def pid_of(item):
            time.sleep(0.01)
            return os.getpid()
        """)
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    driver = subprocess.Popen([sys.executable, "-c", DRIVER], stdout=subprocess.PIPE, text=True, env=env)
    assert driver.stdout is not None
    workers = [int(pid) for pid in driver.stdout.readline().split()]
    assert workers and driver.pid not in workers
    assert all(_alive(pid) for pid in workers)
    driver.send_signal(signal.SIGKILL)
    driver.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)
