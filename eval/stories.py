"""Real-news stories with sides: does the pipeline flag the sources that disagree, and not the ones that agree?

FNC-1 (Fake News Challenge) labels each (headline, article body) pair with the body's stance on the
headline's claim: agree, disagree, discuss or unrelated. For a headline with at least one ``agree`` and one
``disagree`` body, those bodies take opposite positions on one claim, so each (agree, disagree) body pair
should hold a conflicting pair of claims; two bodies on the same side may still differ on details, and bodies
of different stories should rarely conflict. These are document-level labels of real, long, quote-heavy
news, weaker than the hand-labelled flags of :mod:`eval.audit` but many more. A run reports

- the share of opposite body pairs with at least one finding between them (recall at the document level),
- the same share for same-side pairs, and their ratio (lift: how much more likely a flag is between sources
  that disagree; 1.0 means the flags ignore the sides),
- findings between bodies of different stories (per 1,000 such body pairs) and within one body,
- and, with each headline added to the run as a claim of its own (document ``h<k>``, k the story's place in the
  shuffled list), the share of (headline, disagree body) pairs with a finding between them against the share of
  (headline, agree body) pairs: the cleaner signal, since a disagree body disputes the headline by definition.

Read the lift as a weak signal: a body on either side often quotes the other side ("reports claimed P; the
ministry said P is false"), so same-side pairs hold real conflicts too (on the dev stories, "Stop using Tor"
against "Our customers can use Tor" sits between two bodies on one side), and FNC-1 files one event under
several headlines ("Spider burrowed through tourist's stomach", "Tropical spider burrows under man's skin"), so
some "cross-story" pairs are one event.

Stories: the headlines of ``train_stances.csv`` with an agree and a disagree body, sorted, shuffled with
``random.Random(seed)`` and cut to ``[offset, offset + n)``; per story at most ``max_per_side`` bodies of each
side (the lowest Body IDs). All bodies of the part go through one :class:`~detector.pipeline.Detector` run,
as an analyst's corpus of many stories would. Bodies are documents with id ``b<Body ID>`` and source
``body-<Body ID>`` (:func:`eval.audit.load_fnc1_bodies`'s convention). Dev part: offset 0; held-out: offset n.
"""

from __future__ import annotations

import logging
import random
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from detector.records import Claim, Document, Finding
from eval.audit import SCORE_FLOORS

__all__ = ["SIDES", "Story", "load_stories", "body_relations", "finding_relation", "score_story_findings",
           "headline_claims", "score_headline_findings", "run_stories"]

logger = logging.getLogger(__name__)

SIDES = ("agree", "disagree")


@dataclass(frozen=True)
class Story:
    """One FNC-1 headline and the document ids of its bodies on each side."""

    headline: str
    agree: tuple[str, ...]
    disagree: tuple[str, ...]


def load_stories(stances: str | Path, bodies: str | Path, *, n: int, offset: int = 0, seed: int = 7,
                 max_per_side: int = 2) -> tuple[list[Document], list[Story]]:
    """Stories ``[offset, offset + n)`` (see the module docstring) and the documents of their bodies, each
    body once, in Body ID order. The files are read by :func:`detector.training.stance.read_fnc1` (rows it
    cannot join are skipped with a warning naming file and line).

    Args:
        stances: FNC-1 ``train_stances.csv`` (``Headline``, ``Body ID`` or ``Body_ID``, ``Stance``).
        bodies: FNC-1 ``train_bodies.csv`` (``Body ID``, ``articleBody``).

    Raises:
        FileNotFoundError: a file is missing; ValueError: a header lacks a column, or ``max_per_side < 1``.
    """
    from detector.training.stance import read_fnc1

    if max_per_side < 1:
        raise ValueError(f"max_per_side must be >= 1, got {max_per_side}")
    sides: dict[str, dict[str, set[int]]] = defaultdict(lambda: {side: set() for side in SIDES})
    texts: dict[str, str] = {}
    for row in read_fnc1(stances, bodies):
        if row.stance in SIDES and row.body_id.isdigit():
            sides[row.headline][row.stance].add(int(row.body_id))
            texts[f"b{int(row.body_id)}"] = row.body
    headlines = sorted(h for h, s in sides.items() if all(s[side] for side in SIDES))
    random.Random(seed).shuffle(headlines)
    stories = [Story(h, *(tuple(f"b{i}" for i in sorted(sides[h][side])[:max_per_side]) for side in SIDES))
               for h in headlines[offset:offset + n]]
    wanted = sorted({doc for story in stories for doc in (*story.agree, *story.disagree)}, key=lambda d: int(d[1:]))
    return [Document(id=doc, text=texts[doc], source=f"body-{doc[1:]}") for doc in wanted], stories


def body_relations(stories: Sequence[Story]) -> dict[frozenset[str], str]:
    """``"opposite"`` for each pair of bodies on opposite sides of some story, else ``"same_side"`` for a pair
    on one side of some story. Pairs not listed are bodies of different stories."""
    relations: dict[frozenset[str], str] = {}
    for story in stories:
        for a in story.agree:
            for b in story.disagree:
                if a != b:
                    relations[frozenset((a, b))] = "opposite"
        for side in (story.agree, story.disagree):
            for a, b in combinations(side, 2):
                relations.setdefault(frozenset((a, b)), "same_side")
    return relations


def score_story_findings(findings: Sequence[Finding], stories: Sequence[Story], documents: Sequence[Document],
                         floors: Sequence[float] = SCORE_FLOORS) -> dict[str, Any]:
    """Document-level scores of ``findings`` (see the module docstring).

    Returns:
        ``{"n_stories", "n_documents", "n_findings", "n_within_document", "n_opposite_pairs",
        "opposite_flagged", "opposite_recall", "n_same_side_pairs", "same_side_flagged", "same_side_rate",
        "lift" (None when no same-side pair is flagged), "n_cross_story_pairs", "cross_story_findings",
        "cross_story_per_1000_pairs", "findings_by_relation": {relation: count}, "by_score": [the same
        figures (no "by_score") for the findings scoring at least each of ``floors``, with "floor"]}``.
    """
    relations = body_relations(stories)
    result = _story_scores(findings, len(stories), relations, documents)
    result["by_score"] = [{"floor": floor, **_story_scores([f for f in findings if f.score >= floor], len(stories),
                                                           relations, documents)} for floor in floors]
    return result


def finding_relation(finding: Finding, relations: dict[frozenset[str], str]) -> str:
    """``"within_document"``, ``"opposite"``, ``"same_side"`` or ``"cross_story"`` for a finding's two bodies
    (``relations`` from :func:`body_relations`)."""
    if finding.a.doc_id == finding.b.doc_id:
        return "within_document"
    return relations.get(frozenset((finding.a.doc_id, finding.b.doc_id)), "cross_story")


def _story_scores(findings: Sequence[Finding], n_stories: int, relations: dict[frozenset[str], str],
                  documents: Sequence[Document]) -> dict[str, Any]:
    docs = sorted({d.id for d in documents})
    n_pairs = len(docs) * (len(docs) - 1) // 2
    counts = {"opposite": 0, "same_side": 0}
    for relation in relations.values():
        counts[relation] += 1
    flagged: dict[str, set[frozenset[str]]] = {"opposite": set(), "same_side": set()}
    by_relation = {"within_document": 0, "opposite": 0, "same_side": 0, "cross_story": 0}
    for f in findings:
        relation = finding_relation(f, relations)
        by_relation[relation] += 1
        if relation in flagged:
            flagged[relation].add(frozenset((f.a.doc_id, f.b.doc_id)))
    n_cross = max(0, n_pairs - counts["opposite"] - counts["same_side"])
    opposite_recall = len(flagged["opposite"]) / counts["opposite"] if counts["opposite"] else 0.0
    same_rate = len(flagged["same_side"]) / counts["same_side"] if counts["same_side"] else 0.0
    return {"n_stories": n_stories, "n_documents": len(docs), "n_findings": len(findings),
            "n_within_document": by_relation["within_document"],
            "n_opposite_pairs": counts["opposite"], "opposite_flagged": len(flagged["opposite"]),
            "opposite_recall": opposite_recall,
            "n_same_side_pairs": counts["same_side"], "same_side_flagged": len(flagged["same_side"]),
            "same_side_rate": same_rate, "lift": opposite_recall / same_rate if same_rate else None,
            "n_cross_story_pairs": n_cross, "cross_story_findings": by_relation["cross_story"],
            "cross_story_per_1000_pairs": 1000 * by_relation["cross_story"] / n_cross if n_cross else 0.0,
            "findings_by_relation": by_relation}


def headline_claims(stories: Sequence[Story], offset: int = 0) -> list[Claim]:
    """One asserted claim per story, its headline, as the only claim of document ``h<offset + i>`` from source
    ``headline-<offset + i>``. Built directly rather than through :func:`detector.claims.extract_claims`, whose
    filters drop a title-case line as a headline (most FNC-1 headlines are title case)."""
    return [Claim(id=f"h{offset + i}:0", doc_id=f"h{offset + i}", text=story.headline, start=0,
                  end=len(story.headline), source=f"headline-{offset + i}", proposition=story.headline)
            for i, story in enumerate(stories)]


def score_headline_findings(findings: Sequence[Finding], stories: Sequence[Story], offset: int = 0) -> dict[str, Any]:
    """Findings between a story's headline claim (:func:`headline_claims`) and its bodies, by side.

    Returns:
        ``{"n_disagree_pairs", "disagree_flagged", "disagree_rate", "n_agree_pairs", "agree_flagged",
        "agree_rate", "lift" (disagree_rate / agree_rate; None when no agree pair is flagged),
        "other_findings" (a headline against a body of another story or another headline)}``; a pair counts as
        flagged when at least one finding joins the headline to a claim of that body.
    """
    side_of = {(f"h{offset + i}", body): side for i, story in enumerate(stories) for side in SIDES
               for body in getattr(story, side)}
    heads = {f"h{offset + i}" for i in range(len(stories))}
    flagged: set[tuple[str, str]] = set()
    other = 0
    for f in findings:
        a, b = f.a.doc_id, f.b.doc_id
        if (a in heads) == (b in heads):
            other += a in heads  # headline against headline; body-body findings are not counted here
            continue
        key = (a, b) if a in heads else (b, a)
        if key in side_of:
            flagged.add(key)
        else:
            other += 1
    out: dict[str, Any] = {}
    for side in SIDES:
        pairs = [key for key, s in side_of.items() if s == side]
        hit = sum(key in flagged for key in pairs)
        out.update({f"n_{side}_pairs": len(pairs), f"{side}_flagged": hit,
                    f"{side}_rate": hit / len(pairs) if pairs else 0.0})
    out["lift"] = out["disagree_rate"] / out["agree_rate"] if out["agree_rate"] else None
    out["other_findings"] = other
    return out


def run_stories(stances: str | Path, bodies: str | Path, *, n: int, offset: int = 0, seed: int = 7,
                max_per_side: int = 2, model: str | None = None, threshold: float | None = None,
                detector_options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Run :class:`detector.pipeline.Detector` on the bodies of stories ``[offset, offset + n)`` plus one claim per
    headline (:func:`headline_claims`), score the findings between bodies (:func:`score_story_findings`) and
    those of the headlines (``"headline"``: :func:`score_headline_findings`), adding ``"n_claims"``,
    ``"n_pairs_scored"``, ``"seconds"`` and ``"findings"`` (each finding with its ``relation``: within_document,
    opposite, same_side or cross_story, or ``headline`` when one side is a headline, for reading).
    ``detector_options``: further Detector keyword arguments (``combine``, ``one_way_max_words``, ...).

    Raises:
        FileNotFoundError: a file is missing; ValueError: a malformed CSV.
    """
    from detector.pipeline import Detector

    documents, stories = load_stories(stances, bodies, n=n, offset=offset, seed=seed, max_per_side=max_per_side)
    start = time.perf_counter()
    detector = Detector(nli_model=None if model in (None, "default") else model,
                        **({"threshold": threshold} if threshold is not None else {}), **(detector_options or {}))
    headlines = headline_claims(stories, offset)
    heads = {c.doc_id for c in headlines}
    claims = detector.claims(documents) + headlines
    findings, n_pairs = detector.find(claims)
    result = score_story_findings([f for f in findings if f.a.doc_id not in heads and f.b.doc_id not in heads],
                                  stories, documents)
    result["headline"] = score_headline_findings(findings, stories, offset)
    relations = body_relations(stories)
    result["findings"] = [
        {"a": f.a.id, "b": f.b.id, "score": f.score, "verdict": f.verdict, "reason": f.reason,
         "relation": "headline" if heads & {f.a.doc_id, f.b.doc_id} else finding_relation(f, relations),
         "a_speaker": f.a.speaker, "b_speaker": f.b.speaker, "a_stance": f.a.stance, "b_stance": f.b.stance,
         "similarity": f.similarity, "a_text": f.a.text, "b_text": f.b.text} for f in findings]
    result.update({"n_claims": len(claims), "n_pairs_scored": n_pairs, "seconds": time.perf_counter() - start})
    return result
