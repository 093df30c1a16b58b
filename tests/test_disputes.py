"""disputes.group_disputes: components, two-colouring into sides, superseded-only components."""

import datetime as dt

from detector.disputes import group_disputes
from detector.records import Claim, Dispute, Finding


def claim(cid, text, *, stance="asserts", speaker=None, source=None, date=None, event_date=None):
    return Claim(id=cid, doc_id=cid.split(":")[0], text=text, start=0, end=len(text), source=source or cid,
                 date=date, speaker=speaker, stance=stance, proposition=text, event_date=event_date)


def finding(a, b, score, verdict="contradiction"):
    return Finding(a=a, b=b, verdict=verdict, score=score)


CAP = "Russian forces captured Chasiv Yar."
MOD = claim("tass:0", CAP, speaker="Russian Defense Ministry", source="TASS", date=dt.date(2025, 3, 14))
ARMY = claim("kyiv:1", CAP, stance="denies", speaker="Ukrainian army", source="Kyiv Independent",
             date=dt.date(2025, 3, 14))
ISW = claim("isw:0", CAP, stance="denies", speaker="ISW", source="ISW", date=dt.date(2025, 3, 15))


def test_empty():
    assert group_disputes([]) == []


def test_a_claim_and_its_two_deniers_are_on_opposite_sides():
    (d,) = group_disputes([finding(MOD, ARMY, 0.9), finding(ISW, MOD, 0.7)])
    assert isinstance(d, Dispute)
    assert d.id == "D1"
    assert d.verdict == "contradiction"
    assert d.score == 0.9
    assert d.proposition == CAP
    p, not_p = d.sides
    assert p.position == "P" and not_p.position == "not P"
    assert [c.id for c in p.claims] == ["tass:0"]
    assert {c.id for c in not_p.claims} == {"kyiv:1", "isw:0"}
    assert p.speakers == ("Russian Defense Ministry",)
    assert set(not_p.speakers) == {"Ukrainian army", "ISW"}
    assert not_p.dates == (dt.date(2025, 3, 14), dt.date(2025, 3, 15))
    assert len(d.findings) == 2 and d.findings[0].score >= d.findings[1].score


def test_root_is_the_asserting_claim_even_when_listed_second():
    (d,) = group_disputes([finding(ARMY, MOD, 0.8)])
    assert [c.id for c in d.sides[0].claims] == ["tass:0"]
    assert [c.id for c in d.sides[1].claims] == ["kyiv:1"]


def test_chain_of_contradictions_alternates_sides():
    a = claim("a:0", "The bridge was destroyed.")
    b = claim("b:0", "The bridge is intact.")
    c = claim("c:0", "The bridge collapsed into the river.")
    (d,) = group_disputes([finding(a, b, 0.9), finding(b, c, 0.8)])
    sides = {s.position: {x.id for x in s.claims} for s in d.sides}
    assert sides == {"P": {"a:0", "c:0"}, "not P": {"b:0"}}


def test_separate_components_are_separate_disputes_sorted_by_score():
    x = claim("x:0", "The dam burst on Tuesday.")
    y = claim("y:0", "The dam is intact.")
    disputes = group_disputes([finding(x, y, 0.6), finding(MOD, ARMY, 0.95)])
    assert [d.id for d in disputes] == ["D1", "D2"]
    assert [d.score for d in disputes] == [0.95, 0.6]
    assert disputes[0].proposition == CAP
    assert {c.id for s in disputes[1].sides for c in s.claims} == {"x:0", "y:0"}
    assert all(len(d.findings) == 1 for d in disputes)


def test_majority_verdict_of_a_component():
    a = claim("a:0", "12 people died.")
    b = claim("b:0", "31 people died.")
    c = claim("c:0", "30 people died.")
    (d,) = group_disputes([finding(a, b, 0.7, "numeric_mismatch"), finding(a, c, 0.6, "numeric_mismatch"),
                           finding(b, c, 0.9, "contradiction")])
    assert d.verdict == "numeric_mismatch"
    assert d.score == 0.9


def test_all_superseded_component():
    old = claim("a:0", "The truce holds.", event_date=dt.date(2025, 1, 1))
    new = claim("b:0", "The truce has collapsed.", event_date=dt.date(2025, 2, 1))
    (d,) = group_disputes([finding(new, old, 0.8, "superseded")])
    assert d.verdict == "superseded"
    assert d.proposition == "The truce has collapsed."  # the latest statement
    assert [s.position for s in d.sides] == ["as of 2025-01-01", "as of 2025-02-01"]
    assert [s.claims[0].id for s in d.sides] == ["a:0", "b:0"]


def test_superseded_findings_do_not_split_sides_of_a_conflict():
    old = claim("old:0", CAP, source="TASS", event_date=dt.date(2025, 1, 1))
    d, update = group_disputes([finding(MOD, ARMY, 0.9), finding(old, MOD, 0.5, "superseded")])
    assert d.verdict == "contradiction" and update.verdict == "superseded"
    assert len(d.findings) == 1
    assert [c.id for c in d.sides[0].claims] == ["tass:0"]
    assert [c.id for c in d.sides[1].claims] == ["kyiv:1"]


def test_superseded_findings_form_their_own_dispute():
    later = claim("tass2:0", "Russian forces hold Chasiv Yar and nearby villages.", speaker="Russian Defense Ministry",
                  source="RIA", date=dt.date(2025, 4, 2))
    disputes = group_disputes([finding(MOD, ARMY, 0.9), finding(MOD, later, 0.6, "superseded")])
    assert [d.verdict for d in disputes] == ["contradiction", "superseded"]
    assert [s.position for s in disputes[0].sides] == ["P", "not P"]
    assert {c.id for s in disputes[0].sides for c in s.claims} == {"tass:0", "kyiv:1"}
    assert [c.id for s in disputes[1].sides for c in s.claims] == ["tass:0", "tass2:0"]
