"""Multi-News (LongBench subset): ROUGE-1/2/L of the cited extractive summary, share cited and share supported.

Each cluster is passed as one story (its documents as the story's articles, no reuse known). ROUGE is
``rouge-score`` F-measure with the Porter stemmer, ``rougeL`` (one LCS over the whole text) and ``rougeLsum``
(summary-level union LCS over sentences), no truncation; and, when the ``rouge`` 1.0.1 package is installed,
``longbench_rougeL``: LongBench's own scorer (``Rouge().get_scores(pred, ref, avg=True)['rouge-l']['f']``).
A sentence is *supported* when every content word of it occurs in the articles it cites.

    nice .venv/bin/python bench/summary_multinews.py [--limit N] [--no-embeddings]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

from storylens.model import Article, Story, StoryContext
from storylens.stages.summary.summarize import SummaryOptions, summarize_story
from storylens.text.support import coverage

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "multinews-longbench" / "records.jsonl"


def _lines(text: str) -> str:
    """One sentence a line, as ``rougeLsum`` (summary-level LCS) expects."""
    from storylens.text.sentences import sentence_spans

    return "\n".join(text[start:end] for start, end in sentence_spans(text))


def _longbench_scorer() -> Any:
    """LongBench's own scorer (pltrdy ``rouge`` 1.0.1, ``rouge-l`` F), when that package is installed."""
    try:
        from rouge import Rouge
    except ImportError:
        return None
    return Rouge()


def _longbench(scorer: Any, prediction: str, reference: str) -> float:
    """Score exactly as LongBench's ``metrics.rouge_score`` does (0 when the scorer fails)."""
    try:
        return float(scorer.get_scores([prediction], [reference], avg=True)["rouge-l"]["f"])
    except (ValueError, RecursionError):
        return 0.0


def main() -> None:
    """Summarise every cluster and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--words", type=int, default=230, help="summary word budget (0: none)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    embedder = None
    if not args.no_embeddings:
        from storylens.nlp import load_embedder

        embedder = load_embedder()
    options = SummaryOptions(max_sentences=10, max_words_total=args.words)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    records = [json.loads(line) for line in DATA.read_text().splitlines()[: args.limit]]
    scores: dict[str, list[float]] = {"rouge1": [], "rouge2": [], "rougeL": [], "rougeLsum": []}
    longbench = _longbench_scorer()
    if longbench is not None:
        scores["longbench_rougeL"] = []
    sentences = cited = supported = 0
    words = 0
    started = time.perf_counter()
    for record in records:
        articles = tuple(Article(id=f"d{i}", text=text) for i, text in enumerate(record["documents"]))
        context = StoryContext(Story("s", "", tuple(a.id for a in articles)), articles)
        summary = summarize_story(context, options, embedder=embedder)
        words += sum(len(a.text.split()) for a in articles)
        for name, value in scorer.score(_lines(record["summary"]), "\n".join(s.text for s in summary)).items():
            scores[name].append(value.fmeasure)
        if longbench is not None:
            prediction = " ".join(s.text for s in summary)
            scores["longbench_rougeL"].append(_longbench(longbench, prediction, record["summary"]))
        sentences += len(summary)
        cited += sum(1 for s in summary if s.sources)
        supported += sum(1 for s in summary if s.sources and coverage(s.text, s.sources, articles) >= 1.0)
    elapsed = time.perf_counter() - started
    print(f"clusters {len(records)}  summary sentences {sentences}  embeddings {embedder is not None}")
    for name, values in scores.items():
        print(f"{name} F {statistics.mean(values):.4f}")
    print(f"cited {cited / max(sentences, 1):.4f}  supported {supported / max(sentences, 1):.4f}")
    print(f"input words/s {words / elapsed:.0f}  ({elapsed:.1f} s)")


if __name__ == "__main__":
    main()
