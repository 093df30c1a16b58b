"""Calibration of NLI probabilities: Platt scaling (Platt, 1999) on the log-odds of one class.

``p' = sigmoid(a * logit(p) + b)``, fitted by logistic regression (scikit-learn) on a dev set scored the
way the pipeline scores pairs (both directions, combined). The shipped model carries its fitted parameters
in ``detector/models/nli/calibration.json``; other models run uncalibrated.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from detector.records import NLI_LABELS

__all__ = ["PlattCalibrator", "NLICalibration", "load_calibration"]

logger = logging.getLogger(__name__)
_EPS = 1e-6


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class PlattCalibrator:
    """``p' = sigmoid(a * logit(p) + b)``; the identity is ``a=1, b=0``."""

    a: float = 1.0
    b: float = 0.0

    def __call__(self, p: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, same shape as ``p`` (float32)."""
        z = self.a * _logit(p) + self.b
        return (1 / (1 + np.exp(-z))).astype(np.float32)

    @classmethod
    def fit(cls, p: np.ndarray, y: np.ndarray) -> "PlattCalibrator":
        """Fit on raw probabilities ``p`` (n,) and binary labels ``y`` (n,).

        Raises:
            ValueError: ``y`` holds a single class.
        """
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(y).astype(int)
        if len(set(y.tolist())) < 2:
            raise ValueError("Platt scaling needs both classes in y")
        model = LogisticRegression(C=1e4).fit(_logit(p).reshape(-1, 1), y)
        return cls(float(model.coef_[0, 0]), float(model.intercept_[0]))


@dataclass(frozen=True)
class NLICalibration:
    """Per-class calibrators for the entailment and contradiction columns, plus where they were fitted."""

    entailment: PlattCalibrator = PlattCalibrator()
    contradiction: PlattCalibrator = PlattCalibrator()
    fitted_on: tuple[str, ...] = ()

    def apply(self, probs: np.ndarray) -> np.ndarray:
        """Calibrate the entailment and contradiction columns of (n, 3) probabilities; neutral becomes the
        remainder, clipped at 0, and rows are renormalised."""
        probs = np.asarray(probs, dtype=np.float32)
        if len(probs) == 0:
            return probs
        e, n, c = (NLI_LABELS.index(x) for x in ("entailment", "neutral", "contradiction"))
        out = np.empty_like(probs)
        out[:, e] = self.entailment(probs[:, e])
        out[:, c] = self.contradiction(probs[:, c])
        total = out[:, e] + out[:, c]
        scale = np.where(total > 1, 1 / np.maximum(total, _EPS), 1.0)
        out[:, e] *= scale
        out[:, c] *= scale
        out[:, n] = np.clip(1 - out[:, e] - out[:, c], 0, None)
        return out / out.sum(axis=1, keepdims=True)

    def to_json(self) -> str:
        return json.dumps({"method": "platt", "entailment": asdict(self.entailment),
                           "contradiction": asdict(self.contradiction), "fitted_on": list(self.fitted_on)}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> "NLICalibration":
        obj = json.loads(text)
        return cls(PlattCalibrator(**obj["entailment"]), PlattCalibrator(**obj["contradiction"]),
                   tuple(obj.get("fitted_on", ())))


def load_calibration(path: str | Path) -> NLICalibration:
    """Read a calibration file; a missing file gives the identity (and a debug log line)."""
    path = Path(path)
    if not path.exists():
        logger.debug("no calibration at %s; probabilities are used as the model gives them", path)
        return NLICalibration()
    return NLICalibration.from_json(path.read_text())
