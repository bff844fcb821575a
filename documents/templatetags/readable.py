"""What a reader sees instead of codes: `{{ step|cleanup_sentence }}` (去除网页导航 3 处),
`{{ key|metric_name }}` (本年新收政府信息公开申请数量 · 自然人), and a
document's checks split into failing and passing (`checks|failing_checks`, `checks|passing_checks`),
each in the order they were made (balance first, prose last) rather than by name; and the
parser's warnings in the page's language (`warning|warning_text`)."""
from django import template
from django.utils import translation

from .. import cleanup_words, metric_names
from ..warning_text import as_stored, in_chinese

register = template.Library()


@register.filter
def cleanup_sentence(step):
    return cleanup_words.sentence(step)


@register.filter
def action_words(action):
    return cleanup_words.words(action)


@register.filter
def metric_name(key):
    """requests.new.natural_person -> 本年新收政府信息公开申请数量 · 自然人."""
    return metric_names.name(key)


@register.filter
def warning_text(message):
    """A stored warning or table problem in Chinese on a Chinese page, as stored otherwise.
    A plain str, left to autoescaping: warnings quote text from uploaded files."""
    if (translation.get_language() or "").lower().startswith("zh"):
        return in_chinese(message)
    return as_stored(message)


def _made_order(checks):
    return sorted(checks, key=lambda c: c.pk or 0)


@register.filter
def failing_checks(checks):
    return [c for c in _made_order(checks) if not c.passed]


@register.filter
def passing_checks(checks):
    return [c for c in _made_order(checks) if c.passed]
