"""The home page's coverage at national shape: regions rolled up level by level, with drill down."""
import itertools
import json

import pytest

from documents import coverage
from documents.models import Document, Publisher

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def publish(name, region, level, years, kind="annual_report"):
    """A publisher with one document of `kind` for each of `years`."""
    publisher, _ = Publisher.objects.get_or_create(
        name=name, defaults={"region": region, "level": level, "slug": f"pub-{next(_numbers)}"}
    )
    for year in years:
        n = next(_numbers)
        Document.objects.create(
            publisher=publisher, year=year, kind=kind, title=f"{name}{year}", slug=f"doc-{n}", raw=b"",
            sha256=f"{n:064d}", encoding="utf-8", script="simplified", original_text="", clean_text="", parser_version="t",
        )
    return publisher


@pytest.fixture
def nation(monkeypatch):
    """Two provinces; every region with more than two publishers is shown as rows of regions."""
    monkeypatch.setattr(coverage, "FLAT_LIMIT", 2)
    publish("广东省人民政府", "广东省", "province", [2020, 2021])
    publish("广东省教育厅", "广东省", "department", [2021])
    publish("广东省广州市人民政府", "广东省广州市", "city", [2020])
    publish("广东省广州市天河区人民政府", "广东省广州市天河区", "district", [2020, 2021])
    publish("广东省广州市越秀区人民政府", "广东省广州市越秀区", "district", [2021])
    publish("广东省广州市越秀区人民政府", "广东省广州市越秀区", "district", [2021], kind="work_plan")
    publish("四川省成都市人民政府", "四川省成都市", "city", [2019])


def home_json(client, **params):
    return json.loads(client.get("/index.json", params).content)


def test_the_home_page_rolls_many_publishers_up_into_provinces_with_documents_per_year(client, nation):
    data = home_json(client)
    assert data["region"] == "" and data["path"] == []
    assert data["years"] == [2019, 2020, 2021]
    rows = {r["region"]: r for r in data["regions"]}
    assert set(rows) == {"广东省", "四川省"}
    assert rows["广东省"]["publishers"] == 5 and rows["广东省"]["documents"] == 8
    assert rows["广东省"]["years"] == {"2020": 3, "2021": 5}
    assert rows["四川省"]["years"] == {"2019": 1} and rows["四川省"]["publishers"] == 1
    assert data["coverage"] == []  # no publisher sits at the top
    assert data["counts"]["documents"] == 9 and data["counts"]["publishers"] == 6


def test_a_province_shows_its_cities_as_rows_and_its_own_government_and_departments_document_by_document(client, nation):
    data = home_json(client, region="广东省")
    assert [step["name"] for step in data["path"]] == ["广东省"]
    assert [(r["name"], r["publishers"], r["years"]) for r in data["regions"]] == [
        ("广州市", 3, {"2020": 2, "2021": 3}),
    ]
    assert {(r["publisher"], r["year"]) for r in data["coverage"]} == {
        ("广东省人民政府", 2020), ("广东省人民政府", 2021), ("广东省教育厅", 2021),
    }


def test_a_region_with_few_publishers_lists_each_of_them(client, nation, monkeypatch):
    monkeypatch.setattr(coverage, "FLAT_LIMIT", 3)
    data = home_json(client, region="广东省广州市")
    assert [step["name"] for step in data["path"]] == ["广东省", "广州市"]
    assert data["regions"] == []
    assert {r["publisher"] for r in data["coverage"]} == {
        "广东省广州市人民政府", "广东省广州市天河区人民政府", "广东省广州市越秀区人民政府",
    }


def test_the_page_links_each_region_row_down_a_level_and_each_count_to_its_documents(client, nation):
    html = client.get("/").content.decode()
    assert '<a href="?region=%E5%B9%BF%E4%B8%9C%E7%9C%81">广东省</a>' in html
    assert 'href="/documents/?region=%E5%B9%BF%E4%B8%9C%E7%9C%81&amp;year=2021">5</a>' in html
    listed = client.get("/documents.json", {"region": "广东省", "year": 2021})
    assert json.loads(listed.content)["count"] == 5


def test_a_collection_of_one_province_opens_at_that_province(client, monkeypatch):
    monkeypatch.setattr(coverage, "FLAT_LIMIT", 1)
    publish("广东省广州市人民政府", "广东省广州市", "city", [2020])
    publish("广东省深圳市人民政府", "广东省深圳市", "city", [2020])
    data = home_json(client)
    assert data["region"] == "广东省"
    assert [r["name"] for r in data["regions"]] == ["广州市", "深圳市"]


def test_a_region_the_gazetteer_does_not_know_is_a_row_of_its_own_under_the_region_it_starts_with(client, monkeypatch):
    monkeypatch.setattr(coverage, "FLAT_LIMIT", 1)
    publish("广东省人民政府", "广东省", "province", [2020])
    publish("广东省某某新区管委会", "广东省某某新区", "district", [2020])
    publish("广东省广州市人民政府", "广东省广州市", "city", [2020])
    data = home_json(client, region="广东省")
    assert {r["region"]: r["name"] for r in data["regions"]} == {"广东省广州市": "广州市", "广东省某某新区": "某某新区"}
    assert coverage.path_of("广东省某某新区") == [("广东省", "广东省"), ("某某新区", "广东省某某新区")]


def test_a_region_without_documents_says_so(client, nation):
    html = client.get("/", {"region": "西藏自治区"}).content.decode()
    assert "这一地区还没有文件" in html


def test_a_superseded_version_is_not_counted_in_its_region(client, nation):
    old = Document.objects.get(publisher__name="四川省成都市人民政府")
    publish("四川省成都市人民政府", "四川省成都市", "city", [2019])
    new = Document.objects.filter(publisher__name="四川省成都市人民政府").exclude(pk=old.pk).get()
    new.supersedes, new.version = old, 2
    new.save()
    rows = {r["region"]: r for r in home_json(client)["regions"]}
    assert rows["四川省"]["documents"] == 1
