"""Shape a stored story bundle (report-format dicts) into what the pages show.

Pure functions: no store, no HTTP, no markup. The web UI and the self-contained HTML report both render
these values through the same templates, so a section shows the same thing in both. Every section is
built from whatever the bundle holds; a missing or empty section yields an empty value the templates
show as "none found", so sections filled later by other stages slot in without changes here.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

Bundle = dict[str, Any]

# A sentence ends at . ! or ? (optionally followed by a closing quote) before whitespace.
_SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Span:
    """A highlight over article text: ``[start, end)`` with a CSS class and a tooltip."""

    start: int
    end: int
    css: str
    title: str = ""
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text carrying the same set of highlights (the unit the templates escape and wrap)."""

    text: str
    css: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryCard:
    """One row of the stories page."""

    id: str
    title: str
    article_count: int
    outlets: tuple[str, ...]
    first: str | None
    last: str | None
    entities: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteVersion:
    """One outlet's rendering of a quotation, with its word diff against the fullest version."""

    quote: dict[str, Any]
    outlet: str
    diff: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quotation as carried by several articles."""

    id: str
    speaker: str | None
    text: str
    versions: tuple[QuoteVersion, ...]


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One disputed fact: each outlet's value, and which values disagree with the most common one."""

    id: str
    topic: str
    kind: str
    cells: tuple[tuple[str, ...], ...]
    odd: tuple[bool, ...]
    statements: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class ConflictMatrix:
    """Facts × outlets."""

    columns: tuple[tuple[str, str], ...] = ()
    rows: tuple[ConflictRow, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity with how often the story mentions it."""

    id: str
    name: str
    type: str
    mentions: int
    articles: int
    variants: tuple[str, ...] = field(default=())


def day(value: str | None) -> str | None:
    """Return the ISO date part of an ISO date or datetime (None stays None)."""
    return value[:10] if value else None


def outlet_labels(articles: list[dict[str, Any]]) -> dict[str, str]:
    """Name each article by its outlet, adding the id where one outlet carries several articles."""
    counts = Counter(article.get("source") or article["id"] for article in articles)
    labels = {}
    for article in articles:
        name = article.get("source") or article["id"]
        labels[article["id"]] = f"{name} ({article['id']})" if counts[name] > 1 else name
    return labels


def story_card(bundle: Bundle) -> StoryCard:
    """Summarise a bundle for the stories page."""
    story = bundle.get("story", {})
    articles = bundle.get("articles", [])
    dates = sorted(d for d in (day(a.get("published")) for a in articles) if d)
    outlets = sorted({a.get("source") for a in articles if a.get("source")})
    entities = tuple(e["name"] for e in bundle.get("entities", []))
    sections = tuple(name for name in _SECTION_KEYS if _has_section(bundle, name))
    return StoryCard(
        id=story.get("id", ""),
        title=story.get("title") or story.get("id", ""),
        article_count=len(story.get("article_ids", articles)),
        outlets=tuple(outlets),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        entities=entities,
        sections=sections,
    )


_SECTION_KEYS = ("summary", "reuse", "quotes", "conflicts", "timeline", "entities", "framing")


def _has_section(bundle: Bundle, name: str) -> bool:
    if name in ("summary", "timeline"):
        return bool(bundle.get("story", {}).get(name))
    return bool(bundle.get(name))


def card_matches(card: StoryCard, outlet: str, entity: str, since: str, until: str) -> bool:
    """Tell whether a story passes the stories-page filters (empty filters pass everything)."""
    if outlet and outlet not in card.outlets:
        return False
    if entity and not any(entity.casefold() in name.casefold() for name in card.entities):
        return False
    if since and (card.last is None or card.last < since):
        return False
    return not (until and (card.first is None or card.first > until))


def segment_text(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece carries the classes of the spans covering it."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    starts: dict[int, list[Span]] = defaultdict(list)
    for span in valid:
        starts[span.start].append(span)
    segments = []
    for left, right in itertools.pairwise(cuts):
        covering = [s for s in valid if s.start <= left and right <= s.end]
        segments.append(
            Segment(
                text=text[left:right],
                css=tuple(sorted({s.css for s in covering})),
                titles=tuple(dict.fromkeys(s.title for s in covering if s.title)),
                anchors=tuple(s.anchor for s in starts.get(left, []) if s.anchor),
            )
        )
    return segments


def sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentence spans (a light splitter: citations only need the nearest sentence)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def cited_passage(text: str, claim: str) -> tuple[int, int] | None:
    """Return the sentence of ``text`` sharing the most words with ``claim`` (None if none shares any)."""
    wanted = {w.casefold() for w in _WORD.findall(claim)}
    best, best_score = None, 0.0
    for start, end in sentences(text):
        words = {w.casefold() for w in _WORD.findall(text[start:end])}
        score = len(words & wanted) / (len(words | wanted) or 1)
        if score > best_score:
            best, best_score = (start, end), score
    return best


def sentence_passage(sentence: dict[str, Any], article_id: str, text: str) -> tuple[int, int] | None:
    """The passage of ``article_id`` a summary sentence cites: its stated citation, else the closest sentence."""
    for citation in sentence.get("citations", []):
        if citation["article_id"] == article_id and 0 <= citation["start"] < citation["end"] <= len(text):
            return citation["start"], citation["end"]
    return cited_passage(text, sentence["text"])


def word_diff(reference: str, text: str) -> tuple[tuple[str, str], ...]:
    """Diff ``text`` against ``reference`` word by word: ``("=", w)``, ``("-", w)`` dropped, ``("+", w)`` added."""
    old, new = reference.split(), text.split()
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("=", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            ops.append(("-", " ".join(old[a1:a2])))
        if b2 > b1:
            ops.append(("+", " ".join(new[b1:b2])))
    return tuple(ops)


def quote_groups(bundle: Bundle) -> list[QuoteGroup]:
    """Group the story's quotes by quotation; altered versions carry a word diff against the fullest one."""
    labels = outlet_labels(bundle.get("articles", []))
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for quote in bundle.get("quotes", []):
        grouped[quote.get("group") or quote["id"]].append(quote)
    groups = []
    for key, quotes in grouped.items():
        fullest = max(quotes, key=lambda q: (len(q["text"]), q["id"]))
        versions = tuple(
            QuoteVersion(
                quote=q,
                outlet=labels.get(q["article_id"], q["article_id"]),
                diff=word_diff(fullest["text"], q["text"]) if q.get("fidelity") == "altered" else (),
            )
            for q in sorted(quotes, key=lambda q: (q["article_id"], q["start"]))
        )
        speaker = next((q["speaker"] for q in quotes if q.get("speaker")), None)
        groups.append(QuoteGroup(key, speaker, fullest["text"], versions))
    return sorted(groups, key=lambda g: (-len(g.versions), g.id))


def conflict_matrix(bundle: Bundle) -> ConflictMatrix:
    """Lay the story's conflicts out as facts × outlets, marking values that differ from the most common."""
    conflicts = bundle.get("conflicts", [])
    if not conflicts:
        return ConflictMatrix()
    articles = bundle.get("articles", [])
    labels = outlet_labels(articles)
    involved = {s["article_id"] for c in conflicts for s in c.get("statements", [])}
    ids = [a["id"] for a in articles if a["id"] in involved]
    ids += sorted(involved - set(ids))
    rows = []
    for conflict in conflicts:
        values: dict[str, list[str]] = defaultdict(list)
        for statement in conflict.get("statements", []):
            values[statement["article_id"]].append(str(statement.get("value", "")))
        common = Counter(v for vs in values.values() for v in set(vs)).most_common(1)
        majority = common[0][0] if common else ""
        cells = tuple(tuple(dict.fromkeys(values.get(aid, []))) for aid in ids)
        odd = tuple(bool(cell) and majority not in cell for cell in cells)
        rows.append(
            ConflictRow(
                conflict["id"],
                conflict.get("topic", ""),
                conflict.get("kind", ""),
                cells,
                odd,
                tuple(conflict.get("statements", [])),
            )
        )
    return ConflictMatrix(columns=tuple((aid, labels.get(aid, aid)) for aid in ids), rows=tuple(rows))


def entity_rows(bundle: Bundle) -> list[EntityRow]:
    """List the story's entities with their mention counts in this story, most mentioned first."""
    counts = Counter(m.get("entity_id", "") for m in bundle.get("mentions", []))
    story_ids = {a["id"] for a in bundle.get("articles", [])}
    rows = [
        EntityRow(
            id=entity["id"],
            name=entity["name"],
            type=entity.get("type", ""),
            mentions=counts.get(entity["id"]) or int(entity.get("mentions", 0)),
            articles=len(set(entity.get("articles", [])) & story_ids) or len(entity.get("articles", [])),
            variants=tuple(entity.get("variants", [])),
        )
        for entity in bundle.get("entities", [])
    ]
    return sorted(rows, key=lambda r: (-r.mentions, r.name))


def coverage(bundle: Bundle) -> list[dict[str, Any]]:
    """Return the story's articles in publication order, each with its outlet label and reuse role."""
    articles = bundle.get("articles", [])
    labels = outlet_labels(articles)
    derived: dict[str, list[str]] = defaultdict(list)
    for pair in bundle.get("reuse", []):
        origin = pair.get("origin")
        if origin in (pair["a"], pair["b"]):
            copy = pair["b"] if origin == pair["a"] else pair["a"]
            derived[copy].append(origin)
    rows = [
        {
            "id": a["id"],
            "outlet": labels[a["id"]],
            "title": a.get("title") or a["id"],
            "date": day(a.get("published")),
            "words": len(a.get("text", "").split()),
            "derived_from": sorted(derived.get(a["id"], [])),
            "url": a.get("url"),
        }
        for a in articles
    ]
    return sorted(rows, key=lambda r: (r["date"] or "9999", r["id"]))


def summary_citations(bundle: Bundle) -> list[dict[str, Any]]:
    """Pair each summary sentence with, per cited article, the passage that supports it."""
    texts = {a["id"]: a.get("text", "") for a in bundle.get("articles", [])}
    labels = outlet_labels(bundle.get("articles", []))
    rows = []
    for sentence in bundle.get("story", {}).get("summary", []):
        cites = []
        for aid in sentence.get("sources", []):
            span = sentence_passage(sentence, aid, texts[aid]) if aid in texts else None
            cites.append({"article_id": aid, "outlet": labels.get(aid, aid), "span": span})
        rows.append({"text": sentence["text"], "cites": cites})
    return rows
