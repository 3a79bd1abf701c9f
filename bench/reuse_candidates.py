"""Candidate-stage throughput and recall: storylens MinHash/LSH vs datasketch (and rensa) on the same documents.

Documents are generated from sentences of the shared corpora (PolNeAR, ECB+, Multi-News texts): base documents
of 8-20 randomly sampled sentences, plus injected near-duplicates of randomly chosen base documents, half exact
copies with page furniture added, half light rewrites (about 10 % of words replaced or dropped, one sentence
dropped or moved). Recall = share of injected (source, copy) pairs returned as candidates. Every library indexes
the same word 3-gram shingles with 128 permutations and 32 bands x 4 rows, in insert-then-query order (each
document is queried against what was indexed before it, as an incremental index is used). Each contender runs in
its own forked child process so its peak memory (RSS growth over the child's start) and CPU time are its own.

    nice .venv/bin/python bench/reuse_candidates.py --docs 100000 [--skip-rensa]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import resource
import time
from collections.abc import Callable
from pathlib import Path

from storylens.stages.reuse.minhash import LSHIndex, MinHasher, MinHashScheme, candidate_pairs

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\n+")
_WORD = re.compile(r"\w+")
FURNITURE = (
    "Share this article",
    "Read more:",
    "Sign up for our newsletter",
    "All rights reserved.",
    "Follow us on social media",
    "Advertisement",
)

Result = dict[str, float]


def sentence_pool() -> list[str]:
    """Distinct sentences of 6+ words from the shared corpora."""
    texts: list[str] = []
    for line in (SHARED / "polnear" / "articles.jsonl").open(encoding="utf-8"):
        texts.append(json.loads(line)["text"])
    for line in (SHARED / "ecb-plus" / "documents.jsonl").open(encoding="utf-8"):
        texts.append(json.loads(line)["text"])
    for line in (SHARED / "multinews-longbench" / "records.jsonl").open(encoding="utf-8"):
        texts.extend(json.loads(line)["documents"])
    pool = {s.strip() for text in texts for s in _SENTENCE.split(text) if len(s.split()) >= 6}
    return sorted(pool)


def rewrite(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """A light rewrite: ~10 % of words replaced or dropped, one sentence dropped or moved."""
    sentences = _SENTENCE.split(text)
    if len(sentences) > 3:
        moved = sentences.pop(rng.randrange(len(sentences)))
        if rng.random() < 0.5:
            sentences.insert(rng.randrange(len(sentences)), moved)
    words = " ".join(sentences).split()
    out = []
    for word in words:
        roll = rng.random()
        if roll < 0.05:
            continue
        out.append(rng.choice(vocabulary) if roll < 0.10 else word)
    return " ".join(out)


def generate(total: int, injected_share: float, seed: int) -> tuple[list[str], list[tuple[int, int]]]:
    """Return documents and the (source, copy) index pairs injected among them."""
    rng = random.Random(seed)
    pool = sentence_pool()
    vocabulary = sorted({w for s in pool[:20000] for w in s.split()})
    injected = int(total * injected_share)
    docs = [" ".join(rng.sample(pool, rng.randint(8, 20))) for _ in range(total - injected)]
    truth = []
    for number in range(injected):
        source = rng.randrange(len(docs))
        if number % 2:
            copy = rewrite(docs[source], rng, vocabulary)
        else:
            copy = "\n".join([rng.choice(FURNITURE), docs[source], rng.choice(FURNITURE)])
        truth.append((source, len(docs)))
        docs.append(copy)
    return docs, truth


def shingle_strings(text: str) -> list[str]:
    """Word 3-grams as strings, for the libraries that hash their own tokens."""
    words = _WORD.findall(text.lower())
    return sorted({" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))})


def run_storylens(docs: list[str]) -> set[tuple[int, int]]:
    """Incremental: hash in batches of 2,000, then add/query each document against the index."""
    index = LSHIndex(MinHashScheme(128, 32, 3, 1))
    pairs: set[tuple[int, int]] = set()
    for low in range(0, len(docs), 2000):
        signatures = index.hasher.signatures(docs[low : low + 2000])
        for offset, signature in enumerate(signatures):
            number = low + offset
            pairs.update((int(found), number) for found in index.query(signature))
            index.add(str(number), signature)
    return pairs


def run_storylens_batch(docs: list[str]) -> set[tuple[int, int]]:
    """Batch: hash everything, then sort each band's keys to find collisions."""
    hasher = MinHasher(MinHashScheme(128, 32, 3, 1))
    signatures = [hasher.signatures(docs[low : low + 2000]) for low in range(0, len(docs), 2000)]
    import numpy as np

    return candidate_pairs(hasher.band_keys(np.concatenate(signatures)))


def run_datasketch(docs: list[str]) -> set[tuple[int, int]]:
    """datasketch MinHash (default sha1 hash) + MinHashLSH, insert and query per document."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=128, params=(32, 4))
    pairs: set[tuple[int, int]] = set()
    for number, text in enumerate(docs):
        minhash = MinHash(num_perm=128, seed=1)
        minhash.update_batch([s.encode("utf-8") for s in shingle_strings(text)])
        pairs.update((int(found), number) for found in lsh.query(minhash))
        lsh.insert(str(number), minhash)
    return pairs


def run_rensa(docs: list[str]) -> set[tuple[int, int]]:
    """rensa RMinHash + RMinHashLSH, insert and query per document."""
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32)
    pairs: set[tuple[int, int]] = set()
    for number, text in enumerate(docs):
        minhash = RMinHash(num_perm=128, seed=1)
        minhash.update(shingle_strings(text))
        pairs.update((int(found), number) for found in lsh.query(minhash))
        lsh.insert(number, minhash)
    return pairs


def _child(name: str, docs: list[str], truth: list[tuple[int, int]], queue: mp.Queue) -> None:  # type: ignore[type-arg]
    runner: Callable[[list[str]], set[tuple[int, int]]] = RUNNERS[name]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    pairs = runner(docs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = sum(1 for pair in truth if pair in pairs)
    queue.put(
        {
            "wall": wall,
            "cpu": cpu,
            "peak_mb": (peak - base) / 1024,
            "recall": found / len(truth),
            "candidates": float(len(pairs)),
        }
    )


RUNNERS: dict[str, Callable[[list[str]], set[tuple[int, int]]]] = {
    "storylens": run_storylens,
    "storylens-batch": run_storylens_batch,
    "datasketch": run_datasketch,
    "rensa": run_rensa,
}


def main() -> None:
    """Generate the documents once, then time each contender in its own child process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--injected", type=float, default=0.1)
    parser.add_argument("--skip-rensa", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    docs, truth = generate(args.docs, args.injected, seed=7)
    words = sum(len(doc.split()) for doc in docs) / len(docs)
    print(
        f"{len(docs)} documents ({len(truth)} injected: half copies, half light rewrites), "
        f"{words:.0f} words each on average; generated in {time.perf_counter() - started:.0f}s"
    )
    names = [name for name in RUNNERS if not (args.skip_rensa and name == "rensa")]
    results: dict[str, Result] = {}
    context = mp.get_context("fork")
    for name in names:
        queue: mp.Queue = context.Queue()  # type: ignore[type-arg]
        process = context.Process(target=_child, args=(name, docs, truth, queue))
        process.start()
        results[name] = queue.get()
        process.join()
        r = results[name]
        print(
            f"{name:16s} {len(docs) / r['cpu']:8.0f} docs/s (CPU)  {len(docs) / r['wall']:8.0f} docs/s (wall)  "
            f"peak +{r['peak_mb']:.0f} MB  recall {r['recall']:.4f}  candidate pairs {r['candidates']:.0f}",
            flush=True,
        )
    if "datasketch" in results:
        for name in ("storylens", "storylens-batch"):
            speedup = results["datasketch"]["cpu"] / results[name]["cpu"]
            print(f"{name} vs datasketch: {speedup:.1f}x (CPU time)")


if __name__ == "__main__":
    main()
