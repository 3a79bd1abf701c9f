"""Which sentences the pipeline encodes and which stages read each vector (issue 20: encode less).

Runs ingest + analyze of the first ``--limit`` Multi-News documents (written as HTML pages by ``bench/scale.py``,
read at run time, never copied into the repository) on the sequential engine, so every encode happens in this
process, with ``MiniLMEmbedder.encode`` wrapped to note, per call, the stage that asked (the first
``storylens.stages.<name>`` frame on the stack), the texts it asked for and which of them were not cached yet (the
ones this call encoded). Prints per stage: texts asked for, texts it encoded first, and per encoded text the set of
stages that read it; then whether bfloat16 vectors depend on the batch a text is encoded in.

    nice .venv/bin/python bench/encoders_consumers.py ../shared/datasets/multinews-longbench/records.jsonl --limit 80
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _consumer() -> str:
    """The stage package whose code asked for the encode (the outermost ``storylens.stages`` frame)."""
    frame: Any = sys._getframe(2)
    found = "other"
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("storylens.stages."):
            found = module.split(".")[2]
        frame = frame.f_back
    return found


def record(readers: dict[str, set[str]], first: dict[str, str], asked: Counter[str]) -> None:
    """Wrap ``MiniLMEmbedder.encode`` so every call notes its stage, its texts and the texts it encoded first."""
    from storylens.nlp.embeddings import MiniLMEmbedder

    original = MiniLMEmbedder.encode

    def encode(self: MiniLMEmbedder, texts: Sequence[str], mapper: Any = None) -> np.ndarray:
        stage = _consumer()
        fresh = [text for text in dict.fromkeys(texts) if text not in self._cache]
        for text in fresh:
            first.setdefault(text, stage)
        for text in texts:
            readers.setdefault(text, set()).add(stage)
        asked[stage] += len(set(texts))
        return original(self, texts, mapper)

    MiniLMEmbedder.encode = encode  # type: ignore[method-assign]


def batch_dependence(texts: list[str]) -> tuple[float, int]:
    """Largest difference of a text's vector between two batch compositions, and how many rows differ at all."""
    from storylens.nlp.embeddings import load_embedder

    embedder = load_embedder()
    whole = embedder.encode_batch(tuple(texts))
    halves = np.concatenate([embedder.encode_batch(tuple(texts[:7])), embedder.encode_batch(tuple(texts[7:]))])
    differ = int(np.count_nonzero(np.any(whole != halves, axis=1)))
    return float(np.abs(whole - halves).max()), differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("records", type=Path)
    parser.add_argument("--limit", type=int, default=80)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from scale import write_multinews
    from storylens.nlp.embeddings import load_embedder
    from storylens.pipeline import Pipeline
    from storylens.store import open_store

    readers: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    asked: Counter[str] = Counter()
    print(f"encoder precision: {load_embedder().precision}")
    record(readers, first, asked)
    with tempfile.TemporaryDirectory() as tmp:
        count = write_multinews(args.records, Path(tmp), args.limit)
        store = open_store(Path(tmp) / "bench.db")
        pipeline = Pipeline(store)
        report = pipeline.analyze(pipeline.ingest([str(Path(tmp) / "html.jsonl.gz")]).articles)
        store.close()
    print(f"{count} documents, {len(report.stories)} stories; {len(first)} distinct texts encoded")
    for stage, total in asked.most_common():
        encoded = [text for text, owner in first.items() if owner == stage]
        alone = sum(1 for text in encoded if readers[text] == {stage})
        words = np.mean([len(text.split()) for text in encoded]) if encoded else 0.0
        print(
            f"{stage:<10} asked {total:>6} distinct texts per call (summed), encoded first {len(encoded):>6} "
            f"({words:.1f} words each), read by this stage only {alone:>6}"
        )
    shared = Counter(" + ".join(sorted(stages)) for stages in readers.values() if any(t for t in stages))
    for stages, number in shared.most_common(12):
        print(f"  read by {stages}: {number}")
    sample = [text for text in first if len(text.split()) >= 3][:20]
    largest, differ = batch_dependence(sample)
    print(
        f"batch composition: {differ} of {len(sample)} rows differ between one batch and two; max |diff| {largest:.1e}"
    )


if __name__ == "__main__":
    main()
