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


def ticks(svg):
    return [t.replace(",", "") for t in re.findall(r'<text class="tick"[^>]*text-anchor="end">([^<]+)</text>', svg)]


def test_the_axis_starts_at_zero_when_the_change_is_large_beside_the_values():
    svg = line_chart([Series("申请", {2020: 40, 2021: 100})], title="t")
    assert ticks(svg)[0] == "0" and "axis-break" not in svg and "chart-note" not in svg


def test_a_small_change_on_large_values_starts_the_axis_below_the_lowest_value_and_says_so():
    svg = line_chart([Series("申请", {2020: 34290, 2021: 36525})], title="t")
    values = [int(t) for t in ticks(svg)]
    assert 0 < values[0] <= 34290 and values[-1] >= 36525
    # The change fills most of the height instead of a sliver at the top.
    assert (36525 - 34290) / (values[-1] - values[0]) > 0.5
    assert 'class="axis-break"' in svg and 'class="baseline"' in svg
    assert f"纵轴从 {values[0]:,} 开始，不从 0 开始" in svg


def test_equal_values_keep_a_zero_baseline():
    assert ticks(line_chart([Series("申请", {2020: 77, 2021: 77})], title="t"))[0] == "0"


def test_a_value_from_a_document_failing_its_checks_is_drawn_hollow_with_a_mark_and_a_key():
    svg = line_chart([Series("纠正", {2020: 70, 2021: 77}, failing={2021})], title="t")
    failing = re.findall(r'<circle class="point failing"[^>]*data-year="(\d+)"', svg)
    assert failing == ["2021"]
    assert svg.count('<text class="flag"') == 1
    assert "2021: 77（这份文件有未通过的勾稽检查）" in svg and "文件有未通过的勾稽检查</li>" in svg


def test_a_change_of_template_is_a_labelled_line_and_a_series_not_comparable_is_not_joined_across_it():
    svg = line_chart([Series("申请", {2019: 10, 2020: 12, 2021: 14, 2022: 15}, breaks=(2021,))], title="t", breaks=[2021])
    assert svg.count('<g class="format-break">') == 1 and "2021 年起表格模板改变" in svg and "模板改变</text>" in svg
    paths = re.findall(r'<path d="([^"]+)" fill="none"', svg)
    assert len(paths) == 2  # 2019–2020 and 2021–2022
    assert svg.count("<circle") == 4


def test_each_point_links_to_its_values_page():
    svg = line_chart([Series("申请", {2020: 1, 2021: 2}, links={2020: "/d/a/metrics/k/", 2021: "/d/b/metrics/k/"})], title="t")
    assert re.findall(r'<a href="([^"]+)"[^>]*><circle', svg) == ["/d/a/metrics/k/", "/d/b/metrics/k/"]


def test_legend_colours_are_drawn_in_svg_not_in_style_attributes():
    svg = line_chart([Series("申请", {2020: 1}), Series("公开", {2020: 2})], title="t")
    assert "style=" not in svg
    assert svg.count('<svg class="swatch"') == 2
