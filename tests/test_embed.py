"""Embedder with the offline all-MiniLM-L6-v2 (real model, loaded once)."""

import numpy as np
import pytest

from detector.embed import Embedder


@pytest.fixture(scope="module")
def embedder():
    return Embedder()


def test_constructor_loads_nothing():
    e = Embedder()
    assert e._st is None
    assert "MiniLM" in e.name
    assert Embedder("some/model").name == "some/model"


def test_encode_shape_dtype_norms(embedder):
    texts = ["Russian forces captured Chasiv Yar.", "The Ukrainian army denied the capture.", "Rates rose."]
    x = embedder.encode(texts)
    assert x.shape == (3, 384)
    assert x.dtype == np.float32
    assert x.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(embedder.encode(texts[1:2])[0], x[1], atol=1e-5)


def test_encode_empty(embedder):
    x = embedder.encode([])
    assert x.shape == (0, 384) and x.dtype == np.float32


def test_paraphrases_are_closer_than_unrelated_sentences(embedder):
    x = embedder.encode([
        "Russian troops have taken control of the town of Chasiv Yar.",
        "The town of Chasiv Yar was captured by Russian forces.",
        "The central bank left interest rates unchanged on Thursday.",
        "The bakery sells fresh bread every morning.",
    ])
    sims = x @ x.T
    assert sims[0, 1] > sims[0, 2] + 0.2
    assert sims[0, 1] > sims[0, 3] + 0.2
    assert sims[2, 2] == pytest.approx(1.0, abs=1e-5)
