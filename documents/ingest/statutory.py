"""The parts an annual report must have: since the 2019 format (国办公开办函〔2019〕60号, kept by
the 2021 revision) every report has six, in this order. A report that lacks one is stored as it
is, with a warning naming what is missing; nothing is refused for it.

Pure: sections in, warnings out.
"""
from __future__ import annotations

import re

# (the part as the format names it, the words by which a heading is recognized as that part)
STATUTORY_PARTS: list[tuple[str, re.Pattern]] = [
    ("总体情况", re.compile(r"总体情况|概述|概况|基本情况")),
    ("主动公开政府信息情况", re.compile(r"主动公开")),
    ("收到和处理政府信息公开申请情况", re.compile(r"收到和处理|依申请|申请情况")),
    ("政府信息公开行政复议、行政诉讼情况", re.compile(r"行政(?:法)?复议|行政诉讼")),
    ("存在的主要问题及改进情况", re.compile(r"问题|改进")),
    ("其他需要报告的事项", re.compile(r"其他需要报告|其他事项")),
]
FIRST_YEAR = 2019  # the first reports written to the 2019 format


def parts_named(heading: str) -> list[int]:
    """The numbers (1 to 6) of the parts whose words `heading` holds: a heading 四、…行政复议、行政
    诉讼情况 may stand for its part outside a whole report (an excerpt, a page-broken line)."""
    return [number for number, (_, words) in enumerate(STATUTORY_PARTS, start=1) if words.search(heading)]
# Headings only the 2019 format has: a report of unknown year that uses them follows it.
FORMAT_2019 = re.compile(r"收到和处理政府信息公开申请|其他需要报告的事项")


def missing_parts(kind: str, year: int | None, sections) -> list[str]:
    """The statutory parts an annual report of the 2019 format or later has no top-level
    section for, in the format's order; [] for other documents and earlier reports."""
    if kind != "annual_report":
        return []
    top = [s.heading for s in sections if s.level == 1 and s.number and s.kind == "section"]
    if not (year and year >= FIRST_YEAR) and not any(FORMAT_2019.search(h) for h in top):
        return []
    return [name for name, words in STATUTORY_PARTS if not any(words.search(h) for h in top)]


def warnings_for(kind: str, year: int | None, sections) -> list[str]:
    missing = missing_parts(kind, year, sections)
    if not missing:
        return []
    return ["The annual report lacks parts the 2019 format requires: " + "；".join(missing) + "."]
