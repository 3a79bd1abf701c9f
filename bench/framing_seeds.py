"""Seeds: outlets ranked by loaded sentences per 100 own sentences, with the word choices that differ as evidence.

Cleans the five seed articles (``../shared/seeds``) as the pipeline does, measures framing with the shipped judge
(``--lexicon``: the lexicon rule; ``--judge PATH``: a user-fitted one), and compares each article's wording with
the others (``find_choices`` with the MiniLM embedder, as ``analyze`` does). The seeds are one story, so there is
no TUNE/REPORT split here; the check is the issue's: most loaded 004, least loaded 000.

    nice .venv/bin/python bench/framing_seeds.py [--judge PATH | --lexicon] [--no-embeddings]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from storylens.model import Article, RawDocument
from storylens.stages.clean import CleanOptions
from storylens.stages.clean.document import clean_document
from storylens.stages.framing.choices import count_choices, find_choices
from storylens.stages.framing.measure import FramingOptions, measure_framing

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
KINDS = ("label", "saying", "modifier", "hedge", "scare_quote", "verb")


def main() -> None:
    """Print the ranking and each outlet's word choices."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", default="", help="weights from `storylens framing fit` (default: shipped judge)")
    parser.add_argument("--lexicon", action="store_true", help="judge sentences by the lexicon rule instead")
    parser.add_argument("--no-embeddings", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from storylens.nlp import load_embedder, parse

    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        cleaned = clean_document(
            RawDocument(id=path.stem[:3], origin=str(path), content=path.read_text()), CleanOptions()
        )
        if isinstance(cleaned, Article):
            articles.append(cleaned)
    options = FramingOptions(model_path=args.judge, judge="lexicon" if args.lexicon else "shipped")
    framing = {article.id: measure_framing(article, [], options) for article in articles}
    docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
    choices = find_choices(articles, docs, None if args.no_embeddings else load_embedder())
    by_id = {article.id: article for article in articles}
    # As `analyze` reports it: a sentence with a judging word choice counts as loaded too.
    framing = {key: count_choices(item, by_id[key].text, choices.get(key, ())) for key, item in framing.items()}
    ranked = sorted(framing.values(), key=lambda f: (-f.loaded_per_100, -f.score, f.article_id))
    print(f"judge: {ranked[0].judge}; ranking by loaded sentences per 100 own sentences (density beside):")
    for item in ranked:
        found = choices.get(item.article_id, ())
        counts = ", ".join(f"{kind} {sum(1 for c in found if c.kind == kind)}" for kind in KINDS)
        print(
            f"  {item.article_id}  {item.loaded_per_100:5.1f}  ({len(item.loaded_sentences)}/{item.sentences})  "
            f"density {item.score:.2f}  choices: {counts}"
        )
    for item in ranked:
        print(f"{item.article_id}:")
        for choice in choices.get(item.article_id, ()):
            others = "; ".join(f"{a.article_id} {a.text or '(nothing)'!r}" for a in choice.alternatives)
            print(f"  {choice.kind:<11} {choice.text!r:<24} vs {others}")


if __name__ == "__main__":
    main()
