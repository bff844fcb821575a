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
    page.wait_for_url(re.compile(r"/d/shanghai-yangpu-2021-work-plan/\?q=[^#]+#s-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    section = page.locator(f"[id='{anchor}']")
    assert "财政资金" in section.inner_text()
    assert section.locator("mark", has_text="财政资金").count() >= 1
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
    sources = page.locator("section.hit-group > .source").all_inner_texts()
    assert sources and all("长宁区" in s for s in sources)
    page.locator("article.hit .topics a", has_text="财政信息").first.click()
    assert page.locator("h1").inner_text() == "财政信息"
    assert page.url.endswith("/topics/fiscal/")


def test_hits_switch_between_documents_and_sections_and_open_keyword_in_context(live_server, page):
    ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"), filename="shanghai-yangpu-2021-work-plan.txt")
    ingest_bytes(sample_bytes("shanghai-changning-2019-work-plan"), filename="shanghai-changning-2019-work-plan.txt")
    page.goto(live_server.url + "/search/?q=公开 AND 预算")
    groups = page.locator("section.hit-group")
    groups.first.wait_for()
    assert groups.count() == 2
    assert re.search(r"共 \d+ 个段落匹配", groups.first.locator(".source").inner_text())
    page.locator("p.views a", has_text="按段落").click()
    page.wait_for_url(re.compile(r"group=section"))
    assert page.locator("section.hit-group").count() == 0 and page.locator("article.hit").count() > 2
    page.locator("p.views a", has_text="关键词上下文").click()
    page.wait_for_url(re.compile(r"view=kwic"))
    rows = page.locator("table.kwic tbody tr")
    rows.first.wait_for()
    assert rows.first.locator("td.match mark").inner_text() in ("公开", "预算")
    rows.first.locator("td.match a").click()
    page.wait_for_url(re.compile(r"/d/[\w-]+/\?q=[^#]+#s-\d+$"))
    assert page.locator(":target mark").count() >= 1
