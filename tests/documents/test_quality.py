"""The data-quality view: every current annual report with its checks passed and failed (its own
and across years), missing statutory parts and unplaced cells, each linking to the evidence."""
import csv
import io
import json

import pytest

from documents import quality
from documents.models import Check
from tests.documents.test_crossyear import publisher, report

pytestmark = pytest.mark.django_db

MISSING = "The annual report lacks parts the 2019 format requires: 存在的主要问题及改进情况；其他需要报告的事项."
AMBIGUOUS = "行政许可: the run '396442278' splits into its 3 columns in 28 ways (3|9|6442278 and 27 more); not placed."
UNPLACED = "规章 × 本年废止件数 is blank; not placed."


def test_it_reads_missing_parts_and_unplaced_and_ambiguous_cells_from_the_warnings():
    assert quality.read_warnings([MISSING, AMBIGUOUS, UNPLACED, "163.com: not a government domain"]) == (
        ["存在的主要问题及改进情况", "其他需要报告的事项"], 2, 1)


@pytest.fixture
def series():
    owner = publisher("甲区人民政府", "某省甲区")
    other = publisher("乙县人民政府", "某省乙县")
    first = report(owner, 2022, {"requests.carried_forward.total": 3})
    second = report(owner, 2023, {"requests.carried_over.total": 1}, warnings=[MISSING, AMBIGUOUS])
    Check.objects.create(document=second, name="sum", passed=False, detail="不相等", left=1, right=2)
    Check.objects.create(document=second, name="other", passed=True, detail="相等", left=1, right=1)
    third = report(other, 2023, {})
    return first, second, third


def data(client, **params):
    response = client.get("/quality.json", params)
    assert response.status_code == 200
    return json.loads(response.content)["reports"]


def test_every_report_is_a_row_with_its_own_and_cross_year_checks(client, series):
    first, second, third = series
    rows = {r["document"]: r for r in data(client)}
    assert set(rows) == {first.slug, second.slug, third.slug}
    row = rows[second.slug]
    assert (row["checks"], row["checks_failed"], row["cross_year"], row["cross_year_failed"]) == (2, 1, 1, 1)
    assert row["missing_parts"] == ["存在的主要问题及改进情况", "其他需要报告的事项"]
    assert (row["unplaced"], row["ambiguous"]) == (1, 1)
    assert row["checks_url"].endswith(f"{second.get_absolute_url()}#checks")
    assert row["cross_year_url"].endswith(f"{second.get_absolute_url()}#cross-year")
    # The year before shares the failed cross-year check.
    assert rows[first.slug]["cross_year_failed"] == 1


def test_it_filters_by_region_and_year_and_sorts_the_most_problems_first(client, series):
    first, second, third = series
    assert [r["document"] for r in data(client, region="某省乙县")] == [third.slug]
    assert {r["document"] for r in data(client, year=2023)} == {second.slug, third.slug}
    assert [r["document"] for r in data(client, sort="problems")][0] == second.slug
    assert [r["year"] for r in data(client, sort="-year")] == [2023, 2023, 2022]
    assert [r["document"] for r in data(client, problems=1)] == [second.slug, first.slug]


def test_the_page_links_each_figure_to_its_evidence_and_has_a_csv(client, series):
    _, second, _ = series
    page = client.get("/quality/").content.decode()
    assert f'{second.get_absolute_url()}#cross-year">1 项不一致 / 1' in page
    assert f'{second.get_absolute_url()}#checks">1 项未通过 / 2' in page
    response = client.get("/quality.csv", {"bom": 0})
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(table[0]) == quality.COLUMNS
    assert {r["document"]: r["missing_parts"] for r in table}[second.slug] == "存在的主要问题及改进情况; 其他需要报告的事项"


def test_a_report_stored_after_the_view_was_seen_shows_at_once_with_its_cross_year_check(client, series):
    first, second, _ = series
    before = {r["document"]: r for r in data(client)}
    assert before[second.slug]["cross_year"] == 1
    later = report(publisher("甲区人民政府"), 2024, {"requests.carried_over.total": 0})
    after = {r["document"]: r for r in data(client)}
    assert after[later.slug]["cross_year"] == 0  # 2023 read no 结转下年度: nothing to hold it against
    Check.objects.create(document=later, name="sum", passed=False, detail="不相等", left=1, right=2)
    assert {r["document"]: r for r in data(client)}[later.slug]["checks_failed"] == 1


def test_it_shows_which_reports_were_read_by_ocr_with_their_doubtful_cells_and_filters_on_it(client):
    owner = publisher("丙区人民政府", "某省丙区")
    scanned = report(owner, 2023, {}, cleanup=[
        {"action": "ocr", "count": 3, "examples": ["page 1: confidence 0.97"]},
        {"action": "ocr_doubtful_cells", "count": 2, "examples": ["17?"]},
    ])
    report(owner, 2022, {}, cleanup=[{"action": "page_chrome", "count": 4, "examples": []}])
    assert quality.read_ocr(scanned.cleanup) == (3, 2)
    rows = data(client, ocr=1)
    assert [(r["year"], r["ocr_pages"], r["ocr_doubtful_cells"]) for r in rows] == [(2023, 3, 2)]
    assert {r["year"]: r["ocr_pages"] for r in data(client)} == {2023: 3, 2022: 0}
    page = client.get("/quality/", {"ocr": 1}).content.decode()
    assert "3 页" in page and "2 处数字识别把握不足" in page


def test_it_names_the_publisher_names_joined_as_one_reporting_body(client):
    zone = publisher("某某综合实验区", "某某综合实验区")
    office = publisher("某某综合实验区管委会办公室", "某某综合实验区")
    report(zone, 2022, {"requests.carried_forward.total": 2})
    report(office, 2023, {"requests.carried_over.total": 2})
    rows = data(client)
    assert {r["publisher"]: r["joined_names"] for r in rows} == {
        "某某综合实验区": ["某某综合实验区", "某某综合实验区管委会办公室"],
        "某某综合实验区管委会办公室": ["某某综合实验区", "某某综合实验区管委会办公室"]}
    assert all(r["cross_year"] == 1 and not r["cross_year_failed"] for r in rows)
