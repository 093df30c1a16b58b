import json
from pathlib import Path

import numpy as np
import pytest
from test_eval_fakes import FakeModel, overconfident

import eval.baselines
from eval.__main__ import build_parser, main
from eval.formats import Pair
from eval.nli_eval import evaluate_file, evaluate_probs, fit_calibration, markdown_table, run_nli

FIX = Path(__file__).parent / "fixtures" / "eval"
PNG = b"\x89PNG\r\n\x1a\n"


def test_evaluate_file_three_way_hand_computed():
    model = FakeModel()
    r = evaluate_file(model, FIX / "shared3.jsonl", bootstrap=200, seed=3)
    assert r["dataset"] == "shared3" and r["n"] == 6 and not r["two_way"]
    assert r["accuracy"] == pytest.approx(4 / 6)
    assert r["confusion"] == [[2, 0, 0], [1, 1, 0], [0, 1, 1]]
    assert r["per_class"]["contradiction"] == pytest.approx(
        {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert r["contradiction_f1"] == pytest.approx(2 / 3)
    assert r["contradiction_auroc"] == pytest.approx(7 / 8)
    # ECE bins: {0.45 wrong, 0.48 right}, {0.58 wrong}, {0.68, 0.68 right}, {0.78 right}
    assert r["ece"] == pytest.approx((2 * 0.035 + 0.58 + 2 * 0.32 + 0.22) / 6, abs=1e-6)
    assert r["pairs_per_second"] > 0
    lo, hi = r["accuracy_ci"]
    assert lo <= 4 / 6 <= hi
    assert r["per_phenomenon"]["paraphrase"] == {"n": 1, "accuracy": 1.0}
    # the model saw normalised text
    assert ("A man sleeps.", "A man rests.") in model.calls[0]


def test_two_way_maps_neutral_plus_contradiction():
    r = evaluate_file(FakeModel(), FIX / "shared2.jsonl")
    assert r["two_way"] and r["labels"] == ["entailment", "not_entailment"]
    assert r["accuracy"] == pytest.approx(3 / 4)
    assert r["confusion"] == [[1, 1], [0, 2]]
    assert r["contradiction_auroc"] is None and r["contradiction_f1"] is None


def test_long_premises_use_long_scorer():
    seen = []

    def long_scorer(model, pairs, **kw):
        seen.extend(pairs)
        return np.tile(np.array([0.1, 0.1, 0.8], np.float32), (len(pairs), 1))

    model = FakeModel({"Meteorite crashes in Managua": (0.9, 0.05, 0.05)})
    r = evaluate_file(model, FIX / "fnc_stances.csv", long_scorer=long_scorer)
    assert len(seen) == 4 and sum(map(len, model.calls)) == 1  # FNC-1 bodies are long; 1 = warm-up
    assert r["per_class"]["contradiction"]["recall"] == 1.0
    r2 = evaluate_file(FakeModel(), FIX / "shared3.jsonl", long_premises=True, long_scorer=long_scorer)
    assert r2["accuracy"] == pytest.approx(2 / 6)


def _overconfident(n, seed):
    probs, y = overconfident(n, seed)
    labels = ("entailment", "neutral", "contradiction")
    return [Pair(str(i), "p", "h", labels[t]) for i, t in enumerate(y)], probs


def test_calibration_fitted_on_dev_reduces_test_ece():
    dev_pairs, dev_probs = _overconfident(2000, 0)
    test_pairs, test_probs = _overconfident(2000, 1)
    cal = fit_calibration(pairs=dev_pairs, probs=dev_probs, dataset="dev")
    r = evaluate_probs(pairs=test_pairs, probs=test_probs, dataset="test", calibration=cal)
    c = r["calibration"]
    assert c["ece_after"] < c["ece_before"] - 0.2
    assert c["contradiction_ece_after"] < c["contradiction_ece_before"] / 2
    assert c["threshold"] == pytest.approx(cal.threshold) and 0 <= c["test_f1_at_dev_threshold"] <= 1
    two_way = [Pair("x", "p", "h", "not_entailment")]
    with pytest.raises(ValueError, match="three-way"):
        fit_calibration(pairs=two_way, probs=np.array([[0.2, 0.3, 0.5]]))


def test_run_nli_writes_json_markdown_plots(tmp_path, caplog):
    out = tmp_path / "res.json"
    results, errors = run_nli([FIX / "shared3.jsonl", FIX / "shared2.jsonl", tmp_path / "missing.jsonl"],
                              model=FakeModel(), out=out, plots=True, bootstrap=50)
    assert len(results) == 2 and len(errors) == 1 and "missing.jsonl" in errors[0]
    saved = json.loads(out.read_text())
    assert [s["dataset"] for s in saved] == ["shared3", "shared2"]
    assert {"git_commit", "timestamp", "packages", "machine", "model", "config", "seed"} <= set(saved[0]["provenance"])
    assert saved[0]["provenance"]["model"]["name"] == "fake-nli"
    md = out.with_suffix(".md").read_text()
    assert "| shared3 | 6 | 0.667" in md and "shared2 (2-way)" in md
    for suffix in ("_pr.png", "_reliability.png"):
        assert (tmp_path / f"res{suffix}").read_bytes()[:8] == PNG


def test_markdown_escapes_dataset_names():
    r = {"dataset": "a|<b>", "n": 1, "accuracy": 1.0, "ece": 0.0}
    assert "a\\|&lt;b&gt;" in markdown_table([r])


def test_parser_wiring():
    args = build_parser().parse_args(["nli", "a.jsonl", "b.txt", "--model", "int8", "--limit", "5",
                                      "--calibrate-on", "dev.jsonl", "--bootstrap", "100", "--plots"])
    assert [str(f) for f in args.files] == ["a.jsonl", "b.txt"] and args.model == "int8" and args.limit == 5
    assert str(args.calibrate_on) == "dev.jsonl" and args.bootstrap == 100 and args.plots
    args = build_parser().parse_args(["corpus", "docs.jsonl", "--gold", "g.jsonl", "--k", "5"])
    assert args.k == 5 and args.threshold is None
    args = build_parser().parse_args(["compare", "x.jsonl", "--models", "default,lexical"])
    assert args.models == "default,lexical"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["speed", "--sizes", "10,abc"])
    args = build_parser().parse_args(["benchmarks", "--out", "B.md", "--skip", "speed,compare"])
    assert args.skip == "speed,compare"


def test_main_nli_end_to_end(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(eval.baselines, "load_model", lambda name: FakeModel())
    out = tmp_path / "o.json"
    code = main(["nli", str(FIX / "shared3.jsonl"), "--out", str(out), "--calibrate-on", str(FIX / "shared3.jsonl")])
    assert code == 0 and out.exists()
    assert "| shared3 | 6 |" in capsys.readouterr().out
    assert main(["nli", str(FIX / "shared3.jsonl"), "--calibrate-on", str(tmp_path / "nope.jsonl")]) == 1
    assert "nope.jsonl" in capsys.readouterr().err
