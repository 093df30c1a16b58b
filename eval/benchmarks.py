"""Regenerate docs/BENCHMARKS.md: run the configured evaluations and write the Markdown, the JSON next
to it (``benchmarks.json``) and plots in ``img/`` beside it.

Parts (each skippable): ``nli`` (the visible dev sets), ``synth`` (generated test split, accuracy per
phenomenon), ``corpus`` (demo corpus against its gold pairs), ``audit`` (flags on FNC-1 news bodies against
hand labels, :mod:`eval.audit`), ``stories`` (FNC-1 stories with agree and disagree bodies, :mod:`eval.stories`),
``compare`` (default vs int8 vs lexical vs
embedding on a subset), ``speed`` (small sizes). A part that fails is reported in the Markdown and the
others still run. :func:`benchmarks_markdown` renders the collected results and works without models.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from eval.nli_eval import (
    evaluate_probs,
    label_indices,
    load_eval_pairs,
    markdown_table,
    md_escape,
    score_pairs,
)

__all__ = ["NLI_SETS", "PARTS", "resolve_snli_heldout", "run_benchmarks", "benchmarks_markdown"]

logger = logging.getLogger(__name__)

PARTS = ("nli", "synth", "corpus", "audit", "stories", "compare", "speed")
#: (file name under --data-dir, score premises in windows)
NLI_SETS = (("snli_dev.jsonl", False), ("lingnli_val.jsonl", False), ("rte3_dev.jsonl", True),
            ("anli_r1_dev.jsonl", False), ("anli_r2_dev.jsonl", False), ("sick_test.jsonl", False),
            ("healthver_dev.jsonl", False), ("conjnli_dev.jsonl", False), ("cad_snli_dev.jsonl", False),
            ("control_dev.jsonl", True))
COMPARE_SETS = ("snli_dev.jsonl", "lingnli_val.jsonl", "sick_test.jsonl", "anli_r1_dev.jsonl")
_ERRORS = (OSError, ValueError, RuntimeError, ImportError, KeyError)


def resolve_snli_heldout(path: str | Path | None, data_dir: Path) -> Path:
    """The SNLI evaluation file: ``path`` itself (a jsonl), ``path/heldout.jsonl`` (a training run
    directory, whose manifest names the held-out part), the held-out part of a training config (``.json``,
    e.g. ``detector/training/configs/mpnet_nli_stage2.json``: split again from ``data_dir`` with
    :func:`detector.training.data.config_heldout` and written to
    ``cache_dir()/heldout/<config name>/heldout.jsonl``, so no run directory is needed), else
    ``data_dir/snli_dev.jsonl``.

    Raises:
        FileNotFoundError: a config's held-out file is not under ``data_dir``.
        ValueError: a ``.json`` file that is not a training config (no ``heldout`` entry).
    """
    if path is None:
        return data_dir / "snli_dev.jsonl"
    path = Path(path)
    if path.is_dir():
        return path / "heldout.jsonl"
    if path.suffix == ".json":
        from detector.resources import cache_dir
        from detector.training.data import config_heldout, write_heldout

        config = json.loads(path.read_text())
        if "heldout" not in config:
            raise ValueError(f"{path}: not a training config (no 'heldout' entry)")
        out = cache_dir() / "heldout" / path.stem / "heldout.jsonl"
        write_heldout(out, config_heldout(config, data_dir)[1])
        return out
    return path


def _nli_part(model: Any, files: Iterable[tuple[Path, bool]], limit: int | None, seed: int,
              img: Path, calibrate_on: Path | None = None) -> list[dict[str, Any]]:
    from eval.nli_eval import fit_calibration
    from eval.plots import plot_pr, plot_reliability

    calibration = None
    if calibrate_on is not None:  # fitted on the dev file only, applied unchanged to every set
        dev = load_eval_pairs(calibrate_on, limit=limit, seed=seed)
        calibration = fit_calibration(pairs=dev, probs=score_pairs(model, dev)[0], dataset=calibrate_on.stem)
    results, curves = [], {}
    for path, long in files:
        if not path.is_file():
            results.append({"dataset": path.stem, "error": f"missing: {path}"})
            continue
        try:
            pairs = load_eval_pairs(path, limit=limit, seed=seed)
            probs, seconds = score_pairs(model, pairs, long_premises=True if long else None)
        except _ERRORS as exc:
            logger.error("%s: %s", path, exc)
            results.append({"dataset": path.stem, "error": str(exc)})
            continue
        results.append(evaluate_probs(pairs=pairs, probs=probs, dataset=path.stem, seconds=seconds,
                                      calibration=calibration, bootstrap=1000, seed=seed))
        y, labels = label_indices(pairs)
        if labels[-1] == "contradiction":
            curves[path.stem] = ((y == 2).astype(int), probs[:, 2])
    if curves:
        plot_pr(curves, img / "nli_pr.png")
        plot_reliability(curves, img / "nli_reliability.png")
    return results


def run_benchmarks(*, out: str | Path, data_dir: str | Path, limit: int | None = None,
                   skip: Iterable[str] = (), model: str = "default", snli_heldout: str | Path | None = None,
                   synth_test: str | Path | Sequence[str | Path] | None = None, demo_dir: str | Path = "datasets/demo",
                   heldout_dir: str | Path | None = "datasets/heldout3",
                   dev_dirs: Sequence[str | Path] = ("datasets/heldout", "datasets/heldout2"),
                   compare_limit: int = 500, speed_sizes: str = "300,1000", seed: int = 0,
                   calibrate_on: str | Path | None = None, keep_skipped: bool = False,
                   fnc1_bodies: str | Path | None = "../shared/datasets/stance/fnc1/train_bodies.csv",
                   audit_dir: str | Path = "datasets/news_audit",
                   fnc1_stances: str | Path | None = "../shared/datasets/stance/fnc1/train_stances.csv",
                   stories_n: int = 30) -> dict[str, Any]:
    """Run the parts not in ``skip`` and write ``out`` (Markdown), ``benchmarks.json`` and ``img/*.png``
    next to it. ``synth_test``: one generated test file or several (their rows are pooled; accuracy is
    reported per ``phenomenon``). ``heldout_dir``: a corpus never tuned on, scored in the ``corpus`` part
    next to the demo corpus (skipped when None or missing); ``dev_dirs``: further corpora that rules were
    developed on (an earlier held-out corpus that has been read for errors), reported as dev figures under
    ``corpus_dev`` (directory -> result; missing ones skipped). ``keep_skipped``: the parts in ``skip`` keep
    their results from the ``benchmarks.json`` already next to ``out`` (a run of the same model), and
    ``reused`` records the commit and time they were measured at; rerun only what a change touched.
    ``fnc1_bodies``: the FNC-1 bodies CSV for the ``audit`` part (:func:`eval.audit.run_audit` on bodies 0-40
    against ``audit_dir/dev.jsonl`` and 40-80 against ``audit_dir/heldout.jsonl``; skipped when missing).
    ``fnc1_stances``: the FNC-1 stances CSV for the ``stories`` part (:func:`eval.stories.run_stories` on stories
    ``[0, stories_n)``, dev, and ``[stories_n, 2 * stories_n)``, held-out; skipped when it or the bodies are missing).

    Raises:
        ValueError: an unknown part name in ``skip``; ``keep_skipped`` with no earlier ``benchmarks.json``, or
            one made with another model.
    """
    from eval.baselines import load_model
    from eval.provenance import provenance, write_json, write_text

    skip = set(skip)
    if skip - set(PARTS):
        raise ValueError(f"Unknown parts to skip {sorted(skip - set(PARTS))}; expected some of {PARTS}")
    out, data_dir, demo_dir = Path(out), Path(data_dir), Path(demo_dir)
    img = out.parent / "img"
    nli_model = load_model(model)
    snli = resolve_snli_heldout(snli_heldout, data_dir)
    data: dict[str, Any] = {"model": model, "snli_file": str(snli), "limit": limit}
    if keep_skipped:
        from eval.provenance import model_info

        data.update(_kept_parts(out.with_name("benchmarks.json"), skip, model, model_info(nli_model)))
    if "nli" not in skip:
        files = [(snli if name == "snli_dev.jsonl" else data_dir / name, long) for name, long in NLI_SETS]
        data["nli"] = _nli_part(nli_model, files, limit, seed, img,
                                Path(calibrate_on) if calibrate_on is not None else None)
        data["calibrate_on"] = str(calibrate_on) if calibrate_on is not None else None
    if "synth" not in skip:
        data["synth"] = _guard(lambda: _synth(nli_model, synth_test, limit, seed))
    if "corpus" not in skip:
        from eval.corpus_eval import run_corpus

        def scored(directory: Path) -> dict[str, Any]:  # a corpus directory: corpus.jsonl + gold.jsonl
            return _guard(lambda: run_corpus(directory / "corpus.jsonl", directory / "gold.jsonl", model=model))

        data["corpus"] = scored(demo_dir)
        data["corpus_dev"] = {str(d): scored(Path(d)) for d in dev_dirs if (Path(d) / "gold.jsonl").is_file()}
        held = Path(heldout_dir) if heldout_dir is not None else None
        if held is not None and (held / "gold.jsonl").is_file():
            data["corpus_heldout"] = scored(held)
            data["heldout_dir"] = str(held)
    if "audit" not in skip and fnc1_bodies is not None and Path(fnc1_bodies).is_file():
        from eval.audit import run_audit

        def audited(labels: Path, offset: int) -> dict[str, Any]:
            result = _guard(lambda: run_audit(fnc1_bodies, labels, n=40, offset=offset, model=model))
            # the flags themselves are in `eval audit --out`; the missed conflicts are few
            return {k: v for k, v in result.items() if k != "unlabelled"}

        data["audit"] = {name: audited(Path(audit_dir) / f"{name}.jsonl", offset)
                         for name, offset in (("dev", 0), ("heldout", 40))
                         if (Path(audit_dir) / f"{name}.jsonl").is_file()}
    if ("stories" not in skip and fnc1_stances is not None and fnc1_bodies is not None
            and Path(fnc1_stances).is_file() and Path(fnc1_bodies).is_file()):
        from eval.stories import run_stories

        def stories(offset: int) -> dict[str, Any]:
            result = _guard(lambda: run_stories(fnc1_stances, fnc1_bodies, n=stories_n, offset=offset, model=model))
            return {k: v for k, v in result.items() if k != "findings"}  # `eval stories --out` has them

        data["stories"] = {"dev": stories(0), "heldout": stories(stories_n)}
    if "compare" not in skip:
        data["compare"] = _guard(lambda: _compare(data_dir, snli, compare_limit, seed, img, synth_test))
    if "speed" not in skip:
        from eval.speed import run_speed

        sizes = [int(s) for s in speed_sizes.split(",") if s.strip()]
        data["speed"] = _guard(lambda: run_speed(sizes=sizes, model=model, seed=seed))
    data["provenance"] = provenance(config={"command": "benchmarks", "data_dir": str(data_dir), "limit": limit,
                                            "skip": sorted(skip), "model": model, "snli": str(snli),
                                            "synth_test": [str(p) for p in _paths(synth_test)] or None,
                                            "compare_limit": compare_limit, "speed_sizes": speed_sizes},
                                    seed=seed, model=nli_model)
    write_json(out.with_name("benchmarks.json"), data)
    write_text(out, benchmarks_markdown(data, img_dir=img.relative_to(out.parent)))
    return data


#: The keys of ``benchmarks.json`` each part writes.
PART_KEYS = {"nli": ("nli", "calibrate_on"), "synth": ("synth",),
             "corpus": ("corpus", "corpus_dev", "corpus_heldout", "heldout_dir"), "audit": ("audit",),
             "stories": ("stories",),
             "compare": ("compare",), "speed": ("speed",)}


def _kept_parts(previous: Path, skip: set[str], model: str, info: dict[str, Any]) -> dict[str, Any]:
    """The results of the ``skip`` parts from an earlier ``benchmarks.json`` of the same model (name and
    weight hashes, ``info`` as :func:`eval.provenance.model_info` gives it), with ``reused``: part -> the
    commit and time of the run that measured it."""
    if not previous.is_file():
        raise ValueError(f"{previous}: no earlier benchmarks to keep the skipped parts from")
    old = json.loads(previous.read_text(encoding="utf-8"))
    source = old.get("provenance", {})
    before = source.get("model") or {}
    if old.get("model") != model or before.get("sha256") != info.get("sha256"):
        raise ValueError(f"{previous}: made with another model ({old.get('model')!r}, {before.get('sha256')}); "
                         f"rerun every part for {model!r}")
    reused = dict(old.get("reused", {}))
    kept: dict[str, Any] = {}
    for part in sorted(skip):
        keys = [k for k in PART_KEYS[part] if k in old]
        if keys:
            kept.update({k: old[k] for k in keys})
            reused[part] = reused.get(part) or {"git_commit": source.get("git_commit"),
                                                "timestamp": source.get("timestamp")}
    return {**kept, "reused": {p: reused[p] for p in sorted(skip) if p in reused}}


def _guard(fn) -> dict[str, Any]:
    try:
        return fn()
    except _ERRORS as exc:
        logger.error("benchmark part failed: %s", exc)
        return {"error": str(exc)}


def _paths(synth_test: str | Path | Sequence[str | Path] | None) -> list[Path]:
    if synth_test is None:
        return []
    if isinstance(synth_test, (str, Path)):
        return [Path(synth_test)]
    return [Path(p) for p in synth_test]


def _synth(model: Any, synth_test: str | Path | Sequence[str | Path] | None, limit: int | None,
           seed: int) -> dict[str, Any]:
    paths = _paths(synth_test)
    if not paths:
        raise ValueError("no --synth-test file given")
    pairs = [pair for path in paths for pair in load_eval_pairs(path, limit=limit, seed=seed)]
    probs, seconds = score_pairs(model, pairs)
    return evaluate_probs(pairs=pairs, probs=probs, dataset="+".join(p.stem for p in paths), seconds=seconds,
                          bootstrap=1000, seed=seed)


def _compare(data_dir: Path, snli: Path, limit: int, seed: int, img: Path,
             synth_test: str | Path | Sequence[str | Path] | None) -> dict[str, Any]:
    from eval.compare import compare_markdown, compare_models, load_models
    from eval.plots import plot_pr

    files = [snli if name == "snli_dev.jsonl" else data_dir / name for name in COMPARE_SETS]
    files += _paths(synth_test)
    loaded, unavailable = load_models(["default", "int8", "lexical", "embedding"])
    results, curves, failed = compare_models([f for f in files if f.is_file()], loaded, limit=limit, seed=seed)
    unavailable.update(failed)
    if curves:
        plot_pr(curves, img / "compare_pr.png", title="Contradiction precision–recall by model")
    markdown = compare_markdown(results)
    if unavailable:
        markdown += "\nUnavailable: " + "; ".join(f"`{md_escape(k)}` ({md_escape(v)})" for k, v in unavailable.items())
    return {"results": results, "unavailable": unavailable, "markdown": markdown}


def _section(title: str, part: dict[str, Any] | None, render) -> list[str]:
    """Markdown lines of one report part: nothing when it was skipped, "Not run" when it failed, else its
    heading and ``render(part)``."""
    if not part:
        return []
    body = [f"Not run: {md_escape(part['error'])}", ""] if "error" in part else render(part)
    return [f"## {title}", "", *body]


def _f(value: Any, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _parts_table(parts: dict[str, Any], intro: str, header: str, row: Callable[[dict[str, Any]], str],
                 floors_intro: str, floor_cell: Callable[[dict[str, Any]], str]) -> list[str]:
    """A Markdown table with one row per part (``row(result)`` gives the cells after the part's name; a part
    with an ``error`` says it was not run), then, for parts with a ``by_score`` list, one row per part with
    ``floor_cell(entry)`` per score floor."""
    n = header.count("|") - 1
    lines = [intro, "", header, "|---|" + "---:|" * (n - 1)]
    for name, r in parts.items():
        lines.append(f"| {name} | not run: {md_escape(r['error'])} |" + "|" * (n - 2) if "error" in r
                     else f"| {name} | {row(r)} |")
    floors = [(name, r["by_score"]) for name, r in parts.items() if r.get("by_score")]
    if floors:
        lines += ["", floors_intro, "", "| part | " + " | ".join(f"≥ {e['floor']:g}" for e in floors[0][1]) + " |",
                  "|---|" + "---:|" * len(floors[0][1])]
        lines += [f"| {name} | " + " | ".join(floor_cell(e) for e in rows) + " |" for name, rows in floors]
    return [*lines, ""]


def audit_lines(audit: dict[str, Any]) -> list[str]:
    """Markdown table of the ``audit`` part: one row per label file (dev: rules tuned on it; held-out: not)."""
    return _parts_table(
        audit, "Flags on 40 FNC-1 article bodies each (one source per body) against the flags a session read and "
        "labelled (`datasets/news_audit`): precision over the labelled flags, and the share of the labelled "
        "conflicts still flagged (recall relative to the conflicts known).",
        "| part | flags | labelled | conflicts | precision (labelled) | known conflicts found | unlabelled | seconds |",
        lambda r: f"{r['n_flags']} | {r['n_labelled']} | {r['n_conflict']} | {_f(r['precision_labelled'])} | "
                  f"{_f(r['known_conflicts_found'])} of {r['n_known_conflicts']} | {r['n_unlabelled']} | "
                  f"{_f(r.get('seconds'), 0)}",
        "What a higher verdict threshold would leave (flags scoring at least the floor; conflicts / labelled):",
        lambda e: f"{e['n_flags']} flag{'' if e['n_flags'] == 1 else 's'}, {e['n_conflict']}/{e['n_labelled']}")


def stories_lines(stories: dict[str, Any]) -> list[str]:
    """Markdown tables of the ``stories`` part: one row per part (dev: rules may be tuned on it; held-out: not),
    then the same figures per score floor."""
    return _parts_table(
        stories, "FNC-1 headlines with agree and disagree bodies (at most two of each per story, all bodies of a "
        "part in one run): the share of body pairs on opposite sides with at least one finding between them, the "
        "same for pairs on the same side, their ratio (lift: 1.0 means the findings ignore the sides; a weak "
        "signal, as bodies on either side often quote the other), and findings between bodies of different "
        "stories (FNC-1 files some events under several headlines).",
        "| part | stories | bodies | findings | opposite pairs flagged | same-side pairs flagged | lift | "
        "cross-story findings | within one body | seconds |",
        lambda r: f"{r['n_stories']} | {r['n_documents']} | {r['n_findings']} | "
                  f"{r['opposite_flagged']}/{r['n_opposite_pairs']} ({_f(r['opposite_recall'])}) | "
                  f"{r['same_side_flagged']}/{r['n_same_side_pairs']} ({_f(r['same_side_rate'])}) | "
                  f"{_f(r['lift'], 2)} | {r['cross_story_findings']} | {r['n_within_document']} | "
                  f"{_f(r.get('seconds'), 0)}",
        "Findings scoring at least the floor (opposite-pair share / same-side share, lift):",
        lambda e: f"{_f(e['opposite_recall'], 2)} / {_f(e['same_side_rate'], 2)}, {_f(e['lift'], 2)}") + [
        "Each headline added as a claim of its own: (headline, body) pairs with at least one finding between them, "
        "by the body's side.", "",
        "| part | disagree bodies flagged | agree bodies flagged | lift | other headline findings |",
        "|---|---:|---:|---:|---:|",
        *(f"| {name} | {h['disagree_flagged']}/{h['n_disagree_pairs']} ({_f(h['disagree_rate'])}) | "
          f"{h['agree_flagged']}/{h['n_agree_pairs']} ({_f(h['agree_rate'])}) | {_f(h['lift'], 2)} | "
          f"{h['other_findings']} |" for name, r in stories.items() if (h := r.get("headline"))), ""]


def benchmarks_markdown(data: dict[str, Any], *, img_dir: str | Path = "img") -> str:
    """Render collected benchmark results (the dict :func:`run_benchmarks` saves) as Markdown."""
    prov = data.get("provenance", {})
    machine = prov.get("machine", {})
    lines = ["# Benchmarks", "",
             "Generated by `python -m eval benchmarks`; do not edit by hand. Raw numbers: `benchmarks.json`.", "",
             f"- Machine: {md_escape(machine.get('cpu') or '?')}, {machine.get('n_cpus')} CPUs, "
             f"{machine.get('mem_gb')} GB RAM ({md_escape(machine.get('platform') or '?')})",
             f"- Commit: `{prov.get('git_commit')}`{' (dirty)' if prov.get('git_dirty') else ''}; "
             f"run {prov.get('timestamp')}",
             f"- Model: `{md_escape(str(data.get('model')))}`; rows per set capped at {data.get('limit')}",
             *[f"- Part `{part}` kept from the run of commit `{r.get('git_commit')}` ({r.get('timestamp')})"
               for part, r in data.get("reused", {}).items()], ""]
    if "nli" in data:
        ok = [r for r in data["nli"] if "error" not in r]
        lines += ["## NLI dev sets", "", f"SNLI rows: `{md_escape(data.get('snli_file', ''))}`. "
                  "Brackets: bootstrap 95% intervals (1,000 resamples)."
                  + (f" Calibration (temperature, contradiction calibrator) and the contradiction threshold were "
                     f"fitted on `{md_escape(Path(data['calibrate_on']).name)}` only and applied unchanged to "
                     f"every set." if data.get("calibrate_on") else ""), "", markdown_table(ok).rstrip()]
        lines += [f"- {md_escape(r['dataset'])}: not run ({md_escape(r['error'])})"
                  for r in data["nli"] if "error" in r]
        lines += ["", f"![Contradiction precision–recall]({img_dir}/nli_pr.png) "
                  f"![Reliability]({img_dir}/nli_reliability.png)", ""]
    lines += _section("Generated test split, per phenomenon", data.get("synth"), lambda synth: [
        f"Overall accuracy {_f(synth['accuracy'])} on {synth['n']} pairs.", "",
        "| phenomenon | n | accuracy |", "|---|---:|---:|",
        *[f"| {md_escape(ph)} | {v['n']} | {_f(v['accuracy'])} |" for ph, v in synth.get("per_phenomenon", {}).items()],
        ""])
    def corpus_lines(corpus: dict) -> list[str]:
        return [f"Precision {_f(corpus['precision'])}, recall {_f(corpus['recall'])}, F1 {_f(corpus['f1'])} "
                f"({corpus['n_flagged']} flagged, {corpus['n_gold']} gold, {corpus.get('n_claims')} claims, "
                f"{_f(corpus.get('seconds'), 1)} s).", "",
                *[f"- recall on {md_escape(lab)}: {_f(v['recall'])} (n={v['n']})"
                  for lab, v in corpus.get("per_label_recall", {}).items()],
                ""]

    lines += _section("Demo corpus (pair level; the rules were developed on it)", data.get("corpus"), corpus_lines)
    for where, result in (data.get("corpus_dev") or {}).items():
        lines += _section(f"Dev corpus `{md_escape(where)}` (pair level; read for errors, rules developed on it)",
                          result, corpus_lines)
    held = f" `{md_escape(data['heldout_dir'])}`" if data.get("heldout_dir") else ""
    lines += _section(f"Held-out corpus{held} (pair level; never tuned on)", data.get("corpus_heldout"),
                      corpus_lines)
    lines += _section("Real news: flag audit on FNC-1 bodies (hand-labelled flags; `python -m eval audit`)",
                      data.get("audit"), audit_lines)
    lines += _section("Real news: stories with sides (FNC-1 stances; `python -m eval stories`)",
                      data.get("stories"), stories_lines)
    lines += _section("Models side by side", data.get("compare"), lambda compare: [
        compare["markdown"].rstrip(), "", f"![PR by model]({img_dir}/compare_pr.png)", ""])
    speed = data.get("speed")
    if speed:
        lines += ["## Speed", ""]
        if "error" in speed:
            lines += [f"Not run: {md_escape(speed['error'])}", ""]
        else:
            lines += [f"NLI: {_f(speed['nli_pairs_per_second'], 1)} pairs/s. Time grows as n^"
                      f"{_f(speed.get('time_exponent'), 2)}.", "",
                      "| claims | seconds | claims/s | pairs scored | peak RSS (MB) |", "|---:|---:|---:|---:|---:|"]
            lines += [f"| {r['n_claims']} | {_f(r['seconds'], 1)} | {_f(r['claims_per_second'], 1)} | "
                      f"{r.get('n_pairs_scored')} | {_f(r['peak_rss_mb'], 0)} |" for r in speed["runs"]]
            knn = speed.get("knn_recall") or {}
            if knn:
                lines += ["", f"kNN candidates (k={knn['k']}, floor {knn['min_similarity']}) on {knn['n_claims']} "
                          f"claims: recall {_f(knn['recall_above_floor'])} of all cross-source pairs above the "
                          f"floor, {_f(knn['recall_top_n'])} of the {knn['n_knn_pairs']} most similar; kNN "
                          f"{_f(knn['knn_seconds'], 2)} s vs all pairs {_f(knn['all_pairs_seconds'], 2)} s."]
            lines.append("")
    return "\n".join(lines)
