"""Reuse and provenance: duplicates, rewrites, shared passages, and who copied whom.

How pairs are chosen (cost policy): a story's coverage is a few dozen articles, and a paraphrased rewrite
shares few word shingles with its source, so MinHash would miss it. Up to ``all_pairs_limit`` articles every
pair is aligned sentence by sentence. Above that, MinHash + LSH over word shingles (``_minhash``) proposes the
pairs, which bounds the cost at scale but finds only rewrites that keep enough of the source's wording, so
articles sharing several rare words (names, unusual nouns: ``blocking.py``) are proposed as well, each with its
few strongest partners: a paraphrase keeps the names. Given a ``Backend``, the LSH banding runs as map → shuffle →
reduce on it (``_lsh_shuffle``), with the same pairs.
When a corpus grows (a run's new articles joined by stored ones), ``judge_reuse(..., known=...)`` and
``find_reuse_grown`` take the pairs an earlier call judged instead of judging them again.

How a pair is judged: sentences are aligned in order (``_align``), text inside quotation marks counting for
nothing, then

- ``duplicate``: near-identical text (word-shingle Jaccard at least ``duplicate_jaccard``);
- ``rewrite``: most of one article's own writing is aligned to the other's, in the same order, and the alignment
  shows copying, not only the same facts: several sentences restated almost word for word, or a run of
  consecutive sentences restated one after another (independent reports of one event align on facts, sentence
  by sentence, but neither closely nor in long runs);
- ``shared_passages``: some aligned passages only, at least one of them sharing wording (not just meaning) in a
  sentence of the outlet's own (no quotation in it, long enough not to be a stock phrase). Independent reports
  quote the same official all the time, with the same attribution, so a shared quotation is never evidence.

Who copied whom (``origin``, rewrites and duplicates only): the earlier publication when both are known and
differ, to the minute when both carry a time of day (a same-day copy), else by date. Otherwise asymmetric coverage:
when far more of one article's writing is found in the other than the reverse, the more covered article is taken as
the copy. This follows how copies are made (a rewrite takes a subset of its source and restates it, the source keeps
material the copy dropped); a copy that pads its source with its own material breaks the rule, which is why a margin
is required and ``origin`` stays null when the evidence is close. Within a family of related articles the origins
are made coherent: every edge agrees with one ordering of the family (by date, then by how often each article was
judged the source), and an edge that contradicts it is dropped to null rather than left to form a cycle."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from storylens.backends.base import Backend
from storylens.model import Article, Passage, Reuse, ReuseKind
from storylens.nlp.embeddings import Embedder
from storylens.stages.reuse import align as _align
from storylens.stages.reuse.blocking import BlockingOptions, rare_word_pairs
from storylens.stages.reuse.minhash import MinHasher, MinHashScheme, candidate_pairs
from storylens.stages.reuse.shuffle import shuffle_candidates
from storylens.text.graph import DisjointSet
from storylens.text.words import words

_BIGRAM = _align.FEATURES.index("bigram")


@dataclass(frozen=True, slots=True)
class ReuseOptions:
    """Thresholds and MinHash settings.

    Attributes:
        seed: Seed of the MinHash hashing.
        all_pairs_limit: Up to this many articles every pair is compared; above it LSH proposes candidates.
        num_perm: MinHash permutations.
        bands: LSH bands (``num_perm`` must be a multiple).
        shingle: Words per shingle.
        window_days: At scale, articles published further apart than this are not compared.
        sentence_threshold: Paraphrase probability from which two sentences are aligned.
        min_tokens: Sentences with fewer own (unquoted) words are left out of the alignment.
        duplicate_jaccard: Word-shingle Jaccard from which a pair is a duplicate.
        rewrite_coverage: Share of an article's own writing aligned (in order) that makes it a rewrite.
        rewrite_order: Minimum share of the order-free matches that the in-order alignment keeps.
        min_rewrite_sentences: A rewrite aligns at least this many sentences.
        passage_overlap: Bigram overlap of a sentence pair that shows shared wording (for shared passages).
        origin_margin: Coverage difference needed to name an origin without dates.
        close_probability: Paraphrase probability from which an aligned sentence pair is a close restatement.
        min_close_pairs: A rewrite has at least this many close restatements (outside quotations) ...
        min_rewrite_run: ... or at least this many consecutive sentences aligned to consecutive sentences.
        min_worded_tokens: A passage shares wording only in sentences with at least this many own words.
        blocking: At scale, which articles sharing rare words are compared besides the LSH candidates.
        screen_coverage: With an embedder, only pairs whose lexical alignment covers at least this share of either
            article (or that lexical comparison already calls reuse) are embedded and compared again: sentence
            embeddings are the stage's main cost, and unrelated pairs never reach this bar.
        max_sentences: Only an article's first this many sentences (of at least ``min_tokens`` own words) are
            compared, so a pair's alignment costs bounded memory (about 60 bytes per sentence pair: 3,000 x 3,000
            sentences, 0.5 GB). A long feature has a few hundred; 200,000 characters of prose about 1,500-2,700.
            Coverage and passages of a longer article are those of its first ``max_sentences`` sentences.
    """

    seed: int = 1
    all_pairs_limit: int = 80
    num_perm: int = 128
    bands: int = 32
    shingle: int = 3
    window_days: float = 7.0
    sentence_threshold: float = 0.15
    min_tokens: int = 4
    duplicate_jaccard: float = 0.8
    rewrite_coverage: float = 0.4
    rewrite_order: float = 0.6
    min_rewrite_sentences: int = 3
    passage_overlap: float = 0.5
    origin_margin: float = 0.15
    close_probability: float = 0.7
    min_close_pairs: int = 2
    min_rewrite_run: int = 3
    min_worded_tokens: int = 8
    screen_coverage: float = 0.2
    max_sentences: int = 3000
    blocking: BlockingOptions = field(default_factory=BlockingOptions)

    def scheme(self) -> MinHashScheme:
        """The MinHash scheme these options describe."""
        return MinHashScheme(self.num_perm, self.bands, self.shingle, self.seed)


@dataclass(frozen=True)
class _Prepared:
    """One article ready for comparison: its aligned sentences, their sparse views and its shingles."""

    article: Article
    sentences: tuple[_align.Sentence, ...]
    encoded: _align.Encoded
    shingles: np.ndarray
    date: dt.date | None
    moment: dt.datetime | None = None
    #: Per sentence: whether it holds a quotation (its words are partly someone else's).
    quoting: tuple[bool, ...] = ()


@dataclass(frozen=True)
class ReuseJudgement:
    """The pairs one call judged, with origins as judged (before they are made coherent across the corpus).

    This is what a later call over a grown corpus can take instead of judging the same pairs again
    (``judge_reuse(..., known=...)``, ``find_reuse_grown``). Origins are kept raw because making them coherent
    depends on every edge of the final corpus, so it is redone over the union (``reuse()``).

    Attributes:
        ids: Every article of the call, sorted; every pair among them that the pair policy selected was judged.
        all_pairs: Whether that policy was "every pair" (at most ``all_pairs_limit`` articles) rather than LSH.
        found: The reusing pairs with their raw origins, sorted by (a, b).
        dates: Publication date of each of ``ids`` (same order): what coherent origins are ranked by.
        compared: How many pairs this call judged itself; pairs taken from known judgements do not count.
        embedded: Whether an embedder judged the pairs that passed the lexical screen.
        options: The options the pairs were judged under.
    """

    ids: tuple[str, ...]
    all_pairs: bool
    found: tuple[Reuse, ...]
    dates: tuple[dt.date | None, ...]
    compared: int
    embedded: bool
    options: ReuseOptions

    def reuse(self) -> list[Reuse]:
        """The reusing pairs with coherent origins, sorted by (a, b): what ``find_reuse`` returns."""
        dates = dict(zip(self.ids, self.dates, strict=True))
        return sorted(_cohere(self.found, dates), key=lambda r: (r.a, r.b))


def find_reuse(
    articles: Sequence[Article], embedder: Embedder | None, options: ReuseOptions, *, backend: Backend | None = None
) -> list[Reuse]:
    """Return every reusing pair among ``articles``, sorted by (a, b).

    Pairs are first compared lexically; only those that pass the lexical screen are embedded and judged again
    with sentence embeddings (when an embedder is given), so the model runs on candidate articles only. With a
    ``backend``, LSH banding (above ``all_pairs_limit`` articles) runs as map → shuffle → reduce on it
    (``_lsh_shuffle``); the candidate pairs, hence the result, are the same as without.
    """
    return judge_reuse(articles, embedder, options, backend=backend).reuse()


def judge_reuse(
    articles: Sequence[Article],
    embedder: Embedder | None,
    options: ReuseOptions,
    *,
    known: Sequence[ReuseJudgement] = (),
    backend: Backend | None = None,
) -> ReuseJudgement:
    """Judge the pairs of ``articles`` that no ``known`` judgement covers; ``.reuse()`` gives ``find_reuse``'s result.

    Contract for ``known`` (judgements made earlier on the same texts, under the same options and with an
    embedder or without one, like this call): the pairs of ``articles`` are chosen by the usual policy over the
    whole of ``articles`` (every pair up to ``all_pairs_limit``, LSH candidates within ``window_days`` above);
    a chosen pair whose two articles are both among one known judgement's ``ids`` takes that judgement's result
    and is not judged again, every other chosen pair is judged. A judgement that compared every pair covers any
    policy; one that used LSH covers only an LSH policy (a corpus above the limit), else it is not used. The
    result is the same as judging every pair here, up to floating-point summation order in the lexical features
    (token ids depend on which articles are encoded together).

    Raises:
        ValueError: A known judgement was made under other options, or with/without an embedder unlike this call.
    """
    ordered = sorted({article.id: article for article in articles}.values(), key=lambda article: article.id)
    dates = tuple(_date(article) for article in ordered)
    all_pairs = len(ordered) <= options.all_pairs_limit
    taken, pairs = _split_known(ordered, _pairs(ordered, dates, options, backend), known, embedder, options)
    found = taken + _judge_pairs(ordered, pairs, embedder, options)
    return ReuseJudgement(
        ids=tuple(article.id for article in ordered),
        all_pairs=all_pairs,
        found=tuple(sorted(found, key=lambda r: (r.a, r.b))),
        dates=dates,
        compared=len(pairs),
        embedded=embedder is not None,
        options=options,
    )


def find_reuse_grown(
    corpus: Sequence[Article],
    embedder: Embedder | None,
    options: ReuseOptions,
    known: ReuseJudgement,
    *,
    backend: Backend | None = None,
) -> list[Reuse]:
    """Return ``find_reuse(corpus, embedder, options)`` without judging again the pairs ``known`` judged.

    For a corpus grown from the articles of ``known`` (``judge_reuse`` over this run's new articles) by
    articles stored earlier: the pairs among the new articles are taken from ``known``; pairs with at least
    one earlier article are judged (earlier–earlier pairs too: no exact record of them is stored). See
    ``judge_reuse`` for the exact contract.
    """
    return judge_reuse(corpus, embedder, options, known=[known], backend=backend).reuse()


def _split_known(
    ordered: Sequence[Article],
    pairs: Sequence[tuple[int, int]],
    known: Sequence[ReuseJudgement],
    embedder: Embedder | None,
    options: ReuseOptions,
) -> tuple[list[Reuse], list[tuple[int, int]]]:
    """Split the chosen pairs into the results known judgements already hold and the pairs left to judge."""
    for judgement in known:
        if judgement.options != options or judgement.embedded != (embedder is not None):
            raise ValueError("a known reuse judgement was made under other options or another embedder setting")
    scale = len(ordered) > options.all_pairs_limit
    usable = [(set(j.ids), {(r.a, r.b): r for r in j.found}) for j in known if j.all_pairs or scale]
    if not usable:
        return [], list(pairs)
    taken: list[Reuse] = []
    left: list[tuple[int, int]] = []
    for first, second in pairs:
        a, b = ordered[first].id, ordered[second].id
        cover = next((found for ids, found in usable if a in ids and b in ids), None)
        if cover is None:
            left.append((first, second))
        elif (a, b) in cover:
            taken.append(cover[(a, b)])
    return taken, left


def _judge_pairs(
    ordered: Sequence[Article], pairs: Sequence[tuple[int, int]], embedder: Embedder | None, options: ReuseOptions
) -> list[Reuse]:
    """Judge ``pairs`` (indexes into ``ordered``): lexically, then with embeddings for those passing the screen."""
    hasher = MinHasher(options.scheme())
    needed = sorted({index for pair in pairs for index in pair})  # at scale most articles are in no pair
    prepared = dict(zip(needed, _prepare([ordered[i] for i in needed], hasher, options), strict=True))
    found: list[Reuse] = []
    screened: list[tuple[int, int]] = []
    screen = options.screen_coverage
    scored = _align.pair_scores({key: item.encoded for key, item in prepared.items()}, pairs, False)
    for (first, second), pair in zip(pairs, scored, strict=True):
        reuse, coverage = _judge(prepared[first], prepared[second], pair, options)
        if embedder is None:
            found += [reuse] if reuse is not None else []
        elif reuse is not None or coverage >= screen:
            screened.append((first, second))
    if screened and embedder is not None:
        found += _compare_embedded(prepared, screened, embedder, options)
    return found


def _compare_embedded(
    prepared: Mapping[int, _Prepared], pairs: Sequence[tuple[int, int]], embedder: Embedder, options: ReuseOptions
) -> list[Reuse]:
    """Embed the articles of the screened pairs (one model call) and judge those pairs with embeddings."""
    needed = sorted({index for pair in pairs for index in pair})
    embedded = dict(zip(needed, _embedded([prepared[i] for i in needed], embedder), strict=True))
    scored = _align.pair_scores({key: item.encoded for key, item in embedded.items()}, pairs, True)
    found = []
    for (first, second), pair in zip(pairs, scored, strict=True):
        reuse = _judge(embedded[first], embedded[second], pair, options)[0]
        if reuse is not None:
            found.append(reuse)
    return found


def _prepare(articles: Sequence[Article], hasher: MinHasher, options: ReuseOptions) -> list[_Prepared]:
    """Split and tokenise every article once, over one vocabulary."""
    split = [
        tuple(s for s in _align.split_sentences(article.text) if s.weight >= options.min_tokens)[
            : options.max_sentences
        ]
        for article in articles
    ]
    vocabulary = _align.Vocabulary()
    prepared = []
    for article, sentences in zip(articles, split, strict=True):
        encoded = _align.encode([s.tokens for s in sentences], vocabulary, None)
        # a stem per word: counting the words is enough, without stemming every sentence a second time
        quoting = tuple(len(words(s.text)) > s.weight for s in sentences)
        shingles = hasher.shingles(article.text)
        prepared.append(_Prepared(article, sentences, encoded, shingles, _date(article), _moment(article), quoting))
    return prepared


def _embedded(prepared: Sequence[_Prepared], embedder: Embedder) -> list[_Prepared]:
    """The same articles with their sentences embedded (one embedder call), over a vocabulary of their own."""
    vectors = _align.embed(embedder, [sentence.text for item in prepared for sentence in item.sentences])
    vocabulary = _align.Vocabulary()
    result, offset = [], 0
    for item in prepared:
        rows = None if vectors is None else vectors[offset : offset + len(item.sentences)]
        offset += len(item.sentences)
        encoded = _align.encode([s.tokens for s in item.sentences], vocabulary, rows)
        result.append(dataclasses.replace(item, encoded=encoded))
    return result


def _date(article: Article) -> dt.date | None:
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def _moment(article: Article) -> dt.datetime | None:
    """The publication time when ``published`` carries a time of day (naive times read as UTC), else None."""
    text = (article.published or "").strip()
    if len(text) <= 10:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _pairs(
    ordered: Sequence[Article], dates: Sequence[dt.date | None], options: ReuseOptions, backend: Backend | None
) -> list[tuple[int, int]]:
    """All pairs for a small batch; at scale LSH candidates (shuffled on ``backend``) and pairs sharing rare words
    (paraphrased rewrites keep the names, not the wording), within the time window."""
    if len(ordered) <= options.all_pairs_limit:
        return list(combinations(range(len(ordered)), 2))
    texts = [article.text for article in ordered]
    if backend is None:
        hasher = MinHasher(options.scheme())
        candidates = sorted(candidate_pairs(hasher.band_keys(hasher.signatures(texts))))
    else:
        candidates = shuffle_candidates(texts, options.scheme(), backend).pair_list()
    candidates = sorted(set(candidates) | rare_word_pairs(texts, options.blocking))
    pairs = []
    for first, second in candidates:
        date_a, date_b = dates[first], dates[second]
        if date_a and date_b and abs((date_a - date_b).days) > options.window_days:
            continue
        pairs.append((first, second))
    return pairs


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted arrays of distinct shingle hashes."""
    if not len(first) or not len(second):
        return 0.0
    common = len(np.intersect1d(first, second, assume_unique=True))
    return common / (len(first) + len(second) - common)


def compare(first: _Prepared, second: _Prepared, with_embeddings: bool, options: ReuseOptions) -> Reuse | None:
    """Judge one pair of prepared articles: a ``Reuse`` or None when they share no writing."""
    block = _align.features(first.encoded, second.encoded)
    scored = _align.Scored(_align.similarity(block, with_embeddings), block[..., _BIGRAM])
    return _judge(first, second, scored, options)[0]


def _judge(
    first: _Prepared, second: _Prepared, scored: _align.Scored, options: ReuseOptions
) -> tuple[Reuse | None, float]:
    """The pair's ``Reuse`` (or None) and how much of the more covered article's writing the alignment reached.

    ``scored`` holds the pair's sentence similarities and bigram overlaps (``_align.pair_scores``).
    """
    overlap = jaccard(first.shingles, second.shingles)
    if not first.sentences or not second.sentences:
        return None, 0.0
    scores = scored.scores
    weights_a = [s.weight for s in first.sentences]
    weights_b = [s.weight for s in second.sentences]
    alignment = _align.align(scores, weights_a, weights_b, options.sentence_threshold)
    coverage = max(alignment.coverage_a, alignment.coverage_b)
    runs = _runs(alignment.pairs)
    kind = _kind(overlap, alignment, options)
    if kind == "rewrite" and not _copied(first, second, alignment, runs, options):
        kind = None
    if kind is None:
        runs = [run for run in runs if _worded(run, scored.bigram, (first, second), options)]
        if not runs:
            return None, coverage
        kind = "shared_passages"
    passages = tuple(_passage(run, first.sentences, second.sentences) for run in runs)
    reuse = Reuse(
        a=first.article.id,
        b=second.article.id,
        kind=kind,
        score=_score(kind, overlap, alignment),
        origin=_origin(first, second, kind, alignment, options),
        passages=passages,
    )
    return reuse, coverage


def _kind(overlap: float, alignment: _align.Alignment, options: ReuseOptions) -> ReuseKind | None:
    """Duplicate or rewrite, or None (then only worded passages can make it shared passages)."""
    if overlap >= options.duplicate_jaccard:
        return "duplicate"
    coverage = max(alignment.coverage_a, alignment.coverage_b)
    unordered = max(alignment.unordered_a, alignment.unordered_b)
    in_order = coverage / unordered if unordered else 0.0
    if (
        coverage >= options.rewrite_coverage
        and in_order >= options.rewrite_order
        and len(alignment.pairs) >= options.min_rewrite_sentences
    ):
        return "rewrite"
    return None


def _score(kind: ReuseKind, overlap: float, alignment: _align.Alignment) -> float:
    """0..1: shingle overlap for duplicates, else the share of the more covered article's writing aligned."""
    if kind == "duplicate":
        return round(overlap, 3)
    return round(min(1.0, max(alignment.coverage_a, alignment.coverage_b)), 3)


def _runs(pairs: Sequence[tuple[int, int, float]]) -> list[list[tuple[int, int, float]]]:
    """Group aligned pairs that follow each other on both sides into passages."""
    runs: list[list[tuple[int, int, float]]] = []
    for pair in pairs:
        if runs and pair[0] == runs[-1][-1][0] + 1 and pair[1] == runs[-1][-1][1] + 1:
            runs[-1].append(pair)
        else:
            runs.append([pair])
    return runs


def _own(prepared: _Prepared, index: int, options: ReuseOptions) -> bool:
    """Whether sentence ``index`` is the outlet's own writing: no quotation in it, more than a stock phrase."""
    quoting = prepared.quoting[index] if prepared.quoting else False
    return not quoting and prepared.sentences[index].weight >= options.min_worded_tokens


def _copied(
    first: _Prepared,
    second: _Prepared,
    alignment: _align.Alignment,
    runs: Sequence[Sequence[tuple[int, int, float]]],
    options: ReuseOptions,
) -> bool:
    """Whether an alignment shows copying: close restatements of own sentences, or a long run of them in order.

    Independent reports of one event align on the same facts (who, what, when), loosely and here and there; a
    rewrite restates its source's own sentences closely, or follows it sentence after sentence.
    """
    close = sum(
        1
        for i, j, probability in alignment.pairs
        if probability >= options.close_probability and _own(first, i, options) and _own(second, j, options)
    )
    longest = max((len(run) for run in runs), default=0)
    return close >= options.min_close_pairs or longest >= options.min_rewrite_run


def _worded(
    run: Sequence[tuple[int, int, float]],
    bigram: np.ndarray,
    pair: tuple[_Prepared, _Prepared],
    options: ReuseOptions,
) -> bool:
    """Whether a passage shares wording (bigrams) in own sentences: independent reports share facts and quotes."""
    first, second = pair
    return any(
        bigram[i, j] >= options.passage_overlap and _own(first, i, options) and _own(second, j, options)
        for i, j, _ in run
    )


def _passage(
    run: Sequence[tuple[int, int, float]], first: Sequence[_align.Sentence], second: Sequence[_align.Sentence]
) -> Passage:
    a_span = (first[run[0][0]].start, first[run[-1][0]].end)
    b_span = (second[run[0][1]].start, second[run[-1][1]].end)
    return Passage(a=a_span, b=b_span, score=round(float(np.mean([score for _, _, score in run])), 3))


def _origin(
    first: _Prepared, second: _Prepared, kind: ReuseKind, alignment: _align.Alignment, options: ReuseOptions
) -> str | None:
    """The earlier article (by time of day when both have one, else by date), else the less covered one, or None.

    Shared passages get no origin: two reports that share a few passages most often both drew on a third text
    (a statement, a wire story), so which came first says nothing about who took from whom.
    """
    if kind == "shared_passages":
        return None
    if first.moment and second.moment and first.moment != second.moment:
        return first.article.id if first.moment < second.moment else second.article.id
    if first.date and second.date and first.date != second.date:
        return first.article.id if first.date < second.date else second.article.id
    difference = alignment.coverage_a - alignment.coverage_b
    if abs(difference) < options.origin_margin:
        return None
    # the more covered article is the copy, so the origin is the other one
    return second.article.id if difference > 0 else first.article.id


def _cohere(found: Sequence[Reuse], dates: dict[str, dt.date | None]) -> list[Reuse]:
    """Drop origins that contradict one ordering of all articles (date, then times judged the source)."""
    balance: dict[str, int] = {}
    for reuse in found:
        if reuse.origin is not None:
            copy = reuse.b if reuse.origin == reuse.a else reuse.a
            balance[reuse.origin] = balance.get(reuse.origin, 0) + 1
            balance[copy] = balance.get(copy, 0) - 1

    def rank(key: str) -> tuple[int, int, str]:
        day = dates.get(key)
        return (day.toordinal() if day else 10**9, -balance.get(key, 0), key)

    result = []
    for reuse in found:
        copy = reuse.b if reuse.origin == reuse.a else reuse.a
        if reuse.origin is not None and rank(reuse.origin) > rank(copy):
            reuse = Reuse(reuse.a, reuse.b, reuse.kind, reuse.score, None, reuse.passages)
        result.append(reuse)
    return result


def originals_of(reuse: Sequence[Reuse]) -> dict[str, str]:
    """Map each near-duplicate article id to the id whose NLP it can reuse.

    Duplicates form groups; each group's representative is an article never named a copy (the earliest id
    among those), and every other member maps to it, so chains A→B→C all map to A.
    """
    groups: DisjointSet[str] = DisjointSet()
    copies = set()
    for item in reuse:
        if item.kind != "duplicate":
            continue
        if item.origin is not None:
            copies.add(item.b if item.origin == item.a else item.a)
        groups.union(item.a, item.b)
    mapping = {}
    for members in groups.components():
        chosen = min(members, key=lambda key: (key in copies, key))
        mapping.update({key: chosen for key in members if key != chosen})
    return dict(sorted(mapping.items()))
