"""Text normalisation shared by training and inference.

SNLI and several other corpora ship tokenized text ("packages ." / "do n't"); news text does not.
The NLI model is trained and applied on the same normalised form, so the two never drift apart.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text"]

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
