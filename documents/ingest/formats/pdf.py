"""The text layer of a PDF, through pdfminer.six: see the package's docstring."""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from .. import decode, provenance
from ..errors import IngestError
from ..pdf_cells import attach_labels, drop_running_lines, grid_text, join_title
from .extracted import Extracted, join_lines

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–_－]\s*\d{1,4}\s*[-—–_－]|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
_CID = re.compile(r"\(cid:\d+\)")


class _NoFontBoxWarnings(logging.Filter):
    """pdfminer warns of every font descriptor whose FontBBox it cannot read, a line per font
    use in PDFs that Chromium and others write; the text comes out all the same."""

    def filter(self, record):
        return not str(record.msg).startswith("Could not get FontBBox")


logging.getLogger("pdfminer.pdffont").addFilter(_NoFontBoxWarnings())


@dataclass
class _Line:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str
    cells: tuple[str, ...] = ()  # a row of a ruled table: its cells, as the grid reads them

    @property
    def height(self):
        return max(self.y1 - self.y0, 1.0)

    @property
    def char_width(self):
        return (self.x1 - self.x0) / max(len(self.text), 1)


def pdf_text(data: bytes, ocr_limits=None) -> Extracted:
    pages, crowded = _pdf_pages(data)
    # Pages with no text in their layer (scans) are read by OCR; a page with text never is.
    scanned, unrendered = None, None
    empty = [k for k, lines in enumerate(pages) if not any(l.text.strip() for l in lines)]
    if empty:
        from . import scanned as scanning
        from ..ocr import OcrLimits

        limits = ocr_limits or OcrLimits()
        scanning.check_page_count(len(empty), limits, "The PDF has")
        try:
            scanned = scanning.read_pages(scanning.pdf_page_images(data, empty, limits), limits, total=len(empty))
        except IngestError:
            if len(empty) == len(pages):
                raise
            # the renderer refuses a file the text reader could read: keep its text pages
            unrendered = empty
        for k, lines in (scanned.lines.items() if scanned else ()):
            pages[k] = lines
    text, dropped, running = layout(pages)
    if not text.strip():
        if scanned is not None:
            raise IngestError(
                "no_text_found",
                f"The PDF has no text layer, and OCR found no text on its {len(empty):,} pages "
                f"({sum(p.status == 'blank' for p in scanned.pages):,} blank).",
            )
        raise IngestError(
            "no_text_layer",
            "The PDF has no text layer (it is probably a scan): run it through OCR, or upload the text.",
        )
    warnings, report = [], []
    if crowded:
        warnings.append(
            f"{len(crowded)} pages draw too many crossing lines (over {MAX_GRID_CROSSINGS:,} crossings) for their "
            f"tables to be read by their rules (pages {', '.join(str(k + 1) for k in crowded[:10])}): their rows "
            "are read by baseline.")
    unreadable = len(_CID.findall(text))
    if unreadable > max(20, len(text) // 50):
        raise IngestError(
            "unreadable_pdf",
            f"The PDF's fonts do not say which characters they draw ({unreadable:,} unreadable): "
            "export it again with embedded Unicode fonts, or upload the text.",
        )
    if unreadable:
        warnings.append(f"{unreadable} characters of the PDF could not be read (their fonts have no Unicode map).")
    report.append({"action": "extract_pdf", "count": len(pages), "examples": [f"{len(pages)} pages"]})
    if dropped:
        report.append({"action": "drop_page_numbers", "count": len(dropped), "examples": dropped[:5]})
    if running:
        report.append({"action": "drop_running_lines", "count": len(running), "examples": running[:5]})
    if scanned is not None:
        report += scanned.report()
        warnings += scanned.warnings
    if unrendered:
        warnings.append(
            f"{len(unrendered)} pages have no text layer and could not be rendered for OCR "
            f"(pages {', '.join(str(k + 1) for k in unrendered[:10])}): their text is missing."
        )
    return Extracted(
        "pdf", decode.Decoded(text, "", False), report=report, warnings=warnings,
        ocr=scanned.summary() if scanned is not None else None, hints=pdf_hints(data),
        exact_rows=any(line.cells for lines in pages for line in lines),
    )


def layout(pages: list[list[_Line]]) -> tuple[str, list[str], list[str]]:
    """The text of pages of lines (a text layer's, or OCR's): page numbers and running lines
    dropped (and returned, for the report), each page's rows put together."""
    dropped: list[str] = []
    running: list[str] = []  # a running header or footer, the same on most pages
    paragraphs: list[str] = []
    for lines in drop_running_lines([_drop_page_numbers(lines, dropped) for lines in pages], running):
        paragraphs.extend(_page_paragraphs(lines))
        paragraphs.append("")  # a page ends a paragraph; clean.rejoin_breaks joins a cut sentence
    return "\n".join(paragraphs).strip("\n"), dropped, running


# What a PDF writer puts in the document information before a name worth nothing as a title.
_TITLE_JUNK = re.compile(r"^(?:Microsoft\s+(?:Word|PowerPoint|Excel)\s*-\s*)", re.I)
_FILE_EXTENSION = re.compile(r"\.(?:docx?|wps|pdf|rtf|txt|xlsx?)$", re.I)


def pdf_hints(data: bytes) -> dict:
    """What the PDF's document information says (see Extracted.hints): its Title, Author and
    CreationDate. Weak evidence (a template's title, the clerk who exported it, the day of
    the export), so the text decides first; a damaged dictionary gives nothing."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    try:
        infos = PDFDocument(PDFParser(io.BytesIO(data))).info
    except Exception:  # noqa: BLE001 - the text was read; its information is optional
        return {}
    info = {}
    for entries in infos:
        for name, value in (resolve1(entries) or {}).items():
            value = resolve1(value)
            if isinstance(value, bytes):
                try:
                    value = decode_text(value)
                except Exception:  # noqa: BLE001
                    continue
            if isinstance(value, str) and value.strip():
                info.setdefault(str(name), value.strip().replace("\x00", ""))
    found = {}
    title = _FILE_EXTENSION.sub("", _TITLE_JUNK.sub("", info.get("Title", ""))).strip()
    if title:
        found["meta_title"], found["meta_title_from"] = title, provenance.origin("pdf_info", "Title")
    if info.get("Author"):
        found["meta_author"], found["meta_author_from"] = info["Author"], provenance.origin("pdf_info", "Author")
    if created := provenance.parse_date(info.get("CreationDate")):
        found["meta_date"], found["meta_date_from"] = created, provenance.origin("pdf_info", "CreationDate")
    return found


# Finding a ruled table's grid takes time with the crossings of a page's rules: a page holding
# all three of a report's tables has about 4,500 (a 100 by 100 grid, 10,000, takes seconds); a
# page with more is read by baseline only.
MAX_GRID_CROSSINGS = 8_000


def _encrypted() -> IngestError:
    return IngestError("encrypted", "The PDF is password-protected: remove the password and upload it again.")


def _pdf_pages(data: bytes) -> tuple[list[list[_Line]], list[int]]:
    """The text lines of each page, each ruled table's as its grid rows, and the pages whose
    rules were too many to look for tables in. A file whose pages pdfplumber refuses (a page
    box it cannot read) is read by pdfminer alone, as lines, as before there were grids."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    pages, crowded = [], []
    try:
        with pdfplumber.open(io.BytesIO(data), laparams={}) as pdf:
            for page in pdf.pages:
                lines = _text_lines(page.layout)
                horizontals, verticals = _rules(page.edges)
                if _crossings(horizontals, verticals) > MAX_GRID_CROSSINGS:
                    crowded.append(page.page_number - 1)
                    pages.append(lines)
                else:
                    pages.append(_with_ruled_tables(page, lines, _cut_rules(horizontals, verticals)))
    except PdfminerException as error:
        cause = error.args[0] if error.args else None
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise _encrypted() from None
        return _pdfminer_pages(data), []
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise _encrypted() from None
    except (MalformedPDFException, ValueError, KeyError, TypeError, AssertionError, IndexError):
        return _pdfminer_pages(data), []
    return pages, crowded


def _pdfminer_pages(data: bytes) -> list[list[_Line]]:
    """The text lines of each page through pdfminer alone."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return [_text_lines(page) for page in extract_pages(io.BytesIO(data), laparams=LAParams())]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise _encrypted() from None
    except Exception:  # noqa: BLE001 - whatever pdfminer trips on (a struct.error in a font), the file is damaged
        raise IngestError("damaged_pdf", "The PDF is damaged and cannot be read: export it again.") from None


def _text_lines(layout) -> list[_Line]:
    from pdfminer.layout import LTTextLine

    lines, stack = [], list(layout)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTTextLine):
            text = obj.get_text().strip("\n")
            if text.strip():
                lines.append(_Line(obj.x0, obj.x1, obj.y0, obj.y1, text))
        elif hasattr(obj, "__iter__"):
            stack.extend(obj)
    return lines


def _rules(edges) -> tuple[list, list]:
    """A page's drawn rules (pdfplumber's edges), across and down. Dashes, and the edges across
    the ends of a rule drawn as a thin rectangle, are no rules of their own."""
    return ([e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 4],
            [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 4])


def _crossings(horizontals, verticals) -> int:
    """At most how many of the page's rules cross: their distinct heights times their distinct
    places across."""
    return len({round(e["top"]) for e in horizontals}) * len({round(e["x0"]) for e in verticals})


# A cell's line that starts a row (2.其他…, (三)不予公开, 四、结转…) or is a figure alone: two of
# them in one cell are two rows the grid merged, the rule between them missing.
_ROW_START = re.compile(r"^\s*(?:\d{1,2}\s*[.．、]|[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
_FIGURE_LINE = re.compile(r"^\s*[-+]?\d[\d,.，]*%?\s*$")
# Longer than any row label of a report's tables: a cell of text (a frame round the page's
# paragraphs, a task table's 任务), which the lines read better.
MAX_GRID_CELL = 120
_SENTENCE_INSIDE = re.compile(r"。.*[\u4e00-\u9fff]")  # more words after a sentence's end


def _trusted(raw: list[list[str | None]], grid: list[list[str | None]]) -> bool:
    """Is a grid a table's cells, one row a row? Not where a cell holds two rows' starts or two
    figures on lines of their own, nor where a cell is text: longer than a label, or a sentence
    ended inside it (a frame drawn round paragraphs). `raw`: the cells as extracted, a line of
    the cell a line; `grid`: the same, each cell's lines joined."""
    for raw_row, row in zip(raw, grid):
        for cell, text in zip(raw_row, row):
            if not cell:
                continue
            lines = cell.splitlines()
            if (sum(1 for line in lines if _ROW_START.match(line)) >= 2
                    or sum(1 for line in lines if _FIGURE_LINE.match(line)) >= 2
                    or len(text) > MAX_GRID_CELL or _SENTENCE_INSIDE.search(text)):
                return False
    return True


def _with_ruled_tables(page, lines: list[_Line], cut_rules: list[float]) -> list[_Line]:
    """The page's lines, each ruled table's replaced by its rows: a table drawn with lines is
    read by its grid (pdfplumber), so a blank cell keeps its column, a label wrapped in its
    cell is one label, and a cell merged over rows or columns is read once, where it starts;
    the lines inside the table are dropped. `cut_rules`: see _cut_rules."""
    try:
        tables = page.find_tables({"explicit_horizontal_lines": cut_rules})
    except Exception:  # noqa: BLE001 - the grid is a help; the lines are read without it
        return lines
    mb_x0, mb_top = page.mediabox[:2]
    rows, boxes = [], []
    for table in tables:
        raw = table.extract()
        grid = [[join_lines(c.splitlines()) if c is not None else None for c in row] for row in raw]
        if not _trusted(raw, grid):
            continue  # read by its lines, as a page without rules is
        if sum(1 for row in grid if sum(c is not None for c in row) >= 2) < 2:
            continue  # a frame round text, not a table
        x0, top, x1, bottom = table.bbox
        box = (x0 - mb_x0, page.height - (bottom - mb_top), x1 - mb_x0, page.height - (top - mb_top))
        boxes.append(box)
        for row, cells in zip(table.rows, grid):
            kept = [c for c in cells if c is not None]
            if not kept or not any(kept):
                continue
            # A row's band ends where its shortest cell does: a cell merged over the rows below
            # would otherwise put this row on their baseline.
            r_top = row.bbox[1]
            r_bottom = min(cell[3] for cell in row.cells if cell is not None)
            rows.append(_Line(box[0], box[2], page.height - (r_bottom - mb_top), page.height - (r_top - mb_top),
                              grid_text(kept), cells=tuple(kept)))
    if not boxes:
        return lines

    def inside(line):
        x, y = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
        return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    return [line for line in lines if not inside(line)] + rows


def _cut_rules(horizontals, verticals) -> list[float]:
    """Where a page cuts a ruled table: a table that runs on from the page before (or onto the
    next), or on below a header repeated on the new page, may be drawn without the rule at the
    cut, three column rules or more starting (or ending) there. The rule is put back, so that
    the cut row is read by the grid too."""
    if len(verticals) < 3:
        return []
    ends: dict[float, int] = {}
    for e in verticals:
        for y in {round(e["top"]), round(e["bottom"])}:
            ends[y] = ends.get(y, 0) + 1
    return sorted(y for y, n in ends.items() if n >= 3 and not any(abs(h["top"] - y) < 2 for h in horizontals))


def _rows_of(lines: list[_Line]) -> list[list[_Line]]:
    """Lines top to bottom; pieces on one baseline (table cells) grouped, left to right."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda l: (-l.y1, l.x0)):
        if rows and abs(rows[-1][0].y0 - line.y0) < 0.3 * min(rows[-1][0].height, line.height):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda l: l.x0) for row in rows]


def _drop_page_numbers(lines: list[_Line], dropped: list) -> list[_Line]:
    """A page number is alone on its line, in the top or bottom margin: farther from the body
    than two lines' height. A figure at the foot of a table is close to the body and stays."""
    rows = _rows_of(lines)
    if len(rows) < 2:
        return lines
    gone = set()
    for edge, neighbour in ((rows[0], rows[1]), (rows[-1], rows[-2])):
        if len(edge) != 1 or not _PAGE_NUMBER.match(edge[0].text):
            continue
        gap = min(abs(edge[0].y0 - neighbour[0].y1), abs(neighbour[0].y0 - edge[0].y1))
        if gap > 2 * neighbour[0].height:
            gone.add(id(edge[0]))
            dropped.append(edge[0].text.strip())
    return [l for l in lines if id(l) not in gone]


def _page_paragraphs(lines: list[_Line]) -> list[str]:
    # a label wrapped in its cell joins its row of figures; a wrapped title is one line
    rows = join_title(attach_labels(_rows_of(lines)))
    if not rows:
        return []
    # the text's right margin, from lines of text: a table may reach wider than the text
    right = max((r[-1].x1 for r in rows if len(r) == 1 and not r[0].cells), default=max(r[-1].x1 for r in rows))
    out: list[str] = []
    previous, ends_with_space = None, False  # the last row, to measure the gap and the wrap
    for row in rows:
        text = " | ".join(l.text.strip() for l in row) if len(row) > 1 else row[0].text
        if len(row) > 1:
            text = f"| {text} |"
        if previous is not None:
            gap = previous[0].y0 - row[0].y1
            wrapped = (
                len(previous) == 1 and len(row) == 1 and not previous[0].cells and not row[0].cells
                and previous[0].x1 >= right - 2 * previous[0].char_width
            )
            if gap > 0.8 * previous[0].height:
                out.append("")  # a vertical gap: a new paragraph
            elif wrapped:
                # Chinese wraps anywhere and is joined as is; a space drawn at the end of the
                # line (between two Latin words) is kept.
                out[-1] = (out[-1] + " " if ends_with_space else out[-1]) + text.lstrip()
                previous, ends_with_space = row, text[-1:].isspace()
                continue
        out.append(text.rstrip())
        previous, ends_with_space = row, text[-1:].isspace()
    return out
