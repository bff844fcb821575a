import re

from documents.ingest.edits import EditedText


def test_it_keeps_original_offsets_across_successive_edits():
    edited = EditedText("ab  cd(xx)ef")
    edited.sub("space", re.compile(" +"), "")
    edited.sub("paren", re.compile(r"\(xx\)"), "")
    assert edited.text == "abcdef"
    assert [(e.action, e.start, e.end, e.removed) for e in edited.edits] == [
        ("space", 2, 4, "  "),
        ("paren", 6, 10, "(xx)"),
    ]
    # "e" is at 4 in the result and at 10 in the original.
    assert edited.origin(4) == 10


def test_it_skips_changes_that_change_nothing():
    edited = EditedText("abc")
    assert edited.apply("noop", [(0, 1, "a")]) == 0
    assert edited.edits == []
