"""End-to-end evaluation: run the pipeline on a document collection and score the flagged pairs against
gold pairs at the pair level.

Gold file: one unordered pair a line, ``{"a": ID, "b": ID}`` with optional ``"label"`` (e.g. the kind of
conflict); an ID is a claim id (``"<doc id>:<n>"``) or a document id. A flagged pair matches a gold pair
when each side's claim id or document id equals one gold id (in either order).
:func:`match_pairs` is the pure part and works on ids only.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from detector.jsonl import iter_jsonl

__all__ = ["GoldPair", "FlaggedPair", "read_gold", "match_pairs", "run_corpus"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GoldPair:
    """One expected conflict: ids ``a`` and ``b`` (claim or document ids), optional ``label``."""

    a: str
    b: str
    label: str | None = None


@dataclass(frozen=True)
class FlaggedPair:
    """One flagged pair as ids: each side's claim id and document id, the verdict and score, and the
    two claim texts (for the error lists)."""

    a_id: str
    a_doc: str
    b_id: str
    b_doc: str
    verdict: str = ""
    score: float = 0.0
    a_text: str = ""
    b_text: str = ""


def read_gold(path: str | Path) -> list[GoldPair]:
    """Read a gold jsonl file; bad lines are skipped with a warning naming file and line.

    Raises:
        FileNotFoundError: ``path`` does not exist.
    """
    gold: list[GoldPair] = []
    for line_no, obj in iter_jsonl(path):
        try:
            a, b = str(obj["a"]).strip(), str(obj["b"]).strip()
        except KeyError as exc:
            logger.warning("%s:%d: skipped gold pair (missing %s)", path, line_no, exc)
            continue
        if not a or not b or a == b:
            logger.warning("%s:%d: skipped gold pair (empty or identical ids)", path, line_no)
            continue
        label = obj.get("label")
        gold.append(GoldPair(a, b, str(label) if label is not None else None))
    return gold


def _side_matches(claim_id: str, doc_id: str, gold_id: str) -> bool:
    return claim_id == gold_id or doc_id == gold_id


def _matches(f: FlaggedPair, g: GoldPair) -> bool:
    return ((_side_matches(f.a_id, f.a_doc, g.a) and _side_matches(f.b_id, f.b_doc, g.b))
            or (_side_matches(f.a_id, f.a_doc, g.b) and _side_matches(f.b_id, f.b_doc, g.a)))


def match_pairs(*, flagged: Sequence[FlaggedPair], gold: Sequence[GoldPair],
                texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Pair-level precision / recall of ``flagged`` against ``gold``.

    Precision = flagged pairs matching some gold pair / flagged pairs; recall = gold pairs matched by
    some flagged pair / gold pairs (0.0 when the denominator is 0).

    Args:
        texts: id -> text, used to show the missed gold pairs' texts (missing ids get None).

    Returns:
        ``{"precision", "recall", "f1", "n_flagged", "n_gold", "n_true_positive_flags", "n_gold_found",
        "per_label_recall" (when any gold pair has a label), "missed": [...], "false_positives": [...]}``.
    """
    texts = texts or {}
    found = [any(_matches(f, g) for f in flagged) for g in gold]
    tp_flags = [any(_matches(f, g) for g in gold) for f in flagged]
    precision = sum(tp_flags) / len(flagged) if flagged else 0.0
    recall = sum(found) / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out: dict[str, Any] = {
        "precision": precision, "recall": recall, "f1": f1, "n_flagged": len(flagged), "n_gold": len(gold),
        "n_true_positive_flags": sum(tp_flags), "n_gold_found": sum(found),
    }
    labels = sorted({g.label for g in gold if g.label is not None})
    if labels:
        out["per_label_recall"] = {
            lab: {"n": n, "recall": sum(ok for ok, g in zip(found, gold, strict=True) if g.label == lab) / n}
            for lab in labels for n in [sum(g.label == lab for g in gold)]}
    out["missed"] = [{"a": g.a, "b": g.b, "label": g.label, "a_text": texts.get(g.a), "b_text": texts.get(g.b)}
                     for ok, g in zip(found, gold, strict=True) if not ok]
    out["false_positives"] = [{"a": f.a_id, "b": f.b_id, "verdict": f.verdict, "score": f.score,
                               "a_text": f.a_text, "b_text": f.b_text}
                              for ok, f in zip(tp_flags, flagged, strict=True) if not ok]
    return out


def _gold_texts(documents: Sequence[Any], claims: Sequence[Any], gold: Sequence[GoldPair]) -> dict[str, str]:
    """Texts of the gold ids: document ids map to the document text, claim ids to the run's claim (a gold
    id the run dropped as a non-claim has no text)."""
    ids = {x for g in gold for x in (g.a, g.b)}
    texts = {d.id: d.text for d in documents if d.id in ids}
    texts.update({c.id: c.text for c in claims if c.id in ids})
    return texts


def run_corpus(docs: str | Path, gold_path: str | Path, *, model: str | None = None, k: int | None = None,
               min_similarity: float | None = None, threshold: float | None = None,
               detector_options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Run :class:`detector.pipeline.Detector` on ``docs`` and score it against ``gold_path``.

    Args:
        model: NLI model name passed to the Detector (None / "default": the project's default).
        k, min_similarity, threshold: Detector options; None keeps the Detector's own default.
        detector_options: further :class:`~detector.pipeline.Detector` keyword arguments (``combine``,
            ``one_way_max_words``, ...).

    Returns:
        :func:`match_pairs`'s dict plus ``"n_documents"``, ``"n_claims"``, ``"n_pairs_scored"``,
        ``"seconds"``.

    Raises:
        FileNotFoundError: a file is missing; ValueError: no documents could be read.
    """
    from detector.ingest import load_documents
    from detector.pipeline import Detector

    gold = read_gold(gold_path)
    documents = load_documents([docs]).documents
    if not documents:
        raise ValueError(f"{docs}: no documents could be read")
    start = time.perf_counter()
    options = {key: value for key, value in
               {"k": k, "min_similarity": min_similarity, "threshold": threshold}.items() if value is not None}
    detector = Detector(nli_model=None if model in (None, "default") else model, **options,
                        **(detector_options or {}))
    report = detector.run(documents)
    seconds = time.perf_counter() - start
    flagged = [FlaggedPair(f.a.id, f.a.doc_id, f.b.id, f.b.doc_id, f.verdict, float(f.score), f.a.text, f.b.text)
               for f in report.findings]
    result = match_pairs(flagged=flagged, gold=gold, texts=_gold_texts(documents, report.claims, gold))
    result.update({"n_documents": len(documents), "n_claims": getattr(report, "n_claims", None),
                   "n_pairs_scored": getattr(report, "n_pairs_scored", None), "seconds": seconds})
    return result
