"""faiss index kinds and cross-group candidate pairs, on synthetic unit vectors (no model)."""

import numpy as np
import pytest

from detector.candidates import candidate_pairs, claim_group, knn_pairs
from detector.index import INDEX_KINDS, build_index, search
from detector.records import CandidatePair, Claim


def unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def random_vectors() -> np.ndarray:
    return unit(np.random.default_rng(0).normal(size=(2000, 32)))


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf", "auto"])
def test_index_kinds_find_the_nearest_neighbour(kind, random_vectors):
    index = build_index(random_vectors, kind=kind)
    assert index.ntotal == len(random_vectors)
    rng = np.random.default_rng(1)
    targets = rng.choice(len(random_vectors), size=50, replace=False)
    queries = unit(random_vectors[targets] + 0.05 * rng.normal(size=(50, 32)))
    sims, ids = search(index, queries, 5)
    assert sims.shape == ids.shape == (50, 5)
    assert sims.dtype == np.float32 and ids.dtype == np.int64
    assert np.all(np.diff(sims, axis=1) <= 1e-6), "neighbours sorted by decreasing similarity"
    exact = np.argmax(queries @ random_vectors.T, axis=1)
    hits = np.mean(ids[:, 0] == exact)
    assert hits >= (1.0 if kind in ("flat", "auto") else 0.95)
    np.testing.assert_allclose(sims[:, 0], np.max(queries @ random_vectors.T, axis=1), atol=1e-4)


def test_search_clamps_k_to_the_index_size():
    x = unit(np.eye(3))
    sims, ids = search(build_index(x, kind="flat"), x, 10)
    assert sims[:, 0] == pytest.approx([1.0, 1.0, 1.0], abs=1e-6)
    assert ids.shape == (3, 3)
    assert list(ids[:, 0]) == [0, 1, 2]


def test_build_index_rejects_bad_input():
    with pytest.raises(ValueError, match="kind"):
        build_index(unit(np.eye(4)), kind="annoy")
    with pytest.raises(ValueError, match="2-d"):
        build_index(np.ones(4, dtype=np.float32))
    assert "flat" in INDEX_KINDS


def test_build_index_on_no_vectors():
    assert build_index(np.zeros((0, 8), dtype=np.float32), kind="hnsw").ntotal == 0


# --- knn_pairs ---------------------------------------------------------------------------------------------

def clustered(n_clusters=4, per=5, d=16, noise=0.05, seed=0):
    rng = np.random.default_rng(seed)
    centres = unit(rng.normal(size=(n_clusters, d)))
    x = np.repeat(centres, per, axis=0) + noise * rng.normal(size=(n_clusters * per, d))
    return unit(x), np.repeat(np.arange(n_clusters), per)


@pytest.mark.parametrize("index_kind", ["flat", "hnsw"])
def test_knn_pairs_basic_invariants(index_kind):
    x, cluster = clustered()
    groups = [f"src{n % 3}" for n in range(len(x))]
    pairs = knn_pairs(x, groups, k=2, min_similarity=0.5, index_kind=index_kind)
    assert pairs, "close vectors from different groups should pair"
    keys = [(p.i, p.j) for p in pairs]
    assert keys == sorted(set(keys)), "sorted and deduplicated"
    for p in pairs:
        assert isinstance(p, CandidatePair)
        assert p.i < p.j
        assert groups[p.i] != groups[p.j]
        assert p.similarity >= 0.5
        assert p.similarity == pytest.approx(float(x[p.i] @ x[p.j]), abs=1e-4)
        assert cluster[p.i] == cluster[p.j]  # far clusters are below the floor
    # each row proposes at most k pairs, so a row appears in at most k + (pairs proposed by others)
    proposed = {}
    for i in range(len(x)):
        sims = x @ x[i]
        other = [j for j in np.argsort(-sims) if j != i and groups[j] != groups[i] and sims[j] >= 0.5][:2]
        proposed[i] = {tuple(sorted((i, int(j)))) for j in other}
    assert set(keys) == set().union(*proposed.values())


def test_knn_pairs_never_pairs_the_same_group():
    x, _ = clustered()
    assert knn_pairs(x, ["same"] * len(x), k=5, min_similarity=-1.0) == []


def test_knn_pairs_respects_k_and_floor():
    x, _ = clustered(n_clusters=1, per=12, noise=0.01)
    groups = list(range(12))  # every row its own group: all pairs are eligible
    few = knn_pairs(x, groups, k=1, min_similarity=0.0)
    many = knn_pairs(x, groups, k=11, min_similarity=0.0)
    assert len(many) == 12 * 11 // 2
    assert len(few) <= 12
    assert all(p.similarity >= 0.99 for p in many)
    assert knn_pairs(x, groups, k=11, min_similarity=1.01) == []


def test_knn_pairs_trivial_inputs_and_errors():
    assert knn_pairs(np.zeros((0, 4), dtype=np.float32), [], k=3) == []
    assert knn_pairs(unit(np.ones((1, 4))), ["a"], k=3) == []
    with pytest.raises(ValueError):
        knn_pairs(unit(np.eye(3)), ["a", "b"], k=3)
    with pytest.raises(ValueError):
        knn_pairs(unit(np.eye(3)), ["a", "b", "c"], k=0)


def test_knn_pairs_accepts_tuple_groups():
    x = unit([[1, 0], [1, 0.1], [1, 0.2]])
    pairs = knn_pairs(x, [("A", "x"), ("A", "x"), ("B", "y")], k=5, min_similarity=0.0)
    assert [(p.i, p.j) for p in pairs] == [(0, 2), (1, 2)]


def test_knn_pairs_not_blinded_by_a_crowded_group():
    rng = np.random.default_rng(0)
    d = 32
    v = unit(rng.normal(size=(1, d)))[0]
    w = rng.normal(size=d)
    w = w - (w @ v) * v
    w /= np.linalg.norm(w)
    a = v + 0.01 * rng.normal(size=(20, d))  # 20 near-duplicate claims of source A
    b = v + 0.3 * w + 0.01 * rng.normal(size=(20, d))  # 20 of source B, each ~0.95 similar to every A claim
    x = unit(np.vstack([a, b]))
    assert (x[:20] @ x[20:].T).min() > 0.9
    pairs = knn_pairs(x, ["A"] * 20 + ["B"] * 20, k=2, min_similarity=0.35)
    assert pairs, "every row has other-group neighbours at similarity > 0.9"


# --- candidate_pairs ---------------------------------------------------------------------------------------

def claim(n, source, speaker=None, linked_to=None):
    return Claim(id=f"d{n}:0", doc_id=f"d{n}", text=f"sentence {n}", start=0, end=10, source=source,
                 speaker=speaker, linked_to=linked_to)


def test_claim_group_uses_source_and_speaker():
    assert claim_group(claim(0, "TASS")) == ("TASS", "tass")
    assert claim_group(claim(0, "TASS", " Defense Ministry ")) == ("TASS", "defense ministry")
    assert claim_group(claim(0, "TASS", "A")) != claim_group(claim(1, "TASS", "B"))
    # an unresolved pronoun speaker is the document's voice for grouping: not a side within its document
    assert claim_group(claim(0, "TASS", "he")) == claim_group(claim(1, "TASS")) == claim_group(claim(2, "TASS", "We"))


def test_candidate_pairs_adds_linked_pairs_below_the_floor():
    claims = [claim(0, "TASS"), claim(1, "Reuters"), claim(2, "Kyiv", linked_to="d0:0"), claim(3, "BBC")]
    x = unit([[1, 0, 0], [1, 0.05, 0], [0, 0, 1], [0, 1, 0]])  # claim 2 orthogonal to claim 0
    pairs = candidate_pairs(claims, x, k=3, min_similarity=0.5)
    keys = [(p.i, p.j) for p in pairs]
    assert keys == sorted(keys)
    assert (0, 1) in keys
    assert (0, 2) in keys, "a denial is always compared with the claim it denies"
    linked = next(p for p in pairs if (p.i, p.j) == (0, 2))
    assert linked.similarity == pytest.approx(0.0, abs=1e-6)
    assert (2, 3) not in keys and (1, 3) not in keys


def test_candidate_pairs_ignores_dangling_and_self_links():
    claims = [claim(0, "A", linked_to="missing:1"), claim(1, "B", linked_to="d1:0")]
    x = unit([[1, 0], [0, 1]])
    assert candidate_pairs(claims, x, k=3, min_similarity=0.5) == []


def test_candidate_pairs_does_not_duplicate_a_linked_knn_pair():
    claims = [claim(0, "A"), claim(1, "B", linked_to="d0:0")]
    x = unit([[1, 0], [1, 0.1]])
    pairs = candidate_pairs(claims, x, k=3, min_similarity=0.5)
    assert [(p.i, p.j) for p in pairs] == [(0, 1)]
