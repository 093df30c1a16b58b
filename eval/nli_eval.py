"""Scoring labelled pair files with an NLI model: accuracy, per-class PRF, contradiction AUROC, ECE,
throughput, optional dev calibration and bootstrap intervals.

The model is any object with ``name`` and ``predict_proba(pairs, *, batch_size, show_progress) -> (n, 3)``
float array in ``detector.records.NLI_LABELS`` order (entailment, neutral, contradiction).
:func:`evaluate_probs` is the pure twin of :func:`evaluate_file` and works on arrays only.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from eval import metrics as M
from eval.formats import THREE_WAY, TWO_WAY, Pair, read_pairs

__all__ = ["Calibration", "load_eval_pairs", "label_indices", "score_pairs", "evaluate_probs", "fit_calibration",
           "evaluate_file", "markdown_table", "md_escape", "run_nli"]

logger = logging.getLogger(__name__)
LongScorer = Callable[..., np.ndarray]


def load_eval_pairs(path: str | Path, *, limit: int | None = None, seed: int = 0) -> list[Pair]:
    """Read ``path`` (see :func:`eval.formats.read_pairs`); with ``limit``, a seeded random sample of at
    most ``limit`` rows, kept in file order."""
    pairs = read_pairs(path)
    if limit is not None and 0 <= limit < len(pairs):
        keep = np.sort(np.random.default_rng(seed).choice(len(pairs), size=limit, replace=False))
        pairs = [pairs[i] for i in keep]
    return pairs


def label_indices(pairs: Sequence[Pair]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Gold class indices and the label set: :data:`THREE_WAY`, or :data:`TWO_WAY` when any row is
    ``not_entailment`` (neutral/contradiction rows of such a file count as not_entailment)."""
    if any(p.label == "not_entailment" for p in pairs):
        return np.array([0 if p.label == "entailment" else 1 for p in pairs], dtype=int), TWO_WAY
    return np.array([THREE_WAY.index(p.label) for p in pairs], dtype=int), THREE_WAY


def score_pairs(model: Any, pairs: Sequence[Pair], *, batch_size: int = 32, long_premises: bool | None = None,
                long_scorer: LongScorer | None = None) -> tuple[np.ndarray, float]:
    """Score pairs with ``model``.

    Args:
        long_premises: True: every premise is scored in windows; False: none is (plain predict_proba
            truncates); None: each pair's ``premise_is_long`` decides. Models without ``count_tokens``
            (the baselines, which have no token window) always score whole premises.
        long_scorer: ``f(model, pairs) -> (n, 3)``; defaults to :func:`detector.nli.predict_proba_long`.

    Returns:
        ``((n, 3) float32 probabilities in NLI_LABELS order, wall-clock seconds)``.
    """
    probs = np.zeros((len(pairs), 3), dtype=np.float32)
    windowed = hasattr(model, "count_tokens")
    flags = [windowed and (p.premise_is_long if long_premises is None else long_premises) for p in pairs]
    short = [i for i, f in enumerate(flags) if not f]
    long = [i for i, f in enumerate(flags) if f]
    if pairs:  # untimed warm-up: lazy model loading must not count against throughput
        model.predict_proba([(pairs[0].premise, pairs[0].hypothesis)], batch_size=1, show_progress=False)
    start = time.perf_counter()
    if short:
        probs[short] = model.predict_proba([(pairs[i].premise, pairs[i].hypothesis) for i in short],
                                           batch_size=batch_size, show_progress=None)
    if long:
        if long_scorer is None:
            from detector.nli import predict_proba_long as long_scorer
        probs[long] = long_scorer(model, [(pairs[i].premise, pairs[i].hypothesis) for i in long])
    return probs, time.perf_counter() - start


@dataclass(frozen=True)
class Calibration:
    """Calibrators and the contradiction threshold fitted on a three-way dev set.

    Attributes:
        dataset: dev set name; temperature: fitted :class:`~eval.metrics.TemperatureScaler`;
        contradiction: :class:`~eval.metrics.BinaryCalibrator` (isotonic) of the contradiction probability;
        threshold: contradiction-vs-rest threshold maximising dev F1; dev_f1: that F1.
    """

    dataset: str
    temperature: M.TemperatureScaler
    contradiction: M.BinaryCalibrator
    threshold: float
    dev_f1: float


def fit_calibration(*, pairs: Sequence[Pair], probs: np.ndarray, dataset: str = "dev",
                    method: str = "isotonic") -> Calibration:
    """Fit temperature scaling, a contradiction calibrator and the contradiction threshold on dev.

    Raises:
        ValueError: the dev set is two-way or lacks contradiction rows.
    """
    y, labels = label_indices(pairs)
    if labels != THREE_WAY:
        raise ValueError(f"Calibration dev set {dataset!r} must be three-way (it has not_entailment labels)")
    yc = (y == 2).astype(int)
    threshold, dev_f1 = M.tune_threshold(y_true=yc, scores=probs[:, 2])
    return Calibration(dataset, M.TemperatureScaler().fit(probs, y),
                       M.BinaryCalibrator(method).fit(probs[:, 2], yc), threshold, dev_f1)


def evaluate_probs(*, pairs: Sequence[Pair], probs: np.ndarray, dataset: str, seconds: float | None = None,
                   calibration: Calibration | None = None, bootstrap: int = 0, seed: int = 0,
                   n_bins: int = 10) -> dict[str, Any]:
    """Metrics of ``(n, 3)`` ``probs`` against the gold labels of ``pairs``.

    Two-way sets are scored over (entailment, not_entailment) with neutral + contradiction taken as
    not_entailment; their contradiction AUROC / ECE are None.

    Returns:
        ``{"dataset", "n", "labels", "two_way", "accuracy", "per_class", "confusion", "contradiction_auroc",
        "contradiction_f1", "ece", "contradiction_ece", "pairs_per_second", "seconds"}`` plus
        ``"per_phenomenon"`` when rows carry one, ``"accuracy_ci"``/``"contradiction_f1_ci"`` with
        ``bootstrap`` > 0 and ``"calibration"`` with a :class:`Calibration`.
    """
    y, labels = label_indices(pairs)
    two_way = labels == TWO_WAY
    p = M.to_two_way(probs) if two_way else np.asarray(probs, float)
    pred = p.argmax(1)
    yc = (y == 2).astype(int)
    out: dict[str, Any] = {
        "dataset": dataset, "n": len(pairs), "labels": list(labels), "two_way": two_way,
        "accuracy": M.accuracy(y_true=y, y_pred=pred),
        "per_class": M.per_class_prf(y_true=y, y_pred=pred, labels=labels),
        "confusion": M.confusion(y_true=y, y_pred=pred, n_classes=len(labels)),
        "contradiction_auroc": None if two_way else M.auroc(y_true=yc, scores=probs[:, 2]),
        "contradiction_f1": None,
        "ece": M.ece(probs=p, y_true=y, n_bins=n_bins),
        "contradiction_ece": None if two_way else M.binary_ece(y_true=yc, scores=probs[:, 2], n_bins=n_bins),
        "seconds": seconds,
        "pairs_per_second": (len(pairs) / seconds) if seconds else None,
    }
    if not two_way:
        out["contradiction_f1"] = out["per_class"]["contradiction"]["f1"]
    phen = [pr.phenomenon for pr in pairs]
    if any(ph is not None for ph in phen):
        out["per_phenomenon"] = {
            ph: {"n": int(mask.sum()), "accuracy": M.accuracy(y_true=y[mask], y_pred=pred[mask])}
            for ph in sorted({str(x) for x in phen}) for mask in [np.array([str(x) == ph for x in phen])]}
    if bootstrap > 0 and len(pairs):
        out["accuracy_ci"] = list(M.bootstrap_ci(fn=lambda i: M.accuracy(y_true=y[i], y_pred=pred[i]),
                                                 n_items=len(y), n_boot=bootstrap, seed=seed))
        if not two_way:
            out["contradiction_f1_ci"] = list(M.bootstrap_ci(
                fn=lambda i: M.f1_at_threshold(y_true=yc[i], scores=(pred[i] == 2).astype(float), threshold=0.5),
                n_items=len(y), n_boot=bootstrap, seed=seed))
    if calibration is not None:
        out["calibration"] = _apply_calibration(calibration, probs, y, two_way, n_bins)
    return out


def _apply_calibration(cal: Calibration, probs: np.ndarray, y: np.ndarray, two_way: bool,
                       n_bins: int) -> dict[str, Any]:
    scaled = cal.temperature.transform(probs)
    before, after = (M.to_two_way(probs), M.to_two_way(scaled)) if two_way else (probs, scaled)
    info: dict[str, Any] = {
        "dev": cal.dataset, "temperature": cal.temperature.temperature_,
        "ece_before": M.ece(probs=before, y_true=y, n_bins=n_bins),
        "ece_after": M.ece(probs=after, y_true=y, n_bins=n_bins),
    }
    if not two_way:
        yc = (y == 2).astype(int)
        info.update({
            "contradiction_method": cal.contradiction.method,
            "contradiction_ece_before": M.binary_ece(y_true=yc, scores=probs[:, 2], n_bins=n_bins),
            "contradiction_ece_after": M.binary_ece(y_true=yc, scores=cal.contradiction.transform(probs[:, 2]),
                                                    n_bins=n_bins),
            "threshold": cal.threshold, "dev_f1_at_threshold": cal.dev_f1,
            "test_f1_at_dev_threshold": M.f1_at_threshold(y_true=yc, scores=probs[:, 2], threshold=cal.threshold),
        })
    return info


def evaluate_file(model: Any, path: str | Path, *, limit: int | None = None, calibration: Calibration | None = None,
                  bootstrap: int = 0, seed: int = 0, long_premises: bool | None = None, batch_size: int = 32,
                  long_scorer: LongScorer | None = None, dataset: str | None = None) -> dict[str, Any]:
    """Read, score and evaluate one pair file (see :func:`score_pairs` and :func:`evaluate_probs`).

    Raises:
        FileNotFoundError, ValueError: from :func:`eval.formats.read_pairs`; ValueError when no valid row
        remains.
    """
    pairs = load_eval_pairs(path, limit=limit, seed=seed)
    if not pairs:
        raise ValueError(f"{path}: no valid pairs")
    probs, seconds = score_pairs(model, pairs, batch_size=batch_size, long_premises=long_premises,
                                 long_scorer=long_scorer)
    return evaluate_probs(pairs=pairs, probs=probs, dataset=dataset or Path(path).stem, seconds=seconds,
                          calibration=calibration, bootstrap=bootstrap, seed=seed)


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def md_escape(text: str) -> str:
    """Escape text for a Markdown table cell (pipes, angle brackets, newlines)."""
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", " "))


def markdown_table(results: Sequence[dict[str, Any]]) -> str:
    """One row per result of :func:`evaluate_probs`: dataset, n, accuracy (with CI), contradiction F1,
    AUROC, ECE (and after calibration), pairs/s."""
    lines = ["| dataset | n | accuracy | contradiction F1 | contradiction AUROC | ECE | ECE calibrated | "
             "contradiction F1 at dev threshold | pairs/s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        acc = _fmt(r["accuracy"])
        if r.get("accuracy_ci"):
            acc += f" [{_fmt(r['accuracy_ci'][0])}, {_fmt(r['accuracy_ci'][1])}]"
        f1 = _fmt(r.get("contradiction_f1"))
        if r.get("contradiction_f1_ci"):
            f1 += f" [{_fmt(r['contradiction_f1_ci'][0])}, {_fmt(r['contradiction_f1_ci'][1])}]"
        name = md_escape(r["dataset"]) + (" (2-way)" if r.get("two_way") else "")
        cal = r.get("calibration", {})
        lines.append(f"| {name} | {r['n']} | {acc} | {f1} | {_fmt(r.get('contradiction_auroc'))} | "
                     f"{_fmt(r['ece'])} | {_fmt(cal.get('ece_after'))} | {_fmt(cal.get('test_f1_at_dev_threshold'))} | "
                     f"{_fmt(r.get('pairs_per_second'), 1)} |")
    return "\n".join(lines) + "\n"


def run_nli(files: Sequence[str | Path], *, model: Any, out: str | Path | None = None, limit: int | None = None,
            calibrate_on: str | Path | None = None, bootstrap: int = 0, plots: bool = False, seed: int = 0,
            batch_size: int = 32, long_premises: bool | None = None,
            config: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Evaluate ``model`` on each file; with ``out``, write OUT.json (a list, one object per file, each
    with ``"provenance"``), OUT.md and, with ``plots``, OUT_pr.png and OUT_reliability.png.

    A file that can't be read is logged and skipped; the others are still evaluated.

    Returns:
        ``(results, errors)``: the result dicts and one message per skipped file.

    Raises:
        FileNotFoundError, ValueError: the calibration dev file can't be read or is unusable.
    """
    from eval.plots import plot_pr, plot_reliability
    from eval.provenance import provenance, write_json, write_text

    calibration = None
    if calibrate_on is not None:
        dev = load_eval_pairs(calibrate_on, limit=limit, seed=seed)
        dev_probs, _ = score_pairs(model, dev, batch_size=batch_size, long_premises=long_premises)
        calibration = fit_calibration(pairs=dev, probs=dev_probs, dataset=Path(calibrate_on).stem)
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    curves: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for path in files:
        try:
            pairs = load_eval_pairs(path, limit=limit, seed=seed)
            if not pairs:
                raise ValueError(f"{path}: no valid pairs")
        except (OSError, ValueError) as exc:
            logger.error("%s: skipped (%s)", path, exc)
            errors.append(f"{path}: {exc}")
            continue
        probs, seconds = score_pairs(model, pairs, batch_size=batch_size, long_premises=long_premises)
        result = evaluate_probs(pairs=pairs, probs=probs, dataset=Path(path).stem, seconds=seconds,
                                calibration=calibration, bootstrap=bootstrap, seed=seed)
        logger.info("%s: accuracy %.3f on %d pairs", result["dataset"], result["accuracy"], result["n"])
        results.append(result)
        y, labels = label_indices(pairs)
        if labels == THREE_WAY:
            curves[result["dataset"]] = ((y == 2).astype(int), probs[:, 2])
    if out is not None:
        out = Path(out)
        prov = provenance(config={**(config or {}), "files": [str(f) for f in files], "limit": limit,
                                  "calibrate_on": str(calibrate_on) if calibrate_on else None,
                                  "bootstrap": bootstrap, "batch_size": batch_size}, seed=seed, model=model)
        write_json(out, [{**r, "provenance": prov} for r in results])
        write_text(out.with_suffix(".md"), f"Model: `{md_escape(getattr(model, 'name', '?'))}`\n\n"
                   + markdown_table(results))
        if plots and curves:
            plot_pr(curves, out.with_name(out.stem + "_pr.png"))
            plot_reliability(curves, out.with_name(out.stem + "_reliability.png"))
    return results, errors
