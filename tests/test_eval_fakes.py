"""Fake NLI model shared by the eval tests (fixed probabilities looked up by hypothesis text), and its test."""

from __future__ import annotations

import numpy as np

# hypothesis -> (entailment, neutral, contradiction); chosen so the metrics can be computed by hand
# (no confidence on an ECE bin edge, where float32 rounding would decide the bin).
PROBS_3WAY = {
    "A man rests.": (0.78, 0.11, 0.11),          # gold E, pred E
    "A woman sings.": (0.2, 0.48, 0.32),        # gold N, pred N
    "Nobody sleeps.": (0.1, 0.22, 0.68),        # gold C, pred C
    "The man is awake.": (0.3, 0.45, 0.25),   # gold C, pred N
    "A man is tired.": (0.58, 0.32, 0.1),       # gold N, pred E
    "Someone sleeps.": (0.68, 0.12, 0.2),       # gold E, pred E
}
def overconfident(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(probs (n, 3), gold label ids (n,)) of a model right 60% of the time but 95% confident: badly calibrated."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    pred = np.where(rng.random(n) < 0.6, y, (y + rng.integers(1, 3, n)) % 3)
    probs = np.full((n, 3), 0.025)
    probs[np.arange(n), pred] = 0.95
    return probs, y


PROBS_2WAY = {
    "The deal exists.": (0.8, 0.1, 0.1),              # gold E -> E
    "The deal was not signed.": (0.3, 0.4, 0.3),      # gold NE -> NE
    "The deal was signed in May.": (0.45, 0.3, 0.25),  # gold NE -> NE (3-way argmax would be E)
    "Someone signed the deal.": (0.4, 0.35, 0.25),    # gold E -> NE (3-way argmax would be E)
}


class FakeModel:
    """predict_proba returns the table's row for each hypothesis (KeyError for an unknown one)."""

    name = "fake-nli"

    def __init__(self, table: dict | None = None):
        self.table = {**PROBS_3WAY, **PROBS_2WAY, **(table or {})}
        self.calls: list[list[tuple[str, str]]] = []

    def count_tokens(self, texts):
        return [len(t.split()) for t in texts]

    def predict_proba(self, pairs, *, batch_size=32, show_progress=None):
        self.calls.append(list(pairs))
        return np.array([self.table[h] for _, h in pairs], dtype=np.float32).reshape(-1, 3)


def test_fake_model_is_strict():
    import pytest

    model = FakeModel()
    probs = model.predict_proba([("x", "A man rests."), ("x", "Nobody sleeps.")])
    assert probs.shape == (2, 3) and np.allclose(probs.sum(1), 1)
    with pytest.raises(KeyError):
        model.predict_proba([("x", "unknown hypothesis")])
