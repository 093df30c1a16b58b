import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from detector.attribution import analyze_sentence, link_references, quote_spans
from detector.nlp import load_spacy
from detector.records import Claim

ROOT = Path(__file__).resolve().parent.parent
PUB = dt.date(2025, 8, 1)
CAPTURE = ("Those comments came a day after the Russian Defense Ministry said its forces had captured the eastern "
           "Ukrainian town of Chasiv Yar following more than a year of heavy fighting.")
DENIAL = ("The Ukrainian army denied the capture on Thursday, in response to which Putin called military "
          "authorities in Kyiv \u201cuninformed.\u201d")


def _att(text, pub=PUB):
    return analyze_sentence(load_spacy()(text)[:], pub)


def _eval_module():
    spec = importlib.util.spec_from_file_location("attribution_eval", ROOT / "eval" / "attribution.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_dataset_accuracy_above_thresholds():
    result = _eval_module().evaluate(path=ROOT / "datasets" / "attribution" / "attributed_sentences.jsonl")
    assert result["n"] >= 70
    assert result["speaker_accuracy"] >= 0.9, result["errors"]
    assert result["stance_accuracy"] >= 0.9, result["errors"]
    assert result["proposition_accuracy"] >= 0.85, result["errors"]
    assert result["proposition_f1_mean"] >= 0.9


def test_heldout_set_accuracy():
    """60 sentences written by someone who never saw the rules; never used to tune them."""
    result = _eval_module().evaluate(path=ROOT / "datasets" / "attribution" / "heldout_sentences.jsonl")
    assert result["n"] == 60
    assert result["speaker_accuracy"] >= 0.95, result["errors"]
    assert result["stance_accuracy"] >= 0.95, result["errors"]
    assert result["proposition_accuracy"] >= 0.85, result["errors"]


def test_eval_helpers_and_bad_rows(tmp_path, caplog):
    mod = _eval_module()
    assert mod.normalize_speaker("The Kremlin ") == "kremlin"
    assert mod.normalize_speaker("") is None
    assert mod.token_f1("the town fell", "The town fell.") == 1.0
    assert mod.token_f1("a b", "c d") == 0.0
    bad = tmp_path / "set.jsonl"
    bad.write_text('{"sentence": "Police said two men were arrested.", "speaker": "police", "stance": "asserts", '
                   '"proposition": "Two men were arrested"}\nnot json\n{"sentence": 3}\n', encoding="utf-8")
    result = mod.evaluate(path=bad)
    assert result["n"] == 1 and result["speaker_accuracy"] == 1.0
    assert f"{bad}:2" in caplog.text and f"{bad}:3" in caplog.text


def test_capture_claim():
    att = _att(CAPTURE)
    assert att.speaker == "Russian Defense Ministry"
    assert att.verb == "say" and att.stance == "asserts"
    assert "captured" in att.proposition and "Chasiv Yar" in att.proposition
    assert not att.proposition.lower().startswith("those comments")
    assert att.event_date == dt.date(2025, 7, 31)  # "a day after" relative to a Friday publication


def test_capture_denial():
    att = _att(DENIAL)
    assert att.speaker == "Ukrainian army"
    assert att.stance == "denies" and att.verb == "deny"
    assert att.refers_to == "capture"
    assert att.event_date == dt.date(2025, 7, 31)


@pytest.mark.parametrize(
    ("text", "speaker", "stance", "prop_part"),
    [
        ('"The border is closed to all traffic," a customs officer told reporters.', "customs officer", "asserts",
         "border is closed"),
        ("The minister said: \u201cThere will be no early election.\u201d", "minister", "asserts",
         "no early election"),
        ("President Vladimir Putin on Friday claimed that Russian forces were advancing.", "Vladimir Putin",
         "asserts", "Russian forces were advancing"),
        ("Exports fell in July, according to the statistics office.", "statistics office", "asserts",
         "Exports fell in July"),
        ("It was reported that the bridge collapsed.", None, "reports", "The bridge collapsed"),
        ("Rebels reportedly seized the airport.", None, "reports", "Rebels seized the airport"),
        ("The ministry did not deny that talks had taken place.", "ministry", "reports", "Talks had taken place"),
        ("The embassy rejected claims that its staff had been spying.", "embassy", "denies",
         "Its staff had been spying"),
        ("Kyiv called the reports false.", "Kyiv", "denies", "The reports"),
        ("Economists questioned whether the stimulus would work.", "Economists", "questions",
         "The stimulus would work"),
        ("Parliament approved the budget on Tuesday.", None, "asserts", "Parliament approved the budget"),
        ("He said the talks were over.", "he", "asserts", "The talks were over"),
        # a reporting verb without reported content is not an attribution frame
        ("The ministry added 200 new beds to the hospital.", None, "asserts", "The ministry added 200 new beds"),
        ("He also responded to the remarks from earlier this week.", None, "asserts", "He also responded"),
        # a direct question asserts nothing, in the text's own voice or in a speaker's
        ("Even if it contained less than $1,500 of gold, how much would it sell for?", None, "questions",
         "how much would it sell for"),
        ('"Who will pay for the new bridge?" the mayor asked.', "mayor", "questions", "Who will pay"),
        ('The mayor said the bridge would open in May.', "mayor", "asserts", "bridge would open"),
    ],
)
def test_forms(text, speaker, stance, prop_part):
    att = _att(text)
    assert att.speaker == speaker
    assert att.stance == stance
    assert prop_part in att.proposition


def test_quote_spans_and_scare_quotes():
    text = '\u201cWe will win,\u201d he said, calling it "a matter of time."'
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["We will win,", "a matter of time."]
    assert quote_spans('and it was delivered," he said.') == ((0, 21),)
    # a scare-quoted word inside a sentence is not quoted speech and does not become the proposition
    att = _att("He also responded to the remarks, in which the envoy said he was \u201cvery disappointed\u201d.")
    assert att.proposition and "very disappointed" in att.proposition


def test_quotes_inside_a_longer_document_use_sentence_offsets():
    doc = load_spacy()("The weather was calm. \u201cWe have no plans to retreat,\u201d the commander said.")
    sent = list(doc.sents)[-1]
    att = analyze_sentence(sent, PUB)
    assert att.speaker == "commander"
    assert att.proposition == "We have no plans to retreat"


def _claim(n, text, speaker, stance, prop, verb="say", source="Moscow Times"):
    return Claim(id=f"d:{n}", doc_id="d", text=text, start=0, end=len(text), source=source, speaker=speaker,
                 stance=stance, proposition=prop, verb=verb)


def test_link_references_links_denial_to_capture():
    cap, den = _att(CAPTURE), _att(DENIAL)
    claims = [
        _claim(0, "Putin praised his troops.", "Moscow Times", "asserts", "Putin praised his troops.", verb=None),
        _claim(3, CAPTURE, cap.speaker, cap.stance, cap.proposition),
        _claim(4, DENIAL, den.speaker, den.stance, den.proposition, verb="deny"),
    ]
    out = link_references(claims)
    assert out[2].linked_to == "d:3"
    assert out[2].proposition == cap.proposition and out[2].stance == "denies"
    assert out[1] == claims[1] and out[0] == claims[0]
    assert claims[2].linked_to is None  # inputs untouched


def test_link_references_generic_and_forward_and_unmatched():
    claims = [
        _claim(0, "The army rejected the claim.", "army", "denies", "The claim", verb="reject"),
        _claim(1, "Rebels said they had shot down a jet.", "Rebels", "asserts", "They had shot down a jet"),
        _claim(2, "The navy denied the sinking.", "navy", "denies", "The sinking", verb="deny"),
    ]
    out = link_references(claims)
    assert out[0].linked_to == "d:1"  # generic noun, no earlier claim: nearest later assertion
    assert out[2].linked_to is None and out[2].proposition == "The sinking"


def test_pronoun_speakers_and_quote_continuations():
    claims = [
        _claim(0, "Vladimir Putin said the offensive was going well.", "Vladimir Putin", "asserts", "x"),
        _claim(1, "The Defense Ministry said it had more drones.", "Defense Ministry", "asserts", "y"),
        _claim(2, "\u201cIt's ours,\u201d he said.", "he", "asserts", "It's ours"),
        _claim(3, "\u201cNow the production line is up and running.\u201d", "Moscow Times", "asserts",
               "\u201cNow the production line is up and running.\u201d", verb=None),
        _claim(4, "It said the drones were new.", "it", "asserts", "The drones were new"),
    ]
    out = link_references(claims)
    assert out[2].speaker == "Vladimir Putin"
    assert out[3].speaker == "Vladimir Putin" and out[3].proposition == "Now the production line is up and running."
    assert out[4].speaker == "Defense Ministry"


@pytest.mark.parametrize("reference, proposition, expected", [
    ("The capture of Korvel", "Its forces had captured the town of Korvel", True),
    ("Violating the ceasefire", "Ostravian forces had violated the ceasefire near Selva", True),
    ("the capture", "Russian forces captured Chasiv Yar", True),
    ("The capture of Bakhmut", "Russian forces captured Chasiv Yar", False),
    ("The claim", "The ministry claimed victory", False),
    ("The reports", "Reporters said the town fell", False),
    ("Russian forces captured the town", "Russian forces captured the town", False),
])
def test_matches_reference(reference, proposition, expected):
    from detector.attribution import matches_reference

    assert matches_reference(reference, proposition) is expected


@pytest.mark.parametrize("sentence", [
    # a causative participle: "his identity" revealed nothing
    "A hoax story alleging that the artist has been arrested and has had his identity revealed duped thousands.",
    "Prices will fall when Apple announces the new model.",  # a time to come, not a statement made
    "If the ministry confirms the capture, Kyiv will respond.",  # a condition
])
def test_reporting_verbs_that_report_no_statement(sentence):
    att = _att(sentence)
    assert att.speaker is None and att.stance == "asserts" and att.proposition == sentence


@pytest.mark.parametrize("sentence, speaker, proposition", [
    ("Voltra announced on Wednesday that it would cut 5,000 jobs in Europe.", "Voltra",
     "It would cut 5,000 jobs in Europe"),  # en_core_web_sm may tag "announced" VBN: its subject keeps it a report
    ("The strike began after the ministry announced that talks had failed.", "ministry", "Talks had failed"),
    ("It was reported that the town fell.", None, "The town fell"),
])
def test_reporting_verbs_that_report(sentence, speaker, proposition):
    att = _att(sentence)
    assert att.speaker == speaker and att.proposition == proposition


LEAKS = "Quellmere Water lost 24% of its supply to leaks in 2024"


@pytest.mark.parametrize("reference, speaker, proposition, expected", [
    ("The regulator's leakage figure for 2024", "Water Services Regulator", LEAKS, True),
    ("The Water Services Regulator's figures", "Water Services Regulator", LEAKS, True),
    ("The regulator's leakage figure for 2023", "Water Services Regulator", LEAKS, False),  # another year
    ("The regulator's staffing figures", "Water Services Regulator", LEAKS, False),  # another topic
    ("The regulator's leakage figure for 2024", "Quellmere Water", LEAKS, False),  # someone else's words
    ("The army's figures", "Carvenia's army", "Carvenia's army had taken Vardovo", False),  # no figure there
    ("The army's account", "Carvenia's army", "Carvenia's army had taken Vardovo", True),
    ("The regulator's decision", "Water Services Regulator", LEAKS, False),  # not a statement noun
    ("The capture of Korvel", "Eastern Command", "Its troops had taken Korvel", False),
])
def test_owner_reference_matches(reference, speaker, proposition, expected):
    from detector.attribution import owner_reference_matches

    assert owner_reference_matches(reference, speaker, proposition) is expected


@pytest.mark.parametrize("proposition, head", [
    ("The capture of Korvel", "capture"), ("violating the ceasefire", "violating"), ("the allegations", "allegations"),
    ("Its troops had taken Korvel", None), ("Any military site was hit in Drenica", None), ("The Kremlin", None),
    ("Russian forces captured the town", None),
])
def test_nominal_head(proposition, head):
    from detector.attribution import nominal_head

    assert nominal_head(proposition) == head


@pytest.mark.parametrize(("text", "expected"), [
    # the day inside the proposition is the claim's; the frame's day only dates the statement
    ("The Ukrainian army on Tuesday denied that Russian forces had captured the town on Monday.", dt.date(2025, 7, 28)),
    ("Russia's Defense Ministry said on Wednesday that its troops took the village on Sunday.", dt.date(2025, 7, 27)),
    ("Forces captured the town on Monday, the ministry said on Wednesday.", dt.date(2025, 7, 28)),
    # no day in the proposition: the statement's day stands for "as of"
    ("The ministry said on Wednesday that its forces had captured the town.", dt.date(2025, 7, 30)),
    # unattributed: the sentence's first day
    ("The bridge reopened on Monday after repairs that began on Tuesday last week.", dt.date(2025, 7, 28)),
])
def test_event_date_prefers_the_propositions_day(text, expected):
    att = _att(text)
    assert att.event_date == expected


def _doc_claim(cid, text, start, proposition=None, speaker="Src"):
    return Claim(id=cid, doc_id="d", text=text, start=start, end=start + len(text), source="Src",
                 speaker=speaker, proposition=proposition or text)


def test_definite_subjects_resolve_to_the_organisation_named_before():
    from detector.attribution import resolve_definite_subjects

    text = "Orbis Shipping reported a loss. The company posted a net loss for 2024."
    entities = [(0, "Orbis Shipping", "ORG")]
    claims = [_doc_claim("d:0", "Orbis Shipping reported a loss.", 0),
              _doc_claim("d:1", "The company posted a net loss for 2024.", 32)]
    out = resolve_definite_subjects(claims, entities)
    assert out[0] == claims[0]
    assert out[1].proposition == "Orbis Shipping posted a net loss for 2024."
    assert out[1].text == claims[1].text  # the sentence itself is kept as written
    # named anaphors need a name ending in the noun; the possessive is kept
    entities = [(0, "the Eastern Command", "ORG"), (30, "Halvern Pharma", "ORG")]
    claims = [_doc_claim("d:1", "The command's spokesman resigned.", 60),
              _doc_claim("d:2", "The ministry said troops left.", 90, "Troops left", speaker="ministry")]
    out = resolve_definite_subjects(claims, entities)
    assert out[0].proposition == "Eastern Command's spokesman resigned."
    assert out[1] == claims[1]  # no ministry named: nothing replaced, speaker included
    # only entities before the description count; plurals and modified descriptions are left alone
    later = [(100, "Orbis Shipping", "ORG")]
    assert resolve_definite_subjects([_doc_claim("d:0", "The company posted a loss.", 0)], later)[0].proposition == \
        "The company posted a loss."
    for sentence in ("The companies posted losses.", "The national company posted a loss."):
        assert resolve_definite_subjects([_doc_claim("d:5", sentence, 50)], entities)[0].proposition == sentence


def test_definite_speakers_resolve_in_extracted_claims():
    from detector.claims import extract_claims
    from detector.records import Document

    doc = Document(id="d", source="Wire", text="The Eastern Command denied that any military site was hit in Drenica. "
                   "The command said it would present evidence. Orbis Shipping reported revenue of 2.9 billion "
                   "crowns. The company posted a net loss for 2024.")
    claims = {c.id: c for c in extract_claims([doc])}
    assert claims["d:1"].speaker == "Eastern Command"
    doc = Document(id="e", source="Wire", text="Tomas Brell said he had won the presidential election. "
                   "Brell told supporters in Vale that the count was rigged. Osten said the count was fair.")
    surnames = {c.id: c for c in extract_claims([doc])}
    assert surnames["e:1"].speaker == "Tomas Brell"
    assert surnames["e:2"].speaker == "Osten"  # no full name given before: kept
    assert claims["d:3"].proposition == "Orbis Shipping posted a net loss for 2024."
    assert claims["d:3"].text == "The company posted a net loss for 2024."


def test_the_club_is_the_organisation_before_it_not_a_surname_tagged_as_one():
    from detector.attribution import resolve_definite_subjects

    # en_core_web_sm tags "Varga" as ORG when the surname comes back after "Leon Varga" (PERSON)
    entities = [(0, "FC Marlow", "ORG"), (15, "Leon Varga", "PERSON"), (60, "Varga", "ORG")]
    claim = _doc_claim("d:2", "The club lost on Sunday.", 100)
    assert resolve_definite_subjects([claim], entities)[0].proposition == "FC Marlow lost on Sunday."
    speaker = _doc_claim("d:1", "The club said Varga would stay.", 45, "Varga would stay", speaker="club")
    assert resolve_definite_subjects([speaker], entities[:2])[0].speaker == "FC Marlow"


def test_subject_pronouns_of_reported_speech_resolve_to_the_speaker():
    from detector.claims import extract_claims
    from detector.records import Document

    doc = Document(id="p", source="Wire", text=(
        "Tomas Brell said he had won the presidential election. "
        "Rapid Ostend said it had completed the signing of Leon Varga. "
        "The Health Ministry said it was too early to say. "
        "The Defense Ministry of Valdoria said its forces captured Korvel. "
        "He won the election by a wide margin. "
        "Rapid Ostend said its stadium would be rebuilt."))
    got = [c.proposition for c in extract_claims([doc])]
    assert got[0] == "Tomas Brell had won the presidential election"
    assert got[1] == "Rapid Ostend had completed the signing of Leon Varga"
    assert got[2].lower() == "it was too early to say"  # the "it" of a judgement, not the ministry
    assert got[3] == "Defense Ministry of Valdoria's forces captured Korvel"  # the speaker's forces
    assert got[4] == "He won the election by a wide margin."  # no speaker to refer to
    assert got[5].lower().startswith("its stadium")  # other possessives are left alone


def test_it_resolves_to_an_organisation_speaker_that_is_no_named_entity():
    from detector.claims import extract_claims
    from detector.records import Document

    doc = Document(id="v", source="Eastmark Tribune", text=(
        "Carvenia's army claimed on Monday that it had taken Vardovo, a farming town of about 9,000 people. "
        "The Carvenian General Staff released a statement. "
        "The General Staff said its artillery had destroyed a fuel depot. "
        "Brask officials denied the claim. "
        "A spokesman said it had been a difficult week."))
    claims = extract_claims([doc])
    by_sentence = {int(c.id.rsplit(":", 1)[1]): c for c in claims}
    assert by_sentence[0].proposition.startswith("Carvenia's army had taken Vardovo")
    # the end of a name given before is that name, and its forces are the speaker's
    assert by_sentence[2].speaker == "Carvenian General Staff"
    assert by_sentence[2].proposition == "Carvenian General Staff's artillery had destroyed a fuel depot"
    # a denial of a linked claim keeps that claim's words: its "it" is not the denier
    assert by_sentence[3].linked_to == "v:2" and not by_sentence[3].proposition.startswith("Brask")
    assert by_sentence[4].proposition.lower().startswith("it had been")  # a person's "it" is something else


@pytest.mark.parametrize("sentence,proposition", [
    ("The Eastern Command denied that any military site was hit in Drenica.", "A military site was hit in Drenica"),
    ("The army denied that any civilians were killed.", "Some civilians were killed"),
    ("The ministry denied that any damage was done at all.", "Some damage was done"),
    ("He denied that anyone had ever been arrested.", "Someone had been arrested"),
    ("Officials denied that any Ukrainian unit had entered the town.", "A Ukrainian unit had entered the town"),
    ("Officials denied that any attack had taken place.", "An attack had taken place"),
    ("Nexa Health denied that Cardivex had caused any liver damage.", "Cardivex had caused some liver damage"),
])
def test_denied_propositions_lose_their_negative_polarity_items(sentence, proposition):
    att = _att(sentence)
    assert att.stance == "denies" and att.proposition == proposition


def test_asserted_propositions_keep_any():
    assert _att("The ministry said any attack would be answered.").proposition == "Any attack would be answered"


@pytest.mark.parametrize("text, expected", [
    ("Nexa Health said its blood pressure drug Cardivex is safe.", {("drug", "Cardivex")}),
    ("Striker Leon Varga has joined Rapid Ostend.", {("striker", "Leon Varga")}),
    ("Prime Minister Anna Berg said the talks had failed.", {("minister", "Anna Berg")}),
    ("The company said its chief executive, Anna Berg, would resign.", {("executive", "Anna Berg")}),
    # not descriptions: a part of a place, a parse that hangs a clause on a name, a role held before,
    # a noun too general to stand for one name
    ("The fire spread to homes in west London on Sunday.", set()),
    ("Ahead of the launch of the Apple Watch, a new report from TechCrunch details a hidden port.", set()),
    ("Former police officer David Klinger said the shots were fired.", set()),
    ("Local man Aamir Dhawan said no one helped.", set()),
    ("General Motors said sales rose in March.", set()),  # a title word inside a company's name
    ("Troops captured the town of Vardovo on Monday.", {("town", "Vardovo")}),
    ("The president of Brask visited the capital of Norhavia.", set()),  # "of" names the place only after a place noun
])
def test_describe_names_finds_what_a_name_is_called(text, expected):
    from detector.attribution import describe_names
    from detector.nlp import load_spacy

    found = describe_names(load_spacy()(text), offset=100)
    assert set(found.described) == expected
    assert all(start >= 100 for start, _ in found.mentions)


def test_the_described_noun_resolves_across_documents_to_the_name_before_it():
    from detector.claims import extract_claims
    from detector.records import Document

    docs = [Document(id="a", source="Nexa Health", text="Nexa Health said its blood pressure drug Cardivex is safe "
                     "for all adult patients."),
            Document(id="b", source="Medicines Board", text="The Medicines Board ordered a recall of Cardivex on "
                     "Thursday. The board said the drug caused liver damage in some patients. The drug maker "
                     "said the new drug was safe."),
            Document(id="c", source="Rapid Ostend", text="Rapid Ostend said it had completed the signing of Leon "
                     "Varga. The club paid 32 million euros for the striker."),
            Document(id="d", source="Sport Daily", text="Striker Leon Varga has joined Rapid Ostend for a fee of 40 "
                     "million euros."),
            Document(id="e", source="Wire", text="Prime Minister Anna Berg met the unions on Monday. Anna Berg "
                     "said the minister would not resign.")]
    claims = {c.id: c for c in extract_claims(docs)}
    # "drug Cardivex" is written in document a only; "the striker" is named in document d, after c
    assert claims["b:1"].proposition == "Cardivex caused liver damage in some patients"
    assert claims["b:1"].text == "The board said the drug caused liver damage in some patients."
    assert claims["c:1"].proposition == "Rapid Ostend paid 32 million euros for Leon Varga."
    # "the drug maker" and "the new drug" are not the bare noun
    assert "Cardivex" not in claims["b:2"].proposition
    # a speaker does not call herself "the minister"
    assert "Anna Berg" not in claims["e:1"].proposition
    # without other documents nothing names the drug: nothing is replaced
    alone = {c.id: c for c in extract_claims([docs[1]])}
    assert alone["b:1"].proposition == "The drug caused liver damage in some patients"


def test_a_lawyers_or_agents_client_is_the_person_they_act_for():
    from detector.claims import extract_claims
    from detector.records import Document

    doc = Document(id="p", source="Wire", text=(
        "Aurel Bexley's agent, Nina Castellane, denied that her client had signed a contract with Dynamo Varlen. "
        "A lawyer for Tom Ruel said his client was innocent. "
        "The bank said its clients were safe. "
        "The lawyer said her client would appeal."))
    got = [c.proposition for c in extract_claims([doc])]
    assert got[0] == "Aurel Bexley had signed a contract with Dynamo Varlen"
    assert got[1] == "Tom Ruel was innocent"
    assert "clients" in got[2].lower()  # not a client of a lawyer or agent
    assert "client" in got[3]  # nobody named as the one the lawyer acts for
