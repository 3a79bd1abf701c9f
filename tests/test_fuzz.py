"""Bounded fuzzing of everything a user can feed in: HTML, JSONL, feeds and URLs (issue 18 item 2).

Each example mutates a small valid input (invented, fiction) with tokens that broke readers before: invalid
character references, lone surrogates, deep nesting, bad bytes, broken links. Whatever comes out, reading,
cleaning and storing must give documents or rejections: no exception, and no reader failure caught only by the
last-resort guard (a rejection reading ``cannot read: SomeError``). Bench: ``bench/robustness.py`` (3,000+).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_inputs import SEEDS, TOKENS
from storylens.errors import FetchRefused
from storylens.ingest import IngestOptions, read_inputs
from storylens.ingest import url as url_module
from storylens.model import RawDocument, Rejection
from storylens.stages.clean import CleanOptions, clean_document, content_hash
from storylens.store.sqlite import SQLiteStore

# The last-resort guard in read_inputs turns a reader's exception into "cannot read: ErrorName: ...".
_GUARDED = re.compile(r"cannot read: [A-Z]\w*(Error|Exception|Warning)\b")

mutation = st.tuples(
    st.sampled_from(["insert", "delete", "duplicate", "replace"]),
    st.integers(0, 10_000),
    st.integers(0, 300),
    st.one_of(st.sampled_from(TOKENS), st.binary(max_size=16)),
)


def mutate(data: bytes, operations: list[tuple[str, int, int, bytes]]) -> bytes:
    """Apply the operations in order (positions wrap around the data)."""
    for name, where, length, token in operations:
        at = where % (len(data) + 1)
        if name == "insert":
            data = data[:at] + token + data[at:]
        elif name == "delete":
            data = data[:at] + data[at + length :]
        elif name == "duplicate":
            data = data[:at] + data[at : at + length] * 3 + data[at:]
        else:
            data = data[:at] + token + data[at + len(token) :]
    return data


def consume(inputs: list[str], store: SQLiteStore) -> list[RawDocument | Rejection]:
    """Read, clean and store ``inputs`` as the pipeline does; return what reading gave."""
    items = list(read_inputs(inputs, IngestOptions(max_bytes=200_000)))
    for item in items:
        if isinstance(item, Rejection):
            assert not _GUARDED.search(item.reason), item
            store.add_rejection(item)
            continue
        cleaned = clean_document(item, CleanOptions())
        store.add_raw(item, content_hash(item))
        if not isinstance(cleaned, Rejection):
            store.add_article(cleaned)
    return items


STORE = SQLiteStore(":memory:")  # one store for every example: opening one costs more than an example


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """URLs are parsed and checked but never resolved: every host is refused before any connection."""

    def refuse(host: str, port: int, allow_private: bool) -> list[str]:
        raise FetchRefused(f"refused: {host} (no network in tests)")

    monkeypatch.setattr(url_module, "resolve_allowed", refuse)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(sorted(SEEDS)), operations=st.lists(mutation, max_size=6))
def test_mutated_files_are_read_cleaned_and_stored_or_rejected(name: str, operations: list) -> None:  # type: ignore[type-arg]
    data = mutate(SEEDS[name], operations)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        items = consume([str(path)], STORE)
    assert items, "every input gives at least a document or a rejection"


HOSTS = st.sampled_from(
    ["0177.0.0.1", "[::1", "[::1]", "127.1", "0x7f.1", "exa mple.org", "ex\u00e4mple.org", "a" * 300, "", ":80"]
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "ftp", "file", "javascript"]),
    host=st.one_of(HOSTS, st.text(max_size=20)),
    port=st.one_of(st.just(""), st.integers(-5, 100_000).map(lambda n: f":{n}"), st.text(max_size=4)),
    path=st.text(max_size=20),
)
def test_mutated_urls_are_rejections(scheme: str, host: str, port: str, path: str) -> None:
    url = f"{scheme}://{host}{port}/{path}"
    items = list(read_inputs([url], IngestOptions(timeout_s=1)))
    assert items and all(isinstance(item, Rejection) for item in items)
    assert not any(_GUARDED.search(item.reason) for item in items if isinstance(item, Rejection))
