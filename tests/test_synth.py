from collections import defaultdict

from detector.training.synth import LABELS, PHENOMENA, generate, split


def _rows():
    return generate(120, seed=7)


def test_deterministic():
    assert generate(60, seed=3) == generate(60, seed=3)
    assert generate(60, seed=3) != generate(60, seed=4)


def test_rows_valid_and_nonempty():
    rows = _rows()
    assert len(rows) == 120 * len(PHENOMENA)
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == {"id", "premise", "hypothesis", "label", "phenomenon"}
        assert r["label"] in LABELS
        assert r["phenomenon"] in PHENOMENA
        for k in ("premise", "hypothesis"):
            assert r[k].strip() and r[k].endswith(".") and r[k][0].isupper(), r[k]
        assert r["premise"] != r["hypothesis"]


def test_no_conflicting_labels():
    seen = {}
    for r in _rows():
        key = (r["premise"], r["hypothesis"])
        assert seen.setdefault(key, r["label"]) == r["label"]


def test_label_mix_per_phenomenon():
    labels = defaultdict(set)
    for r in _rows():
        labels[r["phenomenon"]].add(r["label"])
    for ph in PHENOMENA:
        assert len(labels[ph]) >= 2, ph


def test_split():
    rows = _rows()
    train, test = split(rows, test_fraction=0.15, seed=0)
    assert len(train) + len(test) == len(rows)
    assert {r["premise"] for r in train}.isdisjoint({r["premise"] for r in test})
    for ph in PHENOMENA:
        assert any(r["phenomenon"] == ph for r in train), ph
        assert any(r["phenomenon"] == ph for r in test), ph
    assert 0.08 < len(test) / len(rows) < 0.35
    assert split(rows, 0.15, 0) == (train, test)
