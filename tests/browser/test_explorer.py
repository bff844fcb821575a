import pytest

from documents.loader import ingest_bytes
from tests.documents.test_explorer import report_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_researcher_follows_a_number_across_three_publishers_and_shares_it(live_server, page, new_context):
    for place, year, factor in [("徐汇区", 2021, 2), ("徐汇区", 2022, 3), ("静安区", 2022, 5), ("闵行区", 2021, 7), ("长宁区", 2022, 11)]:
        ingest_bytes(report_for(place, year, factor).encode())
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    page.goto(live_server.url + "/metrics/")
    page.get_by_label("指标", exact=True).fill("行政复议 结果纠正")
    for name in ["上海市徐汇区人民政府", "上海市静安区人民政府", "上海市闵行区人民政府"]:
        page.get_by_label(name).check()
    page.get_by_role("button", name="显示").click()
    page.locator("svg.chart").wait_for()
    assert page.locator("section.definition h2").inner_text().startswith("行政复议 · 结果纠正")
    rows = page.locator("table.explorer-table tbody tr")
    assert rows.count() == 3
    assert "长宁" not in page.locator("table.explorer-table").inner_text()
    assert str(77 * 5) in page.locator("table.explorer-table").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    raw = open(download.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that Excel reads it as UTF-8
    content = raw.decode("utf-8-sig")
    assert content.startswith("publisher,") and f",{77 * 7}," in content

    page.get_by_role("button", name="复制链接").click()
    link = page.evaluate("navigator.clipboard.readText()")
    assert "key=review.corrected" in link

    colleague = new_context().new_page()
    colleague.goto(link)
    assert colleague.locator("table.explorer-table").inner_text() == page.locator("table.explorer-table").inner_text()
