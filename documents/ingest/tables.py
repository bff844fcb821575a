"""The three standard tables of an annual report -> canonical metrics.

Pure: the cleaned, simplified text and its `sections.Structure` in, `ParsedTable`s out; no
Django, no I/O. Keys, labels and units come from `metric_keys.py`; the checks between the
numbers are `checks.py`'s.

Where the tables come from
* `structure.tables`: the flattened statistics tables sections.py found (one cell per line,
  cells possibly ending in `|`); a line that itself holds several `|`- or tab-separated cells
  is read as a row. Figure cells right after a block that sections.py does not count as
  numbers (`251000元`) are taken in too.
* rows of `|`- or tab-separated cells in the text outside those blocks (sections.py does not
  make TableBlocks of them), for a table kind no TableBlock gave; a short line without a
  separator between two rows (a merged cell) stays in the run.
A block is cut into tables by the words that open each one (第二十条 / 本列数据, 申请人情况,
本年新收 / 行政复议, 行政诉讼, or a row label only that table has), so one block holding two
tables reads; a table split over two blocks gives two ParsedTables of the same name.

How numbers are placed (the template's structure decides, nothing else)
* A cell is a figure when it is a number, optionally signed (本年增/减), with an optional unit
  and an optional note in brackets: `18(含新制发4件,修改14件)` is 18, its raw text kept whole.
  A bracketed note on a line of its own right after a figure belongs to that figure's cell
  (`605` / `(包括自然失效和不再按规范性文件管理)`). `-`, `—`, `/`, `无` are cells without a
  figure; an empty cell between separators is a blank cell.
* Table 三: each row label is matched against the template rows in order (a label may be split
  over up to three lines; before the first row only 本年新收 / 上年结转 / 办理结果 can match, and
  a bare 其他 or 总计 only a few rows ahead, so header cells are never rows). A label naming an
  earlier row, or a numbered label the template lacks, is reported with its figures. The figures after a label are that row's, and there must be exactly 7 of
  them (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计). A row with
  another count is not placed at all and is reported: with cells on separate lines there is
  no telling which column is missing. In `|`/tab rows the cells keep their positions, so a
  blank cell is reported alone and its neighbours are placed; the empty cells of a heading
  or group row ((三)不予公开 in 2021) and of merged header cells are no problem.
* Table 四: exactly 15 figures in the template's order (行政复议 ×5, 未经复议直接起诉 ×5,
  复议后起诉 ×5), whatever the header looks like; any other count places nothing.
* Table 二: 第二十条第(X)项 opens an item, 信息内容 its header; the column headers read (split
  headers are joined) say which figure is which; without a header the template's columns for
  that row and format are used. A row's figure count must equal its column count.
* Anything that cannot be placed goes to `problems`, in words; nothing is guessed or fixed.

Formats: 2021 (国办公开办函〔2021〕30号) and 2019 (国办公开办函〔2019〕60号). Table 二 tells
them apart by its column headers (本年制发件数 / 本年新制作数量...), table 三 by the reasons
under (六)其他处理 (2021 only); table 四 is the same in both and takes the document's format
(2021 when nothing tells).

Derived metrics: the template has no cells for the (三)(四)(五) totals, nor (六) in 2021, nor
litigation over both kinds of suit. When every part was read they are emitted with
source "derived" and raw ""; a figure a report does write on such a row is read as a cell.
Amounts are given in 万元: a cell or header saying 元 or 亿元 is converted, the raw kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from . import label_order
from . import metric_keys as mk


@dataclass
class Metric:
    key: str
    label: str
    value: Decimal
    unit: str
    source: str            # "table" (a cell), "derived" (a sum of cells); "narrative" is another stage's
    section: int | None    # index into structure.sections of the enclosing section
    table: str | None      # "proactive" | "requests" | "review_litigation"
    row: str | None        # the template's row label
    column: str | None     # the template's column label
    raw: str               # the cell as written, e.g. "18(含新制发4件,修改14件)"


@dataclass
class ParsedTable:
    name: str
    format: str            # "2019" | "2021"
    title: str
    section: int | None
    grid: list[list[str]]  # header row + rows as understood, for display
    metrics: list[Metric]
    problems: list[str]    # cells that could not be placed, said in words


# -- cells ------------------------------------------------------------------------------------
SEPARATOR = re.compile(r"[|｜\t]")
_FIGURE = re.compile(
    r"(?P<sign>[+\-－−]?)\s*(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万元|亿元|元|件|项|个|次|条|篇|人次)?\s*(?P<note>[(（].*[)）])?"
)
_DASH = re.compile(r"[-—–－−/／\\]+|无")
_NOTE = re.compile(r"[(（](?![一二三四五六七八九十\d]{1,3}\s*[)）]).*[)）]")
_MD_RULE = re.compile(r"\s*:?-{2,}:?\s*")
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]\s*[、.．]?|\d{1,2}\s*(?:[、．]|\.(?!\d)))\s*"
)
_QUOTES = re.compile(r"[\s“”\"'‘’「」『』]")
_SENTENCE = re.compile(r"[。；;！!？?]")


@dataclass
class _Cell:
    text: str
    kind: str                     # "num" | "dash" | "blank" | "text"
    value: Decimal | None = None
    unit: str | None = None


def _classify(text: str) -> _Cell:
    t = text.strip().strip("|｜").strip()
    if not t:
        return _Cell("", "blank")
    m = _FIGURE.fullmatch(t)
    if m:
        try:
            value = Decimal(m.group("num").replace(",", "").replace("，", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            return _Cell(t, "text")
        if m.group("sign") and m.group("sign") != "+":
            value = -value
        return _Cell(t, "num", value, m.group("unit"))
    if _DASH.fullmatch(t):
        return _Cell(t, "dash")
    return _Cell(t, "text")


def _norm(label: str) -> str:
    """A row label without numbering, spaces or quotes: (一)予以公开 -> 予以公开."""
    s = _NUMBERING.sub("", label, count=1)
    return _QUOTES.sub("", s)


@dataclass
class _Segment:
    """A run of label cells and the figures after them (one row, when the text has rows)."""
    labels: list[_Cell]
    values: list[_Cell]
    positional: bool       # a row of separated cells: blank cells keep their place
    offset: int


def _split_row(line: str) -> list[str] | None:
    """The cells of a `|`- or tab-separated row, or None when the line has no separator."""
    if not SEPARATOR.search(line):
        return None
    stripped = line.strip(" \u3000")
    parts = SEPARATOR.split(stripped)
    if stripped[:1] in "|｜" and parts and not parts[0].strip():
        parts = parts[1:]
    if stripped[-1:] in "|｜" and parts and not parts[-1].strip():
        parts = parts[:-1]
    if parts and all(_MD_RULE.fullmatch(p) for p in parts):
        return []
    return [p.strip() for p in parts]


def _merge_note(values: list[_Cell], cell: _Cell) -> bool:
    if cell.kind == "text" and _NOTE.fullmatch(cell.text) and values and values[-1].kind == "num":
        values[-1].text += cell.text
        return True
    return False


def _row_segment(cells: list[str], offset: int) -> _Segment:
    cs = [_classify(c) for c in cells]
    while cs and cs[0].kind == "blank":
        cs.pop(0)
    i = 0
    while i < len(cs) and cs[i].kind == "text":
        i += 1
    labels, values = cs[:i], []
    for c in cs[i:]:
        if not _merge_note(values, c):
            values.append(c)
    if values and not any(c.kind in ("num", "dash") for c in values) and any(c.kind == "text" for c in values):
        # a header row with merged (blank) cells: all of it is labels
        labels, values = [c for c in cs if c.kind == "text"], []
    return _Segment(labels, values, True, offset)


def _blank(values: list[_Cell]) -> bool:
    return all(c.kind == "blank" for c in values)


def _segments(lines: list[tuple[int, str]]) -> list[_Segment]:
    segs: list[_Segment] = []
    cur: _Segment | None = None
    for offset, line in lines:
        cells = _split_row(line)
        if cells is not None and len(cells) >= 2:
            cur = None
            segs.append(_row_segment(cells, offset))
            continue
        if cells == []:  # a markdown rule
            continue
        cell = _classify(cells[0] if cells else line)
        if cell.kind == "blank":
            continue
        if cell.kind in ("num", "dash"):
            if cur is None:
                cur = _Segment([], [], False, offset)
                segs.append(cur)
            cur.values.append(cell)
        elif cur is not None and _merge_note(cur.values, cell):
            continue
        else:
            if cur is None or cur.values:
                cur = _Segment([], [], False, offset)
                segs.append(cur)
            cur.labels.append(cell)
    return segs


# -- which table ------------------------------------------------------------------------------
_STRONG = [
    ("proactive", re.compile(r"第二十条")),
    ("requests", re.compile(r"本列数据|申请人情况|本年新收")),
    ("review_litigation", re.compile(r"^行政复议$|^行政诉讼$|未经复议")),
]
_WEAK = [
    ("proactive", re.compile(r"^(?:规章|行政规范性文件|规范性文件|行政许可|行政处罚|行政强制|行政事业性收费|政府集中采购|信息内容)$")),
    ("requests", re.compile(r"^(?:予以公开|不予公开|部分公开.*|无法提供|不予处理|其他处理|上年结转.*|结转下年.*)$")),
    ("review_litigation", re.compile(r"^(?:结果维持|结果纠正|尚未审结|复议后起诉)$")),
]


def _marker(seg: _Segment) -> str | None:
    """The table a segment's labels open: the words of a table's first rows, or a row label
    only that table has (labels of 60 characters or more, or with a sentence in them, are text)."""
    labels = [_norm(c.text) for c in seg.labels if len(c.text) < 60 and not _SENTENCE.search(c.text)]
    for marks in (_STRONG, _WEAK):
        for text in labels:
            for kind, rx in marks:
                if rx.search(text):
                    return kind
    return None


def _split_kinds(segs: list[_Segment]) -> list[tuple[str, list[_Segment]]]:
    groups: list[tuple[str, list[_Segment]]] = []
    kind = None
    for seg in segs:
        k = _marker(seg)
        if k and k != kind:
            kind = k
            groups.append((k, []))
        if kind is not None:
            groups[-1][1].append(seg)
    return groups


def _raws(cells: list[_Cell]) -> str:
    return ", ".join(c.text or "(blank)" for c in cells)


def _no_figure(cell: _Cell) -> str:
    return "is blank" if cell.kind == "blank" else f"holds no figure ({cell.text!r})"


# -- table 三 ---------------------------------------------------------------------------------
_RESULTS = "@results"
_REQUEST_PATTERNS: dict[str, re.Pattern] = {
    "requests.new": re.compile(r"本年新收"),
    "requests.carried_over": re.compile(r"上年度?结转"),
    _RESULTS: re.compile(r"^(?:本年度?)?办理结果$"),
    "outcome.disclosed": re.compile(r"^予以公开$"),
    "outcome.partly_disclosed": re.compile(r"^部分公开"),
    "outcome.withheld": re.compile(r"^不予公开$"),
    "outcome.withheld.state_secret": re.compile(r"国家秘密"),
    "outcome.withheld.prohibited_by_law": re.compile(r"禁止公开"),
    "outcome.withheld.security_stability": re.compile(r"三安全一稳定"),
    "outcome.withheld.third_party": re.compile(r"第三方"),
    "outcome.withheld.internal_affairs": re.compile(r"内部事务"),
    "outcome.withheld.process_info": re.compile(r"过程性"),
    "outcome.withheld.enforcement_file": re.compile(r"执法案卷"),
    "outcome.withheld.administrative_query": re.compile(r"行政查询"),
    "outcome.unavailable": re.compile(r"^无法提供$"),
    "outcome.unavailable.not_held": re.compile(r"不掌握"),
    "outcome.unavailable.needs_creation": re.compile(r"另行制作|没有现成"),
    "outcome.unavailable.unclear": re.compile(r"不明确"),
    "outcome.not_processed": re.compile(r"^不予处理$"),
    "outcome.not_processed.petition": re.compile(r"信访|举报|投诉"),
    "outcome.not_processed.repeated": re.compile(r"^重复申请$"),
    "outcome.not_processed.publication": re.compile(r"出版物"),
    "outcome.not_processed.vexatious": re.compile(r"大量反复"),
    "outcome.not_processed.confirmation": re.compile(r"确认|重新出具"),
    "outcome.other": re.compile(r"^其他处理$"),
    "outcome.other.no_correction": re.compile(r"不补正"),
    "outcome.other.fee_unpaid": re.compile(r"缴纳费用|收费通知"),
    "outcome.other.other": re.compile(r"^其他$"),
    "outcome.total": re.compile(r"^总计$"),
    "requests.carried_forward": re.compile(r"结转下年"),
}
_REQUEST_ORDER = ["requests.new", "requests.carried_over", _RESULTS] + [r.id for r in mk.REQUEST_ROWS[2:]]
assert set(_REQUEST_ORDER) == set(_REQUEST_PATTERNS)
_HEADER_ZONE = 3     # before the first row only these can match: 本年新收, 上年结转, 办理结果
_WINDOW = 12         # how far past the last row a bare 其他 / 总计 may match
_OTHER_2021 = {"outcome.other.no_correction", "outcome.other.fee_unpaid", "outcome.other.other"}
_AMBIGUOUS = {"outcome.other.other", "outcome.total"}   # 其他 / 总计: also column headers


def _match_request(text: str, pointer: int, started: bool, numbered: bool = False) -> tuple[int | None, bool]:
    """(index in _REQUEST_ORDER of the row this label names, whether it names an earlier row).
    A bare 其他 or 总计 only matches within _WINDOW rows of the last row read."""
    stop = _HEADER_ZONE if not started else len(_REQUEST_ORDER)
    for i in range(pointer, stop):
        row = _REQUEST_ORDER[i]
        if row in _AMBIGUOUS and not numbered and i >= pointer + _WINDOW:
            continue
        if _REQUEST_PATTERNS[row].search(text):
            return i, False
    if started:
        for i in range(0, pointer):
            if _REQUEST_PATTERNS[_REQUEST_ORDER[i]].search(text):
                return None, True
    return None, False


def _row_label(row_id: str, fmt: str) -> str:
    if row_id == _RESULTS:
        return mk.RESULTS_ROW
    row = mk.REQUEST_ROW[row_id]
    return row.label(fmt) or row.label_2021 or row.label_2019


def _parse_requests(segs: list[_Segment], fmt_hint: str | None) -> tuple[str, list[list[str]], dict, list[str]]:
    """(format, grid, placed cells {(row, suffix): _Cell}, problems)."""
    problems: list[str] = []
    rows: dict[str, list[_Cell]] = {}      # row id -> its cells as read, in document order
    positional: dict[str, bool] = {}
    matched_rows: set[str] = set()
    placed: dict[tuple[str, str], _Cell] = {}
    reported: set[str] = set()
    pointer, started, last_row = 0, False, None
    for seg in segs:
        labels = [c.text for c in seg.labels]
        matched: list[str | None] = []
        i = 0
        while i < len(labels):
            hit, earlier = None, False
            for span in (1, 2, 3):
                if i + span > len(labels):
                    break
                idx, before = _match_request(_norm("".join(labels[i:i + span])), pointer, started,
                                             bool(_NUMBERING.match(labels[i])))
                earlier = earlier or (span == 1 and before)
                if idx is not None:
                    hit = (idx, span)
                    break
            if hit:
                idx, span = hit
                matched.append(_REQUEST_ORDER[idx])
                matched_rows.add(_REQUEST_ORDER[idx])
                pointer, started = idx + 1, True
                i += span
                continue
            numbered = bool(_NUMBERING.match(labels[i]))
            if started and (not matched or numbered):
                what = "names a row already read" if earlier else "is not a row of the template"
                problems.append(f"Row label {labels[i]!r} {what}.")
                matched.append(None)  # the figures after it are not the previous row's
            # else: a header cell before the first row, or the rest of a label just matched
            i += 1
        if matched:
            target = matched[-1]
        elif not seg.labels and last_row is not None and last_row not in rows:
            target = last_row
        else:
            target = None
        if matched and matched[-1] is not None:
            last_row = matched[-1]
        if not seg.values:
            continue
        if _blank(seg.values) and (target is None or target == _RESULTS or target in rows):
            continue  # the empty cells of a heading row
        if target is None:
            where = f"after {labels[-1]!r}" if labels else "without a row label"
            problems.append(f"{len(seg.values)} figure(s) {where} could not be placed: {_raws(seg.values)}.")
            continue
        label = _row_label(target, "2021")
        if target == _RESULTS:
            problems.append(f"{label} is a heading row but is followed by figures ({_raws(seg.values)}); not placed.")
            continue
        if target in rows:
            problems.append(f"{label}: a second set of figures ({_raws(seg.values)}); not placed.")
            continue
        rows[target] = seg.values
        positional[target] = seg.positional

    if matched_rows & _OTHER_2021:
        fmt = "2021"
    elif "outcome.other" in rows:
        fmt = "2019"
    else:
        fmt = fmt_hint or "2021"
    # place the rows now that the format is known: a group row's empty cells are no figures missing
    for target, values in rows.items():
        if target in mk.REQUEST_ROW and mk.REQUEST_ROW[target].kind_in(fmt) == "group" and _blank(values):
            continue
        reported.add(target)
        label = _row_label(target, "2021")
        if len(values) != len(mk.APPLICANT_COLUMNS):
            lost = "blank cells kept their places" if positional[target] else "cells on separate lines"
            problems.append(
                f"{label}: {len(values)} cells ({_raws(values)}) for the {len(mk.APPLICANT_COLUMNS)} "
                f"applicant columns ({lost}); the row is not placed.")
            continue
        blanks = []
        for (suffix, col_label, _), cell in zip(mk.APPLICANT_COLUMNS, values):
            if cell.kind == "num":
                placed[(target, suffix)] = cell
            elif cell.kind == "blank":
                blanks.append(col_label)
            else:
                problems.append(f"{label} × {col_label} {_no_figure(cell)}; not placed.")
        if blanks:
            are = "is blank" if len(blanks) == 1 else "are blank"
            problems.append(f"{label} × {', '.join(blanks)} {are}; not placed.")
    for row in mk.REQUEST_ROWS:
        if row.label(fmt) and row.kind_in(fmt) == "data" and row.id not in reported:
            problems.append(f"Row {row.label(fmt)} was not found.")
    if fmt == "2019":
        for row_id in sorted(matched_rows & _OTHER_2021):
            problems.append(f"Row {_row_label(row_id, '2021')} is not in the 2019 template.")

    header = [""] + [c[1] for c in mk.APPLICANT_COLUMNS]
    grid = [header]
    for row_id in _REQUEST_ORDER:
        if row_id != _RESULTS and mk.REQUEST_ROW[row_id].label(fmt) is None and row_id not in rows:
            continue
        cells = rows.get(row_id, [])
        grid.append([_row_label(row_id, fmt)] + [c.text for c in cells] + [""] * (len(header) - 1 - len(cells)))
    return fmt, grid, placed, problems


# -- table 四 ---------------------------------------------------------------------------------
_REVIEW_KEYS = [f"{part}.{suffix}" for part, _, _ in mk.REVIEW_PARTS for suffix, _, _ in mk.RESULT_COLUMNS]


def _parse_review(segs: list[_Segment]) -> tuple[list[list[str]], dict[str, _Cell], list[str]]:
    problems: list[str] = []
    values = [c for seg in segs if not _blank(seg.values) for c in seg.values]
    placed: dict[str, _Cell] = {}
    if len(values) != len(_REVIEW_KEYS):
        problems.append(
            f"行政复议、行政诉讼: {len(values)} cells ({_raws(values)}) for the template's {len(_REVIEW_KEYS)}; "
            "none placed.")
        values = []
    for key, cell in zip(_REVIEW_KEYS, values):
        if cell.kind == "num":
            placed[key] = cell
        else:
            k = mk.KEYS[key]
            problems.append(f"{k.row} × {k.column} {_no_figure(cell)}; not placed.")
    grid = [[""] + [c[1] for c in mk.RESULT_COLUMNS]]
    for n, (part, part_label, _) in enumerate(mk.REVIEW_PARTS):
        chunk = values[n * 5:(n + 1) * 5]
        grid.append([part_label] + [c.text for c in chunk] + [""] * (5 - len(chunk)))
    return grid, placed, problems


# -- table 二 ---------------------------------------------------------------------------------
_ITEM = re.compile(r"第二十条第\s*[(（]?\s*([一二三四五六七八九十]{1,2})\s*[)）]?\s*项")
_UNIT_NOTE = re.compile(r"单位\s*[:：]?\s*(万元|亿元|元)")
_PRO_COLUMNS: list[tuple[re.Pattern, str, str | None]] = [
    (re.compile(r"制发"), "issued", "2021"),
    (re.compile(r"废止"), "repealed", "2021"),
    (re.compile(r"现行有效"), "in_force", "2021"),
    (re.compile(r"新制作"), "issued", "2019"),
    (re.compile(r"新公开"), "published", "2019"),
    (re.compile(r"公开总数"), "published_total", "2019"),
    (re.compile(r"上一?年项目数"), "items_last_year", "2019"),
    (re.compile(r"增[/／、]?减"), "items_change", "2019"),
    (re.compile(r"本年处理决定"), "decisions", "2021"),
    (re.compile(r"处理决定"), "decisions", None),
    (re.compile(r"收费金额"), "fee_amount", "2021"),
    (re.compile(r"采购项目数"), "count", "2019"),
    (re.compile(r"采购(?:总)?金额"), "procurement_amount", "2019"),
]
_PRO_ROWS: list[tuple[re.Pattern, str, str | None]] = [
    (re.compile(r"^规章$"), "regulations", None),
    (re.compile(r"^行政规范性文件$"), "normative_documents", None),
    (re.compile(r"^规范性文件$"), "normative_documents", None),
    (re.compile(r"^行政许可$"), "licensing", None),
    (re.compile(r"^其他对外管理服务事项$"), "other_services", "2019"),
    (re.compile(r"^行政处罚$"), "penalty", None),
    (re.compile(r"^行政强制$"), "coercion", None),
    (re.compile(r"^行政事业性收费$"), "fees", None),
    (re.compile(r"^政府集中采购$"), "procurement", "2019"),
]
_UNIT_FACTOR = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


def _pro_label(text: str) -> tuple[str, object] | None:
    t = _QUOTES.sub("", text)
    if m := _ITEM.search(t):
        return "item", f"({m.group(1)})"
    if t == "信息内容":
        return "info", None
    for rx, col, hint in _PRO_COLUMNS:
        if rx.search(t):
            unit = _UNIT_NOTE.search(t)
            return "column", (col, hint, unit.group(1) if unit else None)
    if m := _UNIT_NOTE.search(t):
        return "unit", m.group(1)
    bare = re.sub(r"[(（][^()（）]*[)）]$", "", t)
    for rx, row, hint in _PRO_ROWS:
        if rx.search(bare):
            return "row", (row, hint, bare)
    return None


def _parse_proactive(segs: list[_Segment]) -> tuple[str | None, list, list[str], set[str]]:
    """(format or None, placed [(item, row, column id, cell, unit)], problems, rows seen)."""
    problems: list[str] = []
    votes = {"2019": 0, "2021": 0}
    item: str | None = None
    columns: list[list] = []         # [column id, unit]
    placed: list[tuple] = []
    seen_rows: set[str] = set()
    pending: list[tuple[str | None, str, list[_Cell]]] = []   # rows whose columns come from the template
    for seg in segs:
        row = None
        buf: list[str] = []
        for cell in seg.labels:
            got = _pro_label("".join(buf + [cell.text]))
            if got is None and buf:
                got = _pro_label(cell.text)
                if got is not None:
                    problems.append(f"Cell {''.join(buf)!r} is not part of the template; ignored.")
                    buf = []
            if got is None:
                buf.append(cell.text)
                continue
            buf = []
            kind, what = got
            if kind == "item":
                item, columns, row = what, [], None
            elif kind == "info":
                columns, row = [], None
            elif kind == "column":
                col, hint, unit = what
                if row is not None:  # a header after a row: a new header
                    columns, row = [], None
                columns.append([col, unit])
                if hint:
                    votes[hint] += 1
            elif kind == "unit":
                if columns:
                    columns[-1][1] = what
            elif kind == "row":
                row, hint, bare = what
                if hint:
                    votes[hint] += 1
                if row == "normative_documents":
                    votes["2021" if bare.startswith("行政") else "2019"] += 1
        if buf and not (row is not None and not seg.values):
            problems.append(f"Cell {''.join(buf)!r} is not part of the template; ignored.")
        if not seg.values or (row is None and _blank(seg.values)):
            continue
        if row is None:
            problems.append(f"{len(seg.values)} figure(s) without a row label could not be placed: {_raws(seg.values)}.")
            continue
        if row in seen_rows:
            problems.append(f"{mk.PROACTIVE_ROW[row][1] or mk.PROACTIVE_ROW[row][2]}: a second set of figures "
                            f"({_raws(seg.values)}); not placed.")
            continue
        seen_rows.add(row)
        if columns:
            placed.extend(_place_proactive(item, row, [tuple(c) for c in columns], seg.values, problems))
        else:
            pending.append((item, row, seg.values))
    fmt = None if votes["2019"] == votes["2021"] == 0 else ("2019" if votes["2019"] > votes["2021"] else "2021")
    for item_, row, values in pending:  # no header read: the template's columns for this format
        cols = mk.PROACTIVE_ROW_COLUMNS[row].get(fmt or "2021") or next(iter(mk.PROACTIVE_ROW_COLUMNS[row].values()))
        placed.extend(_place_proactive(item_, row, [(c, None) for c in cols], values, problems))
    return fmt, placed, problems, seen_rows


def _place_proactive(item, row, columns, values, problems):
    label = mk.PROACTIVE_ROW[row][1] or mk.PROACTIVE_ROW[row][2]
    if len(values) != len(columns):
        problems.append(f"{label}: {len(values)} cells ({_raws(values)}) for {len(columns)} columns; not placed.")
        return []
    out = []
    for (col, unit), cell in zip(columns, values):
        key = mk.proactive_key(row, col)
        if key not in mk.KEYS:
            problems.append(f"{label}: the column {mk.PROACTIVE_COLUMNS[col][0] or mk.PROACTIVE_COLUMNS[col][1]} "
                            f"does not belong to this row in either template; {cell.text!r} not placed.")
        elif cell.kind != "num":
            problems.append(f"{label} × {mk.PROACTIVE_COLUMNS[col][0] or mk.PROACTIVE_COLUMNS[col][1]} "
                            f"{_no_figure(cell)}; not placed.")
        else:
            out.append((item, row, col, cell, cell.unit or unit))
    return out


# -- assembling -------------------------------------------------------------------------------
def _lines_with_offsets(text: str, lines: list[str], start: int) -> list[tuple[int, str]]:
    out, pos = [], start
    for line in lines:
        at = text.find(line, pos)
        if at >= 0:
            pos = at + len(line)
        out.append((at if at >= 0 else pos, line))
    return out


_TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")


def _trailing_figures(text: str, end: int) -> list[tuple[int, str]]:
    """Figure cells right after a TableBlock that sections.py does not count as numbers
    (`251000元`, `1,234 万元`): the block stops at its last plain number."""
    out = []
    for m in re.finditer(r"[^\n\r]+", text[end:]):
        line = m.group().strip()
        if not line:
            continue
        cell = _classify(line)
        if cell.kind not in ("num", "dash") and not (out and _NOTE.fullmatch(line)):
            break
        out.append((end + m.start(), m.group()))
    return out


def _row_blocks(text: str, covered: list[tuple[int, int]]) -> list[list[tuple[int, str]]]:
    """Runs of `|`- or tab-separated rows outside the TableBlocks. A short line without a
    separator between two rows (a merged cell: 第二十条第(一)项) stays in the run; a top-level
    heading or a sentence ends it."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n\r]+", text)
             if not any(a <= m.start() < b for a, b in covered) and m.group().strip()]

    def is_row(line: str) -> bool:
        return bool(SEPARATOR.search(line))

    blocks, cur = [], []
    for n, (offset, line) in enumerate(lines):
        if is_row(line):
            if line.strip(" |｜\t-:"):
                cur.append((offset, line))
            continue
        bridge = (cur and len(line.strip()) <= 60 and not _SENTENCE.search(line) and not _TOP_HEADING.match(line)
                  and any(is_row(l) for _, l in lines[n + 1:n + 3]))
        if bridge:
            cur.append((offset, line))
            continue
        if cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


_SECTION_WORDS = {"proactive": "主动公开", "requests": "申请", "review_litigation": "复议"}


def _section_at(structure, offset: int, kind: str) -> int | None:
    sections = getattr(structure, "sections", None) or []
    best = None
    for i, s in enumerate(sections):
        if s.start <= offset and s.level == 1 and _SECTION_WORDS[kind] in s.heading:
            best = i
    if best is not None:
        return best
    for i, s in enumerate(sections):
        if s.start <= offset:
            best = i
    return best


def _metric(key: str, value: Decimal, source: str, section, row, column, raw) -> Metric:
    k = mk.KEYS[key]
    return Metric(key, k.label, value, k.unit, source, section, k.table, row, column, raw)


def _requests_table(segs, fmt_hint, title, section) -> ParsedTable:
    fmt, grid, placed, problems = _parse_requests(segs, fmt_hint)
    metrics = []
    for row in mk.REQUEST_ROWS:
        label = row.label(fmt) or row.label_2021
        for suffix, col_label, _ in mk.APPLICANT_COLUMNS:
            cell = placed.get((row.id, suffix))
            if cell is not None:
                metrics.append(_metric(f"{row.id}.{suffix}", cell.value, "table", section, label, col_label, cell.text))
                continue
            if row.kind_in(fmt) != "group":
                continue
            parts = [placed.get((sub.id, suffix)) for sub in mk.REQUEST_ROWS if sub.parent == row.id and sub.label(fmt)]
            if parts and all(p is not None for p in parts):
                metrics.append(_metric(f"{row.id}.{suffix}", sum((p.value for p in parts), Decimal(0)), "derived",
                                       section, label, col_label, ""))
    return ParsedTable("requests", fmt, title, section, grid, metrics, problems)


def _review_table(segs, fmt, title, section) -> ParsedTable:
    grid, placed, problems = _parse_review(segs)
    metrics = []
    for key in _REVIEW_KEYS:
        if key in placed:
            k = mk.KEYS[key]
            metrics.append(_metric(key, placed[key].value, "table", section, k.row, k.column, placed[key].text))
    for suffix, col_label, _ in mk.RESULT_COLUMNS:
        parts = mk.KEYS[f"litigation.{suffix}"].sum_of
        if all(p in placed for p in parts):
            metrics.append(_metric(f"litigation.{suffix}", sum((placed[p].value for p in parts), Decimal(0)),
                                   "derived", section, "行政诉讼", col_label, ""))
    return ParsedTable("review_litigation", fmt, title, section, grid, metrics, problems)


def _proactive_table(parsed, fmt_hint, title, section) -> ParsedTable:
    fmt_read, placed, problems, seen_rows = parsed
    fmt = fmt_read or fmt_hint or "2021"
    for row, cols in mk.PROACTIVE_ROW_COLUMNS.items():
        if fmt in cols and row not in seen_rows:
            problems.append(f"Row {mk.PROACTIVE_ROW[row][1 if fmt == '2021' else 2]} was not found.")
    metrics = []
    grid = [["第二十条", "信息内容", "栏目", "数值"]]
    for item, row, col, cell, unit in placed:
        key = mk.proactive_key(row, col)
        k = mk.KEYS[key]
        value = cell.value
        if k.unit == "万元" and unit in _UNIT_FACTOR:
            value = value * _UNIT_FACTOR[unit]
        row_label = mk.PROACTIVE_ROW[row][1 if fmt == "2021" else 2] or mk.PROACTIVE_ROW[row][1] or mk.PROACTIVE_ROW[row][2]
        head_2021, head_2019 = mk.PROACTIVE_COLUMNS[col][:2]
        col_label = (head_2021 if fmt == "2021" else head_2019) or head_2021 or head_2019
        metrics.append(_metric(key, value, "table", section, row_label, col_label, cell.text))
        grid.append([f"第{item or mk.PROACTIVE_ROW[row][3]}项", row_label, col_label, cell.text])
    return ParsedTable("proactive", fmt, title, section, grid, metrics, problems)


def parse_tables(text: str, structure) -> list[ParsedTable]:
    """The standard tables of an annual report, in document order, each with its metrics and problems."""
    found = []  # (offset, kind, segments, title, section)
    covered = []
    for tb in getattr(structure, "tables", None) or []:
        lines = _lines_with_offsets(text, tb.lines, tb.start) + _trailing_figures(text, tb.end)
        covered.append((tb.start, lines[-1][0] + len(lines[-1][1]) if lines else tb.end))
        segs = _segments(lines)
        segs = label_order.reorder(segs, text, covered[-1][1])  # row labels printed after their figures
        for kind, group in _split_kinds(segs):
            found.append((group[0].offset, kind, group, tb.title, tb.section))
    from_blocks = {kind for _, kind, *_ in found}
    for block in _row_blocks(text, covered):
        # a label's wrapped rest on a line of its own joins its row
        for kind, group in _split_kinds(label_order.join_fragments(_segments(block))):
            if kind in from_blocks:
                continue
            section = _section_at(structure, group[0].offset, kind)
            sections = getattr(structure, "sections", None) or []
            heading = sections[section].heading if section is not None else ""
            title = heading if _SECTION_WORDS[kind] in heading else ""
            found.append((group[0].offset, kind, group, title, section))
    found.sort(key=lambda f: f[0])

    # the document's format: table 二 tells best, then table 三
    proactive = {id(f): _parse_proactive(f[2]) for f in found if f[1] == "proactive"}
    hint = next((p[0] for p in proactive.values() if p[0]), None)
    tables: dict[int, ParsedTable] = {}
    for f in found:
        if f[1] == "requests":
            tables[id(f)] = _requests_table(f[2], hint, _title(f), f[4])
    if hint is None:
        hint = next((t.format for t in tables.values()), None)
    for f in found:
        if f[1] == "proactive":
            tables[id(f)] = _proactive_table(proactive[id(f)], hint, _title(f), f[4])
        elif f[1] == "review_litigation":
            tables[id(f)] = _review_table(f[2], hint or "2021", _title(f), f[4])
    return [tables[id(f)] for f in found]


def _title(found) -> str:
    title = found[3]
    return title or mk.TABLE_TITLES[found[1]].split("、", 1)[1]
