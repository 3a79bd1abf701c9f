"""The JSON twins are typed, bad dates are refused, and the pages show what the JSON says (invented stories)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from storylens.model import Rejection
from storylens.store.sqlite import SQLiteStore
from storylens.web import create_app


def _client(store: SQLiteStore) -> TestClient:
    return TestClient(create_app(store))


def test_the_schema_describes_stories_and_search(store: SQLiteStore) -> None:
    schema = _client(store).get("/openapi.json").json()
    components = schema["components"]["schemas"]
    for name in ("StoryList", "StoryRow", "SearchAnswer", "SearchHitOut"):
        assert name in components and components[name].get("additionalProperties") is not True
    answer = schema["paths"]["/search.json"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/SearchAnswer"}


def test_a_date_filter_that_is_not_a_date_is_a_422_saying_so(store: SQLiteStore) -> None:
    client = _client(store)
    for key in ("since", "until"):
        answer = client.get(f"/stories.json?{key}=notadate")
        assert answer.status_code == 422
        assert key in answer.json()["detail"] and "YYYY-MM-DD" in answer.json()["detail"]
        page = client.get(f"/?{key}=notadate")
        assert page.status_code == 422 and "YYYY-MM-DD" in page.text
    assert client.get("/stories.json?since=2031-01-08").json()["matching"] == 2


def test_stories_come_newest_first_with_lede_and_counts(store: SQLiteStore) -> None:
    body = _client(store).get("/stories.json").json()
    lasts = [row["last"] for row in body["stories"]]
    assert lasts == sorted(lasts, reverse=True) and "newest first" in body["order"]
    first = body["stories"][0]
    assert first["lede"].startswith("Engineers closed the Old Quay Bridge")
    assert (first["conflicts"], first["copies"], first["most_loaded"]) == (1, 1, "Marlow Daily")


def test_the_story_list_page_shows_a_lede_and_what_differs(store: SQLiteStore) -> None:
    page = _client(store).get("/").text
    assert page.count('class="lede"') == 3 and "newest first" in page
    assert "1 conflict · 1 copy · most loaded: Marlow Daily" in page


def test_search_json_gives_offsets_and_people(store: SQLiteStore) -> None:
    body = _client(store).get("/search.json?q=Corradi").json()
    person = body["hits"][0]
    assert person["roles"] == ["mayor"]
    assert (person["kind"], person["title"], person["detail"]) == (
        "entity",
        "Ines Corradi",
        "mayor · 3 stories, 12 articles",
    )
    for hit in body["hits"]:
        assert "[" not in hit["snippet"]
        assert all(hit["snippet"][a:b] == "Corradi" for a, b in hit["highlights"])
    quotes = [hit for hit in _client(store).get("/search.json?q=bolt").json()["hits"] if hit["kind"] == "quote"]
    assert any(
        [a["outlet"] for a in hit["articles"]] == ["Bayside Courier", "Coastal Wire", "The Evening Lamp"]
        for hit in quotes
    )


def test_the_search_page_names_the_person_and_the_story_of_each_article(store: SQLiteStore) -> None:
    page = _client(store).get("/search?q=Corradi").text
    assert "— mayor · 3 stories, 12 articles" in page
    assert "in story <a" in page and page.count("<mark>Corradi</mark>") >= 2


def test_an_outlet_without_a_name_is_called_by_its_headline() -> None:
    import dataclasses

    from sample_story import sample_story
    from storylens.present import views

    story_slice = sample_story().story_slice
    nameless = tuple(dataclasses.replace(a, source=None) for a in story_slice.articles)
    card = views.story_card(dataclasses.replace(story_slice, articles=nameless))
    assert card.most_loaded == "Marlow Bay: Old Quay Bridge shut after…"
    assert len(card.lede) <= 140


def _answer_schema(schema: dict[str, Any], path: str) -> Any:
    return schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


def test_story_article_compare_and_rejections_are_typed_in_the_schema(store: SQLiteStore) -> None:
    schema = _client(store).get("/openapi.json").json()
    expected = {
        "/stories/{story_id}.json": "StoryOut",
        "/articles/{article_id}.json": "ArticleAnswer",
        "/stories/{story_id}/compare.json": "CompareAnswer",
        "/rejections.json": "RejectionList",
    }
    for path, name in expected.items():
        assert _answer_schema(schema, path) == {"$ref": f"#/components/schemas/{name}"}, path
    components = schema["components"]["schemas"]
    for name in ("StoryOut", "ArticleOut", "Quote", "Conflict", "Framing", "Reuse", "Rejection"):
        assert components[name].get("additionalProperties") is not True, name
    assert components["Quote"]["properties"]["fidelity"]["anyOf"][0]["enum"] == ["verbatim", "trimmed", "altered"]


def test_the_typed_twins_still_answer_the_stored_records(store: SQLiteStore) -> None:
    client = _client(store)
    stored = store.story_slices(["s1"])[0]
    assert client.get("/stories/s1.json").json() == stored.to_dict()
    first, second = stored.story.article_ids[:2]
    article = client.get(f"/articles/{first}.json").json()
    assert article["article"] == stored.articles[0].report_dict() and article["story"] == "s1"
    assert article["quotes"] == [q.to_dict() for q in stored.quotes if q.article_id == first]
    pair = client.get(f"/stories/s1/compare.json?a={first}&b={second}").json()
    assert [a["id"] for a in pair["articles"]] == [first, second]
    store.add_rejection(Rejection("feeds/broken.xml", "not a feed", line=3))
    assert client.get("/rejections.json").json() == {
        "rejections": [{"origin": "feeds/broken.xml", "reason": "not a feed", "line": 3}]
    }


def test_the_ingest_answers_are_documented(store: SQLiteStore) -> None:
    responses = _client(store).get("/openapi.json").json()["paths"]["/api/ingest"]["post"]["responses"]
    assert {"200", "400", "413", "422", "500"} <= set(responses)
    for answer in responses.values():
        assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/IngestAnswer"}
