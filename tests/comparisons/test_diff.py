import opencc

from comparisons.diff import Piece, change_ratio, diff, is_unchanged


def test_identical_text_is_unchanged():
    text = "严格落实政策解读“三同步”制度，提高解读的针对性。"
    assert is_unchanged(diff(text, text))


def test_script_punctuation_width_and_spaces_are_not_changes():
    a = "严格落实政策解读“三同步”制度，提高解读的针对性。"
    b = opencc.OpenCC("s2twp").convert(a).replace("，", ",").replace("。", ". ")
    assert is_unchanged(diff(a, b))


def test_a_real_change_is_shown_word_by_word():
    pieces = diff("全年共举办新闻发布会54场。", "全年共举办新闻发布会60场。")
    assert Piece("delete", "54") in pieces and Piece("insert", "60") in pieces
    assert "".join(p.text for p in pieces if p.op != "delete") == "全年共举办新闻发布会60场。"
    assert 0 < change_ratio(pieces) < 0.3


def test_an_insertion_keeps_the_rest_equal():
    pieces = diff("推进决策公开。", "积极推进决策公开。")
    assert [p.op for p in pieces] == ["insert", "equal"]
