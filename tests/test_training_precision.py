"""Training precision (detector.training.train): bf16 autocast only where the CPU has bf16, recorded per run."""
from __future__ import annotations

import json

import pytest

from detector.training import train as train_mod


def _cpuinfo(tmp_path, flags: str):
    path = tmp_path / "cpuinfo"
    path.write_text(f"processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse2 {flags}\n\n"
                    f"processor\t: 1\nflags\t\t: fpu sse2 {flags}\n")
    return path


def test_native_bf16_is_read_from_the_cpu_flags(tmp_path):
    assert train_mod.cpu_has_native_bf16(_cpuinfo(tmp_path, "avx512f avx512_bf16"))
    assert train_mod.cpu_has_native_bf16(_cpuinfo(tmp_path, "amx_tile amx_bf16"))
    assert not train_mod.cpu_has_native_bf16(_cpuinfo(tmp_path, "avx512f avx512_vnni"))
    assert not train_mod.cpu_has_native_bf16(tmp_path / "missing")


def test_resolve_precision(monkeypatch):
    monkeypatch.setattr(train_mod, "cpu_has_native_bf16", lambda: False)
    assert train_mod.resolve_precision("auto") == "fp32"
    assert train_mod.resolve_precision("bf16") == "bf16"
    monkeypatch.setattr(train_mod, "cpu_has_native_bf16", lambda: True)
    assert train_mod.resolve_precision("auto") == "bf16"
    assert train_mod.resolve_precision("fp32") == "fp32"
    with pytest.raises(ValueError, match="precision"):
        train_mod.resolve_precision("fp16")


def test_a_resumed_run_keeps_its_precision(tmp_path, monkeypatch, tiny_nli_training):
    # two steps on the real base weights: the first run stops after them at a checkpoint; the resumed run
    # must train on in the precision recorded then, even where "auto" would now choose the other one
    data, synth, config = tiny_nli_training
    run = tmp_path / "run"
    monkeypatch.setattr(train_mod, "cpu_has_native_bf16", lambda: False)
    train_mod.train(dict(config), data, synth, run, max_minutes=None)
    assert json.loads((run / "config.json").read_text())["precision_used"] == "fp32"
    assert (run / "final" / "model.safetensors").exists()
    # pretend the run was interrupted at its checkpoint and resumes on a bf16 machine
    (run / "checkpoint" / "position.json").write_text(json.dumps({"epoch": 0, "batch": 1, "step": 1}))
    monkeypatch.setattr(train_mod, "cpu_has_native_bf16", lambda: True)
    train_mod.train(dict(config), data, synth, run, max_minutes=None)
    assert json.loads((run / "config.json").read_text())["precision_used"] == "fp32"


def test_base_on_the_command_line_replaces_the_configs(tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(train_mod, "train", lambda config, *args: seen.update(config))
    base = tmp_path / "mpnet"
    base.mkdir()
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"base": "sentence-transformers/all-mpnet-base-v2", "sources": []}))
    common = ["--config", str(config), "--synth-dir", str(tmp_path), "--run-dir", str(tmp_path / "run")]
    with pytest.raises(SystemExit):  # not a model directory
        train_mod.main(common + ["--base", str(base)])
    (base / "config.json").write_text("{}")
    assert train_mod.main(common + ["--base", str(base)]) == 0
    assert seen["base"] == str(base.resolve())
