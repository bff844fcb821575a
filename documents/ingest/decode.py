"""Bytes to text. Never substitutes a character: input that does not decode cleanly is refused."""
import codecs
import unicodedata
from collections import Counter
from dataclasses import dataclass

import charset_normalizer

from .errors import IngestError, check_size

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Encodings Chinese disclosure documents actually arrive in. Detection is limited to these so
# that a GB18030 file is never read as, say, Latin-1 mojibake that happens to decode.
_CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be"]

# Signatures of binary formats people upload by mistake (or that need a converter first).
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office file)"),
    (b"%PDF", "a PDF file"),
    (b"\xd0\xcf\x11\xe0", "an old Office (OLE) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
]


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name: utf-8, gb18030, gbk, big5, utf-16-le, ...
    bom: bool


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    check_size(len(data), max_bytes)
    if not data.strip():
        raise IngestError("empty", "The file is empty: there is no text to read.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError("binary", f"The file is {what}, not text.")

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data[len(bom):], encoding), encoding, True)

    try:
        return Decoded(_check_text(data.decode("utf-8")), "utf-8", False)
    except UnicodeDecodeError:
        pass

    # NUL bytes: UTF-16 without a BOM (ASCII characters carry a zero byte), or binary.
    candidates = ["utf_16_le", "utf_16_be"] if b"\x00" in data else _CANDIDATES
    match = charset_normalizer.from_bytes(data, cp_isolation=candidates).best()
    if match is None:
        raise IngestError(
            "undecodable",
            "The file is not valid UTF-8, GB18030/GBK, Big5 or UTF-16 text.",
        )
    encoding = codecs.lookup(match.encoding).name
    return Decoded(_strict(data, encoding), encoding, False)


def _strict(data, encoding):
    try:
        return _check_text(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise IngestError(
            "undecodable",
            f"The file does not decode as {encoding}: invalid bytes at offset {exc.start}.",
        ) from None


def _check_text(text):
    """Refuse text that decoded but is not text: control characters, unassigned or private-use
    code points in numbers no real document has (a wrong guess or a binary file)."""
    # Each distinct character looked up once (a document has a few thousand characters and a
    # few hundred distinct ones).
    odd = sum(
        n
        for ch, n in Counter(text).items()
        if ch not in "\t\n\r\f\v" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")
    )
    if odd > max(8, len(text) // 100):
        raise IngestError(
            "binary",
            f"The file has {odd:,} control or unassigned characters: it is binary, not text.",
        )
    nul = text.count("\x00")  # (which no database text can hold either)
    if nul:
        raise IngestError(
            "binary",
            f"The file has {nul:,} NUL character{'s' if nul > 1 else ''} (code 0), which no text has: it is damaged or binary.",
        )
    if not text.strip():
        raise IngestError("empty", "The file is empty: there is no text to read.")
    return text
