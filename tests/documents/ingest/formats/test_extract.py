"""Every format through extract() and the whole pipeline: the samples as HTML, PDF and DOCX parse
as their text does (documents/ingest/formats/__init__.py)."""
import io
import re
import zipfile
from collections import Counter

import pytest

from documents.ingest.pipeline import parse_bytes
from tests.conftest import SAMPLE_NAMES, sample_bytes

from ..format_fixtures import docx_file, html_page, pdf_file


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
