"""The command line: usage errors (no models), and two end-to-end runs with the real models."""

import json

import pytest

from detector.cli import build_parser, main

DEMO = "datasets/demo/corpus.jsonl"
BOILERPLATE = ("newsletter", "dear readers", "support us", "support the moscow times")


def test_parser_defaults():
    args = build_parser().parse_args(["report", "a.jsonl", "-o", "r.html"])
    assert args.k == 10 and args.threshold == 0.5 and args.combine == "max" and args.format is None
    assert args.one_way_max_words == 18
    for given, value in (("40", 40), ("0", 0), ("off", None)):
        assert build_parser().parse_args(["report", "a.jsonl", "-o", "r.html", "--one-way-max-words", given]
                                         ).one_way_max_words == value


@pytest.mark.parametrize("argv", [
    ["report", DEMO, "-o", "r.pdf"],  # unknown output extension
    ["report", DEMO, "-o", "r.json", "-k", "0"],
    ["report", DEMO, "-o", "r.json", "--threshold", "1.5"],
    ["report", DEMO, "-o", "r.json", "--format", "pdf"],
    ["report", DEMO],  # no -o
    [],
])
def test_usage_errors_exit_2_and_write_nothing(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("detector.pipeline.Detector.run", lambda *a, **k: pytest.fail("must not run"))
    argv = [a if a != DEMO else str(tmp_path / "in.jsonl") for a in argv]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert capsys.readouterr().err.strip()
    assert list(tmp_path.iterdir()) == []


def test_no_readable_documents_exit_1(tmp_path, monkeypatch):
    monkeypatch.setattr("detector.pipeline.Detector.run", lambda *a, **k: pytest.fail("must not run"))
    assert main(["report", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "r.json"), "-q"]) == 1
    assert not (tmp_path / "r.json").exists()


def test_report_on_the_demo_corpus(tmp_path):
    out = tmp_path / "r.json"
    assert main(["report", DEMO, "-o", str(out), "-q", "-k", "3"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"contradictions", "disputes", "n_documents", "n_claims", "n_pairs_scored", "config", "errors"} <= set(data)
    with open(DEMO, encoding="utf-8") as handle:
        assert data["n_documents"] == sum(1 for line in handle if line.strip())
    assert data["n_claims"] > data["n_documents"]
    assert data["n_pairs_scored"] > 0
    assert data["errors"] == []
    for f in data["contradictions"]:
        assert {"score", "verdict", "a", "b"} <= set(f)
        assert {"id", "doc_id", "text", "source", "speaker", "date"} <= set(f["a"])
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_bad_input_and_a_real_article(tmp_path, example_article):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x1", "text": "The Ukrainian army said Chasiv Yar remains under its control.",
                                "source": "Ukrainian army", "date": "2025-07-31"}) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out" / "report.md.json"
    code = main(["report", str(feed), str(example_article), "-o", str(out), "-q"])
    assert code == 1  # bad input: still written for what could be read
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["n_documents"] == 2
    assert len(data["errors"]) == 1 and "feed.jsonl:2:" in data["errors"][0]
    assert data["n_claims"] >= 5
    for f in data["contradictions"]:
        for side in ("a", "b"):
            assert not any(w in f[side]["text"].lower() for w in BOILERPLATE), f[side]["text"]
