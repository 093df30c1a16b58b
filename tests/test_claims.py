import datetime as dt
from dataclasses import replace

import pytest

import detector.attribution as attribution
from detector.claims import extract_claims, is_boilerplate, split_blocks
from detector.records import Attribution, Document


BODY = [
    "Support Example News!",
    "",
    "Russia Says It Took Chasiv Yar",
    "",
    "By Jane Smith",
    "",
    "Soldiers near the town. Example Press Office / Reuters",
    "",
    "The Russian Defense Ministry said on Thursday that its forces had captured Chasiv Yar. "
    "The Ukrainian army denied the capture hours later.",
    "",
    "Read more",
    "",
    "Sign up for our free weekly newsletter",
    "",
    "Analysts said the satellite images did not allow either claim to be confirmed. Fighting continued.",
    "",
    "Officials in Kyiv said that new fortifications had been built west of the canal during the spring.",
    "",
    "A Message from Example News:",
    "",
    "We are facing unprecedented challenges. The authorities have labeled our newsroom a foreign agent.",
    "",
    "Once",
    "Monthly",
    "Continue",
]
TEXT = "\n".join(BODY) + "\n"


def _doc(text: str = TEXT, **kw) -> Document:
    return Document(id="d1", text=text, source="Example News", date=dt.date(2025, 8, 1), **kw)


def test_empty_input():
    assert extract_claims([]) == []


def test_offsets_ids_and_boilerplate_removed():
    claims = extract_claims([_doc()], attribute=False)
    doc = _doc()
    texts = [c.text for c in claims]
    assert any("captured Chasiv Yar" in t for t in texts)
    assert any("denied the capture" in t for t in texts)
    assert any(t.startswith("Analysts said") for t in texts)
    for c in claims:
        assert doc.text[c.start:c.end] == c.text == c.text.strip()
        assert c.id.startswith("d1:") and c.doc_id == "d1"
        assert (c.speaker, c.stance, c.proposition, c.source) == ("Example News", "asserts", c.text, "Example News")
        assert c.date == dt.date(2025, 8, 1)
    joined = " ".join(texts)
    for junk in ("Support Example", "Jane Smith", "Reuters", "Read more", "newsletter", "Message from",
                 "unprecedented", "foreign agent", "Monthly", "Continue", "Fighting continued"):
        assert junk not in joined, junk
    assert len({c.id for c in claims}) == len(claims)
    numbers = [int(c.id.split(":")[1]) for c in claims]
    assert numbers == sorted(numbers) and numbers[0] > 0  # boilerplate before it still consumed ids


def test_ids_stable_when_filters_change():
    strict = {c.text: c.id for c in extract_claims([_doc()], attribute=False)}
    loose = {c.text: c.id for c in extract_claims([_doc()], attribute=False, min_words=1)}
    assert len(loose) > len(strict)
    assert all(loose[t] == i for t, i in strict.items())


def test_tail_marker_only_near_the_end():
    text = ("Dear readers,\n\nThe ministry said the bridge reopened on Monday after repairs.\n\n"
            "Officials said traffic was flowing normally again across the river.\n")
    texts = [c.text for c in extract_claims([_doc(text)], attribute=False)]
    assert texts == ["The ministry said the bridge reopened on Monday after repairs.",
                     "Officials said traffic was flowing normally again across the river."]


def test_headline_does_not_merge_with_next_line():
    text = "Russia claims capture of Chasiv Yar\nThe ministry said its forces had captured the town on Thursday.\n"
    assert [text[s:e] for s, e in split_blocks(text)] == [
        "Russia claims capture of Chasiv Yar", "The ministry said its forces had captured the town on Thursday."]
    claims = extract_claims([_doc(text)], attribute=False)
    assert [c.text for c in claims][-1] == "The ministry said its forces had captured the town on Thursday."


def test_hard_wrapped_paragraph_is_one_block():
    text = ("The ministry said on Thursday that its forces had captured\n"
            "the town after more than a year of fighting, and that the\n"
            "Ukrainian units had withdrawn.\n")
    assert split_blocks(text) == [(0, len(text) - 1)]
    claims = extract_claims([_doc(text)], attribute=False)
    assert len(claims) == 1 and claims[0].text.endswith("withdrawn.")


def test_long_block_chunked_with_correct_offsets(monkeypatch):
    from detector.nlp import load_spacy

    monkeypatch.setattr(load_spacy(), "max_length", 80)
    text = " ".join(["The ministry said its forces had captured the town."] * 6)
    claims = extract_claims([_doc(text)], attribute=False)
    assert len(claims) >= 4
    for c in claims:
        assert text[c.start:c.end] == c.text


def test_attribution_used_and_linked(monkeypatch):
    seen = []

    def fake_analyze(sent, pub_date):
        seen.append(pub_date)
        if "denied" in sent.text:
            return Attribution(speaker="Ukrainian army", verb="deny", stance="denies", proposition="",
                               event_date=dt.date(2025, 7, 31))
        return Attribution(proposition=sent.text.strip())

    def fake_link(claims):
        return [replace(c, linked_to="x") for c in claims]

    monkeypatch.setattr(attribution, "analyze_sentence", fake_analyze)
    monkeypatch.setattr(attribution, "link_references", fake_link)
    claims = extract_claims([_doc()])
    assert seen and set(seen) == {dt.date(2025, 8, 1)}
    denial = next(c for c in claims if "denied" in c.text)
    assert (denial.speaker, denial.stance, denial.verb) == ("Ukrainian army", "denies", "deny")
    assert denial.proposition == denial.text and denial.event_date == dt.date(2025, 7, 31)
    other = next(c for c in claims if "Analysts" in c.text)
    assert other.speaker == "Example News"
    assert all(c.linked_to == "x" for c in claims)


@pytest.mark.parametrize("text", [
    "Support The Moscow Times!", "Sign up for our free weekly newsletter", "Subscribers agree to the Privacy Policy",
    "You will receive it in your mailbox every Friday.", "Read more", "Continue", "Once", "Monthly", "Annual",
    "Remind me later.", "Not ready to support today?", "Dear readers,", "A Message from The Moscow Times:",
    "Alexander Lukashenko and Vladimir Putin. Russian Presidential Press and Information Office / TASS",
    "Share this article", "Click here to subscribe", "© 2025 Example News. All rights reserved.",
    "Copyright 2025 Example Media", "By John Smith", "By John Smith, Reuters",
    "We use cookies to improve your experience.",
    "Your support, no matter how small, makes a world of difference.", "Privacy policy | Terms of use",
    "By supporting The Moscow Times, you're defending open, independent journalism in the face of repression.",
    "We, the journalists of The Moscow Times, refuse to be silenced. But to continue our work, we need your help.",
])
def test_is_boilerplate_true(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize("text", [
    "The Ukrainian army denied the capture on Thursday.",
    "Support for the war among Russians remains high, a poll showed.",
    "By Thursday evening, Russian forces had captured the town.",
    "Meta said it would update its privacy policy next month after complaints from regulators in Europe.",
    "“We thank all the countries that support us,” Zelensky said.",
    "Officials said 30 people were killed in the strike.",
])
def test_is_boilerplate_false(text):
    assert not is_boilerplate(text)


def test_real_article(example_article):
    from detector.ingest import load_documents

    doc = load_documents([example_article]).documents[0]
    claims = extract_claims([doc], attribute=False)
    texts = [c.text for c in claims]
    for c in claims:
        assert doc.text[c.start:c.end] == c.text
        for junk in ("newsletter", "support", "Dear readers", "Read more", "Privacy Policy", "Remind me later",
                     "Continue", "Presidential Press and Information Office", "undesirable"):
            assert junk.lower() not in c.text.lower(), (junk, c.text)
    assert any("captured the eastern Ukrainian town of Chasiv Yar" in t for t in texts)
    assert any("denied the capture" in t for t in texts)
    assert len(claims) >= 15


def test_title_case_headline_dropped_but_plain_sentence_kept():
    text = ("Minister Resigns Over Port Deal, Says Rivals Forced Him Out\n\n"
            "The transport minister resigned on Monday after a dispute over the port contract.\n"
            "Officials say the deal was signed without a tender\n")
    claims = extract_claims([Document(id="h", text=text, source="S")], attribute=False)
    texts = [c.text for c in claims]
    assert not any("Minister Resigns" in t for t in texts)
    assert any(t.startswith("The transport minister resigned") for t in texts)
    assert any(t.startswith("Officials say the deal was signed") for t in texts)


def test_no_sentence_break_without_punctuation():
    """en_core_web_sm splits "Forty | Brask soldiers surrendered ..." after an opening number word; a break
    needs closing punctuation before it."""
    from detector.nlp import load_spacy

    text = ("The army said on Tuesday that its units had entered Vardovo. Forty Brask soldiers surrendered near "
            "the bridge, the army said. He said: \"It is over.\" Then they left.")
    assert [s.text for s in load_spacy()(text).sents] == [
        "The army said on Tuesday that its units had entered Vardovo.",
        "Forty Brask soldiers surrendered near the bridge, the army said.",
        "He said: \"It is over.\"", "Then they left."]
    claims = extract_claims([Document(id="v", source="Wire", text=text)], attribute=False)
    assert claims[1].text.startswith("Forty Brask soldiers")


def test_a_name_opening_a_sentence_is_an_entity_when_the_source_names_it():
    text = "Maresk regional governor Lev Tarnak said the drones hit a passenger train at the station."
    named = extract_claims([Document(id="d", text=text, source="Office of the Governor of Maresk")])
    unnamed = extract_claims([Document(id="d", text=text, source="Regional office")])
    assert "maresk" in named[0].entities and "tarnak" in named[0].entities
    # spaCy tags the opening "Maresk" as a common noun: only the source's name makes it an entity
    assert "maresk" not in unnamed[0].entities and "tarnak" in unnamed[0].entities
    assert "governor" not in named[0].entities  # lower-case in the text: not a name here


@pytest.mark.parametrize("text", [
    "Get ready for the tech press to flip out when Apple announces the retail price for the gold watch.",
    "Keep up with the latest news, rumours and spoilers about the film.",
    "Let's start with a little background on the gold market.",
    "But don't expect the company to change its pricing any time soon.",
    "Just look at the photographs posted by the agency this week.",
])
def test_directives_to_the_reader_are_not_claims(text):
    from detector.claims import is_directive
    from detector.nlp import load_spacy

    assert is_directive(next(load_spacy()(text).sents))
    kept = "The agency posted the photographs on Monday."
    claims = extract_claims([Document(id="i", text=f"{kept}\n\n{text}\n", source="S")], attribute=False)
    assert [c.text for c in claims] == [kept]


@pytest.mark.parametrize("text", [
    "The ministry said on Monday that its forces had captured the town.",
    '"Stop using Tor or any other browser," the agent told the customer.',
    "Remember that 1.3 million women are victims of domestic abuse every year.",
    "Analysts expect prices to rise in the spring.",
    "Protesters gathered outside the parliament building on Sunday.",
])
def test_statements_are_not_directives(text):
    from detector.claims import is_directive
    from detector.nlp import load_spacy

    assert not is_directive(next(load_spacy()(text).sents))
    assert len(extract_claims([Document(id="s", text=text, source="S")], attribute=False)) == 1


def test_lead_in_ending_in_a_colon_is_not_a_claim():
    from detector.claims import is_lead_in

    assert is_lead_in("McManus defended the network on Twitter:")
    assert is_lead_in('A neighbour told The Telegraph: "')
    assert not is_lead_in("The result was clear: the incumbent won with 54 percent.")
    text = "A neighbour told reporters on Monday:\n\nThe blast shook every house in the street at midnight.\n"
    claims = extract_claims([Document(id="l", text=text, source="S")], attribute=False)
    assert [c.text for c in claims] == ["The blast shook every house in the street at midnight."]
