"""A reader's way through the portal in Chromium: list, document, table of contents, original
text, raw file; and the same pages on a phone."""
import pytest

from documents.loader import ingest_bytes
from tests.conftest import sample_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan():
    data = sample_bytes("shanghai-yangpu-2021-work-plan")
    document = ingest_bytes(data, filename="shanghai-yangpu-2021-work-plan.txt").document
    ingest_bytes(sample_bytes("shanghai-changning-2019-work-plan"))
    return document, data


def only_local_requests(page, base):
    outside = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(base) else None)
    return outside


def at_top(page, selector):
    """Whether the element is scrolled to the top of the window (waiting for the scroll)."""
    page.wait_for_function(
        "s => { const top = document.querySelector(s).getBoundingClientRect().top; return top > -5 && top < 100; }",
        arg=selector, timeout=5000,
    )
    return True


def test_a_reader_follows_the_contents_switches_to_the_original_and_downloads_the_file(live_server, page, plan):
    document, data = plan
    outside = only_local_requests(page, live_server.url)
    page.goto(live_server.url + "/documents/")
    page.get_by_role("link", name="2021年杨浦区政务公开工作要点").click()
    assert page.locator("h1").inner_text() == "2021年杨浦区政务公开工作要点"

    toc = page.locator("nav.toc")
    toc.get_by_role("link", name="(二)抓好日常回应关切和政民互动").click()
    assert page.url.endswith("#s-6")
    target = page.locator("#s-6")
    assert target.locator("h2").inner_text().startswith("(二)抓好日常回应关切和政民互动")
    assert at_top(page, "#s-6")

    page.get_by_role("link", name="原文及清洗标记").click()
    assert page.url == f"{live_server.url}/d/{document.slug}/original/"
    rejoined = page.locator('del[data-action="rejoin_breaks"]')
    assert rejoined.count() == 10 and rejoined.first.is_visible()
    assert page.locator("pre.original-text").inner_text().startswith("\n\n上海市杨浦区人民政府办公室")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载原始文件").click()
    assert open(download.value.path(), "rb").read() == data
    assert download.value.suggested_filename == "shanghai-yangpu-2021-work-plan.txt"
    assert outside == []


def test_a_nested_number_anchor_opens_its_section(live_server, page, plan):
    document, _ = plan
    page.goto(f"{live_server.url}/d/{document.slug}/#s-2-2")
    assert at_top(page, "#s-2-2")
    assert page.locator("#s-6 h2").inner_text().startswith("(二)抓好日常回应关切")


def test_on_a_phone_the_text_comes_first_and_nothing_is_wider_than_the_screen(live_server, new_context, plan):
    document, _ = plan
    context = new_context()
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    outside = only_local_requests(page, live_server.url)
    for path in ["/", "/documents/", "/p/shanghai-yangpu/", f"/d/{document.slug}/", f"/d/{document.slug}/original/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    page.goto(f"{live_server.url}/d/{document.slug}/")
    assert page.locator("nav.toc details").evaluate("d => d.open") is False
    page.locator("nav.toc summary").click()
    page.locator("nav.toc").get_by_role("link", name="(一)规范政务信息管理").click()
    assert page.url.endswith("#s-1")
    assert outside == []
