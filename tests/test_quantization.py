"""Per-token int8 rewrite of ONNX MatMuls (detector.quantization): exactness, outliers, what it leaves alone."""

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from detector.quantization import quantize_per_token

K, N = 64, 48


def _graph(path, weight, opset=17):
    """x (batch, tokens, K) -> MatMul(x, W) -> + bias -> MatMul(y, y^T) (an activation-activation product)."""
    nodes = [
        helper.make_node("MatMul", ["x", "W"], ["xw"], name="/layer.0/dense/MatMul"),
        helper.make_node("Add", ["xw", "b"], ["y"]),
        helper.make_node("Transpose", ["y"], ["yt"], perm=[0, 2, 1]),
        helper.make_node("MatMul", ["y", "yt"], ["scores"], name="/layer.0/attn/MatMul"),
    ]
    graph = helper.make_graph(
        nodes, "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", K])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None),
         helper.make_tensor_value_info("scores", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(weight, "W"), numpy_helper.from_array(np.linspace(-1, 1, N, dtype=np.float32), "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, str(path))


def _run(path, x):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["y", "scores"], {"x": x})


@pytest.fixture()
def weight():
    return np.random.default_rng(0).normal(size=(K, N)).astype(np.float32)


@pytest.mark.parametrize("opset", [17, 18])
def test_per_token_int8_is_close_to_fp32_and_rewrites_only_constant_weights(tmp_path, weight, opset):
    _graph(tmp_path / "fp32.onnx", weight, opset)
    assert quantize_per_token(tmp_path / "fp32.onnx", tmp_path / "int8.onnx") == 1
    ops = [n.op_type for n in onnx.load(str(tmp_path / "int8.onnx")).graph.node]
    assert ops.count("MatMulIntegerToFloat") == 1 and ops.count("MatMul") == 1  # the product of activations stays
    x = np.random.default_rng(1).normal(size=(2, 5, K)).astype(np.float32)
    x[1] += 3.0  # rows far from zero-centred: the zero point must be applied exactly
    exact, _ = _run(tmp_path / "fp32.onnx", x)
    approx, scores = _run(tmp_path / "int8.onnx", x)
    assert approx.shape == exact.shape and approx.dtype == np.float32 and scores.shape == (2, 5, 5)
    # int8 rounding error, relative to each row's scale: well under 1% of its largest value
    error = np.abs(approx - exact).max(axis=-1) / np.abs(exact).max(axis=-1)
    assert error.max() < 0.01


def test_one_outlier_token_does_not_cost_the_other_tokens_their_precision(tmp_path, weight):
    # the failure of one activation scale per batch: a token 200x larger than the rest
    _graph(tmp_path / "fp32.onnx", weight)
    quantize_per_token(tmp_path / "fp32.onnx", tmp_path / "int8.onnx")
    x = np.random.default_rng(2).normal(size=(1, 8, K)).astype(np.float32)
    x[0, 0] *= 200.0
    exact, _ = _run(tmp_path / "fp32.onnx", x)
    approx, _ = _run(tmp_path / "int8.onnx", x)
    ordinary = np.abs(approx[0, 1:] - exact[0, 1:]).max() / np.abs(exact[0, 1:]).max()
    assert ordinary < 0.01
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(tmp_path / "fp32.onnx"), str(tmp_path / "per_tensor.onnx"), weight_type=QuantType.QInt8,
                     per_channel=True, op_types_to_quantize=["MatMul"], extra_options={"MatMulConstBOnly": True})
    per_tensor, _ = _run(tmp_path / "per_tensor.onnx", x)
    assert np.abs(per_tensor[0, 1:] - exact[0, 1:]).max() / np.abs(exact[0, 1:]).max() > 5 * ordinary


def test_all_zero_rows_and_shared_inputs(tmp_path, weight):
    # two MatMuls on the same input are quantised from one set of per-token scales; a zero row gives zeros
    nodes = [helper.make_node("MatMul", ["x", "W1"], ["a"]), helper.make_node("MatMul", ["x", "W2"], ["b"])]
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["tokens", K])],
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, None),
         helper.make_tensor_value_info("b", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(weight, "W1"), numpy_helper.from_array(-weight[:, :7].copy(), "W2")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(tmp_path / "fp32.onnx"))
    assert quantize_per_token(tmp_path / "fp32.onnx", tmp_path / "int8.onnx") == 2
    ops = [n.op_type for n in onnx.load(str(tmp_path / "int8.onnx")).graph.node]
    assert ops.count("ReduceMax") == 1 and ops.count("MatMulIntegerToFloat") == 2
    x = np.random.default_rng(3).normal(size=(4, K)).astype(np.float32)
    x[2] = 0.0
    a, b = ort.InferenceSession(str(tmp_path / "int8.onnx"), providers=["CPUExecutionProvider"]).run(None, {"x": x})
    np.testing.assert_allclose(a[2], 0.0, atol=1e-6)
    np.testing.assert_allclose(a, x @ weight, atol=0.02 * np.abs(x @ weight).max())
    np.testing.assert_allclose(b, x @ -weight[:, :7], atol=0.02 * np.abs(x @ weight[:, :7]).max())


def test_a_graph_without_constant_weights_is_copied(tmp_path):
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "y"], ["z"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3]),
                               helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 2])],
                              [helper.make_tensor_value_info("z", TensorProto.FLOAT, None)])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(tmp_path / "a.onnx"))
    assert quantize_per_token(tmp_path / "a.onnx", tmp_path / "b.onnx") == 0
    x, y = np.ones((2, 3), np.float32), np.full((3, 2), 2.0, np.float32)
    out = ort.InferenceSession(str(tmp_path / "b.onnx"), providers=["CPUExecutionProvider"]).run(None, {"x": x, "y": y})
    np.testing.assert_allclose(out[0], x @ y)


def test_missing_source_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        quantize_per_token(tmp_path / "nope.onnx", tmp_path / "out.onnx")


@pytest.mark.parametrize("vnni", [True, False])
def test_session_options_guard_against_16_bit_overflow_only_without_vnni(tmp_path, weight, vnni):
    from detector.quantization import int8_session_options

    options = int8_session_options(vnni=vnni)
    if vnni:
        with pytest.raises(RuntimeError):  # not set at all
            options.get_session_config_entry("session.x64quantprecision")
    else:
        assert options.get_session_config_entry("session.x64quantprecision") == "1"
    # either way the per-token model runs and gives the same numbers on this machine's kernels
    _graph(tmp_path / "fp32.onnx", weight)
    quantize_per_token(tmp_path / "fp32.onnx", tmp_path / "int8.onnx")
    x = np.random.default_rng(4).normal(size=(1, 6, K)).astype(np.float32)
    session = ort.InferenceSession(str(tmp_path / "int8.onnx"), options, providers=["CPUExecutionProvider"])
    exact, _ = _run(tmp_path / "fp32.onnx", x)
    approx = session.run(["y"], {"x": x})[0]
    assert np.abs(approx - exact).max() / np.abs(exact).max() < 0.01


def test_cpu_has_vnni_reads_numpy(monkeypatch):
    from numpy._core import _multiarray_umath

    from detector.quantization import cpu_has_vnni

    monkeypatch.setattr(_multiarray_umath, "__cpu_features__", {"AVX2": True, "AVX512VNNI": False})
    assert cpu_has_vnni() is False
    monkeypatch.setattr(_multiarray_umath, "__cpu_features__", {"AVX2": True, "AVX512VNNI": True})
    assert cpu_has_vnni() is True


def test_rank_two_and_old_opsets(tmp_path, weight):
    # 2-D input (tokens, K) keeps its shape; an opset without per-axis QuantizeLinear is refused by name
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "W"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["tokens", K])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
                              [numpy_helper.from_array(weight, "W")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), str(tmp_path / "a.onnx"))
    assert quantize_per_token(tmp_path / "a.onnx", tmp_path / "b.onnx") == 1
    x = np.random.default_rng(5).normal(size=(3, K)).astype(np.float32)
    y = ort.InferenceSession(str(tmp_path / "b.onnx"), providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
    assert y.shape == (3, N)
    np.testing.assert_allclose(y, x @ weight, atol=0.01 * np.abs(x @ weight).max())
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)]), str(tmp_path / "old.onnx"))
    with pytest.raises(ValueError, match="old.onnx.*opset 12"):
        quantize_per_token(tmp_path / "old.onnx", tmp_path / "c.onnx")
