"""Turn what the ingest form sends (pasted text, a URL, uploaded files) into pipeline inputs.

The web adds no analysis of its own: it writes what it received into a temporary folder as ordinary
input files and hands their paths (and any URL) to the same pipeline the CLI runs. Here it only checks
what may come in: size caps, allowed file types (by extension *and* by content), http(s) URLs only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import xxhash

from storylens.present.render import safe_url

TEXT_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".xml", ".rss", ".atom")
BINARY_SUFFIXES = (".gz", ".warc")


class UploadRefused(ValueError):
    """An upload or form field that is not accepted; the message is shown to the user."""


@dataclass(frozen=True)
class Upload:
    """One uploaded file as received."""

    name: str
    data: bytes


@dataclass(frozen=True)
class IngestForm:
    """What the ingest form holds."""

    text: str = ""
    title: str = ""
    source: str = ""
    url: str = ""
    uploads: tuple[Upload, ...] = ()


def safe_name(name: str) -> str:
    """Reduce an uploaded file name to a harmless base name (no folders, no leading dots)."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip("._")
    return cleaned[:120] or "upload.txt"


def check_upload(upload: Upload, max_bytes: int) -> str:
    """Return the safe file name for an acceptable upload, or raise :class:`UploadRefused`."""
    name = safe_name(upload.name)
    lower = name.lower()
    if len(upload.data) > max_bytes:
        raise UploadRefused(f"{name}: larger than {max_bytes // 1_000_000} MB")
    if not upload.data:
        raise UploadRefused(f"{name}: empty file")
    if lower.endswith(".gz"):
        if not upload.data.startswith(b"\x1f\x8b"):
            raise UploadRefused(f"{name}: not gzip data")
    elif lower.endswith(".warc"):
        if not upload.data.startswith(b"WARC/"):
            raise UploadRefused(f"{name}: not a WARC file")
    elif lower.endswith(TEXT_SUFFIXES):
        if b"\x00" in upload.data[:65536]:  # text formats never hold NUL bytes; binaries nearly always do
            raise UploadRefused(f"{name}: binary data in a text file")
    else:
        allowed = ", ".join(TEXT_SUFFIXES + BINARY_SUFFIXES)
        raise UploadRefused(f"{name}: unsupported file type (allowed: {allowed})")
    return name


def write_inputs(form: IngestForm, folder: Path, max_bytes: int) -> list[str]:
    """Check the form and write it as pipeline inputs into ``folder``; return the inputs to analyse."""
    inputs: list[str] = []
    if form.text.strip():
        if len(form.text.encode("utf-8")) > max_bytes:
            raise UploadRefused(f"pasted text: larger than {max_bytes // 1_000_000} MB")
        digest = xxhash.xxh64_hexdigest(form.text.encode("utf-8"))[:12]
        record = {
            "id": f"pasted-{digest}",
            "text": form.text,
            "title": form.title.strip() or None,
            "source": form.source.strip() or None,
        }
        path = folder / f"pasted-{digest}.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        inputs.append(str(path))
    if form.url.strip():
        url = safe_url(form.url)
        if url is None:
            raise UploadRefused("only http(s) URLs can be fetched")
        inputs.append(url)
    used: set[str] = set()
    for upload in form.uploads:
        name = check_upload(upload, max_bytes)
        while name in used:  # two uploads with one name must not overwrite each other
            name = "_" + name
        used.add(name)
        (folder / name).write_bytes(upload.data)
        inputs.append(str(folder / name))
    if not inputs:
        raise UploadRefused("nothing to analyse: paste a text, give a URL or choose files")
    return inputs
