import numpy as np
import pytest
from test_eval_fakes import overconfident

from eval import metrics as M


def test_accuracy_prf_confusion_hand_computed():
    y = np.array([0, 1, 2, 2, 1, 0])
    pred = np.array([0, 1, 2, 1, 0, 0])
    assert M.accuracy(y_true=y, y_pred=pred) == pytest.approx(4 / 6)
    prf = M.per_class_prf(y_true=y, y_pred=pred, labels=("entailment", "neutral", "contradiction"))
    assert prf["entailment"]["precision"] == pytest.approx(2 / 3) and prf["entailment"]["recall"] == 1.0
    assert prf["neutral"]["precision"] == pytest.approx(0.5) and prf["neutral"]["recall"] == pytest.approx(0.5)
    assert prf["contradiction"]["f1"] == pytest.approx(2 / 3) and prf["contradiction"]["support"] == 2
    assert M.confusion(y_true=y, y_pred=pred, n_classes=3) == [[2, 0, 0], [1, 1, 0], [0, 1, 1]]


def test_auroc_hand_computed_and_single_class():
    assert M.auroc(y_true=np.array([1, 0, 0, 1, 0, 0]),
                   scores=np.array([0.7, 0.1, 0.3, 0.25, 0.1, 0.2])) == pytest.approx(7 / 8)
    assert M.auroc(y_true=np.array([0, 0]), scores=np.array([0.1, 0.2])) is None


def test_ece_hand_computed():
    probs = np.array([[0.78, 0.11, 0.11], [0.2, 0.48, 0.32], [0.1, 0.22, 0.68],
                      [0.3, 0.45, 0.25], [0.58, 0.32, 0.1], [0.68, 0.12, 0.2]])
    y = np.array([0, 1, 2, 2, 1, 0])
    # bins: {0.45 wrong, 0.48 right} -> |0.5-0.465|*2; {0.58 wrong} -> 0.58; {0.68, 0.68 right} -> 0.32*2;
    # {0.78 right} -> 0.22
    assert M.ece(probs=probs, y_true=y) == pytest.approx((0.07 + 0.58 + 0.64 + 0.22) / 6)
    assert M.binary_ece(y_true=np.array([1, 0]), scores=np.array([1.0, 0.0])) == 0.0
    assert M.binary_ece(y_true=np.array([0, 0]), scores=np.array([0.95, 0.95])) == pytest.approx(0.95)


def test_to_two_way():
    out = M.to_two_way(np.array([[0.45, 0.3, 0.25]]))
    assert out.shape == (1, 2) and out[0].tolist() == pytest.approx([0.45, 0.55])


def test_threshold_tuned_on_dev_applied_to_test():
    t, f1 = M.tune_threshold(y_true=np.array([0, 0, 1, 1, 0, 1]),
                             scores=np.array([0.1, 0.3, 0.35, 0.8, 0.6, 0.9]))
    assert t == pytest.approx(0.35) and f1 == pytest.approx(6 / 7)
    # unchanged on test: predictions [1, 1, 0] vs gold [1, 0, 1] -> F1 0.5
    assert M.f1_at_threshold(y_true=np.array([1, 0, 1]), scores=np.array([0.4, 0.36, 0.2]),
                             threshold=t) == pytest.approx(0.5)


def test_bootstrap_seeded_and_contains_point():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 300)
    pred = np.where(rng.random(300) < 0.7, y, 1 - y)
    point = M.accuracy(y_true=y, y_pred=pred)
    fn = lambda i: M.accuracy(y_true=y[i], y_pred=pred[i])  # noqa: E731
    lo, hi = M.bootstrap_ci(fn=fn, n_items=300, n_boot=200, seed=5)
    assert lo < point < hi and hi - lo < 0.2
    assert (lo, hi) == M.bootstrap_ci(fn=fn, n_items=300, n_boot=200, seed=5)
    assert (lo, hi) != M.bootstrap_ci(fn=fn, n_items=300, n_boot=200, seed=6)
    with pytest.raises(ValueError):
        M.bootstrap_ci(fn=fn, n_items=0)


def test_temperature_scaling_reduces_ece():
    dev, ydev = overconfident(3000, 0)
    test, ytest = overconfident(3000, 1)
    scaler = M.TemperatureScaler().fit(dev, ydev)
    assert scaler.temperature_ > 1.5
    after = scaler.transform(test)
    assert (after.argmax(1) == test.argmax(1)).all()
    assert M.ece(probs=after, y_true=ytest) < M.ece(probs=test, y_true=ytest) - 0.2
    with pytest.raises(RuntimeError):
        M.TemperatureScaler().transform(test)


@pytest.mark.parametrize("method", ["isotonic", "platt"])
def test_binary_calibrator_reduces_ece(method):
    dev, ydev = overconfident(3000, 0)
    test, ytest = overconfident(3000, 1)
    cal = M.BinaryCalibrator(method).fit(dev[:, 2], (ydev == 2).astype(int))
    before = M.binary_ece(y_true=(ytest == 2), scores=test[:, 2])
    after = M.binary_ece(y_true=(ytest == 2), scores=cal.transform(test[:, 2]))
    assert after < before / 2
    with pytest.raises(ValueError):
        M.BinaryCalibrator("magic").fit(dev[:, 2], (ydev == 2).astype(int))
