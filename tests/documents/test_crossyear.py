"""Checks between years of one publisher: what a report carries forward against what the next
year's report says it brought in, and the stock of rules in force."""
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest

from documents import crossyear
from documents.loader import ingest_bytes
from documents.models import Document, Metric, Publisher

pytestmark = pytest.mark.django_db

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def publisher(name="某区人民政府", region="某省某区"):
    return Publisher.objects.get_or_create(name=name, defaults={"region": region, "slug": "p" + hashlib.md5(name.encode()).hexdigest()[:8]})[0]


def report(owner, year, figures, **fields):
    """A stored annual report of `owner` for `year` whose tables gave `figures` ({key: value})."""
    slug = f"{owner.slug}-{year}-{fields.get('version', 1)}-{len(figures)}"
    document = Document.objects.create(
        publisher=owner, year=year, kind="annual_report", title=f"{year}年政府信息公开工作年度报告", slug=slug,
        raw=slug.encode(), sha256=hashlib.sha256(slug.encode()).hexdigest(), encoding="utf-8",
        script="simplified", original_text="", clean_text="", parser_version="test", **fields,
    )
    Metric.objects.bulk_create(
        Metric(document=document, key=key, label=key, value=Decimal(value), unit="件", source="table")
        for key, value in figures.items()
    )
    return document


def names(checks):
    return {c.name: c.passed for c in checks}


def test_it_holds_this_years_carried_over_against_last_years_carried_forward_in_every_column():
    owner = publisher()
    before = report(owner, 2022, {"requests.carried_forward.total": 3, "requests.carried_forward.natural_person": 2})
    this = report(owner, 2023, {"requests.carried_over.total": 3, "requests.carried_over.natural_person": 1})
    found, _ = crossyear.checks_for()
    assert names(found[this.pk]) == {"carried_over.total": True, "carried_over.natural_person": False}
    # The same checks appear on the earlier report's page too.
    assert names(found[before.pk]) == names(found[this.pk])


def test_it_checks_the_rules_in_force_against_last_years_stock_plus_issued_minus_repealed():
    owner = publisher()
    report(owner, 2022, {"proactive.regulations.in_force": 10, "proactive.normative_documents.in_force": 40})
    this = report(owner, 2023, {
        "proactive.regulations.in_force": 11, "proactive.regulations.issued": 2, "proactive.regulations.repealed": 1,
        "proactive.normative_documents.in_force": 50, "proactive.normative_documents.issued": 5,
        "proactive.normative_documents.repealed": 0,
    })
    checks = {c.name: c for c in crossyear.checks_for()[0][this.pk]}
    assert checks["in_force.regulations"].passed
    assert not checks["in_force.normative_documents"].passed
    assert checks["in_force.normative_documents"].expected == 45
    assert "40 件 + 本年制发 5 件 − 本年废止 0 件 = 45 件：不一致" in checks["in_force.normative_documents"].sentence()


def test_it_does_not_add_a_2019_format_count_of_new_documents_to_a_stock():
    owner = publisher()
    report(owner, 2020, {"proactive.regulations.in_force": 10})
    # No 本年废止 column: not the 2021 format.
    this = report(owner, 2021, {"proactive.regulations.in_force": 12, "proactive.regulations.issued": 2})
    assert this.pk not in crossyear.checks_for()[0]


def test_a_year_gap_gives_no_check():
    owner = publisher()
    report(owner, 2020, {"requests.carried_forward.total": 5})
    this = report(owner, 2022, {"requests.carried_over.total": 0})
    assert this.pk not in crossyear.checks_for()[0]


def test_it_reads_only_current_versions_and_never_another_publisher():
    owner, neighbour = publisher(), publisher("邻区人民政府", "某省邻区")
    old = report(owner, 2022, {"requests.carried_forward.total": 9})
    corrected = report(owner, 2022, {"requests.carried_forward.total": 4}, version=2, supersedes=old)
    report(neighbour, 2022, {"requests.carried_forward.total": 7})
    this = report(owner, 2023, {"requests.carried_over.total": 4})
    [check] = crossyear.checks_for()[0][this.pk]
    assert check.passed and check.previous_id == corrected.pk


def test_a_failed_check_changes_no_number():
    owner = publisher()
    report(owner, 2022, {"requests.carried_forward.total": 3})
    this = report(owner, 2023, {"requests.carried_over.total": 1})
    crossyear.checks_for()
    assert Metric.objects.get(document=this).value == 1


def test_both_reader_pages_state_both_figures_and_link_the_other_report(client):
    owner = publisher()
    before = report(owner, 2022, {"requests.carried_forward.total": 3})
    this = report(owner, 2023, {"requests.carried_over.total": 1})
    page = client.get(this.get_absolute_url()).content.decode()
    assert "2023年报告“上年结转”（总计）1 件，2022年报告“结转下年度继续办理”3 件：不一致" in page
    assert f'href="{before.get_absolute_url()}#cross-year"' in page
    earlier = client.get(before.get_absolute_url()).content.decode()
    assert f'href="{this.get_absolute_url()}#cross-year"' in earlier
    data = json.loads(client.get(this.get_absolute_url().rstrip("/") + ".json").content)
    [check] = data["cross_year_checks"]
    assert (check["passed"], check["value"], check["expected"], check["other"], check["relation"]) == (
        False, 1, 3, before.slug, "previous")


def ingest_real(name, **overrides):
    outcome = ingest_bytes((REAL / name).read_bytes(), filename=name, overrides=overrides or None)
    assert outcome.document is not None, outcome.message
    return outcome.document


def test_pingtans_real_reports_of_one_publisher_are_checked_only_between_adjacent_years():
    # The 2022 report names its publisher 平潭综合实验区, the 2023 and 2025 ones
    # 平潭综合实验区管委会办公室: the 2022 one is stored under the later name to hold them together.
    later = ingest_real("fujian-pingtan-2023-annual-report.txt")
    name = later.publisher.name
    earlier = ingest_real("fujian-pingtan-2022-annual-report.txt", publisher=name)
    gap = ingest_real("fujian-pingtan-2025-annual-report.txt")
    assert gap.publisher_id == later.publisher_id == earlier.publisher_id
    found, _ = crossyear.checks_for()
    checks = {c.name: c for c in found[later.pk]}
    # Both reports read 结转 0 in every column, and no 规章 in force, issued or repealed.
    assert checks["carried_over.total"].passed and checks["carried_over.natural_person"].passed
    assert checks["in_force.regulations"].passed
    assert gap.pk not in found  # no 2024 report



def test_pingtans_reports_under_the_zones_name_and_its_committees_office_are_one_body_and_say_so(client):
    # 2022 names 平潭综合实验区, 2023 平潭综合实验区管委会办公室: both the zone's government.
    earlier = ingest_real("fujian-pingtan-2022-annual-report.txt")
    later = ingest_real("fujian-pingtan-2023-annual-report.txt")
    assert earlier.publisher_id != later.publisher_id
    found, _ = crossyear.checks_for()
    assert {c.previous_id for c in found[later.pk]} == {earlier.pk}
    page = client.get(later.get_absolute_url()).content.decode()
    assert f"2022年报告署名“{earlier.publisher.name}”，视为同一发布机关" in page
    data = json.loads(client.get(later.get_absolute_url().rstrip("/") + ".json").content)
    assert {c["other_publisher"] for c in data["cross_year_checks"]} == {earlier.publisher.name}


def test_a_government_and_a_department_of_its_region_are_never_joined():
    government = publisher("某区人民政府", "某省某区")
    department = publisher("某区教育局", "某省某区")
    report(government, 2022, {"requests.carried_forward.total": 3})
    this = report(department, 2023, {"requests.carried_over.total": 3})
    assert this.pk not in crossyear.checks_for()[0]


def stated(document, key, value, sentence):
    return Metric.objects.create(document=document, key=key, label=key, value=Decimal(value), unit="件",
                                 source="narrative", sentence=sentence)


def test_a_change_the_prose_states_is_held_against_both_years_tables():
    owner = publisher()
    before = report(owner, 2022, {"requests.new.total": 800, "review.total": 10})
    this = report(owner, 2023, {"requests.new.total": 900, "review.total": 7})
    stated(this, "requests.new.total", 900, "全年共收到政府信息公开申请900件，同比增长12.5%。")
    stated(this, "review.total", 7, "因政府信息公开被申请行政复议7件，较上年减少2件。")
    checks = {c.name: c for c in crossyear.checks_for()[0][this.pk]}
    agreeing, disagreeing = checks["stated_change.requests.new.total"], checks["stated_change.review.total"]
    assert agreeing.passed and (agreeing.value, agreeing.expected) == (Decimal("12.5"), Decimal("12.5"))
    assert not disagreeing.passed and (disagreeing.value, disagreeing.expected) == (-2, -3)
    assert "“较上年减少2件”" in disagreeing.sentence() and "2022年 10，2023年 7，按表格计算减少 3 件：不一致" in disagreeing.sentence()
    # A finding, never a correction; shown on the year before's page too.
    assert Metric.objects.get(document=this, key="review.total", source="narrative").value == 7
    assert "stated_change.review.total" in {c.name for c in crossyear.checks_for()[0][before.pk]}


def test_a_change_stated_against_another_year_or_without_last_years_table_is_not_checked():
    owner = publisher()
    report(owner, 2022, {"review.total": 10})
    this = report(owner, 2023, {"requests.new.total": 900, "review.total": 7})
    stated(this, "requests.new.total", 900, "全年共收到政府信息公开申请900件，同比增长12.5%。")
    stated(this, "review.total", 7, "行政复议7件，较2021年减少2件。")
    assert this.pk not in crossyear.checks_for()[0]
