"""Antonyms from WordNet, shipped as JSON: ``antonyms()[pos][lemma] -> frozenset of lemmas``.

The table holds WordNet 3.0's direct antonyms (the ``!`` pointers between word senses: "dead" / "alive",
"win" / "lose", "increase" / "decrease", "legal" / "illegal"), one-word lemmas only, lower-cased, per part of
speech (``ADJ``, ``VERB``, ``NOUN``, ``ADV``: spaCy's universal tags). Antonymy is one of the contradiction
features of de Marneffe, Rafferty and Manning 2008, "Finding Contradictions in Text" (ACL); the verdicts use it
as a contrast cue (:func:`detector.verdicts.contrast_cue`).

The JSON (``detector/data/antonyms.json``) is written from Debian's ``wordnet-base`` package (WordNet 3.0,
Princeton University; licence text kept in the file's ``licence`` field)::

    python -m detector.lexicon --wordnet-dir /usr/share/wordnet --out detector/data/antonyms.json

so the library needs neither WordNet nor a download at run time.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import re
import sys
from pathlib import Path

__all__ = ["antonyms", "build_antonyms", "read_wordnet_licence", "ANTONYMS_PATH"]

logger = logging.getLogger(__name__)

#: The shipped table.
ANTONYMS_PATH = Path(__file__).parent / "data" / "antonyms.json"

#: WordNet data files and the spaCy part-of-speech tag of their words.
_FILES = {"data.adj": "ADJ", "data.verb": "VERB", "data.noun": "NOUN", "data.adv": "ADV"}
_POS = {"a": "ADJ", "s": "ADJ", "v": "VERB", "n": "NOUN", "r": "ADV"}
_WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def _clean(word: str) -> str:
    """A WordNet word form as a lemma: adjective markers ("(a)", "(p)", "(ip)") dropped, lower case."""
    return re.sub(r"\([a-z]+\)$", "", word).lower()


def _synsets(path: Path) -> dict[str, tuple[list[str], list[tuple[str, str, int, int]]]]:
    """offset -> (words, antonym pointers (target offset, target pos letter, source word no., target word no.))
    of one WordNet data file; the licence header (lines starting with two spaces) is skipped.

    Raises:
        ValueError: a data line does not parse (names the file and line).
    """
    out = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("  ") or not line.strip():
                continue
            try:
                fields = line.split(" | ")[0].split()
                offset, n_words = fields[0], int(fields[3], 16)
                words = [fields[4 + 2 * i] for i in range(n_words)]
                k = 4 + 2 * n_words
                n_pointers = int(fields[k])
                pointers = []
                for i in range(n_pointers):
                    symbol, target, pos, source_target = fields[k + 1 + 4 * i: k + 5 + 4 * i]
                    if symbol == "!":
                        pointers.append((target, pos, int(source_target[:2], 16), int(source_target[2:], 16)))
            except (IndexError, ValueError) as exc:
                raise ValueError(f"{path}:{number}: not a WordNet data line ({exc})") from None
            out[offset] = (words, pointers)
    return out


def build_antonyms(wordnet_dir: Path) -> dict[str, dict[str, list[str]]]:
    """The direct antonyms of WordNet's data files in ``wordnet_dir``: ``{pos: {lemma: sorted lemmas}}``,
    symmetric, one-word lemmas only (no underscores or digits), a lemma never its own antonym.

    Raises:
        FileNotFoundError: a data file is missing.
        ValueError: a data line does not parse.
    """
    files = {name: _synsets(wordnet_dir / name) for name in _FILES}
    by_letter = {"a": files["data.adj"], "s": files["data.adj"], "v": files["data.verb"],
                 "n": files["data.noun"], "r": files["data.adv"]}
    table: dict[str, dict[str, set[str]]] = {tag: {} for tag in _FILES.values()}
    for name, synsets in files.items():
        tag = _FILES[name]
        for words, pointers in synsets.values():
            for target, letter, source_no, target_no in pointers:
                target_words = by_letter[letter].get(target, ([], []))[0]
                if _POS[letter] != tag or not (0 < source_no <= len(words) and 0 < target_no <= len(target_words)):
                    continue
                a, b = _clean(words[source_no - 1]), _clean(target_words[target_no - 1])
                if a == b or not (_WORD.match(a) and _WORD.match(b)):
                    continue
                table[tag].setdefault(a, set()).add(b)
                table[tag].setdefault(b, set()).add(a)
    return {tag: {w: sorted(v) for w, v in sorted(words.items())} for tag, words in table.items()}


def read_wordnet_licence(wordnet_dir: Path) -> str:
    """The licence header of WordNet's ``data.adj`` (its leading lines that start with two spaces)."""
    lines = []
    with open(wordnet_dir / "data.adj", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("  "):
                break
            lines.append(re.sub(r"^\s+\d+\s?", "", line.rstrip()))
    return "\n".join(lines).strip()


def format_table(table: dict[str, dict[str, list[str]]], licence: str) -> str:
    """The JSON file's text: source, licence, then one line per lemma (readable diffs when WordNet changes)."""
    source = ("WordNet 3.0 (Princeton University), direct antonyms (! pointers), from Debian's wordnet-base; "
              "python -m detector.lexicon")
    parts = [f'{{"source": {json.dumps(source)},', f'"licence": {json.dumps(licence)},', '"antonyms": {']
    for k, (tag, words) in enumerate(table.items()):
        parts.append(f"{json.dumps(tag)}: {{")
        parts += [f"{json.dumps(w)}: {json.dumps(v)}" + ("," if i < len(words) - 1 else "")
                  for i, (w, v) in enumerate(words.items())]
        parts.append("}" + ("," if k < len(table) - 1 else ""))
    return "\n".join(parts) + "\n}}\n"


@functools.lru_cache(maxsize=1)
def antonyms() -> dict[str, dict[str, frozenset[str]]]:
    """The shipped table: ``{"ADJ"|"VERB"|"NOUN"|"ADV": {lemma: frozenset of antonym lemmas}}``.

    Raises:
        FileNotFoundError: the package was installed without ``data/antonyms.json``.
    """
    data = json.loads(ANTONYMS_PATH.read_text(encoding="utf-8"))
    return {tag: {w: frozenset(v) for w, v in words.items()} for tag, words in data["antonyms"].items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m detector.lexicon", description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet-dir", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=ANTONYMS_PATH)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    from detector.report import write_atomic

    try:
        table = build_antonyms(args.wordnet_dir)
        licence = read_wordnet_licence(args.wordnet_dir)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out, format_table(table, licence))
    logger.info("wrote %s: %s", args.out, {tag: len(words) for tag, words in table.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
