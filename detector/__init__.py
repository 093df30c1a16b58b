"""detector: find claims that conflict across sources and speakers, with who said what and when.

Quick start::

    from detector import Detector, load_documents
    report = Detector().run(load_documents(["datasets/demo/corpus.jsonl"]).documents)
    report.write("report.html")

Imports are lazy: ``import detector`` loads no model and no heavy library.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

__all__ = [
    "Detector", "Report", "load_documents", "extract_claims", "load_nli", "Embedder", "group_disputes",
    "Document", "Claim", "Attribution", "CandidatePair", "PairScores", "Finding", "Side", "Dispute",
    "InputError", "NLI_LABELS", "__version__",
]

_LAZY = {
    "Detector": "detector.pipeline", "Report": "detector.report", "load_documents": "detector.ingest",
    "InputError": "detector.ingest", "extract_claims": "detector.claims", "load_nli": "detector.nli",
    "Embedder": "detector.embed", "group_disputes": "detector.disputes",
    "Document": "detector.records", "Claim": "detector.records", "Attribution": "detector.records",
    "CandidatePair": "detector.records", "PairScores": "detector.records", "Finding": "detector.records",
    "Side": "detector.records", "Dispute": "detector.records", "NLI_LABELS": "detector.records",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'detector' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
