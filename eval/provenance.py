"""Provenance attached to every saved evaluation result, and atomic file writes.

:func:`provenance` returns ``{"git_commit", "git_dirty", "timestamp", "packages", "model", "config",
"seed", "machine"}``; :func:`write_json` / :func:`write_text` write through a temporary file and
``os.replace`` so a crash never leaves a half-written result.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import logging
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from detector.report import write_atomic
from detector.resources import file_sha256

__all__ = ["provenance", "model_info", "machine_info", "package_versions", "write_json", "write_text"]

logger = logging.getLogger(__name__)

_PACKAGES = {"torch": "torch", "transformers": "transformers", "sentence-transformers": "sentence-transformers",
             "faiss": "faiss-cpu", "sklearn": "scikit-learn", "spacy": "spacy", "onnxruntime": "onnxruntime",
             "detector": "detector"}
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".onnx", ".pt", ".pth")
_REPO = Path(__file__).resolve().parent.parent


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=_REPO, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def package_versions() -> dict[str, str | None]:
    """Installed versions of the packages results depend on (None when not installed)."""
    versions: dict[str, str | None] = {}
    for key, dist in _PACKAGES.items():
        try:
            versions[key] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[key] = None
    if versions["faiss"] is None:
        try:
            versions["faiss"] = importlib.metadata.version("faiss")
        except importlib.metadata.PackageNotFoundError:
            pass
    return versions


def machine_info() -> dict[str, Any]:
    """``{"platform", "cpu", "n_cpus", "mem_gb"}`` of this machine (cpu from /proc/cpuinfo where present)."""
    cpu = platform.processor() or None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        mem_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    return {"platform": platform.platform(), "cpu": cpu, "n_cpus": os.cpu_count(), "mem_gb": mem_gb}


def model_info(model: Any) -> dict[str, Any]:
    """``{"name", "path", "sha256": {file name: hex digest}}`` for a model object.

    The weight files are looked up under ``model.path`` (or ``model.name`` when it is a local path);
    models without local files (baselines, hub names) get an empty ``sha256``.
    """
    if model is None:
        return {"name": None, "path": None, "sha256": {}}
    name = str(getattr(model, "name", type(model).__name__))
    path = getattr(model, "path", None) or (name if Path(name).exists() else None)
    hashes: dict[str, str] = {}
    if path is not None:
        root = Path(path)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in _WEIGHT_SUFFIXES)
        for file in files:
            hashes[str(file.relative_to(root)) if root.is_dir() else file.name] = file_sha256(file)
    return {"name": name, "path": str(path) if path is not None else None, "sha256": hashes}


def provenance(*, config: dict[str, Any], seed: int | None, model: Any = None) -> dict[str, Any]:
    """Everything needed to reproduce a result.

    Args:
        config: the options the evaluation ran with (JSON-serialisable).
        seed: the RNG seed used (bootstrap, generated corpora), or None.
        model: the model object evaluated (see :func:`model_info`), or None.
    """
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": bool(status) if status is not None else None,
        "timestamp": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "packages": package_versions(),
        "model": model_info(model),
        "config": config,
        "seed": seed,
        "machine": machine_info(),
    }


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, creating parent folders
    (:func:`detector.report.write_atomic`)."""
    write_atomic(path, text)


def write_json(path: str | Path, obj: Any) -> None:
    """Write ``obj`` as indented JSON to ``path`` atomically (NaN written as null)."""
    write_text(path, json.dumps(_clean(obj), indent=2, ensure_ascii=False) + "\n")


def _clean(obj: Any) -> Any:
    if isinstance(obj, float) and obj != obj:
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj
