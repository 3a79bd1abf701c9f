"""Story clustering: which articles cover the same event, online and deterministic.

Articles are taken one at a time in (published date, id) order; each joins the open story the fitted same-story
model (``judge``) finds most likely, when likely enough, or opens a new one. The model reads hashed TF-IDF
similarity of body and of title + lead, sentence-embedding similarity, shared people/places/organisations, and
what tells look-alike events apart: other places, years, numbers and dates, publication dates far from the story's.
Then a repair step (``repair``): the batch's new stories are regrouped by average link over a fitted
article-to-article probability (``pairs``), so arrival order no longer decides; with a model that has no pair
judgement, stories judged two are split and each article is put back where it now fits best. Stories the model
judges one may then be merged. Stories idle for longer than ``window_days`` are closed and forgotten, which bounds
memory; an ANN index finds candidate stories once they number in the thousands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storylens.model import Article, Story
from storylens.nlp.embeddings import Embedder
from storylens.stages.stories import features as vec
from storylens.stages.stories import members_check, pairs
from storylens.stages.stories.judge import SameStoryModel, load_model
from storylens.stages.stories.members import absorb, fold, remove
from storylens.stages.stories.nearest import CentroidIndex
from storylens.stages.stories.options import ClusterOptions
from storylens.stages.stories.repair import find_merges, find_split
from storylens.stages.stories.score import ArticleFeatures, best_story, describe
from storylens.stages.stories.state import Counts, StoryData, pack, unpack

_CLOSE_EVERY = 512
# Regrouping reads similarities relative to the rest of the batch: a handful of articles is too few to be relative
# to, so smaller batches keep the online grouping.
_MIN_REGROUP = 8


@dataclass
class ClusterState:
    """Open stories kept between runs (persisted by the store as bytes)."""

    counts: Counts = field(default_factory=Counts)
    stories: dict[str, StoryData] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """Serialise for the store (compressed ``.npz``: centroids, frequencies, members)."""
        return pack(self.counts, list(self.stories.values()))

    @classmethod
    def from_bytes(cls, data: bytes) -> ClusterState:
        """Read what ``to_bytes`` wrote (the skeleton's JSON placeholder state reads as a fresh start)."""
        if data.lstrip().startswith(b"{"):
            return cls()
        counts, stories = unpack(data)
        return cls(counts=counts, stories={story.id: story for story in stories})

    def story_of(self) -> dict[str, str]:
        """Map every member article id to its open story id."""
        return {member: story.id for story in self.stories.values() for member in story.members}


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """The stories touched by this batch (with all their members) and the new state."""

    stories: tuple[Story, ...]
    state: ClusterState


def cluster_stories(
    articles: Sequence[Article],
    docs: Mapping[str, Any],
    state: ClusterState | None,
    embedder: Embedder | None,
    options: ClusterOptions,
) -> ClusterResult:
    """Add ``articles`` to the stories in ``state``; return the stories they belong to.

    Args:
        articles: the batch; articles already in an open story are not added twice.
        docs: article id -> spaCy ``Doc`` (only ``.ents`` is read); missing ids simply have no entities.
        state: the open stories from earlier runs, or None for a fresh start (it is updated in place).
        embedder: sentence embedder for title + lead; None clusters on TF-IDF and entities alone.
        options: the model (None: the shipped fit), the window and memory bounds.

    Returns:
        The touched stories, each with all its member ids (earlier runs' included), and the state.
    """
    state = state or ClusterState()
    member_of = state.story_of()
    touched = {member_of[a.id] for a in articles if a.id in member_of}
    fresh = _fresh(articles, member_of)
    run = _Run(state, _build_index(state, options), options)
    finished: list[StoryData] = []  # touched, then closed within this batch: still reported
    # Chunks bound the memory of a long batch: features are kept only for the chunk being refined.
    for start in range(0, len(fresh), options.chunk_size):
        features = features_of(fresh[start : start + options.chunk_size], docs, state.counts, embedder, options)
        for number, feature in enumerate(features, start=1):
            touched.add(run.assign(feature).id)
            if number % _CLOSE_EVERY == 0:  # a long batch must not hold every story it ever opened
                finished.extend(story for story in run.close_stale(set()) if story.id in touched)
        if options.repair and run.model.pairs is not None:
            touched.update(run.regroup(features))  # average link over the batch: supersedes split and refinement
        else:
            _refine(run, features, touched, options)
        if options.repair:
            touched -= run.merge(touched)
    finished.extend(story for story in run.close_stale(touched) if story.id in touched)
    ordered = [state.stories[story_id] for story_id in touched if story_id in state.stories] + finished
    ordered.sort(key=lambda story: story.key)
    return ClusterResult(tuple(describe(story, state.counts) for story in ordered), state)


def _refine(run: _Run, features: Sequence[ArticleFeatures], touched: set[str], options: ClusterOptions) -> None:
    """The older repair: split stories the model judges two, then put each article back where it fits best."""
    if options.repair:
        touched.update(run.split(features))
    for _ in range(options.refine_passes):
        moved = [run.reassign(feature) for feature in features]
        touched.update(story.id for story in moved if story is not None)


def _fresh(articles: Sequence[Article], member_of: Mapping[str, str]) -> list[Article]:
    """New articles, each id once, in (published date, id) order with undated articles last."""
    unique = {article.id: article for article in reversed(articles) if article.id not in member_of}
    return sorted(unique.values(), key=lambda a: (a.published is None, a.published or "", a.id))


def features_of(
    articles: Sequence[Article],
    docs: Mapping[str, Any],
    counts: Counts,
    embedder: Embedder | None,
    options: ClusterOptions,
) -> list[ArticleFeatures]:
    """Count the batch into the document frequencies first, then weigh every article with them."""
    hasher = vec.Hasher()
    term_counts = [vec.term_counts(_full_text(article), hasher) for article in articles]
    entities = [vec.doc_entities(docs[a.id]) if a.id in docs else set() for a in articles]
    for counted, keys in zip(term_counts, entities, strict=True):
        counts.df[list(counted.tf)] += 1
        counts.entity_df[[vec.entity_bucket(key) for key in keys]] += 1
    counts.n_docs += len(articles)
    weights = vec.idf(counts.df, counts.n_docs)
    embeddings = _embed(articles, embedder, options)
    heads = [lead_of(article, options) for article in articles]
    return [
        ArticleFeatures(
            article=article, terms=vec.weigh(counted, weights, counts.n_docs, options.prior_docs),
            entities=keys, years=vec.years(article.text),
            day=_day(article, options), embedding=None if embeddings is None else embeddings[row],
            head=vec.weigh(vec.term_counts(head, hasher), weights, counts.n_docs, options.prior_docs),
            values=vec.head_values(head),
        )
        for row, (article, counted, keys, head) in enumerate(zip(articles, term_counts, entities, heads, strict=True))
    ]  # fmt: skip


def _day(article: Article, options: ClusterOptions) -> int | None:
    """The publication day, else (when ``use_datelines``) a date printed at the top of the text."""
    day = vec.day_number(article.published)
    if day is None and options.use_datelines:
        day = vec.dateline_day(article.text)
    return day


def _full_text(article: Article) -> str:
    return f"{article.title}\n{article.text}" if article.title else article.text


def lead_of(article: Article, options: ClusterOptions) -> str:
    """Title plus the opening of the text: what the embedding sees."""
    opening = article.text[: options.lead_chars]
    return f"{article.title}. {opening}" if article.title else opening


def _embed(
    articles: Sequence[Article], embedder: Embedder | None, options: ClusterOptions
) -> np.ndarray[Any, np.dtype[np.float32]] | None:
    if embedder is None or not articles:
        return None
    return np.asarray(embedder.encode([lead_of(article, options) for article in articles]), dtype=np.float32)


def _build_index(state: ClusterState, options: ClusterOptions) -> CentroidIndex:
    index = CentroidIndex(vec.SKETCH_DIM, options.ann_min)
    for story in sorted(state.stories.values(), key=lambda s: s.key):
        if not story.given:
            index.upsert(story.key, vec.sketch(story.terms))
    return index


@dataclass
class _Run:
    """One clustering call: the state being grown, its centroid index and a key -> story map."""

    state: ClusterState
    index: CentroidIndex
    options: ClusterOptions
    by_key: dict[int, StoryData] = field(default_factory=dict)
    home: dict[str, str] = field(default_factory=dict)
    opened: set[str] = field(default_factory=set)
    model: SameStoryModel = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {story.key: story for story in self.state.stories.values() if not story.given}
        self.model = self.options.model or load_model()

    def candidates(self, terms: vec.Sparse, day: int | None = None) -> list[StoryData]:
        """The open stories whose centroids are nearest to ``terms`` (none idle beyond the window before ``day``)."""
        keys = self.index.search(vec.sketch(terms), self.options.candidates)
        found = [self.by_key[key] for key in keys if key in self.by_key]
        if day is None:
            return found
        oldest = day - self.options.window_days
        return [story for story in found if story.last_day is None or story.last_day >= oldest]

    def assign(self, feature: ArticleFeatures) -> StoryData:
        """Put one article into its given story, the best-scoring open story, or a new one."""
        article, counts, options = feature.article, self.state.counts, self.options
        if article.story is not None:
            story_id = options.given_prefix + article.story
            story = self.state.stories.get(story_id) or self._open(story_id, given=True)
        else:
            found = best_story(feature, self.candidates(feature.terms, feature.day), counts, self.model)
            story = found or self._open(f"s{counts.next_key}", given=False)
        counts.seq += 1
        absorb(story, feature, counts.seq, options.lead_chars, options.max_terms)
        self.home[article.id] = story.id
        published = vec.day_number(article.published)  # only real publication dates move the clock
        if published is not None:
            counts.clock = published if counts.clock is None else max(counts.clock, published)
        if not story.given:
            self.index.upsert(story.key, vec.sketch(story.terms))
        return story

    def reassign(self, feature: ArticleFeatures) -> StoryData | None:
        """Take a batch article out of its story and put it back where it now fits best (first stories mature)."""
        story = self.state.stories.get(self.home.get(feature.article.id, ""))
        if story is None:  # its story was closed during the batch: leave it there
            return None
        if story.given or len(story.members) < 2:
            return story
        remove(story, feature)
        self.index.upsert(story.key, vec.sketch(story.terms))
        candidates = self.candidates(feature.terms, feature.day)
        best = best_story(feature, candidates, self.state.counts, self.model) or story
        absorb(best, feature, best.last_seq, self.options.lead_chars, self.options.max_terms)
        self.home[feature.article.id] = best.id
        self.index.upsert(best.key, vec.sketch(best.terms))
        return best

    def _open(self, story_id: str, *, given: bool) -> StoryData:
        story = StoryData(id=story_id, key=self.state.counts.next_key, given=given)
        self.state.counts.next_key += 1
        self.state.stories[story_id] = story
        if not given:
            self.by_key[story.key] = story
            self.opened.add(story_id)
        return story

    def regroup(self, features: Sequence[ArticleFeatures]) -> set[str]:
        """Regroup the articles of stories made only of this chunk by average link over the pair model.

        Articles that joined stories from earlier runs or chunks stay there. Each new group keeps the id of the
        story most of its members were in (unless an earlier group took it), else opens one. Returns its ids.
        """
        by_id = {feature.article.id: feature for feature in features if feature.article.story is None}
        mine = [
            story for story in sorted(self.state.stories.values(), key=lambda s: s.key)
            if not story.given and story.members and all(member in by_id for member in story.members)
        ]  # fmt: skip
        chosen = [by_id[member] for story in mine for member in story.members]
        chosen.sort(key=lambda f: (f.article.published is None, f.article.published or "", f.article.id))
        if len(chosen) < _MIN_REGROUP:
            return set()
        batch = pairs.prepare(chosen, self.state.counts)
        weights = self.model.pair_weights(embedded=batch.embedded)
        if weights is None:
            return set()
        former = {member: story for story in mine for member in story.members}
        for story in mine:
            del self.state.stories[story.id]
            self.by_key.pop(story.key, None)
            self.index.remove(story.key)
        regrouped = set()
        lone = pairs.lone_articles(batch, self.model.alone_weights(embedded=batch.embedded))
        groups, scored = pairs.scored_groups(batch, weights, lone=lone)
        for group in members_check.checked(batch, groups, scored, self.model.check_weights(embedded=batch.embedded)):
            members = [chosen[i] for i in group]
            story = self._reopen([former[f.article.id] for f in members])
            for feature in members:
                absorb(story, feature, self.state.counts.seq, self.options.lead_chars, self.options.max_terms)
                self.home[feature.article.id] = story.id
            self.index.upsert(story.key, vec.sketch(story.terms))
            regrouped.add(story.id)
        return regrouped

    def _reopen(self, homes: Sequence[StoryData]) -> StoryData:
        """An empty story under the id most of ``homes`` share (lowest key on ties) if still free, else a new one."""
        tally = Counter(home.key for home in homes)
        key = min(tally, key=lambda k: (-tally[k], k))
        old = next(home for home in homes if home.key == key)
        if old.id in self.state.stories:
            return self._open(f"s{self.state.counts.next_key}", given=False)
        story = StoryData(id=old.id, key=old.key)
        self.state.stories[story.id] = self.by_key[story.key] = story
        self.opened.add(story.id)
        return story

    def split(self, features: Sequence[ArticleFeatures]) -> set[str]:
        """Split stories made only of this chunk's articles that the model judges two; return the new story ids."""
        by_id = {feature.article.id: feature for feature in features}
        opened = set()
        for story in sorted(self.state.stories.values(), key=lambda s: s.key):
            if story.given or not all(member in by_id for member in story.members):
                continue
            members = [by_id[member] for member in story.members]
            halves = find_split(members, self.state.counts, self.model, self.options.max_terms)
            if halves is None:
                continue
            seq = story.last_seq
            rebuilt = StoryData(id=story.id, key=story.key)
            self.state.stories[story.id] = self.by_key[story.key] = rebuilt
            other = self._open(f"s{self.state.counts.next_key}", given=False)
            for target, group in ((rebuilt, halves[0]), (other, halves[1])):
                for feature in group:
                    absorb(target, feature, seq, self.options.lead_chars, self.options.max_terms)
                    self.home[feature.article.id] = target.id
                self.index.upsert(target.key, vec.sketch(target.terms))
            opened.add(other.id)
        return opened

    def merge(self, touched: set[str]) -> set[str]:
        """Fold stories opened in this batch into the stories the model judges they are; return the folded ids."""
        opened = sorted(
            (self.state.stories[i] for i in self.opened & touched if i in self.state.stories), key=lambda s: s.key
        )

        def neighbours(story: StoryData) -> list[StoryData]:
            return [other for other in self.candidates(story.terms, story.first_day) if other.key != story.key]

        folded = set()
        for merge in find_merges(opened, neighbours, self.state.counts, self.model):
            fold(merge.target, merge.source, self.options.max_terms)
            for member in merge.source.members:
                self.home[member] = merge.target.id
            del self.state.stories[merge.source.id]
            self.by_key.pop(merge.source.key, None)
            self.index.remove(merge.source.key)
            self.index.upsert(merge.target.key, vec.sketch(merge.target.terms))
            folded.add(merge.source.id)
        return folded

    def close_stale(self, keep: set[str]) -> list[StoryData]:
        """Drop stories idle beyond the window (by date), then the least recently used beyond ``max_open``.

        Stories in ``keep`` stay open. Returns the dropped stories.
        """
        clock, options = self.state.counts.clock, self.options
        open_stories = self.state.stories.values()
        idle = sorted((s for s in open_stories if s.id not in keep), key=lambda s: (s.last_seq, s.key))
        stale = {
            story.id for story in idle
            if clock is not None and story.last_day is not None and story.last_day < clock - options.window_days
        }  # fmt: skip
        excess = len(self.state.stories) - len(stale) - options.max_open
        for story in idle:
            if excess <= 0:
                break
            if story.id not in stale:
                stale.add(story.id)
                excess -= 1
        dropped = [self.state.stories.pop(story_id) for story_id in sorted(stale)]
        for story in dropped:
            self.by_key.pop(story.key, None)
            self.index.remove(story.key)
        return dropped
