"""Fit the shipped model's calibration (:mod:`detector.calibration`) on dev files it was not trained on.

The pipeline calibrates each direction's probabilities before combining them, so the calibrators are
fitted on single-direction (premise -> hypothesis) probabilities, matching the dev labels.

Usage::

    python -m detector.training.calibrate --data-dir ../shared/datasets/nli \\
        --files cad_snli_dev.jsonl conjnli_dev.jsonl mpe_dev.jsonl [--out detector/models/nli/calibration.json]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import numpy as np

from detector.calibration import NLICalibration, PlattCalibrator
from detector.nli import load_nli
from detector.records import NLI_LABELS
from detector.report import write_atomic
from detector.resources import packaged_nli_path
from detector.training.data import read_pairs

logger = logging.getLogger("detector.training.calibrate")


def fit(model_name: str | None, files: list[Path]) -> NLICalibration:
    rows = [r for f in files for r in read_pairs(f) if r.label in NLI_LABELS]
    model = load_nli(model_name)
    probs = model.predict_proba([(r.premise, r.hypothesis) for r in rows], show_progress=True)
    labels = np.array([r.label for r in rows])
    cal = NLICalibration(
        entailment=PlattCalibrator.fit(probs[:, NLI_LABELS.index("entailment")], labels == "entailment"),
        contradiction=PlattCalibrator.fit(probs[:, NLI_LABELS.index("contradiction")], labels == "contradiction"),
        fitted_on=tuple(f.name for f in files))
    logger.info("fitted on %d pairs: %s", len(rows), cal)
    return cal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/datasets/nli"))
    parser.add_argument("--files", nargs="+", default=["cad_snli_dev.jsonl", "conjnli_dev.jsonl", "mpe_dev.jsonl"])
    parser.add_argument("--model", default=None)
    parser.add_argument("--out", type=Path, default=Path(packaged_nli_path()) / "calibration.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    cal = fit(args.model, [args.data_dir / f for f in args.files])
    write_atomic(args.out, cal.to_json() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
