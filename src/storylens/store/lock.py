"""One writer at a time per store: an advisory lock on a file beside the database.

Analysis loads the story state, numbers stories from it and saves them; two runs doing that at once both number
from the same state and overwrite each other's stories. So analysis holds this lock from loading the state to
saving the last story; a second run waits for the first (saying so once) and then builds on what it saved.

The lock is ``flock`` on ``<db>.lock``, never on the database itself: closing any descriptor of the database
would drop SQLite's own POSIX locks. The kernel releases it when its holder dies, so a killed run never leaves
a stale lock. The lock is re-entrant within one process and thread-safe.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from storylens.errors import StoreError

log = logging.getLogger("storylens")


class WriterLock:
    """A re-entrant, inter-process exclusive lock on ``path``."""

    def __init__(self, path: str, poll_s: float = 0.2, timeout_s: float = 3600.0) -> None:
        self.path = path
        self.poll_s, self.timeout_s = poll_s, timeout_s
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def _try(self, fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _acquire(self, what: str) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout_s
        told = False
        while not self._try(fd):
            if not told:
                log.warning("another storylens run is writing to %s; waiting for it to finish", what)
                told = True
            if time.monotonic() > deadline:
                os.close(fd)
                raise StoreError(f"{what}: another storylens run has held the store for {self.timeout_s:g}s; try later")
            time.sleep(self.poll_s)
        self._fd = fd

    @contextmanager
    def hold(self, what: str) -> Iterator[None]:
        """Hold the lock for the ``with`` block, waiting for another holder (``what`` names the store)."""
        with self._thread_lock:
            if self._depth == 0:
                self._acquire(what)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._fd is not None:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)
                    os.close(self._fd)
                    self._fd = None
