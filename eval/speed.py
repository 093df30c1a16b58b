"""Speed and scaling: end-to-end claims/s and peak memory on generated corpora of growing size, NLI
pairs/s, how time grows with size, and the candidate recall of kNN against all pairs.

Each corpus size runs in its own Python subprocess so its peak RSS (``ru_maxrss``) is its own.
:func:`generate_corpus` is deterministic in its seed; :func:`knn_recall_from_embeddings` and
:func:`growth_exponent` are pure and work on arrays.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

__all__ = ["generate_corpus", "growth_exponent", "knn_recall_from_embeddings", "measure_pipeline",
           "measure_nli", "measure_knn_recall", "run_speed"]

logger = logging.getLogger(__name__)

_SOURCES = ["Reuters", "TASS", "Ukrinform", "AP", "BBC", "Al Jazeera", "Xinhua", "AFP"]
_ACTORS = ["the defense ministry", "the army", "the interior ministry", "the governor", "the regional council",
           "the prime minister", "the opposition party", "the central bank", "the police", "the UN mission"]
_PLACES = ["Chasiv Yar", "Kherson", "Pokrovsk", "Avdiivka", "Bakhmut", "Kupiansk", "Vuhledar", "Toretsk",
           "Lyman", "Zaporizhzhia", "Odesa", "Sumy"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_TEMPLATES = [
    "{actor} said its forces captured {place} on {day}.",
    "{actor} denied that its forces had captured {place}.",
    "{actor} said {n} people were killed in shelling of {place} on {day}.",
    "{actor} reported that {n} civilians were evacuated from {place}.",
    "{actor} announced a curfew in {place} starting {day}.",
    "{actor} said the bridge near {place} was destroyed on {day}.",
    "{actor} said the bridge near {place} remains intact.",
    "According to {actor}, {n} drones were shot down over {place} overnight.",
    "{actor} said power was restored to {n} homes in {place}.",
    "{actor} said talks on a ceasefire around {place} would resume on {day}.",
    "{actor} rejected reports that {place} had been encircled.",
    "Officials in {place} said {n} buildings were damaged on {day}.",
]


def generate_corpus(n_claims: int, *, seed: int = 0, sentences_per_doc: int = 5) -> list:
    """About ``n_claims`` sentences of templated news-like text in documents of ``sentences_per_doc``
    sentences, spread over several sources and dates, deterministic in ``seed``.

    Returns:
        ``list[detector.records.Document]`` (ids ``"synth-<n>"``).
    """
    import datetime as dt

    from detector.records import Document

    rng = random.Random(seed)
    docs = []
    for d in range((n_claims + sentences_per_doc - 1) // sentences_per_doc):
        sentences = []
        for _ in range(sentences_per_doc):
            text = rng.choice(_TEMPLATES).format(actor=rng.choice(_ACTORS), place=rng.choice(_PLACES),
                                                 day=rng.choice(_DAYS), n=rng.randint(2, 400))
            sentences.append(text[0].upper() + text[1:])
        docs.append(Document(id=f"synth-{d}", text=" ".join(sentences), source=rng.choice(_SOURCES),
                             date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 180))))
    return docs


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.)\s+", text) if s]


def growth_exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float | None:
    """Least-squares exponent ``a`` of ``seconds ~ size**a`` (log-log fit); None with fewer than two
    distinct sizes or non-positive values."""
    pts = [(s, t) for s, t in zip(sizes, seconds, strict=False) if s and t and s > 0 and t > 0]
    if len({s for s, _ in pts}) < 2:
        return None
    x, y = np.log([s for s, _ in pts]), np.log([t for _, t in pts])
    return float(np.polyfit(x, y, 1)[0])


def measure_pipeline(n_claims: int, *, model: str | None = None, seed: int = 0, k: int = 10) -> dict[str, Any]:
    """Run the full pipeline on a generated corpus in this process, after an untimed warm-up run on a
    10-claim corpus that loads the models.

    Returns:
        ``{"n_claims", "n_documents", "n_pairs_scored", "n_findings", "seconds", "warmup_seconds",
        "claims_per_second", "pairs_per_second", "peak_rss_mb"}`` (peak RSS of this process so far, in MiB).
    """
    import resource

    from detector.pipeline import Detector

    docs = generate_corpus(n_claims, seed=seed)
    detector = Detector(nli_model=None if model in (None, "default") else model, k=k)
    start = time.perf_counter()
    detector.run(generate_corpus(10, seed=seed + 1))  # loads the models; not part of the timed run
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    report = detector.run(docs)
    seconds = time.perf_counter() - start
    claims = int(getattr(report, "n_claims", n_claims))
    pairs = int(getattr(report, "n_pairs_scored", 0))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n_claims": claims, "n_documents": len(docs), "n_pairs_scored": pairs,
            "n_findings": len(report.findings), "seconds": seconds, "warmup_seconds": load_seconds,
            "claims_per_second": claims / seconds, "pairs_per_second": pairs / seconds, "peak_rss_mb": rss_mb}


def _measure_in_subprocess(n_claims: int, *, model: str | None, seed: int, k: int) -> dict[str, Any]:
    code = ("import json, sys; from eval.speed import measure_pipeline; "
            "print(json.dumps(measure_pipeline(int(sys.argv[1]), model=sys.argv[2] or None, "
            "seed=int(sys.argv[3]), k=int(sys.argv[4]))))")
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-c", code, str(n_claims), model or "", str(seed), str(k)],
                          capture_output=True, text=True, cwd=root, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"speed run for {n_claims} claims failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure_nli(model: Any, *, n_pairs: int = 512, seed: int = 0, batch_size: int = 32) -> dict[str, Any]:
    """NLI throughput on pairs of generated claim-length sentences (one warm-up batch not timed).

    Returns:
        ``{"n_pairs", "seconds", "pairs_per_second"}``.
    """
    sentences = [s for d in generate_corpus(2 * n_pairs, seed=seed) for s in _sentences(d.text)]
    rng = random.Random(seed)
    pairs = [(rng.choice(sentences), rng.choice(sentences)) for _ in range(n_pairs)]
    model.predict_proba(pairs[:batch_size], batch_size=batch_size, show_progress=False)
    start = time.perf_counter()
    model.predict_proba(pairs, batch_size=batch_size, show_progress=False)
    seconds = time.perf_counter() - start
    return {"n_pairs": n_pairs, "seconds": seconds, "pairs_per_second": n_pairs / seconds}


def knn_recall_from_embeddings(embeddings: np.ndarray, groups: Sequence[str], *, k: int = 10,
                               min_similarity: float = 0.3,
                               knn: Callable[..., list] | None = None) -> dict[str, Any]:
    """Recall of the kNN candidate pairs against brute-force all pairs on the same ``(n, d)`` L2-normalised
    embeddings (cross-group pairs only).

    Returns:
        ``{"n_claims", "n_knn_pairs", "n_pairs_above_floor", "recall_above_floor" (share of all cross-group
        pairs with similarity >= min_similarity that kNN found), "recall_top_n" (share of the N most similar
        cross-group pairs found, N = number of kNN pairs), "knn_seconds", "all_pairs_seconds"}``.
    """
    if knn is None:
        from detector.candidates import knn_pairs as knn
    emb = np.asarray(embeddings, np.float32)
    start = time.perf_counter()
    found = {(p.i, p.j) for p in knn(emb, list(groups), k=k, min_similarity=min_similarity)}
    knn_seconds = time.perf_counter() - start
    start = time.perf_counter()
    sims = emb @ emb.T
    codes = np.unique(np.asarray(groups), return_inverse=True)[1]
    iu, ju = np.triu_indices(len(emb), 1)
    cross = codes[iu] != codes[ju]
    iu, ju, s = iu[cross], ju[cross], sims[iu[cross], ju[cross]]
    all_seconds = time.perf_counter() - start
    above = s >= min_similarity
    found_mat = np.zeros((len(emb), len(emb)), dtype=bool)
    if found:
        fi, fj = np.array(sorted(found)).T
        found_mat[fi, fj] = True
    hit = found_mat[iu, ju]
    top = np.argsort(-s, kind="stable")[: len(found)]
    return {"n_claims": len(emb), "k": k, "min_similarity": min_similarity, "n_knn_pairs": len(found),
            "n_pairs_above_floor": int(above.sum()),
            "recall_above_floor": float(hit[above].mean()) if above.any() else None,
            "recall_top_n": float(hit[top].mean()) if len(top) else None,
            "knn_seconds": knn_seconds, "all_pairs_seconds": all_seconds}


def measure_knn_recall(n_claims: int = 2000, *, k: int = 10, min_similarity: float = 0.3,
                       seed: int = 0) -> dict[str, Any]:
    """:func:`knn_recall_from_embeddings` on the sentences of a generated corpus (group = source),
    embedded with :class:`detector.embed.Embedder`; adds ``"embed_seconds"``."""
    from detector.embed import Embedder

    texts, groups = [], []
    for doc in generate_corpus(n_claims, seed=seed):
        for sentence in _sentences(doc.text):
            texts.append(sentence)
            groups.append(doc.source)
    start = time.perf_counter()
    emb = Embedder().encode(texts[:n_claims])
    embed_seconds = time.perf_counter() - start
    result = knn_recall_from_embeddings(emb, groups[:n_claims], k=k, min_similarity=min_similarity)
    return {**result, "embed_seconds": embed_seconds}


def run_speed(*, sizes: Sequence[int] = (1000, 10000), model: str | None = None, knn_claims: int = 2000,
              k: int = 10, seed: int = 0) -> dict[str, Any]:
    """All speed measurements: one subprocess per size, NLI pairs/s, kNN recall.

    Returns:
        ``{"nli_pairs_per_second", "nli", "runs": [measure_pipeline dicts], "time_exponent",
        "knn_recall"}``.
    """
    from eval.baselines import load_model

    runs = []
    for n in sizes:
        logger.info("speed: pipeline on %d claims", n)
        runs.append(_measure_in_subprocess(n, model=model, seed=seed, k=k))
    nli = measure_nli(load_model(model), seed=seed)
    return {"nli_pairs_per_second": nli["pairs_per_second"], "nli": nli, "runs": runs,
            "time_exponent": growth_exponent([r["n_claims"] for r in runs], [r["seconds"] for r in runs]),
            "knn_recall": measure_knn_recall(knn_claims, k=k, seed=seed) if knn_claims > 0 else None}
