"""Verdicts: from a scored candidate pair to a :class:`~detector.records.Finding`, or nothing.

Rules, in order (``e``, ``c``: combined entailment / contradiction probabilities of the two claims'
propositions, see :func:`detector.nli.combine`):

1. Polarity: ``asserts`` and ``reports`` count as +1, ``denies`` as -1, ``questions`` as 0.
   Opposite polarities ("X says P", "Y denies P"): the claims conflict when the asserted proposition
   entails the denied one, so the conflict score is ``e`` in that direction (a denial linked to the claim it denies scores at least ``linked_score``).
   The denial of a short reference from another document ("denied the capture of Korvel") that names the
   asserted event (:func:`detector.attribution.matches_reference`) scores at least ``reference_score``; one
   whose names all occur in the asserted proposition but whose noun has no word of its stem there ("the
   capture of Korvel" vs "troops had taken Korvel", :func:`detector.attribution.reference_names_match`)
   keeps the NLI score; any other scores 0 (NLI on a fragment is noise). The denial of what the asserting
   speaker said, named by its owner ("the regulator's leakage figure for 2024" against the regulator's
   "Quellmere Water lost 24% of its supply to leaks in 2024", :func:`detector.attribution.owner_reference_matches`),
   scores at least ``reference_score`` too.
   Same polarity: the conflict score is ``c``. A question (polarity 0) conflicts with nothing but a
   contradiction, at half weight.
2. Numeric mismatch: same polarity, similarity >= ``numeric_min_similarity`` (0.35, the candidate threshold: the
   probe below is the real test), ``e`` below 0.5, a quantity with the same unit and values that do not overlap
   once each is widened by its rounding ("61 percent" is 60.5-61.5) and by ``numeric_tolerance`` (relative, 0 by
   default; :func:`detector.quantities.numeric_conflicts`), a content word (stem) shared outside the figures,
   and the claims say the same thing once the value is swapped: :func:`numeric_probe` writes claim a with b's
   value (and the pipeline also b with a's), and the NLI entailment probability of that probe against the other
   claim (both directions, combined; the larger of the two probes) must reach ``numeric_min_same``. This keeps
   "the bridge cost 310 million" vs "revenue was 2.9 billion" (same unit, different quantity) out. Two reports
   of one count often add different circumstances ("Officers arrested 14 people, most of them for throwing
   bottles" vs "22 people were arrested during the march"), which NLI reads as two statements that say more than
   each other; so each text is also tested against the other's core clause, and the core clauses against each
   other (:func:`numeric_core_pairs`: the figure's verb, subject and object, "22 people were arrested";
   :func:`core_same`), unless the circumstances set aside place the figures apart ("in the attack" vs "in the
   floods", "in Berlin" vs "in Kallendor"), and the larger of that and the full probe's entailment counts.
   Score: the larger of ``c`` and that probability. When the probe is neither entailed (below
   ``numeric_min_same``) nor a contradiction of b (its ``c`` below ``threshold``), the pair's contradiction came
   from a figure that counts something else ("the strike killed 12 people" vs "the strike injured 23 people":
   with the figures equal, the claims neither match nor conflict), and the pair is not flagged.
2b. Swapped doer: same polarity, ``e`` below 0.5, both propositions state a one-doer event (the same verb
   of :data:`ONE_AGENT_VERBS` with the same definite thing done: "won the presidential election", "captured
   Chasiv Yar") with different named doers (:func:`agent_swap`), and claim a with b's doer and b
   entail each other in at least one direction (the larger entailment probability reaches
   ``numeric_min_same``; either side may carry more detail): "Mira Osten won the
   presidential election with 54 percent" vs "Tomas Brell had won the presidential election". Score: the
   larger of ``c`` and that probability. Small NLI models read two names as two unrelated facts.
2c. Corrected detail: same polarity, and one claim rebuts a detail by a corrective contrast ("164 people were
   on board, not 212 as the coast guard had reported"; "He, not Marrow, had won"; "hit the hospital rather
   than a fuel depot"; :func:`corrected_alternative`) that the other claim states (:func:`correction_applies`):
   the claim rejects a proposition, and when the other claim entails it (probability at least
   ``numeric_min_same``, the other claim as premise) the two conflict as an assertion and its denial do.
   A claim that a named person never said something ("Oda Rensky never said that the government had given
   in", :func:`denied_quote`) rejects what was said, against a claim of that person (same last word of
   the speaker) in the same way.
   Score: the larger of ``c`` and that probability; verdict ``numeric_mismatch`` for figures, never
   ``superseded`` (a rebuttal answers the other account; it does not update it). The contrast otherwise
   confuses NLI (the rebuttal holds both figures).
3. Different events or periods are not conflicts: a pair whose score is the NLI contradiction alone (no rule
   above applied) that shares no common word (:func:`shared_common_words`: a content word written in lower case
   in at least one of the two) and whose embedding similarity is below ``unshared_min_similarity`` (0.5) is
   flagged only from ``unshared_min_score`` (0.75; set it to ``threshold`` to turn the rule off), since two
   sentences that share only names usually state two facts about one thing ("No one has died of the disease in
   Greddon" vs "Cholera was spreading again in Greddon"; "He was ill" vs "He has clear memories of what
   happened"), and NLI models trained on captions (SNLI) read two facts as two scenes that cannot both hold. The
   similarity and the higher score let synonyms and pronouns through ("nobody was hurt in the blast" vs "20
   people were injured in the attack"; "Stop using Tor" vs "Our customers can use Tor at any time"). Tuned on
   the dev corpora and the dev part of ``datasets/news_audit`` (flags on 40 FNC-1 news bodies, see
   docs/BENCHMARKS.md). Also claims from documents that share no named entity (:func:`different_events`),
   same-polarity claims naming different years with different figures (:func:`different_periods`),
   same-polarity claims about different members of a series ("the first round" vs "the second round",
   :func:`different_members`), and same-polarity claims that differ only in figures that agree
   (:func:`figures_agree`: "more than 20 injured" vs "23 injured") are never flagged; NLI judges sentences
   alone and would take them for one event, or a figure given another way for another figure. A pair is
   flagged when its score reaches ``threshold``.
3b. One order only: a pair whose score is the NLI contradiction alone, where either claim is longer than
   ``one_way_max_words`` words and no contrast cue ties the two together (:func:`contrast_cue`: a negation on a
   word the other claim states, same-unit figures that conflict, or a WordNet antonym pair), scores the mean of
   the two orders' contradiction instead of the combined one. A model trained on captions reads a hypothesis that
   leaves out the premise's other details as a contradiction in one order and neutral in the other; on real news
   ("It is a solid gold case" vs "Everyone has a vague sense that gold is expensive") such one-order
   contradictions are mostly topic, not conflict. Short claims keep the combined score: there the model is on its
   training ground and its one-order contradictions are real ("The dam at Lake Ordal did not break" vs "The dam
   broke on Sunday night": 0.99 one way, 0.03 the other). Features after de Marneffe, Rafferty and Manning 2008,
   "Finding Contradictions in Text" (ACL): polarity difference, numeric mismatch and antonymy. The length (18
   words) is tuned on the dev corpora and the dev part of ``datasets/news_audit``.
4. Superseded: a flagged same-polarity pair whose claims are about different times: both have an
   ``event_date``, they differ and so do the publication dates (two same-day reports disagreeing on *when*
   conflict), or their publication dates are ``supersede_min_days`` apart and the later claim carries an
   update cue ("risen to", "now", "revised", "has since", "again", ...). A pair of the first kind must also
   state a change of one thing, a same-unit figure that differs or an update cue in the later claim; otherwise it
   is two events on two days ("The dam broke on Sunday night" vs "Rescue teams searched flooded homes on
   Tuesday") and is not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from detector.attribution import (
    DENY_VERBS,
    matches_reference,
    nominal_head,
    owner_reference_matches,
    reference_names_match,
    stem,
)
from detector.quantities import (
    QUALIFIER_WORDS,
    extract_quantities,
    months,
    numeric_conflicts,
    substitute,
    years,
)
from detector.records import NLI_LABELS, Claim, Finding

__all__ = ["VerdictConfig", "decide", "polarity", "shared_common_words", "numeric_probe", "figure_clause",
           "FigureClause", "circumstances_differ", "numeric_core_pairs", "core_same", "Correction",
           "corrected_alternative", "denied_quote", "correction_applies", "different_events", "different_periods",
           "different_members", "figures_agree", "contrast_cue", "antonym_pairs", "ANTONYM_POS", "negation_scopes",
           "NEGATIVE_LEMMAS",
           "AgentSwap", "agent_swap", "one_doer_event", "ONE_AGENT_VERBS"]

#: Verb lemmas whose event has one doer: a different doer named for the same event contradicts ("X won the
#: election" / "Y won the election"; RTE-3's annotators label "Capt. Scott reached Scott Island in December
#: 1902" a contradiction of "discovered ... by Captain William Colbeck"). Joint doers are written as a
#: coordination, which is excluded separately. Shared with the training-data generator
#: (:mod:`detector.training.swaps`, ``swapped_agent`` rows).
ONE_AGENT_VERBS = frozenset({
    "discover", "invent", "found", "establish", "create", "write", "compose", "direct", "design", "win", "defeat",
    "beat", "capture", "seize", "conquer", "acquire", "buy", "purchase", "succeed", "assassinate", "murder",
    "kill", "shoot", "stab", "kidnap", "abduct", "score", "elect", "appoint", "nominate", "sack", "fire", "hire",
    "publish", "patent", "sell", "own", "chair", "host", "headquarter", "base", "manufacture", "develop",
    "launch", "sponsor", "bomb", "invade", "annex"})
_MODALS = frozenset("may might could would should can must".split())

_E = NLI_LABELS.index("entailment")
_C = NLI_LABELS.index("contradiction")
_UPDATE_CUES = re.compile(
    r"\b(now|risen|rose|climbed|increased to|decreased to|fallen|dropped to|revised|updated|has since|have since|"
    r"later|no longer|latest|new figures?|raised|lowered|collapsed|ended|resumed|again)\b", re.IGNORECASE)


@dataclass(frozen=True)
class VerdictConfig:
    """Thresholds of the verdict rules (see the module docstring); ``threshold`` is on the conflict score."""

    threshold: float = 0.5
    linked_score: float = 0.9
    reference_score: float = 0.8
    numeric_tolerance: float = 0.0
    numeric_min_similarity: float = 0.35
    numeric_min_same: float = 0.5
    supersede_min_days: int = 2
    unshared_min_similarity: float = 0.5
    unshared_min_score: float = 0.75
    one_way_max_words: int = 18


_CONTENT_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def shared_common_words(a: str, b: str, names: Collection[str] = ()) -> set[str]:
    """Stems (:func:`detector.attribution.stem`) of the content words ``a`` and ``b`` share, where the word is
    written in lower case in at least one of them: a word capitalised everywhere it occurs is a name, and
    two sentences that share only names ("Greddon", "Banksy") state two facts about one thing. A capitalised
    word opening a sentence counts as lower case unless it is capitalised elsewhere in either text or is one
    of ``names`` (lower-cased proper nouns, e.g. :attr:`~detector.records.Claim.entities`). Stop words
    (spaCy's English list) and words of one or two letters are left out.

    Returns:
        The shared stems, e.g. ``{"case", "confirm"}`` for "Forty-two cases have been confirmed in Greddon"
        and "Nine cases were confirmed in Pasko"; empty for "No one has died in Greddon" and "Cholera was
        spreading again in Greddon".
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    words = {t: list(_CONTENT_WORD.finditer(t)) for t in (a, b)}
    capitalised = {m.group().lower() for ms in words.values() for m in ms[1:] if m.group()[0].isupper()}
    capitalised |= {n.lower() for n in names}

    def stems(text: str) -> tuple[set[str], set[str]]:
        every, common = set(), set()
        for n, m in enumerate(words[text]):
            w = m.group()
            low = w.lower()
            if len(low) < 3 or low in STOP_WORDS:
                continue
            every.add(stem(low))
            if not w[0].isupper() or (n == 0 and low not in capitalised):
                common.add(stem(low))
        return every, common

    (every_a, common_a), (every_b, common_b) = stems(a), stems(b)
    return every_a & every_b & (common_a | common_b)


def _related(a: Claim, b: Claim, similarity: float, config: VerdictConfig) -> bool:
    """Whether two claims are about one thing for rule 3: a shared common word or similar enough."""
    return (similarity >= config.unshared_min_similarity
            or bool(shared_common_words(a.content, b.content, (*a.entities, *b.entities))))


def polarity(stance: str) -> int:
    """+1 for asserts/reports, -1 for denies, 0 for questions."""
    return {"asserts": 1, "reports": 1, "denies": -1}.get(stance, 0)


def _speaker(claim: Claim) -> str:
    return claim.speaker or claim.source


def _later(a: Claim, b: Claim) -> Claim | None:
    if a.date is None or b.date is None or a.date == b.date:
        return None
    return a if a.date > b.date else b


def _superseded(a: Claim, b: Claim, config: VerdictConfig) -> bool:
    if a.event_date is not None and b.event_date is not None:
        # Two reports of the same day that disagree on when something happened conflict; an update is
        # published later than the report it updates.
        return a.event_date != b.event_date and (a.date is None or b.date is None or a.date != b.date)
    later = _later(a, b)
    if later is None or abs((a.date - b.date).days) < config.supersede_min_days:
        return False
    return bool(_UPDATE_CUES.search(later.text))


def _changed(a: Claim, b: Claim, config: VerdictConfig) -> bool:
    """Whether two claims about different days state a change of one thing: a same-unit figure that
    differs, or an update cue in the later claim."""
    if numeric_conflicts(a.content, b.content, tolerance=config.numeric_tolerance):
        return True
    later = _later(a, b) or b
    return bool(_UPDATE_CUES.search(later.text))


def different_events(a: Claim, b: Claim) -> bool:
    """Claims from two documents whose proper nouns (:attr:`Claim.entities`) are both known and share
    none: news about different events ("nobody was hurt in the blast" at Korvel vs "20 people were
    injured" at Drenica), which NLI, judging the sentences alone, would take for one event."""
    if a.doc_id == b.doc_id or not a.entities or not b.entities:
        return False
    return not set(a.entities) & set(b.entities)


def different_periods(a: Claim, b: Claim) -> bool:
    """Both claims name years, or months without a day (:func:`detector.quantities.months`), the years
    differ or the months have none in common, and their other figures differ too: statements about two
    periods ("revenue in 2023 was 3.8 billion" vs "2.9 billion for 2024"; "unemployment fell to 5.2 percent
    in March" vs "was 5.9 percent in February"), not a conflict. When only the period differs ("founded in
    1990" vs "founded in 1995") the claims may well conflict, so this is False."""
    ya, yb = years(a.text), years(b.text)
    ma, mb = months(a.text), months(b.text)
    if not (ya and yb and ya != yb) and not (ma and mb and ma.isdisjoint(mb)):
        return False
    qa = {(q.low, q.high) for q in extract_quantities(a.text)}
    qb = {(q.low, q.high) for q in extract_quantities(b.text)}
    return bool(qa) and bool(qb) and qa != qb


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "final")
_ORDINAL_PHRASE = re.compile(r"\b(" + "|".join(_ORDINALS) + r"|\d+(?:st|nd|rd|th))[ -]+([a-z]+)", re.IGNORECASE)


def different_members(a: str, b: str) -> bool:
    """The two texts speak of different members of one series ("The second round was held on Sunday" vs
    "The first round was held on 25 May"; "first-quarter revenue" vs "second-quarter revenue") and differ in
    something else too: a noun comes with an ordinal in both texts, never with the same one, and the
    content-word stems outside the ordinals differ. Statements about two rounds, quarters or trials do
    not conflict; when only the ordinal differs ("opened in the first quarter" vs "opened in the second
    quarter") the claims may well conflict, so this is False."""
    def ordinals(text: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for m in _ORDINAL_PHRASE.finditer(text):
            number = re.sub(r"(?<=\d)(st|nd|rd|th)$", "", m.group(1).lower())
            found.setdefault(stem(m.group(2)), set()).add(number)
        return found

    oa, ob = ordinals(a), ordinals(b)
    if not any(oa[n].isdisjoint(ob[n]) for n in oa.keys() & ob.keys()):
        return False
    def rest(text: str) -> set[str]:
        return {stem(w) for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in _ORDINALS}

    return rest(a) != rest(b)


def numeric_probe(a: Claim, b: Claim, similarity: float, config: VerdictConfig = VerdictConfig()) -> str | None:
    """Claim a's content with its conflicting value replaced by b's, when the pair qualifies for the
    numeric rule (same polarity, similar enough, a same-unit value conflict); else None."""
    if polarity(a.stance) * polarity(b.stance) <= 0 or similarity < config.numeric_min_similarity:
        return None
    ya, yb = years(a.text), years(b.text)  # the proposition may have lost "for 2024"
    if ya and yb and ya != yb:
        return None
    conflicts = numeric_conflicts(a.content, b.content, tolerance=config.numeric_tolerance)
    if not conflicts:
        return None
    x, y = conflicts[0]
    if not _context_stems(a.content, x) & _context_stems(b.content, y):
        return None
    return substitute(a.content, x, y, b.content)


#: Dependents of a figure's verb that a core clause keeps (who did it, to whom or what, the verb's own words);
#: circumstances (prepositional phrases, adverbials, other clauses) are dropped. spaCy's English labels
#: (ClearNLP scheme).
_CORE_DEPS = frozenset("nsubj nsubjpass csubj csubjpass expl aux auxpass neg prt dobj dative attr oprd acomp "
                       "agent".split())
#: Dependents dropped inside the kept phrases too: asides, relative and participle clauses, coordination.
_ASIDE_DEPS = frozenset("appos relcl acl advcl parataxis conj cc punct prep npadvmod".split())
#: Entity types whose mention in a dropped circumstance places the figure (where, when, at which event).
_PLACING_ENTS = frozenset("GPE LOC FAC DATE EVENT".split())


@dataclass(frozen=True)
class FigureClause:
    """The core clause of a figure (see :func:`figure_clause`).

    Attributes:
        text: the clause's verb with its subject, object and auxiliaries ("Officers arrested 14 people").
        circumstances: (preposition, lemma of its object) of each prepositional phrase dropped, lowercased
            (("during", "march"), ("in", "kallendor")); "of" phrases are kept, never dropped.
        places: (entity label, lowercased text) of each GPE, LOC, FAC, DATE or EVENT entity in the dropped part.
    """

    text: str
    circumstances: frozenset[tuple[str, str]]
    places: frozenset[tuple[str, str]]


#: Subordinators that make a clause a supposition, not a statement.
_CONDITION_MARKS = frozenset({"if", "unless", "whether"})


def figure_clause(doc, start: int, end: int) -> FigureClause | None:
    """The core clause of the figure at characters ``start:end`` of a parsed text (a spaCy ``Doc``): the
    nearest verb above the figure (or the verb that governs it through "to": "plans to cut") with its
    subject, object, auxiliaries, the path down to the figure and, after "be", its prepositional predicate,
    without circumstances ("Officers arrested 14 people, most of them for throwing bottles near parliament"
    -> "Officers arrested 14 people"; "22 people were arrested during the pension march in Kallendor on
    Saturday" -> "22 people were arrested"). None when no verb governs the figure or nothing is dropped, and
    when the figure's clause is a condition ("I will be shocked if the price is $4,999"; "if", "unless",
    "whether"): its core would assert what the sentence only supposes.

    Two reports of one count often add different circumstances; NLI then reads each as saying more than the
    other (neutral) even when the counts are the same. The core clause is what the figure counts."""
    figure = [t for t in doc if start <= t.idx < end]
    if not figure:
        return None
    path, verb = set(), figure[-1]
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:  # the root is its own head (a new Token)
        path.add(verb)
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    while verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):  # "plans to eliminate 4,500 jobs"
        path.add(verb)
        verb = verb.head
    if any(child.dep_ == "mark" and child.lower_ in _CONDITION_MARKS for child in verb.children):
        return None
    keep = {verb}

    def add(token) -> None:
        keep.add(token)
        for child in token.children:
            if child in path or child in figure or (child.dep_ not in _ASIDE_DEPS
                                                    or (child.dep_ == "prep" and child.lower_ == "of")):
                add(child)

    for child in verb.children:  # after "be" a prepositional phrase is the predicate ("were on board the ferry")
        if (child in path or child in figure or child.dep_ in _CORE_DEPS
                or (verb.lemma_ == "be" and child.dep_ == "prep")):
            add(child)
    dropped = [t for t in doc if t not in keep]
    if len(keep) < 3 or not any(t.is_alpha for t in dropped):
        return None
    circumstances = frozenset((prep.lower_, pobj.lemma_.lower()) for prep in dropped
                              if prep.dep_ == "prep" and prep.lower_ != "of"
                              for pobj in prep.children if pobj.dep_ == "pobj" and pobj.pos_ != "PRON")
    places = frozenset((ent.label_, ent.text.lower()) for ent in doc.ents
                       if ent.label_ in _PLACING_ENTS and not any(t in keep for t in ent))
    text = "".join(t.text_with_ws for t in sorted(keep, key=lambda t: t.i)).strip().rstrip(",;:.")
    return FigureClause(text, circumstances, places)


def circumstances_differ(a: FigureClause, b: FigureClause, doc_a, doc_b) -> bool:
    """Whether two figures' dropped circumstances place them apart: the same preposition with different
    objects ("killed in the attack" vs "killed in the floods"), or a place, date or event named in one's
    dropped part while the other text names others of that kind and not it ("in Syria" vs "in Iraq")."""
    prep_a: dict[str, set[str]] = {}
    for prep, noun in a.circumstances:
        prep_a.setdefault(prep, set()).add(noun)
    if any(prep in prep_a and noun not in prep_a[prep] for prep, noun in b.circumstances):
        return True
    for mine, other in ((a, doc_b), (b, doc_a)):
        ents = {(e.label_, e.text.lower()) for e in other.ents if e.label_ in _PLACING_ENTS}
        for label, text in mine.places:
            same_kind = {t for lab, t in ents if lab == label}
            if same_kind and text not in same_kind:
                return True
    return False


def numeric_core_pairs(a: Claim, b: Claim, probe: str, config: VerdictConfig = VerdictConfig(),
                       nlp=None) -> list[tuple[str, str]]:
    """(premise, hypothesis) pairs that test whether the :func:`numeric_probe` of ``a`` and ``b`` count the
    same thing once their circumstances are set aside: b against the core clause (:func:`figure_clause`) of
    the probe's figure, the probe against the core clause of b's figure, and the two core clauses against
    each other both ways (combined by :func:`core_same`). Empty when either figure has no core clause or
    their dropped circumstances place them apart (:func:`circumstances_differ`).

    Args:
        nlp: a spaCy pipeline; defaults to :func:`detector.nlp.load_spacy`.
    """
    conflicts = numeric_conflicts(a.content, b.content, tolerance=config.numeric_tolerance)
    if not conflicts:
        return []
    _, y = conflicts[0]
    # the probe's figure is b's value, perhaps with a's qualifier ("about 164 people")
    mine = [q for q in extract_quantities(probe) if q.unit == y.unit and q.low <= y.low and y.high <= q.high]
    if not mine:
        return []
    if nlp is None:
        from detector.nlp import load_spacy

        nlp = load_spacy()
    doc_p, doc_b = nlp(probe), nlp(b.content)
    core_p, core_b = figure_clause(doc_p, mine[0].start, mine[0].end), figure_clause(doc_b, y.start, y.end)
    if core_p is None or core_b is None or circumstances_differ(core_p, core_b, doc_p, doc_b):
        return []
    return [(b.content, core_p.text), (probe, core_b.text), (core_p.text, core_b.text), (core_b.text, core_p.text)]


def core_same(entailment: Sequence[float]) -> float:
    """The probability that a probe and the other claim count the same thing, from the entailment
    probabilities of the four :func:`numeric_core_pairs` in their order: one text entails the other's core
    clause (either way) and one core clause entails the other (either way), the smaller of the two. The
    second test keeps out a probe whose extra predicate entails the other's weaker one ("60,000 people were
    arrested during the march" entails "60,000 people marched", but the figures count different people)."""
    if len(entailment) != 4:
        raise ValueError(f"expected the entailment of the 4 numeric_core_pairs, got {len(entailment)}")
    return min(max(entailment[0], entailment[1]), max(entailment[2], entailment[3]))


#: A contrast that corrects one detail: "164 people were on board, not 212", "He, not Marrow, had won", "hit
#: the hospital rather than a fuel depot", "will resume in Geneva instead of Vienna".
_CONTRAST = re.compile(r"(?:,\s*(?:and\s+|but\s+)?not\s+|\s+rather than\s+|\s+instead of\s+)", re.IGNORECASE)
#: Words after "not" that open no corrected detail ("not only ... but", "not yet", "not far from").
_NOT_CONTRAST = frozenset("only just merely least yet even always all necessarily quite to because since until "
                          "long far enough so too very much".split())
_REJECTED_END = re.compile(r",\s|;|\.(?:\s|$)|$|\s(?:as|that|which|who|whom|when|where|because|according|after|"
                           r"before|while|since|said|says)\b", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"(?:the\s+|a\s+|an\s+)?(?P<n>\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion|"
                             r"trillion))?)\b", re.IGNORECASE)
_PREPOSITIONS = frozenset("by in at on from to with for into".split())


@dataclass(frozen=True)
class Correction:
    """A claim that corrects one detail of another account (see :func:`corrected_alternative`).

    Attributes:
        rejected: the proposition the claim says is not so, written like the claim ("212 people were on board
            the Saint Odile when it capsized" for "164 people were on board the Saint Odile when it capsized,
            not 212 as the coast guard had reported").
        kept, dropped: the detail the claim gives and the one it rejects, as written ("164", "212"); for a
            denied quote, "never said" and the person said not to have said it.
        numeric: whether the details are figures.
        kind: ``"detail"`` (:func:`corrected_alternative`) or ``"quote"`` (:func:`denied_quote`).
    """

    rejected: str
    kept: str
    dropped: str
    numeric: bool
    kind: str = "detail"


_NEVER_SAID = re.compile(r"^(?P<who>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,3})\s+(?:had\s+|has\s+)?"
                         r"(?:never|did\s+not|didn't|had\s+not|hadn't|has\s+not|hasn't)\s+(?:said|say)\s+"
                         r"(?:that\s+)?(?P<quote>\S.*)$")


def denied_quote(text: str) -> Correction | None:
    """A proposition saying that a named person never said something ("Oda Rensky never said that the
    government had given in to the hauliers"), as a :class:`Correction` of kind ``"quote"`` whose rejected
    proposition is what was not said; None otherwise. Against a claim of that person saying it (speaker
    Oda Rensky, "the government had given in to the hauliers") NLI sees two compatible statements; the
    conflict is over who said what."""
    match = _NEVER_SAID.match(text)
    if (match is None or match["who"].split()[0].lower() in ("he", "she", "it", "they", "we", "i", "you")
            or len(match["quote"].split()) < 3):
        return None
    return Correction(match["quote"].rstrip("."), "never said", match["who"], False, "quote")


def corrected_alternative(text: str, nlp=None) -> Correction | None:
    """The proposition that ``text`` (a claim's proposition) rejects by a corrective contrast, or None.

    News writes a rebuttal of another account as "X, not Y" ("164 people were on board, not 212 as the
    coast guard had reported"; "He, not Marrow, had won the race"), "X rather than Y" ("hit the town
    hospital rather than a fuel depot") or "X instead of Y". The rejected proposition is the claim with X
    replaced by Y and the contrast removed; a claim of another source that entails it conflicts with this
    one just as an assertion conflicts with its denial. Y is read up to the next comma, clause word or full
    stop; a figure Y replaces the claim's last figure before the contrast (written as in the claim), a
    prepositional Y ("not by arsonists") the last phrase with that preposition, any other Y the noun phrase
    or pronoun just before the contrast (found with spaCy's noun chunks; ``nlp`` defaults to
    :func:`detector.nlp.load_spacy`). When X opens the sentence, the text after the aside's closing comma
    stays ("He, not Marrow, had won"); anything else after Y ("as the coast guard had reported", "his
    family said") is dropped. Returns None when there is no
    contrast, the contrast is not corrective ("not only", "not yet"), Y is longer than six words, or X
    cannot be found."""
    match = _CONTRAST.search(text)
    if match is None:
        return None
    pre, post = text[:match.start()].rstrip(), text[match.end():]
    end = _REJECTED_END.search(post)
    dropped = post[:end.start()].strip()
    words = dropped.split()
    if not words or len(words) > 6 or words[0].lower() in _NOT_CONTRAST or not pre:
        return None
    rest = post[end.start():]
    # "He, not Marrow, had won the race": after an aside on the subject the sentence goes on
    tail = rest[1:].strip() if rest.startswith(",") and match.group(0).startswith(",") else ""
    number = _LEADING_NUMBER.match(dropped)
    if number is not None:
        quantities = extract_quantities(pre)
        if not quantities:
            return None
        old = quantities[-1]
        rejected = pre[:old.start] + number.group("n") + pre[old.value_end:]
        return Correction(_ending(rejected, tail if old.start == 0 else ""), pre[old.start:old.value_end],
                          number.group("n"), True)
    if words[0].lower() in _PREPOSITIONS:
        at = pre.lower().rfind(f" {words[0].lower()} ")
        if at < 0:
            return None
        return Correction(_ending(pre[:at + 1] + dropped, ""), pre[at + 1:], dropped, False)
    if nlp is None:
        from detector.nlp import load_spacy

        nlp = load_spacy()
    doc = nlp(pre)
    spans = [(c.start_char, c.end_char) for c in doc.noun_chunks if c.end_char == len(pre)]
    spans += [(t.idx, t.idx + len(t)) for t in doc[-1:] if t.pos_ == "PRON"]
    if not spans:
        return None
    start, stop = spans[0]
    return Correction(_ending(pre[:start] + dropped + pre[stop:], tail if start == 0 else ""), pre[start:stop],
                      dropped, False)


def correction_applies(other: str, correction: Correction, speaker: str | None = None) -> bool:
    """Whether proposition ``other`` (said by ``speaker``) is about the detail that ``correction`` rejects:
    for a denied quote, ``speaker`` is the person said not to have said it (same last word: "Rensky" for
    "Oda Rensky"); for figures, ``other`` states a figure of the rejected proposition's unit that agrees
    with it ("about 210 people" for a rejected "212 people"); otherwise ``other`` holds a content word
    (stem) of the rejected detail ("Ilse Marrow won" for "not Marrow")."""
    if correction.kind == "quote":
        return bool(speaker) and speaker.split()[-1].lower() == correction.dropped.split()[-1].lower()
    if correction.numeric:
        units = {q.unit for q in extract_quantities(correction.rejected)}
        return (any(q.unit in units for q in extract_quantities(other))
                and not numeric_conflicts(other, correction.rejected))
    return bool(_content_stems(correction.dropped) & {stem(w) for w in re.findall(r"[A-Za-z]{3,}", other)})


def _ending(text: str, tail: str) -> str:
    """``text`` and ``tail`` (the rest of a sentence after an aside) as one sentence."""
    return f"{text} {tail}".strip() if tail else text.strip()


@dataclass(frozen=True)
class AgentSwap:
    """Two propositions stating one one-doer event with different doers (see :func:`agent_swap`).

    Attributes:
        probe: claim a's proposition with its doer replaced by b's (to be checked against b with NLI).
        doer_a, doer_b: the two doers as written; verb: the verb's lemma.
    """

    probe: str
    doer_a: str
    doer_b: str
    verb: str


def one_doer_event(doc) -> tuple[str, tuple[int, int], str] | None:
    """The one-doer event a parsed proposition (spaCy ``Doc``) states, as ``(verb lemma, (start, end)
    character span of the doer, lemma of the thing done)``, or None.

    The main verb must be in :data:`ONE_AGENT_VERBS`, not negated and without a modal; the doer is the
    active subject or the passive's "by" object and must be a name (a proper noun, or a noun that a name or
    nationality modifies: "Russian forces"; not coordinated: "X and Y won" says both did); the thing done (active object or passive subject) must be definite: a name, or
    a noun with "the" or a possessive ("won the election", not "won an award", which many win)."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return None
    verb = roots[0]
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in ONE_AGENT_VERBS:
        return None
    kids = {c.dep_: c for c in reversed(list(verb.children))}
    if "neg" in kids or any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children):
        return None
    if "nsubjpass" in kids:
        done = kids["nsubjpass"]
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        doer = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    else:
        doer, done = kids.get("nsubj"), kids.get("dobj")
    if doer is None or done is None or any(c.dep_ == "conj" for c in doer.children):
        return None
    if doer.pos_ != "PROPN" and not (doer.pos_ == "NOUN" and any(  # "Russian forces", "Kovar's army"
            c.dep_ in ("amod", "compound", "poss") and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE", "ORG"))
            for c in doer.children)):
        return None
    definite = done.pos_ == "PROPN" or any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in done.children)
    if not definite:
        return None
    left = doer.left_edge
    while left.i < doer.i and left.dep_ in ("det", "punct"):
        left = left.nbor()
    span = (left.idx, doer.right_edge.idx + len(doer.right_edge.text))
    return verb.lemma_.lower(), span, done.lemma_.lower()


def _same_name(x: str, y: str) -> bool:
    """Whether two capitalised words name the same party: equal, or a place and its people ("Russia" /
    "Russian", "Ukraine" / "Ukrainian": they share all but at most the last letter of the shorter)."""
    short, long_ = sorted((x.lower(), y.lower()), key=len)
    return short == long_ or (len(short) >= 4 and long_.startswith(short[:-1]))


def agent_swap(a_doc, b_doc) -> AgentSwap | None:
    """When two parsed propositions state the same one-doer event (:func:`one_doer_event`: same verb, same
    thing done) with doers that share no word ("Mira Osten" / "Tomas Brell"; not "Osten" / "Mira Osten"),
    the :class:`AgentSwap` with a's text carrying b's doer; else None. Doers are compared by their
    capitalised words ("Russian forces" / "Ukrainian forces" differ, "Russia" / "Russian forces" do not)."""
    ea, eb = one_doer_event(a_doc), one_doer_event(b_doc)
    if ea is None or eb is None or ea[0] != eb[0] or ea[2] != eb[2]:
        return None
    a_text, b_text = a_doc.text, b_doc.text
    doer_a, doer_b = a_text[ea[1][0]: ea[1][1]], b_text[eb[1][0]: eb[1][1]]
    names_a, names_b = ({w for w in re.findall(r"\w+", d) if w[:1].isupper()} for d in (doer_a, doer_b))
    if not names_a or not names_b or any(_same_name(x, y) for x in names_a for y in names_b):
        return None
    return AgentSwap(a_text[: ea[1][0]] + doer_b + a_text[ea[1][1]:], doer_a, doer_b, ea[0])


def _context_stems(text: str, quantity) -> set[str]:
    """Stems of the content words of ``text`` outside the quantity itself (what the figure is about)."""
    return _content_stems(text[: quantity.start] + " " + text[quantity.end:])


def _content_stems(text: str) -> set[str]:
    """Stems of the words of ``text`` of three letters or more that are not English stop words."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return {stem(w) for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in ENGLISH_STOP_WORDS}


_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without"})
#: Lemmas that negate what they govern: "failed to meet", "denied the report", "a fake site" (the denial verbs
#: of :data:`detector.attribution.DENY_VERBS` and words of failure and falsity).
NEGATIVE_LEMMAS = DENY_VERBS | frozenset({"fail", "refuse", "false", "fake", "untrue", "hoax", "bogus", "fabricate",
                                          "incorrect", "unable", "stop", "halt", "cancel"})
_SCOPE_DEPS = frozenset({"xcomp", "acomp", "attr", "dobj", "pobj", "prep", "nsubjpass", "ccomp", "advcl", "pcomp"})
_SCOPE_LINKS = frozenset({"prep", "xcomp", "acomp", "ccomp", "pcomp"})


def _content_lemmas(doc) -> set[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return {t.lemma_.lower() for t in doc if t.is_alpha and len(t) > 2 and t.lower_ not in STOP_WORDS}


def negation_scopes(doc) -> list[set[str]]:
    """For each negation in a parsed text (spaCy ``Doc``), the lower-cased lemmas it bears on.

    A negation is a token with the dependency ``neg`` or one of "no", "none", "never", "nobody", "nothing",
    "neither", "nor", "without"; it bears on its head, the head's complements and objects (and theirs, one
    preposition or clause down), and, for a determiner or a negated noun, the verb governing that noun ("No
    civilian buildings were hit": building, hit). A negative word (:data:`NEGATIVE_LEMMAS`: "failed to meet",
    "a fake site") bears on itself, its children and its head."""
    scopes = []
    for token in doc:
        if token.dep_ == "neg" or token.lower_ in _NEGATIONS:
            head = token.head
            scope = {head.lemma_.lower()}
            scope |= {c.lemma_.lower() for c in head.children if c.dep_ in _SCOPE_DEPS}
            scope |= {g.lemma_.lower() for c in head.children if c.dep_ in _SCOPE_LINKS for g in c.children}
            if head.pos_ == "NOUN" or token.dep_ == "det":
                scope.add(head.head.lemma_.lower())
            scopes.append(scope)
        elif token.lemma_.lower() in NEGATIVE_LEMMAS:
            scopes.append({token.lemma_.lower(), token.head.lemma_.lower()}
                          | {c.lemma_.lower() for c in token.children})
    return scopes


def contrast_cue(a_doc, b_doc) -> str | None:
    """What in two parsed texts (spaCy ``Doc``) sets them against each other on a shared point, or None.

    ``"negation"``: exactly one of them negates a word the other states (:func:`negation_scopes` against the
    other's content lemmas: "The dam did not break" / "The dam broke on Sunday night"; not "We are not aware
    of it" / "The image was posted on Instagram"). ``"figures"``: same-unit figures that conflict
    (:func:`detector.quantities.numeric_conflicts`). ``"antonym"``: a WordNet antonym pair across the texts
    (:func:`antonym_pairs`). Polarity, numeric mismatch and antonymy are features of de Marneffe, Rafferty
    and Manning 2008, "Finding Contradictions in Text" (ACL)."""
    lemmas_a, lemmas_b = _content_lemmas(a_doc), _content_lemmas(b_doc)
    scopes_a, scopes_b = negation_scopes(a_doc), negation_scopes(b_doc)
    negates_a = any(scope & lemmas_b for scope in scopes_a)
    negates_b = any(scope & lemmas_a for scope in scopes_b)
    if negates_a != negates_b:
        return "negation"
    if numeric_conflicts(a_doc.text, b_doc.text):
        return "figures"
    if antonym_pairs(a_doc, b_doc, scopes_a, scopes_b):
        return "antonym"
    return None


#: Parts of speech whose WordNet antonyms count as a contrast cue. Nouns ("day" / "night", "man" / "woman")
#: and adverbs ("inside" / "outside") mostly tell things apart rather than set claims against each other.
ANTONYM_POS = ("ADJ", "VERB")

_SUBJECTS = {"nsubj", "nsubjpass"}
_PREDICATIVE = {"acomp", "attr", "oprd"}


def _antonym_subjects(token) -> set[str] | None:
    """Lower-cased lemmas of what an antonym candidate is said of: a verb's subjects, a predicative adjective's
    clause subjects ("The guitarist was found dead": guitarist); ``set()`` for a pronoun subject (unknown);
    None when the token is no candidate (an attributive adjective, "a larger asteroid", an ordinal, or a word
    without a subject, "a license to sell")."""
    if token.pos_ == "ADJ":
        if token.dep_ not in _PREDICATIVE or token.tag_ == "JJS" or token.like_num:
            return None
        head = token.head
    elif token.pos_ == "VERB":
        head = token
    else:
        return None
    subjects = [c for c in head.children if c.dep_ in _SUBJECTS]
    if not subjects and head.dep_ in ("xcomp", "conj") and head.head.pos_ in ("VERB", "AUX"):
        subjects = [c for c in head.head.children if c.dep_ in _SUBJECTS]  # "began to rise", "rose and fell"
    if not subjects:
        return None  # said of nothing named ("a license to sell marijuana"): no cue
    if any(c.pos_ == "PRON" for c in subjects):
        return set()
    return {c.lemma_.lower() for c in subjects}


def antonym_pairs(a_doc, b_doc, scopes_a: list[set[str]] | None = None,
                  scopes_b: list[set[str]] | None = None) -> list[tuple[str, str]]:
    """Lemma pairs (from ``a_doc``, from ``b_doc``) that WordNet lists as antonyms with the same part of
    speech (:func:`detector.lexicon.antonyms`, :data:`ANTONYM_POS`), said of the same thing: "The guitarist
    was found dead" / "The guitarist is alive", "Exports increased" / "Exports decreased". Said of the same
    thing: the two words' subjects share a lemma (a pronoun subject counts as shared; a word without a subject
    does not count); an adjective counts only in predicate position (not "a larger asteroid" / "the small
    asteroid", which tell two things apart).
    A lemma that the other text also uses ("rose and fell" in one text) or that a negation of its own text
    bears on (:func:`negation_scopes`; "not dead") does not count. ``scopes_a``/``scopes_b``: the texts'
    negation scopes when already computed."""
    from detector.lexicon import antonyms

    table = antonyms()

    def candidates(doc, scopes):
        negated = set().union(*scopes) if scopes else set()
        out = {}
        for t in doc:
            lemma = t.lemma_.lower()
            if t.is_alpha and t.pos_ in ANTONYM_POS and lemma not in negated:
                subjects = _antonym_subjects(t)
                if subjects is not None:
                    out.setdefault((t.pos_, lemma), []).append(subjects)
        return out

    cand_a = candidates(a_doc, negation_scopes(a_doc) if scopes_a is None else scopes_a)
    cand_b = candidates(b_doc, negation_scopes(b_doc) if scopes_b is None else scopes_b)
    words_a = {t.lemma_.lower() for t in a_doc}
    words_b = {t.lemma_.lower() for t in b_doc}
    pairs = set()
    for (pos, x), subjects_a in cand_a.items():
        for y in table[pos].get(x, ()):
            if (pos, y) not in cand_b or y in words_a or x in words_b:
                continue
            if any(not sa or not sb or sa & sb for sa in subjects_a for sb in cand_b[(pos, y)]):
                pairs.add((x, y))
    return sorted(pairs)


def figures_agree(a: str, b: str, tolerance: float = 0.0) -> bool:
    """True when two texts say the same thing apart from figures that agree: both give a quantity of a
    shared unit, no same-unit values conflict (:func:`detector.quantities.numeric_conflicts`: "more than 20
    people" and "23 people" overlap), the years named are the same, the negations are the same, and the
    content-word stems outside the figures and their qualifiers of one text are a subset of the other's.

    NLI models trained on swapped numbers call such pairs contradictions ("More than 20 people were injured
    in the attack" vs "The attack injured 23 people"); same-polarity claims for which this holds are not
    flagged. Conservative by design: any other differing content word keeps the pair for NLI to judge.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    qa, qb = extract_quantities(a), extract_quantities(b)
    if not ({q.unit for q in qa} & {q.unit for q in qb}) or years(a) != years(b):
        return False
    if numeric_conflicts(a, b, tolerance=tolerance):
        return False

    def words(text: str, quantities) -> tuple[set[str], set[str]]:
        rest, last = [], 0
        for q in sorted(quantities, key=lambda q: q.start):
            rest.append(text[last:q.start])
            last = max(last, q.end)
        rest.append(text[last:])
        tokens = [w.lower() for w in re.findall(r"[A-Za-z]+(?:'t)?", " ".join(rest))]
        negated = [w for w in tokens if w in _NEGATIONS or w.endswith("n't")]
        content = {stem(w) for w in tokens if len(w) >= 3 and w not in ENGLISH_STOP_WORDS
                   and w not in QUALIFIER_WORDS and w not in negated}
        return content, {"not" if w.endswith("n't") else w for w in negated}

    (ca, na), (cb, nb) = words(a, qa), words(b, qb)
    return na == nb and bool(ca) and bool(cb) and (ca <= cb or cb <= ca)


def decide(a: Claim, b: Claim, probs: np.ndarray, similarity: float, config: VerdictConfig = VerdictConfig(),
           *, entailment_ab: float | None = None, entailment_ba: float | None = None,
           numeric_same: float | None = None, numeric_contradiction: float | None = None,
           agent: AgentSwap | None = None, agent_same: float | None = None,
           correction: Correction | None = None, corrected_by: Claim | None = None,
           correction_same: float | None = None, contradiction_ab: float | None = None,
           contradiction_ba: float | None = None, contrast: str | None = None) -> Finding | None:
    """Return the finding for claims ``a`` and ``b`` or None.

    Args:
        probs: combined NLI probabilities of the two propositions, shape (3,), NLI_LABELS order.
        similarity: cosine similarity of the two claims' embeddings.
        entailment_ab, entailment_ba: entailment probability with a as premise and b as hypothesis, and the
            reverse. For an assertion against a denial the direction asserted => denied is what counts
            (X asserting Q, which implies the P that Y denies, conflicts with Y); None falls back to ``probs``.
        numeric_same: entailment probability of the :func:`numeric_probe` against b, if a probe was made (the
            pipeline passes the larger of the probes a-with-b's-figure and b-with-a's-figure, core clauses
            included: :func:`numeric_core_pairs`).
        numeric_contradiction: contradiction probability of that probe against b (same combination), if made.
        agent: the :func:`agent_swap` of the two propositions, if any; agent_same: the larger entailment
            probability of its probe and b, in either direction.
        correction: the :func:`corrected_alternative` of one claim (``corrected_by``), if it applies to the
            other (:func:`correction_applies`); correction_same: entailment probability of the rejected
            proposition by the other claim (the other claim as premise).
        contradiction_ab, contradiction_ba: contradiction probability in each order (a as premise, then b);
            with both given, rule 3b applies. contrast: the pair's :func:`contrast_cue`, if any.
    """
    e, c = float(probs[_E]), float(probs[_C])
    pa, pb = polarity(a.stance), polarity(b.stance)
    linked = a.linked_to == b.id or b.linked_to == a.id
    verdict, reason, corrected = "contradiction", "", False
    if pa * pb < 0:
        asserted, denied = (a, b) if pa > 0 else (b, a)
        directional = entailment_ab if asserted is a else entailment_ba
        score = e if directional is None else float(directional)
        how = ""
        if linked:
            score, how = max(score, config.linked_score), " (linked reference)"
        elif owner_reference_matches(denied.content, asserted.speaker, asserted.content):
            score, how = max(score, config.reference_score), f" (denied what {asserted.speaker} said)"
        elif nominal_head(denied.content) is not None:  # "denied the capture of X": NLI on a fragment is noise
            if matches_reference(denied.content, asserted.content):
                score, how = config.reference_score, " (denied reference matches)"
            elif reference_names_match(denied.content, asserted.content):  # "capture" for "had taken": NLI judges
                how = " (denied reference names the event)"
            else:
                score = 0.0
        elif different_events(a, b):
            return None
        reason = f"{_speaker(a)} {a.stance}, {_speaker(b)} {b.stance}{how}"
    elif pa * pb > 0:
        corrected = (correction is not None and corrected_by is not None and correction_same is not None
                     and correction_same >= config.numeric_min_same)
        if (different_events(a, b) or different_periods(a, b) or different_members(a.content, b.content)
                or (not corrected and figures_agree(a.content, b.content, config.numeric_tolerance))):
            return None
        score = c
        reason = f"NLI contradiction {c:.2f}"
        nli_only = True
        if corrected:
            nli_only = False
            verdict = "numeric_mismatch" if correction.numeric else "contradiction"
            score = max(c, correction_same)
            reason = (f"{_speaker(corrected_by)}: {correction.dropped} never said it" if correction.kind == "quote"
                      else f"{_speaker(corrected_by)}: {correction.kept}, not {correction.dropped}")
        elif (numeric_same is not None and numeric_same < config.numeric_min_same
                and numeric_contradiction is not None and numeric_contradiction < config.threshold):
            return None  # with the figures equal the claims neither match nor conflict: figures of other things
        elif numeric_same is not None and numeric_same >= config.numeric_min_same and e < 0.5:
            conflicts = numeric_conflicts(a.content, b.content, tolerance=config.numeric_tolerance)
            if conflicts:
                verdict = "numeric_mismatch"
                score = max(c, numeric_same)
                x, y = conflicts[0]
                reason = f"{x.text} vs {y.text}"
                nli_only = False
        elif agent is not None and agent_same is not None and agent_same >= config.numeric_min_same and e < 0.5:
            nli_only = False
            score = max(c, agent_same)
            reason = f"{agent.doer_a} vs {agent.doer_b} as the one who did it ({agent.verb})"
        if (nli_only and contradiction_ab is not None and contradiction_ba is not None and contrast is None
                and max(len(a.content.split()), len(b.content.split())) > config.one_way_max_words):
            score = (contradiction_ab + contradiction_ba) / 2
            reason = f"NLI contradiction {score:.2f} (mean of both orders; {c:.2f} combined)"
        elif nli_only and contrast is not None:
            reason += f" ({contrast})"
        if nli_only and not _related(a, b, similarity, config) and score < config.unshared_min_score:
            return None
    else:
        score = c / 2
        reason = f"question vs claim, NLI contradiction {c:.2f}"
        if not _related(a, b, similarity, config) and score < config.unshared_min_score:
            return None
    if score < config.threshold:
        return None
    if pa * pb > 0 and not corrected and _superseded(a, b, config):  # a rebuttal is not an update
        if a.event_date is not None and b.event_date is not None and not _changed(a, b, config):
            return None  # two days, two events: NLI trained on captions reads them as one scene
        verdict = "superseded"
        reason = f"different times ({a.event_date or a.date} vs {b.event_date or b.date}); " + reason
    return Finding(a=a, b=b, verdict=verdict, score=round(score, 4), reason=reason, contradiction=round(c, 4),
                   similarity=round(float(similarity), 4))
