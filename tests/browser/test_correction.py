"""A clerk uploads a correction of a stored report through the admin, confirming that it replaces
the current version; every public page a researcher counts from then shows one version."""
import re

import pytest

from documents.loader import ingest_bytes
from documents.models import Document, Section
from tests.conftest import sample_bytes, sample_text

from .test_upload import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "shanghai-2023-annual-report"
PHRASE = "政府信息公开审查制度"  # a phrase of the report, searched in 简体 (the file is 繁體)


def hits_count(page):
    return int(re.match(r"\d+", page.locator("p.count").inner_text()).group())


def test_a_confirmed_correction_leaves_one_version_in_search_facets_topics_home_and_the_explorer(
    live_server, page, django_user_model, tmp_path
):
    ingest_bytes(sample_bytes(NAME), filename=f"{NAME}.txt")
    ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"), filename="shanghai-yangpu-2021-work-plan.txt")
    first = Document.objects.get(filename=f"{NAME}.txt")
    corrected = tmp_path / f"{NAME}-corrected.txt"
    corrected.write_text(sample_text(NAME).rstrip("\n") + "\n附：更正说明。\n", encoding="utf-8")

    log_in(page, live_server, django_user_model)
    page.goto(live_server.url + "/admin/documents/document/upload/")
    page.set_input_files("input[type=file]", str(corrected))
    page.get_by_role("button", name="上传并解析").click()
    held = page.locator(".held-file")
    held.wait_for()
    # Nothing is stored before the clerk confirms, and the page says what would be replaced.
    assert "保存后将替换当前的第 1 版" in held.inner_text()
    assert Document.objects.count() == 2
    page.get_by_label("确认替换第 1 版（保存为第 2 版）").check()
    page.get_by_role("button", name="确认并保存").click()
    page.locator(".result-created").wait_for()
    assert "取代了第 1 版" in page.locator(".result-created").inner_text()
    second = Document.objects.get(filename=corrected.name)
    assert second.supersedes_id == first.pk and second.version == 2

    # Search: the phrase is found in the current version only, and the facets count it once.
    page.goto(live_server.url + f"/search/?q={PHRASE}")
    page.locator("article.hit").first.wait_for()
    hrefs = page.locator("article.hit h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hits_count(page) == len(hrefs)
    assert not [h for h in hrefs if h.startswith(f"/d/{first.slug}/")]
    of_report = [h for h in hrefs if h.startswith(f"/d/{second.slug}/")]
    assert of_report
    facet = page.locator("[data-facet=publisher] li", has_text=second.publisher.name)
    assert facet.locator(".count").inner_text() == str(len(of_report))

    # Topics: a topic of the report lists its sections once.
    topic = next(t for s in Section.objects.filter(document=second) for t in s.topics)
    page.goto(live_server.url + "/topics/")
    page.get_by_role("link", name=topic).first.click()
    page.wait_for_url(re.compile(r"/topics/[\w-]+/"))
    body = page.locator("main").inner_html()
    assert f"/d/{first.slug}/" not in body and f"/d/{second.slug}/" in body

    # Home: the section count and the coverage grid count the report once.
    page.goto(live_server.url + "/")
    sections = Section.objects.filter(document__superseded_by__isnull=True).count()
    assert f"{sections} 个章节" in page.locator(".stats-line").inner_text().replace("\n", " ")
    grid = page.locator("section.coverage")
    assert grid.locator(f"a[href='/d/{second.slug}/']").count() == 1
    assert grid.locator(f"a[href='/d/{first.slug}/']").count() == 0

    # The metrics explorer: one row for the publisher, from the current version.
    page.goto(live_server.url + f"/metrics/?key=requests.new.total&publisher={second.publisher.slug}")
    table = page.locator("table.explorer-table")
    table.wait_for()
    assert table.locator("tbody tr").count() == 1
    assert table.locator(f"a[href*='/d/{first.slug}/']").count() == 0
