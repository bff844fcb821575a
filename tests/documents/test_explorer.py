"""The metrics explorer against documents built from the 2023 report for invented publishers
and years: every number scaled by a whole factor, so each table stays consistent."""
import csv
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from documents.loader import ingest_bytes
from documents.models import Metric
from tests.conftest import sample_text

pytestmark = pytest.mark.django_db

TITLE = "2023年上海市政府信息公開工作年度報告"  # as written, in 繁體


def report_for(place, year, factor):
    text = sample_text("shanghai-2023-annual-report").replace(TITLE, f"{year}年上海市{place}人民政府信息公开工作年度报告", 1)
    # Scale every whole number that is not a date; sums and balances scale with them.
    return re.sub(r"(?<![\d.])(\d+)(?![\d.]|\s*[年月日])", lambda m: str(int(m.group(1)) * factor), text)


@pytest.fixture
def corpus():
    docs = {
        ("徐汇区", 2021): ingest_bytes(report_for("徐汇区", 2021, 2).encode()).document,
        ("徐汇区", 2023): ingest_bytes(report_for("徐汇区", 2023, 3).encode()).document,
        ("静安区", 2022): ingest_bytes(report_for("静安区", 2022, 5).encode()).document,
        ("闵行区", 2023): ingest_bytes(report_for("闵行区", 2023, 7).encode()).document,
    }
    for doc in docs.values():
        assert not doc.checks.filter(passed=False, name__startswith="requests.balance").exists()
    return docs


def stored(document, key):
    return Metric.objects.get(document=document, key=key, source__in=["table", "derived"]).value


def test_the_explorer_json_and_csv_equal_the_stored_metrics_and_a_missing_year_is_empty(client, corpus):
    url = "/metrics.json?key=requests.new.total&publisher=shanghai-xuhui&publisher=shanghai-jingan"
    data = json.loads(client.get(url).content)
    values = {(v["publisher"], v["year"]): v["value"] for v in data["values"]}
    assert values[("上海市徐汇区人民政府", 2021)] == stored(corpus[("徐汇区", 2021)], "requests.new.total") == 34290 * 2
    assert values[("上海市徐汇区人民政府", 2023)] == 34290 * 3
    assert values[("上海市静安区人民政府", 2022)] == 34290 * 5
    assert values[("上海市徐汇区人民政府", 2022)] is None  # no report that year: missing, not 0
    assert "上海市闵行区人民政府" not in {p for p, _ in values}

    rows = list(csv.DictReader(io.StringIO(client.get(url.replace(".json", ".csv")).content.decode("utf-8-sig"))))
    by_cell = {(r["publisher"], r["year"]): r["value"] for r in rows}
    assert by_cell[("上海市徐汇区人民政府", "2021")] == "68580"
    assert by_cell[("上海市徐汇区人民政府", "2022")] == ""


def test_the_explorer_page_shows_the_table_and_a_chart(client, corpus):
    page = client.get("/metrics/?key=review.corrected").content.decode()
    assert '<svg class="chart"' in page
    assert f">{77 * 3}</a>" in page and f">{77 * 7}</a>" in page


FORMULAS = {
    "disclosure_rate": lambda v: (v["outcome.disclosed.total"] + v["outcome.partially_disclosed.total"]) / v["outcome.total.total"],
    "refusal_rate": lambda v: v["outcome.withheld.total"] / v["outcome.total.total"],
    "unavailable_share": lambda v: v["outcome.unavailable.total"] / v["outcome.total.total"],
    "review_correction_rate": lambda v: v["review.corrected"] / (v["review.total"] - v["review.pending"]),
    "litigation_correction_rate": lambda v: v["litigation.corrected"] / (v["litigation.total"] - v["litigation.pending"]),
    "carry_over_rate": lambda v: v["requests.carried_forward.total"] / (v["requests.new.total"] + v["requests.carried_over.total"]),
    "legal_person_share": lambda v: (v["requests.new.total"] - v["requests.new.natural_person"]) / v["requests.new.total"],
    "withheld_reason.third_party": lambda v: v["outcome.withheld.third_party.total"] / v["outcome.withheld.total"],
}


def test_each_indicator_shown_equals_its_documented_formula(client, corpus):
    for indicator, formula in FORMULAS.items():
        data = json.loads(client.get(f"/metrics.json?indicator={indicator}").content)
        shown = {v["document"]: v["value"] for v in data["values"] if v["document"]}
        assert len(shown) == 4, indicator
        for document in corpus.values():
            values = {m.key: m.value for m in Metric.objects.filter(document=document, source__in=["table", "derived"])}
            expected = (formula(values) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            assert Decimal(str(shown[document.slug])) == expected, (indicator, document.slug)


def test_a_zero_denominator_shows_not_computable(client):
    text = sample_text("shanghai-2023-annual-report")
    review_row = "\n716\n\n77\n\n207\n\n202\n\n1202\n"
    assert review_row in text
    document = ingest_bytes(text.replace(review_row, "\n0\n\n0\n\n0\n\n0\n\n0\n").encode()).document
    data = json.loads(client.get("/metrics.json?indicator=review_correction_rate").content)
    [value] = [v for v in data["values"] if v["document"] == document.slug]
    assert value["value"] is None
    assert value["note"].startswith("无法计算")
    # The prose still says 1202: the document now fails a check, and the explorer says so.
    assert value["checks_failed"] is True
    page = client.get("/metrics/?indicator=review_correction_rate").content.decode()
    assert "无法计算" in page and '>!</span>' in page


def test_a_value_has_a_permalink_with_its_cell_and_a_citation(client, corpus):
    document = corpus[("静安区", 2022)]
    page = client.get(f"/d/{document.slug}/metrics/proactive.licensing.decisions/").content.decode()
    assert str(11337464 * 5) in page
    assert "行政许可 × 本年处理决定数量" in page
    assert "上海市静安区人民政府. 2022年上海市静安区人民政府信息公开工作年度报告" in page and "[EB/OL]" in page
    assert "@misc{" in page


def test_a_section_has_a_permalink_with_a_citation(client, corpus):
    document = corpus[("徐汇区", 2021)]
    page = client.get(f"/d/{document.slug}/s/0/").content.decode()
    assert "总体情况" in page and "[EB/OL]" in page


def test_unknown_keys_and_indicators_are_404(client):
    assert client.get("/metrics/?key=no.such.key").status_code == 404
    assert client.get("/metrics/?indicator=nope").status_code == 404
    assert client.get("/indicators/nope/").status_code == 404


def test_a_change_of_template_format_is_marked_where_the_key_does_not_mean_the_same(client):
    from tests.documents.ingest.test_tables import report_2019

    ingest_bytes(report_2019().replace("某区", "上海市徐汇区人民政府", 1).encode())
    ingest_bytes(report_for("徐汇区", 2021, 2).encode())
    # 行政事业性收费 amount: only the 2021 template has it; 2019 counted fee items instead.
    data = json.loads(client.get("/metrics.json?key=proactive.fees.amount").content)
    points = {v["year"]: v for v in data["values"]}
    assert points[2020]["value"] is None and "2019" in points[2020]["note"]
    assert points[2021]["value"] == 1307259 * 2 and points[2021]["format_break"] is True
    page = client.get("/metrics/?key=proactive.fees.amount").content.decode()
    assert "format-break" in page and "┆" in page
    # Applications received mean the same in both formats: one series, no break.
    data = json.loads(client.get("/metrics.json?key=requests.new.total").content)
    assert not any(v["format_break"] for v in data["values"])
    assert {v["year"] for v in data["values"] if v["value"] is not None} == {2020, 2021}


def test_a_link_under_a_key_s_former_name_leads_to_its_current_name(client, corpus):
    response = client.get("/metrics.json?key=outcome.partly_disclosed.total&publisher=x")
    assert response.status_code == 301
    assert "key=outcome.partially_disclosed.total" in response["Location"] and "publisher=x" in response["Location"]
    document = corpus[("静安区", 2022)]
    response = client.get(f"/d/{document.slug}/metrics/outcome.partly_disclosed.total/")
    assert response.status_code == 301
    assert response["Location"] == f"/d/{document.slug}/metrics/outcome.partially_disclosed.total/"
    assert client.get(response["Location"]).status_code == 200


def test_a_value_pair_whose_cross_year_check_fails_is_marked_with_a_link_to_the_finding(client):
    from tests.documents.test_crossyear import publisher, report

    owner = publisher("丁区人民政府", "某省丁区")
    before = report(owner, 2022, {"requests.new.total": 10, "proactive.regulations.in_force": 10})
    this = report(owner, 2023, {"requests.new.total": 12, "proactive.regulations.in_force": 13,
                                "proactive.regulations.issued": 2, "proactive.regulations.repealed": 0})
    data = json.loads(client.get("/metrics.json", {"key": "proactive.regulations.in_force"}).content)
    marks = {v["year"]: (v["cross_year_failed"], v["cross_year_url"]) for v in data["values"]}
    # 10 + 2 − 0 ≠ 13: both values of the pair are marked, each linking to its report's finding.
    assert marks[2022] == (["in_force.regulations"], f"http://testserver{before.get_absolute_url()}#cross-year")
    assert marks[2023] == (["in_force.regulations"], f"http://testserver{this.get_absolute_url()}#cross-year")
    page = client.get("/metrics/", {"key": "proactive.regulations.in_force"}).content.decode()
    assert page.count("cross-year-failed") == 2 and f'href="{this.get_absolute_url()}#cross-year"' in page
    # A figure the failed check does not read is not marked.
    other = json.loads(client.get("/metrics.json", {"key": "requests.new.total"}).content)
    assert not any(v["cross_year_failed"] for v in other["values"])


def test_one_bodys_reports_under_two_names_are_one_row_naming_both(client):
    from tests.documents.test_crossyear import publisher, report

    zone = publisher("某某综合实验区", "某某综合实验区")
    report(zone, 2022, {"requests.new.total": 5})
    report(publisher("某某综合实验区管委会办公室", "某某综合实验区"), 2023, {"requests.new.total": 6})
    data = json.loads(client.get("/metrics.json", {"key": "requests.new.total"}).content)
    values = {(v["publisher"], v["year"]): v["value"] for v in data["values"]}
    assert values == {("某某综合实验区管委会办公室", 2022): 5, ("某某综合实验区管委会办公室", 2023): 6}
    assert data["values"][0]["joined_names"] == ["某某综合实验区", "某某综合实验区管委会办公室"]
    # Choosing either name follows the whole body.
    chosen = json.loads(client.get("/metrics.json", {"key": "requests.new.total", "publisher": zone.slug}).content)
    assert {(v["year"], v["value"]) for v in chosen["values"]} == {(2022, 5), (2023, 6)}
