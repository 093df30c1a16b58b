import datetime as dt

import pytest

from detector.timeexpr import resolve_period, resolve_time

PUB = dt.date(2025, 8, 1)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks ended on 1 August 2025.", dt.date(2025, 8, 1)),
        ("The vote is set for July 31, 2024.", dt.date(2024, 7, 31)),
        ("Trump's Aug. 8 deadline to end the war.", dt.date(2025, 8, 8)),
        ("The offensive began on July 31.", dt.date(2025, 7, 31)),
        ("The army denied the capture on Thursday.", dt.date(2025, 7, 31)),
        ("He spoke last Friday.", dt.date(2025, 7, 25)),
        ("He speaks on Friday.", dt.date(2025, 8, 1)),
        ("They will meet next Monday.", dt.date(2025, 8, 4)),
        ("The bridge collapsed yesterday.", dt.date(2025, 7, 31)),
        ("Officials said today that the road was open.", dt.date(2025, 8, 1)),
        ("a missile strike the day before that killed 30", dt.date(2025, 7, 31)),
        ("Figures released 2025-06-30 show a drop.", dt.date(2025, 6, 30)),
        ("The case opened in late December.", None),  # month precision: no day
        ("Fuel prices rose sharply.", None),
        ("Officials may decide soon.", None),  # the modal verb, not the month
    ],
)
def test_resolve_time(text, expected):
    assert resolve_time(text, PUB) == expected


def test_month_day_takes_the_closest_year():
    assert resolve_time("The ceasefire began on Dec. 30.", dt.date(2026, 1, 3)) == dt.date(2025, 12, 30)


def test_relative_needs_pub_date_but_explicit_does_not():
    assert resolve_time("It happened on Thursday.", None) is None
    assert resolve_time("It happened on 3 March 2024.", None) == dt.date(2024, 3, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Last November, Putin unveiled the missile.", (dt.date(2024, 11, 1), dt.date(2024, 11, 30))),
        ("Sales fell in March.", (dt.date(2025, 3, 1), dt.date(2025, 3, 31))),
        ("The plant closed in 2023.", (dt.date(2023, 1, 1), dt.date(2023, 12, 31))),
        ("Talks stalled last week.", (dt.date(2025, 7, 21), dt.date(2025, 7, 27))),
        ("Trump's remarks from earlier this week.", (dt.date(2025, 7, 28), PUB)),
        ("Prices rose last year.", (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        ("He resigned on Thursday.", (dt.date(2025, 7, 31), dt.date(2025, 7, 31))),
        ("Nothing in particular happened.", None),
    ],
)
def test_resolve_period(text, expected):
    assert resolve_period(text, PUB) == expected


def test_span_input_uses_entities():
    from detector.nlp import load_spacy

    doc = load_spacy()("The Ukrainian army denied the capture on Thursday.")
    assert resolve_time(doc[:], PUB) == dt.date(2025, 7, 31)
