"""The text of an uploaded page image (PNG, JPEG, TIFF; a TIFF may hold several pages), read
by OCR: see scanned.py for how the recognizer's lines become text."""
from __future__ import annotations

from .. import decode
from ..errors import IngestError
from ..ocr import OcrLimits
from . import scanned
from .extracted import Extracted
from .pdf import layout


def image_text(data: bytes, limits: OcrLimits | None = None) -> Extracted:
    limits = limits or OcrLimits()
    pages = scanned.read_pages(scanned.image_pages(data, limits), limits, total=scanned.frame_count(data))
    text, dropped, running = layout([pages.lines[k] for k in sorted(pages.lines)])
    if not text.strip():
        blank = all(p.status == "blank" for p in pages.pages)
        raise IngestError(
            "no_text_found",
            "The image is blank: there is no text to read." if blank else "OCR found no text in the image.",
        )
    report = [{"action": "extract_image", "count": len(pages.pages), "examples": [f"{len(pages.pages)} pages"]}]
    if dropped:
        report.append({"action": "drop_page_numbers", "count": len(dropped), "examples": dropped[:5]})
    if running:
        report.append({"action": "drop_running_lines", "count": len(running), "examples": running[:5]})
    report += pages.report()
    return Extracted(
        "image", decode.Decoded(text, "", False), report=report, warnings=list(pages.warnings), ocr=pages.summary()
    )
