"""Flag audit on real news: the pipeline's findings on FNC-1 article bodies against hand labels of flags.

The hand-written gold corpora (``datasets/demo``, ``heldout*``) are short, clean news; on real articles
(opinion, quotes, asides) the pipeline flags far more. There is no full gold for real news here, so this
measures what can be measured: each flag a session has read is labelled ``conflict`` (the two claims cannot
both be true of the same thing) or ``no_conflict``, and a run reports

- precision over the labelled flags it makes (``conflict`` / labelled),
- how many labelled conflicts it still finds (a relative recall: of the conflicts known so far),
- and the flags nobody has labelled yet, listed for the next reader (a rule that adds flags shows up here).

Documents: the bodies of FNC-1's ``train_bodies.csv`` (Fake News Challenge, read from its path, never
copied), shuffled with ``random.Random(seed)`` and cut to ``[offset, offset + n)``; each body is one source
(``body-<Body ID>``), its id ``b<Body ID>``. A label names the two claim ids and a short SHA-1 of each claim's
text, so a label whose claim ids now point at other sentences (a segmenter change) is reported, not matched.

Label files: jsonl, one ``{"a", "b", "a_sha1", "b_sha1", "label", "note"}`` per flag (``label`` one of
:data:`LABELS`). ``datasets/news_audit/`` holds a dev part (bodies 0-40: rules may be tuned on it) and a
held-out part (bodies 40-80: only measured).
"""

from __future__ import annotations

import csv
import hashlib
import logging
import random
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from detector.jsonl import iter_jsonl
from detector.records import Document, Finding

__all__ = ["LABELS", "SCORE_FLOORS", "load_fnc1_bodies", "read_labels", "text_sha1", "audit_findings", "run_audit"]

logger = logging.getLogger(__name__)

#: Labels of a flag: the claims conflict, or they do not (compatible, unrelated, or not about one thing).
LABELS = ("conflict", "no_conflict")


def text_sha1(text: str) -> str:
    """The first 12 hex digits of the SHA-1 of ``text`` with whitespace collapsed."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def load_fnc1_bodies(path: str | Path, *, n: int, offset: int = 0, seed: int = 7) -> list[Document]:
    """Bodies ``[offset, offset + n)`` of an FNC-1 bodies CSV (columns ``Body ID``, ``articleBody``) after a
    seeded shuffle, as :class:`~detector.records.Document` (id ``b<Body ID>``, source ``body-<Body ID>``).

    Raises:
        FileNotFoundError: ``path`` does not exist; ValueError: the CSV lacks those columns.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and not {"Body ID", "articleBody"} <= set(rows[0]):
        raise ValueError(f"{path}: expected columns 'Body ID' and 'articleBody', found {sorted(rows[0])}")
    random.Random(seed).shuffle(rows)
    return [Document(id=f"b{r['Body ID']}", text=r["articleBody"], source=f"body-{r['Body ID']}")
            for r in rows[offset:offset + n]]


def read_labels(path: str | Path) -> dict[frozenset[str], dict]:
    """Labelled flags by their unordered pair of claim ids. Bad lines (missing keys, unknown label) are
    skipped with a warning naming the file and line.

    Raises:
        FileNotFoundError: ``path`` does not exist.
    """
    labels: dict[frozenset[str], dict] = {}
    for line_no, obj in iter_jsonl(path):
        if not all(k in obj for k in ("a", "b", "label")) or obj["label"] not in LABELS or obj["a"] == obj["b"]:
            logger.warning("%s:%d: skipped label (needs distinct 'a', 'b' and a label in %s)", path, line_no, LABELS)
            continue
        labels[frozenset((obj["a"], obj["b"]))] = obj
    return labels


#: Score floors of the precision table: what raising the verdict threshold would leave.
SCORE_FLOORS = (0.5, 0.6, 0.7, 0.8, 0.9)


def audit_findings(findings: Sequence[Finding], labels: dict[frozenset[str], dict],
                   floors: Sequence[float] = SCORE_FLOORS) -> dict[str, Any]:
    """Score ``findings`` against labelled flags.

    Returns:
        ``{"n_flags", "n_labelled", "n_conflict", "precision_labelled" (conflict / labelled, 0.0 when none),
        "n_known_conflicts", "known_conflicts_found" (fraction of the label file's conflicts flagged),
        "n_unlabelled", "n_stale" (labelled ids whose text hash differs: the claim ids moved), "unlabelled":
        [{"a", "b", "a_sha1", "b_sha1", "verdict", "score", "reason", "a_text", "b_text"}, ...],
        "missed_conflicts": [{"a", "b", "note"}, ...] (labelled conflicts not flagged),
        "by_score": [{"floor", "n_flags", "n_labelled", "n_conflict", "precision_labelled"}, ...] (the flags
        scoring at least each of ``floors``: what a higher verdict threshold would report)}``.
    """
    labelled = conflict = stale = 0
    found: set[frozenset[str]] = set()
    unlabelled = []
    scored: list[tuple[float, str | None]] = []  # (score, label or None) per flag
    for f in findings:
        key = frozenset((f.a.id, f.b.id))
        label = labels.get(key)
        hashes = {f.a.id: text_sha1(f.a.text), f.b.id: text_sha1(f.b.text)}
        if label is not None and all(label.get(f"{side}_sha1") in (None, hashes[label[side]]) for side in "ab"):
            labelled += 1
            conflict += label["label"] == "conflict"
            found.add(key)
            scored.append((f.score, label["label"]))
            continue
        scored.append((f.score, None))
        stale += label is not None
        unlabelled.append({"a": f.a.id, "b": f.b.id, "a_sha1": hashes[f.a.id], "b_sha1": hashes[f.b.id],
                           "verdict": f.verdict, "score": f.score, "reason": f.reason,
                           "a_text": f.a.text, "b_text": f.b.text})
    known = [k for k, v in labels.items() if v["label"] == "conflict"]
    return {"n_flags": len(findings), "n_labelled": labelled, "n_conflict": conflict,
            "precision_labelled": conflict / labelled if labelled else 0.0,
            "n_known_conflicts": len(known),
            "known_conflicts_found": sum(k in found for k in known) / len(known) if known else 0.0,
            "n_unlabelled": len(unlabelled), "n_stale": stale, "unlabelled": unlabelled,
            "missed_conflicts": [{"a": labels[k]["a"], "b": labels[k]["b"], "note": labels[k].get("note", "")}
                                 for k in known if k not in found],
            "by_score": [_floor_row(scored, floor) for floor in floors]}


def _floor_row(scored: list[tuple[float, str | None]], floor: float) -> dict[str, Any]:
    above = [label for score, label in scored if score >= floor]
    labelled = [label for label in above if label is not None]
    n_conflict = labelled.count("conflict")
    return {"floor": floor, "n_flags": len(above), "n_labelled": len(labelled), "n_conflict": n_conflict,
            "precision_labelled": n_conflict / len(labelled) if labelled else 0.0}


def run_audit(bodies: str | Path, labels_path: str | Path, *, n: int, offset: int = 0, seed: int = 7,
              model: str | None = None, threshold: float | None = None,
              detector_options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Run :class:`detector.pipeline.Detector` on FNC-1 bodies ``[offset, offset + n)`` and audit its flags
    against ``labels_path`` (:func:`audit_findings`), adding ``"n_documents"``, ``"n_claims"``,
    ``"n_pairs_scored"`` and ``"seconds"``. ``detector_options``: further Detector keyword arguments
    (``combine``, ``one_way_max_words``, ...).

    Raises:
        FileNotFoundError: a file is missing; ValueError: a malformed bodies CSV.
    """
    from detector.pipeline import Detector

    labels = read_labels(labels_path)
    documents = load_fnc1_bodies(bodies, n=n, offset=offset, seed=seed)
    start = time.perf_counter()
    detector = Detector(nli_model=None if model in (None, "default") else model,
                        **({"threshold": threshold} if threshold is not None else {}), **(detector_options or {}))
    report = detector.run(documents)
    result = audit_findings(report.findings, labels)
    result.update({"n_documents": len(documents), "n_claims": report.n_claims,
                   "n_pairs_scored": report.n_pairs_scored, "seconds": time.perf_counter() - start})
    return result
