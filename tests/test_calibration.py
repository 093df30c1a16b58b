import numpy as np
import pytest

from detector.calibration import NLICalibration, PlattCalibrator, load_calibration


def test_identity_leaves_probabilities_unchanged():
    p = np.array([0.1, 0.5, 0.9])
    assert np.allclose(PlattCalibrator()(p), p, atol=1e-6)


def test_platt_fit_reduces_overconfidence():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 4000)
    # an overconfident scorer: right 70% of the time but always says 0.99 / 0.01
    right = rng.random(4000) < 0.7
    p = np.where(y == right, 0.99, 0.01)
    cal = PlattCalibrator.fit(p, y)
    out = cal(np.array([0.99, 0.01]))
    assert abs(out[0] - 0.7) < 0.05 and abs(out[1] - 0.3) < 0.05


def test_fit_needs_both_classes():
    with pytest.raises(ValueError):
        PlattCalibrator.fit(np.array([0.2, 0.8]), np.array([1, 1]))


def test_apply_keeps_rows_normalised_and_json_roundtrip(tmp_path):
    cal = NLICalibration(PlattCalibrator(2.0, 1.0), PlattCalibrator(1.5, 0.5), ("dev.jsonl",))
    probs = np.array([[0.7, 0.2, 0.1], [0.05, 0.05, 0.9], [0.45, 0.1, 0.45]], dtype=np.float32)
    out = cal.apply(probs)
    assert out.shape == (3, 3) and np.allclose(out.sum(axis=1), 1, atol=1e-5) and (out >= 0).all()
    path = tmp_path / "cal.json"
    path.write_text(cal.to_json())
    assert load_calibration(path) == cal
    assert load_calibration(tmp_path / "missing.json") == NLICalibration()
    assert cal.apply(np.zeros((0, 3), dtype=np.float32)).shape == (0, 3)
