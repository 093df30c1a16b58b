"""eval.stories: FNC-1 stories with agree and disagree bodies, and document-level scores of findings."""
import pytest

from detector.records import Claim, Finding
from eval.stories import Story, body_relations, load_stories, score_story_findings

STANCES = """Headline,Body_ID,Stance
Banksy arrested in London,1,agree
Banksy arrested in London,2,disagree
Banksy arrested in London,3,agree
Banksy arrested in London,4,discuss
Banksy arrested in London,5,agree
Spider burrowed under skin,6,agree
Spider burrowed under skin,7,disagree
Only agreeing headline,8,agree
Body that is missing,99,disagree
"""


def _files(tmp_path):
    stances, bodies = tmp_path / "stances.csv", tmp_path / "bodies.csv"
    stances.write_text(STANCES, encoding="utf-8")
    bodies.write_text("Body ID,articleBody\n" + "".join(f'{i},"Body {i}, with a comma."\n' for i in range(1, 9)),
                      encoding="utf-8")
    return stances, bodies


def test_load_stories_keeps_headlines_with_both_sides(tmp_path, caplog):
    stances, bodies = _files(tmp_path)
    documents, stories = load_stories(stances, bodies, n=10, max_per_side=2)
    assert sorted(s.headline for s in stories) == ["Banksy arrested in London", "Spider burrowed under skin"]
    banksy = next(s for s in stories if s.headline.startswith("Banksy"))
    assert banksy.agree == ("b1", "b3") and banksy.disagree == ("b2",)  # the lowest Body IDs, two per side
    assert [d.id for d in documents] == ["b1", "b2", "b3", "b6", "b7"]  # discuss and unused bodies left out
    assert documents[0].source == "body-1" and documents[0].text == "Body 1, with a comma."
    assert "99" in caplog.text  # the stance row whose body is missing is named, the rest is read
    first, = load_stories(stances, bodies, n=1, seed=3)[1]
    second, = load_stories(stances, bodies, n=1, offset=1, seed=3)[1]
    assert {first.headline, second.headline} == {s.headline for s in stories}
    with pytest.raises(ValueError):
        load_stories(stances, bodies, n=1, max_per_side=0)


def test_body_relations():
    stories = [Story("h1", ("b1", "b3"), ("b2",)), Story("h2", ("b2",), ("b4",))]
    relations = body_relations(stories)
    assert relations[frozenset(("b1", "b2"))] == "opposite"
    assert relations[frozenset(("b1", "b3"))] == "same_side"
    assert relations[frozenset(("b2", "b4"))] == "opposite"
    assert frozenset(("b1", "b4")) not in relations  # bodies of different stories


def _claim(cid):
    return Claim(id=cid, doc_id=cid.split(":")[0], text=cid, start=0, end=len(cid), source=cid.split(":")[0])


def _finding(a, b, score=0.7):
    return Finding(a=_claim(a), b=_claim(b), verdict="contradiction", score=score, reason="", contradiction=score,
                   similarity=0.5)


def test_score_story_findings_counts_body_pairs_by_relation():
    stories = [Story("h1", ("b1", "b3"), ("b2", "b4")), Story("h2", ("b5",), ("b6",))]
    documents = [_claim(f"b{i}:0") for i in range(1, 7)]  # anything with an .id works as a document
    findings = [_finding("b1:0", "b2:1", 0.9), _finding("b1:2", "b2:3", 0.6),  # one opposite pair, twice
                _finding("b3:0", "b4:0", 0.55),  # a second opposite pair
                _finding("b1:0", "b3:1", 0.8),  # same side
                _finding("b1:0", "b5:0", 0.6),  # another story
                _finding("b6:0", "b6:1", 0.9)]  # within one body
    got = score_story_findings(findings, stories, [type("D", (), {"id": c.doc_id})() for c in documents])
    assert (got["n_opposite_pairs"], got["opposite_flagged"]) == (5, 2)  # b1-b2 b1-b4 b3-b2 b3-b4 b5-b6
    assert got["opposite_recall"] == pytest.approx(2 / 5)
    assert (got["n_same_side_pairs"], got["same_side_flagged"]) == (2, 1)  # b1-b3, b2-b4
    assert got["lift"] == pytest.approx((2 / 5) / (1 / 2))
    assert got["n_cross_story_pairs"] == 15 - 5 - 2 and got["cross_story_findings"] == 1
    assert got["findings_by_relation"] == {"within_document": 1, "opposite": 3, "same_side": 1, "cross_story": 1}
    floor = next(row for row in got["by_score"] if row["floor"] == 0.7)
    assert floor["opposite_flagged"] == 1 and floor["same_side_flagged"] == 1 and floor["cross_story_findings"] == 0
    assert score_story_findings([], stories, [])["lift"] is None


def test_cli_stories_prints_and_writes(tmp_path, monkeypatch, capsys):
    import json

    import eval.stories
    from eval.__main__ import main

    seen = {}

    def fake(stances, bodies, *, n, offset, seed, max_per_side, model, threshold, detector_options):
        seen.update(n=n, offset=offset, max_per_side=max_per_side, options=detector_options)
        return {"n_stories": n, "n_documents": 4, "n_findings": 2, "n_within_document": 0, "n_opposite_pairs": 4,
                "opposite_flagged": 1, "opposite_recall": 0.25, "n_same_side_pairs": 2, "same_side_flagged": 0,
                "same_side_rate": 0.0, "lift": None, "cross_story_findings": 1, "cross_story_per_1000_pairs": 125.0,
                "by_score": [{"floor": 0.5, "n_findings": 2, "opposite_recall": 0.25, "same_side_rate": 0.0,
                              "lift": None, "cross_story_findings": 1}], "findings": [],
                "headline": {"n_disagree_pairs": 5, "disagree_flagged": 2, "disagree_rate": 0.4, "n_agree_pairs": 5,
                             "agree_flagged": 1, "agree_rate": 0.2, "lift": 2.0, "other_findings": 0}}

    monkeypatch.setattr(eval.stories, "run_stories", fake)
    out = tmp_path / "stories.json"
    assert main(["stories", "--n", "5", "--offset", "5", "--max-per-side", "3", "--out", str(out)]) == 0
    assert seen == {"n": 5, "offset": 5, "max_per_side": 3, "options": {}}  # the Detector's own defaults
    assert main(["stories", "--n", "5", "--combine", "mean", "--one-way-max-words", "off"]) == 0
    assert seen["options"] == {"combine": "mean", "one_way_max_words": None}
    printed = capsys.readouterr().out
    assert "opposite pairs flagged 1/4 (0.250)" in printed and "lift n/a" in printed
    assert "against its disagree bodies 2/5 (0.400)" in printed and "lift 2.00" in printed
    saved = json.loads(out.read_text())
    assert saved["provenance"]["config"]["offset"] == 5 and saved["cross_story_findings"] == 1


def test_headline_claims_and_their_findings():
    from eval.stories import headline_claims, score_headline_findings

    stories = [Story("Banksy arrested in London", ("b1", "b3"), ("b2",)), Story("Spider under skin", ("b5",), ("b6",))]
    heads = headline_claims(stories, offset=30)
    assert [(c.id, c.doc_id, c.source) for c in heads] == [("h30:0", "h30", "headline-30"),
                                                          ("h31:0", "h31", "headline-31")]
    assert heads[0].proposition == heads[0].text == "Banksy arrested in London" and heads[0].stance == "asserts"
    findings = [Finding(a=heads[0], b=_claim("b2:4"), verdict="contradiction", score=0.8, reason="",
                        contradiction=0.8, similarity=0.6),  # against its disagree body
                Finding(a=_claim("b1:0"), b=heads[0], verdict="contradiction", score=0.6, reason="",
                        contradiction=0.6, similarity=0.6),  # against an agree body, either order
                _finding("h30:0", "b5:1"),  # against another story's body
                _finding("h30:0", "h31:0"),  # against another headline
                _finding("b1:0", "b2:0")]  # between bodies: not counted here
    got = score_headline_findings(findings, stories, offset=30)
    assert (got["n_disagree_pairs"], got["disagree_flagged"], got["disagree_rate"]) == (2, 1, 0.5)
    assert (got["n_agree_pairs"], got["agree_flagged"], got["agree_rate"]) == (3, 1, pytest.approx(1 / 3))
    assert got["lift"] == pytest.approx(1.5) and got["other_findings"] == 2
    assert score_headline_findings([], stories, offset=30)["lift"] is None
