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
