"""Candidate pairs: for each claim, its nearest claims from a different group, above a similarity floor.

A group is what must differ for two claims to be compared: by default (source, speaker), so claims from
different sources are compared, and within one document claims of different speakers are too. Never all
pairs: each claim contributes at most ``k`` pairs.
"""

from __future__ import annotations

from typing import Hashable, Sequence

import numpy as np

from detector.index import build_index, search
from detector.records import CandidatePair, Claim

__all__ = ["knn_pairs", "claim_group", "candidate_pairs", "speaker_key"]


_ORG_WORDS = {"ministry", "army", "command", "council", "commission", "office", "department", "agency", "party",
              "government", "forces", "force", "bank", "company", "group", "times", "news", "service", "staff",
              "committee", "court", "police", "union", "campaign", "authority", "authorities", "officials",
              "institute", "university", "board", "corporation", "press", "media", "guard", "navy"}


def speaker_key(speaker: str) -> str:
    """A comparison key for a speaker: lower-cased; a personal name of two or three capitalised words is
    reduced to its last word, so "Vladimir Putin" and "Putin" are one speaker."""
    words = speaker.strip().split()
    if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not _ORG_WORDS & {w.lower() for w in words}:
        return words[-1].lower()
    return " ".join(words).lower()


def claim_group(claim: Claim) -> tuple[str, str]:
    """The comparison group of a claim: (source, :func:`speaker_key` of the speaker, or of the source when
    unattributed or when the speaker is a pronoun attribution left unresolved: "he", "we", "i" with no named
    speaker before them, :data:`detector.attribution.PRONOUN_SPEAKERS`). Claims in the same group are never
    compared: a document's unknown "he" is not a side of a dispute within that document (on 40 FNC-1 news
    bodies each such within-document flag was a false one), though it is still compared with other sources."""
    from detector.attribution import PRONOUN_SPEAKERS

    speaker = claim.speaker if claim.speaker and claim.speaker.strip().lower() not in PRONOUN_SPEAKERS else None
    return claim.source, speaker_key(speaker or claim.source)


def knn_pairs(embeddings: np.ndarray, groups: Sequence[Hashable], *, k: int = 10, min_similarity: float = 0.35,
              index_kind: str = "auto") -> list[CandidatePair]:
    """Unordered, deduplicated pairs (i < j) of rows whose groups differ, each row paired with at most its
    ``k`` nearest other-group neighbours with cosine similarity >= ``min_similarity``.

    Args:
        embeddings: float32 (n, d), rows L2-normalised.
        groups: n hashable group keys; rows with equal keys are never paired.
        k: neighbours kept per row (after removing same-group ones).

    Returns:
        Pairs sorted by (i, j).

    Raises:
        ValueError: ``len(groups) != len(embeddings)`` or ``k < 1``.
    """
    n = len(embeddings)
    if len(groups) != n:
        raise ValueError(f"{len(groups)} groups for {n} embeddings")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if n < 2:
        return []
    index = build_index(embeddings, kind=index_kind)
    codes = np.unique(np.array([hash(g) for g in groups]), return_inverse=True)[1]
    best: dict[tuple[int, int], float] = {}
    rows = np.arange(n)
    depth = min(n, 4 * k + 8)
    while len(rows):
        sims, ids = search(index, embeddings[rows], depth)
        again = []
        for row, (row_sims, row_ids) in enumerate(zip(sims, ids)):
            i = int(rows[row])
            kept, exhausted = 0, False
            for sim, j in zip(row_sims, row_ids):
                if j < 0 or j == i or codes[j] == codes[i]:
                    continue
                if sim < min_similarity or kept >= k:
                    exhausted = True
                    break
                kept += 1
                key = (i, int(j)) if i < j else (int(j), i)
                best[key] = max(best.get(key, -1.0), float(sim))
            # A crowded own group can fill the whole result list: look deeper, up to every row.
            if not exhausted and kept < k and depth < n and row_sims[-1] >= min_similarity:
                again.append(i)
        rows = np.array(again, dtype=np.int64)
        depth = min(n, depth * 4)
    return [CandidatePair(i, j, s) for (i, j), s in sorted(best.items())]


def candidate_pairs(claims: Sequence[Claim], embeddings: np.ndarray, *, k: int = 10, min_similarity: float = 0.35,
                    index_kind: str = "auto") -> list[CandidatePair]:
    """kNN pairs across groups (:func:`claim_group`) plus every pair the attribution stage linked
    (a denial and the claim it denies), whatever their similarity."""
    pairs = {(p.i, p.j): p for p in knn_pairs(embeddings, [claim_group(c) for c in claims], k=k,
                                                 min_similarity=min_similarity, index_kind=index_kind)}
    position = {c.id: n for n, c in enumerate(claims)}
    for n, claim in enumerate(claims):
        m = position.get(claim.linked_to) if claim.linked_to else None
        if m is None or m == n:
            continue
        i, j = min(n, m), max(n, m)
        if (i, j) not in pairs:
            pairs[(i, j)] = CandidatePair(i, j, float(np.dot(embeddings[i], embeddings[j])))
    return [pairs[key] for key in sorted(pairs)]
