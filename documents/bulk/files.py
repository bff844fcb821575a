"""The files of a bulk run: found, hashed, and each parsed from disk. Pure: no Django, no
database; documents/bulk/workers.py adds the storing a worker does after parsing.
"""
import hashlib
import os
from pathlib import Path

from ..ingest import ocr
from ..ingest.errors import IngestError, check_size
from ..ingest.pipeline import parse_bytes
from ..outcome import Outcome


def walk(paths):
    """Files named, and the files inside folders named, in a stable order; hidden ones skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts):
                    yield child
        else:
            yield path


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def parse_file(path: str, overrides: dict | None, max_bytes: int, on_metadata=None) -> Outcome:
    """One file from disk to a ParsedDocument, or the reason it was refused. A file over the
    size limit is refused before it is read. `on_metadata`: as parse_bytes's."""
    try:
        check_size(os.path.getsize(path), max_bytes)
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return Outcome("error", path=path, code="unreadable", message=f"The file could not be read: {exc.strerror or exc}.")
    except IngestError as exc:
        return Outcome("error", path=path, code=exc.code, message=exc.message)
    try:
        with ocr.reading(path):  # named in the per-page progress of a scan
            return Outcome("parsed", path=path, parsed=parse_bytes(data, overrides=overrides, max_bytes=max_bytes, on_metadata=on_metadata))
    except IngestError as exc:  # (a stage's own failure too: pipeline.parse_bytes)
        return Outcome("error", path=path, code=exc.code, message=exc.message)
