"""Changes the prose states against the year before, and how they are held against two years'
figures."""
from decimal import Decimal

from documents.ingest.changes import stated_change


def test_it_reads_a_percentage_stated_against_the_year_named_just_before():
    change = stated_change(",申请数量较2022年上升29.3%;", 2023, "件")
    assert (change.amount, change.relative, change.places) == (Decimal("29.3"), True, 1)


def test_it_reads_a_difference_in_the_figures_own_unit_as_a_signed_count():
    change = stated_change("，较上年减少3件。", 2023, "件")
    assert (change.amount, change.relative) == (Decimal(-3), False)


def test_it_reads_a_doubling_as_a_hundred_per_cent():
    assert stated_change("，同比增长了一倍", 2023, "件").amount == 100
    assert stated_change("，比上年翻了一番。", 2023, "件").amount == 100


def test_it_reads_no_change_against_a_year_other_than_the_one_before():
    assert stated_change("，较2021年上升29.3%", 2023, "件") is None


def test_it_reads_no_change_of_another_quantity_or_after_another_figure():
    assert stated_change("，其中自然人申请同比增长5%", 2023, "件") is None
    assert stated_change("，办结98件，同比增长5%", 2023, "件") is None
    # A share's change in 个百分点, and a multiple whose meaning differs between writers.
    assert stated_change("，同比上升2个百分点", 2023, "%") is None
    assert stated_change("，同比增长2倍", 2023, "件") is None
    assert stated_change("，同比减少了一倍", 2023, "件") is None


def test_a_percentage_holds_within_half_a_unit_of_its_last_written_place():
    change = stated_change("，同比增长12.5%", 2023, "件")
    assert change.agrees(Decimal(1125), Decimal(1000))
    assert change.agrees(Decimal("1125.4"), Decimal(1000))
    assert not change.agrees(Decimal(1126), Decimal(1000))
    assert change.agrees(Decimal(5), Decimal(0)) is None  # a percentage of nothing


def test_a_difference_in_units_holds_only_exactly():
    change = stated_change("，较上年减少3件", 2023, "件")
    assert change.agrees(Decimal(7), Decimal(10))
    assert not change.agrees(Decimal(8), Decimal(10))
