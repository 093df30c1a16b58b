from pathlib import Path

import pytest

from eval.corpus_eval import FlaggedPair, GoldPair, match_pairs, read_gold

FIX = Path(__file__).parent / "fixtures" / "eval"


def test_read_gold_skips_bad_lines(caplog):
    gold = read_gold(FIX / "gold.jsonl")
    assert gold == [GoldPair("doc1:0", "doc2:1", "negation"), GoldPair("doc3", "doc4", "numbers"),
                    GoldPair("doc5:2", "doc6:0", "negation")]
    assert "gold.jsonl:4" in caplog.text and "gold.jsonl:5" in caplog.text


def test_match_claim_ids_doc_ids_and_either_order():
    gold = read_gold(FIX / "gold.jsonl")
    flagged = [
        FlaggedPair("doc2:1", "doc2", "doc1:0", "doc1", "contradiction", 0.9, "x", "y"),  # reversed claim ids
        FlaggedPair("doc3:0", "doc3", "doc4:5", "doc4", "numeric_mismatch", 0.8),      # doc-id match
        FlaggedPair("doc3:1", "doc3", "doc4:0", "doc4", "contradiction", 0.7),         # same gold again
        FlaggedPair("doc1:0", "doc1", "doc9:0", "doc9", "contradiction", 0.6, "a", "b"),  # false positive
        FlaggedPair("doc5:3", "doc5", "doc6:0", "doc6", "contradiction", 0.5),         # wrong claim of doc5
    ]
    r = match_pairs(flagged=flagged, gold=gold, texts={"doc5:2": "five", "doc6:0": "six"})
    assert r["n_flagged"] == 5 and r["n_gold"] == 3
    assert r["n_true_positive_flags"] == 3 and r["n_gold_found"] == 2
    assert r["precision"] == pytest.approx(3 / 5) and r["recall"] == pytest.approx(2 / 3)
    assert r["f1"] == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))
    assert r["per_label_recall"] == {"negation": {"n": 2, "recall": 0.5}, "numbers": {"n": 1, "recall": 1.0}}
    assert r["missed"] == [{"a": "doc5:2", "b": "doc6:0", "label": "negation", "a_text": "five", "b_text": "six"}]
    assert [(fp["a"], fp["b"]) for fp in r["false_positives"]] == [("doc1:0", "doc9:0"), ("doc5:3", "doc6:0")]


def test_match_empty():
    r = match_pairs(flagged=[], gold=[])
    assert r["precision"] == r["recall"] == r["f1"] == 0.0 and "per_label_recall" not in r


def test_run_corpus_passes_detector_options(tmp_path, monkeypatch):
    import types

    import detector.pipeline
    from eval.corpus_eval import run_corpus

    made = {}

    class FakeDetector:
        def __init__(self, **kwargs):
            made.update(kwargs)

        def run(self, documents):
            return types.SimpleNamespace(findings=[], claims=[], n_claims=0, n_pairs_scored=0)

    monkeypatch.setattr(detector.pipeline, "Detector", FakeDetector)
    docs, gold = tmp_path / "corpus.jsonl", tmp_path / "gold.jsonl"
    docs.write_text('{"id": "d1", "text": "The dam broke.", "source": "S"}\n', encoding="utf-8")
    gold.write_text('{"a": "d1", "b": "d2"}\n', encoding="utf-8")
    result = run_corpus(docs, gold, threshold=0.6, detector_options={"combine": "mean", "one_way_max_words": None})
    assert made == {"nli_model": None, "threshold": 0.6, "combine": "mean", "one_way_max_words": None}
    assert result["n_flagged"] == 0 and result["recall"] == 0.0
