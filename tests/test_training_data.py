"""Training mixture (detector.training.data): held-out split, weights, phenomenon filter, manifest."""
from __future__ import annotations

import json

import pytest

from detector.training.data import build_mixture, read_pairs


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _rows(n, prefix, **extra):
    return [{"id": f"{prefix}{i}", "premise": f"{prefix} premise {i}.", "hypothesis": f"{prefix} hypothesis {i}.",
             "label": ["entailment", "neutral", "contradiction"][i % 3], **extra} for i in range(n)]


def test_phenomena_filter_and_a_file_listed_twice(tmp_path):
    data, synth = tmp_path / "data", tmp_path / "synth"
    data.mkdir(), synth.mkdir()
    _write(data / "dev.jsonl", _rows(10, "dev"))
    _write(synth / "swaps.jsonl", _rows(6, "common", phenomenon="same_story") + _rows(3, "rare", phenomenon="former_role"))
    assert [r.id for r in read_pairs(synth / "swaps.jsonl", phenomena={"former_role"})] == ["rare0", "rare1", "rare2"]
    config = {"seed": 1, "heldout": {"file": "dev.jsonl", "n": 4, "train_weight": 1.0},
              "sources": [{"file": "swaps.jsonl", "dir": "synth", "weight": 1.0},
                          {"file": "swaps.jsonl", "dir": "synth", "weight": 3.0, "phenomena": ["former_role"]}]}
    train, heldout, manifest = build_mixture(config, data, synth)
    assert len(heldout) == 4 and not {r.premise for r in heldout} & {r.premise for r in train}
    ids = [r.id for r in train]
    assert ids.count("rare0") == 4 and ids.count("common0") == 1  # once from the file, three times more from the filter
    assert len(train) == (10 - 4) + 9 + 3 * 3  # dev rows not held out, the whole file, the rare rows again
    last = manifest["files"][-1]
    assert last["phenomena"] == ["former_role"] and last["rows"] == 3 and last["rows_used"] == 9
    assert "phenomena" not in manifest["files"][1]


def test_exclude_seen_drops_an_earlier_stages_shared_rows(tmp_path):
    data, synth = tmp_path / "data", tmp_path / "synth"
    data.mkdir(), synth.mkdir()
    _write(data / "dev.jsonl", _rows(10, "dev"))
    _write(data / "train.jsonl", _rows(40, "train"))
    _write(synth / "gen.jsonl", _rows(5, "gen"))
    first = {"seed": 3, "heldout": {"file": "dev.jsonl", "n": 4, "train_weight": 0.5},
             "sources": [{"file": "train.jsonl", "weight": 0.5}, {"file": "gen.jsonl", "dir": "synth", "weight": 1.0}]}
    (tmp_path / "first.json").write_text(json.dumps(first))
    seen, _, _ = build_mixture(first, data, synth)
    second = {**first, "seed": 4, "exclude_seen": str(tmp_path / "first.json"),
              "sources": [{"file": "train.jsonl", "weight": 1.0}, {"file": "gen.jsonl", "dir": "synth", "weight": 1.0}]}
    train, heldout, manifest = build_mixture(second, data, synth)
    shared_seen = {r.id for r in seen if not r.id.startswith("gen")}
    assert len(shared_seen) == 3 + 20
    ids = [r.id for r in train]
    assert not shared_seen & set(ids)  # nothing the first stage trained on, from dev's rest or train.jsonl
    # (6 - 3) x 0.5 rounds to 2
    assert sum(i.startswith("train") for i in ids) == 20 and sum(i.startswith("dev") for i in ids) == 2
    assert sum(i.startswith("gen") for i in ids) == 5  # generated rows are not filtered
    assert manifest["excluded_seen_in"] == "first.json"
    assert manifest["files"][0]["rows_excluded_seen"] == 3 and manifest["files"][1]["rows_excluded_seen"] == 20
    assert manifest["files"][1]["rows"] == 40 and "rows_excluded_seen" not in manifest["files"][2]
    assert {r.id for r in heldout} == {r.id for r in build_mixture(first, data, synth)[1]}


def test_reverse_swaps_pairs_contradictions_stay_the_rest_become_neutral(tmp_path):
    data, synth = tmp_path / "data", tmp_path / "synth"
    data.mkdir(), synth.mkdir()
    _write(data / "dev.jsonl", _rows(4, "dev"))
    _write(data / "train.jsonl", _rows(30, "train"))
    config = {"seed": 5, "heldout": {"file": "dev.jsonl", "n": 4, "train_weight": 1.0},
              "sources": [{"file": "train.jsonl", "weight": 1.0}]}
    plain, _, _ = build_mixture(config, data, synth)
    train, _, manifest = build_mixture({**config, "reverse": {"contradiction": 0.5, "entailment": 1.0}}, data, synth)
    added = train[len(plain):]
    assert train[:len(plain)] == plain and manifest["reversed"] == {"contradiction": 5, "entailment": 10}
    assert len(added) == 15
    originals = {r.id: r for r in plain}
    for row in added:
        source = originals[row.id.removesuffix(":reversed")]
        assert (row.premise, row.hypothesis) == (source.hypothesis, source.premise) and row.source == "train+reversed"
        assert row.label == ("contradiction" if source.label == "contradiction" else "neutral")
    assert sum(r.label == "contradiction" for r in added) == 5 and not any(r.label == "entailment" for r in added)
    for bad in ({"contradiction": 1.5}, {"not_entailment": 1.0}):
        with pytest.raises(ValueError, match="reverse"):
            build_mixture({**config, "reverse": bad}, data, synth)
