"""URL ingest against a server on loopback: SSRF guard, redirects, timeouts, size cap, feeds (fiction texts)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest

from loopback_server import Route, Site, serve
from storylens.ingest import IngestOptions, read_inputs
from storylens.ingest import url as url_module
from storylens.model import RawDocument, Rejection

STORY = "The Millbrook council voted on Tuesday to rebuild the old river bridge, the mayor said."
OPEN = IngestOptions(allow_private=True, timeout_s=2.0)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


def read(url: str, options: IngestOptions = OPEN) -> list[RawDocument | Rejection]:
    return list(read_inputs([url], options))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.9",
        "172.16.4.4",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "224.0.0.1",
        "0.0.0.0",
        "::ffff:127.0.0.1",
        "fc00::1",
        "240.0.0.1",
        "100.64.0.1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert url_module.refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::6810:85e5", "8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert url_module.refusal(ipaddress.ip_address(address)) is None


def test_loopback_is_refused_by_default(site: Site) -> None:
    site.routes["/page"] = Route(f"<html><body><p>{STORY}</p></body></html>".encode())
    for target in (f"{site.base}/page", site.base.replace("127.0.0.1", "localhost") + "/page"):
        before = len(site.requests)
        rejection = read(target, IngestOptions())
        assert len(rejection) == 1 and isinstance(rejection[0], Rejection)
        assert rejection[0].reason.startswith("refused") and "loopback" in rejection[0].reason
        assert len(site.requests) == before  # never contacted


def test_html_page_with_allow_private(site: Site) -> None:
    site.routes["/news/bridge"] = Route(f"<html><body><p>{STORY}</p></body></html>".encode())
    (raw,) = read(f"{site.base}/news/bridge")
    assert isinstance(raw, RawDocument)
    assert (raw.kind, raw.url, raw.source) == ("html", f"{site.base}/news/bridge", "127.0.0.1")
    assert STORY in raw.content and len(raw.id) == 16


def test_every_redirect_hop_is_checked(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.routes["/hop"] = Route(status=302, headers={"Location": f"http://127.0.0.2:{site.base.rsplit(':', 1)[1]}/x"})
    real = url_module.refusal
    monkeypatch.setattr(url_module, "refusal", lambda a: "blocked" if str(a) == "127.0.0.2" else real(a) and None)
    (rejection,) = read(f"{site.base}/hop", IngestOptions(timeout_s=2.0))
    assert isinstance(rejection, Rejection) and "127.0.0.2" in rejection.reason
    assert site.hits("/hop") == 1


def test_redirects_are_followed_and_bounded(site: Site) -> None:
    site.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    site.routes["/new"] = Route(f"<html><body><p>{STORY}</p></body></html>".encode())
    site.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    (raw,) = read(f"{site.base}/old")
    assert isinstance(raw, RawDocument) and raw.url == f"{site.base}/new"
    (loop,) = read(f"{site.base}/loop", IngestOptions(allow_private=True, max_redirects=3))
    assert isinstance(loop, Rejection) and "too many redirects" in loop.reason
    assert site.hits("/loop") == 4


def test_timeout_size_cap_status_and_type(site: Site) -> None:
    site.routes["/slow"] = Route(b"<p>late</p>", delay_s=1.5)
    site.routes["/big"] = Route(b"<p>" + b"x" * 5000 + b"</p>")
    site.routes["/pdf"] = Route(b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    quick = IngestOptions(allow_private=True, timeout_s=0.5, max_bytes=1000)
    slow, big, missing, pdf = (read(f"{site.base}/{name}", quick)[0] for name in ("slow", "big", "missing", "pdf"))
    assert isinstance(slow, Rejection) and slow.reason.startswith("timed out")
    assert isinstance(big, Rejection) and "too large" in big.reason
    assert isinstance(missing, Rejection) and missing.reason == "HTTP 404"
    assert isinstance(pdf, Rejection) and "content type" in pdf.reason


def test_unreachable_port() -> None:
    (rejection,) = read("http://127.0.0.1:9/nothing")
    assert isinstance(rejection, Rejection) and rejection.reason.startswith("fetch failed")


def test_a_feed_url_is_read_as_a_feed(site: Site) -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Ledger</title>'
        f"<item><title>Bridge</title><link>https://ledger.example/1</link><description>{STORY}</description></item>"
        "</channel></rss>"
    ).encode()
    site.routes["/feed"] = Route(rss, headers={"Content-Type": "application/rss+xml"})
    site.routes["/feed-as-text"] = Route(rss, headers={"Content-Type": "text/plain"})
    for path in ("/feed", "/feed-as-text"):
        (entry,) = read(site.base + path)
        assert isinstance(entry, RawDocument)
        assert (entry.source, entry.url, entry.title) == ("Valley Ledger", "https://ledger.example/1", "Bridge")
