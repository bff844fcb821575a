"""A strict Content-Security-Policy on every response, and pages that need nothing it forbids:
no inline script, no inline event handler, no inline style."""
import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.documents.corpus import yangpu_and_changning
from tests.portal.routes import urls

pytestmark = pytest.mark.django_db


def policy(response):
    header = response.get("Content-Security-Policy", "")
    return dict((part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in header.split(";")) if part)


def inline_code(html):
    """What in a page the policy would block: <script> without src, on* attributes, style
    attributes and <style> elements."""
    tree = LexborHTMLParser(html)
    found = [f"<script>{(s.text() or '')[:60]}" for s in tree.css("script") if not s.attributes.get("src")]
    found += [f"<style>{(s.text() or '')[:60]}" for s in tree.css("style")]
    for node in tree.css("*"):
        for name in node.attributes:
            if name.lower().startswith("on") or name.lower() == "style":
                found.append(f"<{node.tag} {name}=...>")
    return found


@pytest.fixture
def corpus(settings):
    settings.GONGKAI_RATE_LIMITS = {}
    return yangpu_and_changning()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_every_page_and_endpoint_sends_a_policy_that_allows_no_inline_script(client, corpus):
    checked = 0
    for url, _ in urls(corpus, hostile=[]):
        response = client.get(url)
        rules = policy(response)
        assert rules.get("script-src") == "'self'", url
        assert rules.get("default-src") == "'self'", url
        assert rules.get("object-src") == "'none'" and rules.get("frame-ancestors") == "'none'", url
        checked += 1
    assert checked > 30


def test_no_page_holds_inline_script_handlers_or_styles(client, corpus):
    pages = 0
    for url, _ in urls(corpus, hostile=[]):
        response = client.get(url, follow=True)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert inline_code(response.content.decode()) == [], url
            pages += 1
    for url in ["/no/such/page/", "/search/?q=公开", "/documents/?year=abc"]:
        assert inline_code(client.get(url).content.decode()) == [], url
    assert pages > 15


def test_the_admins_upload_pages_hold_no_inline_script_or_style(admin_client, corpus):
    for url in ["/admin/", "/admin/documents/document/", "/admin/documents/document/upload/"]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert policy(response).get("script-src") == "'self'"
        assert not any(f.startswith(("<script", "<style")) for f in inline_code(response.content.decode())), url


def test_the_api_docs_load_swagger_ui_and_its_start_script_from_this_server(client):
    page = client.get("/api/docs/").content.decode()
    tree = LexborHTMLParser(page)
    sources = [s.attributes["src"] for s in tree.css("script")]
    assert all(src.startswith("/") for src in sources)
    start = [src for src in sources if "script" in src and "/api/docs/" in src]
    assert start, sources
    script = client.get(start[0])
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
