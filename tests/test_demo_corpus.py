"""Sanity checks of the bundled corpora and their gold pairs (datasets/demo, heldout, heldout2, heldout3); no models beyond
spaCy."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from detector.records import VERDICTS

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
#: corpus -> its design: documents, gold pairs and sentences per document allowed (inclusive), and the least
#: share of sentences in no gold pair
SIZES = {"demo": {"docs": (30, 45), "gold": (20, 40), "sentences": (2, 5), "non_gold": 1 / 2},
         "heldout": {"docs": (12, 45), "gold": (10, 40), "sentences": (1, 5), "non_gold": 1 / 3},
         "heldout2": {"docs": (30, 60), "gold": (25, 60), "sentences": (2, 6), "non_gold": 1 / 3},
         "heldout3": {"docs": (30, 60), "gold": (25, 60), "sentences": (2, 6), "non_gold": 1 / 3}}
DOC_FIELDS = {"id", "text", "source", "date", "title"}
GOLD_FIELDS = {"a", "b", "label", "note"}
_SPLIT = re.compile(r"(?<=\.) ")
#: a figure in digits or words ("20 drones", "twelve drones", "a three-year contract", "nearly a third")
_FIGURE = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                     r"fifty|hundred|thousand|million|billion|dozen|half|third|quarter)\b", re.IGNORECASE)


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name}:{n} is blank"
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{path.name}:{n} is not JSON: {exc}")
    return rows


@pytest.fixture(scope="module", params=sorted(SIZES))
def corpus(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def docs(corpus) -> dict[str, dict]:
    rows = _read_jsonl(DATASETS / corpus / "corpus.jsonl")
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), [i for i, c in Counter(ids).items() if c > 1]
    return {r["id"]: r for r in rows}


@pytest.fixture(scope="module")
def gold(corpus) -> list[dict]:
    return _read_jsonl(DATASETS / corpus / "gold.jsonl")


def _sentences(text: str) -> list[str]:
    return _SPLIT.split(text)


def _claim(docs: dict[str, dict], claim_id: str) -> tuple[dict, str]:
    doc_id, _, n = claim_id.rpartition(":")
    assert doc_id in docs, f"unknown document in {claim_id!r}"
    sents = _sentences(docs[doc_id]["text"])
    assert n.isdigit() and int(n) < len(sents), f"{claim_id!r}: {doc_id} has {len(sents)} sentences"
    return docs[doc_id], sents[int(n)]


def test_documents_well_formed(corpus, docs):
    low, high = SIZES[corpus]["docs"]
    assert low <= len(docs) <= high
    fewest, most = SIZES[corpus]["sentences"]
    assert len({d["source"] for d in docs.values()}) >= 6
    for d in docs.values():
        assert set(d) == DOC_FIELDS, d["id"]
        assert all(isinstance(d[k], str) and d[k].strip() for k in DOC_FIELDS), d["id"]
        dt.date.fromisoformat(d["date"])
        assert ":" not in d["id"], d["id"]
        sents = _sentences(d["text"])
        assert fewest <= len(sents) <= most, d["id"]
        for s in sents:
            assert s.lstrip('"')[0].isupper() and s.endswith(".") and "  " not in s, (d["id"], s)


def test_spacy_segmentation_matches_regex(docs):
    """Claim ids count spaCy sentences; they must be the same sentences the regex (and gold) count."""
    from detector.nlp import load_spacy

    nlp = load_spacy()
    for d in docs.values():
        spacy_sents = [s.text.strip() for s in nlp(d["text"]).sents]
        assert spacy_sents == _sentences(d["text"]), d["id"]


def test_gold_pairs_valid(corpus, docs, gold):
    low, high = SIZES[corpus]["gold"]
    assert low <= len(gold) <= high
    seen = set()
    for g in gold:
        assert set(g) == GOLD_FIELDS, g
        assert g["label"] in VERDICTS, g
        assert g["a"] != g["b"], g
        assert g["note"].strip(), g
        key = frozenset((g["a"], g["b"]))
        assert key not in seen, f"duplicate pair {g['a']} / {g['b']}"
        seen.add(key)
        (doc_a, sent_a), (doc_b, sent_b) = _claim(docs, g["a"]), _claim(docs, g["b"])
        if g["label"] == "numeric_mismatch":
            assert _FIGURE.search(sent_a) and _FIGURE.search(sent_b), g
        if g["label"] == "superseded":
            assert doc_a["date"] != doc_b["date"], g


def test_gold_label_mix(corpus, docs, gold):
    if corpus != "demo":
        pytest.skip("the label mix is the demo corpus's design")
    labels = Counter(g["label"] for g in gold)
    assert set(labels) == set(VERDICTS)
    assert labels["numeric_mismatch"] >= 5 and labels["superseded"] >= 3
    attributed = [g for g in gold if g["note"].startswith("attributed")]
    direct = [g for g in gold if g["label"] == "contradiction" and not g["note"].startswith("attributed")]
    assert len(attributed) >= 5 and len(direct) >= 5
    assert all(g["label"] == "contradiction" for g in attributed)
    # at least one claim/denial pair inside a single document, across speakers
    assert any(g["a"].rpartition(":")[0] == g["b"].rpartition(":")[0] for g in attributed)
    # everything else compares different sources
    for g in gold:
        doc_a, doc_b = (docs[c.rpartition(":")[0]] for c in (g["a"], g["b"]))
        if doc_a["id"] != doc_b["id"]:
            assert doc_a["source"] != doc_b["source"], g


def test_corpus_has_non_gold_claims(corpus, docs, gold):
    """Precision needs sentences that are in no gold pair (agreements, unrelated facts, look-alike numbers)."""
    in_gold = {c for g in gold for c in (g["a"], g["b"])}
    total = sum(len(_sentences(d["text"])) for d in docs.values())
    assert total - len(in_gold) >= int(total * SIZES[corpus]["non_gold"])
