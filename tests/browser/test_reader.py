import pytest

from documents.loader import ingest_bytes
from tests.conftest import sample_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_opens_a_document_and_downloads_its_original(live_server, page):
    data = sample_bytes("shanghai-yangpu-2021-work-plan")
    ingest_bytes(data, filename="shanghai-yangpu-2021-work-plan.txt")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="2021年杨浦区政务公开工作要点").click()
    assert page.locator("h1").inner_text() == "2021年杨浦区政务公开工作要点"
    assert page.get_by_text("杨府办〔2021〕10号").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载原始文件").click()
    path = download.value.path()
    assert open(path, "rb").read() == data
