import opencc

from comparisons.diff import Piece, change_ratio, diff, is_unchanged, sides


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


def test_each_side_of_two_columns_joins_back_into_its_text_exactly():
    a = "进一步加大决策预公开力度，制订发布《杨浦区2020年度重大行政决策事项目录》，及时公开决策草案、决策依据。"
    b = "对重大行政决策事项实行目录管理，于3月31日前发布《重大行政决策事项目录》，及时公开决策依据。"
    side_a, side_b = sides(a, b)
    assert "".join(p.text for p in side_a) == a and {p.op for p in side_a} <= {"equal", "delete"}
    assert "".join(p.text for p in side_b) == b and {p.op for p in side_b} <= {"equal", "insert"}


def test_a_deleted_clause_keeps_its_punctuation_so_a_stays_quotable():
    a = "公开决策草案、决策依据、公众意见收集采纳情况等信息。"
    b = "公开决策草案等信息。"
    side_a, _ = sides(a, b)
    deleted = "".join(p.text for p in side_a if p.op == "delete")
    assert "、决策依据、公众意见收集采纳情况" in deleted or "决策依据、公众意见收集采纳情况" in deleted
    assert "、" in deleted


def test_script_and_punctuation_width_are_no_change_in_two_columns_either():
    a = "严格落实政策解读“三同步”制度，提高解读的针对性。"
    b = opencc.OpenCC("s2twp").convert(a).replace("，", ",")
    side_a, side_b = sides(a, b)
    assert all(p.op == "equal" for p in side_a + side_b)
    assert "".join(p.text for p in side_b) == b
