"""A file's type from its first bytes (never its name); a type that is not accepted is
refused, named."""
from __future__ import annotations

import io
import json
import re
import zipfile

from ..errors import IngestError

ACCEPTED = (
    "plain text (UTF-8, GB18030/GBK, Big5 or UTF-16), an HTML page, "
    "a PDF (a scanned one is read by OCR), a Word .docx file, or a page image (PNG, JPEG or TIFF)"
)

# Page images, read by OCR.
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

# Formats people upload by mistake, or that need converting first: named, then refused.
_REFUSED = [
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", None),  # BMP: only with a plausible header, checked below
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls/.ppt); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh", None),  # bzip2: only with its block magic, checked below
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", None),  # Windows program: only with its PE header, checked below
    (b"%!PS", "a PostScript file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 audio file"),
    (b"\x00\x00\x00", None),  # MP4/HEIC: ftyp box, checked below
]
_HTML_START = re.compile(
    rb"^(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|h[1-6]|br|script|style|font|center)[\s>/]",
    re.I | re.S,
)


def sniff(data: bytes) -> str:
    """"text", "html", "pdf", "docx" or "image" from the bytes; an IngestError for anything else."""
    head = data[:1024]
    if b"%PDF-" in head:  # the PDF header may follow a few junk bytes
        return "pdf"
    if head.startswith(_IMAGES):
        return "image"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    what = _refused_kind(head)
    if what:
        raise IngestError("unsupported_type", f"The file is {what}. Accepted: {ACCEPTED}.")
    start = _ascii_view(head).lstrip()
    if _HTML_START.match(start):
        return "html"
    if start[:1] in (b"{", b"[") and _is_json(data):
        # A crawl's or a labeller's data file lying in a folder of documents: never a report.
        raise IngestError("unsupported_type", f"The file is JSON data. Accepted: {ACCEPTED}.")
    return "text"


def _is_json(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data.decode("utf-8-sig")), (dict, list))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


def _refused_kind(head: bytes) -> str | None:
    for magic, what in _REFUSED:
        if not head.startswith(magic):
            continue
        if what:
            return what
        if magic == b"BM" and len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00":
            return "a BMP image"
        if magic == b"BZh" and head[4:10] == b"1AY&SY":
            return "a bzip2 archive"
        if magic == b"MZ" and b"PE\x00\x00" in head:
            return "a Windows program"
        if magic == b"\x00\x00\x00" and head[4:8] == b"ftyp":
            return "an MP4/HEIC media file"
    return None


def _ascii_view(head: bytes) -> bytes:
    """The first bytes with any BOM removed and UTF-16 narrowed, for matching ASCII markup."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom):]
            break
    if head[:64].count(b"\x00") * 3 >= min(len(head), 64):  # UTF-16: every other byte is zero
        head = head.replace(b"\x00", b"")
    return head


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise IngestError("unsupported_type", f"The file is a damaged ZIP archive. Accepted: {ACCEPTED}.") from None
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        what = "an Excel workbook (.xlsx)"
    elif any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint file (.pptx)"
    elif "mimetype" in names and "content.xml" in names:
        what = "an OpenDocument file (.odt/.ods); save it as .docx"
    else:
        what = "a ZIP archive"
    raise IngestError("unsupported_type", f"The file is {what}. Accepted: {ACCEPTED}.")
