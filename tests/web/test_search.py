"""Search that finds people: entity hits, each quotation once with its outlets, articles with their story (fiction)."""

from __future__ import annotations

import sqlite3

from storylens.store import open_store
from storylens.store.sqlite import SQLiteStore
from storylens.web.search import COUNTED_STORIES, Lookups, find, plain_snippet


def _story_of(article_id: str) -> str | None:
    return "s" + str(int(article_id[1:6]))  # the invented ids n0000K-i belong to story sK


def test_a_person_is_one_hit_with_their_stories_and_articles(store: SQLiteStore) -> None:
    results = find(store, Lookups(_story_of), "Corradi")
    person = results[0]
    assert (person.kind, person.title) == ("entity", "Ines Corradi")
    assert person.detail == "mayor · 3 stories, 12 articles" and person.roles == ("mayor",)
    assert person.href == "/?entity=Ines+Corradi"
    assert [r.title for r in results if r.kind == "entity"] == ["Ines Corradi"]


def test_a_quotation_is_listed_once_with_the_outlets_and_articles_carrying_it(store: SQLiteStore) -> None:
    results = find(store, Lookups(_story_of), "bolt")
    quotes = [r for r in results if r.kind == "quote"]
    assert len({(r.story, r.title, r.snippet) for r in quotes}) == len(quotes)
    verbatim = next(r for r in quotes if "every bolt" in r.snippet and r.story == "s0")
    assert [s.outlet for s in verbatim.sources] == ["Bayside Courier", "Coastal Wire", "The Evening Lamp"]
    assert verbatim.detail == "quoted in Bayside Courier, Coastal Wire, The Evening Lamp"
    assert verbatim.href.startswith("/articles/n00000-0?story=s0&mark=")


def test_article_hits_name_their_story_and_outlet(store: SQLiteStore) -> None:
    articles = [r for r in find(store, Lookups(_story_of), "ferries Tuesday") if r.kind == "article"]
    assert articles
    for result in articles:
        assert result.story == _story_of(result.ref)
        assert result.story_title and "Old Quay Bridge" in result.story_title
        assert result.sources[0].outlet in ("Marlow Daily", "The Evening Lamp")


def test_no_two_results_read_the_same(store: SQLiteStore) -> None:
    for query in ("bolt", "Corradi", "bridge", "crack"):
        results = find(store, Lookups(_story_of), query)
        keys = [(r.kind, r.title, r.snippet, r.story if r.kind != "entity" else None) for r in results]
        assert len(keys) == len(set(keys)), query


def test_highlights_are_offsets_into_a_plain_snippet() -> None:
    assert plain_snippet("…Mayor Ines [Corradi] said: [bolts]") == (
        "…Mayor Ines Corradi said: bolts",
        ((12, 19), (26, 31)),
    )


def test_results_carry_offsets_not_brackets(store: SQLiteStore) -> None:
    for result in find(store, Lookups(_story_of), "bolt"):
        assert "[" not in result.snippet
        for start, end in result.highlights:
            assert result.snippet[start:end].lower().startswith("bolt")
        assert "".join(part for part, _ in result.parts()) == result.snippet


def test_a_store_from_before_indexes_its_stories_entities_on_open(store: SQLiteStore) -> None:
    path = store.path
    raw = sqlite3.connect(path)
    raw.execute("DELETE FROM search WHERE kind = 'entity'")
    raw.execute("PRAGMA user_version = 4")
    raw.commit()
    raw.close()
    reopened = open_store(path)
    try:
        assert {h.title for h in reopened.search("Harbour Authority") if h.kind == "entity"} == {"Harbour Authority"}
    finally:
        reopened.close()


def test_a_name_in_many_stories_is_counted_from_the_rows(tmp_path: object, filler: object) -> None:
    many = open_store(":memory:")
    filler(many, count=COUNTED_STORIES + 2)  # type: ignore[operator]
    person = find(many, Lookups(_story_of), "Corradi")[0]
    assert person.detail == f"mayor · {COUNTED_STORIES + 2} stories"
    many.close()


def test_a_place_or_organisation_keeps_its_kind(store: SQLiteStore) -> None:
    found = next(r for r in find(store, Lookups(_story_of), "Harbour Authority") if r.kind == "entity")
    assert found.detail.startswith("organisation · ") and found.roles == ()
