import pytest

from documents.loader import ingest_bytes
from tests.conftest import sample_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_comparison_opened_from_a_document_swapped_and_shared_opens_the_same_for_a_colleague(live_server, page, new_context):
    for name in ["shanghai-sheitc-2020-work-plan", "shanghai-yangpu-2020-annual-report", "shanghai-yangpu-2021-work-plan"]:
        ingest_bytes(sample_bytes(name))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    # From the SHEITC plan's page, compare with another publisher's document of 2020.
    page.goto(live_server.url + "/d/shanghai-jingxinwei-2020-work-plan/")
    page.locator("#compare a[href*='/compare/']", has_text="杨浦").first.click()
    page.wait_for_url("**/compare/shanghai-jingxinwei-2020-work-plan/shanghai-yangpu-2020-annual-report/")

    # Swap side A for Yangpu's 2021 plan with the picker.
    page.get_by_label("Document A").select_option("shanghai-yangpu-2021-work-plan")
    page.get_by_role("button", name="对比 Compare").click()
    page.wait_for_url("**/compare/shanghai-yangpu-2021-work-plan/shanghai-yangpu-2020-annual-report/")
    assert "2021年杨浦区政务公开工作要点" in page.title()
    headings = page.locator(".pair .cell.a a").all_inner_texts()
    assert headings

    page.get_by_role("button", name="复制链接 Copy link").click()
    page.get_by_text("已复制 Copied").wait_for()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.endswith("/compare/shanghai-yangpu-2021-work-plan/shanghai-yangpu-2020-annual-report/")

    colleague = new_context().new_page()
    colleague.goto(link)
    assert colleague.title() == page.title()
    assert colleague.locator(".pair .cell.a a").all_inner_texts() == headings
