"""spaCy's own floor on this machine (issue 20): words per CPU second with ``nlp.pipe`` and per component.

Reads Multi-News source documents at run time (never copied into the repository) and times, in CPU seconds of
this process and its finished children (the machine is shared, so wall-clock time is noise):

- ``nlp.pipe`` with the components a storylens run keeps (``storylens.nlp.spacy_model.PIPES`` minus the
  lemmatizer), over batch sizes and ``n_process`` 1 and 2;
- each component on its own (docs made once, then each pipe applied in order), the full pipeline included.

    nice .venv/bin/python bench/profile_stages.py ../shared/datasets/multinews-longbench/records.jsonl --limit 100
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def cpu_seconds() -> float:
    """User + system CPU time of this process and its reaped children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def read_texts(path: Path, limit: int) -> list[str]:
    """The first ``limit`` source documents of the records, in file order."""
    texts: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            texts.extend(doc for doc in json.loads(line)["documents"] if doc.strip())
            if len(texts) >= limit:
                break
    return texts[:limit]


def pipe_rows(texts: list[str], batches: list[int]) -> Iterator[dict[str, Any]]:
    """``nlp.pipe`` over the texts with each batch size and process count, the storylens components on."""
    from storylens.nlp.spacy_model import load_spacy

    nlp = load_spacy()
    words = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
    list(nlp.pipe(texts[:4]))  # warm the model
    for n_process in (1, 2):
        for batch in batches:
            start, wall = cpu_seconds(), time.perf_counter()
            count = sum(1 for _ in nlp.pipe(texts, batch_size=batch, n_process=n_process))
            used, elapsed = cpu_seconds() - start, time.perf_counter() - wall
            yield {
                "n_process": n_process,
                "batch_size": batch,
                "texts": count,
                "words": words,
                "cpu_s": round(used, 2),
                "words_per_cpu_s": round(words / used),
                "articles_per_cpu_s": round(count / used, 2),
                "wall_s": round(elapsed, 2),
            }


def component_rows(texts: list[str], batch: int) -> Iterator[dict[str, Any]]:
    """CPU seconds of each component in pipeline order (the lemmatizer included, to show what it would cost)."""
    import spacy

    from storylens.nlp.spacy_model import load_spacy

    nlp = load_spacy(())
    start = cpu_seconds()
    docs = list(nlp.tokenizer.pipe(texts, batch_size=batch))
    yield {"component": "tokenizer", "cpu_s": round(cpu_seconds() - start, 2)}
    for name, component in nlp.pipeline:
        start = cpu_seconds()
        docs = list(component.pipe(docs, batch_size=batch))
        yield {"component": name, "cpu_s": round(cpu_seconds() - start, 2)}
    yield {"component": "spacy", "version": spacy.__version__, "model": nlp.meta.get("version")}


def main() -> None:
    """Print one JSON line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path, help="multinews-longbench records.jsonl")
    parser.add_argument("--limit", type=int, default=100, help="source documents read")
    parser.add_argument("--batches", type=int, nargs="+", default=[8, 32, 128])
    args = parser.parse_args()
    texts = read_texts(args.records, args.limit)
    print(json.dumps({"texts": len(texts), "chars": sum(map(len, texts)), "load": os.getloadavg()}), flush=True)
    for row in component_rows(texts, 32):
        print(json.dumps(row), flush=True)
    for row in pipe_rows(texts, args.batches):
        print(json.dumps(row), flush=True)
    print(json.dumps({"load_after": os.getloadavg()}), flush=True)


if __name__ == "__main__":
    main()
