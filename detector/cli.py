"""Command line: ``detector report INPUT... -o report.{html,md,json,csv}``.

A thin shell over :class:`detector.pipeline.Detector`. Exit codes: 0 ok, 1 bad input (the report is still
written for the input that could be read; nothing is written when no document could be read), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sys

from detector.report import FORMATS

__all__ = ["main", "build_parser", "word_limit"]

logger = logging.getLogger("detector")


def word_limit(text: str) -> int | None:
    """``--one-way-max-words`` values: a non-negative number of words, or ``off`` (None: the rule is off).

    Raises:
        argparse.ArgumentTypeError: anything else.
    """
    if text.strip().lower() == "off":
        return None
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of words or 'off', got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detector", description="Find conflicting claims across sources.")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="write a contradiction report for documents",
                         description="Read documents (.txt .md .jsonl .csv .html, or folders of them) and write "
                                     "a contradiction report.")
    rep.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    rep.add_argument("-o", "--output", required=True, help="report file (.html .md .json .csv)")
    rep.add_argument("--format", choices=FORMATS, help="output format (default: from the extension)")
    rep.add_argument("--model", default=None,
                     help="NLI model: 'default' (own offline model), 'int8' (the same, int8 ONNX), 'minilm' or "
                          "'int8:minilm' (the faster, less accurate MiniLM model), or a Hugging Face cross-encoder "
                          "name/path")
    rep.add_argument("--embedding-model", default=None, help="sentence-transformers model name or path")
    rep.add_argument("-k", type=int, default=10, help="candidate neighbours per claim (default 10)")
    rep.add_argument("--min-similarity", type=float, default=0.35, help="cosine floor for candidates (default 0.35)")
    rep.add_argument("--threshold", type=float, default=0.5, help="conflict score to report (default 0.5)")
    rep.add_argument("--combine", choices=("max", "mean"), default="max", help="how NLI directions combine")
    rep.add_argument("--one-way-max-words", type=word_limit, default=18, metavar="N|off",
                     help="longer claims need a contrast cue for a contradiction NLI sees in one order only "
                          "(default 18; off turns the rule off)")
    rep.add_argument("--index", choices=("auto", "flat", "hnsw", "ivf"), default="auto", help="faiss index kind")
    rep.add_argument("--no-attribution", action="store_true", help="compare raw sentences, no speaker/stance")
    rep.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    rep.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return parser


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.k < 1:
        parser.error(f"-k must be at least 1, got {args.k}")
    for name in ("min_similarity", "threshold"):
        value = getattr(args, name)
        if not -1.0 <= value <= 1.0:
            parser.error(f"--{name.replace('_', '-')} must be within [-1, 1], got {value}")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _check(parser, args)
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="detector: %(message)s", stream=sys.stderr)
    for noisy in ("faiss", "faiss.loader", "sentence_transformers", "transformers", "httpx"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    if args.quiet:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    from detector.ingest import load_documents
    from detector.pipeline import Detector
    from detector.report import format_for

    try:
        fmt = format_for(args.output, args.format)
    except ValueError as exc:
        parser.error(str(exc))
    result = load_documents(args.inputs)
    for error in result.errors:
        logger.error("%s", error)
    if not result.documents:
        logger.error("no documents could be read")
        return 1
    detector = Detector(args.model, embedding_model=args.embedding_model, k=args.k,
                        min_similarity=args.min_similarity, threshold=args.threshold, combine=args.combine,
                        one_way_max_words=args.one_way_max_words,
                        attribute=not args.no_attribution, index=args.index,
                        show_progress=None if not args.quiet else False)
    report = detector.run(list(result.documents), errors=result.errors)
    report.write(args.output, fmt)
    logger.info("%d findings in %d disputes from %d claims; wrote %s", len(report.contradictions),
                len(report.disputes), report.n_claims, args.output)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
