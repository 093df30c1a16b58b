"""Weight averaging of training runs (detector.training.soup) and how the card describes it."""
from __future__ import annotations

import json

import pytest
import torch
from safetensors.torch import load_file

from detector.training.card import render
from detector.training.soup import average, main, make_soup

LABELS = {"0": "contradiction", "1": "entailment", "2": "neutral"}


def _run(path, seed, *, labels=LABELS, init_from=None, files=("lingnli_train.jsonl",)):
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(seed)
    config = BertConfig(vocab_size=50, hidden_size=8, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=16, num_labels=3, id2label={int(k): v for k, v in labels.items()},
                        label2id={v: int(k) for k, v in labels.items()})
    BertForSequenceClassification(config).save_pretrained(str(path / "final"))
    run_config = {"seed": seed, "epochs": 1, "batch_size": 32, "lr": 2e-5, "warmup_ratio": 0.05, "max_length": 160}
    if init_from:
        run_config["init_from"] = str(init_from / "final")
    (path / "config.json").write_text(json.dumps(run_config))
    (path / "manifest.json").write_text(json.dumps(
        {"n_train": 5, "n_heldout": 2, "files": [{"file": f, "rows": 5, "rows_used": 5} for f in files]}))
    (path / "heldout.jsonl").write_text('{"premise": "a", "hypothesis": "a", "label": "entailment"}\n')
    return path


def test_uniform_and_weighted_average(tmp_path):
    a, b = _run(tmp_path / "a", 1), _run(tmp_path / "b", 2)
    ta, tb = (load_file(str(r / "final" / "model.safetensors")) for r in (a, b))
    name = "classifier.weight"
    assert not torch.equal(ta[name], tb[name])
    assert torch.allclose(average([a, b])[name], (ta[name] + tb[name]) / 2)
    assert torch.allclose(average([a, b], [3, 1])[name], 0.75 * ta[name] + 0.25 * tb[name])


def test_soup_is_a_run_directory_that_loads(tmp_path):
    from transformers import AutoModelForSequenceClassification

    a = _run(tmp_path / "a", 1)
    b = _run(tmp_path / "b", 2, init_from=a, files=("swaps_train.jsonl",))
    out = make_soup([a, b], tmp_path / "soup")
    config = json.loads((out / "config.json").read_text())
    assert config["soup_of"] == [str(a.resolve()), str(b.resolve())] and config["weights"] == [1.0, 1.0]
    assert (out / "heldout.jsonl").read_text() == (b / "heldout.jsonl").read_text()
    assert not list((out / "final").glob("*.tmp"))
    model = AutoModelForSequenceClassification.from_pretrained(str(out / "final"))
    assert model.config.id2label == {0: "contradiction", 1: "entailment", 2: "neutral"}
    card = render(out, [], None, "")
    # both stages once (b was trained from a), then the average of the two
    assert card.count("### Stage") == 2 and "### Stage 1 of 2" in card
    assert card.index("lingnli_train.jsonl") < card.index("swaps_train.jsonl") < card.index("### Weight average")
    assert "average of the final weights of stage 1 and stage 2" in card
    assert f"python -m detector.training.soup --runs {a} {b} --out {out}" in card
    weighted = make_soup([a, b], tmp_path / "weighted", [0.4, 0.6])  # the command names unequal weights
    assert f"--runs {a} {b} --weights 0.4 0.6 --out {weighted}" in render(weighted, [], None, "")


def test_bad_ingredients_are_refused(tmp_path):
    a = _run(tmp_path / "a", 1)
    swapped = _run(tmp_path / "swapped", 2, labels={"0": "entailment", "1": "neutral", "2": "contradiction"})
    with pytest.raises(ValueError, match="label order"):
        average([a, swapped])
    with pytest.raises(ValueError, match="at least two"):
        average([a])
    with pytest.raises(ValueError, match="weights"):
        average([a, a], [1.0])
    (tmp_path / "unfinished").mkdir()
    with pytest.raises(FileNotFoundError, match="unfinished"):
        average([a, tmp_path / "unfinished"])
    with pytest.raises(SystemExit):  # the CLI turns the error into a usage message, not a traceback
        main(["--runs", str(a), "--out", str(tmp_path / "out")])


def test_tensors_equal_in_every_run_are_kept_exactly(tmp_path):
    # frozen tensors (the embeddings) must come out bit-identical, or export would ship them as "changed"
    from safetensors.torch import save_file

    a, b = _run(tmp_path / "a", 1), _run(tmp_path / "b", 2)
    ta, tb = (load_file(str(r / "final" / "model.safetensors")) for r in (a, b))
    name = "bert.embeddings.word_embeddings.weight"
    shared = torch.randn_like(ta[name])
    assert not torch.equal(shared * 0.7 + shared * 0.3, shared)  # the plain weighted sum changes some bits
    for run, tensors in ((a, ta), (b, tb)):
        save_file({**tensors, name: shared}, str(run / "final" / "model.safetensors"))
    soup = average([a, b], [0.7, 0.3])
    assert torch.equal(soup[name], shared)
    other = "classifier.weight"
    assert torch.allclose(soup[other], 0.7 * ta[other] + 0.3 * tb[other])
