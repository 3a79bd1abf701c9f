"""Small valid inputs of every format and the tokens that broke readers: what the fuzz test and
``bench/robustness.py`` mutate (all text invented, fiction)."""

from __future__ import annotations

import json

STORY = "The Millbrook council voted on Tuesday to rebuild the old river bridge, the mayor said. " * 3
SEEDS: dict[str, bytes] = {
    "page.html": (
        "<!doctype html><html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1>"
        f"<p>{STORY}</p><p>{STORY}</p></article></body></html>"
    ).encode(),
    "feed.rss": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Ledger</title>'
        "<item><title>Bridge</title><link>https://ledger.example/bridge</link>"
        f"<description>&lt;p&gt;{STORY}&lt;/p&gt;</description></item>"
        f"<item><title>Ferry</title><link>https://ledger.example/ferry</link><description>{STORY}</description>"
        "</item></channel></rss>"
    ).encode(),
    "batch.jsonl": (
        json.dumps({"id": "a", "title": "Bridge", "text": STORY, "url": "https://ledger.example/a"})
        + "\n"
        + json.dumps({"id": "b", "html": f"<p>{STORY}</p>", "published": "2031-05-06"})
        + "\n"
    ).encode(),
    "note.txt": STORY.encode(),
}
TOKENS = [
    b"&#xD800;",
    b"&#1114112;",
    b"&#0;",
    b"&#x110000;",
    b"\\ud800",
    b"\\udfff",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xed\xa0\x80",
    b"\xc3",
    b"<",
    b"]]>",
    b"<![CDATA[",
    b"<p>",
    b"</p>",
    b"<link>http://[::1</link>",
    b"http://0177.0.0.1/",
    b'"',
    b"{",
    b"[" * 3000,
    b"\n",
    b"\r",
    "\u2028".encode(),
    b"1e999999",
    b'"title": [1, 2]',
    b'"id": "a"',
]
