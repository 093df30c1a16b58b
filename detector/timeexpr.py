"""Time expressions in news sentences, resolved against the publication date.

Two precisions are kept apart:

* :func:`resolve_time` returns a single :class:`datetime.date`, and only for *day-precision* expressions:
  explicit dates ("1 August 2025", "Aug. 8", "July 31, 2024", "2025-08-01"), deictic days ("today",
  "yesterday", "tomorrow", "a day after", "the day before") and weekday names ("on Thursday" = the most
  recent Thursday on or before the publication date; "last Thursday" = strictly before it; "next Monday" =
  strictly after it).
* :func:`resolve_period` returns an inclusive ``(first, last)`` date range for any precision: the same day
  expressions give ``(d, d)``; months ("last November", "in March", "March 2024"), years ("in 2023", "last
  year") and weeks ("last week", "earlier this week") give the whole range.

Nothing is invented: a sentence with no time expression, or a relative one without a publication date,
gives None. A month-day without a year takes the year (pub year - 1, pub year or pub year + 1) that puts it
closest to the publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["resolve_period", "resolve_time"]

logger = logging.getLogger(__name__)

Period = tuple[dt.date, dt.date]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY_RE = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"

_DAY_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b",
        rf"\b{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR_RE})?\b",
        rf"\b{_MONTH_RE}\s+{_DAY_RE}(?:,?\s+{_YEAR_RE})?\b",
        (r"\b(?P<deictic>the day before yesterday|yesterday|today|tonight|tomorrow|this morning|"
         r"this afternoon|this evening|(?:a|one) day (?:after|later|earlier|before)|the day before|"
         r"the previous day|the day after)\b"),
        rf"\b(?P<rel>last|next|this|on|this coming|this past|past|coming)?\s*{_WEEKDAY_RE}\b",
    )
)
_DEICTIC_OFFSETS = {
    "the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1,
    "this morning": 0, "this afternoon": 0, "this evening": 0, "the day after": -1,
}
_PERIOD_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?P<rel>last|next|this|in|since|by|until|early|late|mid-?)?\s*{_MONTH_RE}(?:\s+{_YEAR_RE})?\b",
        rf"\b(?:in|since|during|by|of|until)\s+{_YEAR_RE}\b",
        r"\b(?P<rel2>last|this|next|past|earlier this|later this|previous)\s+(?P<unit>week|month|year)\b",
    )
)


def _candidates(sent: Span | str) -> list[str]:
    """The strings to scan: spaCy DATE/TIME entities first (for a ``Span``), then the whole text."""
    if isinstance(sent, str):
        return [sent]
    return [e.text for e in sent.ents if e.label_ in ("DATE", "TIME")] + [sent.text]


def _closest_year(month: int, day: int, pub: dt.date) -> dt.date | None:
    best: dt.date | None = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - pub).days) < abs((best - pub).days):
            best = cand
    return best


def _weekday(name: str, rel: str, pub: dt.date) -> dt.date:
    target = _WEEKDAYS[name.lower()]
    back = (pub.weekday() - target) % 7
    rel = rel.lower()
    if rel in ("next", "coming", "this coming"):
        return pub + dt.timedelta(days=(target - pub.weekday()) % 7 or 7)
    if rel in ("last", "past", "this past") and back == 0:
        back = 7
    return pub - dt.timedelta(days=back)


def _match_day(m: re.Match[str], pub: dt.date | None) -> dt.date | None:
    groups = m.groupdict()
    if groups.get("deictic"):
        if pub is None:
            return None
        phrase = groups["deictic"].lower()
        return pub + dt.timedelta(days=_DEICTIC_OFFSETS.get(phrase, -1))
    if groups.get("weekday"):
        return None if pub is None else _weekday(groups["weekday"], groups.get("rel") or "", pub)
    month_s, day_s, year_s = groups["month"], groups["day"], groups.get("year")
    month = int(month_s) if month_s.isdigit() else _MONTHS[month_s.lower().rstrip(".")]
    day = int(day_s)
    if year_s:
        try:
            return dt.date(int(year_s), month, day)
        except ValueError:
            return None
    return None if pub is None else _closest_year(month, day, pub)


def _find_day(text: str, pub: dt.date | None) -> tuple[int, dt.date] | None:
    """Earliest day-precision match in ``text``: (character offset, date)."""
    found: list[tuple[int, dt.date]] = []
    for pattern in _DAY_PATTERNS:
        for m in pattern.finditer(text):
            if m.groupdict().get("month") and m.groupdict().get("day") and m.group("month").lower() == "may" \
                    and not m.group(0)[0].isupper():
                continue  # the modal verb "may"
            day = _match_day(m, pub)
            if day is not None:
                found.append((m.start(), day))
                break
    return min(found, key=lambda x: x[0]) if found else None


def resolve_time(sent: Span | str, pub_date: dt.date | None = None) -> dt.date | None:
    """The day a sentence is about, from its first day-precision time expression.

    Args:
        sent: a spaCy sentence ``Span`` (its DATE/TIME entities are tried first) or a plain string.
        pub_date: the publication date that anchors relative expressions ("yesterday", "on Thursday").

    Returns:
        A :class:`datetime.date`, or None when the text has no day-precision expression (month- or
        year-only expressions give None here; see :func:`resolve_period`) or a relative one cannot be
        anchored because ``pub_date`` is None.
    """
    candidates = _candidates(sent)
    for cand in candidates:
        hit = _find_day(cand, pub_date)
        if hit is not None:
            return hit[1]
    return None


def _month_period(year: int, month: int) -> Period:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _match_period(m: re.Match[str], pub: dt.date | None) -> Period | None:
    groups = m.groupdict()
    if groups.get("unit"):
        if pub is None:
            return None
        rel, unit = groups["rel2"].lower(), groups["unit"].lower()
        back = rel in ("last", "past", "previous")
        fwd = rel == "next"
        if unit == "week":
            monday = pub - dt.timedelta(days=pub.weekday())
            if back:
                return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
            if fwd:
                return monday + dt.timedelta(days=7), monday + dt.timedelta(days=13)
            return (monday, pub) if rel == "earlier this" else (monday, monday + dt.timedelta(days=6))
        if unit == "month":
            y, mo = pub.year, pub.month + (-1 if back else 1 if fwd else 0)
            y, mo = (y - 1, 12) if mo == 0 else (y + 1, 1) if mo == 13 else (y, mo)
            first, last = _month_period(y, mo)
            return (first, pub) if rel == "earlier this" else (first, last)
        y = pub.year + (-1 if back else 1 if fwd else 0)
        return (dt.date(y, 1, 1), pub) if rel == "earlier this" else (dt.date(y, 1, 1), dt.date(y, 12, 31))
    year_s = groups.get("year")
    month_s = groups.get("month")
    if month_s is None:
        return dt.date(int(year_s), 1, 1), dt.date(int(year_s), 12, 31)
    if month_s.lower() == "may" and not m.group("month")[0].isupper():
        return None
    month = _MONTHS[month_s.lower().rstrip(".")]
    if year_s:
        return _month_period(int(year_s), month)
    if pub is None:
        return None
    rel = (groups.get("rel") or "").lower()
    if rel == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif rel == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif rel == "this":
        year = pub.year
    else:  # a bare month: the latest one not after the publication month
        year = pub.year if month <= pub.month else pub.year - 1
    return _month_period(year, month)


def resolve_period(sent: Span | str, pub_date: dt.date | None = None) -> Period | None:
    """The time span a sentence is about, at whatever precision its first time expression has.

    Args:
        sent: a spaCy sentence ``Span`` or a plain string.
        pub_date: the publication date anchoring relative expressions.

    Returns:
        An inclusive ``(first, last)`` pair of dates: ``(d, d)`` for a day-precision expression (as
        :func:`resolve_time`), a whole month for "last November" (pub 2025-08-01 -> 2024-11-01..2024-11-30),
        a week for "last week" (Monday..Sunday), ``(Monday, pub_date)`` for "earlier this week", a whole year
        for "in 2023"; None when there is no resolvable expression.
    """
    candidates = _candidates(sent)
    for cand in candidates:
        day = _find_day(cand, pub_date)
        hits: list[tuple[int, Period]] = [(day[0], (day[1], day[1]))] if day else []
        for pattern in _PERIOD_PATTERNS:
            for m in pattern.finditer(cand):
                period = _match_period(m, pub_date)
                if period is not None:
                    hits.append((m.start() + (1 if day and m.start() == day[0] else 0), period))
                    break
        if hits:
            return min(hits, key=lambda x: x[0])[1]
    return None
