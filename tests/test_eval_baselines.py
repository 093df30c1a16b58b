import numpy as np

from eval.baselines import EmbeddingBaseline, LexicalBaseline, lexical_features

LABELS = ("entailment", "neutral", "contradiction")


def test_lexical_features():
    assert lexical_features("The army captured the town.", "The army didn't capture the town.")[1] == 1
    assert lexical_features("Police said 12 people died.", "Police said 15 people died.")[2] == 1
    assert lexical_features("Police said 12 people died.", "12 people died.") == (1.0, 0, 0)


def test_lexical_predictions():
    pairs = [("The ministry signed the deal on Monday.", "The ministry did not sign the deal."),
             ("Police said 12 people died in the fire.", "Police said 15 people died in the fire."),
             ("The ministry signed the deal on Monday.", "The ministry signed the deal."),
             ("The ministry signed the deal on Monday.", "A storm hit the coast.")]
    probs = LexicalBaseline().predict_proba(pairs)
    assert probs.shape == (4, 3) and probs.dtype == np.float32
    assert np.allclose(probs.sum(1), 1, atol=1e-6)
    assert [LABELS[i] for i in probs.argmax(1)] == ["contradiction", "contradiction", "entailment", "neutral"]
    assert LexicalBaseline().predict_proba([]).shape == (0, 3)


def test_embedding_baseline_never_contradiction():
    vecs = {"a": [1.0, 0.0], "b": [0.99, 0.141], "c": [0.0, 1.0]}

    def encode(texts):
        v = np.array([vecs[t] for t in texts])
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    probs = EmbeddingBaseline(encode=encode).predict_proba([("a", "b"), ("a", "c")])
    assert (probs[:, 2] == 0).all()
    assert probs[0].argmax() == 0 and probs[1].argmax() == 1
    assert np.allclose(probs.sum(1), 1)
