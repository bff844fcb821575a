"""The publishers list at national shape: searched, narrowed to a region or level, paged."""
import json

import pytest

from tests.documents.test_coverage import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def publishers():
    publish("广东省人民政府", "广东省", "province", [2020])
    publish("广东省教育厅", "广东省", "department", [2020, 2021])
    publish("广东省广州市天河区人民政府", "广东省广州市天河区", "district", [2021])
    publish("四川省成都市教育局", "四川省成都市", "department", [2019])
    publish("四川省成都市人民政府", "四川省成都市", "city", [])  # nothing published: not listed


def listed(client, **params):
    data = json.loads(client.get("/p.json", params).content)
    return [p["name"] for p in data["publishers"]], data


def test_it_lists_only_publishers_with_documents_with_their_counts(client, publishers):
    names, data = listed(client)
    assert names == ["四川省成都市教育局", "广东省人民政府", "广东省教育厅", "广东省广州市天河区人民政府"]
    education = data["publishers"][2]
    assert (education["documents"], education["first_year"], education["last_year"]) == (2, 2020, 2021)


def test_it_finds_publishers_by_every_word_typed_in_their_name_or_region(client, publishers):
    assert listed(client, q="教育")[0] == ["四川省成都市教育局", "广东省教育厅"]
    assert listed(client, q="广东 教育")[0] == ["广东省教育厅"]
    assert listed(client, q="天河")[0] == ["广东省广州市天河区人民政府"]


def test_it_narrows_to_a_region_with_everything_inside_it_and_to_a_level(client, publishers):
    assert listed(client, region="广东省")[0] == ["广东省人民政府", "广东省教育厅", "广东省广州市天河区人民政府"]
    assert listed(client, region="广东省", level="department")[0] == ["广东省教育厅"]


def test_it_pages_the_list_and_links_the_next_page(client, publishers):
    names, data = listed(client, size=3)
    assert len(names) == 3 and data["count"] == 4 and data["pages"] == 2
    assert "page=2" in data["next"]
    assert listed(client, size=3, page=2)[0] == ["广东省广州市天河区人民政府"]
    html = client.get("/p/", {"size": 3}).content.decode()
    assert 'rel="next"' in html and "4 个发布机关" in html


def test_the_csv_is_the_whole_list_whatever_the_page(client, publishers):
    body = client.get("/p.csv", {"size": 1}).content.decode("utf-8-sig")
    assert body.count("\n") == 5  # the header and four publishers


def test_a_search_that_finds_nothing_says_so(client, publishers):
    assert "没有符合条件的发布机关" in client.get("/p/", {"q": "不存在的机关"}).content.decode()
