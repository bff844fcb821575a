"""A file's type from its bytes, and the types refused (documents/ingest/formats/sniffing.py)."""
import io
import zipfile

import pytest

from documents.ingest import formats
from documents.ingest.errors import IngestError
from documents.ingest.formats import sniffing

from ..format_fixtures import docx_of


PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.mark.parametrize(
    "data, kind",
    [
        ("一、总体情况\n本区政务公开。".encode("gb18030"), "text"),
        ("<!DOCTYPE html><html><body><p>政务公开</p></body></html>".encode(), "html"),
        ("\ufeff<html><body><p>政务公开</p></body></html>".encode("utf-16-le"), "html"),
        (b"  <!-- saved page -->\n<HTML><BODY>x</BODY></HTML>", "html"),
        (b"%PDF-1.4\n%...", "pdf"),
        (PNG, "image"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "image"),
        (b"II*\x00" + bytes(64), "image"),
        (b"MM\x00*" + bytes(64), "image"),
    ],
)
def test_the_type_is_decided_by_the_bytes(data, kind):
    assert sniffing.sniff(data) == kind


@pytest.mark.parametrize("text", ["[2021]年度报告\n一、总体情况", "{一}总体情况\n本区政务公开。", "[1, 2"])
def test_text_that_opens_with_a_bracket_is_still_a_document(text):
    assert sniffing.sniff(text.encode()) == "text"


def test_a_word_file_is_recognized_whatever_its_name():
    assert sniffing.sniff(docx_of(["政务公开"])) == "docx"


@pytest.mark.parametrize(
    "data, named",
    [
        (b"GIF89a" + bytes(64), "a GIF image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Office file"),
        ("{\\rtf1\\ansi 政务公开}".encode("gb18030"), "an RTF file"),
        (b"\x1f\x8b\x08" + bytes(64), "a gzip archive"),
        ('{"2021-report.txt": {"year": 2021, "publisher": "杨浦区"}}'.encode(), "JSON data"),
        ('\ufeff [\n  {"title": "政务公开"}\n]'.encode(), "JSON data"),
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
