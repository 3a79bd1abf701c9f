"""Labels explained: the framing scale, hedges, fidelity, the loaded-sentence underline, cleaning (fiction)."""

from __future__ import annotations

import dataclasses

from fastapi.testclient import TestClient

from sample_story import sample_story
from storylens.store import open_store
from storylens.store.sqlite import SQLiteStore
from storylens.web import create_app


def _page(store: SQLiteStore, path: str) -> str:
    answer = TestClient(create_app(store)).get(path)
    assert answer.status_code == 200
    return answer.text


def test_the_story_page_states_the_framing_scale_and_what_a_hedge_is(store: SQLiteStore) -> None:
    page = _page(store, "/stories/s0")
    assert "Bar length: loaded sentences per 100 — of every 100 sentences the outlet wrote in its own words" in page
    assert "A hedge is a word that distances the outlet from a claim" in page
    assert "33 per 100 (1 of 3 sentences) · 0 hedges" in page and "per 100 words" not in page
    assert 'aria-label="Loaded sentences per 100 own sentences, per outlet, on an axis from 0 to 50"' in page
    assert ">50</text>" in page and ">loaded per 100</text>" in page


def test_fidelity_badges_say_what_unchecked_means() -> None:
    sample = sample_story()
    lone = dataclasses.replace(sample.story_slice.quotes[0], fidelity=None)
    story_slice = dataclasses.replace(sample.story_slice, quotes=(lone,))
    store = open_store(":memory:")
    for article in sample.articles:
        store.add_article(article)
    store.save_story(story_slice)
    page = _page(store, "/stories/s0")
    assert ">unchecked</span>" in page
    assert "unchecked: no other article carries this quotation, so there is nothing to compare it with" in page
    assert 'class="badge unchecked" title="verbatim: the same words' in page


def test_the_article_legend_shows_the_loaded_sentence_underline(store: SQLiteStore) -> None:
    page = _page(store, "/articles/n00000-0")
    legend = page.split('<p class="legend">', 1)[1].split("</p>", 1)[0]
    assert '<span class="loaded-sentence">' in legend


def test_what_cleaning_removed_is_true_for_a_web_page(store: SQLiteStore) -> None:
    sample = sample_story()
    page_article = dataclasses.replace(sample.articles[0], id="web-1", removed=())
    store.add_article(page_article)
    page = _page(store, "/articles/web-1")
    removed = page.split("<h2>What cleaning removed</h2>", 1)[1].split("</section>", 1)[0]
    assert "none found" not in removed and "No lines were dropped from the extracted text." in removed
    assert "When the input was a web page, its markup, navigation, adverts and comments were left out" in removed


def test_the_story_page_names_a_persons_role_beside_the_name(store: SQLiteStore) -> None:
    page = _page(store, "/stories/s0")
    assert '<td>Ines Corradi <span class="muted">— mayor</span></td>' in page
    assert "<td>Harbour Authority</td>" in page  # an organisation: no role


def test_the_ingest_form_states_the_limits(store: SQLiteStore) -> None:
    page = _page(store, "/")
    assert "at most 5 files of 2 MB; each document is analysed up to its first 40,000 characters" in page


def test_word_choices_name_outlets_not_article_ids() -> None:
    from storylens.model import Alternative, WordChoice

    sample = sample_story()
    first, second = sample.story_slice.articles[:2]
    choice = WordChoice(0, 9, "Engineers", "label", (Alternative(second.id, 0, 9, "Officials"),))
    framing = (dataclasses.replace(sample.story_slice.framing[0], choices=(choice,)), *sample.story_slice.framing[1:])
    store = open_store(":memory:")
    for article in sample.articles:
        store.add_article(article)
    store.save_story(dataclasses.replace(sample.story_slice, framing=framing))
    story_page = _page(store, "/stories/s0")
    assert f">{first.source}</a></td><td><mark>Engineers</mark>" in story_page
    assert f">{second.source}</a>: Officials" in story_page
    article_page = _page(store, f"/articles/{first.id}?story=s0")
    assert f"{second.source}: Officials" in article_page and f"{second.id}: Officials" not in article_page
