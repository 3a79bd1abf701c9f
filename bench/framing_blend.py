"""The three framing checks at once, for the lexicon rule, the model fitted on our set and their combinations.

One run fits the sentence judge on ``bench/data/framing-train`` (as ``framing_train.py`` does: MiniLM + lexical
features, logistic regression, C by topic-grouped five-fold CV) and scores every judge on
- BABE macro-F1 (``xxh64(id) % 10 < 6`` is TUNE, as ``framing_judge.py``);
- BASIL lexical-bias sentence F1 (own sentences, gold = an expert lexical span overlaps; split by event id, as
  ``framing_basil.py``);
- outlet ranking against distance from the centre (mean per-story Spearman of loaded sentences per 100, BASIL and
  NeuS, split by story id, as ``framing_outlets.py``; judge alone, no word choices).
Judges: the lexicon rule; the model at 0.5; "agree" (the lexicon fires and the model agrees);
the model with its prior moved to news prose (``--prior``: ``framing_train.news_prior``, the threshold that
believes ``prior`` of sentences loaded instead of our set's share, a stated prior, not fitted on any check); the
lexicon rule or that model.
Sentence embeddings are kept on disk between runs (``/tmp``, keyed by the texts' hash). Errors are read on TUNE only.

    cd bench && nice ../.venv/bin/python framing_blend.py [--prior 0.15] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import spearmanr
from sklearn.metrics import f1_score, precision_recall_fscore_support

from framing_judge import DATA as BABE
from framing_judge import is_tune
from framing_outlets import basil, neus
from framing_train import _cached_features, _probabilities, _train, news_prior
from storylens.stages.framing.fit import fit_features
from storylens.stages.framing.judge import FittedJudge, lexicon_loaded
from storylens.stages.framing.measure import FramingOptions, _own_sentences, measure_framing
from storylens.text.quotations import quotation_spans

Array = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]


@dataclass
class Sentences:
    """Own sentences of one set's articles: their text, lexicon verdict, gold (or -1), story, part and distance."""

    texts: list[str]
    rule: list[bool]
    gold: list[int]
    article: list[str]
    story: list[str]
    tune: list[bool]
    distance: list[int]


def _collect(stories: Sequence[tuple[str, list, list[int], list | None]]) -> Sentences:
    """Every article's own sentences as ``measure_framing`` sees them, with the lexicon rule's verdict."""
    out = Sentences([], [], [], [], [], [], [])
    options = FramingOptions(judge="lexicon")
    for story_id, articles, distance, gold in stories:
        for index, article in enumerate(articles):
            spans = _own_sentences(article.text, quotation_spans(article.text), options)
            ruled = {(s.start, s.end) for s in measure_framing(article, [], options).loaded_sentences}
            for start, end in spans:
                out.texts.append(article.text[start:end])
                out.rule.append((start, end) in ruled)
                hit = -1 if gold is None else int(any(s < end and start < e for s, e in gold[index]))
                out.gold.append(hit)
                out.article.append(article.id)
                out.story.append(story_id)
                out.tune.append(is_tune(story_id))
                out.distance.append(distance[index])
    return out


def _outlets(data: Sentences, flags: Flags, tune: bool) -> tuple[float, int, int]:
    """Mean per-story Spearman of loaded sentences per 100 against distance; centre strictly least; stories."""
    per: dict[str, dict[str, list[int]]] = {}
    dist: dict[str, int] = {}
    for i, story in enumerate(data.story):
        if data.tune[i] == tune:
            per.setdefault(story, {}).setdefault(data.article[i], []).append(int(flags[i]))
            dist[data.article[i]] = data.distance[i]
    rhos, least = [], 0
    for arts in per.values():
        values = [100 * sum(v) / len(v) for v in arts.values()]
        distance = [dist[a] for a in arts]
        if len(set(values)) < 2 or len(set(distance)) < 2:
            rhos.append(0.0)
            continue
        rhos.append(float(spearmanr(values, distance)[0]))
        centre = distance.index(0)
        least += all(values[centre] < v for i, v in enumerate(values) if i != centre)
    return float(np.mean(rhos)), least, len(rhos)


def _sentence_f1(data: Sentences, flags: Flags, tune: bool) -> tuple[float, float, float, float]:
    pick = np.array(data.tune) == tune
    gold = np.array(data.gold)[pick]
    p, r, f, _ = precision_recall_fscore_support(gold, flags[pick], average="binary", zero_division=0)
    return float(p), float(r), float(f), float(flags[pick].mean())


def _judges(judge: FittedJudge, shifted: FittedJudge) -> dict[str, Callable[[Array, Flags], Flags]]:
    def says(j: FittedJudge, matrix: Array) -> Flags:
        return _probabilities(j, matrix) >= j.threshold

    return {
        "lexicon rule": lambda matrix, rule: rule,
        "model": lambda matrix, rule: says(judge, matrix),
        "model, news prior": lambda matrix, rule: says(shifted, matrix),
        "agree: lexicon and model": lambda matrix, rule: rule & says(judge, matrix),
        "lexicon or model(news prior)": lambda matrix, rule: rule | says(shifted, matrix),
    }


def _babe(embedder: object) -> tuple[Array, Flags, npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    records = [json.loads(line) for line in BABE.read_text().splitlines()]
    texts = [str(r["text"]) for r in records]
    gold = np.array([int(r["label"] == "biased") for r in records])
    tune = np.array([is_tune(str(r["id"])) for r in records])
    rule = np.array([lexicon_loaded(t) for t in texts])
    return _cached_features(texts, embedder), rule, gold, tune  # type: ignore[arg-type]


def main() -> None:
    """Fit on our set, print every judge on the three checks, TUNE beside REPORT."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--prior", type=float, default=0.15, help="share of loaded sentences assumed in news prose")
    parser.add_argument("--errors", type=int, default=0, help="print BASIL TUNE sentences the model over-calls")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from storylens.nlp import load_embedder

    embedder = load_embedder()
    texts, labels, topics = _train()
    started = time.process_time()
    result = fit_features(_cached_features(texts, embedder), labels, groups=topics)
    share = sum(labels) / len(labels)
    print(f"framing-train: {len(texts)} sentences, {share:.1%} loaded; CV {result.cv_macro_f1} (C {result.c})")
    print(f"  fit {time.process_time() - started:.0f} CPU s")
    judges = _judges(result.judge, news_prior(result.judge, share, args.prior))
    matrix, rule, gold, tune = _babe(embedder)
    sets = {"BASIL": _collect(basil()), "NeuS": _collect(neus())}
    features = {name: _cached_features(data.texts, embedder) for name, data in sets.items()}
    for name, decide in judges.items():
        flags = decide(matrix, rule)
        babe = [f1_score(gold[tune == t], flags[tune == t], average="macro") for t in (False, True)]
        print(f"{name}\n  BABE macro-F1 REPORT {babe[0]:.3f}  TUNE {babe[1]:.3f}")
        data = sets["BASIL"]
        flagged = decide(features["BASIL"], np.array(data.rule))
        for part, t in (("REPORT", False), ("TUNE", True)):
            p, r, f, rate = _sentence_f1(data, flagged, t)
            print(f"  BASIL {part} sentences P {p:.3f} R {r:.3f} F1 {f:.3f} (flags {rate:.1%})")
        for set_name, data in sets.items():
            flagged = decide(features[set_name], np.array(data.rule))
            line = "  ".join(
                "{} {:+.3f} · {}/{}".format(part, *_outlets(data, flagged, t))
                for part, t in (("REPORT", False), ("TUNE", True))
            )
            print(f"  {set_name} outlets {line}")
    if args.errors:
        data = sets["BASIL"]
        chances = _probabilities(result.judge, features["BASIL"])
        wrong = [i for i, t in enumerate(data.tune) if t and data.gold[i] == 0 and chances[i] >= 0.5]
        print(f"-- BASIL TUNE neutral sentences the model flags: {len(wrong)}")
        for i in wrong[: args.errors]:
            print(f"   {chances[i]:.2f} {data.texts[i]}")


if __name__ == "__main__":
    main()
