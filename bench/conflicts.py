"""Conflicts between outlets on ../shared/datasets/conflicts-dev: REPORT with TUNE beside it, a naive baseline.

Usage::

    python bench/conflicts.py [--data DIR] [--fit [--funnel]] [--part tune|report|all|none] [--show] [--cost]

``--fit`` refits the conflict model on the TUNE half of conflicts-dev plus our own invented sets
(``bench/data/conflicts-train`` and, when present, ``bench/data/conflicts-train2`` and ``-train3``): candidates
labelled by each set's gold, a logistic regression judged by story-grouped cross-validation, C and the threshold
chosen on the out-of-fold *conflicts* of TUNE, conflicts-train2 and -train3 pooled, and writes
``src/storylens/stages/claims/data/conflict_model.json``. In the cross-validation the stories of conflicts-train
always sit on the fitting side; TUNE and conflicts-train2 stories are each judged by a model fitted without their
fold, so both get an out-of-fold figure. Scoring uses the dataset's own scorer (``score_conflicts.py``, loaded
in-process; the same rule as ``--stories``); the naive detector of the dataset README (similar sentences whose
numbers or day words differ) is scored in the same run. ``--show`` prints errors of TUNE and conflicts-train2 only
(REPORT is never inspected story by story).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from storylens.model import Article, Conflict, Statement, Story, StoryContext
from storylens.nlp import load_embedder, parse
from storylens.stages.claims.align import FEATURES, Candidate
from storylens.stages.claims.conflicts import (
    ClaimOptions,
    StoryComparison,
    analyze_claims,
    compare_story,
    group_conflicts,
)
from storylens.stages.claims.model import packaged_model

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
DATA = SHARED / "datasets" / "conflicts-dev"
MODEL = HERE.parent / "src" / "storylens" / "stages" / "claims" / "data" / "conflict_model.json"
TRAIN = HERE / "data" / "conflicts-train"
TRAIN2 = HERE / "data" / "conflicts-train2"
TRAIN3 = HERE / "data" / "conflicts-train3"
KIND = {"charge": "fact"}
BETA2 = 0.49  # F-beta with beta 0.7: precision weighs more than recall
TIE = 0.005  # pooled F0.7 differences below this between two C values are treated as a tie


@dataclass
class Corpus:
    """Some stories of one set: their contexts, parses, planted conflicts and the gold file that scores them."""

    label: str
    data: Path
    names: list[str]
    ctx: dict[str, StoryContext]
    docs: dict[str, Any]
    planted: list[tuple[str, str, dict[str, Any]]]
    stories: dict[str, list[Article]]


def load(data: Path) -> tuple[dict[str, list[Article]], dict[str, Any], dict[str, list[str]]]:
    """Articles by story, the gold and the split (a set without a split is all for fitting: all "tune")."""
    stories: dict[str, list[Article]] = {}
    for line in (data / "articles.jsonl").read_text().splitlines():
        if line.strip():
            item = json.loads(line)
            article = Article(id=item["id"], text=item["text"], published=item["published"], source=item["source"])
            stories.setdefault(item["story"], []).append(article)
    split_file = data / "split.json"
    split = json.loads(split_file.read_text()) if split_file.is_file() else {"tune": sorted(stories), "report": []}
    return stories, json.loads((data / "gold.json").read_text()), {"tune": split["tune"], "report": split["report"]}


def contexts(stories: dict[str, list[Article]]) -> tuple[dict[str, StoryContext], dict[str, Any]]:
    """One context per story (the dataset gives the stories) and the parse of every article."""
    articles = [a for story in sorted(stories) for a in stories[story]]
    docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
    result = {
        name: StoryContext(story=Story(name, name, tuple(a.id for a in items)), articles=tuple(items))
        for name, items in stories.items()
    }
    return result, docs


def corpus(label: str, data: Path, part: str = "tune") -> Corpus:
    """One part of a set, parsed."""
    stories, gold, split = load(data)
    ctx, docs = contexts(stories)
    return Corpus(label, data, list(split[part]), ctx, docs, _gold_spans(gold, stories), stories)


# -- labels and fitting ------------------------------------------------------------------------------------------
def _gold_spans(gold: dict[str, Any], stories: dict[str, list[Article]]) -> list[tuple[str, str, dict[str, Any]]]:
    """(story, kind, {article id: (start, end, resolved)}) of every planted conflict."""
    texts = {a.id: a.text for items in stories.values() for a in items}
    result = []
    for item in gold["conflicts"]:
        spans = {}
        for doc, value in item["values"].items():
            start = texts[doc].find(value)
            spans[doc] = (start, start + len(value), item["resolved"][doc])
        result.append((item["story"], KIND.get(item["kind"], item["kind"]), spans))
    return result


def label(candidate: Candidate, story: str, sentences: Sequence[Any], planted: list[tuple[str, str, Any]]) -> int:
    """1 when the candidate's two slots lie in the differing gold values of a planted conflict of its kind (two
    other figures of the same two sentences, "four crew" against "300 passengers", are not that conflict)."""
    first, second = sentences[candidate.first], sentences[candidate.second]
    for name, kind, spans in planted:
        if name != story or kind != candidate.a.kind:
            continue
        a, b = spans.get(first.article_id), spans.get(second.article_id)
        if a is None or b is None or a[2] == b[2]:
            continue
        if candidate.a.start < a[1] and a[0] < candidate.a.end and candidate.b.start < b[1] and b[0] < candidate.b.end:
            return 1
    return 0


_COMPARED: dict[int, StoryComparison] = {}


def compared_story(context: StoryContext, docs: dict[str, Any]) -> StoryComparison:
    """A story's comparison, computed once per run (fitting, cross-validation and thresholds all read it)."""
    key = id(context)
    if key not in _COMPARED:
        _COMPARED[key] = compare_story(context, docs, ClaimOptions(), load_embedder())
    return _COMPARED[key]


Table = tuple[Any, Any, Any]


def candidate_table(part: Corpus) -> Table:
    """Features, labels and group ("<set>:<story>") of every candidate of the part's stories."""
    rows, labels, groups = [], [], []
    for name in part.names:
        compared = compared_story(part.ctx[name], part.docs)
        for candidate in compared.candidates:
            rows.append(candidate.features)
            labels.append(label(candidate, name, compared.sentences, part.planted))
            groups.append(f"{part.label}:{name}")
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES)), np.asarray(labels), np.asarray(groups)


def _folds(names: Sequence[str], count: int = 5) -> list[list[str]]:
    """Stories dealt into ``count`` folds in sorted order (a fixed rule)."""
    ordered = sorted(names)
    return [ordered[i::count] for i in range(count) if ordered[i::count]]


def _standardised_fit(x: Any, y: Any, c: float) -> tuple[Any, Any, Any]:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit((x - mean) / scale, y)
    return model, mean, scale


def _cross_validated(x: Any, y: Any, groups: Any, judged: Sequence[Corpus], c: float) -> Any:
    """Out-of-fold probabilities of the judged parts' candidates: each story judged by a model fitted on every row
    outside its fold (the folds are dealt per part; rows of unjudged parts, our conflicts-train, always fit)."""
    oof = np.full(len(y), np.nan)
    for part in judged:
        for fold in _folds(part.names):
            test = np.isin(groups, [f"{part.label}:{name}" for name in fold])
            if test.any():
                model, mean, scale = _standardised_fit(x[~test], y[~test], c)
                oof[test] = model.predict_proba((x[test] - mean) / scale)[:, 1]
    return oof


def _by_story(part: Corpus, probabilities: Any, groups: Any) -> dict[str, Any]:
    return {name: probabilities[groups == f"{part.label}:{name}"] for name in part.names}


def fit(table: Table, judged: Sequence[Corpus], sources: str) -> tuple[dict[str, dict[str, Any]], float]:
    """Fit the conflict model on every row, write its weights; return the judged parts' out-of-fold probabilities
    (by part, then story) of the chosen C, and the chosen threshold."""
    x, y, groups = table
    print(f"fit: {len(y)} candidates, {int(y.sum())} positive, {len(set(groups))} stories ({sources})")
    tried: list[tuple[float, float, float, dict[str, dict[str, Any]]]] = []
    for c in (0.01, 0.03, 0.1, 0.3, 1.0):
        probabilities = _cross_validated(x, y, groups, judged, c)
        oof = {part.label: _by_story(part, probabilities, groups) for part in judged}
        score, chosen = _conflict_threshold(judged, oof)
        print(f"  C={c}: out-of-fold conflicts F0.7 {score:.3f} at {chosen:.2f}")
        tried.append((score, c, chosen, oof))
    # Among C values whose figure is within TIE of the best, the strongest regularisation: differences that small
    # are noise of the folds, and the smaller C is the less fitted to our own examples.
    top = max(item[0] for item in tried)
    best = min((item for item in tried if item[0] >= top - TIE), key=lambda item: item[1])
    model, mean, scale = _standardised_fit(x, y, best[1])
    weights = {
        "features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
        "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
        "threshold": round(best[2], 4), "C": best[1], "fitted_on": sources,
    }  # fmt: skip
    MODEL.write_text(json.dumps(weights, indent=1) + "\n")  # the file of the tree this script lives in
    print(f"  wrote {MODEL.relative_to(HERE.parent)} (C={best[1]}, threshold {best[2]:.3f})")
    for name, weight in sorted(zip(FEATURES, model.coef_[0], strict=True), key=lambda item: -abs(item[1]))[:10]:
        print(f"    {name:24s} {weight:+.2f}")
    return best[3], best[2]


def detect_cross_validated(part: Corpus, oof: dict[str, Any], threshold: float) -> list[Conflict]:
    """A part's conflicts as unseen stories would get them: each story judged by the model of the other folds."""
    found: list[Conflict] = []
    for name in part.names:
        compared = compared_story(part.ctx[name], part.docs)
        accepted = [(c, p) for c, p in zip(compared.candidates, oof[name], strict=True) if p >= threshold]
        found += group_conflicts(compared.sentences, accepted)
    return found


def _conflict_threshold(judged: Sequence[Corpus], oof: dict[str, dict[str, Any]]) -> tuple[float, float]:
    """The threshold with the best F0.7 of the judged parts' *conflicts* pooled (each story judged out of fold,
    its accepted pairs grouped as the stage groups them); returns (F, threshold)."""
    best, chosen = -1.0, 0.5
    for t in np.linspace(0.3, 0.9, 31):
        found = planted = correct = reported = 0
        for part in judged:
            counts = evaluate(part, detect_cross_validated(part, oof[part.label], float(t)))["counts"]
            found, planted = found + counts[0], planted + counts[1]
            correct, reported = correct + counts[2], reported + counts[3]
        recall, precision = found / max(1, planted), correct / max(1, reported)
        f = (1 + BETA2) * precision * recall / max(1e-9, BETA2 * precision + recall)
        if f > best:
            best, chosen = f, float(t)
    return best, chosen


# -- scoring -----------------------------------------------------------------------------------------------------
@cache
def _scorer_module() -> Any:
    spec = importlib.util.spec_from_file_location("score_conflicts", DATA / "score_conflicts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(part: Corpus, conflicts: Sequence[Conflict]) -> dict[str, Any]:
    """The dataset scorer's figures on the part's stories (its ``--stories`` rule: gold and reported conflicts
    kept to those stories), found / planted by kind and the counts (found, planted, correct, reported)."""
    module = _scorer_module()
    gold = json.loads((part.data / "gold.json").read_text())
    keep = set(part.names)
    full = module.Scorer(gold)
    sub = {
        **gold,
        "stories": [s for s in full.stories if s in keep],
        "conflicts": [c for c in gold["conflicts"] if c["story"] in keep],
        "traps": [t for t in gold["traps"] if t["story"] in keep],
    }
    reported = [c.to_dict() for c in conflicts]
    reported = [c for c in reported if full.report_story(full.view(c)) in keep]
    scorer = module.Scorer(sub)
    summary, lines, count = scorer.score({"conflicts": reported})
    edges = [
        [j for j, p in enumerate(scorer.conflicts) if scorer.matches_conflict(scorer.view(c), p)] for c in reported
    ]
    found = set(module.max_matching(edges, len(scorer.conflicts)))
    kinds: dict[str, list[int]] = {}
    for index, item in enumerate(scorer.conflicts):
        kinds.setdefault(item["kind"], [0, 0])[1] += 1
        kinds[item["kind"]][0] += index in found
    by_kind = "  ".join(f"{kind} {hit}/{total}" for kind, (hit, total) in sorted(kinds.items()))
    correct = sum(1 for e in edges if e)
    return {
        **summary,
        "lines": lines,
        "by_kind": by_kind,
        "counts": (len(found), len(scorer.conflicts), correct, count),
    }


def line(figures: dict[str, Any]) -> str:
    """The scorer's summary line."""
    return (
        f"conflicts: recall={figures['recall']:.2f} precision={figures['precision']:.2f} "
        f"trap_hits={figures['trap_hits']} false_per_story={figures['false_per_story']:.2f}"
    )


def detect(part: Corpus) -> list[Conflict]:
    """storylens's conflicts over the part's stories (the shipped model)."""
    embedder = load_embedder()
    found: list[Conflict] = []
    for name in part.names:
        found += analyze_claims(part.ctx[name], part.docs, ClaimOptions(), embedder=embedder).conflicts
    return found


_DAYWORDS = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|last night)\b")


def naive(part: Corpus) -> list[Conflict]:
    """The dataset README's naive detector: similar sentences whose numbers (or day words) share nothing."""
    found: list[Conflict] = []
    for name in part.names:
        sentences = [
            (a.id, s.strip()) for a in part.stories[name] for s in re.split(r"(?<=[.!?])\s+", a.text) if s.strip()
        ]
        for i, (first_id, first) in enumerate(sentences):
            for second_id, second in sentences[i + 1 :]:
                if first_id != second_id and _naive_flag(first, second):
                    statements = (Statement(first_id, first, ""), Statement(second_id, second, ""))
                    found.append(Conflict(f"n{len(found)}", "", "fact", statements))
    return found


def _naive_flag(first: str, second: str) -> bool:
    words = [{w for w in re.findall(r"[a-z]+", s.lower()) if len(w) >= 4} for s in (first, second)]
    if len(words[0] & words[1]) / max(1, len(words[0] | words[1])) < 0.2:
        return False
    for pattern in (re.compile(r"\d[\d,.]*"), _DAYWORDS):
        values = [set(pattern.findall(s.lower())) for s in (first, second)]
        if values[0] and values[1] and not values[0] & values[1]:
            return True
    return False


def show(part: Corpus, figures: dict[str, Any], conflicts: Sequence[Conflict]) -> None:
    """Per-story errors and every reported conflict (TUNE and our own sets only: never REPORT)."""
    assert part.label != "report"
    for text in figures["lines"]:
        print("   ", text)
    for conflict in conflicts:
        values = " | ".join(f"{s.article_id}: {s.value}" for s in conflict.statements)
        print(f"    [{conflict.kind}] {conflict.topic} :: {values}")


def cost(data: Path) -> None:
    """The conflict stage's share of an end-to-end run over the dataset (sequential engine, fresh store), in CPU
    seconds of this process (all its threads; the machine is shared, so wall time says little) and in wall time."""
    import storylens.pipeline as pipeline_module
    from storylens.store.sqlite import open_store

    spent = [0.0, 0.0]
    original = pipeline_module.analyze_claims

    def timed(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        result = original(*args, **kwargs)
        spent[0] += time.process_time() - cpu
        spent[1] += time.perf_counter() - wall
        return result

    pipeline_module.analyze_claims = timed  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "cost.db")
        cpu, wall = time.process_time(), time.perf_counter()
        report, _ = pipeline_module.Pipeline(store).run([str(data / "articles.jsonl")])
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        store.close()
    pipeline_module.analyze_claims = original  # type: ignore[assignment]
    share, wall_share = spent[0] / max(cpu, 1e-9), spent[1] / max(wall, 1e-9)
    print(
        f"cost: {len(report.articles)} articles, end-to-end {cpu:.1f} CPU s ({wall:.1f} s wall); conflict stage "
        f"{spent[0]:.1f} CPU s = {share:.0%} ({spent[1]:.1f} s wall = {wall_share:.0%})"
    )


def own_sets(args: argparse.Namespace) -> tuple[Corpus | None, list[Corpus]]:
    """Our own invented sets when present: conflicts-train (always fitting), conflicts-train2 and conflicts-train3
    (each judged by CV; train3 lands batch by batch, so a set whose gold is not there yet is skipped)."""
    own = corpus("own", args.train) if args.train and (args.train / "gold.json").is_file() else None
    judged = [
        corpus(label, path)
        for label, path in (("train2", args.train2), ("train3", args.train3))
        if path and (path / "gold.json").is_file() and (path / "articles.jsonl").is_file()
    ]
    return own, judged


def _shown(path: Path) -> str:
    return str(path.relative_to(HERE.parent)) if path.is_relative_to(HERE.parent) else str(path)


def cross_validation(tune: Corpus, own: Corpus | None, extra: Sequence[Corpus], args: argparse.Namespace) -> None:
    """Refit the model and print TUNE (and each of our judged sets) judged out of fold."""
    parts = [p for p in (tune, own, *extra) if p is not None]
    tables = [candidate_table(p) for p in parts]
    table = tuple(np.concatenate([t[k] for t in tables]) for k in range(3))
    judged = [tune, *extra]
    sources = " + ".join(["conflicts-dev TUNE", *(_shown(p.data) for p in (own, *extra) if p)])
    oof, threshold = fit(table, judged, sources)
    for part in judged:
        found = detect_cross_validated(part, oof[part.label], threshold)
        figures = evaluate(part, found)
        print(f"{part.label.upper():6s} cross-validated  {line(figures)}")
        print(f"{'':6s} by kind    {figures['by_kind']}")
        if args.funnel:
            funnel(part, oof[part.label], threshold)
        if args.show:
            show(part, figures, found)


def _overlaps(slot: Any, span: tuple[int, int, Any]) -> bool:
    return bool(slot.start < span[1] and span[0] < slot.end)


def _reach(part: Corpus, name: str, kind: str, spans: dict[str, Any], judged: tuple[Any, float]) -> int:
    """How far one planted conflict gets: 0 no slot of its kind on both sides of any differing article pair, 1 slots
    but the two sentences never aligned, 2 aligned but no conflicting candidate, 3 a candidate judged below the
    threshold, 4 a candidate accepted out of fold."""
    compared = compared_story(part.ctx[name], part.docs)
    probabilities, threshold = judged
    holding: dict[str, set[int]] = {}
    for index, sentence in enumerate(compared.sentences):
        span = spans.get(sentence.article_id)
        if span is not None and any(s.kind == kind and _overlaps(s, span) for s in sentence.slots):
            holding.setdefault(sentence.article_id, set()).add(index)
    differing = [(x, y) for x in holding for y in holding if x < y and spans[x][2] != spans[y][2]]
    if not differing:
        return 0
    pairs = set(compared.pairs)
    aligned = any((min(i, j), max(i, j)) in pairs for x, y in differing for i in holding[x] for j in holding[y])
    if not aligned:
        return 1
    labelled = [
        p
        for c, p in zip(compared.candidates, probabilities, strict=True)
        if label(c, name, compared.sentences, [(name, kind, spans)])
    ]
    if not labelled:
        return 2
    return 4 if max(labelled) >= threshold else 3


def funnel(part: Corpus, oof: dict[str, Any], threshold: float) -> None:
    """Per kind, where the planted conflicts of the part are lost: slot extraction, alignment, candidates, judge."""
    counts: dict[str, list[int]] = {}
    for name, kind, spans in part.planted:
        if name in part.names:
            row = counts.setdefault(kind, [0] * 6)
            row[0] += 1
            row[_reach(part, name, kind, spans, (oof[name], threshold)) + 1] += 1
    print(f"{'':6s} funnel     kind: planted | no slots | not aligned | no candidate | judged low | accepted")
    for kind, row in sorted(counts.items()):
        print(f"{'':6s}            {kind:8s} " + " | ".join(f"{n:3d}" for n in row))


def main() -> int:
    """Run the benchmark."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--fit", action="store_true", help="refit the conflict model (TUNE + our own sets)")
    parser.add_argument("--train", type=Path, default=TRAIN, help="our own invented training set ('' for none)")
    parser.add_argument("--train2", type=Path, default=TRAIN2, help="our second invented set ('' for none)")
    parser.add_argument("--train3", type=Path, default=TRAIN3, help="our third invented set ('' for none)")
    parser.add_argument("--funnel", action="store_true", help="with --fit: per kind, where planted conflicts are lost")
    parser.add_argument("--part", choices=("tune", "report", "all", "none"), default="all")
    parser.add_argument("--show", action="store_true", help="print TUNE and conflicts-train2 per-story errors")
    parser.add_argument("--cost", action="store_true", help="time the conflict stage inside an end-to-end run")
    args = parser.parse_args()
    if not (args.data / "gold.json").is_file():
        print(f"conflicts: {args.data} not found", file=sys.stderr)
        return 2
    if args.cost:
        cost(args.data)
        return 0
    tune = corpus("tune", args.data)
    if args.fit:
        cross_validation(tune, *own_sets(args), args)
    packaged_model.cache_clear()
    parts = {"all": ["tune", "report"], "none": []}.get(args.part, [args.part])
    for name in parts:
        part = tune if name == "tune" else corpus("report", args.data, "report")
        started = time.perf_counter()
        found = detect(part)
        elapsed = time.perf_counter() - started
        figures = evaluate(part, found)
        fitted_on = name == "tune" and args.data.resolve() == DATA.resolve()
        state = "fitted on it" if fitted_on else "unseen"
        print(f"{name.upper():6s} storylens ({state})  {line(figures)}  ({elapsed:.1f} s)")
        print(f"{'':6s} by kind    {figures['by_kind']}")
        print(f"{'':6s} naive      {line(evaluate(part, naive(part)))}")
        if args.show and name == "tune":
            show(part, figures, found)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
