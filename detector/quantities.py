"""Quantities in claims, and whether two claims give the same quantity different values.

A quantity is a number with what it counts: "31 people", "4.2 billion euros", "62 percent", "30 days".
"No" and "zero" before a plural noun count zero ("No civilians were killed" is 0 civilians), so a count
given elsewhere conflicts with it. Not quantities: years ("in 2023"), dates ("1 August", "Aug. 8"), times ("10:30"), ordinals ("second",
"3rd"), and identifiers ("No. 5", "Route 66", "Flight 302", "Brigade 4").
Qualifiers turn a value into an interval: "more than 20" = (20, inf), "at least 10" = [10, inf),
"up to/fewer than/under 5", "about/around/nearly 40" = ±10 %, "between 20 and 30" = [20, 30].
A figure as written also stands for every value that rounds to it (:attr:`Quantity.rounding`): "61 percent"
for 60.5-61.5, "5.2" for 5.15-5.25, "4,500" for 4,450-4,550, "1.4 million" for 1.35-1.45 million, at most
±5 % of the value ("3,000" for 2,850-3,150, not 2,500-3,500).
Two quantities with the same unit conflict when their intervals, widened by their rounding and then by a
relative tolerance (none by default), do not overlap: "Turnout was 61 percent" conflicts with "58 percent",
while "62 percent" and "61%" agree (both may be 61.5).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["Quantity", "extract_quantities", "numeric_conflicts", "years", "months", "substitute", "QUALIFIER_WORDS",
           "NUMBER"]

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def years(text: str) -> set[str]:
    """Four-digit years (1800-2099) mentioned in ``text``."""
    return set(_YEAR.findall(text))


_MONTH_NAME = re.compile(r"(?<!\d )\b(January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\b(?!\s+\d{1,2}\b)")
_MAY_BEFORE = re.compile(r"\b(in|of|for|since|until|till|during|early|late|mid|through|from|to|by|last|this|next)\s+$",
                         re.IGNORECASE)


def months(text: str) -> set[str]:
    """Months named as periods ("in March", "February's figures"), not as days ("3 March", "March 3"); "May"
    only after a preposition or "last"/"this"/"next" ("in May", not "prices may rise" or "May said")."""
    return {m.group(1) for m in _MONTH_NAME.finditer(text)
            if m.group(1) != "May" or _MAY_BEFORE.search(text[: m.start()])}


def substitute(text: str, old: "Quantity", new: "Quantity", new_source: str) -> str:
    """``text`` with the value of quantity ``old`` replaced by the value of ``new`` (as written in
    ``new_source``, the text ``new`` was extracted from); the unit stays, and so does ``old``'s qualifier
    unless ``new`` has one of its own, which then replaces it ("replaced 340 kilometres" with "fewer than 100
    kilometres" -> "replaced fewer than 100 kilometres": the bound is part of the value)."""
    qualifier = _qualifier_before(new_source, new.start)
    start = old.start - len(_qualifier_before(text, old.start)) if qualifier else old.start
    return text[:start] + qualifier + new_source[new.start:new.value_end] + text[old.value_end:]


def _qualifier_before(text: str, position: int) -> str:
    """The qualifier phrase ("fewer than ", "about ", "no more than ") that ends right before ``position``
    in ``text``, as written, or ""."""
    match = _QUALIFIER_BEFORE.search(text[:position])
    return match.group(0) if match else ""

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
    "hundreds": 200, "thousands": 2000, "no": 0, "zero": 0,
}
#: Zero as a count ("no civilians were killed", "zero deaths"): only before a plural noun, never in "no less
#: than", "no longer", "no one" or "no matter".
_ZERO_WORDS = {"no", "zero"}
_NOT_ZERO_COUNT = {"less", "longer", "more", "fewer", "matter", "doubt", "sign", "one", "news", "plus", "thanks",
                   "was", "is", "has", "does", "yes"}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_ID_WORDS = {"no", "number", "route", "flight", "brigade", "article", "section", "chapter", "page", "room",
             "highway", "road", "line", "unit", "resolution", "amendment", "version", "grade", "level",
             "platform", "gate", "bus", "tram", "district", "zone", "block", "building", "apartment", "suite",
             "minute", "hour", "day", "year", "week", "month", "decade", "century", "season", "round", "phase",
             "stage", "term", "channel", "model", "series", "size", "type", "class", "act", "bill", "case"}
_UNIT_SKIP = {"of", "the", "a", "an", "more", "new", "additional", "other", "local", "their", "its", "his",
              "her", "our", "some", "about", "around", "than"}
_CURRENCY = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen"}
#: A number as written in text: digits with optional thousands separators and decimals ("4,500", "2.5").
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_TOKEN = re.compile(rf"[$€£¥]?{NUMBER}%?|[A-Za-z]+(?:-[A-Za-z]+)*|[%$€£¥]|\S")
_QUAL_LOWER = {"more than", "over", "above", "at least", "exceeding", "upwards of", "in excess of", "no fewer than",
               "no less than"}
_QUAL_UPPER = {"fewer than", "less than", "under", "below", "up to", "at most", "no more than"}
_QUAL_ABOUT = {"about", "around", "roughly", "nearly", "almost", "approximately", "some", "close to", "an estimated",
               "estimated"}
_QUALIFIER_BEFORE = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(q) for q in _QUAL_LOWER | _QUAL_UPPER | _QUAL_ABOUT), key=len, reverse=True))
    + r")\s+$", re.IGNORECASE)
#: Every word of the qualifier phrases above ("more", "than", "least", ...), for comparing texts apart from
#: their figures (:func:`detector.verdicts.figures_agree`).
QUALIFIER_WORDS = frozenset(w for phrase in _QUAL_LOWER | _QUAL_UPPER | _QUAL_ABOUT for w in phrase.split())


@dataclass(frozen=True)
class Quantity:
    """A number with its unit: ``low``/``high`` bound the value (equal for an exact value), ``unit`` is the
    singular lower-case word counted ("person" -> "people" kept as written, plural "s" stripped), ``text``
    the matched characters, ``start``/``end`` their offsets in the analysed text, ``rounding`` how far on
    either side of the bounds a value that rounds to the written figure may lie (half a unit of its last
    significant digit, at most 5 % of it; 0 for vague words such as "hundreds", which are ranges already)."""

    low: float
    high: float
    unit: str
    text: str
    start: int = 0
    end: int = 0
    value_end: int = 0
    rounding: float = 0.0


_LINK_WORDS = {"and", "or", "in", "on", "at", "for", "by", "from", "with", "to", "after", "before", "last", "this",
               "that", "which", "who", "was", "were", "is", "are", "will", "would", "had", "has", "have"}
_LOOKBACK_SKIP = {"of", "was", "were", "is", "are", "at", "to", "reached", "totalled", "totaled", "stood", "rose",
                  "fell", "hit", "be", "been", "by", "than", "more", "over", "about", "around", "under", "least"}


_IRREGULAR_PLURALS = {"people", "children", "men", "women", "police", "staff", "personnel", "casualties"}
_ED_NOUNS = {"hundred", "red", "bed", "shed", "seed", "speed", "feed", "need", "breed", "steed", "creed", "reed"}
_VAGUE = {"dozens": (24.0, 99.0), "hundreds": (200.0, 999.0), "thousands": (2000.0, 9999.0)}
_YEAR_PREPOSITIONS = {"in", "since", "by", "from", "until", "till", "of", "to", "before", "after", "early", "late",
                      "mid", "during", "year", "summer", "winter", "spring", "autumn", "fall", "the"}


def _counts_noun(lower: list[str], i: int) -> bool:
    """Whether the 4-digit number at ``i`` counts something ("2000 troops") rather than naming a year."""
    if i and lower[i - 1] in _YEAR_PREPOSITIONS:
        return False
    nxt = lower[i + 1] if i + 1 < len(lower) else ""
    return bool(re.fullmatch(r"[a-z]+s", nxt)) and nxt not in _ID_WORDS and nxt.rstrip(".") not in _MONTHS


def _preceding_noun(lower: list[str], start: int) -> str:
    """Unit for a bare number ("revenue of 4.2 billion"): the nearest word before it, skipping links; after
    "to" or "at" ("had risen to 14"), the noun of a "number of <noun>" before it if there is one ("the number
    of people missing had risen to 14": people; "number of jobless people": people)."""
    if start and lower[start - 1] in ("to", "at"):
        for k in range(start - 2, 0, -1):
            if lower[k] == "of" and lower[k - 1] == "number" and re.fullmatch(r"[a-z][a-z-]{2,}", lower[k + 1]):
                after = lower[k + 2] if k + 2 < start else ""
                plural = after == "people" or re.fullmatch(r"[a-z]{3,}s", after) and not lower[k + 1].endswith("s")
                return _singular(after if plural else lower[k + 1])
    for k in range(start - 1, max(-1, start - 5), -1):
        word = lower[k]
        if word in _LOOKBACK_SKIP or word in _QUAL_ABOUT or word in _CURRENCY:
            continue
        return _singular(word) if re.fullmatch(r"[a-z][a-z-]{2,}", word) and word not in _LINK_WORDS else ""
    return ""


_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _word_number(token: str) -> int | None:
    """The value of a number word, hyphenated tens and units included ("twelve" 12, "forty-two" 42; news
    style spells out a figure that opens a sentence: "Forty-two cases have been confirmed"); else None."""
    if token in _WORD_NUMBERS:
        return _WORD_NUMBERS[token]
    tens, _, units = token.partition("-")
    if tens in _TENS and units in _UNITS:
        return _WORD_NUMBERS[tens] + _WORD_NUMBERS[units]
    return None


def _value(token: str) -> float | None:
    token = token.lower().lstrip("$€£¥").rstrip("%")
    word = _word_number(token)
    if word is not None:
        return float(word)
    if re.fullmatch(NUMBER, token):
        return float(token.replace(",", ""))
    return None


#: The largest rounding :func:`_rounding` allows, relative to the value: "10,000" is not 5,000-15,000.
_MAX_ROUNDING = 0.05


def _rounding(token: str, scale: float) -> float:
    """Half a unit of the last significant digit of the figure ``token`` times ``scale`` (the value of a
    "million" after it), capped at :data:`_MAX_ROUNDING` of the value (for a figure without a scale word,
    never below half its last written digit: "5" is 4.5-5.5, while "2 million" is not 1.5-2.5 million, which
    would meet "3 million"). Trailing zeros of a whole number
    count as rounding only from 1,000 on ("4,500" is 4,450-4,550, but "300 people" is 300 ± 0.5): round
    hundreds are as often exact counts. Word numbers ("twelve", "forty-two") are exact (± 0.5)."""
    digits = token.lower().lstrip("$€£¥").rstrip("%").replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return 0.5 * scale if _word_number(digits) is not None and digits not in _VAGUE else 0.0
    whole, _, decimals = digits.partition(".")
    if decimals:
        unit = 10.0 ** -len(decimals)
    elif float(whole) * scale >= 1000 and whole.rstrip("0"):
        unit = 10.0 ** (len(whole) - len(whole.rstrip("0")))
    else:
        unit = 1.0
    value = float(digits) * scale
    rounding = min(0.5 * unit * scale, _MAX_ROUNDING * value)
    if scale == 1.0:  # never less than half the last digit written: "5 percent" is 4.5-5.5, not 4.75-5.25
        rounding = max(rounding, 0.5 * (10.0 ** -len(decimals) if decimals else 1.0))
    return rounding


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def extract_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text``, in order (see the module docstring for what counts)."""
    matches = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    lower = [t.lower() for t in tokens]
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        value = _value(tokens[i])
        if value is None or (lower[i] in {"one", "some"} and i + 1 < len(tokens) and lower[i + 1] == "of"):
            i += 1
            continue
        if lower[i] in _ZERO_WORDS:
            nxt = lower[i + 1] if i + 1 < len(tokens) else ""
            if nxt in _NOT_ZERO_COUNT or not (re.fullmatch(r"[a-z]{2,}[^s]s", nxt) or nxt in _IRREGULAR_PLURALS):
                i += 1
                continue
        start = i
        prev = lower[i - 1] if i else ""
        prev2 = " ".join(lower[max(0, i - 2):i])
        before = lower[i - 2] if i >= 2 and prev == "." else prev  # "Aug. 8"
        is_percent = tokens[i].endswith("%")
        currency = _CURRENCY.get(tokens[i][0]) or (_CURRENCY.get(prev) if prev in _CURRENCY else None)
        # identifiers, dates, times, ordinals
        if before.rstrip(".") in _MONTHS or prev in _ID_WORDS or prev == "#":
            i += 1
            continue
        nxt = lower[i + 1] if i + 1 < len(tokens) else ""
        if nxt.rstrip(".") in _MONTHS or nxt in {":", "st", "nd", "rd", "th", "am", "pm", "a.m", "p.m"}:
            i += 1
            continue
        if re.fullmatch(r"\d{4}", tokens[i]) and 1800 <= value <= 2100 and not currency and not _counts_noun(lower, i):
            i += 1
            continue
        j = i + 1
        scale = 1.0
        if j < len(tokens) and lower[j] in _SCALES and not (lower[j] == "m" and not currency):
            scale = _SCALES[lower[j]]
            value *= scale
            j += 1
        rounding = _rounding(tokens[i], scale)
        low, high = _VAGUE.get(lower[i], (value, value))
        value_token_end = j
        # ranges: "between 20 and 30", "20 to 30", "20-30"
        if ((prev == "between" and j + 1 < len(tokens) and lower[j] == "and" or
             j + 1 < len(tokens) and lower[j] in {"to", "-"}) and _value(tokens[j + 1]) is not None):
            upper = _value(tokens[j + 1]) or value
            j += 2
            if j < len(tokens) and lower[j] in _SCALES and not (lower[j] == "m" and not currency):
                scale = _SCALES[lower[j]]  # "$20 million to $30 million", "2 and 3 million people"
                upper *= scale
                if j - 3 == i:  # the first number had no scale word of its own: "2 and 3 million"
                    low *= scale
                j += 1
            if upper >= low:
                high = upper
            value_token_end = j
        prev3 = " ".join(lower[max(0, i - 3):i])  # "no more than 5" is at most 5, "no fewer than 5" at least 5
        if prev3 in _QUAL_LOWER or (prev3 not in _QUAL_UPPER and (prev2 in _QUAL_LOWER or prev in _QUAL_LOWER)):
            high = math.inf
        elif prev3 in _QUAL_UPPER or prev2 in _QUAL_UPPER or prev in _QUAL_UPPER:
            low = 0.0
        elif prev2 in _QUAL_ABOUT or prev in _QUAL_ABOUT:
            low, high = low * 0.9, high * 1.1
        if is_percent or (j < len(tokens) and lower[j] in {"%", "percent", "per"}):
            unit = "percent"
            j += 1 if j < len(tokens) and lower[j] in {"%", "percent"} else 0
        elif currency:
            unit = currency
        elif j + 1 < len(tokens) and lower[j] == "-" and re.fullmatch(r"[a-z]+", lower[j + 1]):  # "14-day truce"
            unit = _singular(lower[j + 1])
            j += 2
        else:
            k = j
            while k < len(tokens) and lower[k] in _UNIT_SKIP:
                k += 1
            word = lower[k] if k < len(tokens) else ""
            verbish = word in _LINK_WORDS or (word.endswith("ed") and word not in _ED_NOUNS)
            if verbish and out and k == j:  # "12 people died and 31 were hurt": 31 counts people too
                word = out[-1].unit
                k = j - 1
            elif not re.fullmatch(r"[a-z][a-z-]*", word) or verbish:
                word = "" if word.endswith("ed") else _preceding_noun(lower, start)
                k = j - 1
            if not word:
                i = j
                continue
            if word in _ID_WORDS and word not in {"day", "week", "month", "year", "hour", "minute"}:
                i = j
                continue
            unit = _singular(word)
            j = k + 1
        begin, finish = matches[start].start(), matches[j - 1].end()
        out.append(Quantity(low, high, unit, text[begin:finish], begin, finish, matches[value_token_end - 1].end(),
                            rounding))
        i = j
    return out


def _widened(q: Quantity, tolerance: float) -> tuple[float, float]:
    """``q``'s bounds widened by its rounding, then by ``tolerance`` (relative)."""
    return (q.low - q.rounding) * (1 - tolerance), (q.high + q.rounding) * (1 + tolerance)


def numeric_conflicts(a: str, b: str, *, tolerance: float = 0.0) -> list[tuple[Quantity, Quantity]]:
    """Pairs (from ``a``, from ``b``) with the same unit whose intervals, widened by their rounding
    (:attr:`Quantity.rounding`) and then by ``tolerance`` (relative), do not overlap. Units occurring in both
    texts with at least one compatible pair of values are not reported (the texts may simply give several
    figures), nor is anything when the two texts name different years (figures for different periods do not
    conflict)."""
    ya, yb = years(a), years(b)
    if ya and yb and ya != yb:
        return []
    qa, qb = extract_quantities(a), extract_quantities(b)
    conflicts: list[tuple[Quantity, Quantity]] = []
    for unit in sorted({q.unit for q in qa} & {q.unit for q in qb}):
        xs = [q for q in qa if q.unit == unit]
        ys = [q for q in qb if q.unit == unit]
        wide_x, wide_y = [_widened(x, tolerance) for x in xs], [_widened(y, tolerance) for y in ys]
        if any(x_low <= y_high and y_low <= x_high for x_low, x_high in wide_x for y_low, y_high in wide_y):
            continue
        conflicts.append((xs[0], ys[0]))
    return conflicts
