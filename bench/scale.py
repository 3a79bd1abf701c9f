"""Scale figures (issue 9): articles/s from HTML and from text, per stage, scaling 1k → 10k (→ 100k), peak memory.

Inputs are generated here (invented towns and events, fiction), so the figures need nothing from ../shared.
Each measurement runs in a fresh subprocess so its peak RSS is its own.

    nice .venv/bin/python bench/scale.py                    # floor + ingest/clean 1k, 10k
    nice .venv/bin/python bench/scale.py --sizes 1000 10000 100000
    nice .venv/bin/python bench/scale.py --end-to-end 1000 10000 --engine local
        # full analysis of generated multi-outlet stories: time, peak memory, per stage, growth exponent
    nice .venv/bin/python bench/scale.py --engines 1000     # sequential vs process pool vs Ray on 1k HTML
    nice .venv/bin/python bench/scale.py --multinews ../shared/datasets/multinews-longbench/records.jsonl \
        [--engine local]
        # end-to-end on real articles (Multi-News documents, several per story, dated), per stage, HTML and text

The Multi-News run writes the documents (read here, never committed) as gzipped JSONL in a temporary folder: HTML
pages (title, outlet and date in <meta>, nav menu, footer) and the same articles as text records.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import html
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_VOCABULARY = (
    "council bridge river mayor vote budget harbour ferry school road winter storm repair station museum library "
    "park market festival police court judge minister company workers strike union price fuel train airport "
    "hospital doctor nurse election candidate party campaign report inquiry plan tax rent housing flood fire"
)
WORDS = tuple(_VOCABULARY.split())
TOWNS = ("Millbrook", "Eastfold", "Harrowgate", "Lindenvale", "Corran", "Wexmoor", "Tallis", "Brenmouth")
NAV = "<nav><ul>" + "".join(f"<li><a href='/{w}'>{w.title()}</a></li>" for w in WORDS[:12]) + "</ul></nav>"
FOOTER = "<footer><p>© Invented Media Group</p><p>Subscribe to our newsletter</p><p>Share this article</p></footer>"


@functools.cache
def _vocabulary() -> tuple[str, ...]:
    """5,000 frequent English words: unrelated articles then share words about as much as real ones do.

    Loaded lazily, in the parent only: wordfreq's tables would otherwise inflate the measured peak memory.
    """
    from wordfreq import top_n_list

    return tuple(word for word in top_n_list("en", 5000) if word.isalpha())


def _sentence(rng: random.Random, town: str) -> str:
    words = [rng.choice(_vocabulary()) for _ in range(rng.randint(10, 22))]
    words.insert(rng.randint(0, len(words)), town)
    sentence = " ".join(words)
    return sentence[:1].upper() + sentence[1:] + "."  # not str.capitalize(): names keep their capitals


def make_article(number: int) -> tuple[str, list[str]]:
    """A deterministic invented article: a title and ~8 paragraphs (~500 words)."""
    rng = random.Random(number)
    town = TOWNS[number % len(TOWNS)]
    title = f"{town} {rng.choice(WORDS)} {rng.choice(WORDS)} report {number}"
    paragraphs = [" ".join(_sentence(rng, town) for _ in range(rng.randint(2, 5))) for _ in range(8)]
    return title, paragraphs


_SYLLABLES = ("ka", "lor", "ven", "tar", "mi", "so", "dren", "ul", "bas", "ne", "rit", "om", "gal", "fe", "zan", "pri")


def _name(rng: random.Random) -> str:
    """An invented proper name (two or three syllables, capitalised)."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_story_article(number: int) -> tuple[str, list[str]]:
    """An invented article in a corpus shaped like news: events covered by one to three outlets.

    Articles come in groups of four numbers; in each group the first three cover one event (they share its invented
    people and place, a title and half of their sentences, reordered, as rewrites and follow-ups do) and the fourth
    stands alone with names of its own.
    """
    rng = random.Random(number)
    alone = number % 4 == 3
    event_rng = random.Random(number if alone else 10_000_000 + number // 4)
    place, person = _name(event_rng), f"{_name(event_rng)} {_name(event_rng)}"
    shared = [_sentence(event_rng, rng.choice((place, person))) for _ in range(12)]
    own = [_sentence(rng, rng.choice((place, person))) for _ in range(12)]
    picked = own[:16] if alone else rng.sample(shared, 8) + own[:8]
    rng.shuffle(picked)
    title = f"{place} {event_rng.choice(WORDS)} {event_rng.choice(WORDS)}: {person}"
    return title, [" ".join(picked[start : start + 2]) for start in range(0, len(picked), 2)]


def write_inputs(folder: Path, count: int, kind: str, stories: bool = False) -> None:
    """Write ``count`` articles as .html or .txt files into ``folder`` (``stories``: multi-outlet events)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        title, paragraphs = make_story_article(number) if stories else make_article(number)
        if kind == "html":
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            # Story corpora are dated (about 40 events a day, as a regional desk sees), so time windows apply.
            day = BASE_DAY + datetime.timedelta(days=number // 160)
            meta = f"<meta property='article:published_time' content='{day.isoformat()}'>" if stories else ""
            page = (
                f"<!doctype html><html><head><title>{title}</title>{meta}</head><body>{NAV}"
                f"<article><h1>{title}</h1>{body}</article>{FOOTER}</body></html>"
            )
            (folder / f"a{number:06d}.html").write_text(page, encoding="utf-8")
        else:
            (folder / f"a{number:06d}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_floor(folder: Path) -> dict[str, Any]:
    """Read + decode + lxml parse only: the cost no pipeline can avoid."""
    import lxml.html

    from storylens.ingest import IngestOptions, read_inputs
    from storylens.model import RawDocument

    start = time.perf_counter()
    count = 0
    for raw in read_inputs([str(folder)], IngestOptions()):
        if isinstance(raw, RawDocument):
            if raw.kind == "html":
                lxml.html.fromstring(raw.content)
            count += 1
    return {"articles": count, "seconds": time.perf_counter() - start}


def measure_ingest(folder: Path, engine: str, workers: int | None) -> dict[str, Any]:
    """Pipeline.ingest (read, clean, store) into a fresh store."""
    from storylens.backends import get_backend
    from storylens.pipeline import Pipeline
    from storylens.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        started = time.perf_counter()
        backend = get_backend(engine, workers)
        if engine == "ray":  # count Ray's start-up apart from its throughput
            list(backend.map(abs, [1], chunksize=1))
        ready = time.perf_counter()
        result = Pipeline(store, backend).ingest([str(folder)])
        done = time.perf_counter()
        backend.close()
        store.close()
    return {
        "articles": len(result.articles),
        "rejected": len(result.rejections),
        "seconds": done - ready,
        "startup_s": ready - started,
    }


BASE_DAY = datetime.date(2026, 3, 1)
OUTLETS = ("Harbour Courier", "Daily Ledger", "Northern Post", "Evening Star", "Valley Times", "City Wire")
_STAGE_OF = {  # pipeline-module names timed by wrapping them; several functions may share one stage
    "judge_reuse": "reuse",
    "find_reuse_grown": "reuse",
    "cluster_stories": "cluster",
    "find_entities": "entities",
    "extract_quotes": "quotes",
    "link_quotes": "quotes",
    "analyze_claims": "claims",
    # Word choices align each story's sentences in the driver, encoding up to ~100 of them per story there.
    "attach_choices": "framing choices",
}
_MAPPED = {  # run through backend.map
    "clean_document": "clean",
    "find_times": "times",
    "_frame": "framing",
    "_finish_story": "timeline/summary/comparison (backend)",
}
# Mapped inside a stage already timed as a whole (parse, reuse, encoding for any stage): not counted twice.
_INSIDE_TIMED = frozenset({"parse_to_bytes", "map_band_records", "reduce_partition", "encode_batch"})


def _paragraphs(document: str) -> list[str]:
    return [" ".join(part.split()) for part in document.split("\n") if part.strip()]


def _page(title: str, outlet: str, published: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    head = (
        f"<title>{html.escape(title)} | {outlet}</title><meta property='og:site_name' content='{outlet}'>"
        f"<meta property='article:published_time' content='{published}'>"
    )
    return (
        f"<!doctype html><html><head>{head}</head><body>{NAV}<article><h1>{html.escape(title)}</h1>{body}"
        f"</article>{FOOTER}</body></html>"
    )


def write_multinews(source: Path, folder: Path, limit: int) -> int:
    """Write up to ``limit`` Multi-News documents, in record order (a story's articles together, same days).

    Returns how many were written to ``html.jsonl.gz`` (pages) and ``text.jsonl.gz`` (text records).
    """
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with gzip.open(folder / "html.jsonl.gz", "wt") as pages, gzip.open(folder / "text.jsonl.gz", "wt") as texts:
        for number, line in enumerate(source.open(encoding="utf-8")):
            for index, document in enumerate(json.loads(line)["documents"]):
                paragraphs = _paragraphs(document)
                if count >= limit or not paragraphs:
                    continue
                title = " ".join(paragraphs[0].split()[:12])
                outlet = OUTLETS[(number + index) % len(OUTLETS)]
                published = (BASE_DAY + datetime.timedelta(days=number + index % 2)).isoformat()
                ident = f"mn{number:03d}-{index}"
                pages.write(json.dumps({"id": ident, "html": _page(title, outlet, published, paragraphs)}) + "\n")
                record = {
                    "id": ident,
                    "text": "\n\n".join(paragraphs),
                    "title": title,
                    "source": outlet,
                    "published": published,
                }
                texts.write(json.dumps(record) + "\n")
                count += 1
    return count


class _TimedBackend:
    """Wraps a backend, adding each ``map`` call's wall time to its stage (named by the mapped function)."""

    def __init__(self, inner: Any, totals: dict[str, float]) -> None:
        self.inner, self.totals, self.name, self.parallel = inner, totals, inner.name, inner.parallel

    def map(self, fn: Callable[[Any], Any], items: Any, *, chunksize: int = 16) -> Iterator[Any]:
        name = getattr(getattr(fn, "func", fn), "__name__", "")
        if name in _INSIDE_TIMED:
            yield from self.inner.map(fn, items, chunksize=chunksize)
            return
        stage = _MAPPED.get(name, "other map")
        start = _clock()
        results = list(self.inner.map(fn, items, chunksize=chunksize))
        self.totals[stage] = self.totals.get(stage, 0.0) + _clock() - start
        yield from results

    def close(self) -> None:
        self.inner.close()


# Stage timer: wall time, or this process's CPU time with --cpu (a shared machine makes wall time noise).
_clock = time.process_time if os.environ.get("STORYLENS_BENCH_CLOCK") == "cpu" else time.perf_counter


def _cpu_all() -> float:
    """User + system CPU seconds of this process and its reaped children (pool workers once shut down)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _descendants() -> dict[int, tuple[float, float]]:
    """CPU seconds (own + reaped children) and peak RSS (MB) of every live descendant process, from /proc.

    Pool workers are children of the forkserver, which outlives the measurement, so ``RUSAGE_CHILDREN`` never sees
    them: they are read while alive.
    """
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = sum(int(value) for value in fields[11:15]) / tick  # utime stime cutime cstime
    found, frontier = {}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        for pid in [pid for pid, ppid in parents.items() if ppid == parent]:
            found[pid] = (cpu[pid], _peak_of(pid))
            frontier.append(pid)
    return found


def _peak_of(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM")), 0.0)


def _timed(fn: Callable[..., Any], stage: str, totals: dict[str, float]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = _clock()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[stage] = totals.get(stage, 0.0) + _clock() - start

    return wrapper


def _warm_worker(_: int) -> int:
    """Load spaCy and the sentence model in a worker process before the clock starts (as a long run has)."""
    from storylens.nlp.embeddings import load_embedder
    from storylens.nlp.spacy_model import parse

    parse(["Worker processes load their models before the clock starts."])
    load_embedder().encode(["Worker processes load their models before the clock starts."])
    return os.getpid()


def _profiler() -> Any:
    """A running cProfile of this process (the driver) when --profile asked for one, else None."""
    if not os.environ.get("STORYLENS_BENCH_PROFILE"):
        return None
    import cProfile

    profiler = cProfile.Profile(time.process_time)  # CPU: on a shared machine wall time is mostly waiting
    profiler.enable()
    return profiler


def measure_real(path: Path, engine: str, fast: bool = False) -> dict[str, Any]:
    """Ingest + analyze ``path`` into a fresh store, timing each stage function (models loaded first, timed apart)."""
    from storylens import pipeline as module
    from storylens.backends import get_backend
    from storylens.store import open_store

    start = time.perf_counter()  # load and first-call costs (torch, spaCy) are paid before the clock starts
    module._embedder().encode(["Models load before the clock starts."])
    module.parse(["Models load before the clock starts."])  # type: ignore[attr-defined]
    backend = get_backend(engine)
    list(backend.map(_warm_worker, range(8), chunksize=1))
    loaded, cpu_loaded, workers_loaded = time.perf_counter(), _cpu_all(), _descendants()
    totals: dict[str, float] = {}
    for name, stage in _STAGE_OF.items():
        setattr(module, name, _timed(getattr(module, name), stage, totals))
    # Parsing runs in this process or in the backend's workers: time the method that does either.
    module.Pipeline._parse_texts = _timed(module.Pipeline._parse_texts, "parse", totals)  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        options = module.PipelineOptions(summary_embeddings=not fast)
        pipeline = module.Pipeline(store, _TimedBackend(backend, totals), options)
        profiler = _profiler()
        cpu_start = time.process_time()
        ingested = pipeline.ingest([str(path)])
        ingest_done, cpu_ingest_done = time.perf_counter(), time.process_time()
        report = pipeline.analyze(ingested.articles)
        end = time.perf_counter()
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(f"{os.environ['STORYLENS_BENCH_PROFILE']}-{len(ingested.articles)}.prof")
        workers = _descendants()
        pipeline.backend.close()
        store.close()
    if _clock is time.process_time:  # the driver's CPU: stages sum to its own time, not the wall's
        cpu_end, cpu_ingest = time.process_time(), cpu_ingest_done
        loaded_at, ingest_at = cpu_start, cpu_ingest
    else:
        cpu_end, loaded_at, ingest_at = end, loaded, ingest_done
    totals["ingest (read, decode, store)"] = ingest_at - loaded_at - totals.get("clean", 0.0)
    totals["other (glue, store writes)"] = (cpu_end - loaded_at) - sum(totals.values())
    # Workers' CPU after their models loaded (a worker started during the run counts whole, model loading included).
    worker_cpu = sum(cpu - workers_loaded.get(pid, (0.0, 0.0))[0] for pid, (cpu, _) in workers.items())
    return {
        "cpu_s": _cpu_all() - cpu_loaded + worker_cpu,  # driver (+ reaped children) + live workers
        "worker_cpu_s": worker_cpu,
        "worker_peak_mb": [round(peak) for _, peak in workers.values()],
        "clock": "cpu" if _clock is time.process_time else "wall",
        "articles": len(ingested.articles),
        "rejected": len(ingested.rejections),
        "stories": len(report.stories),
        "seconds": end - loaded,
        "load_s": loaded - start,
        "stages": totals,
    }


def _child(args: argparse.Namespace) -> None:
    folder = Path(args.folder)
    measures: dict[str, Callable[[], dict[str, Any]]] = {
        "floor": lambda: measure_floor(folder),
        "ingest": lambda: measure_ingest(folder, args.engine, args.workers),
        "real": lambda: measure_real(folder, args.engine, args.fast),
    }
    result = measures[args.measure]()
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))


def _run(
    measure: str, folder: Path, engine: str = "sequential", workers: int | None = None, fast: bool = False
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", measure, "--folder", str(folder), "--engine", engine]
    command += ["--fast"] if fast else []
    if workers:
        command += ["--workers", str(workers)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        # The child's own error is the only clue to what failed (a killed worker, a model that did not load).
        tail = "\n".join(done.stderr.strip().splitlines()[-25:])
        raise SystemExit(f"bench child {measure} on {folder} exited with {done.returncode}:\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _rate(result: dict[str, Any]) -> str:
    return f"{result['articles'] / result['seconds']:.1f} articles/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--end-to-end", type=int, nargs="+", help="analyze generated stories of these sizes instead")
    parser.add_argument("--engines", type=int, default=0, help="compare engines on this many HTML articles instead")
    parser.add_argument("--multinews", type=Path, help="records.jsonl: end-to-end on its documents instead")
    parser.add_argument("--limit", type=int, default=300, help="documents taken from --multinews")
    parser.add_argument("--child", dest="measure")
    parser.add_argument("--folder")
    parser.add_argument("--engine", default="sequential")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--fast", action="store_true", help="analyze as `storylens analyze --fast` does")
    parser.add_argument("--cpu", action="store_true", help="per-stage CPU time of the driver instead of wall time")
    parser.add_argument("--profile", help="cProfile the driver (CPU clock) into PREFIX-<articles>.prof")
    parser.add_argument("--kinds", nargs="+", default=["html", "text"], help="--multinews inputs: html, text")
    args = parser.parse_args()
    if args.cpu:  # read by the measuring child processes at import
        os.environ["STORYLENS_BENCH_CLOCK"] = "cpu"
    if args.profile:  # read by the measuring child processes
        os.environ["STORYLENS_BENCH_PROFILE"] = str(Path(args.profile).resolve())
    if args.measure:
        _child(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.multinews:
            _real(root, args.multinews, args.limit, args.engine, args.fast, tuple(args.kinds))
        elif args.engines:
            _engines(root, args.engines)
        elif args.end_to_end:
            _end_to_end(root, args.end_to_end, args.engine)
        else:
            _scaling(root, args.sizes)


def _end_to_end(root: Path, sizes: list[int], engine: str) -> None:
    """Ingest + analyze story-shaped HTML corpora of growing size: time, peak memory, per stage, growth exponent."""
    print(f"# end-to-end on generated stories, engine {engine}, {os.cpu_count()} CPUs (shared), load {_load()}")
    timings: list[tuple[int, float]] = []
    cpu_timings: list[tuple[int, float]] = []
    for size in sizes:
        folder = root / f"stories-{size}"
        write_inputs(folder, size, "html", stories=True)
        result = _run("real", folder, engine)
        timings.append((size, result["seconds"]))
        cpu_timings.append((size, result["cpu_s"]))
        stages = ", ".join(
            f"{name} {seconds:.1f}s" for name, seconds in sorted(result["stages"].items(), key=lambda item: -item[1])
        )
        print(
            f"n={size:>6}: {_rate(result)} ({result['seconds']:.1f}s; {result['articles']} articles, "
            f"{result['stories']} stories; {stages}), CPU (driver + workers) {result['cpu_s']:.1f}s "
            f"({result['articles'] / result['cpu_s']:.2f} articles per CPU s; workers {result['worker_cpu_s']:.1f}s), "
            f"peak {result['peak_mb']:.0f} MB driver, {result['worker_peak_mb']} MB workers, load {_load()}",
            flush=True,
        )
    for clock, points in (("time", timings), ("CPU", cpu_timings)):
        if len(points) > 1:
            (n0, t0), (n1, t1) = points[0], points[-1]
            print(f"growth exponent ({clock} ∝ n^k) k = {math.log(t1 / t0) / math.log(n1 / n0):.2f}")


def _scaling(root: Path, sizes: list[int]) -> None:
    print(f"# scale bench, {os.cpu_count()} CPUs (shared), sizes {sizes}")
    for kind in ("html", "text"):
        timings: list[tuple[int, float]] = []
        for size in sizes:
            folder = root / f"{kind}-{size}"
            write_inputs(folder, size, kind)
            floor = _run("floor", folder)
            ingest = _run("ingest", folder)
            timings.append((size, ingest["seconds"]))
            print(
                f"{kind:4} n={size:>6}: floor (read+decode+parse) {_rate(floor)}; ingest+clean+store "
                f"{_rate(ingest)} ({ingest['seconds']:.1f}s, {ingest['rejected']} rejected), "
                f"peak {ingest['peak_mb']:.0f} MB"
            )
        if len(timings) > 1:
            (n0, t0), (n1, t1) = timings[0], timings[-1]
            print(f"{kind:4} growth exponent (time ∝ n^k) k = {math.log(t1 / t0) / math.log(n1 / n0):.2f}")


def _engines(root: Path, size: int) -> None:
    folder = root / "html-engines"
    write_inputs(folder, size, "html")
    print(f"# engines on {size} HTML articles, {os.cpu_count()} CPUs (shared)")
    for engine, workers in (("sequential", None), ("local", 1), ("local", 2), ("ray", 1), ("ray", 2)):
        result = _run("ingest", folder, engine, workers)
        print(
            f"{engine:10} workers={workers or 1}: ingest+clean+store {_rate(result)} "
            f"({result['seconds']:.1f}s, start-up {result['startup_s']:.1f}s), peak {result['peak_mb']:.0f} MB"
        )


def _real(
    root: Path, source: Path, limit: int, engine: str, fast: bool = False, kinds: tuple[str, ...] = ("html", "text")
) -> None:
    count = write_multinews(source, root, limit)
    print(
        f"# end-to-end on {count} Multi-News documents, engine {engine}{' --fast' if fast else ''}, "
        f"{os.cpu_count()} CPUs (shared), "
        f"load {_load()}"
    )
    for kind in kinds:
        path = root / f"{kind}.jsonl.gz"
        floor = _run("floor", path)
        result = _run("real", path, engine, fast=fast)
        stages = ", ".join(
            f"{name} {seconds:.1f}s" for name, seconds in sorted(result["stages"].items(), key=lambda item: -item[1])
        )
        print(f"{kind:4} floor (decompress + JSON decode{' + lxml parse' if kind == 'html' else ''}) {_rate(floor)}")
        print(
            f"{kind:4} end-to-end {_rate(result)} ({result['seconds']:.1f}s after {result['load_s']:.1f}s models; "
            f"{result['articles']} articles, {result['rejected']} rejected, {result['stories']} stories; "
            f"{stages}), {result['clock']} stage clock, CPU (driver + workers) {result['cpu_s']:.1f}s "
            f"({result['articles'] / result['cpu_s']:.2f} articles per CPU s; workers {result['worker_cpu_s']:.1f}s), "
            f"peak {result['peak_mb']:.0f} MB driver, {result['worker_peak_mb']} MB workers, load {_load()}"
        )


def _load() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
