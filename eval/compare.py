"""Several models side by side on the same pair files: our model (fp32 ``default``, ``int8``), any
Hugging Face cross-encoder, and the baselines of :mod:`eval.baselines`.

:func:`compare_models` works on model objects (tests pass fakes); :func:`run_compare` resolves names
with :func:`eval.baselines.load_model` and writes OUT.json, OUT.md and OUT_pr.png.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from eval.formats import THREE_WAY
from eval.nli_eval import (evaluate_probs, fit_calibration, label_indices, load_eval_pairs, md_escape,
                           score_pairs)

__all__ = ["load_models", "compare_models", "compare_markdown", "run_compare"]

logger = logging.getLogger(__name__)


def load_models(names: Sequence[str], *, loader: Callable[[str], Any] | None = None
                ) -> tuple[dict[str, Any], dict[str, str]]:
    """Resolve model names (default: :func:`eval.baselines.load_model`); returns ``(loaded, unavailable)``
    with one error message per model that failed to load (logged, not raised)."""
    if loader is None:
        from eval.baselines import load_model as loader
    loaded: dict[str, Any] = {}
    unavailable: dict[str, str] = {}
    for name in names:
        try:
            loaded[name] = loader(name)
        except (OSError, ValueError, ImportError, RuntimeError) as exc:
            logger.error("model %r unavailable: %s", name, exc)
            unavailable[name] = str(exc)
    return loaded, unavailable


def compare_models(files: Sequence[str | Path], models: Mapping[str, Any], *, dev: str | Path | None = None,
                   limit: int | None = None, seed: int = 0, batch_size: int = 32,
                   long_premises: bool | None = None) -> tuple[dict[str, list[dict[str, Any]]], dict, dict]:
    """Evaluate every model on every file (the same rows for all models).

    Args:
        models: display name -> model object (``predict_proba`` interface).
        dev: three-way dev file: each model gets its own calibration and threshold fitted on it.

    Returns:
        ``(results, curves, failed)``: ``{model name: [result per file]}`` (see
        :func:`eval.nli_eval.evaluate_probs`), ``{model name: (y, contradiction scores)}`` over all
        three-way files (for a PR plot), and ``{model name: error}`` for models that failed while scoring
        (logged; the other models still run).

    Raises:
        FileNotFoundError, ValueError: a file or the dev file can't be read.
    """
    data = [(Path(f).stem, load_eval_pairs(f, limit=limit, seed=seed)) for f in files]
    dev_pairs = load_eval_pairs(dev, limit=limit, seed=seed) if dev is not None else None
    results: dict[str, list[dict[str, Any]]] = {}
    curves: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    failed: dict[str, str] = {}
    for name, model in models.items():
        try:
            results[name], curve = _one_model(model, name, data, dev, dev_pairs, seed, batch_size, long_premises)
        except (OSError, ValueError, ImportError, RuntimeError) as exc:
            logger.error("model %r failed: %s", name, exc)
            failed[name] = str(exc)
            continue
        if curve is not None:
            curves[name] = curve
    return results, curves, failed


def _one_model(model: Any, name: str, data: list[tuple[str, list]], dev: str | Path | None, dev_pairs: list | None,
               seed: int, batch_size: int, long_premises: bool | None) -> tuple[list[dict[str, Any]], tuple | None]:
    calibration = None
    if dev_pairs:
        dev_probs, _ = score_pairs(model, dev_pairs, batch_size=batch_size, long_premises=long_premises)
        calibration = fit_calibration(pairs=dev_pairs, probs=dev_probs, dataset=Path(str(dev)).stem)
    ys, scores, results = [], [], []
    for dataset, pairs in data:
        if not pairs:
            logger.warning("%s: no valid pairs, skipped", dataset)
            continue
        probs, seconds = score_pairs(model, pairs, batch_size=batch_size, long_premises=long_premises)
        result = evaluate_probs(pairs=pairs, probs=probs, dataset=dataset, seconds=seconds,
                                calibration=calibration, seed=seed)
        results.append({"model": name, **result})
        y, labels = label_indices(pairs)
        if labels == THREE_WAY:
            ys.append((y == 2).astype(int))
            scores.append(probs[:, 2])
    return results, ((np.concatenate(ys), np.concatenate(scores)) if ys else None)


def _f(value: Any, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def compare_markdown(results: Mapping[str, Sequence[dict[str, Any]]]) -> str:
    """A Markdown table: one row per (dataset, model) with accuracy, contradiction F1, AUROC, ECE,
    calibrated ECE and pairs/s."""
    lines = ["| dataset | model | n | accuracy | contradiction F1 | contradiction AUROC | ECE | ECE calibrated "
             "| pairs/s |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    rows = [r for per_model in results.values() for r in per_model]
    for r in sorted(rows, key=lambda r: r["dataset"]):
        lines.append(f"| {md_escape(r['dataset'])} | {md_escape(r['model'])} | {r['n']} | {_f(r['accuracy'])} | "
                     f"{_f(r.get('contradiction_f1'))} | {_f(r.get('contradiction_auroc'))} | {_f(r['ece'])} | "
                     f"{_f(r.get('calibration', {}).get('ece_after'))} | {_f(r.get('pairs_per_second'), 1)} |")
    return "\n".join(lines) + "\n"


def run_compare(files: Sequence[str | Path], *, models: Sequence[str], dev: str | Path | None = None,
                out: str | Path | None = None, limit: int | None = None, seed: int = 0, batch_size: int = 32,
                loader: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """Load each named model (a model that fails to load is logged and reported under
    ``"unavailable"``), compare them, and with ``out`` write OUT.json, OUT.md and OUT_pr.png.

    Returns:
        ``{"results", "unavailable": {name: error}, "markdown", "provenance"}``.
    """
    from eval.plots import plot_pr
    from eval.provenance import model_info, provenance, write_json, write_text

    loaded, unavailable = load_models(models, loader=loader)
    results, curves, failed = compare_models(files, loaded, dev=dev, limit=limit, seed=seed, batch_size=batch_size)
    unavailable.update(failed)
    markdown = compare_markdown(results)
    if unavailable:
        markdown += "\nUnavailable: " + "; ".join(f"`{md_escape(k)}` ({md_escape(v)})"
                                                   for k, v in unavailable.items()) + "\n"
    prov = provenance(config={"command": "compare", "files": [str(f) for f in files], "models": list(models),
                              "dev": str(dev) if dev else None, "limit": limit, "batch_size": batch_size},
                      seed=seed)
    prov["model"] = {name: model_info(m) for name, m in loaded.items() if name in results}
    output = {"results": results, "unavailable": unavailable, "markdown": markdown, "provenance": prov}
    if out is not None:
        out = Path(out)
        write_json(out, {k: v for k, v in output.items() if k != "markdown"})
        write_text(out.with_suffix(".md"), markdown)
        if curves:
            plot_pr(curves, out.with_name(out.stem + "_pr.png"), title="Contradiction precision–recall by model")
    return output

