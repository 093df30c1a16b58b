"""Teacher probabilities for knowledge distillation: a larger NLI model labels a training mixture.

Knowledge distillation (Hinton, Vinyals and Dean, 2015, "Distilling the knowledge in a neural network",
arXiv:1503.02531): a small student learns from a larger teacher's full output distribution as well as the
hard labels. The distribution carries what a hard label cannot ("this neutral is nearly an entailment"),
and the student ships at its own size and speed. Here the teacher is a larger cross-encoder trained by
:mod:`detector.training.train` (the model card's all-mpnet-base-v2 probe and its second stage) and the student
is the shipped MiniLM-L6; ``train.py`` reads the probabilities written here when its config has a ``"distill"`` entry.

Usage (resumable: parts already written are skipped; rerun the same command after an interruption)::

    python -m detector.training.distill --config detector/training/configs/minilm_nli_stage17.json \\
        --teacher ~/.cache/detector/runs/mpnet-stage2/final --data-dir ../shared/datasets/nli \\
        --synth-dir ~/.cache/detector/synth12 --out ~/.cache/detector/teacher/mpnet-stage2

The output directory holds ``part-NNNNN.jsonl`` files, each written atomically, one row per distinct
(premise, hypothesis) pair of the mixture: ``{"key", "entailment", "neutral", "contradiction"}`` (the key is
:func:`pair_key`; probabilities named, so no label order is assumed), and ``teacher.json`` (the teacher's
path and the SHA-256 of its weights).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path

from detector.jsonl import iter_jsonl, write_jsonl
from detector.records import NLI_LABELS
from detector.report import write_atomic

__all__ = ["pair_key", "read_teacher", "run"]

logger = logging.getLogger("detector.training.distill")

PART_ROWS = 1024


def pair_key(premise: str, hypothesis: str) -> str:
    """A 16-hex key of one (premise, hypothesis) pair (SHA-1 of the two texts joined by a unit separator)."""
    return hashlib.sha1(f"{premise}\x1f{hypothesis}".encode()).hexdigest()[:16]


def read_teacher(folder: str | Path) -> dict[str, tuple[float, float, float]]:
    """Every ``part-*.jsonl`` of ``folder`` as ``{key: (p_entailment, p_neutral, p_contradiction)}``.

    A row without a key, with a probability missing or outside [0, 1], or whose probabilities do not sum to
    1 (within 1e-3) is skipped with a warning naming the file and line.

    Raises:
        FileNotFoundError: ``folder`` holds no part file.
    """
    folder = Path(folder)
    parts = sorted(folder.glob("part-*.jsonl"))
    if not parts:
        raise FileNotFoundError(f"No teacher probabilities (part-*.jsonl) in {folder}")
    out: dict[str, tuple[float, float, float]] = {}
    for part in parts:
        for lineno, obj in iter_jsonl(part):
            try:
                key = str(obj["key"])
                probs = tuple(float(obj[label]) for label in NLI_LABELS)
            except (KeyError, TypeError, ValueError) as exc:
                logger.warning("%s:%d: skipped (%s)", part, lineno, exc)
                continue
            if any(not 0.0 <= p <= 1.0 for p in probs) or abs(sum(probs) - 1.0) > 1e-3:
                logger.warning("%s:%d: skipped (probabilities %s are not a distribution)", part, lineno, probs)
                continue
            out[key] = probs  # type: ignore[assignment]
    return out


def _weights_sha256(model_dir: Path) -> str:
    from detector.training.data import file_sha256

    weights = model_dir / "model.safetensors"
    return file_sha256(weights) if weights.is_file() else ""


def run(config: dict, teacher_dir: Path, data_dir: Path, synth_dir: Path, out_dir: Path, *,
        max_minutes: float | None = None, batch_size: int = 32) -> int:
    """Score every distinct pair of ``config``'s training mixture not yet in ``out_dir``; returns how many
    remain unscored (0 when done, more when stopped by ``max_minutes``).

    Raises:
        ValueError: ``out_dir`` already holds probabilities from a different teacher.
    """
    import torch

    from detector.nli import load_nli
    from detector.training.data import build_mixture
    from detector.training.train import _autocast, resolve_precision

    start = time.time()
    out_dir.mkdir(parents=True, exist_ok=True)
    meta = {"teacher": str(teacher_dir.resolve()), "sha256": _weights_sha256(teacher_dir),
            "max_length": int(config["max_length"])}
    meta_path = out_dir / "teacher.json"
    if meta_path.exists():
        earlier = json.loads(meta_path.read_text())
        if earlier.get("sha256") != meta["sha256"]:
            raise ValueError(f"{out_dir} holds probabilities of another teacher ({earlier.get('teacher')}); "
                             f"use a new --out")
    write_atomic(meta_path, json.dumps(meta, indent=2))
    rows, _heldout, _manifest = build_mixture(config, data_dir, synth_dir)
    done = set(read_teacher(out_dir)) if any(out_dir.glob("part-*.jsonl")) else set()
    todo: dict[str, tuple[str, str]] = {}
    for r in rows:
        key = pair_key(r.premise, r.hypothesis)
        if key not in done:
            todo.setdefault(key, (r.premise, r.hypothesis))
    logger.info("%d distinct pairs to score (%d already scored)", len(todo), len(done))
    torch.set_num_threads(int(config.get("threads", os.cpu_count() or 1)))
    precision = resolve_precision(config.get("precision", "auto"))
    # the pipeline's own batching (sorted by length, label order read from the config), under bf16 where native
    teacher = load_nli(str(teacher_dir), max_length=meta["max_length"])
    keys = list(todo)
    part_no = len(list(out_dir.glob("part-*.jsonl")))
    for begin in range(0, len(keys), PART_ROWS):
        if max_minutes is not None and time.time() - start > max_minutes * 60:
            logger.info("stopped after %.1f minutes; rerun the same command to resume", max_minutes)
            return len(keys) - begin
        chunk = keys[begin:begin + PART_ROWS]
        with torch.inference_mode(), _autocast(precision):
            probs = teacher.predict_proba([todo[k] for k in chunk], batch_size=batch_size, show_progress=False)
        write_jsonl(out_dir / f"part-{part_no:05d}.jsonl",
                    [{"key": k, **{label: round(float(p), 6) for label, p in zip(NLI_LABELS, row)}}
                     for k, row in zip(chunk, probs)])
        part_no += 1
        logger.info("scored %d / %d (%.1f pairs/s)", begin + len(chunk), len(keys),
                    (begin + len(chunk)) / (time.time() - start))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True, type=Path, help="the student's training config")
    parser.add_argument("--teacher", required=True, type=Path, help="the teacher's model directory (a run's final/)")
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("DETECTOR_NLI_DATA", "../shared/datasets/nli")))
    parser.add_argument("--synth-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--max-minutes", type=float, default=None)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if not (args.teacher / "config.json").is_file():
        parser.error(f"--teacher {args.teacher}: not a model directory (no config.json)")
    config = json.loads(args.config.read_text())
    left = run(config, args.teacher, args.data_dir, args.synth_dir.expanduser(), args.out.expanduser(),
               max_minutes=args.max_minutes, batch_size=args.batch_size)
    return 0 if left == 0 else 3


if __name__ == "__main__":
    sys.exit(main())
