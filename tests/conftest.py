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
