"""verdicts.decide on hand-made claims and probability vectors (entailment, neutral, contradiction)."""

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from detector.attribution import stem
from detector.records import VERDICTS, Claim, Finding
from detector.verdicts import (
    VerdictConfig,
    antonym_pairs,
    contrast_cue,
    decide,
    figures_agree,
    numeric_probe,
    polarity,
    shared_common_words,
)

D1, D2, D9 = dt.date(2025, 3, 1), dt.date(2025, 3, 2), dt.date(2025, 3, 9)


@pytest.fixture(scope="module")
def nlp():
    from detector.nlp import load_spacy

    return load_spacy()


def claim(cid, text, *, stance="asserts", speaker=None, source="Src", date=D1, event_date=None, linked_to=None):
    return Claim(id=cid, doc_id=cid.split(":")[0], text=text, start=0, end=len(text), source=source, date=date,
                 speaker=speaker, stance=stance, proposition=text, event_date=event_date, linked_to=linked_to)


def p(e, n, c):
    return np.array([e, n, c], dtype=np.float32)


CAPTURE = "Russian forces captured Chasiv Yar."


def test_polarity():
    assert [polarity(s) for s in ("asserts", "reports", "denies", "questions")] == [1, 1, -1, 0]


def test_asserts_vs_denies_with_high_entailment_is_a_contradiction():
    a = claim("a:0", CAPTURE, speaker="Russian Defense Ministry", source="TASS")
    b = claim("b:0", CAPTURE, stance="denies", speaker="Ukrainian army", source="Kyiv Independent")
    f = decide(a, b, p(0.9, 0.05, 0.05), 0.95)
    assert isinstance(f, Finding)
    assert f.verdict == "contradiction"
    assert f.score == pytest.approx(0.9)
    assert f.a is a and f.b is b
    assert "Russian Defense Ministry" in f.reason and "Ukrainian army" in f.reason
    assert f.contradiction == pytest.approx(0.05)
    assert f.similarity == pytest.approx(0.95)


def test_asserts_vs_denies_with_high_contradiction_is_not_flagged():
    # "X says P", "Y denies not-P": the two agree
    a = claim("a:0", CAPTURE)
    b = claim("b:0", "Russian forces were repelled from Chasiv Yar.", stance="denies", source="Other")
    assert decide(a, b, p(0.05, 0.05, 0.9), 0.8) is None


def test_linked_denial_scores_at_least_linked_score():
    a = claim("a:0", CAPTURE)
    b = claim("b:0", "The army denied the capture.", stance="denies", source="Other", linked_to="a:0")
    f = decide(a, b, p(0.1, 0.8, 0.1), 0.3)
    assert f is not None and f.verdict == "contradiction"
    assert f.score == pytest.approx(VerdictConfig().linked_score)
    assert "linked" in f.reason
    assert decide(a, b, p(0.1, 0.8, 0.1), 0.3, VerdictConfig(linked_score=0.4)) is None


def test_same_stance_with_high_contradiction_is_a_contradiction():
    a = claim("a:0", "The bridge was destroyed.", source="A")
    b = claim("b:0", "The bridge is intact.", stance="reports", source="B")
    f = decide(a, b, p(0.05, 0.1, 0.85), 0.4)
    assert f is not None
    assert f.verdict == "contradiction"
    assert f.score == pytest.approx(0.85)
    # same polarity: entailment alone is agreement, not conflict
    assert decide(a, b, p(0.9, 0.05, 0.05), 0.9) is None


def test_below_threshold_is_none_and_threshold_is_configurable():
    a, b = claim("a:0", "The bridge was destroyed.", source="A"), claim("b:0", "The bridge is intact.", source="B")
    probs = p(0.1, 0.5, 0.4)
    assert decide(a, b, probs, 0.4) is None
    f = decide(a, b, probs, 0.4, VerdictConfig(threshold=0.3))
    assert f is not None and f.score == pytest.approx(0.4)


def test_question_stance_halves_the_contradiction():
    a = claim("a:0", "Was the bridge destroyed?", stance="questions", source="A")
    b = claim("b:0", "The bridge is intact.", source="B")
    assert decide(a, b, p(0.0, 0.1, 0.9), 0.5) is None  # 0.45 < 0.5
    f = decide(a, b, p(0.0, 0.1, 0.9), 0.5, VerdictConfig(threshold=0.4))
    assert f is not None and f.score == pytest.approx(0.45)
    # a question is never in conflict through entailment
    assert decide(a, b, p(1.0, 0.0, 0.0), 0.5, VerdictConfig(threshold=0.01)) is None


def test_numeric_probe():
    a = claim("a:0", "12 people were killed in the strike.", source="A")
    b = claim("b:0", "Officials said 31 people were killed.", source="B")
    assert numeric_probe(a, b, 0.8) == "31 people were killed in the strike."
    assert numeric_probe(a, b, 0.1) is None  # not similar enough
    denial = claim("b:0", b.text, stance="denies", source="B")
    assert numeric_probe(a, denial, 0.8) is None  # opposite polarity
    same = claim("b:0", "Officials said 12 people were killed.", source="B")
    assert numeric_probe(a, same, 0.8) is None  # no conflict
    qualified = claim("a:0", "About 4,500 workers went on strike.", source="A")
    other = claim("b:0", "Only 1,200 workers went on strike.", source="B")
    assert numeric_probe(qualified, other, 0.8) == "About 1,200 workers went on strike."


def test_numeric_mismatch():
    a = claim("a:0", "12 people were killed in the strike.", source="A")
    b = claim("b:0", "31 people were killed in the strike.", source="B")
    probs = p(0.2, 0.6, 0.2)
    f = decide(a, b, probs, 0.8, numeric_same=0.85)
    assert f is not None
    assert f.verdict == "numeric_mismatch"
    assert f.score == pytest.approx(0.85)  # max(c, probe entailment)
    assert "12" in f.reason and "31" in f.reason
    assert decide(a, b, probs, 0.8) is None  # no probe scored: only the NLI contradiction counts
    assert decide(a, b, probs, 0.8, numeric_same=0.3) is None  # the probe says it is another quantity
    assert decide(a, b, p(0.6, 0.2, 0.2), 0.8, numeric_same=0.9) is None  # the pair entails: no mismatch


def test_figures_of_other_things_are_not_flagged():
    a = claim("a:0", "The strike killed 12 people on Tuesday.", source="A")
    b = claim("b:0", "The strike injured 23 people.", source="B")
    assert numeric_probe(a, b, 0.8) == "The strike killed 23 people on Tuesday."
    probs = p(0.1, 0.2, 0.7)  # the model reads the other figure as a contradiction
    assert decide(a, b, probs, 0.8) is not None  # without a probe the NLI score stands
    # with the figures equal the claims neither match nor conflict: the figure counts something else
    assert decide(a, b, probs, 0.8, numeric_same=0.2, numeric_contradiction=0.3) is None
    # the probe still conflicts: the contradiction is not the figure's
    f = decide(a, b, probs, 0.8, numeric_same=0.2, numeric_contradiction=0.6)
    assert f is not None and f.verdict == "contradiction"
    # the probe matches: a numeric mismatch, whatever its contradiction score
    f = decide(a, b, probs, 0.8, numeric_same=0.8, numeric_contradiction=0.1)
    assert f is not None and f.verdict == "numeric_mismatch"


def test_compatible_numbers_are_no_mismatch():
    a = claim("a:0", "More than 20 people were killed.", source="A")
    b = claim("b:0", "23 people were killed.", source="B")
    assert numeric_probe(a, b, 0.9) is None
    assert decide(a, b, p(0.3, 0.5, 0.2), 0.9, numeric_same=0.9) is None


def test_superseded_when_event_dates_differ():
    a = claim("a:0", "The truce holds.", source="A", date=D1, event_date=dt.date(2025, 1, 1))
    b = claim("b:0", "The truce has collapsed.", source="B", date=D9, event_date=dt.date(2025, 2, 1))
    f = decide(a, b, p(0.0, 0.1, 0.9), 0.7)
    assert f is not None and f.verdict == "superseded"
    assert "2025-01-01" in f.reason and "2025-02-01" in f.reason
    same_event = claim("b:0", "The truce has collapsed.", source="B", date=D9, event_date=dt.date(2025, 1, 1))
    assert decide(a, same_event, p(0.0, 0.1, 0.9), 0.7).verdict == "contradiction"
    # two reports of the same day disagreeing on *when* something happened conflict
    same_day = claim("b:0", "The truce has collapsed.", source="B", date=D1, event_date=dt.date(2025, 2, 1))
    assert decide(a, same_day, p(0.0, 0.1, 0.9), 0.7).verdict == "contradiction"


def test_claims_about_different_days_must_state_a_change():
    a = claim("a:0", "The dam at Lake Ordal broke on Sunday night.", source="A", date=D1, event_date=D1)
    later = dict(source="B", date=D9, event_date=D9)
    probs = p(0.0, 0.1, 0.9)
    # two events on two days: not flagged, whatever NLI says
    assert decide(a, claim("b:0", "Rescue teams searched flooded homes on Tuesday.", **later), probs, 0.7) is None
    # a figure of the same unit that changed, or an update cue in the later claim: an update
    toll = claim("c:0", "12 people were missing on Sunday.", source="A", date=D1, event_date=D1)
    f = decide(toll, claim("d:0", "31 people were missing on Tuesday.", **later), probs, 0.7)
    assert f is not None and f.verdict == "superseded"
    f = decide(a, claim("e:0", "The dam has since been repaired.", **later), probs, 0.7)
    assert f is not None and f.verdict == "superseded"
    # "again": the state came back ("under control" on Wednesday, "spreading again" on Friday)
    calm = claim("f:0", "The outbreak in Greddon was under control.", source="A", date=D1, event_date=D1)
    f = decide(calm, claim("g:0", "Cholera was spreading again in Greddon.", **later), probs, 0.7)
    assert f is not None and f.verdict == "superseded"
    assert decide(calm, claim("h:0", "Cholera was spreading in Greddon.", **later), probs, 0.7) is None


def test_superseded_by_publication_date_needs_an_update_cue():
    a = claim("a:0", "The death toll is 12.", source="A", date=D1)
    cue = claim("b:0", "The death toll has now risen to 31.", source="B", date=D9)
    no_cue = claim("b:0", "The death toll is 31.", source="B", date=D9)
    too_close = claim("b:0", "The death toll has now risen to 31.", source="B", date=D2)
    probs = p(0.0, 0.1, 0.9)
    assert decide(a, cue, probs, 0.5).verdict == "superseded"
    assert decide(a, no_cue, probs, 0.5).verdict == "contradiction"
    assert decide(a, too_close, probs, 0.5).verdict == "contradiction"


def test_superseded_not_applied_to_asserts_vs_denies():
    a = claim("a:0", CAPTURE, source="A", event_date=dt.date(2025, 1, 1))
    b = claim("b:0", CAPTURE, stance="denies", source="B", event_date=dt.date(2025, 2, 1))
    f = decide(a, b, p(0.9, 0.05, 0.05), 0.9)
    assert f is not None and f.verdict == "contradiction"


def test_verdicts_and_scores_are_in_range():
    rng = np.random.default_rng(0)
    stances = ("asserts", "reports", "denies", "questions")
    for _ in range(200):
        probs = rng.dirichlet([1, 1, 1]).astype(np.float32)
        a = claim("a:0", "12 people died.", stance=rng.choice(stances), source="A")
        b = claim("b:0", "31 people died.", stance=rng.choice(stances), source="B")
        f = decide(a, b, probs, float(rng.uniform(0, 1)), VerdictConfig(threshold=0.2),
                   numeric_same=float(rng.uniform(0, 1)))
        if f is not None:
            assert f.verdict in VERDICTS
            assert 0.2 <= f.score <= 1.0


def test_assertion_vs_denial_uses_the_asserted_to_denied_direction():
    asserted = claim("a:0", "Ana Ruel won the mayoral election in Tessaly.", speaker="Capital Wire", source="CW")
    denied = claim("b:0", "Ruel had won the election.", stance="denies", speaker="Galen campaign", source="HT")
    neutral = p(0.1, 0.8, 0.1)
    # a (asserted) => b (denied) entailed: conflict, whatever the reverse direction says
    f = decide(asserted, denied, neutral, 0.7, entailment_ab=0.9, entailment_ba=0.05)
    assert f is not None and f.score == pytest.approx(0.9)
    # only the reverse direction entailed: the assertion does not imply what is denied
    assert decide(asserted, denied, neutral, 0.7, entailment_ab=0.05, entailment_ba=0.9) is None
    # argument order does not matter: b first, the asserted claim is still the premise
    assert decide(denied, asserted, neutral, 0.7, entailment_ab=0.05, entailment_ba=0.9) is not None


def test_cross_document_denial_of_a_named_reference():
    asserted = claim("a:0", "Its forces had captured the town of Korvel.", speaker="Defense Ministry", source="MoD")
    denied = claim("b:1", "The capture of Korvel", stance="denies", speaker="Eastern Command", source="EC")
    other = claim("c:1", "The capture of Selva", stance="denies", speaker="Eastern Command", source="EC")
    low = p(0.2, 0.7, 0.1)
    f = decide(asserted, denied, low, 0.6, entailment_ab=0.2, entailment_ba=0.1)
    assert f is not None and f.score >= VerdictConfig().reference_score and "reference" in f.reason
    assert decide(asserted, other, low, 0.6, entailment_ab=0.2, entailment_ba=0.1) is None


def test_cross_document_denial_of_what_the_speaker_said():
    asserted = claim("a:0", "Quellmere Water lost 24% of its supply to leaks in 2024.", speaker="Water Regulator",
                     source="Regulator")
    denied = claim("b:2", "The regulator's leakage figure for 2024", stance="denies", speaker="Hanna Loorde",
                   source="Quellmere Water")
    low = p(0.2, 0.7, 0.1)
    f = decide(asserted, denied, low, 0.5, entailment_ab=0.26, entailment_ba=0.07)
    assert f is not None and f.score >= VerdictConfig().reference_score and "Water Regulator said" in f.reason
    other_year = claim("c:0", "Leakage at Quellmere was 27 percent in 2023.", speaker="Water Regulator", source="R")
    assert decide(other_year, denied, low, 0.5, entailment_ab=0.1, entailment_ba=0.1) is None


def test_numeric_probe_skips_figures_for_different_years():
    a = claim("a:0", "Revenue in 2023 was 3.8 billion crowns.", source="A")
    b = Claim(id="b:0", doc_id="b", text="Orbis reported revenue of 2.9 billion crowns for 2024.", start=0, end=10,
              source="B", speaker="Orbis", proposition="Revenue of 2.9 billion crowns")
    assert numeric_probe(a, b, 0.9) is None
    c = claim("c:0", "Revenue in 2023 was 2.1 billion crowns.", source="C")
    assert numeric_probe(a, c, 0.9) == "Revenue in 2023 was 2.1 billion crowns."


def test_different_events_and_periods_are_not_conflicts():

    from detector.verdicts import different_events, different_periods

    hurt = replace(claim("k:1", "Local officials said nobody was hurt in the blast.", source="CW"), entities=("korvel",))
    injured = replace(claim("d:1", "More than 20 people were injured in the attack.", source="HT"), entities=("drenica",))
    assert different_events(hurt, injured)
    assert decide(hurt, injured, p(0.0, 0.1, 0.9), 0.6) is None
    same_place = replace(injured, entities=("drenica", "korvel"))
    assert not different_events(hurt, same_place)
    assert decide(hurt, same_place, p(0.0, 0.1, 0.9), 0.6) is not None
    assert not different_events(hurt, replace(injured, entities=()))  # unknown: keep comparing
    r23 = claim("a:0", "Revenue in 2023 was 3.8 billion crowns.", source="A")
    r24 = claim("b:0", "Revenue for 2024 was 2.9 billion crowns.", source="B")
    assert different_periods(r23, r24)
    assert decide(r23, r24, p(0.0, 0.1, 0.9), 0.9) is None
    f90 = claim("c:0", "The company was founded in 1990.", source="C")
    f95 = claim("d:0", "The company was founded in 1995.", source="D")
    assert not different_periods(f90, f95)  # only the year differs: a real date conflict
    march = claim("e:0", "Unemployment fell to 5.2 percent in March.", source="E")
    february = claim("f:0", "Unemployment was 5.9 percent in February.", source="F")
    assert different_periods(march, february)
    assert decide(march, february, p(0.0, 0.1, 0.9), 0.8) is None
    also_march = claim("g:0", "Unemployment rose to 6.1 percent in March.", source="G")
    assert not different_periods(march, also_march)  # the same month: a real conflict
    assert decide(march, also_march, p(0.0, 0.1, 0.9), 0.8) is not None
    day = claim("h:0", "12 people were missing on 3 March.", source="H")
    other_day = claim("i:0", "14 people were missing on 5 February.", source="I")
    assert not different_periods(day, other_day)  # days, not periods: the superseded rule's business


def test_numeric_probe_needs_a_shared_word_besides_the_figure():
    cost = claim("a:0", "The project cost 180 million crowns.", source="A")
    revenue = claim("b:0", "Orbis reported revenue of 4.2 billion crowns.", source="B")
    assert numeric_probe(cost, revenue, 0.9) is None
    bridge = claim("c:0", "The bridge cost 310 million crowns to build.", source="C")
    assert numeric_probe(cost, bridge, 0.9) == "The project cost 310 million crowns."


@pytest.mark.parametrize(("a", "b", "agree"), [
    ("More than 20 people were injured in the attack.", "The attack injured 23 people.", True),
    ("At least 10 soldiers died in the fighting.", "12 soldiers died in the fighting.", True),
    ("The attack injured 23 people.", "The attack injured 23 people and destroyed a school.", True),
    ("More than 30 people were injured in the attack.", "The attack injured 23 people.", False),  # values conflict
    ("The attack killed 12 people.", "The attack injured 12 people.", False),  # another predicate
    ("The attack injured 23 people.", "The attack did not injure 23 people.", False),  # negation differs
    ("Revenue was 3.8 billion in 2023.", "Revenue was 3.8 billion in 2024.", False),  # years differ
    ("The bridge reopened on Monday.", "The bridge is closed.", False),  # no figures
])
def test_figures_agree(a, b, agree):
    assert figures_agree(a, b) is agree
    assert figures_agree(b, a) is agree


@pytest.mark.parametrize("kept_out,other,conflicting", [
    # figures that agree (figures_agree); values that conflict still go to NLI
    ("More than 20 people were injured in the attack.", "The attack injured 23 people.",
     "More than 30 people were injured in the attack."),
    # different members of a series (different_members); the same round on another day still goes to NLI
    ("The second round was held on Sunday.", "The first round was held on 25 May.",
     "The second round was held on 25 May."),
])
def test_pairs_a_rule_keeps_out_are_not_flagged_whatever_the_nli_says(kept_out, other, conflicting):
    b = claim("b:0", other, source="B")
    assert decide(claim("a:0", kept_out, source="A"), b, p(0.05, 0.05, 0.9), 0.8) is None
    assert decide(claim("c:0", conflicting, source="C"), b, p(0.05, 0.05, 0.9), 0.8) is not None


@pytest.mark.parametrize("a,b,different", [
    ("The second round was held on Sunday.", "The first round was held on 25 May.", True),
    ("First-quarter revenue rose 5%.", "Second-quarter revenue fell 3%.", True),
    ("The 2nd trial ended in acquittal.", "The 1st trial ended in conviction.", True),
    ("The plant opened in the first quarter.", "The plant opened in the second quarter.", False),  # only the ordinal
    ("Ruel won the first round.", "Ruel lost the first round.", False),  # the same round
    ("Ruel came first in the race.", "Ruel came second in the race.", False),  # no series noun
])
def test_different_members_of_a_series(a, b, different):
    from detector.verdicts import different_members

    assert different_members(a, b) is different
    assert different_members(b, a) is different


def test_denied_reference_naming_the_event_keeps_the_nli_score():
    asserted = claim("a:0", "Its troops had taken Korvel.", speaker="Valdorian ministry", source="A")
    denied = claim("b:0", "The capture of Korvel", stance="denies", speaker="Eastern Command", source="B")
    f = decide(asserted, denied, p(0.9, 0.05, 0.05), 0.7, entailment_ab=0.9, entailment_ba=0.2)
    assert f is not None and f.score == pytest.approx(0.9) and "names the event" in f.reason
    assert decide(asserted, denied, p(0.3, 0.6, 0.1), 0.7, entailment_ab=0.3, entailment_ba=0.2) is None
    # another place named: the fragment is not scored at all
    elsewhere = claim("c:0", "The capture of Marra", stance="denies", speaker="Eastern Command", source="B")
    assert decide(asserted, elsewhere, p(0.9, 0.05, 0.05), 0.7, entailment_ab=0.9, entailment_ba=0.2) is None


@pytest.mark.parametrize("a, b, doers", [
    ("Mira Osten won the presidential election with 54 percent of the vote.",
     "Tomas Brell had won the presidential election.", ("Mira Osten", "Tomas Brell")),
    ("Chasiv Yar was captured by Russia.", "Russian forces captured Chasiv Yar.", None),  # Russia / Russian: no
    ("Chasiv Yar was captured by Russia.", "Chasiv Yar was captured by Ukraine.", ("Russia", "Ukraine")),
    ("Russian forces captured Chasiv Yar.", "Ukrainian forces captured Chasiv Yar.",
     ("Russian forces", "Ukrainian forces")),
    ("Microsoft bought Skype.", "Skype was bought by Google.", ("Microsoft", "Google")),
    # not one event with two doers: many win an award; same doer; joint doers; other thing done; negated;
    # modal; a doer that is no name
    ("Mira Osten won an award.", "Tomas Brell won an award.", None),
    ("Osten won the election.", "Mira Osten won the election.", None),
    ("Osten and Brell won the election.", "Kay won the election.", None),
    ("Apple acquired Beats.", "Google acquired Nest.", None),
    ("Mira Osten did not win the election.", "Tomas Brell won the election.", None),
    ("Mira Osten could win the election.", "Tomas Brell won the election.", None),
    ("The army captured the town.", "The rebels captured the town.", None),
    ("Mira Osten met the president.", "Tomas Brell met the president.", None),  # not a one-doer verb
])
def test_agent_swap(a, b, doers):
    from detector.nlp import load_spacy
    from detector.verdicts import agent_swap

    nlp = load_spacy()
    swap = agent_swap(nlp(a), nlp(b))
    if doers is None:
        assert swap is None
    else:
        assert (swap.doer_a, swap.doer_b) == doers
        assert swap.probe == a.replace(doers[0], doers[1], 1)


def test_a_second_doer_of_a_one_doer_event_is_a_contradiction():
    from detector.verdicts import AgentSwap

    a = claim("a:0", "Mira Osten won the presidential election in Vale.", source="A")
    b = claim("b:0", "Tomas Brell had won the presidential election in Vale.", source="B")
    swap = AgentSwap("Tomas Brell won the presidential election in Vale.", "Mira Osten", "Tomas Brell", "win")
    neutral = p(0.1, 0.7, 0.2)
    f = decide(a, b, neutral, 0.6, agent=swap, agent_same=0.85)
    assert f is not None and f.verdict == "contradiction"
    assert f.score == pytest.approx(0.85)
    assert "Mira Osten vs Tomas Brell" in f.reason
    assert decide(a, b, neutral, 0.6, agent=swap, agent_same=0.3) is None  # with one doer, not the same event
    assert decide(a, b, neutral, 0.6) is None  # no swap: only the NLI contradiction counts
    assert decide(a, b, p(0.7, 0.2, 0.1), 0.6, agent=swap, agent_same=0.9) is None  # the pair entails


@pytest.mark.parametrize("text,rejected,kept,dropped", [
    ("164 people were on board the Saint Odile when it capsized, not 212 as the coast guard had reported",
     "212 people were on board the Saint Odile when it capsized", "164", "212"),
    ("He, not Marrow, had won the governor's race", "Marrow had won the governor's race", "He", "Marrow"),
    ("The shell hit the town hospital rather than a fuel depot", "The shell hit a fuel depot", "the town hospital",
     "a fuel depot"),
    ("Cordale would cut 6,200 jobs at Renholm, not the 4,480 the company announced",
     "Cordale would cut 4,480 jobs at Renholm", "6,200", "4,480"),
    ("The fire was started by a faulty cable, not by arsonists", "The fire was started by arsonists",
     "by a faulty cable", "by arsonists"),
    ("The talks will resume in Geneva instead of Vienna", "The talks will resume in Vienna", "Geneva", "Vienna"),
    ("He was a teacher, not a soldier, his family said", "He was a soldier", "a teacher", "a soldier"),
])
def test_corrected_alternative(text, rejected, kept, dropped):
    from detector.verdicts import corrected_alternative

    c = corrected_alternative(text)
    assert (c.rejected, c.kept, c.dropped) == (rejected, kept, dropped)
    assert c.numeric == dropped[0].isdigit()


@pytest.mark.parametrize("text", [
    "The company will not only cut jobs but also close plants",
    "The strike hit the north, not only the capital",
    "She chose to stay rather than leave the country",
    "Not a single shot was fired",
    "Officials said the cause was unclear, not least because the site was closed to inspectors and reporters",
])
def test_no_corrected_alternative(text):
    from detector.verdicts import corrected_alternative

    assert corrected_alternative(text) is None


def test_correction_applies_to_the_rejected_detail_only():
    from detector.verdicts import corrected_alternative, correction_applies

    boat = corrected_alternative("164 people were on board when it capsized, not 212 as the coast guard had reported")
    assert correction_applies("The ferry capsized with 212 people on board", boat)
    assert correction_applies("About 210 people were aboard the ferry", boat)  # agrees with 212 once rounded
    assert not correction_applies("The ferry capsized with 300 people on board", boat)
    assert not correction_applies("The ferry capsized on Friday", boat)
    race = corrected_alternative("He, not Marrow, had won the governor's race")
    assert correction_applies("Ilse Marrow won the election", race)
    assert not correction_applies("Turnout was 61 percent", race)


def test_a_corrected_detail_conflicts_with_the_claim_that_states_it():
    from detector.verdicts import corrected_alternative

    a = claim("a:0", "The ferry capsized with 212 people on board.", source="Coast Guard", date=D1, event_date=D1)
    text = "164 people were on board the ferry when it capsized, not 212 as the coast guard had reported"
    b = claim("b:0", text, source="Ferry Lines", date=D9, event_date=D2)
    neutral = p(0.1, 0.8, 0.1)
    correction = corrected_alternative(text)
    f = decide(a, b, neutral, 0.7, correction=correction, corrected_by=b, correction_same=0.8)
    # a rebuttal days later is not an update: never superseded, and scored by the rejected proposition
    assert f is not None and f.verdict == "numeric_mismatch" and f.score == pytest.approx(0.8)
    assert "164, not 212" in f.reason
    assert decide(a, b, neutral, 0.7, correction=correction, corrected_by=b, correction_same=0.3) is None
    assert decide(a, b, neutral, 0.7) is None


@pytest.mark.parametrize("text,who,quote", [
    ("Oda Rensky never said that the government had given in to the hauliers", "Oda Rensky",
     "the government had given in to the hauliers"),
    ("Rensky did not say the tax would rise in April.", "Rensky", "the tax would rise in April"),
])
def test_denied_quote(text, who, quote):
    from detector.verdicts import denied_quote

    c = denied_quote(text)
    assert (c.kind, c.dropped, c.rejected) == ("quote", who, quote)


@pytest.mark.parametrize("text", ["He never said that", "She never said the plan was dropped",
                                  "The ministry said the plan was dropped", "Rensky never said it"])
def test_no_denied_quote(text):
    from detector.verdicts import denied_quote

    assert denied_quote(text) is None


def test_a_denied_quote_conflicts_with_the_claim_of_the_person_quoted():
    from detector.verdicts import correction_applies, denied_quote

    said = claim("a:0", "The government had given in to the hauliers.", speaker="Oda Rensky", source="Pell Street")
    denial_text = "Oda Rensky never said that the government had given in to the hauliers"
    denial = claim("b:0", denial_text, speaker="Ministry of Finance", source="Ministry of Finance", date=D9)
    quote = denied_quote(denial_text)
    assert correction_applies(said.content, quote, said.speaker)
    assert not correction_applies(said.content, quote, "Ministry of Finance")
    f = decide(said, denial, p(0.1, 0.85, 0.05), 0.5, correction=quote, corrected_by=denial, correction_same=0.9)
    assert f is not None and f.verdict == "contradiction" and "Oda Rensky never said it" in f.reason


ARRESTED_14 = "Officers arrested 14 people, most of them for throwing bottles near parliament."
ARRESTED_22 = "22 people were arrested during the pension march in Kallendor on Saturday"


@pytest.mark.parametrize("text, figure, core", [
    (ARRESTED_14, "14 people", "Officers arrested 14 people"),
    (ARRESTED_22, "22 people", "22 people were arrested"),
    ("The company's revenue rose to 5.2 billion euros in 2024, driven by exports", "5.2 billion",
     "The company's revenue rose to 5.2 billion euros"),
    ("Cordale Motors would cut 4,480 jobs at its Renholm assembly plant by the end of 2026", "4,480",
     "Cordale Motors would cut 4,480 jobs"),
    ("Cordale Motors plans to eliminate about 6,200 jobs at Renholm", "6,200",
     "Cordale Motors plans to eliminate about 6,200 jobs"),  # the subject of the verb governing "to"
    ("164 people were on board the Saint Odile when it capsized", "164",
     "164 people were on board the Saint Odile"),  # after "be" the prepositional phrase is the predicate
    ("Officers arrested 14 people.", "14", None),  # nothing to set aside
    ("About 12,000 people in the square.", "12,000", None),  # no verb above the figure (once a hang)
    # a supposition, not a statement: its core would assert the figure
    ("I will be shocked if the price is $4,999, but it is possible with the smaller model.", "$4,999", None),
    ("Unless 300 workers are hired by May, the plant will close.", "300", None),
])
def test_figure_clause(text, figure, core):
    from detector.nlp import load_spacy
    from detector.verdicts import figure_clause

    start = text.index(figure)
    clause = figure_clause(load_spacy()(text), start, start + len(figure))
    assert (clause.text if clause else None) == core


@pytest.mark.parametrize("a, b, differ", [
    (ARRESTED_14, ARRESTED_22, False),  # near parliament / during the march: both may hold
    ("The strike killed 12 people in the attack on the market", "20 people were killed in the floods", True),
    ("Police said 14 people were arrested in Berlin", ARRESTED_22, True),  # in Berlin / in Kallendor
])
def test_circumstances_differ(a, b, differ):
    from detector.nlp import load_spacy
    from detector.quantities import extract_quantities
    from detector.verdicts import circumstances_differ, figure_clause

    nlp = load_spacy()
    docs = [nlp(a), nlp(b)]
    clauses = [figure_clause(d, (q := extract_quantities(d.text)[0]).start, q.end) for d in docs]
    assert circumstances_differ(*clauses, *docs) is differ


def test_numeric_core_pairs():
    from detector.verdicts import numeric_core_pairs

    a, b = claim("a:0", ARRESTED_14), claim("b:0", ARRESTED_22)
    probe = numeric_probe(a, b, 0.4)
    assert probe == "Officers arrested 22 people, most of them for throwing bottles near parliament."
    assert numeric_core_pairs(a, b, probe) == [(ARRESTED_22, "Officers arrested 22 people"),
                                               (probe, "22 people were arrested"),
                                               ("Officers arrested 22 people", "22 people were arrested"),
                                               ("22 people were arrested", "Officers arrested 22 people")]
    killed = claim("c:0", "The strike killed 12 people in the attack on the market")
    floods = claim("d:0", "20 people were killed in the floods")
    assert numeric_core_pairs(killed, floods, numeric_probe(killed, floods, 0.4)) == []


def test_numeric_core_pairs_keep_the_qualifier_of_the_probe():
    from detector.verdicts import numeric_core_pairs

    a = claim("a:0", "About 210 people were aboard the ferry when it overturned in strong winds")
    b = claim("b:0", "164 people were on board the ferry when it capsized")
    probe = numeric_probe(a, b, 0.6)
    assert probe.startswith("About 164 people")
    assert numeric_core_pairs(a, b, probe)[:2] == [(b.content, "About 164 people were aboard the ferry"),
                                                   (probe, "164 people were on board the ferry")]


def test_core_same_needs_a_text_and_a_core_clause_to_agree():
    from detector.verdicts import core_same

    assert core_same([0.7, 0.1, 0.2, 0.6]) == 0.6
    # "60,000 people were arrested during the march" entails "60,000 people marched"; the cores do not agree
    assert core_same([0.1, 0.6, 0.05, 0.05]) == 0.05
    with pytest.raises(ValueError):
        core_same([0.5, 0.5])


def test_shared_common_words_leaves_out_names():
    assert shared_common_words("Forty-two cases have been confirmed in Greddon",
                               "Nine cases were confirmed in Pasko.") == {stem("cases"), stem("confirmed")}
    assert not shared_common_words("No one has died of the disease in Greddon so far.",
                                   "Cholera was spreading again in Greddon.")
    # a name in one text is a common word in the other: "Washington Post" / "the post"
    assert shared_common_words("Outlets including the Washington Post were duped.",
                               "The post came from the official website.") == {stem("post")}
    # a word opening both sentences is a name when the documents' proper nouns include it
    assert shared_common_words("Bexley led Racing Corlan to the title.", "Bexley left Racing Corlan in May.")
    assert not shared_common_words("Bexley led Racing Corlan to the title.", "Bexley left Racing Corlan in May.",
                                   names=("bexley",))


def test_an_nli_only_contradiction_without_a_shared_word_needs_similar_claims_or_a_high_score():
    died = replace(claim("a:1", "No one has died of the disease in Greddon so far."), entities=("greddon",))
    spreading = replace(claim("b:1", "Cholera was spreading again in Greddon."), entities=("greddon",))
    strong = p(0.0, 0.2, 0.7)
    assert decide(died, spreading, strong, 0.45) is None  # only the town's name in common
    assert decide(died, spreading, strong, 0.55) is not None  # similar enough: synonyms may carry the conflict
    assert decide(died, spreading, p(0.0, 0.2, 0.8), 0.45) is not None  # or a score of at least 0.75
    assert decide(died, spreading, strong, 0.45, VerdictConfig(unshared_min_score=0.5)) is not None  # rule off
    cases = replace(claim("c:1", "Nine cases of cholera were confirmed in Greddon."), entities=("greddon",))
    more = replace(claim("d:1", "No cases of cholera were confirmed in Greddon."), entities=("greddon",))
    assert decide(cases, more, strong, 0.45) is not None  # "cases", "confirmed" shared
    # a question is held to the same rule (its score is half the contradiction: never 0.75)
    asked = replace(spreading, stance="questions")
    assert decide(died, asked, p(0.0, 0.0, 1.0), 0.45) is None
    assert decide(died, asked, p(0.0, 0.0, 1.0), 0.55) is not None
    # rules that test the claims themselves are not: a denial of the same proposition conflicts at any similarity
    denial = replace(claim("e:1", "Cholera was spreading again in Greddon.", stance="denies"), entities=("greddon",))
    assert decide(spreading, denial, p(0.95, 0.05, 0.0), 0.3, entailment_ab=0.95, entailment_ba=0.95) is not None


@pytest.mark.parametrize("a, b, cue", [
    ("The dam at Lake Ordal did not break.", "The dam at Lake Ordal broke on Sunday night.", "negation"),
    ("No civilian buildings were hit.", "The strike hit a residential block near the central market.", "negation"),
    ("Veltrazine failed to meet its main goal.", "Veltrazine met its main goal in the late-stage trial.", "negation"),
    ("The trial enrolled 640 patients.", "The study enrolled 460 patients.", "figures"),
    # a negation on something the other text does not state; negations on both sides
    ("We are certainly not aware of any plans.", "The image was posted by a popular account on Instagram.", None),
    ("The dam did not break.", "The bridge did not break.", None),
    ("It is a solid gold case.", "Everyone has a vague sense that gold is expensive.", None),
    # WordNet antonyms of the same part of speech; not when one text holds both or negates its own
    ("The guitarist was found dead in his hotel room.", "The guitarist is alive and well, his manager said.",
     "antonym"),
    ("Exports increased sharply last year.", "Exports decreased sharply last year.", "antonym"),
    ("Prices rose and fell all week.", "Prices fell on Friday.", None),
    ("The guitarist is not dead.", "The guitarist is alive.", None),
    # antonyms that tell things apart: another subject, an attributive adjective, a noun
    ("The company will sell the plant to investors.", "Investors will buy shares in the company.", None),
    ("A larger asteroid passed over the Southern Hemisphere.", "Officials said the small asteroid exploded.", None),
    ("The raid happened during the day.", "The raid happened at night.", None),
])
def test_contrast_cue(nlp, a, b, cue):
    assert contrast_cue(nlp(a), nlp(b)) == cue
    assert contrast_cue(nlp(b), nlp(a)) == cue


def test_a_one_order_contradiction_between_long_claims_needs_a_contrast_cue():
    market = claim("a:1", "The gold market is liquid like stocks and other commodities, with plenty of buyers "
                          "and sellers of gold and plenty of reserves around the world.")
    case = claim("b:1", "It is a solid gold case.")
    combined = p(0.0, 0.1, 0.9)
    one_way = dict(contradiction_ab=0.9, contradiction_ba=0.04)
    assert decide(market, case, combined, 0.6) is not None  # orders not given: the combined score, as before
    assert decide(market, case, combined, 0.6, **one_way) is None  # mean 0.47 of the two orders
    both_ways = decide(market, case, combined, 0.6, contradiction_ab=0.9, contradiction_ba=0.7)
    assert both_ways is not None and both_ways.score == pytest.approx(0.8) and "mean of both orders" in both_ways.reason
    cued = decide(market, case, combined, 0.6, contrast="negation", **one_way)
    assert cued is not None and cued.score == pytest.approx(0.9) and "(negation)" in cued.reason
    # short claims: the model's own ground, one order is enough
    dam, broke = claim("c:1", "The dam did not break."), claim("d:1", "The dam broke on Sunday night.")
    assert decide(dam, broke, combined, 0.8, **one_way) is not None
    assert decide(dam, broke, combined, 0.8, VerdictConfig(one_way_max_words=3), **one_way) is None


def test_antonym_pairs_need_the_same_part_of_speech(nlp):
    # "dead" (adjective) / "alive": a pair; "close" the verb against "open" the adjective is not one
    assert antonym_pairs(nlp("The singer is dead."), nlp("The singer is alive.")) == [("dead", "alive")]
    assert antonym_pairs(nlp("They will close the plant."), nlp("The plant is open.")) == []
    assert antonym_pairs(nlp("They will close the plant."), nlp("They will open the plant.")) == [("close", "open")]
    assert antonym_pairs(nlp("Exports increased in May."), nlp("Imports decreased in May.")) == []  # other subjects
