"""Multi-News (LongBench subset): ROUGE of the cited summary beside a lead baseline, share cited and supported.

Records are split into TUNE and REPORT halves by the parity of the xxh64 of their id (even = TUNE); errors are
looked at on TUNE only. Each cluster is passed as one story (its documents as the story's articles, no reuse known),
each document first through the clean stage, as the product reads it (``--raw``: as scraped); the lead baseline reads
the same texts.

Scoring: ``rouge-score`` F-measure with the Porter stemmer, ``rougeLsum`` with one sentence a line, no truncation.
The *lead* baseline, scored in the same run with the same scorer, is a round-robin of each article's sentences in
order (first sentences first) under the same word budget. A sentence is *supported* when every content word of it
occurs in the articles it cites; a *quotation altered* is a quoted span of the summary found in no article.

Lengths: ``budget`` mode stops each summary at ``--words`` words (the references' median is ~220), as the
baseline does; ``product`` mode uses the stage's own length (the fitted word budget of ``length.py``), and the lead
baseline beside it gets the same budget record by record.

``--fit`` refits the selection weights on TUNE and writes ``stages/data/summary_selection.json``: a ridge regression
(alpha by cross-validation) of each candidate sentence's ROUGE-2 precision against the reference, on the stage's
own sentence features; then the MMR redundancy weight, repeat threshold and concept-coverage weight by grid search
on TUNE ROUGE.

``--fit-length`` refits only the word budget on TUNE (least squares of the reference's words on the log of the
cleaned articles' words and their number; mean absolute error under 5-fold CV by cluster printed beside a
constant budget's) and writes it into the same file, the salience weights unchanged.

``--cv`` adds TUNE under 5-fold cross-validation by cluster (weights refitted without each fold, MMR settings kept):
the in-sample TUNE row flatters a refit, so features and learners are compared by this one.

    nice .venv/bin/python bench/summary_multinews.py [--fit] [--fit-length] [--cv] [--limit N] [--embeddings]
        [--raw] [--words 230]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import re
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import xxhash
from rouge_score import rouge_scorer

from storylens.model import Article, RawDocument, Story, StoryContext, SummarySentence
from storylens.stages.clean.document import clean_document
from storylens.stages.summary.length import LengthModel, story_words
from storylens.stages.summary.selection import FEATURES, SelectionModel, packaged_model
from storylens.stages.summary.summarize import (
    SummaryOptions,
    compose,
    rescore,
    score_story,
    summary_length,
    usable,
)
from storylens.text.sentences import sentence_spans
from storylens.text.support import coverage

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "multinews-longbench" / "records.jsonl"
WEIGHTS = Path(__file__).resolve().parents[1] / "src" / "storylens" / "stages" / "data" / "summary_selection.json"
_QUOTED = re.compile(r'"[^"]{3,}"|“[^”]{3,}”')


def split_of(record_id: str) -> str:
    """TUNE or REPORT, by the parity of the xxh64 of the record id."""
    return "TUNE" if xxhash.xxh64_intdigest(record_id.encode("utf-8")) % 2 == 0 else "REPORT"


def _lines(text: str) -> str:
    """One sentence a line, as ``rougeLsum`` (summary-level LCS) expects."""
    return "\n".join(text[start:end] for start, end in sentence_spans(text))


def lead(documents: Sequence[str], words: int) -> str:
    """Round-robin of each article's sentences in order until ``words`` words (the lead baseline)."""
    spans = [[doc[s:e] for s, e in sentence_spans(doc)] for doc in documents]
    chosen: list[str] = []
    used = 0
    for depth in range(max((len(s) for s in spans), default=0)):
        for sentences in spans:
            if depth < len(sentences) and used < words:
                chosen.append(sentences[depth])
                used += len(sentences[depth].split())
    return "\n".join(chosen)


def cleaned(record: dict[str, Any], clean: bool) -> list[str]:
    """The record's documents as the product reads them: through the clean stage (captions, furniture dropped).

    A document the clean stage rejects keeps its raw text, so every cluster keeps all its documents.
    """
    if not clean:
        return list(record["documents"])
    texts = []
    for i, text in enumerate(record["documents"]):
        article = clean_document(RawDocument(id=f"d{i}", origin=f"d{i}.txt", content=text))
        texts.append(article.text if isinstance(article, Article) else text)
    return texts


def _context(documents: Sequence[str]) -> StoryContext:
    articles = tuple(Article(id=f"d{i}", text=text) for i, text in enumerate(documents))
    return StoryContext(Story("s", "", tuple(a.id for a in articles)), articles)


class Run:
    """Records of one split with their scored units (scored once; weights swapped cheaply)."""

    def __init__(self, records: list[dict[str, Any]], options: SummaryOptions, embedder: Any, clean: bool) -> None:
        self.records = records
        self.documents = [cleaned(record, clean) for record in records]
        self.contexts = [_context(documents) for documents in self.documents]
        self.scored = [score_story(context, options, embedder) for context in self.contexts]
        self.scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    def summaries(self, options: SummaryOptions) -> list[tuple[SummarySentence, ...]]:
        """The summary of every record under ``options`` (its ``model`` re-weights the cached scores)."""
        result = []
        for context, scored in zip(self.contexts, self.scored, strict=True):
            result.append(compose(context, options, rescore(scored, options)))
        return result

    def rouge(self, texts: Sequence[str]) -> dict[str, float]:
        """Mean ROUGE F of ``texts`` (one sentence a line) against the references."""
        totals: dict[str, list[float]] = {"rouge1": [], "rouge2": [], "rougeLsum": []}
        for record, text in zip(self.records, texts, strict=True):
            for name, value in self.scorer.score(_lines(record["summary"]), text).items():
                totals[name].append(value.fmeasure)
        return {name: statistics.mean(values) for name, values in totals.items()}


def faithfulness(run: Run, summaries: list[tuple[SummarySentence, ...]]) -> dict[str, float]:
    """Share of sentences cited and supported, and the count of quotations found in no article."""
    sentences = cited = supported = altered = 0
    for context, summary in zip(run.contexts, summaries, strict=True):
        for sentence in summary:
            sentences += 1
            cited += bool(sentence.sources)
            supported += bool(sentence.sources) and coverage(sentence.text, sentence.sources, context.articles) >= 1
            for quotation in _QUOTED.findall(sentence.text):
                altered += not any(quotation[1:-1] in article.text for article in context.articles)
    words = sum(len(s.text.split()) for summary in summaries for s in summary) / max(len(summaries), 1)
    return {
        "cited": cited / max(sentences, 1),
        "supported": supported / max(sentences, 1),
        "altered": altered,
        "sentences": sentences / max(len(summaries), 1),
        "words": words,
    }


def _labels(run: Run) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Features, targets (mean ROUGE-1/2 precision against the reference) and record groups of candidates."""
    rows, targets, groups = [], [], []
    for number, (record, scored) in enumerate(zip(run.records, run.scored, strict=True)):
        reference = record["summary"]
        for i, unit in enumerate(scored.units):
            if not usable(unit):
                continue
            scores = run.scorer.score(reference, unit.text)
            rows.append(scored.features[i])
            targets.append(scores["rouge2"].precision)
            groups.append(number)
    return np.asarray(rows), np.asarray(targets), np.asarray(groups)


def salience_weights(
    features: np.ndarray[Any, Any], targets: np.ndarray[Any, Any], mmr: SelectionModel
) -> SelectionModel:
    """Ridge regression (alpha by CV) of ``targets`` on ``features``, with the MMR settings of ``mmr``."""
    from sklearn.linear_model import RidgeCV

    mean = features.mean(axis=0)
    scale = np.where(features.std(axis=0) > 1e-6, features.std(axis=0), 1.0)
    ridge = RidgeCV(alphas=np.logspace(-2, 3, 12)).fit((features - mean) / scale, targets)
    # Salience on a unit scale (one standard deviation = 1), so redundancy and the loaded penalty read alike.
    spread = float(np.std(((features - mean) / scale) @ ridge.coef_)) or 1.0
    coef = tuple((ridge.coef_ / spread).tolist())
    intercept = float(ridge.intercept_ / spread)
    return dataclasses.replace(
        mmr, mean=tuple(mean.tolist()), scale=tuple(scale.tolist()), coef=coef, intercept=intercept
    )


def fit(run: Run, options: SummaryOptions) -> SelectionModel:
    """Fit salience weights by ridge regression (alpha by CV), then MMR settings by grid search, on TUNE."""
    features, targets, _ = _labels(run)
    weights = salience_weights(features, targets, neutral())
    best: tuple[float, SelectionModel] | None = None
    # A hard cap only on restatements (repeat): a lower one would bar distinct facts about the same people.
    for redundancy, repeat, cover in itertools.product((0.0, 0.1, 0.3), (0.45, 0.55), (0.0, 0.25, 0.5, 1.0, 2.0)):
        model = dataclasses.replace(weights, redundancy=redundancy, repeat=repeat, coverage=cover)
        figures = run.rouge(_texts(run.summaries(dataclasses.replace(options, model=model))))
        objective = (figures["rouge1"] + figures["rouge2"]) / 2
        grid = f"redundancy {redundancy:.2f} repeat {repeat:.2f} coverage {cover:.2f}"
        print(f"  {grid}: R1 {figures['rouge1']:.4f} R2 {figures['rouge2']:.4f}", flush=True)
        if best is None or objective > best[0]:
            best = (objective, model)
    assert best is not None
    return best[1]


def cross_validated(run: Run, options: SummaryOptions, mmr: SelectionModel, folds: int = 5) -> dict[str, float]:
    """ROUGE of ``run`` when each cluster's salience weights are refitted without it (``folds`` folds by cluster).

    The in-sample TUNE figure flatters a refit; this is the yardstick a change of features or learner is chosen by.
    The MMR settings stay those of ``mmr`` (the grid is not searched again per fold).
    """
    features, targets, groups = _labels(run)
    texts = [""] * len(run.records)
    for fold in range(folds):
        model = salience_weights(features[groups % folds != fold], targets[groups % folds != fold], mmr)
        held = dataclasses.replace(options, model=model)
        for number in range(fold, len(run.records), folds):
            summary = compose(run.contexts[number], held, rescore(run.scored[number], held))
            texts[number] = "\n".join(sentence.text for sentence in summary)
    return run.rouge(texts)


def neutral() -> SelectionModel:
    """Equal salience for every sentence: what scoring uses before a fit (the shipped file may not match yet)."""
    count = len(FEATURES)
    return SelectionModel((0.0,) * count, (1.0,) * count, (0.0,) * count, 0.0, 0.1, 0.45, 0.0)


def _texts(summaries: list[tuple[SummarySentence, ...]]) -> list[str]:
    return ["\n".join(s.text for s in summary) for summary in summaries]


def write(model: SelectionModel) -> None:
    """Write the weights file the stage loads (numbers and the feature names only)."""
    data = {"features": list(FEATURES), **{k: v for k, v in dataclasses.asdict(model).items()}}
    WEIGHTS.write_text(json.dumps(data, indent=1) + "\n")


def fit_length(run: Run) -> LengthModel:
    """Least squares of the reference's words on ln(story words) and article count; CV error printed beside."""
    from sklearn.linear_model import LinearRegression

    inputs = np.asarray(
        [[np.log(max(story_words(c.articles), 1)), len(c.articles)] for c in run.contexts], dtype=np.float64
    )
    target = np.asarray([len(record["summary"].split()) for record in run.records], dtype=np.float64)
    folds = np.arange(len(target)) % 5
    fitted_error, constant_error = [], []
    for fold in range(5):
        train, held = folds != fold, folds == fold
        model = LinearRegression().fit(inputs[train], target[train])
        fitted_error += np.abs(model.predict(inputs[held]) - target[held]).tolist()
        constant_error += np.abs(np.median(target[train]) - target[held]).tolist()
    print(f"length, 5-fold CV mean absolute error: fitted {np.mean(fitted_error):.1f} words, ", end="")
    print(f"constant (median) {np.mean(constant_error):.1f} words")
    model = LinearRegression().fit(inputs, target)
    return LengthModel(float(model.intercept_), float(model.coef_[0]), float(model.coef_[1]))


def report(name: str, run: Run, options: SummaryOptions, words: int) -> None:
    """Print one split's figures: fixed-budget and product-length summaries, the lead baseline beside each."""
    baseline = run.rouge([lead(documents, words) for documents in run.documents])
    budget = run.summaries(options)
    product = dataclasses.replace(options, max_words_total=0, max_sentences=SummaryOptions().max_sentences)
    own = run.summaries(product)
    # The lead baseline at the product's own length, record by record (its word budget for that story).
    budgets = [summary_length(context, product)[1] for context in run.contexts]
    own_lead = run.rouge([lead(docs, size) for docs, size in zip(run.documents, budgets, strict=True)])
    print(f"{name} ({len(run.records)} clusters)")
    rows = (
        (f"lead ({words} words)", baseline),
        (f"storylens ({words} words)", run.rouge(_texts(budget))),
        ("lead (product length)", own_lead),
        ("storylens (product)", run.rouge(_texts(own))),
    )
    for label, figures in rows:
        print(f"  {label:<26} " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    for label, summaries in (("budget", budget), ("product", own)):
        checks = faithfulness(run, summaries)
        print(f"  {label:<26} " + "  ".join(f"{k} {v:.4f}" for k, v in checks.items()))
    print(f"  {'product budget (words)':<26} mean {statistics.mean(budgets):.1f} median {statistics.median(budgets)}")


def main() -> None:
    """Fit (optionally) on TUNE, then print REPORT and TUNE figures with the lead baseline beside them."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--fit-length", action="store_true", help="refit only the word budget")
    parser.add_argument("--embeddings", action="store_true")
    parser.add_argument("--raw", action="store_true", help="skip the clean stage (the documents as scraped)")
    parser.add_argument("--words", type=int, default=230, help="word budget of summary and baseline")
    parser.add_argument("--cv", action="store_true", help="also TUNE under 5-fold cross-validation by cluster")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    embedder = None
    if args.embeddings:
        from storylens.nlp import load_embedder

        embedder = load_embedder()
    options = SummaryOptions(max_sentences=20, base_sentences=20, max_words_total=args.words)
    if args.fit:
        options = dataclasses.replace(options, model=neutral())
    records = [json.loads(line) for line in DATA.read_text().splitlines()[: args.limit]]
    started = time.perf_counter()
    tune = Run([r for r in records if split_of(r["id"]) == "TUNE"], options, embedder, not args.raw)
    held = Run([r for r in records if split_of(r["id"]) == "REPORT"], options, embedder, not args.raw)
    if args.fit:
        model = dataclasses.replace(fit(tune, options), length=packaged_model().length)
        write(model)
        print(f"wrote {WEIGHTS}: redundancy {model.redundancy} repeat {model.repeat}")
        options = dataclasses.replace(options, model=model)
    if args.fit_length:
        model = dataclasses.replace(options.model or packaged_model(), length=fit_length(tune))
        write(model)
        print(f"wrote {WEIGHTS}: length {model.length}")
        options = dataclasses.replace(options, model=model)
    print(f"embeddings {embedder is not None}  cleaned {not args.raw}  word budget {args.words}")
    report("REPORT", held, options, args.words)
    report("TUNE", tune, options, args.words)
    if args.cv:
        figures = cross_validated(tune, options, options.model or packaged_model())
        print(f"  {'TUNE, 5-fold CV':<20} " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
