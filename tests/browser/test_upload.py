import os

import pytest

from documents.models import Document
from tests.conftest import SAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("GONGKAI_SCREENSHOTS")  # a folder: save what the clerk saw, to look at


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def log_in(page, live_server, django_user_model):
    django_user_model.objects.create_user("clerk", password="clerk-pw", is_staff=True, is_superuser=True)
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "clerk-pw")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def test_a_clerk_uploads_two_samples_and_an_image_then_the_same_sample_again(live_server, page, django_user_model, tmp_path):
    log_in(page, live_server, django_user_model)
    page.goto(live_server.url + "/admin/documents/document/")
    page.get_by_role("link", name="上传文件").click()
    image = tmp_path / "report.txt"
    image.write_bytes(b"GIF89a" + bytes(500))  # a GIF renamed .txt
    page.set_input_files(
        "input[type=file]",
        [str(SAMPLES / "shanghai-yangpu-2021-work-plan.txt"), str(SAMPLES / "shanghai-2023-annual-report.txt"), str(image)],
    )
    shot(page, "upload-form")
    page.get_by_role("button", name="上传并解析").click()
    page.wait_for_selector(".result-created")
    shot(page, "upload-results")

    assert page.locator(".result-created").count() == 2
    refusal = page.locator(".result-error")
    assert refusal.count() == 1
    assert "report.txt" in refusal.inner_text()
    assert "不接受这种文件" in refusal.inner_text() and "a GIF image" in refusal.inner_text()
    assert Document.objects.count() == 2

    # Each stored file has its page of what was understood.
    titles = []
    for i in range(2):
        page.locator(".result-created").nth(i).get_by_role("link", name="查看解析结果").click()
        assert page.locator("#outline li").count() > 5
        assert page.locator("#metadata").get_by_text("上海市").first.is_visible()
        titles.append(page.locator("#metadata tr").first.inner_text())
        shot(page, f"understood-{i}")
        page.go_back()
    assert any("2021年杨浦区政务公开工作要点" in t for t in titles)
    assert any("2023年上海市政府信息公开工作年度报告" in t for t in titles)

    # The same sample again: refused as a duplicate, with a link to the stored one.
    page.goto(live_server.url + "/admin/documents/document/upload/")
    page.set_input_files("input[type=file]", str(SAMPLES / "shanghai-yangpu-2021-work-plan.txt"))
    page.get_by_role("button", name="上传并解析").click()
    notice = page.locator(".duplicate-notice")
    notice.wait_for()
    shot(page, "upload-duplicate")
    assert "同一文件已经保存过" in notice.inner_text()
    notice.get_by_role("link", name="2021年杨浦区政务公开工作要点").click()
    assert "2021年杨浦区政务公开工作要点" in page.locator("#metadata").inner_text()
    assert Document.objects.count() == 2
