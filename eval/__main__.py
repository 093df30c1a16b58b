"""Command line of the evaluation harness: ``python -m eval {nli,corpus,audit,stories,speed,compare,benchmarks} ...``.

Each subcommand only parses its arguments and calls the plain function that does the work
(:func:`eval.nli_eval.run_nli`, :func:`eval.corpus_eval.run_corpus`, :func:`eval.audit.run_audit`,
:func:`eval.speed.run_speed`, :func:`eval.compare.run_compare`, :func:`eval.benchmarks.run_benchmarks`).
Results go to stdout and, with ``--out``, to files. Fatal input problems end with one message and exit code 1.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Sequence

from detector.cli import word_limit

__all__ = ["build_parser", "main"]

logger = logging.getLogger("eval")


def _cmd_nli(args: argparse.Namespace) -> int:
    from eval.baselines import load_model
    from eval.nli_eval import markdown_table, run_nli

    model = load_model(args.model)
    long = {"auto": None, "always": True, "never": False}[args.long_premises]
    results, errors = run_nli(args.files, model=model, out=args.out, limit=args.limit,
                              calibrate_on=args.calibrate_on, bootstrap=args.bootstrap, plots=args.plots,
                              seed=args.seed, batch_size=args.batch_size, long_premises=long,
                              config={"command": "nli", "model": args.model})
    print(markdown_table(results), end="")
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    return 1 if errors else 0


def _add_detector_options(p: argparse.ArgumentParser) -> None:
    """``--combine`` and ``--one-way-max-words`` for the commands that run the Detector (see
    :func:`_detector_options`)."""
    p.add_argument("--combine", choices=("max", "mean"), help="how NLI directions combine (default: the Detector's)")
    p.add_argument("--one-way-max-words", type=word_limit, default=argparse.SUPPRESS, metavar="N|off",
                   help="rule 3b's claim length (default: the Detector's; off turns the rule off)")


def _detector_options(args: argparse.Namespace) -> dict:
    """Detector options given on the command line (``--combine``, ``--one-way-max-words``); absent ones keep the
    Detector's defaults."""
    options = {"combine": args.combine} if getattr(args, "combine", None) else {}
    if hasattr(args, "one_way_max_words"):
        options["one_way_max_words"] = args.one_way_max_words
    return options


def _cmd_corpus(args: argparse.Namespace) -> int:
    from eval.corpus_eval import run_corpus
    from eval.provenance import provenance, write_json

    result = run_corpus(args.docs, args.gold, model=args.model, k=args.k, min_similarity=args.min_similarity,
                        threshold=args.threshold, detector_options=_detector_options(args))
    print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  f1 {result['f1']:.3f}  "
          f"flagged {result['n_flagged']}  gold {result['n_gold']}")
    if args.out:
        config = {"command": "corpus", "docs": str(args.docs), "gold": str(args.gold), "model": args.model,
                  "k": args.k, "min_similarity": args.min_similarity, "threshold": args.threshold,
                  **_detector_options(args)}
        write_json(args.out, {**result, "provenance": provenance(config=config, seed=None)})
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from eval.audit import run_audit
    from eval.provenance import provenance, write_json

    result = run_audit(args.bodies, args.labels, n=args.n, offset=args.offset, seed=args.seed, model=args.model,
                       threshold=args.threshold, detector_options=_detector_options(args))
    print(f"flags {result['n_flags']}  labelled {result['n_labelled']}  conflict {result['n_conflict']}  "
          f"precision (labelled) {result['precision_labelled']:.3f}  known conflicts found "
          f"{result['known_conflicts_found']:.3f} of {result['n_known_conflicts']}  "
          f"unlabelled {result['n_unlabelled']}")
    if args.out:
        config = {"command": "audit", "bodies": str(args.bodies), "labels": str(args.labels), "n": args.n,
                  "offset": args.offset, "model": args.model, "threshold": args.threshold, **_detector_options(args)}
        write_json(args.out, {**result, "provenance": provenance(config=config, seed=args.seed)})
    return 0


def _cmd_stories(args: argparse.Namespace) -> int:
    from eval.provenance import provenance, write_json
    from eval.stories import run_stories

    result = run_stories(args.stances, args.bodies, n=args.n, offset=args.offset, seed=args.seed,
                         max_per_side=args.max_per_side, model=args.model, threshold=args.threshold,
                         detector_options=_detector_options(args))
    lift = "n/a" if result["lift"] is None else f"{result['lift']:.2f}"
    print(f"stories {result['n_stories']}  bodies {result['n_documents']}  findings {result['n_findings']}  "
          f"opposite pairs flagged {result['opposite_flagged']}/{result['n_opposite_pairs']} "
          f"({result['opposite_recall']:.3f})  same-side {result['same_side_flagged']}/{result['n_same_side_pairs']} "
          f"({result['same_side_rate']:.3f})  lift {lift}  cross-story findings {result['cross_story_findings']} "
          f"({result['cross_story_per_1000_pairs']:.1f} per 1,000 pairs)  "
          f"within one body {result['n_within_document']}")
    head = result["headline"]
    lift = "n/a" if head["lift"] is None else f"{head['lift']:.2f}"
    print(f"headline against its disagree bodies {head['disagree_flagged']}/{head['n_disagree_pairs']} "
          f"({head['disagree_rate']:.3f}), against its agree bodies {head['agree_flagged']}/{head['n_agree_pairs']} "
          f"({head['agree_rate']:.3f})  lift {lift}  other headline findings {head['other_findings']}")
    for row in result["by_score"]:
        lift = "n/a" if row["lift"] is None else f"{row['lift']:.2f}"
        print(f"  score >= {row['floor']:.1f}: findings {row['n_findings']}  opposite {row['opposite_recall']:.3f}  "
              f"same-side {row['same_side_rate']:.3f}  lift {lift}  cross-story {row['cross_story_findings']}")
    if args.out:
        config = {"command": "stories", "stances": str(args.stances), "bodies": str(args.bodies), "n": args.n,
                  "offset": args.offset, "max_per_side": args.max_per_side, "model": args.model,
                  "threshold": args.threshold, **_detector_options(args)}
        write_json(args.out, {**result, "provenance": provenance(config=config, seed=args.seed)})
    return 0


def _cmd_speed(args: argparse.Namespace) -> int:
    from eval.provenance import provenance, write_json
    from eval.speed import run_speed

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    result = run_speed(sizes=sizes, model=args.model, knn_claims=args.knn_claims, k=args.k, seed=args.seed)
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))
    for run in result["runs"]:
        print(run)
    if args.out:
        config = {"command": "speed", "sizes": sizes, "model": args.model, "knn_claims": args.knn_claims,
                  "k": args.k}
        write_json(args.out, {**result, "provenance": provenance(config=config, seed=args.seed)})
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from eval.compare import run_compare

    names = [m.strip() for m in args.models.split(",") if m.strip()]
    result = run_compare(args.files, models=names, dev=args.dev, out=args.out, limit=args.limit, seed=args.seed,
                         batch_size=args.batch_size)
    print(result["markdown"], end="")
    return 0


def _cmd_benchmarks(args: argparse.Namespace) -> int:
    from eval.benchmarks import run_benchmarks

    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    run_benchmarks(out=args.out, data_dir=args.data_dir, limit=args.limit, skip=skip, model=args.model,
                   snli_heldout=args.snli_heldout, synth_test=args.synth_test, demo_dir=args.demo_dir,
                   heldout_dir=args.heldout_dir, dev_dirs=args.dev_corpus,
                   compare_limit=args.compare_limit, speed_sizes=args.speed_sizes, seed=args.seed,
                   calibrate_on=args.calibrate_on, keep_skipped=args.keep_skipped, fnc1_bodies=args.fnc1_bodies,
                   fnc1_stances=args.fnc1_stances)
    print(f"wrote {args.out}")
    return 0


def _sizes(text: str) -> str:
    try:
        if not all(int(s) > 0 for s in text.split(",") if s.strip()):
            raise ValueError
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated positive integers, got {text!r}") from None
    return text


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser with one subparser per command; ``args.func(args) -> exit code``."""
    parser = argparse.ArgumentParser(prog="python -m eval", description="Evaluation harness for detector.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at INFO level")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("nli", help="score labelled pair files with an NLI model")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--model", default="default", help="default | int8 | minilm | int8:minilm | FOLDER | int8:FOLDER | lexical | embedding | HF name or path")
    p.add_argument("--out", type=Path, help="OUT.json (also writes OUT.md and, with --plots, PNGs)")
    p.add_argument("--limit", type=int, help="seeded random sample of at most N rows per file")
    p.add_argument("--calibrate-on", type=Path, help="three-way dev file to fit calibration and threshold on")
    p.add_argument("--bootstrap", type=int, default=0, help="bootstrap resamples for 95%% intervals")
    p.add_argument("--plots", action="store_true", help="write OUT_pr.png and OUT_reliability.png")
    p.add_argument("--long-premises", choices=("auto", "always", "never"), default="auto",
                   help="score premises in windows: auto = long premises only")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=_cmd_nli)

    p = sub.add_parser("corpus", help="run the pipeline on documents and score flagged pairs against gold")
    p.add_argument("docs", type=Path)
    p.add_argument("--gold", type=Path, required=True)
    p.add_argument("--out", type=Path)
    p.add_argument("--model", default="default")
    p.add_argument("--k", type=int, help="neighbours per claim (default: the Detector's)")
    p.add_argument("--min-similarity", type=float, help="candidate similarity floor (default: the Detector's)")
    p.add_argument("--threshold", type=float, help="verdict threshold (default: the Detector's)")
    _add_detector_options(p)
    p.set_defaults(func=_cmd_corpus)

    p = sub.add_parser("audit", help="run the pipeline on FNC-1 news bodies and audit its flags against hand labels")
    p.add_argument("--bodies", type=Path, default=Path("../shared/datasets/stance/fnc1/train_bodies.csv"))
    p.add_argument("--labels", type=Path, default=Path("datasets/news_audit/dev.jsonl"))
    p.add_argument("--offset", type=int, default=0, help="first body after the seeded shuffle (dev 0, held-out 40)")
    p.add_argument("--n", type=int, default=40, help="bodies to run")
    p.add_argument("--seed", type=int, default=7, help="shuffle seed of the bodies (the label files use 7)")
    p.add_argument("--out", type=Path, help="OUT.json with every unlabelled flag, for the next reader")
    p.add_argument("--model", default="default")
    p.add_argument("--threshold", type=float, help="verdict threshold (default: the Detector's)")
    _add_detector_options(p)
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser("stories", help="FNC-1 stories with agree and disagree bodies: are the sources that "
                                       "disagree flagged against each other?")
    p.add_argument("--stances", type=Path, default=Path("../shared/datasets/stance/fnc1/train_stances.csv"))
    p.add_argument("--bodies", type=Path, default=Path("../shared/datasets/stance/fnc1/train_bodies.csv"))
    p.add_argument("--offset", type=int, default=0, help="first story after the seeded shuffle (dev 0, held-out n)")
    p.add_argument("--n", type=int, default=30, help="stories to run")
    p.add_argument("--seed", type=int, default=7, help="shuffle seed of the stories")
    p.add_argument("--max-per-side", type=int, default=2, help="bodies per side of a story")
    p.add_argument("--out", type=Path)
    p.add_argument("--model", default="default")
    p.add_argument("--threshold", type=float, help="verdict threshold (default: the Detector's)")
    _add_detector_options(p)
    p.set_defaults(func=_cmd_stories)

    p = sub.add_parser("speed", help="throughput, peak memory and kNN candidate recall on generated corpora")
    p.add_argument("--sizes", type=_sizes, default="1000,10000", help="claims per run, comma-separated")
    p.add_argument("--out", type=Path)
    p.add_argument("--model", default="default")
    p.add_argument("--knn-claims", type=int, default=2000, help="claims for the kNN-vs-all-pairs recall check")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=_cmd_speed)

    p = sub.add_parser("compare", help="several models side by side on the same files")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--models", default="default,int8,lexical,embedding")
    p.add_argument("--dev", type=Path, help="three-way dev file for calibration / thresholds")
    p.add_argument("--out", type=Path)
    p.add_argument("--limit", type=int)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("benchmarks", help="run the configured evaluations and write docs/BENCHMARKS.md")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--data-dir", type=Path, default=Path("../shared/datasets/nli"))
    p.add_argument("--demo-dir", type=Path, default=Path("datasets/demo"))
    p.add_argument("--keep-skipped", action="store_true",
                   help="keep the --skip parts' results from the benchmarks.json already next to --out")
    p.add_argument("--heldout-dir", type=Path, default=Path("datasets/heldout3"),
                   help="a gold corpus never tuned on (skipped when missing)")
    p.add_argument("--dev-corpus", type=Path, nargs="*", default=[Path("datasets/heldout"), Path("datasets/heldout2")],
                   help="further gold corpora that rules were developed on, reported as dev figures")
    p.add_argument("--snli-heldout", type=Path, help="held-out SNLI jsonl, the training run directory, or the training "
                                                    "config (.json: its held-out part split again from --data-dir)")
    p.add_argument("--synth-test", type=Path, nargs="+",
                   help="generated test split(s) with a 'phenomenon' key per row (several are pooled)")
    p.add_argument("--model", default="default")
    p.add_argument("--limit", type=int, help="cap rows per set (quick runs)")
    p.add_argument("--compare-limit", type=int, default=500)
    p.add_argument("--calibrate-on", type=Path, help="three-way dev file: fit calibration and threshold on it, "
                                                      "apply unchanged to every NLI set")
    p.add_argument("--speed-sizes", type=_sizes, default="300,1000", help="claims per speed run")
    p.add_argument("--skip", default="",
                   help="comma-separated parts to skip: nli,synth,corpus,audit,stories,compare,speed")
    p.add_argument("--fnc1-bodies", type=Path, default=Path("../shared/datasets/stance/fnc1/train_bodies.csv"),
                   help="FNC-1 bodies CSV for the audit and stories parts (skipped when missing)")
    p.add_argument("--fnc1-stances", type=Path, default=Path("../shared/datasets/stance/fnc1/train_stances.csv"),
                   help="FNC-1 stances CSV for the stories part (skipped when missing)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=_cmd_benchmarks)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit code (1 with one message on bad input)."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError, ModuleNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
