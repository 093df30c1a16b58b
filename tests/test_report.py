"""Report: dict shape, the four output formats, atomic writes, escaping of untrusted text."""

import csv
import datetime as dt
import io
import json
import os

import pytest

import detector.report as report_module
from detector.disputes import group_disputes
from detector.records import Claim, Finding
from detector.report import FORMATS, Report, format_for, write_atomic

CLAIM_KEYS = {"id", "doc_id", "text", "source", "speaker", "date", "stance", "proposition", "event_date",
              "start", "end"}
EVIL = "<script>alert(1)</script> and | pipes | and *stars* [link](http://x) & co"


def claim(cid, text, *, stance="asserts", speaker=None, source="Src", date=dt.date(2025, 3, 14)):
    return Claim(id=cid, doc_id=cid.split(":")[0], text=text, start=0, end=len(text), source=source, date=date,
                 speaker=speaker, stance=stance, proposition=text)


@pytest.fixture()
def report() -> Report:
    a = claim("tass:0", "Russian forces captured Chasiv Yar.", speaker="Russian Defense Ministry", source="TASS")
    b = claim("kyiv:1", "Russian forces captured Chasiv Yar.", stance="denies", speaker="Ukrainian army",
              source="Kyiv Independent", date=None)
    c = claim("x:0", EVIL, speaker="<b>Evil</b> | speaker", source="Evil | Source")
    d = claim("y:0", "12 people died.", source="Y")
    findings = (Finding(a, b, "contradiction", 0.91, "Russian Defense Ministry asserts, Ukrainian army denies",
                        0.05, 0.97),
                Finding(c, d, "numeric_mismatch", 0.6, "reason with " + EVIL, 0.2, 0.7))
    return Report(contradictions=findings, disputes=tuple(group_disputes(findings)), n_documents=4, n_claims=9,
                  n_pairs_scored=5, config={"k": 10}, errors=("bad.jsonl:3: invalid JSON <oops>",))


def empty_report() -> Report:
    return Report(contradictions=(), disputes=(), n_documents=0, n_claims=0, n_pairs_scored=0)


def test_to_dict_shape(report):
    data = report.to_dict()
    assert set(data) >= {"contradictions", "disputes", "n_documents", "n_claims", "n_pairs_scored", "config",
                         "errors"}
    assert data["n_claims"] == 9 and data["n_pairs_scored"] == 5 and data["n_documents"] == 4
    assert data["errors"] == ["bad.jsonl:3: invalid JSON <oops>"]
    first = data["contradictions"][0]
    assert {"score", "verdict", "reason", "contradiction", "similarity", "dispute", "a", "b"} <= set(first)
    assert first["score"] == 0.91 and first["verdict"] == "contradiction"
    assert set(first["a"]) == set(first["b"]) == CLAIM_KEYS
    assert first["a"]["speaker"] == "Russian Defense Ministry"
    assert first["a"]["date"] == "2025-03-14" and first["b"]["date"] is None
    dispute_ids = {d["id"] for d in data["disputes"]}
    assert {f["dispute"] for f in data["contradictions"]} == dispute_ids
    side = data["disputes"][0]["sides"][0]
    assert set(side) == {"position", "speakers", "dates", "claims"}
    json.dumps(data)  # JSON-ready


def test_findings_alias(report):
    assert report.findings is report.contradictions


def test_format_for():
    assert format_for("r.json") == "json"
    assert format_for("R.HTML") == "html"
    assert format_for("r.htm") == "html"
    assert format_for("r.markdown") == "md"
    assert format_for("r.csv") == "csv"
    assert format_for("r.txt", "md") == "md"
    with pytest.raises(ValueError, match="r.txt"):
        format_for("r.txt")
    with pytest.raises(ValueError):
        format_for("r.json", "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_write_every_format(report, tmp_path, fmt):
    path = report.write(tmp_path / f"out.{fmt}")
    assert path == tmp_path / f"out.{fmt}"
    text = path.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text) == json.loads(report.to_json())
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == 2
        assert rows[0]["a_id"] == "tass:0" and rows[1]["b_text"] == "12 people died."
        assert rows[1]["a_text"] == EVIL  # CSV keeps the text as written, quoted
    elif fmt == "md":
        assert text.startswith("# Contradiction report")
        assert "Russian forces captured Chasiv Yar" in text
    else:
        assert text.lstrip().startswith("<!doctype html>")
        assert "Chasiv Yar" in text
    assert [p.name for p in tmp_path.iterdir()] == [f"out.{fmt}"]


def test_explicit_format_overrides_the_extension(report, tmp_path):
    path = report.write(tmp_path / "out.txt", "json")
    assert json.loads(path.read_text())["n_claims"] == 9
    with pytest.raises(ValueError):
        report.write(tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_write_creates_parent_folders(report, tmp_path):
    assert report.write(tmp_path / "a" / "b" / "r.json").exists()


def test_existing_file_untouched_when_rendering_fails(report, tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    target.write_text("previous report")

    def boom(self):
        raise RuntimeError("render failed")

    monkeypatch.setattr(Report, "to_html", boom)
    with pytest.raises(RuntimeError):
        report.write(target)
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_write_atomic_cleans_up_when_the_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("old")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(report_module.os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["r.json"]
    write_atomic(target, "new \u00e9")
    assert target.read_text(encoding="utf-8") == "new \u00e9"
    assert sorted(os.listdir(tmp_path)) == ["r.json"]


def test_html_escapes_untrusted_text(report):
    html = report.to_html()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Evil</b>" not in html
    assert "<oops>" not in html
    assert "<script" not in html.lower()


def test_markdown_escapes_untrusted_text(report):
    md = report.to_markdown()
    assert "<script>" not in md and "</script>" not in md
    assert "| pipes |" not in md
    assert "<b>Evil</b>" not in md
    assert "[link](http://x)" not in md
    assert "<oops>" not in md
    # every table row of the findings table keeps exactly 5 cells (6 unescaped pipes)
    table = [line for line in md.splitlines() if line.startswith("| 0.")]
    assert len(table) == 2
    for line in table:
        unescaped = [i for i, ch in enumerate(line) if ch == "|" and (i == 0 or line[i - 1] != "\\")]
        assert len(unescaped) == 6, line


def test_markdown_lists_disputes_and_errors(report):
    md = report.to_markdown()
    assert "## Input errors" in md
    assert "D1" in md and "D2" in md
    assert "not P" in md


def test_to_dataframe(report):
    df = report.to_dataframe()
    assert len(df) == 2
    assert {"score", "verdict", "reason", "dispute", "a_id", "a_text", "a_speaker", "b_id", "b_source"} <= set(df.columns)
    assert df["score"].tolist() == [0.91, 0.6]


def test_empty_report(tmp_path):
    empty = empty_report()
    df = empty.to_dataframe()
    assert len(df) == 0 and list(df.columns) == ["score", "verdict", "reason", "dispute"]
    data = empty.to_dict()
    assert data["contradictions"] == [] and data["disputes"] == []
    for fmt in FORMATS:
        assert empty.write(tmp_path / f"e.{fmt}").stat().st_size > 0
    assert "0 findings" in empty.to_markdown()
    assert list(csv.reader(io.StringIO(empty.to_csv()))) == [["score", "verdict", "reason"]]


def test_csv_cells_cannot_start_a_formula(tmp_path):
    import csv as csv_module

    from detector.records import Claim, Finding
    from detector.report import Report

    evil = '=HYPERLINK("http://evil","x")'
    a = Claim(id="a:0", doc_id="a", text=evil, start=0, end=len(evil), source="-S", speaker="@who", proposition=evil)
    b = Claim(id="b:0", doc_id="b", text="Plain text.", start=0, end=11, source="T", proposition="Plain text.")
    report = Report(contradictions=(Finding(a=a, b=b, verdict="contradiction", score=0.9),), disputes=(),
                    n_documents=2, n_claims=2, n_pairs_scored=1)
    rows = list(csv_module.DictReader(report.write(tmp_path / "r.csv").open(encoding="utf-8")))
    assert rows[0]["a_text"] == "'" + evil and rows[0]["a_source"] == "'-S" and rows[0]["a_speaker"] == "'@who"
    assert rows[0]["b_text"] == "Plain text."
    assert oct((tmp_path / "r.csv").stat().st_mode & 0o777) != oct(0o600)
