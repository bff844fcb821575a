"""The reading view's rows (comparisons/templatetags/compare_tags.py: reading_row)."""
from django.utils import translation

from comparisons.templatetags.compare_tags import reading_row


def row(**fields):
    return {"status": "changed", "kind": "text", "changes": 1, "a": 3, "b": 4, "a_path": ["一、总体情况"],
            "b_path": ["一、总体情况"], "a_trail": "一、总体情况", "b_trail": "一、总体情况", **fields}


def test_a_changed_row_marks_what_a_deleted_and_b_inserted_with_the_text_escaped():
    html = reading_row(row(
        a_pieces=[{"op": "equal", "text": "公开"}, {"op": "delete", "text": "<b>1</b>件"}],
        b_pieces=[{"op": "equal", "text": "公开"}, {"op": "insert", "text": "2件&"}],
    ))
    assert '<div class="rcell a" id="pa-3">' in html and '<div class="rcell b" id="pb-4">' in html
    assert "<del>&lt;b&gt;1&lt;/b&gt;件</del>" in html and "<ins>2件&amp;</ins>" in html
    assert '<p class="path">一、总体情况</p>' in html and "改动 1 处" in html


def test_a_moved_row_links_to_its_partner_and_says_so_in_the_readers_language():
    moved = row(status="moved", changes=0, a=None, partner=7, b_pieces=[{"op": "equal", "text": "正文"}])
    with translation.override("en"):
        html = reading_row(moved)
    assert '<div class="rcell a empty">' in html and '<a href="#pa-7">' in html
    assert "moved" in html and "A's matching paragraph is elsewhere" in html


def test_a_table_row_folds_its_text_away():
    html = reading_row(row(status="only_a", kind="table", b=None, a_pieces=[{"op": "equal", "text": "申请 1 2 3"}]))
    assert '<details class="table-text">' in html and "<p>申请 1 2 3</p>" in html
    assert "（B 没有对应段落）" in html
