"""Text normalisation shared by training and inference.

SNLI and several other corpora ship tokenized text ("packages ." / "do n't"); news text does not.
The NLI model is trained and applied on the same normalised form, so the two never drift apart.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text", "shared_names", "same_words", "canonical_events"]

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?%)\]}])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{])\s+")
_CONTRACTION = re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE)
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Return ``text`` with Unicode NFKC, straight quotes, collapsed whitespace and no space before
    punctuation or inside contractions (``"do n't go ."`` -> ``"don't go."``).

    Args:
        text: any string.

    Returns:
        The normalised string (may be empty).
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).replace("``", '"').replace("''", '"')
    text = _WS.sub(" ", text).strip()
    text = _CONTRACTION.sub(r"\1", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    return text


_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def same_words(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are the same words in the same order, ignoring case, punctuation and spacing
    ("Turnout was 58 percent." and "turnout was 58 percent")."""
    return _WORD.findall(a.lower()) == _WORD.findall(b.lower())


#: Capitalised words that open a sentence or a name run without being part of a name.
_NAME_STOP = frozenset("the a an in on at by for from of to its their his her this that these those after before "
                       "when while but and or if as with about according some all most many no monday tuesday "
                       "wednesday thursday friday saturday sunday january february march april may june july "
                       "august september october november december".split())
_NAME_RUN = re.compile(r"[A-Z][\w'\u2019-]*(?:\s+(?:of\s+)?[A-Z][\w'\u2019-]*)*")


def _names(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Runs of capitalised words as ``(start, end, words)``, leading function words dropped, possessive
    endings ("Orbis's") outside the run."""
    out = []
    for m in _NAME_RUN.finditer(text):
        words = m.group().split()
        start = m.start()
        while words and words[0].lower() in _NAME_STOP:
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        if words:
            last = re.sub(r"['\u2019]s$", "", words[-1])
            end = m.end() - (len(words[-1]) - len(last))
            out.append((start, end, tuple(words[:-1]) + (last,)))
    return out


def shared_names(a: str, b: str) -> tuple[str, str]:
    """``a`` and ``b`` with a long form of a name shortened to the short form the other text uses ("Orbis
    Shipping posted a loss" / "Orbis made a profit" -> "Orbis posted a loss"; "Ana Ruel won" / "Ruel
    lost" -> "Ruel won").

    News shortens names after the first mention, and an NLI model trained on captions reads "Orbis" and
    "Orbis Shipping" as two different things (neutral). A name (a run of capitalised words) is shortened
    when the other text has a name that is its first or its last words (not the last words of a name with
    "of": "Bank of England" is not "England"), and the text has no other name with those words.

    Args:
        a, b: the two texts of a pair (premise and hypothesis, in either order).

    Returns:
        The two texts, each unchanged or with its long names replaced.
    """
    names_a, names_b = _names(a), _names(b)

    def shorten(text: str, own: list, other: list) -> str:
        shorts = {words for _, _, words in other}
        for start, end, words in sorted(own, reverse=True):  # from the end: offsets stay valid
            fits = [s for s in shorts if len(s) < len(words)
                    and (words[:len(s)] == s or words[-len(s):] == s and "of" not in words)]  # not "Bank of England"
            if len(fits) != 1 or sum(fits[0] in (w[:len(fits[0])], w[-len(fits[0]):]) for _, _, w in own) > 1:
                continue
            text = text[:start] + " ".join(fits[0]) + text[end:]
        return text

    return shorten(a, names_a, names_b), shorten(b, names_b, names_a)


#: Words of a side that takes places ("Carvenian troops", "the rebels"); a capitalised word also counts.
_ACTOR_WORDS = frozenset("troops forces army soldiers rebels militants fighters insurgents militia militias "
                         "separatists guerrillas units brigade brigades marines paratroopers".split())
#: Common nouns of a place that is taken ("the town", "the regional capital"); a proper name also counts.
_PLACE_WORDS = frozenset("town city village port capital region province district airport base stronghold "
                         "garrison fortress settlement hamlet bridge crossing hill outpost".split())
_FELL_TO = re.compile(r"^(?P<x>.+?)\s+(?P<aux>(?:had|has|have)\s+)?(?:fallen|fell)\s+to\s+(?P<y>[^,;.]+?)"
                      r"(?P<rest>(?:\s+(?:on|in|at|by|after|before|since|until|when|amid|following|last|this|early|"
                      r"late|during|overnight|yesterday|"
                      r"today)\b.*|[,;.].*)?)$", re.DOTALL)
_CHANGED_HANDS = re.compile(r"^(?P<x>.+?)\s+(?P<aux>(?:had|has|have)\s+)?changed\s+hands\b(?P<rest>.*)$", re.DOTALL)


def _place(text: str) -> bool:
    """Whether ``text`` (a clause's subject) reads as a place: a proper name ("Vardovo", "Chasiv Yar") or a
    place noun ("the town", "the regional capital of Kursk"), at most six words."""
    words = text.split()
    if not words or len(words) > 6:
        return False
    content = [w for w in words if w.lower() not in ("the", "of")]
    return bool(content) and (all(w[:1].isupper() for w in content)
                              or any(w.lower() in _PLACE_WORDS for w in content))


def canonical_events(text: str) -> str:
    """``text`` with a place changing hands written as a capture, the form NLI models read: "Vardovo had
    fallen to Carvenian troops" -> "Carvenian troops had captured Vardovo"; "Chasiv Yar fell to Russian
    forces" -> "Russian forces captured Chasiv Yar"; "The town had changed hands" -> "The town had been
    captured". MiniLM NLI models (ours included) read "X fell to Y" as the opposite of "Y captured X"
    (contradiction 0.89 on the Chasiv Yar pair). Only when the subject is a place (a proper name or a place
    noun, :data:`_PLACE_WORDS`) and, for "fell to", the taker a side (a capitalised word or a word of
    :data:`_ACTOR_WORDS`, no figure): "Prices fell to 3 percent" and "The task fell to the mayor" stay."""
    match = _FELL_TO.match(text)
    if match and _place(match["x"]):
        taker = match["y"].strip()
        if not re.search(r"\d", taker) and (any(w[:1].isupper() for w in taker.split())
                                            or any(w.lower() in _ACTOR_WORDS for w in taker.split())):
            aux = match["aux"] or ""
            x = match["x"]
            x = x[0].lower() + x[1:] if x.split()[0] in ("The", "A", "An") else x
            return f"{taker[0].upper()}{taker[1:]} {aux}captured {x}{match['rest']}"
    match = _CHANGED_HANDS.match(text)
    if match and _place(match["x"]):
        aux = match["aux"]
        verb = f"{aux}been captured" if aux else "was captured"
        return f"{match['x']} {verb}{match['rest']}"
    return text
