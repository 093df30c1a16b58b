"""Claims: split documents into sentences, drop page boilerplate, fragments, directives to the reader and
lead-ins, attach attribution.

Each document is cut into blocks (lines / paragraphs, so a headline never merges with the next paragraph),
the blocks of all documents go through one ``nlp.pipe`` stream, and every sentence found is numbered
(boilerplate included) so claim ids stay stable when the filters change.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import groupby
from typing import TYPE_CHECKING

from detector.records import Claim, Document

if TYPE_CHECKING:
    from detector.attribution import Descriptions
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span

__all__ = ["extract_claims", "is_boilerplate", "is_directive", "is_lead_in", "split_blocks"]

logger = logging.getLogger(__name__)

_FLAGS = re.IGNORECASE
#: Phrases that mark a sentence as page furniture wherever they occur (sign-ups, appeals, legal, cookies).
_ANYWHERE = re.compile("|".join([
    r"\bsign up (?:for|to) (?:our|the)\b.*\bnewsletters?\b", r"\b(?:our|free|weekly|daily) newsletters?\b",
    r"\bsubscribers? agrees? to\b", r"\b(?:agree to|read|see) (?:the|our) (?:privacy|cookie) (?:policy|notice)\b",
    r"\byou will receive it in your (?:mail|in)box\b", r"\bnever miss (?:the latest|a story|an update)\b",
    r"\ball rights reserved\b", r"\bclick here\b", r"\bshare this (?:article|story|page)\b",
    r"\bremind me later\b", r"\bnot ready to (?:support|donate|subscribe)\b", r"\bmake a (?:contribution|donation)\b",
    r"\bplease (?:support|donate to|subscribe to) us\b", r"\bby supporting\b.*\byou(?:'|\u2019)re\b",
    r"\byour support(?:,| (?:makes|means|helps|keeps))", r"\bevery (?:contribution|donation)\b",
    r"\bwe need your (?:help|support)\b", r"\bsupport (?:our|independent) journalism\b",
    r"\bbecome a (?:member|subscriber|supporter|patron)\b", r"\bthank you for (?:standing with us|your support)\b",
    r"\b(?:we|this (?:site|website)) uses? cookies\b", r"\baccept (?:all )?cookies\b", r"\bskip to (?:main )?content\b",
    r"(?:\u00a9|\(c\))\s*\d{4}", r"^\s*copyright\b", r"\bsubscribe (?:now|today|to (?:our|the))\b",
    r"\bfollow us on\b", r"\bdownload (?:our|the) app\b",
]), _FLAGS)
#: Phrases that mark a short line (at most 12 words) as legal/site furniture.
_SHORT_CONTAINS = re.compile(r"\b(?:privacy policy|terms of (?:use|service)|cookie (?:settings|policy|preferences))\b",
                             _FLAGS)
#: Whole short lines that are navigation, buttons, salutations or section labels.
_WHOLE = re.compile(r"(?:" + "|".join([
    r"read more", r"continue(?: reading)?", r"once", r"monthly", r"annual(?:ly)?", r"one[- ]time", r"menu",
    r"home", r"search", r"log ?in", r"sign ?in", r"sign up", r"subscribe", r"advertisement", r"sponsored",
    r"related(?: articles| stories| news)?", r"share(?: on \w+)?", r"print", r"comments?", r"most read",
    r"trending", r"latest news", r"donate(?: now)?", r"back to top", r"preview", r"tags?:.*", r"dear \w+(?: \w+)?",
    r"a message from .{1,60}", r"(?:photo|image|credit|illustration|video)s?:.*",
]) + r")[.!:,]?", _FLAGS)
#: Banners ("Support The Moscow Times!") and bylines ("By John Smith, Reuters"), both without a final period.
_BANNER = re.compile(r"support\b[^.?]{1,60}!?", _FLAGS)
_BYLINE = re.compile(r"By(?: [A-Z][\w.'\u2019-]+){2,4}(?:(?:,| and) [A-Z][\w.'\u2019 -]{0,40})?")
#: Photo credits ending a caption: "... / TASS", "(AP Photo/Jane Doe)", "Getty Images".
_CREDIT = re.compile(r"(?:\s[/|]\s*[A-Z][\w.&'\u2019 -]{1,50}|\((?:AP|AFP|Reuters|EPA)[^)]*\)|getty images|"
                     r"\b(?:AFP|Reuters|AP|EPA|TASS|Sputnik|Shutterstock) via \w+)\s*$", re.MULTILINE)
#: A paragraph that starts the publication's own appeal; from it to the end of the document nothing is a claim.
_TAIL_MARKER = re.compile(r"^\s*(?:a message from\b.{0,60}:?\s*$|dear (?:readers?|friends|subscribers)\b|"
                          r"support (?:our|independent) journalism|we need your (?:help|support))", _FLAGS)
_TAIL_FRACTION = 0.6  # a tail marker counts only in the last 40% of the text
_TERMINAL = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_SHORT_UNTERMINATED = 8  # lines without final punctuation need at least this many words


def is_boilerplate(text: str) -> bool:
    """True if ``text`` (a sentence or a line) is page furniture rather than content: donation appeals,
    newsletter sign-ups, navigation/buttons, cookie and legal notices, copyright lines, bylines and photo
    captions/credits. Pure string rules; fragments without a verb are dropped separately by
    :func:`extract_claims`.
    """
    stripped = text.strip()
    if not stripped:
        return True
    if _ANYWHERE.search(stripped):
        return True
    words = len(stripped.split())
    if words <= 12 and (_WHOLE.fullmatch(stripped) or _SHORT_CONTAINS.search(stripped)
                        or _BANNER.fullmatch(stripped) or _BYLINE.fullmatch(stripped)):
        return True
    return words <= 30 and not _TERMINAL.search(stripped) and bool(_CREDIT.search(stripped))


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Cut ``text`` into blocks processed separately by the segmenter, as ``(start, end)`` offsets.

    Paragraphs are separated by blank lines; inside a paragraph every line is its own block (headlines,
    captions and buttons stay apart) unless the paragraph looks hard-wrapped (all lines but the last
    40-100 characters long) or a line without final punctuation continues in lower case on the next line.
    """
    blocks: list[tuple[int, int]] = []
    for para in re.finditer(r"\S(?:.|\n(?![ \t\r]*\n))*", text):
        body = para.group().rstrip()
        lines = [(m.start() + para.start(), m.end() + para.start()) for m in re.finditer(r"[^\n]*\S", body)]
        lengths = [len(text[s:e].strip()) for s, e in lines]
        if len(lines) > 1 and all(40 <= n <= 100 for n in lengths[:-1]):
            blocks.append((para.start(), para.start() + len(body)))
            continue
        start, end = lines[0]
        for next_start, next_end in lines[1:]:
            prev, following = text[start:end].rstrip(), text[next_start:next_end].lstrip()
            if not _TERMINAL.search(prev) and following[:1].islower():
                end = next_end
            else:
                blocks.append((start, end))
                start, end = next_start, next_end
        blocks.append((start, end))
    return blocks


def _chunks(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Split an over-long block at whitespace so each piece fits spaCy's ``max_length``."""
    while end - start > limit:
        cut = text.rfind(" ", start, start + limit)
        cut = cut if cut > start else start + limit
        yield start, cut
        start = cut
    yield start, end


def _is_fragment(sent: Span, text: str, min_words: int) -> bool:
    words = sum(1 for t in sent if not (t.is_punct or t.is_space))
    if words < min_words:
        return True
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return True
    if _TERMINAL.search(text):
        return False
    return words < _SHORT_UNTERMINATED or _is_headline(sent)


#: Words that may open a directive before its verb ("But remember ...", "Just eat ...", "Please be patient").
_DIRECTIVE_OPENERS = frozenset({"and", "but", "so", "now", "just", "please", "then", "also", "first", "finally",
                                "again", "simply", "or", "instead", "oh", "well"})
#: Directive verbs that assert their clause ("Remember that 1.3 million women are victims ..."): kept.
_ASSERTING_DIRECTIVES = frozenset({"remember", "note", "notice", "recall"})
_LEAD_IN = re.compile(r":[\s\"'\u201d\u2019)\]]*$")


def is_directive(sent: Span) -> bool:
    """Whether ``sent`` is an imperative addressed to the reader ("Get ready for the tech press to flip out
    when Apple announces the price.", "Keep up with the latest news", "Let's start with a little background."):
    its root is a base-form verb (``VB``) with no subject, no auxiliary but a "do" of negation, and nothing
    before it but punctuation, an opener such as "But"/"Just"/"Please" (:data:`_DIRECTIVE_OPENERS`) or an
    interjection. Such a sentence instructs; it states nothing a source could be contradicted on (with
    :func:`is_lead_in`, leaving them out removed 9 of the 93 flags on the FNC-1 audit's 40 dev bodies, none a
    conflict). "Remember/Note that P" asserts P and is not a directive here. Attributed sentences ('"Stop
    using Tor," the agent wrote') have a subject at the root."""
    root = sent.root
    if root.tag_ != "VB" or root.pos_ not in ("VERB", "AUX"):
        return False
    children = list(root.children)
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in children):
        return False
    if any(c.dep_ == "aux" and c.lower_ not in ("do", "don't", "don\u2019t") for c in children):
        return False  # "to go", "would be": not an imperative
    if root.lemma_.lower() in _ASSERTING_DIRECTIVES and any(c.dep_ == "ccomp" for c in children):
        return False
    first = next((t for t in sent if not (t.is_punct or t.is_space or t.lower_ in _DIRECTIVE_OPENERS
                                          or t.dep_ == "intj" or (t.head == root and t.dep_ in ("aux", "neg")))),
                 None)
    return first is not None and first.i == root.i


def is_lead_in(text: str) -> bool:
    """Whether ``text`` ends in a colon (closing quotes and brackets aside): a line that introduces what
    follows ("McManus defended the network on Twitter:", "A neighbour told The Telegraph:", "SEE ALSO:") and
    is not itself a claim."""
    return bool(_LEAD_IN.search(text))


def _is_headline(sent: Span) -> bool:
    """A line without final punctuation whose content words are mostly capitalised ("Putin Praises Troop
    Advances, Says ..."): a headline, which restates the body without its attribution."""
    content = [t for t in sent if t.is_alpha and not t.is_stop]
    return len(content) >= 3 and sum(t.text[:1].isupper() for t in content) >= 0.7 * len(content)


def _tail_start(text: str, blocks: list[tuple[int, int]]) -> int:
    """Offset where the publication's appeal starts (see ``_TAIL_MARKER``), or ``len(text)``."""
    for start, end in blocks:
        if start >= _TAIL_FRACTION * len(text) and _TAIL_MARKER.match(text[start:end]):
            return start
    return len(text)


def _claim(doc: Document, n: int, sent: Span, start: int, end: int, attribute: bool) -> Claim:
    text = doc.text[start:end]
    claim = Claim(id=f"{doc.id}:{n}", doc_id=doc.id, text=text, start=start, end=end, source=doc.source,
                  date=doc.date, speaker=doc.source, stance="asserts", proposition=text)
    if not attribute:
        return claim
    from detector.attribution import analyze_sentence

    att = analyze_sentence(sent, doc.date)
    return replace(claim, speaker=att.speaker or doc.source, stance=att.stance,
                   proposition=att.proposition or text, verb=att.verb, event_date=att.event_date)


def _doc_claims(doc: Document, parsed: list[tuple[int, SpacyDoc]], attribute: bool,
                min_words: int) -> tuple[list[Claim], list[tuple[int, str, str]], Descriptions | None]:
    """Claims of one document from its parsed blocks ``(block start offset, spaCy Doc)``, in text order (with
    ``attribute``: references linked, descriptions not yet resolved), the document's named entities
    ``(start offset, text, label)`` and, with ``attribute``, its :class:`~detector.attribution.Descriptions`."""
    blocks = split_blocks(doc.text)
    tail = _tail_start(doc.text, blocks)
    furniture = [(s, e) for s, e in blocks if is_boilerplate(doc.text[s:e])]
    claims: list[Claim] = []
    n = 0
    entities: set[str] = set()
    named: list[tuple[int, str, str]] = []  # (start offset, text, label) of the named entities, in text order
    from detector.attribution import Descriptions, describe_names

    descriptions = Descriptions()
    source_names = _source_names(doc.source)
    for offset, spacy_doc in parsed:
        if attribute:
            descriptions += describe_names(spacy_doc, offset)
        if offset < tail:
            entities.update(t.lower_ for t in spacy_doc if t.pos_ == "PROPN" and t.is_alpha and t.lower_ not in _CALENDAR)
            # a name opening a sentence is often tagged as a common noun ("Maresk regional governor Lev Tarnak
            # said"); the source's name says it is a name ("Office of the Governor of Maresk")
            entities.update(t.lower_ for t in spacy_doc if t.is_sent_start and t.is_title and t.lower_ in source_names)
        named.extend((offset + e.start_char, e.text, e.label_) for e in spacy_doc.ents)
        found = []
        for sent in spacy_doc.sents:
            raw = sent.text
            if not raw.strip():
                continue
            start = offset + sent.start_char + (len(raw) - len(raw.lstrip()))
            end = offset + sent.end_char - (len(raw) - len(raw.rstrip()))
            found.append((n, sent, start, end))
            n += 1
        flagged = [is_boilerplate(doc.text[s:e]) for _, _, s, e in found]
        block_is_furniture = any(s <= offset < e for s, e in furniture) or (
            len(found) > 1 and 2 * sum(flagged) >= len(found))
        for (index, sent, start, end), boiler in zip(found, flagged):
            text = doc.text[start:end]
            if (block_is_furniture or boiler or start >= tail or _is_fragment(sent, text, min_words)
                    or is_lead_in(text) or is_directive(sent)):
                continue
            claims.append(_claim(doc, index, sent, start, end, attribute))
    if attribute:
        from detector.attribution import link_references

        claims = list(link_references(claims))
    names = tuple(sorted(entities - {""}))
    return [replace(c, entities=names) for c in claims], named, descriptions if attribute else None


def _source_names(source: str) -> frozenset[str]:
    """Lower-cased capitalised words of a source's name after its first word, stop words and calendar words
    left out: the names in it ("Office of the Governor of Maresk" -> governor, maresk)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = re.findall(r"[A-Za-z][A-Za-z'-]*", source or "")[1:]
    return frozenset(w.lower() for w in words if w[0].isupper() and w.lower() not in ENGLISH_STOP_WORDS
                     and w.lower() not in _CALENDAR)


#: Proper nouns that name times, not who or where.
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                      "june july august september october november december jan feb mar apr jun jul aug sep sept "
                      "oct nov dec".split())


def extract_claims(documents: Sequence[Document], *, attribute: bool = True, min_words: int = 4,
                   batch_size: int = 32, show_progress: bool | None = None) -> list[Claim]:
    """Segment documents into sentences and return the check-worthy ones as :class:`Claim` records: page
    boilerplate, fragments (fewer than ``min_words`` words, no verb, unterminated headlines), directives to the
    reader (:func:`is_directive`) and lead-ins ending in a colon (:func:`is_lead_in`) are left out.

    Args:
        documents: the documents; claims come out in document order, then text order.
        attribute: run :func:`detector.attribution.analyze_sentence` on each kept sentence (speaker,
            stance, proposition, verb, event date), then :func:`detector.attribution.link_references` and
            :func:`detector.attribution.resolve_definite_subjects` per document, with the names and the nouns
            that describe them gathered over the whole collection (:func:`detector.attribution.corpus_descriptions`); when False,
            ``speaker=doc.source``, ``stance="asserts"``, ``proposition=text``.
        min_words: sentences with fewer words (punctuation not counted) are dropped as fragments.
        batch_size: spaCy ``nlp.pipe`` batch size (blocks of text).
        show_progress: tqdm bar over documents; None shows it only at INFO level for more than 50 documents.

    Returns:
        ``list[Claim]``; ``claim.text == doc.text[claim.start:claim.end]`` and ids are ``"<doc id>:<n>"`` with
        n the sentence's index among all sentences of the document. Empty input gives ``[]``.

    Raises:
        OSError: the spaCy pipeline is not installed.
    """
    if not documents:
        return []
    from tqdm.auto import tqdm

    from detector.nlp import load_spacy

    nlp = load_spacy()
    if show_progress is None:
        show_progress = logger.isEnabledFor(logging.INFO) and len(documents) > 50

    def stream() -> Iterator[tuple[str, tuple[int, int]]]:
        for i, doc in enumerate(documents):
            for start, end in split_blocks(doc.text):
                for s, e in _chunks(doc.text, start, end, nlp.max_length - 1):
                    yield doc.text[s:e], (i, s)

    groups = groupby(nlp.pipe(stream(), as_tuples=True, batch_size=batch_size), key=lambda r: r[1][0])
    pending = next(groups, None)
    per_doc = []
    for i, doc in enumerate(tqdm(documents, desc="claims", unit="doc", disable=not show_progress)):
        parsed: list[tuple[int, SpacyDoc]] = []
        if pending is not None and pending[0] == i:
            parsed = [(ctx[1], spacy_doc) for spacy_doc, ctx in pending[1]]
            pending = next(groups, None)
        per_doc.append(_doc_claims(doc, parsed, attribute, min_words))
    claims: list[Claim] = []
    if attribute:  # second pass: "the drug" in one source may be named "drug Cardivex" only in another
        from detector.attribution import corpus_descriptions, resolve_definite_subjects

        described = corpus_descriptions(d for _, _, d in per_doc if d is not None)
        for doc_claims, named, descriptions in per_doc:
            claims.extend(resolve_definite_subjects(doc_claims, named, descriptions, described) if doc_claims else [])
    else:
        claims = [c for doc_claims, _, _ in per_doc for c in doc_claims]
    logger.info("extracted %d claims from %d documents", len(claims), len(documents))
    return claims
