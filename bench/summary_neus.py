"""NeuS (AllSides left/center/right leads with a neutral roundup): ROUGE and loaded-term density, summary vs inputs.

Each record's three leads are one story (three articles, no reuse known); the summary is capped at
``--sentences`` sentences because the inputs are one-to-three-sentence leads (the stage's 5-sentence floor cannot
apply). ROUGE: ``rouge-score`` F with the Porter stemmer. Density: loaded terms per 100 words of the outlet's own
(unquoted) wording, with the storylens lexicon. The NeuS arousal score needs the NRC-VAD lexicon, which may not be
redistributed and is not available offline, so it is not computed.

    nice .venv/bin/python bench/summary_neus.py [--limit N] [--sentences 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from rouge_score import rouge_scorer

from storylens.model import Article, Story, StoryContext
from storylens.stages.framing.measure import loaded_density
from storylens.stages.summary.summarize import SummaryOptions, summarize_story

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "neus" / "records.jsonl"


def main() -> None:
    """Summarise every record and print ROUGE and the density comparison."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--sentences", type=int, default=2)
    args = parser.parse_args()
    options = SummaryOptions(max_sentences=args.sentences, min_words=6)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    records = [json.loads(line) for line in DATA.read_text().splitlines()[: args.limit]]
    rouge: dict[str, list[float]] = {"rouge1": [], "rouge2": [], "rougeL": []}
    summary_density: list[float] = []
    input_density: list[float] = []
    below_all = at_most_all = empty = 0
    for record in records:
        articles = tuple(Article(id=f"p{a['position']}", text=a["text"]) for a in record["articles"])
        summary = summarize_story(StoryContext(Story("s", "", tuple(a.id for a in articles)), articles), options)
        text = " ".join(sentence.text for sentence in summary)
        if not text:
            empty += 1
            continue
        for name, value in scorer.score(record["neutral_summary"], text).items():
            rouge[name].append(value.fmeasure)
        density = loaded_density(text)
        inputs = [loaded_density(article.text) for article in articles]
        summary_density.append(density)
        input_density.extend(inputs)
        below_all += density < min(inputs)
        at_most_all += density <= min(inputs)
    scored = len(summary_density)
    print(f"records {len(records)}  summarised {scored}  empty {empty}  max sentences {args.sentences}")
    for name, values in rouge.items():
        print(f"{name} F {statistics.mean(values):.4f}")
    print(
        f"loaded density: summary mean {statistics.mean(summary_density):.3f}  "
        f"inputs mean {statistics.mean(input_density):.3f}  (per 100 own words)"
    )
    print(f"summary density <= every input: {at_most_all / scored:.4f}   < every input: {below_all / scored:.4f}")
    print(f"summary with zero loaded terms: {sum(d == 0 for d in summary_density) / scored:.4f}")


if __name__ == "__main__":
    main()
