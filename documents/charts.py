"""Line charts as inline SVG, drawn on the server: no JavaScript, nothing to download.

A year without a value is a gap in its line, never a zero: the figure was not reported (or
not read), which is not the same as none.
"""
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#b3261e", "#1f5f99", "#2e7d32", "#8e5b00", "#6a3d9a", "#00838f"]


@dataclass
class Series:
    label: str
    points: dict = field(default_factory=dict)  # year -> number (missing years absent)


def nice_ceiling(value) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above value (0 stays 1)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def runs(years, points):
    """The years with values, split where a year is missing: [[2019, 2020], [2022]]."""
    out, current = [], []
    for year in years:
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
    `breaks`: years from which a series is no longer comparable with the years before (a change
    of template format), drawn as dashed vertical lines."""
    series = [s for s in series if any(v is not None for v in s.points.values())]
    if not series:
        return ""
    all_years = [y for s in series for y, v in s.points.items() if v is not None]
    years = list(range(min(all_years), max(all_years) + 1))
    top = nice_ceiling(max(float(v) for s in series for v in s.points.values() if v is not None))
    left, right, upper, lower = 64, 16, 16, 36
    plot_w, plot_h = width - left - right, height - upper - lower

    def x(year):
        if len(years) == 1:
            return left + plot_w / 2
        return left + plot_w * (year - years[0]) / (len(years) - 1)

    def y(value):
        return upper + plot_h * (1 - float(value) / top)

    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i in range(5):
        value = top * i / 4
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{_fmt(value)}</text>'
        )
    step = max(1, math.ceil(len(years) / 10))
    for year in years[::step]:
        parts.append(
            f'<text class="tick" x="{x(year):.1f}" y="{height - lower + 18}" text-anchor="middle">{year}</text>'
        )
    for year in sorted(set(breaks)):
        if years[0] < year <= years[-1]:
            bx = (x(year - 1) + x(year)) / 2
            parts.append(
                f'<line class="format-break" x1="{bx:.1f}" x2="{bx:.1f}" y1="{upper}" y2="{height - lower}" '
                f'stroke="#b3261e" stroke-dasharray="4 3"><title>{year} 年起表格格式改变</title></line>'
            )
    for n, s in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        parts.append(f'<g class="series" data-series="{escape(s.label)}" stroke="{color}" fill="{color}">')
        for run in runs(years, s.points):
            if len(run) > 1:
                d = " ".join(f"{'M' if i == 0 else 'L'}{x(yr):.1f},{y(s.points[yr]):.1f}" for i, yr in enumerate(run))
                parts.append(f'<path d="{d}" fill="none" stroke-width="2"/>')
            for yr in run:
                parts.append(
                    f'<circle cx="{x(yr):.1f}" cy="{y(s.points[yr]):.1f}" r="3.5" data-year="{yr}">'
                    f"<title>{escape(s.label)} {yr}: {_fmt(s.points[yr])}</title></circle>"
                )
        parts.append("</g>")
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch" style="background:{PALETTE[n % len(PALETTE)]}"></span>{escape(s.label)}</li>'
        for n, s in enumerate(series)
    )
    return mark_safe(
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>{"".join(parts)}'
        f'<ul class="legend">{legend}</ul></figure>'
    )
