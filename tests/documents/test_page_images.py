"""The page images of a document read by OCR, beside the text read from them: the reader's
block, the image address (a PNG drawn from the stored file, cached) and its 404s. One small
page image is read by OCR for the whole module."""
import io

import pytest
from PIL import Image

from documents.ingest.pipeline import parse_bytes
from documents.loader import ingest_bytes, store_parsed
from tests.conftest import sample_bytes

from .ingest import ocr_fixtures as f

SENTENCE = "本年度共收到政府信息公开申请，全部按期答复。"


@pytest.fixture(scope="module")
def scan():
    """A one-page scan as an uploaded PNG, parsed once (OCR is slow)."""
    f.require_font()
    image = f.pages([("p", "上海市杨浦区人民政府2022年政府信息公开工作年度报告"), ("p", "  " + SENTENCE)], height=360)[0]
    data = f.png(image)
    return data, parse_bytes(data)


@pytest.fixture
def scanned_document(db, scan):
    _, parsed = scan
    outcome = store_parsed(parsed, filename="scan.png")
    assert outcome.status == "created", outcome.message
    return outcome.document


@pytest.fixture
def text_document(db):
    return ingest_bytes(sample_bytes("shanghai-changning-2019-work-plan"), filename="plan.txt").document


pytestmark = [pytest.mark.django_db, pytest.mark.ocr]


def test_the_page_image_of_a_document_read_by_ocr_is_a_bounded_png(client, scanned_document):
    response = client.get(f"/d/{scanned_document.slug}/pages/1.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and max(image.size) <= 1400


def test_a_page_image_is_drawn_once_and_then_served_from_the_cache(client, scanned_document, monkeypatch):
    from documents.ingest.formats import scanned

    first = client.get(f"/d/{scanned_document.slug}/pages/1.png").content
    monkeypatch.setattr(scanned, "page_png", lambda *a, **k: pytest.fail("the page was drawn again"))
    assert client.get(f"/d/{scanned_document.slug}/pages/1.png").content == first


def test_a_page_ocr_did_not_read_and_a_document_with_text_have_no_page_image(client, scanned_document, text_document):
    assert client.get(f"/d/{scanned_document.slug}/pages/2.png").status_code == 404
    assert client.get(f"/d/{scanned_document.slug}/pages/0.png").status_code == 404
    assert client.get(f"/d/{text_document.slug}/pages/1.png").status_code == 404


def test_the_reader_shows_each_page_image_beside_its_text_with_its_confidence(client, scanned_document):
    page = client.get(scanned_document.get_absolute_url()).content.decode()
    assert f'src="/d/{scanned_document.slug}/pages/1.png"' in page
    block = page[page.index('id="page-1"'):]
    assert SENTENCE in block.replace(" ", "")
    confidence = scanned_document.ocr["pages"][0]["confidence"]
    assert f"识别置信度 {confidence:.2f}" in block
    assert "1 / 1 页已读取" in page


def test_a_document_with_text_of_its_own_shows_no_page_images(client, text_document):
    page = client.get(text_document.get_absolute_url()).content.decode()
    assert 'id="pages"' not in page and "/pages/1.png" not in page


def test_the_document_json_lists_the_pages_read_by_ocr_with_their_image_addresses(client, scanned_document, text_document):
    data = client.get(f"/d/{scanned_document.slug}.json").json()
    assert data["ocr"]["pages_total"] == 1
    assert data["ocr"]["pages"][0]["image"].endswith(f"/d/{scanned_document.slug}/pages/1.png")
    assert client.get(f"/d/{text_document.slug}.json").json()["ocr"] is None
