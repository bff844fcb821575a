"""Every page as JSON and CSV at the same path, Datasette style."""
import csv
import io
import json
from decimal import Decimal

import pytest
from django.test import RequestFactory

from documents import page_data
from documents.models import Metric
from tests.documents.corpus import variant, yangpu_and_changning


def rows_of(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def json_of(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    return json.loads(response.content)


# Helpers


def test_a_page_and_its_data_are_one_route_answered_by_one_view():
    from django.urls import resolve, reverse

    assert reverse("documents:list") == "/documents/"
    assert reverse("documents:list-data", kwargs={"fmt": "csv"}) == "/documents.csv"
    assert reverse("documents:home") == "/" and reverse("documents:home-data", kwargs={"fmt": "json"}) == "/index.json"
    page, data = resolve("/p/yangpu/"), resolve("/p/yangpu.json")
    assert page.func is data.func
    assert page.kwargs == {"slug": "yangpu"} and data.kwargs == {"slug": "yangpu", "fmt": "json"}
    assert resolve("/compare/a/b.csv").kwargs == {"a": "a", "b": "b", "fmt": "csv"}


def test_a_pages_data_path_is_its_path_with_the_format_as_suffix():
    assert page_data.data_path("/documents/", "json") == "/documents.json"
    assert page_data.data_path("/d/yangpu-2020/original/", "csv") == "/d/yangpu-2020/original.csv"
    assert page_data.data_path("/", "json") == "/index.json"


def test_a_data_url_keeps_the_filters_but_not_the_format_parameter():
    request = RequestFactory().get("/documents/", {"kind": "work_plan", "year": "2021", "format": "json"})
    assert page_data.data_url(request, "csv") == "/documents.csv?kind=work_plan&year=2021"
    assert page_data.data_url(RequestFactory().get("/p/"), "json") == "/p.json"


def test_the_format_comes_from_the_suffix_else_from_the_format_parameter():
    factory = RequestFactory()
    assert page_data.requested_format(factory.get("/documents/"), "csv") == "csv"
    assert page_data.requested_format(factory.get("/documents/", {"format": "json"})) == "json"
    assert page_data.requested_format(factory.get("/documents/", {"format": "xml"})) is None


def test_csv_cells_that_a_spreadsheet_would_run_are_guarded_and_numbers_stay_numbers():
    assert [page_data.csv_cell(v) for v in ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "普通"]] == [
        "'=1+1", "'+1", "'-x", "'@SUM(A1)", "'\tx", "普通",
    ]
    assert [page_data.csv_cell(v) for v in [-5, 2.5, Decimal("34290.0000"), Decimal("-1.50"), None, True]] == [
        -5, 2.5, 34290, -1.5, "", "true",
    ]
    assert page_data.csv_cell(["a", "b"]) == "a; b"


def test_json_escapes_markup_characters_and_writes_decimals_as_numbers():
    text = page_data.dumps({"v": Decimal("10538.0000"), "r": Decimal("0.25"), "t": "<a>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"v": 10538, "r": 0.25, "t": "<a>&"}


# Pages

@pytest.fixture
def corpus(db):
    return yangpu_and_changning()


def test_the_home_page_as_json_has_counts_coverage_and_recent_documents(client, corpus):
    data = json_of(client.get("/index.json"))
    assert data["counts"]["documents"] == 3 and data["counts"]["publishers"] == 2
    assert data["counts"]["kinds"] == {"annual_report": 1, "work_plan": 2, "other": 0}
    assert data["years"] == [2019, 2020, 2021]
    assert {(r["publisher_slug"], r["year"], r["kind"]) for r in data["coverage"]} == {
        ("shanghai-yangpu", 2021, "work_plan"), ("shanghai-yangpu", 2020, "annual_report"),
        ("shanghai-changning", 2019, "work_plan"),
    }
    assert [d["slug"] for d in data["recent"]][0] == corpus[2].slug


def test_the_home_page_as_csv_is_one_row_per_document_of_the_grid(client, corpus):
    rows = rows_of(client.get("/index.csv"))
    assert len(rows) == 3
    assert set(rows[0]) == {"publisher", "publisher_slug", "region", "year", "kind", "slug", "title", "url"}


def test_the_documents_list_as_json_applies_the_filters_in_the_url(client, corpus):
    data = json_of(client.get("/documents.json", {"kind": "work_plan", "region": "上海市杨浦区"}))
    assert data["count"] == 1
    assert data["filters"] == {"kind": "work_plan", "region": "上海市杨浦区"}
    assert [d["slug"] for d in data["documents"]] == [corpus[0].slug]
    assert data["documents"][0]["url"] == f"http://testserver/d/{corpus[0].slug}/"
    assert {o["value"]: o["count"] for o in data["facets"]["kind"]} == {"work_plan": 1, "annual_report": 1}


def test_the_format_parameter_gives_the_same_data_as_the_suffix(client, corpus):
    by_suffix = json_of(client.get("/documents.json", {"kind": "work_plan"}))
    by_parameter = json_of(client.get("/documents/", {"kind": "work_plan", "format": "json"}))
    assert by_suffix["documents"] == by_parameter["documents"]


def test_the_documents_list_as_json_pages_with_links_to_the_next_page(client, corpus):
    data = json_of(client.get("/documents.json", {"size": 2, "sort": "year"}))
    assert data["pages"] == 2 and len(data["documents"]) == 2
    assert data["next"] == "http://testserver/documents.json?size=2&sort=year&page=2"
    second = json_of(client.get("/documents.json", {"size": 2, "sort": "year", "page": 2}))
    assert [d["year"] for d in data["documents"] + second["documents"]] == [2019, 2020, 2021]
    assert second["previous"] and second["next"] is None


def test_the_documents_list_as_csv_holds_every_matching_document_with_numbers_as_numbers(client, corpus):
    rows = rows_of(client.get("/documents.csv", {"size": 1, "year_from": 2020}))
    assert sorted(r["year"] for r in rows) == ["2020", "2021"]
    assert rows[0]["checks"] == "0" and rows[0]["failing_checks"] == "0"


def test_invalid_filters_are_reported_and_ignored(client, corpus):
    data = json_of(client.get("/documents.json", {"year": "soon", "kind": "poem"}))
    assert set(data["errors"]) == {"year", "kind"}
    assert data["count"] == 3


def test_the_publishers_list_as_json_and_csv(client, corpus):
    data = json_of(client.get("/p.json"))
    assert {p["slug"]: p["documents"] for p in data["publishers"]} == {"shanghai-yangpu": 2, "shanghai-changning": 1}
    rows = rows_of(client.get("/p.csv"))
    assert {r["slug"]: (r["first_year"], r["last_year"]) for r in rows}["shanghai-yangpu"] == ("2020", "2021")


def test_a_publisher_as_json_has_its_documents_and_key_figures_with_missing_years_missing(client, corpus):
    plan, report, _ = corpus
    earlier = variant("shanghai-yangpu-2020-annual-report", 1, year=2018)
    for document, value in [(report, "120"), (earlier, "80.0000")]:
        Metric.objects.create(document=document, key="requests.new.total", label="x", value=Decimal(value), source="table")
    data = json_of(client.get("/p/shanghai-yangpu.json"))
    assert [d["slug"] for d in data["documents"]] == [plan.slug, report.slug, earlier.slug]
    figures = {f["key"]: f["values"] for f in data["figures"]}
    assert figures["requests.new.total"] == [{"year": 2018, "value": 80}, {"year": 2020, "value": 120}]
    assert figures["review.corrected"] == []


def test_a_publisher_as_csv_is_one_row_per_document_with_each_reports_figures(client, corpus):
    plan, report, _ = corpus
    Metric.objects.create(document=report, key="review.corrected", label="x", value=2, source="table")
    rows = {r["slug"]: r for r in rows_of(client.get("/p/shanghai-yangpu.csv"))}
    assert rows[report.slug]["review.corrected"] == "2"
    assert rows[report.slug]["requests.new.total"] == ""  # not reported: empty, never 0
    assert rows[plan.slug]["review.corrected"] == ""


def test_a_document_as_json_has_its_sections_numbers_checks_and_comparisons(client, corpus):
    plan, report, other = corpus
    data = json_of(client.get(f"/d/{plan.slug}.json"))
    assert data["title"] == "2021年杨浦区政务公开工作要点" and data["doc_number"] == "杨府办〔2021〕10号"
    assert data["sections"][1]["anchor"] == "s-1" and data["sections"][1]["alias"] == "s-1-1"
    assert data["sections"][1]["parent"] == 0
    assert data["sections"][1]["url"].endswith(f"/d/{plan.slug}/#s-1")
    assert data["raw"] == f"http://testserver/d/{plan.slug}/raw"
    # No other 2021 document and no other Yangpu plan: the nearest earlier Yangpu document.
    assert [(c["relation"], c["slug"]) for c in data["compare_with"]] == [("previous", report.slug)]
    assert data["compare_with"][0]["compare"].endswith(f"/compare/{plan.slug}/{report.slug}/")
    assert data["cleanup"] and isinstance(data["commitments"], list)
    changning_2021 = variant("shanghai-changning-2019-work-plan", 1, year=2021)
    data = json_of(client.get(f"/d/{plan.slug}.json"))
    assert data["compare_with"][1:] == [{
        "relation": "same_year", "slug": changning_2021.slug, "title": changning_2021.title,
        "compare": f"http://testserver/compare/{plan.slug}/{changning_2021.slug}/",
    }]


def test_a_document_as_csv_is_one_row_per_section(client, corpus):
    plan = corpus[0]
    rows = rows_of(client.get(f"/d/{plan.slug}.csv"))
    assert len(rows) == plan.sections.count()
    assert rows[0]["anchor"] == "s-0" and rows[0]["order"] == "0" and rows[0]["level"] == "1"


def test_the_original_text_as_json_has_the_decoded_text_and_every_edit(client, corpus):
    report = corpus[1]
    data = json_of(client.get(f"/d/{report.slug}/original.json"))
    assert data["original_text"] == report.original_text
    assert len(data["edits"]) == len(report.edits)
    edit = data["edits"][0]
    assert data["original_text"][edit["start"]:edit["end"]] == edit["removed"]


def test_the_original_text_as_csv_is_one_row_per_edit(client, corpus):
    report = corpus[1]
    rows = rows_of(client.get(f"/d/{report.slug}/original.csv"))
    assert len(rows) == len(report.edits)
    assert {r["action"] for r in rows} >= {"remove_noise", "remove_duplicate_block"}


@pytest.mark.parametrize("path", ["/d/nothing.json", "/d/nothing.csv", "/d/nothing/original.json", "/p/nobody.csv"])
def test_unknown_documents_and_publishers_are_404_in_every_format(client, db, path):
    assert client.get(path).status_code == 404
