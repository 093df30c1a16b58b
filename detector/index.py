"""Nearest-neighbour index over claim embeddings with faiss (inner product = cosine on unit vectors).

``kind="auto"`` picks exact search (``IndexFlatIP``) up to :data:`EXACT_MAX` vectors and an HNSW graph
(``IndexHNSWFlat``, M=32, efSearch=128) beyond; ``"flat"``, ``"hnsw"`` and ``"ivf"`` (``IndexIVFFlat`` with
about 4·sqrt(n) lists, nprobe=16) force a kind.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import faiss

__all__ = ["build_index", "search", "EXACT_MAX", "INDEX_KINDS"]

logger = logging.getLogger(__name__)

EXACT_MAX = 50_000
INDEX_KINDS = ("auto", "flat", "hnsw", "ivf")


def build_index(embeddings: np.ndarray, *, kind: str = "auto") -> "faiss.Index":
    """Build an inner-product index over ``embeddings`` (float32, (n, d), rows L2-normalised).

    Raises:
        ValueError: unknown ``kind`` or embeddings not a 2-d array.
    """
    import faiss

    if kind not in INDEX_KINDS:
        raise ValueError(f"Unknown index kind {kind!r}; `kind` should be one of {INDEX_KINDS}.")
    x = np.ascontiguousarray(embeddings, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"embeddings must be a 2-d array, got shape {x.shape}")
    n, dim = x.shape
    if kind == "auto":
        kind = "flat" if n <= EXACT_MAX else "hnsw"
    if kind == "flat" or n == 0:
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
    else:
        nlist = max(1, min(n // 39, int(4 * math.sqrt(n))))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(x)
        index.nprobe = min(nlist, 16)
    index.add(x)
    logger.debug("built %s index over %d vectors", kind, n)
    return index


def search(index: "faiss.Index", queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (similarities float32 (m, k), ids int64 (m, k)); missing neighbours have id -1."""
    k = max(1, min(k, index.ntotal))
    sims, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
    return sims, ids
