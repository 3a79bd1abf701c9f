"""Conflicts between outlets on ../shared/datasets/conflicts-dev: REPORT with TUNE beside it, a naive baseline.

Usage::

    python bench/conflicts.py [--data DIR] [--fit] [--part tune|report|all] [--show] [--seeds]

``--fit`` refits the conflict model on the TUNE half only (candidates labelled by the gold, logistic regression
with story-grouped cross-validation, threshold chosen on the out-of-fold probabilities) and writes
``src/storylens/stages/claims/data/conflict_model.json``. Scoring uses the dataset's own scorer
(``score_conflicts.py --stories ...``); the naive detector of the dataset README (similar sentences whose numbers
or day words differ) is scored in the same run. ``--show`` prints TUNE errors only (REPORT is never inspected).
``--seeds`` also prints what the dated and undated seeds give.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
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
KIND = {"charge": "fact"}


def load(data: Path) -> tuple[dict[str, list[Article]], dict[str, Any], dict[str, list[str]]]:
    """Articles by story, the gold and the split."""
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


def candidate_table(names: Sequence[str], ctx: dict[str, StoryContext], docs: dict[str, Any], planted: Any) -> Any:
    """Features, labels and story of every candidate of the given stories."""
    rows, labels, groups = [], [], []
    for name in names:
        compared = compared_story(ctx[name], docs)
        for candidate in compared.candidates:
            rows.append(candidate.features)
            labels.append(label(candidate, name, compared.sentences, planted))
            groups.append(name)
    return np.asarray(rows, dtype=np.float64), np.asarray(labels), np.asarray(groups)


def _folds(names: Sequence[str], count: int = 5) -> list[list[str]]:
    """Stories dealt into ``count`` folds in sorted order (a fixed rule)."""
    ordered = sorted(names)
    return [ordered[i::count] for i in range(count)]


def _cross_validated(x: Any, y: Any, groups: Any, names: Sequence[str], c: float) -> Any:
    """Out-of-fold probabilities: each story of ``names`` judged by a model fitted on the other folds (plus every
    row whose story is not in ``names``: our own invented training stories, always in the fitting side)."""
    from sklearn.linear_model import LogisticRegression

    oof = np.zeros(len(y))
    for fold in [*_folds(names), *_folds(sorted(set(groups) - set(names)))]:
        test = np.isin(groups, fold)
        if not test.any():
            continue
        mean, scale = x[~test].mean(axis=0), x[~test].std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit((x[~test] - mean) / scale, y[~test])
        oof[test] = model.predict_proba((x[test] - mean) / scale)[:, 1]
    return oof


Table = tuple[Any, Any, Any]


def training_table(
    names: Sequence[str], ctx: dict[str, StoryContext], docs: dict[str, Any], planted: Any, extra: Table | None
) -> Table:
    """Candidates of the TUNE stories, with the candidates of our own invented set appended (story-prefixed)."""
    x, y, groups = candidate_table(names, ctx, docs, planted)
    if extra is None or not len(extra[1]):
        return x, y, groups
    return np.vstack([x, extra[0]]), np.concatenate([y, extra[1]]), np.concatenate([groups, extra[2]])


def fit(names: Sequence[str], ctx: dict[str, StoryContext], docs: dict[str, Any], planted: Any,
        extra: Table | None = None) -> dict[str, Any]:  # fmt: skip
    """Fit the conflict model on TUNE candidates (and ``extra``: our own invented set), write its weights, return
    the out-of-fold probabilities of the TUNE stories."""
    from sklearn.linear_model import LogisticRegression

    x, y, groups = training_table(names, ctx, docs, planted, extra)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    print(f"fit: {len(y)} candidates, {int(y.sum())} positive, {len(set(groups))} stories")
    tune = np.isin(groups, list(names))
    best = (-1.0, 1.0, 0.5)
    for c in (0.01, 0.03, 0.1, 0.3, 1.0):
        probabilities = _cross_validated(x, y, groups, names, c)
        by_story = {name: probabilities[groups == name] for name in names}
        score, chosen = _conflict_threshold(names, ctx, docs, by_story)
        ap = _average_precision(y[tune], probabilities[tune])
        print(f"  C={c}: out-of-fold average precision {ap:.3f}, conflicts F0.7 {score:.3f} at {chosen:.2f}")
        if score > best[0]:
            best, oof = (score, c, chosen), by_story
    threshold = best[2]
    model = LogisticRegression(C=best[1], class_weight="balanced", max_iter=2000).fit((x - mean) / scale, y)
    weights = {
        "features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
        "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
        "threshold": round(threshold, 4), "C": best[1],
        "fitted_on": "conflicts-dev TUNE" + (" + bench/data/conflicts-train" if extra is not None else ""),
    }  # fmt: skip
    MODEL.write_text(json.dumps(weights, indent=1) + "\n")
    print(f"  wrote {MODEL.relative_to(HERE.parent)} (C={best[1]}, threshold {threshold:.3f})")
    for name, weight in sorted(zip(FEATURES, model.coef_[0], strict=True), key=lambda item: -abs(item[1]))[:10]:
        print(f"    {name:24s} {weight:+.2f}")
    return oof


def detect_cross_validated(
    names: Sequence[str], ctx: dict[str, StoryContext], docs: dict[str, Any], oof: dict[str, Any], threshold: float
) -> list[Conflict]:
    """TUNE conflicts as an unseen story would get them: each story judged by the model of the other folds."""
    found: list[Conflict] = []
    for name in names:
        compared = compared_story(ctx[name], docs)
        accepted = [(c, p) for c, p in zip(compared.candidates, oof[name], strict=True) if p >= threshold]
        found += group_conflicts(compared.sentences, accepted)
    return found


def _average_precision(y: Any, scores: Any) -> float:
    order = np.argsort(-scores)
    hits = np.cumsum(y[order])
    precision = hits / np.arange(1, len(y) + 1)
    return float((precision * y[order]).sum() / max(1, y.sum()))


def _conflict_threshold(
    names: Sequence[str], ctx: dict[str, StoryContext], docs: dict[str, Any], oof: Any
) -> tuple[float, float]:
    """The threshold with the best F-beta (beta 0.7: precision weighs more than recall) of the TUNE *conflicts*,
    each story judged out of fold and its accepted pairs grouped as the stage groups them; returns (F, threshold)."""
    best, chosen = -1.0, 0.5
    for t in np.linspace(0.3, 0.9, 31):
        line = scorer_line(DATA, detect_cross_validated(names, ctx, docs, oof, float(t)), "tune")
        recall, precision = (float(re.search(rf"{m}=([\d.]+)", line).group(1)) for m in ("recall", "precision"))  # type: ignore[union-attr]
        f = (1 + 0.49) * precision * recall / max(1e-9, 0.49 * precision + recall)
        if f > best:
            best, chosen = f, float(t)
    return best, chosen


# -- scoring -----------------------------------------------------------------------------------------------------
def detect(names: Sequence[str], ctx: dict[str, StoryContext], docs: dict[str, Any]) -> list[Conflict]:
    """storylens's conflicts over the given stories."""
    embedder = load_embedder()
    found: list[Conflict] = []
    for name in names:
        found += analyze_claims(ctx[name], docs, ClaimOptions(), embedder=embedder).conflicts
    return found


_DAYWORDS = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|last night)\b")


def naive(names: Sequence[str], stories: dict[str, list[Article]]) -> list[Conflict]:
    """The dataset README's naive detector: similar sentences whose numbers (or day words) share nothing."""
    found: list[Conflict] = []
    for name in names:
        sentences = [(a.id, s.strip()) for a in stories[name] for s in re.split(r"(?<=[.!?])\s+", a.text) if s.strip()]
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


def scorer_line(data: Path, conflicts: Sequence[Conflict], part: str) -> str:
    """The dataset scorer's summary line for one part."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"conflicts": [c.to_dict() for c in conflicts]}, handle)
    command = [sys.executable, str(data / "score_conflicts.py"), handle.name, "--stories", part]
    output = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    os.unlink(handle.name)
    return next((line for line in output.splitlines() if line.startswith("conflicts:")), output.strip()[-200:])


def per_story_lines(data: Path, conflicts: Sequence[Conflict], part: str) -> list[str]:
    """The scorer's per-story lines (used for TUNE only)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"conflicts": [c.to_dict() for c in conflicts]}, handle)
    command = [sys.executable, str(data / "score_conflicts.py"), handle.name, "--stories", part]
    output = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    os.unlink(handle.name)
    return [line for line in output.splitlines() if line.startswith("story")]


def by_kind(data: Path, conflicts: Sequence[Conflict], names: Sequence[str]) -> str:
    """Planted conflicts found per kind, with the scorer's own matching rule."""
    spec = importlib.util.spec_from_file_location("score_conflicts", data / "score_conflicts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    gold = json.loads((data / "gold.json").read_text())
    planted = [p for p in gold["conflicts"] if p["story"] in set(names)]
    scorer = module.Scorer({**gold, "conflicts": planted})
    views = [scorer.view(c.to_dict()) for c in conflicts]
    edges = [[j for j, p in enumerate(planted) if scorer.matches_conflict(v, p)] for v in views]
    found = set(module.max_matching(edges, len(planted)))
    kinds: dict[str, list[int]] = {}
    for index, item in enumerate(planted):
        kinds.setdefault(item["kind"], [0, 0])[0] += 1
        kinds[item["kind"]][1] += index in found
    return "  ".join(f"{kind} {hit}/{total}" for kind, (total, hit) in sorted(kinds.items()))


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


def main() -> int:
    """Run the benchmark."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--fit", action="store_true", help="refit the conflict model on the TUNE half")
    parser.add_argument("--train", type=Path, default=TRAIN, help="our own invented training set ('' for none)")
    parser.add_argument("--part", choices=("tune", "report", "all"), default="all")
    parser.add_argument("--show", action="store_true", help="print TUNE per-story errors")
    parser.add_argument("--cost", action="store_true", help="time the conflict stage inside an end-to-end run")
    args = parser.parse_args()
    if not (args.data / "gold.json").is_file():
        print(f"conflicts: {args.data} not found", file=sys.stderr)
        return 2
    if args.cost:
        cost(args.data)
        return 0
    stories, gold, split = load(args.data)
    ctx, docs = contexts(stories)
    planted = _gold_spans(gold, stories)
    extra = None
    if args.fit and args.train is not None and (args.train / "gold.json").is_file():
        own, own_gold, own_split = load(args.train)
        own_ctx, own_docs = contexts(own)
        extra = candidate_table(own_split["tune"], own_ctx, own_docs, _gold_spans(own_gold, own))
        extra = (extra[0], extra[1], np.asarray([f"own:{g}" for g in extra[2]]))
    oof = fit(split["tune"], ctx, docs, planted, extra) if args.fit else None
    packaged_model.cache_clear()
    if oof is not None:
        found = detect_cross_validated(split["tune"], ctx, docs, oof, packaged_model().threshold)
        print(f"TUNE   cross-validated  {scorer_line(args.data, found, 'tune')}")
        print(f"{'':6s} by kind    {by_kind(args.data, found, split['tune'])}")
    parts = ["tune", "report"] if args.part == "all" else [args.part]
    for part in parts:
        started = time.perf_counter()
        found = detect(split[part], ctx, docs)
        elapsed = time.perf_counter() - started
        label = "fitted on it" if part == "tune" else "unseen"
        print(f"{part.upper():6s} storylens ({label})  {scorer_line(args.data, found, part)}  ({elapsed:.1f} s)")
        print(f"{'':6s} by kind    {by_kind(args.data, found, split[part])}")
        print(f"{'':6s} naive      {scorer_line(args.data, naive(split[part], stories), part)}")
        if args.show and part == "tune":
            for line in per_story_lines(args.data, found, part):
                print("   ", line)
            for conflict in found:
                values = " | ".join(f"{s.article_id}: {s.value}" for s in conflict.statements)
                print(f"    [{conflict.kind}] {conflict.topic} :: {values}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
