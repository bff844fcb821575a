"""The metrics explorer as a reader uses it: the metric picked by Chinese names, English keys only
in URLs and data, and a plain 404 page for what does not exist."""
import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from documents.ingest.metric_keys import KEYS
from tests.documents.corpus import ingest

pytestmark = pytest.mark.django_db


def visible_text(html):
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style"):
        node.decompose()
    return tree.body.text()


def test_the_picker_lists_every_metric_by_its_chinese_name_and_keeps_the_key_out_of_sight(client):
    ingest("shanghai-2023-annual-report")
    html = client.get("/metrics/?key=requests.new.natural_person").content.decode()
    tree = LexborHTMLParser(html)
    options = tree.css("datalist#metric-names option")
    assert len(options) == len(KEYS)
    assert {o.attributes["value"]: o.attributes["data-key"] for o in options}[
        "本年新收政府信息公开申请数量 · 自然人"] == "requests.new.natural_person"
    assert tree.css_first("input#metric").attributes["value"] == "本年新收政府信息公开申请数量 · 自然人"
    assert tree.css_first("label[for=metric]").text() == "指标"
    text = visible_text(html)
    assert "本年新收政府信息公开申请数量 · 自然人" in text and "32419" in text
    assert "requests." not in text and "natural_person" not in text


def test_words_typed_in_the_picker_lead_to_the_metrics_address_under_its_key(client):
    response = client.get("/metrics/", {"metric": "新收 自然人", "publisher": "shanghai"})
    assert response.status_code == 302
    assert response["Location"] == "/metrics/?publisher=shanghai&key=requests.new.natural_person"


def test_words_many_metrics_hold_give_a_list_to_choose_from(client):
    response = client.get("/metrics/", {"metric": "结果纠正"})
    assert response.status_code == 200
    links = LexborHTMLParser(response.content.decode()).css(".metric-choices li a")
    assert [a.text() for a in links][:2] == ["行政复议 · 结果纠正", "行政诉讼 › 未经复议直接起诉 · 结果纠正"]
    assert links[0].attributes["href"] == "/metrics/?key=review.corrected"


@pytest.mark.parametrize("query, words", [
    ({"metric": "天气预报"}, "没有找到与“天气预报”相符的指标。"),
    ({"key": "no.such.key"}, "没有代码为“no.such.key”的指标。"),
    ({"indicator": "nope"}, "没有名为“nope”的派生指标。"),
    ({"publisher": "nobody"}, "没有代码为“nobody”的发布机关。"),
])
def test_what_does_not_exist_is_a_plain_404_page_in_chinese_with_the_way_back(client, query, words):
    response = client.get("/metrics/", query)
    assert response.status_code == 404
    page = LexborHTMLParser(response.content.decode())
    assert page.css_first("p.message").text() == words
    assert page.css_first(".not-found a").attributes["href"] in ("/metrics/", "/indicators/")
    assert "Traceback" not in response.content.decode()


def test_the_data_of_an_unknown_metric_is_a_404_with_the_same_words(client):
    for path in ("/metrics.json", "/metrics.csv"):
        response = client.get(path, {"key": "no.such.key"})
        assert response.status_code == 404
        assert json.loads(response.content)["error"] == "没有代码为“no.such.key”的指标。"


def test_an_unknown_indicator_page_and_a_figure_a_document_does_not_state_are_404_pages_in_chinese(client):
    report = ingest("shanghai-2023-annual-report")
    response = client.get("/indicators/nope/")
    assert response.status_code == 404 and "没有名为“nope”的派生指标。" in response.content.decode()
    response = client.get(f"/d/{report.slug}/metrics/proactive.procurement.count/")
    assert response.status_code == 404
    assert f"《{report.title}》没有写明政府集中采购 · 采购项目数量的数字。" in response.content.decode()


def test_indicator_pages_give_the_formula_in_the_templates_names_not_in_keys(client):
    for path in ("/indicators/", "/indicators/disclosure_rate/"):
        response = client.get(path)
        assert response.status_code == 200
        text = visible_text(response.content.decode())
        assert "(予以公开 · 总计 + 部分公开 · 总计) ÷ 办理结果总计 · 总计 × 100%" in text
        assert "outcome." not in text and "review." not in text
