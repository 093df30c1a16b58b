"""Attribution: speaker, reporting verb, stance, proposition and event time of a sentence.

Rules on the spaCy dependency parse (``en_core_web_sm``), no model beyond it:

* the *reporting verb* is the shallowest verb from :data:`REPORTING_VERBS` outside quoted speech (plus
  "according to", "called X false", "cast doubt on"); its ``nsubj`` is the speaker, its ``ccomp`` (or the
  quoted speech, or the rest of the sentence for "P, X said") the proposition;
* stance: ``denies`` for deny/reject/dismiss/refute/dispute/... and "said/called the reports false";
  ``questions`` for question/doubt/"asked whether"/"cast doubt on" and for a direct question (a sentence or
  proposition ending in "?"); ``reports`` for hearsay (passive "it was
  reported that", "X is said to", "reportedly", "allegedly") and for a *negated* reporting verb ("did not
  deny P", "never confirmed P": the speaker neither asserts nor denies P) and "refused to confirm";
  otherwise ``asserts``;
* a denied proposition loses the negative polarity items the denial licensed (:func:`affirmative`: "denied
  that any site was hit" denies "a site was hit");
* pronoun speakers ("he", "they") are kept as the lowercase pronoun; :func:`link_references` resolves them
  to the most recent named speaker of the document, and :func:`resolve_definite_subjects` resolves "the
  company" / "the command" and surname-only speakers to the name given before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from typing import TYPE_CHECKING, Iterable

from detector.records import Attribution, Claim
from detector.timeexpr import resolve_time

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["stem", "matches_reference", "reference_names_match", "nominal_head", "REPORTING_VERBS", "analyze_sentence",
           "link_references", "quote_spans", "resolve_definite_subjects", "affirmative", "Descriptions",
           "describe_names", "corpus_descriptions"]

logger = logging.getLogger(__name__)

#: Lemmas of verbs that introduce a speaker's content ("said", "denied", "was quoted as saying").
REPORTING_VERBS = frozenset(
    "say tell claim state announce insist deny reject dismiss confirm report warn add argue accuse acknowledge "
    "admit allege assert declare note suggest vow question dispute refute rebut explain write predict "
    "maintain stress emphasize emphasise promise pledge reiterate repeat contend comment reply respond tweet "
    "concede indicate testify charge doubt signal hint threaten caution disclose reveal agree complain "
    "quote disavow contradict repudiate debunk ask wonder observe remark boast believe think estimate forecast".split()
)
DENY_VERBS = frozenset("deny reject dismiss refute dispute rebut disavow contradict repudiate debunk".split())
QUESTION_VERBS = frozenset("question doubt wonder".split())
FALSE_WORDS = frozenset(
    "false untrue fake baseless groundless unfounded fabricated fabrication lie nonsense propaganda "
    "disinformation misinformation fiction incorrect wrong inaccurate absurd fantasy hoax".split()
)
HEARSAY_ADVERBS = frozenset("reportedly allegedly purportedly supposedly".split())
PRONOUN_SPEAKERS = frozenset({"he", "she", "they", "it", "we", "i"})

#: Verbs whose bare noun object is what is reported ("denied the capture", "confirmed the deaths"); for the
#: others ("added 200 beds", "wrote a letter") a noun object is not a proposition.
_NOMINAL_OBJECT_VERBS = frozenset(
    "deny reject dismiss refute dispute rebut disavow contradict repudiate debunk confirm report announce claim "
    "acknowledge admit allege doubt question accuse predict reveal disclose promise pledge".split()
)
_TITLES = frozenset(
    "president prime minister mr mr. mrs mrs. ms ms. dr dr. gen gen. general chancellor secretary sen sen. "
    "senator rep rep. governor mayor king queen prince pope colonel col. lt. lieutenant spokesman "
    "spokeswoman spokesperson foreign defense defence interior deputy vice chief commander premier".split()
)
_OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb"}
_QUOTE_CHARS = "\"\u201c\u201d\u00ab\u00bb"
_ARTICLES = frozenset("the a an this that these those".split())
_DROP_QUOTES = str.maketrans("", "", _QUOTE_CHARS)
_MARKS = frozenset({"that", "whether", "if"})


def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges (start, end) of quoted speech in ``text``, quote marks excluded.

    Curly and guillemet pairs are matched; straight quotes alternate. A closing mark with no opening one
    (a quote that began in an earlier sentence) opens at 0; an unclosed opening mark runs to the end.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for i, ch in enumerate(text):
        if open_at is None:
            closing_straight = ch == '"' and 0 < i and not text[i - 1].isspace() and (
                i + 1 == len(text) or text[i + 1] in " ,.;:!?")
            if closing_straight and not spans:
                spans.append((0, i))
            elif ch in _OPEN_CLOSE or ch == '"':
                open_at, closer = i + 1, _OPEN_CLOSE.get(ch, '"')
            elif ch in ("\u201d", "\u00bb") and not spans:
                spans.append((0, i))
        elif ch == closer or (closer == "\u201d" and ch == '"'):
            spans.append((open_at, i))
            open_at = None
    if open_at is not None and open_at < len(text):
        spans.append((open_at, len(text)))
    return tuple((s, e) for s, e in spans if e > s)


def _in_spans(tok: Token, base: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(s <= tok.idx - base < e for s, e in spans)


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


def _text(tokens: list[Token], capitalize: bool = True) -> str:
    """Tokens (document order) joined with their own whitespace, quote marks dropped, edges cleaned."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].lower_ in _MARKS and toks[0].dep_ == "mark"):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in (")", "%"):
        toks = toks[:-1]
    out = "".join(t.text_with_ws for t in toks).translate(_DROP_QUOTES)
    out = re.sub(r"\s+", " ", out).strip(" ,;:-\u2014")
    return out[:1].upper() + out[1:] if out and capitalize else out


def _subtree(tok: Token, skip: tuple[str, ...] = ()) -> list[Token]:
    out = [tok]
    for child in tok.children:
        if child.dep_ not in skip:
            out.extend(_subtree(child, skip))
    return out


def _speaker(subj: Token) -> str | None:
    """Noun phrase of a subject, without determiners, appositions or relative clauses (titles stripped
    when a PERSON name remains); the lowercase pronoun for he/she/they/it/we; None for other pronouns."""
    if subj.pos_ == "PRON":
        return subj.lower_ if subj.lower_ in PRONOUN_SPEAKERS else None
    appos = next((c for c in subj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if appos is not None and subj.ent_type_ != "PERSON":  # "a spokeswoman for the utility, Ingrid Falk,"
        return _speaker(appos)
    toks = sorted(_subtree(subj, ("appos", "relcl", "acl", "punct", "advmod", "parataxis", "prep")
                           if subj.ent_type_ == "PERSON" else ("appos", "relcl", "acl", "punct", "parataxis")),
                  key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].lower_ in _ARTICLES):
        toks = toks[1:]
    if not toks:
        return None
    for ent in subj.sent.ents if hasattr(subj, "sent") else ():
        if ent.label_ == "PERSON" and ent.start <= subj.i < ent.end and ent.end - 1 == toks[-1].i:
            name = [t for t in ent if t.lower_ not in _TITLES]
            if name:
                return _text(name, capitalize=False)
    return _text(toks, capitalize=False)


def _is_false_frame(tok: Token) -> bool:
    """``tok`` (an adjective/noun predicate) calls something false: "false", "not true", "propaganda"."""
    if tok.lemma_.lower() in FALSE_WORDS:
        return True
    negated = any(c.dep_ == "neg" for c in tok.children) or any(c.dep_ == "neg" for c in tok.head.children)
    return negated and tok.lemma_.lower() in ("true", "correct", "accurate", "right")


def _clause_of(noun: Token) -> Token | None:
    """A that-clause attached to a noun ("reports that P"), else None."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(c.dep_ == "mark" for c in child.children):
            return child
    return None


def _false_target(pred_head: Token) -> Token | None:
    """For a clause "X is false" / "it is not true that P", the token whose subtree is denied."""
    preds = [c for c in pred_head.children if c.dep_ in ("acomp", "attr", "oprd", "xcomp") and _is_false_frame(c)]
    if not preds:
        return None
    subj = next((c for c in pred_head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    extraposed = next((c for c in pred_head.children if c.dep_ == "ccomp"), None)
    if subj is not None and subj.lower_ in ("it", "this") and extraposed is not None:
        return extraposed
    return subj


def _call_false(verb: Token) -> Token | None:
    """For "called X false" / "called reports that P 'pure fabrication'": the false-word token, else None."""
    for c in verb.children:
        if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and _is_false_frame(c):
            return c
    words = [t for t in verb.subtree if not t.is_punct and t.i > verb.i]
    return words[-1] if words and _is_false_frame(words[-1]) else None


#: Subordinators of an adverbial clause that does not report a statement made: a condition ("if the ministry
#: confirms it"), or a time to come when the verb is in the present ("when Apple announces the price").
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
_TEMPORAL_MARKS = frozenset({"when", "whenever", "until", "once", "before", "after"})


def _not_a_report(tok: Token) -> bool:
    """Whether a reporting verb is no report of a statement: a bare past participle ("had his identity
    revealed", no auxiliary and no subject of its own, or under "have"/"get": a causative or reduced clause,
    not "has revealed" or "was revealed"), or a verb in a conditional clause, or in a temporal clause in the
    present tense (:data:`_CONDITIONAL_MARKS`, :data:`_TEMPORAL_MARKS`)."""
    if (tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
            and (tok.head.lemma_ in ("have", "get") or not any(c.dep_ == "nsubj" for c in tok.children))):
        return True  # a finite verb tagged VBN keeps its subject: "Voltra announced that ..."
    if tok.dep_ != "advcl":
        return False
    marks = {c.lower_ for c in tok.children if c.dep_ in ("mark", "advmod")}
    return bool(marks & _CONDITIONAL_MARKS) or (bool(marks & _TEMPORAL_MARKS) and tok.tag_ in ("VBZ", "VBP"))


def _pick_verb(sent: Span, spans: tuple[tuple[int, int], ...]) -> Token | None:
    base = sent.start_char
    cands = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if _in_spans(tok, base, spans) or tok.dep_ in ("amod", "acl", "relcl", "compound", "pcomp"):
            continue
        if tok.pos_ == "VERB" and _not_a_report(tok):
            continue
        if tok.lower_ == "according" and tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ == "to":
            cands.append(tok)
        elif tok.pos_ == "VERB" and (lemma in REPORTING_VERBS or lemma == "call" and _call_false(tok) is not None
                                     or lemma == "cast" and any(c.lemma_ == "doubt" for c in tok.children)):
            cands.append(tok)
    return min(cands, key=lambda t: (_depth(t), t.i)) if cands else None


def _proposition(verb: Token, sent: Span, speech: list[tuple[int, int]]) -> tuple[str, str | None, bool]:
    """(proposition, refers_to, denied-by-frame) for a chosen reporting verb."""
    base = sent.start_char
    children = list(verb.children)
    ccomp = next((c for c in children if c.dep_ == "ccomp"), None)
    if ccomp is None and verb.lemma_ == "quote":  # "was quoted as saying that P"
        ccomp = next((t for t in verb.subtree if t.dep_ == "ccomp" and t.head.lemma_ == "say"), None)
    dobj = next((c for c in children if c.dep_ == "dobj"), None)
    false_tok = _call_false(verb) if verb.lemma_ == "call" else None
    if false_tok is not None:  # "called the claims false": the object is denied
        obj = dobj or next((c for c in false_tok.children if c.dep_ == "nsubj"), None)
        if obj is not None:
            clause = _clause_of(obj)
            drop = set(_subtree(false_tok))
            if clause is not None:
                return _text([t for t in _subtree(clause) if t not in drop]), None, True
            return _text([t for t in _subtree(obj) if t not in drop]), obj.lemma_.lower(), True
    if ccomp is not None:
        target = _false_target(ccomp)
        if target is not None:
            of = next((p for c in children if c.dep_ == "prep" and c.lower_ in ("of", "about")
                       for p in c.children if p.dep_ == "pobj"), None)
            if target.lower_ in ("that", "this", "it") and target.dep_ != "ccomp" and of is not None:
                target = of  # '"That is not true," he said of the reports'
            clause = target if target.dep_ == "ccomp" else _clause_of(target)
            ref = None if clause is not None or target.dep_ == "ccomp" else target.lemma_.lower()
            return _text(_subtree(clause if clause is not None else target)), ref, True
    ctoks = _subtree(ccomp) if ccomp is not None else []
    if speech and (ccomp is None or all(_in_spans(t, base, tuple(speech)) or t.is_punct for t in ctoks)):
        return " ".join(_text(list(sent.char_span(s, e, alignment_mode="expand") or []))
                        for s, e in speech).strip(), None, False
    if ccomp is not None:
        return _text(ctoks), None, False
    if verb.lower_ == "according":
        return _text([t for t in sent if t not in set(_subtree(verb))]), None, False
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i != verb.i or verb.lemma_ == "add" and dobj is None:
        frame = set(_subtree(verb))
        return _text([t for t in sent if t not in frame]), None, False
    xcomp = next((c for c in children if c.dep_ == "xcomp"), None)
    if xcomp is not None and verb.lemma_ != "call":
        toks = [t for t in _subtree(xcomp) if not (t.dep_ == "aux" and t.lower_ in ("to", "have")
                                                    and t.head.i == xcomp.i)]
        subj = next((c for c in children if c.dep_ == "nsubjpass"), None)
        return _text((_subtree(subj) if subj is not None else []) + toks), None, False
    if verb.lemma_ == "cast":  # "cast doubt on P"
        on = next((c for c in children if c.dep_ == "prep" and c.lower_ in ("on", "over")), None)
        if on is not None:
            return _text([t for c in on.children for t in _subtree(c)]), None, False
    if dobj is not None and verb.lemma_ in _NOMINAL_OBJECT_VERBS:
        clause = _clause_of(dobj)
        if clause is not None:
            return _text(_subtree(clause)), None, False
        of = next((p for c in children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children), None)
        if verb.lemma_ == "accuse" and of is not None:
            return _text(_subtree(dobj) + _subtree(of)), None, False
        return _text(_subtree(dobj)), dobj.lemma_.lower(), False
    prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in ("on", "of", "about")), None)
    if prep is not None and verb.lemma_ == "warn":  # "warned of a famine"
        pobj = [t for c in prep.children for t in _subtree(c)]
        return _text(pobj), None, False
    deep = next((t for t in verb.subtree if t.dep_ == "ccomp" and t.i > verb.i and any(
        c.dep_ == "mark" and c.lower_ == "that" for c in t.children)), None)
    if deep is not None:  # "said in a statement posted online that P" (clause misattached by the parser)
        return _text(_subtree(deep)), None, False
    return "", None, False


def _stance(verb: Token, lemma: str, passive: bool, denied: bool) -> str:
    if any(c.dep_ == "neg" for c in verb.children) or verb.dep_ == "xcomp" and (
            verb.head.lemma_ in ("refuse", "decline", "fail") or any(c.lower_ == "yet" for c in verb.head.children)):
        return "reports"  # "did not deny", "refused to confirm", "have yet to confirm": neither asserted nor denied
    if passive and not any(c.dep_ == "agent" for c in verb.children):
        return "reports"
    if lemma in DENY_VERBS or denied:
        return "denies"
    if lemma in QUESTION_VERBS or lemma == "cast" or lemma == "ask" and any(
            g.lower_ in ("whether", "if") for c in verb.children if c.dep_ == "ccomp" for g in c.children):
        return "questions"
    return "asserts"


_NPI_WORDS = {"anyone": "someone", "anybody": "somebody", "anything": "something", "anywhere": "somewhere"}
#: Nouns that take "some", not "a", when "any" goes ("any damage" -> "some damage").
MASS_NOUNS = frozenset("damage evidence information harm money aid help support water food fuel equipment ammunition "
                       "weaponry violence progress news advice research wrongdoing knowledge involvement contact "
                       "fighting shelling firing interference pressure funding".split())


def affirmative(proposition: str, sent: Span | None = None) -> str:
    """The positive form of a denied proposition whose negative polarity items the denial licensed ("denied
    that any military site was hit" denies "a military site was hit"): "any" becomes "a"/"an" before a
    singular count noun, "some" before a plural or mass noun (:data:`MASS_NOUNS`; the noun and its tag from
    ``sent`` when given, else the next word and a plural "-s"); anyone/anybody/anything/anywhere become
    someone/somebody/something/somewhere; "ever" and "at all" are dropped. NLI models read the NPI form as
    neutral (0.05 entailment from "destroyed a military fuel depot" to "Any military site was hit in
    Drenica", 0.72 to "A military site was hit ...")."""
    heads = {}  # the word after "any" -> the noun "any" goes with ("any liver damage": "damage")
    if sent is not None:
        for tok in sent:
            if tok.lower_ == "any" and tok.dep_ == "det" and tok.i + 1 < len(tok.doc):
                heads[tok.nbor(1).text] = tok.head

    def cased(word: str, like: str) -> str:
        return word.capitalize() if like[:1].isupper() else word

    def article(m: re.Match) -> str:
        word, head = m.group(2), heads.get(m.group(2))
        noun = head.lower_ if head is not None else word.lower()
        plural = head.tag_ in ("NNS", "NNPS") if head is not None else bool(re.search(r"[^su]s$", word))
        if plural or noun in MASS_NOUNS:
            return cased("some", m.group(1)) + " " + word
        low = word.lower()
        vowel = low[:1] in "aeiou" and not low.startswith(("uni", "use", "usu", "ukr", "eu", "one", "ura"))
        return cased("an" if vowel or low.startswith(("hour", "honest", "honor", "honour", "heir")) else "a",
                     m.group(1)) + " " + word

    text = re.sub(r"\b([Aa]ny) ([A-Za-z][\w-]*)", article, proposition)
    text = re.sub(r"\b([Aa]ny(?:one|body|thing|where))\b", lambda m: cased(_NPI_WORDS[m.group(1).lower()], m.group(1)),
                  text)
    return re.sub(r"\s+(?:ever|at all)\b", "", text)


def is_direct_question(text: str) -> bool:
    """Whether ``text`` is a direct question: its last character other than closing quotes, brackets and
    spaces is a question mark ("Even if it held less gold, how much would it sell for?")."""
    return text.rstrip(" \t\n\"'\u201d\u2019)]").endswith("?")


def _own_voice(text: str) -> str:
    """The stance of an unattributed sentence: ``questions`` for a direct question, else ``asserts``."""
    return "questions" if is_direct_question(text) else "asserts"


def analyze_sentence(sent: Span, pub_date: dt.date | None = None) -> Attribution:
    """Attribution of one spaCy sentence.

    Args:
        sent: a sentence ``Span`` from the pipeline of :func:`detector.nlp.load_spacy` (a whole ``doc[:]``
            works too).
        pub_date: the publication date, anchoring relative time expressions ("on Thursday").

    Returns:
        :class:`~detector.records.Attribution`. Unattributed sentences give ``speaker=None``,
        ``stance="asserts"`` (``"questions"`` for a direct question, :func:`is_direct_question`) and the
        sentence itself as proposition; a proposition that is a direct question ('"Who will pay?" she
        asked') is ``questions`` too; ``quote_spans`` are offsets relative
        to ``sent.text`` with the quote marks excluded.
    """
    text = sent.text
    spans = quote_spans(text)
    event_date = resolve_time(sent, pub_date)
    verb = _pick_verb(sent, spans)
    if verb is None:
        hearsay = [t for t in sent if t.lower_ in HEARSAY_ADVERBS]
        if hearsay:
            skip = {t.i for h in hearsay for t in (h, h.nbor(1) if h.i + 1 < sent.end else h) if t.i == h.i or
                    t.text == ","}
            prop = _text([t for t in sent if t.i not in skip])
            return Attribution(None, None, "reports", prop, spans, event_date)
        return Attribution(None, None, _own_voice(text), text.strip(), spans, event_date)
    speech = [(s, e) for s, e in spans if _is_speech(sent, s, e, verb)]
    if verb.lower_ == "according":
        to = sent.doc[verb.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        speaker = _speaker(pobj) if pobj is not None else None
        prop, ref, denied = _proposition(verb, sent, speech)
        return Attribution(speaker, "according to", "asserts", prop, spans, _event_date(prop, event_date, pub_date))
    lemma = verb.lemma_.lower()
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subj_tok = _subject(verb, passive)
    speaker = _speaker(subj_tok) if subj_tok is not None else None
    prop, ref, denied = _proposition(verb, sent, speech)
    if not prop:  # a reporting verb without content ("he responded to the remarks"): the text's own voice
        return Attribution(None, None, _own_voice(text), text.strip(), spans, event_date)
    stance = _stance(verb, lemma, passive and lemma != "quote", denied)
    if stance == "asserts" and (is_direct_question(prop) or any(is_direct_question(text[s:e]) for s, e in speech)):
        stance = "questions"  # '"Who will pay for it?" the mayor asked.'
    if stance != "denies":
        ref = None
    else:
        prop = affirmative(prop, sent)
    verb_lemma = "cast doubt" if lemma == "cast" else lemma
    return Attribution(speaker, verb_lemma, stance, prop, spans, _event_date(prop, event_date, pub_date), ref)


def _event_date(prop: str, sentence_date: dt.date | None, pub_date: dt.date | None) -> dt.date | None:
    """The time of an attributed claim: a day named inside its proposition ("denied on Tuesday that the town
    fell on Monday": Monday), else the sentence's first one, which then dates the statement and stands for
    "as of" ("said on Tuesday that the town had fallen": Tuesday)."""
    return resolve_time(prop, pub_date) or sentence_date


def _is_speech(sent: Span, start: int, end: int, verb: Token) -> bool:
    """Quoted speech of ``verb``: not a scare-quoted phrase (>= 2 words and a verb, or >= 4 words), the verb
    outside it, and the quote hanging off the verb (its root's head is the verb, or the verb's head is in it)."""
    span = sent.char_span(start, end, alignment_mode="expand")
    if span is None or span.start <= verb.i < span.end:
        return False
    words = [t for t in span if not t.is_punct]
    if not (len(words) >= 4 or len(words) >= 2 and any(t.pos_ in ("VERB", "AUX") for t in words)):
        return False
    heads = {t.head.i for t in span if not t.is_punct and not span.start <= t.head.i < span.end}
    return verb.i in heads or span.start <= verb.head.i < span.end or not heads


def _subject(verb: Token, passive: bool) -> Token | None:
    """The speaker token: the agent of a passive, the nsubj of an active verb (inherited through conj/advcl)."""
    if passive:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if verb.lemma_ == "quote":
            return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    tok = verb
    for _ in range(3):
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
        if tok.dep_ not in ("conj", "advcl", "xcomp") or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def link_references(claims: list[Claim]) -> list[Claim]:
    """Resolve, within ONE document's claims (in order), short-reference denials and pronoun speakers.

    A claim with stance ``denies`` whose proposition is a short nominal reference ("the capture", "the
    allegations", "it") gets ``linked_to`` = the id of the most recent earlier (else nearest later) claim
    whose proposition contains a word of the same stem ("capture" ~ "captured"), or, for generic nouns
    ("claim", "report", "allegation", "it"), the most recent asserted claim by another speaker; its
    ``proposition`` becomes that claim's proposition. An unattributed sentence that is all quoted speech
    ('"Now the line is running."') takes the speaker of the adjacent attributed quote. Pronoun speakers ("he", "she", "they", "it") become
    the most recent named speaker (person-like for he/she, organisation-like for it).

    Args:
        claims: the claims of one document, in document order.

    Returns:
        A new list of the same length; changed claims are copies (``dataclasses.replace``).
    """
    out = _attach_quote_continuations(_resolve_speakers(list(claims)))
    for k, claim in enumerate(out):
        noun = _reference_noun(claim.proposition) if claim.stance == "denies" else None
        if noun is None:
            continue
        target = _find_antecedent(out, k, noun)
        if target is not None:
            out[k] = dataclasses.replace(claim, linked_to=target.id, proposition=target.proposition)
            logger.debug("linked %s (%r) to %s", claim.id, noun, target.id)
    return out


_GENERIC_REFS = frozenset(
    "it this that them claim report allegation accusation assertion statement suggestion story rumor rumour "
    "news information account assessment".split()
)
_REF_DETERMINERS = frozenset("the this that these those such its their his her any all".split())
_ORG_WORDS = frozenset(
    "ministry army government office department agency military forces command council committee company "
    "kremlin pentagon police service party ministry commission court bank union administration "
    "spokesman spokeswoman spokesperson".split()
)
_IRREGULAR = {"death": "die", "dead": "die", "died": "die", "loss": "lose", "lost": "lose", "shot": "shoot",
              "fell": "fall", "fallen": "fall", "seizure": "seiz", "destruction": "destroy", "took": "take",
              "taken": "take", "won": "win", "fled": "flee", "flight": "flee", "withdrew": "withdraw",
              "withdrawn": "withdraw", "struck": "strik", "captive": "captur"}


def stem(word: str) -> str:
    """Crude stem so that a noun and its verb meet: capture/captured, attack/attacked, withdrawal/withdrew."""
    w = word.lower().strip(".,;:'\"")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, repl in (("ings", ""), ("ing", ""), ("ied", "y"), ("ies", "y"), ("ed", ""), ("sion", "d"),
                         ("ation", "ate"), ("tion", "t"), ("ment", ""), ("al", ""), ("es", ""),
                         ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    w = w.rstrip("e")
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


def _reference_noun(prop: str) -> str | None:
    """The referring noun of a short nominal proposition ("the capture" -> "capture"), else None."""
    words = re.findall(r"[A-Za-z']+", prop.lower())
    if not words or len(words) > 4:
        return None
    if len(words) == 1 and words[0] in ("it", "this", "that", "them"):
        return words[0]
    if words[0] not in _REF_DETERMINERS:
        return None
    noun = words[-1]
    return noun[:-1] if noun.endswith("s") and noun[:-1] in _GENERIC_REFS else noun


_AUXILIARIES = frozenset("had has have was were is are will would did does do been be being can could may might "
                         "must shall should".split())


def nominal_head(proposition: str) -> str | None:
    """The head of a short nominal or gerund proposition, the object of a denial of a reference ("the
    capture of Korvel" -> "capture", "violating the ceasefire" -> "violating"); None for a clause.

    A nominal proposition has at most 7 words, no auxiliary verb, starts with a determiner or a gerund, and
    its head (the word before "of", else the last word; or the gerund) is a common noun (lower-case).
    """
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", proposition)
    lower = [w.lower() for w in words]
    if not words or len(words) > 7 or _AUXILIARIES & set(lower):
        return None
    if lower[0].endswith("ing") and len(lower[0]) > 4:
        return lower[0]
    if lower[0] not in _REF_DETERMINERS or len(words) == 1:
        return None
    at = lower.index("of") - 1 if "of" in lower[1:] else len(words) - 1
    return lower[at] if words[at].islower() else None


def _reference_parts(reference: str) -> tuple[str, set[str]] | None:
    """(head, capitalised names) of a short nominal or gerund reference; None for a clause or a generic
    reference ("the claim", "the report")."""
    head = nominal_head(reference)
    if head is None or head in _GENERIC_REFS or head.rstrip("s") in _GENERIC_REFS:
        return None
    return head, {w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", reference)[1:] if w[:1].isupper()}


#: Nouns for what a speaker said or published ("the regulator's leakage figure", "the army's account").
STATEMENT_NOUNS = frozenset(
    "figure figures number numbers claim claims report reports statement statements account estimate estimates "
    "data findings version assessment allegation allegations count tally forecast projection analysis "
    "conclusion conclusions".split()
)
_POSSESSED_REFERENCE = re.compile(
    r"^(?:[Tt]he\s+)?(?P<owner>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3})(?:'s|\u2019s|s')\s+(?P<rest>[^,;]+)$")
_REFERENCE_TAIL = frozenset("for of on about in from over".split())


def owned_reference(reference: str) -> tuple[str, str, list[str]] | None:
    """(owner, statement noun, other content words) of a short reference to what someone said ("The
    regulator's leakage figure for 2024" -> ("regulator", "figure", ["leakage", "2024"]), "the army's
    account" -> ("army", "account", [])); None for anything else: the noun after the possessive and its
    modifiers, up to a preposition, must end in a :data:`STATEMENT_NOUNS` word, and the reference has at most
    eight words."""
    m = _POSSESSED_REFERENCE.match(reference.strip().rstrip("."))
    if m is None or len(reference.split()) > 8:
        return None
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'-]*", m["rest"])
    cut = next((k for k, w in enumerate(words) if w.lower() in _REFERENCE_TAIL), len(words))
    if cut == 0 or words[cut - 1].lower() not in STATEMENT_NOUNS:
        return None
    others = [w for k, w in enumerate(words) if k != cut - 1 and w.lower() not in _REFERENCE_TAIL]
    return m["owner"], words[cut - 1].lower(), others


def _near_stems(a: str, b: str) -> bool:
    x, y = stem(a), stem(b)
    return x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x)))


def owner_reference_matches(reference: str, speaker: str | None, proposition: str) -> bool:
    """Whether a denied reference to what someone said ("the regulator's leakage figure for 2024",
    :func:`owned_reference`) points at ``proposition`` said by ``speaker`` ("Quellmere Water lost 24% of its
    supply to leaks in 2024", said by the Water Services Regulator): the owner is the speaker or the last
    word of the speaker's name, every number of the reference ("2024") occurs in the proposition, and its
    other words (if any) share a stem with it ("leakage" / "leaks"); a reference to figures or numbers needs
    a figure in it. Unlike "the claim" (resolved only inside its document, :func:`link_references`), a
    reference with an owner can be resolved across sources."""
    parts = owned_reference(reference)
    if parts is None or not speaker:
        return False
    owner, noun, others = parts
    owner_words, speaker_words = owner.lower().split(), _without_article(speaker).lower().split()
    if not speaker_words or owner_words != speaker_words[-len(owner_words):]:
        return False
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'-]*", proposition)
    if noun.startswith(("figure", "number", "count", "tally", "estimate")) and not any(w[0].isdigit() for w in words):
        return False
    numbers = {w for w in others if w[0].isdigit()}
    content = [w for w in others if not w[0].isdigit() and w.lower() not in _ARTICLES]
    if not numbers <= set(words):  # "the figure for 2024" is not the figure for 2023
        return False
    return not content or any(_near_stems(w, x) for w in content for x in words)


def reference_names_match(reference: str, proposition: str) -> bool:
    """Whether a short nominal or gerund proposition ("the capture of Korvel") names at least one thing by
    name and every capitalised name in it occurs in ``proposition`` ("troops had taken Korvel"). Generic
    references ("the claim", "the report") match nothing."""
    parts = _reference_parts(reference)
    return parts is not None and bool(parts[1]) and parts[1] <= set(re.findall(r"[A-Za-z][A-Za-z'-]*", proposition))


def matches_reference(reference: str, proposition: str) -> bool:
    """Whether a short nominal or gerund proposition ("the capture of Korvel", "violating the ceasefire")
    names the event that ``proposition`` states ("forces had captured the town of Korvel").

    The head (:func:`nominal_head`) must share a stem with a word of ``proposition`` (:func:`stem`:
    capture/captured), and every capitalised name in the reference must occur in it. Generic references
    ("the claim", "the report") match nothing here: they can only be resolved within their own document
    (:func:`link_references`).
    """
    parts = _reference_parts(reference)
    target = re.findall(r"[A-Za-z][A-Za-z'-]*", proposition)
    return parts is not None and stem(parts[0]) in {stem(w) for w in target} and parts[1] <= set(target)


def _find_antecedent(claims: list[Claim], k: int, noun: str) -> Claim | None:
    me = claims[k]
    order = list(range(k - 1, -1, -1)) + list(range(k + 1, len(claims)))
    generic = noun in _GENERIC_REFS
    noun_stem = stem(noun)
    for j in order:
        other = claims[j]
        if other.stance == "denies" and _reference_noun(other.proposition) is not None:
            continue
        if generic:
            if other.stance in ("asserts", "reports") and other.speaker != me.speaker and other.verb:
                return other
        elif any(stem(w) == noun_stem for w in re.findall(r"[A-Za-z']+", other.proposition)):
            return other
    return None


def _org_like(name: str) -> bool:
    words = name.lower().split()
    return any(w in _ORG_WORDS for w in words) or name.isupper() or name[:1].islower()


def _resolve_speakers(claims: list[Claim]) -> list[Claim]:
    """Pronoun speakers -> the most recent named speaker (person-like for he/she, org-like for it)."""
    last_person: str | None = None
    last_org: str | None = None
    last_any: str | None = None
    out: list[Claim] = []
    for claim in claims:
        spk = claim.speaker
        if spk in ("he", "she") and last_person:
            claim = dataclasses.replace(claim, speaker=last_person)
        elif spk == "it" and last_org:
            claim = dataclasses.replace(claim, speaker=last_org)
        elif spk == "they" and last_any:
            claim = dataclasses.replace(claim, speaker=last_any)
        elif spk and claim.verb and spk not in PRONOUN_SPEAKERS and spk != claim.source:
            last_any = spk
            if _org_like(spk):
                last_org = spk
            else:
                last_person = spk
        out.append(claim)
    return out


#: Nouns that refer back to an organisation named earlier in the text ("Orbis Shipping ... The company posted a
#: loss"): with no named organisation ending in the same word, the most recent one is taken.
ORG_ANAPHORS = frozenset(
    "company firm group carrier business bank lender insurer retailer maker manufacturer producer operator airline "
    "airport utility developer publisher broadcaster network chain conglomerate startup supplier club".split()
)
#: Nouns that refer back only to a named organisation ending in the same word ("the Eastern Command ... the
#: command", "the Valdorian Defense Ministry ... the ministry").
NAMED_ANAPHORS = frozenset(
    "ministry agency command army council committee commission court union party department office service "
    "authority regulator institute university hospital foundation board bureau police navy".split()
)
_DEFINITE_SUBJECT = re.compile(r"(?i)^the ([a-z]+)\b(?!-)('s|’s)?")
#: A proposition opening with a singular subject pronoun followed by a word ("he had won", "it had completed").
#: "his client" in what a lawyer or agent says, and the person the sentence names as the one they act for
#: ("Aurel Bexley's agent, Nina Castellane, denied that her client had signed"; "a lawyer for Tom Ruel said
#: his client was innocent").
_CLIENT = re.compile(r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur) client\b(?!s)")
_PRINCIPAL = re.compile(r"(?P<name>[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+){0,3})(?:'s|\u2019s)\s+(?:lawyer|"
                        r"agent|attorney|solicitor|counsel|representative|barrister)\b|\b(?:lawyer|agent|attorney|"
                        r"solicitor|counsel|representative|barrister)s?\s+(?:for|of)\s+"
                        r"(?P<name2>[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+){0,3})")
#: "its forces" opening a reported proposition ("The General Staff said its troops captured Vardovo"): the
#: speaker's forces. Only a possessive of the subject ("its troops captured"), only for an organisation,
#: place or group speaker.
_SUBJECT_POSSESSIVE = re.compile(r"^(its|Its)\s+(?=(?:troops|forces|army|soldiers|units|artillery|drones|"
                                 r"aircraft|jets|navy|fighters|missiles|police|officers|staff|workers|employees|"
                                 r"engineers|scientists|investigators|inspectors|researchers|doctors)\b)")
_SUBJECT_PRONOUN = re.compile(
    r"^(he|she|it|He|She|It)\s+(?=[a-z])"
    r"(?!(?:is|was|'s|seems|seemed|appears|appeared|remains|remained)\s+(?:not\s+)?(?:too|unclear|clear|likely|"
    r"unlikely|possible|impossible|important|necessary|difficult|hard|easy|time|early|premature|false|true|"
    r"untrue|wrong|right|doubtful|certain|uncertain)\b)")  # not the "it" of "it was too early to say"


@dataclasses.dataclass(frozen=True)
class Descriptions:
    """What the proper names of a text are called, for resolving "the drug" and "the striker".

    Attributes:
        mentions: ``(start offset, name)`` of each proper name (a run of proper nouns joined by ``compound``
            or ``flat``, title words included: "Striker Leon Varga"), in text order.
        described: ``(noun, name)`` pairs: a singular common noun, lowercased, given to a name by a
            compound ("its blood pressure drug Cardivex" -> ("drug", "Cardivex")), a title word inside the
            name ("Striker Leon Varga" -> ("striker", "Leon Varga"); "Prime Minister Anna Berg" ->
            ("minister", "Anna Berg")), an apposition ("Cardivex, a blood pressure drug"; "its chief
            executive, Anna Berg" -> ("executive", "Anna Berg")) or a place noun with "of" ("the town of
            Vardovo" -> ("town", "Vardovo")).
        bare: offsets of singular nouns that stand alone after "the" ("the drug caused", "for the
            striker"; not "the drug maker", "the new drug").
    """

    mentions: tuple[tuple[int, str], ...] = ()
    described: tuple[tuple[str, str], ...] = ()
    bare: frozenset[int] = frozenset()

    def __add__(self, other: "Descriptions") -> "Descriptions":
        """Both texts' descriptions (parsed blocks of one document, in text order)."""
        return Descriptions(self.mentions + other.mentions, self.described + other.described, self.bare | other.bare)


def describe_names(doc, offset: int = 0) -> Descriptions:
    """The :class:`Descriptions` of a parsed text (a spaCy ``Doc``) whose first character sits at ``offset``
    of the document."""
    mentions, described, bare = [], [], set()
    for tok in doc:
        if tok.pos_ == "NOUN" and tok.tag_ == "NN" and tok.dep_ != "compound" and tok.is_alpha:
            kids = list(tok.children)
            if len(kids) == 1 and kids[0].dep_ == "det" and kids[0].lower_ == "the" and kids[0].i == tok.i - 1:
                bare.add(offset + tok.idx)
        if tok.pos_ != "PROPN" or (tok.dep_ in ("compound", "flat") and tok.head.pos_ == "PROPN"):
            continue
        start = tok.i
        while (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in ("compound", "flat")
               and tok.i >= doc[start - 1].head.i >= start):
            start -= 1
        words = list(doc[start: tok.i + 1])
        if any(not t.is_alpha for t in words) or tok.ent_type_ in ("DATE", "TIME"):
            continue
        # a title word inside the name ("Striker Leon Varga", "Prime Minister Anna Berg"): the name after it
        titles = [k for k, t in enumerate(words[:-1]) if t.lower_ in _TITLE_WORDS
                  and tok.ent_type_ in ("PERSON", "")]  # not "General Motors", "Director General of ..."
        name_words = words[titles[-1] + 1:] if titles else words
        name = " ".join(t.text for t in name_words)
        mentions.append((offset + words[0].idx, " ".join(t.text for t in words)))
        for k in titles:
            described.append((words[k].lower_, name))
        # "its blood pressure drug Cardivex", "the actor Judd Nelson"; not "state Senate", "Apple Watch report"
        nouns = [c for c in tok.children if c.dep_ == "compound" and c.tag_ == "NN" and c.i == words[0].i - 1 and (
            any(g.dep_ in ("det", "poss", "amod", "compound") for g in c.children)
            or (tok.ent_type_ == "PERSON" and c.i > 0 and doc[c.i - 1].dep_ in ("det", "poss")))]
        # "Cardivex, a blood pressure drug, ..."; "its chief executive, Anna Berg, ..."
        nouns += [c for c in tok.children if c.dep_ == "appos" and c.tag_ == "NN" and _comma_between(tok, c)]
        if tok.dep_ == "appos" and tok.head.tag_ == "NN" and _comma_between(tok.head, tok):
            nouns.append(tok.head)
        # "the town of Vardovo", "the port of Brannock" (not "the president of France")
        of = tok.head
        if (tok.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ in _PLACE_OF_NOUNS
                and any(g.dep_ == "det" and g.lower_ == "the" for g in of.head.children)):
            nouns.append(of.head)
        described += [(n.lower_, name) for n in nouns if n.is_alpha and n.lower_ not in _GENERIC_NOUNS
                      and not any(g.lower_ in _FORMER for g in n.children)]
    return Descriptions(tuple(mentions), tuple(described), frozenset(bare))


def _comma_between(a, b) -> bool:
    """Whether the later of tokens ``a`` and ``b`` heads a short phrase (at most 6 tokens) set off by a comma
    before it and a comma, a full stop or the end after it: an apposition ("Cardivex, a blood pressure
    drug, was"), not a parse that hangs a clause on a name ("the Apple Watch, a new report from TechCrunch
    details ...")."""
    later = b if b.i > a.i else a
    start, end = later.left_edge.i, later.right_edge.i
    doc = later.doc
    return (start > 0 and doc[start - 1].text == "," and end - start < 6
            and (end + 1 == len(doc) or doc[end + 1].text in (",", ".", ";", ")")))


#: Nouns too general to stand for one name of a story ("Local man Aamir Dhawan said no one helped the man").
_GENERIC_NOUNS = frozenset("man woman boy girl person child baby people thing one source official "
                           "north south east west centre center downtown".split())  # "west London"

#: Place nouns that name the place after "of" ("the town of Vardovo" is Vardovo; "the capital of X" is not X).
_PLACE_OF_NOUNS = frozenset("town city village port region province district island county municipality "
                            "settlement hamlet".split())

#: Modifiers of a role its holder no longer has ("former police officer David Klinger" is not "the officer").
_FORMER = frozenset("former ex retired late onetime erstwhile".split())

#: Capitalised words that open a name as a title, not as part of it ("Striker Leon Varga").
_TITLE_WORDS = frozenset(
    "president minister chancellor governor mayor senator general admiral colonel commander chief director "
    "striker midfielder defender goalkeeper coach manager captain spokesman spokeswoman spokesperson judge "
    "prosecutor ambassador secretary chairman chairwoman professor doctor dr ceo inspector sergeant "
    "officer".split())


def _described_antecedent(noun: str, before: int, descriptions: Descriptions,
                          described: dict[str, set[str]]) -> str | None:
    """The name that "the <noun>" at offset ``before`` refers back to: the latest earlier mention of the
    document that is (or is the surname of) a name the corpus describes as ``noun``; None if there is none."""
    names = described.get(noun)
    if not names:
        return None
    for start, mention in reversed(descriptions.mentions):
        if start >= before:
            continue
        for name in sorted(names):
            if mention == name or mention.endswith(" " + name) or (
                    " " not in mention and name.split()[-1] == mention and len(name.split()) > 1):
                return name
    return None


def corpus_descriptions(per_document: Iterable[Descriptions]) -> dict[str, set[str]]:
    """Noun -> the names it describes anywhere in a collection (:class:`Descriptions` of each document): one
    source may call Cardivex "the drug" having named it in another's words ("drug Cardivex")."""
    out: dict[str, set[str]] = {}
    for d in per_document:
        for noun, name in d.described:
            out.setdefault(noun, set()).add(name)
    return out


_THE_NOUN = re.compile(r"(?<![\w-])([Tt]he) ([a-z]+)\b(?![-'’])")


def _replace_described(proposition: str, claim: Claim, descriptions: Descriptions,
                       described: dict[str, set[str]]) -> str:
    """``proposition`` with each bare "the <noun>" that :func:`_described_antecedent` resolves replaced by the
    name. The noun must be bare in the sentence itself (its offset in ``descriptions.bare``), found by
    looking the words up in ``claim.text`` in order. A name that is the claim's own speaker is not taken:
    a speaker calls himself "I", so "X said the minister would resign" means another minister."""
    out, last, searched = [], 0, 0
    text = claim.text.lower()
    for m in _THE_NOUN.finditer(proposition):
        at = text.find(m.group(0).lower(), searched)
        if at < 0 or m.group(2) not in described:
            continue
        searched = at + len(m.group(0))
        noun_at = claim.start + at + len(m.group(1)) + 1
        if noun_at not in descriptions.bare:
            continue
        name = _described_antecedent(m.group(2), noun_at, descriptions, described)
        if name is not None and not (claim.verb and claim.speaker and (
                name == claim.speaker or name.split()[-1] == claim.speaker.split()[-1])):
            out.append(proposition[last:m.start()] + name)
            last = m.end()
    return "".join(out) + proposition[last:]


def _without_article(name: str) -> str:
    """``name`` without a leading "the" ("the Eastern Command" -> "Eastern Command")."""
    return re.sub(r"(?i)^the\s+", "", name)


def _antecedent(noun: str, before: int, entities: list[tuple[int, str, str]]) -> str | None:
    """The named entity that "the <noun>" at offset ``before`` refers back to (see
    :func:`resolve_definite_subjects`), without a leading "the"; None when there is none."""
    if noun not in ORG_ANAPHORS and noun not in NAMED_ANAPHORS:
        return None
    earlier = [(text, label) for start, text, label in entities if start < before]
    found = next((text for text, label in reversed(earlier)
                  if label in ("ORG", "GPE", "NORP", "FAC") and text.split()[-1].lower() == noun), None)
    if found is None and noun in ORG_ANAPHORS:
        # the small English model tags a surname met again as ORG ("Leon Varga ... Varga"): not a company
        people = {w for _, text, label in entities if label == "PERSON" for w in text.split()}
        found = next((text for text, label in reversed(earlier)
                      if label == "ORG" and not set(text.split()) <= people), None)
    return None if found is None else _without_article(found)


def _named_speaker(speaker: str, labels: tuple[str, ...], before: int, entities: list[tuple[int, str, str]]) -> bool:
    """Whether ``speaker`` is, article aside, the text of an entity of one of ``labels`` before ``before``."""
    return bool(speaker) and any(speaker in (text, _without_article(text))
                                 for start, text, label in entities if start < before and label in labels)


#: The last word of a speaker that is an organisation, not a person ("Carvenia's army", "the Water Services
#: Regulator", "the General Staff"): "it" in its reported speech is most often itself.
_ORGANISATION_NOUNS = ((_ORG_WORDS - {"spokesman", "spokeswoman", "spokesperson"}) | ORG_ANAPHORS | NAMED_ANAPHORS
                       | {"staff"})


def _organisation_noun(speaker: str) -> bool:
    """Whether ``speaker`` is a capitalised name or description ending in an organisation noun
    (:data:`_ORGANISATION_NOUNS`): "Carvenia's army", "Water Services Regulator", "General Staff"."""
    words = _without_article(speaker).split()
    return bool(words) and words[0][:1].isupper() and words[-1].lower() in _ORGANISATION_NOUNS


def resolve_definite_subjects(claims: list[Claim], entities: list[tuple[int, str, str]],
                              descriptions: Descriptions | None = None,
                              described: dict[str, set[str]] | None = None) -> list[Claim]:
    """Replace a definite description that opens a proposition ("The company posted a net loss") or that is
    the whole speaker ("The command said ...") with the organisation it refers back to ("Orbis Shipping posted
    a net loss", speaker "Eastern Command"), and a speaker named by surname alone ("Brell told supporters")
    with the full name of the latest earlier ``PERSON`` entity ending in it ("Tomas Brell"), and a speaker of
    several capitalised words with the latest earlier organisation name ending in them ("General Staff" ->
    "Carvenian General Staff"), within ONE document. A proposition of an attributed claim opening with
    "he"/"she" or "it" takes the speaker's name when the speaker is a ``PERSON`` (for "he"/"she") or, for "it",
    an ``ORG``/``GPE``/``NORP`` entity of the document or a capitalised description ending in an organisation
    noun ("Carvenia's army said it had taken Vardovo" -> "Carvenia's army had taken Vardovo"; "Tomas Brell
    said he had won" -> "Tomas Brell had won"; "Rapid Ostend said it had completed the signing" -> "Rapid
    Ostend had completed the signing"): in reported speech the subject pronoun most often refers to the
    speaker, and NLI would otherwise read "He had won the election" as compatible with anyone's win. A
    possessive "its" opening the proposition before a word for people or arms the speaker commands ("its
    troops captured Vardovo", "its engineers found") takes the speaker too ("Carvenian General Staff's troops
    captured Vardovo"); other possessives are left alone. A denial linked to the claim it denies ("Brask
    officials denied the claim") carries that claim's proposition, whose pronouns stay as they are. "His
    client" / "her client" in the words of a lawyer or agent becomes the person the sentence names as the one
    they act for ("Aurel Bexley's agent, Nina Castellane, denied that her client had signed" -> "Aurel Bexley
    had signed"; "a lawyer for Tom Ruel said his client").

    NLI models trained on image captions (SNLI) take "the company" and "Orbis" for different things, so the
    two sources' claims would look unrelated; and a speaker "command" would be a side of its own in a
    dispute. The antecedent is the most recent named entity before the description whose last word is the
    noun (``ORG`` "Eastern Command" for "the command"); for a generic company noun (:data:`ORG_ANAPHORS`)
    with no such entity, the most recent ``ORG`` entity. Nothing is replaced when no antecedent is found,
    when the description has modifiers ("the national agency") or when the noun is plural.

    With ``descriptions`` (the document's, from :func:`describe_names`) and ``described`` (noun -> names, from
    :func:`corpus_descriptions` over the whole collection), any other bare "the <noun>" of a proposition,
    subject or not, becomes the latest earlier name of the document that the collection calls a <noun>
    ("The board said the drug caused liver damage" after "a recall of Cardivex", where another source wrote
    "its blood pressure drug Cardivex": "Cardivex caused liver damage"; "The club paid 32 million euros for
    the striker" after "Leon Varga": "... for Leon Varga"), and so does a speaker that is such a noun. News
    names a thing once and then calls it by what it is; to NLI "the drug" and "Cardivex" are unrelated.

    Args:
        claims: the claims of one document, in document order.
        entities: the document's named entities as ``(start offset, text, spaCy label)``, in text order.
        descriptions: the document's names and bare definite nouns (:func:`describe_names`); optional.
        described: noun -> names described by it in the collection (:func:`corpus_descriptions`); optional.

    Returns:
        A new list of the same length; changed claims are copies with a new ``proposition`` or ``speaker``.
    """
    out = []
    for claim in claims:
        changes = {}
        speaker = _without_article(claim.speaker or "")
        if speaker.isalpha() and speaker != claim.source:
            found = _antecedent(speaker.lower(), claim.start, entities)
            if found is None and descriptions is not None and described and speaker.islower():
                found = _described_antecedent(speaker, claim.start, descriptions, described)
            if found is None and speaker[:1].isupper():  # a surname: the full name given before ("Tomas Brell")
                found = next((text for start, text, label in reversed(entities) if start < claim.start
                              and label == "PERSON" and len(text.split()) > 1 and text.split()[-1] == speaker), None)
            if found is not None:
                changes["speaker"] = found
        elif " " in speaker and speaker[:1].isupper() and speaker != claim.source:
            # the end of an organisation's name given before ("General Staff" after "Carvenian General Staff")
            found = next((_without_article(text) for start, text, label in reversed(entities)
                          if start < claim.start and label in ("ORG", "NORP", "GPE")
                          and _without_article(text).endswith(" " + speaker)), None)
            if found is not None:
                changes["speaker"] = found
        m = _DEFINITE_SUBJECT.match(claim.proposition)
        if m is not None:
            at = claim.text.find(claim.proposition[: m.end()])
            found = _antecedent(m.group(1).lower(), claim.start + max(at, 0), entities)
            if found is not None:
                changes["proposition"] = found + (m.group(2) or "") + claim.proposition[m.end():]
        if descriptions is not None and described:
            proposition = _replace_described(changes.get("proposition", claim.proposition), claim, descriptions,
                                             described)
            if proposition != claim.proposition:
                changes["proposition"] = proposition
        # a denial of a linked claim carries that claim's proposition, whose pronouns are its speaker's
        own_words = claim.linked_to is None
        pronoun = _SUBJECT_PRONOUN.match(claim.proposition)
        if pronoun is not None and claim.verb and own_words:
            speaker = changes.get("speaker", claim.speaker) or ""
            person = pronoun.group(1).lower() in ("he", "she")
            if _named_speaker(speaker, ("PERSON",) if person else ("ORG", "GPE", "NORP"), claim.end, entities) or (
                    not person and _organisation_noun(speaker)):
                changes["proposition"] = speaker + claim.proposition[pronoun.end(1):]
        client = _CLIENT.search(changes.get("proposition", claim.proposition))
        principal = _PRINCIPAL.search(claim.text) if client is not None else None
        if principal is not None:  # "Aurel Bexley's agent, Nina Castellane, denied that her client had signed"
            proposition = changes.get("proposition", claim.proposition)
            name = principal["name"] or principal["name2"]
            changes["proposition"] = proposition[:client.start()] + name + proposition[client.end():]
        proposition = changes.get("proposition", claim.proposition)
        possessive = _SUBJECT_POSSESSIVE.match(proposition)
        if possessive is not None and claim.verb and own_words:
            speaker = changes.get("speaker", claim.speaker) or ""
            if _named_speaker(speaker, ("ORG", "GPE", "NORP"), claim.end, entities):
                changes["proposition"] = f"{speaker}'s{proposition[possessive.end(1):]}"
        if changes:
            logger.debug("resolved definite descriptions in %s: %s", claim.id, changes)
            claim = dataclasses.replace(claim, **changes)
        out.append(claim)
    return out


def _sentence_no(claim: Claim) -> int | None:
    tail = claim.id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _attach_quote_continuations(claims: list[Claim]) -> list[Claim]:
    """'"A.' + 'B," he said.' and 'X said: "A." + '"B."': the quoted neighbour sentence gets X as speaker."""
    out = list(claims)
    for k, claim in enumerate(claims):
        text = claim.text.strip()
        if claim.verb or not text or text[0] not in "\"\u201c\u00ab":
            continue
        unclosed = not quote_spans(text) or quote_spans(text)[-1][1] == len(text)
        order = (k + 1, k - 1) if unclosed else (k - 1, k + 1)
        for j in order:
            if not 0 <= j < len(claims):
                continue
            other = claims[j]
            a, b = _sentence_no(claim), _sentence_no(other)
            if a is not None and b is not None and abs(a - b) != 1:
                continue
            if other.verb and other.speaker and quote_spans(other.text):
                prop = re.sub(r"\s+", " ", text.translate(_DROP_QUOTES)).strip()
                out[k] = dataclasses.replace(claim, speaker=other.speaker, verb=other.verb, stance="asserts",
                                             proposition=prop)
                break
    return out
