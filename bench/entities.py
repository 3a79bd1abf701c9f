"""Entity variant merging on our own gold set (invented stories): pairwise merge precision and recall.

Usage: ``python bench/entities.py [--gold bench/data/entities_gold.jsonl]``.

Each gold line is a story: articles (fiction written for this set, or a path to the demo corpus, also fiction)
and its entities as lists of surface forms.
A form matches every whole-word occurrence not inside a longer gold form; ``Form@article#k`` names only the
k-th such occurrence in that article (for a bare surname that two people share). Every pair of gold
mentions in a story is "same" or "different"; a gold mention takes the entity of the predicted mention
overlapping it (none: a singleton, so a missed name costs recall). Merge precision = correct "same" pairs /
predicted "same" pairs; recall = correct "same" pairs / gold "same" pairs. Wrong merges are listed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from itertools import combinations
from pathlib import Path
from typing import Any

from storylens.model import Article, RawDocument, Story
from storylens.nlp import parse
from storylens.stages.clean.document import CleanOptions, clean_document
from storylens.stages.entities.find import EntityOptions, EntityResult, find_entities

DEFAULT = Path(__file__).resolve().parent / "data" / "entities_gold.jsonl"
ROOT = Path(__file__).resolve().parents[1]
GoldMention = tuple[str, int, int, int, str]  # article, start, end, gold entity index, surface


def _occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def gold_mentions(story: dict[str, Any]) -> list[GoldMention]:
    """Locate every gold mention, longest forms first so a surname inside a full name is not counted."""
    forms = sorted(
        ((surface, index) for index, entity in enumerate(story["entities"]) for surface in entity),
        key=lambda item: -len(item[0].split("@")[0]),
    )
    found: list[GoldMention] = []
    for article in story["articles"]:
        taken: list[tuple[int, int]] = []
        for form, index in forms:
            surface, _, where = form.partition("@")
            target, _, nth = where.partition("#")
            if target and target != article["id"]:
                continue
            spans = _occurrences(article["text"], surface)
            free = [s for s in spans if not any(s[0] < e and b < s[1] for b, e in taken)]
            chosen = [free[int(nth)]] if target and int(nth) < len(free) else ([] if target else free)
            taken += chosen
            found += [(article["id"], start, end, index, surface) for start, end in chosen]
    return found


def _predicted(result: EntityResult, mention: GoldMention) -> str | None:
    for predicted in result.mentions:
        if predicted.article_id == mention[0] and predicted.start < mention[2] and mention[1] < predicted.end:
            return predicted.entity_id
    return None


def main() -> None:
    """Run the entity stage on every gold story and print pairwise merge figures."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=DEFAULT)
    args = parser.parse_args()
    stories = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    for story in stories:  # articles given by path are read from the repository (the demo corpus)
        for article in story["articles"]:
            if "path" in article:  # cleaned as the pipeline would (glued words, page furniture)
                raw = RawDocument(article["id"], article["path"], (ROOT / article["path"]).read_text(encoding="utf-8"))
                cleaned = clean_document(raw, CleanOptions())
                article["text"] = cleaned.text if isinstance(cleaned, Article) else raw.content
    same_gold = same_predicted = same_both = missing = total = 0
    for story in stories:
        articles = [Article(a["id"], a["text"]) for a in story["articles"]]
        docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
        stories_given = [Story(story["story"], "", tuple(a.id for a in articles))]
        result = find_entities(articles, docs, stories_given, EntityOptions())
        mentions = gold_mentions(story)
        predicted = [_predicted(result, mention) for mention in mentions]
        total += len(mentions)
        missing += sum(p is None for p in predicted)
        for (a, pa), (b, pb) in combinations(zip(mentions, predicted, strict=True), 2):
            gold_same, predicted_same = a[3] == b[3], pa is not None and pa == pb
            same_gold += gold_same
            same_predicted += predicted_same
            same_both += gold_same and predicted_same
            if predicted_same and not gold_same:
                print(f"  wrong merge in {story['story']}: {a[4]!r} ({a[0]}) + {b[4]!r} ({b[0]})")
            if gold_same and not predicted_same:
                print(f"  missed merge in {story['story']}: {a[4]!r} ({a[0]}) / {b[4]!r} ({b[0]})")
    precision = same_both / same_predicted if same_predicted else 0.0
    recall = same_both / same_gold if same_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"stories {len(stories)}  gold mentions {total}  not recognised by NER {missing}")
    print(
        f"merge pairs: precision {precision:.3f} ({same_both}/{same_predicted})  "
        f"recall {recall:.3f} ({same_both}/{same_gold})  F1 {f1:.3f}"
    )


if __name__ == "__main__":
    main()
