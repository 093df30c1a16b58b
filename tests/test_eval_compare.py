import json
import shutil
from pathlib import Path

import pytest
from test_eval_fakes import FakeModel

import eval.baselines
from eval.baselines import LexicalBaseline
from eval.benchmarks import benchmarks_markdown, resolve_snli_heldout, run_benchmarks
from eval.compare import run_compare

FIX = Path(__file__).parent / "fixtures" / "eval"


class _Broken:
    name = "broken"

    def predict_proba(self, pairs, **kw):
        raise RuntimeError("weights missing")


def _loader(name):
    if name == "int8":
        raise OSError("no onnx file")
    return {"fake": FakeModel(), "lexical": LexicalBaseline(), "broken": _Broken()}[name]


def test_run_compare_side_by_side(tmp_path):
    out = tmp_path / "cmp.json"
    r = run_compare([FIX / "shared3.jsonl", FIX / "shared2.jsonl"], models=["fake", "lexical", "int8", "broken"],
                    dev=FIX / "shared3.jsonl", out=out, loader=_loader)
    assert set(r["results"]) == {"fake", "lexical"}
    assert set(r["unavailable"]) == {"int8", "broken"} and "no onnx" in r["unavailable"]["int8"]
    fake = {x["dataset"]: x for x in r["results"]["fake"]}
    assert fake["shared3"]["accuracy"] == pytest.approx(4 / 6) and fake["shared2"]["accuracy"] == pytest.approx(0.75)
    assert "ece_after" in fake["shared3"]["calibration"]
    assert "| shared3 | fake | 6 | 0.667 |" in r["markdown"] and "| shared3 | lexical | 6 |" in r["markdown"]
    saved = json.loads(out.read_text())
    assert "provenance" in saved and set(saved["provenance"]["model"]) == {"fake", "lexical"}
    assert out.with_suffix(".md").exists() and (tmp_path / "cmp_pr.png").read_bytes()[:4] == b"\x89PNG"


def test_resolve_snli_heldout(tmp_path):
    assert resolve_snli_heldout(None, tmp_path) == tmp_path / "snli_dev.jsonl"
    assert resolve_snli_heldout(tmp_path, Path("x")) == tmp_path / "heldout.jsonl"
    assert resolve_snli_heldout(tmp_path / "h.jsonl", Path("x")) == tmp_path / "h.jsonl"


def test_resolve_snli_heldout_from_a_training_config(tmp_path, monkeypatch):
    """A config's held-out part is split again from the data (no run directory): the same rows
    build_mixture holds out, and none of the rows it trains on."""
    from detector.training.data import build_mixture, read_pairs

    monkeypatch.setenv("DETECTOR_CACHE", str(tmp_path / "cache"))
    data_dir = tmp_path / "nli"
    data_dir.mkdir()
    shutil.copy(FIX / "shared3.jsonl", data_dir / "snli_dev.jsonl")
    config = {"name": "c", "seed": 1, "heldout": {"file": "snli_dev.jsonl", "n": 2, "train_weight": 1.0},
              "sources": []}
    (tmp_path / "stage.json").write_text(json.dumps(config))
    path = resolve_snli_heldout(tmp_path / "stage.json", data_dir)
    assert path == tmp_path / "cache" / "heldout" / "stage" / "heldout.jsonl"
    written = [(r.premise, r.hypothesis, r.label) for r in read_pairs(path)]
    train, heldout, _ = build_mixture(config, data_dir, None)
    assert written == [(r.premise, r.hypothesis, r.label) for r in heldout]
    assert len(written) >= 2 and not set(written) & {(r.premise, r.hypothesis, r.label) for r in train}
    (tmp_path / "other.json").write_text(json.dumps({"name": "x"}))
    with pytest.raises(ValueError, match="other.json"):
        resolve_snli_heldout(tmp_path / "other.json", data_dir)


def test_run_benchmarks_with_fake_model(tmp_path, monkeypatch):
    monkeypatch.setattr(eval.baselines, "load_model", lambda name: FakeModel())
    data_dir = tmp_path / "nli"
    data_dir.mkdir()
    shutil.copy(FIX / "shared3.jsonl", data_dir / "lingnli_val.jsonl")
    shutil.copy(FIX / "shared3.jsonl", data_dir / "snli_dev.jsonl")
    out = tmp_path / "docs" / "BENCHMARKS.md"
    data = run_benchmarks(out=out, data_dir=data_dir, skip={"corpus", "audit", "stories", "compare", "speed"},
                          synth_test=FIX / "shared3.jsonl")
    by_name = {r["dataset"]: r for r in data["nli"]}
    assert by_name["lingnli_val"]["accuracy"] == pytest.approx(4 / 6)
    assert "missing" in by_name["anli_r1_dev"]["error"]
    assert data["synth"]["per_phenomenon"]["paraphrase"]["accuracy"] == 1.0
    md = out.read_text()
    assert "# Benchmarks" in md and "| lingnli_val | 6 |" in md and "anli_r1_dev: not run" in md
    assert "| paraphrase | 1 | 1.000 |" in md and "Machine:" in md
    assert json.loads((out.parent / "benchmarks.json").read_text())["provenance"]["config"]["skip"] == [
        "audit", "compare", "corpus", "speed", "stories"]
    assert (out.parent / "img" / "nli_pr.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="Unknown parts"):
        run_benchmarks(out=out, data_dir=data_dir, skip={"everything"})
    # rerun only the synth part; the NLI part is kept from the run above, with where it came from
    before = json.loads((out.parent / "benchmarks.json").read_text())
    kept = run_benchmarks(out=out, data_dir=tmp_path / "nowhere",
                          skip={"nli", "corpus", "audit", "stories", "compare", "speed"},
                          synth_test=FIX / "shared3.jsonl", keep_skipped=True)
    assert kept["nli"] == before["nli"] and kept["synth"]["n"] == data["synth"]["n"]
    assert kept["reused"]["nli"]["git_commit"] == before["provenance"]["git_commit"]
    assert "Part `nli` kept from the run of commit" in out.read_text() and "| lingnli_val | 6 |" in out.read_text()
    with pytest.raises(ValueError, match="another model"):
        run_benchmarks(out=out, data_dir=data_dir, skip={"nli"}, model="other", keep_skipped=True)
    with pytest.raises(ValueError, match="no earlier benchmarks"):
        run_benchmarks(out=tmp_path / "elsewhere" / "B.md", data_dir=data_dir, skip={"nli"}, keep_skipped=True)


def test_benchmarks_markdown_renders_parts_and_errors():
    data = {"model": "default", "limit": None,
            "corpus": {"error": "no documents"},
            "speed": {"nli_pairs_per_second": 123.4, "time_exponent": 1.1,
                      "runs": [{"n_claims": 500, "seconds": 10.0, "claims_per_second": 50.0, "n_pairs_scored": 900,
                                "peak_rss_mb": 700.0}], "knn_recall": None},
            "provenance": {"machine": {"cpu": "AMD <EPYC>", "n_cpus": 2, "mem_gb": 8.0, "platform": "Linux"}}}
    md = benchmarks_markdown(data)
    assert "Not run: no documents" in md and "| 500 | 10.0 | 50.0 | 900 | 700 |" in md
    assert "AMD &lt;EPYC&gt;" in md and "123.4 pairs/s" in md
    assert "Held-out corpus" not in md  # not run: no section
    data["corpus_heldout"] = {"precision": 0.5, "recall": 0.2, "f1": 0.286, "n_flagged": 6, "n_gold": 15}
    data["heldout_dir"] = "datasets/heldout2"
    data["corpus_dev"] = {"datasets/heldout": {"precision": 0.8, "recall": 0.267, "f1": 0.4, "n_flagged": 5,
                                               "n_gold": 15}}
    md = benchmarks_markdown(data)
    held = md.split("## Held-out corpus `datasets/heldout2`")[1]
    assert "Precision 0.500, recall 0.200" in held and "6 flagged, 15 gold" in held
    dev = md.split("## Dev corpus `datasets/heldout`")[1].split("##")[0]
    assert "Precision 0.800, recall 0.267" in dev and "read for errors" in md
    assert "flag audit" not in md
    data["audit"] = {"dev": {"n_flags": 106, "n_labelled": 100, "n_conflict": 11, "precision_labelled": 0.11,
                             "known_conflicts_found": 1.0, "n_known_conflicts": 11, "n_unlabelled": 6,
                             "seconds": 200.0,
                             "by_score": [{"floor": 0.5, "n_flags": 106, "n_labelled": 100, "n_conflict": 11},
                                          {"floor": 0.7, "n_flags": 30, "n_labelled": 30, "n_conflict": 6}]},
                     "heldout": {"error": "no <bodies>"}}
    md = benchmarks_markdown(data)
    assert "| dev | 106 | 100 | 11 | 0.110 | 1.000 of 11 | 6 | 200 |" in md and "not run: no &lt;bodies&gt;" in md
    assert "| part | ≥ 0.5 | ≥ 0.7 |" in md and "| dev | 106 flags, 11/100 | 30 flags, 6/30 |" in md


def test_run_benchmarks_audit_part_runs_both_label_files(tmp_path, monkeypatch):
    import eval.audit

    calls = []

    def fake_audit(bodies, labels, *, n, offset, model):
        calls.append((Path(labels).name, offset, n))
        return {"n_flags": 3, "n_labelled": 2, "n_conflict": 1, "precision_labelled": 0.5, "n_known_conflicts": 1,
                "known_conflicts_found": 1.0, "n_unlabelled": 1, "n_stale": 0, "unlabelled": [{"a": "x"}]}

    monkeypatch.setattr(eval.audit, "run_audit", fake_audit)
    monkeypatch.setattr(eval.baselines, "load_model", lambda name: FakeModel({}))
    bodies, labels = tmp_path / "bodies.csv", tmp_path / "audit"
    bodies.write_text("Body ID,articleBody\n1,x\n")
    labels.mkdir()
    for name in ("dev.jsonl", "heldout.jsonl"):
        (labels / name).write_text("")
    data = run_benchmarks(out=tmp_path / "B.md", data_dir=tmp_path,
                          skip={"nli", "synth", "corpus", "stories", "compare", "speed"},
                          fnc1_bodies=bodies, audit_dir=labels)
    assert calls == [("dev.jsonl", 0, 40), ("heldout.jsonl", 40, 40)]
    assert data["audit"]["dev"]["n_flags"] == 3 and "unlabelled" not in data["audit"]["dev"]
    missing = run_benchmarks(out=tmp_path / "C.md", data_dir=tmp_path,
                             skip={"nli", "synth", "corpus", "stories", "compare", "speed"},
                             fnc1_bodies=tmp_path / "none.csv", audit_dir=labels)
    assert "audit" not in missing  # no bodies file: the part is skipped


def test_run_benchmarks_stories_part_runs_dev_and_heldout(tmp_path, monkeypatch):
    import eval.stories

    calls = []

    def fake_stories(stances, bodies, *, n, offset, model):
        calls.append((offset, n))
        return {"n_stories": n, "n_documents": 4, "n_findings": 5, "n_within_document": 1, "n_opposite_pairs": 4,
                "opposite_flagged": 3, "opposite_recall": 0.75, "n_same_side_pairs": 2, "same_side_flagged": 1,
                "same_side_rate": 0.5, "lift": 1.5, "cross_story_findings": 0, "seconds": 12.0,
                "by_score": [{"floor": 0.5, "opposite_recall": 0.75, "same_side_rate": 0.5, "lift": 1.5},
                             {"floor": 0.9, "opposite_recall": 0.0, "same_side_rate": 0.0, "lift": None}],
                "findings": [{"a": "b1:0"}],
                "headline": {"n_disagree_pairs": 4, "disagree_flagged": 2, "disagree_rate": 0.5, "n_agree_pairs": 4,
                             "agree_flagged": 1, "agree_rate": 0.25, "lift": 2.0, "other_findings": 3}}

    monkeypatch.setattr(eval.stories, "run_stories", fake_stories)
    monkeypatch.setattr(eval.baselines, "load_model", lambda name: FakeModel({}))
    stances, bodies = tmp_path / "stances.csv", tmp_path / "bodies.csv"
    stances.write_text("Headline,Body ID,Stance\n")
    bodies.write_text("Body ID,articleBody\n1,x\n")
    out = tmp_path / "B.md"
    data = run_benchmarks(out=out, data_dir=tmp_path, skip={"nli", "synth", "corpus", "audit", "compare", "speed"},
                          fnc1_bodies=bodies, fnc1_stances=stances, stories_n=7)
    assert calls == [(0, 7), (7, 7)]
    assert data["stories"]["heldout"]["lift"] == 1.5 and "findings" not in data["stories"]["dev"]
    md = out.read_text()
    assert "| dev | 7 | 4 | 5 | 3/4 (0.750) | 1/2 (0.500) | 1.50 | 0 | 1 | 12 |" in md
    assert "| dev | 0.75 / 0.50, 1.50 | 0.00 / 0.00, – |" in md
    assert "| heldout | 2/4 (0.500) | 1/4 (0.250) | 2.00 | 3 |" in md
    missing = run_benchmarks(out=tmp_path / "C.md", data_dir=tmp_path,
                             skip={"nli", "synth", "corpus", "audit", "compare", "speed"},
                             fnc1_bodies=bodies, fnc1_stances=tmp_path / "none.csv")
    assert "stories" not in missing  # no stances file: the part is skipped


def test_run_benchmarks_pools_several_synth_files(tmp_path, monkeypatch):
    monkeypatch.setattr(eval.baselines, "load_model",
                        lambda name: FakeModel({"It cost $9.": [0.1, 0.2, 0.7]}))
    other = tmp_path / "swaps_test.jsonl"
    other.write_text(json.dumps({"premise": "It cost $5.", "hypothesis": "It cost $9.", "label": "contradiction",
                                 "phenomenon": "swapped_number"}) + "\n")
    out = tmp_path / "docs" / "BENCHMARKS.md"
    data = run_benchmarks(out=out, data_dir=tmp_path, skip={"nli", "corpus", "audit", "stories", "compare", "speed"},
                          synth_test=[FIX / "shared3.jsonl", other])
    assert data["synth"]["n"] == 7
    assert set(data["synth"]["per_phenomenon"]) >= {"paraphrase", "swapped_number"}
    assert data["provenance"]["config"]["synth_test"] == [str(FIX / "shared3.jsonl"), str(other)]
