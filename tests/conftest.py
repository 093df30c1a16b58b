"""Test settings: no network for model hubs; paths to the shared data beside the repository."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DETECTOR_SHARED", REPO.parent / "shared"))
EXAMPLE_ARTICLE = SHARED / "examples" / "000_d860e0bbdf168327.txt"


@pytest.fixture(scope="session")
def example_article() -> Path:
    if not EXAMPLE_ARTICLE.exists():
        pytest.skip(f"shared example article not found at {EXAMPLE_ARTICLE}")
    return EXAMPLE_ARTICLE


@pytest.fixture
def tiny_nli_training(tmp_path):
    """``(data_dir, synth_dir, config)`` for two training steps on the real base weights: 16 three-way rows
    in ``data_dir/snli_dev.jsonl``, 4 of them held out, an empty generated-data folder."""
    import json

    data, synth = tmp_path / "data", tmp_path / "synth"
    data.mkdir(), synth.mkdir()
    rows = [{"id": f"r{i}", "premise": f"The council met on day {i}.", "hypothesis": f"The council met {i} times.",
             "label": ["entailment", "neutral", "contradiction"][i % 3]} for i in range(16)]
    (data / "snli_dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    config = {"seed": 1, "max_length": 32, "batch_size": 4, "epochs": 1, "lr": 1e-5, "warmup_ratio": 0.0,
              "threads": 1, "checkpoint_every": 1, "max_steps": 2, "freeze_embeddings": True,
              "heldout": {"file": "snli_dev.jsonl", "n": 4}, "sources": []}
    return data, synth, config
