"""A document full of markup renders inert on every page and in every format."""
import csv
import io
import json
from urllib.parse import quote
from html.parser import HTMLParser

import pytest

from tests.documents.corpus import IMG, PAYLOAD, SCRIPT, hostile_document

pytestmark = pytest.mark.django_db


class Inert(HTMLParser):
    """Collects whatever in a page could run: script elements with inline code or a source
    outside our static files, img elements, event-handler attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.dangers = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.in_script = True
            if not (attrs.get("src") or "").startswith("/static/"):
                self.dangers.append(("script", attrs))
        if tag in ("img", "iframe", "object", "embed"):
            self.dangers.append((tag, attrs))
        for name, value in attrs.items():
            if name.startswith("on"):
                self.dangers.append((tag, name))
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.dangers.append((tag, name))

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.dangers.append(("inline script", data[:40]))


def dangers(html):
    parser = Inert()
    parser.feed(html)
    parser.close()
    return parser.dangers


@pytest.fixture
def hostile():
    return hostile_document()


def html_paths(document):
    slug, publisher = document.slug, document.publisher.slug
    return [
        "/", "/documents/", f"/documents/?topic={SCRIPT}", f"/documents/?publisher={publisher}&year={IMG}",
        "/p/", f"/p/{publisher}/", f"/d/{slug}/", f"/d/{slug}/original/",
        f"/d/{slug}/s/1/", f"/compare/{slug}/{slug}/", f"/compare/?d={slug}&d={slug}", "/metrics/",
        "/search/?q=" + quote(SCRIPT),
    ]


def data_paths(document):
    slug, publisher = document.slug, document.publisher.slug
    return [
        "/index.{fmt}", "/documents.{fmt}", f"/documents.{{fmt}}?topic={SCRIPT}", "/p.{fmt}",
        f"/p/{publisher}.{{fmt}}", f"/d/{slug}.{{fmt}}", f"/d/{slug}/original.{{fmt}}",
        f"/compare/{slug}/{slug}.{{fmt}}", f"/compare.{{fmt}}?d={slug}&d={slug}", "/search.{fmt}?q=" + quote(SCRIPT),
    ]


def test_the_checker_finds_what_could_run():
    assert len(dangers(f"<p>{PAYLOAD}</p>")) == 4  # the script tag, its code, the img, its onerror
    assert sorted(dangers('<a href="javascript:x()" onclick="y">')) == [("a", "href"), ("a", "onclick")]
    assert dangers('<script src="/static/js/portal.js" defer></script><p>&lt;script&gt;</p>') == []


def test_every_page_shows_the_markup_as_text(client, hostile):
    for path in html_paths(hostile):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert dangers(html) == [], path
        assert "&lt;script&gt;" in html or "&lt;img src=x onerror=alert(1)&gt;" in html, path


def test_every_piece_of_the_document_reaches_the_reader_escaped(client, hostile):
    html = client.get(f"/d/{hostile.slug}/").content.decode()
    escaped_img = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert f"上海市{escaped_img}区人民政府" in html  # publisher
    assert "@SUM(A1)&lt;script&gt;" in html  # 文号
    assert "规范&lt;script&gt;alert(&#x27;gongkai&#x27;)&lt;/script&gt;管理" in html  # heading, body, TOC
    assert "决策公开&lt;script&gt;" in html  # topics
    assert f"<td>{escaped_img}</td>" in html  # a task's deadline
    original = client.get(f"/d/{hostile.slug}/original/").content.decode()
    assert 'data-action="remove_page_chrome"' in original and "来源：&lt;script&gt;" in original


def test_every_json_document_escapes_markup_characters(client, hostile):
    for path in data_paths(hostile):
        response = client.get(path.format(fmt="json"))
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        body = response.content.decode()
        assert "<" not in body and ">" not in body, path
        decoded = json.dumps(json.loads(body), ensure_ascii=False)
        assert SCRIPT in decoded or IMG in decoded, path


def test_every_csv_is_an_attachment_with_formula_cells_guarded(client, hostile):
    for path in data_paths(hostile):
        response = client.get(path.format(fmt="csv"))
        assert response.status_code == 200, path
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")) and not (cell.startswith("-") and not _is_number(cell)), (path, cell)
    rows = list(csv.DictReader(io.StringIO(client.get("/documents.csv").content.decode("utf-8-sig"))))
    assert rows[0]["title"] == "'=1+1" + PAYLOAD + "政务公开工作要点"
    assert rows[0]["doc_number"] == "'@SUM(A1)" + SCRIPT


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_raw_file_is_an_attachment_whatever_its_name(client, hostile):
    response = client.get(f"/d/{hostile.slug}/raw")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=UTF-8''")
    assert not set(disposition) & set('"<>\r\n')


@pytest.mark.parametrize("path", ["/api/documents/", "/api/documents/{slug}/", "/api/sections/", "/api/metrics/", "/api/publishers/"])
def test_the_api_escapes_markup_characters(client, hostile, path):
    response = client.get(path.format(slug=hostile.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.content.decode()
    assert "<" not in body and ">" not in body
    assert "\\u003cscript\\u003e" in body or "\\u003cimg" in body
