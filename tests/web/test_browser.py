"""End-to-end in real headless Chromium: a reader opens the stories page, a story, a citation, and searches.

Needs Debian's chromium at /usr/bin/chromium (skips otherwise). Set ``STORYLENS_SCREENSHOTS=docs/screenshots``
to also write the story-page screenshots shown in the README.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storylens.store import open_store
from storylens.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, filler: Any, hostile: Any) -> Iterator[str]:
    """``uvicorn`` on a loopback port over a store of invented stories (plus one hostile one)."""
    import uvicorn

    store = open_store(tmp_path_factory.mktemp("browser") / "web.db")
    filler(store, count=3)
    articles, story_slice = hostile
    renamed = tuple(dataclasses.replace(article, id="x-" + article.id) for article in articles)
    for article in renamed:
        store.add_article(article)
    story = dataclasses.replace(story_slice.story, id="hostile")
    store.save_story(dataclasses.replace(story_slice, story=story, articles=renamed))
    port = _free_port()
    app = create_app(store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    app.state.storylens.index.wait()
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    yield opened
    opened.close()


def _screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("STORYLENS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_reader_opens_a_story_from_the_stories_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Stories"
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 4
    _screenshot(page, "stories-page.png")
    page.get_by_role("link", name="Old Quay Bridge in Marlow Bay closed after a crack is found").click()
    page.wait_for_url("**/stories/s0")
    assert page.locator("section#summary li").count() == 2
    assert page.locator("section#coverage .card").count() == 4
    assert page.locator("svg.graph circle.node").count() == 4
    assert page.locator("svg.graph line.edge").count() == 2
    assert page.locator("section#quotes").get_by_text("altered", exact=True).is_visible()
    assert page.locator("section#quotes del").count() >= 1
    assert page.locator("section#conflicts td.odd").inner_text() == "3 million crowns"
    assert page.locator("svg.timeline circle.event").count() == 2
    assert page.locator("section#entities tbody tr").count() == 4
    assert page.locator("svg.bars rect.bar").count() == 4
    _screenshot(page, "story-page.png")


def test_citation_opens_the_cited_passage(page: Any, base_url: str) -> None:
    page.goto(base_url + "/stories/s0")
    page.locator("section#summary a.cite").first.click()
    page.wait_for_url("**/articles/n00000-0*")
    marked = page.locator("span.mark")
    assert "".join(marked.all_inner_texts()).startswith("Engineers closed the Old Quay Bridge in Marlow Bay")
    assert marked.first.is_visible()
    assert page.locator(".text span.ent-PERSON").first.inner_text() == "Ines Corradi"
    _screenshot(page, "article-page.png")


def test_shared_passages_side_by_side(page: Any, base_url: str) -> None:
    page.goto(base_url + "/stories/s0")
    page.locator("section#reuse table a").first.click()
    page.wait_for_url("**/compare?*")
    assert page.locator(".split .panel").count() == 2
    assert page.locator(".split span.shared").count() == 2


def test_search_finds_quotes_and_articles(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Search").fill("bolt")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=bolt")
    assert page.locator("ul.hits li").count() >= 2
    assert page.locator("ul.hits mark").first.inner_text().lower().startswith("bolt")
    page.locator("ul.hits a").first.click()
    assert page.locator("h1").is_visible()


def test_filters_narrow_the_list(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Entity").fill("Marlow Bay 2")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("table.stories tbody tr").count() == 1


def test_hostile_article_runs_no_script(page: Any, base_url: str) -> None:
    for path in ("/stories/hostile", "/articles/x-n00000-0", "/search?q=alert"):
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        assert page.dialogs == []
        assert page.locator("img").count() == 0
    assert "<script>" in page.content() or page.locator("text=alert").count() >= 1


PAGES = (
    "/",
    "/stories/s0",
    "/stories/s0/compare?a=n00000-0&b=n00000-1",
    "/articles/n00000-0",
    "/search?q=Corradi",
    "/rejections",
    "/stories/s99",  # the error pages: a missing story and a missing article
    "/articles/nope",
)


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_fits_the_width_and_shows_the_search_button(browser: Any, base_url: str, width: int) -> None:
    opened = browser.new_page(viewport={"width": width, "height": 844})
    try:
        for path in PAGES:
            opened.goto(base_url + path)
            assert opened.locator("h1").first.is_visible(), path
            assert opened.evaluate("document.documentElement.scrollWidth") <= width, path
            button = opened.locator("header form.search button")
            assert button.is_visible(), path
            box = button.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, path
            if width == 390 and path == "/stories/s0":
                _screenshot(opened, "phone-story-page.png")
    finally:
        opened.close()


def test_phone_timeline_keeps_legible_labels(browser: Any, base_url: str) -> None:
    opened = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        opened.goto(base_url + "/stories/s0")
        chart = opened.locator("svg.timeline").bounding_box()
        assert chart is not None and chart["width"] >= 700  # drawn at its own size, scrolled within its panel
        assert opened.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        opened.close()


def test_the_api_docs_render_every_endpoint(page: Any, base_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert "Unable to render" not in page.content() and errors == []
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    for path in ("/stories/{story_id}.json", "/articles/{article_id}.json", "/rejections.json", "/api/ingest"):
        assert any(path in text.replace("\u200b", "") for text in summaries), path
