"""Table rows of a PDF page put together by position, not by the order the text was drawn.

Pure: the text lines of one page, grouped by baseline (formats.py's rows, top to bottom, each
left to right), in; the same rows out, with a row label that a narrow cell wrapped over two or
three lines joined to the figures it stands beside.

Government PDFs set a long label (`(二)部分公开(区分处理的，只计这一情形，不计其他情形)`) in a
narrow first column over several lines, with the row's figures centred vertically against it:
read by baseline, the label's lines come out above and below a row of figures that has no
label, and the figures cannot be placed. By position the label's lines are those left of the
figure columns, nearer (centre to centre) to this row of figures than to any other row; they
are joined top to bottom and put at the head of the row. Lines as near to another row of
text, or reaching into the figure columns, are left where they are.
"""
from __future__ import annotations

import dataclasses
import re

_FIGURE = re.compile(r"[-+]?\d[\d,.，]*%?|[-—–/]")


def _is_figure(line) -> bool:
    return bool(_FIGURE.fullmatch(line.text.strip()))


def _centre(row) -> float:
    return sum((line.y0 + line.y1) / 2 for line in row) / len(row)


def _figure_row(row) -> bool:
    """Two figures or more on one baseline, after at most a label piece."""
    figures = [line for line in row if _is_figure(line)]
    return len(figures) >= 2 and all(_is_figure(line) for line in row[1:])


def attach_labels(rows: list[list]) -> list[list]:
    figure_rows = [k for k, row in enumerate(rows) if _figure_row(row)]
    if not figure_rows:
        return rows
    taken: dict[int, list[int]] = {}  # figure row -> the label lines' rows joined to it
    for k, row in enumerate(rows):
        if k in figure_rows or len(row) != 1 or _is_figure(row[0]):
            continue
        line = row[0]
        centre = _centre(row)
        # The nearest row of all, centre to centre, must be a figure row.
        nearest = min((j for j in range(len(rows)) if j != k), key=lambda j: abs(_centre(rows[j]) - centre), default=None)
        if nearest is None or nearest not in figure_rows:
            continue
        target = rows[nearest]
        first_figure = min(piece.x0 for piece in target if _is_figure(piece))
        if line.x1 > first_figure or abs(_centre(target) - centre) > 1.6 * line.height:
            continue
        if not _is_figure(target[0]) and target[0].x0 > line.x1:
            continue  # the row has a label of its own, set apart from this line
        taken.setdefault(nearest, []).append(k)
    if not taken:
        return rows
    gone = {k for ks in taken.values() for k in ks}
    out = []
    for k, row in enumerate(rows):
        if k in gone:
            continue
        if k in taken:
            pieces = [rows[j][0] for j in taken[k]]
            if not _is_figure(row[0]):
                pieces.append(row[0])
                row = row[1:]
            pieces.sort(key=lambda line: -line.y1)
            label = dataclasses.replace(
                pieces[0],
                x0=min(p.x0 for p in pieces),
                x1=max(p.x1 for p in pieces),
                y0=row[0].y0,
                y1=row[0].y1,
                text="".join(p.text.strip() for p in pieces),
            )
            row = [label] + list(row)
        out.append(row)
    return out
