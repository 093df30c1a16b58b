"""Training data for the project's NLI model: the mixture, the held-out SNLI dev part, the manifest.

Rows are read in the shared format ``{"id", "premise", "hypothesis", "label"}`` (label one of
``entailment | neutral | contradiction``, or ``entailment | not_entailment`` for two-way sets).
Text is passed through :func:`detector.text.normalize_text` exactly as at inference time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from detector.jsonl import iter_jsonl, write_jsonl
from detector.resources import file_sha256
from detector.text import normalize_text

__all__ = ["Example", "read_pairs", "split_heldout", "config_heldout", "write_heldout", "build_mixture",
           "file_sha256"]

logger = logging.getLogger(__name__)

THREE_WAY = ("entailment", "neutral", "contradiction")
TWO_WAY = ("entailment", "not_entailment")


@dataclass(frozen=True)
class Example:
    """One training or evaluation pair. ``label`` is one of THREE_WAY or ``not_entailment``."""

    id: str
    premise: str
    hypothesis: str
    label: str
    source: str


def read_pairs(path: str | Path, source: str | None = None, *, phenomena: Collection[str] | None = None) -> list[Example]:
    """Read a jsonl pair file in the shared format; rows with an unknown label or empty text are skipped
    with a warning naming the file and line. With ``phenomena``, only rows whose ``phenomenon`` field (as
    written by the generators) is one of them are read.

    Raises:
        FileNotFoundError: ``path`` does not exist.
    """
    path = Path(path)
    source = source or path.stem
    rows: list[Example] = []
    for lineno, obj in iter_jsonl(path):
        if phenomena is not None and obj.get("phenomenon") not in phenomena:
            continue
        try:
            label = str(obj["label"]).strip().lower()
            premise = normalize_text(str(obj["premise"]))
            hypothesis = normalize_text(str(obj["hypothesis"]))
        except KeyError as exc:
            logger.warning("%s:%d: skipped (missing %s)", path, lineno, exc)
            continue
        if label not in THREE_WAY and label not in TWO_WAY or not premise or not hypothesis:
            logger.warning("%s:%d: skipped (label %r or empty text)", path, lineno, label)
            continue
        rows.append(Example(str(obj.get("id", f"{source}-{lineno}")), premise, hypothesis, label, source))
    return rows


def split_heldout(rows: list[Example], n_heldout: int) -> tuple[list[Example], list[Example]]:
    """Split ``rows`` into (train, heldout) by premise, so no premise is on both sides.

    Premises are ordered by the SHA-1 of their text and taken until at least ``n_heldout`` rows are held
    out; the split depends only on the data, not on a seed.
    """
    by_premise: dict[str, list[Example]] = {}
    for row in rows:
        by_premise.setdefault(row.premise, []).append(row)
    order = sorted(by_premise, key=lambda p: hashlib.sha1(p.encode("utf-8")).hexdigest())
    heldout: list[Example] = []
    train: list[Example] = []
    for premise in order:
        (heldout if len(heldout) < n_heldout else train).extend(by_premise[premise])
    return train, heldout


def config_heldout(config: dict, data_dir: str | Path) -> tuple[list[Example], list[Example]]:
    """(rest, heldout) of a training config's held-out file (``config["heldout"]``: ``{"file": name, "n": int}``,
    the file under ``data_dir``), split by :func:`split_heldout`; :func:`build_mixture` holds out these rows, and
    the split needs no run directory.

    Raises:
        KeyError: the config has no ``heldout`` entry.
        FileNotFoundError: the held-out file is not under ``data_dir``.
    """
    held = config["heldout"]
    return split_heldout(read_pairs(Path(data_dir) / held["file"]), held["n"])


def write_heldout(path: str | Path, rows: list[Example]) -> None:
    """Write held-out rows as a pair file (``id``, ``premise``, ``hypothesis``, ``label`` per line), atomically."""
    write_jsonl(path, ({"id": r.id, "premise": r.premise, "hypothesis": r.hypothesis, "label": r.label}
                       for r in rows))


def in_test_split(key: str, test_fraction: float) -> bool:
    """Whether a row keyed ``key`` (a premise, a document id) belongs to the test part of a split that keeps
    ``test_fraction`` of the keys: those whose SHA-1 (first 32 bits, as a fraction of 2**32 - 1) falls below
    it. Stable across runs, machines and row order, and all rows sharing a key fall on one side."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF < test_fraction


def write_splits(out_dir: str | Path, parts: dict[str, list[dict]], count_field: str) -> None:
    """Write each ``parts[name]`` to ``out_dir/name`` as jsonl (atomically), creating ``out_dir``, and log its
    row count per value of ``count_field``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in parts.items():
        write_jsonl(out_dir / name, rows)
        logger.info("%s: %d rows %s", name, len(rows), dict(Counter(r.get(count_field) for r in rows)))


def _resample(rows: list[Example], weight: float, rng: random.Random) -> list[Example]:
    """Whole copies for the integer part of ``weight``, a random sample for the fraction."""
    whole, frac = int(weight), weight - int(weight)
    out = rows * whole
    if frac > 0:
        out += rng.sample(rows, round(len(rows) * frac))
    return out


def _unseen(rows: list[Example], seen: set[tuple[str, str]]) -> list[Example]:
    """``rows`` whose (premise, hypothesis) is not in ``seen``."""
    return [r for r in rows if (r.premise, r.hypothesis) not in seen]


def build_mixture(config: dict, data_dir: Path, synth_dir: Path) -> tuple[list[Example], list[Example], dict]:
    """Build the training mixture and the held-out SNLI dev part from ``config``.

    ``config["sources"]`` is a list of ``{"file": name, "weight": float, "dir": "shared"|"synth"}``, optionally
    with ``"phenomena": [name, ...]`` to take only those generated rows (a file may be listed twice, to give
    rare phenomena extra weight);
    ``config["heldout"]`` is ``{"file": name, "n": int}`` (the held-out part is never trained on; the rest
    of that file is a source with ``config["heldout"]["train_weight"]``).
    ``config["reverse"]`` (optional) maps a label to a fraction in [0, 1]: for that share of the mixture's
    rows with the label (a seeded sample), the pair with premise and hypothesis swapped is added. A swapped
    contradiction stays a contradiction (two statements that cannot both be true of one situation conflict in
    either order); a swapped entailment or neutral pair is labelled neutral (the old hypothesis rarely says
    everything the old premise did; paraphrases, which entail both ways, are the exception and come out
    mislabelled). Swapping pairs to test and train against order artefacts: Wang et al. 2019, "What if We
    Simply Swap the Two Text Fragments?" (AAAI). Swap contradictions alone and the model learns that a pair
    shaped like a swapped one (short premise, long hypothesis) is a contradiction; swap the other labels too.
    The swapped rows get the id ``<id>:reversed`` and the source ``<source>+reversed``; the manifest counts
    them per original label.
    ``config["exclude_seen"]`` (optional) names an earlier stage's config file (relative to this package's
    ``configs/`` folder, or a path): its mixture is rebuilt from the same ``data_dir`` and ``synth_dir``
    (same seed, so the same rows) and the shared-data rows it used are dropped from this mixture's shared
    sources before their weights apply, so a second stage trains on rows the first never saw. Generated
    (``"dir": "synth"``) sources are not filtered. The manifest records the excluded config and how many
    rows each source lost.

    Returns:
        (train rows, held-out rows, manifest) where the manifest lists each file with its SHA-256,
        rows read and rows used.

    Raises:
        ValueError: a ``reverse`` fraction outside [0, 1] or a label other than entailment, neutral,
            contradiction.
    """
    seen: set[tuple[str, str]] = set()
    manifest: dict = {"files": []}
    if config.get("exclude_seen"):
        earlier_path = Path(config["exclude_seen"])
        if not earlier_path.is_file():
            earlier_path = Path(__file__).parent / "configs" / config["exclude_seen"]
        earlier = json.loads(earlier_path.read_text())
        earlier_rows, _, _ = build_mixture({k: v for k, v in earlier.items() if k != "exclude_seen"}, data_dir,
                                           synth_dir)
        seen = {(r.premise, r.hypothesis) for r in earlier_rows}
        manifest["excluded_seen_in"] = str(earlier_path.name)
    rng = random.Random(config["seed"])
    train: list[Example] = []
    held_cfg = config["heldout"]
    held_path = data_dir / held_cfg["file"]
    rest, heldout = config_heldout(config, data_dir)
    unseen = _unseen(rest, seen)
    excluded = len(rest) - len(unseen)
    used = _resample(unseen, held_cfg.get("train_weight", 1.0), rng)
    train += used
    manifest["files"].append({"file": str(held_path), "sha256": file_sha256(held_path), "rows": len(rest) + len(heldout),
                              "heldout_rows": len(heldout), "rows_used": len(used),
                              **({"rows_excluded_seen": excluded} if seen else {})})
    for source in config["sources"]:
        base = synth_dir if source.get("dir") == "synth" else data_dir
        path = base / source["file"]
        phenomena = source.get("phenomena")
        rows = read_pairs(path, phenomena=phenomena)
        n_rows = len(rows)
        filtered = bool(seen) and source.get("dir") != "synth"
        if filtered:
            rows = _unseen(rows, seen)
        used = _resample(rows, float(source.get("weight", 1.0)), rng)
        train += used
        manifest["files"].append({"file": str(path), "sha256": file_sha256(path), "rows": n_rows,
                                  "rows_used": len(used), **({"phenomena": sorted(phenomena)} if phenomena else {}),
                                  **({"rows_excluded_seen": n_rows - len(rows)} if filtered else {})})
        logger.info("%s: %d rows, %d used", path.name, len(rows), len(used))
    reverse = {label: float(fraction) for label, fraction in config.get("reverse", {}).items()}
    for label, fraction in reverse.items():
        if label not in THREE_WAY or not 0.0 <= fraction <= 1.0:
            raise ValueError(f"reverse: {label!r}: {fraction} (labels {THREE_WAY}, fractions in [0, 1])")
    if reverse:
        added: list[Example] = []
        for label, fraction in reverse.items():
            rows = [r for r in train if r.label == label]
            swapped = label if label == "contradiction" else "neutral"
            picked = rng.sample(rows, round(len(rows) * fraction))
            added += [Example(f"{r.id}:reversed", r.hypothesis, r.premise, swapped, f"{r.source}+reversed")
                      for r in picked]
            manifest.setdefault("reversed", {})[label] = len(picked)
        train += added
        logger.info("rows added with premise and hypothesis swapped: %s", manifest["reversed"])
    manifest["n_train"] = len(train)
    manifest["n_heldout"] = len(heldout)
    return train, heldout, manifest
