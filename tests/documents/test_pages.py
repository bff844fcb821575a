"""The portal's pages, as a browser gets them."""
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Check, Metric, Section
from tests.documents.corpus import ingest, variant, yangpu_and_changning

pytestmark = pytest.mark.django_db


def page(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return response.content.decode()


@pytest.fixture
def corpus():
    return yangpu_and_changning()


# Home


def test_the_home_page_has_a_search_box_counts_a_coverage_grid_and_recent_documents(client, corpus):
    plan, report, changning = corpus
    html = page(client, "/")
    assert re.search(r'<form class="search-box" action="/search/" method="get"', html)
    assert '<input type="search" name="q"' in html
    assert "<strong>3</strong> 份文件" in html and "<strong>2</strong> 个发布机关" in html
    grid = html[html.index('<table class="grid">'):html.index("</table>")]
    assert re.findall(r'<th scope="col"><a href="/documents/\?year=(\d+)">', grid) == ["2019", "2020", "2021"]
    for document in corpus:
        assert f'href="/d/{document.slug}/" title="{document.title}"' in grid
    yangpu_row = grid[grid.index("上海市杨浦区人民政府"):]
    yangpu_row = yangpu_row[:yangpu_row.index("</tr>")]
    # 2019 empty, 2020 the report, 2021 the plan
    assert re.findall(r"<td>(.*?)</td>", yangpu_row) == [
        "", f'<a class="kind annual_report" href="/d/{report.slug}/" title="{report.title}">报告</a>',
        f'<a class="kind work_plan" href="/d/{plan.slug}/" title="{plan.title}">要点</a>',
    ]
    recent = html[html.index("最近添加"):]
    assert recent.index(changning.title) < recent.index(report.title) < recent.index(plan.title)


def test_the_home_page_says_how_to_load_documents_when_there_are_none(client, db):
    assert "python manage.py ingest samples/" in page(client, "/")


# Documents list


def test_the_documents_list_shows_every_document_newest_first_with_facets(client, corpus):
    plan, report, changning = corpus
    html = page(client, "/documents/")
    assert "3 份文件" in html
    assert html.index(plan.title) < html.index(report.title) < html.index(changning.title)
    kind = html[html.index('data-facet="kind"'):]
    kind = kind[:kind.index("</section>")]
    assert re.findall(r'<a href="\?kind=(\w+)">.*?</a> <span class="count">(\d+)</span>', kind) == [
        ("annual_report", "1"), ("work_plan", "2"),
    ]


def test_choosing_a_facet_filters_the_list_and_the_chosen_option_removes_it_again(client, corpus):
    plan, report, changning = corpus
    html = page(client, "/documents/", kind="work_plan", region="上海市杨浦区")
    assert "1 份文件" in html and plan.title in html and changning.title not in html
    assert '<li class="selected"><a href="?region=%E4%B8%8A%E6%B5%B7%E5%B8%82%E6%9D%A8%E6%B5%A6%E5%8C%BA" aria-current="true"' in html


def test_the_documents_list_filters_by_year_range_topic_and_failing_checks(client, corpus):
    plan, report, changning = corpus
    html = page(client, "/documents/", year_from=2020, year_to=2020)
    assert report.title in html and plan.title not in html and changning.title not in html
    Section.objects.update(topics=[])
    Section.objects.filter(document=changning, order=1).update(topics=["决策公开"])
    html = page(client, "/documents/", topic="decision-making")
    assert changning.title in html and plan.title not in html
    Check.objects.create(document=plan, name="c", passed=False, detail="d", left=1, right=2)
    html = page(client, "/documents/", failing="true")
    assert plan.title in html and report.title not in html and '<span class="fail">× 1</span>' in html


def test_the_documents_list_sorts_and_pages(client, corpus):
    html = page(client, "/documents/", sort="year", size=2)
    titles = re.findall(r'<td><a href="/d/[^"]+/">([^<]+)</a>', html)
    assert titles == [corpus[2].title, corpus[1].title]
    assert '<a rel="next" href="?sort=year&amp;size=2&amp;page=2">' in html
    html = page(client, "/documents/", sort="year", size=2, page=2)
    assert re.findall(r'<td><a href="/d/[^"]+/">([^<]+)</a>', html) == [corpus[0].title]
    assert page(client, "/documents/", page="many").count("<td><a href=\"/d/") == 3


def test_invalid_filters_are_named_on_the_page_and_ignored(client, corpus):
    html = page(client, "/documents/", year="soon")
    assert "<code>year</code>" in html and "（已忽略）" in html and "3 份文件" in html


def test_the_list_links_to_its_data_with_the_same_filters(client, corpus):
    html = page(client, "/documents/", kind="work_plan")
    assert 'href="/documents.json?kind=work_plan"' in html and 'href="/documents.csv?kind=work_plan"' in html


# Publishers


def test_the_publishers_page_lists_each_publisher_with_its_documents_and_years(client, corpus):
    html = page(client, "/p/")
    assert '<a href="/p/shanghai-yangpu/">上海市杨浦区人民政府</a>' in html
    row = html[html.index("/p/shanghai-yangpu/"):]
    row = row[:row.index("</tr>")]
    assert '<td class="num">2</td>' in row and "2020–2021" in row


def test_a_publisher_page_charts_its_key_figures_with_a_missing_year_as_a_gap(client, corpus):
    plan, report, _ = corpus
    older = variant("shanghai-yangpu-2020-annual-report", 1, year=2018)
    for document, value in [(older, 80), (report, 120)]:
        Metric.objects.create(document=document, key="requests.new.total", label="x", value=Decimal(value), source="table")
    Metric.objects.create(document=report, key="review.corrected", label="x", value=Decimal("3.0000"), source="table")
    html = page(client, "/p/shanghai-yangpu/")
    assert html.count('<svg class="chart"') == 2
    applications = html[html.index("申请与答复"):html.index("</svg>")]
    assert re.findall(r'data-year="(\d+)"', applications) == ["2018", "2020"]
    assert "<path" not in applications  # 2019 is missing, so the two points are not joined
    assert ">2019</text>" in applications
    table = html[html.index("<caption>按年份"):]
    table = table[:table.index("</table>")]
    assert '<th scope="row">2020</th><td>120</td><td>—</td><td>—</td><td>3</td>' in table
    assert '<th scope="row">2018</th><td>80</td><td>—</td><td>—</td><td>—</td>' in table
    assert '<th scope="row">2019</th>' not in table
    for document in (plan, report, older):
        assert f'<a href="/d/{document.slug}/">{document.title}</a>' in html


def test_a_publisher_without_readable_tables_says_so_and_draws_no_chart(client, corpus):
    html = page(client, "/p/shanghai-changning/")
    assert "还没有可读的年度报告统计表。" in html and "<svg" not in html


def test_an_unknown_publisher_is_a_404(client, db):
    assert client.get("/p/nobody/").status_code == 404


# Reader


def test_the_reader_has_a_table_of_contents_linking_to_every_sections_anchor(client, corpus):
    plan = corpus[0]
    html = page(client, f"/d/{plan.slug}/")
    toc = html[html.index('<nav class="toc"'):html.index("</nav>", html.index('<nav class="toc"'))]
    sections = list(plan.sections.all())
    assert re.findall(r'<a href="#s-(\d+)">', toc) == [str(s.order) for s in sections]
    for section in sections:
        assert f'id="s-{section.order}"' in html
    # (一) under 一 also answers to s-1-1, (三) under 二... as a reader cites it
    assert '<span class="anchor" id="s-1-1"></span>' in html and 'id="s-5-1"' in html
    assert toc.count("<ol") > 1  # nested


def test_the_reader_links_to_the_original_text_and_to_the_raw_file(client, corpus):
    plan = corpus[0]
    html = page(client, f"/d/{plan.slug}/")
    assert f'<a href="/d/{plan.slug}/original/">原文及清洗标记</a>' in html
    assert f'<a href="/d/{plan.slug}/raw" download>下载原始文件</a>' in html
    response = client.get(f"/d/{plan.slug}/", {"view": "original"})
    assert response.status_code == 302 and response["Location"] == f"/d/{plan.slug}/original/"


def test_the_reader_links_comparisons_with_neighbouring_years_and_other_publishers(client, corpus):
    plan, report, changning = corpus
    plan_2020 = variant("shanghai-yangpu-2021-work-plan", 1, year=2020)
    html = page(client, f"/d/{plan_2020.slug}/")
    compare = html[html.index('id="compare"'):]
    assert f'<a href="/compare/{plan_2020.slug}/{plan.slug}/" data-relation="next">' in compare
    assert f'<a href="/compare/{plan_2020.slug}/{report.slug}/" data-relation="same_publisher">' in compare
    html = page(client, f"/d/{plan.slug}/")
    assert f'<a href="/compare/{plan.slug}/{plan_2020.slug}/" data-relation="previous">' in html
    html = page(client, f"/d/{changning.slug}/")
    assert "暂无可对比的文件。" in html


def test_the_reader_shows_tables_checks_and_topics_of_a_report(client, db):
    report = ingest("shanghai-2023-annual-report")
    Section.objects.filter(document=report, order=0).update(topics=["决策公开", "旧主题"])
    html = page(client, f"/d/{report.slug}/")
    assert '<table class="stats">' in html and "<td>34290</td>" in html
    assert 'id="checks"' in html and "项核对全部通过" in html and "√" in html
    assert '<a class="topic" href="/topics/decision-making/">决策公开</a>' in html
    assert '<a class="topic" href="/documents/?topic=%E6%97%A7%E4%B8%BB%E9%A2%98">旧主题</a>' in html


def test_the_original_text_marks_removed_junk_duplicates_and_chrome(client, corpus):
    report = corpus[1]
    html = page(client, f"/d/{report.slug}/original/")
    assert re.search(r'<del class="edit noise" data-action="remove_noise" data-edit="\d+" title="[^"]+">再謎局</del>', html)
    assert html.count('data-action="remove_duplicate_block"') == 12
    assert re.search(r'data-action="remove_page_chrome"[^>]*>相關詞條', html)
    assert '<span class="edit-sample edit noise">去除混入的乱码</span> 7 处' in html
    assert "<code>remove_noise</code>" not in html   # the legend names actions in words


def test_the_original_text_marks_rejoined_breaks(client, corpus):
    plan = corpus[0]
    html = page(client, f"/d/{plan.slug}/original/")
    assert re.search(r'明确<del class="edit ws rejoin" data-action="rejoin_breaks"[^>]*>\n+</del>', html)
    assert html.count('data-action="rejoin_breaks"') == 10


def test_a_document_that_needed_no_cleaning_says_so(client, db):
    document = variant("shanghai-yangpu-2021-work-plan", 0)
    type(document).objects.filter(pk=document.pk).update(edits=[])
    assert "没有任何修改。" in page(client, f"/d/{document.slug}/original/")


def test_unpublished_documents_are_not_shown(client, corpus):
    plan = corpus[0]
    type(plan).objects.filter(pk=plan.pk).update(is_published=False)
    for path in [f"/d/{plan.slug}/", f"/d/{plan.slug}/original/", f"/d/{plan.slug}/raw", f"/d/{plan.slug}.json"]:
        assert client.get(path).status_code == 404
    assert plan.title not in page(client, "/documents/") and plan.title not in page(client, "/")


# Query counts


PAGES = [
    "/", "/index.json", "/index.csv", "/documents/", "/documents.json", "/documents.csv",
    "/documents/?kind=work_plan&failing=false&topic=decision-making&sort=-added",
    "/p/", "/p.json", "/p.csv", "/p/shanghai-yangpu/", "/p/shanghai-yangpu.json", "/p/shanghai-yangpu.csv",
    "/d/{slug}/", "/d/{slug}.json", "/d/{slug}.csv", "/d/{slug}/original/", "/d/{slug}/original.json",
    "/d/{slug}/original.csv", "/d/{slug}/raw",
    "/api/documents/", "/api/documents/{slug}/", "/api/sections/", "/api/metrics/", "/api/publishers/",
]


def query_counts(client, slug):
    counts = {}
    for path in PAGES:
        path = path.format(slug=slug)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_the_number_of_queries_of_every_page_does_not_grow_with_the_documents(client, db):
    first = variant("shanghai-yangpu-2021-work-plan", 0, year=2010)
    variant("shanghai-yangpu-2020-annual-report", 0, year=2011)
    with_two = query_counts(client, first.slug)
    for n in range(1, 5):
        document = variant("shanghai-yangpu-2021-work-plan", n, year=2011 + n)
        Check.objects.create(document=document, name="c", passed=n % 2 == 0, detail="d", left=1, right=2)
        Metric.objects.create(document=document, key="review.corrected", label="x", value=n, source="table")
    with_six = query_counts(client, first.slug)
    assert with_six == with_two
    assert max(with_six.values()) <= 15
