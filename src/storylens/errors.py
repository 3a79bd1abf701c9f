"""Errors storylens raises; one root so callers can catch everything of ours.

    StorylensError
    ├── InputError        an input that cannot be read (file, line, URL); carries a one-line message
    ├── FetchRefused      a URL the fetcher will not contact (private address, scheme, size)
    ├── StoreError        the store cannot be opened or migrated
    └── ConfigError       an option or engine that does not exist or is not installed

Rejected *inputs* during a run are values (``model.Rejection``), not exceptions: these errors are for
the adapters (CLI, web) to turn into one clear line and a non-zero exit.
"""

from __future__ import annotations


class StorylensError(Exception):
    """Root of every storylens error."""


class InputError(StorylensError):
    """An input cannot be read; the message names it."""


class FetchRefused(InputError):
    """The fetcher refuses a URL (private address, bad scheme, too large)."""


class StoreError(StorylensError):
    """The store cannot be opened, migrated or written."""


class ConfigError(StorylensError):
    """An option, engine or extra that does not exist or is not installed."""
