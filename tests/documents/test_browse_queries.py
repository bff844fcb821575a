"""The query API and model methods behind the browse pages."""
from decimal import Decimal

import pytest
from django.http import QueryDict

from documents.filters import DocumentFilter, facet_counts
from documents.models import Check, Document, Metric, Publisher, Section
from documents.views.home import coverage_grid
from documents.views.publishers import KEY_FIGURES, figure_table
from tests.documents.corpus import variant, yangpu_and_changning

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    plan, report, changning = yangpu_and_changning()
    # Ingest tags sections by keyword; these tests choose the topics themselves.
    Section.objects.update(topics=[])
    Section.objects.filter(document=plan, order=1).update(topics=["决策公开", "政策解读"])
    Section.objects.filter(document=changning, order=2).update(topics=["决策公开"])
    Check.objects.create(document=report, name="balance", passed=False, detail="x", left=1, right=2)
    Check.objects.create(document=plan, name="balance", passed=True, detail="x", left=1, right=1)
    return plan, report, changning


def slugs(qs):
    return sorted(d.slug for d in qs)


def test_documents_with_failing_checks_and_without(corpus):
    plan, report, changning = corpus
    assert slugs(Document.objects.having_failing_checks()) == [report.slug]
    assert slugs(Document.objects.having_failing_checks(False)) == sorted([plan.slug, changning.slug])


def test_documents_by_the_topic_of_any_of_their_sections(corpus):
    plan, _, changning = corpus
    assert slugs(Document.objects.with_topic("决策公开")) == sorted([plan.slug, changning.slug])
    assert slugs(Document.objects.with_topic("政策解读")) == [plan.slug]


def test_topic_counts_count_documents_not_sections(corpus):
    plan, _, _ = corpus
    Section.objects.filter(document=plan, order=2).update(topics=["决策公开"])
    assert Document.objects.topic_counts() == {"决策公开": 2, "政策解读": 1}
    assert Document.objects.filter(pk=plan.pk).topic_counts() == {"决策公开": 1, "政策解读": 1}


def test_summaries_leave_the_texts_and_the_raw_file_in_the_database(corpus):
    document = Document.objects.summaries().get(pk=corpus[0].pk)
    assert {"raw", "original_text", "clean_text", "edits"} <= document.get_deferred_fields()


def test_check_counts_count_failing_and_all_checks(corpus):
    counts = {d.slug: (d.failing_checks, d.check_count) for d in Document.objects.with_check_counts()}
    assert counts == {corpus[0].slug: (0, 1), corpus[1].slug: (1, 1), corpus[2].slug: (0, 0)}


def test_publishers_count_their_published_documents_and_years(corpus):
    Document.objects.filter(pk=corpus[1].pk).update(is_published=False)
    yangpu = Publisher.objects.with_published_counts().get(slug="shanghai-yangpu")
    assert (yangpu.document_count, yangpu.first_year, yangpu.last_year) == (1, 2021, 2021)


def test_the_filter_set_filters_by_region_inclusively_by_year_range_and_by_failing_checks(corpus):
    plan, report, changning = corpus

    def run(**params):
        return slugs(DocumentFilter(QueryDict(mutable=True) | params, queryset=Document.objects.all()).qs)

    assert run(region="上海市") == slugs(corpus)
    assert run(region="上海市杨浦区") == sorted([plan.slug, report.slug])
    assert run(year_from="2020", year_to="2020") == [report.slug]
    assert run(failing="true") == [report.slug]
    assert run(topic="政策解读", kind="work_plan") == [plan.slug]
    assert run(topic="policy-interpretation") == [plan.slug]
    assert run(level="district", publisher="shanghai-changning") == [changning.slug]


def test_facet_counts_count_each_choice_under_the_other_filters_only(corpus):
    data = QueryDict("kind=work_plan&region=上海市杨浦区")
    facets = {f.name: f for f in facet_counts(data, Document.objects.all())}
    # The kind facet ignores the kind filter: it shows what choosing another kind would give.
    assert {o.value: o.count for o in facets["kind"].options} == {"annual_report": 1, "work_plan": 1}
    assert [o.value for o in facets["kind"].options if o.selected] == ["work_plan"]
    # The region facet ignores the region filter; 上海市 counts the districts inside it.
    assert {o.value: o.count for o in facets["region"].options} == {"上海市杨浦区": 1, "上海市长宁区": 1}
    assert {(o.value, o.label): o.count for o in facets["topic"].options} == {
        ("decision-making", "决策公开"): 1, ("policy-interpretation", "政策解读"): 1,
    }
    assert {o.value: o.count for o in facets["failing"].options} == {"false": 1}
    assert {o.value: o.count for o in facets["year"].options} == {"2021": 1}


def test_a_facet_option_links_to_the_list_with_it_chosen_or_when_chosen_without_it(corpus):
    data = QueryDict("kind=work_plan&page=3&year_from=2019")
    facets = {f.name: f for f in facet_counts(data, Document.objects.all())}
    work_plan = next(o for o in facets["kind"].options if o.value == "work_plan")
    assert work_plan.query == "?year_from=2019"
    year = facets["year"].options[0]
    assert year.query == f"?kind=work_plan&year={year.value}"


def test_the_coverage_grid_has_a_column_for_every_year_between_the_first_and_the_last(corpus):
    plan, report, changning = corpus
    publishers = list(Publisher.objects.all())
    years, rows = coverage_grid(publishers, list(Document.objects.all()))
    assert years == [2019, 2020, 2021]
    grid = {p.slug: [[d.slug for d in cell] for cell in cells] for p, cells in rows}
    assert grid == {
        "shanghai-yangpu": [[], [report.slug], [plan.slug]],
        "shanghai-changning": [[changning.slug], [], []],
    }


def test_an_empty_corpus_has_an_empty_grid():
    assert coverage_grid([], []) == ([], [])


def test_a_publishers_figures_come_from_its_published_reports_tables_only(corpus):
    plan, report, _ = corpus
    hidden = variant("shanghai-yangpu-2020-annual-report", 1, year=2019)
    Metric.objects.create(document=report, key="requests.new.total", label="x", value=120, source="table")
    Metric.objects.create(document=report, key="review.corrected", label="x", value=3, source="narrative")
    Metric.objects.create(document=plan, key="review.corrected", label="x", value=9, source="table")
    Metric.objects.create(document=hidden, key="requests.new.total", label="x", value=7, source="table")
    Document.objects.filter(pk=hidden.pk).update(is_published=False)
    yangpu = Publisher.objects.get(slug="shanghai-yangpu")
    assert yangpu.figures_by_year(["requests.new.total", "review.corrected"]) == {
        "requests.new.total": {2020: Decimal(120)},
        "review.corrected": {},
    }


def test_the_figure_table_lists_years_with_any_figure_newest_first_and_none_for_missing():
    figures = {key: {} for key, *_ in KEY_FIGURES}
    figures["requests.new.total"] = {2019: 5, 2021: 7}
    figures["review.corrected"] = {2021: 1}
    assert figure_table(figures, [2019, 2020, 2021]) == [(2021, [7, None, None, 1]), (2019, [5, None, None, None])]


def test_comparison_candidates_are_the_nearest_years_and_the_same_years_others(corpus):
    plan, report, changning = corpus
    plan_2019 = variant("shanghai-yangpu-2021-work-plan", 1, year=2019)
    plan_2017 = variant("shanghai-yangpu-2021-work-plan", 2, year=2017)
    changning_2021 = variant("shanghai-changning-2019-work-plan", 1, year=2021)
    candidates = plan.comparison_candidates()
    assert candidates["previous"] == plan_2019 and candidates["next"] is None
    assert candidates["same_publisher"] == [] and candidates["same_year"] == [changning_2021]
    candidates = plan_2017.comparison_candidates()
    assert candidates["previous"] is None and candidates["next"] == plan_2019
    report_2019 = variant("shanghai-yangpu-2020-annual-report", 1, year=2019)
    candidates = plan_2019.comparison_candidates()
    assert candidates["same_publisher"] == [report_2019]
    assert candidates["same_year"] == [changning]  # changning's 2019 plan
    assert plan.compare_url(changning) == f"/compare/{plan.slug}/{changning.slug}/"


def test_a_section_links_to_its_anchor_in_its_document(corpus):
    section = Section.objects.get(document=corpus[0], order=3)
    assert section.anchor == "s-3"
    assert section.get_absolute_url() == f"/d/{corpus[0].slug}/#s-3"
