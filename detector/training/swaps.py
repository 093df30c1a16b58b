"""NLI pairs generated from real text: extracted clauses and swapped details.

The templates in :mod:`detector.training.synth` teach phenomena on short invented sentences. Real news
contradictions are subtler: the hypothesis reuses the premise's own words but pairs a detail with the
wrong fact ("Yuganskneftegaz was sold for US$ 27.5 billion" when the premise says it was sold for 9.4
billion *to pay* a 27.5 billion tax bill). A model that learned "every hypothesis word is in the
premise, so entailment" calls these entailed. This module builds, from any English prose:

- ``extracted_clause`` (entailment): a compact clause cut from one premise sentence with the dependency
  parse: the subject, the verb with its auxiliaries, and the verb's dependent that holds a named detail
  (relative clauses, appositions and adverbial clauses not holding the detail are dropped);
- ``swapped_number`` / ``swapped_date`` (contradiction): the same clause with its number, amount,
  percentage or date replaced by another one of the same kind found elsewhere in the premise;
- ``swapped_agent`` (contradiction): the doer of a one-doer event swapped for another person, organisation
  or country of the same type named in the premise ("Captain Colbeck discovered Scott Island" -> "Scott
  discovered Scott Island"; "Chasiv Yar was captured by Russian forces" -> "... by Ukrainian forces"). The
  verb must be in :data:`ONE_AGENT_VERBS` (discover, win, found, capture, acquire, succeed, ...: events that
  one party does, so a second doer contradicts), the entity the subject of the active verb or the object of
  the passive's "by", and the two entities not coordinated ("X and Y won" says both did);
- ``swapped_entity`` (two-way ``not_entailment``, trained with the marginal-likelihood loss): any other
  person, organisation or place swap. Whether such a swap contradicts depends on the verb ("was
  bought by X" vs "met X"), so the row only says "not entailed";
- ``extracted_role`` (entailment) and ``swapped_role``: the role an apposition or a title gives a person or
  organisation, as a copula clause ("The chief executive of Boeing, Jim McNerney, said ..." -> "Jim McNerney
  is the chief executive of Boeing"), and the same role given to another person of the window: a
  contradiction for a definite one-holder role (:data:`UNIQUE_ROLES`), else two-way ``not_entailment``
  ("spokesman for the group"). Former, acting, co- and vice- roles are skipped;
- ``former_role``: a role its holder has left ("Luis Roldan, the former Spanish chief of police"): the holder
  said to hold it now is a contradiction, another person said to hold it is neutral;
- ``implicit_negation``: "failed to pay" / "will stop selling" rewritten with an explicit negation ("did not
  pay", "will no longer sell"; entailment) and with the opposite verb ("managed to pay", "will continue to
  sell"; contradiction);
- ``restated_detail`` (entailment): an extracted clause with its detail written another way, same value
  ("8586" for "8,586", "7th" for "seventh", "20 percent" for "20%", "Sennett" for "Mack Sennett"): the
  counterweight to the swaps, which otherwise teach that a detail written differently is a different one;
  with it, ``changed_value`` (contradiction): the same form with another value ("7586" for "8,586"), so
  that a changed form is not taken as a sign of the same value;
- ``voice``: a simple-past clause in the other voice ("Skype was acquired by Microsoft" for "Microsoft
  acquired Skype"; entailment) and, for one-doer verbs between two named entities, with doer and thing done
  reversed ("Microsoft was acquired by Skype"; contradiction);
- ``bounded_value``: an extracted clause whose count (a plain number of at least 3) is given as a bound
  instead: one that holds the value ("more than 20 people" for "23 people", "at least 23", "fewer than 30";
  entailment) and one that excludes it ("more than 50 people", "fewer than 10"; contradiction). Trained on
  swapped numbers alone, a model reads any other figure as a contradiction (the stage-11 candidate flagged
  "More than 20 people were injured" against "The attack injured 23 people");
- ``same_story`` (neutral): a clause cut from another window of the same article that names something the
  premise names but says something else. Cross-source comparison is mostly such pairs, and SNLI's
  same-scene convention teaches a model to call them contradictions;
- ``other_text`` (neutral): a window against a clause extracted from another text that shares predicate words
  with it but none of its names or figures ("The Israel-Egypt Peace Agreement was signed in 1979" against
  "Canada and the United States signed an agreement on January 30, 1979"): RTE-3's unknown pairs are often
  of this kind, and models trained on SNLI call them contradictions. ``--other-text-from DIR`` builds only
  these rows from an earlier output directory, without parsing again.

Clauses under negation, modals, conditionals or approximations ("at least", "about") are skipped, since a
swapped value there need not contradict. Texts come from jsonl pair files (their ``premise`` field) and
from FNC-1 ``train_bodies.csv`` (news article bodies, cut into windows of up to three sentences).

The idea of testing a model with hypotheses built from the premise's own words follows HANS (McCoy et al.,
2019, "Right for the Wrong Reasons", ACL), whose lexical-overlap heuristic this data is meant to break.

Usage::

    python -m detector.training.swaps --texts ../shared/datasets/nli/rte_glue_train.jsonl \\
        ../shared/datasets/stance/fnc1/train_bodies.csv --out-dir ~/.cache/detector/synth
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import logging
import random
import re
import sys
from pathlib import Path
from typing import Iterable, Iterator

from detector.jsonl import iter_jsonl
from detector.quantities import NUMBER
from detector.training.data import in_test_split, write_splits
from detector.verdicts import ONE_AGENT_VERBS

log = logging.getLogger(__name__)

#: spaCy entity label -> kind of detail; the kind decides the label of a swap.
KINDS = {"MONEY": "number", "PERCENT": "number", "CARDINAL": "number", "QUANTITY": "number",
         "DATE": "date", "TIME": "date", "PERSON": "entity", "ORG": "entity", "GPE": "entity",
         "LOC": "entity", "FAC": "entity", "NORP": "entity"}
SWAP_LABEL = {"number": "contradiction", "date": "contradiction", "agent": "contradiction", "entity": "not_entailment"}
PHENOMENON = {"number": "swapped_number", "date": "swapped_date", "agent": "swapped_agent", "entity": "swapped_entity"}
#: Role nouns (lemmas) that one person holds at a time in one organisation or place ("the chief executive of
#: Boeing", "the wife of Joseph Wilson"): naming another person of the same window as holder contradicts.
UNIQUE_ROLES = {"president", "minister", "premier", "chancellor", "chairman", "chairwoman", "chair", "chief",
                "executive", "ceo", "head", "leader", "founder", "director", "governor", "mayor", "captain",
                "commander", "owner", "editor", "coach", "manager", "king", "queen", "pope", "ambassador",
                "secretary", "wife", "husband", "widow", "father", "mother", "speaker", "principal", "dean"}
#: Role nouns that are never unique (a swapped holder is only "not entailed").
ROLES = UNIQUE_ROLES | {"spokesman", "spokeswoman", "spokesperson", "member", "official", "officer", "employee",
                        "analyst", "lawyer", "attorney", "adviser", "advisor", "aide", "deputy", "professor",
                        "researcher", "scientist", "correspondent", "reporter", "journalist", "author", "writer",
                        "candidate", "senator", "lawmaker", "mp", "envoy", "general", "colonel", "partner",
                        "son", "daughter", "brother", "sister", "friend", "student", "player", "striker", "actor",
                        "singer", "investor", "shareholder", "subsidiary", "unit", "division", "maker",
                        "producer", "supplier", "rival", "company", "firm", "group", "agency", "party"}
#: Words that make a role phrase non-unique or not current ("a former president", "co-founder").
ROLE_BLOCK = {"former", "then", "ex", "late", "acting", "interim", "co", "joint", "another", "one", "first",
              "previous", "future", "elect", "outgoing", "incoming", "vice", "assistant", "many", "several"}
#: Words saying a role holder has left the role ("the former president"): the holder is no longer it.
FORMER = {"former", "ex"}
#: Words that make a different value compatible (hedges, bounds, modals, conditionals, alternatives).
HEDGES = {"may", "might", "could", "would", "should", "can", "if", "unless", "or", "about", "around",
          "approximately", "roughly", "nearly", "almost", "least", "most", "more", "less", "fewer", "than",
          "over", "under", "up", "some", "several", "between", "whether", "estimated", "expected",
          "plan", "plans", "planned", "hope", "hopes", "want", "wants", "said", "says", "say", "told",
          "reported", "according", "claimed", "denied", "believe", "believes", "allegedly", "reportedly"}
DROP_DEPS = {"relcl", "acl", "appos", "advcl", "parataxis", "cc", "conj", "mark", "dep", "discourse",
             "intj", "meta", "preconj"}
#: Punctuation dropped with its clause; intra-word marks ("16-year-old", "U.S.") are kept.
DROP_PUNCT = {",", ";", ":", "(", ")", "[", "]", '"', "“", "”", "‘", "’", "'", "—", "–", "--", "...", "!", "?"}
#: The verb's dependents that complete a clause (kept whether or not they hold the detail).
CORE = ("dobj", "attr", "acomp", "oprd", "dative", "agent", "xcomp")
SUBJECTS = {"nsubj", "nsubjpass"}
#: Verbs above a clause that stop it being asserted by the text ("believed that P", "claimed P"); plain
#: reporting verbs (said, told, announced) are let through, as in RTE's convention.
NONFACTIVE = {"believe", "think", "claim", "allege", "suggest", "deny", "hope", "want", "plan", "expect", "fear",
              "doubt", "suspect", "rumor", "rumour", "speculate", "appear", "seem", "wonder", "ask", "imagine",
              "assume", "guess", "predict", "estimate", "propose", "urge", "demand", "consider", "pretend",
              "purport", "accuse", "question", "dispute", "reject", "debunk", "hoax"}
#: Implicative verbs whose complement did not happen ("failed to pay" -> "did not pay"; Karttunen, 1971,
#: "Implicative verbs", Language 47), each with a verb that says it did, for the contradiction ("managed to
#: pay").
NEGATIVE_IMPLICATIVES = {"fail": ("managed", "manage"), "refuse": ("agreed", "agree"), "decline": ("agreed", "agree"),
                         "neglect": ("remembered", "remember")}
#: Verbs ending an activity ("will stop selling" -> "will no longer sell"; "will continue to sell" contradicts).
CESSATIVES = {"stop", "cease", "quit"}
#: Simple past and past participle of irregular verbs common in news, by lemma, for the voice rewrites
#: (:func:`voice_pairs`); regular verbs ("-ed") share one form and need no entry.
IRREGULAR_VERBS = {
    "beat": ("beat", "beaten"), "become": ("became", "become"), "begin": ("began", "begun"),
    "bring": ("brought", "brought"), "build": ("built", "built"), "buy": ("bought", "bought"),
    "catch": ("caught", "caught"), "choose": ("chose", "chosen"), "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"), "eat": ("ate", "eaten"), "fight": ("fought", "fought"),
    "find": ("found", "found"), "forbid": ("forbade", "forbidden"), "freeze": ("froze", "frozen"),
    "give": ("gave", "given"), "grow": ("grew", "grown"), "hold": ("held", "held"), "hit": ("hit", "hit"),
    "keep": ("kept", "kept"), "know": ("knew", "known"), "lead": ("led", "led"), "leave": ("left", "left"),
    "lend": ("lent", "lent"), "lose": ("lost", "lost"), "make": ("made", "made"), "meet": ("met", "met"),
    "pay": ("paid", "paid"), "ride": ("rode", "ridden"), "see": ("saw", "seen"), "sell": ("sold", "sold"),
    "send": ("sent", "sent"), "set": ("set", "set"), "shake": ("shook", "shaken"), "shoot": ("shot", "shot"),
    "speak": ("spoke", "spoken"), "spend": ("spent", "spent"), "steal": ("stole", "stolen"),
    "strike": ("struck", "struck"), "take": ("took", "taken"), "teach": ("taught", "taught"),
    "tell": ("told", "told"), "throw": ("threw", "thrown"), "understand": ("understood", "understood"),
    "win": ("won", "won"), "withdraw": ("withdrew", "withdrawn"), "write": ("wrote", "written"),
    "overtake": ("overtook", "overtaken"), "shut": ("shut", "shut"), "put": ("put", "put"), "cut": ("cut", "cut"),
    "bear": ("bore", "borne"), "tear": ("tore", "torn"), "wear": ("wore", "worn"), "seek": ("sought", "sought"),
    "sink": ("sank", "sunk"), "hang": ("hanged", "hanged"), "bind": ("bound", "bound"), "feed": ("fed", "fed"),
    "break": ("broke", "broken"), "forgive": ("forgave", "forgiven"), "hide": ("hid", "hidden"),
}
#: Number words that can be written as digits and back ("seven" <-> "7"); "one" is left out (a pronoun too).
SMALL_NUMBERS = {w: i for i, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                             "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                                             "sixteen", "seventeen", "eighteen", "nineteen", "twenty")) if i >= 2}
ORDINALS = {w: i for i, w in enumerate(("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                                        "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                                        "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                                        "twentieth")) if i >= 1}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def read_texts(paths: Iterable[str | Path], *, max_per_file: int | None = None, seed: int = 13) -> list[tuple[str, str]]:
    """Unique source texts as ``(origin, text)``: the ``premise`` of each jsonl row, or the ``articleBody`` of
    each row of an FNC-1 style csv. With ``max_per_file`` a seeded sample of that many texts per file.

    Raises:
        FileNotFoundError: a path does not exist.
        ValueError: a csv without an ``articleBody`` column, or a file that is neither jsonl nor csv.
    """
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in map(Path, paths):
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such file")
        texts: list[str] = []
        if path.suffix == ".jsonl":
            texts = [str(obj.get("premise", "")) for _, obj in iter_jsonl(path)]
        elif path.suffix == ".csv":
            csv.field_size_limit(sys.maxsize)
            with path.open(newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f)
                if "articleBody" not in (reader.fieldnames or []):
                    raise ValueError(f"{path}: no articleBody column")
                texts = [row["articleBody"] or "" for row in reader]
        else:
            raise ValueError(f"{path}: expected .jsonl or .csv")
        texts = [re.sub(r"\s+", " ", t).strip() for t in texts]
        texts = sorted({t for t in texts if len(t) > 40 and t not in seen})
        if max_per_file is not None and len(texts) > max_per_file:
            texts = random.Random(seed).sample(texts, max_per_file)
        seen.update(texts)
        out += [(path.name, t) for t in texts]
    return out


def _kept(tok, target) -> list:
    """``tok``'s subtree without dependents in DROP_DEPS, unless they hold ``target`` (a token)."""
    out = [tok]
    for child in tok.children:
        holds = target is not None and target in set(child.subtree)
        if (child.dep_ in DROP_DEPS or child.text in DROP_PUNCT) and not holds:
            continue
        out += _kept(child, target)
    return out


def _join(tokens) -> tuple[str, dict[int, tuple[int, int]]]:
    """The text of spaCy ``tokens`` in document order (possibly with gaps), with the document's own spacing
    between neighbours and one space across a gap; and each token's ``(start, end)`` character offsets in
    that text, by token index."""
    ordered = sorted(tokens, key=lambda t: t.i)
    text, spans = "", {}
    for k, t in enumerate(ordered):
        spans[t.i] = (len(text), len(text) + len(t.text))
        text += t.text
        nxt = ordered[k + 1] if k + 1 < len(ordered) else None
        if nxt is not None and (nxt.i != t.i + 1 or t.whitespace_):
            text += " "
    return text, spans


#: Pronouns that leave a cut-out clause without its referent ("It was sold for $5 million").
VAGUE_PRONOUNS = ("it", "this", "that", "they", "he", "she")


def _unasserted(verb) -> bool:
    """True when a verb above ``verb`` keeps its clause from being asserted: a non-factive verb ("believed
    that ...") or a hedge (modal, conditional, estimate); plain reporting verbs (said, told) do not."""
    return any(a.lemma_.lower() in NONFACTIVE or a.lower_ in HEDGES - {"said", "says", "say", "told", "reported"}
               for a in verb.ancestors)


def _vague(tokens) -> bool:
    """True when ``tokens`` hold a pronoun from :data:`VAGUE_PRONOUNS`."""
    return any(t.pos_ == "PRON" and t.lower_ in VAGUE_PRONOUNS for t in tokens)


def extract_clause(ent) -> tuple[str, int, int] | None:
    """A compact clause around the entity span ``ent`` (a spaCy Span), as ``(text, start, end)`` where
    ``text[start:end]`` is the entity's text; None when the sentence has no usable clause for it.

    The clause is the subject, auxiliaries and verb of the nearest verb above the entity that has a
    nominal subject, plus the dependent of that verb that holds the entity, each pruned of relative,
    appositive and adverbial clauses.
    """
    child, verb, depth = ent.root, ent.root.head, 0
    while verb is not child and depth < 5:
        if verb.pos_ in ("VERB", "AUX") and any(c.dep_ in SUBJECTS for c in verb.children):
            break
        child, verb, depth = verb, verb.head, depth + 1
    else:
        return None
    if verb is child or child.dep_ in ("advcl", "relcl", "ccomp", "xcomp", "conj", "parataxis", "acl"):
        return None
    if _unasserted(verb):
        return None
    if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless", "although", "though") for c in verb.children):
        return None
    subject = next(c for c in verb.children if c.dep_ in SUBJECTS)
    if subject.pos_ == "PRON" or any(c.dep_ in ("neg", "ccomp") for c in verb.children):  # ccomp: "X announced"
        return None
    tokens = {verb}
    tokens.update(c for c in verb.children if c.dep_ in ("aux", "auxpass", "prt"))
    tokens.update(_kept(subject, ent.root if child is subject else None))
    core = [c for c in verb.children if c.dep_ in CORE]
    for c in core:
        tokens.update(_kept(c, ent.root))
    if child is not subject:
        tokens.update(_kept(child, ent.root))
    elif not core:  # the detail is in the subject: the clause needs the verb's complement
        prep = next((c for c in verb.children if c.dep_ == "prep"), None)
        if prep is None or verb.lemma_ == "be":
            return None
        tokens.update(_kept(prep, None))
    if not all(t in tokens for t in ent):
        return None
    ordered = sorted(tokens, key=lambda t: t.i)
    if not 4 <= len(ordered) <= 30 or any(t.lower_ in HEDGES for t in ordered):
        return None
    if ordered[0].pos_ in ("VERB", "AUX") or ent.sent.text.rstrip().endswith("?"):  # questions, fragments
        return None
    if any(c.dep_ == "compound" and c.i < ent.start for c in ent.root.children):
        return None  # the entity is the tail of a longer name ("Patil" in "Pratibha Patil")
    if _vague(ordered):
        return None
    text, spans = _join(ordered)
    text = text.rstrip(" ,;:-")
    start, end = spans.get(ent.start, (-1, -1))[0], spans.get(ent.end - 1, (-1, -1))[1]
    if start < 0 or end < 0 or end > len(text):
        return None
    return text, start, end


def _as_sentence(clause: str) -> str:
    """``clause`` with a capital first letter and a full stop, as hypotheses are written."""
    return clause[0].upper() + clause[1:] + "."


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _usable(ent) -> bool:
    kind = KINDS.get(ent.label_)
    if kind is None or len(ent.text) < 2:
        return False
    if kind == "date":
        low = ent.text.lower()
        return bool(re.search(r"\d", low)) or any(m in low for m in MONTHS)
    if kind == "number":
        return bool(re.search(r"\d", ent.text)) or ent.label_ == "CARDINAL"
    return ent.text[:1].isupper()


NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
                "billions", "trillion", "half", "a", "an"}
WEEKDAYS = MONTHS[12:]


def _shape(kind: str, text: str) -> tuple:
    """What must match for one detail to stand in for another: for numbers, the words that are not
    numbers (the unit: ``"$ billion"``, ``"meters"``; ``"23-year-old"`` cannot replace ``"20"``); for
    dates, the form (a year, a weekday, a month with or without a day, other)."""
    low = text.lower()
    words = re.findall(r"[a-z]+|[$£€¥%]", low)
    if kind == "number":
        return ("number", tuple(w for w in words if w not in NUMBER_WORDS))
    if kind == "date":
        if re.fullmatch(r"(the )?\d{4}s?", low):
            return ("year",)
        if any(d in low for d in WEEKDAYS):
            return ("weekday",)
        if any(m in low for m in MONTHS[:12]):
            return ("month", bool(re.search(r"\d", low)))
        return ("other",)
    return ("entity",)


def _agent_verb(ent):
    """The verb (a token) of which ``ent`` is the one doer: the subject of an active verb or the object of a
    passive verb's "by" (or a possessor or modifier of either: "Ukraine's army"), the verb's lemma in
    :data:`ONE_AGENT_VERBS`; None otherwise."""
    root = ent.root
    if root.dep_ in ("poss", "compound", "amod") and root.head.dep_ in ("nsubj", "pobj"):
        root = root.head  # "Ukraine's army", "Russian forces": the phrase's head is the doer
    if root.dep_ == "nsubj" and root.head.pos_ == "VERB":
        verb = root.head
    elif root.dep_ == "pobj" and root.head.dep_ == "agent" and root.head.lower_ == "by":
        verb = root.head.head
    else:
        return None
    return verb if verb.lemma_.lower() in ONE_AGENT_VERBS else None  # negated verbs: see extract_clause


def _coordinated(a, b) -> bool:
    """True when the spans ``a`` and ``b`` are conjuncts or one is inside the other's phrase (``"Chicago-based
    Boeing"``, ``"Boeing and Airbus"``): then a swap between them need not contradict."""
    if a.root in b.root.conjuncts or b.root in a.root.conjuncts:
        return True
    return a.root in b.root.subtree or b.root in a.root.subtree


def _compatible(a: str, b: str) -> bool:
    """True when ``b`` cannot stand in for ``a``: one's words contain the other's (``"2006"`` / ``"June
    2006"``, ``"Bush"`` / ``"George Bush"``) or they are the same text."""
    wa, wb = _words(a), _words(b)
    return not wa or not wb or wa <= wb or wb <= wa


def _span_text(tokens) -> str:
    """The text of ``tokens`` (see :func:`_join`) without leading or trailing punctuation."""
    return _join(tokens)[0].strip(" ,;:-")


def role_of(ent, *, former: bool = False) -> tuple[str, str, bool] | None:
    """The role a text gives the person or organisation ``ent`` (a spaCy Span) by apposition or title, as
    ``(phrase, head lemma, definite)``: "Alex Dyer, spokesman for the group" -> ``("spokesman for the group",
    "spokesman", False)``; "the chief executive of Boeing, Jim McNerney" -> ``("the chief executive of Boeing",
    "executive", True)``; "Airbus chief Tom Enders" -> ``("the Airbus chief", "chief", True)``. None when there
    is no role noun from :data:`ROLES`, or the phrase is hedged in time or number (:data:`ROLE_BLOCK`).

    With ``former=True`` only roles the holder has left are returned, without the word that says so
    ("Luis Roldan, the former Spanish chief of police" -> ``("the Spanish chief of police", "chief", True)``);
    other roles give None."""
    if ent.label_ not in ("PERSON", "ORG"):
        return None
    root = ent.root
    inside = set(ent)
    phrase_tokens, head, definite = None, None, False
    for c in root.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN" and c not in inside:
            head, phrase_tokens = c, _kept(c, None)
            break
    if head is None and root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head not in inside:
        head, phrase_tokens = root.head, _kept(root.head, None)
    if head is None:
        title = [c for c in root.children if c.dep_ == "compound" and c.i < ent.start and c.pos_ == "NOUN"]
        if title and title[-1].i == ent.start - 1:
            head, phrase_tokens, definite = title[-1], list(title[-1].subtree), True
    if head is None or head.lemma_.lower() not in ROLES or head.tag_ not in ("NN", "NNP"):
        return None  # singular role nouns only ("the producers")
    phrase_tokens = [t for t in phrase_tokens if t not in inside and (t.dep_ != "punct" or t.text == "-")]
    gone: set[int] = set()  # token indices of the words "former" / "ex-" taken out
    if former:
        before = {t.lower_ for t in phrase_tokens if t.i < head.i}
        if not before & FORMER or before & (ROLE_BLOCK - FORMER):
            return None
        gone = {t.i for t in phrase_tokens if t.lower_ in FORMER and t.i < head.i}
        gone |= {i + 1 for i in gone if ent.doc[i + 1].text == "-"}  # "ex-president"
        phrase_tokens = [t for t in phrase_tokens if t.i not in gone]
    if not 1 <= len(phrase_tokens) <= 12 or any(t.ent_type_ in ("DATE", "TIME", "CARDINAL") or t.dep_ == "cc"
                                                or t.pos_ == "PRON" or t.tag_ == "PRP$" for t in phrase_tokens):
        return None  # dates, coordinations ("X and US firm Y"), pronouns ("our son")
    ordered = sorted(phrase_tokens, key=lambda t: t.i)
    if any(t.dep_ == "det" and t.head is head and t is not ordered[0] for t in ordered):
        return None  # a determiner inside the phrase: a broken parse ("the a daughter interior minister")
    phrase = _span_text(phrase_tokens)
    words = set(re.findall(r"[a-z]+", phrase.lower()))
    before = set(re.findall(r"[a-z]+", " ".join(t.lower_ for t in phrase_tokens if t.i <= head.i)))
    if before & ROLE_BLOCK or words & HEDGES:  # "the former president of X", not "wife of the former ..."
        return None
    first = min(phrase_tokens, key=lambda t: t.i)
    if first.i > 0 and not ent.doc[first.i - 1].whitespace_ and first.i - 1 not in gone:
        return None  # cut out of a hyphenated word the parser split ("co-founder")
    if first.lower_ == "the" or first.dep_ == "poss":
        definite = True
        if first.lower_ == "the":
            phrase = "the" + phrase[3:]
    elif definite:
        phrase = "the " + phrase
    if gone:  # "a former owner" -> "an owner": the article agrees with the word now after it
        phrase = re.sub(r"^(a|an) (\w)", lambda m: ("an " if m.group(2).lower() in "aeiou" else "a ") + m.group(2), phrase)
    return phrase, head.lemma_.lower(), definite


def _role_options(window, *, former: bool = False) -> list[tuple]:
    """Per person or organisation of ``window`` with a role (:func:`role_of`, current or, with ``former``,
    left), ``(entity, phrase, lemma, definite, others)``: ``others`` are the entities of the same type that
    could be named as holder instead (full names, not coordinated with it, not in the phrase, not possessors,
    and not given a role with the same head noun themselves: a current one, or with ``former`` either)."""
    ents = [e for e in window.ents if e.label_ in ("PERSON", "ORG") and _usable(e)]
    current = [role_of(e) for e in ents]
    left = [role_of(e, former=True) for e in ents] if former else [None] * len(ents)
    held = [{r[1] for r in ((a, b) if former else (a,)) if r is not None} for a, b in zip(current, left)]
    options = []
    for ent, role in zip(ents, left if former else current):
        if role is None:
            continue
        phrase, lemma, definite = role
        others = [o for o, lemmas in zip(ents, held) if o.label_ == ent.label_ and not _compatible(ent.text, o.text)
                  and (o.label_ != "PERSON" or len(o) > 1)  # full names: "John" may be anyone
                  and not _coordinated(ent, o) and o.text.lower() not in phrase.lower()
                  and o.root.dep_ != "poss" and lemma not in lemmas]
        options.append((ent, phrase, lemma, definite, others))
    return options


def _role_rows(window, rng: random.Random, origin: str, former: bool) -> list[dict]:
    """The rows of :func:`role_pairs` (``former=False``) or :func:`former_role_pairs` (``former=True``)."""
    options = _role_options(window, former=former)
    if not options:
        return []
    ent, phrase, lemma, definite, others = rng.choice(options)
    premise = window.text.strip()
    holder = ("contradiction", "former_role") if former else ("entailment", "extracted_role")
    name = re.sub(r" ?['’]s$", "", ent.text)  # "owner Tom Benson's local interests": the entity has the "'s"
    rows = [{"premise": premise, "hypothesis": f"{name} is {phrase}.", "label": holder[0],
             "phenomenon": holder[1], "origin": origin}]
    if others:
        other = rng.choice(others)
        if former:
            label, phenomenon = "neutral", "former_role"
        else:
            label = "contradiction" if definite and lemma in UNIQUE_ROLES else "not_entailment"
            phenomenon = "swapped_role"
        rows.append({"premise": premise, "hypothesis": f"{other.text} is {phrase}.", "label": label,
                     "phenomenon": phenomenon, "origin": origin, "swap": [ent.text, other.text]})
    return rows


def role_pairs(window, rng: random.Random, *, origin: str = "") -> list[dict]:
    """At most one entailed role clause (``extracted_role``: "Jim McNerney is the chief executive of Boeing")
    and one swapped holder (``swapped_role``) from one window: another person (organisation) of the window
    said to hold the role. The swap is a contradiction when the role is definite and one-holder
    (:data:`UNIQUE_ROLES`: "the chief executive of Boeing"), else two-way ``not_entailment`` ("a spokesman
    for the group")."""
    return _role_rows(window, rng, origin, former=False)


def former_role_pairs(window, rng: random.Random, *, origin: str = "") -> list[dict]:
    """``former_role`` rows from one window with a role its holder has left ("Luis Roldan, the former Spanish
    chief of police, ..."): the holder said to hold it now ("Luis Roldan is the Spanish chief of police") is a
    contradiction (RTE-3 labels "New Portuguese prime minister is elected" a contradiction of "Anibal Cavaco
    Silva, a former prime minister, won Portugal's presidential election"); another person of the window said
    to hold it is neutral, since the text does not say who holds it now. A model that learned "a different
    holder of the president's role contradicts" from ``swapped_role`` rows must tell these apart. At most one
    role per window."""
    return _role_rows(window, rng, origin, former=True)


def implicit_negation_pairs(window, rng: random.Random, *, origin: str = "") -> list[dict]:
    """``implicit_negation`` rows from one window with an implicative or cessative verb ("CVS will stop selling
    its own brand of caplets"; "The rebels refused to lay down their arms"): the same clause with an
    explicit negation is entailed ("CVS will no longer sell its own brand of caplets"; "The rebels did not lay
    down their arms") and the clause with the opposite verb contradicts ("CVS will continue to sell ...";
    "The rebels agreed to lay down their arms"). RTE-3 pairs such as "will not sell ... any longer" for
    "will stop selling" are entailed, and a model that learned "the hypothesis adds a negation, so
    contradiction" from negation templates calls them contradictions; the opposite-verb rows keep a
    contradiction that has no negation word. Only simple past ("failed to", "stopped") and "will" forms are
    used, with a nominal subject and no negation, hedge or non-factive verb above; "declined to comment"
    is mostly skipped (a quarter kept), since news repeats it. At most one verb per window."""
    options = []
    for verb in window:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or (lemma not in NEGATIVE_IMPLICATIVES and lemma not in CESSATIVES):
            continue
        comp = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if comp is None or any(c.dep_ == "neg" for c in (*verb.children, *comp.children)):
            continue
        if lemma in CESSATIVES and comp.tag_ != "VBG":
            continue
        if lemma in NEGATIVE_IMPLICATIVES and (comp.tag_ != "VB" or not any(c.lower_ == "to" for c in comp.children)):
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subject is None or subject.pos_ == "PRON" or subject.dep_ == "nsubjpass":
            continue
        if _unasserted(verb):
            continue
        aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if verb.tag_ == "VBD" and not aux:
            tense = "past"
        elif verb.tag_ == "VB" and aux == ["will"]:
            tense = "will"
        else:
            continue
        if any(c.i < comp.i and c.dep_ != "aux" for c in comp.children):
            continue  # "refused to immediately sign": the adverb would move
        rest = [t for c in comp.children if c.i > comp.i and c.dep_ not in DROP_DEPS and c.text not in DROP_PUNCT
                for t in _kept(c, None)]
        subj = _kept(subject, None)
        tokens = subj + [comp] + rest
        if not 3 <= len(tokens) <= 30 or any(t.lower_ in HEDGES for t in rest) or _vague(tokens):
            continue
        if comp.lemma_.lower() == "comment" and rng.random() < 0.75:
            continue
        options.append((lemma, tense, subject, _span_text(subj), comp, _span_text(rest) if rest else ""))
    if not options:
        return []
    lemma, tense, subject, subj, comp, rest = rng.choice(options)
    subj = subj[0].upper() + subj[1:]
    tail = f" {rest}" if rest else ""
    base = comp.lemma_.lower() if comp.tag_ == "VBG" else comp.lower_
    if lemma in NEGATIVE_IMPLICATIVES:
        entailed = f"{subj} {'did' if tense == 'past' else 'will'} not {base}{tail}."
        past, present = NEGATIVE_IMPLICATIVES[lemma]
        contradicted = f"{subj} {past if tense == 'past' else 'will ' + present} to {base}{tail}."
    elif tense == "past":
        be = "were" if subject.tag_ in ("NNS", "NNPS") else "was"
        entailed = f"{subj} {be} no longer {comp.lower_}{tail}."
        contradicted = f"{subj} continued {comp.lower_}{tail}."
    else:
        entailed = f"{subj} will no longer {base}{tail}."
        contradicted = f"{subj} will continue to {base}{tail}."
    premise = window.text.strip()
    return [{"premise": premise, "hypothesis": entailed, "label": "entailment", "phenomenon": "implicit_negation",
             "origin": origin},
            {"premise": premise, "hypothesis": contradicted, "label": "contradiction",
             "phenomenon": "implicit_negation", "origin": origin}]


#: The month names as a regular-expression alternation ("January|February|..."), for full dates.
MONTH_NAMES = "|".join(m.capitalize() for m in MONTHS[:12])
ORDINAL_WORDS = {i: w for w, i in ORDINALS.items()}


def _ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def restate(ent) -> str | None:
    """Another way to write the detail ``ent`` (a spaCy Span) that keeps its meaning, or None: a person's
    full name as the surname ("Mack Sennett" -> "Sennett"); thousands separators added or dropped ("8,586"
    <-> "8586"); small numbers and ordinals as words or digits ("seven" <-> "7", "seventh" <-> "7th");
    "20%" <-> "20 percent"; "$5 million" -> "5 million dollars"; "31 August 1997" <-> "August 31, 1997"."""
    text = ent.text
    if ent.label_ == "PERSON":
        if len(ent) >= 2 and all(t.pos_ == "PROPN" for t in ent) and ent[-1].text.isalpha() and ent[-1].text[:1].isupper():
            return ent[-1].text
        return None
    if ent.label_ == "ORDINAL":
        low = text.lower()
        if low in ORDINALS:
            return f"{ORDINALS[low]}{_ordinal_suffix(ORDINALS[low])}"
        m = re.fullmatch(r"(\d+)(st|nd|rd|th)", low)
        return ORDINAL_WORDS.get(int(m.group(1))) if m else None
    if ent.label_ == "DATE":
        m = re.fullmatch(rf"(\d{{1,2}}) ({MONTH_NAMES}),? (\d{{4}})", text)
        if m:
            return f"{m.group(2)} {m.group(1)}, {m.group(3)}"
        m = re.fullmatch(rf"({MONTH_NAMES}) (\d{{1,2}}),? (\d{{4}})", text)
        return f"{m.group(2)} {m.group(1)} {m.group(3)}" if m else None
    if ent.label_ not in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT"):
        return None
    low = text.lower()
    if low in SMALL_NUMBERS:
        return str(SMALL_NUMBERS[low])
    if re.fullmatch(r"\d+", text) and 2 <= int(text) <= 20:
        return next(w for w, i in SMALL_NUMBERS.items() if i == int(text))
    m = re.fullmatch(r"(\d+(?:\.\d+)?) ?(%|percent|per cent)", text)
    if m:
        return f"{m.group(1)}{' percent' if m.group(2) == '%' else '%'}"
    m = re.fullmatch(r"\$ ?(\d[\d,.]*(?: (?:million|billion|trillion))?)", text)
    if m:
        return f"{m.group(1)} dollars"
    if re.search(r"\b\d{1,3}(,\d{3})+\b", text):
        return re.sub(r"\b(\d{1,3}(?:,\d{3})+)\b", lambda n: n.group(1).replace(",", ""), text)
    if re.search(r"(?<![\d.,])\d{5,}(?![\d.,])", text):  # not 4 digits: "1998" may be a year
        return re.sub(r"(?<![\d.,])(\d{5,})(?![\d.,])", lambda n: f"{int(n.group(1)):,}", text)
    return None


def restated_detail_pairs(window, clause, rng: random.Random, *, origin: str = "") -> list[dict]:
    """At most one ``restated_detail`` row (entailment) from one window: a clause cut from it
    (:func:`extract_clause`, through ``clause``, a cached version) with its detail written another way
    (:func:`restate`). RTE-3 entailments such as "Kanchenjunga is 8586 meters high" for "the 8,586-meter Mt.
    Kanchenjunga", or "produced by Sennett" for "produced by Mack Sennett", are called contradictions by a
    model that learned from ``swapped_number`` and ``swapped_entity`` rows that a detail written differently
    is a different detail. A surname is used only when no other person of the window shares it. With it,
    for numbers and dates, a ``changed_value`` row (contradiction): the restated form with another value
    (:func:`changed_value`) that the premise does not contain."""
    people = [e for e in window.ents if e.label_ == "PERSON"]
    options = []
    for ent in window.ents:
        if ent.label_ != "ORDINAL" and not _usable(ent):
            continue
        new = restate(ent)
        if not new or new == ent.text:
            continue
        if ent.label_ == "PERSON" and any(p.text != ent.text and p[-1].text == new for p in people):
            continue
        found = clause(ent)
        if found is not None:
            options.append((found, new))
    if not options:
        return []
    (text, start, end), new = rng.choice(options)
    premise = window.text.strip()
    rows = []
    for value, label, phenomenon in ((new, "entailment", "restated_detail"),
                                     (changed_value(new, rng), "contradiction", "changed_value")):
        if value is not None and (label == "entailment" or not re.search(rf"\b{re.escape(value)}\b", premise, re.I)):
            hyp = text[:start] + value + text[end:]
            rows.append({"premise": premise, "hypothesis": _as_sentence(hyp), "label": label,
                         "phenomenon": phenomenon, "origin": origin})
    return rows


def changed_value(text: str, rng: random.Random) -> str | None:
    """``text`` (a detail as :func:`restate` writes it) with its value changed and its form kept, or None
    for names: a number or ordinal word replaced by another ("seven" -> "four"); in a full date the day
    (1 to 28) or the year (moved by 1 to 5); otherwise the first digit replaced by another non-zero digit
    ("8586" -> "3586"). The contradiction (``changed_value``) that goes with each ``restated_detail`` row:
    trained on the restated rows alone, the stage-9 candidate learned that a value written unlike the
    premise's is the same value and stopped seeing changed ones (swapped numbers 0.58 -> 0.22 of 91 test
    rows)."""
    low = text.lower()
    if low in SMALL_NUMBERS:
        return rng.choice([w for w in SMALL_NUMBERS if w != low])
    if low in ORDINALS:
        return rng.choice([w for w in ORDINALS if w != low])
    m = re.fullmatch(rf"({MONTH_NAMES}) (\d{{1,2}}), (\d{{4}})|(\d{{1,2}}) ({MONTH_NAMES}) (\d{{4}})", text)
    if m:
        if rng.random() < 0.5:
            year = m.group(3) or m.group(6)
            return text.replace(year, str(int(year) + rng.choice((-1, 1)) * rng.randint(1, 5)))
        day = m.group(2) or m.group(4)
        other = rng.choice([d for d in range(1, 29) if d != int(day)])
        return re.sub(rf"\b{day}\b", str(other), text, count=1)
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", low)
    if m:
        n = rng.choice([i for i in range(1, 21) if i != int(m.group(1))])
        return f"{n}{_ordinal_suffix(n)}"
    m = re.search(r"\d", text)
    if m is None:
        return None
    digit = int(m.group())
    options = [d for d in range(1, 10) if d != digit]
    return text[:m.start()] + str(rng.choice(options)) + text[m.end():]


def _round_below(value: int) -> int:
    """The roundest number below ``value`` at its leading digit's magnitude (23 -> 20, 20 -> 10, 1200 -> 1000,
    8 -> 7)."""
    magnitude = 10 ** (len(str(value)) - 1)
    low = value // magnitude * magnitude
    return low if low < value else value - magnitude


def _round_above(value: int) -> int:
    """The roundest number above ``value`` at its leading digit's magnitude (23 -> 30, 1200 -> 2000, 8 -> 9)."""
    magnitude = 10 ** (len(str(value)) - 1)
    return (value // magnitude + 1) * magnitude


def bounds(value: int, rng: random.Random) -> tuple[str, str] | None:
    """(a bound that holds ``value``, a bound that excludes it), each as qualifier and number ("more than 20",
    "more than 50" for 23), or None below 3. Holding bounds: "more than" a rounder number below, "at least"
    the value, "fewer than" a rounder number above; excluding ones lie at least a factor of two away
    ("more than" a round number above twice the value, "fewer than" one below half of it), beyond the
    pipeline's figure tolerance."""
    if value < 3:
        return None
    below = _round_below(value)
    holds = [f"more than {below}"] if below > 0 else []  # not "more than 0" for 10
    holds += [f"at least {value}", f"fewer than {_round_above(value)}"]
    excludes = [f"more than {_round_above(2 * value)}"]
    if value >= 8:
        excludes.append(f"fewer than {_round_below(value // 2)}")
    return rng.choice(holds), rng.choice(excludes)


def _counts_things(ent) -> bool:
    """Whether the number entity ``ent`` reads as a count of things, not part of a name, a dimension, a
    hyphen compound or a list: not after a noun, name, symbol, number, "a", "per", "top" or "x" ("iPhone 5
    customers", "1366 x 768", "14 per 1,000 births"), not before "x", a hyphen, a glued suffix or a
    capitalised word other than a nationality ("10-time winner", "10-m asteroid", "12in", "20th", "the 500
    Greatest Songs"), not a conjunct and not counting one ("3, 7, 31 and 127"; "3,000 soldiers and 200
    tanks": the clause would lose the "and")."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and (before.pos_ in ("NOUN", "PROPN", "SYM", "NUM") or before.lower_ in ("x", "×", "a", "an",
                                                                                                 "per", "top")
                               or before.text == "," and ent.start > 1 and doc[ent.start - 2].like_num):
        return False
    if after is not None and (after.lower_ in ("x", "×") or after.text in ("-", "–") or after.idx == ent.end_char
                              and (after.text.startswith("-") or after.is_alpha)
                              or after.is_title and after.ent_type_ != "NORP"):
        return False
    counted = ent.root.head if ent.root.dep_ == "nummod" else ent.root  # "200 tanks" in "3,000 soldiers and 200 tanks"
    return "conj" not in (ent.root.dep_, counted.dep_) and not any(c.dep_ == "conj" and c.like_num
                                                                    for c in ent.root.children)


def bounded_value_pairs(window, clause, rng: random.Random, *, origin: str = "") -> list[dict]:
    """At most two ``bounded_value`` rows from one window: a clause cut from it (:func:`extract_clause`,
    through ``clause``) about a count written as a plain number (CARDINAL, digits with optional thousands
    separators, at least 3, not a year) with the number replaced by a bound that holds it (entailment) and by
    one that excludes it (contradiction); see :func:`bounds`. Thousands separators are kept as written; numbers
    that are not counts of things (:func:`_counts_things`) or do not modify a plural noun are skipped."""
    options = []
    for ent in window.ents:
        if ent.label_ != "CARDINAL" or not re.fullmatch(r"\d{1,3}(,\d{3})+|\d+", ent.text):
            continue
        value = int(ent.text.replace(",", ""))
        if value < 3 or 1800 <= value <= 2100 and "," not in ent.text or not _counts_things(ent):
            continue
        if ent.root.dep_ != "nummod" or ent.root.head.tag_ not in ("NNS", "NNPS"):
            continue  # a score, a level or a rate ("shot a 200", "closed above 14,000"), not a number of things
        found = clause(ent)
        if found is not None:
            options.append((found, value, "," in ent.text))
    if not options:
        return []
    (text, start, end), value, commas = rng.choice(options)
    pair = bounds(value, rng)  # never None: values below 3 are not options
    premise = window.text.strip()
    rows = []
    for bound, label in zip(pair, ("entailment", "contradiction")):
        qualifier, number = bound.rsplit(" ", 1)
        written = f"{int(number):,}" if commas else number
        hyp = text[:start] + f"{qualifier} {written}" + text[end:]
        rows.append({"premise": premise, "hypothesis": _as_sentence(hyp), "label": label,
                     "phenomenon": "bounded_value", "origin": origin})
    return rows


#: Verbs that count things, in groups whose members take the same kind of object but state different facts
#: ("killed 12 people" and "injured 40 people" can both be true), as lemmas. Used by
#: :func:`other_figure_pairs`, which never replaces a verb by one named with it in :data:`SAME_COUNT`.
COUNT_VERBS = (
    ("kill", "injure", "wound", "arrest", "evacuate", "rescue", "detain", "hire", "infect", "vaccinate", "displace",
     "deport", "treat", "interview", "release", "abduct", "execute", "employ", "recruit", "train"),
    ("sell", "buy", "build", "destroy", "produce", "export", "import", "order", "deliver", "repair", "seize",
     "recall", "steal", "ship", "fire", "launch", "test", "shoot"),
    ("raise", "spend", "invest", "earn", "lose", "donate", "borrow", "pay", "receive", "save", "offer", "owe"),
)


def _past_forms(lemma: str) -> tuple[str, str]:
    """``(simple past, past participle)`` of a verb of :data:`COUNT_VERBS`: :data:`IRREGULAR_VERBS`, else
    regular ("ship" doubles its consonant)."""
    if lemma in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[lemma]
    past = lemma + "d" if lemma.endswith("e") else lemma + ("ped" if lemma == "ship" else "ed")
    return past, past


#: Verbs of one group that can count the same thing ("wounded" and "injured"; missiles "fired", "launched" or
#: "shot"; "hired" and "employed"): never swapped for each other.
SAME_COUNT = ({"injure", "wound"}, {"fire", "launch", "shoot"}, {"hire", "employ", "recruit"},
              {"kill", "execute"}, {"seize", "steal"})

_FIGURE = re.compile(NUMBER)


def _far_value(text: str, rng: random.Random) -> str | None:
    """``text`` (a count, sum or quantity: "12", "4,500", "$2.5 million", "seven") with its number replaced by one
    at least twice or at most half as large, beyond the pipeline's figure tolerance ("12" -> "36", "$2.5
    million" -> "$7.5 million"), written like the original (digits, thousands separators, one decimal); a number
    word becomes digits, and a whole number stays whole (at least 2). None when there is no number of at least
    3 or it looks like a year."""
    if text.lower() in SMALL_NUMBERS:
        text = str(SMALL_NUMBERS[text.lower()])
    m = _FIGURE.search(text)
    if m is None:
        return None
    written = m.group()
    value = float(written.replace(",", ""))
    if value < 3 and not re.search(r"(?i)thousand|million|billion|trillion", text) or (
            "," not in written and "." not in written and 1800 <= value <= 2100 and text == written):
        return None
    if "." in written:  # a sum: one decimal ("$2.5 million" -> "$0.8 million")
        other = value * rng.choice((2, 3, 4, 1 / 2, 1 / 3, 1 / 4))
        new = f"{other:.1f}".rstrip("0").rstrip(".")
    else:  # a count stays a whole number of at least 2
        whole = int(value)
        other = rng.choice([whole * k for k in (2, 3, 4, 5)] + [whole // k for k in (2, 3, 4) if whole // k >= 2])
        new = f"{other:,}" if "," in written else str(other)
    return text[:m.start()] + new + text[m.end():]


def other_figure_pairs(window, clause, rng: random.Random, *, origin: str = "") -> list[dict]:
    """At most one ``other_figure`` row (neutral) from one window: a clause cut from it (:func:`extract_clause`,
    through ``clause``) whose verb counts a number of things (a CARDINAL, MONEY or QUANTITY entity, the verb
    in :data:`COUNT_VERBS`), with the verb replaced by another of its group (not one of :data:`SAME_COUNT`)
    and the number by one at least twice or at most half as large ("The attack killed 12 people" -> "The
    attack injured 36 people"). The counterweight to the swapped numbers: a different figure of the same
    unit about a different predicate is no contradiction. Models trained on swaps alone read any other figure
    as one, which the demo corpus showed ("killed 12 people" flagged against "injured 23 people")."""
    options = []
    for ent in window.ents:
        if ent.label_ not in ("CARDINAL", "MONEY", "QUANTITY") or not _counts_things(ent):
            continue
        verb = ent.root.head if ent.root.dep_ in ("nummod", "quantmod") else ent.root
        verb = verb.head if verb.dep_ in ("dobj", "nsubjpass") else None
        if verb is None or verb.tag_ not in ("VBD", "VBN"):
            continue
        group = next((g for g in COUNT_VERBS if verb.lemma_.lower() in g), None)
        if group is None or verb.lower_ not in _past_forms(verb.lemma_.lower()):
            continue
        found = clause(ent)
        if found is None:
            continue
        text, start, end = found
        hits = [m for m in re.finditer(rf"\b{re.escape(verb.text)}\b", text) if m.end() <= start or m.start() >= end]
        if len(hits) == 1:
            options.append((text, start, end, hits[0], verb, group))
    if not options:
        return []
    text, start, end, hit, verb, group = rng.choice(options)
    figure = _far_value(text[start:end], rng)
    if figure is None:
        return []
    lemma = verb.lemma_.lower()
    same = set().union(*(s for s in SAME_COUNT if lemma in s)) | {lemma}
    other = _past_forms(rng.choice(sorted(set(group) - same)))[_past_forms(lemma).index(verb.lower_)]
    if verb.text[:1].isupper():
        other = other.capitalize()
    out, last = [], 0
    for a, b, replacement in sorted([(hit.start(), hit.end(), other), (start, end, figure)]):
        out += [text[last:a], replacement]
        last = b
    out.append(text[last:])
    return [{"premise": window.text.strip(), "hypothesis": _as_sentence("".join(out)), "label": "neutral",
             "phenomenon": "other_figure", "origin": origin}]


def _verb_forms(verb) -> tuple[str, str] | None:
    """``(simple past, past participle)`` of ``verb`` (a token in either form), or None when unknown."""
    lemma = verb.lemma_.lower()
    if lemma in IRREGULAR_VERBS:
        forms = IRREGULAR_VERBS[lemma]
        return forms if verb.lower_ in forms else None
    return (verb.lower_, verb.lower_) if verb.lower_.endswith("ed") else None


def _phrase(tokens) -> str:
    """The text of a noun phrase moved out of first position: its first word lower-cased unless a name."""
    text = _span_text(tokens)
    first = min(tokens, key=lambda t: t.i)
    capitalised = first.text[:1].isupper() and first.text[1:] == first.text[1:].lower()  # not "MPs", "US"
    return text[:1].lower() + text[1:] if capitalised and first.pos_ != "PROPN" else text


def voice_pairs(window, rng: random.Random, *, origin: str = "") -> list[dict]:
    """``voice`` rows from one window with a simple-past clause that has a doer and a thing done: the
    clause in the other voice is entailed ("Mack Sennett produced the film" <-> "The film was produced by
    Mack Sennett"), and, for one-doer verbs (:data:`ONE_AGENT_VERBS`) between two named entities, the
    clause with doer and thing done reversed contradicts ("GUS was sold by Wehkamp" for "GUS sold
    Wehkamp"). Other dependents of the verb (prepositional phrases, adverbs) are dropped, which keeps the
    clause entailed. The same filters as :func:`extract_clause` apply: no negation, hedge, condition or
    non-factive verb above, no vague pronoun. At most one clause per window."""
    options = []
    for verb in window:
        if verb.pos_ != "VERB" or verb.dep_ in ("advcl", "relcl", "ccomp", "xcomp", "conj", "acl", "parataxis", "pcomp"):
            continue
        first: dict = {}  # each dependency label's first child
        for c in verb.children:
            first.setdefault(c.dep_, c)
        if first.keys() & {"neg", "prt", "ccomp", "xcomp", "mark"} or _unasserted(verb):
            continue
        if any(c.dep_ == "dative" and c.pos_ != "ADP" for c in verb.children):
            continue  # "gave him the book": not "sold it to him"
        forms = _verb_forms(verb)
        if forms is None:
            continue
        aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if verb.tag_ == "VBD" and not aux and "nsubj" in first and "dobj" in first:
            doer, done, active = first["nsubj"], first["dobj"], True
        elif verb.tag_ == "VBN" and aux in (["was"], ["were"]) and "nsubjpass" in first and "agent" in first:
            doer = next((c for c in first["agent"].children if c.dep_ == "pobj"), None)
            done, active = first["nsubjpass"], False
            if doer is None:
                continue
        else:
            continue
        if doer.pos_ == "PRON" or done.pos_ == "PRON":
            continue
        if done.tag_ == "NN" and not any(c.dep_ in ("det", "poss", "nummod", "amod", "compound") for c in done.children):
            continue  # a bare noun: an idiom ("took place", "made progress") has no passive
        doer_t, done_t = _kept(doer, None), _kept(done, None)
        if not (1 <= len(doer_t) <= 10 and 1 <= len(done_t) <= 10) or _vague(doer_t + done_t):
            continue
        if any(t.lower_ in HEDGES for t in doer_t + done_t):
            continue
        options.append((verb, forms, doer, done, doer_t, done_t, active))
    if not options:
        return []
    verb, (past, participle), doer, done, doer_t, done_t, active = rng.choice(options)
    premise = window.text.strip()

    def passive(subject, subject_t, agent_t) -> str:
        be = "were" if subject.tag_ in ("NNS", "NNPS") else "was"
        return f"{_phrase(subject_t)} {be} {participle} by {_phrase(agent_t)}"

    def active_form(subject_t, object_t) -> str:
        return f"{_phrase(subject_t)} {past} {_phrase(object_t)}"

    other = passive(done, done_t, doer_t) if active else active_form(doer_t, done_t)
    rows = [{"premise": premise, "hypothesis": _as_sentence(other), "label": "entailment",
             "phenomenon": "voice", "origin": origin}]
    named = doer.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and done.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    if named and verb.lemma_.lower() in ONE_AGENT_VERBS and not _compatible(_span_text(doer_t), _span_text(done_t)):
        reversed_ = passive(doer, doer_t, done_t) if active else active_form(done_t, doer_t)
        rows.append({"premise": premise, "hypothesis": _as_sentence(reversed_),
                     "label": "contradiction", "phenomenon": "voice", "origin": origin})
    return rows


def _windows(doc, max_sentences: int) -> Iterator:
    sents = list(doc.sents)
    if len(sents) <= max_sentences:
        yield doc[:]
        return
    for i in range(0, len(sents), max_sentences):
        part = sents[i:i + max_sentences]
        yield doc[part[0].start:part[-1].end]


def content_words(text: str) -> set[str]:
    """The lower-cased words of ``text`` of three characters or more that are not spaCy stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w for w in _words(text) if w not in STOP_WORDS and len(w) > 2}


def same_story_pairs(windows: list, clauses: list[str | None], rng: random.Random, *, origin: str = "",
                     max_overlap: float = 0.4) -> list[dict]:
    """``same_story`` rows (neutral): a window of an article as premise, and as hypothesis a clause cut from
    another window of the same article that names something the premise names (a capitalised word) but
    whose content words are mostly absent from it (at most ``max_overlap`` of them present). Such pairs
    are the bulk of what a cross-source comparison sees: different facts about one story, compatible, which
    SNLI's same-scene convention teaches a model to call contradictions. ``clauses[i]`` is the clause cut
    from ``windows[i]`` (None if none); at most one row per window."""
    rows: list[dict] = []
    if len(windows) < 3:
        return rows
    # per clause, once: its content words and the capitalised words it names
    facts = [None if c is None else (content_words(c), {w.lower() for w in re.findall(r"\b[A-Z][A-Za-z]{2,}", c[1:])})
             for c in clauses]
    for i, window in enumerate(windows):
        premise = window.text.strip()
        names = {t.lower_ for t in window if t.text[:1].isupper() and not t.is_sent_start and len(t.text) > 2}
        prem_words = content_words(premise)
        options = []
        for j, (clause, fact) in enumerate(zip(clauses, facts)):
            if j == i or fact is None:
                continue
            words, named = fact
            if words and named & names and len(words & prem_words) <= max_overlap * len(words):
                options.append(clause)
        if options:
            clause = rng.choice(options)
            rows.append({"premise": premise, "hypothesis": _as_sentence(clause), "label": "neutral",
                         "phenomenon": "same_story", "origin": origin})
    return rows


_SUFFIXES = ("ing", "ed", "es", "s")


def _stem(word: str) -> str:
    """``word`` without one inflectional suffix ("signed" -> "sign", "agreements" -> "agreement"), enough to
    match a clause's predicate word against a premise's; not a lemmatiser."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def _names(text: str) -> set[str]:
    """The lower-cased capitalised words (three letters or more, not stop words; cut to five letters, so
    "Canada" and "Canadian" meet) and the digit strings of ``text``: what a hypothesis must not share with
    a premise to be about something else."""
    from spacy.lang.en.stop_words import STOP_WORDS

    caps = {w.lower()[:5] for w in re.findall(r"\b[A-Z][A-Za-z]{2,}", text) if w.lower() not in STOP_WORDS}
    return caps | set(re.findall(r"\d+", text))


def other_text_pairs(rows: list[dict], rng: random.Random, *, min_shared: int = 2) -> list[dict]:
    """``other_text`` rows (neutral): a window as premise and, as hypothesis, a clause extracted from another
    text (an ``extracted_clause`` hypothesis of ``rows``) that shares predicate words with the premise
    (at least ``min_shared`` lower-case content words, "signed", "president", "diameter"; one of the three
    clauses sharing most) but none of its names or figures. "The Israel-Egypt Peace
    Agreement was signed in 1979" says nothing about "Canada and the United States signed an agreement on
    January 30, 1979"; RTE-3's unknown pairs are often of this kind (hypotheses of relation-extraction and
    question-answering systems about another entity), and a model trained on SNLI, where a caption about
    the same scene with other details is a contradiction, calls them contradictions. Unlike ``same_story``
    the hypothesis comes from another text, so it names none of the premise's people, places or numbers;
    unlike ``swapped_agent`` and ``swapped_role`` nothing but the predicate is shared. At most one row per
    premise; deterministic in ``rng`` and the order of ``rows``."""
    from spacy.lang.en.stop_words import STOP_WORDS

    def stems(text: str) -> set[str]:
        words = {w for w in re.findall(r"[a-z]{3,}", text) if w not in STOP_WORDS}  # lower-case words only
        return {_stem(w) for w in words}

    clauses = []  # (hypothesis, premise it came from, its names, its predicate stems)
    for row in rows:
        if row.get("phenomenon") == "extracted_clause":
            hyp = row["hypothesis"]
            names = _names(hyp)
            if names:
                clauses.append((hyp, row["premise"], names, stems(hyp[0].lower() + hyp[1:])))
    by_stem: dict[str, list[int]] = {}
    for k, (_, _, _, hyp_stems) in enumerate(clauses):
        for st in hyp_stems:
            by_stem.setdefault(st, []).append(k)
    out: list[dict] = []
    seen: set[str] = set()
    for row in rows:
        premise = row["premise"]
        if row.get("phenomenon") != "extracted_clause" or premise in seen:
            continue
        seen.add(premise)
        names, prem_stems = _names(premise), stems(premise)
        options = sorted({k for st in prem_stems for k in by_stem.get(st, ())})
        options = [k for k in options if clauses[k][1] != premise and not clauses[k][2] & names
                   and not clauses[k][1].startswith(premise[:40])]  # same text cut another way
        overlap = {k: len(clauses[k][3] & prem_stems) for k in options}
        options = [k for k in options if overlap[k] >= min_shared]
        if options:
            best = sorted(options, key=lambda k: -overlap[k])[:3]  # the most predicate words in common
            hyp = clauses[rng.choice(best)][0]
            out.append({"premise": premise, "hypothesis": hyp, "label": "neutral", "phenomenon": "other_text",
                        "origin": row.get("origin", "")})
    return out


def pairs_from_doc(doc, rng: random.Random, *, origin: str = "", max_sentences: int = 3) -> list[dict]:
    """Rows generated from one parsed text (a spaCy Doc): for every window of up to ``max_sentences``
    sentences, at most one entailed clause and one swap, one entailed role and one swapped role holder
    (:func:`role_pairs`), a left role (:func:`former_role_pairs`) and an implicit negation
    (:func:`implicit_negation_pairs`), a restated and a changed detail (:func:`restated_detail_pairs`) and a clause
    in the other voice (:func:`voice_pairs`), and, for articles of three windows or more, one ``same_story`` row
    (:func:`same_story_pairs`); each row carries ``premise`` (the window's text), ``hypothesis``, ``label``
    and ``phenomenon``."""
    rows: list[dict] = []
    windows = list(_windows(doc, max_sentences))
    clause_of: dict[tuple[int, int], tuple[str, int, int] | None] = {}  # extract_clause by entity span, once each

    def clause(ent):
        key = (ent.start, ent.end)
        if key not in clause_of:
            clause_of[key] = extract_clause(ent)
        return clause_of[key]

    clauses: list[str | None] = []
    for window in windows:
        rows += role_pairs(window, rng, origin=origin)
        clauses.append(next((c[0] for c in map(clause, (e for e in window.ents if _usable(e))) if c is not None), None))
    rows += same_story_pairs(windows, clauses, rng, origin=origin)
    for window in windows:
        ents = [e for e in window.ents if _usable(e)]
        options = []
        for ent in ents:
            kind = KINDS[ent.label_]
            others = [o for o in ents if o.label_ == ent.label_ or {o.label_, ent.label_} <= {"GPE", "LOC"}]
            others = [o for o in others if o.root.dep_ != "poss" and o[-1].text not in ("'s", "’s")
                      and not _compatible(ent.text, o.text)
                      and _shape(kind, o.text) == _shape(kind, ent.text)
                      and not (_words(o.text) | _words(ent.text)) & HEDGES]
            if not others:
                continue
            found = clause(ent)
            if found is None:
                continue
            text, start, end = found
            others = [o for o in others if o.text.lower() not in text.lower()]
            if kind == "entity":
                others = [o for o in others if not _coordinated(ent, o)]
                agents = [o for o in others if o.label_ == ent.label_]
                if agents and _agent_verb(ent) is not None:
                    kind, others = "agent", agents
            if others:
                options.append((ent, kind, text, start, end, others))
        if not options:
            continue
        # numbers, dates and one-doer events first: their swaps are the clearest contradictions
        best = [o for o in options if o[1] != "entity"] or options
        ent, kind, text, start, end, others = rng.choice(best)
        other = rng.choice(others)
        premise = window.text.strip()
        hyp = _as_sentence(text)
        swapped = text[:start] + other.text + text[end:]
        swapped = re.sub(r"([$£€¥])\1", r"\1", _as_sentence(swapped))
        rows.append({"premise": premise, "hypothesis": hyp, "label": "entailment", "phenomenon": "extracted_clause",
                     "origin": origin})
        rows.append({"premise": premise, "hypothesis": swapped, "label": SWAP_LABEL[kind],
                     "phenomenon": PHENOMENON[kind], "origin": origin, "swap": [ent.text, other.text]})
    for window in windows:  # a generator of their own per window, so the rows above do not change with them
        wrng = _window_rng(window)
        rows += former_role_pairs(window, wrng, origin=origin)
        rows += implicit_negation_pairs(window, wrng, origin=origin)
    for window in windows:  # again, after them: ids (row numbers within a text) of the rows above stay
        wrng = _window_rng(window, salt="restate ")
        rows += restated_detail_pairs(window, clause, wrng, origin=origin)
        rows += voice_pairs(window, wrng, origin=origin)
    for window in windows:  # and again: the bounded values come after every row above
        rows += bounded_value_pairs(window, clause, _window_rng(window, salt="bound "), origin=origin)
    for window in windows:  # and again: the other figures after the bounded values
        rows += other_figure_pairs(window, clause, _window_rng(window, salt="other figure "), origin=origin)
    return rows


def _window_rng(window, salt: str = "") -> random.Random:
    """A random generator seeded from ``salt`` and the window's text (SHA-1), independent of the rows before."""
    return random.Random(int(hashlib.sha1((salt + window.text).encode("utf-8")).hexdigest()[:12], 16))


def generate(texts: list[tuple[str, str]], *, seed: int = 13, nlp=None, batch_size: int = 64) -> list[dict]:
    """Rows from ``texts`` (``(origin, text)``, see :func:`read_texts`), deterministic in ``seed``; ids are
    ``swap-<sha1 of the premise, 10 hex>-<n>``."""
    if nlp is None:
        from detector.nlp import load_spacy

        nlp = load_spacy(punctuated_breaks=False)  # generated rows stay as they were
    rng = random.Random(seed)
    rows: list[dict] = []
    docs = nlp.pipe((t for _, t in texts), batch_size=batch_size)  # lemmas: the verb lists are lemmas
    for (origin, _), doc in zip(texts, docs):
        for k, row in enumerate(pairs_from_doc(doc, rng, origin=origin)):
            digest = hashlib.sha1(row["premise"].encode("utf-8")).hexdigest()[:10]
            rows.append({"id": f"swap-{digest}-{k}", **row})
    return rows + with_other_text_ids(other_text_pairs(rows, random.Random(f"other text {seed}")))


def with_other_text_ids(rows: list[dict]) -> list[dict]:
    """``other_text`` rows with ids ``other-<sha1 of the premise, 10 hex>`` (one row per premise)."""
    return [{"id": f"other-{hashlib.sha1(r['premise'].encode('utf-8')).hexdigest()[:10]}", **r} for r in rows]


def split(rows: list[dict], *, test_fraction: float = 0.15) -> tuple[list[dict], list[dict]]:
    """Split by premise (SHA-1 of its text), so no premise straddles train and test. The test part keeps
    three-way rows only (the two-way ``swapped_entity`` rows are train-only)."""
    train = [r for r in rows if not in_test_split(r["premise"], test_fraction)]
    test = [r for r in rows if in_test_split(r["premise"], test_fraction) and r["label"] != "not_entailment"]
    return train, test


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--texts", nargs="+", help="jsonl pair files (premise field) or FNC-1 bodies csv")
    ap.add_argument("--other-text-from", type=Path, default=None,
                    help="instead of parsing texts, write only the other_text rows (other_text_train.jsonl, "
                         "other_text_test.jsonl) built from the swaps_train/swaps_test.jsonl of this directory")
    ap.add_argument("--max-per-file", type=int, default=None, help="sample at most this many texts per file")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--test-fraction", type=float, default=0.15)
    ap.add_argument("--out-dir", required=True, type=Path)
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if a.other_text_from is not None:
        parts = {}
        for part in ("train", "test"):
            rows = [row for _, row in iter_jsonl(a.other_text_from / f"swaps_{part}.jsonl")]
            parts[f"other_text_{part}.jsonl"] = with_other_text_ids(
                other_text_pairs(rows, random.Random(f"other text {a.seed}")))
        write_splits(a.out_dir, parts, "phenomenon")
        return 0
    if not a.texts:
        ap.error("--texts is required unless --other-text-from is given")
    texts = read_texts(a.texts, max_per_file=a.max_per_file, seed=a.seed)
    log.info("%d texts", len(texts))
    rows = generate(texts, seed=a.seed)
    train, test = split(rows, test_fraction=a.test_fraction)
    write_splits(a.out_dir, {"swaps_train.jsonl": train, "swaps_test.jsonl": test}, "phenomenon")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
