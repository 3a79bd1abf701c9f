"""Cleaning outcomes on the five seed articles in ../shared/seeds (skipped when absent).

The assertions are general (shape, repetition, vocabulary): they say what a clean article is, not what the
seeds contain, except the one printed date the seed README documents.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from storylens.model import Article, RawDocument
from storylens.stages.clean import furniture
from storylens.stages.clean.document import clean_document
from storylens.stages.clean.metadata import find_text_date
from storylens.stages.clean.repair import is_prose, line_key, normalize_text, repair_glue, split_glued

MENU_LINES = ("jump to", "latest articles", "popular articles", "latest in")


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, tuple[str, Article]]:
    cleaned: dict[str, tuple[str, Article]] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        article = clean_document(RawDocument(id=path.stem, origin=str(path), content=raw))
        assert isinstance(article, Article), path
        cleaned[path.stem] = (raw, article)
    return cleaned


def _paragraphs(article: Article) -> list[str]:
    return article.text.split("\n\n")


def test_five_articles_with_text(seeds: dict[str, tuple[str, Article]]) -> None:
    assert len(seeds) == 5
    assert all(len(article.text) > 500 for _, article in seeds.values())


def test_no_comment_prompts_counters_or_menus(seeds: dict[str, tuple[str, Article]]) -> None:
    for _, article in seeds.values():
        for paragraph in _paragraphs(article):
            assert not furniture.COMMENT_PROMPTS.fullmatch(paragraph), paragraph
            assert not furniture.COUNTER.search(paragraph), paragraph
            assert paragraph.casefold() not in MENU_LINES, paragraph
        assert "comment" not in article.text.casefold()


def test_nothing_repeated(seeds: dict[str, tuple[str, Article]]) -> None:
    for _, article in seeds.values():
        keys = Counter(line_key(p) for p in _paragraphs(article) if len(p.split()) >= 4)
        assert max(keys.values()) == 1, [k for k, n in keys.items() if n > 1]


def test_raw_repeats_were_present_and_one_copy_of_teaser_kept(seeds: dict[str, tuple[str, Article]]) -> None:
    # The corpus does carry repeated paragraphs and doubled captions; prose keeps exactly one copy.
    repeated = 0
    for raw, article in seeds.values():
        lines = [line for line in normalize_text(raw).split("\n") if line]
        for key, count in Counter(line_key(line) for line in lines if len(line.split()) >= 6).items():
            if count > 1:
                repeated += 1
                copies = [p for p in _paragraphs(article) if line_key(p) == key]
                prose = any(is_prose(line) for line in lines if line_key(line) == key)
                assert len(copies) == (1 if prose else 0), key
    assert repeated >= 2


def test_glued_words_repaired(seeds: dict[str, tuple[str, Article]]) -> None:
    for _, article in seeds.values():
        assert repair_glue(article.text) == (article.text, [])
        tokens = re.findall(r"[A-Za-z]{6,}", article.text)
        assert [t for t in tokens if split_glued(t)] == []


def test_printed_date_found(seeds: dict[str, tuple[str, Article]]) -> None:
    dated = 0
    for raw, article in seeds.values():
        for line in raw.splitlines():
            found, rest = find_text_date(line)
            if found and furniture.COUNTER.search(rest):
                assert article.published == found
                dated += 1
    assert dated >= 1
    assert "2023-03-21" in {article.published for _, article in seeds.values()}


def test_titles_found(seeds: dict[str, tuple[str, Article]]) -> None:
    titled = [article for _, article in seeds.values() if article.title]
    assert len(titled) >= 4
    for article in titled:
        assert article.title is not None and article.title not in article.text


def test_every_content_sentence_kept(seeds: dict[str, tuple[str, Article]]) -> None:
    for raw, article in seeds.values():
        text_keys = {line_key(p) for p in _paragraphs(article)}
        for line in normalize_text(raw).split("\n"):
            if is_prose(line) and line != article.title:  # the headline moves to the title
                repaired, _ = repair_glue(line)
                assert repaired in article.text or line_key(repaired) in text_keys, line[:80]


def test_headings_kept(seeds: dict[str, tuple[str, Article]]) -> None:
    for raw, article in seeds.values():
        lines = [line for line in normalize_text(raw).split("\n") if line]
        for before, line, after in zip(lines, lines[1:], lines[2:], strict=False):
            question_heading = line.endswith("?") and len(line.split()) <= 8
            if question_heading and is_prose(before) and is_prose(after):
                assert f"\n\n{line}\n\n" in article.text


def test_removed_lists_what_went(seeds: dict[str, tuple[str, Article]]) -> None:
    for raw, article in seeds.values():
        for item in article.removed:
            assert item in normalize_text(raw)
