"""Knowledge distillation: teacher probabilities (detector.training.distill) and the mixed loss (train.py)."""
from __future__ import annotations

import json
import logging
import math

import pytest
import torch

from detector.training import distill
from detector.training import train as train_mod
from detector.training.data import Example


def test_loss_without_teacher_is_the_hard_loss_and_with_weight_one_the_teachers_cross_entropy():
    logits = torch.tensor([[2.0, 0.5, -1.0], [0.0, 1.0, 0.0]])
    targets = torch.tensor([train_mod.LABEL2ID["contradiction"], train_mod.NOT_ENTAILMENT])
    hard = train_mod.nli_loss(logits, targets)
    nan = torch.full((2, 3), float("nan"))
    assert torch.isclose(train_mod.nli_loss(logits, targets, nan, 0.7), hard)
    soft = torch.tensor([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
    logp = torch.log_softmax(logits, dim=-1)
    expected_soft = -(soft * logp).sum(dim=1).mean()
    assert torch.isclose(train_mod.nli_loss(logits, targets, soft, 1.0), expected_soft)
    half = train_mod.nli_loss(logits, targets, soft, 0.5)
    assert torch.isclose(half, (hard + expected_soft) / 2)
    # a row without teacher probabilities keeps its hard loss inside a mixed batch
    one = soft.clone()
    one[1] = float("nan")
    hard_rows = torch.stack([-logp[0, targets[0]], -torch.logsumexp(logp[1, [train_mod.LABEL2ID["neutral"],
                                                                             train_mod.LABEL2ID["contradiction"]]], 0)])
    expected = ((1 - 0.5) * hard_rows[0] + 0.5 * -(soft[0] * logp[0]).sum() + hard_rows[1]) / 2
    assert torch.isclose(train_mod.nli_loss(logits, targets, one, 0.5), expected)


def test_teacher_targets_follow_the_models_label_order():
    rows = [Example("a", "P one.", "H one.", "neutral", "s"), Example("b", "P two.", "H two.", "entailment", "s")]
    teacher = {distill.pair_key("P one.", "H one."): (0.7, 0.2, 0.1)}  # NLI_LABELS order: e, n, c
    out = train_mod.teacher_targets(rows, teacher)
    ids = train_mod.LABEL2ID
    assert out[0, ids["entailment"]].item() == pytest.approx(0.7)
    assert out[0, ids["neutral"]].item() == pytest.approx(0.2)
    assert out[0, ids["contradiction"]].item() == pytest.approx(0.1)
    assert torch.isnan(out[1]).all()


def test_read_teacher_skips_bad_rows_naming_file_and_line(tmp_path, caplog):
    with pytest.raises(FileNotFoundError):
        distill.read_teacher(tmp_path)
    part = tmp_path / "part-00000.jsonl"
    part.write_text(json.dumps({"key": "k1", "entailment": 0.5, "neutral": 0.25, "contradiction": 0.25}) + "\n"
                    + json.dumps({"key": "k2", "entailment": 0.5, "neutral": 0.25}) + "\n"
                    + json.dumps({"key": "k3", "entailment": 0.9, "neutral": 0.9, "contradiction": 0.1}) + "\n"
                    + "{not json\n")
    with caplog.at_level(logging.WARNING):
        got = distill.read_teacher(tmp_path)
    assert got == {"k1": (0.5, 0.25, 0.25)}
    assert f"{part}:2" in caplog.text and f"{part}:3" in caplog.text


def test_pair_key_separates_premise_from_hypothesis():
    assert distill.pair_key("a b", "c") != distill.pair_key("a", "b c")
    assert len(distill.pair_key("x", "y")) == 16


def test_distill_scores_a_mixture_once_and_training_reads_it(tmp_path, tiny_nli_training):
    # a teacher made by two training steps on the real base weights, then distillation into a second run
    data, synth, config = tiny_nli_training
    config = {**config, "checkpoint_every": 100, "precision": "fp32"}
    teacher_run = tmp_path / "teacher"
    final = train_mod.train(dict(config), data, synth, teacher_run, max_minutes=None)
    out = tmp_path / "probs"
    assert distill.run(dict(config), final, data, synth, out) == 0
    probs = distill.read_teacher(out)
    assert len(probs) == 12  # the 16 rows less the 4 held out, each pair once
    assert all(math.isclose(sum(p), 1.0, abs_tol=1e-4) for p in probs.values())
    parts = sorted(out.glob("part-*.jsonl"))
    assert distill.run(dict(config), final, data, synth, out) == 0  # a rerun scores nothing new
    assert sorted(out.glob("part-*.jsonl")) == parts
    student = tmp_path / "student"
    train_mod.train({**config, "distill": {"teacher": str(out), "weight": 0.5}}, data, synth, student, max_minutes=None)
    manifest = json.loads((student / "manifest.json").read_text())
    assert manifest["distill"]["rows_with_teacher"] == 12
    # another teacher's weights must not be mixed into the same folder
    (final / "model.safetensors").write_bytes(b"changed")
    with pytest.raises(ValueError, match="another teacher"):
        distill.run(dict(config), final, data, synth, out)
