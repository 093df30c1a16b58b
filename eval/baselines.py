"""Baselines the NLI model is compared with, and the resolver from ``--models`` names to model objects.

Both baselines have the NLI model interface: ``name`` and ``predict_proba(pairs, *, batch_size=32,
show_progress=None) -> (n, 3)`` float32 in (entailment, neutral, contradiction) order, rows summing to 1.

:class:`LexicalBaseline` rules (no learning; the weights are fixed, hand-set):

1. Tokens: lowercase word tokens, ``n't`` read as ``not``; content tokens drop a small stop-word list.
2. ``overlap`` = fraction of the hypothesis's content tokens that occur in the premise (0 when the
   hypothesis has none).
3. ``negation`` = 1 when the premise and hypothesis differ in the parity of negation cues
   (not, no, never, none, nobody, nothing, neither, nor, without, deny/denies/denied/denying).
4. ``numbers`` = 1 when both sides mention numbers and some hypothesis number is absent from the premise.
5. Logits: contradiction ``= 3.0 * overlap * (negation + numbers) - 1.5``; entailment
   ``= 6.0 * (overlap - 0.75) - 3.0 * (negation + numbers)``; neutral ``= 0``; probabilities = softmax.
   So a conflict cue only counts when the two sentences are about the same thing (high overlap), and a
   fully covered hypothesis without conflict cues is entailment.

:class:`EmbeddingBaseline`: cosine ``s`` of the two sentences' embeddings; entailment ``= sigmoid(scale *
(s - center))``, neutral = the rest, contradiction = 0 always. Similarity can't see contradiction, which is
the point of the baseline: it shows what retrieval alone would flag.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, Sequence

import numpy as np

__all__ = ["LexicalBaseline", "EmbeddingBaseline", "load_model", "BASELINE_NAMES"]

logger = logging.getLogger(__name__)

BASELINE_NAMES = ("lexical", "embedding")
_TOKEN = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = frozenset("not no never none nobody nothing neither nor without deny denies denied denying".split())
_STOP = frozenset(("a an the of to in on at by for with and or is are was were be been being it its this that "
                   "these those as from has have had do does did will would can could there their they he she "
                   "his her we our you i s").split())


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("n't", " not"))


def lexical_features(premise: str, hypothesis: str) -> tuple[float, int, int]:
    """``(overlap, negation mismatch, number mismatch)`` of one pair, as defined in the module docstring."""
    p_tok, h_tok = _tokens(premise), _tokens(hypothesis)
    p_content = {t for t in p_tok if t not in _STOP and t not in _NEGATION}
    h_content = [t for t in h_tok if t not in _STOP and t not in _NEGATION]
    overlap = sum(t in p_content for t in h_content) / len(h_content) if h_content else 0.0
    negation = int(sum(t in _NEGATION for t in p_tok) % 2 != sum(t in _NEGATION for t in h_tok) % 2)
    p_num = {n.replace(",", "") for n in _NUMBER.findall(premise)}
    h_num = {n.replace(",", "") for n in _NUMBER.findall(hypothesis)}
    numbers = int(bool(p_num) and bool(h_num) and not h_num <= p_num)
    return overlap, negation, numbers


def _softmax(z: np.ndarray) -> np.ndarray:
    z = np.exp(z - z.max(1, keepdims=True))
    return (z / z.sum(1, keepdims=True)).astype(np.float32)


class LexicalBaseline:
    """Negation / number mismatch and token-overlap heuristic (rules in the module docstring)."""

    name = "lexical"

    def predict_proba(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32,
                      show_progress: bool | None = None) -> np.ndarray:
        """``(n, 3)`` float32 probabilities; ``batch_size``/``show_progress`` are accepted and ignored."""
        logits = np.zeros((len(pairs), 3))
        for i, (premise, hypothesis) in enumerate(pairs):
            overlap, negation, numbers = lexical_features(premise, hypothesis)
            conflict = negation + numbers
            logits[i] = (6.0 * (overlap - 0.75) - 3.0 * conflict, 0.0, 3.0 * overlap * conflict - 1.5)
        return _softmax(logits) if len(pairs) else np.zeros((0, 3), np.float32)


class EmbeddingBaseline:
    """Entailment from embedding cosine similarity only; never predicts contradiction.

    Args:
        encode: ``f(texts) -> (n, d)`` L2-normalised float array; defaults to
            ``detector.embed.Embedder().encode`` (loaded on first use).
        center, scale: the similarity at which entailment is 0.5, and the sigmoid's slope.
    """

    name = "embedding"

    def __init__(self, encode: Callable[[list[str]], np.ndarray] | None = None, center: float = 0.7,
                 scale: float = 12.0) -> None:
        self.encode = encode
        self.center = center
        self.scale = scale

    def predict_proba(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32,
                      show_progress: bool | None = None) -> np.ndarray:
        """``(n, 3)`` float32 probabilities with a zero contradiction column."""
        if not pairs:
            return np.zeros((0, 3), np.float32)
        if self.encode is None:
            from detector.embed import Embedder

            self.encode = Embedder().encode
        texts = list(dict.fromkeys(t for pair in pairs for t in pair))
        emb = np.asarray(self.encode(texts), float)
        row = {t: i for i, t in enumerate(texts)}
        sims = np.array([emb[row[p]] @ emb[row[h]] for p, h in pairs])
        ent = 1.0 / (1.0 + np.exp(-self.scale * (sims - self.center)))
        return np.stack([ent, 1.0 - ent, np.zeros_like(ent)], axis=1).astype(np.float32)


def load_model(name: str | None) -> Any:
    """Resolve a model name: ``"default"``/None (the project's offline model), ``"int8"`` (its quantized
    ONNX), ``"lexical"``, ``"embedding"``, or any Hugging Face cross-encoder name or local path.

    Raises:
        whatever :func:`detector.nli.load_nli` raises for an unknown or unavailable model.
    """
    if name == "lexical":
        return LexicalBaseline()
    if name == "embedding":
        return EmbeddingBaseline()
    from detector.nli import load_nli

    return load_nli(None if name in (None, "", "default") else name)
