"""Cleaning steps for text a PDF extractor wrote (`pdftotext`, `pdftotext -layout`, and the
text other tools copy out of a PDF), run by clean.py before its own steps.

Pure: each step is `step(edited, result)` as clean.STEPS are; every change is an edit of the
`EditedText`, listed in the report.

* drop_page_numbers: a page number on a line of its own (`- 3 -`, `—3—`, `第 3 页 共 9 页`,
  `第3页`), and a bare `3` or `3/9` only as the last line of pages it counts (elsewhere it
  may be a table cell); a running header or footer (the same line at the top, or foot, of
  most pages); form feeds become line breaks.
* join_wrapped_lines: a PDF's lines are cut at the right margin. When many lines of a text
  reach one same width (the margin), a line that reaches it, does not end a sentence and is
  followed by a line that starts no heading, no indented paragraph and no table cell is joined
  to that next line. Text whose paragraphs are one line each has no such margin and is left
  alone; a paragraph ending exactly at the margin cannot be told from a wrapped line and is
  kept apart when it ends its sentence. A title set large wraps short of the margin: its two
  lines are joined when the second ends the title (报告, 要点, 通知, …).
* separate_layout_columns: in `pdftotext -layout` a table row is one line whose cells are
  lined up by runs of spaces (`一、本年新收…申请数量      32419    1651 …`); the runs between
  cells become tabs, so the row is read as a tab-separated row. Only lines that end in at least
  two figure cells after their label cells (or one, set far apart), and nothing but figures
  after the first figure, are rows: prose keeps its spaces. Narrow columns come one space
  apart inside such a row (`数量     32419 1651 11`): those spaces part cells too. The header cells over such rows
  are separated too, and the rest of a label wrapped under its row joins it where the label
  plainly goes on (a bracket left open, a comma). Plain `pdftotext` writes a row on one line
  with single spaces: three whole numbers or more ending a line after a label make a row, short
  words so set above them a header row, and a group's label alone between two rows (三、本年度
  办理结果) joins the row under it.
"""
from __future__ import annotations

import re
import unicodedata

from .chrome import is_chrome
from .patterns import SENTENCE
from .report import record
from .script import simplified_chars

_FORM_FEED = "\f"
# Always a page number when alone on a line.
_PAGE_MARK = re.compile(
    r"^[ \t\u3000]*(?:[-—–－_]{1,2}[ \t]*\d{1,4}[ \t]*[-—–－_]{1,2}"
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
    r"|共[ \t]*\d{1,4}[ \t]*页[ \t]*第[ \t]*\d{1,4}[ \t]*页"
    r"|[Pp]age[ \t]*\d{1,4}(?:[ \t]*of[ \t]*\d{1,4})?)[ \t\u3000]*$"
)
# A page number only as the last line of pages it counts: `12` may also be a table cell.
_BARE_NUMBER = re.compile(r"^[ \t\u3000]*\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?[ \t\u3000]*$")



class _Widths(dict):
    """Display columns by character, each looked up in unicodedata once."""

    def __missing__(self, char):
        self[char] = value = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        return value


_WIDTHS = _Widths()


def width(text: str) -> int:
    """Display columns: a Chinese character (or full-width sign) takes two, as on the page."""
    # (summed in C: this runs over every line of every text, some 8,000 characters a report)
    return sum(map(_WIDTHS.__getitem__, text))


def _line_spans(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


# -- page numbers -------------------------------------------------------------------------------

def drop_page_numbers(edited, result):
    text = edited.text
    lines = list(_line_spans(text))
    marks = {k for k, (_, _, line) in enumerate(lines) if _PAGE_MARK.match(line.replace(_FORM_FEED, ""))}
    if _FORM_FEED not in text and not marks:
        return
    if not marks:
        marks = _bare_page_numbers(lines)
    marks |= _running_lines(lines, marks)
    changes = [(lines[k][0], min(lines[k][1] + 1, len(text)), "") for k in sorted(marks)]
    examples = [lines[k][2].replace(_FORM_FEED, "").strip() for k in sorted(marks)]
    count = edited.apply("drop_page_numbers", changes)
    record(result, "drop_page_numbers", count, examples)
    # A form feed ends a page: a line break, which join_wrapped_lines may then join.
    feeds = edited.sub("drop_form_feeds", re.compile(r"\n?\f\n?"), "\n")
    record(result, "drop_form_feeds", feeds, ["form feed → line break"] if feeds else [])


RUNNING_MIN_PAGES = 3


def _running_lines(lines, numbers: set[int]) -> set[int]:
    """A page's running header or footer: the same line first (or last, page numbers apart)
    on most pages, three at least. Only at a page's edge: the same words in the body stay."""
    pages = [[]]
    for k, (_, _, line) in enumerate(lines):
        if line[:1] == _FORM_FEED and pages[-1]:
            pages.append([])
        if line.replace(_FORM_FEED, "").strip() and k not in numbers:
            pages[-1].append(k)
        if line[-1:] == _FORM_FEED:
            pages.append([])
    pages = [p for p in pages if p]
    if len(pages) < RUNNING_MIN_PAGES:
        return set()

    def key(k):
        return re.sub(r"\s+", "", lines[k][2].replace(_FORM_FEED, ""))

    found = set()
    for edge in (0, -1):
        ends = [p[edge] for p in pages]
        counts: dict[str, int] = {}
        for k in ends:
            counts[key(k)] = counts.get(key(k), 0) + 1
        for k in ends:
            # words, not a figure: a table's cell may start or end several pages
            if (counts[key(k)] >= max(RUNNING_MIN_PAGES, len(pages) // 2) and len(key(k)) <= 40
                    and not re.fullmatch(r"[\d,.，%+\-—–]*", key(k))):
                found.add(k)
    return found


def _bare_page_numbers(lines) -> set[int]:
    """Bare numbers (`3`, `3/9`) as the last line of each page, when they count the pages one
    by one: a table cell at a page foot does not follow the page count."""
    found, page = {}, 1
    for k, (_, _, line) in enumerate(lines):
        if _FORM_FEED in line[:1] and k:
            page += 1
        ends_page = _FORM_FEED in line[-1:] or (k + 1 < len(lines) and lines[k + 1][2][:1] == _FORM_FEED)
        body = line.replace(_FORM_FEED, "")
        if ends_page and _BARE_NUMBER.match(body):
            found[k] = (page, int(re.match(r"\s*(\d+)", body).group(1)))
    if len(found) < 2:
        return set()
    offsets = {number - page for page, number in found.values()}
    return set(found) if len(offsets) == 1 else set()


# -- lines wrapped at the margin ----------------------------------------------------------------

MIN_MARGIN_LINES = 6      # lines at the margin before a text is taken to have one
MARGIN_SHARE = 0.25       # of the lines of 20 columns or more
TOLERANCE = 4             # columns short of the margin a full line may stop (half-width digits, squeezed punctuation)
_ENDS = re.compile(r"[。！？!?；;：:…|]\s*$")
_STARTS_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}\s*[、．.](?!\d)"
    r"|第[一二三四五六七八九十]+[章节条部分]|附件|附表)"
)
_CELL = re.compile(r"^\s*[-+]?[\d,.，%]+\s*$")
# A line ending in a decimal point: a figure wrapped after its point (5949. ⏎ 088667), never a
# whole cell, so its digits go on even when the next line looks like a cell of its own.
_CUT_AFTER_POINT = re.compile(r"\d[.．]$")


def margin(lines: list[str]) -> int | None:
    """The width most lines reach, if the text has one: the width w with the most lines
    between w - TOLERANCE and w, when those are many and few lines are wider."""
    # A line of 20 columns has 10 characters at least: with too few such lines (a crawled page,
    # its body on one long line) no width is worth measuring.
    long = [line for line in (line.rstrip() for line in lines) if len(line) >= 10]
    if len(long) < MIN_MARGIN_LINES:
        return None
    widths = sorted(w for w in map(width, long) if w >= 20)
    if len(widths) < MIN_MARGIN_LINES:
        return None
    best, best_count = None, 0
    lo = 0
    for hi, w in enumerate(widths):
        while widths[lo] < w - TOLERANCE:
            lo += 1
        if hi - lo + 1 >= best_count:
            best, best_count = w, hi - lo + 1
    wider = sum(1 for w in widths if w > best + TOLERANCE)
    if best_count < MIN_MARGIN_LINES or best_count < MARGIN_SHARE * len(widths) or wider > 0.1 * len(widths):
        return None
    return best


def _depth(line: str, depth: int = 0) -> int:
    """Brackets left open at the end of `line`, `depth` being open before it."""
    for c in line:
        if c in "(（":
            depth += 1
        elif c in ")）" and depth:
            depth -= 1
    return depth


def _closes(line: str) -> bool:
    m = re.search(r"[()（）]", line)
    return bool(m) and m.group() in ")）"


def join_wrapped_lines(edited, result):
    text = edited.text
    lines = list(_line_spans(text))
    full = margin([line for _, _, line in lines])
    if full is None:
        return
    changes, examples = [], []
    depth = 0  # brackets open in the line as joined so far
    for k, ((start, end, line), (n_start, _, nxt)) in enumerate(zip(lines, lines[1:])):
        body = line.rstrip()
        depth = _depth(body, depth)
        separated = "\t" in line + nxt or "|" in line + nxt
        # A bracket opened here and closed on one of the next two lines: a line (or a table
        # cell) wrapped inside it.
        in_bracket = depth and not separated and nxt.strip() and (
            _closes(nxt) or (k + 2 < len(lines) and not re.search(r"[()（）]", nxt) and _closes(lines[k + 2][2]))
        )
        if not in_bracket and (
            width(body) < full - TOLERANCE
            or not nxt.strip()
            or separated
            or _ENDS.search(body)
            or nxt[:2].isspace() or nxt[:1] == "\u3000"   # an indented line starts a paragraph
            or _STARTS_NUMBERED.match(nxt)
            or (_CELL.match(nxt) and not (_CUT_AFTER_POINT.search(body) and nxt.strip()[:1].isdigit()))
        ):
            depth = 0
            continue
        # No space is put back: Chinese wraps anywhere, and so do the addresses and numbers in it.
        lead = len(nxt) - len(nxt.lstrip())
        changes.append((start + len(body), n_start + lead, ""))
        examples.append(f"{body[-6:]}⏎{nxt.strip()[:6]}")
    joined = {a for a, _, _ in changes}
    for a, b, example in _title_lines(lines):
        if a not in joined:
            changes.append((a, b, ""))
            examples.append(example)
    count = edited.apply("join_wrapped_lines", changes)
    record(result, "join_wrapped_lines", count, examples)


TITLE_LINES = 5           # the first lines of a document, where its title is
TITLE_LINE_MAX = 30
_TITLE_END = re.compile(r"(?:报告|報告|要点|要點|方案|计划|計劃|通知|意见|意見|办法|辦法|规定|規定|规划|規劃|安排|清单|清單|公告|决定|決定)$")
_PUNCT = re.compile(r"[。，,；;：:！!？?、]")


def _title_lines(lines):
    """A title set large and centred wraps (`2020年上海市杨浦区人民政` / `府信息公开工作年度报告`):
    among a document's first lines, a short line followed by a short line that ends the title
    (报告, 要点, 通知, …), neither with punctuation or a heading's number, are one line."""

    def chrome(line):
        return is_chrome(simplified_chars(line.strip()))

    first = [(start, end, line) for start, end, line in lines if line.strip()][:TITLE_LINES]
    out = []
    for (start, end, line), (n_start, _, nxt) in zip(first, first[1:]):
        a, b = line.strip(), nxt.strip()
        if (
            n_start != end + 1  # the lines are next to each other
            or not a or not b or len(a) > TITLE_LINE_MAX or len(b) > TITLE_LINE_MAX
            or _PUNCT.search(a + b) or _STARTS_NUMBERED.match(b) or _STARTS_NUMBERED.match(a)
            or not _TITLE_END.search(b) or _TITLE_END.search(a) or chrome(a)
        ):
            continue
        body_end = start + len(line.rstrip())
        out.append((body_end, n_start + len(nxt) - len(nxt.lstrip()), f"{a[-6:]}⏎{b[:6]}"))
        break
    return out


# -- -layout table rows ---------------------------------------------------------------------------

_GAP = re.compile(r"[ \u3000]{2,}")
# A figure, with its unit and a note in brackets (which may hold brackets of its own).
_FIGURE = re.compile(
    r"[-+]?\d[\d,，.]*%?(?:\s*(?:万元|亿元|元|件|项|个|次|条|人次))?"
    r"(?:\s*[(（](?:[^()（）]|[(（][^()（）]*[)）])*[)）])?|[-—–/／]|无"
)


SPACED_FIGURES_MIN = 3
_SPACED_TAIL = re.compile(r"(?:(?<=\S)[ \u3000]+(?:\d{1,3}(?:,\d{3})+|\d+)(?=[ \u3000]|$)){%d,}[ \u3000]*$" % SPACED_FIGURES_MIN)


def _spaced_row(line: str) -> list[tuple[int, int]] | None:
    """The gaps of a row whose figures are set apart by single spaces, as `pdftotext` writes a
    table row on one line (`(一)予以公开 20 1 0 0 1 0 22`): three whole numbers or more ending
    the line, after a label without a sentence in it (or no label). Only the spaces before and
    between those figures are gaps."""
    stripped = line.rstrip()
    m = _SPACED_TAIL.search(stripped)
    if not m:
        return None
    label = stripped[:m.start()].strip()
    # a label ending in a comma is prose, unless the comma is inside a bracket the cell wrapped
    # (`(二)部分公开(区分处理的，  396 39 0`)
    if len(label) > 60 or SENTENCE.search(label) or (re.search(r"[，,、：:]$", label) and not _depth(label)):
        return None
    tail = stripped[m.start():]
    gaps = [(m.start() + g.start(), m.start() + g.end()) for g in re.finditer(r"[ \u3000]+", tail)
            if (g.start() > 0 or label) and m.start() + g.end() < len(stripped)]
    return gaps or None


_SPACED_NUMBERS = re.compile(r"(?:(?<=\S)[ \u3000](?:\d{1,3}(?:,\d{3})+|\d+)(?=[ \u3000]|$))+$")


def _narrow_gaps(stripped: str, lead: int, gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The gaps of a -layout line, with the single spaces that part figures in narrow columns:
    `-layout` sets a table's narrow columns one space apart (`一、本年新收…数量     32419 1651 11`,
    `6.属于四类过程性信息 182 7 0     0   0 189`). Inside a cell that ends in whole numbers set
    apart by single spaces (two of them at least, or nothing else), those spaces are gaps too
    (the one before the first number ends the label). Whether the line is a row at all is still
    _layout_row's to say."""
    out, pos = [], lead
    for span in gaps + [(len(stripped), len(stripped))]:
        cell = stripped[pos:span[0]]
        m = _SPACED_NUMBERS.search(cell)
        spaces = [(pos + m.start() + g.start(), pos + m.start() + g.end())
                  for g in re.finditer(r"[ \u3000]", m.group())] if m else []
        if len(spaces) >= 2 or (spaces and re.fullmatch(r"\d[\d,]*", cell[:m.start()].strip())):
            out += spaces   # two numbers at least, or numbers only: one number after words may be a unit's
        if span[0] < len(stripped):
            out.append(span)
        pos = span[1]
    return sorted(out)


def _layout_row(line: str) -> list[tuple[int, int]] | None:
    """The gaps of a -layout table row, as spans, or None when the line is no such row."""
    stripped = line.rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    gaps = [m for m in _GAP.finditer(stripped) if m.start() > lead]
    if not gaps:
        return _spaced_row(line)
    gaps = _narrow_gaps(stripped, lead, [(m.start(), m.end()) for m in gaps])
    cells, pos = [], lead
    for a, b in gaps:
        cells.append(stripped[pos:a])
        pos = b
    cells.append(stripped[pos:])
    figures = [bool(_FIGURE.fullmatch(c.strip())) for c in cells]
    first = figures.index(True) if True in figures else len(cells)
    if not all(figures[first:]) or first == len(cells):
        return None
    if len(cells) - first < 2 and (first != 1 or gaps[-1][1] - gaps[-1][0] < 4 or SENTENCE.search(cells[0])):
        return None  # one figure: only after a label set apart in a column of its own
    if any(len(c) > 60 for c in cells[:first]):
        return None  # a sentence, not a label cell
    return gaps


HEADER_CELL_MAX = 20
SPACED_HEADER_CELL_MAX = 10  # Chinese words are not set apart by spaces: short cells so set are a header
HEADER_REACH = 8   # lines between a header row and the first figure row under it


def _header_row(line: str) -> list[tuple[int, int]] | None:
    """The gaps of a -layout header row: short text cells lined up by runs of spaces."""
    stripped = line.rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    gaps = [m for m in _GAP.finditer(stripped) if m.start() > lead]
    if not gaps:  # cells apart by single spaces, as pdftotext writes a header row on one line
        gaps = [m for m in re.finditer(r"[ \u3000]+", stripped) if m.start() > lead]
        if len(gaps) < 2 or any(len(c) > SPACED_HEADER_CELL_MAX for c in re.split(r"[ \u3000]+", stripped.strip())):
            return None
    if len(gaps) < 2 or SENTENCE.search(stripped):
        return None
    cells, pos = [], lead
    for m in gaps:
        cells.append(stripped[pos:m.start()])
        pos = m.end()
    cells.append(stripped[pos:])
    if any(len(c) > HEADER_CELL_MAX for c in cells):
        return None
    return [(m.start(), m.end()) for m in gaps]


def separate_layout_columns(edited, result):
    changes, examples = [], []
    lines = list(_line_spans(edited.text))
    rows = [_layout_row(line) for _, _, line in lines]
    for k, (start, _, line) in enumerate(lines):
        gaps = rows[k]
        if gaps is None and any(rows[k + 1:k + 1 + HEADER_REACH]):
            gaps = _header_row(line)  # the header cells over a table's rows
        if gaps is None:
            continue
        changes += [(start + a, start + b, "\t") for a, b in gaps]
        examples.append(re.sub(r"[ \u3000]{2,}", " ⇥ ", line.strip())[:40])
    count = edited.apply("separate_layout_columns", changes)
    record(result, "separate_layout_columns", len(examples) if count else 0, examples)
    if count:
        _join_label_tails(edited, result)
        _join_group_labels(edited, result)


_STARTS_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]|\d{1,2}\s*[、．.](?!\d))")


def _join_group_labels(edited, result):
    """A group's label on a line of its own between two rows (`三、本年度办理结果`, `(三)不予公开`
    between tab rows) is the first cell of the row under it, as a table's merged cell is."""
    lines = list(_line_spans(edited.text))
    changes, examples = [], []
    for k in range(1, len(lines) - 1):
        start, end, line = lines[k]
        text = line.strip()
        above, below = lines[k - 1][2], lines[k + 1][2]
        if (
            text and "\t" not in line and "\t" in above and "\t" in below
            and _STARTS_LABEL.match(text) and len(text) <= LABEL_MAX and not SENTENCE.search(text)
            and any(_FIGURE.fullmatch(c.strip()) for c in below.split("\t"))
            # the row above has its own label: rows of figures alone may have their labels after
            # them (a tall label printed lower than its figures), and this label be theirs
            and not _FIGURE.fullmatch(above.split("\t")[0].strip())
        ):
            changes.append((end, lines[k + 1][0], "\t"))
            examples.append(f"{text[:12]}⇥{below.strip()[:10]}")
    count = edited.apply("join_group_labels", changes)
    record(result, "join_group_labels", count, examples)


LABEL_MAX = 40


def _join_label_tails(edited, result):
    """The rest of a label its cell wrapped, on the line under a tab row (`(二)部分公开(区分处理的，只计` /
    `这一情形，不计其他情形)`): joined to that row's label cell when the label plainly goes on
    (a bracket left open, or the line starts with a comma or a closing sign). A line that
    starts a numbered label of its own or holds a sentence stays where it is."""
    lines = list(_line_spans(edited.text))
    changes, examples = [], []
    for k in range(1, len(lines)):
        start, end, line = lines[k]
        above = lines[k - 1][2]
        text = line.strip()
        if (
            not text or "\t" in line or "|" in line or "\t" not in above
            or _STARTS_LABEL.match(text) or SENTENCE.search(text) or _FIGURE.fullmatch(text)
        ):
            continue
        cells = above.split("\t")
        figures = [n for n, cell in enumerate(cells) if _FIGURE.fullmatch(cell.strip())]
        if not figures or figures[0] == 0:
            continue  # a header row, or a row without a label
        label_end = len("\t".join(cells[:figures[0]]))
        # Only where the label plainly goes on: a bracket left open, or a tail that starts
        # mid-phrase. Otherwise the line may be a caption or the next item's heading.
        if not (_depth(above[:label_end]) or re.match(r"[，,、）)”」]", text)):
            continue
        changes.append((lines[k - 1][0] + label_end, lines[k - 1][0] + label_end, text))
        changes.append((lines[k - 1][1], end, ""))
        examples.append(f"{above[:label_end][-6:]}+{text[:8]}")
    count = edited.apply("join_label_tails", changes)
    record(result, "join_label_tails", len(examples) if count else 0, examples)


STEPS = [drop_page_numbers, separate_layout_columns, join_wrapped_lines]
