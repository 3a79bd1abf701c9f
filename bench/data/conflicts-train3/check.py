#!/usr/bin/env python3
"""Check the conflicts-train3 set and print its counts (stdlib only; a copy of conflicts-train2/check.py).

usage: python3 check.py [DIR]     (DIR defaults to this file's directory; it holds articles.jsonl and gold.json)

Checks (each failure printed; exit 1 if any):
  articles  ids "<story>-<n>"; ISO `published`, articles of a story 0-2 days apart; 3-5 articles a story, each from
            a different outlet; 160-300 words of text.
  kinds     conflict kinds as conflicts-dev; trap kinds as conflicts-dev plus three look-alikes of actor and place
            conflicts: roles (two people in two roles), name_title (one person by name and by title), grain (one
            place at two grains).
  gold      every doc exists and belongs to the item's story; every value is a verbatim substring of its article
            (and its first occurrence, since fitting labels by the first match); the sentence holding it contains an
            any_of keyword; conflicts have resolved values that differ between two docs; a written or relative date
            value resolves, against its article's `published`, to the gold `resolved` date; same_date traps resolve
            to one day (the date conventions of ../shared/datasets/conflicts-dev/README.md).
  scorer    when ../shared/datasets/conflicts-dev/score_conflicts.py exists: an oracle report scores recall 1.00,
            precision 1.00, no trap hit; no trap doc pair matches a planted conflict.
"""

import collections
import datetime
import itertools
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCORER_DIR = os.path.join(HERE, "..", "..", "..", "..", "shared", "datasets", "conflicts-dev")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MON_RE = "|".join(MONTHS)
RELATIVE_WORDS = ("yesterday", "today", "tonight", "last night", "this morning", "this afternoon", "this evening")
FUTURE_WORDS = ("until", "next ", "will ", "due ")
CONFLICT_KINDS = ("date", "number", "place", "actor", "outcome", "charge")
TRAP_KINDS = (
    "roles",
    "name_title",
    "grain",
    "approximation",
    "same_date",
    "distinct_events",
    "time_change",
    "quoted_claim",
    "scope",
    "unit",
    "rounding",
    "correction",
    "paraphrase",
)
FAILS: list = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL", msg)


def norm(s):
    return re.sub(r"\s+", " ", str(s)).strip().lower()


def sentences(text):
    """(start, end) spans of the sentences of a text: split at line breaks and after . ! ? before a capital."""
    spans, pos = [], 0
    for line in text.split("\n"):
        start = pos
        for m in re.finditer(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])", line):
            spans.append((start, pos + m.end()))
            start = pos + m.end()
        if start < pos + len(line):
            spans.append((start, pos + len(line)))
        pos += len(line) + 1
    return spans


def sentence_of(text, value):
    i = text.find(value)
    for s, e in sentences(text):
        if s <= i < e:
            return text[s : max(e, i + len(value))].strip()
    return value


def _written(v, p):
    """A written day ("6 March", "March 6", with or without a year) as a date, else None."""
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + MON_RE + r")\b", v) or re.search(
        r"\b(" + MON_RE + r")\s+(\d{1,2})\b", v
    )
    if not m:
        return None
    a, b = m.groups()
    day, mon = (int(a), b) if a.isdigit() else (int(b), a)
    y = re.search(r"\b(20\d\d)\b", v)
    return datetime.date(int(y.group(1)) if y else p.year, MONTHS.index(mon) + 1, day)


def _relative(v, p):
    """The day a relative word names ("yesterday", "tonight"...), else None."""
    if "day before yesterday" in v:
        return p - datetime.timedelta(days=2)
    if "yesterday" in v or "last night" in v:
        return p - datetime.timedelta(days=1)
    if any(w in v for w in RELATIVE_WORDS):
        return p
    return None


def _weekdays(value, v, p, written):
    """The days the weekday names of a value point at (a written date's weekday is checked, not added)."""
    cues = []
    for i, name in enumerate(WEEKDAYS):
        if not re.search(r"\b" + name, v):
            continue
        if written is not None:
            if written.weekday() != i:
                raise ValueError(f"{value!r}: {written} is not a {name}")
        elif any(w in v for w in FUTURE_WORDS):
            cues.append(p + datetime.timedelta(days=(i - p.weekday()) % 7))
        else:
            back = (p.weekday() - i) % 7
            if back == 0 and "last " + name in v:
                back = 7
            cues.append(p - datetime.timedelta(days=back))
    return cues


def resolve(value, published):
    """A written or relative date resolved against the publication date: 'YYYY-MM-DD', 'YYYY-MM' or None."""
    v = value.lower()
    p = datetime.date.fromisoformat(published[:10])
    written = _written(v, p)
    if written is None:
        m = re.search(r"\b(" + MON_RE + r")(?:\s+(20\d\d))?\b", v)
        if m and not re.search(r"\b(" + "|".join(WEEKDAYS) + r")", v):
            return f"{int(m.group(2)) if m.group(2) else p.year:04d}-{MONTHS.index(m.group(1)) + 1:02d}"
    cues = [d for d in (written, _relative(v, p)) if d is not None] + _weekdays(value, v, p, written)
    if not cues:
        return None
    if len(set(cues)) > 1:
        raise ValueError(f"{value!r} published {published}: cues disagree {sorted(set(cues))}")
    return cues[0].isoformat()


def check_articles(arts):
    per_story = collections.defaultdict(list)
    words = []
    for a in arts:
        for k in ("id", "story", "source", "published", "title", "text"):
            if not a.get(k):
                fail(f"{a.get('id')}: missing {k}")
        if not re.fullmatch(re.escape(a["story"]) + r"-\d+", a["id"]):
            fail(f"{a['id']}: id does not match story {a['story']}")
        try:
            datetime.date.fromisoformat(a["published"])
        except ValueError:
            fail(f"{a['id']}: published {a['published']!r} is not an ISO date")
        n = len(a["text"].split())
        words.append(n)
        if not 160 <= n <= 300:
            fail(f"{a['id']}: {n} words")
        per_story[a["story"]].append(a)
    for s, lst in per_story.items():
        if not 3 <= len(lst) <= 5:
            fail(f"{s}: {len(lst)} articles")
        if len({a["source"] for a in lst}) != len(lst):
            fail(f"{s}: two articles from the same outlet")
        days = sorted(datetime.date.fromisoformat(a["published"]) for a in lst)
        if (days[-1] - days[0]).days > 2:
            fail(f"{s}: articles published {days[0]}..{days[-1]}, more than 2 days apart")
    return per_story, words


def check_item(item, what, kinds, by_id):
    tag = f"{what} [{item['story']}] {item['about']}"
    if item["kind"] not in kinds:
        fail(f"{tag}: kind {item['kind']!r}")
    if sorted(item["docs"]) != sorted(item["values"]) or len(item["docs"]) < 2 or not item.get("any_of"):
        fail(f"{tag}: docs/values keys differ, fewer than two docs, or no any_of")
    for d in item["docs"]:
        if d not in by_id or by_id[d]["story"] != item["story"]:
            fail(f"{tag}: doc {d} unknown or from another story")
            continue
        text, val = by_id[d]["text"], item["values"][d]
        if val not in text:
            fail(f"{tag}: value {val!r} is not in {d}")
            continue
        if text.count(val) > 1:
            print(f"note: {tag}: value {val!r} occurs {text.count(val)} times in {d} (the first is taken)")
        sent = sentence_of(text, val)
        if not any(norm(w) in norm(sent) for w in item["any_of"]):
            fail(f"{tag}: the {d} sentence has no any_of keyword: {sent!r}")


def check_conflict_dates(c, by_id):
    """Every written or relative date value of a date conflict resolves to its gold `resolved`."""
    tag = f"conflict [{c['story']}] {c['about']}"
    for d, v in c["values"].items():
        r = c["resolved"][d]
        if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", r):
            fail(f"{tag}: resolved {r!r} is not an ISO date")
        try:
            got = resolve(v, by_id[d]["published"])
        except ValueError as e:
            fail(f"{tag}: {e}")
            continue
        if got is not None and got != r:
            fail(f"{tag}: {d} {v!r} published {by_id[d]['published']} resolves to {got}, gold says {r}")


def _is_relative(value):
    """A date stated without digits ("yesterday", "on Tuesday"): it needs the publication date to be read."""
    if re.search(r"\d", value):
        return False
    try:  # any reference day will do: only whether it resolves at all matters here
        return resolve(value, "2025-01-01") is not None
    except ValueError:
        return True


def check_dates(gold, by_id):
    relative = 0
    for c in gold["conflicts"]:
        tag = f"conflict [{c['story']}] {c['about']}"
        if sorted(c["resolved"]) != sorted(c["docs"]):
            fail(f"{tag}: resolved keys differ from docs")
            continue
        if len({norm(v) for v in c["resolved"].values()}) < 2:
            fail(f"{tag}: resolved values do not differ")
        if c["kind"] == "date":
            relative += any(_is_relative(v) for v in c["values"].values())
            check_conflict_dates(c, by_id)
    for t in gold["traps"]:
        if t["kind"] != "same_date":
            continue
        try:
            got = {d: resolve(v, by_id[d]["published"]) for d, v in t["values"].items()}
        except ValueError as e:
            fail(f"trap [{t['story']}] {t['about']}: {e}")
            continue
        if None in got.values() or len(set(got.values())) != 1:
            fail(f"trap [{t['story']}] {t['about']}: same_date values resolve to {got}")
    return relative


def check_scorer(gold, by_id):
    if not os.path.isfile(os.path.join(SCORER_DIR, "score_conflicts.py")):
        print("scorer checks skipped: ../shared/datasets/conflicts-dev is absent")
        return
    sys.path.insert(0, SCORER_DIR)
    sys.dont_write_bytecode = True
    import score_conflicts as sc

    def statement(d, value):
        return {"article_id": d, "text": sentence_of(by_id[d]["text"], value), "value": value}

    scorer = sc.Scorer(gold)
    oracle = {"conflicts": []}
    for i, c in enumerate(gold["conflicts"]):
        pairs = [
            (a, b) for a, b in itertools.combinations(c["docs"], 2) if norm(c["resolved"][a]) != norm(c["resolved"][b])
        ]
        a, b = pairs[0]
        oracle["conflicts"].append(
            {
                "id": f"c{i}",
                "topic": c["about"],
                "statements": [statement(a, c["values"][a]), statement(b, c["values"][b])],
            }
        )
        for a, b in pairs:
            rep = {"topic": "", "statements": [statement(a, c["values"][a]), statement(b, c["values"][b])]}
            if not scorer.matches_conflict(scorer.view(rep), c):
                fail(f"conflict [{c['story']}] {c['about']}: pair {a},{b} does not match on its sentences alone")
    summary, _, _ = scorer.score(oracle)
    if summary["recall"] != 1.0 or summary["precision"] != 1.0 or summary["trap_hits"] != 0:
        fail(f"oracle: {summary}")
    for t in gold["traps"]:
        for a, b in itertools.combinations(t["docs"], 2):
            rep = {
                "conflicts": [
                    {"topic": t["about"], "statements": [statement(a, t["values"][a]), statement(b, t["values"][b])]}
                ]
            }
            s, _, _ = scorer.score(rep)
            if s["recall"] != 0.0:
                fail(f"trap [{t['story']}] {t['about']}: pair {a},{b} matches a planted conflict")
    print(f"oracle: {summary}")


def main(argv):
    base = argv[1] if len(argv) > 1 else HERE
    with open(os.path.join(base, "articles.jsonl"), encoding="utf-8") as fh:
        arts = [json.loads(line) for line in fh if line.strip()]
    with open(os.path.join(base, "gold.json"), encoding="utf-8") as fh:
        gold = json.load(fh)
    by_id = {a["id"]: a for a in arts}
    if len(by_id) != len(arts):
        fail("duplicate article ids")
    per_story, words = check_articles(arts)
    if sorted(gold["stories"]) != sorted(per_story):
        fail("gold stories differ from the stories in articles.jsonl")
    for c in gold["conflicts"]:
        check_item(c, "conflict", CONFLICT_KINDS, by_id)
    for t in gold["traps"]:
        check_item(t, "trap", TRAP_KINDS, by_id)
    relative = check_dates(gold, by_id)
    check_scorer(gold, by_id)
    kinds = collections.Counter(c["kind"] for c in gold["conflicts"])
    tkinds = collections.Counter(t["kind"] for t in gold["traps"])
    with_conf = {c["story"] for c in gold["conflicts"]}
    print(
        f"stories: {len(per_story)} ({len(with_conf)} with planted conflicts; without: "
        f"{', '.join(sorted(set(per_story) - with_conf)) or '-'})"
    )
    print(f"articles: {len(arts)}; words {min(words)}-{max(words)}, mean {sum(words) / len(words):.0f}")
    print(
        f"conflicts: {len(gold['conflicts'])} = "
        + ", ".join(f"{k} {kinds[k]}" for k in CONFLICT_KINDS)
        + f"; date conflicts with a relative date: {relative}"
    )
    print(f"traps: {len(gold['traps'])} = " + ", ".join(f"{k} {tkinds[k]}" for k in TRAP_KINDS))
    print(f"rewrites: {len(gold.get('rewrites', []))}")
    print("OK" if not FAILS else f"{len(FAILS)} FAILURES")
    return 0 if not FAILS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
