"""The samples re-shaped as PDF extractors, OCR converters and crawlers deliver them.

Each function takes a sample's name and returns the bytes of one shape of it, made at test
time from `format_fixtures.blocks` (the sample's paragraphs, and the 2023 report's statistics
as rows of cells), so every shape carries exactly the sample's words and figures:

* pdftotext_plain: `pdftotext` without -layout. Lines wrapped at the right margin (CJK wraps
  anywhere), no blank line between paragraphs, headings spaced out (`一、总 体 情 况`), a page
  number line (`- 3 -`, `第 3 页 共 9 页`) and a form feed at each page end, table cells one a
  line, long label cells wrapped inside their cell.
* pdftotext_layout: `pdftotext -layout`. Paragraphs indented, lines wrapped at the margin,
  table rows on one line with their columns lined up by runs of spaces, page numbers centred.
* ocr_markdown: a converter's markdown. `#` headings, paragraphs between blank lines, tables
  as `|` rows under a made-up header (rows padded with `-` to the widest) (`| Column1 | Column2 |`) and a `|---|` rule, a level-1
  heading glued to the table under it, a word broken at a page end; with misread=True, look-alike characters misread in the prose
  (巿 for 市).
* tab_rows: statistics as tab-separated rows whose first cell is a numbered label.
* bar_cells: a crawler's flattened table: one cell a line ending in `|`, spacer rows `| |||`.
"""
import re
import unicodedata

from .format_fixtures import blocks

_LEVEL1 = re.compile(r"^\s*[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^\s*[(（][一二三四五六七八九十]+[)）]")
_NUMBER = re.compile(r"^[+\-]?\d[\d,.]*(?:\s*[(（].*[)）])?$", re.S)

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}\)")
WIDTH = 76      # display columns of a full line: 38 Chinese characters
PAGE_LINES = 40


def width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text, first_width=WIDTH, rest_width=WIDTH):
    """Cut `text` into lines no wider than the margin, as a PDF's text is set."""
    lines, line, limit = [], "", first_width
    for char in text:
        if width(line + char) > limit:
            lines.append(line)
            line, limit = "", rest_width
        line += char
    if line:
        lines.append(line)
    return lines


def _spaced(heading):
    """`一、总体情况` as a PDF with letter-spaced headings extracts it: `一、总 体 情 况`."""
    m = re.match(r"^(\s*[一二三四五六七八九十]+、)(.*)$", heading)
    if not m or len(m.group(2)) > 8:
        return heading
    return m.group(1) + " ".join(m.group(2))


def _pages(lines, footer, header=None):
    """Lines cut into pages, each ended by its footer line and a form feed; from the second
    page on, each begun by the running header."""
    out = []
    for n, start in enumerate(range(0, len(lines), PAGE_LINES), 1):
        if header and n > 1:
            out.append(header)
        out += lines[start:start + PAGE_LINES]
        out.append(footer(n))
        out.append("\f")
    return "\n".join(out).replace("\n\f\n", "\n\f")


def pdftotext_plain(name, footer=lambda n: f"- {n} -", label_last=False, by_column=False):
    """With label_last=True each table row's label comes after its figures, as pdftotext
    reads a label cell whose text sits lower than the figures beside it. The title, set
    large, wraps after 14 characters."""
    lines = []
    for n, (kind, content) in enumerate(blocks(name)):
        if kind == "p":
            text = content.strip()
            if n == 0:
                lines += wrap(text, 28, 28)
                continue
            if _LEVEL1.match(text):
                lines.append(_spaced(text))
                continue
            lines += wrap(text)
            continue
        if by_column:  # the labels of a run of rows of figures, then their figures column by column
            content = _by_column(content)
        for row in content:
            if label_last and any(_NUMBER.match(c) for c in row):
                row = [c for c in row if _NUMBER.match(c)] + [c for c in row if not _NUMBER.match(c)]
            for cell in row:
                for part in cell.splitlines():
                    lines += wrap(part, 24, 24)  # a narrow cell wraps its label
    return _pages(lines, footer, "政府信息公开工作年度报告").encode()


def pdftotext_layout(name):
    lines = []
    for kind, content in blocks(name):
        if kind == "p":
            text = content.strip()
            if (_LEVEL1.match(text) or _LEVEL2.match(text)) and width(text) <= WIDTH - 4:
                lines.append("    " + text)
                continue
            wrapped = wrap(text, WIDTH - 4)
            lines.append("    " + wrapped[0])
            lines += wrapped[1:]
            continue
        for row in content:
            labels = [c.replace("\n", "") for c in row if not _NUMBER.match(c)]
            figures = [c.replace("\n", "") for c in row if _NUMBER.match(c)]
            if not figures:  # a header row: its cells in their columns
                lines.append("  ".join(labels))
                continue
            # label columns apart, as the page sets them; without the crawled sample's pinyin
            # (a PDF has none, and a reading cut by the wrap could not be told from text)
            label = _PINYIN.sub("", "  ".join(labels))
            parts = wrap(label, 40, 40) or [""]
            cells = "".join("  " + f.rjust(8) for f in figures)
            lines.append(parts[0] + " " * (42 - width(parts[0])) + cells)
            lines += parts[1:]
    return _pages(lines, lambda n: " " * 36 + f"第 {n} 页").encode()


# Characters OCR reads as their look-alikes (巿 for 市, 己 for 已, 曰 for 日), in the prose.
_MISREAD = str.maketrans({"市": "巿", "已": "己", "日": "曰"})


def ocr_markdown(name, misread=False, html=False):
    out = []
    parts = blocks(name)
    for i, (kind, content) in enumerate(parts):
        if kind == "p":
            text = content.strip()
            if i == 0:
                out.append(f"# {text}")
            elif _LEVEL1.match(text):
                out.append(f"## {text}")
            elif _LEVEL2.match(text) and len(text) <= 30:
                # converters mark a sub-heading as a heading, or set it in bold
                out.append(f"### {text}" if len(out) % 2 else f"**{text}**")
            else:
                out.append(text.translate(_MISREAD) if misread else text)
            continue
        if html:  # as some converters write tables: HTML on one line, a cell's lines split by <br>
            out.append("<table>" + "".join(
                "<tr>" + "".join("<td>" + c.replace("\n", "<br>").replace("&", "&amp;") + "</td>" for c in row) + "</tr>"
                for row in content) + "</table>")
            continue
        columns = max(len(row) for row in content)
        rows = [
            "| " + " | ".join(f"Column{k}" for k in range(1, columns + 1)) + " |",
            "|" + "---|" * columns,
        ]
        for row in content:
            cells = [c.replace("\n", "") for c in row] + ["-"] * (columns - len(row))
            rows.append("| " + " | ".join(cells) + " |")
        if out and out[-1].startswith("## "):
            out[-1] += rows.pop(0)  # the converter glued the heading to the table's first row
        out.append("\n".join(rows))
    text = "\n\n".join(out)
    # A page end inside a long paragraph: the converter cut it mid-word.
    long = next(p for p in out if len(p) > 120 and not p.startswith(("#", "|")))
    cut = len(long) // 2
    text = text.replace(long, long[:cut] + "\n\n" + long[cut:], 1)
    return (text + "\n").encode()


def tab_rows(name):
    out = []
    for kind, content in blocks(name):
        if kind == "p":
            out.append(content)
            continue
        for row in content:
            out.append("\t".join(c.replace("\n", "") for c in row))
    return ("\n".join(out) + "\n").encode()


def bar_cells(name):
    out = []
    for kind, content in blocks(name):
        if kind == "p":
            out.append(content)
            continue
        for row in content:
            cells = [c.replace("\n", "") + "|" for c in row]
            out += cells[:1] + ["| |||"] + cells[1:]  # a spacer between a label and its figures
    return ("\n".join(out) + "\n").encode()


def pdf_by_position(name, font_size=10.5, pad=4):
    """The sample as a PDF drawn as government PDFs are: its title large, centred and wrapped;
    its statistics a grid, each
    row's label wrapped in a narrow first column, its figures centred vertically against the
    label, and everything drawn column by column, the labels last, so that the order of the
    drawing says nothing and only the positions on the page tell which figure is whose."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    import io

    from .format_fixtures import PDF_FONT

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    page_width, height = A4
    margin, leading = 60, font_size * 1.6
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    state = {"y": height - margin, "page": 1}

    def new_page():
        pdf.setFont(PDF_FONT, 9)
        pdf.drawCentredString(page_width / 2, 30, f"- {state['page']} -")
        pdf.drawString(margin, height - 30, "政府信息公开工作年度报告")  # a running header
        pdf.showPage()
        state["page"] += 1
        state["y"] = height - margin

    def fit(text, limit):
        lines, line = [], ""
        for char in text:
            if pdfmetrics.stringWidth(line + char, PDF_FONT, font_size) > limit:
                lines.append(line)
                line = ""
            line += char
        return lines + ([line] if line else [])

    label_width, figure_width = 150, 48  # pad: points of space above and below a cell's text
    grid = []  # (label lines, figures, top y) of the rows laid out, drawn together

    def flush():
        _draw_grid(pdf, grid, margin, label_width, figure_width, leading, font_size)
        grid.clear()

    def room(lines):
        if state["y"] - lines * leading < margin:
            flush()
            new_page()

    for n, (kind, content) in enumerate(blocks(name)):
        if n == 0:  # the title, set large and centred, wraps
            title_size = 18
            for text in wrap(content.strip(), 28, 28):
                pdf.setFont(PDF_FONT, title_size)
                pdf.drawCentredString(page_width / 2, state["y"], text)
                state["y"] -= title_size * 1.5
            state["y"] -= leading
            continue
        if kind == "p":
            for text in fit(content.strip(), page_width - 2 * margin):
                room(1)
                pdf.setFont(PDF_FONT, font_size)
                pdf.drawString(margin, state["y"], text)
                state["y"] -= leading
            state["y"] -= leading * 0.5
            continue
        for row in content:
            labels = [c.replace("\n", "") for c in row if not _NUMBER.match(c)]
            figures = [c.replace("\n", "") for c in row if _NUMBER.match(c)]
            if not figures and len(row) == 19:  # table 四's header, drawn across its 15 columns
                flush()
                cells = [c.replace("\n", "") for c in row]
                step = (page_width - 2 * margin) / 15
                lines = [[(0, cells[0]), (5, cells[1])], [(5, cells[7]), (10, cells[8])],
                         list(enumerate(cells[2:7] + cells[9:14] + cells[14:19]))]
                for n, cells_at in enumerate(lines):
                    room(1)
                    size = font_size if n < 2 else 6
                    pdf.setFont(PDF_FONT, size)
                    for column, cell in cells_at:
                        pdf.drawString(margin + step * column + 2, state["y"], cell)
                    state["y"] -= leading
                continue
            if not figures or any(len(f) > 8 for f in figures):
                flush()
                for cell in row:  # header rows and long notes: one cell a line, as the text has them
                    for text in fit(cell.replace("\n", ""), page_width - 2 * margin):
                        room(1)
                        pdf.setFont(PDF_FONT, font_size)
                        pdf.drawString(margin, state["y"], text)
                        state["y"] -= leading
                continue
            if not labels:  # table 四's one row of 15 figures, under its header: the page's width
                flush()
                room(1)
                pdf.setFont(PDF_FONT, font_size)
                step = (page_width - 2 * margin) / len(figures)
                for n, figure in enumerate(figures):
                    pdf.drawRightString(margin + step * (n + 1), state["y"], figure)
                state["y"] -= leading
                continue
            if len(labels) > 1:  # a group's label (三、本年度办理结果, (三)不予公开) spans its row
                flush()
                room(1)
                pdf.setFont(PDF_FONT, font_size)
                pdf.drawString(margin, state["y"], labels[0])
                state["y"] -= leading
                labels = labels[1:]
            lines = fit("".join(labels), label_width) or [""]
            room(len(lines) + 1)
            state["y"] -= pad  # cells are padded above and below their text
            grid.append((lines, figures, state["y"]))
            state["y"] -= leading * len(lines) + pad
        flush()
        state["y"] -= leading * 0.5
    new_page()
    pdf.save()
    return out.getvalue()


def _draw_grid(pdf, grid, margin, label_width, figure_width, leading, font_size):
    from .format_fixtures import PDF_FONT

    pdf.setFont(PDF_FONT, font_size)
    columns = max((len(figures) for _, figures, _ in grid), default=0)
    for column in range(columns):  # figures first, column by column
        for lines, figures, top in grid:
            if column < len(figures):
                middle = top - leading * (len(lines) - 1) / 2
                pdf.drawRightString(margin + label_width + figure_width * (column + 1), middle, figures[column])
    for lines, _, top in grid:  # the labels last
        for n, text in enumerate(lines):
            pdf.drawString(margin, top - leading * n, text)
    for lines, figures, top in grid:  # the cell borders
        bottom = top - leading * len(lines) + leading * 0.7
        pdf.line(margin - 2, top + leading * 0.7, margin + label_width + figure_width * columns + 2, top + leading * 0.7)
        pdf.line(margin - 2, bottom, margin + label_width + figure_width * columns + 2, bottom)


def pdftotext_labels_last(name):
    """pdftotext text in which each table row's label comes after its figures."""
    return pdftotext_plain(name, label_last=True)


def _by_column(rows):
    """Rows of seven figures read as pdftotext reads some grids: the run's labels first, then
    the figures column by column."""
    out, run = [], []

    def flush():
        if run:
            out.append([c for row in run for c in row if not _NUMBER.match(c)])
            figures = [[c for c in row if _NUMBER.match(c)] for row in run]
            out.append([column[n] for n in range(7) for column in figures])
            run.clear()

    for row in rows:
        if sum(1 for c in row if _NUMBER.match(c)) == 7:
            run.append(row)
        else:
            flush()
            out.append(row)
    flush()
    return out


def html_table_markdown(name):
    """A converter's markdown whose tables are HTML tables, one a line."""
    return ocr_markdown(name, html=True)


def pdftotext_rows(name):
    """pdftotext text whose table rows come one a line, cells apart by single spaces, a
    group's label (三、本年度办理结果) on a line of its own above its first row."""
    lines = []
    for n, (kind, content) in enumerate(blocks(name)):
        if kind == "p":
            text = content.strip()
            lines += [_spaced(text)] if _LEVEL1.match(text) else wrap(text)
            continue
        for row in content:
            cells = [_PINYIN.sub("", c.replace("\n", "")) for c in row]  # a PDF has no crawled pinyin
            figures = [c for c in cells if _NUMBER.match(c)]
            labels = [c for c in cells if not _NUMBER.match(c)]
            if figures and len(labels) > 1:
                lines.append(labels[0])
                labels = labels[1:]
            lines.append(" ".join(labels + figures))
    return _pages(lines, lambda n: f"- {n} -").encode()
