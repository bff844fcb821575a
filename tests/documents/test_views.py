import hashlib

import pytest

from documents.loader import ingest_bytes
from tests.conftest import sample_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def yangpu_2020():
    data = sample_bytes("shanghai-yangpu-2020-annual-report").decode().encode("big5")
    return ingest_bytes(data, filename="杨浦2020.txt").document, data


def test_the_home_page_lists_stored_documents(client, yangpu_2020):
    response = client.get("/")
    assert response.status_code == 200
    assert "2020年上海市杨浦区人民政府信息公开工作年度报告" in response.content.decode()


def test_the_document_page_shows_simplified_sections_and_the_cleaning_report(client, yangpu_2020):
    document, _ = yangpu_2020
    page = client.get(document.get_absolute_url()).content.decode()
    assert "聚焦疫情防控做好信息公开" in page
    assert "去除混入的乱码" in page and "删除重复的段落" in page
    assert "remove_noise" not in page   # the code stays in the data


def test_the_raw_file_downloads_byte_for_byte_as_an_attachment(client, yangpu_2020):
    document, data = yangpu_2020
    response = client.get(f"/d/{document.slug}/raw")
    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-SHA256"] == hashlib.sha256(data).hexdigest()


def test_an_unknown_document_is_a_404(client):
    assert client.get("/d/no-such-document/").status_code == 404


def test_the_document_page_shows_the_standard_tables_as_tables_and_the_checks(client):
    document = ingest_bytes(sample_bytes("shanghai-2023-annual-report")).document
    page = client.get(document.get_absolute_url()).content.decode()
    assert '<table class="stats">' in page
    assert "<td>11337464</td>" in page
    assert "<th scope=\"row\">一、本年新收政府信息公开申请数量</th>" in page
    assert "本年新收 + 上年结转 = 办理结果总计 + 结转下年度：34290 + 2235 = 34430 + 2095 = 36525" in page
    assert "requests.balance.total" not in page and '<li class="fail">' not in page


def test_the_document_page_lists_a_plans_tasks_with_their_lead_units(client):
    document = ingest_bytes(sample_bytes("shanghai-changning-2019-work-plan")).document
    page = client.get(document.get_absolute_url()).content.decode()
    assert "<td>区府办、区司法局</td>" in page
