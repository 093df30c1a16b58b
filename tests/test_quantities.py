"""Quantities: what counts as one, qualifiers as intervals, and conflicts between two texts."""

import math

import pytest

from detector.quantities import (
    Quantity,
    extract_quantities,
    numeric_conflicts,
    substitute,
    years,
)


@pytest.mark.parametrize("text", [
    "The law was passed in 2023.",
    "The ceasefire starts on 1 August.",
    "Parties must respond before the Aug. 8 deadline.",
    "He won the second round.",
    "Flight 302 landed safely.",
    "Route 66 was closed.",
    "The talks resume at 10:30.",
    "The 3rd battalion moved north.",
    "Resolution No. 5 was adopted.",
    "Brigade 4 attacked at dawn.",
    "It was one of the worst attacks.",
])
def test_not_quantities(text):
    assert extract_quantities(text) == []


@pytest.mark.parametrize("text, low, high, unit", [
    ("Revenue reached 4.2 billion euros.", 4.2e9, 4.2e9, "euro"),
    ("The fund holds $5 million.", 5e6, 5e6, "dollar"),
    ("Turnout was 62 percent.", 62, 62, "percent"),
    ("Turnout was 62%.", 62, 62, "percent"),
    ("12 people died.", 12, 12, "people"),
    ("It shot down nine drones.", 9, 9, "drone"),
    ("About 4,500 workers went on strike.", 4050, 4950, "worker"),
    ("More than 20 people were hurt.", 20, math.inf, "people"),
    ("Up to 5 people were hurt.", 0, 5, "people"),
    ("Between 20 and 30 people were hurt.", 20, 30, "people"),
    ("A 14-day truce began.", 14, 14, "day"),
    ("A truce of 30 days began.", 30, 30, "day"),
])
def test_extract_quantities(text, low, high, unit):
    (q,) = extract_quantities(text)
    assert isinstance(q, Quantity)
    assert q.unit == unit
    assert q.low == pytest.approx(low)
    assert q.high == pytest.approx(high) if math.isfinite(high) else q.high == math.inf
    assert q.text


@pytest.mark.parametrize("text, value", [
    ("More than 20 people were hurt.", "20"),
    ("Revenue reached 4.2 billion euros.", "4.2 billion"),
    ("A 14-day truce began.", "14"),
    ("It shot down nine drones.", "nine"),
    ("Turnout was 62%.", "62%"),
])
def test_offsets_point_into_the_text(text, value):
    (q,) = extract_quantities(text)
    assert text[q.start:q.end] == q.text
    assert text[q.start:q.value_end] == value


def test_substitute_swaps_only_the_value():
    a, b = "About 4,500 workers went on strike.", "Officials counted 1,200 workers."
    (x, y), = numeric_conflicts(a, b)
    assert substitute(a, x, y, b) == "About 1,200 workers went on strike."
    a, b = "Revenue reached 4.2 billion euros.", "Revenue was 310 million euros."
    (x, y), = numeric_conflicts(a, b)
    assert substitute(a, x, y, b) == "Revenue reached 310 million euros."


@pytest.mark.parametrize("text, expected", [
    ("Unemployment fell to 5.2 percent in March.", {"March"}),
    ("February's figures and those for June were revised.", {"February", "June"}),
    ("The dam broke on 3 March.", set()),  # a day, not a period
    ("The dam broke on March 3.", set()),
    ("Prices may rise, May said.", set()),  # the verb and the surname
    ("Sales fell in May.", {"May"}),
])
def test_months(text, expected):
    from detector.quantities import months

    assert months(text) == expected


def test_years():
    assert years("Between 1999 and 2023, not 2150 or 12345.") == {"1999", "2023"}
    assert years("No year here.") == set()


def test_several_quantities_in_order():
    qs = extract_quantities("In 2024, 31 people died and 40 buildings were damaged.")
    assert [(q.low, q.unit) for q in qs] == [(31, "people"), (40, "building")]


@pytest.mark.parametrize("a, b", [
    ("More than 20 people were killed.", "23 people were killed."),
    ("About 4,500 workers went on strike.", "4,400 workers went on strike."),
    ("Turnout was 62 percent.", "Turnout was 61%."),
    ("Revenue was 4.2 billion euros.", "Revenue was 4,200 million euros."),
    ("Between 20 and 30 people were hurt.", "25 people were hurt."),
    ("12 people were killed.", "12 buildings were destroyed."),  # different units never conflict
    ("The law was passed in 2023.", "The law was passed in 2021."),  # years are not quantities
    ("12 people died and 31 people were hurt.", "31 people were hurt and 12 people died."),
])
def test_compatible(a, b):
    assert numeric_conflicts(a, b) == []


@pytest.mark.parametrize("a, b, unit", [
    ("12 people were killed.", "31 people were killed.", "people"),
    ("A 14-day truce was agreed.", "A truce of 30 days was agreed.", "day"),
    ("Turnout was 62 percent.", "Turnout was 48%.", "percent"),
    ("At least 10 people died.", "8 people died.", "people"),
    ("Fewer than 5 soldiers were captured.", "40 soldiers were captured.", "soldier"),
])
def test_conflicts(a, b, unit):
    conflicts = numeric_conflicts(a, b)
    assert len(conflicts) == 1
    x, y = conflicts[0]
    assert x.unit == y.unit == unit
    assert x in extract_quantities(a) and y in extract_quantities(b)


@pytest.mark.parametrize("text, rounding", [
    ("Turnout was 61 percent.", 0.5),
    ("Unemployment was 5.2 percent.", 0.05),
    ("The plant employs 4,500 people.", 50),
    ("The plant employs 3,000 people.", 150),  # half a thousand would be 2,500-3,500: capped at 5 %
    ("Revenue was 1.4 million euros.", 0.05e6),
    ("Some 300 people came.", 0.5),  # round hundreds are often exact counts
    ("Inflation was 5 percent.", 0.5),  # the cap of 5 % never cuts below the last digit written
    ("Some 2 million people fled.", 0.1e6),  # with a scale word it does: 2 million is not 1.5-2.5 million
    ("It shot down twelve drones.", 0.5),
    ("Forty-two cases have been confirmed.", 0.5),  # hyphenated number words are exact counts too
    ("Hundreds of people were evacuated.", 0.0),  # a range already
])
def test_rounding_is_half_the_last_significant_digit(text, rounding):
    (q,) = extract_quantities(text)
    assert q.rounding == pytest.approx(rounding)


@pytest.mark.parametrize("a, b, conflict", [
    ("Turnout was 61 percent.", "Turnout was 58 percent.", True),
    ("Turnout was 62 percent.", "Turnout was 61%.", False),  # both may be 61.5
    ("The plant employs 4,500 people.", "The plant employs 4,480 people.", False),
    ("The plant employs 4,500 people.", "The plant employs 4,300 people.", True),
    ("Some 10,000 people fled.", "Some 6,000 people fled.", True),
    ("The club paid 40 million euros.", "The club paid 32 million euros.", True),
    ("Unemployment was 5.2 percent.", "Unemployment was 5.24 percent.", False),
    ("Inflation was 5 percent.", "Inflation was 5.4 percent.", False),
    ("The flood displaced 2 million people.", "The flood displaced 3 million people.", True),
])
def test_figures_conflict_beyond_their_rounding(a, b, conflict):
    assert bool(numeric_conflicts(a, b)) is conflict


def test_tolerance_is_relative():
    assert numeric_conflicts("100 people came.", "115 people came.", tolerance=0.1) == []
    assert numeric_conflicts("100 people came.", "150 people came.", tolerance=0.1)
    assert numeric_conflicts("100 people came.", "150 people came.", tolerance=0.3) == []


def test_four_digit_count_is_not_a_year():
    assert numeric_conflicts("Russia sent 2000 troops.", "Russia sent 5,000 troops.")


def test_vague_plural_numbers_are_ranges():
    assert numeric_conflicts("Hundreds of people were evacuated.", "350 people were evacuated.") == []


def test_elliptical_count_inherits_the_unit():
    assert numeric_conflicts("12 people died and 31 were hurt.", "31 people were hurt and 12 died.") == []


def test_scaled_ranges_keep_their_scale():
    (q,) = extract_quantities("The project cost between $20 million and $30 million.")
    assert (q.low, q.high, q.unit) == (20e6, 30e6, "dollar")
    (q,) = extract_quantities("Between 2 and 3 million people fled.")
    assert (q.low, q.high, q.unit) == (2e6, 3e6, "people")
    assert numeric_conflicts("The project cost between $20 million and $30 million.", "The project cost $25 million.") == []
    assert numeric_conflicts("Between 2 and 3 million people fled.", "9 million people fled.")


def test_conflicts_come_in_a_stable_order():
    out = numeric_conflicts("12 people and 3 tanks were lost.", "40 people and 9 tanks were lost.")
    assert [x.unit for x, _ in out] == ["people", "tank"]


@pytest.mark.parametrize("text,unit", [
    ("By Thursday the number of people missing in the Ordal valley had risen to 14.", "people"),
    ("The number of jobless people rose to 1.5 million.", "people"),
    ("The number of civilian deaths has risen to 40.", "death"),
    ("The death toll rose to 31.", "toll"),  # no "number of": the nearest word, as before
    ("A number of officials said revenue was 4 billion.", "revenue"),  # not after "to"/"at"
])
def test_bare_number_after_to_takes_the_unit_of_number_of(text, unit):
    (q,) = extract_quantities(text)
    assert q.unit == unit


@pytest.mark.parametrize("text,unit", [("No civilians were killed in the strike.", "civilian"),
                                       ("There were no deaths.", "death"), ("It reported zero casualties.", "casualty"),
                                       ("No people were hurt.", "people")])
def test_no_before_a_plural_noun_counts_zero(text, unit):
    (q,) = extract_quantities(text)
    assert (q.low, q.high, q.unit) == (0.0, 0.0, unit)


@pytest.mark.parametrize("text", ["He no longer works there.", "No one was hurt.", "There is no evidence.", "no news",
                                  "It was no less a man than the mayor."])
def test_no_without_a_counted_noun_is_not_a_quantity(text):
    assert extract_quantities(text) == []


def test_zero_conflicts_with_a_count_of_the_same_thing():
    assert numeric_conflicts("No civilians were killed in the strike.", "The strike killed eleven civilians.")
    assert not numeric_conflicts("No civilians were killed.", "Eleven soldiers were killed.")


@pytest.mark.parametrize("text,low,high", [("no more than 5 people", 0.0, 5.0), ("no fewer than 30 boats", 30.0, math.inf),
                                           ("no less than 20 people", 20.0, math.inf)])
def test_negated_bounds(text, low, high):
    (q,) = extract_quantities(text)
    assert (q.low, q.high) == (low, high)


def test_substitute_carries_the_new_values_bound():
    a, b = "The company replaced 340 kilometres of pipe.", "The union said it replaced fewer than 100 kilometres."
    (x, y), = numeric_conflicts(a, b)
    assert substitute(a, x, y, b) == "The company replaced fewer than 100 kilometres of pipe."
    a = "The company replaced about 340 kilometres of pipe."
    (x, y), = numeric_conflicts(a, b)
    assert substitute(a, x, y, b) == "The company replaced fewer than 100 kilometres of pipe."


@pytest.mark.parametrize("text, value", [
    ("Forty-two cases of cholera have been confirmed.", 42),  # news style spells out a figure opening a sentence
    ("Police said ninety-nine people were arrested.", 99),
    ("Seventy-five percent of voters took part.", 75),
])
def test_hyphenated_number_words(text, value):
    (q,) = extract_quantities(text)
    assert (q.low, q.high) == (value, value)


def test_hyphenated_words_that_are_not_numbers():
    assert extract_quantities("The well-known forty-niners played at home.") == []
    assert numeric_conflicts("Forty-two cases were confirmed in Greddon.", "117 cases were confirmed in Greddon.")
