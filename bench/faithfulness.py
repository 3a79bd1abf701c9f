"""Faithfulness checks: is what the report shows true to the sources? (issue 16)

Runs the whole pipeline (sequential engine) on the demo corpus (``examples/corpus``), the dated seeds
(``../shared/seeds-dated/seeds.jsonl``) and ``../shared/datasets/conflicts-dev`` (split by its ``split.json``:
TUNE and REPORT stories), then checks the reports against the articles:

- quotations in summaries: every quoted span (3+ words) of a summary sentence occurs verbatim in the story;
- citations: each summary citation's passage shares at least a third of its sentence's content words, and the
  cited passages together cover at least 60 % of them (outlet names aside); baseline: every citation moved to
  the lead sentence of the same article;
- timeline: each entry a complete sentence, and each cited article holds a sentence restating it (Dice >= 0.5);
- names intact: capitalised input words that cleaning split in two (with the splits listed); baseline: the
  glued-word repair as it was before the name guard (any dictionary word on the left may split off);
- raw ids in prose: summary, timeline and conflict-topic text naming an article id or a hash;
- outlets: articles without an outlet;
- copy directions (conflicts-dev gold ``rewrites``): rewrites found, origins right, other pairs called rewrite,
  directions stated on pairs that are not rewrites; baseline: the coverage-only rewrite rule
  (``min_close_pairs=0``, ``min_worded_tokens=0``) in the same run;
- quotes flagged altered and quotations given to different speakers (``other_speakers``).

    HF_HUB_OFFLINE=1 nice .venv/bin/python bench/faithfulness.py [--cache /tmp/faith] [--only demo,seeds,conflicts]

Reports are cached as JSON under ``--cache`` (delete them to rerun the pipeline).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from storylens.model import Article, RawDocument, Report
from storylens.stages.clean.document import clean_document
from storylens.stages.clean.repair import TextNames, split_glued
from storylens.stages.summary.citation import outlet_names
from storylens.text.calendar import value_range
from storylens.text.quotations import quotation_spans
from storylens.text.sentences import sentence_spans
from storylens.text.support import content_words
from storylens.text.values import compatible, mentions

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CONFLICTS = SHARED / "datasets" / "conflicts-dev"
_HASH = re.compile(r"\b[0-9a-f]{12,}\b|\b\d{3}_[0-9a-f]{6,}")
_CONFLICT_OPENING = "Accounts differ on "
_CAPITALISED = re.compile(r"(?<![\w’'])[A-Z][a-z]{5,}(?![\w’'])")


def run_pipeline(name: str, inputs: Sequence[str], cache: Path) -> Report:
    """The report of ``inputs`` (cached as JSON)."""
    path = cache / f"{name}.json"
    if path.is_file():
        return Report.from_dict(json.loads(path.read_text()))
    from storylens.api import analyze

    with tempfile.TemporaryDirectory() as folder:
        report, _ = analyze(list(inputs), db=Path(folder) / "s.db", engine="sequential")
    path.write_text(json.dumps(report.to_dict()))
    return report


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


def quotations_verbatim(report: Report, article_ids: set[str]) -> tuple[int, int]:
    """(verbatim, total) quoted spans of 3+ words in the summaries of stories within ``article_ids``."""
    # an outlet without a name is named by its headline in quotation marks: the titles count as source text
    texts = {a.id: _norm(f"{a.title or ''} {a.text}") for a in report.articles}
    good = total = 0
    for story in report.stories:
        if not set(story.article_ids) <= article_ids:
            continue
        story_text = " ".join(texts.get(i, "") for i in story.article_ids)
        for sentence in story.summary:
            for start, end in quotation_spans(sentence.text):
                inner = _norm(sentence.text[start + 1 : end - 1]).strip(" ,.…")
                if len(inner.split()) >= 3:
                    total += 1
                    good += inner in story_text
    return good, total


def _outlet_words(report: Report) -> set[str]:
    names = " ".join(a.source or "" for a in report.articles)
    return set(content_words(names))


def _lead(text: str) -> tuple[int, int]:
    spans = sentence_spans(text)
    return spans[0] if spans else (0, len(text))


def _is_conflict(text: str) -> bool:
    return text.startswith(_CONFLICT_OPENING)


def citation_support(
    report: Report, article_ids: set[str], lead: bool = False, facts_only: bool = False
) -> tuple[int, int, int, int]:
    """(relevant citations, citations, supported sentences, cited sentences) in the summaries.

    ``facts_only`` leaves out conflict sentences, whose citations each state one side (see ``conflict_sides``).
    """
    texts = {a.id: a.text for a in report.articles}
    outlets = _outlet_words(report)
    relevant = cited = supported = sentences = 0
    for story in report.stories:
        if not set(story.article_ids) <= article_ids:
            continue
        for sentence in story.summary:
            wanted = set(content_words(sentence.text)) - outlets
            if not sentence.citations or not wanted or (facts_only and _is_conflict(sentence.text)):
                continue
            sentences += 1
            union: set[str] = set()
            for citation in sentence.citations:
                text = texts.get(citation.article_id, "")
                start, end = _lead(text) if lead else (citation.start, citation.end)
                found = wanted & set(content_words(text[start:end]))
                union |= found
                cited += 1
                relevant += len(found) >= len(wanted) / 3
            supported += len(union) >= 0.6 * len(wanted)
    return relevant, cited, supported, sentences


def _sides(text: str, names: Sequence[str]) -> dict[str, str]:
    """Outlet name -> the value a conflict sentence ("... on T: A and B report x; C reports y.") gives it."""
    longest = sorted(set(names), key=len, reverse=True)
    starts = [text.find(name) for name in longest if name in text]
    body = text[min(starts) :] if starts else ""
    sides: dict[str, str] = {}
    for part in body.rstrip(".").split("; "):
        named = [name for name in longest if part.startswith(name) or f", {name}" in part or f"and {name}" in part]
        rest = part
        for name in named:
            rest = rest.replace(name, "")
        value = re.sub(r"^[\s,]*(?:and[\s,]+)*reports?\s+", "", rest)
        for name in named:
            sides.setdefault(name, value)
    return sides


def _gives(passage: str, value: str, days: Sequence[tuple[date, date]] = ()) -> bool:
    """Whether a passage gives a value: a value the values engine finds compatible, half its content words, or
    (a value with its resolved day in brackets) a time expression of the passage, as the temporal stage resolved
    it, covering that day ("yesterday" in an article of the next day)."""
    resolved = re.search(r"\((\d{4}-[0-9W-]+)\)", value)
    span = value_range(resolved.group(1)) if resolved else None
    if span is not None and any(low <= span[1] and span[0] <= high for low, high in days):
        return True
    plain = re.sub(r"\s*\([^)]*\)", "", value)
    if any(compatible(m, n) for m in mentions(plain) for n in mentions(passage)):
        return True
    wanted = set(content_words(plain))
    return bool(wanted) and len(wanted & set(content_words(passage))) >= len(wanted) / 2


def conflict_sides(report: Report, article_ids: set[str], lead: bool = False) -> tuple[int, int, int, int]:
    """(conflict citations opening a passage that gives their outlet's value, such citations, conflict sentences
    whose every named outlet is cited by such a passage, conflict sentences); baseline ``lead``: each citation
    moved to its article's lead sentence."""
    texts = {a.id: a.text for a in report.articles}
    by_id = {a.id: a for a in report.articles}
    times: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for time in report.times:
        span = value_range(time.value) if time.value else None
        if span is not None and span[0] == span[1]:  # a day, not a week or year that holds many
            times[time.article_id].append((time.start, time.end, span))
    good = cited = whole = sentences = 0
    for story in report.stories:
        if not set(story.article_ids) <= article_ids:
            continue
        names = outlet_names([by_id[i] for i in story.article_ids if i in by_id])
        for sentence in story.summary:
            if not _is_conflict(sentence.text):
                continue
            sides = _sides(sentence.text, list(names.values()))
            sentences += 1
            shown: set[str] = set()
            for citation in sentence.citations:
                text = texts.get(citation.article_id, "")
                start, end = _lead(text) if lead else (citation.start, citation.end)
                name = names.get(citation.article_id, "")
                cited += 1
                days = [d for t in times.get(citation.article_id, ()) if start <= t[0] and t[1] <= end for d in t[2:]]
                if name in sides and _gives(text[start:end], sides[name], days):
                    good += 1
                    shown.add(name)
            whole += bool(sides) and shown == set(sides)
    return good, cited, whole, sentences


def _dice(first: frozenset[str], second: frozenset[str]) -> float:
    return 2 * len(first & second) / max(len(first) + len(second), 1)


def timeline_checks(report: Report, article_ids: set[str]) -> tuple[int, int, int, int]:
    """(complete entries, entries, cited sources stating the entry, cited sources)."""
    texts = {a.id: a.text for a in report.articles}
    complete = entries = stated = sources = 0
    for story in report.stories:
        if not set(story.article_ids) <= article_ids:
            continue
        for event in story.timeline:
            entries += 1
            complete += bool(re.match(r"^[\"“‘'(]?[A-Z0-9].*[.!?][\"”’')]*$", event.text))
            words = content_words(event.text)
            for source in event.sources:
                sources += 1
                text = texts.get(source, "")
                stated += any(_dice(words, content_words(text[s:e])) >= 0.5 for s, e in sentence_spans(text))
    return complete, entries, stated, sources


def raw_ids_in_prose(report: Report, article_ids: set[str]) -> tuple[int, int]:
    """(pieces of prose naming an article id or a hash, pieces of prose)."""
    ids = [a.id for a in report.articles if len(a.id) >= 6]
    prose = [s.text for story in report.stories if set(story.article_ids) <= article_ids for s in story.summary]
    prose += [e.text for story in report.stories if set(story.article_ids) <= article_ids for e in story.timeline]
    prose += [c.topic for c in report.conflicts if {s.article_id for s in c.statements} <= article_ids]
    bad = sum(1 for text in prose if _HASH.search(text) or any(i in text for i in ids))
    return bad, len(prose)


def names_split(raws: Sequence[RawDocument]) -> tuple[list[str], list[str]]:
    """Capitalised input words split in two by cleaning now, and by the token-by-token repair (baseline)."""
    now: list[str] = []
    baseline: list[str] = []
    for raw in raws:
        article = clean_document(raw)
        if not isinstance(article, Article):
            continue
        for token in sorted(set(_CAPITALISED.findall(raw.content))):
            # every left half "attested": the rule as it was before the name guard
            split = split_glued(token, TextNames(seen=frozenset(token[:i] for i in range(len(token)))))
            if split is not None:
                baseline.append(f"{token}→{split}")
            if re.search(rf"(?<![\w’']){re.escape(token)}(?![\w’'])", article.text) is None:
                parts = [p for p in re.findall(rf"\b{re.escape(token[:3])}\w* \w+", article.text)]
                if any(p.replace(" ", "") == token for p in parts):
                    now.append(f"{token}→{next(p for p in parts if p.replace(' ', '') == token)}")
    return now, baseline


def read_raws(name: str) -> list[RawDocument]:
    """The raw documents of a corpus, read as the pipeline reads them."""
    from storylens.ingest import IngestOptions, read_inputs

    inputs = {"demo": [str(ROOT / "examples" / "corpus")], "seeds": [str(SHARED / "seeds-dated" / "seeds.jsonl")]}
    paths = inputs.get(name, [str(CONFLICTS / "articles.jsonl")])
    return [raw for raw in read_inputs(paths, IngestOptions()) if isinstance(raw, RawDocument)]


def copy_directions(report_reuse: Sequence[Any], truth: dict[tuple[str, str], str], ids: set[str]) -> str:
    """Rewrites found / origins right / other pairs called rewrite / directions on other pairs."""
    found = right = false = directed = 0
    for reuse in report_reuse:
        if reuse.a not in ids or reuse.b not in ids:
            continue
        key = (reuse.a, reuse.b)
        if key in truth and reuse.kind in ("rewrite", "duplicate"):
            found += 1
            right += reuse.origin == truth[key]
        elif key not in truth:
            false += reuse.kind in ("rewrite", "duplicate")
            directed += reuse.origin is not None
    total = sum(1 for a, b in truth if a in ids and b in ids)
    return (
        f"rewrites found {found}/{total}, origins right {right}/{total}, other pairs called rewrite {false}, "
        f"directions stated on other pairs {directed}"
    )


def baseline_reuse(raws: Sequence[RawDocument], stories: dict[str, str]) -> list[Any]:
    """find_reuse per story with the coverage-only rewrite rule (the baseline)."""
    from storylens.nlp import load_embedder
    from storylens.stages.reuse.find import ReuseOptions, find_reuse

    by_story: dict[str, list[Article]] = defaultdict(list)
    for raw in raws:
        article = clean_document(raw)
        if isinstance(article, Article):
            by_story[stories.get(article.id, "")].append(article)
    options = ReuseOptions(min_close_pairs=0, min_worded_tokens=0)
    embedder = load_embedder()
    return [r for articles in by_story.values() for r in find_reuse(articles, embedder, options)]


def print_checks(label: str, report: Report, ids: set[str]) -> None:
    """Print every report-level check for the articles ``ids``."""
    good, total = quotations_verbatim(report, ids)
    relevant, cited, supported, sentences = citation_support(report, ids)
    lead = citation_support(report, ids, lead=True)
    complete, entries, stated, sources = timeline_checks(report, ids)
    bad, prose = raw_ids_in_prose(report, ids)
    articles = [a for a in report.articles if a.id in ids]
    quotes = [q for q in report.quotes if q.article_id in ids]
    print(f"[{label}] {len(articles)} articles, {sum(1 for s in report.stories if set(s.article_ids) <= ids)} stories")
    print(f"  quotations in summaries verbatim: {good}/{total}")
    print(
        f"  citations relevant: {relevant}/{cited} (lead-sentence baseline {lead[0]}/{lead[1]}); "
        f"sentences supported by their citations: {supported}/{sentences} (baseline {lead[2]}/{lead[3]})"
    )
    facts = citation_support(report, ids, facts_only=True)
    facts_lead = citation_support(report, ids, lead=True, facts_only=True)
    print(
        f"  fact sentences: citations relevant {facts[0]}/{facts[1]} (baseline {facts_lead[0]}/{facts_lead[1]}); "
        f"supported {facts[2]}/{facts[3]} (baseline {facts_lead[2]}/{facts_lead[3]})"
    )
    sides, sides_lead = conflict_sides(report, ids), conflict_sides(report, ids, lead=True)
    print(
        f"  conflict sentences: citations opening a passage that gives their outlet's value {sides[0]}/{sides[1]} "
        f"(baseline {sides_lead[0]}/{sides_lead[1]}); every named outlet so cited {sides[2]}/{sides[3]} "
        f"(baseline {sides_lead[2]}/{sides_lead[3]})"
    )
    print(f"  timeline: complete sentences {complete}/{entries}; cited sources stating the entry {stated}/{sources}")
    print(f"  prose naming a raw id or hash: {bad}/{prose}")
    print(f"  articles without an outlet: {sum(1 for a in articles if not a.source)}/{len(articles)}")
    altered = sum(q.fidelity == "altered" for q in quotes)
    disputed = len({q.group for q in quotes if getattr(q, "other_speakers", ())})
    print(f"  quotes flagged altered: {altered}; quote groups with differing speakers: {disputed}")


def main() -> None:
    """Run the pipeline on each corpus (cached) and print the checks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "storylens-faithfulness")
    parser.add_argument("--only", default="demo,seeds,conflicts")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    wanted = args.only.split(",")
    inputs = {
        "demo": [str(ROOT / "examples" / "corpus")],
        "seeds": [str(SHARED / "seeds-dated" / "seeds.jsonl")],
        "conflicts": [str(CONFLICTS / "articles.jsonl")],
    }
    for name in wanted:
        if name != "conflicts" and not Path(inputs[name][0]).exists():
            print(f"[{name}] skipped: {inputs[name][0]} absent", file=sys.stderr)
            continue
        report = run_pipeline(name, inputs[name], args.cache)
        raws = read_raws(name)
        now, baseline = names_split(raws)
        if name != "conflicts":
            print_checks(name, report, {a.id for a in report.articles})
        else:
            split = json.loads((CONFLICTS / "split.json").read_text())
            stories = {raw.id: raw.story or "" for raw in raws}
            gold = json.loads((CONFLICTS / "gold.json").read_text())
            truth = {tuple(sorted((r["rewrite"], r["origin"]))): r["origin"] for r in gold["rewrites"]}
            base = baseline_reuse(raws, stories)
            for part in ("report", "tune"):
                ids = {i for i, s in stories.items() if s in set(split[part])}
                print_checks(f"conflicts-dev {part.upper()}", report, ids)
                print(f"  copy directions: {copy_directions(report.reuse, truth, ids)}")
                print(f"  copy directions, coverage-only baseline: {copy_directions(base, truth, ids)}")
        print(
            f"  capitalised words split by cleaning: {len(now)} {now[:8]}; rule before the name guard would split "
            f"{len(baseline)} {baseline[:8]}"
        )


if __name__ == "__main__":
    main()
