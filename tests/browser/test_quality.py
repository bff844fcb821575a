import pytest

from tests.documents.test_crossyear import publisher, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_researcher_narrows_the_quality_view_to_a_year_and_follows_a_disagreement_to_both_reports(live_server, page):
    owner = publisher("甲区人民政府", "某省甲区")
    report(owner, 2022, {"requests.carried_forward.total": 3})
    report(owner, 2023, {"requests.carried_over.total": 1})
    report(publisher("乙县人民政府", "某省乙县"), 2022, {})

    page.goto(live_server.url + "/quality/")
    rows = page.locator("table.quality tbody tr")
    rows.first.wait_for()
    assert rows.count() == 3
    page.get_by_label("年份").select_option("2023")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**year=2023**")
    assert rows.count() == 1

    page.get_by_role("link", name="1 项不一致 / 1").click()
    page.wait_for_url("**#cross-year")
    section = page.locator("#cross-year")
    assert "2022年报告“结转下年度继续办理”3 件：不一致" in section.inner_text()
    section.get_by_role("link", name="查看2022年报告").click()
    page.wait_for_url("**#cross-year")
    assert "2023年报告“上年结转”（总计）1 件" in page.locator("#cross-year").inner_text()
