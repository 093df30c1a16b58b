"""Readers for the pair files the harness evaluates on.

Supported formats (detected by extension, then by the keys of the first JSON row):

* shared jsonl: ``{"id", "premise", "hypothesis", "label"}``, label ``entailment | neutral |
  contradiction`` or two-way ``entailment | not_entailment``; an optional ``"phenomenon"`` key is kept.
* SNLI / MultiNLI jsonl: ``sentence1``, ``sentence2``, ``gold_label`` (rows with ``"-"`` skipped),
  id from ``pairID`` when present.
* ANLI jsonl: ``context``, ``hypothesis``, ``label`` in ``e | n | c``, id from ``uid``.
* SICK ``.txt``: tab-separated with a header holding ``pair_ID``, ``sentence_A``, ``sentence_B``,
  ``entailment_judgment`` (``ENTAILMENT | NEUTRAL | CONTRADICTION``).
* FNC-1 ``.csv``: stances file (``Headline``, ``Body ID``, ``Stance``) with the bodies file next to it
  (``X_stances.csv`` -> ``X_bodies.csv``, else the only ``*_bodies.csv`` in the folder). The body is the
  premise (always marked long), the headline the hypothesis; agree -> entailment, disagree ->
  contradiction, discuss / unrelated -> neutral.

Every premise and hypothesis goes through :func:`detector.text.normalize_text`. Bad rows are skipped
with a warning naming the file and line; the rest is still read.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

from detector.jsonl import iter_jsonl
from detector.text import normalize_text

__all__ = ["Pair", "read_pairs", "THREE_WAY", "TWO_WAY", "LONG_PREMISE_WORDS"]

logger = logging.getLogger(__name__)

THREE_WAY = ("entailment", "neutral", "contradiction")
TWO_WAY = ("entailment", "not_entailment")
#: Premises with more whitespace-separated words than this are flagged ``premise_is_long``.
LONG_PREMISE_WORDS = 200

_ANLI = {"e": "entailment", "n": "neutral", "c": "contradiction"}


@dataclass(frozen=True)
class Pair:
    """One labelled premise/hypothesis pair.

    Attributes:
        id: the row's id (or ``"<file stem>-<line>"``).
        premise, hypothesis: normalised text.
        label: one of :data:`THREE_WAY` or ``"not_entailment"``.
        premise_is_long: True when the premise should be scored in windows
            (:func:`detector.nli.predict_proba_long`) rather than truncated.
        phenomenon: the row's ``"phenomenon"`` key (generated test sets), else None.
    """

    id: str
    premise: str
    hypothesis: str
    label: str
    premise_is_long: bool = False
    phenomenon: str | None = None


def read_pairs(path: str | Path) -> list[Pair]:
    """Read one pair file in any supported format.

    Args:
        path: a ``.jsonl``/``.json`` (shared, SNLI/MultiNLI, ANLI), ``.txt`` (SICK) or ``.csv`` (FNC-1)
            file.

    Returns:
        The valid rows in file order.

    Raises:
        FileNotFoundError: ``path`` (or an FNC-1 bodies file) does not exist.
        ValueError: unknown extension, unrecognised jsonl keys, or a SICK/FNC-1 header lacking columns.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"Pair file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json"):
        return _read_jsonl(path)
    if suffix == ".txt":
        return _read_sick(path)
    if suffix == ".csv":
        return _read_fnc(path)
    raise ValueError(f"Unsupported pair file {path}: extension {suffix!r}; expected .jsonl, .json, .txt or .csv")


def _make(path: Path, line: int, pid: object, premise: object, hypothesis: object, label: str,
          phenomenon: object = None, long: bool = False) -> Pair | None:
    prem = normalize_text(str(premise or ""))
    hyp = normalize_text(str(hypothesis or ""))
    if not prem or not hyp:
        logger.warning("%s:%d: skipped (empty premise or hypothesis)", path, line)
        return None
    if label not in THREE_WAY and label not in TWO_WAY:
        logger.warning("%s:%d: skipped (unknown label %r)", path, line, label)
        return None
    pid = str(pid) if pid not in (None, "") else f"{path.stem}-{line}"
    long = long or len(prem.split()) > LONG_PREMISE_WORDS
    return Pair(pid, prem, hyp, label, long, str(phenomenon) if phenomenon is not None else None)


def _read_jsonl(path: Path) -> list[Pair]:
    pairs: list[Pair] = []
    kind: str | None = None
    for line_no, obj in iter_jsonl(path):
        if kind is None:
            if {"sentence1", "sentence2", "gold_label"} <= obj.keys():
                kind = "snli"
            elif {"context", "hypothesis", "label"} <= obj.keys():
                kind = "anli"
            elif {"premise", "hypothesis", "label"} <= obj.keys():
                kind = "shared"
            else:
                raise ValueError(f"{path}:{line_no}: unrecognised pair keys {sorted(obj)}; expected "
                                 "premise/hypothesis/label, sentence1/sentence2/gold_label or context/hypothesis/label")
        try:
            if kind == "snli":
                label = str(obj["gold_label"]).strip().lower()
                if label == "-":
                    continue
                pair = _make(path, line_no, obj.get("pairID", obj.get("id")), obj["sentence1"], obj["sentence2"], label)
            elif kind == "anli":
                raw = str(obj["label"]).strip().lower()
                pair = _make(path, line_no, obj.get("uid", obj.get("id")), obj["context"], obj["hypothesis"],
                             _ANLI.get(raw, raw))
            else:
                pair = _make(path, line_no, obj.get("id"), obj["premise"], obj["hypothesis"],
                             str(obj["label"]).strip().lower(), obj.get("phenomenon"))
        except KeyError as exc:
            logger.warning("%s:%d: skipped (missing key %s)", path, line_no, exc)
            continue
        if pair is not None:
            pairs.append(pair)
    return pairs


def _read_sick(path: Path) -> list[Pair]:
    pairs: list[Pair] = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None) or []
        need = ("pair_ID", "sentence_A", "sentence_B", "entailment_judgment")
        missing = [col for col in need if col not in header]
        if missing:
            raise ValueError(f"{path}:1: SICK header lacks columns {missing}")
        idx = {col: header.index(col) for col in need}
        for line_no, row in enumerate(reader, 2):
            if not row or not any(row):
                continue
            if len(row) < len(header):
                logger.warning("%s:%d: skipped (%d columns, expected %d)", path, line_no, len(row), len(header))
                continue
            pair = _make(path, line_no, row[idx["pair_ID"]], row[idx["sentence_A"]], row[idx["sentence_B"]],
                         row[idx["entailment_judgment"]].strip().lower())
            if pair is not None:
                pairs.append(pair)
    return pairs


def _bodies_path(path: Path) -> Path:
    stem = path.stem
    if stem.endswith("_stances"):
        candidate = path.with_name(stem[: -len("_stances")] + "_bodies.csv")
        if candidate.is_file():
            return candidate
    found = sorted(path.parent.glob("*_bodies.csv"))
    if len(found) == 1:
        return found[0]
    raise FileNotFoundError(f"No FNC-1 bodies file for {path}: expected {stem.replace('_stances', '')}_bodies.csv "
                            "next to it")


def _read_fnc(path: Path) -> list[Pair]:
    from detector.training.stance import STANCE_TO_LABEL, read_fnc1

    labels = {**STANCE_TO_LABEL, "unrelated": "neutral"}  # evaluation keeps the unrelated pairs (a different story)
    pairs: list[Pair] = []
    for row in read_fnc1(path, _bodies_path(path)):
        if row.stance not in labels:
            logger.warning("%s:%d: skipped (unknown stance %r)", path, row.line, row.stance)
            continue
        pair = _make(path, row.line, f"{path.stem}-{row.line}", row.body, row.headline, labels[row.stance],
                     long=True)
        if pair is not None:
            pairs.append(pair)
    return pairs
