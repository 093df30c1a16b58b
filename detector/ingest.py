"""Ingest: read documents from .txt/.md, .jsonl, .csv and .html/.htm files or folders of them.

Bad input never stops the run (unless ``strict``): each problem becomes an :class:`InputError` naming the
file and, for row formats, the 1-based line, and the rest of the input is still read.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html as html_lib
import io
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detector.records import Document

__all__ = ["InputError", "IngestResult", "load_documents", "parse_date", "SUPPORTED_EXTENSIONS"]

logger = logging.getLogger(__name__)

#: File extensions (lower case, with the dot) read by :func:`load_documents`.
SUPPORTED_EXTENSIONS = (".txt", ".md", ".jsonl", ".csv", ".html", ".htm")
_FIELDS = ("id", "text", "source", "date", "url", "title")
_REQUIRED = ("id", "text", "source")
_HEADER_RE = re.compile(r"^(source|date|url|title)[ \t]*:[ \t]*(.*?)[ \t]*$", re.IGNORECASE)
_DATEPARSER_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "PARSERS": ["custom-formats", "absolute-time"],  # no relative dates ("yesterday"), no timestamps
    "REQUIRE_PARTS": ["year", "month"],  # never fill a missing year/month from today's date
    "RETURN_AS_TIMEZONE_AWARE": False,
}


class InputError(ValueError):
    """A problem with one input file or row.

    Attributes:
        path: the file as given (``str``); line: 1-based line number for row formats, else None;
        message: what is wrong. ``str(err)`` is ``"path:line: message"`` (``"path: message"`` without line).
    """

    def __init__(self, path: str | os.PathLike, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class IngestResult:
    """Documents read (in input order) and the problems met on the way."""

    documents: tuple[Document, ...]
    errors: tuple[InputError, ...]


class _Collector:
    """Collects errors, or raises the first one when strict."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.errors: list[InputError] = []

    def add(self, error: InputError) -> None:
        if self.strict:
            raise error
        logger.debug("%s", error)
        self.errors.append(error)


def parse_date(value: str) -> dt.date:
    """Parse an absolute date: ISO (``"2025-08-01"``, ``"2025-08-01T10:00:00Z"``) or common written forms
    (``"1 August 2025"``, ``"August 1, 2025"``); a missing day means the 1st. Offline, no relative dates.

    Raises:
        ValueError: empty, relative ("yesterday"), without year and month, or not a date.
    """
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        raise ValueError(f"unparseable date {value!r} (expected e.g. '2025-08-01' or '1 August 2025')")
    return parsed.date()


def load_documents(paths: Iterable[str | os.PathLike], *, strict: bool = False) -> IngestResult:
    """Read documents from files and folders.

    Args:
        paths: files or folders; folders are walked recursively in sorted order, hidden entries skipped,
            only files with a :data:`SUPPORTED_EXTENSIONS` extension taken.
        strict: raise the first :class:`InputError` instead of collecting it.

    Returns:
        :class:`IngestResult`. A document with an unparseable date is kept with ``date=None`` (and the
        error recorded). A one-document file (.txt/.md/.html) whose file stem is already an id gets its path
        without extension as id instead; any other document whose id was already seen is skipped (error on
        the later one).

    Raises:
        InputError: only when ``strict``.
    """
    errors = _Collector(strict)
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for file in _expand(paths, errors):
        for doc in _read_file(file, errors):
            where = doc.path if doc.line is None else f"{doc.path}:{doc.line}"
            if doc.id in seen and doc.line is None:  # one-document files share a stem: "a/story.txt", "b/story.txt"
                unique = Path(file).with_suffix("").as_posix()
                logger.warning("%s: document id %r already used (%s); using %r", file, doc.id, seen[doc.id], unique)
                doc = dataclasses.replace(doc, id=unique)
            if doc.id in seen:
                errors.add(InputError(file, doc.line, f"duplicate document id {doc.id!r} (first at {seen[doc.id]})"))
                continue
            seen[doc.id] = where
            documents.append(doc)
    level = logging.WARNING if errors.errors else logging.INFO
    logger.log(level, "loaded %d documents, %d input errors", len(documents), len(errors.errors))
    return IngestResult(tuple(documents), tuple(errors.errors))


def _expand(paths: Iterable[str | os.PathLike], errors: _Collector) -> Iterator[str]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_EXTENSIONS:
                        yield os.path.join(root, name)
        elif not path.exists():
            errors.add(InputError(given, None, "no such file or directory"))
        elif path.suffix.lower() not in SUPPORTED_EXTENSIONS:
            errors.add(InputError(given, None, f"unsupported file type {path.suffix!r}; expected one of "
                                               f"{', '.join(SUPPORTED_EXTENSIONS)}"))
        else:
            yield str(given)


def _read_file(path: str, errors: _Collector) -> Iterator[Document]:
    suffix = Path(path).suffix.lower()
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        errors.add(InputError(path, None, f"cannot read file: {exc.strerror or exc}"))
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, raw, errors)
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.add(InputError(path, None, f"not valid UTF-8 (byte {exc.start})"))
        return
    if suffix == ".csv":
        yield from _read_csv(path, text, errors)
        return
    doc = _read_html(path, text, errors) if suffix in (".html", ".htm") else _read_plain(path, text, errors)
    if doc is not None:
        yield doc


def _make(path: str, line: int | None, fields: dict[str, Any], errors: _Collector) -> Document | None:
    """Build a Document from row fields; missing required fields and bad dates become errors."""
    values = {k: ("" if fields.get(k) is None else str(fields[k])) for k in _FIELDS}
    missing = [k for k in _REQUIRED if not values[k].strip()]
    if missing:
        errors.add(InputError(path, line, ", ".join(f"missing required field {k!r}" for k in missing)))
        return None
    date = None
    if values["date"].strip():
        try:
            date = parse_date(values["date"])
        except ValueError as exc:
            errors.add(InputError(path, line, f"document {values['id']!r}: {exc}; loaded without a date"))
    return Document(id=values["id"].strip(), text=values["text"], source=values["source"].strip(), date=date,
                    url=values["url"].strip() or None, title=values["title"].strip() or None, path=path, line=line)


def _read_jsonl(path: str, raw: bytes, errors: _Collector) -> Iterator[Document]:
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8").strip()
        except UnicodeDecodeError as exc:
            errors.add(InputError(path, number, f"not valid UTF-8 (byte {exc.start})"))
            continue
        if not text:
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            errors.add(InputError(path, number, f"invalid JSON: {exc.msg} (column {exc.colno})"))
            continue
        if not isinstance(row, dict):
            errors.add(InputError(path, number, f"expected a JSON object, got {type(row).__name__}"))
            continue
        doc = _make(path, number, row, errors)
        if doc is not None:
            yield doc


def _read_csv(path: str, text: str, errors: _Collector) -> Iterator[Document]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        absent = [k for k in _REQUIRED if k not in header]
        if absent:
            errors.add(InputError(path, 1, f"missing required column(s) {', '.join(map(repr, absent))}"))
            return
        start = reader.line_num + 1
        for row in reader:
            doc = _make(path, start, row, errors)
            start = reader.line_num + 1
            if doc is not None:
                yield doc
    except csv.Error as exc:
        errors.add(InputError(path, reader.line_num, f"malformed CSV: {exc}"))


def _read_plain(path: str, text: str, errors: _Collector) -> Document | None:
    """.txt/.md: optional ``Source:``/``Date:``/``URL:``/``Title:`` header lines, then the body verbatim."""
    fields: dict[str, str] = {"id": Path(path).stem, "source": Path(path).stem}
    offset = 0
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines) and (match := _HEADER_RE.match(lines[index].rstrip("\r\n"))):
        fields[match.group(1).lower()] = match.group(2)
        offset += len(lines[index])
        index += 1
    if index:
        while index < len(lines) and not lines[index].strip():
            offset += len(lines[index])
            index += 1
    fields["text"] = text[offset:]
    if not fields["text"].strip():
        errors.add(InputError(path, None, "no text"))
        return None
    if not fields["source"].strip():
        fields["source"] = Path(path).stem
    return _make(path, None, fields, errors)


def _read_html(path: str, html: str, errors: _Collector) -> Document | None:
    """.html/.htm: main text by trafilatura (boilerplate removed); source from ``og:site_name``."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    body = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    if not body or not body.strip():
        errors.add(InputError(path, None, "no main text found in HTML"))
        return None
    meta = extract_metadata(html)
    site = re.search(r"""<meta\s[^>]*property\s*=\s*["']og:site_name["'][^>]*>""", html, re.IGNORECASE)
    content = re.search(r"""content\s*=\s*["']([^"']*)["']""", site.group(0), re.IGNORECASE) if site else None
    source = html_lib.unescape(content.group(1)).strip() if content else ""
    fields = {"id": Path(path).stem, "text": body, "source": source or Path(path).stem,
              "title": getattr(meta, "title", None), "url": getattr(meta, "url", None),
              "date": getattr(meta, "date", None)}
    return _make(path, None, fields, errors)
