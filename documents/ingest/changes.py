"""Changes the prose states against the year before: 收到申请34290件，申请数量较2022年上升29.3% /
同比增长12.5% / 较上年减少3件 / 同比增长了一倍.

Pure: a sentence, the stated figure in it and the report's year in; a `StatedChange` out (or
None); and the arithmetic that holds a stated change against two years' figures.

Only a change stated right after a figure of the report (the figure's own clause, or the next
clause when it names nothing but the figure's quantity: 申请数量, 总数) is taken to be that
figure's change, and only against the year just before (同比, 较上年, 比去年, 较上一年度, or the
year itself: 较2022年). Anything else (a share's change in 个百分点, a change of another
quantity) is not read: a wrong pairing would be a false finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .prose import NUM

# What may stand between the figure (with its unit) and the comparison: nothing, or a clause
# break and a word naming the quantity itself.
_BETWEEN = r"(?:[，,]?\s*(?:(?!其中|包括|另)[\u4e00-\u9fff]{0,4}?(?:数量|总数|总量|件数|数))?)?"
_BASE = r"(?:同比|(?:比|较)(?:上年度?|去年|上一年度?|(?P<year>\d{4})年(?:度)?)(?:同期)?)"
_DIRECTION = r"(?P<dir>增加|增长|上升|提高|增|减少|下降|降低|减)了?"
_AMOUNT = rf"(?:(?P<num>{NUM})\s*(?P<unit>%|个百分点|[\u4e00-\u9fff]{{1,2}})?|(?P<double>一倍|1倍|一番))"
STATED = re.compile(rf"^{_BETWEEN}{_BASE}{_DIRECTION}{_AMOUNT}")
# 翻了一番: doubled, said without a direction word.
DOUBLED = re.compile(rf"^{_BETWEEN}{_BASE}翻了?一番")

UP = ("增加", "增长", "上升", "提高", "增")
# 一倍 is stated in whole multiples: its last written place is the hundreds of per cent, so it
# holds within half a multiple (a doubling "as written", not to the per cent).
DOUBLING_PLACES = -2


@dataclass(frozen=True)
class StatedChange:
    """A change the prose states for a figure, relative (%, 倍) or in the figure's own unit."""

    amount: Decimal      # signed: +12.5 for 增长12.5%, -3 for 减少3件
    relative: bool       # a percentage of last year's figure, else a difference in units
    places: int          # decimal places written (12.5 -> 1): how precisely it was stated
    words: str           # the words as written, from the comparison on

    def expected(self, this_year: Decimal, last_year: Decimal) -> Decimal | None:
        """The change the two years' figures make, in the statement's terms; None when a
        percentage of nothing."""
        if self.relative:
            if not last_year:
                return None
            return (this_year - last_year) * 100 / last_year
        return this_year - last_year

    def agrees(self, this_year: Decimal, last_year: Decimal) -> bool | None:
        """Whether the two years' figures give the stated change as written: a percentage within
        half a unit of its last written place (12.5% holds for 12.45..12.55), a count exactly."""
        found = self.expected(this_year, last_year)
        if found is None:
            return None
        if not self.relative:
            return found == self.amount
        half = Decimal(5) / (Decimal(10) ** (self.places + 1))
        return abs(found - self.amount) <= half


def stated_change(after: str, year: int | None, unit: str) -> StatedChange | None:
    """The change stated in `after` (the sentence from just after a figure written in `unit`)
    against the year before `year`; None when there is none or it is not surely the figure's."""
    found = STATED.match(after)
    if found is None:
        doubled = DOUBLED.match(after)
        if doubled and _year_before(doubled, year):
            return StatedChange(Decimal(100), True, DOUBLING_PLACES, doubled.group(0).lstrip("，, "))
        return None
    if not _year_before(found, year):
        return None
    sign = 1 if found.group("dir") in UP else -1
    words = found.group(0).lstrip("，, ")
    if found.group("double"):
        if sign < 0:
            return None  # 减少了一倍: usage differs (to half, or to nothing)
        return StatedChange(Decimal(100), True, DOUBLING_PLACES, words)
    try:
        amount = Decimal(found.group("num").replace(",", ""))
    except InvalidOperation:
        return None
    places = len(found.group("num").partition(".")[2])
    written = found.group("unit") or ""
    if written == "%":
        return StatedChange(amount * sign, True, places, words)
    if written == "倍":
        return None  # 增长2倍: twice or three times as many, usage differs
    # A difference only in the figure's own unit (or with none written after a count of 件):
    # 个百分点 and any other unit name another quantity.
    if written in ("", unit) and unit and unit != "%":
        return StatedChange(amount * sign, False, places, words)
    return None


def _year_before(found, year):
    named = found.group("year") if "year" in found.re.groupindex else None
    return named is None or (year is not None and int(named) == year - 1)
