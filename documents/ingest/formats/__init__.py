"""What a file is, decided by its bytes (never its name), and the text in it: `extract`.

Pure: bytes in, an `Extracted` out; no Django, no I/O. These formats are accepted:

* text: handed to `decode.decode` (BOM, strict UTF-8, then GB18030, Big5 or UTF-16);
* HTML: decoded (its declared charset when that decodes strictly, else as text), then the main
  content is taken with selectolax: scripts, navigation, headers, footers, sidebars and
  link lists are dropped, the block holding the text is kept, and data tables become rows of
  `|`-separated cells, one row a line, which `tables.py` reads;
* PDF: the text layer through pdfminer.six. Lines are put back in reading order, a line that
  runs to the right margin is joined to the next (the line was wrapped, not ended), lines on
  one baseline become a `|` row, page numbers in the margins are dropped, and each page ends a
  paragraph: `clean.rejoin_breaks` joins a sentence cut by the page end, as for text;
* DOCX: paragraphs and tables of the body in document order through python-docx, each
  paragraph with the number Word's automatic numbering shows before it (一、, (二), 1.),
  written out as the text has it. A DOCX is a ZIP; its member count and uncompressed size are checked against `DocxLimits` from the ZIP's
  directory before anything is inflated (`zipfile` never reads past a member's declared size,
  so a directory that lies gives a read error, not a bomb).

* scans and page images: a PDF page with no text in its layer, and a PNG, JPEG or TIFF
  upload, are read by OCR (ocr.py, scanned.py, image.py) and then laid out as a text-layer
  page is; a page with text is never run through OCR.

Anything else is refused with an `IngestError` naming what the file is and the accepted typ

sniffing.py decides the type; html.py, pdf.py and docx.py each take the text out of one type;
extracted.py holds what they all give back.
"""
from __future__ import annotations

from .. import decode
from ..errors import IngestError, check_size
from ..ocr import OcrLimits
from .docx import DocxLimits, docx_text
from .extracted import Extracted
from .html import html_text
from .image import image_text
from .pdf import pdf_text
from .sniffing import sniff


def extract(
    data: bytes, max_bytes: int = decode.DEFAULT_MAX_BYTES, docx_limits: DocxLimits = DocxLimits(),
    ocr_limits: OcrLimits | None = None,
) -> Extracted:
    check_size(len(data), max_bytes)
    if not data.strip():
        raise IngestError("empty", "The file is empty: there is no text to read.")
    kind = sniff(data)
    if kind == "text":
        return Extracted("text", decode.decode(data, max_bytes=max_bytes))
    if kind == "pdf":
        extracted = pdf_text(data, ocr_limits)
    elif kind == "image":
        extracted = image_text(data, ocr_limits)
    elif kind == "docx":
        extracted = docx_text(data, docx_limits)
    else:
        extracted = html_text(data, max_bytes)
    return _without_nul(extracted)


def _without_nul(extracted: Extracted) -> Extracted:
    """NUL characters dropped from an extracted text, and listed in its report: a database text
    cannot hold them (a text file holding them is refused, as it is not text)."""
    text = extracted.decoded.text
    count = text.count("\x00")
    if not count:
        return extracted
    decoded = decode.Decoded(text.replace("\x00", ""), extracted.decoded.encoding, extracted.decoded.bom)
    step = {"action": "remove_nul", "count": count, "examples": ["NUL (U+0000)"]}
    return Extracted(
        extracted.format, decoded, report=[*extracted.report, step], warnings=extracted.warnings, hints=extracted.hints,
        ocr=extracted.ocr, exact_rows=extracted.exact_rows,
    )
