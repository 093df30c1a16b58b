"""Detector facade: cheap constructor, runs on strings / nothing / paths (one shared Detector, real models)."""

import datetime as dt
import json

import pytest

from detector.pipeline import Detector
from detector.records import Document
from detector.report import Report

CAPTURE_AND_DENIAL = ("The Russian Defense Ministry said on Thursday that its forces had captured Chasiv Yar. "
                      "The Ukrainian army denied the capture.")
OTHER = "Fighting continued near the town of Chasiv Yar on Friday, local officials said."
BOILERPLATE = ("newsletter", "dear readers", "support us", "support the moscow times", "read more")


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()


def test_constructor_is_cheap_and_stores_options():
    d = Detector("int8", k=3, min_similarity=0.4, threshold=0.7, combine="mean", attribute=False, index="flat")
    assert d._nli is None and d._embedder is None
    config = d.config()
    assert config["nli_model"] == "int8" and config["k"] == 3 and config["threshold"] == 0.7
    assert config["combine"] == "mean" and config["attribute"] is False and config["index"] == "flat"
    assert Detector().config()["nli_model"] == "default"
    assert Detector().config()["one_way_max_words"] == 18
    assert Detector(one_way_max_words=None).config()["one_way_max_words"] is None


def test_the_verdicts_get_both_orders_and_the_contrast_unless_the_one_way_rule_is_off(detector, monkeypatch):
    import detector.verdicts as verdicts

    calls = []
    real = verdicts.decide

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(verdicts, "decide", spy)
    texts = ["The dam at Lake Ordal did not break, the regional water authority said on Monday.",
             "The dam at Lake Ordal broke on Sunday night, flooding three villages."]
    detector.run(texts)
    assert calls and all(0.0 <= kw["contradiction_ab"] <= 1.0 and 0.0 <= kw["contradiction_ba"] <= 1.0
                         for kw in calls)
    assert "negation" in {kw["contrast"] for kw in calls}
    calls.clear()
    Detector(one_way_max_words=None).run(texts)
    assert calls and all(kw["contradiction_ab"] is None and kw["contradiction_ba"] is None for kw in calls)


def test_run_on_nothing(detector):
    report = detector.run([])
    assert isinstance(report, Report)
    assert (report.n_documents, report.n_claims, report.n_pairs_scored) == (0, 0, 0)
    assert report.contradictions == () and report.disputes == () and report.errors == ()


def test_find_needs_two_claims(detector):
    assert detector.find([]) == ([], 0)


def test_run_on_plain_strings(detector):
    report = detector.run([CAPTURE_AND_DENIAL, OTHER])
    assert report.n_documents == 2
    assert report.n_claims == 3
    assert report.n_pairs_scored >= 1
    assert report.config == detector.config()
    scores = [f.score for f in report.contradictions]
    assert scores == sorted(scores, reverse=True)
    # the linked denial is found whatever the NLI model says
    linked = [f for f in report.contradictions if f.b.linked_to == f.a.id or f.a.linked_to == f.b.id]
    assert len(linked) == 1
    f = linked[0]
    assert {f.a.doc_id, f.b.doc_id} == {"doc-0"}
    assert {f.a.stance, f.b.stance} == {"asserts", "denies"}
    assert f.verdict == "contradiction" and f.score >= 0.9
    assert {f.a.speaker, f.b.speaker} == {"Russian Defense Ministry", "Ukrainian army"}
    assert report.disputes and report.disputes[0].score == report.contradictions[0].score
    for finding in report.contradictions:
        assert (finding.a.source, finding.a.speaker) != (finding.b.source, finding.b.speaker)
    json.loads(report.to_json())


def test_documents_keep_their_metadata(detector):
    doc = Document(id="tass-1", text=CAPTURE_AND_DENIAL, source="TASS", date=dt.date(2025, 7, 17))
    report = detector.run([doc])
    (f,) = report.contradictions
    assert f.a.id == "tass-1:0" and f.b.id == "tass-1:1"
    assert f.a.source == "TASS" and f.a.date == dt.date(2025, 7, 17)


def test_run_paths_collects_input_errors(detector, tmp_path):
    good = tmp_path / "feed.jsonl"
    good.write_text(json.dumps({"id": "a", "text": CAPTURE_AND_DENIAL, "source": "TASS"}) + "\n"
                    + "{not json\n"
                    + json.dumps({"id": "b", "text": OTHER, "source": "Reuters"}) + "\n", encoding="utf-8")
    report = detector.run_paths([good, tmp_path / "missing.jsonl"])
    assert report.n_documents == 2
    assert report.n_claims == 3
    assert len(report.errors) == 2
    joined = "\n".join(report.errors)
    assert "feed.jsonl:2:" in joined  # file and line of the bad row
    assert "missing.jsonl" in joined
    assert report.to_dict()["errors"] == list(report.errors)


def test_claims_of_a_real_article_skip_page_furniture(detector, example_article):
    doc = Document(id="mt", text=example_article.read_text(encoding="utf-8"), source="The Moscow Times")
    claims = detector.claims([doc])
    assert len(claims) >= 5
    for claim in claims:
        assert not any(word in claim.text.lower() for word in BOILERPLATE), claim.text
    assert any("Chasiv Yar" in c.text for c in claims)


class _Recorder:
    """An NLI model that records the pairs it is given and gives every pair ``row`` (neutral by default)."""
    name = "recorder"

    def __init__(self, row=(0.1, 0.8, 0.1)):
        self.pairs = []
        self.row = row

    def predict_proba(self, pairs, *, batch_size=32, show_progress=None):
        import numpy as np

        self.pairs += list(pairs)
        return np.tile(np.array([self.row], dtype=np.float32), (len(pairs), 1))


def test_nli_reads_a_name_the_way_the_other_claim_writes_it():

    detector = Detector(min_similarity=0.0)
    detector._nli = recorder = _Recorder()
    docs = [Document(id="a", text="Orbis Shipping posted a net loss for 2024.", source="Daily", date=dt.date(2025, 2, 1)),
            Document(id="b", text="Orbis made a net profit in 2024.", source="Wire", date=dt.date(2025, 2, 1))]
    _, n_scored = detector.find(detector.claims(docs))
    assert n_scored == 1 and recorder.pairs  # both directions of the one pair
    assert all("Orbis Shipping" not in text for pair in recorder.pairs for text in pair)
    assert {"Orbis posted a net loss for 2024.", "Orbis made a net profit in 2024."} <= {t for p in recorder.pairs for t in p}


def test_a_figure_that_counts_something_else_is_not_flagged():
    import re

    import numpy as np

    class FiguresOnly:
        """Entailment for identical texts, contradiction when the two give different numbers, else neutral
        (a swap-trained model)."""
        name = "figures-only"

        def predict_proba(self, pairs, *, batch_size=32, show_progress=None):
            rows = [[0.9, 0.05, 0.05] if p == h else [0.05, 0.05, 0.9]
                    if set(re.findall(r"\d+", p)) != set(re.findall(r"\d+", h)) else [0.1, 0.8, 0.1]
                    for p, h in pairs]
            return np.array(rows, dtype=np.float32).reshape(-1, 3)

    detector = Detector(min_similarity=0.0, attribute=False)
    detector._nli = FiguresOnly()
    day = dt.date(2025, 2, 1)
    killed = Document(id="a", text="The strike killed 12 people in the city.", source="Daily", date=day)
    injured = Document(id="b", text="The strike injured 23 people in the city.", source="Wire", date=day)
    assert detector.find(detector.claims([killed, injured]))[0] == []  # with equal figures: neutral
    also_killed = Document(id="c", text="The strike killed 23 people in the city.", source="Post", date=day)
    findings, _ = detector.find(detector.claims([killed, also_killed]))
    assert [f.verdict for f in findings] == ["numeric_mismatch"]  # with equal figures: the same claim


def test_a_count_is_compared_without_its_circumstances():
    import re

    import numpy as np

    class ShortHypotheses:
        """Entailment only for a hypothesis of at most five words with the premise's figure (a core clause);
        neutral for longer pairs with equal figures, contradiction for other figures."""
        name = "short-hypotheses"

        def predict_proba(self, pairs, *, batch_size=32, show_progress=None):
            def row(p, h):
                same = set(re.findall(r"\d+", h)) <= set(re.findall(r"\d+", p))
                if same and len(h.split()) <= 5:
                    return [0.9, 0.05, 0.05]
                return [0.1, 0.8, 0.1] if same else [0.2, 0.5, 0.3]
            return np.array([row(p, h) for p, h in pairs], dtype=np.float32).reshape(-1, 3)

    detector = Detector(min_similarity=0.0, attribute=False)
    detector._nli = ShortHypotheses()
    day = dt.date(2025, 9, 13)
    police = Document(id="a", text="Officers in Kallendor arrested 14 people, most of them for throwing bottles.",
                      source="Police", date=day)
    ministry = Document(id="b", text="22 people were arrested during the pension march in Kallendor.",
                        source="Ministry", date=day)
    findings, _ = detector.find(detector.claims([police, ministry]))
    assert [(f.verdict, f.reason) for f in findings] == [("numeric_mismatch", "14 people vs 22 people")]
    # circumstances that place the figures apart keep the full probe as the test (neutral: not flagged)
    floods = Document(id="c", text="22 people were arrested in the floods in Kallendor.", source="Wire", date=day)
    attack = Document(id="d", text="Officers in Kallendor arrested 14 people in the attack.", source="Post", date=day)
    assert detector.find(detector.claims([attack, floods]))[0] == []


def test_both_claims_are_probed_with_the_other_figure():
    detector = Detector(min_similarity=0.0, attribute=False)
    detector._nli = model = _Recorder()
    day = dt.date(2025, 5, 19)
    a = Document(id="a", text="Cordale Motors plans to eliminate about 4,500 jobs at Renholm.", source="Carmaker", date=day)
    b = Document(id="b", text="Cordale would cut 6,200 jobs at its Renholm plant.", source="Union", date=day)
    detector.find(detector.claims([a, b]))
    premises = {p for p, _ in model.pairs}
    # (shared_names writes "Cordale Motors" as "Cordale" in both texts)
    assert "Cordale plans to eliminate about 6,200 jobs at Renholm." in premises  # a with b's figure
    assert "Cordale would cut about 4,500 jobs at its Renholm plant." in premises  # b with a's figure


def test_a_probe_worded_like_the_other_claim_needs_no_model():
    detector = Detector(min_similarity=0.0, attribute=False)
    # contradiction for every pair: a swap-trained model unsure even of identical figures
    detector._nli = model = _Recorder((0.1, 0.1, 0.8))
    day = dt.date(2025, 5, 19)
    a = Document(id="a", text="Turnout in the election was 61 percent.", source="Commission", date=day)
    b = Document(id="b", text="Turnout in the election was 58 percent.", source="Observers", date=day)
    findings, _ = detector.find(detector.claims([a, b]))
    assert [f.verdict for f in findings] == ["numeric_mismatch"]
    assert findings[0].reason == "61 percent vs 58 percent"
    assert len(model.pairs) == 2  # the pair in both directions; the probe ("... 58 percent.") was not scored


def test_same_words_ignores_case_and_punctuation():
    from detector.text import same_words

    assert same_words("Turnout was 58 percent.", "turnout was 58 percent")
    assert not same_words("Turnout was 58 percent.", "Turnout was 58 per cent.")
    assert not same_words("Turnout was 58 percent.", "Turnout was 85 percent.")


def test_two_doers_of_a_one_doer_event_are_found_with_a_probe():
    import numpy as np

    class NamesApart:
        """Entailment when the hypothesis' words (but "had") are all in the premise, else neutral (a model
        that reads two names as two unrelated facts)."""
        name = "names-apart"

        def predict_proba(self, pairs, *, batch_size=32, show_progress=None):
            def words(t):
                return set(t.lower().rstrip(".").split()) - {"had"}
            rows = [[0.9, 0.05, 0.05] if words(h) <= words(p) else [0.1, 0.8, 0.1] for p, h in pairs]
            return np.array(rows, dtype=np.float32).reshape(-1, 3)

    detector = Detector(min_similarity=0.0)
    detector._nli = NamesApart()
    day = dt.date(2025, 5, 19)
    a = Document(id="a", text="The commission said Mira Osten won the presidential election in Vale with 54 percent.",
                 source="Commission", date=day)
    b = Document(id="b", text="Tomas Brell said he had won the presidential election in Vale.", source="Post", date=day)
    findings, _ = detector.find(detector.claims([a, b]))
    assert [f.verdict for f in findings] == ["contradiction"]
    assert "Mira Osten vs Tomas Brell" in findings[0].reason or "Tomas Brell vs Mira Osten" in findings[0].reason
    c = Document(id="c", text="Tomas Brell said he had won the mayoral election in Vale.", source="Post", date=day)
    assert detector.find(detector.claims([a, c]))[0] == []  # another election: the probe is not entailed


def test_a_rebuttal_of_a_detail_is_found_with_the_rejected_proposition():
    import numpy as np

    class WordsInPremise:
        """Entailment when the hypothesis' words are all in the premise, else neutral: a model that the
        rebuttal's two figures leave neutral."""
        name = "words-in-premise"

        def __init__(self):
            self.pairs = []

        def predict_proba(self, pairs, *, batch_size=32, show_progress=None):
            self.pairs += list(pairs)

            def words(t):
                return set(t.lower().rstrip(".").split())
            rows = [[0.9, 0.05, 0.05] if words(h) <= words(p) else [0.1, 0.8, 0.1] for p, h in pairs]
            return np.array(rows, dtype=np.float32).reshape(-1, 3)

    detector = Detector(min_similarity=0.0)
    detector._nli = model = WordsInPremise()
    a = Document(id="a", text="The coast guard said 212 people were on board the ferry when it capsized.",
                 source="Coast Guard", date=dt.date(2025, 6, 6))
    b = Document(id="b", text="The operator said 164 people were on board the ferry when it capsized, not 212 as "
                 "the coast guard had reported.", source="Ferry Lines", date=dt.date(2025, 6, 9))
    findings, _ = detector.find(detector.claims([a, b]))
    assert [f.verdict for f in findings] == ["numeric_mismatch"]
    assert "164, not 212" in findings[0].reason
    assert ("212 people were on board the ferry when it capsized",
            "212 people were on board the ferry when it capsized") in model.pairs


def test_nli_reads_a_place_falling_to_a_side_as_a_capture():

    detector = Detector(min_similarity=0.0)
    detector._nli = recorder = _Recorder()
    day = dt.date(2025, 3, 11)
    docs = [Document(id="a", text="Carvenian troops captured Vardovo on Monday.", source="Staff", date=day),
            Document(id="b", text="Vardovo had fallen to Carvenian troops by Monday night.", source="Wire", date=day)]
    detector.find(detector.claims(docs))
    texts = {t for pair in recorder.pairs for t in pair}
    assert "Carvenian troops had captured Vardovo by Monday night." in texts
    assert not any("fallen" in t for t in texts)
