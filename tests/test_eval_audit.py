"""eval.audit: FNC-1 body loading, label files, and auditing findings against labelled flags."""
import json

import pytest

from detector.records import Claim, Finding
from eval.audit import audit_findings, load_fnc1_bodies, read_labels, text_sha1


def _claim(cid, text):
    return Claim(id=cid, doc_id=cid.split(":")[0], text=text, start=0, end=len(text), source=cid.split(":")[0])


def _finding(a, b, score=0.7):
    return Finding(a=a, b=b, verdict="contradiction", score=score, reason="NLI contradiction", contradiction=score,
                   similarity=0.6)


def test_load_fnc1_bodies_shuffles_and_slices(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text("Body ID,articleBody\n" + "".join(f'{i},"Body {i}, with a comma."\n' for i in range(10)),
                    encoding="utf-8")
    first, rest = load_fnc1_bodies(path, n=4, seed=3), load_fnc1_bodies(path, n=6, offset=4, seed=3)
    ids = [d.id for d in first + rest]
    assert sorted(ids) == sorted(f"b{i}" for i in range(10)) and ids != [f"b{i}" for i in range(10)]
    assert first[0].source == f"body-{first[0].id[1:]}" and first[0].text.endswith("with a comma.")
    assert [d.id for d in load_fnc1_bodies(path, n=4, seed=3)] == ids[:4]  # the seed fixes the order
    (tmp_path / "bad.csv").write_text("id,text\n1,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv"):
        load_fnc1_bodies(tmp_path / "bad.csv", n=1)


def test_audit_counts_labelled_unlabelled_and_stale_flags(tmp_path, caplog):
    a, b, c, d = (_claim("b1:0", "It is a solid gold case."), _claim("b2:3", "The case holds far less gold."),
                  _claim("b1:4", "Gold is expensive."), _claim("b3:1", "Apple is yet to announce it."))
    rows = [{"a": "b2:3", "b": "b1:0", "a_sha1": text_sha1(b.text), "b_sha1": text_sha1(a.text), "label": "conflict"},
            {"a": "b1:4", "b": "b2:3", "a_sha1": text_sha1(c.text), "b_sha1": text_sha1(b.text),
             "label": "no_conflict"},
            {"a": "b3:1", "b": "b1:0", "a_sha1": "000000000000", "b_sha1": text_sha1(a.text), "label": "conflict"},
            {"a": "b9:9", "b": "b8:8", "label": "conflict"},  # a known conflict this run does not flag
            {"a": "b1:0", "b": "b2:3", "label": "maybe"}]  # bad label: skipped with the line number
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    labels = read_labels(path)
    assert len(labels) == 4 and "labels.jsonl:5" in caplog.text
    result = audit_findings([_finding(a, b), _finding(c, b), _finding(d, a), _finding(c, d)], labels)
    assert (result["n_flags"], result["n_labelled"], result["n_conflict"]) == (4, 2, 1)
    assert result["precision_labelled"] == pytest.approx(0.5)
    # the b3:1 label's text hash no longer matches: a stale label, listed as unlabelled
    assert result["n_stale"] == 1 and result["n_unlabelled"] == 2
    assert {(u["a"], u["b"]) for u in result["unlabelled"]} == {("b3:1", "b1:0"), ("b1:4", "b3:1")}
    assert result["n_known_conflicts"] == 3 and result["known_conflicts_found"] == pytest.approx(1 / 3)
    assert [(m["a"], m["b"]) for m in result["missed_conflicts"]] == [("b3:1", "b1:0"), ("b9:9", "b8:8")]
    # scores 0.7 (conflict), 0.6 (no_conflict), 0.8 and 0.5 (unlabelled): the table by score floor
    scored = audit_findings([_finding(a, b, 0.7), _finding(c, b, 0.6), _finding(d, a, 0.8), _finding(c, d, 0.5)],
                            labels, floors=(0.5, 0.65, 0.75))
    assert [(r["n_flags"], r["n_labelled"], r["n_conflict"]) for r in scored["by_score"]] == [(4, 2, 1), (2, 1, 1),
                                                                                              (1, 0, 0)]
    assert [r["precision_labelled"] for r in scored["by_score"]] == [0.5, 1.0, 0.0]
    assert audit_findings([], labels)["precision_labelled"] == 0.0


def test_label_files_in_the_repo_are_well_formed():
    from pathlib import Path

    for name in ("dev.jsonl", "heldout.jsonl"):
        path = Path(__file__).resolve().parent.parent / "datasets" / "news_audit" / name
        if not path.exists():
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert len(read_labels(path)) == len(rows) > 0
        assert all(len(r["a_sha1"]) == len(r["b_sha1"]) == 12 for r in rows)
