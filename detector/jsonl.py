"""Reading JSON-lines files where one bad line must not stop the rest, and writing them atomically."""

from __future__ import annotations

import json
import logging
import os
from typing import Iterable, Iterator

__all__ = ["iter_jsonl", "write_jsonl"]

logger = logging.getLogger(__name__)


def iter_jsonl(path: str | os.PathLike) -> Iterator[tuple[int, dict]]:
    """Yield ``(line number, object)`` for each JSON object line of ``path`` (1-based line numbers).

    Blank lines are skipped; a line that is not valid JSON or not an object is logged as a warning naming
    the file and line, and skipped.

    Raises:
        FileNotFoundError: ``path`` does not exist.
    """
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                logger.warning("%s:%d: skipped (invalid JSON: %s)", path, line_no, exc)
                continue
            if not isinstance(obj, dict):
                logger.warning("%s:%d: skipped (not a JSON object)", path, line_no)
                continue
            yield line_no, obj


def write_jsonl(path: str | os.PathLike, rows: Iterable[dict]) -> None:
    """Write ``rows`` as one JSON object per line (UTF-8, non-ASCII kept), atomically (temp file, then
    rename; see :func:`detector.report.write_atomic`)."""
    from detector.report import write_atomic

    write_atomic(path, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
