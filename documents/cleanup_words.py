"""Cleaning actions in the reader's language. The words, Chinese and English, live with the
actions (documents/ingest/report.py, which knows nothing of Django); this picks by language."""
from django.utils.translation import get_language

from .ingest import report



def _english_words(action: str) -> tuple[str, str]:
    """(what was done, what was counted) in English."""
    return report.ACTIONS.get(action, report.OTHER_ACTION)[2:]


def _english():
    return (get_language() or "").startswith("en")


def words(action: str) -> str:
    """The action without its count: remove_page_chrome -> 去除网页导航 / Removed page navigation."""
    if _english():
        return _english_words(action)[0].rstrip(":")
    return report.words(action)


def sentence(entry) -> str:
    """去除网页导航 3 处 / Removed page navigation: 3 places."""
    if _english():
        what, measure = _english_words(entry["action"])
        return f"{what} {entry['count']} {measure}"
    return report.sentence(entry)
