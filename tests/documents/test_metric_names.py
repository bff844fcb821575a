"""metric_names: each metric as the template's row × column, and finding one by words."""
from documents import metric_names
from documents.ingest.metric_keys import KEYS


def test_every_metric_has_a_name_of_its_own_from_the_templates_labels():
    names = metric_names.names()
    assert list(names) == list(KEYS)
    assert len(set(names.values())) == len(names)
    assert names["requests.new.natural_person"] == "本年新收政府信息公开申请数量 · 自然人"
    assert names["outcome.withheld.state_secret.total"] == "不予公开 › 属于国家秘密 · 总计"
    assert names["review.corrected"] == "行政复议 · 结果纠正"
    assert names["proactive.licensing.decisions"] == "行政许可 · 本年处理决定数量"
    # 其他 the column and 其他 the row are told apart
    assert names["outcome.other.other.other_org"] == "其他处理 › 其他 · 法人或其他组织 › 其他"


def test_a_metric_is_found_by_its_name_by_a_few_of_its_words_in_any_order_or_by_its_key():
    assert metric_names.find("本年新收政府信息公开申请数量 · 自然人") == ["requests.new.natural_person"]
    assert metric_names.find("新收 自然人") == ["requests.new.natural_person"]
    assert metric_names.find("自然人 新收") == ["requests.new.natural_person"]
    assert metric_names.find("行政复议 结果纠正") == ["review.corrected"]
    assert metric_names.find("review.corrected") == ["review.corrected"]


def test_a_search_in_traditional_characters_finds_the_same_metric():
    assert metric_names.find("行政復議 結果糾正") == ["review.corrected"]


def test_words_that_many_metrics_hold_give_them_all_in_the_templates_order_and_nonsense_gives_none():
    found = metric_names.find("自然人")
    assert len(found) == 29 and found[0] == "requests.new.natural_person"
    assert metric_names.find("天气预报") == [] and metric_names.find("  ") == []
