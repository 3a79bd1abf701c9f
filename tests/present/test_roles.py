"""The role the sources write beside a person's name (invented text: fiction)."""

from __future__ import annotations

from storylens.model import Article, Entity, Mention, Story, StorySlice
from storylens.present.roles import apposition_after, entity_roles, mention_role, story_roles, title_before


def _at(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention("a1", start, start + len(name), name, "e1")


def test_a_title_before_the_name_is_the_role() -> None:
    for text, expected in (
        ("Late on Friday, Governor Elena Varga ordered the evacuation.", "governor"),
        ("The talks were led by Foreign Minister Elena Varga of Lowmark.", "foreign minister"),
        ("Lowmark's governor Elena Varga spoke first.", "governor"),
        ("Gov. Elena Varga spoke first.", "governor"),
    ):
        assert mention_role(text, _at(text, "Elena Varga")) == expected, text


def test_forms_of_address_and_openers_alone_are_no_role() -> None:
    for text in (
        "Ms. Elena Varga spoke first.",
        "Dr Elena Varga spoke first.",
        "The former Elena Varga, then unknown, spoke.",
        "Yesterday Elena Varga spoke first.",
        "The board thanked its Director. Elena Varga spoke first.",
    ):
        assert title_before(text, text.index("Elena")) is None, text


def test_an_apposition_after_the_name_is_the_role() -> None:
    for text, expected in (
        ("Elena Varga, the governor of Lowmark, ordered the evacuation.", "governor"),
        ("said Pell Hartin, a structural engineer at Dunmere Works.", "structural engineer"),
        ("Elena Varga, governor of Lowmark, spoke.", "governor"),
        ("Elena Varga, chief executive of the operator Dunmere Hydro, spoke.", "chief executive"),
        ("asked Elena Varga, the regional spokeswoman.", "regional spokeswoman"),
    ):
        name = "Pell Hartin" if "Pell" in text else "Elena Varga"
        assert mention_role(text, _at(text, name)) == expected, text


def test_a_clause_or_a_list_after_the_comma_is_no_role() -> None:
    for text in (
        "Elena Varga, however, refused.",
        "Elena Varga, who was elected in March, refused.",
        "Elena Varga, 54, refused.",
        "Elena Varga, and the council in Dunmere, refused.",
        "Elena Varga, a Lowmark native, refused.",
    ):
        assert apposition_after(text, text.index(",")) is None, text


def test_a_story_gives_the_roles_most_written_first() -> None:
    texts = (
        "Governor Elena Varga ordered the evacuation. Elena Varga, a former judge, said more.",
        "Elena Varga, the governor of Lowmark, spoke. The Dunmere Council met Lowmark.",
    )
    articles = tuple(Article(f"a{n}", text) for n, text in enumerate(texts))
    mentions = []
    for article in articles:
        at = 0
        while (found := article.text.find("Elena Varga", at)) >= 0:
            mentions.append(Mention(article.id, found, found + 11, "Elena Varga", "e1"))
            at = found + 1
    entity = Entity("e1", "Elena Varga", "PERSON", ("Elena Varga",), ("a0", "a1"))
    story = Story("s1", "Evacuation", ("a0", "a1"))
    story_slice = StorySlice(story, articles, entities=(entity,), mentions=tuple(mentions))
    assert entity_roles(story_slice, "e1") == ["governor", "former judge"]
    assert entity_roles(story_slice, "e2") == []


def test_an_undetermined_phrase_is_a_role_only_when_a_title_heads_it() -> None:
    for text in ("Elena Varga, sitting side by side with him, smiled.", "Elena Varga, one of the judges, spoke."):
        assert apposition_after(text, text.index(",")) is None, text


def test_story_roles_gives_each_person_their_roles_and_no_one_else() -> None:
    text = "Governor Elena Varga met Pell Hartin, a harbour pilot, and the Dunmere Council, the city's parliament."
    articles = (Article("a1", text),)
    mentions = tuple(
        Mention("a1", text.index(name), text.index(name) + len(name), name, entity_id)
        for name, entity_id in (("Elena Varga", "e1"), ("Pell Hartin", "e2"), ("Dunmere Council", "e3"))
    )
    entities = (
        Entity("e1", "Elena Varga", "PERSON", ("Elena Varga",), ("a1",)),
        Entity("e2", "Pell Hartin", "PERSON", ("Pell Hartin",), ("a1",)),
        Entity("e3", "Dunmere Council", "ORG", ("Dunmere Council",), ("a1",)),
    )
    story_slice = StorySlice(Story("s1", "t", ("a1",)), articles, entities=entities, mentions=mentions)
    assert story_roles(story_slice) == {"e1": ["governor"], "e2": ["harbour pilot"]}
