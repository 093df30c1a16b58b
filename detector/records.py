"""Typed, frozen records passed between the pipeline stages.

ingest -> :class:`Document`; claims (+ attribution) -> :class:`Claim`; candidates -> :class:`CandidatePair`;
nli -> :class:`PairScores`; verdicts -> :class:`Finding`; disputes -> :class:`Dispute`; report -> ``Report``
(in :mod:`detector.report`).

Dates are :class:`datetime.date` (no time of day); character offsets index ``Document.text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "Document", "Attribution", "Claim", "CandidatePair", "PairScores", "Finding", "Side", "Dispute",
    "STANCES", "VERDICTS", "NLI_LABELS",
]

#: What a speaker does with a proposition: ``asserts`` it, ``denies`` it, ``questions`` it, or the text
#: merely ``reports`` it (hearsay, "it was reported that").
STANCES = ("asserts", "denies", "questions", "reports")

#: Verdicts a :class:`Finding` may carry. ``contradiction``: the two claims cannot both hold;
#: ``numeric_mismatch``: the same quantity with values outside tolerance; ``superseded``: conflicting, but
#: about different times (the later one updates the earlier one).
VERDICTS = ("contradiction", "numeric_mismatch", "superseded")

#: The label order used by every NLI score array in this package (columns of ``(n, 3)`` arrays).
NLI_LABELS = ("entailment", "neutral", "contradiction")


@dataclass(frozen=True)
class Document:
    """One input document.

    Attributes:
        id: the document's own id (jsonl/csv ``id``; file stem for .txt/.md/.html).
        text: the full text (UTF-8, boilerplate not yet removed).
        source: publisher or origin ("Reuters", "TASS"); defaults to the file name.
        date: publication date, if known.
        url, title: optional metadata.
        path: the file it came from and ``line``, the 1-based line for jsonl/csv rows (else None).
    """

    id: str
    text: str
    source: str
    date: dt.date | None = None
    url: str | None = None
    title: str | None = None
    path: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Attribution:
    """Who asserts what in one sentence.

    Attributes:
        speaker: who asserts the proposition ("Russian Defense Ministry"), or None when the sentence is
            the document's own voice (the claim's speaker then defaults to the source).
        verb: the reporting verb lemma ("say", "deny", "according to"), or None.
        stance: one of :data:`STANCES`.
        proposition: the content without the attribution frame ("Russian forces captured Chasiv Yar").
        quote_spans: (start, end) character offsets, relative to the sentence, of quoted speech.
        event_date: the date the claim is about (relative expressions resolved against the publication
            date): for an attributed claim a day named inside the proposition, else the statement's own
            day ("as of"); None when the text gives no time.
        refers_to: for a denial of a short reference ("denied the capture"), the noun it denies
            ("capture"); resolved to a proposition by the claims stage.
    """

    speaker: str | None = None
    verb: str | None = None
    stance: str = "asserts"
    proposition: str = ""
    quote_spans: tuple[tuple[int, int], ...] = ()
    event_date: dt.date | None = None
    refers_to: str | None = None


@dataclass(frozen=True)
class Claim:
    """One check-worthy sentence of a document, with its attribution.

    Attributes:
        id: ``"<doc id>:<n>"``, n the 0-based index of the sentence among all sentences the segmenter
            found in the document (boilerplate included), so ids are stable when filters change.
        doc_id, source, date: copied from the :class:`Document` (``date`` = publication date).
        text: the sentence as written; ``start``/``end`` its character offsets in ``Document.text``.
        speaker: who asserts it (attribution) or, failing that, the document's source.
        stance: one of :data:`STANCES`.
        proposition: what is asserted or denied, without the frame; equals ``text`` when unattributed.
        verb: reporting verb lemma or None; ``event_date``: the time the claim is about, or None.
        linked_to: id of the claim whose proposition a short-reference denial denies, or None.
        entities: the proper nouns (spaCy PROPN tokens, lower-cased, weekdays and months left out) of the
            claim's whole document, and words opening a sentence that the source's name capitalises: the event
            signature used to keep apart claims about different events.
    """

    id: str
    doc_id: str
    text: str
    start: int
    end: int
    source: str
    date: dt.date | None = None
    speaker: str | None = None
    stance: str = "asserts"
    proposition: str = ""
    verb: str | None = None
    event_date: dt.date | None = None
    linked_to: str | None = None
    entities: tuple[str, ...] = ()

    @property
    def content(self) -> str:
        """The text compared by candidates and NLI: the proposition if there is one, else the sentence."""
        return self.proposition or self.text


@dataclass(frozen=True)
class CandidatePair:
    """Two claims worth comparing: indices into the claim list, ``i < j``, and their cosine similarity."""

    i: int
    j: int
    similarity: float


@dataclass(frozen=True)
class PairScores:
    """NLI probabilities for one candidate pair in both directions.

    ``forward`` is (premise=claim i, hypothesis=claim j), ``backward`` the reverse; each a tuple of three
    floats in :data:`NLI_LABELS` order summing to 1.
    """

    pair: CandidatePair
    forward: tuple[float, float, float]
    backward: tuple[float, float, float]


@dataclass(frozen=True)
class Finding:
    """A flagged pair of claims.

    Attributes:
        a, b: the two claims (``a`` the earlier-indexed one).
        verdict: one of :data:`VERDICTS`.
        score: confidence in [0, 1] that the verdict is right (calibrated where a calibrator is fitted).
        reason: short human-readable explanation ("Russian Defense Ministry asserts, Ukrainian army denies").
        contradiction: the combined NLI contradiction probability (see :func:`detector.nli.combine`).
        similarity: cosine similarity of the two claims' embeddings.
    """

    a: Claim
    b: Claim
    verdict: str
    score: float
    reason: str = ""
    contradiction: float = 0.0
    similarity: float = 0.0


@dataclass(frozen=True)
class Side:
    """One side of a dispute: ``position`` is ``"P"`` or ``"not P"``; speakers and claims holding it."""

    position: str
    speakers: tuple[str, ...]
    claims: tuple[Claim, ...]
    dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Dispute:
    """Findings about the same event, grouped, with the sides taken.

    ``proposition`` is the representative statement of P; ``score`` the highest finding score.
    """

    id: str
    proposition: str
    sides: tuple[Side, ...]
    findings: tuple[Finding, ...]
    score: float
    verdict: str = "contradiction"
    extra: dict = field(default_factory=dict, compare=False, hash=False)
