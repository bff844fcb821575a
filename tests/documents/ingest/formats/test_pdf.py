"""The text layer of a PDF (documents/ingest/formats/pdf.py)."""
import io

import pytest

from documents.ingest import formats
from documents.ingest.errors import IngestError
from documents.ingest.pipeline import parse_bytes

from ..format_fixtures import pdf_of


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

    pdf_of([["x"]])  # registers the font
    lines, rest = [], text
    while rest:
        n = len(rest)
        while pdfmetrics.stringWidth(rest[:n], "STSong-Light", 11) > 451:
            n -= 1
        lines.append(rest[:n])
        rest = rest[n:]
    return pdf_of([lines])


def test_a_sentence_cut_by_a_page_end_is_joined_by_the_cleaning_stage():
    first = ["2021年某区政务公开工作要点", None, "一、总体情况", "本区认真贯彻落实条例，依法做好政府信息公开工作，进一步提高"]
    second = ["政务公开质量和实效。", None, "二、保障措施", "加强组织领导。"]
    parsed = parse_bytes(pdf_of([first, second]))
    assert "进一步提高政务公开质量和实效。" in parsed.clean_text
    assert any(step["action"] == "rejoin_breaks" for step in parsed.report)
    assert [s.heading for s in parsed.structure.sections] == ["总体情况", "保障措施"]


def test_a_figure_at_the_foot_of_a_page_is_not_taken_for_a_page_number():
    extracted = formats.extract(pdf_of([["一、本年新收政府信息公开申请数量", None, "32419", None, "22"]]))
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


def test_a_pdf_with_no_text_in_its_layer_nor_on_its_pages_is_refused_in_words():
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.rect(100, 100, 200, 200, fill=1)  # a picture: no text layer, and nothing for OCR to read
    pdf.save()
    with pytest.raises(IngestError, match="no text layer, and OCR found no text") as refused:
        formats.extract(out.getvalue())
    assert refused.value.code == "no_text_found"


def test_a_damaged_pdf_is_refused_in_words():
    with pytest.raises(IngestError) as refused:
        formats.extract(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    assert refused.value.code in {"damaged_pdf", "no_text_layer", "no_text_found"}
    assert refused.value.message
