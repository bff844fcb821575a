"""Under the Content-Security-Policy, in Chromium: the portal's pages, the admin's upload page
and the API docs run without a single violation, and Swagger UI still shows the API."""
import pytest

from tests.documents.corpus import yangpu_and_changning

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_violations(page):
    """Every CSP violation the page reports (the browser fires securitypolicyviolation and
    logs an error), collected from the moment the page starts."""
    seen = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


def test_the_portals_pages_run_under_the_policy_without_a_violation(live_server, page, settings):
    settings.GONGKAI_RATE_LIMITS = {}
    plan, report, other = yangpu_and_changning()
    seen = watch_violations(page)
    for path in [
        "/", "/documents/", f"/d/{report.slug}/", f"/d/{report.slug}/original/", "/search/?q=公开",
        f"/compare/{report.slug}/{plan.slug}/", "/metrics/", "/p/", "/topics/", "/no/such/page/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.locator("main").count() == 1, path
    assert seen == []


def test_swagger_ui_shows_every_api_operation_under_the_policy(live_server, page):
    seen = watch_violations(page)
    page.goto(live_server.url + "/api/docs/")
    page.locator(".opblock-summary-path").first.wait_for(timeout=30000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/documents/" in p for p in paths)
    assert any("/api/search/" in p for p in paths)
    assert seen == []


def test_the_admins_upload_page_runs_under_the_policy(live_server, page, django_user_model):
    django_user_model.objects.create_superuser("clerk", "clerk@example.org", "pw-for-tests-only")
    seen = watch_violations(page)
    page.goto(live_server.url + "/admin/login/?next=/admin/documents/document/upload/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")
    page.locator("input[type=file]").first.wait_for(timeout=30000)
    assert seen == []
