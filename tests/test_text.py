"""normalize_text: the one normal form shared by NLI training and inference."""

import pytest

from detector.text import normalize_text


@pytest.mark.parametrize("raw, expected", [
    ("do n't go .", "don't go."),
    ("I ca n't", "I can't"),
    ("They 're here", "They're here"),
    ("It 's 5 % .", "It's 5%."),
    ('He said , "yes" ( really ) !', 'He said, "yes" (really)!'),
    ("``Hello , world''", '"Hello, world"'),
    ("\u201cHi\u201d \u2018x\u2019", "\"Hi\" 'x'"),
    ("a\n\t  b", "a b"),
    ("  padded  ", "padded"),
    ("\ufb01ne", "fine"),  # NFKC: the "fi" ligature
    ("", ""),
    ("   ", ""),
])
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_text_leaves_news_text_alone():
    text = "The Russian Defense Ministry said its forces had captured Chasiv Yar; Kyiv denied it."
    assert normalize_text(text) == text


def test_normalize_text_is_idempotent():
    for raw in ("do n't go .", "He said , `` yes '' ( really ) !", "\u201cWe 've won\u201d , he said ."):
        once = normalize_text(raw)
        assert normalize_text(once) == once


@pytest.mark.parametrize("a,b,expected_a,expected_b", [
    ("Orbis Shipping posted a net loss for 2024.", "Orbis made a net profit in 2024.",
     "Orbis posted a net loss for 2024.", "Orbis made a net profit in 2024."),
    ("Ruel had won the election.", "Ana Ruel won the mayoral election in Tessaly.",
     "Ruel had won the election.", "Ruel won the mayoral election in Tessaly."),
    ("On Monday Orbis Shipping's chief resigned.", "Orbis kept its chief.",  # weekday and possessive kept
     "On Monday Orbis's chief resigned.", "Orbis kept its chief."),
    ("The Bank of England raised rates.", "England lost the match.",  # "England" is not the bank
     "The Bank of England raised rates.", "England lost the match."),
    ("Ana Ruel and Tom Ruel won.", "Ruel lost.", "Ana Ruel and Tom Ruel won.", "Ruel lost."),  # ambiguous
    ("New York City is big.", "York is small.", "New York City is big.", "York is small."),  # a middle word
])
def test_shared_names(a, b, expected_a, expected_b):
    from detector.text import shared_names

    assert shared_names(a, b) == (expected_a, expected_b)


@pytest.mark.parametrize("text,expected", [
    ("Vardovo had fallen to Carvenian troops", "Carvenian troops had captured Vardovo"),
    ("Chasiv Yar fell to Russian forces on Monday", "Russian forces captured Chasiv Yar on Monday"),
    ("The city fell to the rebels after a week of fighting.", "The rebels captured the city after a week of fighting."),
    ("The town had changed hands", "The town had been captured"),
    ("Korvel changed hands twice in May", "Korvel was captured twice in May"),
    # not a place taken by a side
    ("Prices fell to 3 percent", "Prices fell to 3 percent"),
    ("The task fell to the mayor", "The task fell to the mayor"),
    ("He fell to the ground", "He fell to the ground"),
    ("The company changed hands in 2019", "The company changed hands in 2019"),
])
def test_canonical_events(text, expected):
    from detector.text import canonical_events

    assert canonical_events(text) == expected
