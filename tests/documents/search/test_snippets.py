"""Highlighted headings and passages (documents/search/snippets.py)."""
from documents.search import snippets


def test_highlighting_escapes_the_text_and_marks_every_match():
    html = snippets.highlight('<b>"ESG"</b> 报告 test', ["esg", "报告", "es"])
    assert html == '&lt;b&gt;&quot;<mark>ESG</mark>&quot;&lt;/b&gt; <mark>报告</mark> test'


def test_the_snippet_is_the_passage_with_the_most_different_matches():
    text = "甲" * 400 + "碳普惠" + "乙" * 400 + "碳普惠和碳交易" + "丙" * 400
    html = snippets.snippet(text, ["碳普惠", "碳交易"], width=60)
    assert "<mark>碳普惠</mark>和<mark>碳交易</mark>" in html
    assert html.startswith("…") and html.endswith("…")


def test_a_match_longer_than_the_snippet_still_gives_a_snippet():
    phrase = "信息公开" * 60
    html = snippets.snippet("前言。" + phrase + "。结尾", [phrase, "结尾"], width=50)
    assert "<mark>结尾</mark>" in html


def _needles(query, text):
    from documents.search.query import parse_query

    return snippets.term_needles(parse_query(query).terms, text)


def test_a_term_the_text_holds_whole_is_one_mark_and_its_parts_elsewhere_stay_unmarked():
    text = "本机关的信息公开工作。另有信息发布和公开栏。"
    html = snippets.highlight(text, _needles("信息公开", text))
    assert html == "本机关的<mark>信息公开</mark>工作。另有信息发布和公开栏。"


def test_a_phrase_is_one_mark_never_split_into_its_words():
    text = "依申请信息公开的办理"
    for query in ('"信息公开"', "信息公开", "信息 公开"):
        html = snippets.highlight(text, _needles(query, text))
        assert html == "依申请<mark>信息公开</mark>的办理", query


def test_the_words_of_a_term_are_marked_apart_only_when_the_text_never_holds_it_whole():
    text = "公开的方式：信息发布"
    html = snippets.highlight(text, _needles("信息公开", text))
    assert html == "<mark>公开</mark>的方式：<mark>信息</mark>发布"


def test_a_traditional_term_marks_its_simplified_form_as_a_whole():
    text = "做好政府信息公开。"
    assert snippets.highlight(text, _needles("資訊公開 OR 信息公開", text)) == "做好政府<mark>信息公开</mark>。"
