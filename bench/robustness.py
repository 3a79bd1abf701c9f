"""Reliability figures (issue 18): fuzzed batches, peak memory per document size, two writers on one store.

Three parts, each printed as a Markdown table for BENCHMARKS.md:

- ``fuzz``: ``--mutations`` seeded random mutations of small invented inputs (HTML, JSONL, RSS, text) and of
  URLs, read in batches of 100 files through ``Pipeline.ingest`` (read, clean, store), URLs through
  ``read_inputs`` with every host refused before any connection. Counts batches that raised (aborted) and
  rejections that only the last-resort guard caught (a reader's traceback turned into ``cannot read: Error``).
- ``memory``: peak RSS of ``storylens analyze --engine sequential`` on one single-line text of each
  ``--sizes`` (MB), and the baseline beside it: spaCy on the same characters in one piece (what ``parse`` did
  before, with ``max_length`` raised), capped at ``--baseline-chars`` so the baseline itself stays affordable.
- ``web``: peak RSS of one web ingest (the app on a real pipeline, through FastAPI's test client) of the
  largest request the upload caps allow, every file slot full of single-line text.
- ``reuse``: the reuse stage alone (lexical pass, no embedder) on ``--count`` near-identical single-line texts of
  each ``--chars``: peak RSS above the process before the stage, CPU seconds, pairs found. What the stage's
  dense per-pair matrices cost, without parsing the texts first.
- ``writers``: two ``storylens analyze`` runs started together on one ``--db`` with different halves of an
  invented corpus; then counts the articles in no story and duplicate search rows.

    nice .venv/bin/python bench/robustness.py fuzz --mutations 3000
    nice .venv/bin/python bench/robustness.py memory --sizes 1 10
    nice .venv/bin/python bench/robustness.py web
    nice .venv/bin/python bench/robustness.py writers
    nice .venv/bin/python bench/robustness.py reuse --chars 50000 100000 200000 --before 362a4d9
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from fuzz_inputs import SEEDS, TOKENS

URL_PARTS = ["0177.0.0.1", "[::1", "127.1", "0x7f.1", "exa mple.org", "ex\u00e4mple.org", ":99999", "%", "@", "#"]
_GUARDED = re.compile(r"cannot read: [A-Z]\w*(Error|Exception|Warning)\b")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Up to six random insertions, deletions, duplications or replacements."""
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(data))
        token = rng.choice(TOKENS) if rng.random() < 0.7 else rng.randbytes(rng.randint(1, 12))
        choice = rng.randrange(4)
        if choice == 0:
            data = data[:at] + token + data[at:]
        elif choice == 1:
            data = data[:at] + data[at + rng.randint(1, 300) :]
        elif choice == 2:
            data = data[:at] + data[at : at + rng.randint(1, 300)] * 3 + data[at:]
        else:
            data = data[:at] + token + data[at + len(token) :]
    return data


def fuzz(mutations: int, seed: int) -> None:
    """Mutated files in batches of 100 through Pipeline.ingest, and mutated URLs through read_inputs."""
    from storylens.errors import FetchRefused
    from storylens.ingest import IngestOptions, read_inputs
    from storylens.ingest import url as url_module
    from storylens.pipeline import Pipeline
    from storylens.store import open_store

    def refuse(host: str, port: int, allow_private: bool) -> list[str]:
        raise FetchRefused(f"refused: {host} (bench: no network)")

    url_module.resolve_allowed = refuse  # type: ignore[assignment]
    rng = random.Random(seed)
    files = mutations * 4 // 5
    counts = {"batches": 0, "aborted": 0, "guarded": 0, "documents": 0, "rejections": 0}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "fuzz.db")
        pipeline = Pipeline(store)
        for batch in range(0, files, 100):
            inputs = Path(folder) / f"batch{batch}"
            inputs.mkdir()
            for number in range(min(100, files - batch)):
                name = rng.choice(sorted(SEEDS))
                (inputs / f"f{number}-{name}").write_bytes(mutate(SEEDS[name], rng))
            counts["batches"] += 1
            try:
                result = pipeline.ingest([str(inputs)])
            except Exception as exc:  # what the bench counts: a batch that did not finish
                counts["aborted"] += 1
                print(f"aborted batch {batch}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            counts["documents"] += len(result.articles)
            counts["rejections"] += len(result.rejections)
            counts["guarded"] += sum(1 for r in result.rejections if _GUARDED.search(r.reason))
        store.close()
    urls = [
        f"{rng.choice(['http', 'https'])}://{rng.choice(URL_PARTS)}{rng.choice(['', rng.choice(URL_PARTS)])}/"
        f"{rng.randbytes(4).decode('latin-1')}"
        for _ in range(mutations - files)
    ]
    url_batches = [urls[start : start + 100] for start in range(0, len(urls), 100)]
    for url_batch in url_batches:
        counts["batches"] += 1
        try:
            items = list(read_inputs(url_batch, IngestOptions(timeout_s=1)))
        except Exception as exc:
            counts["aborted"] += 1
            print(f"aborted URL batch: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        counts["rejections"] += len(items)
        counts["guarded"] += sum(1 for r in items if _GUARDED.search(getattr(r, "reason", "")))
    seconds = time.perf_counter() - started
    print("| mutations (files + URLs) | batches | aborted batches | guarded tracebacks | articles | rejections | s |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {mutations} ({files} + {mutations - files}) | {counts['batches']} | {counts['aborted']} | "
        f"{counts['guarded']} | {counts['documents']} | {counts['rejections']} | {seconds:.0f} |"
    )


def _peak_mb(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Run ``command``; return its peak RSS (MB), wall seconds and exit code."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    if process.stderr is not None:
        sys.stderr.write(process.stderr.read().decode("utf-8", "replace")[-2000:])
    return usage.ru_maxrss / 1024, time.perf_counter() - started, os.waitstatus_to_exitcode(status)


def single_line_text(chars: int, seed: int = 7) -> str:
    """An invented single-line text of ``chars`` characters (sentences, no line breaks)."""
    rng = random.Random(seed)
    names = ["Ann Hale", "the Millbrook council", "Mayor Ruth Okafor", "the river authority", "Dev Patel"]
    verbs = ["said", "voted", "warned", "agreed", "announced"]
    parts: list[str] = []
    size = 0
    while size < chars:
        cost = rng.randint(2, 90)
        sentence = f"{rng.choice(names)} {rng.choice(verbs)} on Tuesday that the bridge will cost ${cost} million. "
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:chars]


BASELINE = """
import sys, resource
from storylens.nlp.spacy_model import load_spacy
text = open(sys.argv[1], encoding="utf-8").read()
nlp = load_spacy(("lemmatizer",))
nlp.max_length = len(text) + 1
list(nlp.pipe([text]))
"""


def memory(sizes: list[float], baseline_chars: int) -> None:
    """Peak RSS of ``storylens analyze`` per single-line text size, and a one-piece parse beside it."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    print(
        "| input | analysed | peak RSS, analyze (MB) | s | exit | baseline: one-piece parse of the analysed text (MB) |"
    )
    print("|---|---|---|---|---|---|")
    for megabytes in sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "long.txt"
            path.write_text(single_line_text(int(megabytes * 1_000_000)), encoding="utf-8")
            command = [sys.executable, "-m", "storylens", "analyze", str(path), "--engine", "sequential"]
            command += ["--db", str(Path(folder) / "m.db"), "--json", str(Path(folder) / "r.json")]
            peak, seconds, code = _peak_mb(command, env)
            report = json.loads((Path(folder) / "r.json").read_text()) if code in (0, 1) else {}
            analysed = sum(len(a["text"]) for a in report.get("articles", []))
            cut = Path(folder) / "cut.txt"
            cut.write_text(single_line_text(min(analysed or baseline_chars, baseline_chars)), encoding="utf-8")
            base, _, _ = _peak_mb([sys.executable, "-c", BASELINE, str(cut)], env)
        print(
            f"| {megabytes:g} MB, one line | {analysed:,} chars | {peak:.0f} | {seconds:.0f} | {code} | "
            f"{base:.0f} ({min(analysed or baseline_chars, baseline_chars):,} chars) |"
        )


WEB_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from fastapi.testclient import TestClient
from robustness import single_line_text
from storylens.store import open_store
from storylens.web import create_app
from storylens.web.app import default_runner
from storylens.web.state import WebOptions

files_count, file_bytes, chars = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
limits = WebOptions(max_files=files_count, max_upload_bytes=file_bytes, max_chars=chars)
store = open_store(sys.argv[1])
started = time.perf_counter()
last = [""]

def progress(stage, done, total):
    # One line per stage reached, with the peak so far: which stage holds the memory.
    if stage != last[0]:
        last[0] = stage
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"stage {stage} at {time.perf_counter() - started:.0f}s, peak so far {peak:.0f} MB", file=sys.stderr)

client = TestClient(create_app(store, options=limits, runner=default_runner(store, limits, progress)))
files = [
    ("files", (f"long{n}.txt", single_line_text(file_bytes - 16, seed=n).encode(), "text/plain"))
    for n in range(files_count)
]
response = client.post("/api/ingest", files=files)
body = response.json()
print(response.status_code, len(body.get("articles", [])), files_count, file_bytes)
store.close()
"""


def _watch(process: subprocess.Popen[bytes], kill_mb: float, timeout_s: float) -> str:
    """Wait for ``process``, killing it past ``kill_mb`` of RSS or ``timeout_s`` seconds; say why it ended."""
    started = time.monotonic()
    proc = Path(f"/proc/{process.pid}/status")
    while process.poll() is None:
        try:
            rss = next(int(line.split()[1]) for line in proc.read_text().splitlines() if line.startswith("VmRSS"))
        except (OSError, StopIteration):
            rss = 0
        if rss / 1024 > kill_mb or time.monotonic() - started > timeout_s:
            process.kill()
            process.wait()
            return f"killed at {rss / 1024:.0f} MB after {time.monotonic() - started:.0f} s"
        time.sleep(0.5)
    return "finished"


def web(files: int | None, megabytes: float | None, chars: int | None, kill_mb: float, timeout_s: float) -> None:
    """Peak RSS of one web ingest of the largest request the caps allow (or ``files`` x ``megabytes``, each
    analysed up to ``chars`` characters)."""
    from storylens.web.state import WebOptions

    limits = WebOptions()
    count = files or limits.max_files
    size = int(megabytes * 1_000_000) if megabytes else limits.max_upload_bytes
    analysed = chars or limits.max_chars
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-c", WEB_CHILD, str(Path(folder) / "w.db"), str(Path(__file__).parent)]
        command += [str(count), str(size), str(analysed)]
        started, cpu = time.perf_counter(), os.times()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        ended = _watch(process, kill_mb, timeout_s)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = process.stdout.read().decode() if process.stdout else ""
        if process.stderr is not None:
            sys.stderr.write(process.stderr.read().decode("utf-8", "replace")[-3000:])
    child_cpu = os.times().children_user + os.times().children_system - cpu.children_user - cpu.children_system
    code, articles = (out.split() + ["-"] * 2)[:2]
    print("| request | analysed per file | caps | HTTP | articles | peak RSS (MB) | CPU s | wall s | ended |")
    print("|---|---|---|---|---|---|---|---|---|")
    caps = f"{limits.max_files} files x {limits.max_upload_bytes / 1e6:g} MB, {limits.max_chars:,} chars"
    print(
        f"| {count} files x {size / 1e6:g} MB single-line text | {min(analysed, size):,} chars | {caps} | "
        f"{code} | {articles} | "
        f"{usage.ru_maxrss / 1024:.0f} | {child_cpu:.0f} | "
        f"{time.perf_counter() - started:.0f} | {ended} |"
    )


REUSE_CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from robustness import single_line_text
from storylens.model import Article
from storylens.stages.reuse import ReuseOptions, find_reuse

count, chars = int(sys.argv[2]), int(sys.argv[3])
articles = [Article(id=f"long{n}", text=single_line_text(chars, seed=n)) for n in range(count)]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
cpu = time.process_time()
found = find_reuse(articles, None, ReuseOptions())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kinds = sorted({reuse.kind for reuse in found})
print(f"{before:.0f} {peak:.0f} {time.process_time() - cpu:.1f} {len(found)} {','.join(kinds) or '-'}")
"""


def _reuse_row(label: str, count: int, chars: int, env: dict[str, str]) -> str:
    """One table row: the reuse stage on ``count`` near-identical texts, run under ``env``."""
    command = [sys.executable, "-c", REUSE_CHILD, str(Path(__file__).parent), str(count), str(chars)]
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        return f"| {label} | {count} x {chars:,} | failed: {out.stderr.strip().splitlines()[-1:]} ||||||"
    before, peak, cpu, pairs, kinds = out.stdout.split()
    stage = float(peak) - float(before)
    return f"| {label} | {count} x {chars:,} | {before} | {peak} | **{stage:.0f}** | {cpu} | {pairs} | {kinds} |"


def reuse(count: int, sizes: list[int], before: str | None) -> None:
    """Peak RSS and CPU of the reuse stage alone on ``count`` near-identical texts of each size; with ``before``
    (a commit), the same run on that commit's ``src`` beside it (``git archive``)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    print("| code | texts x characters | RSS before (MB) | peak RSS (MB) | stage (MB) | CPU s | pairs | kinds |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        runs = [("this work", env)]
        if before:
            root = Path(__file__).resolve().parent.parent
            archive = subprocess.run(["git", "archive", before, "src"], cwd=root, capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
            runs.insert(0, (f"baseline: {before}", {**env, "PYTHONPATH": str(Path(folder) / "src")}))
        for chars in sizes:
            for label, run_env in runs:
                print(_reuse_row(label, count, chars, run_env), flush=True)


def writers(corpus: Path) -> None:
    """Two analyze runs at once on one store, each with half of ``corpus``'s files."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    files = sorted(str(path) for path in corpus.iterdir() if path.is_file())
    halves = [files[0::2], files[1::2]]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "two.db"
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "storylens", "analyze", *half, "--db", str(db), "--engine", "sequential"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
            )
            for half in halves
        ]
        codes = [run.wait() for run in runs]
        messages = [(run.stderr.read().decode("utf-8", "replace") if run.stderr else "") for run in runs]
        connection = sqlite3.connect(db)
        articles = {row[0] for row in connection.execute("SELECT id FROM articles")}
        in_stories: set[str] = set()
        for (data,) in connection.execute("SELECT data FROM stories"):
            in_stories |= set(json.loads(data)["story"]["article_ids"])
        duplicates = connection.execute(
            "SELECT count(*) - count(DISTINCT kind || '/' || ref || '/' || ifnull(story, '')) FROM search"
        ).fetchone()[0]
        connection.close()
    waited = [line for text in messages for line in text.splitlines() if "writ" in line.lower()]
    print("| runs | exit codes | articles | in no story | duplicate search rows | second writer said |")
    print("|---|---|---|---|---|---|")
    print(
        f"| 2 at once, {len(files)} files | {codes} | {len(articles)} | {len(articles - in_stories)} | "
        f"{duplicates} | {'; '.join(waited)[:200] or '-'} |"
    )


def main() -> None:
    """Run the part named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="part", required=True)
    fuzz_parser = sub.add_parser("fuzz")
    fuzz_parser.add_argument("--mutations", type=int, default=3000)
    fuzz_parser.add_argument("--seed", type=int, default=18)
    memory_parser = sub.add_parser("memory")
    memory_parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 10.0])
    memory_parser.add_argument("--baseline-chars", type=int, default=200_000)
    web_parser = sub.add_parser("web")
    web_parser.add_argument("--files", type=int, help="files in the request (default: the cap)")
    web_parser.add_argument("--mb", type=float, help="MB per file (default: the cap)")
    web_parser.add_argument("--chars", type=int, help="characters analysed per file (default: the web's cap)")
    web_parser.add_argument("--kill-mb", type=float, default=4000, help="stop the run past this RSS")
    web_parser.add_argument("--timeout-s", type=float, default=3600)
    reuse_parser = sub.add_parser("reuse")
    reuse_parser.add_argument("--count", type=int, default=5)
    reuse_parser.add_argument("--chars", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    reuse_parser.add_argument("--before", help="a commit whose reuse stage is measured beside (baseline)")
    writers_parser = sub.add_parser("writers")
    writers_parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent / "examples/corpus"
    )
    args = parser.parse_args()
    if args.part == "fuzz":
        fuzz(args.mutations, args.seed)
    elif args.part == "memory":
        memory(args.sizes, args.baseline_chars)
    elif args.part == "web":
        web(args.files, args.mb, args.chars, args.kill_mb, args.timeout_s)
    elif args.part == "reuse":
        reuse(args.count, args.chars, args.before)
    else:
        writers(args.corpus)


if __name__ == "__main__":
    main()
