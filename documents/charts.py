"""Line charts as inline SVG, drawn on the server: no JavaScript, nothing to download.

A year without a value is a gap in its line, never a zero: the figure was not reported (or
not read), which is not the same as none. The y axis starts at zero unless that would flatten
the change (then it starts at a round number below the lowest value, and the chart says so
with a zigzag on the axis and a note). A value from a document that fails its own checks is
drawn hollow with a "!" beside it; a change of template is a labelled dashed line; each point
links to its value's page.
"""
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

PALETTE = ["#b3261e", "#1f5f99", "#2e7d32", "#8e5b00", "#6a3d9a", "#00838f"]


@dataclass
class Series:
    label: str
    points: dict = field(default_factory=dict)  # year -> number (missing years absent)
    links: dict = field(default_factory=dict)  # year -> the address of that value's page
    failing: set = field(default_factory=set)  # years whose document fails its own checks
    breaks: tuple = ()  # years from which the series is not comparable: its line is not joined


# Zero stays the baseline while the change spans at least this share of the largest value;
# below it a zero baseline would draw the change as a flat line.
ZOOM_BELOW = 0.25


def nice_ceiling(value) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above value (0 stays 1)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def axis_range(values):
    """(bottom, top, step) of the y axis for these values: from zero to a round number at or
    above the largest, in four steps; or, where the change is small beside the values
    themselves, from a round number below the smallest, so that the change shows."""
    low, high = min(values), max(values)
    if low < 0:
        low = min(low, 0)
    span = high - low
    if low <= 0 or span <= 0 or span >= ZOOM_BELOW * high:
        top = nice_ceiling(max(high, 0))
        bottom = 0 if low >= 0 else -nice_ceiling(-low)
        return bottom, top, (top - bottom) / 4
    step = nice_ceiling(span / 4)
    bottom = math.floor(low / step) * step
    top = bottom + step * max(1, math.ceil((high - bottom) / step))
    return bottom, top, step


def runs(years, points, breaks=()):
    """The years with values, split where a year is missing or where the series breaks:
    [[2019, 2020], [2022]]."""
    out, current = [], []
    for year in years:
        if year in breaks and current:
            out.append(current)
            current = []
        if points.get(year) is None:
            if current:
                out.append(current)
            current = []
        else:
            current.append(year)
    if current:
        out.append(current)
    return out


def _fmt(value):
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def line_chart(series, *, title, width=640, height=280, breaks=()):
    """An SVG line chart of the series over every year from the first to the last with data.
    `breaks`: years from which the template of the tables changes, drawn as labelled dashed
    vertical lines."""
    series = [s for s in series if any(v is not None for v in s.points.values())]
    if not series:
        return ""
    all_years = [y for s in series for y, v in s.points.items() if v is not None]
    years = list(range(min(all_years), max(all_years) + 1))
    bottom, top, step = axis_range([float(v) for s in series for v in s.points.values() if v is not None])
    left, right, upper, lower = 72, 16, 26, 36
    plot_w, plot_h = width - left - right, height - upper - lower

    pad = 14  # the first and last points stand clear of the axis

    def x(year):
        if len(years) == 1:
            return left + plot_w / 2
        return left + pad + (plot_w - 2 * pad) * (year - years[0]) / (len(years) - 1)

    def y(value):
        return upper + plot_h * (1 - (float(value) - bottom) / (top - bottom))

    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    ticks = round((top - bottom) / step)
    for i in range(ticks + 1):
        value = bottom + step * i
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
            f'<text class="tick" x="{left - 8}" y="{y(value) + 4:.1f}" text-anchor="end">{_fmt(_round(value))}</text>'
        )
    foot = y(bottom)
    parts.append(f'<line class="axis" x1="{left}" x2="{left}" y1="{upper}" y2="{foot:.1f}"/>')
    if bottom != 0:
        # The axis does not start at zero: a darker baseline, and a zigzag cutting the axis
        # just above it, say so.
        zig = " ".join(f"{'M' if i == 0 else 'L'}{left - 5 + (i % 2) * 10},{foot - 6 - i * 4:.1f}" for i in range(4))
        parts.append(
            f'<line class="baseline" x1="{left}" x2="{width - right}" y1="{foot:.1f}" y2="{foot:.1f}"/>'
            f'<rect class="axis-gap" x="{left - 2}" y="{foot - 20:.1f}" width="4" height="16"/>'
            f'<path class="axis-break" d="{zig}"><title>{escape(_baseline_note(bottom))}</title></path>'
        )
    tick_every = max(1, math.ceil(len(years) / 10))
    for year in years[::tick_every]:
        parts.append(
            f'<text class="tick" x="{x(year):.1f}" y="{height - lower + 20}" text-anchor="middle">{year}</text>'
        )
    shown_breaks = [year for year in sorted(set(breaks)) if years[0] < year <= years[-1]]
    for year in shown_breaks:
        bx = (x(year - 1) + x(year)) / 2
        note = gettext("%(year)s 年起表格模板改变") % {"year": year}
        parts.append(
            f'<g class="format-break"><line x1="{bx:.1f}" x2="{bx:.1f}" y1="{upper - 8}" y2="{height - lower}" '
            f'stroke="#b3261e" stroke-dasharray="4 3"/><text class="break-label" x="{bx + 4:.1f}" y="{upper - 10}">'
            f'{escape(gettext("模板改变"))}</text><title>{escape(note)}</title></g>'
        )
    any_failing = False
    for n, s in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        parts.append(f'<g class="series" data-series="{escape(s.label)}" stroke="{color}" fill="{color}">')
        for run in runs(years, s.points, s.breaks):
            if len(run) > 1:
                d = " ".join(f"{'M' if i == 0 else 'L'}{x(yr):.1f},{y(s.points[yr]):.1f}" for i, yr in enumerate(run))
                parts.append(f'<path d="{d}" fill="none" stroke-width="2"/>')
        for yr in [yr for run in runs(years, s.points) for yr in run]:
            cx, cy = x(yr), y(s.points[yr])
            words = f"{s.label} {yr}: {_fmt(s.points[yr])}"
            failing = yr in s.failing
            if failing:
                any_failing = True
                words += gettext("（这份文件有未通过的勾稽检查）")
            # A failing document's value: a hollow point, its outline in the series' colour.
            look = 'class="point failing" r="4.5" fill="#fff" stroke-width="2"' if failing else 'class="point" r="3.5"'
            point = f'<circle {look} cx="{cx:.1f}" cy="{cy:.1f}" data-year="{yr}"><title>{escape(words)}</title></circle>'
            if failing:
                point += f'<text class="flag" x="{cx + 7:.1f}" y="{cy - 6:.1f}" stroke="none">!</text>'
            link = s.links.get(yr)
            if link:
                point = f'<a href="{escape(link)}">{point}</a>'
            parts.append(point)
        parts.append("</g>")
    parts.append("</svg>")
    legend = "".join(
        f'<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2" '
        f'fill="{PALETTE[n % len(PALETTE)]}"/></svg>{escape(s.label)}</li>'
        for n, s in enumerate(series)
    )
    if any_failing:
        legend += (
            '<li class="key"><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="3.5" '
            f'fill="#fff" stroke="#5f6b76" stroke-width="1.5"/></svg><span class="flag">!</span> '
            f'{escape(gettext("文件有未通过的勾稽检查"))}</li>'
        )
    if shown_breaks:
        legend += (
            '<li class="key"><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><line x1="5" x2="5" y1="0" y2="10" '
            f'stroke="#b3261e" stroke-dasharray="2 2"/></svg>{escape(gettext("表格模板改变"))}</li>'
        )
    note = f'<p class="chart-note">{escape(_baseline_note(bottom))}</p>' if bottom != 0 else ""
    return mark_safe(
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>{"".join(parts)}'
        f'<ul class="legend">{legend}</ul>{note}</figure>'
    )


def _round(value):
    """A tick value without the float noise of repeated steps (0.30000000000000004)."""
    return round(value, 6)


def _baseline_note(bottom):
    return gettext("纵轴从 %(value)s 开始，不从 0 开始，以便看清变化。") % {"value": _fmt(_round(bottom))}
