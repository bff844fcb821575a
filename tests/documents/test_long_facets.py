"""Facets with thousands of values: the most frequent shown, a box to find the rest; counts kept
in the cache until the collection changes."""
import json

import pytest

from documents import filters, pagecache
from tests.documents.test_coverage import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(monkeypatch):
    monkeypatch.setattr(filters, "FACET_TOP", 2)
    publish("广东省人民政府", "广东省", "province", [2018, 2019, 2020])
    publish("广东省教育厅", "广东省", "department", [2019, 2020])
    publish("四川省成都市人民政府", "四川省成都市", "city", [2020])
    publish("四川省成都市教育局", "四川省成都市", "department", [2020])


def facets(client, **params):
    data = json.loads(client.get("/documents.json", params).content)
    return {name: [o["label"] for o in options] for name, options in data["facets"].items()}, data


def test_a_long_facet_shows_its_most_frequent_values_and_how_many_more_there_are(client, many):
    shown, data = facets(client)
    assert shown["publisher"] == ["广东省人民政府", "广东省教育厅"]
    assert data["facets_more"]["publisher"] == 2
    assert "kind" not in data["facets_more"]  # a short facet is whole


def test_the_box_finds_a_value_beyond_the_most_frequent_by_the_words_typed(client, many):
    shown, _ = facets(client, publisher_find="成都 教育")
    assert shown["publisher"] == ["四川省成都市教育局"]
    html = client.get("/documents/", {"publisher_find": "成都"}).content.decode()
    assert 'name="publisher_find" value="成都"' in html
    # Choosing a found value drops the words typed.
    assert "?publisher_find" not in html.split('data-facet="publisher"')[1].split("</ul>")[0]


def test_a_chosen_value_stays_in_view_however_rare(client, many):
    slug = json.loads(client.get("/documents.json", {"publisher_find": "成都市教育局"}).content)["facets"]["publisher"][0]["value"]
    shown, _ = facets(client, publisher=slug)
    assert "四川省成都市教育局" in shown["publisher"]


def test_regions_count_the_documents_of_every_region_inside_them(client, many, monkeypatch):
    monkeypatch.setattr(filters, "FACET_TOP", 10)
    data = json.loads(client.get("/documents.json").content)
    counts = {o["value"]: o["count"] for o in data["facets"]["region"]}
    assert counts == {"四川省成都市": 2, "广东省": 5}


def test_counts_kept_in_the_cache_are_given_up_as_soon_as_a_document_is_added(client, many, monkeypatch):
    monkeypatch.setattr(pagecache, "CACHE_FROM_DOCUMENTS", -10)
    monkeypatch.setattr(filters, "FACET_TOP", 10)
    before = {o["value"]: o["count"] for o in json.loads(client.get("/documents.json").content)["facets"]["year"]}
    publish("广东省教育厅", "广东省", "department", [2021])
    after = {o["value"]: o["count"] for o in json.loads(client.get("/documents.json").content)["facets"]["year"]}
    assert "2021" not in before and after["2021"] == 1
