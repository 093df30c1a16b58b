"""NLI: label order, direction combination, long-premise windows (fakes), and the shipped model (real).

The shipped checkpoint may be a placeholder, so nothing here asserts accuracy: only shapes, dtypes,
normalisation, determinism, and int8-vs-fp32 agreement.
"""

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from detector.nli import (
    OwnModel,
    _windows,
    check_label_order,
    combine,
    label_permutation,
    load_nli,
    predict_proba_long,
    score_both_directions,
)
from detector.records import NLI_LABELS
from detector.resources import packaged_nli_path

# --- label_permutation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("id2label, expected", [
    ({0: "entailment", 1: "neutral", 2: "contradiction"}, [0, 1, 2]),
    ({0: "contradiction", 1: "entailment", 2: "neutral"}, [1, 2, 0]),  # cross-encoder/nli-* order
    ({"0": "CONTRADICTION", "1": "NEUTRAL", "2": "ENTAILMENT"}, [2, 1, 0]),  # JSON keys are strings
    ({0: "entails", 1: "Neutral ", 2: "contradicts"}, [0, 1, 2]),
    ({0: "neutral", 1: "contradiction", 2: "entailment"}, [2, 0, 1]),
])
def test_label_permutation(id2label, expected):
    perm = label_permutation(id2label)
    assert perm == expected
    # applying it to logits in the model's order gives NLI_LABELS order
    model_order = [str(id2label[k]).strip().lower() for k in sorted(id2label, key=int)]
    logits = np.arange(3.0)[None, :]
    reordered = logits[:, perm][0]
    for pos, label in enumerate(NLI_LABELS):
        assert model_order[int(reordered[pos])].startswith(label[:6])


@pytest.mark.parametrize("id2label", [
    {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
    {0: "entailment", 1: "not_entailment"},
    {0: "entailment", 1: "entailment", 2: "neutral"},
    {0: "entailment", 1: "neutral", 2: "contradiction", 3: "other"},
    {},
])
def test_label_permutation_errors(id2label):
    with pytest.raises(ValueError, match="id2label"):
        label_permutation(id2label)


# --- combine -------------------------------------------------------------------------------------------------

FWD = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]], dtype=np.float32)
BWD = np.array([[0.3, 0.6, 0.1], [0.2, 0.6, 0.2]], dtype=np.float32)


def test_combine_mean():
    out = combine(FWD, BWD)
    np.testing.assert_allclose(out, [[0.5, 0.4, 0.1], [0.15, 0.45, 0.4]], atol=1e-6)
    assert out.dtype == np.float32
    np.testing.assert_allclose(combine(FWD, BWD, "mean"), combine(BWD, FWD, "mean"))


def test_combine_max():
    out = combine(FWD, BWD, "max")
    np.testing.assert_allclose(out, [[0.7, 0.2, 0.1], [0.2, 0.2, 0.6]], atol=1e-6)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, atol=1e-6)
    # entailment and contradiction both high: neutral clipped at 0, row renormalised
    hi = combine(np.array([[0.9, 0.0, 0.1]]), np.array([[0.1, 0.0, 0.9]]), "max")
    np.testing.assert_allclose(hi, [[0.5, 0.0, 0.5]], atol=1e-6)


def test_combine_errors_and_empty():
    with pytest.raises(ValueError, match="shape"):
        combine(FWD, BWD[:1])
    with pytest.raises(ValueError, match="how"):
        combine(FWD, BWD, "min")
    assert combine(np.zeros((0, 3)), np.zeros((0, 3))).shape == (0, 3)
    assert combine(np.zeros((0, 3)), np.zeros((0, 3)), "max").shape == (0, 3)


# --- _windows ------------------------------------------------------------------------------------------------


def test_windows_slide_one_sentence_at_a_time():
    assert _windows(list("abcd"), [3, 3, 3, 3], 6) == ["a b", "b c", "c d"]


def test_windows_everything_fits():
    assert _windows(list("abc"), [1, 1, 1], 100) == ["a b c"]


def test_windows_overlong_sentence_is_its_own_window():
    assert _windows(["short", "huge", "tail"], [2, 50, 2], 10) == ["short", "huge", "tail"]


def test_windows_empty():
    assert _windows([], [], 10) == []


# --- fakes ---------------------------------------------------------------------------------------------------


class FakeModel:
    """Words are tokens; says contradiction for a pair whose premise contains the word 'never', entailment
    when premise == hypothesis, neutral otherwise."""

    name = "fake"

    def __init__(self, max_length=64, identical="entailment"):
        self.max_length = max_length
        self.identical = identical
        self.seen = []

    def count_tokens(self, texts):
        return [len(t.split()) for t in texts]

    def predict_proba(self, pairs, *, batch_size=32, show_progress=None):
        self.seen.extend(pairs)
        out = np.full((len(pairs), 3), 0.1, dtype=np.float32)
        for row, (p, h) in enumerate(pairs):
            label = self.identical if p == h else "contradiction" if "never" in p.split() else "neutral"
            out[row, NLI_LABELS.index(label)] = 0.8
        return out


def test_check_label_order_with_fakes():
    check_label_order(FakeModel())  # identical pair -> entailment: passes
    with pytest.raises(ValueError, match="label order"):
        check_label_order(FakeModel(identical="contradiction"))
    with pytest.raises(ValueError):
        check_label_order(FakeModel(identical="neutral"))


def test_predict_proba_long_picks_the_decisive_window():
    filler = [f"Sentence number {n} says nothing much at all." for n in range(30)]
    premise = " ".join(filler[:20] + ["The army will never surrender the town."] + filler[20:])
    model = FakeModel(max_length=40)
    pairs = [(premise, "The army surrendered."), ("Short premise.", "The army surrendered.")]
    out = predict_proba_long(model, pairs)
    assert out.shape == (2, 3) and out.dtype == np.float32
    assert int(out[0].argmax()) == NLI_LABELS.index("contradiction")
    assert int(out[1].argmax()) == NLI_LABELS.index("neutral")
    windows = [p for p, h in model.seen if p != "Short premise."]
    assert len(windows) > 1
    assert all(len(w.split()) <= 40 - 3 - 3 for w in windows), "windows fit beside the hypothesis"
    assert ("Short premise.", "The army surrendered.") in model.seen, "short premises go through unchanged"


def test_predict_proba_long_empty():
    assert predict_proba_long(FakeModel(), []).shape == (0, 3)


def test_score_both_directions_with_a_fake():
    model = FakeModel()
    fwd, bwd = score_both_directions(model, [("they never came", "they came"), ("x", "x")])
    assert fwd.shape == bwd.shape == (2, 3)
    assert int(fwd[0].argmax()) == NLI_LABELS.index("contradiction")
    assert int(bwd[0].argmax()) == NLI_LABELS.index("neutral")  # reversed: premise "they came"
    assert model.seen[2:] == [("they came", "they never came"), ("x", "x")]


# --- the shipped model ---------------------------------------------------------------------------------------

PAIRS = [
    ("The Russian Defense Ministry said its forces captured Chasiv Yar.", "Russian forces took Chasiv Yar."),
    ("The Ukrainian army denied that the town had fallen.", "Chasiv Yar is under Russian control."),
    ("Twelve people were killed in the strike.", "Thirty-one people died in the attack."),
    ("The bridge was reopened on Monday.", "The bridge remains closed."),
    ("A man is playing a guitar on stage.", "A man is performing music."),
    ("The central bank raised interest rates by half a point.", "Rates were cut by the central bank."),
    ("The mayor opened a new library.", "The weather was sunny."),
    ("Exports rose 4 percent in March.", "Exports fell in March."),
    ("The talks in Geneva ended without agreement.", "Negotiators reached a deal in Geneva."),
    ("Do n't go there , it 's closed .", "It is closed."),
]


@pytest.fixture(scope="module")
def fp32():
    return load_nli()


@pytest.fixture(scope="module")
def fp32_probs(fp32):
    return fp32.predict_proba(PAIRS)


def test_shipped_model_output_contract(fp32, fp32_probs):
    assert fp32_probs.shape == (len(PAIRS), 3)
    assert fp32_probs.dtype == np.float32
    assert np.all(fp32_probs >= 0) and np.all(fp32_probs <= 1)
    np.testing.assert_allclose(fp32_probs.sum(axis=1), 1.0, atol=1e-5)
    assert fp32.predict_proba([]).shape == (0, 3)


def test_shipped_model_is_deterministic_and_order_independent(fp32, fp32_probs):
    again = fp32.predict_proba(PAIRS[::-1], batch_size=3)[::-1]
    np.testing.assert_allclose(again, fp32_probs, atol=1e-4)
    one = fp32.predict_proba(PAIRS[3:4])
    np.testing.assert_allclose(one[0], fp32_probs[3], atol=1e-4)


def test_shipped_model_normalises_tokenized_text(fp32):
    a, b = fp32.predict_proba([("Do n't go there , it 's closed .", "It is closed ."),
                               ("Don't go there, it's closed.", "It is closed.")])
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_count_tokens(fp32):
    counts = fp32.count_tokens(["", "Hello world.", "A much longer sentence with many more word pieces in it."])
    assert counts[0] == 0 and 0 < counts[1] < counts[2]


def test_int8_model_is_close_to_fp32(fp32_probs):
    # builds the ONNX file once into the user cache (detector.resources.cache_dir), later runs reuse it
    int8 = load_nli("int8")
    probs = int8.predict_proba(PAIRS)
    assert probs.shape == (len(PAIRS), 3) and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    # int8 error: small on average, and the decision rarely changes
    assert np.abs(probs - fp32_probs).mean() < 0.05
    assert (probs.argmax(axis=1) == fp32_probs.argmax(axis=1)).mean() >= 0.8
    # padding in a batch must not change a pair's result (the exported graph keeps the attention mask)
    alone = int8.predict_proba(PAIRS[4:5])
    padded = int8.predict_proba([PAIRS[4], (PAIRS[0][0] * 4, PAIRS[0][1])], batch_size=2)
    assert np.abs(alone[0] - padded[0]).max() < 0.05


def test_int8_build_emits_no_tracer_warnings(tmp_path, monkeypatch):
    from detector.nli import build_int8_onnx

    monkeypatch.setenv("DETECTOR_CACHE", str(tmp_path))
    # a build of the same weights by an older graph version, and another model's build
    digest = hashlib.sha256((Path(packaged_nli_path()) / "trained.safetensors").read_bytes()).hexdigest()[:16]
    (tmp_path / "onnx" / f"{digest}-int8pc-out5x0.5").mkdir(parents=True)
    (tmp_path / "onnx" / "0123456789abcdef-int8pt1").mkdir()
    target = build_int8_onnx(packaged_nli_path())
    assert {p.name for p in (tmp_path / "onnx").iterdir()} == {"0123456789abcdef-int8pt1", target.parent.name}
    assert target.exists() and target.is_relative_to(tmp_path)
    assert [p.name for p in target.parent.iterdir()] == ["model.int8.onnx"], "no temporary files left"
    # every linear layer is int8 per token; only the attention products (two activations) stay fp32 MatMuls
    import onnx

    graph = onnx.load(str(target)).graph
    constants = {i.name for i in graph.initializer}
    ops = [n.op_type for n in graph.node]
    assert not [n.name for n in graph.node if n.op_type == "MatMul" and n.input[1] in constants]
    layers = {m.group(1) for n in graph.node if (m := re.search(r"/layer\.(\d+)/", n.name))}
    # q, k, v, attention output, up- and down-projection per layer
    assert ops.count("MatMulIntegerToFloat") == 6 * len(layers) > 0
    assert ops.count("MatMul") == 2 * len(layers)


def test_predict_proba_long_with_the_shipped_model(fp32):
    long_premise = " ".join(f"On day {n} of the siege, officials in the town reported more shelling of the "
                            f"eastern districts and new damage to houses near the river." for n in range(40))
    hypothesis = "The town was shelled."
    assert sum(fp32.count_tokens([long_premise])) > fp32.max_length
    short = PAIRS[:3]
    out = predict_proba_long(fp32, [(long_premise, hypothesis)] + short)
    assert out.shape == (4, 3) and out.dtype == np.float32
    np.testing.assert_allclose(out.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(out[1:], fp32.predict_proba(short), atol=1e-4)


def test_load_nli_is_lazy():
    model = load_nli()
    assert model._model is None
    assert load_nli("int8")._session is None


def test_an_exported_folder_loads_as_the_own_model(tmp_path):
    # a candidate exported outside the package (config.json + trained.safetensors) is built like the shipped one
    import shutil

    for name in ("config.json", "trained.safetensors", "calibration.json"):
        shutil.copy(Path(packaged_nli_path()) / name, tmp_path / name)
    model = load_nli(str(tmp_path))
    assert isinstance(model, OwnModel) and model.path == str(tmp_path) and model.calibration is not None
    assert type(load_nli(str(tmp_path / "elsewhere"))).__name__ == "CrossEncoderModel"
    int8 = load_nli(f"int8:{tmp_path}")
    assert type(int8).__name__ == "OnnxInt8Model" and int8.path == str(tmp_path) and int8._session is None
    with pytest.raises(ValueError, match="elsewhere holds no trained.safetensors"):
        load_nli(f"int8:{tmp_path / 'elsewhere'}")


def test_unpacked_shipped_model_loads_as_a_cross_encoder(tmp_path, monkeypatch, fp32_probs):
    # `export --unpack` writes the shipped model as a plain transformers directory (for `train --init-from`);
    # loaded as any local cross-encoder, it must give the shipped model's probabilities in our label order.
    # It also writes back the run records of the shipped stages (under ~, here a temporary home).
    import json

    from detector.training.export import unpack

    monkeypatch.setenv("HOME", str(tmp_path))
    out = tmp_path / "unpacked"
    summary = unpack(Path(packaged_nli_path()), out)
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= {p.name for p in out.iterdir()}
    assert not (tmp_path / "unpacked.tmp").exists()
    probs = load_nli(str(out)).predict_proba(PAIRS)
    np.testing.assert_allclose(probs, fp32_probs, atol=1e-4)
    stages = json.loads((Path(packaged_nli_path()) / "training_manifest.json").read_text())["stages"]
    assert len(summary["restored_runs"]) == len(stages)
    last = Path(summary["restored_runs"][-1])
    assert last.is_relative_to(tmp_path) and json.loads((last / "manifest.json").read_text())["files"] == stages[-1]["files"]


def test_the_minilm_model_ships_alongside_and_loads_by_name(fp32_probs):
    # the faster MiniLM model is a second packaged folder; by name it loads fp32 or int8 like the default
    from detector.nli import check_label_order
    from detector.resources import PACKAGED_NLI

    folder = packaged_nli_path("minilm")
    assert folder != packaged_nli_path() and Path(folder, "README.md").is_file()
    model = load_nli("minilm")
    assert isinstance(model, OwnModel) and model.path == folder and model.calibration is not None
    assert model.name != load_nli().name
    int8 = load_nli("int8:minilm")
    assert type(int8).__name__ == "OnnxInt8Model" and int8.path == folder and int8._session is None
    check_label_order(model)
    probs = model.predict_proba(PAIRS)
    assert probs.shape == fp32_probs.shape and not np.allclose(probs, fp32_probs, atol=1e-3)
    # both shipped models together stay within the package's 25 MB
    shipped = [p for name in PACKAGED_NLI for p in Path(packaged_nli_path(name)).iterdir()]
    assert sum(p.stat().st_size for p in shipped) <= 25_000_000
    with pytest.raises(ValueError, match="No shipped NLI model 'tiny'"):
        packaged_nli_path("tiny")
