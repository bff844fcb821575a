import re

import pytest

from documents.loader import ingest_bytes
from tests.conftest import sample_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_traditional_search_lands_on_the_simplified_section(live_server, page):
    ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"), filename="shanghai-yangpu-2021-work-plan.txt")
    ingest_bytes(sample_bytes("shanghai-changning-2019-work-plan"), filename="shanghai-changning-2019-work-plan.txt")
    page.goto(live_server.url + "/")
    box = page.locator("header form.site-search input[name=q]")
    box.fill("財政資金 預算")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    first = page.locator("article.hit").first
    assert "细化深化财政资金领域信息公开" in first.locator("h2").inner_text()
    assert first.locator("mark", has_text="财政资金").count() >= 1
    first.locator("h2 a").click()
    page.wait_for_url(re.compile(r"/d/shanghai-yangpu-2021-work-plan/#s-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    section = page.locator(f"[id='{anchor}']")
    assert "财政资金" in section.inner_text()
    assert "細化" not in section.inner_text()
    assert page.evaluate("document.querySelector(':target').id") == anchor
    # The section is scrolled into view.
    box = section.bounding_box()
    assert box is not None and 0 <= box["y"] < 900


def test_a_facet_narrows_the_results_and_a_topic_link_opens_the_topic_page(live_server, page):
    ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"), filename="shanghai-yangpu-2021-work-plan.txt")
    ingest_bytes(sample_bytes("shanghai-changning-2019-work-plan"), filename="shanghai-changning-2019-work-plan.txt")
    page.goto(live_server.url + "/search/?q=公開")
    before = int(re.match(r"\d+", page.locator("p.count").inner_text()).group())
    page.locator("[data-facet=publisher] a", has_text="上海市长宁区人民政府").click()
    after = int(re.match(r"\d+", page.locator("p.count").inner_text()).group())
    assert 0 < after < before
    assert all("长宁区" in s for s in page.locator("article.hit .source").all_inner_texts())
    page.locator("article.hit .topics a", has_text="财政信息").first.click()
    assert page.locator("h1").inner_text() == "财政信息"
    assert page.url.endswith("/topics/fiscal/")
