"""Every page type on a 390 px phone and on a 1280 px desktop, in both languages: nothing wider
than the screen, wide tables scrolling in their own box with their row labels in view, search
filters folded, a small header; and a screenshot of each, for a reviewer to look at all at once.

Screenshots go to the folder named by GONGKAI_SCREENSHOTS, or to a temporary folder (its path
is printed); never into the repository. docs/screenshots.md says how to use them."""
import os
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from documents.models import Check, Metric
from tests.documents.corpus import ingest, variant, yangpu_and_changning

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = {"zh": "zh-hans", "en": "en"}


@pytest.fixture
def pages(django_user_model):
    plan, report, changning = yangpu_and_changning()
    other_report = ingest("shanghai-2023-annual-report")
    # A second year of the same publisher, so its key figures and the explorer draw a line;
    # it fails a check and received fewer applications, so the charts show their marks.
    earlier = variant("shanghai-2023-annual-report", 1, year=2022)
    Check.objects.create(document=earlier, name="example", passed=False, detail="1 ≠ 2", left=1, right=2, keys=[])
    Metric.objects.filter(document=earlier, key="requests.new.total").update(value=31200)
    key = "requests.new.total"
    django_user_model.objects.create_user("clerk", password="clerk-pw", is_staff=True, is_superuser=True)
    return {
        "home": "/",
        "documents": "/documents/",
        "reader": other_report.get_absolute_url(),
        "metric-value": reverse("documents:metric-value", args=[other_report.slug, key]),
        "publisher": other_report.publisher.get_absolute_url(),
        "search": "/search/?q=信息公开",
        "kwic": "/search/kwic/?q=信息公开",
        "compare-picker": "/compare/",
        "comparison": reverse("comparisons:two", args=[report.slug, other_report.slug]),
        "comparison-many": f"/compare/?d={report.slug}&d={other_report.slug}&d={changning.slug}",
        "metrics": f"/metrics/?key={key}",
        "quality": "/quality/",
        "data": "/data/",
        "login": "/admin/login/",
        "upload": "/admin/documents/document/upload/",
        "404": "/no/such/page/",
    }


def open_page(context, server, path, language):
    """A page in a context of the given language; the upload page after logging in."""
    context.add_cookies([{"name": "django_language", "value": LANGUAGES[language], "url": server}])
    page = context.new_page()
    if path.startswith("/admin/") and path != "/admin/login/":
        page.goto(f"{server}/admin/login/?next={path}")
        page.fill("#id_username", "clerk")
        page.fill("#id_password", "clerk-pw")
        page.click("input[type=submit]")
        page.wait_for_url(server + path)
    else:
        page.goto(server + path)
    page.wait_for_load_state("load")
    return page


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_page_is_wider_than_a_390_px_phone(live_server, browser, pages, language):
    context = browser.new_context(viewport=PHONE)
    too_wide = {}
    try:
        for name, path in pages.items():
            page = open_page(context, live_server.url, path, language)
            extra = overflow(page)
            if extra > 0:
                too_wide[name] = extra
            page.close()
    finally:
        context.close()
    assert too_wide == {}


def test_on_a_phone_wide_tables_scroll_in_their_own_box_with_the_row_labels_in_view(live_server, browser, pages):
    context = browser.new_context(viewport=PHONE)
    scrolled = []
    try:
        for name in ["reader", "publisher", "metrics", "quality", "comparison-many"]:
            page = open_page(context, live_server.url, pages[name], "zh")
            boxes = page.locator(".table-wrap")
            assert boxes.count() > 0, name
            wide = [boxes.nth(i) for i in range(boxes.count()) if boxes.nth(i).evaluate("b => b.scrollWidth > b.clientWidth + 1")]
            scrolled += [name] * len(wide)
            for box in wide:
                assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto", name
                label = box.locator("tbody tr").first.locator("th, td").first
                assert label.evaluate("c => getComputedStyle(c).position") == "sticky", name
                left = label.bounding_box()["x"]
                box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
                page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
                assert abs(label.bounding_box()["x"] - left) < 2, name
            # A statistics table's row labels keep about seven characters a line, not three.
            for th in page.locator("table.stats tbody th").all()[:5]:
                if len(th.inner_text()) > 6:
                    assert th.bounding_box()["width"] >= 100, name
            page.close()
    finally:
        context.close()
    # The national template's tables are wider than a phone: the reader has some to scroll.
    assert "reader" in scrolled


def test_on_a_phone_the_search_filters_fold_and_the_header_stays_small(live_server, browser, pages):
    context = browser.new_context(viewport=PHONE)
    try:
        page = open_page(context, live_server.url, pages["search"], "en")
        filters = page.locator("aside.facets details")
        page.wait_for_function("() => !document.querySelector('aside.facets details').open")
        assert filters.locator("form.range").is_visible() is False
        page.locator("aside.facets summary").click()
        assert filters.locator("form.range").is_visible()
        header = page.locator("header.site").bounding_box()
        assert header["height"] <= 120, header
    finally:
        context.close()


def screenshot_folder():
    folder = Path(os.environ.get("GONGKAI_SCREENSHOTS") or Path(tempfile.gettempdir()) / "gongkai-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_page_type_is_photographed_at_desktop_and_phone_width(live_server, browser, pages, language):
    folder = screenshot_folder()
    written = []
    for label, viewport in [("1280", DESKTOP), ("390", PHONE)]:
        context = browser.new_context(viewport=viewport)
        try:
            for name, path in pages.items():
                page = open_page(context, live_server.url, path, language)
                file = folder / f"{name}-{label}-{language}.png"
                page.screenshot(path=str(file), full_page=True)
                written.append(file)
                page.close()
        finally:
            context.close()
    print(f"\nscreenshots: {folder}")
    assert all(f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for f in written)
    assert len(written) == 2 * len(pages)
