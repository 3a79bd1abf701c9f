"""The pipeline: stages in a fixed, cost-aware order, wired to a store and a backend.

Order: ingest → clean (map, parallel) → reuse (duplicates first, so heavy NLP runs once per distinct
text) → parse → stories → entities → quotes → times → framing (map) → claims/conflicts, timeline,
summary (per story). Every stage is a pure function from ``storylens.stages``; this module only
moves values between them and the store.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from storylens.backends import Backend, SequentialBackend
from storylens.backends.threads import one_blas_thread
from storylens.ingest import IngestOptions, read_inputs
from storylens.ingest.dispatch import cut_point
from storylens.model import (
    Article,
    Comparison,
    Conflict,
    Framing,
    Quote,
    RawDocument,
    Rejection,
    Report,
    Reuse,
    Story,
    StorySlice,
)
from storylens.nlp.embeddings import (
    Embedder,
    MappedEmbedder,
    MiniLMEmbedder,
    Vectors,
    encode_batch,
    limit_threads,
    load_embedder,
)
from storylens.nlp.spacy_model import docs_from_bytes, parse, parse_to_bytes
from storylens.present.slices import CorpusIndex
from storylens.stages.claims import ClaimOptions, ClaimResult, analyze_claims
from storylens.stages.clean import CleanOptions, clean_document, content_hash
from storylens.stages.clean.repair import NO_NAMES, TextNames, corpus_names
from storylens.stages.entities import EntityOptions, find_entities
from storylens.stages.framing import FramingOptions, compare_outlets, measure_framing
from storylens.stages.framing.choices import ChoiceOptions, attach_choices
from storylens.stages.framing.measure import CompareOptions, judge_name, judged_texts
from storylens.stages.quotes import QuoteOptions, extract_quotes, link_quotes
from storylens.stages.reuse import ReuseOptions, find_reuse_grown, judge_reuse, originals_of
from storylens.stages.reuse.find import ReuseJudgement
from storylens.stages.stories import ClusterOptions, ClusterState, cluster_stories
from storylens.stages.summary import SummaryOptions, summarize_story
from storylens.stages.temporal import TimeOptions, find_times
from storylens.stages.timeline import TimelineOptions, build_timeline
from storylens.store.base import Store
from storylens.text.support import article_units

if TYPE_CHECKING:
    from spacy.tokens import Doc

T = TypeVar("T")
Progress = Callable[[str, int, int], None]
CLUSTER_STATE_KEY = "cluster/v1"
# Fewer texts than this parse here: workers loading spaCy would cost more than they save (seeds, one URL).
_MIN_POOLED_PARSE = 48
_PARSE_CHUNK = 16  # texts per worker task when parsing on a backend
# Fewer stories than this get their claims here: shipping parses to workers pays only for a batch of stories.
_MIN_POOLED_STORIES = 8


@dataclass(frozen=True)
class PipelineOptions:
    """One options object per stage, plus switches for the whole run."""

    ingest: IngestOptions = field(default_factory=IngestOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    reuse: ReuseOptions = field(default_factory=ReuseOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    entities: EntityOptions = field(default_factory=EntityOptions)
    quotes: QuoteOptions = field(default_factory=QuoteOptions)
    times: TimeOptions = field(default_factory=TimeOptions)
    framing: FramingOptions = field(default_factory=FramingOptions)
    compare: CompareOptions = field(default_factory=CompareOptions)
    choices: ChoiceOptions = field(default_factory=ChoiceOptions)
    claims: ClaimOptions = field(default_factory=ClaimOptions)
    timeline: TimelineOptions = field(default_factory=TimelineOptions)
    summary: SummaryOptions = field(default_factory=SummaryOptions)
    batch_size: int = 64
    # Summary support across paraphrasing outlets uses MiniLM (bounded by ``SummaryOptions.embed_limit``); off, it
    # is lexical only: faster, with fewer corroborating citations (BENCHMARKS.md, Scale).
    summary_embeddings: bool = True


@dataclass(frozen=True)
class IngestResult:
    """What one ingest pass produced: usable articles and rejected inputs."""

    articles: tuple[Article, ...]
    rejections: tuple[Rejection, ...]


def _noop(stage: str, done: int, total: int) -> None:
    """Default progress callback."""


def _clean_or_reject(
    raw: RawDocument, options: CleanOptions, max_chars: int = 0, names: TextNames = NO_NAMES
) -> Article | Rejection:
    """Clean one document; whatever goes wrong costs that document (a rejection naming it), not the batch.

    A text longer than ``max_chars`` (a page whose markup was short but whose text is not) is cut, and ``removed``
    says so: analysis time and memory grow with a document's length.
    """
    try:
        article = clean_document(raw, options, names)
        if max_chars and isinstance(article, Article) and len(article.text) > max_chars:
            cut = cut_point(article.text, max_chars)
            note = f"[{len(article.text) - cut:,} characters after the first {cut:,} not analysed: limit per document]"
            article = dataclasses.replace(article, text=article.text[:cut].rstrip(), removed=(*article.removed, note))
        return article
    except RecursionError:
        return Rejection(raw.origin, "cannot clean: structure nested too deeply")
    except Exception as exc:  # a cleaning bug on one odd page must not end a batch of thousands
        return Rejection(raw.origin, f"cannot clean: {type(exc).__name__}: {exc}")


def _frame(item: tuple[Article, list[Quote]], options: FramingOptions) -> Framing:
    return measure_framing(item[0], item[1], options)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Pipeline:
    """Runs the stages over inputs, keeping everything it commits in ``store``."""

    def __init__(
        self,
        store: Store,
        backend: Backend | None = None,
        options: PipelineOptions | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.store = store
        self.backend: Backend = backend or SequentialBackend()
        self.options = options or PipelineOptions()
        self.progress = progress or _noop
        one_blas_thread()  # the driver too: engines agree only when every process uses one (backends.threads)

    # -- ingest and clean ---------------------------------------------------------------------------
    def ingest(self, inputs: Sequence[str]) -> IngestResult:
        """Read and clean ``inputs``, committing each batch; content seen before is not cleaned again."""
        articles: dict[str, Article] = {}
        rejections: list[Rejection] = []
        done = 0
        for batch in _batched(read_inputs(inputs, self.options.ingest), self.options.batch_size):
            fresh: list[tuple[RawDocument, str]] = []
            for item in batch:
                if isinstance(item, Rejection):
                    rejections.append(item)
                    self.store.add_rejection(item)
                    continue
                digest = content_hash(item)
                known = self.store.article_for_hash(digest)
                if known is not None and known.id == item.id:
                    articles[known.id] = known
                else:
                    fresh.append((item, digest))
            self._clean_batch(fresh, articles, rejections)
            done += len(batch)
            self.progress("ingest", done, 0)
        return IngestResult(tuple(articles[key] for key in sorted(articles)), tuple(rejections))

    def _clean_batch(
        self, fresh: list[tuple[RawDocument, str]], articles: dict[str, Article], rejections: list[Rejection]
    ) -> None:
        # The words standing as names in the documents cleaned together are never split as glue (issue 16.3).
        names = corpus_names(raw.content for raw, _ in fresh)
        max_chars = self.options.ingest.max_chars
        cleaner = partial(_clean_or_reject, options=self.options.clean, max_chars=max_chars, names=names)
        results = self.backend.map(cleaner, [raw for raw, _ in fresh], chunksize=8)
        for (raw, digest), result in zip(fresh, results, strict=True):
            try:
                self.store.add_raw(raw, digest)
                if not isinstance(result, Rejection):
                    article = dataclasses.replace(result, content_hash=digest)
                    self.store.add_article(article)
                    articles[article.id] = article
                    continue
            except ValueError as exc:  # data one document carries that the store cannot hold (not a full disk)
                result = Rejection(raw.origin, f"cannot store: {type(exc).__name__}: {exc}")
            rejections.append(result)
            self.store.add_rejection(result)

    # -- analysis -----------------------------------------------------------------------------------
    def analyze(self, articles: Sequence[Article]) -> Report:
        """Run every corpus and map stage over ``articles`` (and the stories they join) into a report."""
        with self.store.writer():  # one writer at a time: stories are numbered from the state loaded here
            return self._analyze(articles)

    def _analyze(self, articles: Sequence[Article]) -> Report:
        options = self.options
        embedder = self._embedder()
        corpus, reuse, docs, stories = self._group(articles, embedder)
        self.progress("entities", 0, 1)
        entity_result = find_entities(corpus, docs, stories, options.entities)
        raw_quotes = [quote for a in corpus for quote in extract_quotes(a, docs[a.id], options.quotes)]
        quotes = link_quotes(raw_quotes, entity_result, stories, options.quotes)
        # Map stages that need no parse run on the backend (processes or Ray).
        times = list(chain.from_iterable(self.backend.map(partial(find_times, options=options.times), corpus)))
        quotes_of: dict[str, list[Quote]] = {a.id: [] for a in corpus}
        for quote in quotes:
            quotes_of.setdefault(quote.article_id, []).append(quote)
        framing = self._framing([(a, quotes_of[a.id]) for a in corpus], embedder)
        framing = self._choices(framing, stories, corpus, docs, embedder)
        index = CorpusIndex(corpus, reuse, entity_result.entities, entity_result.mentions, quotes, times, framing)
        finished, conflicts, compared = self._per_story(stories, index, docs, embedder)
        return Report(
            articles=tuple(corpus),
            stories=tuple(finished),
            reuse=tuple(sorted(reuse, key=lambda r: (r.a, r.b))),
            entities=entity_result.entities,
            quotes=tuple(quotes),
            conflicts=tuple(conflicts),
            framing=tuple(sorted(framing, key=lambda f: f.article_id)),
            times=tuple(sorted(times, key=lambda t: (t.article_id, t.start))),
            mentions=entity_result.mentions,
            extras={"comparisons": tuple(compared)},  # what the conflict stage compared (report-format)
        )

    def _framing(self, items: Sequence[tuple[Article, list[Quote]]], embedder: Embedder) -> list[Framing]:
        """Framing per article: on the backend; a model judge reads this process's embedder (its cache) instead.

        The judge's sentences are encoded in one call first (their uncached batches on the workers, where there are
        any), so no worker encodes what an earlier stage already did and the vectors do not depend on the engine.
        """
        options = self.options.framing
        if judge_name(options) == "lexicon":
            return list(self.backend.map(partial(_frame, options=options), items))
        embedder.encode([text for article, quotes in items for text in judged_texts(article, quotes, options)])
        return [measure_framing(article, quotes, options, embedder) for article, quotes in items]

    def _choices(
        self,
        framing: list[Framing],
        stories: Sequence[Story],
        corpus: Sequence[Article],
        docs: Mapping[str, Doc],
        embedder: Embedder,
    ) -> list[Framing]:
        """Word choices: a story's articles compared sentence by sentence on the parse, which lives here.

        Each story encodes its few sentences in one batch, which this process would run alone while the workers
        wait (the driver's time grew faster than the corpus, BENCHMARKS.md, Speed): with workers, a first pass
        notes every story's encodes and the workers encode them side by side, so the real pass finds them cached.
        """
        options = self.options
        if not options.summary_embeddings:
            return attach_choices(framing, stories, corpus, docs, None, options.choices)
        if isinstance(embedder, MappedEmbedder):
            recorder = _Recorder()
            attach_choices(framing, stories, corpus, docs, recorder, options.choices)
            embedder.encode_calls(recorder.calls)
        return attach_choices(framing, stories, corpus, docs, embedder, options.choices)

    def _group(
        self, articles: Sequence[Article], embedder: Embedder
    ) -> tuple[list[Article], list[Reuse], dict[str, Doc], tuple[Story, ...]]:
        """Reuse first (so copies share a parse), then stories; widen to the stories' earlier articles."""
        judged = self._judge_reuse(articles, embedder)
        docs = self._parse(articles, judged.reuse(), {})
        stories = self._cluster(articles, docs, embedder)
        return self._widen(articles, stories, judged, docs, embedder)

    def _judge_reuse(self, articles: Sequence[Article], embedder: Embedder) -> ReuseJudgement:
        """Find copies and shared passages among this run's articles."""
        self.progress("reuse", 0, 1)
        return judge_reuse(articles, embedder, self.options.reuse, backend=self.backend)

    def _widen(
        self,
        articles: Sequence[Article],
        stories: tuple[Story, ...],
        judged: ReuseJudgement,
        docs: dict[str, Doc],
        embedder: Embedder,
    ) -> tuple[list[Article], list[Reuse], dict[str, Doc], tuple[Story, ...]]:
        """Add the stored articles of stories grown from earlier runs: their pairs with this run's articles are
        judged and their texts parsed (pairs among this run's articles were judged already)."""
        members = self.store.articles(sorted({aid for story in stories for aid in story.article_ids}))
        by_id = {article.id: article for article in [*members, *articles]}
        corpus = [by_id[key] for key in sorted(by_id)]
        if len(corpus) == len(articles):
            return corpus, judged.reuse(), docs, stories
        reuse = find_reuse_grown(corpus, embedder, self.options.reuse, judged, backend=self.backend)
        return corpus, reuse, self._parse(corpus, reuse, docs), stories

    def _cluster(self, articles: Sequence[Article], docs: Mapping[str, Doc], embedder: Embedder) -> tuple[Story, ...]:
        """Join this run's articles to the stored open stories (the clustering state lives in the store)."""
        self.progress("stories", 0, 1)
        saved = self.store.load_state(CLUSTER_STATE_KEY)
        state = ClusterState.from_bytes(saved) if saved else None
        result = cluster_stories(articles, docs, state, embedder, self.options.cluster)
        self.store.save_state(CLUSTER_STATE_KEY, result.state.to_bytes())
        return result.stories

    def _parse(self, corpus: Sequence[Article], reuse: Sequence[Reuse], known: Mapping[str, Doc]) -> dict[str, Doc]:
        """Parse each distinct text once (skipping ``known``); identical copies share their original's parse."""
        originals = originals_of(reuse)
        by_id = {article.id: article for article in corpus}
        distinct: dict[str, str] = {}
        for article in corpus:
            original = by_id.get(originals.get(article.id, ""))
            same_text = original is not None and original.text == article.text
            distinct[article.id] = original.id if same_text and original else article.id
        wanted = sorted(set(distinct.values()) - set(known))
        # By text, not id: the grown-corpus pass may name a stored original whose text this run parsed already.
        by_text = {by_id[key].text: doc for key, doc in known.items() if key in by_id}
        texts = list(dict.fromkeys(by_id[key].text for key in wanted if by_id[key].text not in by_text))
        self.progress("parse", 0, len(texts))
        by_text.update(zip(texts, self._parse_texts(texts), strict=True))
        parsed = {**known, **{key: by_text[by_id[key].text] for key in wanted}}
        return {key: parsed[value] for key, value in distinct.items()}

    def _parse_texts(self, texts: Sequence[str]) -> list[Doc]:
        """spaCy over ``texts``: in this process, or in the backend's workers (each loads the model once) when it has
        them; workers send docs back serialised, which costs far less than parsing."""
        if not self.backend.parallel or len(texts) < _MIN_POOLED_PARSE:
            return parse(texts)
        size = max(1, min(_PARSE_CHUNK, len(texts) // 4))  # small corpora still spread over the workers
        chunks = [texts[start : start + size] for start in range(0, len(texts), size)]
        blobs = self.backend.map(parse_to_bytes, chunks, chunksize=1)
        return [doc for blob in blobs for doc in docs_from_bytes(blob)]

    def _per_story(
        self, stories: Sequence[Story], index: CorpusIndex, docs: Mapping[str, Doc], embedder: Embedder
    ) -> tuple[list[Story], list[Conflict], list[Comparison]]:
        """Claims of every story (conflict ids then run across stories), then the rest of each story's analysis on
        the backend: workers load the sentence model once and analyse stories side by side."""
        contexts = [index.slice(story) for story in stories]
        conflicts: list[Conflict] = []
        compared: list[Comparison] = []
        for number, claims in enumerate(self._claims(contexts, docs, embedder)):
            compared += [claims.comparison] if claims.comparison else []
            renumbered = [
                dataclasses.replace(conflict, id=f"c{len(conflicts) + index}")
                for index, conflict in enumerate(claims.conflicts, 1)
            ]
            conflicts += renumbered
            contexts[number] = dataclasses.replace(contexts[number], claims=claims.claims, conflicts=tuple(renumbered))
        summary = self.options.summary
        work = [
            _StoryWork(
                context, self.options, os.getpid(), _known(embedder, context, (summary.min_words, summary.max_words))
            )
            for context in contexts
        ]
        results = self.backend.map(_finish_story, work, chunksize=4)
        finished: list[Story] = []
        for number, (context, done) in enumerate(zip(contexts, results, strict=True), 1):
            self.progress("stories", number, len(stories))
            finished.append(done)
            self.store.save_story(dataclasses.replace(context, story=done))
        return finished, conflicts, compared

    def _claims(self, contexts: Sequence[StorySlice], docs: Mapping[str, Doc], embedder: Embedder) -> list[ClaimResult]:
        """Each story's claims: here, or in the backend's workers when it has them and the stories are many enough
        to pay (a story's parses travel as a ``DocBin``, with the sentence vectors this process has for it)."""
        options = self.options.claims
        if not self.backend.parallel or len(contexts) < _MIN_POOLED_STORIES:
            return [analyze_claims(context, docs, options, embedder=embedder) for context in contexts]
        work = [
            _ClaimsWork(context, _docs_blob(context, docs), options, os.getpid(), _known(embedder, context))
            for context in contexts
        ]
        return list(self.backend.map(_story_claims, work, chunksize=1))

    def _embedder(self) -> Embedder:
        """The process's sentence model; on a backend with workers they encode its uncached batches side by side."""
        embedder = _embedder()
        if not self.backend.parallel or not isinstance(embedder, MiniLMEmbedder):
            return embedder
        backend = self.backend
        return MappedEmbedder(embedder, lambda batches: backend.map(encode_batch, batches, chunksize=1))

    def run(self, inputs: Sequence[str]) -> tuple[Report, tuple[Rejection, ...]]:
        """Ingest ``inputs`` and analyse what they hold."""
        ingested = self.ingest(inputs)
        if not ingested.articles:
            return Report(rejections=ingested.rejections), ingested.rejections
        report = self.analyze(ingested.articles)
        return dataclasses.replace(report, rejections=ingested.rejections), ingested.rejections


KnownVectors = dict[str, Vectors]


class _Recorder:
    """An embedder that notes each call's texts and returns zero vectors: a stage's planning pass.

    Only for stages whose choice of texts does not depend on the vectors they get back (word choices).
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Note ``texts``; return one zero row each."""
        self.calls.append(tuple(texts))
        return np.zeros((len(texts), 384), dtype=np.float32)


@dataclass(frozen=True)
class _StoryWork:
    """One story's input to the stages after claims: plain data, so a worker process can take it."""

    context: StorySlice
    options: PipelineOptions
    driver_pid: int  # the process that asked: anything else is a worker sharing the cores
    vectors: KnownVectors = field(default_factory=dict)  # sentence vectors the driver has for the story's units


@dataclass(frozen=True)
class _ClaimsWork:
    """One story's input to claims in a worker: its slice, its articles' parses (``DocBin``) and known vectors."""

    context: StorySlice
    docs: tuple[tuple[str, ...], bytes]  # article ids, and their docs serialised in that order
    options: ClaimOptions
    driver_pid: int
    vectors: KnownVectors


def _docs_blob(context: StorySlice, docs: Mapping[str, Doc]) -> tuple[tuple[str, ...], bytes]:
    """The story's parses as a ``DocBin`` (what a worker rebuilds them from), with the article ids in order."""
    from spacy.tokens import DocBin

    ids = tuple(article.id for article in context.articles if article.id in docs)
    return ids, bytes(DocBin(docs=[docs[key] for key in ids]).to_bytes())


def _known(embedder: Embedder, context: StorySlice, *sizes: tuple[int, int]) -> KnownVectors:
    """The vectors ``embedder`` holds for the story's sentence units (default sizes and ``sizes``); none to ship
    when it keeps no cache or runs in this process only."""
    if not isinstance(embedder, MappedEmbedder):
        return {}
    texts = [unit.text for article in context.articles for unit in article_units(article)]
    texts += [
        unit.text for low, high in sizes for article in context.articles for unit in article_units(article, low, high)
    ]
    return embedder.cached(texts)


def _story_embedder(driver_pid: int, vectors: KnownVectors) -> Embedder:
    """The sentence model for one story's task: in a worker, one thread and a cache of exactly the driver's vectors
    (so the story's vectors do not depend on which stories the worker ran before); here, the process's own."""
    embedder = _embedder()
    if os.getpid() == driver_pid or not isinstance(embedder, MiniLMEmbedder):
        return embedder
    limit_threads(1)  # workers share the cores: one thread each, or they slow each other
    return embedder.seeded(vectors)


def _story_claims(work: _ClaimsWork) -> ClaimResult:
    """Claims and conflicts of one story, in a worker: the parses rebuilt from their ``DocBin``."""
    ids, blob = work.docs
    docs = dict(zip(ids, docs_from_bytes(blob), strict=True))
    embedder = _story_embedder(work.driver_pid, work.vectors)
    return analyze_claims(work.context, docs, work.options, embedder=embedder)


def _finish_story(work: _StoryWork) -> Story:
    """Timeline, cited summary and outlet comparison of one story (claims and conflicts already in its context)."""
    options = work.options
    embedder = _story_embedder(work.driver_pid, work.vectors) if options.summary_embeddings else None
    context = work.context
    summary = summarize_story(context, options.summary, embedder=embedder)
    timeline = build_timeline(context, options.timeline)
    comparison = compare_outlets(context, options.compare)
    return dataclasses.replace(context.story, summary=summary, timeline=timeline, comparison=comparison)


def _embedder() -> Embedder:
    return load_embedder()
