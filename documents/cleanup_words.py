"""Cleaning actions in the reader's language: the Chinese words live with the actions
(documents/ingest/report.py, which knows nothing of Django); the English ones here."""
from django.utils.translation import get_language

from .ingest import report

# action -> (what was done, what was counted); the count goes in between.
ENGLISH = {
    "remove_nul": ("Removed", "NUL characters"),
    "extract_html": ("Took the text out of the web page, leaving its page elements:", "places"),
    "extract_pdf": ("Read the PDF's text:", "pages"),
    "extract_docx": ("Turned the Word file's tables into lines of text:", "tables"),
    "render_docx_numbering": ("Wrote out Word's automatic numbering:", "places"),
    "drop_running_lines": ("Removed headers and footers repeated on every PDF page:", "places"),
    "extract_image": ("Read the image:", "pages"),
    "ocr": ("Read pages without a text layer by OCR:", "pages"),
    "ocr_simplified_variants": ("Turned traditional forms OCR read into simplified:", "places"),
    "ocr_lookalike_digits": ("Turned letters OCR read for digits back into digits:", "places"),
    "ocr_doubtful_cells": ("Marked table figures OCR was unsure of:", "places"),
    "remove_crawler_header": ("Removed the crawler's notes at the top:", "lines"),
    "remove_inline_chrome": ("Removed page elements caught in the text:", "places"),
    "break_paragraphs": ("Split text run into one line back into paragraphs:", "places"),
    "html_table_to_rows": ("Turned HTML tables into lines of text:", "tables"),
    "unmark_headings": ("Removed Markdown heading marks:", "places"),
    "split_glued_table_row": ("Split table rows glued to a heading:", "places"),
    "drop_table_rule": ("Removed table rules:", "lines"),
    "drop_made_up_header": ("Removed empty table headers a converter made up:", "lines"),
    "drop_row_padding": ("Removed empty cells at the ends of table rows:", "places"),
    "drop_cell_line_break": ("Removed line-break marks inside cells:", "places"),
    "drop_table_markup": ("Removed table markup:", "places"),
    "unescape_markdown": ("Restored Markdown-escaped characters:", "places"),
    "drop_list_bullets": ("Removed list bullets:", "places"),
    "drop_images_and_comments": ("Removed images and comments:", "places"),
    "drop_emphasis": ("Removed bold and other emphasis marks:", "places"),
    "drop_page_numbers": ("Removed page numbers:", "places"),
    "drop_form_feeds": ("Turned page breaks into line breaks:", "places"),
    "join_wrapped_lines": ("Joined lines the layout broke:", "places"),
    "separate_layout_columns": ("Separated table columns aligned with spaces:", "lines"),
    "join_group_labels": ("Joined table group labels to their rows:", "places"),
    "join_label_tails": ("Joined table row names wrapped onto the next line:", "places"),
    "normalize_line_endings": ("Made line endings uniform:", "places"),
    "remove_page_chrome": ("Removed page navigation:", "places"),
    "remove_pinyin": ("Removed pinyin glosses:", "places"),
    "normalize_width": ("Turned full-width letters and digits into half-width:", "places"),
    "normalize_whitespace": ("Normalized white space:", "places"),
    "rejoin_breaks": ("Joined broken lines:", "places"),
    "remove_blank_lines": ("Removed extra blank lines:", "places"),
    "remove_noise": ("Removed garbled characters:", "places"),
    "remove_duplicate_block": ("Removed repeated paragraphs:", "paragraphs"),
    "flag_suspicious_link": ("Flagged links to sites that are not the government's:", "places"),
    "convert_script": ("Converted traditional characters to simplified:", "characters"),
}
OTHER = ("Other cleaning:", "places")


def _english():
    return (get_language() or "").startswith("en")


def words(action: str) -> str:
    """The action without its count: remove_page_chrome -> 去除网页导航 / Removed page navigation."""
    if _english():
        return ENGLISH.get(action, OTHER)[0].rstrip(":")
    return report.words(action)


def sentence(entry) -> str:
    """去除网页导航 3 处 / Removed page navigation: 3 places."""
    if _english():
        what, measure = ENGLISH.get(entry["action"], OTHER)
        return f"{what} {entry['count']} {measure}"
    return report.sentence(entry)
