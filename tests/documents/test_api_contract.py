"""What the API's schema promises and a client relies on, case by case."""
import pytest

from tests.documents.corpus import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return ingest("shanghai-yangpu-2020-annual-report")


def test_a_documents_detail_counts_its_failing_checks_as_the_list_does(client, report):
    detail = client.get(f"/api/documents/{report.slug}/").json()
    listed = client.get("/api/documents/").json()["results"][0]
    assert detail["failing_checks"] == listed["failing_checks"]
    assert detail["failing_checks"] == sum(1 for c in detail["checks"] if not c["passed"])


@pytest.mark.parametrize("path", ["/api/documents/", "/api/sections/", "/api/search/?q=公开"])
@pytest.mark.parametrize("value", ["null", "abc", "1.5"])
def test_a_page_size_that_is_not_a_whole_number_is_refused(client, report, path, value):
    response = client.get(path, {"size": value})
    assert response.status_code == 400
    assert "size" in response.json()


def test_an_empty_page_size_means_the_default(client, report):
    assert client.get("/api/documents/", {"size": ""}).status_code == 200


def test_unknown_objects_and_addresses_under_the_api_answer_json_404s(client):
    for path in ["/api/documents/no-such-document/", "/api/metrics/1.5/", "/api/nothing-here/"]:
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


def test_the_schema_documents_the_error_answers_of_every_operation(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert {"200", "400", "404", "429"} <= set(operation["responses"]), (method, path)


def test_a_filter_the_document_list_cannot_read_is_refused_by_the_api(client, report):
    response = client.get("/api/documents/", {"failing": "null"})
    assert response.status_code == 400
    assert "failing" in response.json()
