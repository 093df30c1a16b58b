"""Average the weights of several fine-tuned NLI runs into one model (a "model soup").

The uniform soup of Wortsman et al. (2022), "Model soups: averaging weights of multiple fine-tuned models
improves accuracy without increasing inference time" (ICML, arXiv:2203.05482): models fine-tuned from the same
initialisation lie in one low-loss basin, so the element-wise mean of their weights is a model of the same size
and speed that is often more accurate than each ingredient. Here the ingredients are successive training stages
(each run starts from the one before, see ``train.py --init-from``), which share their initialisation by
construction. Which soup ships is decided on dev sets, never on the held-out rows alone.

The soup is written as a run directory, so that ``export``, ``card`` and ``eval`` treat it like any other run::

    SOUP/config.json     {"soup_of": [RUN_A, RUN_B, ...], "weights": [...], "labels": [...], ...}
    SOUP/manifest.json   the last ingredient's manifest (the card lists every ingredient's stages)
    SOUP/heldout.jsonl   the last ingredient's held-out SNLI rows (the same rows for every stage of one chain)
    SOUP/final/          model.safetensors (fp32), config.json and tokenizer files

Usage::

    python -m detector.training.soup --runs ~/.cache/detector/runs/nli-v3 ~/.cache/detector/runs/nli-v4 \\
        --out ~/.cache/detector/runs/nli-soup34
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
from pathlib import Path

from detector.report import write_atomic
from detector.training.export import save_safetensors

logger = logging.getLogger("detector.training.soup")


def _final(run_dir: Path) -> Path:
    final = run_dir / "final"
    if not (final / "model.safetensors").is_file():
        raise FileNotFoundError(f"{run_dir}: no final/model.safetensors (the run has not finished)")
    return final


def average(run_dirs: list[Path], weights: list[float] | None = None) -> dict:
    """The weighted element-wise mean of the runs' ``final/model.safetensors`` tensors, as fp32.

    ``weights`` (one per run, default uniform) are normalised to sum to 1. A tensor equal in every run (the
    frozen embeddings) is kept exactly: a weighted sum of identical values can differ from them in the last
    bit, and :mod:`detector.training.export` ships every tensor that differs from the base.

    Raises:
        FileNotFoundError: a run without ``final/model.safetensors``.
        ValueError: fewer than two runs, a wrong number of weights or a non-positive sum, different label
            orders (``id2label``), or tensors whose names or shapes differ between runs.
    """
    import torch
    from safetensors.torch import load_file

    if len(run_dirs) < 2:
        raise ValueError(f"a soup needs at least two runs, got {len(run_dirs)}")
    weights = [1.0] * len(run_dirs) if weights is None else [float(w) for w in weights]
    if len(weights) != len(run_dirs) or sum(weights) <= 0 or min(weights) < 0:
        raise ValueError(f"need {len(run_dirs)} non-negative weights with a positive sum, got {weights}")
    total = sum(weights)
    labels = None
    soup: dict = {}
    shared: dict = {}  # the tensors equal in every run so far
    for run_dir, weight in zip(run_dirs, weights):
        final = _final(run_dir)
        id2label = json.loads((final / "config.json").read_text()).get("id2label")
        if labels is not None and id2label != labels:
            raise ValueError(f"{run_dir}: label order {id2label} differs from {labels}")
        labels = id2label
        tensors = load_file(str(final / "model.safetensors"))
        if soup and set(tensors) != set(soup):
            raise ValueError(f"{run_dir}: tensor names differ from the first run's "
                             f"({sorted(set(tensors) ^ set(soup))[:5]} ...)")
        if not soup:
            shared = dict(tensors)
        else:
            shared = {name: v for name, v in shared.items() if torch.equal(v, tensors[name])}
        for name, value in tensors.items():
            value = value.float() * (weight / total)
            if name not in soup:
                soup[name] = value
            elif soup[name].shape != value.shape:
                raise ValueError(f"{run_dir}: tensor {name} has shape {tuple(value.shape)}, "
                                 f"not {tuple(soup[name].shape)}")
            else:
                soup[name] += value
    soup.update({name: value.float() for name, value in shared.items()})
    return soup


def make_soup(run_dirs: list[Path], out_dir: Path, weights: list[float] | None = None) -> Path:
    """Write the soup of ``run_dirs`` as the run directory ``out_dir`` (layout in the module docstring).

    The model file is written to a temporary name and renamed; the run's ``config.json`` is written last, so a
    directory with a config is complete. Returns ``out_dir``. Raises as :func:`average`.
    """
    run_dirs = [Path(r) for r in run_dirs]
    tensors = average(run_dirs, weights)
    last = run_dirs[-1]
    final = out_dir / "final"
    final.mkdir(parents=True, exist_ok=True)
    for f in _final(last).iterdir():
        if f.name != "model.safetensors" and f.is_file():
            shutil.copy2(f, final / f.name)
    save_safetensors(tensors, final / "model.safetensors", metadata={"format": "pt"})
    for name in ("manifest.json", "heldout.jsonl"):
        if (last / name).is_file():
            shutil.copy2(last / name, out_dir / name)
    config = json.loads((last / "config.json").read_text())
    config.update({"soup_of": [str(r.resolve()) for r in run_dirs],
                   "weights": weights or [1.0] * len(run_dirs)})
    write_atomic(out_dir / "config.json", json.dumps(config, indent=2))
    logger.info("soup of %s written to %s", [r.name for r in run_dirs], out_dir)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=Path, nargs="+", required=True, help="run directories (with final/)")
    parser.add_argument("--weights", type=float, nargs="+", help="one per run (default: uniform)")
    parser.add_argument("--out", type=Path, required=True, help="run directory to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        make_soup(args.runs, args.out, args.weights)
    except (FileNotFoundError, ValueError) as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
