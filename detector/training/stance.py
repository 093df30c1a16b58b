"""NLI pairs from a news stance corpus: a headline against the passage of its article body that addresses it.

FNC-1 (the Fake News Challenge, stage 1; Pomerleau and Rao, 2017) labels each (headline, article body) pair
agree / disagree / discuss / unrelated. Its "disagree" pairs are what this product looks for: one source
reports a claim, another refutes it ("Spider burrowed through tourist's stomach" against a body saying the
story was a hoax). Read as NLI, with the body as premise and the headline as hypothesis:

- ``disagree`` -> contradiction, ``agree`` -> entailment, ``discuss`` -> neutral (the body reports the claim
  without taking a side); ``unrelated`` pairs are dropped (a different story: trivially neutral).

Bodies run to hundreds of words, past a MiniLM window, so each pair keeps one passage of the body: the
window of up to ``max_sentences`` consecutive sentences (at most ``max_words`` words) that shares the most
content words with the headline, the earliest on a tie. The stance is a property of the whole body, so
some passages will not carry it (a "disagree" body whose refutation sits in another paragraph): the rows
are weak labels, to be given a modest weight, and a test split by body (no body straddles the split)
measures how a model does on them.

Usage::

    python -m detector.training.stance --stances ../shared/datasets/stance/fnc1/train_stances.csv \\
        --bodies ../shared/datasets/stance/fnc1/train_bodies.csv --out-dir ~/.cache/detector/fnc1
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import logging
import os
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from detector.training.data import in_test_split, write_splits
from detector.training.swaps import content_words

log = logging.getLogger(__name__)

#: FNC-1 stance -> NLI label (body = premise, headline = hypothesis); stances not listed are dropped.
STANCE_TO_LABEL = {"agree": "entailment", "disagree": "contradiction", "discuss": "neutral"}


@dataclass(frozen=True)
class StanceRow:
    """One row of an FNC-1 style stances file joined with its body.

    Attributes:
        line: 1-based line of the row in the stances file (the header is line 1).
        body_id: the ``Body ID`` as written.
        headline: the headline (the claim).
        stance: the stance, lower-cased (``agree``, ``disagree``, ``discuss``, ``unrelated`` in FNC-1).
        body: the article body's text as written.
    """

    line: int
    body_id: str
    headline: str
    stance: str
    body: str


def _column(header: list[str], name: str, path: Path) -> int:
    norm = [h.strip().lower().replace("_", " ") for h in header]
    if name not in norm:
        raise ValueError(f"{path}:1: header lacks column {name!r} (has {header})")
    return norm.index(name)


def read_fnc1(stances: str | os.PathLike, bodies: str | os.PathLike) -> list[StanceRow]:
    """Read an FNC-1 style pair of csv files: ``stances`` (``Headline, Body ID, Stance``; ``Body_ID`` is
    accepted too) and ``bodies`` (``Body ID, articleBody``). A stances row with too few columns or whose body is
    not in ``bodies`` is skipped with a warning naming the file and line; the rest are read.

    Raises:
        FileNotFoundError: a file does not exist.
        ValueError: a header lacks a column (the message names the file and line 1).
    """
    stances, bodies = Path(stances), Path(bodies)
    for path in (stances, bodies):
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such file")
    csv.field_size_limit(sys.maxsize)
    text_of: dict[str, str] = {}
    with bodies.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None) or []
        id_col, body_col = _column(header, "body id", bodies), _column(header, "articlebody", bodies)
        for row in reader:
            if len(row) > max(id_col, body_col):
                text_of[row[id_col].strip()] = row[body_col]
    out: list[StanceRow] = []
    with stances.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None) or []
        cols = [_column(header, name, stances) for name in ("headline", "body id", "stance")]
        for row in reader:
            line = reader.line_num
            if len(row) <= max(cols):
                log.warning("%s:%d: skipped (too few columns)", stances, line)
                continue
            headline, body_id, stance = (row[c].strip() for c in cols)
            if body_id not in text_of:
                log.warning("%s:%d: skipped (Body ID %r not in %s)", stances, line, body_id, bodies.name)
                continue
            out.append(StanceRow(line, body_id, headline, stance.lower(), text_of[body_id]))
    return out


def best_passage(sentences: list[str], headline: str, *, max_sentences: int = 3, max_words: int = 90) -> str:
    """The run of up to ``max_sentences`` consecutive ``sentences`` (cut to at most ``max_words`` words,
    always at least one sentence) sharing the most content words with ``headline``; the earliest on a tie.
    An empty string for no sentences."""
    target = content_words(headline)
    hits = [content_words(s) & target for s in sentences]  # per sentence, once
    lengths = [len(s.split()) for s in sentences]
    best, best_score = "", -1
    for start in range(len(sentences)):
        end, words = start + 1, lengths[start]
        while end < min(start + max_sentences, len(sentences)) and words + lengths[end] <= max_words:
            words += lengths[end]
            end += 1
        score = len(set().union(*hits[start:end]))
        if score > best_score:
            best, best_score = " ".join(sentences[start:end]), score
    return best


def stance_pairs(stances: Path, bodies: Path, *, nlp=None, max_per_label: int | None = None, seed: int = 13,
                 max_sentences: int = 3, max_words: int = 90) -> list[dict]:
    """Rows ``{"id", "premise", "hypothesis", "label", "body_id", "stance"}`` from an FNC-1 style stances csv
    (``Headline, Body ID, Stance``) and bodies csv (``Body ID, articleBody``); see the module docstring.
    With ``max_per_label``, a seeded sample of at most that many rows per label. Rows are read with
    :func:`read_fnc1`.

    Raises:
        FileNotFoundError: a csv does not exist.
        ValueError: a csv lacks one of its columns.
    """
    by_label: dict[str, list[StanceRow]] = defaultdict(list)
    for row in read_fnc1(stances, bodies):
        if row.stance in STANCE_TO_LABEL and row.body.strip():
            by_label[STANCE_TO_LABEL[row.stance]].append(row)
    rng = random.Random(seed)
    keep: list[StanceRow] = []
    for label in sorted(by_label):
        rows = by_label[label]
        if max_per_label is not None and len(rows) > max_per_label:
            rows = rng.sample(rows, max_per_label)
        keep += rows
    keep.sort(key=lambda r: r.line)
    if nlp is None:
        from detector.nlp import load_spacy

        nlp = load_spacy(punctuated_breaks=False)  # generated rows stay as they were
    text_of = {row.body_id: re.sub(r"\s+", " ", row.body).strip() for row in keep}
    needed = sorted(text_of)
    sentences = {}
    with nlp.select_pipes(enable=["tok2vec", "parser"]):  # sentence boundaries only
        for body_id, doc in zip(needed, nlp.pipe(text_of[b] for b in needed)):
            sentences[body_id] = [s.text.strip() for s in doc.sents if s.text.strip()]
    out = []
    for row in keep:
        premise = best_passage(sentences[row.body_id], row.headline, max_sentences=max_sentences, max_words=max_words)
        digest = hashlib.sha1(f"{row.body_id}|{row.headline}".encode("utf-8")).hexdigest()[:10]
        out.append({"id": f"fnc1-{digest}-{row.line}", "premise": premise, "hypothesis": row.headline,
                    "label": STANCE_TO_LABEL[row.stance], "body_id": row.body_id, "stance": row.stance})
    return out


def split(rows: list[dict], *, test_fraction: float = 0.15) -> tuple[list[dict], list[dict]]:
    """Split by body (SHA-1 of its id), so no body straddles train and test."""
    return ([r for r in rows if not in_test_split(r["body_id"], test_fraction)],
            [r for r in rows if in_test_split(r["body_id"], test_fraction)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stances", required=True, type=Path, help="FNC-1 style stances csv")
    ap.add_argument("--bodies", required=True, type=Path, help="FNC-1 style bodies csv")
    ap.add_argument("--max-per-label", type=int, default=2500)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--test-fraction", type=float, default=0.15)
    ap.add_argument("--out-dir", required=True, type=Path)
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    rows = stance_pairs(a.stances, a.bodies, max_per_label=a.max_per_label, seed=a.seed)
    train, test = split(rows, test_fraction=a.test_fraction)
    write_splits(a.out_dir, {"fnc1_train.jsonl": train, "fnc1_test.jsonl": test}, "label")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
