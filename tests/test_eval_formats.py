from pathlib import Path

import pytest

from eval.formats import read_pairs

FIX = Path(__file__).parent / "fixtures" / "eval"


def test_shared_three_way_skips_bad_rows_and_normalises(caplog):
    pairs = read_pairs(FIX / "shared3.jsonl")
    assert [p.id for p in pairs] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert pairs[0].premise == "A man sleeps."  # tokenized "sleeps ." normalised
    assert pairs[5].phenomenon == "paraphrase" and pairs[0].phenomenon is None
    assert not any(p.premise_is_long for p in pairs)
    assert "shared3.jsonl:4" in caplog.text and "shared3.jsonl:6" in caplog.text


def test_shared_two_way_labels():
    assert [p.label for p in read_pairs(FIX / "shared2.jsonl")] == [
        "entailment", "not_entailment", "not_entailment", "entailment"]


def test_snli_skips_dash_and_normalises():
    pairs = read_pairs(FIX / "snli.jsonl")
    assert [(p.id, p.label) for p in pairs] == [("p1", "neutral"), ("p3", "contradiction")]
    assert pairs[0].premise == "Two women are embracing while holding to go packages."


def test_anli_maps_letters():
    pairs = read_pairs(FIX / "anli.jsonl")
    assert [p.label for p in pairs] == ["entailment", "contradiction", "neutral"]
    assert pairs[1].id == "a2" and pairs[1].premise.startswith("Risk Records")


def test_sick_txt(caplog):
    pairs = read_pairs(FIX / "sick.txt")
    assert [(p.id, p.label) for p in pairs] == [("1", "entailment"), ("2", "contradiction"), ("4", "neutral")]
    assert pairs[1].premise == "There is no boy playing outdoors"
    assert "sick.txt:4" in caplog.text


def test_fnc1_pairs_with_bodies(caplog):
    pairs = read_pairs(FIX / "fnc_stances.csv")
    assert [p.label for p in pairs] == ["entailment", "contradiction", "neutral", "neutral"]
    assert pairs[1].hypothesis == "No meteorite hit Managua"
    assert pairs[0].premise.startswith("A small meteorite") and "mysterious boom" in pairs[0].premise
    assert all(p.premise_is_long for p in pairs)
    assert "99" in caplog.text and "maybe" in caplog.text


def test_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_pairs(tmp_path / "missing.jsonl")
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"foo": 1}\n')
    with pytest.raises(ValueError, match="unrecognised"):
        read_pairs(bad)
    (tmp_path / "y.parquet").write_text("")
    with pytest.raises(ValueError, match="extension"):
        read_pairs(tmp_path / "y.parquet")
    lonely = tmp_path / "z_stances.csv"
    lonely.write_text("Headline,Body ID,Stance\n")
    with pytest.raises(FileNotFoundError, match="bodies"):
        read_pairs(lonely)
