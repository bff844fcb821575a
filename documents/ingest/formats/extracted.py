"""What extracting a file gives back, whatever its type."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import decode

FORMATS = ("text", "html", "pdf", "docx", "image")


@dataclass
class Extracted:
    format: str               # one of FORMATS
    decoded: decode.Decoded   # the text the cleaning stage starts from
    report: list = field(default_factory=list)    # {action, count, examples}, as clean's report
    warnings: list = field(default_factory=list)
    # What the file says about itself beside its text (an HTML page's <meta> tags and canonical
    # link, a PDF's document information): metadata.extract_metadata takes each only where
    # the text itself says nothing stronger. Keys: meta_title, meta_date (a date),
    # meta_source_url, meta_author, meta_issuer, retrieved_on (a date), each date or address
    # with `<key>_from`: {"from": where, "key": the tag or entry it was read from}.
    hints: dict = field(default_factory=dict)
    ocr: dict | None = None   # pages read by OCR: scanned.ScannedPages.summary(), else None
    # the `|` rows were written from the file's own table cells (HTML, Word, a PDF's ruled
    # tables): an empty cell at a row's end is the table's, and no row lost cells at its end
    exact_rows: bool = False


# White space HTML collapses (&nbsp; and U+3000 are kept); also inside a Word table's cell.
SPACES = re.compile(r"[ \t\r\n\f]+")


def join_lines(lines) -> str:
    """The lines of one cell as one string: joined without a space, as Chinese is written,
    except between two Latin words or numbers (`605` + `(包括…)` reads `605(包括…)`)."""
    out = ""
    for line in (l.strip() for l in lines):
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out
