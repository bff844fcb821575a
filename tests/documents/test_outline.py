"""Sections as a table of contents, with their anchors."""
from types import SimpleNamespace

from documents.outline import flatten, ordinal, outline


def section(pk, order, number, parent=None):
    return SimpleNamespace(pk=pk, order=order, number=number, parent_id=parent, heading="", kind="section")


def test_section_numbers_read_as_ordinals():
    assert [ordinal(n) for n in ["三", "(二)", "（十二）", "12", "1、", "", "附件"]] == [3, 2, 12, 12, 1, None, None]


def test_the_outline_nests_sections_under_their_parents_in_order():
    sections = [section(1, 0, "一"), section(2, 1, "(一)", 1), section(3, 2, "1", 2), section(4, 3, "二")]
    roots = outline(sections)
    assert [e.section.pk for e in roots] == [1, 4]
    assert [e.section.pk for e in flatten(roots)] == [1, 2, 3, 4]
    assert [e.anchor for e in flatten(roots)] == ["s-0", "s-1", "s-2", "s-3"]


def test_nested_sections_get_their_number_path_as_an_alias_but_top_level_ones_do_not():
    sections = [section(1, 0, "一"), section(2, 1, "二"), section(3, 2, "(一)", 2), section(4, 3, "(二)", 2), section(5, 4, "1", 4)]
    aliases = {e.section.pk: e.alias for e in flatten(outline(sections))}
    assert aliases == {1: "", 2: "", 3: "s-2-1", 4: "s-2-2", 5: "s-2-2-1"}


def test_an_alias_is_left_out_when_a_number_is_unreadable_or_repeated():
    sections = [
        section(1, 0, "一"), section(2, 1, "(一)", 1), section(3, 2, "(一)", 1),
        section(4, 3, ""), section(5, 4, "(二)", 4),
    ]
    aliases = {e.section.pk: e.alias for e in flatten(outline(sections))}
    assert aliases == {1: "", 2: "", 3: "", 4: "", 5: ""}
