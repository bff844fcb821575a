"""The five samples as an HTML page, a PDF and a DOCX, made from their text files at test time.

Made with packages the project installs (selectolax reads, reportlab and python-docx write),
so CI makes exactly the same files. Each keeps the sample's text line for line (a line is a
paragraph) and adds what real files of the kind carry:
* HTML: a site header with navigation, a breadcrumb, a sidebar of links, a date line and a
  footer; the 2023 report's statistics as real <table>s (header cells with colspan, a cell
  with a line break in it);
* PDF: A4 pages in reportlab's built-in CJK font (STSong-Light, no font file needed), lines
  wrapped at the margin, paragraphs cut by page ends, page numbers at the foot;
* DOCX: one paragraph a line, the 2023 statistics as Word tables (short rows merged across),
  the site name in the page header and page numbers in the footer (outside the body).
"""
import io
import re
import zipfile
from functools import lru_cache

from tests.conftest import sample_text

# -- the sample as blocks ---------------------------------------------------------------------

_NUMBER = re.compile(r"^[+\-]?\d[\d,.]*(?:\s*[(（].*[)）])?$")
_NOTE = re.compile(r"^[(（].*[)）]$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+\.)")


def blocks(name):
    """[("p", line) | ("table", rows)] in order: every non-blank line a paragraph, except the
    flattened statistics (a run of unindented cells between indented paragraphs, in the 2023
    report) which become tables."""
    text = sample_text(name)
    if name != "shanghai-2023-annual-report":
        return [("p", line) for line in text.splitlines() if line.strip()]
    out, cells, region = [], [], False
    for chunk in re.split(r"\n[ \t]*\n", text):
        if not chunk.strip():
            continue
        first = chunk.splitlines()[0]
        if "存在的主要問題" in first:
            region = False
        elif "主動公開政府信息情況" in first:
            region = True
        in_table = region and not first[:1].isspace()
        if in_table:
            cells.append(chunk.strip())
            continue
        if cells:
            out.append(("table", table_rows(cells)))
            cells = []
        out.extend(("p", line) for line in chunk.splitlines() if line.strip())
    if cells:
        out.append(("table", table_rows(cells)))
    return out


def table_rows(cells):
    """Flattened cells back into rows: a text cell after a figure starts a row, so does the
    first numbered label after header cells; 第二十條 is a row alone and 信息內容 (written
    信息內(nèi)容 in the sample) starts one;
    a run of more than seven figures (table 四) is a row of its own under its header cells."""
    merged = []
    for cell in cells:
        if _NOTE.match(cell) and not _NUMBERED.match(cell) and merged and _NUMBER.match(merged[-1].splitlines()[0]):
            merged[-1] += "\n" + cell  # the note under a figure is in its cell
        else:
            merged.append(cell)
    rows, row = [], []
    previous, previous_number = None, False
    for cell in merged:
        number = bool(_NUMBER.match(cell.splitlines()[0]))
        starts = (
            previous is None
            or "第二十條" in cell
            or (previous is not None and "第二十條" in previous)
            or cell.startswith("信息內")
            or (not number and previous_number)
            or (not number and _NUMBERED.match(cell) and not _NUMBERED.match(previous) and not previous_number)
        )
        if starts and row:
            rows.append(row)
            row = []
        row.append(cell)
        previous, previous_number = cell, number
    if row:
        rows.append(row)
    out = []
    for row in rows:
        figures = [c for c in row if _NUMBER.match(c.splitlines()[0])]
        labels = [c for c in row if not _NUMBER.match(c.splitlines()[0])]
        if len(figures) > 7 and labels:
            out += [labels, figures]
        elif row[0].startswith("信息內") and figures:
            out += [labels[:-1], labels[-1:] + figures]
        else:
            out.append(row)
    return out


def title(name):
    return next(line for kind, line in blocks(name) if kind == "p").strip()


# -- HTML -------------------------------------------------------------------------------------

_SITE_TOP = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>{title} - 上海市人民政府</title>
<style>body{{font-family:sans-serif}} .nav a{{margin:0 1em}}</style>
<script>window.dataLayer = [{{"page": "article"}}]; function share() {{ return "分享到微信"; }}</script>
</head><body>
<div class="header"><img src="/logo.png" alt="上海市人民政府"><div class="search"><form><input name="q" placeholder="搜索"><button>搜索</button></form></div></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hd/">互动</a></li><li><a href="/fw/">服务</a></li><li><a href="/sh/">走进上海</a></li></ul>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ndbg/">年度报告</a></div>
<div class="main">
<div class="left"><h3>相关栏目</h3><ul><li><a href="/a">政府信息公开指南</a></li><li><a href="/b">政府信息公开制度</a></li><li><a href="/c">法定主动公开内容</a></li><li><a href="/d">政府信息公开年报</a></li></ul></div>
<div class="article">
<h1>{title}</h1>
<div class="info">发布日期：2024-03-29　来源：市政府办公厅　<span class="print">【打印】</span></div>
<div class="article-content">
"""
_SITE_BOTTOM = """</div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>
</div></div>
<div class="footer"><p>主办：上海市人民政府办公厅　承办：上海市大数据中心</p><p>版权所有：上海市人民政府办公厅　沪ICP备12345678号</p>
<p><a href="/lx">联系我们</a> | <a href="/dt">网站地图</a> | <a href="/sm">网站声明</a></p></div>
<script src="/js/stat.js"></script>
</body></html>
"""


def _esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_cell(cell, header):
    tag = "th" if header else "td"
    span = ""
    if cell.startswith(("申請人情況", "行政復議", "行政訴訟", "法人或其他組織")):
        span = ' colspan="5"' if cell.startswith(("行政復議", "法人或其他組織")) else ' colspan="7"'
    return f"<{tag}{span}>" + "<br>".join(_esc(part) for part in cell.splitlines()) + f"</{tag}>"


@lru_cache(maxsize=None)
def html_page(name, charset="utf-8"):
    body = []
    parts = blocks(name)
    for kind, content in parts[1:]:  # the first line is the title, in the page's <h1>
        if kind == "p":
            body.append(f"<p>{_esc(content)}</p>")
        else:
            rows = []
            for row in content:
                header = not any(_NUMBER.match(c.splitlines()[0]) for c in row)
                rows.append("<tr>" + "".join(_html_cell(c, header) for c in row) + "</tr>")
            body.append('<table border="1" cellspacing="0">\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>")
    page = _SITE_TOP.format(title=_esc(title(name)), charset=charset) + "\n".join(body) + "\n" + _SITE_BOTTOM
    # Pages that declare GB2312 are written in its superset (GBK/GB18030) in practice.
    return page.encode({"gb2312": "gb18030"}.get(charset, charset))


# -- PDF --------------------------------------------------------------------------------------

PDF_FONT = "STSong-Light"


@lru_cache(maxsize=None)
def pdf_file(name, font_size=11):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    width, height = A4
    margin, leading = 72, font_size * 1.5
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(title(name))
    page = [1]
    y = [height - margin]

    def new_page():
        pdf.setFont(PDF_FONT, 9)
        pdf.drawCentredString(width / 2, 36, f"- {page[0]} -")
        pdf.showPage()
        page[0] += 1
        y[0] = height - margin

    def line(text, x):
        if y[0] < margin:
            new_page()
        pdf.setFont(PDF_FONT, font_size)
        pdf.drawString(x, y[0], text)
        y[0] -= leading

    for kind, content in blocks(name):
        lines = [content] if kind == "p" else [cell for row in content for cell in row]
        for paragraph in lines:
            for text in paragraph.splitlines():
                indent = font_size * 2 if text[:1].isspace() else 0
                text = text.strip()
                limit = width - 2 * margin - indent
                while text:  # wrap at the margin, character by character (CJK has no spaces)
                    n = len(text)
                    while pdfmetrics.stringWidth(text[:n], PDF_FONT, font_size) > limit:
                        n -= 1
                    line(text[:n], margin + indent)
                    text = text[n:]
                    indent = 0
                    limit = width - 2 * margin
            y[0] -= leading * 0.6  # paragraph spacing
    new_page()
    pdf.save()
    return out.getvalue()


# -- DOCX -------------------------------------------------------------------------------------


# The numbering styles of the samples' headings, as levels of one Word list: (pattern of the
# written number, numFmt, lvlText).
WORD_LEVELS = [
    (r"([一二三四五六七八九十]+)、", "chineseCounting", "%1、"),
    (r"\(([一二三四五六七八九十]+)\)", "chineseCounting", "(%2)"),
    (r"（([一二三四五六七八九十]+)）", "chineseCounting", "（%3）"),
    (r"(\d+)\.", "decimal", "%4."),
    (r"(\d+)、", "decimal", "%5、"),
]
CHINESE = dict((c, i) for i, c in enumerate("一二三四五六七八九十", 1))


def _chinese_value(written):
    if written.isdigit():
        return int(written)
    if len(written) == 1:
        return CHINESE[written]
    tens, _, ones = written.partition("十")
    return (CHINESE.get(tens, 1) if tens else 1) * 10 + (CHINESE[ones] if ones else 0)


def _add_word_list(document):
    """One multilevel list with WORD_LEVELS in the document's numbering part; its numId."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:suff w:val="nothing"/></w:lvl>'
        for i, (_, fmt, text) in enumerate(WORD_LEVELS)
    )
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _numbered(document, num_id, counters, line):
    """Add `line` as a paragraph numbered by the list when Word would show the number it is
    written with (the counters say what Word would show next); else as written."""
    import re

    from docx.oxml import parse_xml

    for level, (pattern, _, _) in enumerate(WORD_LEVELS):
        match = re.match(pattern, line.lstrip())
        if not match:
            continue
        if counters.get(level, 0) + 1 != _chinese_value(match.group(1)):
            break
        counters[level] = counters.get(level, 0) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        paragraph = document.add_paragraph(line.lstrip()[match.end():])
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
        )
        return
    document.add_paragraph(line)


@lru_cache(maxsize=None)
def docx_file(name, numbering=False):
    """The sample as a Word file; with numbering=True its headings' numbers come from Word's
    automatic numbering instead of the text (wherever Word would show the same number)."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "上海市人民政府 政府信息公开"
    section.footer.paragraphs[0].text = "第 1 页"
    num_id = _add_word_list(document) if numbering else None
    counters = {}
    for kind, content in blocks(name):
        if kind == "p":
            if num_id:
                _numbered(document, num_id, counters, content)
            else:
                document.add_paragraph(content)
            continue
        columns = max(len(row) for row in content)
        table = document.add_table(rows=len(content), cols=columns)
        table.style = "Table Grid"
        for row, cells in zip(table.rows, content):
            targets = list(row.cells)
            if len(cells) < columns:  # a short row: its last cell spans the rest
                targets[len(cells) - 1].merge(targets[columns - 1])
            for target, cell in zip(row.cells, cells):
                target.text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_of(paragraphs=(), table=None, extra_members=()):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(t.rows, table):
            for cell, text in zip(row.cells, cells):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    if not extra_members:
        return out.getvalue()
    with zipfile.ZipFile(out, "a") as z:
        for name, data in extra_members:
            z.writestr(name, data)
    return out.getvalue()


def pdf_of(pages, font_size=11):
    """Pages of lines drawn top down in reportlab's CJK font; None is a blank line."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for number, lines in enumerate(pages, 1):
        y = 770
        for line in lines:
            if line is not None:
                pdf.setFont("STSong-Light", font_size)
                pdf.drawString(72, y, line)
            y -= font_size * 1.5
        pdf.setFont("STSong-Light", 9)
        pdf.drawCentredString(297, 30, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def ruled_pdf(pages, font_size=10):
    """Pages drawn as a word processor draws a report's tables: each page a list of blocks, a
    block a line of text (str) or a ruled table (dict: `rows`, lists of cells; `widths` in
    points; None in a cell: covered by the cell above, merged with it; `top_rule` and
    `bottom_rule` False for a table the page end cut; `missing_rules`: the rows above which no
    rule is drawn). A cell's text wraps inside its width,
    a character at a time, and is centred in its row; a page number sits at the foot."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    leading, pad = font_size * 1.4, 3

    def wrapped(text, width):
        lines, rest = [], text
        while rest:
            n = len(rest)
            while n > 1 and pdfmetrics.stringWidth(rest[:n], PDF_FONT, font_size) > width - 2 * pad:
                n -= 1
            lines.append(rest[:n])
            rest = rest[n:]
        return lines

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for number, blocks in enumerate(pages, 1):
        y = 780
        for block in blocks:
            pdf.setFont(PDF_FONT, font_size)
            if isinstance(block, str):
                pdf.drawString(72, y - font_size, block)
                y -= leading * 1.5
                continue
            widths, rows = block["widths"], block["rows"]
            xs = [72]
            for w in widths:
                xs.append(xs[-1] + w)
            heights = [max([len(wrapped(c, w)) for c, w in zip(row, widths) if c] + [1]) * leading + 2 * pad
                       for row in rows]
            tops = [y]
            for h in heights:
                tops.append(tops[-1] - h)
            for k, row in enumerate(rows):
                for col, cell in enumerate(row):
                    if cell is None:
                        continue
                    span = 1  # rows below covered by this cell
                    while k + span < len(rows) and rows[k + span][col] is None:
                        span += 1
                    top, bottom = tops[k], tops[k + span]
                    lines = wrapped(cell, widths[col])
                    first = (top + bottom) / 2 + len(lines) * leading / 2 - font_size
                    for n, text in enumerate(lines):
                        pdf.drawCentredString((xs[col] + xs[col + 1]) / 2, first - n * leading, text)
            pdf.setLineWidth(0.5)
            for x in xs:
                pdf.line(x, tops[0], x, tops[-1])
            for k, top in enumerate(tops):
                if ((k == 0 and not block.get("top_rule", True)) or (k == len(rows) and not block.get("bottom_rule", True))
                        or k in block.get("missing_rules", ())):
                    continue
                for col in range(len(widths)):
                    if k < len(rows) and rows[k][col] is None:
                        continue  # inside a merged cell
                    pdf.line(xs[col], top, xs[col + 1], top)
            y = tops[-1] - leading
        pdf.setFont(PDF_FONT, 9)
        pdf.drawCentredString(297, 30, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return out.getvalue()
