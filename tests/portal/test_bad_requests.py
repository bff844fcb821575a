"""The requests that once gave 500s answer 4xx, in the portal's own words."""
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


@pytest.mark.parametrize("path", [
    "/metrics/?publisher=%00", "/metrics.json?publisher=%00", "/metrics.csv?publisher=%00",
    "/search/?q=公开&topic=%00", "/search.json?q=公开&topic=%00", "/search.csv?q=公开&topic=%00",
    "/api/search/?q=公开&topic=%00", "/api/documents/%00/", "/documents/?q=a%00b",
])
def test_a_nul_character_anywhere_in_the_address_is_a_400(client, report, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_a_metric_permalink_is_a_400(client, report):
    assert client.get(f"/d/{report.slug}/metrics/%00/").status_code == 400


@pytest.mark.parametrize("a, b", [("x/y", "z"), ("x", "y\n"), ("<b>", "z")])
def test_the_comparison_picker_refuses_what_is_not_a_document_name(client, a, b):
    response = client.get("/compare/go", {"a": a, "b": b})
    assert response.status_code == 400
