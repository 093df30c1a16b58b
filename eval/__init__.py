"""Evaluation harness for ``detector``: ``python -m eval {nli,corpus,speed,compare,benchmarks}``.

Public names are re-exported here; the heavy parts (the pipeline, NLI models, matplotlib) are imported
only by the functions that need them.
"""

from eval.baselines import EmbeddingBaseline, LexicalBaseline, load_model
from eval.corpus_eval import FlaggedPair, GoldPair, match_pairs, read_gold, run_corpus
from eval.formats import Pair, read_pairs
from eval.metrics import BinaryCalibrator, TemperatureScaler, bootstrap_ci, tune_threshold
from eval.nli_eval import (Calibration, evaluate_file, evaluate_probs, fit_calibration, markdown_table, run_nli,
                           score_pairs)
from eval.provenance import provenance

__all__ = [
    "EmbeddingBaseline", "LexicalBaseline", "load_model",
    "FlaggedPair", "GoldPair", "match_pairs", "read_gold", "run_corpus",
    "Pair", "read_pairs",
    "BinaryCalibrator", "TemperatureScaler", "bootstrap_ci", "tune_threshold",
    "Calibration", "evaluate_file", "evaluate_probs", "fit_calibration", "markdown_table", "run_nli", "score_pairs",
    "provenance",
]
