"""Fetch ``http(s)://`` inputs safely: timeouts, a size cap, bounded redirects and an SSRF guard.

The guard sits in the connection layer (an httpcore network backend): every host name is resolved by us, every
resolved address is checked, and the socket is opened to a checked address. So each redirect hop is checked and a
DNS answer cannot change between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
import xxhash

from storylens.errors import FetchRefused
from storylens.ingest.options import IngestOptions
from storylens.model import Rejection

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def url_id(url: str) -> str:
    """A stable id for a document known by its URL (xxh3-64 hex)."""
    return xxhash.xxh3_64_hexdigest(url.encode("utf-8", "surrogatepass"))


def web_url(link: str | None) -> str | None:
    """``link`` when it is a well-formed http(s) URL with a host, else None (feeds carry broken links)."""
    if not link:
        return None
    try:
        parts = urlsplit(link.strip())
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        return None
    return link.strip() if parts.scheme in ("http", "https") and parts.hostname else None


def domain_of(url: str | None) -> str | None:
    """The outlet's domain of ``url`` (lower case, without ``www.``), or None."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:  # an unclosed IPv6 bracket or a bad port: a link, not an outlet
        return None
    return host.removeprefix("www.") or None


def refusal(address: IPAddress) -> str | None:
    """Say why the fetcher must not connect to ``address``, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (
        ("loopback", address.is_loopback),
        ("private", address.is_private),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved or address.is_unspecified),
        ("non-public", not address.is_global),  # shared (carrier NAT), documentation and benchmark ranges
    )
    for name, hit in checks:
        if hit:
            return f"{name} address {address}"
    return None


def resolve_allowed(host: str, port: int, allow_private: bool) -> list[str]:
    """Resolve ``host`` and return its addresses, refusing the lot if any one is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for text in addresses:
            reason = refusal(ipaddress.ip_address(text.split("%", 1)[0]))
            if reason:
                raise FetchRefused(f"refused: {host} resolves to a {reason} (use --allow-private to permit)")
    return addresses


class _GuardedBackend(httpcore.NetworkBackend):
    """Opens TCP connections only to addresses ``resolve_allowed`` accepts."""

    def __init__(self, allow_private: bool) -> None:
        self._inner = httpcore.SyncBackend()
        self._allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect to the first reachable checked address of ``host``."""
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in resolve_allowed(host, port, self._allow_private):
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None
    ) -> httpcore.NetworkStream:
        """Refuse: a URL never reaches a local socket."""
        raise FetchRefused("refused: unix sockets")

    def sleep(self, seconds: float) -> None:
        """Sleep (used by httpcore's retries)."""
        self._inner.sleep(seconds)


@lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process (loading the CA bundle costs about 0.1 s a client)."""
    return httpx.create_ssl_context()


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the guarded network backend underneath."""

    def __init__(self, allow_private: bool) -> None:
        super().__init__(retries=0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(allow_private),
        )


def make_client(options: IngestOptions) -> httpx.Client:
    """An httpx client with the SSRF guard, timeouts and no environment proxies (they would bypass the guard)."""
    return httpx.Client(
        transport=_GuardedTransport(options.allow_private),
        timeout=httpx.Timeout(options.timeout_s),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": options.user_agent},
    )


@dataclass(frozen=True, slots=True)
class Fetched:
    """A final (non-redirect) HTTP response, its body read within the size cap."""

    url: str
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _read_body(response: httpx.Response, url: str, options: IngestOptions, deadline: float) -> bytes | Rejection:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > options.max_bytes:
        return Rejection(url, f"response too large ({declared} bytes, limit {options.max_bytes})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > options.max_bytes:
            return Rejection(url, f"response too large (over {options.max_bytes} bytes)")
        if time.monotonic() > deadline:  # a server trickling bytes never trips the read timeout
            return Rejection(url, f"timed out after {options.timeout_s:g}s")
        chunks.append(chunk)
    return b"".join(chunks)


def _get_once(
    client: httpx.Client, url: str, headers: Mapping[str, str], options: IngestOptions, deadline: float
) -> Fetched | Rejection:
    with client.stream("GET", url, headers=dict(headers)) as response:
        lowered = {key.lower(): value for key, value in response.headers.items()}
        if response.status_code in _REDIRECTS and "location" in lowered:
            return Fetched(urljoin(url, lowered["location"]), response.status_code, lowered)
        body = _read_body(response, url, options, deadline)
        if isinstance(body, Rejection):
            return body
        return Fetched(str(response.url), response.status_code, lowered, body)


def fetch(
    url: str, options: IngestOptions, client: httpx.Client, headers: Mapping[str, str] | None = None
) -> Fetched | Rejection:
    """GET ``url`` following at most ``max_redirects`` checked hops; failures are a Rejection naming ``url``."""
    deadline = time.monotonic() + options.timeout_s * 3
    current = url
    for _hop in range(options.max_redirects + 1):
        try:
            if urlsplit(current).scheme not in ("http", "https"):
                return Rejection(url, f"refused: redirect to a non-HTTP URL {current}")
            result = _get_once(client, current, headers or {}, options, deadline)
        except FetchRefused as exc:
            return Rejection(url, str(exc))
        except httpx.TimeoutException:
            return Rejection(url, f"timed out after {options.timeout_s:g}s")
        except httpx.HTTPError as exc:
            return Rejection(url, f"fetch failed: {exc or type(exc).__name__}")
        except (httpx.InvalidURL, ValueError) as exc:  # e.g. http://0177.0.0.1/ or an unclosed [IPv6
            return Rejection(url, f"invalid URL: {exc}")
        if isinstance(result, Rejection) or result.status not in _REDIRECTS:
            return result
        current = result.url
    return Rejection(url, f"too many redirects (more than {options.max_redirects})")
