"""LSH banding in memory vs as map → shuffle → reduce on a backend (issue 9): time, peak memory, same pairs.

Documents come from ``reuse_candidates.generate`` (sentences of the shared corpora, 10 % injected copies and
light rewrites). Contenders, each in its own forked child so its peak memory is its own:

- ``in-memory``: ``MinHasher.signatures`` over everything, ``band_keys``, ``candidate_pairs`` (what ``find_reuse``
  does without a backend);
- ``shuffle/sequential``: ``shuffle_candidates`` on the sequential backend (map, shuffle, reduce, union-find);
- ``shuffle/process-N``: the same on a process pool of N workers.

Peak = the child's RSS growth over its start (the driver); for the process pool the workers' own peak (VmHWM)
and CPU time are read from /proc and shown beside it. "same pairs" compares a hash of the sorted pair list with
the in-memory one.

    nice .venv/bin/python bench/reuse_shuffle.py --sizes 10000 50000 --workers 2
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import time
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

from reuse_candidates import generate
from storylens.backends import Backend, ProcessBackend, SequentialBackend
from storylens.stages.reuse.minhash import MinHasher, MinHashScheme, candidate_pairs
from storylens.stages.reuse.shuffle import DEFAULT_CHUNK, DEFAULT_PARTITIONS, shuffle_candidates

SCHEME = MinHashScheme(128, 32, 3, 1)
Result = dict[str, Any]


def _digest(pairs: np.ndarray) -> str:
    return xxhash.xxh3_64_hexdigest(np.ascontiguousarray(pairs, dtype=np.int64).tobytes())


def run_in_memory(docs: list[str], workers: int) -> Result:
    """Hash everything in this process, then sort each band's keys."""
    hasher = MinHasher(SCHEME)
    pairs = np.array(sorted(candidate_pairs(hasher.band_keys(hasher.signatures(docs)))), dtype=np.int64)
    return {"pairs": len(pairs), "digest": _digest(pairs.reshape(-1, 2)), "families": None}


def run_shuffle(docs: list[str], workers: int) -> Result:
    """Map, shuffle, reduce and union-find on the sequential backend (workers == 0) or a process pool."""
    backend: Backend = SequentialBackend() if workers == 0 else ProcessBackend(workers)
    try:
        started = time.perf_counter()
        shuffle_candidates(docs[:4], SCHEME, backend, 2, 1)  # starts the pool's workers (their imports)
        startup = time.perf_counter() - started
        before = _worker_usage(backend) if isinstance(backend, ProcessBackend) else {}
        found = shuffle_candidates(docs, SCHEME, backend, DEFAULT_PARTITIONS, DEFAULT_CHUNK)
        result: Result = {
            "pairs": len(found.pairs),
            "digest": _digest(found.pairs),
            "families": found.family_count(),
            "startup": startup,
        }
        if isinstance(backend, ProcessBackend):  # CPU of the work only: the start-up's is subtracted
            after = _worker_usage(backend)
            result["workers"] = [
                (before.get(pid, (0.0, 0.0))[0], mb, cpu - before.get(pid, (0.0, 0.0))[1])
                for pid, (mb, cpu) in after.items()
            ]
    finally:
        backend.close()
    return result


def _worker_usage(backend: ProcessBackend) -> dict[int, tuple[float, float]]:
    """Each pool worker's (peak RSS MB, CPU s so far) by pid, read from /proc."""
    pool = backend._pool  # a bench reading its own pool's processes
    usage = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in list(pool._processes) if pool is not None else []:
        status = Path(f"/proc/{pid}/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        usage[pid] = (peak / 1024, (int(fields[11]) + int(fields[12])) / ticks)
    return usage


def _child(name: str, workers: int, docs: list[str], queue: mp.Queue) -> None:  # type: ignore[type-arg]
    runner = run_in_memory if name == "in-memory" else run_shuffle
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    result = runner(docs, workers)
    startup = result.get("startup", 0.0)  # worker start-up is shown apart from the work
    result["wall"], result["cpu"] = time.perf_counter() - wall - startup, time.process_time() - cpu
    result["peak_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    queue.put(result)


def _measure(name: str, workers: int, docs: list[str]) -> Result:
    context = mp.get_context("fork")
    queue: mp.Queue = context.Queue()  # type: ignore[type-arg]
    process = context.Process(target=_child, args=(name, workers, docs, queue))
    process.start()
    result: Result = queue.get()
    process.join()
    return result


def main() -> None:
    """Generate each size once, then run every contender on it in its own child process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(
        f"load average at start: {os.getloadavg()}; partitions {DEFAULT_PARTITIONS}, "
        f"{DEFAULT_CHUNK} documents per map task",
        flush=True,
    )
    contenders = [("in-memory", 0), ("shuffle/sequential", 0), (f"shuffle/process-{args.workers}", args.workers)]
    for size in args.sizes:
        docs, _ = generate(size, 0.1, seed=7)
        reference = None
        for name, workers in contenders:
            r = _measure(name, workers, docs)
            reference = reference or r["digest"]
            extra = ""
            if "workers" in r:
                usage = ", ".join(
                    f"peak {mb:.0f} MB ({start:.0f} after start-up) / {cpu:.1f} s CPU"
                    for start, mb, cpu in r["workers"]
                )
                extra = f"  (+{r['startup']:.1f} s worker start-up)  workers: {usage}"
            families = "" if r["families"] is None else f"  families {r['families']}"
            print(
                f"{size:>7} {name:20s} wall {r['wall']:7.1f} s  driver CPU {r['cpu']:7.1f} s  "
                f"driver peak +{r['peak_mb']:5.0f} MB  pairs {r['pairs']}{families}  "
                f"same pairs: {'yes' if r['digest'] == reference else 'NO'}{extra}",
                flush=True,
            )
        print(f"load average: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
