"""What a file is, decided by its bytes (never its name), and the text in it.

Pure: bytes in, an `Extracted` out; no Django, no I/O. Four formats are accepted:

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

Anything else is refused with an `IngestError` naming what the file is and the accepted types.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from . import decode
from .errors import IngestError

ACCEPTED = (
    "plain text (UTF-8, GB18030/GBK, Big5 or UTF-16), an HTML page, "
    "a PDF with a text layer, or a Word .docx file"
)
FORMATS = ("text", "html", "pdf", "docx")


@dataclass(frozen=True)
class DocxLimits:
    max_members: int = 1000
    max_uncompressed: int = 200 * 1024 * 1024
    # XML compresses about 10:1; a member inflating a thousandfold is a bomb, not a document.
    max_ratio: int = 200


@dataclass
class Extracted:
    format: str               # one of FORMATS
    decoded: decode.Decoded   # the text the cleaning stage starts from
    report: list = field(default_factory=list)    # {action, count, examples}, as clean's report
    warnings: list = field(default_factory=list)


def extract(data: bytes, max_bytes: int = decode.DEFAULT_MAX_BYTES, docx_limits: DocxLimits = DocxLimits()) -> Extracted:
    if len(data) > max_bytes:
        raise IngestError("too_large", f"The file is {len(data):,} bytes; the limit is {max_bytes:,} bytes.")
    if not data.strip():
        raise IngestError("empty", "The file is empty: there is no text to read.")
    kind = sniff(data)
    if kind == "text":
        return Extracted("text", decode.decode(data, max_bytes=max_bytes))
    if kind == "pdf":
        extracted = pdf_text(data)
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
    return Extracted(extracted.format, decoded, report=[*extracted.report, step], warnings=extracted.warnings)


# -- sniffing ---------------------------------------------------------------------------------

# Formats people upload by mistake, or that need converting first: named, then refused.
_REFUSED = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", None),  # BMP: only with a plausible header, checked below
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
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
    """"text", "html", "pdf" or "docx" from the bytes; an IngestError for anything else."""
    head = data[:1024]
    if b"%PDF-" in head:  # the PDF header may follow a few junk bytes
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    what = _refused_kind(head)
    if what:
        raise IngestError("unsupported_type", f"The file is {what}. Accepted: {ACCEPTED}.")
    if _HTML_START.match(_ascii_view(head).lstrip()):
        return "html"
    return "text"


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


# -- HTML -------------------------------------------------------------------------------------

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# Declarations honoured, as the codec that reads all of what they name (GB2312 pages are GBK
# in practice). Any other (iso-8859-1 on a Chinese page is common, and decodes anything) is
# ignored and the encoding detected as for text.
_CHARSETS = {
    "utf-8": "utf-8", "utf8": "utf-8", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "gb18030": "gb18030", "big5": "big5", "big5-hkscs": "big5hkscs",
}

_DROP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "aside", "footer", "form", "button", "select", "textarea", "input", "label", "head",
    "map", "audio", "video", "dialog", "menu",
}
# Class or id words of page chrome, matched as whole words (`foot` but not `footnote`).
_CHROME_WORDS = {
    "nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "sidebar",
    "share", "toolbar", "copyright", "footer", "foot", "banner", "qrcode", "ewm", "pagination",
    "pager", "login", "search", "topbar", "related", "comment", "comments", "print",
    "position", "weizhi", "dqwz", "header", "logo", "topnav",
}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure",
    "figcaption", "hr", "table", "caption", "body", "html", "tbody", "thead", "tfoot", "tr",
}
_CELL_TAGS = {"td", "th"}
_INVISIBLE = {"script", "style", "head", "noscript", "template"}
_WORD = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"[ \t\r\n\f]+")  # HTML collapses these; &nbsp; and U+3000 are kept


@dataclass
class _El:
    tag: str
    attrs: dict
    children: list  # _El or str
    chars: int = 0       # visible characters below, spaces excluded
    link_chars: int = 0  # of which inside <a>
    links: int = 0


def html_text(data: bytes, max_bytes: int = decode.DEFAULT_MAX_BYTES) -> Extracted:
    from selectolax.lexbor import LexborHTMLParser

    decoded = _decode_html(data, max_bytes)
    tree = LexborHTMLParser(decoded.text)
    root = _convert(tree.root) if tree.root is not None else None
    if root is None:
        raise IngestError("empty", "The HTML page has no content.")
    dropped: list[str] = []
    _prune(root, dropped)
    if root.chars == 0:
        raise IngestError("empty", "The HTML page has no text in it.")
    main = _main_block(root)
    title = _title_before(root, main)
    lines: list[str] = []
    if title:
        lines.append(title)
    lines.extend(_block_lines(main))
    text = "\n".join(_tidy_blocks(lines))
    report = []
    if dropped:
        report.append({"action": "extract_html", "count": len(dropped), "examples": dropped[:5]})
    return Extracted("html", decode.Decoded(text, decoded.encoding, decoded.bom), report=report)


def _decode_html(data: bytes, max_bytes: int) -> decode.Decoded:
    declared = _CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        codec = _CHARSETS.get(declared.group(1).decode("ascii", "replace").lower())
        if codec:
            try:
                return decode.Decoded(data.decode(codec), codec, False)
            except UnicodeDecodeError:
                pass  # a wrong declaration is common; detect instead
    return decode.decode(data, max_bytes=max_bytes)


def _convert(node) -> _El | None:
    """selectolax's tree as plain objects, built once, iteratively (deep pages are common)."""
    top = _El(node.tag or "", dict(node.attributes or {}), [])
    stack = [(node, top)]
    while stack:
        src, dst = stack.pop()
        for child in src.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                text = child.text(deep=False)
                if text:
                    dst.children.append(text)
            elif tag and not tag.startswith(("-", "!")):
                el = _El(tag.lower(), dict(child.attributes or {}), [])
                dst.children.append(el)
                stack.append((child, el))
    return top


def _chrome(el: _El, page_chars: int) -> bool:
    """Page chrome by tag, attribute or class/id word. A header holding the document's title
    (an <h1> of some length, not a logo link) is kept, and no chrome word ever drops the block
    holding most of the page's text."""
    if el.tag in _DROP_TAGS:
        return True
    if el.tag == "header" and not _holds_title(el):
        return True
    attrs = el.attrs
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if attrs.get("role") in ("navigation", "banner", "contentinfo", "search"):
        return True
    words = {w.lower() for w in _WORD.findall(f"{attrs.get('class') or ''} {attrs.get('id') or ''}")}
    return bool(words & _CHROME_WORDS) and not _holds_title(el) and el.chars < 0.5 * page_chars


def _holds_title(el: _El) -> bool:
    h1 = _first(el, "h1")
    return h1 is not None and _first(h1, "a") is None and len(_inline_text(h1)) >= 6


def _title_before(root: _El, main: _El) -> str:
    """The document's title when the main block leaves it out: the last <h1> with text before
    the main block (an article's title sits above its body; a site's name comes first)."""
    title, stack = "", [root]
    while stack:
        node = stack.pop()
        if node is main:
            return title
        if node.tag == "h1":
            text = _inline_text(node)
            title = text if len(text) >= 4 else title
            continue
        stack.extend(reversed([c for c in node.children if isinstance(c, _El)]))
    return ""


def _prune(root: _El, dropped: list) -> None:
    """Drop chrome elements, then link lists (menus, "related articles": the outermost block
    whose text is mostly links), and measure the text of every element that is left."""
    _measure_all(root)
    page_chars = root.chars
    _drop(root, lambda el: _chrome(el, page_chars), dropped)
    _drop(root, lambda el: el.tag != "a" and el.links >= 3 and el.link_chars >= 0.6 * el.chars, dropped)


def _drop(root: _El, unwanted, dropped: list) -> None:
    """Remove the outermost elements `unwanted` says yes to, noting what they said; measure again."""
    stack = [root]
    while stack:
        el = stack.pop()
        kept = []
        for child in el.children:
            if isinstance(child, _El) and unwanted(child):
                sample = _inline_text(child)
                if sample and child.tag not in _INVISIBLE:
                    dropped.append(f"<{child.tag}> {sample[:40]}")
                continue
            kept.append(child)
        el.children = kept
        stack.extend(c for c in kept if isinstance(c, _El))
    _measure_all(root)


def _measure_all(root: _El) -> None:
    order, stack = [], [root]
    while stack:
        el = stack.pop()
        order.append(el)
        stack.extend(c for c in el.children if isinstance(c, _El))
    for el in reversed(order):
        _measure(el)


def _measure(el: _El) -> None:
    """Visible characters below an element whose children are measured already."""
    chars = link_chars = links = 0
    for child in el.children:
        if isinstance(child, str):
            chars += len(_SPACES.sub("", child).replace("\u00a0", "").replace("\u3000", ""))
        else:
            chars += child.chars
            link_chars += child.link_chars
            links += child.links + (child.tag == "a")
    if el.tag in _INVISIBLE:
        chars = link_chars = links = 0
    el.chars, el.links = chars, links
    el.link_chars = chars if el.tag == "a" else link_chars


def _main_block(root: _El) -> _El:
    """The deepest block holding most of the page's text, widened while its parent adds little
    (the title and date line above an article body)."""
    body = _first(root, "body") or root
    total = body.chars - body.link_chars
    path = [body]
    node = body
    while True:
        best = max(
            (c for c in node.children if isinstance(c, _El)), key=lambda c: c.chars - c.link_chars, default=None
        )
        if best is None or (best.chars - best.link_chars) < 0.75 * total or (best.tag == "table" and _data_table(best)):
            break
        node = best
        path.append(node)
    while len(path) > 1:
        parent = path[-2]
        own = path[-1].chars - path[-1].link_chars
        if (parent.chars - parent.link_chars) - own > max(200, own // 4):
            break
        path.pop()
    return path[-1]


def _first(el: _El, tag: str) -> _El | None:
    """The first element of a tag in document order."""
    stack = [el]
    while stack:
        node = stack.pop()
        if node.tag == tag:
            return node
        stack.extend(reversed([c for c in node.children if isinstance(c, _El)]))
    return None


def _inline_text(el: _El, breaks: str = " ") -> str:
    """All the text below, HTML whitespace collapsed; <br> and blocks become `breaks`."""
    parts = []
    stack = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(_SPACES.sub(" ", node))
            continue
        if node.tag == "br" or node.tag in _BLOCK_TAGS | _CELL_TAGS:
            parts.append(breaks)
        stack.extend(reversed(node.children))
    return re.sub(" {2,}", " ", "".join(parts)).strip(" ")


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


def _data_table(el: _El) -> bool:
    """A table of data, not layout: no table inside it, and some row with two cells or more."""
    rows = _rows(el)
    if any(_first(cell, "table") for row in rows for cell in row):
        return False
    return any(len(row) >= 2 for row in rows)


def _rows(table: _El) -> list[list[_El]]:
    rows, stack = [], list(reversed(table.children))
    while stack:
        node = stack.pop()
        if isinstance(node, str) or node.tag == "table":
            continue
        if node.tag == "tr":
            rows.append([c for c in node.children if isinstance(c, _El) and c.tag in _CELL_TAGS])
        else:
            stack.extend(reversed(node.children))
    return rows


def _cell(el: _El) -> str:
    # A `|` in a cell would split it; tabs are column separators too.
    return join_lines(_inline_text(el, "\n").split("\n")).replace("|", "¦").replace("｜", "¦").replace("\t", " ")


_BLANK = "\x00"  # a paragraph break, until the lines are joined


def _block_lines(el: _El) -> list[str]:
    """The text of a block as lines: blocks end paragraphs (a blank line, as in the text files
    the cleaning stage was made for), <br> ends a line, data tables give one `|` row a line."""
    out: list[str] = []
    line: list[str] = []

    def flush(blank=True):
        text = _SPACES.sub(" ", "".join(line)).strip(" ")
        line.clear()
        if text:
            out.append(text)
        if blank:
            out.append(_BLANK)

    stack: list = [el]
    while stack:
        node = stack.pop()
        if node is None:
            flush()
            continue
        if isinstance(node, str):
            line.append(node)
            continue
        if node.tag == "br":
            flush(blank=False)
        elif node.tag == "pre":
            flush()
            out.extend(_inline_pre(node).splitlines())
            out.append(_BLANK)
        elif node.tag == "table" and _data_table(node):
            flush()
            for row in _rows(node):
                cells = [_cell(c) for c in row]
                if any(cells):
                    out.append("| " + " | ".join(cells) + " |")
            out.append(_BLANK)
        elif node.tag in _BLOCK_TAGS or node.tag in _CELL_TAGS:
            flush()
            stack.append(None)  # close the block after its children
            stack.extend(reversed(node.children))
        else:
            stack.extend(reversed(node.children))
    flush()
    return out


def _inline_pre(el: _El) -> str:
    parts, stack = [], [el]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        else:
            if node.tag == "br":
                parts.append("\n")
            stack.extend(reversed(node.children))
    return "".join(parts)


def _tidy_blocks(lines: list[str]) -> list[str]:
    """Blank-line markers to single blank lines, none at the ends; table rows stay together."""
    out: list[str] = []
    for line in lines:
        if line == _BLANK:
            if out and out[-1] != "":
                out.append("")
        else:
            out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


# -- PDF --------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–_－]\s*\d{1,4}\s*[-—–_－]|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class _Line:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str

    @property
    def height(self):
        return max(self.y1 - self.y0, 1.0)

    @property
    def char_width(self):
        return (self.x1 - self.x0) / max(len(self.text), 1)


def pdf_text(data: bytes) -> Extracted:
    from .pdf_cells import drop_running_lines

    pages = _pdf_pages(data)
    dropped: list[str] = []
    running: list[str] = []  # a running header or footer, the same on most pages
    paragraphs: list[str] = []
    for lines in drop_running_lines([_drop_page_numbers(lines, dropped) for lines in pages], running):
        paragraphs.extend(_page_paragraphs(lines))
        paragraphs.append("")  # a page ends a paragraph; clean.rejoin_breaks joins a cut sentence
    text = "\n".join(paragraphs).strip("\n")
    if not text.strip():
        raise IngestError(
            "no_text_layer",
            "The PDF has no text layer (it is probably a scan): run it through OCR, or upload the text.",
        )
    warnings, report = [], []
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
    return Extracted("pdf", decode.Decoded(text, "", False), report=report, warnings=warnings)


def _pdf_pages(data: bytes) -> list[list[_Line]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    pages = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            lines, stack = [], list(page)
            while stack:
                obj = stack.pop()
                if isinstance(obj, LTTextLine):
                    text = obj.get_text().strip("\n")
                    if text.strip():
                        lines.append(_Line(obj.x0, obj.x1, obj.y0, obj.y1, text))
                elif hasattr(obj, "__iter__"):
                    stack.extend(obj)
            pages.append(lines)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IngestError("encrypted", "The PDF is password-protected: remove the password and upload it again.") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError, IndexError):
        raise IngestError("damaged_pdf", "The PDF is damaged and cannot be read: export it again.") from None
    return pages


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
    from .pdf_cells import attach_labels, join_title

    # a label wrapped in its cell joins its row of figures; a wrapped title is one line
    rows = join_title(attach_labels(_rows_of(lines)))
    if not rows:
        return []
    # the text's right margin, from lines of text: a table may reach wider than the text
    right = max((r[-1].x1 for r in rows if len(r) == 1), default=max(r[-1].x1 for r in rows))
    out: list[str] = []
    previous, ends_with_space = None, False  # the last row, to measure the gap and the wrap
    for row in rows:
        text = " | ".join(l.text.strip() for l in row) if len(row) > 1 else row[0].text
        if len(row) > 1:
            text = f"| {text} |"
        if previous is not None:
            gap = previous[0].y0 - row[0].y1
            wrapped = len(previous) == 1 and len(row) == 1 and previous[0].x1 >= right - 2 * previous[0].char_width
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


# -- DOCX -------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_docx_bounds(data: bytes, limits: DocxLimits = DocxLimits()) -> None:
    """Refuse a DOCX that would inflate past the limits, reading only the ZIP's directory."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise IngestError("damaged_docx", "The Word file is damaged and cannot be opened: save it again.") from None
    if len(infos) > limits.max_members:
        raise IngestError(
            "docx_bounds",
            f"The Word file holds {len(infos):,} parts; a document has far fewer (limit {limits.max_members:,}). "
            "It was not opened.",
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed:
        raise IngestError(
            "docx_bounds",
            f"The Word file would unpack to {total:,} bytes (limit {limits.max_uncompressed:,}). It was not opened.",
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise IngestError(
                "docx_bounds",
                f"A part of the Word file ({info.filename}) inflates {info.file_size // max(info.compress_size, 1):,}-fold: "
                "it is a ZIP bomb, not a document. It was not opened.",
            )


def docx_text(data: bytes, limits: DocxLimits = DocxLimits()) -> Extracted:
    check_docx_bounds(data, limits)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError, SyntaxError):
        raise IngestError("damaged_docx", "The Word file is damaged and cannot be opened: save it again.") from None
    lines: list[str] = []
    tables = numbered = 0
    numbering = _WordNumbering(document)
    for block in _docx_blocks(document.element.body):
        if block.tag == _W + "tbl":
            tables += 1
            if lines and lines[-1] != "":
                lines.append("")
            lines.extend(_docx_table_rows(block))
            lines.append("")
        else:
            # Tabs at a paragraph's edges are indentation, not column separators.
            text = _docx_paragraph_text(block).strip("\t")
            number = numbering.label(block)
            if number:
                numbered += 1
                text = number + ("" if not number[-1].isalnum() or not text else " ") + text
            lines.append(text)
            lines.append("")
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise IngestError("empty", "The Word file has no text in it.")
    report = [{"action": "extract_docx", "count": tables, "examples": [f"{tables} tables as rows"]}] if tables else []
    if numbered:
        report.append({
            "action": "render_docx_numbering", "count": numbered,
            "examples": [f"{numbered} paragraphs numbered by Word's automatic numbering, written out"],
        })
    return Extracted("docx", decode.Decoded(text, "utf-8", False), report=report)


class _WordNumbering:
    """Word's automatic numbering (numbering.xml) as Word shows it: a counter per list and
    level, formatted by the level's numFmt into its lvlText ("%1、", "(%2)", "%1.%2"); a level
    counting up restarts the levels below it. A paragraph's list comes from its own numPr or
    its style's."""

    def __init__(self, document):
        self.definitions = {}  # numId -> {ilvl: (start, numFmt, lvlText, isLgl)}
        self.counters = {}  # numId -> {ilvl: current value}
        self.styles = {}
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering = None
        if numbering is not None:
            abstracts = {a.get(_W + "abstractNumId"): a for a in numbering.iterchildren(_W + "abstractNum")}
            for num in numbering.iterchildren(_W + "num"):
                ref = num.find(_W + "abstractNumId")
                abstract = abstracts.get(ref.get(_W + "val")) if ref is not None else None
                if abstract is not None:
                    self.definitions[num.get(_W + "numId")] = self._levels(abstract, num)
        for style in document.styles.element.iterchildren(_W + "style"):
            self.styles[style.get(_W + "styleId")] = style

    @staticmethod
    def _levels(abstract, num):
        levels = {}
        for lvl in abstract.iterchildren(_W + "lvl"):
            ilvl = int(lvl.get(_W + "ilvl", "0"))
            levels[ilvl] = (
                int(_val(lvl, "start", "1")), _val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", ""),
                lvl.find(_W + "isLgl") is not None,
            )
        for override in num.iterchildren(_W + "lvlOverride"):
            ilvl = int(override.get(_W + "ilvl", "0"))
            if ilvl in levels and override.find(_W + "startOverride") is not None:
                start = int(_val(override, "startOverride", "1"))
                levels[ilvl] = (start, *levels[ilvl][1:])
        return levels

    def _num_pr(self, p):
        """(numId, ilvl) of the paragraph, from its numPr or its style's (basedOn followed)."""
        ppr = p.find(_W + "pPr")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        style_id = _val(ppr, "pStyle", None) if ppr is not None else None
        seen = set()
        while num_pr is None and style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            style_ppr = style.find(_W + "pPr")
            num_pr = style_ppr.find(_W + "numPr") if style_ppr is not None else None
            style_id = _val(style, "basedOn", None)
        if num_pr is None:
            return None
        return _val(num_pr, "numId", None), int(_val(num_pr, "ilvl", "0") or 0)

    def label(self, p) -> str:
        """The number Word shows before this paragraph, counting it; "" when none."""
        found = self._num_pr(p)
        if not found or found[0] in (None, "0") or found[0] not in self.definitions:
            return ""
        num_id, ilvl = found
        levels = self.definitions[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        start, fmt, text, legal = levels[ilvl]
        if fmt in ("bullet", "none") and "%" not in text:
            return "" if fmt == "bullet" else text

        def value(match):
            level = int(match.group(1)) - 1
            if level not in levels:
                return ""
            n = counters.get(level, levels[level][0])
            return _format_number(n, "decimal" if legal and level != ilvl else levels[level][1])

        return re.sub(r"%([1-9])", value, text)


def _val(el, child, default):
    found = el.find(_W + child)
    return found.get(_W + "val", default) if found is not None else default


_CHINESE_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _chinese(n: int, digits=_CHINESE_DIGITS, ten="十") -> str:
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if not tens:
        return digits[ones]
    return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, numeral in zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"),
    ):
        count, n = divmod(n, value)
        out += numeral * count
    return out


def _format_number(n: int, fmt: str) -> str:
    """One counter in a Word numFmt; formats not listed here are written as decimals."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _LEGAL_DIGITS, "拾")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 0 < n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n).upper() if fmt == "upperLetter" else _letters(n)
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return str(n)


def _docx_blocks(body):
    """Paragraphs and tables of the body in order, looking inside content controls."""
    for child in body.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _docx_blocks(content)


def _docx_paragraph_text(p) -> str:
    """A paragraph's visible text: runs, tabs and breaks, inside hyperlinks and fields too;
    deleted revisions are left out, as Word shows them."""
    parts = []
    for el in p.iter():
        tag = el.tag
        if tag == _W + "t" and not _inside(el, _W + "del"):
            parts.append(el.text or "")
        elif tag == _W + "tab" and el.getparent().tag == _W + "r":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _inside(el, tag) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _docx_table_rows(tbl) -> list[str]:
    rows = []
    for tr in tbl.iterchildren(_W + "tr"):
        cells = []
        for tc in tr.iterchildren(_W + "tc"):
            props = tc.find(_W + "tcPr")
            merge = props.find(_W + "vMerge") if props is not None else None
            if merge is not None and merge.get(_W + "val", "continue") == "continue":
                cells.append("")  # the lower part of a cell merged downwards: its text is above
                continue
            lines = [line for p in tc.iter(_W + "p") for line in _docx_paragraph_text(p).split("\n")]
            text = join_lines(_SPACES.sub(" ", line) for line in lines)
            cells.append(text.replace("|", "¦").replace("｜", "¦"))
        if any(cells):
            rows.append("| " + " | ".join(cells) + " |")
    return rows
