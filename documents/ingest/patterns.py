"""Patterns that several stages read with, and the one form a stage's own vocabulary takes.

A stage that reads with many patterns declares them as one table of names and patterns
(`vocabulary`), compiled once at import and read as attributes (`TITLE.annual`).
"""
from __future__ import annotations

import re
from types import SimpleNamespace

# A sentence's end: a title, a label or a row's name holds none.
SENTENCE = re.compile(r"[。；;！!？?]")
# A 文号: the issuing body's short name, the year in brackets, the number (沪府办〔2021〕5号).
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*(?:第\s*)?\d{1,4}\s*号")

# How a title ends (a document's kind, or a notice's 通知): a line that ends otherwise is not
# a whole title.
TITLE_END = re.compile(r"(?:报告|年报|要点|方案|计划|通知|意见|安排|规定|办法)\s*[)）]?$")


def vocabulary(patterns: dict[str, str]) -> SimpleNamespace:
    """The patterns of a table {name: pattern}, compiled, as attributes of one namespace."""
    return SimpleNamespace(**{name: re.compile(pattern) for name, pattern in patterns.items()})
