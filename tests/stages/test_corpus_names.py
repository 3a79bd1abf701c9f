"""The glued-word repair never splits a word that stands as a name anywhere in the corpus (invented names: fiction)."""

from __future__ import annotations

from pathlib import Path

from storylens.model import Article, RawDocument
from storylens.pipeline import Pipeline
from storylens.stages.clean.document import clean_document
from storylens.stages.clean.repair import corpus_names, split_glued
from storylens.store import open_store

# Fiction: "Hallon" is a surname here; split by a dictionary it would read "Hall on".
BOARD = (
    "The harbour board of Dunmere is chaired by Tessa Hallon. The board met on Monday to review the ferry timetable "
    "and the cost of repairs to the western pier, which closed after the spring storms."
)
SIGNED = (
    "The ferry report was signed by Hallon late on Monday evening. It asks the council for two new crossings "
    "each day and a study of the western pier before the summer season begins."
)
GLUED = (
    "Officials from London met the council on Monday. Talks with Londonand its neighbours will continue "
    "next week, the council said in a statement issued after the meeting."
)


def _text(content: str, names: object = None) -> str:
    raw = RawDocument(id="x", origin="x.txt", content=content)
    article = clean_document(raw) if names is None else clean_document(raw, names=names)  # type: ignore[arg-type]
    assert isinstance(article, Article)
    return article.text


def test_one_text_alone_splits_the_rare_name() -> None:
    assert split_glued("Hallon") == "Hall on"  # what the trap is: the dictionary reading
    assert "Hall on" in _text(SIGNED)


def test_a_name_standing_in_another_text_of_the_corpus_stays_whole() -> None:
    names = corpus_names([BOARD, SIGNED])
    assert "Hallon" in names.adjacent and "signed by Hallon late" in _text(SIGNED, names)


def test_names_are_read_from_the_visible_text_of_pages() -> None:
    page = f"<html><head><style>.Hallon{{}}</style></head><body><p>{BOARD}</p></body></html>"
    assert "Hallon" in corpus_names([page]).adjacent
    assert "Hallon" not in corpus_names(["<div class='Hallon Point'>x</div>"]).seen


def test_a_word_in_two_texts_is_a_name_and_real_glue_still_splits() -> None:
    names = corpus_names([SIGNED, "Hallon replied on Tuesday."])
    assert "Hallon" in names.recurring
    assert "London and its neighbours" in _text(GLUED, corpus_names([GLUED, BOARD]))


def test_the_pipeline_cleans_a_batch_with_its_corpus_names(tmp_path: Path) -> None:
    for name, text in (("board.txt", BOARD), ("signed.txt", SIGNED)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = open_store(":memory:")
    try:
        result = Pipeline(store).ingest([str(tmp_path)])
        signed = next(a for a in result.articles if "signed" in a.text)
        assert "signed by Hallon late" in signed.text
    finally:
        store.close()
