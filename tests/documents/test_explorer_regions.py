"""The metrics explorer picks publishers by region, and asks for a region when too many are selected."""
import json

import pytest

from documents.models import Document, Metric
from documents.views import metrics
from tests.documents.test_coverage import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    for name, region, level in [
        ("广东省广州市人民政府", "广东省广州市", "city"),
        ("广东省广州市天河区人民政府", "广东省广州市天河区", "district"),
        ("四川省成都市人民政府", "四川省成都市", "city"),
    ]:
        publish(name, region, level, [2020, 2021])
    for n, document in enumerate(Document.objects.order_by("pk")):
        document.tables = [{"format": "2021"}]
        document.save()
        Metric.objects.create(document=document, key="requests.new.total", label="本年新收", value=100 + n, source="table")


def explored(client, **params):
    return json.loads(client.get("/metrics.json", {"key": "requests.new.total", **params}).content)


def test_a_region_narrows_the_table_to_its_publishers_and_those_inside_it(client, reports):
    data = explored(client, region="广东省")
    assert {v["publisher"] for v in data["values"]} == {"广东省广州市人民政府", "广东省广州市天河区人民政府"}
    assert data["publishers"] == 2 and data["narrow"] is False


def test_too_many_publishers_without_a_region_give_no_values_but_a_request_to_narrow(client, reports, monkeypatch):
    monkeypatch.setattr(metrics, "EXPLORER_PUBLISHERS", 2)
    data = explored(client)
    assert data["narrow"] is True and data["values"] == [] and data["publishers"] == 3
    assert explored(client, region="四川省")["narrow"] is False
    html = client.get("/metrics/", {"key": "requests.new.total"}).content.decode()
    assert "请选择地区或发布机关" in html


def test_the_page_offers_provinces_and_cities_and_ticks_only_the_regions_publishers(client, reports, monkeypatch):
    monkeypatch.setattr(metrics, "EXPLORER_PUBLISHERS", 2)
    html = client.get("/metrics/", {"key": "requests.new.total", "region": "广东省广州市"}).content.decode()
    assert '<option value="广东省广州市" selected>广东省 › 广州市</option>' in html
    assert '<option value="四川省">四川省</option>' in html
    picker = html[html.index('<fieldset class="publishers">'):html.index("</fieldset>")]
    assert "广东省广州市天河区人民政府" in picker and "四川省成都市人民政府" not in picker
