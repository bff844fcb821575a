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
  复议后起诉 ×5); any other count places nothing. A header writing all five result columns
  in another order (in cells or run together) is followed where each group's 总计 then adds up.
* Table 二: 第二十条第(X)项 opens an item, 信息内容 its header; the column headers read (split
  headers are joined) say which figure is which; without a header the template's columns for
  that row and format are used. A row's figure count must equal its column count.
* Table 二 as plain `pdftotext` writes it, its label column first and then each item's headers
  and figures, is paired back into rows where the counts and the template's items agree.
* PDF extractors' rows: header lines without separators right over the first row belong to
  it; a wrapped piece of a merged cell beside a label (三、本 / 年度办) neither ends the rows nor
  hides the label after it; a row's cells written over two lines are one row when together
  they are the seven columns and their 总计 adds up.
* Anything that cannot be placed goes to `problems`, in words; nothing is guessed or fixed.

Flattened tables (crawled pages that keep a table's words and digits but not its cell
borders): a kind no reader above placed a figure of is looked for in the text by the
template's row labels, whether on one line or on lines; each run of digits after a label is
split into that row's cells by digits.py (no leading zeros, blanks are boundaries, decimals
only in amounts, a sign only in 本年增/减), keeping the splits whose row relations hold (table
三: the 总计 column; table 四: each group of five ends in its 总计). Rows left with several
splits are decided jointly by the relations across rows (勾稽 and column sums), unless a
relation already fails among the rows read; a row still undecided is reported with its
candidates. A row's numbering glued to the end of the run before it (`…信息4910000502.没有…`)
is the next row's. Table 二's multi-column rows have no relation between their cells, so a run
there is placed only when it splits one way (in 2019, 本年新公开数量 never above 对外公开总数量).
The older reports' 统计表 (指标名称 | 计量单位 | 本年度 | 历年累计) is read the same way, a
row's split also decided where the report's own text states its 本年度 figure; its rows meaning
a canonical key are placed.

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

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from . import checks
from . import digits as digits_mod
from . import label_order
from . import metric_keys as mk
from . import statutory
from .patterns import SENTENCE as _SENTENCE


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


@dataclass
class _Cell:
    text: str
    kind: str                     # "num" | "dash" | "blank" | "text" | "undecided" (a run's splits differ)
    value: Decimal | None = None
    unit: str | None = None


_UNDECIDED = _Cell("", "undecided")


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
    header: bool = False   # a row of separated cells, three or more of words and none a figure
    leading_blanks: int = 0  # empty cells dropped before the row's first label or figure
    exact: bool = False    # a row of a file's own cells (HTML, Word, a PDF's grid): none was trimmed


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
    leading = 0
    while cs and cs[0].kind == "blank":
        cs.pop(0)
        leading += 1
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
    return _Segment(labels, values, True, offset, header=not values and len(labels) >= 3, leading_blanks=leading)


def _writes_blanks(values: list[_Cell]) -> bool:
    """Does the row keep an empty cell before a figure (so that its writer writes the table's
    empty cells, and a row shorter than the template lost only its empty end)?"""
    return any(a.kind == "blank" and b.kind == "num" for a, b in zip(values, values[1:]))


def _padded(values: list[_Cell], size: int) -> list[_Cell]:
    """The row with the empty cells its writer trimmed from its end put back, up to `size`."""
    return values + [_Cell("", "blank")] * (size - len(values))


def _ends_in_its_sum(values: list[_Cell]) -> bool:
    """Are the row's figures two or more, the last the sum of the others (`2 | 3 | 5`)?"""
    figures = [c.value for c in values if c.kind == "num"]
    return len(figures) >= 2 and sum(figures[:-1], Decimal(0)) == figures[-1]


def _blank(values: list[_Cell]) -> bool:
    return all(c.kind == "blank" for c in values)


def _rows_of_line(cells: list[str]) -> list[list[str]]:
    """The rows of one line of separated cells: a crawler may write a whole table on one line
    (`规章 | 0 | 0 | 6 | 行政规范性文件 | 0 | 0 | 0 | 第二十条第(五)项 | …`). A row's label never
    comes after its figures, so words after a figure start the next row (a note in brackets
    after a figure stays with it)."""
    classified = [_classify(text) for text in cells]
    if not any(cell.kind in ("num", "dash") for cell in classified):
        return [cells]  # a header row, merged cells and all
    rows, row, figures, label, gap = [], [], False, False, False
    for text, cell in zip(cells, classified):
        if cell.kind == "text" and (figures or gap) and not _NOTE.fullmatch(cell.text):
            rows.append(row)
            row, figures, label = [], False, False
        row.append(text)
        figures = figures or cell.kind in ("num", "dash")
        label = label or cell.kind == "text"
        # empty cells after a label, then words: spacer cells between two rows
        # (`第二十条第(一)项 | ||| 信息内容 | …`)
        gap = cell.kind == "blank" and label and (gap or not figures)
    rows.append(row)
    return rows


_BARE_BAR = re.compile(r"[ \t\u3000]*[|｜][ \t\u3000]*")


def _segments(lines: list[tuple[int, str]]) -> list[_Segment]:
    segs: list[_Segment] = []
    cur: _Segment | None = None
    bars = 0   # bars alone on their lines since the last cell of `cur`
    for offset, line in lines:
        if _BARE_BAR.fullmatch(line):
            # A table written one cell a line, each ended by `|` (its label cell too): a bar
            # alone before one of a row's figures is an empty cell, and the row's cells are then
            # known by their places. Bars after the last figure may as well end the row: they
            # are dropped. (Where no cell's line ends in a bar, bars alone only part the cells.)
            bars += cur is not None
            continue
        between, bars = bars, 0
        cells = _split_row(line)
        if cells is not None and len(cells) >= 2 and cells[0] and not any(cells[1:]):
            # one cell and the empty ones a crawler pads a row's end with (`8 | |||||||||`)
            cells = cells[:1]
        if cells is not None and len(cells) >= 2:
            cur = None
            segs.extend(_row_segment(row, offset) for row in _rows_of_line(cells))
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
            if between and cells is not None:
                # (only where a cell's own line ends in its bar, `56 |`: where bars stand on
                # lines between cells, `8 ⏎ | ⏎ 160.5964万元`, a bar alone parts two cells)
                cur.values += [_Cell("", "blank")] * between
                cur.positional = True
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
# table 四's header words; a cell of two or more of them run together (行政复议行政诉讼, 行政复议、
# 行政诉讼, 结果维持结果纠正) is its header as much as the words in cells of their own
_REVIEW_HEADER_WORDS = r"(?:(?:行政复议|行政诉讼|未经复议直接起诉|复议后起诉|结果维持|结果纠正|其他结果|尚未审结|总计|合计)[、，,|｜/:：\s]*)"
_STRONG = [
    ("proactive", re.compile(r"第二十条")),
    ("requests", re.compile(r"本列数据|申请人情况|本年新收")),
    ("review_litigation", re.compile(r"^行政复议$|^行政诉讼$|未经复议"
                                     rf"|^(?=.*(?:行政复议|行政诉讼|复议后起诉)){_REVIEW_HEADER_WORDS}{{2,}}$")),
]
_WEAK = [
    ("proactive", re.compile(r"^(?:规章|行政规范性文件|规范性文件|行政许可|行政处罚|行政强制|行政事业性收费|政府集中采购|信息内容)$")),
    ("requests", re.compile(r"^(?:予以公开|不予公开|部分公开.*|无法提供|不予处理|其他处理|上年结转.*|结转下年.*)$")),
    ("review_litigation", re.compile(r"^(?:结果维持|结果纠正|尚未审结|复议后起诉)$"
                                     rf"|^(?=.*(?:结果维持|结果纠正|其他结果|尚未审结)){_REVIEW_HEADER_WORDS}{{2,}}$")),
]


def _marker(seg: _Segment) -> str | None:
    """The table a segment's labels open: the words of a table's first rows, or a row label
    only that table has (labels of 60 characters or more, or with a sentence in them, are text)."""
    return _marker_of(tuple(c.text for c in seg.labels))


@functools.lru_cache(maxsize=4096)  # asked again for the same labels each time a table is re-read
def _marker_of(texts: tuple[str, ...]) -> str | None:
    labels = [_norm(text) for text in texts if len(text) < 60 and not _SENTENCE.search(text)]
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
    "outcome.partially_disclosed": re.compile(r"^部分公开"),
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


_GROUP_NUMBER = re.compile(r"^\s*[(（]\s*([一二三四五六七])\s*[)）]")


@functools.cache
def _group_rows() -> dict[str, tuple[int, str]]:
    """(index in _REQUEST_ORDER, words) of the rows the template numbers (一) to (七), by number."""
    out = {}
    for i, row in enumerate(_REQUEST_ORDER):
        m = _GROUP_NUMBER.match(mk.REQUEST_ROW[row].label_2021 if row in mk.REQUEST_ROW else "")
        if m:
            out[m.group(1)] = (i, _norm(mk.REQUEST_ROW[row].label_2021))
    return out


def _group_row(label: str, pointer: int) -> int | None:
    """The row a label numbered (一) to (七) names when its words are the start of that row's
    (a cell cut short: `(六)其他` is (六)其他处理, never the reason 3.其他), from `pointer` on."""
    m = _GROUP_NUMBER.match(label)
    if not m or m.group(1) not in _group_rows():
        return None
    idx, words = _group_rows()[m.group(1)]
    text = _norm(label)
    return idx if idx >= pointer and text and words.startswith(text) else None


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


_INNER_NUMBERING = re.compile(r"(?<=\S)(?=[(（]\s*[一二三四五六七八九十]{1,2}\s*[)）]\S)")


def _match_inner_label(text: str, pointer: int) -> int | None:
    """A label cell that starts with the wrapped piece of a merged cell beside it (`年度办(二)部分
    公开…`, of 三、本年度办理结果): the row its own numbered label names, from that numbering on.
    Only the row expected next (or a group row right before it) is taken."""
    parts = _INNER_NUMBERING.split(text)
    if len(parts) < 2:
        return None
    idx, _ = _match_request(_norm(parts[-1]), pointer, True, True)
    return idx if idx is not None and idx <= pointer + 1 else None


def _row_label(row_id: str, fmt: str) -> str:
    if row_id == _RESULTS:
        return mk.RESULTS_ROW
    row = mk.REQUEST_ROW[row_id]
    return row.label(fmt) or row.label_2021 or row.label_2019


def _join_split_rows(segs: list[_Segment]) -> list[_Segment]:
    """A row whose cells a PDF extractor wrote on two lines, its label wrapped beside them
    (`通知要求缴纳费用、行 | 6 | 15 | 0` / `政机关不再处理其政府 | 0 | 0 | 0 | 21`): two rows of
    separated cells, the second with an unnumbered label, whose cells together are the seven
    applicant columns, every one a figure, and whose 总计 is the sum of the other six. Those are
    one row; anything less certain is left as read (and reported as a short row)."""
    n = len(mk.APPLICANT_COLUMNS)
    out: list[_Segment] = []
    for seg in segs:
        prev = out[-1] if out else None
        if prev is not None and (joined := _label_cut_off(prev, seg)):
            out[-1] = _Segment(prev.labels[:-1] + [_Cell(joined, "text")], prev.values, True, prev.offset, exact=prev.exact)
            continue
        if (prev is not None and prev.positional and seg.positional and prev.labels and seg.labels
                and 0 < len(prev.values) < n and len(prev.values) + len(seg.values) == n
                and not any(_NUMBERING.match(c.text) for c in seg.labels)
                and all(c.kind == "num" for c in prev.values + seg.values)):
            cells = prev.values + seg.values
            if sum((c.value for c in cells[:-1]), Decimal(0)) == cells[-1].value:
                out[-1] = _Segment(prev.labels + seg.labels, cells, True, prev.offset, exact=prev.exact)
                continue
        out.append(seg)
    return out


def _request_rows_named(label: str) -> set[str]:
    return {row for row, pattern in _REQUEST_PATTERNS.items() if pattern.search(_norm(label))}


def _label_cut_off(prev: _Segment, seg: _Segment) -> str | None:
    """The label of `prev` with the words of `seg` after it, where a page end cut a row: the
    rest of its label stands alone in a row of its own below, every other cell of it empty
    (`3.补正后申请内容仍不 | 3 | 8 | … | 13` / `明确`). Only where neither piece names a row of
    the template and the two together name exactly one."""
    if not (prev.positional and seg.positional and prev.labels and prev.values and len(seg.labels) == 1
            and _blank(seg.values) and not _blank(prev.values)):
        return None
    head, rest = prev.labels[-1].text, seg.labels[0].text
    if _request_rows_named(head) or _request_rows_named(rest):
        return None
    return head + rest if len(_request_rows_named(head + rest)) == 1 else None


def _figures_before_labels(segs: list[_Segment]) -> bool:
    """Whether a table 三's first figures stand alone on their line before any row label: a PDF
    extractor that prints each row label after its figures (a tall, wrapped label sits lower
    than its figures). Read as written, every label would take the next row's figures."""
    for seg in segs:
        if any(_REQUEST_PATTERNS[row].search(_norm(c.text)) for c in seg.labels
               for row in ("requests.new", "requests.carried_over")):
            return False
        if seg.values and not _blank(seg.values):
            # no label of a row with them (a header cell such as 商业企业 or 其他 may be)
            return len(seg.values) >= 2 and not any(
                _REQUEST_PATTERNS[row].search(_norm(c.text)) for c in seg.labels
                for row in _REQUEST_ORDER if row not in _AMBIGUOUS)
    return False


def _parse_requests(segs: list[_Segment], fmt_hint: str | None) -> tuple[str, list[list[str]], dict, list[str]]:
    """(format, grid, placed cells {(row, suffix): _Cell}, problems)."""
    exact = any(seg.exact for seg in segs)
    segs = _join_split_rows(segs)
    problems: list[str] = []
    labels_after = _figures_before_labels(segs)
    if labels_after:
        problems.append("Figures come before the first row label (本年新收…): the labels may follow their "
                        "figures, so figures alone on their line are not given to the label above them.")
    rows: dict[str, list[_Cell]] = {}      # row id -> its cells as read, in document order
    positional: dict[str, bool] = {}
    matched_rows: set[str] = set()
    placed: dict[tuple[str, str], _Cell] = {}
    reported: set[str] = set()
    pointer, started, last_row = 0, False, None
    for seg in segs:
        if seg.header:
            # column headers, the template's (自然人 … 总计) or a converter's own (类别 | 数据1 | …
            # | 总计, 项目 | 本年新收件数 | … | 结转下年度): none of them is a row
            continue
        labels = [c.text for c in seg.labels]
        matched: list[str | None] = []
        i = 0
        while i < len(labels):
            hit, earlier = None, False
            for span in (1, 2, 3):
                if i + span > len(labels):
                    break
                if span == 1 and started and (idx := _group_row(labels[i], pointer)) is not None:
                    hit = (idx, 1)
                    break
                idx, before = _match_request(_norm("".join(labels[i:i + span])), pointer, started,
                                             bool(_NUMBERING.match(labels[i])))
                if idx is None and span == 1 and started:
                    idx = _match_inner_label(labels[i], pointer)
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
            if earlier and seg.values and last_row is not None and last_row not in rows \
                    and _REQUEST_ORDER.index(last_row) == pointer - 1 \
                    and _REQUEST_PATTERNS[last_row].search(_norm(labels[i])):
                # The row's label said again on the line of its figures, after it stood alone as
                # a heading with none (### 一、本年新收… / | 本年新收… | 705 | … | 713 |).
                matched.append(last_row)
                i += 1
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
        elif not seg.labels and last_row is not None and last_row not in rows and not labels_after:
            target = last_row
        elif labels_after and not matched:
            target = None   # figures without a row label of their own: see _figures_before_labels
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
    # A table whose separated rows keep an empty cell before a figure writes its empty cells: a
    # row of it with fewer cells lost only its last, empty ones (a writer trims a row's end).
    keeps_blanks = any(positional[t] and _writes_blanks(v) for t, v in rows.items())
    # place the rows now that the format is known: a group row's empty cells are no figures missing
    for target, values in rows.items():
        if target in mk.REQUEST_ROW and mk.REQUEST_ROW[target].kind_in(fmt) == "group" and _blank(values):
            continue
        reported.add(target)
        label = _row_label(target, "2021")
        if keeps_blanks and not exact and positional[target] and 0 < len(values) < len(mk.APPLICANT_COLUMNS):
            # A row whose last figure is the sum of the others reads as columns and their 总计
            # as well: its blanks may have been inside it, not at its end. Nothing is placed.
            if not _ends_in_its_sum(values):
                values = _padded(values, len(mk.APPLICANT_COLUMNS))
        values = _unpadded(values, len(mk.APPLICANT_COLUMNS))
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
            elif cell.kind != "undecided":  # (the run's problem says so)
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
    rows = [seg for seg in segs if seg.values and not _blank(seg.values)]
    exact = any(seg.exact for seg in segs)
    if (exact and len(rows) == 1 and not rows[0].labels
            and len(values) + rows[0].leading_blanks == len(_REVIEW_KEYS)):
        # One unlabelled row of a file's own cells, all fifteen, whose first are empty (no
        # reconsideration, only suits): those are the row's first cells, not spacers.
        values = [_Cell("", "blank")] * rows[0].leading_blanks + values
    if (0 < len(values) < len(_REVIEW_KEYS) and not exact and all(seg.positional for seg in segs if seg.values)
            and _writes_blanks(values)):
        values = _padded(values, len(_REVIEW_KEYS))
    if len(values) != len(_REVIEW_KEYS):
        problems.append(
            f"行政复议、行政诉讼: {len(values)} cells ({_raws(values)}) for the template's {len(_REVIEW_KEYS)}; "
            "none placed.")
        values = []
    values = _review_in_template_order(segs, values, problems)
    for key, cell in zip(_REVIEW_KEYS, values):
        if cell.kind == "num":
            placed[key] = cell
        elif cell.kind != "undecided":  # (the run's problem says so)
            k = mk.KEYS[key]
            problems.append(f"{k.row} × {k.column} {_no_figure(cell)}; not placed.")
    grid = [[""] + [c[1] for c in mk.RESULT_COLUMNS]]
    for n, (part, part_label, _) in enumerate(mk.REVIEW_PARTS):
        chunk = values[n * 5:(n + 1) * 5]
        grid.append([part_label] + [c.text for c in chunk] + [""] * (5 - len(chunk)))
    return grid, placed, problems


_RESULT_WORD = {label: suffix for suffix, label, _ in mk.RESULT_COLUMNS}
_RESULT_RUN = re.compile(r"(?:(?:结果维持|结果纠正|其他结果|尚未审结|总计|合计)[、，,|｜/:：]*){5}")


def _review_header_order(segs: list[_Segment]) -> list[str] | None:
    """The result columns in the order the header writes them, when it writes all five one after
    the other (in cells of their own or run together: 结果维持结果纠正其他结果总计尚未审结); None
    when it does not (a header cut into pieces across its lines tells nothing)."""
    words = ""
    for seg in segs:
        words += "".join(re.sub(r"\s", "", c.text) for c in seg.labels)
        if seg.values and not _blank(seg.values):
            break
    for m in _RESULT_RUN.finditer(words):
        order = [_RESULT_WORD.get(w, "total") for w in re.findall(r"结果维持|结果纠正|其他结果|尚未审结|总计|合计", m.group())]
        if len(set(order)) == 5:
            return order
    return None


def _review_in_template_order(segs: list[_Segment], values: list[_Cell], problems: list[str]) -> list[_Cell]:
    """The 15 cells in the template's order. A header that writes the result columns in another
    order (总计 before 尚未审结) is followed only where each group's 总计 then is the sum of its
    other four: the header and the arithmetic agree. Otherwise nothing is placed."""
    order = _review_header_order(segs)
    template = [suffix for suffix, _, _ in mk.RESULT_COLUMNS]
    if not values or order is None or order == template:
        return values
    if not _review_groups_add_up(values, order.index("total")):
        problems.append(
            f"行政复议、行政诉讼: the header orders the result columns {'/'.join(order)}, and the cells "
            f"({_raws(values)}) do not add up to their 总计 in that order; none placed.")
        return []
    return [values[n * 5 + order.index(suffix)] for n in range(len(mk.REVIEW_PARTS)) for suffix in template]


def _review_groups_add_up(values: list[_Cell], total_at: int = 4) -> bool:
    """Are table 四's 15 cells figures, each group of five with its 总计 (at `total_at` in the
    group) the sum of the other four?"""
    if len(values) != len(_REVIEW_KEYS) or any(c.kind != "num" for c in values):
        return False
    groups = [values[n * 5:(n + 1) * 5] for n in range(len(mk.REVIEW_PARTS))]
    return all(sum((c.value for i, c in enumerate(group) if i != total_at), Decimal(0)) == group[total_at].value
               for group in groups)


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


def _pro_row_label(row: str, fmt: str | None = None) -> str:
    """The row's label in the format's template, else in whichever template has the row."""
    labels = mk.PROACTIVE_ROW[row]
    return labels[2 if fmt == "2019" else 1] or labels[1] or labels[2]


def _template_columns(row: str, fmt: str | None) -> list[str]:
    """The columns the format's template gives the row (2021's when the format is unknown), else
    the only template's that has it."""
    return mk.PROACTIVE_ROW_COLUMNS[row].get(fmt or "2021") or next(iter(mk.PROACTIVE_ROW_COLUMNS[row].values()))


class _ProactiveLabels:
    """What the labels of a table 二 have said so far, ruled or flattened alike: the 第二十条 item,
    the header's columns ([column id, unit]), the last row label (None once an item, 信息内容 or
    a new header follows it) and each template's votes."""

    def __init__(self):
        self.item: str | None = None
        self.columns: list[list] = []
        self.row: str | None = None
        self.votes = {"2019": 0, "2021": 0}

    def read(self, got: tuple[str, object]) -> str | None:
        """Take one label as _pro_label understood it; the row's id when it is a row label."""
        kind, what = got
        if kind == "item":
            self.item, self.columns, self.row = what, [], None
        elif kind == "info":
            self.columns, self.row = [], None
        elif kind == "column":
            col, hint, unit = what
            if self.row is not None:  # a header after a row: a new header
                self.columns, self.row = [], None
            self.columns.append([col, unit])
            self._vote(hint)
        elif kind == "unit":
            if self.columns:
                self.columns[-1][1] = what
        elif kind == "row":
            row, hint, bare = what
            self.row = row
            self._vote(hint)
            if row == "normative_documents":
                self._vote("2021" if bare.startswith("行政") else "2019")
            return row
        return None

    def _vote(self, fmt: str | None) -> None:
        if fmt:
            self.votes[fmt] += 1

    def format(self) -> str | None:
        """The template the labels read so far belong to; None when none of them tells."""
        if self.votes["2019"] == self.votes["2021"] == 0:
            return None
        return "2019" if self.votes["2019"] > self.votes["2021"] else "2021"

    def header(self) -> list[tuple]:
        return [tuple(c) for c in self.columns]


def _second_set(row: str, figures: str) -> str:
    return f"{_pro_row_label(row)}: a second set of figures ({figures}); not placed."


def _labels_column_first(segs: list[_Segment]) -> list[_Segment]:
    """Table 二 as plain `pdftotext` writes it, a column at a time: first the label column (信息内容,
    规章, 行政规范性文件, 信息内容, 行政许可, …), then each 第二十条 item with its column headers
    and its figures. Re-paired into rows only where the layout leaves no doubt: as many label
    groups as items, each group's rows belonging to its item in the template, and each item's
    figures exactly its columns × its rows, either all headers then the figures row by row, or
    each header followed by its column's figures (column by column). Otherwise as read."""
    tokens = [t for seg in segs for t in [("label", c) for c in seg.labels] + [("value", c) for c in seg.values]]
    if not tokens or tokens[0][0] != "label":
        return segs
    groups: list[list[tuple[str, _Cell]]] = []   # the label column: (row, label) after each 信息内容
    items: list[dict] = []               # then each item: its header cells, columns, figures
    buf = ""
    for what, cell in tokens:
        if what == "value":
            if not items or buf:
                return segs
            items[-1]["events"].append("V")
            items[-1]["values"].append(cell)
            continue
        text = buf + cell.text
        got = _pro_label(text)
        if got is None:
            buf = text       # a label wrapped over lines
            continue
        buf = ""
        kind, what_ = got
        if kind == "info" and not items:
            groups.append([])
        elif kind == "row" and groups and not items:
            groups[-1].append((what_[0], _Cell(text, "text")))
        elif kind == "item" and groups:
            items.append({"item": what_, "header": [_Cell(text, "text")], "events": [], "values": [], "columns": 0})
        elif kind == "column" and items:
            items[-1]["header"].append(_Cell(text, "text"))
            items[-1]["events"].append("C")
            items[-1]["columns"] += 1
        elif kind == "unit" and items:
            items[-1]["header"].append(_Cell(text, "text"))
        else:
            return segs
    if buf or not items or len(groups) != len(items):
        return segs
    out: list[_Segment] = []
    offset = segs[0].offset
    for rows, item in zip(groups, items):
        c, r = item["columns"], len(rows)
        if not r or not c or any(mk.PROACTIVE_ROW[row][3] != item["item"] for row, _ in rows):
            return segs
        events = "".join(item["events"])
        values = item["values"]
        if events == "C" * c + "V" * (c * r):
            by_row = [values[k * c:(k + 1) * c] for k in range(r)]
        elif events == ("C" + "V" * r) * c:
            by_row = [[values[j * r + k] for j in range(c)] for k in range(r)]
        else:
            return segs
        out.append(_Segment(item["header"], [], False, offset))
        out += [_Segment([cell], row_values, False, offset) for (_, cell), row_values in zip(rows, by_row)]
    return out


def _column_names_apart(cells: list[_Cell]) -> list[_Cell]:
    """Label cells, a cell made of several column names (`-layout` sets narrow header cells one
    blank apart, and cleaning takes the blank between Chinese words away: 本年废止件数现行有效件数)
    as one cell each."""
    out = []
    for cell in cells:
        names = [m.group() for m in _FLAT_PRO_WORDS.finditer(cell.text) if m.lastgroup == "column"]
        if len(names) > 1 and re.sub(r"\s", "", "".join(names)) == re.sub(r"\s", "", cell.text):
            out.extend(_Cell(name, "text") for name in names)
        else:
            out.append(cell)
    return out


# The templates' column names, in their order (both formats).
_COLUMN_NAMES = [name for labels in mk.PROACTIVE_COLUMNS.values() for name in labels[:2] if name]
_CUT_MIN = 3   # characters a cut column name keeps, at least


def _cut_column_names(cells: list[_Cell]) -> list[_Cell]:
    """Label cells, a column name a crawler cut short (`本年增/` of 本年增/减) written out whole:
    a cell no name matches that starts exactly one of the templates' column names; or a run of
    such cells that start the same names, as many cells as names (本年新 | 本年新: 本年新制作数量,
    本年新公开数量), which stand in the templates' order."""
    def starts(cell):
        text = re.sub(r"\s", "", cell.text)
        if len(text) < _CUT_MIN or _pro_label(text) is not None:
            return ()
        return tuple(name for name in _COLUMN_NAMES if name.startswith(text) and name != text)

    out, i = list(cells), 0
    while i < len(out):
        names = starts(out[i])
        j = i + 1
        while names and j < len(out) and starts(out[j]) == names:
            j += 1
        if names and j - i == len(names):
            out[i:j] = [_Cell(name, "text") for name in names]
        i = j
    return out


def _parse_proactive(segs: list[_Segment]) -> tuple[str | None, list, list[str], set[str]]:
    """(format or None, placed [(item, row, column id, cell, unit)], problems, rows seen)."""
    segs = _labels_column_first(segs)
    problems: list[str] = []
    labels = _ProactiveLabels()
    placed: list[tuple] = []
    seen_rows: set[str] = set()
    pending: list[tuple[str | None, str, list[_Cell]]] = []   # rows whose columns come from the template
    for seg in segs:
        labels.row = None   # a row label holds for its own row of cells only
        buf: list[str] = []
        for cell in _cut_column_names(_column_names_apart(seg.labels)):
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
            labels.read(got)
        row = labels.row
        if buf and not (row is not None and not seg.values):
            problems.append(f"Cell {''.join(buf)!r} is not part of the template; ignored.")
        if not seg.values or (row is None and _blank(seg.values)):
            continue
        if row is None:
            problems.append(f"{len(seg.values)} figure(s) without a row label could not be placed: {_raws(seg.values)}.")
            continue
        if row in seen_rows:
            problems.append(_second_set(row, _raws(seg.values)))
            continue
        seen_rows.add(row)
        if labels.columns:
            placed.extend(_place_proactive(labels.item, row, labels.header(), seg.values, problems))
        else:
            pending.append((labels.item, row, seg.values))
    fmt = labels.format()
    for item_, row, values in pending:  # no header read: the template's columns for this format
        cols = _template_columns(row, fmt)
        placed.extend(_place_proactive(item_, row, [(c, None) for c in cols], values, problems))
    return fmt, placed, problems, seen_rows


def _unpadded(values: list[_Cell], size: int) -> list[_Cell]:
    """A row of more than `size` cells without the empty ones a crawler pads its end with
    (`行政许可 | 0 | ||`, `… | 0 | 0 | ||`); with an empty cell before its figures as well,
    which end is padding cannot be told, and the row stays as it is."""
    if len(values) > size and _blank(values[size:]) and values[0].kind != "blank":
        return values[:size]
    return values


def _place_proactive(item, row, columns, values, problems):
    label = _pro_row_label(row)
    values = _unpadded(values, len(columns))
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


HEADER_LINES = 3


def _header_lines(lines, n: int, taken: int, is_heading) -> list[tuple[int, str]]:
    """The lines right over a table's first row that hold its header without separators (merged
    header cells, as `pdftotext -layout` writes them: `行政复议行政诉讼`): up to HEADER_LINES
    short lines without a sentence, a heading or a figure alone, after the last block's lines."""
    out = []
    k = n - 1
    while k > taken and len(out) < HEADER_LINES:
        offset, line = lines[k]
        body = line.strip()
        if (len(body) > 60 or _SENTENCE.search(body) or is_heading(offset, line)
                or _classify(body).kind in ("num", "dash")):
            break
        out.insert(0, (offset, line))
        k -= 1
    return out


# label lines between two rows: a label wrapped in a narrow cell, and the merged cell of its
# group beside it, take up to four lines (`1.申请人无正当理由逾` / … / `(六)其申请` / `他处理2.…`)
_BRIDGE_REACH = 4


def _row_blocks(text: str, covered: list[tuple[int, int]], headings: set[int] | None = None) -> list[list[tuple[int, str]]]:
    """Runs of `|`- or tab-separated rows outside the TableBlocks. A short line without a
    separator between two rows (a merged cell: 第二十条第(一)项) stays in the run; a top-level
    heading or a sentence ends it. With `headings` (where sections.py found a top-level
    heading's line), a numbered line that is no such heading does not end it: the wrapped
    first line of a merged row label (`三、本` of 三、本年度办理结果) between two rows."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n\r]+", text)
             if not any(a <= m.start() < b for a, b in covered) and m.group().strip()]

    def is_row(line: str) -> bool:
        return bool(SEPARATOR.search(line))

    def is_heading(offset: int, line: str) -> bool:
        return bool(_TOP_HEADING.match(line)) and (headings is None or _heading_line(text, offset, headings))

    blocks, cur = [], []
    taken = -1   # the last line a block holds
    for n, (offset, line) in enumerate(lines):
        if is_row(line):
            if line.strip(" |｜\t-:"):
                if not cur:
                    cur = _header_lines(lines, n, taken, is_heading)
                cur.append((offset, line))
                taken = n
            continue
        heading = is_heading(offset, line)
        bridge = (cur and len(line.strip()) <= 60 and not _SENTENCE.search(line) and not heading
                  and any(is_row(l) for _, l in lines[n + 1:n + 1 + _BRIDGE_REACH]))
        if bridge:
            cur.append((offset, line))
            taken = n
            continue
        if cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _top_headings(structure) -> set[int] | None:
    """Where the lines of the top-level headings sections.py found start; None without sections."""
    sections = getattr(structure, "sections", None)
    if not sections:
        return None
    return {s.start for s in sections if s.level == 1}


def _heading_line(text: str, offset: int, headings: set[int]) -> bool:
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return any(offset <= h <= end for h in headings)


_SECTION_WORDS = {"proactive": "主动公开", "requests": "申请", "review_litigation": "复议"}


_PART_TABLES = {2: "proactive", 3: "requests", 4: "review_litigation"}


def _by_part(segs: list[_Segment], structure) -> list[tuple[str, list[_Segment]]]:
    """A run of rows no words of a table's mark (its header cut into pieces by a converter,
    `| 维持 | 纠正 | 结果 | 审结 | 总计 |`), inside the report's part that holds one table of the
    template: that table. Table 四 only where its 15 cells add up group by group, since it has
    no row labels of its own to tell it from another table."""
    if not segs:
        return []
    tops = [s for s in getattr(structure, "sections", None) or [] if s.level == 1 and s.start <= segs[0].offset]
    named = statutory.parts_named(tops[-1].heading) if tops else []
    kind = _PART_TABLES.get(named[0]) if len(named) == 1 else None
    if kind == "review_litigation" and not _review_groups_add_up([c for seg in segs for c in seg.values if c.kind != "blank"]):
        return []
    return [(kind, segs)] if kind else []


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
        row_label = _pro_row_label(row, fmt)
        head_2021, head_2019 = mk.PROACTIVE_COLUMNS[col][:2]
        col_label = (head_2021 if fmt == "2021" else head_2019) or head_2021 or head_2019
        metrics.append(_metric(key, value, "table", section, row_label, col_label, cell.text))
        grid.append([f"第{item or mk.PROACTIVE_ROW[row][3]}项", row_label, col_label, cell.text])
    return ParsedTable("proactive", fmt, title, section, grid, metrics, problems)


def _template_reading(segments: list[_Segment]) -> tuple[int, int]:
    """(cells placed, problems) when the template reads these segments: how label_order
    weighs one pairing of labels and figures against another."""
    placed = problems = 0
    for kind, group in _split_kinds(segments):
        if kind == "requests":
            _, _, cells, found = _parse_requests(group, None)
        elif kind == "review_litigation":
            _, cells, found = _parse_review(group)
        else:
            _, cells, found, _ = _parse_proactive(group)
        placed += len(cells)
        problems += len(found)
    return placed, problems


_TABLE_KINDS = {"proactive", "requests", "review_litigation"}


def parse_tables(text: str, structure, exact_rows: bool = False) -> list[ParsedTable]:
    """The standard tables of an annual report, in document order, each with its metrics and
    problems. `exact_rows`: the text's rows of cells were written from the file's own tables
    (formats.Extracted.exact_rows)."""
    found = []  # (offset, kind, segments, title, section)
    covered = []
    for tb in getattr(structure, "tables", None) or []:
        lines = _lines_with_offsets(text, tb.lines, tb.start) + _trailing_figures(text, tb.end)
        covered.append((tb.start, lines[-1][0] + len(lines[-1][1]) if lines else tb.end))
        segs = _segments(lines)
        # row labels printed after their figures
        segs = label_order.reorder(segs, _segments(label_order.trailing_labels(text, covered[-1][1])), _template_reading)
        if any(s.positional for s in segs):
            # rows of separated cells in the block: a label's wrapped rest on a line of its own joins its row
            segs = label_order.join_fragments(segs, _template_reading)
        for kind, group in _split_kinds(segs):
            found.append((group[0].offset, kind, group, tb.title, tb.section))
    from_blocks = {kind for _, kind, *_ in found}
    for block in _row_blocks(text, covered, _top_headings(structure)):
        # a label's wrapped rest on a line of its own joins its row
        segs = label_order.join_fragments(_segments(block), _template_reading)
        for kind, group in _split_kinds(segs) or _by_part(segs, structure):
            if kind in from_blocks:
                continue
            section = _section_at(structure, group[0].offset, kind)
            sections = getattr(structure, "sections", None) or []
            heading = sections[section].heading if section is not None else ""
            title = heading if _SECTION_WORDS[kind] in heading else ""
            found.append((group[0].offset, kind, group, title, section))
    found.sort(key=lambda f: f[0])
    for seg in (seg for f in found for seg in f[2]) if exact_rows else ():
        seg.exact = seg.positional

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
    result = [tables[id(f)] for f in found]
    # A table kind no reader above placed a figure of is looked for as flattened text.
    empty = {kind for kind in _TABLE_KINDS if not any(t.metrics for t in result if t.name == kind)}
    if empty:
        fmt = hint or next((t.format for t in result), None)
        flat = [t for t in _flat_tables(text, empty, fmt, structure)
                if t.metrics or not any(r.name == t.name for r in result)]
        kinds = {t.name for t in flat}
        result = [t for t in result if t.name not in kinds] + flat
    # pdftotext without -layout: a row's cells in reading order, on several lines. Read so, a
    # table replaces the one read before when it places all that one placed, alike, and more
    # (tried only where a table is missing or left something unread).
    unsure = any(t.problems for t in result) or not _TABLE_KINDS <= {t.name for t in result if t.metrics}
    rejoined = _cells_rejoined(text) if unsure else text
    if rejoined != text:
        fmt = hint or next((t.format for t in result), None)
        for table in _flat_tables(rejoined, _TABLE_KINDS, fmt, structure):
            before = {(m.key, m.value) for t in result if t.name == table.name for m in t.metrics}
            after = {(m.key, m.value) for m in table.metrics}
            if not before < after:
                continue
            if _keeps_relations(table):
                result = [t for t in result if t.name != table.name] + [table]
            else:
                for kept in (t for t in result if t.name == table.name and not t.metrics):
                    kept.problems.append(
                        "Read with the lines of each row joined (as pdftotext writes a row over several lines), "
                        "the table is not whole or does not add up down its columns: not placed that way.")
    if not any(t.metrics for t in result if t.name in ("requests", "review_litigation")):
        stats = _statistics_table(text, structure)
        if stats is not None:
            result.append(stats)
    return result


# pdftotext without -layout writes a table's cells in reading order but breaks the line between
# some of a row's cells (`一、本年新收…数量⏎13612 252 0⏎45⏎128 32 14069`, the columns set at
# different heights by their headers). A line of numbers only, after a line ending in a number,
# goes on that line: the row's run is then whole for the flattened-table reader.
_NUMBERS_ONLY_NEXT = re.compile(
    r"(?<=\d)[ \t\u3000]*\n(?=[ \t\u3000]*\d[\d,]*(?:\.\d+)?(?:[ \t\u3000]+\d[\d,]*(?:\.\d+)?)*[ \t\u3000]*(?:\n|$))")


def _cells_rejoined(text: str) -> str:
    """`text` with those line breaks made blanks: the same length, so every offset holds."""
    return _NUMBERS_ONLY_NEXT.sub(lambda m: " " * len(m.group()), text)


_ACROSS_ROWS = [f"{check}.{column}" for check in ("requests.balance", "outcome.total.sum") for column in mk.COLUMN_SUFFIXES]


def _keeps_relations(table: ParsedTable) -> bool:
    """Whether a table 三 read from rejoined lines is whole and keeps every relation of the
    template: the balance and the outcomes' sum down each column (every row takes part in one
    of them) as well as each row's 总计. The lines of a row are pdftotext's, and a figure read
    into another column in some rows breaks those sums; pdftotext writes the cells along a row
    from left to right, and nothing but that says no column was read out of place in every row
    alike. Tables 二 and 四 are one row of figures per label, whose runs the flattened readers
    split by their own relations."""
    if table.name != "requests":
        return True
    found = checks.run_checks(table.metrics)
    return all(c.passed for c in found) and set(_ACROSS_ROWS) <= {c.name for c in found}


def _title(found) -> str:
    title = found[3]
    return title or mk.TABLE_TITLES[found[1]].split("、", 1)[1]


# -- flattened tables -------------------------------------------------------------------------
# Crawled pages often keep a table's text but lose its cell borders: `规章000行政规范性文件5845546`,
# `一、本年新收政府信息公开申请数量15130000154`, with cells run together, sometimes with stray
# blanks, and with a row's own numbering glued to the end of the run before it
# (`…不掌握相关政府信息4910000502.没有现成信息…`). Such a table is found by the template's own
# labels, whether it comes as one line or as rows on lines; each run of digits is split into
# the row's cells by digits.py, rows alone where the row's relations decide, the whole table
# jointly where they do not (column sums, 勾稽). A run with more than one split left is reported
# with its candidates and placed nowhere.
_MAX_CANDIDATES_SHOWN = 4
_NUMBERING_AFTER = re.compile(r"[ \t\u3000]*[.、．](?=\s*[^\d\s.、．])")
_CN_NUMBERING = re.compile(r"[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、|其中")
_LABEL_BREAK = re.compile(
    r"(?<!第)(?=[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）])|(?<!第)(?=[一二三四五六七八九十]{1,2}\s*、)"
    r"|(?<![\d.．])(?=\d{1,2}\s*[.．、](?!\d))")  # (六)其他 2.申请人逾期…, 不予公开1.属于…
_AMOUNT_UNIT = re.compile(r"^\s*(万元|亿元|元)")


@dataclass
class _Flat:
    label: str           # the words before the run (a row's numbering glued to a run moved here)
    run: str | None      # the run of digits, None when the label has none after it
    offset: int          # where the label starts in the text
    run_offset: int = -1
    problem: str | None = None


def _spaced(word: str) -> str:
    """A pattern for `word` that lets blanks stand between its characters (社会公益 组织)."""
    return r"\s*".join(re.escape(ch) for ch in word)


def _flat_tokens(text: str, start: int, end: int) -> list[_Flat]:
    """The labels and runs of text[start:end]. A run followed by `.` or `、` and words ends in the
    next row's numbering: its last digits (the number after the previous row's, or 1 when a
    group starts) go to the next label."""
    out: list[_Flat] = []
    pos, carried, prev_num = start, "", 0
    label_at = numbered_to = start
    for m in digits_mod.RUN.finditer(text, start, end):
        run = m.group()
        numbering = _NUMBERING_AFTER.match(text, m.end())
        if numbering and len(run) <= 2 and run.isdigit() and m.start() > start \
                and (text[m.start() - 1] == "\n" or not (text[m.start() - 1].isspace() or text[m.start() - 1].isdigit())):
            # a row's own numbering at a line's start or after words (其他2.申请人逾期…), no
            # cell: the label goes on
            prev_num, numbered_to = int(run), numbering.end()
            continue
        label = carried + text[pos:m.start()]
        if _CN_NUMBERING.search(text[max(pos, numbered_to):m.start()]):
            prev_num = 0
        carried = ""
        problem = None
        if numbering:
            body = run.rstrip()
            for k in (prev_num + 1, 1):
                if body.endswith(str(k)):
                    run = body[: len(body) - len(str(k))]
                    carried = f"{k}."
                    prev_num = k
                    break
            else:
                problem = (f"The run {digits_mod.compact(run)!r} is followed by a row numbering that is not "
                           f"the next row's ({prev_num + 1}); not placed.")
                carried = ""
        out.append(_Flat(label, run if run.strip() else None, label_at, m.start(), problem))
        pos = numbering.end() if numbering else m.end()
        label_at = pos if not carried else m.start() + len(run)
    tail = carried + text[pos:end]
    if tail.strip():
        out.append(_Flat(tail, None, label_at))
    return out


def _pieces_of(label: str) -> list[str]:
    return [p for p in _LABEL_BREAK.split(label) if p.strip()]


def _candidates_text(cands) -> str:
    shown = "; ".join(str(c) for c in cands[:_MAX_CANDIDATES_SHOWN])
    more = f" and {len(cands) - _MAX_CANDIDATES_SHOWN} more" if len(cands) > _MAX_CANDIDATES_SHOWN else ""
    return shown + more


def _cells_of(split) -> list[_Cell]:
    return [_classify(c) for c in split.cells]


# where each table's flattened text starts
_FLAT_PROACTIVE = re.compile(rf"{_spaced('第二十条第')}\s*[(（]?\s*[一二三四五六七八九十]")
_FLAT_REQUESTS = re.compile(rf"{_spaced('本年新收')}[^\d]{{0,40}}\d")
# possessive: the blanks it takes are never needed by the `\s*` after it, and backing off them
# one by one is quadratic on a long run of blanks
_FLAT_NEXT_ROW = re.compile(rf"[\d \t\u3000\n.,，\-]*+(?:二\s*、)?\s*{_spaced('上年结转')}")
_FLAT_REQUESTS_END = re.compile(rf"{_spaced('结转下年度')}[^\d]{{0,20}}")
# (结果维持: a narrow header cell may wrap after any character, its 持 a line or more later)
_FLAT_REVIEW = re.compile(rf"{_spaced('行政复议')}[^\d]{{0,80}}?{_spaced('结果维')}")
# The header's words (行政复议, 未经复议直接起诉, 结果维持, 尚未审结, 总计…), also wrapped in narrow
# cells: pieces of them, in any order (结果维 ⏎ 持 ⏎ 正 ⏎ 果 ⏎ 结计).
_REVIEW_WORD_PIECES = re.compile(r"^[行政复议诉讼未经直接起后结果维持纠正其他尚审总计合、|｜:：]*$")


def _flat_requests(text: str, start: int, fmt_hint: str | None):
    """(segments, problems, end) of a flattened table 三 starting at `start`."""
    end_m = _FLAT_REQUESTS_END.search(text, start)
    if end_m:
        run = digits_mod.RUN.match(text, end_m.end())
        end = run.end() if run else end_m.end()
    else:
        stop = _FLAT_REVIEW.search(text, start)
        end = stop.start() if stop else len(text)
    tokens = _flat_tokens(text, start, end)
    problems: list[str] = []
    # which row each run belongs to, by the template's labels in order
    pointer, started = 0, False
    rows: list[tuple[str | None, _Flat, list[str]]] = []
    for tok in tokens:
        pieces = _pieces_of(tok.label)
        target = None
        for piece in pieces:
            idx, _ = _match_request(_norm(piece), pointer, started, bool(_NUMBERING.match(piece)))
            idx = _by_own_numbering(piece, idx, pointer)
            if idx is not None:
                pointer, started = idx + 1, True
                target = _REQUEST_ORDER[idx]
        rows.append((target, tok, pieces))
    group = [digits_mod.Group(len(mk.APPLICANT_COLUMNS), digits_mod.total_last)]
    # a run shorter than a row's cells shows the table leaves cells blank (a crawl drops them)
    layout = not any(tok.run is not None and len(re.sub(r"\D", "", tok.run)) < len(mk.APPLICANT_COLUMNS)
                     for _, tok, _ in rows)
    cands: dict[str, list] = {}
    runs: dict[str, str] = {}
    for target, tok, _ in rows:
        if tok.problem:
            problems.append(tok.problem)
            continue
        if tok.run is None:
            continue
        if target is None or target == _RESULTS or target in cands:
            words = re.sub(r"\s", "", tok.label)[-30:] or "nothing"
            problems.append(f"The run {digits_mod.compact(tok.run)!r} after {words!r} is not a row of the "
                            "template or repeats one; not placed.")
            continue
        cands[target] = digits_mod.split_cells(tok.run, group, layout)
        runs[target] = tok.run
    sub_2021 = {r.id for r in mk.REQUEST_ROWS if r.parent == "outcome.other"}
    fmt = "2021" if (sub_2021 & set(cands)) else ("2019" if "outcome.other" in cands else (fmt_hint or "2021"))
    relations = _request_relations(fmt, set(cands))
    sol = digits_mod.solve([digits_mod.Row(k, v) for k, v in cands.items()], relations)
    segs: list[_Segment] = []
    unread: set[str] = set()
    for target, tok, pieces in rows:
        values: list[_Cell] = []
        if target in sol.chosen and tok.run is not None and runs.get(target) == tok.run:
            values = _cells_of(sol.chosen[target])
        elif target in sol.ambiguous and runs.get(target) == tok.run:
            ways = (f"{_row_label(target, fmt)}: the run {digits_mod.compact(tok.run)!r} splits into the "
                    f"{len(mk.APPLICANT_COLUMNS)} applicant columns in {len(sol.ambiguous[target])} ways "
                    f"({_candidates_text(sol.ambiguous[target])})")
            # a cell all of the row's own splits write alike is as sure as a row with one split,
            # where the rest of the table does not contradict the row (a misprinted 总计 does)
            agreed = (digits_mod.agreed_groups(cands[target], [1] * len(mk.APPLICANT_COLUMNS))
                      if target in sol.consistent else [None])
            if any(agreed):
                values = [_classify(cell[0]) if cell else _UNDECIDED for cell in agreed]
                problems.append(f"{ways}; the columns where they differ are not placed.")
            else:
                unread.add(target)
                problems.append(f"{ways}; not placed.")
        elif target in sol.impossible and runs.get(target) == tok.run:
            unread.add(target)
            problems.append(
                f"{_row_label(target, fmt)}: the run {digits_mod.compact(tok.run)!r} does not split into "
                f"the {len(mk.APPLICANT_COLUMNS)} applicant columns with their 总计 adding up, and its layout "
                f"allows more than one split; not placed.")
        segs.append(_Segment([_Cell(p.strip(), "text") for p in pieces], values, False, tok.offset))
    return segs, problems, unread, end


_CN_BRACKETED = re.compile(r"\s*[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]")
_ROW_LABELS = {r.id: r.label("2021") or r.label("2019") for r in mk.REQUEST_ROWS}


def _by_own_numbering(piece: str, idx: int | None, pointer: int) -> int | None:
    """The row `idx` a label matched, unless the label's numbering says otherwise: one numbered
    (六) is a row the template numbers so, never a reason numbered 3. under it (a cut-off
    `(六)其他` is 其他处理, not 3.其他); then the row numbered (六) from `pointer` on, or none."""
    m = _CN_BRACKETED.match(piece)
    if m is None or idx is None or not _is_reason(_REQUEST_ORDER[idx]):
        return idx
    numbering = f"({m.group(1)})"
    return next((i for i in range(pointer, len(_REQUEST_ORDER))
                 if (_ROW_LABELS.get(_REQUEST_ORDER[i]) or "").startswith(numbering)), None)


def _is_reason(row: str) -> bool:
    """A reason under a group row (numbered 1., 2. in the template)."""
    return (_ROW_LABELS.get(row) or "")[:1].isdigit()


def _request_relations(fmt: str, present: set[str]) -> list:
    """Relations across the rows of table 三, column by column: 勾稽 (本年新收 + 上年结转 = 总计 +
    结转下年度) and the outcome rows adding up to (七)总计 (a group by its reasons)."""
    rels = []
    groups = {r.id: [s.id for s in mk.REQUEST_ROWS if s.parent == r.id and s.label(fmt)]
              for r in mk.REQUEST_ROWS if r.kind_in(fmt) == "group"}
    leaves = [r.id for r in mk.REQUEST_ROWS
              if r.id.startswith("outcome.") and r.id != "outcome.total" and r.label(fmt)
              and r.kind_in(fmt) == "data"]
    for c in range(len(mk.APPLICANT_COLUMNS)):
        rels.append(digits_mod.adds_up(("requests.new", "requests.carried_over"),
                                       ("outcome.total", "requests.carried_forward"), c, "balance"))
        rels.append(digits_mod.adds_up(leaves, ("outcome.total",), c, "outcomes"))
        for group, subs in groups.items():
            if group in present and subs:
                rels.append(digits_mod.adds_up(subs, (group,), c, group))
    return rels


def _flat_review(text: str, start: int):
    """(segments, problems) of a flattened table 四 whose header starts at `start`: its runs, in
    order, are the 15 cells (行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5); each group of five
    ends in its 总计."""
    tokens = _flat_tokens(text, start, min(len(text), start + 2000))
    runs: list[_Flat] = []
    for tok in tokens:
        words = re.sub(r"[\s\u3000]", "", tok.label)
        # header words (also between rows, when each row is labelled) until the first other words
        if not _REVIEW_WORD_PIECES.fullmatch(words) and tok is not tokens[0]:
            break
        if tok.run is not None:
            runs.append(tok)
        if tok.problem:
            return [], [tok.problem]
    if not runs:
        return [], []
    run = " ".join(t.run for t in runs)
    # the header's own order of the result columns, when it writes all five (see _review_header_order)
    header = "".join(re.sub(r"[\s\u3000]", "", t.label) for t in tokens[:tokens.index(runs[0]) + 1])
    order = _review_header_order([_Segment([_Cell(header, "text")], [], False, start)])
    total_at = order.index("total") if order else len(mk.RESULT_COLUMNS) - 1

    def adds_up(cells) -> bool:
        return sum((c for i, c in enumerate(cells) if i != total_at), Decimal(0)) == cells[total_at]

    groups = [digits_mod.Group(len(mk.RESULT_COLUMNS), digits_mod.total_last if total_at == 4 else adds_up)] * len(mk.REVIEW_PARTS)
    cands = digits_mod.split_cells(run, groups)
    # the header words go with the cells, so that _parse_review reads them in the header's order
    labels = [_Cell(header if order else "行政复议", "text")]
    if len(cands) == 1:
        return [_Segment(labels, _cells_of(cands[0]), False, runs[0].run_offset)], []
    n = len(_REVIEW_KEYS)
    if not cands:
        return [], [f"行政复议、行政诉讼: the run {digits_mod.compact(run)!r} does not split into the template's "
                    f"{n} cells with each group of five ending in its 总计, and its layout allows more than one "
                    "split; none placed."]
    # a group all the splits write alike is as sure as a run with one split
    agreed = digits_mod.agreed_groups(cands, [g.size for g in groups])
    ways = (f"行政复议、行政诉讼: the run {digits_mod.compact(run)!r} splits into the template's {n} cells in "
            f"{len(cands)} ways ({_candidates_text(cands)})")
    if not any(agreed):
        return [], [f"{ways}; none placed."]
    cells = [cell for group, written in zip(groups, agreed)
             for cell in ([_classify(c) for c in written] if written else [_UNDECIDED] * group.size)]
    undecided = [label for (_, label, _), written in zip(mk.REVIEW_PARTS, agreed) if written is None]
    return ([_Segment(labels, cells, False, runs[0].run_offset)],
            [f"{ways}; they differ only in the cells of {'、'.join(undecided)}, which are not placed."])


_FLAT_PRO_WORDS = re.compile(
    r"(?P<item>第\s*二\s*十\s*条\s*第\s*[(（]?\s*[一二三四五六七八九十]{1,2}\s*[)）]?\s*项)"
    r"|(?P<info>信\s*息\s*内\s*容)"
    r"|(?P<column>(?:本\s*年\s*)?(?:制\s*发|废\s*止|新\s*制\s*作|新\s*公\s*开)\s*(?:件\s*数|数\s*量)"
    r"|现\s*行\s*有\s*效\s*件\s*数|对\s*外\s*公\s*开\s*总\s*数\s*量|上\s*一?\s*年\s*项\s*目\s*数\s*量"
    r"|本\s*年\s*增\s*[/／、]?\s*减|(?:本\s*年\s*)?处\s*理\s*决\s*定\s*数\s*量"
    r"|(?:本\s*年\s*)?收\s*费\s*金\s*额\s*(?:[(（]\s*单\s*位\s*[:：]?\s*(?:万元|亿元|元)\s*[)）])?"
    r"|采\s*购\s*项\s*目\s*数\s*量|采\s*购\s*总?\s*金\s*额\s*(?:[(（]\s*单\s*位\s*[:：]?\s*(?:万元|亿元|元)\s*[)）])?)"
    r"|(?P<row>行\s*政\s*规\s*范\s*性\s*文\s*件|规\s*范\s*性\s*文\s*件|规\s*章|行\s*政\s*许\s*可"
    r"|其\s*他\s*对\s*外\s*管\s*理\s*服\s*务\s*事\s*项|行\s*政\s*处\s*罚|行\s*政\s*强\s*制"
    r"|行\s*政\s*事\s*业\s*性\s*收\s*费|政\s*府\s*集\s*中\s*采\s*购)"
)


_WORDS_BETWEEN = re.compile(r"[^\s.．,，、:：;；]")


def _proactive_relation(cols):
    """What holds between a table 二 row's cells by definition, or None: in 2019 the documents
    published to date (对外公开总数量) include those newly published in the year (本年新公开数量).
    Nothing else does (制发 / 废止 / 现行有效 are counts of different things)."""
    ids = [c for c, _ in cols]
    if "published" in ids and "published_total" in ids:
        a, b = ids.index("published"), ids.index("published_total")
        return lambda values: values[a] <= values[b]
    return None


def _flat_proactive(text: str, start: int, end: int):
    """The parse of a flattened table 二 (as _parse_proactive returns it): the header words say
    which columns a row has (the template's, by format, when none were read); a row's run is
    split into that many cells, amounts may have decimals, 本年增/减 a sign."""
    tokens = _flat_tokens(text, start, end)
    problems: list[str] = []
    labels = _ProactiveLabels()
    pending = []   # (item, row, run, header columns or None, unit after the run)
    seen: set[str] = set()
    last_run = None  # the token whose run was the last one pending
    for n, tok in enumerate(tokens):
        label = tok.label
        unit_m = _AMOUNT_UNIT.match(label)
        if unit_m and pending and pending[-1][4] is None:
            pending[-1] = pending[-1][:4] + (unit_m.group(1),)
            label = label[unit_m.end():]
        row, tail = None, label
        for m in _FLAT_PRO_WORDS.finditer(label):
            words = re.sub(r"\s", "", m.group())
            got = _pro_label(words)
            if got is None:
                continue
            row = labels.read(got) or row
            tail = label[m.end():]
        if tok.problem:
            problems.append(tok.problem)
            continue
        if tok.run is None:
            continue
        if row is None or re.sub(r"\s", "", tail):
            problems.append(f"The run {digits_mod.compact(tok.run)!r} has no row label of table 二 before it; not placed.")
            if pending and last_run == n - 1 and not _WORDS_BETWEEN.search(tok.label):
                # Digits with no words before them, right after a row's figure: a cell wrapped
                # (4166.241 ⏎ 619), or a row left out. Either way that figure may be cut short.
                prev = pending.pop()
                problems.append(f"{_pro_row_label(prev[1], labels.format())}: the run {digits_mod.compact(prev[2])!r} "
                                f"is followed by {digits_mod.compact(tok.run)!r} with no words between; the figure "
                                "may go on there; not placed.")
            continue
        if row in seen:
            problems.append(_second_set(row, repr(digits_mod.compact(tok.run))))
            continue
        seen.add(row)
        pending.append((labels.item, row, tok.run, labels.header() or None, None))
        last_run = n
    fmt = labels.format()
    placed = []
    for item_, row, run, cols, unit_after in pending:
        if cols is None:
            cols = [(c, None) for c in _template_columns(row, fmt)]
        label = _pro_row_label(row, fmt)
        amounts = frozenset(i for i, (c, _) in enumerate(cols) if mk.PROACTIVE_COLUMNS[c][2] == "万元")
        signed = frozenset(i for i, (c, _) in enumerate(cols) if c == "items_change")
        cands = digits_mod.splits(run, [digits_mod.Group(len(cols), _proactive_relation(cols), amounts, signed)])
        if len(cands) != 1:
            how = (f"splits into its {len(cols)} columns in {len(cands)} ways ({_candidates_text(cands)})"
                   if cands else f"does not split into its {len(cols)} columns")
            problems.append(f"{label}: the run {digits_mod.compact(run)!r} {how}; not placed.")
            continue
        cells = _cells_of(cands[0])
        if unit_after:
            cells[-1] = _classify(cells[-1].text + unit_after)
        placed.extend(_place_proactive(item_, row, cols, cells, problems))
    return fmt, placed, problems, seen


def _flat_tables(text: str, kinds: set[str], fmt_hint: str | None, structure) -> list[ParsedTable]:
    """The tables of `kinds` read from flattened text, in document order."""
    out: list[ParsedTable] = []
    # the table's first row, not prose saying 本年新收…申请154件: the next row follows soon after
    req = next((m for m in _FLAT_REQUESTS.finditer(text) if _FLAT_NEXT_ROW.match(text, m.end())), None)
    review_from = 0
    pro = _FLAT_PROACTIVE.search(text)
    hint = fmt_hint
    if pro and "proactive" in kinds:
        stop = req.start() if req and req.start() > pro.start() else min(len(text), pro.start() + 1500)
        note = re.search(_spaced("本列数据"), text[pro.start():stop])
        if note:
            stop = pro.start() + note.start()
        head = re.search(_spaced("三、收到和处理"), text[pro.start():stop])
        if head:
            stop = pro.start() + head.start()
        parsed = _flat_proactive(text, pro.start(), stop)
        if parsed[1] or parsed[2]:
            section = _section_at(structure, pro.start(), "proactive")
            out.append(_proactive_table(parsed, fmt_hint, mk.TABLE_TITLES["proactive"].split("、", 1)[1], section))
            hint = hint or parsed[0]
    if req:
        line_start = text.rfind("\n", 0, req.start()) + 1
        start = max(line_start, req.start() - 40)
        start = min(start, req.start())
        # the row label's own numbering (一、) and the header before it belong to the table too
        label_start = re.search(rf"[一二三四五六七八九十]?\s*、?\s*{_spaced('本年新收')}", text[start:req.end()])
        start = start + label_start.start() if label_start else req.start()
        segs, problems, unread, end = _flat_requests(text, start, hint)
        review_from = end
        if "requests" in kinds and segs:
            section = _section_at(structure, start, "requests")
            table = _requests_table(segs, hint, mk.TABLE_TITLES["requests"].split("、", 1)[1], section)
            table.problems = problems + [p for p in table.problems
                                         if not any(p == f"Row {_row_label(r, table.format)} was not found." for r in unread)]
            out.append(table)
            hint = hint or table.format
    rev = _FLAT_REVIEW.search(text, review_from)
    if rev and "review_litigation" in kinds:
        segs, problems = _flat_review(text, rev.start())
        if segs or problems:
            section = _section_at(structure, rev.start(), "review_litigation")
            table = _review_table(segs, hint or "2021", mk.TABLE_TITLES["review_litigation"].split("、", 1)[1], section)
            table.problems = problems + ([] if problems else table.problems)
            out.append(table)
    return out


# -- the statistics table of the older reports ---------------------------------------------------
# Before the 2019 template, reports ended with a 政府信息公开情况统计表 of rows `指标名称 | 计量单位 |
# 本年度 | 历年累计`: 主动公开信息数 条 2026 3542. Crawled, its cells run together
# (`主动公开信息数条20263542`). Each row is label, unit, and a run split into the two columns (a
# year's figure is never above the running total); where a row has several splits, the rows
# under its 其中 (ways of applying, kinds of answer) add up to it, column by column. Only the rows
# that mean what a canonical key means are placed under it, from the 本年度 column.
_STAT_HEADER = re.compile(
    r"指\s*标\s*名\s*称[\s|｜]*计\s*量\s*单\s*位[\s|｜]*(?:\d{4}\s*年\s*度?|本\s*年\s*度?)[\s|｜]*(?P<cum>(?:历\s*年\s*)?累\s*计)?")
_STAT_UNIT = re.compile(r"(万元|人次|条|件|元|个|项|次|份)$")
_STAT_NUMBERING = re.compile(r"^(?:其中\s*[:：]?)?\s*(?:\d{1,2}\s*[.、．]|[(（]\s*\d{1,2}\s*[)）])?")
_STAT_KEYS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^(?:受理|收到)(?:政府信息)?(?:依申请公开(?:信息)?|政府信息公开申请|申请)(?:总数|数)$"), "requests.new.total"),
    (re.compile(r"^同意公开答复(?:件)?数$"), "outcome.disclosed.total"),
    (re.compile(r"^同意部分公开答复(?:件)?数$"), "outcome.partially_disclosed.total"),
    (re.compile(r"^(?:申请)?行政复议(?:案件)?数$"), "review.total"),
    (re.compile(r"^(?:提起)?行政诉讼(?:案件)?数$"), "litigation.total"),
]
_STAT_SUMMED = re.compile(r"申请|答复")   # parents whose 其中 rows add up to them


_PROSE_CLAUSE = re.compile(r"[^。；;！!？?\n，,：:、]+")


def _told_in_prose(cands: list, label: str, unit: str, prose: str) -> list:
    """The one split whose 本年度 figure the report's own text states, when exactly one is: a
    clause before the table naming the row (the first four characters of its label, 主动公开)
    and giving that figure in the row's unit (`全区主动公开政府信息3460条`), not a running total
    (累计), within one clause: a list of other figures in the same sentence (`主动公开的类别有：
    机构职能类信息205条，…`) says nothing of the row. Otherwise all of them, for the relations
    to decide or the row to be reported."""
    word = re.sub(r"\s", "", label)[:4]
    if len(word) < 4:
        return cands
    told: set[Decimal] = set()
    for clause in _PROSE_CLAUSE.findall(prose):
        if word in clause and "累计" not in clause:
            told |= {Decimal(m.group(1)) for m in re.finditer(rf"(?<![\d.])(\d+)\s*{re.escape(unit)}", clause)}
    confirmed = [c for c in cands if c.values[0] in told]
    return confirmed if len(confirmed) == 1 else cands


def _not_above(values) -> bool:
    return values[0] <= values[1]


def _statistics_table(text: str, structure) -> ParsedTable | None:
    head = _STAT_HEADER.search(text)
    # only the two columns 本年度 | 历年累计 are known: with other columns (上年度, …) a run's
    # cells and their relation are not
    if not head or not head.group("cum"):
        return None
    columns = 2
    tokens = _flat_tokens(text, head.end(), min(len(text), head.end() + 5000))
    rows: list[tuple[str, str, str, _Flat]] = []   # (name, label as written, unit, token)
    parents: dict[str, list[str]] = {}
    parent, children = None, None
    problems: list[str] = []
    for tok in tokens:
        written = re.sub(r"[\s|｜]", "", tok.label)
        unit = _STAT_UNIT.search(written)
        if "其中" in written and rows:
            parent = rows[-1][0]
            children = parents.setdefault(parent, [])
            if tok.run is None and re.fullmatch(r"其中[:：]?", written):
                continue  # 其中： before the numbering of the first row under it
        if not unit or tok.run is None:
            break
        label = written[: unit.start()]
        numbered = bool(re.match(r"^(?:其中[:：]?)?(?:\d{1,2}[.、．]|[(（]\d{1,2}[)）])", label))
        if not numbered and "其中" not in label:
            parent, children = None, None
        bare = _STAT_NUMBERING.sub("", label)
        name = f"{len(rows)}:{bare}"
        if children is not None and numbered:
            children.append(name)
        if tok.problem:
            problems.append(tok.problem)
            continue
        rows.append((name, bare, unit.group(1), tok))
    if not rows:
        return None
    group = [digits_mod.Group(columns, _not_above if columns == 2 else None)]
    cands = {name: digits_mod.split_cells(tok.run, group) for name, _, _, tok in rows}
    prose = text[:head.start()]
    for name, bare, unit, _ in rows:
        if len(cands[name]) > 1:
            cands[name] = _told_in_prose(cands[name], bare, unit, prose)
    relations = []
    for p, kids in parents.items():
        if kids and _STAT_SUMMED.search(p):
            for c in range(columns):
                relations.append(digits_mod.adds_up(kids, (p,), c, p))
    sol = digits_mod.solve([digits_mod.Row(n, c) for n, c in cands.items()], relations)
    grid = [["指标名称", "计量单位", "本年度"] + (["历年累计"] if columns == 2 else [])]
    metrics = []
    section = _section_at(structure, head.start(), "requests")
    for name, bare, unit, tok in rows:
        split = sol.chosen.get(name)
        grid.append([bare, unit] + (list(split.cells) if split else [digits_mod.compact(tok.run)] + [""] * (columns - 1)))
        if split is None:
            options = sol.ambiguous.get(name) or []
            how = (f"splits into the {columns} columns in {len(options)} ways ({_candidates_text(options)})"
                   if options else f"does not split into the {columns} columns")
            problems.append(f"{bare}: the run {digits_mod.compact(tok.run)!r} {how}; not placed.")
            continue
        key = next((k for rx, k in _STAT_KEYS if rx.fullmatch(bare)), None)
        if key is None:
            continue
        metrics.append(_metric(key, split.values[0], "table", section, bare, "本年度", split.cells[0]))
    return ParsedTable("statistics", "pre-2019", "政府信息公开情况统计表", section, grid, metrics, problems)
