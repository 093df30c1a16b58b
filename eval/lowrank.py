"""How much of a fine-tuned NLI model survives when its weight deltas are cut to rank r.

A fine-tuned model can ship as its base (a dependency) plus the deltas of the matrices training changed; an
SVD cut of each delta to rank ``r`` stores ``r * (rows + columns)`` numbers instead of ``rows * columns``.
This measures what that costs: accuracy and agreement with the full model on samples of NLI files, per rank.

Usage::

    python -m eval.lowrank --model RUN_DIR/final --base BASE_DIR --ranks 16,64,128 \\
        --files RUN_DIR/heldout.jsonl ../shared/datasets/nli/lingnli_val.jsonl --n 500

``--base`` is the model directory training started from (its ``model.safetensors`` holds the encoder without
the classification head, as sentence-transformers folders do). Only 2-D encoder weights are cut; biases,
LayerNorms, embeddings and the head stay as trained. Truncated SVD of fine-tuning deltas, as in delta
compression (e.g. Ryu et al. 2023, "Efficient Storage of Fine-Tuned Models via Low-Rank Approximation of
Weight Residuals"; Liu et al. 2024, "BitDelta").
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from pathlib import Path
from typing import Any

__all__ = ["lowrank_deltas", "apply_lowrank", "run_lowrank"]

logger = logging.getLogger(__name__)


def lowrank_deltas(tuned: dict, base: dict, *, prefix: str = "") -> dict[str, tuple]:
    """SVD of ``tuned[name] - base[name without prefix]`` for each 2-D weight that changed.

    Args:
        tuned: name -> torch tensor of the fine-tuned model (e.g. ``mpnet.encoder.layer.3.attention...``).
        base: name -> tensor of the base, named without ``prefix`` (e.g. ``encoder.layer.3...``).
        prefix: the fine-tuned model's name prefix of the encoder (``"mpnet."``, ``"bert."``).

    Returns:
        name -> ``(U, S, Vh, base weight)`` in float32 (``U`` (rows, k), ``S`` (k,), ``Vh`` (k, columns)),
        for 2-D ``.weight`` tensors under ``encoder.`` whose delta is not all zero.
    """
    import torch

    out = {}
    for name, weight in tuned.items():
        key = name[len(prefix):] if name.startswith(prefix) else name
        if weight.ndim != 2 or not name.endswith(".weight") or ".encoder." not in f".{key}" or key not in base:
            continue
        delta = weight.float() - base[key].float()
        if not torch.any(delta):
            continue
        u, s, vh = torch.linalg.svd(delta, full_matrices=False)
        out[name] = (u, s, vh, base[key].float())
    return out


def apply_lowrank(state: dict, deltas: dict[str, tuple], rank: int) -> tuple[dict, int, float]:
    """``state`` with each delta-carrying weight replaced by base + its rank-``rank`` SVD cut.

    Returns:
        (new state dict, numbers stored by the factors ``rank * (rows + columns)`` summed, mean share of the
        delta's squared singular values kept).
    """
    new = dict(state)
    stored, kept = 0, []
    for name, (u, s, vh, base) in deltas.items():
        r = min(rank, s.shape[0])
        new[name] = (base + (u[:, :r] * s[:r]) @ vh[:r]).to(state[name].dtype)
        stored += r * (u.shape[0] + vh.shape[1])
        kept.append(float((s[:r] ** 2).sum() / (s ** 2).sum()))
    return new, stored, sum(kept) / len(kept) if kept else 1.0


def _rows(path: Path, n: int, labels: dict[str, int], seed: int) -> list[dict]:
    from detector.jsonl import iter_jsonl

    rows = [obj for _, obj in iter_jsonl(path) if obj.get("label") in labels]
    random.Random(seed).shuffle(rows)
    return rows[:n]


def run_lowrank(model_dir: str | Path, base_dir: str | Path, ranks: list[int], files: list[Path], *, n: int = 500,
                seed: int = 0, max_length: int = 128) -> dict[str, Any]:
    """Accuracy of the full model and of each rank cut on ``n`` seeded rows of each file, with agreement
    (share of argmax predictions equal to the full model's) and the fp16 size of the factors.

    Raises:
        FileNotFoundError: a model directory or file is missing.
    """
    import numpy as np
    import torch
    from safetensors.torch import load_file
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForSequenceClassification.from_pretrained(str(model_dir)).eval()
    labels = {v.lower(): int(k) for k, v in model.config.id2label.items()}
    data = {Path(f).stem: _rows(Path(f), n, labels, seed) for f in files}
    gold = {k: np.array([labels[r["label"]] for r in v]) for k, v in data.items()}

    def predict(rows: list[dict]) -> np.ndarray:
        out = []
        for i in range(0, len(rows), 32):
            part = rows[i:i + 32]
            enc = tokenizer([r["premise"] for r in part], [r["hypothesis"] for r in part], truncation=True,
                            max_length=max_length, padding=True, return_tensors="pt")
            with torch.no_grad():
                out.append(model(**enc).logits.argmax(-1).numpy())
        return np.concatenate(out)

    full = {k: predict(v) for k, v in data.items()}
    state = model.state_dict()
    deltas = lowrank_deltas(state, load_file(str(Path(base_dir) / "model.safetensors")),
                            prefix=f"{model.base_model_prefix}.")
    result: dict[str, Any] = {
        "n_matrices": len(deltas), "delta_weights": sum(u.shape[0] * vh.shape[1] for u, _, vh, _ in deltas.values()),
        "full": {k: float((full[k] == gold[k]).mean()) for k in data}, "ranks": []}
    for rank in ranks:
        new, stored, energy = apply_lowrank(state, deltas, rank)
        model.load_state_dict(new)
        preds = {k: predict(v) for k, v in data.items()}
        result["ranks"].append({"rank": rank, "stored": stored, "fp16_mb": stored * 2 / 1e6, "energy": energy,
                                "accuracy": {k: float((preds[k] == gold[k]).mean()) for k in data},
                                "agreement": {k: float((preds[k] == full[k]).mean()) for k in data}})
        logger.info("rank %d: %s", rank, result["ranks"][-1])
    model.load_state_dict(state)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.lowrank", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="fine-tuned model directory")
    parser.add_argument("--base", type=Path, required=True, help="the base model directory it started from")
    parser.add_argument("--ranks", default="16,64,128")
    parser.add_argument("--files", type=Path, nargs="+", required=True, help="labelled pair files (jsonl)")
    parser.add_argument("--n", type=int, default=500, help="seeded rows per file")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        result = run_lowrank(args.model, args.base, [int(r) for r in args.ranks.split(",")], args.files, n=args.n,
                             seed=args.seed)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
