"""The whole pipeline behind one facade: documents -> claims -> embeddings -> candidates -> NLI -> verdicts
-> disputes -> :class:`~detector.report.Report`.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from detector.records import Claim, Document, Finding

if TYPE_CHECKING:
    from detector.report import Report

__all__ = ["Detector"]

logger = logging.getLogger(__name__)


class Detector:
    """Find conflicting claims across sources and speakers.

    The constructor only stores options; models load on first use, from local files unless a hub name is
    given (no downloads by default).

    Args:
        nli_model: ``None`` (the project's own offline model), ``"int8"`` (its int8 ONNX version),
            ``"minilm"`` / ``"int8:minilm"`` (the shipped MiniLM model: about five times faster, less accurate) or any
            Hugging Face NLI cross-encoder name or local path.
        embedding_model: sentence-transformers model name or path; None = offline all-MiniLM-L6-v2.
        k: candidate neighbours per claim (from other sources/speakers).
        min_similarity: cosine floor for candidate pairs.
        threshold: conflict score at which a pair is reported (see :mod:`detector.verdicts`).
        combine: how the two NLI directions are combined, ``"max"`` (default) or ``"mean"``
            (:func:`detector.nli.combine`). The model is asymmetric: a contradiction is often clear in one
            direction and called neutral in the other, so the maximum keeps it.
        one_way_max_words: a contradiction that NLI sees in one order only, between claims one of which is
            longer than this many words, counts only with a contrast cue (rule 3b of
            :mod:`detector.verdicts`); None turns the rule off.
        attribute: run attribution (speaker, stance, proposition, time); False compares raw sentences.
        index: faiss index kind, ``"auto"``, ``"flat"``, ``"hnsw"`` or ``"ivf"``.
        batch_size: NLI pairs per forward pass.
        show_progress: progress bars on stderr (None: only for long runs with INFO logging).
    """

    def __init__(self, nli_model: str | None = None, *, embedding_model: str | None = None, k: int = 10,
                 min_similarity: float = 0.35, threshold: float = 0.5, combine: str = "max",
                 one_way_max_words: int | None = 18, attribute: bool = True, index: str = "auto", batch_size: int = 32,
                 show_progress: bool | None = None):
        self.nli_model = nli_model
        self.embedding_model = embedding_model
        self.k = k
        self.min_similarity = min_similarity
        self.threshold = threshold
        self.combine = combine
        self.one_way_max_words = one_way_max_words
        self.attribute = attribute
        self.index = index
        self.batch_size = batch_size
        self.show_progress = show_progress
        self._nli = None
        self._embedder = None

    def config(self) -> dict:
        return {"nli_model": self.nli_model or "default", "embedding_model": self.embedding_model or "default",
                "k": self.k, "min_similarity": self.min_similarity, "threshold": self.threshold,
                "combine": self.combine, "one_way_max_words": self.one_way_max_words, "attribute": self.attribute,
                "index": self.index}

    @property
    def nli(self):
        if self._nli is None:
            from detector.nli import load_nli

            self._nli = load_nli(self.nli_model)
        return self._nli

    @property
    def embedder(self):
        if self._embedder is None:
            from detector.embed import Embedder

            self._embedder = Embedder(self.embedding_model)
        return self._embedder

    def claims(self, documents: Sequence[Document]) -> list[Claim]:
        from detector.claims import extract_claims

        return extract_claims(documents, attribute=self.attribute, show_progress=self.show_progress)

    def find(self, claims: Sequence[Claim]) -> tuple[list[Finding], int]:
        """Findings among ``claims`` and the number of pairs scored by NLI."""
        from detector.candidates import candidate_pairs
        from detector.records import NLI_LABELS
        from detector.text import same_words, shared_names
        from detector.verdicts import VerdictConfig, decide, numeric_probe

        if len(claims) < 2:
            return [], 0
        embeddings = self.embedder.encode([c.content for c in claims], show_progress=self.show_progress)
        pairs = candidate_pairs(claims, embeddings, k=self.k, min_similarity=self.min_similarity,
                                index_kind=self.index)
        logger.info("%d claims, %d candidate pairs", len(claims), len(pairs))
        # both claims of a pair name a thing alike ("Orbis Shipping" / "Orbis"): NLI reads two names as two things
        forward, backward, probs = self._score([shared_names(claims[p.i].content, claims[p.j].content) for p in pairs])
        one_way = self.one_way_max_words is not None
        config = VerdictConfig(threshold=self.threshold,
                               **({"one_way_max_words": self.one_way_max_words} if one_way else {}))
        # claim a with b's figure against b, and b with a's against a: whichever side is rewritten, the probe
        # tests whether the two say the same thing once their figures are equal
        probes = [(n, x, y, probe) for n, p in enumerate(pairs) for x, y in ((p.i, p.j), (p.j, p.i))
                  if (probe := numeric_probe(claims[x], claims[y], p.similarity, config)) is not None]
        e, c = NLI_LABELS.index("entailment"), NLI_LABELS.index("contradiction")
        # a probe that is word for word the other claim is the same statement: no model needed (the NLI
        # model, trained on swapped figures, is unsure even of "Turnout was 58 percent" against itself)
        identical = {k for k, (_, _, y, probe) in enumerate(probes) if same_words(probe, claims[y].content)}
        scored = [k for k in range(len(probes)) if k not in identical]
        probed = self._score([shared_names(probes[k][3], claims[probes[k][2]].content) for k in scored])[2]
        same = {k: float(row[e]) for k, row in zip(scored, probed)} | dict.fromkeys(identical, 1.0)
        contradiction = {k: float(row[c]) for k, row in zip(scored, probed)} | dict.fromkeys(identical, 0.0)
        # the same count once each side's circumstances are set aside ("Officers arrested 14 people, most of
        # them for throwing bottles" vs "22 people were arrested during the march"): each text against the
        # other's core clause; the full probe stays the test when the circumstances place them apart
        # (only where the full probe falls short: the larger of the two counts)
        cores = self._numeric_cores(claims, probes, [k for k in scored if same[k] < config.numeric_min_same], config)
        numeric_same: dict[int, float] = {}
        numeric_contradiction: dict[int, float] = {}
        for k, (n, _, _, _) in enumerate(probes):
            numeric_same[n] = max(numeric_same.get(n, 0.0), same[k], cores.get(k, 0.0))
            numeric_contradiction[n] = max(numeric_contradiction.get(n, 0.0), contradiction[k])
        docs = self._parsed_same_polarity(claims, pairs)
        agents = self._agent_swaps(claims, pairs, docs)
        # the same event once the doers match: either side may carry more detail ("with 54 percent of the vote")
        agent_fw, agent_bw, _ = self._score([shared_names(agents[n].probe, claims[pairs[n].j].content) for n in agents])
        agent_same = dict(zip(agents, np.maximum(agent_fw[:, e], agent_bw[:, e]).tolist()))
        corrections = self._corrections(claims, pairs)
        # the other claim as premise, the rejected proposition as hypothesis (asserted => denied)
        rejected_fw = self._score([shared_names(claims[other].content, corr.rejected)
                                   for _, other, corr in corrections.values()])[0]
        correction_same = dict(zip(corrections, rejected_fw[:, e].tolist()))
        findings = [f for n, (p, row) in enumerate(zip(pairs, probs))
                    if (f := decide(claims[p.i], claims[p.j], row, p.similarity, config,
                                    entailment_ab=float(forward[n, e]), entailment_ba=float(backward[n, e]),
                                    numeric_same=numeric_same.get(n),
                                    numeric_contradiction=numeric_contradiction.get(n),
                                    agent=agents.get(n), agent_same=agent_same.get(n),
                                    correction=corrections[n][2] if n in corrections else None,
                                    corrected_by=claims[corrections[n][0]] if n in corrections else None,
                                    correction_same=correction_same.get(n),
                                    contradiction_ab=float(forward[n, c]) if one_way else None,
                                    contradiction_ba=float(backward[n, c]) if one_way else None,
                                    contrast=self._contrast(claims[p.i], claims[p.j], docs))) is not None]
        findings.sort(key=lambda f: (-f.score, f.a.id, f.b.id))
        return findings, len(pairs)

    def _corrections(self, claims: Sequence[Claim], pairs) -> dict:
        """Pair index -> (index of the correcting claim, index of the other, its
        :class:`~detector.verdicts.Correction`) for same-polarity pairs where one claim rebuts a detail that
        the other states ("164 people were on board, not 212") or says that the other's speaker never said it;
        the first claim's correction wins."""
        from detector.verdicts import corrected_alternative, correction_applies, denied_quote, polarity

        found: dict[int, object] = {}  # claim index -> Correction or None, each claim once
        out = {}
        for n, p in enumerate(pairs):
            if polarity(claims[p.i].stance) * polarity(claims[p.j].stance) <= 0:
                continue
            for mine, other in ((p.i, p.j), (p.j, p.i)):
                if mine not in found:
                    found[mine] = (denied_quote(claims[mine].content)
                                   or corrected_alternative(claims[mine].content))  # parses only when needed
                correction = found[mine]
                if correction is not None and correction_applies(claims[other].content, correction,
                                                                 claims[other].speaker):
                    out[n] = (mine, other, correction)
                    break
        return out

    def _numeric_cores(self, claims: Sequence[Claim], probes: list, scored: list, config) -> dict:
        """Probe index -> :func:`~detector.verdicts.core_same` of the entailment probabilities of its
        :func:`~detector.verdicts.numeric_core_pairs` (premise -> hypothesis), for the scored probes
        ``(pair index, rewritten claim, other claim, probe)`` that have core clauses (spaCy loaded only then;
        each text parsed once)."""
        from detector.records import NLI_LABELS
        from detector.text import shared_names
        from detector.verdicts import core_same, numeric_core_pairs

        if not scored:
            return {}
        from detector.nlp import load_spacy

        parse = functools.lru_cache(maxsize=None)(load_spacy())  # a claim is the other side of many probes
        flat = [(k, premise, hypothesis) for k in scored
                for premise, hypothesis in numeric_core_pairs(claims[probes[k][1]], claims[probes[k][2]],
                                                              probes[k][3], config, parse)]
        if not flat:
            return {}
        forward = self._forward([shared_names(premise, hypothesis) for _, premise, hypothesis in flat])
        e = NLI_LABELS.index("entailment")
        entailment: dict[int, list[float]] = {}
        for (k, _, _), row in zip(flat, forward):
            entailment.setdefault(k, []).append(float(row[e]))
        return {k: core_same(values) for k, values in entailment.items()}

    @staticmethod
    def _parsed_same_polarity(claims: Sequence[Claim], pairs) -> dict:
        """Proposition -> spaCy ``Doc`` for the claims of same-polarity pairs (each parsed once)."""
        from detector.nlp import load_spacy
        from detector.verdicts import polarity

        texts = sorted({claims[i].content for p in pairs for i in (p.i, p.j)
                        if polarity(claims[p.i].stance) * polarity(claims[p.j].stance) > 0})
        return dict(zip(texts, load_spacy().pipe(texts, batch_size=64))) if texts else {}

    @staticmethod
    def _contrast(a: Claim, b: Claim, docs: dict) -> str | None:
        """:func:`~detector.verdicts.contrast_cue` of a same-polarity pair's propositions (only rule 3b, for
        same-polarity pairs, reads it), else None."""
        from detector.verdicts import contrast_cue, polarity

        if polarity(a.stance) * polarity(b.stance) <= 0:
            return None
        return contrast_cue(docs[a.content], docs[b.content])

    def _agent_swaps(self, claims: Sequence[Claim], pairs, docs: dict) -> dict:
        """Pair index -> :class:`~detector.verdicts.AgentSwap` for same-polarity pairs that state one one-doer
        event with two doers; ``docs``: :meth:`_parsed_same_polarity`."""
        from detector.verdicts import agent_swap, polarity

        same = [n for n, p in enumerate(pairs) if polarity(claims[p.i].stance) * polarity(claims[p.j].stance) > 0]
        out = {}
        for n in same:
            a, b = docs.get(claims[pairs[n].i].content), docs.get(claims[pairs[n].j].content)
            if a is not None and b is not None and (swap := agent_swap(a, b)) is not None:
                out[n] = swap
        return out

    def _score(self, pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """NLI on ``pairs`` in both directions: calibrated forward, backward and combined, each (n, 3)."""
        from detector.nli import combine

        both = self._forward(list(pairs) + [(b, a) for a, b in pairs])  # one batched call
        forward, backward = both[: len(pairs)], both[len(pairs):]
        return forward, backward, combine(forward, backward, self.combine)

    def _forward(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Calibrated NLI probabilities of ``pairs`` as given (premise, hypothesis), (n, 3)."""
        from detector.calibration import NLICalibration
        from detector.text import canonical_events

        # "Vardovo had fallen to Carvenian troops" as "Carvenian troops had captured Vardovo": see canonical_events
        pairs = [(canonical_events(a), canonical_events(b)) for a, b in pairs]
        probs = self.nli.predict_proba(pairs, batch_size=self.batch_size, show_progress=self.show_progress)
        return getattr(self.nli, "calibration", NLICalibration()).apply(probs)

    def run(self, documents: Sequence[Document | str], *, errors: Iterable[object] = ()) -> "Report":
        """Run the pipeline on documents (plain strings become one-document sources ``doc-<n>``).

        Returns:
            a :class:`~detector.report.Report`.
        """
        from detector.disputes import group_disputes
        from detector.report import Report

        docs = [d if isinstance(d, Document) else Document(id=f"doc-{n}", text=str(d), source=f"doc-{n}")
                for n, d in enumerate(documents)]
        claims = self.claims(docs)
        findings, n_scored = self.find(claims)
        disputes = group_disputes(findings)
        return Report(contradictions=tuple(findings), disputes=tuple(disputes), n_documents=len(docs),
                      n_claims=len(claims), n_pairs_scored=n_scored, config=self.config(),
                      errors=tuple(str(e) for e in errors), claims=tuple(claims))

    def run_paths(self, paths: Sequence[str | os.PathLike]) -> "Report":
        """Load files or folders (see :func:`detector.ingest.load_documents`) and run; input errors are
        kept in ``Report.errors`` and the rest of the input is processed."""
        from detector.ingest import load_documents

        result = load_documents(paths)
        return self.run(list(result.documents), errors=result.errors)
