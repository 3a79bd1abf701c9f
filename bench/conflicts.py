"""Conflicts between outlets: precision and recall on the invented conflict set, and what the seeds give.

Usage: ``python bench/conflicts.py [--data bench/data/conflicts/stories.jsonl] [--seeds PATH] [--show]``.
A reported conflict is correct when a gold conflict of the same kind shares at least two of its articles; a gold
conflict is found when some correct report matches it. ``--seeds`` (default ``../shared/seeds-dated/seeds.jsonl``
when present) also prints the conflicts and the timeline found on the seed story.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from storylens.model import Article, Conflict, Story, StoryContext, TimelineEvent
from storylens.nlp import parse
from storylens.stages.claims.conflicts import ClaimOptions, analyze_claims
from storylens.stages.temporal.times import TimeOptions, find_times
from storylens.stages.timeline import TimelineOptions, build_timeline

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = HERE.parents[1] / "shared" / "seeds-dated" / "seeds.jsonl"


def analyze(articles: list[Article]) -> tuple[tuple[Conflict, ...], tuple[TimelineEvent, ...]]:
    """Run times, claims and timeline over one story's articles (parse only; no entity stage)."""
    docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
    times = tuple(t for a in articles for t in find_times(a, TimeOptions()))
    story = Story("s1", "story", tuple(a.id for a in articles))
    context = StoryContext(story=story, articles=tuple(articles), times=times)
    result = analyze_claims(context, docs, ClaimOptions())
    context = dataclasses.replace(context, claims=result.claims, conflicts=result.conflicts)
    return result.conflicts, build_timeline(context, TimelineOptions())


def _correct(conflict: Conflict, gold: list[dict[str, Any]]) -> int | None:
    ids = {s.article_id for s in conflict.statements}
    for index, item in enumerate(gold):
        if item["kind"] == conflict.kind and len(ids & set(item["articles"])) >= 2:
            return index
    return None


def score(path: Path, show: bool) -> None:
    """Print precision and recall over the invented stories."""
    stories = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    predicted = correct = gold_total = found = 0
    by_kind: dict[str, list[int]] = {}
    for story in stories:
        articles = [Article(id=a["id"], text=a["text"], published=a["published"]) for a in story["articles"]]
        conflicts, _ = analyze(articles)
        hits = {_correct(conflict, story["conflicts"]) for conflict in conflicts}
        predicted += len(conflicts)
        correct += sum(_correct(conflict, story["conflicts"]) is not None for conflict in conflicts)
        gold_total += len(story["conflicts"])
        found += len(hits - {None})
        for index, item in enumerate(story["conflicts"]):
            by_kind.setdefault(item["kind"], [0, 0])[0] += 1
            by_kind[item["kind"]][1] += index in hits
        if show:
            for conflict in conflicts:
                mark = "ok " if _correct(conflict, story["conflicts"]) is not None else "FP "
                values = "; ".join(f"{s.article_id}={s.value}" for s in conflict.statements)
                print(f"{mark}{story['story']} {conflict.kind}: {values}")
            for index, item in enumerate(story["conflicts"]):
                if index not in hits:
                    print(f"FN {story['story']} {item['kind']} {item['articles']} ({story['note']})")
    precision = correct / predicted if predicted else 1.0
    recall = found / gold_total if gold_total else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"stories {len(stories)}  gold conflicts {gold_total}  reported {predicted}  correct {correct}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    for kind, (total, hit) in sorted(by_kind.items()):
        print(f"  {kind:6s} found {hit}/{total}")


def seeds(path: Path) -> None:
    """Print the conflicts and the timeline found on the dated seed articles."""
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    articles = [Article(id=r["id"], text=r["text"], published=r.get("published")) for r in records]
    conflicts, timeline = analyze(articles)
    print(f"\nseeds: {len(articles)} articles, {len(conflicts)} conflicts")
    for conflict in conflicts:
        print(f"  {conflict.id} [{conflict.kind}] {conflict.topic}")
        for statement in conflict.statements:
            print(f"     {statement.article_id[:3]}: {statement.value}")
    print("timeline:")
    for event in timeline:
        print(f"  {event.date} {','.join(s[:3] for s in event.sources):16s} {event.text[:90]}")


def main() -> int:
    """Run the benchmark."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=HERE / "data" / "conflicts" / "stories.jsonl")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--show", action="store_true", help="print every reported and missed conflict")
    args = parser.parse_args()
    score(args.data, args.show)
    if args.seeds.is_file():
        seeds(args.seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
