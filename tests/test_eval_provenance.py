import hashlib
import json

from eval.provenance import model_info, provenance, write_json


class _Model:
    name = "m"

    def __init__(self, path):
        self.path = path


def test_provenance_keys(tmp_path):
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"weights")
    (tmp_path / "notes.txt").write_text("not a weight file")
    prov = provenance(config={"a": 1}, seed=7, model=_Model(str(tmp_path)))
    assert set(prov) == {"git_commit", "git_dirty", "timestamp", "packages", "model", "config", "seed", "machine"}
    assert {"torch", "transformers", "sentence-transformers", "faiss", "sklearn", "spacy", "onnxruntime",
            "detector"} == set(prov["packages"])
    assert prov["packages"]["sklearn"]  # installed
    assert prov["model"]["sha256"] == {"model.safetensors": hashlib.sha256(b"weights").hexdigest()}
    assert set(prov["machine"]) == {"platform", "cpu", "n_cpus", "mem_gb"} and prov["machine"]["n_cpus"] >= 1
    assert prov["seed"] == 7 and prov["config"] == {"a": 1}
    assert model_info(None)["sha256"] == {}


def test_write_json_atomic_nan_to_null(tmp_path):
    out = tmp_path / "sub" / "r.json"
    write_json(out, {"x": float("nan"), "y": [1.5]})
    assert json.loads(out.read_text()) == {"x": None, "y": [1.5]}
    assert [p.name for p in out.parent.iterdir()] == ["r.json"]
