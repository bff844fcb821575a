import io
import re
import zipfile
from collections import Counter

import pytest

from documents.ingest import formats
from documents.ingest.formats import sniffing
from documents.ingest.formats.docx import DocxLimits, _format_number
from documents.ingest.formats.extracted import join_lines
from documents.ingest.errors import IngestError
from documents.ingest.pipeline import parse_bytes
from tests.conftest import SAMPLE_NAMES, sample_bytes

from .format_fixtures import docx_file, html_page, pdf_file

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def _docx(paragraphs=(), table=None, extra_members=()):
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


def _pdf(pages, font_size=11):
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


# -- type by content ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "data, kind",
    [
        ("一、总体情况\n本区政务公开。".encode("gb18030"), "text"),
        ("<!DOCTYPE html><html><body><p>政务公开</p></body></html>".encode(), "html"),
        ("\ufeff<html><body><p>政务公开</p></body></html>".encode("utf-16-le"), "html"),
        (b"  <!-- saved page -->\n<HTML><BODY>x</BODY></HTML>", "html"),
        (b"%PDF-1.4\n%...", "pdf"),
    ],
)
def test_the_type_is_decided_by_the_bytes(data, kind):
    assert sniffing.sniff(data) == kind


def test_a_word_file_is_recognized_whatever_its_name():
    assert sniffing.sniff(_docx(["政务公开"])) == "docx"


@pytest.mark.parametrize(
    "data, named",
    [
        (PNG, "a PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "a JPEG image"),
        (b"GIF89a" + bytes(64), "a GIF image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Office file"),
        ("{\\rtf1\\ansi 政务公开}".encode("gb18030"), "an RTF file"),
        (b"\x1f\x8b\x08" + bytes(64), "a gzip archive"),
    ],
)
def test_other_types_are_refused_naming_what_they_are_and_what_is_accepted(data, named):
    with pytest.raises(IngestError) as refused:
        formats.extract(data)
    assert refused.value.code == "unsupported_type"
    assert named in refused.value.message
    assert sniffing.ACCEPTED in refused.value.message


def test_a_zip_that_is_not_a_word_file_is_refused_as_what_it_is():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IngestError, match="Excel workbook") as refused:
        formats.extract(out.getvalue())
    assert refused.value.code == "unsupported_type"


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\xef\xbb\xbf"])
def test_empty_input_is_refused_as_empty(data):
    with pytest.raises(IngestError) as refused:
        formats.extract(data)
    assert refused.value.code == "empty"


def test_a_file_over_the_limit_is_refused_before_its_type_is_looked_at():
    with pytest.raises(IngestError) as refused:
        formats.extract(PNG, max_bytes=10)
    assert refused.value.code == "too_large"


def test_text_goes_to_the_decode_stage_with_its_encoding():
    extracted = formats.extract("一、總體情況\n本區政務公開工作穩步推進。".encode("big5"))
    assert (extracted.format, extracted.decoded.encoding) == ("text", "big5")


# -- HTML ---------------------------------------------------------------------------------------

PAGE = """<html><head><title>站点</title><script>var nav = "首页";</script><style>p{}</style></head>
<body>
<div id="top-nav"><a href="/">首页</a><a href="/a">政务公开</a><a href="/b">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/a">政务公开</a></div>
<div class="wrap">
  <div class="list"><a href="/1">相关文章一</a><br><a href="/2">相关文章二</a><br><a href="/3">相关文章三</a></div>
  <div class="article">
    <h1>2021年某区政务公开工作要点</h1>
    <div class="content">
      <p>一、总体要求</p><p style="display:none">隐藏的文字</p>
      <p>2021年，本区&nbsp;认真贯彻<b>《条例》</b>，<br>依法做好政府信息公开工作。</p>
      <table><tr><th>事项</th><th>数量</th></tr><tr><td>主动公开<br>信息</td><td>1,200</td></tr><tr><td>a|b</td><td></td></tr></table>
      <p>二、保障措施</p>
    </div>
  </div>
</div>
<footer>版权所有 某区人民政府 沪ICP备123号</footer>
</body></html>"""


def test_html_keeps_the_main_content_and_drops_the_page_chrome():
    text = formats.extract(PAGE.encode()).decoded.text
    assert text.startswith("2021年某区政务公开工作要点")
    for chrome in ("首页", "当前位置", "相关文章", "版权所有", "var nav", "隐藏的文字", "站点"):
        assert chrome not in text
    assert "2021年，本区\u00a0认真贯彻《条例》，\n依法做好政府信息公开工作。" in text
    assert text.index("一、总体要求") < text.index("| 事项") < text.index("二、保障措施")


def test_html_tables_become_rows_of_bar_separated_cells():
    lines = formats.extract(PAGE.encode()).decoded.text.splitlines()
    rows = [line for line in lines if line.startswith("|")]
    # A line break inside a cell is joined as Chinese is; a | in a cell would split it.
    assert rows == ["| 事项 | 数量 |", "| 主动公开信息 | 1,200 |", "| a¦b |  |"]


def test_a_layout_table_is_read_as_blocks_not_as_a_data_table():
    page = "<html><body><table><tr><td><table><tr><td>一、总体情况</td><td>5</td></tr></table></td></tr>" \
           "<tr><td><p>本区认真贯彻《条例》。</p></td></tr></table></body></html>"
    text = formats.extract(page.encode()).decoded.text
    assert "| 一、总体情况 | 5 |" in text
    assert "本区认真贯彻《条例》。" in text and "| 本区" not in text


def test_html_in_its_declared_charset_is_read_in_it():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           "<body><p>政务公开工作要点，本区认真贯彻落实。</p></body></html>"
    extracted = formats.extract(page.encode("gb18030"))
    assert extracted.decoded.encoding == "gb18030"
    assert "政务公开工作要点" in extracted.decoded.text


def test_a_wrong_charset_declaration_is_ignored_and_the_encoding_detected():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>政务公开工作要点，本区认真贯彻落实。</p></body></html>'
    extracted = formats.extract(page.encode("gb18030"))
    assert "政务公开工作要点" in extracted.decoded.text


def test_the_sites_name_in_a_logo_heading_is_not_taken_for_the_title():
    page = """<html><body><div class="header"><h1><a href="/"><img alt="logo">上海市杨浦区人民政府</a></h1>
    <ul class="nav"><li><a href="/">首页</a></li></ul></div>
    <div class="article"><h1>2021年杨浦区政务公开工作要点</h1><div class="content"><p>一、总体要求</p>
    <p>2021年，本区认真贯彻《条例》，依法做好政府信息公开工作，进一步提高政务公开质量。</p></div></div></body></html>"""
    text = formats.extract(page.encode()).decoded.text
    assert text.startswith("2021年杨浦区政务公开工作要点")
    assert "上海市杨浦区人民政府" not in text


def test_a_chrome_word_never_drops_the_block_holding_most_of_the_text():
    body = "".join(f"<p>第{i}条，本区认真贯彻《条例》，依法做好政府信息公开工作。</p>" for i in range(20))
    page = f'<html><body><div class="nav-content">{body}</div><div class="foot">版权所有</div></body></html>'
    text = formats.extract(page.encode()).decoded.text
    assert "第19条" in text and "版权所有" not in text


def test_what_html_extraction_dropped_is_reported():
    report = formats.extract(PAGE.encode()).report
    assert report[0]["action"] == "extract_html"
    assert any("当前位置" in e for e in report[0]["examples"])


def test_an_html_page_without_text_is_refused_as_empty():
    with pytest.raises(IngestError) as refused:
        formats.extract(b"<html><body><nav><a href='/'>x</a></nav><script>1</script></body></html>")
    assert refused.value.code == "empty"


@pytest.mark.parametrize(
    "lines, joined",
    [(["结果", "纠正"], "结果纠正"), (["605", "(包括自然失效)"], "605(包括自然失效)"), (["Open", "Data"], "Open Data"), (["", " a "], "a")],
)
def test_the_lines_of_a_cell_are_joined_as_chinese_is_written(lines, joined):
    assert join_lines(lines) == joined


# -- PDF ----------------------------------------------------------------------------------------

def test_pdf_lines_wrapped_at_the_margin_are_joined_and_page_numbers_dropped():
    long = "本区认真贯彻落实《中华人民共和国政府信息公开条例》，" * 3
    data = pdf_from_paragraph(long)
    extracted = formats.extract(data)
    assert extracted.format == "pdf"
    assert long in extracted.decoded.text.replace("\n", "")
    assert long in extracted.decoded.text  # on one line: wrapped, not ended
    assert "- 1 -" not in extracted.decoded.text
    assert {"action": "drop_page_numbers", "count": 1, "examples": ["- 1 -"]} in extracted.report


def pdf_from_paragraph(text):
    from reportlab.pdfbase import pdfmetrics

    _pdf([["x"]])  # registers the font
    lines, rest = [], text
    while rest:
        n = len(rest)
        while pdfmetrics.stringWidth(rest[:n], "STSong-Light", 11) > 451:
            n -= 1
        lines.append(rest[:n])
        rest = rest[n:]
    return _pdf([lines])


def test_a_sentence_cut_by_a_page_end_is_joined_by_the_cleaning_stage():
    first = ["2021年某区政务公开工作要点", None, "一、总体情况", "本区认真贯彻落实条例，依法做好政府信息公开工作，进一步提高"]
    second = ["政务公开质量和实效。", None, "二、保障措施", "加强组织领导。"]
    parsed = parse_bytes(_pdf([first, second]))
    assert "进一步提高政务公开质量和实效。" in parsed.clean_text
    assert any(step["action"] == "rejoin_breaks" for step in parsed.report)
    assert [s.heading for s in parsed.structure.sections] == ["总体情况", "保障措施"]


def test_a_figure_at_the_foot_of_a_page_is_not_taken_for_a_page_number():
    extracted = formats.extract(_pdf([["一、本年新收政府信息公开申请数量", None, "32419", None, "22"]]))
    assert extracted.decoded.text.split() == ["一、本年新收政府信息公开申请数量", "32419", "22"]


def test_cells_drawn_on_one_baseline_become_a_row():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 11)
    for x, cell in [(72, "行政许可"), (300, "11337464")]:
        pdf.drawString(x, 700, cell)
    pdf.save()
    assert formats.extract(out.getvalue()).decoded.text == "| 行政许可 | 11337464 |"


def test_a_pdf_without_a_text_layer_is_refused_in_words():
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.rect(100, 100, 200, 200, fill=1)  # a scan is a picture: no text to extract
    pdf.save()
    with pytest.raises(IngestError, match="no text layer") as refused:
        formats.extract(out.getvalue())
    assert refused.value.code == "no_text_layer"


def test_a_damaged_pdf_is_refused_in_words():
    with pytest.raises(IngestError) as refused:
        formats.extract(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    assert refused.value.code in {"damaged_pdf", "no_text_layer"}
    assert refused.value.message


# -- DOCX ---------------------------------------------------------------------------------------

def test_docx_paragraphs_and_tables_come_in_document_order():
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉 不是正文"
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "事项", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "主动公开", "1200"
    document.add_paragraph("\t二、保障措施")
    out = io.BytesIO()
    document.save(out)
    text = formats.extract(out.getvalue()).decoded.text
    assert text.split("\n") == ["一、总体情况", "", "| 事项 | 数量 |", "| 主动公开 | 1200 |", "", "二、保障措施"]


def test_a_docx_cell_merged_downwards_is_blank_below_its_first_row():
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "(三)不予公开"
    table.cell(0, 1).text, table.cell(1, 1).text = "40", "9"
    out = io.BytesIO()
    document.save(out)
    rows = [line for line in formats.extract(out.getvalue()).decoded.text.splitlines() if line]
    assert rows == ["| (三)不予公开 | 40 |", "|  | 9 |"]


def _bomb(size):
    """A Word file with a member of zeros: it inflates a thousandfold from almost nothing."""
    out = io.BytesIO(_docx(["政务公开"]))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("word/media/bomb.bin", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_docx_is_refused_before_anything_is_inflated(monkeypatch):
    import docx

    def never(*args, **kwargs):
        raise AssertionError("extraction started")

    data = _bomb(64 * 1024 * 1024)
    monkeypatch.setattr(docx, "Document", never)
    assert len(data) < 1024 * 1024
    with pytest.raises(IngestError, match="ZIP bomb") as refused:
        formats.extract(data)
    assert refused.value.code == "docx_bounds"


@pytest.mark.parametrize(
    "limits, what",
    [
        (DocxLimits(max_uncompressed=20_000), "would unpack to"),
        (DocxLimits(max_members=5), "parts"),
    ],
)
def test_a_docx_out_of_bounds_in_size_or_members_is_refused(limits, what):
    data = _docx(["政务公开"], extra_members=[(f"customXml/extra{i}.xml", "<a/>") for i in range(10)])
    with pytest.raises(IngestError, match=what) as refused:
        formats.extract(data, docx_limits=limits)
    assert refused.value.code == "docx_bounds"


def test_a_damaged_docx_is_refused_in_words():
    data = bytearray(_docx(["政务公开"]))
    broken = bytes(data[:200]) + bytes(len(data) - 200)
    with pytest.raises(IngestError) as refused:
        formats.extract(broken)
    assert refused.value.code in {"damaged_docx", "unsupported_type"}


# -- the samples in every format ------------------------------------------------------------------

def _sections(parsed):
    return [(s.number, s.heading, s.level, s.kind) for s in parsed.structure.sections]


def _numbers(parsed):
    return Counter((m.key, m.value, m.unit, m.source) for m in parsed.metrics)


def _checks(parsed):
    return sorted((c.name, c.passed) for c in parsed.checks)


def _metadata(parsed):
    m = parsed.metadata
    return (m.title, m.publisher, m.region, m.year, m.kind, m.doc_number)


@pytest.fixture(scope="module")
def text_versions():
    return {name: parse_bytes(sample_bytes(name)) for name in SAMPLE_NAMES}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("fmt, make", [("html", html_page), ("pdf", pdf_file), ("docx", docx_file)])
def test_each_sample_in_each_format_parses_to_the_sections_and_numbers_of_its_text(text_versions, name, fmt, make):
    """Sections, numbers, checks and metadata are the same as the text file's. Tolerances:
    HTML and DOCX carry the 2023 statistics as table rows, so the text of those table sections
    differs (one `|` row a line instead of one cell a line); in a PDF a page that ends exactly
    at a sentence's end cannot be told from a paragraph's end, so line breaks may differ, and
    nothing else."""
    text, other = text_versions[name], parse_bytes(make(name))
    assert other.source_format == fmt
    assert _sections(other) == _sections(text)
    assert _numbers(other) == _numbers(text)
    assert _checks(other) == _checks(text)
    assert _metadata(other) == _metadata(text)
    if fmt == "pdf":
        assert re.sub(r"\s", "", other.clean_text) == re.sub(r"\s", "", text.clean_text)
    else:
        tables = {i for i, s in enumerate(text.structure.sections) if any(t.section == i for t in text.tables)}
        for i, (a, b) in enumerate(zip(text.structure.sections, other.structure.sections)):
            if i not in tables:
                assert a.text == b.text, (a.number, a.heading)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_a_docx_numbered_by_words_automatic_numbering_parses_like_its_text(text_versions, name):
    data = docx_file(name, numbering=True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        numbered = z.read("word/document.xml").decode().count("<w:numPr>")
    headings = sum(1 for s in text_versions[name].structure.sections if s.number)
    assert numbered >= headings * 0.8  # the fixture really numbers (nearly) every heading
    parsed = parse_bytes(data)
    assert _sections(parsed) == _sections(text_versions[name])
    assert _numbers(parsed) == _numbers(text_versions[name])
    if numbered:
        assert any(r["action"] == "render_docx_numbering" and r["count"] == numbered for r in parsed.report)


def test_word_number_formats_are_written_as_word_shows_them():
    shown = [_format_number(n, fmt) for n, fmt in [
        (1, "chineseCounting"), (10, "chineseCounting"), (12, "chineseCounting"), (20, "chineseCountingThousand"),
        (3, "decimalEnclosedCircle"), (12, "decimalFullWidth"), (4, "upperRoman"), (27, "lowerLetter"),
        (2, "chineseLegalSimplified"), (7, "decimal"),
    ]]
    assert shown == ["一", "十", "十二", "二十", "③", "１２", "IV", "aa", "贰", "7"]


def test_the_2023_statistics_in_an_html_table_give_every_check_passing():
    parsed = parse_bytes(html_page("shanghai-2023-annual-report"))
    assert [t.name for t in parsed.tables] == ["proactive", "requests", "review_litigation"]
    assert all(not t.problems for t in parsed.tables)
    assert len(parsed.checks) > 40 and all(c.passed for c in parsed.checks)


def test_an_html_page_in_gb2312_parses_like_its_utf8_twin(text_versions):
    name = "shanghai-changning-2019-work-plan"
    parsed = parse_bytes(html_page(name, charset="gb2312"))
    assert parsed.decoded.encoding == "gb18030"
    assert _sections(parsed) == _sections(text_versions[name])


def test_nul_characters_an_extractor_leaves_are_dropped_and_listed_in_the_report():
    from documents.ingest import decode as decoding
    from documents.ingest.formats import _without_nul
    from documents.ingest.formats.extracted import Extracted

    extract_step = {"action": "extract_pdf", "count": 1, "examples": []}
    extracted = Extracted("pdf", decoding.Decoded("第一\x00页\x00", "", False), report=[extract_step])
    cleaned = _without_nul(extracted)
    assert cleaned.decoded.text == "第一页" and cleaned.format == "pdf"
    assert cleaned.report[-1] == {"action": "remove_nul", "count": 2, "examples": ["NUL (U+0000)"]}
    assert _without_nul(cleaned) is cleaned  # nothing to drop
