import numpy as np
import pytest

from detector.records import CandidatePair
from eval.speed import generate_corpus, growth_exponent, knn_recall_from_embeddings


def test_generate_corpus_deterministic_and_sized():
    a = generate_corpus(50, seed=1)
    assert a == generate_corpus(50, seed=1) and a != generate_corpus(50, seed=2)
    assert len(a) == 10 and len({d.source for d in a}) > 2
    assert all(d.text.count(".") >= 5 for d in a)


def test_growth_exponent():
    assert growth_exponent([1000, 10000, 100000], [2.0, 20.0, 200.0]) == pytest.approx(1.0)
    assert growth_exponent([10, 100], [1.0, 100.0]) == pytest.approx(2.0)
    assert growth_exponent([10], [1.0]) is None


def test_knn_recall_against_brute_force():
    emb = np.array([[1, 0], [0.96, 0.28], [0, 1], [0.6, 0.8]], dtype=np.float32)
    groups = ["A", "B", "A", "B"]
    # cross-group pairs: (0,1) .96, (0,3) .6, (1,2) .28, (2,3) .8 ; floor 0.5 -> three above it

    def knn(e, g, *, k, min_similarity):
        return [CandidatePair(0, 1, 0.96), CandidatePair(0, 3, 0.6)]

    r = knn_recall_from_embeddings(emb, groups, k=1, min_similarity=0.5, knn=knn)
    assert r["n_pairs_above_floor"] == 3 and r["n_knn_pairs"] == 2
    assert r["recall_above_floor"] == pytest.approx(2 / 3)
    assert r["recall_top_n"] == pytest.approx(0.5)  # top-2 are (0,1) and (2,3)
