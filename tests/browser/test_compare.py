import os
from pathlib import Path

import pytest

from documents.loader import ingest_bytes
from tests.conftest import sample_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# Set to a folder to keep screenshots of the comparison page at desktop and phone widths.
SHOTS = os.environ.get("GONGKAI_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


def test_a_comparison_opened_from_a_document_swapped_and_shared_opens_the_same_for_a_colleague(live_server, page, new_context):
    for name in ["shanghai-sheitc-2020-work-plan", "shanghai-yangpu-2020-annual-report", "shanghai-yangpu-2021-work-plan"]:
        ingest_bytes(sample_bytes(name))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    # From the SHEITC plan's page, compare with another publisher's document of 2020.
    page.goto(live_server.url + "/d/shanghai-jingxinwei-2020-work-plan/")
    page.locator("#compare a[href*='/compare/']", has_text="杨浦").first.click()
    page.wait_for_url("**/compare/shanghai-jingxinwei-2020-work-plan/shanghai-yangpu-2020-annual-report/")

    # Swap side A for Yangpu's 2021 plan with the picker.
    page.get_by_label("文件 A").select_option("shanghai-yangpu-2021-work-plan")
    page.get_by_role("button", name="对比", exact=True).click()
    page.wait_for_url("**/compare/shanghai-yangpu-2021-work-plan/shanghai-yangpu-2020-annual-report/")
    assert "2021年杨浦区政务公开工作要点" in page.title()
    headings = page.locator(".rrow.kind-heading .rcell.a p.text").all_inner_texts()
    assert headings

    page.get_by_role("button", name="复制链接").click()
    page.get_by_text("已复制").wait_for()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.endswith("/compare/shanghai-yangpu-2021-work-plan/shanghai-yangpu-2020-annual-report/")

    colleague = new_context().new_page()
    colleague.goto(link)
    assert colleague.title() == page.title()
    assert colleague.locator(".rrow.kind-heading .rcell.a p.text").all_inner_texts() == headings


def _pingtan(name):
    # One publisher for both years, whatever each file's header names: year over year needs it.
    overrides = {"publisher": "平潭综合实验区管理委员会", "region": "福建省平潭综合实验区"}
    return ingest_bytes((ROOT / "tests/corpus/real" / f"{name}.txt").read_bytes(), overrides=overrides).document


def test_two_years_of_one_report_read_side_by_side_step_from_change_to_change(live_server, page):
    a, b = _pingtan("fujian-pingtan-2022-annual-report"), _pingtan("fujian-pingtan-2023-annual-report")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/compare/{a.slug}/{b.slug}/")
    page.locator(".reading .rrow").first.wait_for()
    assert "改动" in page.locator(".in-words").inner_text()
    # The same paragraph of both years faces itself, the changed words marked on each side.
    row = page.locator(".rrow.changed", has_text="做好规范性文件公开").first
    assert row.locator(".rcell.a del").count() and row.locator(".rcell.b ins").count()
    shot(page, "compare-1280")

    page.get_by_role("button", name="下一处改动").click()
    page.locator(".rrow.flash").wait_for()
    page.get_by_role("button", name="下一处改动").click()
    trail = page.locator('.reading-bar [data-trail="a"]')
    page.wait_for_function("document.querySelector('.reading-bar [data-trail=\"a\"]').textContent.length > 0")
    assert "总体情况" in trail.inner_text() or "方面" in trail.inner_text()
    shot(page, "compare-1280-scrolled")

    # The empty rows of the tables are hidden until asked for.
    empty = page.locator("table.side-by-side tr.empty").first
    assert not empty.is_visible()
    page.get_by_label("显示两边都为空或为 0 的行").check()
    empty.wait_for(state="visible")


def test_on_a_phone_the_stacked_sides_stay_labelled_a_and_b(live_server, page):
    a, b = _pingtan("fujian-pingtan-2022-annual-report"), _pingtan("fujian-pingtan-2023-annual-report")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/compare/{a.slug}/{b.slug}/")
    row = page.locator(".rrow.changed").first
    row.scroll_into_view_if_needed()
    tag_a, tag_b = row.locator(".rcell.a .side-tag"), row.locator(".rcell.b .side-tag")
    assert tag_a.inner_text() == "A" and tag_b.inner_text() == "B"
    assert tag_a.is_visible() and tag_b.is_visible()
    # Stacked: B's cell starts below A's.
    assert row.locator(".rcell.b").bounding_box()["y"] > row.locator(".rcell.a").bounding_box()["y"]
    shot(page, "compare-390")


def test_ticking_two_documents_in_the_list_opens_their_comparison(live_server, page):
    _pingtan("fujian-pingtan-2022-annual-report"), _pingtan("fujian-pingtan-2023-annual-report")
    page.goto(live_server.url + "/")
    page.locator("header.site nav").get_by_role("link", name="对比", exact=True).click()
    page.wait_for_url("**/compare/")
    page.get_by_role("link", name="报告 2022 ↔ 2023").click()
    page.wait_for_url("**/compare/*/*/")
    first = page.url
    page.goto(live_server.url + "/documents/")
    for box in page.locator("input[name=d]").all()[:2]:
        box.check()
    page.get_by_role("button", name="对比所选文件").click()
    page.wait_for_url("**/compare/*/*/")
    assert sorted(first.rstrip("/").split("/")[-2:]) == sorted(page.url.rstrip("/").split("/")[-2:])


def test_the_picker_offers_a_publishers_years_and_links_the_matrix_of_all_its_documents(live_server, page):
    overrides = {"publisher": "上海市杨浦区人民政府", "region": "上海市杨浦区"}
    text = sample_bytes("shanghai-yangpu-2020-annual-report").decode()
    for year in (2020, 2021, 2022):
        ingest_bytes(text.replace("2020年", f"{year}年").encode(), overrides={**overrides, "year": year})
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/compare/")
    row = page.locator("table.year-over-year tr", has_text="上海市杨浦区人民政府")
    assert row.get_by_role("link", name="报告 2020 ↔ 2021").is_visible()
    shot(page, "picker-1280")
    row.get_by_role("link", name="全部文件的指标矩阵").click()
    page.wait_for_url("**/compare/?d=*")
    assert page.locator("table").first.is_visible()
    shot(page, "matrix-1280")
