"""Export of a run on a larger base as low-rank delta factors, and the loader that adds them back."""

import json
from pathlib import Path

import pytest
import torch

from detector import nli
from detector.resources import base_minilm_path
from detector.training import export as export_mod

HUB = "sentence-transformers/all-mpnet-base-v2"


@pytest.fixture
def tiny_mpnet(tmp_path, monkeypatch):
    """A tiny MPNet base (2 layers, hidden 32) with MiniLM's tokenizer files, registered under the hub name."""
    from transformers import AutoTokenizer, MPNetConfig, MPNetModel

    base = tmp_path / "all-mpnet-base-v2"
    tokenizer = AutoTokenizer.from_pretrained(base_minilm_path())
    config = MPNetConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=64)
    torch.manual_seed(0)
    MPNetModel(config).save_pretrained(str(base))
    tokenizer.save_pretrained(str(base))
    resolve = {HUB: str(base)}
    monkeypatch.setattr(export_mod, "offline_base", lambda name: resolve.get(name, name))
    monkeypatch.setattr(nli, "offline_base", lambda name: resolve.get(name, name))
    return base


def _run(tmp_path: Path, base: Path, delta_rank: int) -> tuple[Path, dict]:
    """A fake training run: the base with a rank-``delta_rank`` change to every matrix of layer 1 and a new head."""
    from safetensors.torch import save_file
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(str(base), num_labels=3)
    gen = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if ".layer.1." in name and p.ndim == 2:
                p += 0.05 * torch.randn(p.shape[0], delta_rank, generator=gen) @ torch.randn(delta_rank, p.shape[1],
                                                                                           generator=gen)
    run = tmp_path / "run"
    (run / "final").mkdir(parents=True)
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(run / "final" / "model.safetensors"))
    (run / "config.json").write_text(json.dumps({"name": "tiny-nli", "base": HUB,
                                                 "labels": ["contradiction", "entailment", "neutral"]}))
    return run, state


def test_lowrank_export_roundtrips_a_low_rank_change(tmp_path, tiny_mpnet):
    from safetensors.torch import load_file

    run, trained = _run(tmp_path, tiny_mpnet, delta_rank=2)
    out = tmp_path / "package"
    summary = export_mod.export(run, out, rank=2)
    shipped = load_file(str(out / "trained.safetensors"))
    # factors for the changed encoder matrices, whole tensors for the head; nothing unchanged is shipped
    assert any(k.endswith(".lowrank_a") for k in shipped) and "classifier.out_proj.weight" in shipped
    assert not any(".layer.0." in k or "embeddings" in k for k in shipped)
    assert summary["n_parameters"] < sum(v.numel() for k, v in trained.items() if ".layer.1." in k or "classifier" in k)
    config = json.loads((out / "config.json").read_text())
    assert config["detector_base"] == HUB and config["detector_lowrank"] == 2 and config["detector_name"] == "tiny-nli"
    model, _ = nli.load_own_torch_model(str(out))
    assert type(model).__name__ == "MPNetForSequenceClassification"
    for name, value in model.state_dict().items():
        if name in trained:
            assert torch.allclose(value, trained[name], atol=2e-3), name  # fp16 factors of an exactly rank-2 delta
    assert nli.own_model_name(str(out)) == "tiny-nli"


def test_a_cut_below_the_delta_rank_loses_part_of_it(tmp_path, tiny_mpnet):
    run, trained = _run(tmp_path, tiny_mpnet, delta_rank=4)
    out = tmp_path / "package"
    export_mod.export(run, out, rank=1)
    model, _ = nli.load_own_torch_model(str(out))
    name = next(k for k in trained if ".layer.1." in k and k.endswith("attn.q.weight"))
    error = (model.state_dict()[name] - trained[name]).abs().max()
    assert error > 1e-2


def test_unpaired_factor_is_an_error(tmp_path, tiny_mpnet):
    from safetensors.torch import load_file, save_file

    run, _ = _run(tmp_path, tiny_mpnet, delta_rank=2)
    out = tmp_path / "package"
    export_mod.export(run, out, rank=2)
    shipped = load_file(str(out / "trained.safetensors"))
    dropped = next(k for k in shipped if k.endswith(".lowrank_b"))
    save_file({k: v for k, v in shipped.items() if k != dropped}, str(out / "trained.safetensors"))
    with pytest.raises(ValueError, match="no base weight or no lowrank_b"):
        nli.load_own_torch_model(str(out))


def test_rank_must_be_positive(tmp_path, tiny_mpnet):
    run, _ = _run(tmp_path, tiny_mpnet, delta_rank=2)
    with pytest.raises(ValueError, match="rank must be positive"):
        export_mod.export(run, tmp_path / "package", rank=0)


def test_run_base_follows_init_from(tmp_path):
    first = tmp_path / "probe"
    first.mkdir()
    (first / "config.json").write_text(json.dumps({"base": HUB}))
    second = tmp_path / "stage2"
    second.mkdir()
    (second / "config.json").write_text(json.dumps({"base": None, "init_from": str(first / "final")}))
    assert export_mod.run_base(second) == HUB
    (tmp_path / "alone").mkdir()
    assert export_mod.run_base(tmp_path / "alone") == export_mod.MINILM_BASE


def test_run_base_names_a_local_copy_by_its_hub_name(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.json").write_text(json.dumps({"base": str(tmp_path / "bases" / "all-mpnet-base-v2")}))
    assert export_mod.run_base(run) == HUB
    (run / "config.json").write_text(json.dumps({"base": base_minilm_path()}))
    assert export_mod.run_base(run) == export_mod.MINILM_BASE
