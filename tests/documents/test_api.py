"""The JSON API (Django REST framework) and its OpenAPI description."""
import re
from decimal import Decimal

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from documents.models import Check, Metric, Section
from tests.documents.corpus import ingest, variant, yangpu_and_changning

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return yangpu_and_changning()


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_api_root_lists_its_endpoints(client, db):
    data = get(client, "/api/")
    assert set(data) == {"documents", "sections", "metrics", "publishers"}


def test_documents_take_the_same_filters_as_the_documents_page(client, corpus):
    plan, report, changning = corpus
    data = get(client, "/api/documents/", kind="work_plan", region="上海市杨浦区")
    assert data["count"] == 1 and data["results"][0]["slug"] == plan.slug
    assert data["results"][0]["url"] == f"http://testserver/d/{plan.slug}/"
    Check.objects.create(document=report, name="c", passed=False, detail="d", left=1, right=2)
    data = get(client, "/api/documents/", failing="true")
    assert [d["slug"] for d in data["results"]] == [report.slug] and data["results"][0]["failing_checks"] == 1
    assert [d["year"] for d in get(client, "/api/documents/", sort="year")["results"]] == [2019, 2020, 2021]


def test_invalid_filters_are_a_400_naming_them(client, corpus):
    response = client.get("/api/documents/", {"year": "soon"})
    assert response.status_code == 400 and "year" in response.json()


def test_documents_page_with_a_size(client, corpus):
    data = get(client, "/api/documents/", size=2)
    assert len(data["results"]) == 2 and data["count"] == 3
    assert data["next"] == "http://testserver/api/documents/?page=2&size=2"


def test_a_document_comes_whole_with_sections_checks_and_commitments(client, db):
    report = ingest("shanghai-2023-annual-report")
    data = get(client, f"/api/documents/{report.slug}/")
    assert data["title"] == report.title and data["sha256"] == report.sha256
    assert len(data["sections"]) == report.sections.count()
    assert data["sections"][1] == {**data["sections"][1], "order": 1, "anchor": "s-1", "parent": 0}
    assert all(check["passed"] for check in data["checks"]) and len(data["checks"]) == report.checks.count()
    assert isinstance(data["checks"][0]["left"], (int, float))
    assert data["tables"] and data["cleanup"]


def test_an_unknown_document_is_a_404(client, db):
    assert client.get("/api/documents/nothing/").status_code == 404


def test_sections_filter_by_document_and_topic_and_link_to_their_anchor(client, corpus):
    plan = corpus[0]
    Section.objects.update(topics=[])
    Section.objects.filter(document=plan, order=4).update(topics=["政策解读"])
    data = get(client, "/api/sections/", document=plan.slug, size=1000)
    assert [s["order"] for s in data["results"]] == list(range(plan.sections.count()))
    data = get(client, "/api/sections/", topic="policy-interpretation")
    assert [(s["document"], s["order"], s["anchor"]) for s in data["results"]] == [(plan.slug, 4, "s-4")]
    assert data["results"][0]["url"] == f"http://testserver/d/{plan.slug}/#s-4"


def test_metrics_filter_by_key_publisher_and_years_with_values_as_numbers(client, corpus):
    plan, report, _ = corpus
    older = variant("shanghai-yangpu-2020-annual-report", 1, year=2018)
    Metric.objects.create(document=report, key="requests.new.total", label="x", value=Decimal("120.0000"), source="table")
    Metric.objects.create(document=older, key="requests.new.total", label="x", value=Decimal("80.5000"), source="table")
    Metric.objects.create(document=older, key="review.corrected", label="x", value=2, source="table")
    data = get(client, "/api/metrics/", key="requests.new.total", publisher="shanghai-yangpu")
    assert [(m["year"], m["value"]) for m in data["results"]] == [(2018, 80.5), (2020, 120)]
    assert re.search(rb'"value":120[,}]', client.get("/api/metrics/", {"key": "requests.new.total", "year": 2020}).content)
    assert [m["key"] for m in get(client, "/api/metrics/", year_to=2019, source="table")["results"]] == [
        "requests.new.total", "review.corrected",
    ]
    assert get(client, "/api/metrics/", key_prefix="review.")["count"] == 1


def test_publishers_count_their_published_documents(client, corpus):
    data = get(client, "/api/publishers/")
    assert {p["slug"]: p["document_count"] for p in data["results"]} == {"shanghai-yangpu": 2, "shanghai-changning": 1}
    assert get(client, "/api/publishers/shanghai-yangpu/")["url"] == "http://testserver/p/shanghai-yangpu/"


@pytest.fixture
def indexed():
    return ingest("shanghai-yangpu-2021-work-plan"), ingest("shanghai-yangpu-2020-annual-report")


def test_search_finds_a_traditional_word_in_simplified_sections_with_snippets(client, indexed):
    plan = indexed[0]
    data = get(client, "/api/search/", q="政務公開", kind="work_plan", size=5)
    assert data["count"] > 0 and len(data["results"]) <= 5
    assert all(r["kind"] == "work_plan" for r in data["results"])
    assert any(r["document"] == plan.slug for r in data["results"])
    assert "<mark>" not in data["results"][0]["snippet"]
    assert "facets" in data and data["page"] == 1


def test_search_never_fails_on_a_strange_query(client, indexed):
    for q in ['"unbalanced', "OR", "-", "\x00\x01", "字" * 10_000]:
        data = get(client, "/api/search/", q=q)
        assert isinstance(data["results"], list)
    assert get(client, "/api/search/", q="字" * 10_000)["notes"]


def test_the_openapi_schema_describes_every_endpoint_and_is_valid(client, db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert {"/api/documents/", "/api/documents/{slug}/", "/api/sections/", "/api/metrics/", "/api/publishers/", "/api/search/"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/documents/"]["get"]["parameters"]}
    assert {"publisher", "region", "level", "year_from", "year_to", "kind", "topic", "failing", "sort", "page", "size"} <= parameters
    response = client.get("/api/schema/")
    assert response.status_code == 200 and b"openapi: 3" in response.content


def test_the_api_docs_page_loads_only_our_own_files(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    # Swagger UI from our static files; its start script from the page's own URL (no inline script).
    assert sources and all(s.startswith(("/static/", "/api/docs/?script")) for s in sources), sources
    start = next(s for s in sources if s.startswith("/api/docs/?script"))
    assert '"validatorUrl": null' in client.get(start).content.decode()
    for source in sources:
        assert client.get(source).status_code == 200, source
