"""The requests that once gave 500s answer 4xx, in the portal's own words."""
import re

import pytest

from tests.documents.corpus import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return ingest("shanghai-yangpu-2020-annual-report")


@pytest.mark.parametrize("path", ["/documents/", "/documents.json", "/documents.csv", "/api/documents/", "/api/metrics/"])
@pytest.mark.parametrize("name", ["year", "year_from", "year_to"])
def test_a_year_too_large_for_any_calendar_is_refused_not_a_server_error(client, report, path, name):
    response = client.get(path, {name: "9" * 23})
    assert response.status_code in (200, 400)
    if path.startswith("/documents"):
        # The page says what was wrong and lists every document, unfiltered.
        assert response.status_code == 200
        assert report.slug in response.content.decode()
    else:
        assert response.status_code == 400


@pytest.mark.parametrize("path, name", [
    ("/metrics/", "publisher"), ("/metrics.json", "publisher"), ("/metrics.csv", "publisher"),
    ("/search/", "topic"), ("/search.json", "topic"), ("/search.csv", "topic"), ("/api/search/", "topic"),
    ("/documents/", "publisher"), ("/api/documents/", "region"),
])
def test_a_nul_character_in_a_parameter_is_dropped_before_any_view_reads_it(client, report, path, name):
    with_nul = client.get(f"{path}?q=%E5%85%AC%E5%BC%80&{name}=%00")
    without = client.get(f"{path}?q=%E5%85%AC%E5%BC%80&{name}=")
    assert with_nul.status_code == without.status_code == 200
    assert _page(with_nul) == _page(without)


def _page(response):
    # The header's language switcher carries a fresh CSRF token and the address it returns to.
    return re.sub(rb'<form class="language".*?</form>', b"", response.content, flags=re.S)


@pytest.mark.parametrize("path", ["/api/documents/%00/", "/d/{slug}/metrics/%00/", "/d/{slug}%00/"])
def test_a_nul_character_in_the_path_is_a_400(client, report, path):
    response = client.get(path.format(slug=report.slug))
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.parametrize("a, b", [("x/y", "z"), ("x", "y\n"), ("<b>", "z")])
def test_the_comparison_picker_refuses_what_is_not_a_document_name(client, a, b):
    response = client.get("/compare/go", {"a": a, "b": b})
    assert response.status_code == 400
