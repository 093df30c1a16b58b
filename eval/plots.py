"""Plots of contradiction scores: precision–recall curves and reliability diagrams (matplotlib, Agg).

Each function takes ``curves``: ``{name: (y_true, scores)}`` with ``y_true`` a ``(n,)`` 0/1 array
(1 = gold contradiction) and ``scores`` the ``(n,)`` contradiction probability, and writes one PNG.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Mapping

import numpy as np

from eval.metrics import reliability_bins

__all__ = ["plot_pr", "plot_reliability"]

logger = logging.getLogger(__name__)
Curves = Mapping[str, tuple[np.ndarray, np.ndarray]]


def _figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt, *plt.subplots(figsize=(5.5, 4.5), dpi=110)


def _save(plt, fig, path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".png")
    os.close(fd)
    try:
        fig.savefig(tmp, format="png", bbox_inches="tight")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        plt.close(fig)
        Path(tmp).unlink(missing_ok=True)


def plot_pr(curves: Curves, path: str | Path, *, title: str = "Contradiction precision–recall") -> None:
    """Precision–recall curve of each entry (with its average precision in the legend) to ``path``."""
    from sklearn.metrics import average_precision_score, precision_recall_curve

    plt, fig, ax = _figure()
    for name, (y, s) in curves.items():
        if len(y) == 0 or np.min(y) == np.max(y):
            logger.info("PR curve: %s skipped (one class only)", name)
            continue
        prec, rec, _ = precision_recall_curve(y, s)
        ax.plot(rec, prec, label=f"{name} (AP {average_precision_score(y, s):.3f})")
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title(title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="lower left")
    _save(plt, fig, path)


def plot_reliability(curves: Curves, path: str | Path, *, n_bins: int = 10,
                     title: str = "Contradiction reliability") -> None:
    """Reliability diagram (mean predicted probability vs observed frequency per bin) to ``path``."""
    plt, fig, ax = _figure()
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfect")
    for name, (y, s) in curves.items():
        bins = [b for b in reliability_bins(y_true=y, scores=s, n_bins=n_bins) if b[2] > 0]
        if bins:
            ax.plot([b[0] for b in bins], [b[1] for b in bins], marker="o", markersize=3, label=name)
    ax.set_xlabel("predicted contradiction probability")
    ax.set_ylabel("observed contradiction frequency")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper left")
    _save(plt, fig, path)
