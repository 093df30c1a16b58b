"""The report: findings and disputes, written atomically as JSON, Markdown, CSV or HTML.

JSON shape (``Report.to_dict``)::

    {"contradictions": [{"score": float, "verdict": str, "reason": str, "contradiction": float,
                         "similarity": float, "dispute": str | null, "a": CLAIM, "b": CLAIM}, ...],
     "disputes": [{"id", "verdict", "score", "proposition", "sides": [{"position", "speakers", "dates",
                   "claims": [claim id, ...]}], "findings": int}],
     "n_documents": int, "n_claims": int, "n_pairs_scored": int, "config": {...}, "errors": [str, ...]}

CLAIM is ``{"id", "doc_id", "text", "source", "speaker", "date", "stance", "proposition", "event_date",
"start", "end"}`` with ISO dates. ``contradictions`` holds every finding (all verdicts) sorted by score.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detector.records import Claim, Dispute, Finding

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Report", "FORMATS", "write_atomic", "format_for"]

FORMATS = ("json", "md", "csv", "html")
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once at import: os.umask can only be read by setting it
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_EXTENSIONS = {".json": "json", ".md": "md", ".markdown": "md", ".csv": "csv", ".html": "html", ".htm": "html"}


def format_for(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The output format: ``fmt`` if given, else from the file extension.

    Raises:
        ValueError: unknown format or extension.
    """
    if fmt is not None:
        if fmt not in FORMATS:
            raise ValueError(f"Unknown report format {fmt!r}; `format` should be one of {FORMATS}.")
        return fmt
    ext = Path(path).suffix.lower()
    if ext not in _EXTENSIONS:
        raise ValueError(f"Cannot tell the report format from {str(path)!r}; use one of "
                         f"{sorted(_EXTENSIONS)} or give the format explicitly.")
    return _EXTENSIONS[ext]


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the file the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def claim_dict(claim: Claim) -> dict[str, Any]:
    return {"id": claim.id, "doc_id": claim.doc_id, "text": claim.text, "source": claim.source,
            "speaker": claim.speaker, "date": claim.date.isoformat() if claim.date else None,
            "stance": claim.stance, "proposition": claim.proposition,
            "event_date": claim.event_date.isoformat() if claim.event_date else None,
            "start": claim.start, "end": claim.end}


@dataclass(frozen=True)
class Report:
    """What a run found. ``contradictions`` are all findings sorted by score (highest first); ``claims``
    every claim extracted (the CLI does not write them; the API keeps them for analysis)."""

    contradictions: tuple[Finding, ...]
    disputes: tuple[Dispute, ...]
    n_documents: int
    n_claims: int
    n_pairs_scored: int
    config: dict = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()

    def claims_dict(self) -> list[dict[str, Any]]:
        """Every claim of the run (with attribution) as JSON-ready dicts; not part of ``to_dict``, whose
        size should follow the findings, not the corpus."""
        return [claim_dict(c) for c in self.claims]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Alias of ``contradictions``."""
        return self.contradictions

    def _dispute_of(self) -> dict[tuple[str, str], str]:
        return {(f.a.id, f.b.id): d.id for d in self.disputes for f in d.findings}

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready report (see the module docstring for its shape)."""
        of = self._dispute_of()
        return {
            "contradictions": [{"score": f.score, "verdict": f.verdict, "reason": f.reason,
                                "contradiction": f.contradiction, "similarity": f.similarity,
                                "dispute": of.get((f.a.id, f.b.id)), "a": claim_dict(f.a), "b": claim_dict(f.b)}
                               for f in self.contradictions],
            "disputes": [{"id": d.id, "verdict": d.verdict, "score": d.score, "proposition": d.proposition,
                          "sides": [{"position": s.position, "speakers": list(s.speakers),
                                     "dates": [x.isoformat() for x in s.dates],
                                     "claims": [c.id for c in s.claims]} for s in d.sides],
                          "findings": len(d.findings)} for d in self.disputes],
            "n_documents": self.n_documents, "n_claims": self.n_claims, "n_pairs_scored": self.n_pairs_scored,
            "config": self.config, "errors": list(self.errors),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per finding (the CSV and DataFrame columns)."""
        of = self._dispute_of()
        out = []
        for f in self.contradictions:
            row = {"score": f.score, "verdict": f.verdict, "reason": f.reason, "dispute": of.get((f.a.id, f.b.id)),
                   "contradiction": f.contradiction, "similarity": f.similarity}
            for side, claim in (("a", f.a), ("b", f.b)):
                row.update({f"{side}_{k}": v for k, v in claim_dict(claim).items()})
            out.append(row)
        return out

    def to_dataframe(self) -> "pd.DataFrame":
        """A pandas DataFrame with one row per finding (columns as :meth:`rows`)."""
        import pandas as pd

        columns = list(self.rows()[0]) if self.contradictions else ["score", "verdict", "reason", "dispute"]
        return pd.DataFrame(self.rows(), columns=columns)

    def to_csv(self) -> str:
        buffer = io.StringIO()
        # A cell starting with = + - @ is run as a formula by spreadsheet programs: quote it (OWASP CSV injection).
        rows = [{k: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v for k, v in row.items()}
                for row in self.rows()]
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["score", "verdict", "reason"])
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()

    def to_markdown(self) -> str:
        from detector.render import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        from detector.render import render_html

        return render_html(self)

    def write(self, path: str | os.PathLike, fmt: str | None = None) -> Path:
        """Write the report atomically; the format comes from ``fmt`` or the extension. Returns the path."""
        fmt = format_for(path, fmt)
        text = {"json": self.to_json, "md": self.to_markdown, "csv": self.to_csv, "html": self.to_html}[fmt]()
        write_atomic(path, text)
        return Path(path)
