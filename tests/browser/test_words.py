"""A reader's checks folded into one line that opens, and the explorer's metric picked by Chinese
names, in a real browser at desktop and phone widths."""
import re

import pytest

from documents.loader import ingest_bytes
from tests.conftest import sample_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_passing_checks_open_from_one_line_and_read_as_sentences(live_server, browser, width):
    document = ingest_bytes(sample_bytes("shanghai-2023-annual-report")).document
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/d/{document.slug}/#checks")
        summary = page.locator("details.checks-passing > summary")
        summary.wait_for()
        assert summary.inner_text() == "53 项核对全部通过"
        first = page.locator("details.checks-passing li").first
        assert not first.is_visible()
        summary.click()
        first.wait_for(state="visible")
        assert first.inner_text() == ("本年新收 + 上年结转 = 办理结果总计 + 结转下年度（自然人）："
                                      "32419 + 2082 = 32507 + 1994 = 34501 √")
        # a sentence wraps inside the phone's width rather than widening the page
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_a_metric_chosen_from_the_list_by_its_name_goes_straight_to_its_key(live_server, page):
    ingest_bytes(sample_bytes("shanghai-2023-annual-report"))
    page.goto(live_server.url + "/metrics/")
    box = page.get_by_label("指标", exact=True)
    box.wait_for()
    assert box.input_value() == "本年新收政府信息公开申请数量 · 总计"
    box.fill("行政复议 · 结果纠正")   # a name of the list, as choosing it does
    with page.expect_navigation():
        page.get_by_role("button", name="显示").click()
    assert re.search(r"[?&]key=review\.corrected(&|$)", page.url) and "metric=" not in page.url
    assert page.locator("section.definition h2").inner_text().startswith("行政复议 · 结果纠正")
    assert "77" in page.locator("table.explorer-table").inner_text()


def test_words_matching_several_metrics_offer_them_and_one_is_chosen(live_server, page):
    ingest_bytes(sample_bytes("shanghai-2023-annual-report"))
    page.goto(live_server.url + "/metrics/")
    page.get_by_label("指标", exact=True).fill("不予公开 国家秘密")
    page.get_by_role("button", name="显示").click()
    page.get_by_role("link", name="不予公开 › 属于国家秘密 · 总计").click()
    page.locator("svg.chart").wait_for()
    assert "key=outcome.withheld.state_secret.total" in page.url
    assert "40" in page.locator("table.explorer-table").inner_text()
