"""NLI pairs from an FNC-1 style stance corpus (detector.training.stance)."""
from __future__ import annotations

from pathlib import Path

import pytest

from detector.training.stance import best_passage, read_fnc1, split, stance_pairs

FIX = Path(__file__).parent / "fixtures" / "eval"


def test_read_fnc1_joins_bodies_and_reports_bad_rows(caplog, tmp_path):
    rows = read_fnc1(FIX / "fnc_stances.csv", FIX / "fnc_bodies.csv")
    assert [(r.line, r.body_id, r.stance) for r in rows] == [
        (2, "10", "agree"), (3, "10", "disagree"), (4, "11", "discuss"), (5, "11", "unrelated"), (7, "10", "maybe")]
    assert rows[1].headline == "No meteorite hit Managua" and rows[0].body.startswith("A small meteorite")
    assert "fnc_stances.csv:6" in caplog.text and "99" in caplog.text  # body 99 is missing; the rest are read
    underscored = tmp_path / "s.csv"  # the Kaggle copies write "Body_ID"
    underscored.write_text("Headline,Body_ID,Stance\nMeteorite crashes in Managua,10,agree\n", encoding="utf-8")
    assert [r.body_id for r in read_fnc1(underscored, FIX / "fnc_bodies.csv")] == ["10"]
    broken = tmp_path / "b.csv"
    broken.write_text("Headline,Stance\nx,agree\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"b\.csv:1: .*body id"):
        read_fnc1(broken, FIX / "fnc_bodies.csv")


def test_best_passage_picks_the_window_sharing_most_headline_words():
    sentences = ["The weather was fine.", "Markets rose.", "Officials denied that a meteorite hit Managua.",
                 "The claim was a hoax, police said.", "Traffic was light."]
    passage = best_passage(sentences, "Meteorite hits Managua, police say", max_sentences=2)
    assert passage == "Officials denied that a meteorite hit Managua. The claim was a hoax, police said."
    # a tie goes to the earliest window
    assert best_passage(sentences, "Meteorite hits Managua", max_sentences=2) == " ".join(sentences[1:3])
    assert best_passage(sentences, "Meteorite hits Managua", max_sentences=3, max_words=8) == sentences[2]
    assert best_passage([], "anything") == ""


def test_stance_pairs_labels_and_split_by_body():
    rows = stance_pairs(FIX / "fnc_stances.csv", FIX / "fnc_bodies.csv")
    assert [(r["stance"], r["label"]) for r in rows] == [
        ("agree", "entailment"), ("disagree", "contradiction"), ("discuss", "neutral")]  # unrelated, unknown: dropped
    assert rows[1]["hypothesis"] == "No meteorite hit Managua" and "Managua" in rows[1]["premise"]
    assert len({r["id"] for r in rows}) == 3
    train, test = split(rows, test_fraction=0.5)
    assert len(train) + len(test) == 3
    assert not {r["body_id"] for r in train} & {r["body_id"] for r in test}
    one = stance_pairs(FIX / "fnc_stances.csv", FIX / "fnc_bodies.csv", max_per_label=1)
    assert len(one) == 3  # one per label at most
