"""Pages read by OCR (a scanned PDF's pages, an uploaded page image) as the PDF reader's lines.

Pure: bytes or page images in; no Django, no I/O. `ocr.read_page` reads each page's lines
with their boxes; here the boxes become pdf.py's `_Line`s (in points, y upward, as pdfminer
gives a text layer), so a scanned page goes through the very layout a text-layer page does:
lines on one baseline become a `|` row of cells, a wrapped row label joins its figures
(pdf_cells.attach_labels), page numbers and running headers are dropped, and tables.py reads
the rows exactly as it reads a text document's.

A figure cell the recognizer is unsure of is never placed on that reading: its text is
written with a `?` after it, so that tables.py reports the cell as holding no figure, and a
warning names the page, the reading and the confidence. The one exception is a row that
settles it: when the row's last figure (its total) was read with confidence and is the sum of
the others, the readings add up and stay. (Two doubtful readings in one row that add up could
only be wrong by errors that cancel exactly; a row whose total is doubtful confirms nothing.)
"""
from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .. import ocr, script
from ..errors import IngestError
from ..pdf_cells import _is_figure
from .pdf import _Line, _rows_of

DOUBT = "?"


@dataclass
class ScannedPages:
    """What OCR gave for some pages of a file: their lines (pdf.py's `_Line`s) by page index,
    a summary per page, and warnings in words."""
    lines: dict[int, list] = field(default_factory=dict)
    pages: list[ocr.OcrPage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    doubtful: list[str] = field(default_factory=list)   # examples of figure cells not placed
    lookalikes: list[str] = field(default_factory=list)  # figures read with a letter for a digit
    variants: list[str] = field(default_factory=list)    # traditional forms on a simplified page

    def summary(self) -> dict:
        read = [p for p in self.pages if p.confidence is not None]
        weights = [sum(len(l.text) for l in p.lines) for p in read]
        mean = sum(p.confidence * w for p, w in zip(read, weights)) / sum(weights) if read else None
        return {
            "engine": ocr.ENGINE,
            # pages done / pages given to OCR: a page that timed out or had no text is not done
            "pages_read": sum(p.status in ("read", "blank") for p in self.pages),
            "pages_total": len(self.pages),
            "pages": [p.summary() for p in self.pages],
            "confidence": round(mean, 3) if mean is not None else None,
        }

    def report(self) -> list[dict]:
        """The cleaning report's entries: the pages read by OCR with their confidence, and the
        figure cells left unplaced because the recognizer was unsure of them."""
        steps = []
        read = [p for p in self.pages if p.status == "read"]
        if self.pages:
            examples = [
                f"page {p.number}: confidence {p.confidence:.2f}" if p.confidence is not None else f"page {p.number}: {p.status}"
                for p in self.pages
            ]
            # pages that did not come through (timed out, no text) named before the others
            examples.sort(key=lambda e: not e.endswith(("timed_out", "no_text")))
            done = self.summary()
            examples = [f"{done['pages_read']} of {done['pages_total']} pages read"] + examples[:5]
            steps.append({"action": "ocr", "count": len(read), "examples": examples})
        if self.variants:
            steps.append({"action": "ocr_simplified_variants", "count": len(self.variants), "examples": self.variants[:5]})
        if self.lookalikes:
            steps.append({"action": "ocr_lookalike_digits", "count": len(self.lookalikes), "examples": self.lookalikes[:5]})
        if self.doubtful:
            steps.append({"action": "ocr_doubtful_cells", "count": len(self.doubtful), "examples": self.doubtful[:5]})
        return steps


# Letters a recognizer gives for digits. Inside a cell that is otherwise a number they can be
# nothing else: a figure cell holds no letters.
# (`|` is not among them: between digits it is the rule between two cells.)
_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "S": "5", "B": "8"})
_NUMBERISH = re.compile(r"[+\-]?[\dODolISB]*\d[\dODolISB]*(?:[.,，][\dODolISB]+)*%?")


def _figure_read_as_letters(text: str) -> str | None:
    """`1O` -> `10`, `l2` -> `12`: a cell of digits with a lookalike letter among them, as
    the number it must be; None for anything else (a word, a plain number)."""
    t = text.strip()
    if not _NUMBERISH.fullmatch(t):
        return None
    fixed = t.translate(_LOOKALIKES)
    return fixed if fixed != t and re.fullmatch(r"[+\-]?\d+(?:[.,，]\d+)*%?", fixed) else None


def to_lines(page: ocr.OcrPage, scale: float, limits: ocr.OcrLimits, warnings: list, doubtful: list,
             lookalikes: list | None = None) -> list:
    """The page's OCR lines as `_Line`s in points (pixels / scale, y upward); a figure read
    with a lookalike letter (`1O`) written as the number (and listed in `lookalikes`); doubtful
    figure cells marked (see the module's docstring)."""
    lines = []
    confidence = {}
    for l in page.lines:
        # a cell's rule read along with its text is no character of it
        text = l.text.strip().strip("|｜[]").strip()
        if not text:
            continue
        fixed = _figure_read_as_letters(text)
        if fixed is not None:
            if lookalikes is not None:
                lookalikes.append(f"page {page.number}: {text.strip()} → {fixed}")
            text = fixed
        line = _Line(l.x0 / scale, l.x1 / scale, (page.height - l.y1) / scale, (page.height - l.y0) / scale, text)
        confidence[id(line)] = l.confidence
        lines.append(line)
    for row in _rows_of(lines):
        figures = [line for line in row if _is_figure(line)]
        unsure = [line for line in figures if confidence[id(line)] < limits.doubtful_below]
        if not unsure:
            continue
        total_sure = confidence[id(figures[-1])] >= limits.doubtful_below
        if total_sure and len(figures) >= 3 and _adds_up(figures):
            continue  # the row's total, read with confidence, confirms the readings that add up to it
        for line in unsure:
            reading = line.text.strip()
            doubtful.append(f"page {page.number}: {reading} ({confidence[id(line)]:.2f})")
            warnings.append(
                f"Page {page.number}: a table cell was read as {reading!r} with confidence "
                f"{confidence[id(line)]:.2f}; it is not placed (check it against the page image)."
            )
            line.text = reading + DOUBT
    return lines


def _adds_up(figures) -> bool:
    """The row's last figure is the sum of the ones before it."""
    try:
        values = [Decimal(line.text.strip().replace(",", "").replace("，", "")) for line in figures]
    except InvalidOperation:
        return False
    return sum(values[:-1]) == values[-1]


def read_pages(images, limits: ocr.OcrLimits, total: int | None = None, clock=None) -> ScannedPages:
    """OCR over (page index, number shown to people, Pillow image, pixels per point) items; a
    page that fails or times out is reported and the rest goes on. After each page the
    progress listener (ocr.on_page) hears pages done of `total`."""
    out = ScannedPages()
    for index, number, image, scale in images:
        page = ocr.read_page(image, number, limits) if clock is None else ocr.read_page(image, number, limits, clock=clock)
        out.pages.append(page)
        ocr.page_done(len(out.pages), max(total or 0, len(out.pages)), page)
        if page.status == "timed_out":
            out.warnings.append(
                f"Page {number} took longer than {limits.page_seconds:g} seconds to read by OCR; its text is missing."
            )
        elif page.status == "read" and page.confidence is not None and page.confidence < limits.doubtful_below:
            out.warnings.append(
                f"Page {number} was read by OCR with a mean confidence of {page.confidence:.2f}: "
                "its text may hold misread characters."
            )
        out.lines[index] = to_lines(page, scale, limits, out.warnings, out.doubtful, out.lookalikes)
    _simplified_variants(out)
    for page, index in zip(out.pages, out.lines):
        page.text = "\n".join(" | ".join(line.text for line in row) for row in _rows_of(out.lines[index]))
    return out


def _simplified_variants(out: ScannedPages) -> None:
    """The recognizer writes the odd traditional form on a simplified page (國 for 国): in a
    text read as simplified such a character is brought to its simplified form, so that a row
    label (属于国家秘密) still reads; each change is listed. A traditional text is left whole,
    for the cleaning stage's phrase-level conversion."""
    lines = [line for k in sorted(out.lines) for line in out.lines[k]]
    if script.detect_script("".join(line.text for line in lines)) != "simplified":
        return
    for line in lines:
        fixed = script.simplified_chars(line.text)
        if fixed != line.text:
            out.variants += [f"{a}→{b}" for a, b in zip(line.text, fixed) if a != b]
            line.text = fixed


def pdf_page_images(data: bytes, indexes: list[int], limits: ocr.OcrLimits):
    """(index, page number, image, pixels per point) for the given pages of a PDF, rendered
    with pypdfium2 at `render_long_side` pixels on the long side (never more than
    `max_pixels`), one page at a time so that only one page image is held in memory."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise IngestError("damaged_pdf", "The PDF is damaged and cannot be read: export it again.") from None
    try:
        for index in indexes:
            if index >= len(document):
                continue
            page = document[index]
            width, height = page.get_size()
            scale = limits.render_long_side / max(width, height, 1.0)
            scale = min(scale, (limits.max_pixels / max(width * height, 1.0)) ** 0.5)
            image = page.render(scale=scale, grayscale=True).to_pil()
            yield index, index + 1, image, scale
            page.close()
    finally:
        document.close()


def check_page_count(count: int, limits: ocr.OcrLimits, what: str) -> None:
    if count > limits.max_pages:
        raise IngestError(
            "too_many_pages",
            f"{what} {count:,} pages to read by OCR; at most {limits.max_pages:,} are read. "
            "Split the file, or upload its text.",
        )


def frame_count(data: bytes) -> int:
    """How many pages an uploaded image holds (a TIFF may hold several), from its header; 0
    for what is no image (image_pages says why)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return getattr(image, "n_frames", 1)
    except Exception:  # noqa: BLE001 - a damaged or oversized image is refused by image_pages
        return 0


def image_pages(data: bytes, limits: ocr.OcrLimits):
    """(index, page number, image, scale) for each frame of an uploaded image (a TIFF may
    hold several pages). The image's size is read from its header and checked against
    `max_pixels` before any pixel is decoded (a decompression bomb is refused unopened)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # the size is checked against our own limit below, before decoding
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise IngestError("image_too_large", "The image is too many pixels to decode (a decompression bomb?).") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise IngestError("damaged_image", "The image is damaged or cut short and cannot be read: export it again.") from None
    frames = getattr(image, "n_frames", 1)
    check_page_count(frames, limits, "The image has")
    for k in range(frames):
        try:
            image.seek(k)
            width, height = image.size
            if width * height > limits.max_pixels:
                raise IngestError(
                    "image_too_large",
                    f"The image is {width:,} × {height:,} pixels; at most {limits.max_pixels:,} pixels are read "
                    "(scan at 300 dpi, or split the image).",
                )
            image.load()
            # a photo taken with the phone turned says so in its EXIF orientation
            frame = ImageOps.exif_transpose(image).convert("L")
        except IngestError:
            raise
        except (OSError, ValueError, SyntaxError, EOFError):
            raise IngestError("damaged_image", "The image is damaged or cut short and cannot be read: export it again.") from None
        # pixels per point, as if the long side were an A4 page's (842 pt), so that the
        # layout's measures compare with a PDF's
        yield k, k + 1, frame, max(width, height) / 842.0


def page_png(data: bytes, source_format: str, number: int, long_side: int = 1400,
             limits: ocr.OcrLimits = ocr.OcrLimits(), turned: float = 0) -> bytes | None:
    """Page `number` (1-based) of a stored file as a PNG no more than `long_side` pixels on its
    long side, for reading beside the text OCR gave: a PDF's page rendered by pypdfium2, an
    uploaded image's frame as it was (turned by its EXIF orientation, scaled down), then
    turned `turned` degrees counter-clockwise as OCR turned it to read it. None when the file
    has no such page or cannot be drawn; the same bounds as reading it apply."""
    from PIL import Image

    image = None
    if number < 1:
        return None
    if source_format == "pdf":
        import pypdfium2 as pdfium

        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return None
        try:
            if not 1 <= number <= len(document):
                return None
            page = document[number - 1]
            width, height = page.get_size()
            scale = min(long_side / max(width, height, 1.0), (limits.max_pixels / max(width * height, 1.0)) ** 0.5)
            image = page.render(scale=scale, grayscale=True).to_pil()
            page.close()
        finally:
            document.close()
    elif source_format == "image":
        try:
            image = next((frame for k, _, frame, _ in image_pages(data, limits) if k == number - 1), None)
        except IngestError:
            return None
    if image is None:
        return None
    if turned % 360:
        image = image.rotate(turned % 360, expand=True, fillcolor=255 if image.mode == "L" else "white", resample=Image.BICUBIC)
    image.thumbnail((long_side, long_side), Image.LANCZOS)  # after turning: the bound holds for the turned page
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
