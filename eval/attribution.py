"""Per-field accuracy of :func:`detector.attribution.analyze_sentence` on a hand-labelled jsonl set.

Each line: ``{"sentence": str, "pub_date"?: "YYYY-MM-DD", "speaker": str | null, "stance": str,
"proposition": str}``. Scoring: speaker exact match after normalisation (case, leading "the", edge
punctuation; null == null); stance exact; proposition correct when token F1 >= 0.8 (the mean token F1 is
reported too).

Usage: ``python eval/attribution.py [PATH] [--out results.json] [--errors]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from detector.jsonl import iter_jsonl
from detector.report import write_atomic

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "datasets" / "attribution" / "attributed_sentences.jsonl"
F1_CORRECT = 0.8
_TOKEN = re.compile(r"[a-z0-9]+")


def normalize_speaker(speaker: str | None) -> str | None:
    """Lowercase, strip a leading "the" and edge punctuation; None and "" both give None."""
    if not speaker:
        return None
    s = re.sub(r"^the\s+", "", speaker.strip().lower()).strip(" .,;:'\"")
    return s or None


def token_f1(pred: str, gold: str) -> float:
    """Bag-of-tokens F1 (lowercase alphanumeric tokens) in [0, 1]; two empty strings give 1.0."""
    p, g = Counter(_TOKEN.findall(pred.lower())), Counter(_TOKEN.findall(gold.lower()))
    if not p and not g:
        return 1.0
    common = sum((p & g).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def load_rows(path: Path) -> list[dict[str, Any]]:
    """Valid rows of the jsonl file; a bad line is logged with file and line number and skipped."""
    rows = []
    for lineno, row in iter_jsonl(path):
        try:
            if not isinstance(row.get("sentence"), str) or row.get("stance") is None:
                raise ValueError("needs 'sentence' (str) and 'stance'")
            row["_pub"] = dt.date.fromisoformat(row["pub_date"]) if row.get("pub_date") else None
        except (ValueError, TypeError) as exc:
            logger.error("%s:%d: skipped bad row: %s", path, lineno, exc)
            continue
        row["_line"] = lineno
        rows.append(row)
    return rows


def evaluate(*, path: Path = DEFAULT_PATH) -> dict[str, Any]:
    """Run the attribution rules on every row of ``path`` and score them.

    Returns:
        ``{"n", "speaker_accuracy", "stance_accuracy", "proposition_accuracy", "proposition_f1_mean",
        "errors": [{"line", "sentence", "field", "gold", "pred"}...]}``; accuracies are floats in [0, 1].

    Raises:
        FileNotFoundError: ``path`` does not exist.
    """
    from detector.attribution import analyze_sentence
    from detector.nlp import load_spacy

    nlp = load_spacy()
    rows = load_rows(Path(path))
    hits = Counter()
    f1s: list[float] = []
    errors: list[dict[str, Any]] = []
    for row in rows:
        att = analyze_sentence(nlp(row["sentence"])[:], row["_pub"])
        f1 = token_f1(att.proposition, row.get("proposition") or "")
        f1s.append(f1)
        checks = {
            "speaker": (normalize_speaker(row.get("speaker")), normalize_speaker(att.speaker)),
            "stance": (row["stance"], att.stance),
            "proposition": (row.get("proposition"), att.proposition if f1 < F1_CORRECT else None),
        }
        for field, (gold, pred) in checks.items():
            ok = f1 >= F1_CORRECT if field == "proposition" else gold == pred
            hits[field] += ok
            if not ok:
                errors.append({"line": row["_line"], "sentence": row["sentence"], "field": field,
                               "gold": gold, "pred": pred})
    n = len(rows)
    return {
        "n": n,
        "speaker_accuracy": hits["speaker"] / n if n else 0.0,
        "stance_accuracy": hits["stance"] / n if n else 0.0,
        "proposition_accuracy": hits["proposition"] / n if n else 0.0,
        "proposition_f1_mean": sum(f1s) / n if n else 0.0,
        "errors": errors,
    }


def _provenance(path: Path) -> dict[str, Any]:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], check=False, capture_output=True, text=True, timeout=10,
                                cwd=Path(__file__).resolve().parent).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "git_commit": commit,
            "dataset": str(path)}


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    """CLI entry: evaluate, print the accuracies as JSON, optionally write them (with errors) to ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--out", type=Path, help="write the full result (with errors and provenance) here")
    parser.add_argument("--errors", action="store_true", help="also print each error")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not args.path.is_file():
        logger.error("no such dataset file: %s", args.path)
        return 2
    result = evaluate(path=args.path)
    result["provenance"] = _provenance(args.path)
    summary = {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()
               if k not in ("errors", "provenance")}
    print(json.dumps(summary, indent=2))
    if args.errors:
        for err in result["errors"]:
            print(json.dumps(err, ensure_ascii=False))
    if args.out:
        _write_atomic(args.out, result)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
