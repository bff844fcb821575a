"""The body of a Word file, and the ZIP bounds checked before it is opened (documents/ingest/formats/docx.py)."""
import io
import zipfile

import pytest

from documents.ingest import formats
from documents.ingest.errors import IngestError
from documents.ingest.formats.docx import DocxLimits, _format_number

from ..format_fixtures import docx_of


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
    out = io.BytesIO(docx_of(["政务公开"]))
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
    data = docx_of(["政务公开"], extra_members=[(f"customXml/extra{i}.xml", "<a/>") for i in range(10)])
    with pytest.raises(IngestError, match=what) as refused:
        formats.extract(data, docx_limits=limits)
    assert refused.value.code == "docx_bounds"


def test_a_damaged_docx_is_refused_in_words():
    data = bytearray(docx_of(["政务公开"]))
    broken = bytes(data[:200]) + bytes(len(data) - 200)
    with pytest.raises(IngestError) as refused:
        formats.extract(broken)
    assert refused.value.code in {"damaged_docx", "unsupported_type"}


def test_word_number_formats_are_written_as_word_shows_them():
    shown = [_format_number(n, fmt) for n, fmt in [
        (1, "chineseCounting"), (10, "chineseCounting"), (12, "chineseCounting"), (20, "chineseCountingThousand"),
        (3, "decimalEnclosedCircle"), (12, "decimalFullWidth"), (4, "upperRoman"), (27, "lowerLetter"),
        (2, "chineseLegalSimplified"), (7, "decimal"),
    ]]
    assert shown == ["一", "十", "十二", "二十", "③", "１２", "IV", "aa", "贰", "7"]
