"""A crawled page (header of fields, body on one line) is stored like any other document."""
import pytest

from documents.models import Document
from tests.conftest import run_json
from tests.documents.ingest.test_crawl import PAGE

pytestmark = pytest.mark.django_db


def test_a_crawled_page_is_stored_with_its_metadata_sections_and_warnings(tmp_path):
    path = tmp_path / "crawled.txt"
    path.write_text(PAGE, encoding="utf-8")
    status, lines = run_json("ingest", str(path))
    assert status == 0 and lines[0]["status"] == "created"
    doc = Document.objects.get()
    assert (doc.title, doc.year, doc.kind) == ("某某区2021年度政府信息公开工作年度报告", 2021, "annual_report")
    assert doc.issuer == "某某区人民政府办公室"
    top = list(doc.sections.filter(level=1).exclude(number="").values_list("heading", flat=True).order_by("order"))
    assert top[0] == "总体情况" and top[-1] == "其他需要报告的事项"
