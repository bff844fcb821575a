"""Between levels: a region-wide figure a government's report states, next to the sum of the
same figure in its lower governments' reports, with the coverage and never a verdict."""
import json
from decimal import Decimal

import pytest

from documents import levels
from documents.loader import ingest_bytes
from documents.models import Metric, Publisher
from tests.conftest import sample_bytes
from tests.documents.test_crossyear import report

pytestmark = pytest.mark.django_db


def government(name, region, level):
    return Publisher.objects.create(name=name, region=region, level=level, slug=f"g{abs(len(region))}{Publisher.objects.count()}")


def test_it_knows_a_clause_about_the_whole_region_from_one_about_the_agency_itself():
    assert levels.is_region_wide("2023年，全市共收到政府信息公开申请34290件，较上年上升。", "34290件", "全市")
    assert not levels.is_region_wide("本机关收到申请12件，全市共3家单位。", "12件", "全市")
    # A figure stored without its words is found by its digits, only where they stand once.
    assert levels.is_region_wide("全市共收到申请34290件，上升29.3%;", "", "全市", Decimal(34290))
    assert not levels.is_region_wide("全市共收到申请120件，其中120件为自然人。", "", "全市", Decimal(120))


def test_it_names_the_governments_directly_under_a_region_from_the_gazetteer():
    districts = levels.lower_regions("上海市")
    assert "上海市杨浦区" in districts and len(districts) == 16
    assert levels.lower_regions("某省某区") is None


@pytest.fixture
def city_and_districts():
    city = government("上海市人民政府", "上海市", "city")
    stated = report(city, 2023, {})
    Metric.objects.create(document=stated, key="requests.new.total", label="收到申请", value=Decimal(100), unit="件",
                          source="narrative", raw="100件", sentence="2023年，全市共收到政府信息公开申请100件。")
    yangpu = report(government("上海市杨浦区人民政府", "上海市杨浦区", "district"), 2023, {"requests.new.total": 30})
    changning = report(government("上海市长宁区人民政府", "上海市长宁区", "district"), 2023, {"requests.new.total": 20})
    # Another year's report of a district is not summed.
    report(government("上海市徐汇区人民政府", "上海市徐汇区", "district"), 2022, {"requests.new.total": 99})
    return stated, yangpu, changning


def test_it_puts_the_region_wide_figure_next_to_the_lower_reports_sum_with_the_coverage(city_and_districts):
    stated, yangpu, changning = city_and_districts
    [comparison] = levels.for_document(stated)
    assert (comparison.stated, comparison.total, comparison.expected) == (100, 50, 16)
    assert {d.pk for d, _ in comparison.children} == {yangpu.pk, changning.pk}
    assert not comparison.complete
    sentence = comparison.sentence_zh(2023)
    assert "已收录 2/16 个下级政府的报告，合计 50" in sentence and "不作比较判断" in sentence
    assert "不一致" not in sentence


def test_the_reader_page_and_its_data_show_the_comparison(client, city_and_districts):
    stated, yangpu, _ = city_and_districts
    page = client.get(stated.get_absolute_url()).content.decode()
    assert 'id="levels"' in page and yangpu.get_absolute_url() in page
    data = json.loads(client.get(stated.get_absolute_url().rstrip("/") + ".json").content)
    [comparison] = data["level_comparisons"]
    assert (comparison["stated"], comparison["children_total"], comparison["children"], comparison["complete"]) == (
        100, 50, 2, False)


def test_the_shanghai_report_states_its_city_wide_applications_but_shows_no_comparison_without_a_lower_report():
    document = ingest_bytes(sample_bytes("shanghai-2023-annual-report"), filename="shanghai.txt").document
    assert levels.region_wide_figures(document)["requests.new.total"].value == 34290
    assert levels.for_document(document) == []
