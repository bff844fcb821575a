"""The original text with its cleaning edits marked."""
import re
from html import unescape

from documents.original import action_counts, edit_tree, render


def text_of(html):
    """What a reader sees of the original: the markup and what was inserted taken away."""
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r"<ins\b[^>]*>.*?</ins>", "", html)))


def test_every_character_of_the_original_appears_once_and_in_order():
    original = "一、总体情况\n\n\n按照再謎局条例，做好\n工作。"
    edits = [
        {"action": "remove_blank_lines", "start": 6, "end": 9, "removed": "\n\n\n", "inserted": "\n"},
        {"action": "remove_noise", "start": 11, "end": 14, "removed": "再謎局", "inserted": ""},
        {"action": "rejoin_breaks", "start": 19, "end": 20, "removed": "\n", "inserted": ""},
    ]
    html = render(original, edits)
    assert text_of(html) == original
    assert '<del class="edit noise" data-action="remove_noise"' in html
    assert 'class="edit ws rejoin"' in html


def test_removed_junk_is_struck_through_and_a_replacement_is_shown_after_it():
    original = "共（３）项"
    edits = [{"action": "normalize_width", "start": 2, "end": 3, "removed": "３", "inserted": "3"}]
    html = render(original, edits)
    assert '>３</del><ins class="edit width"' in html and ">3</ins>" in html


def test_a_later_edit_covering_earlier_ones_is_drawn_around_them():
    original = "甲乙丙相關詞條\n丁"
    edits = [
        {"action": "remove_page_chrome", "start": 3, "end": 8, "removed": "相關詞條\n", "inserted": ""},
        {"action": "remove_duplicate_block", "start": 1, "end": 9, "removed": "乙丙相關詞條\n丁", "inserted": ""},
    ]
    tree = edit_tree(len(original), edits)
    assert [c.action for c in tree.children] == ["remove_duplicate_block"]
    assert [c.action for c in tree.children[0].children] == ["remove_page_chrome"]
    html = render(original, edits)
    assert text_of(html) == original
    assert html.index('data-action="remove_duplicate_block"') < html.index('data-action="remove_page_chrome"')


def test_of_two_edits_with_the_same_span_the_later_one_is_outside():
    edits = [
        {"action": "first", "start": 0, "end": 2, "removed": "ab", "inserted": ""},
        {"action": "second", "start": 0, "end": 2, "removed": "ab", "inserted": ""},
    ]
    tree = edit_tree(3, edits)
    assert tree.children[0].action == "second" and tree.children[0].children[0].action == "first"


def test_crossing_or_out_of_range_edits_never_draw_a_character_twice():
    original = "0123456789"
    edits = [
        {"action": "a", "start": 2, "end": 6, "removed": "2345", "inserted": ""},
        {"action": "b", "start": 4, "end": 8, "removed": "4567", "inserted": ""},
        {"action": "c", "start": 5, "end": 5, "removed": "", "inserted": "x"},
        {"action": "d", "start": 8, "end": 99, "removed": "89", "inserted": ""},
    ]
    assert text_of(render(original, edits)) == original


def test_an_insertion_is_shown_where_it_was_made():
    html = render("甲乙", [{"action": "normalize_whitespace", "start": 1, "end": 1, "removed": "", "inserted": "丙"}])
    assert html == '甲<ins class="edit space" title="规范空白">丙</ins>乙'


def test_the_original_text_is_escaped():
    html = render("<b>&", [])
    assert html == "&lt;b&gt;&amp;"


def test_the_legend_counts_each_action_in_order_of_first_appearance():
    edits = [{"action": "remove_noise"}, {"action": "remove_pinyin"}, {"action": "remove_noise"}]
    assert [(a, n) for a, _, _, n in action_counts(edits)] == [("remove_noise", 2), ("remove_pinyin", 1)]
