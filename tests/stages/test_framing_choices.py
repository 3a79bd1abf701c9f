"""Framing, issue 22: word choices across outlets, loaded sentences per 100, the fitted judge (invented texts).

Every text here is fiction written for these tests: the republic of Norvania, its neighbour Osterland and their
officials do not exist.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

import jsonschema
import numpy as np
import numpy.typing as npt
import pytest
import xxhash

from storylens.errors import ConfigError, InputError
from storylens.model import Alternative, Article, Framing, Report, Story, WordChoice
from storylens.nlp import parse
from storylens.report import render_json
from storylens.stages.framing.choices import ChoiceOptions, attach_choices, find_choices, judging_choice
from storylens.stages.framing.fit import FitOptions, fit_judge, read_labelled
from storylens.stages.framing.judge import (
    FEATURES_VERSION,
    SHIPPED_JUDGE,
    FittedJudge,
    judge_from_dict,
    lexical_features,
    load_judge,
)
from storylens.stages.framing.measure import FramingOptions, judged_texts, measure_framing
from storylens.stages.framing.subjectivity import word_score


def _choices(first: str, second: str) -> dict[str, tuple[WordChoice, ...]]:
    articles = [Article(id="a", text=first), Article(id="b", text=second)]
    docs = dict(zip(["a", "b"], parse([first, second]), strict=True))
    return find_choices(articles, docs)


def _by_text(choices: Sequence[WordChoice]) -> dict[str, WordChoice]:
    return {choice.text: choice for choice in choices}


def test_label_and_verb_of_saying_are_set_side_by_side() -> None:
    found = _choices(
        "The Norvanian regime claimed on Monday that the border crossing at Halvard had been closed to trucks.",
        "The Norvanian government said on Monday that the border crossing at Halvard had been closed to trucks.",
    )
    mine = _by_text(found["a"])
    assert mine["regime"].kind == "label"
    assert [(alt.article_id, alt.text) for alt in mine["regime"].alternatives] == [("b", "government")]
    assert mine["claimed"].kind == "saying"
    assert _by_text(found["b"])["said"].alternatives[0].text == "claimed"
    text = "The Norvanian regime claimed on Monday that the border crossing at Halvard had been closed to trucks."
    assert text[mine["regime"].start : mine["regime"].end] == "regime"


def test_modifier_one_outlet_adds_has_an_empty_alternative() -> None:
    found = _choices(
        "Police in Halvard launched a brutal crackdown on the farmers who had blocked the northern highway.",
        "Police in Halvard launched a crackdown on the farmers who had blocked the northern highway.",
    )
    choice = _by_text(found["a"])["brutal"]
    assert choice.kind == "modifier"
    assert choice.alternatives[0].text == ""
    assert not any(c.text == "brutal" for c in found["b"])


def test_scare_quotes_against_the_same_words_unquoted() -> None:
    found = _choices(
        "The ministry described the march through Halvard as a “celebration” of national unity on Sunday.",
        "The ministry described the march through Halvard as a celebration of national unity on Sunday.",
    )
    assert [(c.kind, c.text) for c in found["a"] if c.kind == "scare_quote"] == [("scare_quote", "celebration")]
    assert not any(c.kind == "scare_quote" for c in found["b"])


def test_differing_numbers_and_names_are_not_word_choices() -> None:
    found = _choices(
        "Minister Arlen Voss said that 4,200 residents of Halvard were moved to a sports hall on Tuesday night.",
        "Minister Petra Lind said that 2,400 residents of Halvard were moved to a sports hall on Tuesday night.",
    )
    assert found == {"a": (), "b": ()}


def test_unrelated_sentences_are_not_aligned() -> None:
    found = _choices(
        "The regime in Norvania raised the price of bread by a third over the winter months.",
        "Osterland's football team won the regional cup after a penalty shoot-out in Varna.",
    )
    assert found == {"a": (), "b": ()}


def test_choices_attach_to_framing_records_per_story() -> None:
    first = "The Norvanian regime claimed on Monday that the border crossing at Halvard had been closed to trucks."
    second = "The Norvanian government said on Monday that the border crossing at Halvard had been closed to trucks."
    articles = [Article(id="a", text=first), Article(id="b", text=second), Article(id="c", text=first)]
    docs = dict(zip("abc", parse([first, second, first]), strict=True))
    framing = [Framing(article_id=key, score=0.0) for key in "abc"]
    stories = [Story(id="s1", title="", article_ids=("a", "b")), Story(id="s2", title="", article_ids=("c",))]
    attached = {item.article_id: item for item in attach_choices(framing, stories, articles, docs)}
    assert {c.text for c in attached["a"].choices} >= {"regime", "claimed"}
    assert attached["c"].choices == ()  # alone in its story: nothing to compare with


LOADED_PARAGRAPH = (
    "The president of Norvania arrived in Osterland on Monday for a three-day visit. "
    "Officials from both countries met at the airport in Halvard. "
    "The regime staged a lavish parade to distract from the failing economy. "
    "“This is a brutal menace to the region,” the opposition leader said at a rally. "
    "Talks on trade and the border are due to continue on Tuesday."
)


def test_loaded_sentences_per_100_own_sentences_excludes_quotes() -> None:
    framing = measure_framing(Article(id="p", text=LOADED_PARAGRAPH), [], FramingOptions(judge="lexicon"))
    assert framing.sentences == 4  # the quoted sentence is the speaker's
    assert framing.loaded_per_100 == 25.0
    assert framing.judge == "lexicon"
    assert [LOADED_PARAGRAPH[s.start : s.end].split()[1] for s in framing.loaded_sentences] == ["regime"]


SHIPPED_PARAGRAPH = (
    "The council of Halvard met on Tuesday and approved the budget for the new bridge by seven votes to two. "
    "The mayor, who has never once kept a promise to the riverside districts, took all the credit for himself. "
    "A resident called the plan “a shameless giveaway” at the meeting, and the mayor's office said costs were fixed. "
    "Construction is due to begin in April and to take about two years."
)


def test_the_lexicon_rule_is_the_default_judge() -> None:
    framing = measure_framing(Article(id="h", text=SHIPPED_PARAGRAPH), [], FramingOptions())
    assert framing.judge == "lexicon"


def test_the_shipped_judge_reads_a_sneer_without_a_lexicon_word() -> None:
    framing = measure_framing(Article(id="h", text=SHIPPED_PARAGRAPH), [], FramingOptions(judge="shipped"))
    assert framing.judge == "shipped"
    flagged = {SHIPPED_PARAGRAPH[s.start : s.end] for s in framing.loaded_sentences}
    sentences = [part if part.endswith(".") else part + "." for part in SHIPPED_PARAGRAPH.strip().split(". ")]
    assert sentences[1] in flagged  # the sneer, with no lexicon word in it
    assert sentences[0] not in flagged and sentences[3] not in flagged  # the plain reports
    lexicon = measure_framing(Article(id="h", text=SHIPPED_PARAGRAPH), [], FramingOptions(judge="lexicon"))
    assert lexicon.judge == "lexicon" and lexicon.loaded_sentences == ()  # "shameless" is quoted: the resident's


def test_the_shipped_weights_are_numbers_for_these_features() -> None:
    data = json.loads(SHIPPED_JUDGE.read_text(encoding="utf-8"))
    assert data["features"] == FEATURES_VERSION and data["trained_on"]["licence"] == "MIT"
    judge = load_judge(str(SHIPPED_JUDGE))
    assert len(judge.coef) == 384 + len(lexical_features("A sentence."))
    with pytest.raises(ConfigError, match="framing judge"):
        measure_framing(Article(id="x", text=SHIPPED_PARAGRAPH), [], FramingOptions(judge="oracle"))


def test_subjectivity_lexicon_scores_words_and_their_stems() -> None:
    brutal = word_score("brutal")
    assert brutal is not None and brutal.subjectivity > 0.5 and brutal.polarity < 0
    assert word_score("Brutally") == brutal
    chinese = word_score("national")
    assert chinese is None or chinese.subjectivity < 0.3
    assert word_score("xqzvv") is None


class _Embedder:
    """A stand-in for MiniLM: a fixed pseudo-random vector per text (xxhash seed), unit length."""

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        rows = []
        for text in texts:
            rng = np.random.default_rng(xxhash.xxh32_intdigest(text.encode()))
            row = rng.normal(size=384)
            rows.append(row / np.linalg.norm(row))
        return np.asarray(rows, dtype=np.float32)


NEUTRAL = [
    f"The council of district {n} met on day {n} to discuss the budget for roads and schools." for n in range(20)
]
LOADED = [f"The corrupt regime of district {n} staged a shameful, brutal sham vote on day {n}." for n in range(20)]


def test_fitted_judge_learns_from_supplied_sentences_and_round_trips(tmp_path: Path) -> None:
    result = fit_judge([*NEUTRAL, *LOADED], [0] * 20 + [1] * 20, _Embedder(), FitOptions(grid=(0.1,), folds=4))
    assert result.cv_macro_f1 > 0.9
    assert len(result.judge.coef) == 384 + len(lexical_features("A sentence."))
    path = tmp_path / "judge.json"
    path.write_text(json.dumps(result.judge.to_dict()))
    judge = load_judge(str(path))
    chances = judge.probabilities(["The brutal regime of district 40 staged a shameful sham vote."], _Embedder())
    assert chances[0] > 0.5
    calm = judge.probabilities(["The council of district 40 met to discuss the budget for roads."], _Embedder())
    assert calm[0] < 0.5


def test_measure_framing_uses_the_fitted_judge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = fit_judge([*NEUTRAL, *LOADED], [0] * 20 + [1] * 20, _Embedder(), FitOptions(grid=(0.1,), folds=4))
    path = tmp_path / "judge.json"
    path.write_text(json.dumps(result.judge.to_dict()))
    monkeypatch.setattr("storylens.nlp.load_embedder", _Embedder)
    text = f"{NEUTRAL[0]} {LOADED[0]} {NEUTRAL[1]} {NEUTRAL[2]}"
    framing = measure_framing(Article(id="f", text=text), [], FramingOptions(model_path=str(path)))
    assert framing.judge == "fitted"
    assert framing.sentences == 4 and framing.loaded_per_100 == 25.0


class _Counting(_Embedder):
    """The stand-in embedder, noting every text it is asked for."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.seen.extend(texts)
        return super().encode(texts)


def test_a_model_judge_reads_the_embedder_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = fit_judge([*NEUTRAL, *LOADED], [0] * 20 + [1] * 20, _Embedder(), FitOptions(grid=(0.1,), folds=4))
    path = tmp_path / "judge.json"
    path.write_text(json.dumps(result.judge.to_dict()))
    options = FramingOptions(model_path=str(path))
    article = Article(id="g", text=f"{NEUTRAL[3]} {LOADED[4]} “Short quoted words here, all of them,” he said.")

    def refuse() -> None:
        raise AssertionError("the process's own embedder was loaded")

    monkeypatch.setattr("storylens.nlp.load_embedder", refuse)
    given = _Counting()
    framing = measure_framing(article, [], options, given)
    assert given.seen == judged_texts(article, [], options) == [NEUTRAL[3], LOADED[4]]  # the quoted one is not own
    assert framing.loaded_per_100 == 50.0
    assert judged_texts(article, [], FramingOptions(judge="lexicon")) == []


def test_the_pipeline_judges_in_the_driver_with_its_embedder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storylens import pipeline as pipeline_module
    from storylens.pipeline import Pipeline, PipelineOptions
    from storylens.store import open_store

    result = fit_judge([*NEUTRAL, *LOADED], [0] * 20 + [1] * 20, _Embedder(), FitOptions(grid=(0.1,), folds=4))
    path = tmp_path / "judge.json"
    path.write_text(json.dumps(result.judge.to_dict()))
    options = FramingOptions(model_path=str(path))
    articles = [
        Article(id="n1", text=" ".join(NEUTRAL[:3] + LOADED[:1]), source="Halvard Post"),
        Article(id="n2", text=" ".join(NEUTRAL[5:9]), source="Osterland Daily"),
    ]
    given = _Counting()
    monkeypatch.setattr(pipeline_module, "_embedder", lambda: given)
    monkeypatch.setattr("storylens.nlp.load_embedder", lambda: pytest.fail("the process's own embedder was loaded"))

    class _Workers:  # runs here, noting what it was asked to map
        name, parallel, mapped = "local", True, []

        def map(self, fn: object, items: Sequence[object], *, chunksize: int = 16) -> list[object]:
            self.mapped.append(getattr(fn, "func", fn))
            return [fn(item) for item in items]  # type: ignore[operator]

        def close(self) -> None:
            """Nothing to release."""

    backend = _Workers()
    store = open_store(tmp_path / "judge.db")
    try:
        report = Pipeline(store, backend, PipelineOptions(framing=options)).analyze(articles)  # type: ignore[arg-type]
    finally:
        store.close()
    assert pipeline_module._frame not in backend.mapped
    framing = {f.article_id: f for f in report.framing}
    assert [framing[a.id].loaded_per_100 for a in articles] == [25.0, 0.0]
    assert set(judged_texts(articles[0], [], options)) <= set(given.seen)


def test_weights_for_other_features_are_refused() -> None:
    judge = FittedJudge((0.0,), (1.0,), (1.0,), 0.0)
    data = {**judge.to_dict(), "features": "something-else/9"}
    with pytest.raises(ConfigError, match="expected"):
        judge_from_dict(data, "x.json")
    with pytest.raises(ConfigError, match="unequal"):
        judge_from_dict({**judge.to_dict(), "coef": [1.0, 2.0]}, "x.json")


def test_labelled_sentences_read_from_jsonl_and_csv() -> None:
    lines = [json.dumps({"text": t, "label": "biased"}) for t in LOADED] + [
        json.dumps({"text": t, "label": "non-biased"}) for t in NEUTRAL
    ]
    texts, labels = read_labelled("\n".join(lines), "mine.jsonl")
    assert len(texts) == 40 and sum(labels) == 20
    csv_text = "text;label_bias\n" + "\n".join(f"{t};Biased" for t in LOADED) + "\n"
    csv_text += "\n".join(f"{t};Non-biased" for t in NEUTRAL)
    assert sum(read_labelled(csv_text, "mine.csv")[1]) == 20
    with pytest.raises(InputError, match=r"mine\.jsonl"):
        read_labelled("\n".join(lines[:5]), "mine.jsonl")


def test_a_report_with_word_choices_validates_and_round_trips(schema: dict[str, object]) -> None:
    first = "The Norvanian regime claimed on Monday that the border crossing at Halvard had been closed to trucks."
    second = "The Norvanian government said on Monday that the border crossing at Halvard had been closed to trucks."
    articles = (Article(id="a", text=first), Article(id="b", text=second))
    found = find_choices(articles, dict(zip("ab", parse([first, second]), strict=True)))
    framing = tuple(
        dataclasses.replace(measure_framing(article, [], FramingOptions()), choices=found[article.id])
        for article in articles
    )
    report = Report(articles=articles, framing=framing)
    document = json.loads(render_json(report))
    jsonschema.validate(document, schema)
    assert document["framing"][0]["choices"][0]["alternatives"][0]["article_id"] == "b"
    assert Report.from_dict(document).framing == framing


def test_a_judging_word_choice_makes_its_sentence_loaded_for_that_outlet_only() -> None:
    # "awkward" is in no loaded-lexicon list, but TextBlob gives it a polarity; the other outlet wrote nothing there.
    first = (
        "The ministry announced an awkward closure of the Halvard crossing to trucks on Monday morning. "
        "Drivers were told to use the northern road until further notice."
    )
    second = (
        "The ministry announced a closure of the Halvard crossing to trucks on Monday morning. "
        "Drivers were told to use the northern road until further notice."
    )
    articles = [Article(id="a", text=first), Article(id="b", text=second)]
    docs = dict(zip("ab", parse([first, second]), strict=True))
    framing = [measure_framing(article, [], FramingOptions(judge="lexicon")) for article in articles]
    assert [item.loaded_per_100 for item in framing] == [0.0, 0.0]  # the lexicon rule alone finds nothing
    stories = [Story(id="s1", title="", article_ids=("a", "b"))]
    attached = {item.article_id: item for item in attach_choices(framing, stories, articles, docs)}
    assert attached["a"].loaded_per_100 == 50.0
    [sentence] = attached["a"].loaded_sentences
    assert first[sentence.start : sentence.end].startswith("The ministry") and sentence.terms == ("awkward",)
    assert attached["b"].loaded_per_100 == 0.0 and attached["b"].loaded_sentences == ()
    plain = attach_choices(framing, stories, articles, docs, options=ChoiceOptions(count_judging=False))
    assert [item.loaded_per_100 for item in plain] == [0.0, 0.0]


def test_a_choice_judges_only_when_its_words_score_above_every_alternative() -> None:
    def choice(text: str, *others: str) -> WordChoice:
        alternatives = tuple(Alternative(f"o{n}", 0, len(other), other) for n, other in enumerate(others))
        return WordChoice(0, len(text), text, "modifier", alternatives)

    assert judging_choice(choice("terrible", "serious"))
    assert judging_choice(choice("insisted", "said"))  # a loaded-lexicon term against none
    assert not judging_choice(choice("said", "insisted"))
    assert not judging_choice(choice("disastrous", "", "terrible"))  # another outlet judged at least as much
    assert not judging_choice(choice("possible", ""))  # subjective for TextBlob, but it hedges
    hedge = WordChoice(0, 7, "awkward", "hedge", (Alternative("o", 0, 0, ""),))
    assert not judging_choice(hedge)


def test_a_story_compares_at_most_max_units_sentences_the_same_depth_into_each_article() -> None:
    opening = "The harvest festival in the Norvanian town of Ostrava drew visitors from {} across the border."
    aligned = "The Norvanian regime claimed on Monday that the border crossing at Halvard had been closed to trucks."
    other = "The Norvanian government said on Monday that the border crossing at Halvard had been closed to trucks."
    first = " ".join((opening.format("farms"), aligned))
    second = " ".join((opening.format("villages and cities"), other))
    articles = [Article(id="a", text=first), Article(id="b", text=second)]
    docs = dict(zip(["a", "b"], parse([first, second]), strict=True))
    whole = find_choices(articles, docs)
    bounded = find_choices(articles, docs, options=ChoiceOptions(max_units=2))
    assert "regime" in _by_text(whole["a"])
    assert "regime" not in _by_text(bounded["a"])  # only each article's first sentence was compared


def test_grouped_folds_keep_each_group_in_one_test_fold() -> None:
    from storylens.stages.framing.fit import _folds

    matrix = np.zeros((40, 2))
    gold = np.array([0, 1] * 20)
    groups = [f"topic-{i % 8}" for i in range(40)]
    folds = _folds(matrix, gold, FitOptions(folds=4), groups)
    for train, test in folds:
        assert not {groups[i] for i in train} & {groups[i] for i in test}
    assert sorted(i for _, test in folds for i in test) == list(range(40))
