"""eval.lowrank: SVD cuts of fine-tuning deltas."""
import pytest

torch = pytest.importorskip("torch")

from eval.lowrank import apply_lowrank, lowrank_deltas  # noqa: E402


def test_rank_cut_of_a_delta_restores_low_rank_changes_exactly():
    gen = torch.Generator().manual_seed(0)
    base = {"encoder.layer.0.dense.weight": torch.randn(6, 4, generator=gen),
            "encoder.layer.0.dense.bias": torch.randn(6, generator=gen),
            "encoder.layer.1.dense.weight": torch.randn(6, 4, generator=gen),
            "embeddings.word.weight": torch.randn(10, 4, generator=gen)}
    change = torch.randn(6, 1, generator=gen) @ torch.randn(1, 4, generator=gen)  # a rank-1 delta
    tuned = {f"enc.{k}": v.clone() for k, v in base.items()}
    tuned["enc.encoder.layer.0.dense.weight"] += change
    tuned["enc.encoder.layer.0.dense.bias"] += 1.0  # 1-D: never cut
    tuned["enc.embeddings.word.weight"] += 1.0  # outside the encoder: never cut
    deltas = lowrank_deltas(tuned, base, prefix="enc.")
    assert list(deltas) == ["enc.encoder.layer.0.dense.weight"]  # layer 1 did not change
    new, stored, energy = apply_lowrank(tuned, deltas, rank=1)
    assert torch.allclose(new["enc.encoder.layer.0.dense.weight"], tuned["enc.encoder.layer.0.dense.weight"], atol=1e-5)
    assert stored == 1 * (6 + 4) and energy == pytest.approx(1.0)
    assert new["enc.encoder.layer.0.dense.bias"] is tuned["enc.encoder.layer.0.dense.bias"]
    # a full-rank delta cut to rank 1 loses part of it: less than all the energy, and not the tuned weight
    tuned["enc.encoder.layer.0.dense.weight"] = base["encoder.layer.0.dense.weight"] + torch.randn(6, 4, generator=gen)
    cut, _, energy = apply_lowrank(tuned, lowrank_deltas(tuned, base, prefix="enc."), rank=1)
    assert energy < 1.0
    assert not torch.allclose(cut["enc.encoder.layer.0.dense.weight"], tuned["enc.encoder.layer.0.dense.weight"])
    full, _, energy = apply_lowrank(tuned, lowrank_deltas(tuned, base, prefix="enc."), rank=10)  # rank above 4
    assert energy == pytest.approx(1.0)
    assert torch.allclose(full["enc.encoder.layer.0.dense.weight"], tuned["enc.encoder.layer.0.dense.weight"], atol=1e-5)
