"""Table rows and page furniture of a PDF page read by position, not by drawing order.

Pure: the text lines of a page (formats.py's `_Line`s, grouped by baseline into rows, top to
bottom, each left to right) in; the same rows out, put together as the page shows them.

* attach_labels: government PDFs set a long row label (`(二)部分公开(区分处理的，只计这一情形，
  不计其他情形)`) in a narrow first column over several lines, the row's figures centred
  vertically against it. Read by baseline, the label's lines come out above and below a row
  of figures, which then cannot be placed. By position they are the lines left of the figure
  columns that belong to that row's cell: told by the cells' padding, or else by the
  centring; where more than one reading fits, nothing is moved.
* join_title: a title set large and centred that wraps is one line again.
* drop_running_lines: a running header or footer, the same words at the top or foot of most
  pages, is dropped (and listed), as page numbers are.
* grid_text: a ruled table's row, read by its grid, as the text writes a row of cells.
"""
from __future__ import annotations

import dataclasses
import re

_FIGURE = re.compile(r"[-+]?\d[\d,.，]*%?|[-—–/]")


def _is_figure(line) -> bool:
    return bool(_FIGURE.fullmatch(line.text.strip()))


def _figure_row(row) -> bool:
    """Two figures or more on one baseline, after at most a label piece."""
    figures = [line for line in row if _is_figure(line)]
    return len(figures) >= 2 and all(_is_figure(line) for line in row[1:])


def _label_piece(row, first_figure: float) -> bool:
    """A row that is one line of text left of the figure columns: part of a label cell."""
    return len(row) == 1 and not _is_figure(row[0]) and row[0].x1 <= first_figure


def _own_label(row) -> bool:
    return not _is_figure(row[0])


def attach_labels(rows: list[list]) -> list[list]:
    """Rows with each wrapped label's lines joined to its row of figures.

    A label cell's lines are contiguous and its row's figures are centred against them: a row
    whose label has its middle line on the figures' baseline has as many label lines above it
    as below, and so has a row whose figures sit between two lines. Between two rows of
    figures every label line belongs to one or the other: the lower row takes what the upper
    row's label leaves. A run of rows with only label lines between them is solved so from the
    top; when the run allows no solution, or more than one, nothing in it is moved."""
    figure_rows = [k for k, row in enumerate(rows) if _figure_row(row)]
    if not figure_rows:
        return rows
    taken: dict[int, list[int]] = {}
    for chain in _chains(rows, figure_rows):
        taken.update(_by_cells(rows, chain) or _solve(rows, chain))
    if not taken:
        return rows
    gone = {k for ks in taken.values() for k in ks}
    out = []
    for k, row in enumerate(rows):
        if k in gone:
            continue
        if taken.get(k):
            pieces = [rows[j][0] for j in taken[k]]
            if _own_label(row):
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


def _chains(rows, figure_rows):
    """Runs of figure rows with only label lines between them: (lines above the first, the
    figure rows, the lines between each and the next, lines below the last)."""
    chains, current = [], None
    for n, k in enumerate(figure_rows):
        first_figure = min(p.x0 for p in rows[k] if _is_figure(p))
        if current is not None:
            between = list(range(current["rows"][-1] + 1, k))
            if all(_label_piece(rows[j], first_figure) for j in between):
                current["gaps"].append(between)
                current["rows"].append(k)
                continue
            chains.append(current)
        above = []
        j = k - 1
        while j >= 0 and _label_piece(rows[j], first_figure) and not (figure_rows and j in figure_rows):
            above.insert(0, j)
            j -= 1
        if chains and above and chains[-1]["rows"][-1] >= above[0]:
            above = [j for j in above if j > chains[-1]["rows"][-1]]
        current = {"above": above, "rows": [k], "gaps": []}
    if current is not None:
        chains.append(current)
    for chain in chains:
        last = chain["rows"][-1]
        first_figure = min(p.x0 for p in rows[last] if _is_figure(p))
        below, j = [], last + 1
        while j < len(rows) and _label_piece(rows[j], first_figure) and j not in figure_rows:
            below.append(j)
            j += 1
        chain["below"] = below
    return chains


def _top(row) -> float:
    return max(line.y1 for line in row)


def _bottom(row) -> float:
    return min(line.y0 for line in row)


def _by_cells(rows, chain) -> dict[int, list[int]]:
    """When the table pads its cells, the lines of one cell are closer to each other than to
    the next cell's: cut the chain where the space between two lines is wider than the
    closest spacing, and each piece holding one row of figures is that row's cell. {} when the
    spacing tells nothing (no wider spaces) or a piece holds two rows of figures."""
    order = chain["above"] + sorted(chain["rows"] + [k for gap in chain["gaps"] for k in gap]) + chain["below"]
    if len(order) < 3:
        return {}
    spaces = [_bottom(rows[a]) - _top(rows[b]) for a, b in zip(order, order[1:])]
    height = sorted(line.y1 - line.y0 for k in order for line in rows[k])[len(order) // 2]
    # the spacing of a cell's lines, measured between label lines: figures centred between
    # two lines come closer to them than lines do to each other
    figure_rows = set(chain["rows"])
    between_lines = [space for (a, b), space in zip(zip(order, order[1:]), spaces)
                     if a not in figure_rows and b not in figure_rows]
    # and across a row of figures set between two lines of its label
    between_lines += [_bottom(rows[a]) - _top(rows[b]) for a, f, b in zip(order, order[1:], order[2:])
                      if f in figure_rows and a not in figure_rows and b not in figure_rows]
    closest = min(between_lines or spaces)
    cuts = [space > closest + 0.25 * height for space in spaces]
    if not any(cuts):
        return {}
    pieces, piece = [], [order[0]]
    for k, cut in zip(order[1:], cuts):
        if cut:
            pieces.append(piece)
            piece = []
        piece.append(k)
    pieces.append(piece)
    taken = {}
    for piece in pieces:
        own = [k for k in piece if k in figure_rows]
        if len(own) > 1:
            return {}
        if own and len(piece) > 1:
            taken[own[0]] = [k for k in piece if k not in figure_rows]
    return taken


def _solve(rows, chain) -> dict[int, list[int]]:
    """{figure row: the label lines it takes} for one chain, or {} when not exactly one way fits."""
    gaps = [chain["above"], *chain["gaps"], chain["below"]]
    figure_rows = chain["rows"]
    solutions = []
    for first in range(len(gaps[0]) + 1):
        counts, ok, a = [], True, first
        for i, k in enumerate(figure_rows):
            # a row with no label of its own has its figures between two lines: at least one above
            if a < 0 or a > len(gaps[i]) or (not _own_label(rows[k]) and a == 0):
                ok = False
                break
            if i + 1 < len(figure_rows):
                below = a
                if below > len(gaps[i + 1]):
                    ok = False
                    break
                counts.append(a)
                a = len(gaps[i + 1]) - below
            else:
                if a > len(gaps[-1]):
                    ok = False
                    break
                counts.append(a)
        if ok:
            solutions.append(counts)
    if len(solutions) != 1 or not any(solutions[0]):
        return {}
    taken = {}
    for i, (k, n) in enumerate(zip(figure_rows, solutions[0])):
        if n:
            taken[k] = gaps[i][len(gaps[i]) - n:] + gaps[i + 1][:n]
    return taken


_TITLE_END = re.compile(r"(?:报告|報告|要点|要點|方案|计划|計劃|通知|意见|意見|办法|辦法|规定|規定|规划|規劃|安排|清单|清單|公告|决定|決定)$")


def join_title(rows: list[list]) -> list[list]:
    """A title set large and centred that wraps (`2020年上海市杨浦区人民政` / `府信息公开工作年度
    报告`) is one line: at the top of a page, two lines in a larger size than the text's, both
    centred on the text block, the second ending the title (报告, 要点, 通知, …)."""
    singles = [row for row in rows if len(row) == 1 and not row[0].cells]
    if len(rows) < 3 or len(singles) < 3:
        return rows
    left, right = min(row[0].x0 for row in singles), max(row[0].x1 for row in singles)
    heights = sorted(row[0].y1 - row[0].y0 for row in singles)
    body = heights[len(heights) // 2]

    def centred_title_line(row):
        line = row[0]
        margin = max(2 * (line.x1 - line.x0) / max(len(line.text.strip()), 1), 1.0)
        return (len(row) == 1 and line.y1 - line.y0 > 1.2 * body
                and line.x0 - left > margin and abs((line.x0 - left) - (right - line.x1)) <= margin)

    first, second = rows[0], rows[1]
    if not (centred_title_line(first) and centred_title_line(second)):
        return rows
    a, b = first[0].text.strip(), second[0].text.strip()
    if not _TITLE_END.search(b) or _TITLE_END.search(a):
        return rows
    joined = dataclasses.replace(first[0], x0=min(first[0].x0, second[0].x0), x1=max(first[0].x1, second[0].x1),
                                 y0=second[0].y0, text=a + b)
    return [[joined]] + rows[2:]


RUNNING_MIN_PAGES = 3
_FIGURE_ONLY = re.compile(r"[\d\s,.，%+\-—–_/第页共頁]*")


def drop_running_lines(pages: list[list], dropped: list) -> list[list]:
    """A running header or footer (the issuer's name, the report's title at the top or foot of
    every page) is page furniture: the same words as the top (or bottom) line of most pages,
    three at least, are dropped there and listed in `dropped`. Page numbers are left to the
    page-number rule; the same words inside a page's body stay."""
    if len(pages) < RUNNING_MIN_PAGES:
        return pages

    def key(line):
        return re.sub(r"\s+", "", line.text)

    def edges(lines):
        words = [l for l in lines if not _FIGURE_ONLY.fullmatch(l.text)]
        if not words:
            return []
        top = max(words, key=lambda l: l.y1)
        bottom = min(words, key=lambda l: l.y0)
        return [top, bottom] if bottom is not top else [top]

    counts: dict[str, int] = {}
    for lines in pages:
        for k in {key(l) for l in edges(lines)}:
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, n in counts.items() if n >= max(RUNNING_MIN_PAGES, len(pages) // 2) and 0 < len(k) <= 40}
    if not running:
        return pages
    out = []
    for lines in pages:
        gone = {id(l) for l in edges(lines) if key(l) in running}
        dropped.extend(l.text.strip() for l in lines if id(l) in gone)
        out.append([l for l in lines if id(l) not in gone])
    return out


def grid_text(cells) -> str:
    """A grid row as the text writes a row of cells."""
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"
