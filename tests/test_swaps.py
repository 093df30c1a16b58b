"""Generated pairs from real text (detector.training.swaps): clause extraction, swap labels, filters."""
from __future__ import annotations

import json
import random
import re

import pytest

from detector.nlp import load_spacy
from detector.training.swaps import extract_clause, pairs_from_doc, read_texts, split


@pytest.fixture(scope="module")
def nlp():
    return load_spacy()


def _ent(doc, text):
    return next(e for e in doc.ents if e.text == text)


def test_clause_keeps_subject_verb_and_the_detail(nlp):
    doc = nlp("Yuganskneftegaz, which was founded in 1993, was sold for $9.4 billion to Baikalfinansgroup.")
    text, start, end = extract_clause(_ent(doc, "$9.4 billion"))
    assert text.startswith("Yuganskneftegaz was sold for $9.4 billion")
    assert "1993" not in text  # the relative clause is dropped
    assert text[start:end] == "$9.4 billion"


@pytest.mark.parametrize("sentence,detail", [
    ("The company may have paid $5 million for the site.", "$5 million"),           # modal
    ("Officials believe the army captured 300 soldiers in May.", "300"),             # non-factive verb above
    ("The army did not capture 300 soldiers in the village.", "300"),                 # negation
    ("The company paid at least $5 million for the site.", "at least $5 million"),   # bound
])
def test_hedged_clauses_are_skipped(nlp, sentence, detail):
    doc = nlp(sentence)
    ents = [e for e in doc.ents if detail.endswith(e.text) or e.text.endswith(detail) or e.text == detail]
    assert ents, [e.text for e in doc.ents]
    assert all(extract_clause(e) is None for e in ents)


def test_number_swapped_from_elsewhere_in_the_premise_is_a_contradiction(nlp):
    doc = nlp("The firm was sold for $9.4 billion in December. The sale was meant to cover a tax bill of $27.5 billion.")
    rows = [r for r in pairs_from_doc(doc, random.Random(0)) if r["phenomenon"] not in ("restated_detail", "changed_value")]
    labels = {r["label"]: r for r in rows}
    assert set(labels) == {"entailment", "contradiction"}
    swap = labels["contradiction"]
    assert swap["phenomenon"] == "swapped_number"
    a, b = swap["swap"]
    assert a in labels["entailment"]["hypothesis"] and b in swap["hypothesis"] and a not in swap["hypothesis"]
    assert swap["premise"] == labels["entailment"]["premise"] == doc.text


def test_no_swap_without_a_second_detail_of_the_same_kind(nlp):
    doc = nlp("The firm was sold for $9.4 billion to a little known company.")
    assert [r["phenomenon"] for r in pairs_from_doc(doc, random.Random(0))] == ["restated_detail", "changed_value"]


def test_read_texts_jsonl_and_csv(tmp_path):
    j = tmp_path / "pairs.jsonl"
    long = "The ministry said its forces captured the town of Korvel on Tuesday after heavy fighting."
    j.write_text(json.dumps({"premise": long, "hypothesis": "x", "label": "entailment"}) + "\n" +
                 json.dumps({"premise": long, "hypothesis": "y", "label": "neutral"}) + "\n")
    c = tmp_path / "bodies.csv"
    c.write_text('Body ID,articleBody\n0,"A second, different article body that is long enough to be used."\n')
    texts = read_texts([j, c])
    assert [o for o, _ in texts] == ["pairs.jsonl", "bodies.csv"]  # the duplicate premise is read once
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="articleBody"):
        read_texts([bad])
    with pytest.raises(FileNotFoundError):
        read_texts([tmp_path / "missing.jsonl"])


def test_split_by_premise_and_three_way_test():
    rows = [{"premise": f"p{i // 2}", "hypothesis": "h", "label": lab, "phenomenon": "x"}
            for i, lab in enumerate(["entailment", "not_entailment", "entailment", "contradiction"] * 200)]
    train, test = split(rows, test_fraction=0.2)
    assert test and train
    assert not {r["premise"] for r in train} & {r["premise"] for r in test}
    assert all(r["label"] != "not_entailment" for r in test)
    assert 0.1 < len({r["premise"] for r in test}) / 400 < 0.3


def test_swaps_need_the_same_unit_and_date_form(nlp):
    from detector.training.swaps import _shape

    assert _shape("number", "$9.4 billion") == _shape("number", "$27.5 billion")
    assert _shape("number", "23-year-old") != _shape("number", "20")
    assert _shape("number", "12 meters") != _shape("number", "39 feet")
    assert _shape("date", "2012") == _shape("date", "1999") != _shape("date", "Monday")
    assert _shape("date", "May 5, 2020") != _shape("date", "April")


def test_doer_of_a_one_doer_event_swapped_is_a_contradiction(nlp):
    doc = nlp("Chasiv Yar was captured by Russia after months of fighting, while Ukraine held Bakhmut.")
    rows = pairs_from_doc(doc, random.Random(0))
    swap = next(r for r in rows if r["label"] != "entailment")
    assert (swap["phenomenon"], swap["label"]) == ("swapped_agent", "contradiction")
    assert swap["hypothesis"] in ("Chasiv Yar was captured by Ukraine.", "Chasiv Yar was captured by Bakhmut.")


def test_coordinated_entities_are_never_swapped(nlp):
    # "Boeing and Airbus won contracts" entails "Airbus won contracts": no swap between conjuncts
    doc = nlp("Boeing and Airbus won contracts from Qantas.")
    swaps = [set(r["swap"]) for r in pairs_from_doc(doc, random.Random(0)) if "swap" in r]
    assert swaps and {"Boeing", "Airbus"} not in swaps


def test_entity_swap_with_a_many_doer_verb_stays_two_way(nlp):
    doc = nlp("Angela Merkel met the press in Berlin on Monday, a day after Emmanuel Macron left for Paris.")
    swaps = [r for r in pairs_from_doc(doc, random.Random(0)) if r["label"] != "entailment"]
    assert swaps and all(r["phenomenon"] != "swapped_agent" for r in swaps)


def test_generate_uses_lemmas(nlp):
    # the verb lists (non-factive verbs, one-doer verbs) are lemmas: generate() must keep the lemmatizer
    from detector.training.swaps import generate

    rows = generate([("t", "Chasiv Yar was captured by Russia after months of fighting, while Ukraine held Bakhmut."),
                     ("t", "Officials believe the army captured 300 soldiers in May, not 200 as first said.")], nlp=nlp)
    assert "swapped_agent" in {r["phenomenon"] for r in rows}
    assert not any("300" in r["hypothesis"] for r in rows)  # "believe" above the clause


def test_possessors_and_name_tails_are_not_swapped(nlp):
    from spacy.tokens import Span

    doc = nlp("Danny Boyle will direct the film, based on Walter Isaacson's biography.")
    assert not any("Isaacson" in r["hypothesis"] for r in pairs_from_doc(doc, random.Random(0)))
    doc = nlp("Pratibha Patil won the presidential election in July.")
    tail = Span(doc, 1, 2, label="PERSON")  # NER sometimes tags the surname alone
    assert tail.text == "Patil" and extract_clause(tail) is None
    assert extract_clause(Span(doc, 0, 2, label="PERSON"))[0].startswith("Pratibha Patil won")


def test_role_by_apposition_title_and_head(nlp):
    from detector.training.swaps import role_of

    doc = nlp("The chief executive of Boeing, Jim McNerney, said on Monday that Airbus chief Tom Enders was wrong.")
    assert role_of(_ent(doc, "Jim McNerney")) == ("the chief executive of Boeing", "executive", True)
    assert role_of(_ent(doc, "Tom Enders")) == ("the Airbus chief", "chief", True)
    doc = nlp("Alex Dyer, spokesman for the group, stated that the event is part of a worldwide phenomenon.")
    assert role_of(_ent(doc, "Alex Dyer")) == ("spokesman for the group", "spokesman", False)


@pytest.mark.parametrize("sentence,name", [
    ("Larry Page, a former chief executive of Google, met reporters in Paris.", "Larry Page"),   # not current
    ("Google's co-founder Sergey Brin met reporters in Paris.", "Sergey Brin"),                   # co-founder
    ("The producers, Scott Rudin and Mark Gordon, met reporters in Paris.", "Scott Rudin"),       # plural role
])
def test_roles_not_current_unique_or_singular_are_skipped(nlp, sentence, name):
    from detector.training.swaps import role_of

    doc = nlp(sentence)
    assert role_of(_ent(doc, name)) is None


def test_swapped_holder_of_a_unique_role_contradicts_and_of_a_shared_role_is_two_way(nlp):
    from detector.training.swaps import role_pairs

    doc = nlp("The chief executive of Boeing, Jim McNerney, said on Monday that Tom Enders was wrong.")
    rows = {r["phenomenon"]: r for r in role_pairs(doc[:], random.Random(0))}
    assert rows["extracted_role"]["hypothesis"] == "Jim McNerney is the chief executive of Boeing."
    assert rows["extracted_role"]["label"] == "entailment"
    assert rows["swapped_role"]["hypothesis"] == "Tom Enders is the chief executive of Boeing."
    assert rows["swapped_role"]["label"] == "contradiction"
    doc = nlp("Alex Dyer, spokesman for the group, said Tom Enders was wrong.")
    rows = {r["phenomenon"]: r for r in role_pairs(doc[:], random.Random(0))}
    assert rows["swapped_role"]["label"] == "not_entailment"  # a group can have several spokesmen


def test_same_story_pairs_are_neutral_and_on_topic(nlp):
    from detector.training.swaps import _windows, same_story_pairs

    doc = nlp("Boeing delivered 40 jets to Air Canada in May. Shares rose. Analysts were pleased. "
              "The weather was mild in Seattle. Workers went home early. Traffic was light. "
              "Air Canada ordered new seats for its cabins. The seats are wider. Passengers like them.")
    windows = list(_windows(doc, 3))
    clauses = ["Boeing delivered 40 jets to Air Canada", None, "Air Canada ordered new seats for its cabins"]
    rows = same_story_pairs(windows, clauses, random.Random(0))
    assert rows and all(r["label"] == "neutral" and r["phenomenon"] == "same_story" for r in rows)
    by_premise = {r["premise"]: r["hypothesis"] for r in rows}
    # the first window gets the third one's clause (both name Air Canada), never its own
    assert by_premise[windows[0].text.strip()] == "Air Canada ordered new seats for its cabins."
    assert windows[1].text.strip() not in by_premise  # names nothing the clauses name
    assert same_story_pairs(windows[:2], clauses[:2], random.Random(0)) == []  # short texts: none


def test_clause_whose_verb_reports_a_dropped_complement_is_skipped(nlp):
    doc = nlp("The Home Secretary announced in 1990 that the plan was dead.")
    assert extract_clause(_ent(doc, "1990")) is None  # "The Home Secretary announced in 1990" says too little


def test_former_role_holder_now_contradicts_and_another_holder_is_neutral(nlp):
    from detector.training.swaps import former_role_pairs, role_of

    doc = nlp("Luis Roldan, the former Spanish chief of police, was arrested in Bangkok, Thomas Meyer said.")
    assert role_of(_ent(doc, "Luis Roldan"), former=True) == ("the Spanish chief of police", "chief", True)
    assert role_of(_ent(doc, "Thomas Meyer"), former=True) is None  # no role at all
    rows = former_role_pairs(doc[:], random.Random(0))
    by_label = {r["label"]: r["hypothesis"] for r in rows}
    assert by_label == {"contradiction": "Luis Roldan is the Spanish chief of police.",
                        "neutral": "Thomas Meyer is the Spanish chief of police."}
    assert {r["phenomenon"] for r in rows} == {"former_role"}
    doc = nlp("George Stranahan, a former owner of the tavern, said he was not surprised.")
    assert role_of(_ent(doc, "George Stranahan"), former=True)[0] == "an owner of the tavern"  # article agrees
    # a current role gives no former-role rows, and a left role no current-role rows
    doc = nlp("The chief executive of Boeing, Jim McNerney, said on Monday that Tom Enders was wrong.")
    assert former_role_pairs(doc[:], random.Random(0)) == []
    doc = nlp("Larry Page, a co-founder of Google, met reporters in Paris.")
    assert role_of(_ent(doc, "Larry Page"), former=True) is None  # co-: not a role he has left


@pytest.mark.parametrize("sentence,entailed,contradicted", [
    ("CVS will stop selling its own brand of caplets, spokesman Mike DeAngelis said.",
     "CVS will no longer sell its own brand of caplets.", "CVS will continue to sell its own brand of caplets."),
    ("The company failed to pay its debts in March.",
     "The company did not pay its debts in March.", "The company managed to pay its debts in March."),
    ("The rebels refused to lay down their arms.",
     "The rebels did not lay down their arms.", "The rebels agreed to lay down their arms."),
    ("Police stopped searching for the boy on Monday.",
     "Police were no longer searching for the boy on Monday.", "Police continued searching for the boy on Monday."),
])
def test_implicit_negation_rewrites(nlp, sentence, entailed, contradicted):
    from detector.training.swaps import implicit_negation_pairs

    rows = implicit_negation_pairs(nlp(sentence)[:], random.Random(0))
    assert {r["label"]: r["hypothesis"] for r in rows} == {"entailment": entailed, "contradiction": contradicted}


@pytest.mark.parametrize("sentence", [
    "The company may have failed to pay its debts.",           # modal: the failure is not asserted
    "Officials believe the rebels refused to lay down arms.",  # non-factive verb above
    "The company did not fail to pay its debts.",              # negated implicative
    "It failed to pay its debts.",                             # pronoun subject
    "The company has failed to pay its debts.",                # perfect: no simple rewrite
])
def test_implicit_negation_skips_unasserted_or_unrewritable_clauses(nlp, sentence):
    from detector.training.swaps import implicit_negation_pairs

    assert implicit_negation_pairs(nlp(sentence)[:], random.Random(0)) == []


def test_new_phenomena_leave_the_other_rows_unchanged(nlp, monkeypatch):
    # the former-role and implicit-negation rows draw from a generator of their own and come last, so data
    # generated before they existed is reproduced row for row (ids included)
    from detector.training import swaps

    doc = nlp("Luis Roldan, the former Spanish chief of police, failed to pay $5 million to Banco Central in 1994. "
              "Thomas Meyer, the chief executive of Banco Central, sold 300 shares to Carlos Ruiz in 1995.")
    rows = pairs_from_doc(doc, random.Random(3))
    new = {"former_role", "implicit_negation", "restated_detail", "voice", "bounded_value", "other_figure"}
    assert {r["phenomenon"] for r in rows} >= new
    for name in ("former_role_pairs", "implicit_negation_pairs", "restated_detail_pairs", "voice_pairs",
                 "bounded_value_pairs", "other_figure_pairs"):
        monkeypatch.setattr(swaps, name, lambda *a, **k: [])
    assert [r for r in rows if r["phenomenon"] not in new] == pairs_from_doc(doc, random.Random(3))
    assert [r["phenomenon"] in new for r in rows] == sorted(r["phenomenon"] in new for r in rows)


@pytest.mark.parametrize("sentence,detail,restated", [
    ("The film was produced by Mack Sennett in 1923.", "Mack Sennett", "Sennett"),
    ("The city has 8,586 residents.", "8,586", "8586"),
    ("The company sold 125000 cars last year.", "125000", "125,000"),
    ("Police arrested seven men on Friday.", "seven", "7"),
    ("Police arrested 7 men on Friday.", "7", "seven"),
    ("He collected his seventh championship ring.", "seventh", "7th"),
    ("Prices rose 20% in March.", "20%", "20 percent"),
    ("Prices rose 20 per cent in March.", "20 per cent", "20%"),
    ("Diana died on 31 August 1997 in Paris.", "31 August 1997", "August 31, 1997"),
])
def test_restate_keeps_the_value_and_changes_the_form(nlp, sentence, detail, restated):
    from detector.training.swaps import restate

    assert restate(_ent(nlp(sentence), detail)) == restated


def test_restated_detail_rows_are_entailed_clauses_with_the_detail_rewritten(nlp):
    from detector.training.swaps import restated_detail_pairs

    doc = nlp("Mercedes-Benz USA sold 12,500 cars in Montvale.")
    rows = restated_detail_pairs(doc[:], extract_clause, random.Random(0))
    assert [(r["label"], r["phenomenon"]) for r in rows] == [("entailment", "restated_detail"),
                                                             ("contradiction", "changed_value")]
    assert "12500 cars" in rows[0]["hypothesis"] and rows[0]["premise"] == doc.text
    changed = re.search(r"sold (\d+) cars", rows[1]["hypothesis"]).group(1)
    assert changed != "12500" and len(changed) == 5  # the value changes, the form stays


@pytest.mark.parametrize("text", ["12500", "seven", "seventh", "August 31, 1997", "31 August 1997", "20 percent"])
def test_changed_value_keeps_the_form_and_changes_the_value(text):
    from detector.training.swaps import changed_value

    for seed in range(20):
        new = changed_value(text, random.Random(seed))
        assert new is not None and new != text
        assert re.sub(r"\d", "0", new).replace("00", "0") == re.sub(r"\d", "0", text).replace("00", "0") \
            or not re.search(r"\d", text)  # digits stay digits (a day may gain or lose one)
    assert changed_value("Sennett", random.Random(0)) is None
    assert all(re.fullmatch(r"\d*(1st|2nd|3rd|[04-9]th|1[1-3]th)", changed_value("2nd", random.Random(s)))
               for s in range(20))


def test_surname_is_not_used_when_another_person_shares_it(nlp):
    from detector.training.swaps import restated_detail_pairs

    doc = nlp("George Bush met Tony Blair in London. Laura Bush visited a school in Leeds.")
    rows = restated_detail_pairs(doc[:], extract_clause, random.Random(0))
    assert not any(h.startswith("Bush ") or " Bush " in h and "George Bush" not in h and "Laura Bush" not in h
                   for h in (r["hypothesis"] for r in rows))


def test_voice_rewrites_and_reverses_one_doer_events(nlp):
    from detector.training.swaps import voice_pairs

    rows = voice_pairs(nlp("Microsoft acquired Skype in 2011.")[:], random.Random(0))
    assert [(r["label"], r["hypothesis"]) for r in rows] == [
        ("entailment", "Skype was acquired by Microsoft."), ("contradiction", "Microsoft was acquired by Skype.")]
    rows = voice_pairs(nlp("The novel was written by Charles Dickens in 1859.")[:], random.Random(0))
    assert rows[0]["label"] == "entailment" and rows[0]["hypothesis"] == "Charles Dickens wrote the novel."
    assert all(r["phenomenon"] == "voice" for r in rows)


@pytest.mark.parametrize("sentence", [
    "Microsoft did not acquire Skype in 2011.",            # negation
    "Analysts believe Microsoft acquired Skype in 2011.",  # non-factive verb above
    "Microsoft may have acquired Skype.",                  # modal: no simple past
    "It acquired Skype in 2011.",                          # pronoun doer
    "Microsoft gave up its stake.",                        # particle verb
])
def test_voice_skips_unasserted_or_unrewritable_clauses(nlp, sentence):
    from detector.training.swaps import voice_pairs

    assert voice_pairs(nlp(sentence)[:], random.Random(0)) == []


def test_new_phenomena_keep_the_ids_of_earlier_rows_across_windows(nlp, monkeypatch):
    # ids number a text's rows: the rows added later must come after every earlier row of the text
    from detector.training import swaps

    text = ("Luis Roldan, the former Spanish chief of police, failed to pay $5 million to Banco Central in 1994. "
            "Thomas Meyer sold 300 shares to Carlos Ruiz in 1995. Microsoft acquired Skype in 2011. "
            "The company refused to sell 12,000 shares to Carlos Ruiz in 1996. Google bought YouTube in 2006. "
            "The firm paid 40 dollars in 1997.")
    rows = swaps.generate([("t", text)], nlp=nlp)
    new = {"restated_detail", "voice", "bounded_value", "other_figure"}
    assert {"bounded_value", "other_figure"} <= {r["phenomenon"] for r in rows}
    for name in ("restated_detail_pairs", "voice_pairs", "bounded_value_pairs", "other_figure_pairs"):
        monkeypatch.setattr(swaps, name, lambda *a, **k: [])
    assert [r for r in rows if r["phenomenon"] not in new] == swaps.generate([("t", text)], nlp=nlp)


def test_other_figure_rows(nlp):
    from detector.training.swaps import COUNT_VERBS, _past_forms, other_figure_pairs

    doc = nlp("Mercedes-Benz USA sold 12,500 cars in Montvale.")
    for seed in range(8):
        (row,) = other_figure_pairs(doc[:], extract_clause, random.Random(seed))
        assert row["label"] == "neutral" and row["phenomenon"] == "other_figure" and row["premise"] == doc.text
        m = re.fullmatch(r"Mercedes-Benz USA (\w+) (\d{1,3}(?:,\d{3})+|\d+) cars\.", row["hypothesis"])
        assert m, row
        verb, number = m.group(1), int(m.group(2).replace(",", ""))
        assert verb != "sold" and verb in {_past_forms(lemma)[0] for lemma in COUNT_VERBS[1]}  # same group: goods
        assert number >= 2 * 12500 or number <= 12500 / 2  # well beyond the pipeline's tolerance
    # the verb must count the number; years, small numbers and other verbs give no rows
    for sentence in ("The firm was founded in 1998.", "Police arrested 2 men on Friday.",
                     "The company employs 300 workers in Montvale.", "The company sold two cars in Montvale."):
        assert other_figure_pairs(nlp(sentence)[:], extract_clause, random.Random(0)) == []
    for seed in range(8):  # number words become digits; synonyms of the verb are never chosen
        (row,) = other_figure_pairs(nlp("Seven soldiers were wounded in the blast.")[:], extract_clause,
                                    random.Random(seed))
        m = re.fullmatch(r"(\d+) soldiers were (\w+)\.", row["hypothesis"])
        assert m and m.group(2) not in ("wounded", "injured") and not 3.5 < int(m.group(1)) < 14, row


@pytest.mark.parametrize("text,pattern", [("12", r"\d+"), ("4,500", r"\d{1,3}(,\d{3})+"), ("seven", r"\d+"),
                                          ("$2.5 million", r"\$\d+(\.\d)? million"), ("$40,000", r"\$\d{1,3}(,\d{3})+")])
def test_far_value_keeps_the_form_and_moves_the_value(text, pattern):
    from detector.training.swaps import SMALL_NUMBERS, _far_value

    value = SMALL_NUMBERS.get(text) or float(re.search(r"[\d,.]+", text).group().replace(",", "").rstrip("."))
    for seed in range(10):
        new = _far_value(text, random.Random(seed))
        assert re.fullmatch(pattern, new), new
        other = float(re.search(r"[\d,.]+", new).group().replace(",", "").rstrip("."))
        assert other >= 2 * value or other <= value / 2, new
    for text in ("1998", "two", "the"):
        assert _far_value(text, random.Random(0)) is None


def test_count_verb_groups_are_disjoint():
    from detector.training.swaps import COUNT_VERBS

    lemmas = [lemma for group in COUNT_VERBS for lemma in group]
    assert len(lemmas) == len(set(lemmas))


@pytest.mark.parametrize("value", [3, 7, 8, 20, 23, 99, 100, 1200, 12500, 300000])
def test_bounds_hold_or_exclude_the_value(value):
    from detector.training.swaps import bounds

    def interval(bound):
        qualifier, number = bound.rsplit(" ", 1)
        n = int(number)
        return {"more than": (n + 0.5, float("inf")), "at least": (n, float("inf")),
                "fewer than": (0, n - 0.5)}[qualifier]

    for seed in range(12):
        holds, excludes = bounds(value, random.Random(seed))
        low, high = interval(holds)
        assert low <= value <= high, holds
        low, high = interval(excludes)
        assert not low <= value <= high, excludes
        assert low >= 2 * value or high <= value / 2, excludes  # well beyond the pipeline's tolerance
    assert bounds(2, random.Random(0)) is None


def test_bounded_value_rows(nlp):
    from detector.training.swaps import bounded_value_pairs

    doc = nlp("Mercedes-Benz USA sold 12,500 cars in Montvale.")
    rows = bounded_value_pairs(doc[:], extract_clause, random.Random(0))
    assert [(r["label"], r["phenomenon"]) for r in rows] == [("entailment", "bounded_value"),
                                                             ("contradiction", "bounded_value")]
    assert all(r["premise"] == doc.text for r in rows)
    for r in rows:  # thousands separators kept as written; the rest of the clause unchanged
        assert re.search(r"sold (more than|at least|fewer than) \d{1,3}(,\d{3})+ cars", r["hypothesis"]), r
    # years, small numbers and numbers that are not counts give no rows
    for sentence in ("The firm was founded in 1998.", "Police arrested 2 men on Friday.",
                     "The company sold seven cars in Montvale."):
        assert bounded_value_pairs(nlp(sentence)[:], extract_clause, random.Random(0)) == []


@pytest.mark.parametrize("sentence", [
    "IPhone 5 customers are complaining about the battery.",  # part of a name
    "The MacBook Air offers a 1366 x 768 pixel display.",  # a dimension
    "The island was the former home of the 10-time major winner.",  # a hyphen compound
    "The first few Mersenne primes are 3, 7, 31 and 127.",  # a list
    "The new 12in model will drop the trackpad.",  # a glued unit
    "Rolling Stone ranked the song on its list of the 500 Greatest Songs of All Time.",  # a title
    "The Dow Jones index closed above 14,000 on Friday.",  # a level, not a number of things
    "Stillbirths increased from 14 per 1,000 births last year.",  # a rate
])
def test_numbers_that_are_not_counts_give_no_bounded_rows(nlp, sentence):
    from detector.training.swaps import bounded_value_pairs

    assert bounded_value_pairs(nlp(sentence)[:], extract_clause, random.Random(0)) == []


def test_nationalities_are_counted(nlp):
    from detector.training.swaps import bounded_value_pairs

    assert bounded_value_pairs(nlp("The militants kidnapped 20 Americans in the north.")[:], extract_clause,
                               random.Random(0))


def test_the_second_conjunct_is_not_bounded(nlp):
    # "3,000 soldiers and 200 tanks": a clause around "200" would lose the "and"; the first count is kept
    from detector.training.swaps import bounded_value_pairs

    rows = bounded_value_pairs(nlp("The army lost 3,000 soldiers and 200 tanks.")[:], extract_clause,
                               random.Random(0))
    assert rows and all("tanks" not in r["hypothesis"] and "soldiers" in r["hypothesis"] for r in rows)


def test_no_bound_of_zero():
    from detector.training.swaps import bounds

    assert all("than 0" not in b for seed in range(20) for b in bounds(10, random.Random(seed)))
    assert all("than 0" not in b for seed in range(20) for b in bounds(100, random.Random(seed)))


def _clause_row(premise, hypothesis):
    return {"premise": premise, "hypothesis": hypothesis, "label": "entailment", "phenomenon": "extracted_clause"}


def test_other_text_rows_pair_a_premise_with_a_clause_about_something_else():
    from detector.training.swaps import other_text_pairs

    a = "Canada and the United States signed an agreement on January 30, 1979, to amend the treaty."
    b = "Egypt and Israel signed a peace agreement in Washington after long talks."
    c = "The Canadian parliament signed an agreement with Ottawa on Monday."  # names Canada as a does
    d = "Rain fell in Madrid on Sunday."  # shares no predicate word with a
    rows = [_clause_row(a, "Canada signed an agreement on January 30, 1979."),
            _clause_row(b, "Egypt and Israel signed a peace agreement."),
            _clause_row(c, "The Canadian parliament signed an agreement with Ottawa."),
            _clause_row(d, "Rain fell in Madrid.")]
    out = other_text_pairs(rows, random.Random(0))
    by_premise = {r["premise"]: r for r in out}
    assert by_premise[a]["hypothesis"] == "Egypt and Israel signed a peace agreement."
    assert all(r["label"] == "neutral" and r["phenomenon"] == "other_text" for r in out)
    assert by_premise[b]["hypothesis"] != "Egypt and Israel signed a peace agreement."  # never its own clause
    assert d not in by_premise  # nothing shares two predicate words with it
    for r in out:  # no shared name or figure
        assert not set(re.findall(r"[A-Z][a-z]{4}|\d+", r["hypothesis"])) & set(
            re.findall(r"[A-Z][a-z]{4}|\d+", r["premise"]))


def test_other_text_rows_come_after_every_other_row(nlp):
    from detector.training import swaps

    texts = [("a", "Microsoft bought the messaging company Skype for $8.5 billion in 2011, the company said."),
             ("b", "Google bought the video company YouTube for $1.65 billion in 2006, the company said.")]
    rows = swaps.generate(texts, nlp=nlp)
    other = [r for r in rows if r["phenomenon"] == "other_text"]
    assert other and rows[-len(other):] == other and all(r["id"].startswith("other-") for r in other)
    assert {r["hypothesis"] for r in other} <= {r["hypothesis"] for r in rows if r["phenomenon"] == "extracted_clause"}
    assert all(r["label"] == "neutral" for r in other)
