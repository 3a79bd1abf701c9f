"""Web latency: page and API response times on a store of generated articles, over loopback.

Fills a store with invented stories (``tests/sample_story.py``, written straight to the store, no models),
starts ``storylens serve`` on it in a separate process, and drives it with a bounded httpx load loop
(sequential warm-up, then ``--concurrency`` client threads). Prints p50/p95/p99 per page.

    nice .venv/bin/python bench/web_latency.py --articles 10000 --requests 300 --concurrency 4

``--cpu`` measures in process instead (no server, one request at a time through FastAPI's test client): the
process CPU time each request costs (server work plus the test client's), which a shared machine's load does not
inflate the way it inflates wall time. The load average is printed beside every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from storylens.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from sample_story import sample_story

PER_STORY = 4


def fill_store(path: Path, articles: int) -> int:
    """Write ``articles`` invented articles (4 per story) into a new store; return the story count."""
    store = open_store(path)
    stories = max(articles // PER_STORY, 1)
    for number in range(stories):
        sample = sample_story(number, PER_STORY)
        for article in sample.articles:
            store.add_article(article)
        store.save_story(sample.story_slice)
    store.close()
    return stories


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """Run ``storylens serve`` on loopback and wait until it answers."""
    command = [sys.executable, "-m", "storylens", "serve", "--db", str(db), "--port", str(port), "--read-only"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240  # imports are slow on a busy machine
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start")


def measure(base: str, paths: list[str], concurrency: int) -> list[float]:
    """Fetch every path (spread over ``concurrency`` threads); return each latency in milliseconds."""

    def fetch(path: str) -> float:
        with httpx.Client(base_url=base, timeout=30) as client:
            start = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            return elapsed

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(fetch, paths))


def measure_cpu(db: Path, paths: list[str]) -> list[tuple[float, float]]:
    """Fetch every path in process, one at a time; return each request's (CPU ms, wall ms)."""
    from fastapi.testclient import TestClient

    from storylens.web import create_app

    store = open_store(db)
    client = TestClient(create_app(store, read_only=True))
    for path in paths[:20]:  # warm-up: imports, template compilation, the story list
        client.get(path)
    costs = []
    for path in paths:
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(path)
        costs.append(((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    store.close()
    return costs


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    """Build the store, start the server, and print the latency table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per page kind")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--db", type=Path, help="reuse this store (built there first if it does not exist)")
    parser.add_argument("--cpu", action="store_true", help="measure CPU time per request in process (no server)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    folder = tempfile.TemporaryDirectory(prefix="storylens-bench-")
    db = args.db or Path(folder.name) / "bench.db"
    started = time.perf_counter()
    stories = fill_store(db, args.articles) if not db.exists() else len(open_store(db).story_slices())
    print(
        f"store: {args.articles} articles in {stories} stories, {db.stat().st_size / 1e6:.0f} MB, "
        f"built in {time.perf_counter() - started:.1f}s"
    )
    pages = {
        "story page": [f"/stories/s{(i * 7919) % stories}" for i in range(args.requests)],
        "story json": [f"/stories/s{(i * 104729) % stories}.json" for i in range(args.requests)],
        "article page": [f"/articles/n{(i * 7919) % stories:05d}-{i % PER_STORY}" for i in range(args.requests)],
        "search": [f"/search.json?q=bolt+{i % 50}" for i in range(args.requests)],
        "stories page": ["/"] * max(args.requests // 10, 10),
    }
    print(f"load average at start: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} (5 min)")
    if args.cpu:
        print(f"{'page':<14}{'n':>6}{'CPU p50':>10}{'CPU p95':>10}{'CPU mean':>10}{'wall p50':>10}{'wall p95':>10}")
        for name, paths in pages.items():
            costs = measure_cpu(db, paths)
            cpu, wall = [c for c, _ in costs], [w for _, w in costs]
            print(
                f"{name:<14}{len(costs):>6}{percentile(cpu, 0.5):>10.1f}{percentile(cpu, 0.95):>10.1f}"
                f"{statistics.fmean(cpu):>10.1f}{percentile(wall, 0.5):>10.1f}{percentile(wall, 0.95):>10.1f}"
            )
    else:
        serve(db, args, pages)
    print(f"load average at end: {os.getloadavg()[0]:.1f} (1 min)")
    folder.cleanup()


def serve(db: Path, args: argparse.Namespace, pages: dict[str, list[str]]) -> None:
    """Measure over loopback against ``storylens serve`` in its own process."""
    server = start_server(db, args.port)
    base = f"http://127.0.0.1:{args.port}"
    try:
        measure(base, pages["story page"][:20], 1)  # warm-up: imports, template compilation, page cache
        print(f"{'page':<14}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
        for name, paths in pages.items():
            times = measure(base, paths, args.concurrency)
            print(
                f"{name:<14}{len(times):>6}{percentile(times, 0.5):>10.1f}{percentile(times, 0.95):>10.1f}"
                f"{percentile(times, 0.99):>10.1f}{statistics.fmean(times):>10.1f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
