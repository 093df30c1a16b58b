"""Metrics, calibration, threshold tuning and bootstrap intervals for NLI evaluation.

Probability arrays are ``(n, k)`` float arrays whose columns follow the label tuple given
(:data:`eval.formats.THREE_WAY` = ``detector.records.NLI_LABELS`` or :data:`eval.formats.TWO_WAY`).
Label arrays are ``(n,)`` integer class indices. All functions take keyword arguments so ``y_true`` and
predictions can't be swapped.
"""

from __future__ import annotations

import logging
from typing import Callable, Sequence

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support, roc_auc_score

__all__ = [
    "accuracy", "per_class_prf", "confusion", "auroc", "ece", "binary_ece", "reliability_bins", "to_two_way",
    "f1_at_threshold", "tune_threshold", "bootstrap_ci", "TemperatureScaler", "BinaryCalibrator",
]

logger = logging.getLogger(__name__)
_EPS = 1e-7


def accuracy(*, y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Fraction of ``y_pred == y_true``; 0.0 for empty input."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float((y_true == y_pred).mean()) if y_true.size else 0.0


def per_class_prf(*, y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support for each class (0.0 where undefined).

    Returns:
        ``{label: {"precision", "recall", "f1", "support"}}`` in ``labels`` order.
    """
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=list(range(len(labels))), zero_division=0)
    return {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, lab in enumerate(labels)}


def confusion(*, y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> list[list[int]]:
    """Confusion matrix as nested lists: row = gold class, column = predicted class."""
    return confusion_matrix(y_true, y_pred, labels=list(range(n_classes))).astype(int).tolist()


def auroc(*, y_true: np.ndarray, scores: np.ndarray) -> float | None:
    """Area under the ROC curve of binary ``y_true`` (0/1) against ``scores``; None when only one class
    occurs."""
    y_true = np.asarray(y_true)
    if y_true.size == 0 or y_true.min() == y_true.max():
        return None
    return float(roc_auc_score(y_true, scores))


def _bin_stats(conf: np.ndarray, correct: np.ndarray, n_bins: int) -> list[tuple[float, float, int]]:
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    idx = np.clip(np.digitize(conf, edges[1:-1], right=True), 0, n_bins - 1)
    out = []
    for b in range(n_bins):
        mask = idx == b
        count = int(mask.sum())
        out.append((float(conf[mask].mean()) if count else 0.0, float(correct[mask].mean()) if count else 0.0, count))
    return out


def reliability_bins(*, y_true: np.ndarray, scores: np.ndarray, n_bins: int = 10) -> list[tuple[float, float, int]]:
    """Equal-width bins over [0, 1] of binary ``scores``: ``(mean score, fraction positive, count)`` per bin
    (bins are right-closed: 0.1 falls in the first of ten)."""
    return _bin_stats(np.asarray(scores, float), np.asarray(y_true, float), n_bins)


def binary_ece(*, y_true: np.ndarray, scores: np.ndarray, n_bins: int = 10) -> float:
    """Expected calibration error of a binary probability: sum over bins of
    ``count / n * |fraction positive - mean score|``; 0.0 for empty input."""
    n = len(scores)
    if n == 0:
        return 0.0
    return float(sum(c / n * abs(frac - mean) for mean, frac, c in reliability_bins(
        y_true=y_true, scores=scores, n_bins=n_bins)))


def ece(*, probs: np.ndarray, y_true: np.ndarray, n_bins: int = 10) -> float:
    """Top-label expected calibration error of ``(n, k)`` ``probs``: the confidence is the largest
    probability, correct means its class equals ``y_true``."""
    probs = np.asarray(probs, float)
    if probs.shape[0] == 0:
        return 0.0
    correct = (probs.argmax(1) == np.asarray(y_true)).astype(float)
    return binary_ece(y_true=correct, scores=probs.max(1), n_bins=n_bins)


def to_two_way(probs: np.ndarray) -> np.ndarray:
    """Map ``(n, 3)`` probabilities (entailment, neutral, contradiction) to ``(n, 2)``
    (entailment, not_entailment = neutral + contradiction)."""
    probs = np.asarray(probs, float)
    return np.stack([probs[:, 0], probs[:, 1] + probs[:, 2]], axis=1)


def f1_at_threshold(*, y_true: np.ndarray, scores: np.ndarray, threshold: float) -> float:
    """F1 of the decision ``scores >= threshold`` against binary ``y_true``."""
    y_true = np.asarray(y_true).astype(bool)
    pred = np.asarray(scores) >= threshold
    tp = float((pred & y_true).sum())
    denom = float(pred.sum() + y_true.sum())
    return 2 * tp / denom if denom else 0.0


def tune_threshold(*, y_true: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """Threshold on ``scores`` maximising F1 for binary ``y_true`` (tune on dev, apply unchanged on test).

    Candidates are the distinct score values; ties go to the higher threshold.

    Returns:
        ``(threshold, dev F1)``.

    Raises:
        ValueError: empty input.
    """
    scores = np.asarray(scores, float)
    if scores.size == 0:
        raise ValueError("tune_threshold needs at least one score")
    best_t, best_f = 0.5, -1.0
    for t in np.unique(scores)[::-1]:
        f = f1_at_threshold(y_true=y_true, scores=scores, threshold=float(t))
        if f > best_f:
            best_t, best_f = float(t), f
    return best_t, best_f


def bootstrap_ci(*, fn: Callable[[np.ndarray], float], n_items: int, n_boot: int = 1000, seed: int = 0,
                 level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of a statistic.

    Args:
        fn: computes the statistic on an index array (resampled rows, with replacement).
        n_items: number of rows; n_boot: resamples; seed: RNG seed (same seed, same interval);
        level: coverage, e.g. 0.95.

    Raises:
        ValueError: ``n_items`` or ``n_boot`` < 1.
    """
    if n_items < 1 or n_boot < 1:
        raise ValueError(f"bootstrap_ci needs n_items >= 1 and n_boot >= 1, got {n_items}, {n_boot}")
    rng = np.random.default_rng(seed)
    stats = np.array([fn(rng.integers(0, n_items, n_items)) for _ in range(n_boot)])
    tail = (1.0 - level) / 2 * 100
    return float(np.percentile(stats, tail)), float(np.percentile(stats, 100 - tail))


class TemperatureScaler:
    """Temperature scaling of probability rows: ``softmax(log(p) / T)``, ``T`` fitted by minimising the
    negative log-likelihood on dev. Does not change the argmax."""

    def __init__(self, bounds: tuple[float, float] = (0.05, 20.0)) -> None:
        self.bounds = bounds

    def fit(self, probs: np.ndarray, y_true: np.ndarray) -> "TemperatureScaler":
        """Fit ``temperature_`` on ``(n, k)`` probs and ``(n,)`` class indices; returns self."""
        from scipy.optimize import minimize_scalar

        logp = np.log(np.clip(np.asarray(probs, float), _EPS, 1.0))
        y = np.asarray(y_true)

        def nll(t: float) -> float:
            z = logp / t
            z = z - z.max(1, keepdims=True)
            return float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(1))).mean())

        self.temperature_ = float(minimize_scalar(nll, bounds=self.bounds, method="bounded").x)
        return self

    def transform(self, probs: np.ndarray) -> np.ndarray:
        """Rescaled ``(n, k)`` probabilities. Raises RuntimeError before :meth:`fit`."""
        if not hasattr(self, "temperature_"):
            raise RuntimeError("TemperatureScaler is not fitted; call fit(dev_probs, dev_labels) first")
        z = np.log(np.clip(np.asarray(probs, float), _EPS, 1.0)) / self.temperature_
        z = np.exp(z - z.max(1, keepdims=True))
        return z / z.sum(1, keepdims=True)


class BinaryCalibrator:
    """Calibrates one binary probability (the contradiction-vs-rest score).

    Args:
        method: ``"isotonic"`` (sklearn IsotonicRegression) or ``"platt"`` (LogisticRegression on the
            log-odds).
    """

    def __init__(self, method: str = "isotonic") -> None:
        self.method = method

    def fit(self, scores: np.ndarray, y_true: np.ndarray) -> "BinaryCalibrator":
        """Fit on ``(n,)`` scores and ``(n,)`` 0/1 labels; returns self.

        Raises:
            ValueError: unknown method, or ``y_true`` holds one class only.
        """
        y = np.asarray(y_true).astype(int)
        if y.size == 0 or y.min() == y.max():
            raise ValueError("BinaryCalibrator needs both classes in the dev labels")
        if self.method == "isotonic":
            from sklearn.isotonic import IsotonicRegression

            self.model_ = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(scores, y)
        elif self.method == "platt":
            from sklearn.linear_model import LogisticRegression

            self.model_ = LogisticRegression().fit(self._logit(scores), y)
        else:
            raise ValueError(f"Unknown calibration method {self.method!r}; expected 'isotonic' or 'platt'")
        return self

    @staticmethod
    def _logit(scores: np.ndarray) -> np.ndarray:
        p = np.clip(np.asarray(scores, float), _EPS, 1 - _EPS)
        return np.log(p / (1 - p)).reshape(-1, 1)

    def transform(self, scores: np.ndarray) -> np.ndarray:
        """Calibrated ``(n,)`` probabilities. Raises RuntimeError before :meth:`fit`."""
        if not hasattr(self, "model_"):
            raise RuntimeError("BinaryCalibrator is not fitted; call fit(dev_scores, dev_labels) first")
        if self.method == "isotonic":
            return np.asarray(self.model_.predict(np.asarray(scores, float)), float)
        return self.model_.predict_proba(self._logit(scores))[:, 1]
