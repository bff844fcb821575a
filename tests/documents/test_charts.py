"""Server-side SVG line charts."""
import re
from decimal import Decimal

from documents.charts import Series, line_chart, nice_ceiling, runs


def test_the_axis_top_is_a_round_number_at_or_above_the_largest_value():
    assert [nice_ceiling(v) for v in [0, 7, 10, 11, 34290, 0.3]] == [1, 10, 10, 20, 50000, 0.5]


def test_a_missing_year_splits_a_line_into_runs():
    assert runs([2018, 2019, 2020, 2021, 2022], {2018: 1, 2019: 2, 2021: 4, 2022: None}) == [[2018, 2019], [2021]]


def test_a_missing_year_is_a_gap_in_the_line_not_a_zero():
    svg = line_chart([Series("申请", {2018: Decimal(10), 2019: Decimal(20), 2021: Decimal(40), 2022: Decimal(50)})], title="t")
    paths = re.findall(r'<path d="([^"]+)"', svg)
    assert len(paths) == 2  # 2018-2019 and 2021-2022, nothing through 2020
    assert all(p.count("M") == 1 for p in paths)
    assert re.findall(r'data-year="(\d+)"', svg) == ["2018", "2019", "2021", "2022"]
    assert "2020" in svg  # the year is on the axis, with no point


def test_a_lone_year_is_drawn_as_a_point():
    svg = line_chart([Series("纠正", {2020: 3})], title="t")
    assert "<path" not in svg and svg.count("<circle") == 1


def test_series_without_any_value_are_left_out_and_no_data_draws_nothing():
    assert line_chart([Series("空", {2020: None})], title="t") == ""
    svg = line_chart([Series("有", {2020: 1}), Series("空", {})], title="t")
    assert "有" in svg and "空" not in svg


def test_labels_and_title_are_escaped():
    svg = line_chart([Series("<script>", {2020: 1})], title='"><img>')
    assert "<script>" not in svg and "<img>" not in svg
    assert "&lt;script&gt;" in svg
