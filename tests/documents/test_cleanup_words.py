"""Cleaning actions in the reader's language (documents/cleanup_words.py)."""
from django.utils import translation

from documents import cleanup_words
from documents.ingest import report


def test_every_cleaning_action_has_english_words_as_well_as_chinese():
    assert [action for action, words in report.ACTIONS.items() if len(words) != 4 or not all(words)] == []


def test_a_step_reads_in_the_language_the_reader_chose():
    step = {"action": "ocr", "count": 3}
    with translation.override("en"):
        assert cleanup_words.sentence(step) == "Read pages without a text layer by OCR: 3 pages"
    with translation.override("zh-hans"):
        assert cleanup_words.sentence(step) == report.sentence(step)
