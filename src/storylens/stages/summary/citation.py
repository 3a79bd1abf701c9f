"""Citations: which articles state a summary sentence, the passage of each that does, and how outlets are named.

A citation is only as good as the passage it opens. A fact sentence cites, in each supporting article, the sentence
that restates it; an article whose restating sentence lacks a name the summary sentence gives (a person, a place)
does not name it, so it does not support it. A conflict sentence cites the conflict's own statements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from storylens.model import Article, Citation, Conflict, SummarySentence
from storylens.text.support import Matrix, Unit, stopwords
from storylens.text.values import Mention, compatible, day_mention, disagree, mentions
from storylens.text.words import words

# A stated value read mid-sentence starts lower-case ("alpha reports about 4,200 people").
_VALUE_HEDGES = frozenset({"about", "around", "nearly", "almost", "some", "roughly", "approximately", "over", "more"})

# A value's resolved calendar day, as the conflicts stage appends it: "Tuesday (2025-06-17)".
_RESOLVED = re.compile(r"\s*\((\d{4}(?:-[0-9WQE-]+)?(?:T[0-9:]+)?)\)\s*$")

# A topic that is a clause ("what was accused", "whether talks resumed") takes no article.
_CLAUSE_OPENERS = frozenset({"what", "who", "whom", "whose", "when", "where", "why", "how", "which", "whether", "if"})


def proper_names(text: str) -> frozenset[str]:
    """Capitalised words after the first word that are not function words: the names a sentence gives."""
    stop = stopwords()
    found = set()
    for index, (token, start, _) in enumerate(words(text)):
        if index and text[start].isupper() and token not in stop and len(token) > 1:
            found.add(token)
    return frozenset(found)


def _names_in(text: str) -> frozenset[str]:
    return frozenset(token for token, _, _ in words(text))


def _restating(
    units: Sequence[Unit], similarity: Matrix, chosen: int, support: Iterable[str], threshold: float
) -> dict[str, int]:
    """Per supporting article, its sentence closest to ``chosen`` that restates it with the same names and values.

    A restating sentence is as similar as ``threshold``, gives every name ``chosen`` gives and no different value.
    """
    unit = units[chosen]
    wanted = proper_names(unit.text)
    supporting = set(support)
    best: dict[str, tuple[float, int]] = {unit.article_id: (2.0, chosen)}
    for j in np.nonzero(similarity[chosen] >= threshold)[0].tolist():
        other = units[j]
        if j == chosen or other.article_id not in supporting or not wanted <= _names_in(other.text):
            continue
        if disagree(unit.values, other.values):
            continue
        score = float(similarity[chosen, j])
        if score > best.get(other.article_id, (-1.0, -1))[0]:
            best[other.article_id] = (score, j)
    return {article_id: j for article_id, (_, j) in best.items()}


def named_support(
    units: Sequence[Unit], similarity: Matrix, support: Sequence[frozenset[str]], threshold: float
) -> tuple[frozenset[str], ...]:
    """``support`` narrowed to the articles with a sentence restating each unit with the names it gives."""
    return tuple(
        frozenset(_restating(units, similarity, i, sources, threshold)) if len(sources) > 1 else sources
        for i, sources in enumerate(support)
    )


def cite(
    units: Sequence[Unit], similarity: Matrix, chosen: int, support: Iterable[str], threshold: float
) -> tuple[Citation, ...]:
    """Cite, in every supporting article, its sentence that restates ``chosen`` (see ``_restating``).

    An article without one is dropped: whatever else it says, it does not state this sentence.
    """
    found = _restating(units, similarity, chosen, support, threshold)
    return tuple(Citation(article_id, units[j].start, units[j].end) for article_id, j in sorted(found.items()))


def outlet_names(articles: Sequence[Article]) -> Mapping[str, str]:
    """How prose names each article: its outlet, else its headline in quotation marks, never its id."""
    names: dict[str, str] = {}
    unnamed = [article.id for article in articles if not article.source and not article.title]
    for article in articles:
        if article.source:
            names[article.id] = article.source
        elif article.title:
            names[article.id] = f"“{article.title.strip()}”"
        elif len(unnamed) == 1:
            names[article.id] = "an unnamed outlet"
        else:
            names[article.id] = f"unnamed outlet {unnamed.index(article.id) + 1}"
    return names


def _value_key(value: str, seen: Sequence[str]) -> str:
    """The already-seen value ``value`` restates ("about 4,200 people" restates "4,200 people"), else itself.

    Restating takes a positive match: neither disagrees with the other and they give one value for the same thing.
    Values of things the values engine cannot compare ("186 passengers", "208 people") stay apart, so no outlet is
    reported as giving another's figure.
    """
    stated = _stated(value)
    for other in seen:
        known = _stated(other)
        if disagree(stated, known) or disagree(known, stated):
            continue
        if any(compatible(m, n) for m in stated for n in known):
            return other
    return value


def _stated(value: str) -> tuple[Mention, ...]:
    """The values a statement's value gives: its resolved day ("yesterday (2025-08-02)") as a day, then the rest.

    The resolved day is read as a day, not as the year its digits also spell: two days of one year are two values.
    """
    match = _RESOLVED.search(value)
    day = day_mention(match.group(1)) if match else None
    if match is None or day is None:
        return mentions(value)
    return (day, *mentions(value[: match.start()]))


def value_sides(conflict: Conflict) -> dict[str, list[str]]:
    """The values a conflict's statements give (restatements of one value joined), each with its articles."""
    sides: dict[str, list[str]] = {}
    for statement in conflict.statements:
        value = statement.value
        if value.split(" ", 1)[0].lower() in _VALUE_HEDGES:
            value = value[:1].lower() + value[1:]
        sides.setdefault(_value_key(value, list(sides)), []).append(statement.article_id)
    return sides


def disputed(conflict: Conflict) -> bool:
    """Whether the conflict's statements give at least two different values (one value restated is no dispute)."""
    return len(value_sides(conflict)) >= 2


def statement_citations(conflict: Conflict, articles: Sequence[Article]) -> tuple[Citation, ...]:
    """The passages a conflict sentence cites: each statement's own offsets (found in its article when missing)."""
    texts = {article.id: article.text for article in articles}
    found: dict[tuple[str, int, int], Citation] = {}
    for statement in conflict.statements:
        start, end = statement.start, statement.end
        if start is None or end is None:
            at = texts.get(statement.article_id, "").find(statement.text) if statement.text else -1
            if at < 0:
                continue
            start, end = at, at + len(statement.text)
        found.setdefault((statement.article_id, start, end), Citation(statement.article_id, start, end))
    return tuple(found[key] for key in sorted(found))


def conflict_sentence(
    conflict: Conflict, names: Mapping[str, str], articles: Sequence[Article] = ()
) -> SummarySentence:
    """State a conflict as a conflict: which outlets report which value (restatements of one value joined)."""
    by_value = value_sides(conflict)
    parts = []
    for value, ids in by_value.items():
        who = sorted({names.get(article_id, "an unnamed outlet") for article_id in ids})
        verb = "reports" if len(who) == 1 else "report"
        parts.append(f"{_join(who)} {verb} {value}")
    sources = tuple(sorted({statement.article_id for statement in conflict.statements}))
    topic = conflict.topic if conflict.topic.split(" ", 1)[0].lower() in _CLAUSE_OPENERS else f"the {conflict.topic}"
    text = f"Accounts differ on {topic}: {'; '.join(parts)}."
    return SummarySentence(text, sources, statement_citations(conflict, articles))


def _join(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
