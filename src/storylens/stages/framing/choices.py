"""Comparative framing: the words each outlet chose where outlets stating the same thing chose differently.

Sentences of a story's articles are aligned across outlets (content-word overlap, blended with embedding cosine when
an embedder is given; each pair is the mutual best match between two articles). Two aligned sentences are compared
on the parse in two ways: short differing stretches of near-identical wording (a diff of the spaCy tokens), and the
words around each word both share (its verb of saying, a verb's subject or object, its modifiers). A difference is
a *word choice* when its part of speech and dependency role say what it is — a different noun for the same actor or
thing (``label``), a different verb of saying (``saying``: a verb heading a reported clause), an adjective or adverb
one side has and the other lacks or words differently (``modifier``), a hedge (modal verb or hedge-lexicon term),
words in scare quotes the other side leaves unquoted (``scare_quote``), or another main verb (``verb``). Numbers and
dates are left out (differing values are conflicts, not framing), and so are two different names (two actors, not
two labels for one). No word list is drawn from examples: what counts is where the outlets differ.

A choice *judges* (``judging_choice``) when the outlet's words there score higher than every other outlet's words at
that place on one of the shipped lexicons' scales: TextBlob's absolute polarity or the count of loaded-lexicon terms
("insisted" against "said", "brutal crackdown" against "crackdown"); hedges are choices about certainty and never
judge. ``attach_choices`` counts
the sentence holding such a choice as loaded (``count_choices``), so an outlet's loaded sentences per 100 weigh what
it chose where others told the same fact plainly; on BASIL and NeuS TUNE stories this moved the outlet ranking
towards the outlets' distance from the centre (``bench/framing_outlets.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np

from storylens.model import Alternative, Article, Framing, LoadedSentence, Story, WordChoice
from storylens.nlp.embeddings import Embedder
from storylens.stages.framing.lexicon import find_terms, hedge_lexicon, loaded_lexicon
from storylens.stages.framing.subjectivity import word_score
from storylens.text.quotations import quotation_spans
from storylens.text.sentences import sentence_spans
from storylens.text.support import Matrix, Unit, article_units, capped, lexical_matrix, similarity_matrix
from storylens.text.words import stem, words

# Parts of speech that carry no framing on their own (articles, prepositions, pronouns, punctuation).
_FUNCTION = frozenset({"DET", "ADP", "PRON", "PUNCT", "SPACE", "CCONJ", "SCONJ", "PART", "SYM", "X", "NUM", "INTJ"})
_NOMINAL = frozenset({"NOUN", "PROPN"})
_MODIFIER = frozenset({"ADJ", "ADV"})
# Entity types whose differences are values (conflicts), not word choice.
_VALUES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"})


@dataclass(frozen=True, slots=True)
class ChoiceOptions:
    """How sentences are aligned and how long a differing stretch may be."""

    align_threshold: float = 0.45  # blended similarity of two sentences stating the same thing
    min_shared: float = 0.5  # share of tokens the aligned sentences must have in common (SequenceMatcher ratio)
    max_span: int = 3  # tokens per side of a differing stretch
    max_quoted: float = 0.5  # sentences mostly inside quotation marks are the speaker's words, not the outlet's
    min_words: int = 6
    scare_words: int = 4  # a quotation of at most this many words inside an outlet's own sentence
    max_encoded: int = 48  # sentences per story given an embedding (the rest are aligned on words)
    min_lexical: float = 0.15  # word overlap below which a sentence is not worth encoding
    count_judging: bool = True  # a sentence with a judging word choice counts as loaded (loaded_per_100)
    max_units: int = 600  # sentences per story compared (the same depth into each article): bounds the n x n matrices


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_MODIFIERS = frozenset({"amod", "advmod", "acomp"})
_SUBJECTIVE = 0.3  # lexicon subjectivity from which a modifier judges (the lexicon's scale: 0 fact, 1 opinion)
_QUOTE_MARKS = "\"“”'‘’«»"

Difference = tuple[str, tuple[Any, ...], tuple[Any, ...], int]
_Quoted = tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]]]


def _key(token: Any) -> str:
    return stem(token.lower_)


def _sentence(doc: Any, unit: Unit) -> list[Any]:
    """The unit's word tokens from the article's parse (quotation marks and spaces dropped)."""
    span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
    return [t for t in span or () if not t.is_space and t.text not in _QUOTE_MARKS]


def _content(token: Any) -> bool:
    return token.pos_ not in _FUNCTION and token.ent_type_ not in _VALUES and not token.like_num


def _clause_head(token: Any) -> bool:
    """A verb that reports a clause: the parse's verb of saying, whatever the word."""
    return token.pos_ == "VERB" and any(child.dep_ == "ccomp" for child in token.children)


def _judging(token: Any) -> bool:
    """Whether a modifier judges rather than describes: subjective in the shipped lexicons (not a plain fact)."""
    if token.is_stop or token.ent_type_ or not _content(token):
        return False
    score = word_score(token.text)
    if score is not None:
        return score.subjectivity >= _SUBJECTIVE or score.intensity > 1.0
    return bool(find_terms(token.text, loaded_lexicon()))


def _hedge(tokens: Sequence[Any]) -> bool:
    return any(t.tag_ == "MD" for t in tokens) or bool(find_terms(" ".join(t.text for t in tokens), hedge_lexicon()))


def _kind(mine: Sequence[Any], theirs: Sequence[Any]) -> str | None:
    """What kind of word choice ``mine`` (against ``theirs``) is, or None when it is not one."""
    if any(t.ent_type_ in _VALUES or t.like_num for t in (*mine, *theirs)):
        return None
    content = [t for t in mine if t.pos_ not in _FUNCTION]
    if not content:
        return None
    others = [t for t in theirs if t.pos_ not in _FUNCTION]
    saying = [any(_clause_head(t) for t in side) for side in (content, others)]
    if any(saying):  # both report speech with different verbs; a verb of saying against an action is no choice
        return "saying" if all(saying) else None
    if _hedge(mine):
        return "hedge"
    if all(t.pos_ in _MODIFIER for t in content) and all(t.pos_ in _MODIFIER for t in others):
        return "modifier"
    if others and content[-1].pos_ in _NOMINAL and others[-1].pos_ in _NOMINAL:
        # The same actor named differently; two different names are two people, not two labels.
        return None if content[-1].pos_ == others[-1].pos_ == "PROPN" else "label"
    if others and content[0].pos_ == "VERB" and others[0].pos_ == "VERB":
        return "verb"
    return None


def _sequence(mine: Sequence[Any], theirs: Sequence[Any], options: ChoiceOptions) -> list[Difference]:
    """Short differing stretches of two sentences that are mostly the same words (a rewrite of one wording)."""
    matcher = SequenceMatcher(None, [_key(t) for t in mine], [_key(t) for t in theirs], autojunk=False)
    if matcher.ratio() < options.min_shared:
        return []
    found: list[Difference] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or i1 == i2 or i2 - i1 > options.max_span or j2 - j1 > options.max_span:
            continue
        at = theirs[j1].idx if j1 < len(theirs) else theirs[-1].idx + len(theirs[-1].text)
        # Equal-length stretches pair word by word ("regime claimed" / "government said": a label and a verb).
        pairs = zip(mine[i1:i2], theirs[j1:j2], strict=True) if i2 - i1 == j2 - j1 else None
        stretches = [((a,), (b,)) for a, b in pairs] if pairs else [(tuple(mine[i1:i2]), tuple(theirs[j1:j2]))]
        for own_stretch, other_stretch in stretches:
            own, other = _trim(own_stretch), _trim(other_stretch)
            kind = _kind(own, other) if own else None
            if kind is not None:
                found.append((kind, own, other, other[0].idx if other else at))
    return found


def _trim(tokens: Sequence[Any]) -> tuple[Any, ...]:
    """The stretch without function words at either end ("held a" → "held")."""
    kept = list(tokens)
    while kept and kept[0].pos_ in _FUNCTION:
        kept.pop(0)
    while kept and kept[-1].pos_ in _FUNCTION:
        kept.pop()
    return tuple(kept)


def _anchors(mine: Sequence[Any], theirs: Sequence[Any]) -> list[tuple[Any, Any]]:
    """Content tokens both sentences share (same stem), each used once, in order."""
    pool: dict[str, list[Any]] = {}
    for token in theirs:
        if _content(token):
            pool.setdefault(_key(token), []).append(token)
    pairs = []
    for token in mine:
        matches = pool.get(_key(token)) if _content(token) else None
        if matches:
            pairs.append((token, matches.pop(0)))
    return pairs


def _relabelled(mine: Any, theirs: Any, shared: set[str]) -> bool:
    """Two nouns in the same role of the same verb: one actor named two ways (two names are two actors)."""
    if _key(mine) in shared or _key(theirs) in shared:
        return False
    return not (mine.pos_ == "PROPN" or mine.ent_type_) or not (theirs.pos_ == "PROPN" or theirs.ent_type_)


def _around(mine: Any, theirs: Any, shared: set[str]) -> list[Difference]:
    """Choices the parse shows around one shared word: its verb of saying, its label, its modifiers."""
    found: list[Difference] = []
    head, other_head = mine.head, theirs.head
    same_role = mine.dep_ in _SUBJECTS and theirs.dep_ in _SUBJECTS and _key(head) != _key(other_head)
    if same_role and head.pos_ == other_head.pos_ == "VERB" and (_clause_head(head) or _clause_head(other_head)):
        found.append(("saying", (head,), (other_head,), other_head.idx))
    if mine.pos_ == "VERB" and theirs.pos_ == "VERB":
        for dep in _SUBJECTS | {"dobj"}:
            own = [c for c in mine.children if c.dep_ == dep and c.pos_ in _NOMINAL]
            alt = [c for c in theirs.children if c.dep_ == dep and c.pos_ in _NOMINAL]
            if own and alt and _relabelled(own[0], alt[0], shared):
                found.append(("label", (own[0],), (alt[0],), alt[0].idx))
    own_mods = [c for c in mine.children if c.dep_ in _MODIFIERS and c.pos_ in _MODIFIER]
    alt_mods = [c for c in theirs.children if c.dep_ in _MODIFIERS and c.pos_ in _MODIFIER]
    alt_keys = {_key(c) for c in alt_mods}
    own_keys = {_key(c) for c in own_mods}
    for modifier in own_mods:
        hedge = _hedge([modifier])
        if _key(modifier) in alt_keys or _key(modifier) in shared or not (hedge or _judging(modifier)):
            continue
        alternative = tuple(c for c in alt_mods if _key(c) not in own_keys and _content(c))[:1]
        found.append(("hedge" if hedge else "modifier", (modifier,), alternative, theirs.idx))
    return found


def _scare_quotes(
    mine: Sequence[Any], theirs: Sequence[Any], quoted: _Quoted, options: ChoiceOptions
) -> list[Difference]:
    """Short quoted runs inside the outlet's own sentence whose words the other outlet writes unquoted."""
    own_quoted, other_quoted = quoted
    plain = {_key(t) for t in theirs if not _inside(t.idx, other_quoted)}
    found: list[Difference] = []
    for start, end in own_quoted:
        run = tuple(t for t in mine if start < t.idx < end and not t.is_punct)
        words = [t for t in run if _content(t)]
        # A quotation opening the sentence, or one with a pronoun ("I signed it"), is someone's words; a quoted
        # name is a title. Inside the outlet's own sentence, a quoted term is the outlet keeping its distance.
        spoken = any(t.pos_ == "PRON" for t in run) or all(t.pos_ == "PROPN" for t in words)
        short = bool(words) and len(run) <= options.scare_words and mine[0].idx < start
        if short and not spoken and all(_key(t) in plain for t in words):
            found.append(("scare_quote", run, (), theirs[0].idx))
    return found


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def _differences(
    mine: Sequence[Any], theirs: Sequence[Any], quoted: _Quoted, options: ChoiceOptions
) -> list[Difference]:
    """Every word choice of ``mine`` against the aligned sentence ``theirs``."""
    found = _sequence(mine, theirs, options)
    anchors = _anchors(mine, theirs)
    shared = {_key(a) for a, _ in anchors}
    for own, other in anchors:
        found += _around(own, other, shared)
    found += _scare_quotes(mine, theirs, quoted, options)
    return found


def _aligned(units: Sequence[Unit], similarity: Matrix, threshold: float) -> list[tuple[int, int]]:
    """Pairs of units from different articles that are each other's best match and similar enough."""
    by_article: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        by_article.setdefault(unit.article_id, []).append(index)
    pairs: list[tuple[int, int]] = []
    ids = sorted(by_article)
    for a_pos, a in enumerate(ids):
        for b in ids[a_pos + 1 :]:
            rows, columns = by_article[a], by_article[b]
            block = similarity[np.ix_(rows, columns)]
            for r, row in enumerate(rows):
                c = int(block[r].argmax())
                if block[r, c] >= threshold and int(block[:, c].argmax()) == r:
                    pairs.append((row, columns[c]))
    return pairs


def _own_units(article: Article, options: ChoiceOptions) -> list[Unit]:
    units = article_units(article, min_words=options.min_words)
    return [unit for unit in units if unit.quoted_share < options.max_quoted or _short_quotes(unit, options)]


def _short_quotes(unit: Unit, options: ChoiceOptions) -> bool:
    """Whether a sentence's quoted words are only short phrases (scare quotes), not a speaker's sentence."""
    spans = quotation_spans(unit.text)
    return bool(spans) and all(len((unit.text[s:e]).split()) <= options.scare_words for s, e in spans)


def _choice(difference: Difference, other: str) -> WordChoice:
    kind, mine, theirs, at = difference
    text = " ".join(t.text for t in mine)
    if theirs:
        end = theirs[-1].idx + len(theirs[-1].text)
        alternative = Alternative(other, theirs[0].idx, end, " ".join(t.text for t in theirs))
    else:
        alternative = Alternative(other, at, at, "")
    return WordChoice(mine[0].idx, mine[-1].idx + len(mine[-1].text), text, kind, (alternative,))


def _merge(choices: Sequence[WordChoice]) -> tuple[WordChoice, ...]:
    """One choice per span of an article, with every outlet's alternative (sorted)."""
    merged: dict[tuple[int, int, str], list[Alternative]] = {}
    texts: dict[tuple[int, int, str], str] = {}
    for choice in choices:
        key = (choice.start, choice.end, choice.kind)
        texts[key] = choice.text
        merged.setdefault(key, []).extend(choice.alternatives)
    return tuple(
        WordChoice(
            start,
            end,
            texts[(start, end, kind)],
            kind,
            tuple(sorted(set(merged[(start, end, kind)]), key=lambda a: (a.article_id, a.start))),
        )
        for start, end, kind in sorted(merged)
    )


def _similarity(units: Sequence[Unit], embedder: Embedder | None, options: ChoiceOptions) -> Matrix:
    """Content-word overlap, blended with embedding cosine for the sentences nearest to being aligned.

    Only the ``max_encoded`` sentences whose best match in another article comes closest (without reaching the
    threshold on words alone) are encoded: a paraphrase needs the embedding, a near-copy does not, and a story of
    hundreds of sentences must not cost hundreds of encodings in the driver.
    """
    lexical = lexical_matrix(units)
    if embedder is None:
        return lexical
    owners = np.asarray([unit.article_id for unit in units])
    across = np.where(owners[:, None] != owners[None, :], lexical, 0.0)
    best = across.max(axis=1)
    order = [i for i in np.argsort(-best).tolist() if options.min_lexical <= best[i] < options.align_threshold]
    chosen = order[: options.max_encoded]
    if not chosen:
        return lexical
    embedded = np.zeros(len(units), dtype=bool)
    embedded[chosen] = True
    vectors = np.zeros((len(units), 384), dtype=np.float32)
    vectors[chosen] = embedder.encode([units[i].text for i in chosen])
    # The partners of an encoded sentence are encoded too, or its row could not blend.
    partners = [int(across[i].argmax()) for i in chosen if not embedded[int(across[i].argmax())]]
    partners = list(dict.fromkeys(partners))
    if partners:
        vectors[partners] = embedder.encode([units[i].text for i in partners])
        embedded[partners] = True
    return similarity_matrix(units, vectors, embedded=embedded, lexical=lexical)


def find_choices(
    articles: Sequence[Article],
    docs: Mapping[str, Any],
    embedder: Embedder | None = None,
    options: ChoiceOptions = ChoiceOptions(),
) -> dict[str, tuple[WordChoice, ...]]:
    """Word choices of each article of one story against the other articles stating the same things."""
    articles = [article for article in articles if article.id in docs]
    units = list(capped([_own_units(article, options) for article in articles], options.max_units))
    result: dict[str, list[WordChoice]] = {article.id: [] for article in articles}
    if len({unit.article_id for unit in units}) < 2:
        return {key: () for key in result}
    similarity = _similarity(units, embedder, options)
    quoted = {article.id: quotation_spans(article.text) for article in articles}
    tokens: dict[int, list[Any]] = {}
    for pair in _aligned(units, similarity, options.align_threshold):
        for mine, theirs in (pair, pair[::-1]):
            for index in (mine, theirs):
                if index not in tokens:
                    tokens[index] = _sentence(docs[units[index].article_id], units[index])
            owner, other = units[mine].article_id, units[theirs].article_id
            if not tokens[mine] or not tokens[theirs]:
                continue
            for difference in _differences(tokens[mine], tokens[theirs], (quoted[owner], quoted[other]), options):
                result[owner].append(_choice(difference, units[theirs].article_id))
    return {key: _merge(found) for key, found in result.items()}


def _judgement(text: str) -> tuple[float, float]:
    """How much words judge: the top absolute polarity (TextBlob) and the count of loaded-lexicon terms.

    Subjectivity alone is not enough: TextBlob calls "possible" and "likely" fully subjective, and those hedge.
    """
    polar = [abs(score.polarity) for score in map(word_score, (word for word, _, _ in words(text))) if score]
    return max(polar, default=0.0), float(len(find_terms(text, loaded_lexicon())))


def judging_choice(choice: WordChoice) -> bool:
    """Whether the outlet's words score higher than every alternative's on one scale (an empty alternative: 0).

    A hedge is a choice about certainty, not a judgement, so it never counts.
    """
    if choice.kind == "hedge":
        return False
    mine = _judgement(choice.text)
    theirs = [_judgement(alternative.text) for alternative in choice.alternatives]
    return any(all(mine[scale] > other[scale] for other in theirs) for scale in range(len(mine)))


def count_choices(framing: Framing, text: str, choices: Sequence[WordChoice]) -> Framing:
    """``framing`` whose loaded sentences also hold each sentence of ``text`` with a judging word choice.

    The chosen words join the sentence's terms; loaded sentences per 100 is recounted over the same own sentences.
    """
    loaded = {(item.start, item.end): item.terms for item in framing.loaded_sentences}
    spans = sentence_spans(text)
    for choice in filter(judging_choice, choices):
        span = next(((s, e) for s, e in loaded if s <= choice.start < e), None)
        span = span or next(((s, e) for s, e in spans if s <= choice.start < e), None)
        if span is not None and choice.text not in loaded.get(span, ()):
            loaded[span] = (*loaded.get(span, ()), choice.text)
    count = min(len(loaded), framing.sentences)
    return dataclasses.replace(
        framing,
        loaded_sentences=tuple(LoadedSentence(s, e, terms) for (s, e), terms in sorted(loaded.items())),
        loaded_per_100=round(100 * count / max(framing.sentences, 1), 1),
    )


def attach_choices(
    framing: Sequence[Framing],
    stories: Sequence[Story],
    articles: Sequence[Article],
    docs: Mapping[str, Any],
    embedder: Embedder | None = None,
    options: ChoiceOptions = ChoiceOptions(),
) -> list[Framing]:
    """``framing`` with each article's word choices against the other articles of its stories."""
    by_id = {article.id: article for article in articles}
    found: dict[str, list[WordChoice]] = {}
    for story in stories:
        members = [by_id[key] for key in sorted(set(story.article_ids)) if key in by_id]
        if len(members) < 2:
            continue
        for article_id, choices in find_choices(members, docs, embedder, options).items():
            found.setdefault(article_id, []).extend(choices)
    result = []
    for item in framing:
        if not found.get(item.article_id):
            result.append(item)
            continue
        choices = _merge(found[item.article_id])
        if options.count_judging:
            item = count_choices(item, by_id[item.article_id].text, choices)
        result.append(dataclasses.replace(item, choices=choices))
    return result
