"""Cross-site request forgery: state-changing requests are accepted only from this site's own pages.

A browser says where a request comes from (``Sec-Fetch-Site``, ``Origin``); a page on another site can make a
visitor's browser POST to a server on their machine, so an unsafe method is refused when the browser says it
came from elsewhere. ``Origin: null`` (sandboxed frames, ``data:`` pages, some redirects) is refused too.
Clients that send neither header (curl, scripts) are not browsers and carry no ambient credentials to abuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_TRUSTED_FETCH_SITES = frozenset({"same-origin", "none"})  # "none": typed in the address bar, a bookmark


def cross_site_refusal(method: str, headers: Mapping[str, str]) -> str | None:
    """Say why a request must be refused as cross-site, or None when it may proceed.

    Args:
        method: the HTTP method.
        headers: the request headers, with lower-case names.
    """
    if method.upper() in SAFE_METHODS:
        return None
    fetch_site = headers.get("sec-fetch-site", "").strip().lower()
    if fetch_site and fetch_site not in _TRUSTED_FETCH_SITES:
        return f"cross-site request refused (Sec-Fetch-Site: {fetch_site})"
    origin = headers.get("origin")
    if origin is None:
        return None
    if origin.strip().lower() == "null":
        return "cross-site request refused (Origin: null)"
    try:
        netloc = urlsplit(origin.strip()).netloc.lower()
    except ValueError:
        netloc = ""
    if not netloc or netloc != headers.get("host", "").strip().lower():
        return "cross-site request refused (Origin is another site)"
    return None
