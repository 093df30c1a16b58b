"""Per-token dynamic int8 for ONNX graphs: the fast inference path of the NLI model.

:func:`quantize_per_token` rewrites every ``MatMul`` whose second input is a constant 2-D float weight
``W`` (shape (K, N), float32) into

* weights: symmetric int8 with one scale per output column, ``s_w = max|W[:, n]| / 127``;
* activations: asymmetric uint8 with one scale and zero point per token (per row of the input ``A``, shape
  (..., K)), computed at run time: ``s_a = (max(A, 0) - min(A, 0)) / 255``, ``z = round(-min(A, 0) / s_a)``;
* ``Y = s_a * (A_q @ W_q * s_w - z * colsum(W_q) * s_w)``, with ``A_q @ W_q * s_w`` one ONNX Runtime
  ``com.microsoft.MatMulIntegerToFloat`` node (uint8 x int8 -> float32) and the zero-point correction a
  constant per column times a value per row.

Why per token: post-LayerNorm encoders (BERT, MPNet, MiniLM) carry outlier values on a few tokens and
channels; one int8 scale for a whole batch (ONNX Runtime ``quantize_dynamic``) spends its 255 steps on
them, and the MPNet NLI model's labels then changed on 5-8% of dev pairs. One scale per token is the
activation scheme of ZeroQuant (Yao et al., 2022, "ZeroQuant: Efficient and Affordable Post-Training
Quantization for Large-Scale Transformers", NeurIPS) and of LLM.int8()'s vector-wise quantisation
(Dettmers et al., 2022); with it the same model's labels agree with fp32 on 97-99% of those pairs.
The input is viewed as rows (M, K) and quantised by one per-axis ``QuantizeLinear`` (scale and zero point
per row). ONNX Runtime's integer matrix kernels take one zero point per tensor for ``A``, so the per-token zero
point is applied afterwards through the weight column sums (exact in integer arithmetic).

The products of attention (``MatMul`` of two activations) stay float32.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

__all__ = ["GRAPH_VERSION", "cpu_has_vnni", "int8_session_options", "quantize_per_token"]

logger = logging.getLogger(__name__)

#: Changes whenever :func:`quantize_per_token` writes a different graph, so cached builds are rebuilt.
GRAPH_VERSION = 2


def quantize_per_token(source: str | Path, target: str | Path) -> int:
    """Write ``target``: the ONNX model ``source`` with its constant-weight MatMuls in per-token int8.

    ``source`` must use ONNX opset 13 or later (per-axis ``QuantizeLinear``, ``Unsqueeze`` with an axes
    input; ``ReduceMax`` takes ``axes`` as an attribute below 18 and as an input from 18 on, both handled). A
    MatMul qualifies when its second input is a 2-D float32 initializer; every other node is copied unchanged.
    Inputs shared by several MatMuls (query, key and value projections) are quantised once. Returns the number of MatMuls rewritten (0 leaves a plain copy).
    ``target`` is written in place; callers that need atomicity write a temporary name and rename it.
    Raises ``FileNotFoundError`` when ``source`` does not exist and ``ValueError`` when its opset is below 13.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 17)
    if opset < 13:
        raise ValueError(f"{source}: ONNX opset {opset}; per-token int8 needs opset 13 or later")
    initializers = {i.name: i for i in graph.initializer}
    new_nodes: list = []
    new_inits: list = []
    quantised: dict[str, str] = {}  # activation name -> prefix of its quantised tensors
    count = 0

    def const(name: str, value: np.ndarray) -> str:
        new_inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def reduce(op: str, x: str, out: str) -> list:  # over the last axis of a 2-D tensor, to a vector
        if opset >= 18:
            return [helper.make_node(op, [x, "pt/axis1"], [out], keepdims=0)]
        return [helper.make_node(op, [x], [out], axes=[1], keepdims=0)]

    const("pt/tiny", np.array(1e-8, np.float32))
    const("pt/levels", np.array(255.0, np.float32))
    const("pt/one", np.array(1.0, np.float32))
    const("pt/axis1", np.array([1], np.int64))
    const("pt/start", np.array([0], np.int64))
    const("pt/last", np.array([-1], np.int64))

    for node in graph.node:
        init = initializers.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        if init is None or len(init.dims) != 2 or init.data_type != TensorProto.FLOAT:
            new_nodes.append(node)
            continue
        w = numpy_helper.to_array(init)
        count += 1
        p = f"pt/{count}"
        w_scale = (np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0).astype(np.float32)
        w_q = np.clip(np.round(w / w_scale), -127, 127).astype(np.int8)
        const(p + "/wq", w_q)
        const(p + "/ws", w_scale)
        const(p + "/csum", (w_q.astype(np.float32).sum(axis=0) * w_scale).astype(np.float32))
        const(p + "/cols", np.array([w.shape[1]], np.int64))
        a = node.input[0]
        if a not in quantised:
            # A (..., K) as rows (M, K); per row: scale (M,), zero point (M,) uint8; one QuantizeLinear along
            # axis 0 does divide, shift, round and saturate
            q = quantised[a] = p
            const(q + "/rows", np.array([-1, w.shape[0]], np.int64))
            new_nodes += [
                helper.make_node("Reshape", [a, q + "/rows"], [q + "/a"]),
                helper.make_node("Shape", [a], [q + "/shape"]),
                helper.make_node("Slice", [q + "/shape", "pt/start", "pt/last"], [q + "/lead"]),
                *reduce("ReduceMax", q + "/a", q + "/max"),
                *reduce("ReduceMin", q + "/a", q + "/min"),
                helper.make_node("Max", [q + "/max", "pt/tiny"], [q + "/hi"]),  # the range always holds 0
                helper.make_node("Neg", [q + "/min"], [q + "/negmin"]),
                helper.make_node("Max", [q + "/negmin", "pt/tiny"], [q + "/lo"]),
                helper.make_node("Add", [q + "/hi", q + "/lo"], [q + "/range"]),
                helper.make_node("Div", [q + "/range", "pt/levels"], [q + "/scale"]),
                helper.make_node("Div", [q + "/lo", q + "/scale"], [q + "/zf"]),
                helper.make_node("Round", [q + "/zf"], [q + "/zero"]),
                helper.make_node("Cast", [q + "/zero"], [q + "/zero_u8"], to=TensorProto.UINT8),
                helper.make_node("Mul", [q + "/zero", q + "/scale"], [q + "/zs"]),
                helper.make_node("Unsqueeze", [q + "/scale", "pt/axis1"], [q + "/scale_col"]),
                helper.make_node("Unsqueeze", [q + "/zs", "pt/axis1"], [q + "/zs_col"]),
                helper.make_node("QuantizeLinear", [q + "/a", q + "/scale", q + "/zero_u8"], [q + "/aq"], axis=0),
            ]
        q = quantised[a]
        new_nodes += [
            helper.make_node("MatMulIntegerToFloat", [q + "/aq", p + "/wq", "pt/one", p + "/ws"], [p + "/f"],
                             domain="com.microsoft", name=f"{node.name or p}_pertoken"),
            helper.make_node("Mul", [p + "/f", q + "/scale_col"], [p + "/fs"]),
            helper.make_node("Mul", [q + "/zs_col", p + "/csum"], [p + "/zc"]),
            helper.make_node("Sub", [p + "/fs", p + "/zc"], [p + "/y"]),
            helper.make_node("Concat", [q + "/lead", p + "/cols"], [p + "/out_shape"], axis=0),
            helper.make_node("Reshape", [p + "/y", p + "/out_shape"], [node.output[0]]),
        ]
    used = {name for n in new_nodes for name in n.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.node[:]
    graph.node.extend(new_nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + [i for i in new_inits if i.name in used])
    if count and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save(model, str(target))
    logger.info("per-token int8: %d MatMuls rewritten in %s", count, target)
    return count


def cpu_has_vnni() -> bool:
    """Whether this CPU multiplies uint8 by int8 with 32-bit sums (AVX512-VNNI), read from numpy's CPU dispatch
    table; False when numpy does not report it (other architectures, older numpy, AVX-VNNI-only CPUs)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # numpy < 2
        try:
            from numpy.core._multiarray_umath import __cpu_features__ as features
        except ImportError:
            return False
    return bool(features.get("AVX512VNNI"))


def int8_session_options(*, vnni: bool | None = None):
    """ONNX Runtime session options for a :func:`quantize_per_token` model.

    On x86 CPUs without VNNI, ONNX Runtime's uint8 x int8 kernels (``VPMADDUBSW``) add pairs of products in
    16 bits, which activations spread over all 256 levels can overflow (255 * 127 * 2 > 32,767). There the
    option ``session.x64quantprecision`` is set, so that ONNX Runtime converts the int8 weights to uint8 and uses
    its exact uint8 x uint8 kernels (``Avx2WeightS8ToU8Transformer``). It is not set where VNNI is present:
    on 2 Xeon cores with AMX it cut speed from 114 to 43 pairs/s with no change in the results. ``vnni``
    overrides the detection (:func:`cpu_has_vnni`). Returns an ``onnxruntime.SessionOptions``.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    if not (cpu_has_vnni() if vnni is None else vnni):
        options.add_session_config_entry("session.x64quantprecision", "1")
    return options
