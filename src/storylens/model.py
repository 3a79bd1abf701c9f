"""The domain: frozen, slotted dataclasses passed between stages.

Every stage takes and returns these values, never dicts. ``to_dict`` gives the report-format shape
(``../shared/spec/report-format.md``); ``from_dict`` reads it back (the store keeps articles as JSON).
Offsets are character offsets into ``Article.text`` (end exclusive).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

T = TypeVar("T")

InputKind = Literal["text", "html"]
ReuseKind = Literal["duplicate", "rewrite", "shared_passages"]
Fidelity = Literal["verbatim", "trimmed", "altered"]
ConflictKind = Literal["date", "number", "place", "actor", "outcome", "fact"]
Span = tuple[int, int]


def _plain(value: Any) -> Any:
    """Turn tuples into lists recursively so the JSON shape matches the spec."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


class _Record:
    """Mixin: ``to_dict`` for every record."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON-ready data."""
        result: dict[str, Any] = _plain(self)
        return result


@dataclass(frozen=True, slots=True)
class RawDocument(_Record):
    """One input as read, before cleaning: the only thing ingest produces.

    ``origin`` names where it came from (a path, ``path:line``, a URL, a WARC record) for error messages.
    """

    id: str
    origin: str
    content: str
    kind: InputKind = "text"
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None
    story: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawDocument:
        """Build from ``to_dict`` output."""
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Rejection(_Record):
    """An input that could not be used, with the reason shown to the user and stored."""

    origin: str
    reason: str
    line: int | None = None

    def message(self) -> str:
        """One line naming the input (and line) and what was wrong."""
        where = f"{self.origin}:{self.line}" if self.line is not None else self.origin
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class SearchHit(_Record):
    """One full-text search result: an article, a story, a quote or an entity, the matches marked ``[…]``."""

    kind: Literal["article", "story", "quote", "entity"]
    ref: str
    story: str | None
    title: str
    snippet: str


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """A cleaned article: the unit every later stage reads."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    removed: tuple[str, ...] = ()
    story: str | None = None
    content_hash: str = ""
    #: How ``published`` was found: ``input`` (given), ``json-ld``, ``meta``, ``htmldate``, ``url`` or ``text``.
    date_source: str | None = None

    def report_dict(self) -> dict[str, Any]:
        """The report-format article (spec fields first, then additions)."""
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "text": self.text,
            "removed": list(self.removed),
            "story": self.story,
            "date_source": self.date_source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build from ``to_dict`` / ``report_dict`` output."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in names}
        values["removed"] = tuple(values.get("removed", ()))
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Passage(_Record):
    """Aligned text shared by two articles: spans in ``a`` and ``b``."""

    a: Span
    b: Span
    score: float


@dataclass(frozen=True, slots=True)
class Reuse(_Record):
    """One pair of articles that share text; ``a < b``."""

    a: str
    b: str
    kind: ReuseKind
    score: float
    origin: str | None = None
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation(_Record):
    """The passage of one article that supports a summary sentence (offsets into ``Article.text``)."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SummarySentence(_Record):
    """One summary sentence, the articles that support it and, per article, the passage that does."""

    text: str
    sources: tuple[str, ...]
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEvent(_Record):
    """An event placed on a calendar date, with the articles that report it."""

    date: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Story(_Record):
    """Articles covering the same event."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    summary: tuple[SummarySentence, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    # How each outlet told it (most/least loaded, facts left out, voices): plain data, see framing.compare_outlets.
    comparison: dict[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Mention(_Record):
    """One occurrence of an entity in an article."""

    article_id: str
    start: int
    end: int
    text: str
    entity_id: str = ""


@dataclass(frozen=True, slots=True)
class Entity(_Record):
    """A canonical person, organisation or place with its name variants."""

    id: str
    name: str
    type: str
    variants: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: int = 0


@dataclass(frozen=True, slots=True)
class Quote(_Record):
    """A quotation: ``text == article.text[start:end]`` without its quote marks."""

    id: str
    article_id: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_id: str | None = None
    cue: str | None = None
    via: str | None = None
    group: str | None = None
    fidelity: Fidelity | None = None
    #: The speakers other articles give these same words, when they name someone else (sorted; empty: agreed).
    other_speakers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement(_Record):
    """One article's sentence about a disputed fact, and the value it gives."""

    article_id: str
    text: str
    value: str
    start: int | None = None
    end: int | None = None
    value_start: int | None = None
    value_end: int | None = None


@dataclass(frozen=True, slots=True)
class Comparison(_Record):
    """What the claims stage compared in one story, so that "no conflict" is not read as "the outlets agree"."""

    story_id: str
    articles: int
    sentences: int
    aligned_pairs: int
    compared_values: int


@dataclass(frozen=True, slots=True)
class Conflict(_Record):
    """Articles that disagree on one fact; at least two articles with differing values."""

    id: str
    topic: str
    kind: ConflictKind
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Claim(_Record):
    """A fact one sentence asserts, with its slots; input to conflicts, corroboration and summaries."""

    article_id: str
    start: int
    end: int
    text: str
    predicate: str
    actors: tuple[str, ...] = ()
    when: str | None = None
    numbers: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    support: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LoadedSentence(_Record):
    """A sentence carrying loaded language, with the terms found in it."""

    start: int
    end: int
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Alternative(_Record):
    """What another outlet wrote at the same place of the same statement (empty text: it wrote nothing there)."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class WordChoice(_Record):
    """Words an outlet chose where outlets stating the same thing chose differently.

    ``kind``: ``label`` (a different name for the same actor or thing), ``saying`` (verb of saying), ``modifier``
    (an adjective or adverb the others do without or chose differently), ``hedge``, ``scare_quote`` or ``verb``.
    """

    start: int
    end: int
    text: str
    kind: str
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True, slots=True)
class Framing(_Record):
    """Loaded language and hedging in one article; ``score`` is a density (higher = more loaded).

    ``loaded_per_100`` is the reader's scale: of every 100 sentences in the outlet's own words (quotes excluded),
    how many are judged loaded; ``sentences`` is how many own sentences there were. ``choices`` are filled per story.
    """

    article_id: str
    score: float
    loaded_terms: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    loaded_sentences: tuple[LoadedSentence, ...] = ()
    quoted_terms: tuple[str, ...] = ()
    sentences: int = 0
    loaded_per_100: float = 0.0
    judge: str = "lexicon"
    choices: tuple[WordChoice, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeExpression(_Record):
    """A temporal expression: its calendar value for readers (ISO date, week, month or year, or null) and its
    TimeML type (DATE, TIME, DURATION, SET) and value (``2013-03-22``, ``2012-SU``, ``P1M``, ``PRESENT_REF``...)."""

    article_id: str
    start: int
    end: int
    text: str
    value: str | None
    type: str | None = None
    timeml: str | None = None


@dataclass(frozen=True, slots=True)
class Report(_Record):
    """Everything one analysis found: the report-format document."""

    articles: tuple[Article, ...] = ()
    stories: tuple[Story, ...] = ()
    reuse: tuple[Reuse, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    framing: tuple[Framing, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    mentions: tuple[Mention, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The report-format JSON document (``storylens.report/1``)."""
        return {
            "schema": "storylens.report/1",
            "articles": [article.report_dict() for article in self.articles],
            "stories": _plain(self.stories),
            "reuse": _plain(self.reuse),
            "entities": _plain(self.entities),
            "quotes": _plain(self.quotes),
            "conflicts": _plain(self.conflicts),
            "framing": _plain(self.framing),
            "times": _plain(self.times),
            "mentions": _plain(self.mentions),
            "rejections": _plain(self.rejections),
            **_plain(self.extras),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Read a report-format document back into values."""
        return cls(
            articles=tuple(Article.from_dict(item) for item in data.get("articles", [])),
            stories=tuple(_story(item) for item in data.get("stories", [])),
            reuse=tuple(_reuse(item) for item in data.get("reuse", [])),
            entities=tuple(_entity(item) for item in data.get("entities", [])),
            quotes=tuple(_quote(item) for item in data.get("quotes", [])),
            conflicts=tuple(_conflict(item) for item in data.get("conflicts", [])),
            framing=tuple(_framing(item) for item in data.get("framing", [])),
            times=tuple(TimeExpression(**item) for item in data.get("times", [])),
            mentions=tuple(Mention(**item) for item in data.get("mentions", [])),
            rejections=tuple(Rejection(**item) for item in data.get("rejections", [])),
        )


def _quote(data: dict[str, Any]) -> Quote:
    return Quote(**{**data, "other_speakers": tuple(data.get("other_speakers", ()))})


def _story(data: dict[str, Any]) -> Story:
    return Story(
        id=data["id"],
        title=data["title"],
        article_ids=tuple(data["article_ids"]),
        summary=tuple(_summary_sentence(s) for s in data.get("summary", [])),
        timeline=tuple(TimelineEvent(t["date"], t["text"], tuple(t["sources"])) for t in data.get("timeline", [])),
        comparison=data.get("comparison"),
    )


def _summary_sentence(data: dict[str, Any]) -> SummarySentence:
    citations = tuple(Citation(**item) for item in data.get("citations", []))
    return SummarySentence(data["text"], tuple(data["sources"]), citations)


def _reuse(data: dict[str, Any]) -> Reuse:
    passages = tuple(
        Passage(a=(p["a"][0], p["a"][1]), b=(p["b"][0], p["b"][1]), score=p["score"]) for p in data.get("passages", [])
    )
    return Reuse(data["a"], data["b"], data["kind"], data["score"], data.get("origin"), passages)


def _entity(data: dict[str, Any]) -> Entity:
    return Entity(
        id=data["id"],
        name=data["name"],
        type=data["type"],
        variants=tuple(data["variants"]),
        articles=tuple(data["articles"]),
        mentions=data.get("mentions", 0),
    )


def _conflict(data: dict[str, Any]) -> Conflict:
    statements = tuple(Statement(**item) for item in data["statements"])
    return Conflict(data["id"], data["topic"], data["kind"], statements)


def _framing(data: dict[str, Any]) -> Framing:
    return Framing(
        article_id=data["article_id"],
        score=data["score"],
        loaded_terms=tuple(data.get("loaded_terms", ())),
        hedges=tuple(data.get("hedges", ())),
        loaded_sentences=tuple(
            LoadedSentence(s["start"], s["end"], tuple(s["terms"])) for s in data.get("loaded_sentences", [])
        ),
        quoted_terms=tuple(data.get("quoted_terms", ())),
        sentences=data.get("sentences", 0),
        loaded_per_100=data.get("loaded_per_100", 0.0),
        judge=data.get("judge", "lexicon"),
        choices=tuple(_choice(item) for item in data.get("choices", [])),
    )


def _choice(data: dict[str, Any]) -> WordChoice:
    alternatives = tuple(Alternative(**item) for item in data.get("alternatives", []))
    return WordChoice(data["start"], data["end"], data["text"], data["kind"], alternatives)


@dataclass(frozen=True, slots=True)
class StorySlice:
    """One story and what the analysis found in its articles: the unit per-story stages, the store, the reports
    and the web read.

    Built by one rule (:meth:`storylens.present.slices.CorpusIndex.slice`). ``to_dict`` is the stored shape
    (report-format records under the report's section names; ``claims`` stay in memory), ``from_dict`` reads it back.
    """

    story: Story
    articles: tuple[Article, ...]
    reuse: tuple[Reuse, ...] = ()
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    framing: tuple[Framing, ...] = ()
    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    def article(self, article_id: str) -> Article | None:
        """Return the story's article ``article_id``, if it holds one."""
        return next((article for article in self.articles if article.id == article_id), None)

    def to_dict(self) -> dict[str, Any]:
        """Return the stored shape: the story and each section as report-format records."""
        return {
            "story": self.story.to_dict(),
            "articles": [article.report_dict() for article in self.articles],
            "reuse": [item.to_dict() for item in self.reuse],
            "entities": [item.to_dict() for item in self.entities],
            "mentions": [item.to_dict() for item in self.mentions],
            "quotes": [item.to_dict() for item in self.quotes],
            "conflicts": [item.to_dict() for item in self.conflicts],
            "framing": [item.to_dict() for item in self.framing],
            "times": [item.to_dict() for item in self.times],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StorySlice:
        """Read ``to_dict`` output back (sections missing from older stored slices read as empty)."""
        story = {"id": "", "title": "", "article_ids": [], **data.get("story", {})}
        return cls(
            story=_story(story),
            articles=tuple(Article.from_dict(item) for item in data.get("articles", [])),
            reuse=tuple(_reuse(item) for item in data.get("reuse", [])),
            entities=tuple(_entity(item) for item in data.get("entities", [])),
            mentions=tuple(Mention(**item) for item in data.get("mentions", [])),
            quotes=tuple(_quote(item) for item in data.get("quotes", [])),
            times=tuple(TimeExpression(**item) for item in data.get("times", [])),
            framing=tuple(_framing(item) for item in data.get("framing", [])),
            conflicts=tuple(_conflict(item) for item in data.get("conflicts", [])),
        )


# The per-story stages' name for the slice (claims, timeline, summary, outlet comparison).
StoryContext = StorySlice
