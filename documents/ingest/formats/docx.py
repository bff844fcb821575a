"""The body of a Word .docx file, through python-docx: see the package's docstring."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .. import decode
from ..errors import IngestError
from .extracted import SPACES, Extracted, join_lines


@dataclass(frozen=True)
class DocxLimits:
    max_members: int = 1000
    max_uncompressed: int = 200 * 1024 * 1024
    # XML compresses about 10:1; a member inflating a thousandfold is a bomb, not a document.
    max_ratio: int = 200


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
    return Extracted("docx", decode.Decoded(text, "utf-8", False), report=report, exact_rows=True)


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
            text = join_lines(SPACES.sub(" ", line) for line in lines)
            cells.append(text.replace("|", "¦").replace("｜", "¦"))
        if any(cells):
            rows.append("| " + " | ".join(cells) + " |")
    return rows
