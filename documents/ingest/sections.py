"""Sections: the numbering hierarchy of a cleaned, simplified document, and its table blocks.

Pure: text in, `Structure` out; no Django, no I/O.

    一、 level 1    (一) level 2    1、 or 1. level 3    (1) level 4

Choices made where the brief left room (tests in tests/documents/ingest/test_sections.py):

* Front matter. Everything before the first top-level heading is `front`: the title, an
  issuing notice (文号, 通知, addressee, signature, date), page chrome, and the introduction
  of a plan. The introduction is also given apart as `preamble` (the paragraphs after the
  last title-like line of the front): it is front, never a section. A document with no
  numbered heading and no table at all gets one unnumbered level-1 section holding
  everything after its first line.
* Headings. On `(一)推进决策公开。严格落实...` the heading stops at the first 。；：!? (or
  ASCII ; : ! ?) found within HEADING_MAX (40) characters and the rest of the line is body
  text. A line with none of 。；!? and at most 80 characters is all heading (trailing 。
  dropped). Any other line (a long first sentence) gets an empty heading and is all text.
* Numbering continuity. A heading is accepted only if its number moves forward from its
  previous sibling by 1 to 3 (gaps such as (三) -> (五) are fine); the first child may be 1
  or 2; the first top-level heading 1 to 3, or an annual report's part under the number the
  format gives it (an excerpt starting at 四、…行政复议、行政诉讼情况). A numbered line that
  fails is a body paragraph.
  A sub-section whose level, number and heading repeat the previous sibling and whose body
  is nearly the same (difflib ratio >= 0.8) is a pasted duplicate: it is skipped, and its
  span is listed in `Structure.skipped`.
* Tables, three kinds:
  - `序号` tables (task tables): a header line starting with 序号, either one cell per line
    (cells may end in `|`) with rows found by their running number, or one row per line
    (`1新冠疫情...`, `1 | 任务 | 单位 |`). When the line above is a caption (it starts with
    附件/附表/附, or ends in 表/清单/目录) and the caption starts with 附 or no further top-level
    heading follows the table, the table is its own level-1 section of kind "table" (number "",
    heading = the caption line as written, text = the table's lines, parent None).
  - flattened statistics tables: a run of short cell lines (no 。；!?) holding at least three
    number-only cells. Inside such a run only a level-1 heading with exactly the next
    top-level number, not followed by a number cell, ends the table; the table stops at its
    last number cell. Rows like 一、本年新收..., (一)予以公开, 1.属于国家秘密 stay table rows.
  - every other table is a `TableBlock` of its enclosing section; its lines are kept out of
    that section's `text`; its title is its caption, or else the section's heading.
* Offsets. `start`/`end` cover the section's heading line and its own body up to its first
  child or the next section, embedded tables included. `text` is the own body (inline text
  after the heading, body paragraphs, closing paragraphs; not table lines), and `spans`
  lists where each piece of `text` is in the input: text == "\\n".join(input[a:b] for a, b
  in spans).
* Closing paragraphs. Unnumbered paragraphs after a last sub-section whose heading line
  carried its own text (`(三)xxx。body...`) belong to the enclosing section: they go to its
  `text` and `spans` (outside its start/end). After a heading-only sub-section
  (`4、深化重点领域信息公开工作。` then paragraphs) they stay that sub-section's body.
* Page chrome lines that survived cleaning (相关词条, 热门词条, 联系我们, 分享:, 字号:, 栏目导航,
  来源/发布日期) are left out of every section.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

from . import metric_keys as mk
from . import statutory
from .patterns import DOC_NUMBER, SENTENCE, TITLE_END

HEADING_MAX = 40
HEADING_LINE_MAX = 80
CELL_MAX = 60
DUPLICATE_RATIO = 0.8

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN = "一二三四五六七八九十"

NUMBERINGS = [
    (1, re.compile(rf"^([{CN}]{{1,3}})\s*[、.．,，]\s*")),
    (2, re.compile(rf"^[(（]\s*([{CN}]{{1,3}})\s*[)）]\s*[、.．]?\s*")),
    (3, re.compile(r"^(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*")),
    (4, re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*[、.．]?\s*")),
]
HEAD_STOP = re.compile(r"[。；;！!？?：:]")
TERMINAL = re.compile(r"[。；;！!？?：:”」』)）]$")
NUMBER_CELL = re.compile(r"[-+]?\d[\d,.]*%?(?:\s*[(（][^()（）]*[)）])?|[-—–]+")
CHROME = re.compile(
    r"^(?:栏目导航|相关词条|热门词条|联系我们|联络我们|分享|打印|关闭|打印本页|关闭窗口|返回顶部|【打印】|【关闭】)\s*[:：]?$"
    r"|^字号\s*[:：]"
    r"|^(?:来源|信息来源|发布机构)\s*[:：].*(?:发布日期|发布时间|日期)\s*[:：]"
    r"|^(?:发布日期|发布时间)\s*[:：]\s*\d"
)
CAPTION_START = re.compile(r"^附\s*(?:件|表)?\s*\d*\s*[:：]?")
CAPTION_END = re.compile(r"(?:表|清单|目录|一览表|任务分解|任务)\s*$")
# What names an attachment or a format, before a top-level numbering that starts again.
ATTACHMENT = re.compile(r"附件|附表|格式|模板|样式")
TITLE_WORDS = re.compile(r"报告|年报|要点|方案|计划|通知|意见|办法|规定|规划|安排|清单|公告|通告|决定")


@dataclass
class Section:
    number: str
    heading: str
    level: int
    text: str
    start: int
    end: int
    parent: int | None
    kind: str = "section"
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class TableBlock:
    start: int
    end: int
    title: str
    lines: list[str]
    section: int | None


@dataclass
class Structure:
    front: str
    body_start: int
    sections: list[Section]
    tables: list[TableBlock]
    preamble: str = ""
    preamble_start: int = 0
    skipped: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Line:
    start: int
    end: int
    text: str


@dataclass
class _Number:
    level: int
    label: str
    ordinal: int
    rest: str
    rest_offset: int  # where `rest` starts inside the line's text


_PART_CLOSE = re.compile(r"(?:情况|事项|措施)$")


def _names_part(num: _Number) -> list[int]:
    """The numbers the format gives the annual report's parts this heading names, when it reads
    as a part's heading (short, closing as they do: …行政复议、行政诉讼情况)."""
    rest = num.rest.strip()
    return statutory.parts_named(rest) if len(rest) <= HEADING_MAX and _PART_CLOSE.search(rest) else []


@functools.cache
def _request_row_words() -> dict[tuple[int, int], tuple[str, ...]]:
    """Table 三's row labels without their numbers, by (level, number) as _number reads them:
    (2, 4) → 无法提供; (3, 1) → 属于国家秘密, 本机关不掌握相关政府信息, 信访举报投诉类申请, …"""
    out: dict[tuple[int, int], tuple[str, ...]] = {}
    for row in mk.REQUEST_ROWS:
        num = _number(row.label_2021 or row.label_2019)
        if num is not None and num.level in (2, 3):
            out[(num.level, num.ordinal)] = out.get((num.level, num.ordinal), ()) + (_bare_words(num.rest),)
    return out


def _bare_words(text: str) -> str:
    return re.sub(r"[\s()（）,，、“”\"]", "", text)


def _request_row(num: _Number) -> bool:
    """Is this numbered line a row label of table 三, whole or cut where its cell wrapped
    ((三)不 / 予公开, (二)部分公开（区分处理的，只 / …, 1.本机关不掌握相关政)? Its words are the
    template's label of that number or the start of it, up to the number of a row beside it run
    in ((四)无2.没有现成信息…). A heading that says more (（一）予以公开情况) is a heading."""
    words = _bare_words(re.split(r"\d+[.．、]", num.rest, maxsplit=1)[0])
    return bool(words) and any(label.startswith(words) for label in _request_row_words().get((num.level, num.ordinal), ()))


def _statutory_part(num: _Number) -> bool:
    """Is this the heading of an annual report's part, under the number the format gives it
    (四、…行政复议、行政诉讼情况)? An excerpt of a report may start with any of its parts."""
    return num.ordinal in _names_part(num)


def cn_to_int(s: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23."""
    if s.isdigit():
        return int(s)
    if not s or any(ch not in CN_DIGITS and ch != "十" for ch in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        if "十" in ones:
            return None
        t = CN_DIGITS.get(tens, None) if tens else 1
        o = CN_DIGITS.get(ones, None) if ones else 0
        if t is None or o is None:
            return None
        return t * 10 + o
    if len(s) == 1:
        return CN_DIGITS[s]
    return None


def _lines(text: str) -> list[_Line]:
    out = []
    for m in re.finditer(r"[^\n\r]+", text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = m.start() + lead
        out.append(_Line(start, start + len(stripped), stripped))
    return out


# -- rows that start with a numbered label (extracted and crawled tables) ---------------------
ROW_SEPARATOR = re.compile(r"[|｜\t]")
LABEL_FRAGMENT_MAX = 20


def _figure_row(line: str) -> bool:
    """A `|`- or tab-separated row with a figure after its first cell
    (`二、上年结转政府信息公开申请数量\t3\t…`): a table row, never a heading."""
    cells = [c.strip() for c in ROW_SEPARATOR.split(line)]
    return len(cells) > 1 and any(NUMBER_CELL.fullmatch(c) for c in cells[1:] if c)


def _label_wrapped(lines: list[_Line], k: int) -> bool:
    """Is lines[k] a label cell wrapped inside a narrow column (`四、结转下年` / `度继续办理` /
    figures): one or two short fragments, then a figure."""
    for m in range(k + 1, min(k + 3, len(lines) - 1)):
        text = lines[m].text
        if len(text) > LABEL_FRAGMENT_MAX or SENTENCE.search(text) or _number(text) or _is_number_cell(text):
            return False
        if _is_number_cell(lines[m + 1].text):
            return True
    return False


def _number_repeated(lines: list[_Line], k: int, num: _Number) -> bool:
    """Is the number of lines[k] written again on the next line (after up to two short
    fragments of its own): `四、结转下年度继续办理` (a table's last row label, printed after its
    figures) then `四、政府信息公开行政复议…`? Then lines[k], right after a table's figure, is
    no heading; nor is a top-level number where the very next line repeats it (a table's row
    labels without their figures, `(七)总计` / `四、结转下年度继续办理` / `四、政府信息公开行政复议…`)."""
    if num.level == 1 and k + 1 < len(lines) and (other := _number(lines[k + 1].text)) \
            and (other.level, other.ordinal) == (num.level, num.ordinal):
        return True
    if k == 0 or not _is_number_cell(lines[k - 1].text):
        return False
    for m in range(k + 1, min(k + 4, len(lines))):
        other = _number(lines[m].text)
        if other:
            return other.level == num.level and other.ordinal == num.ordinal
        if len(lines[m].text) > LABEL_FRAGMENT_MAX or SENTENCE.search(lines[m].text):
            return False
    return False


# OCR reads the numeral 一 in a heading's number as a dash (`—、总体情况`, `(—)主动公开`): read
# as 一 for the numbering only, the text stays as read (one character for one: offsets hold).
OCR_ONE = re.compile(r"^(\s*+[(（]?\s*+)[—―－-](?=\s*[)）]|\s*、)")


def _number(line: str) -> _Number | None:
    if _figure_row(line):
        return None
    line = OCR_ONE.sub(r"\g<1>一", line, count=1)
    for level, rx in NUMBERINGS:
        m = rx.match(line)
        if not m:
            continue
        rest = line[m.end():]
        if not rest.strip():
            return None
        ordinal = cn_to_int(m.group(1))
        if ordinal is None or ordinal == 0:
            return None
        digits = m.group(1)
        label = {1: digits, 2: f"({digits})", 3: digits, 4: f"({digits})"}[level]
        return _Number(level, label, ordinal, rest, m.end())
    return None


def _split_heading(rest: str) -> tuple[str, int | None]:
    """(heading, offset in `rest` where the body text starts, or None)."""
    m = HEAD_STOP.search(rest)
    if m and 0 < m.start() <= HEADING_MAX:
        body = m.end()
        while body < len(rest) and rest[body].isspace():
            body += 1
        return rest[: m.start()].strip(), (body if body < len(rest) else None)
    if not SENTENCE.search(rest) and len(rest) <= HEADING_LINE_MAX:
        return rest.strip().rstrip("，,、 "), None
    return "", 0


def _cell(line: str) -> str:
    return line.rstrip("|｜ \t").strip()


def _is_number_cell(line: str) -> bool:
    return bool(NUMBER_CELL.fullmatch(_cell(line)))


def _is_cell_like(line: str) -> bool:
    return len(line) <= CELL_MAX and not SENTENCE.search(line)


def _is_caption(line: str) -> bool:
    if len(line) > HEADING_LINE_MAX or SENTENCE.search(line) or _number(line):
        return False
    return bool(CAPTION_START.match(line) and len(line) > 3) or bool(CAPTION_END.search(line))


def is_chrome(line: str) -> bool:
    return bool(CHROME.search(line.strip()))


def _starts_with_number(line: str, n: int) -> bool:
    return bool(re.match(rf"^{n}(?![\d.．、,，%])", line.strip()))


def _seq_table(lines: list[_Line], i: int) -> tuple[int, int, int] | None:
    """A 序号 table whose header is lines[i]: (first line incl. caption, end index, caption index or -1)."""
    header = lines[i].text
    if not header.startswith("序号"):
        return None
    n = len(lines)
    tail = re.sub(r"[|｜\s]", "", header[2:])
    rows = 0
    if not tail:  # one cell per line: header cells until the first row number
        j = i + 1
        while (j < n and j - i <= 12 and _cell(lines[j].text) != "1"
               and _is_cell_like(lines[j].text) and len(_cell(lines[j].text)) <= 20):
            j += 1
        if j >= n or _cell(lines[j].text) != "1":
            return None
        ncols = j - i
        k, expected = j, 1
        while k < n and _cell(lines[k].text) == str(expected):
            window = range(k + 1, min(n, k + 2 * ncols + 3))
            nxt = next((m for m in window if _cell(lines[m].text) == str(expected + 1)), None)
            rows += 1
            if nxt is None:
                k = min(n, k + ncols)
                break
            k, expected = nxt, expected + 1
        end = k
    else:  # one row per line, the number glued to the text or followed by a cell bar
        k, expected = i + 1, 1
        while k < n:
            if _starts_with_number(lines[k].text, expected):
                rows += 1
                k, expected = k + 1, expected + 1
                continue
            # tolerate a row broken over up to three lines
            ahead = next((m for m in range(k + 1, min(n, k + 4)) if _starts_with_number(lines[m].text, expected)), None)
            if rows and ahead is not None and not any(_number(lines[m].text) for m in range(k, ahead)):
                k = ahead
                continue
            break
        end = k
    if rows < 2:
        return None
    caption = i - 1 if i > 0 and _is_caption(lines[i - 1].text) else -1
    return (caption if caption >= 0 else i), end, caption


def _numeric_table_runs(lines: list[_Line], taken: set[int]) -> list[tuple[int, int]]:
    runs, i, n = [], 0, len(lines)
    while i < n:
        if i in taken or not _is_cell_like(lines[i].text):
            i += 1
            continue
        j = i
        # a long row of separated cells with figures (a PDF's row) stays in the run
        while j < n and j not in taken and (_is_cell_like(lines[j].text) or _figure_row(lines[j].text)):
            j += 1
        if sum(_is_number_cell(lines[k].text) for k in range(i, j)) >= 3:
            runs.append((i, j))
        i = j
    return runs


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.lines = _lines(text)
        self.sections: list[Section] = []
        self.tables: list[TableBlock] = []
        self.skipped: list[tuple[int, int]] = []
        self.stack: list[int] = []  # open sections, outermost first
        self.last_ord: dict[tuple[int | None, int], int] = {}
        self.last_child: dict[tuple[int | None, int], int] = {}
        self.inline: dict[int, bool] = {}
        self.head_line: dict[int, int] = {}
        self.has_child: set[int] = set()
        self.front_end = 0  # index of the first body line
        self.top_level: int | None = None
        self.excerpt = False  # a report's part comes before any number 1 (set when the lines are read)
        self.body_lines: dict[int, list[int]] = {}  # section -> line indices of its body paragraphs
        self.restart = 0  # the last number of a second top-level run (an attachment's), 0 when none

    # -- numbering ---------------------------------------------------------------------
    def _parent_for(self, level: int) -> int | None:
        for idx in reversed(self.stack):
            if self.sections[idx].level < level and self.sections[idx].kind == "section":
                return idx
        return None

    def _acceptable(self, num: _Number) -> bool:
        if self.top_level is None or num.level < self.top_level:
            return False
        if num.level > self.top_level and self.stack and _request_row(num) \
                and statutory.parts_named(self.sections[self.stack[0]].heading) == [3]:
            return False  # a row label of table 三 in the part that holds it: the table's, no heading
        if num.level == self.top_level:
            last = self.last_ord.get((None, num.level))
        else:
            parent = self._parent_for(num.level)
            if parent is None:
                return False
            last = self.last_ord.get((parent, num.level))
        if last is None:
            limit = 3 if num.level == self.top_level and not self.sections else 2
            return num.ordinal <= limit or (self.excerpt and num.level == self.top_level and not self.sections
                                             and _statutory_part(num))
        if num.level == self.top_level and num.ordinal == 1 and last >= 2 and not self.restart and _names_part(num):
            # The report's parts numbered again from 一 after an overview numbered on its own
            # (一…六 of what was done, then 一、主动公开政府信息情况 and the tables): the parts go
            # on the outline (an attachment's format, which starts again too, is _second_run's).
            return True
        return last < num.ordinal <= last + 3

    def _second_run(self, i: int, num: _Number) -> bool:
        """Is lines[i] a top-level number of a second run: 一、 starting again after an attachment
        or a format is named (附件：…格式 一、总体情况), and the numbers that follow it? Once that
        run has caught up with the first, its numbers are its own (一…三 of a notice, then 一…六
        of the format it issues), not the notice's 四、五、六."""
        if num.level != self.top_level:
            return False
        last = self.last_ord.get((None, num.level)) or 0
        # A number said twice in the run (a table's row 四、结转下年度 before the part 四、) is the run's.
        if self.restart and num.ordinal in (self.restart, self.restart + 1):
            self.restart = num.ordinal
            return num.ordinal - 1 >= last
        if num.ordinal == 1 and last >= 2:
            start = self.lines[i].start
            if ATTACHMENT.search(self.text, max(0, start - 200), start):
                self.restart = 1
        return False

    def _expected_top(self) -> int:
        return self.last_ord.get((None, self.top_level), 0) + 1

    def _is_top_break(self, k: int) -> bool:
        """Does lines[k] end a flattened table: the next top-level heading, no number cell after it?"""
        num = _number(self.lines[k].text)
        if not num or num.level != self.top_level or num.ordinal != self._expected_top():
            return False
        return not (k + 1 < len(self.lines) and _is_number_cell(self.lines[k + 1].text)) and not _label_wrapped(self.lines, k)

    # -- building ----------------------------------------------------------------------
    def _open(self, i: int, num: _Number) -> int:
        line = self.lines[i]
        heading, body_at = _split_heading(num.rest)
        parent = None if num.level == self.top_level else self._parent_for(num.level)
        while self.stack and self.stack[-1] != parent:
            self.stack.pop()
        spans = []
        if body_at is not None:
            a = line.start + num.rest_offset + body_at
            spans.append((a, line.end))
        idx = len(self.sections)
        if num.level == self.top_level:
            self.restart = 0  # the first run goes on: what started again was no attachment
        self.sections.append(Section(num.label, heading, num.level, "", line.start, line.end, parent, "section", spans))
        self.inline[idx] = body_at is not None
        self.head_line[idx] = i
        self.last_ord[(parent, num.level)] = num.ordinal
        self.last_child[(parent, num.level)] = idx
        for key in [k for k in self.last_ord if k[0] == parent and k[1] > num.level]:
            del self.last_ord[key]
        if parent is not None:
            self.has_child.add(parent)
        self.stack.append(idx)
        self.body_lines[idx] = []
        return idx

    def _owner(self) -> int | None:
        return self.stack[-1] if self.stack else None

    def _add_body(self, i: int) -> None:
        owner = self._owner()
        if owner is None:
            return
        line = self.lines[i]
        sec = self.sections[owner]
        sec.spans.append((line.start, line.end))
        sec.end = max(sec.end, line.end)
        self.body_lines[owner].append(i)

    def _add_table(self, a: int, b: int, caption: int, standalone: bool) -> None:
        lines = self.lines
        body = [lines[k] for k in range(a, b) if k != caption]
        start = lines[a].start
        end = lines[b - 1].end
        cap = lines[caption].text if caption >= 0 else ""
        if standalone:
            idx = len(self.sections)
            self.sections.append(Section("", cap, 1, "\n".join(l.text for l in body),
                                         start, end, None, "table", [(l.start, l.end) for l in body]))
            self.stack = [idx]
            self.body_lines[idx] = []
            self.inline[idx] = False
            self.tables.append(TableBlock(start, end, cap, [l.text for l in body], idx))
        else:
            owner = self._owner()
            title = cap or (self.sections[owner].heading if owner is not None else "")
            if owner is not None:
                self.sections[owner].end = max(self.sections[owner].end, end)
            self.tables.append(TableBlock(start, end, title, [l.text for l in body], owner))

    def _duplicate_end(self, i: int, num: _Number) -> int | None:
        """If lines[i] repeats the previous sibling (number, heading and body), where the copy ends."""
        parent = None if num.level == self.top_level else self._parent_for(num.level)
        prev = self.last_child.get((parent, num.level))
        if prev is None or self.last_ord.get((parent, num.level)) != num.ordinal:
            return None
        heading, _ = _split_heading(num.rest)
        if self.sections[prev].heading != heading:
            return None
        j = i + 1
        while j < len(self.lines):
            other = _number(self.lines[j].text)
            if (other and other.level <= num.level) or self.lines[j].text.startswith("序号") or is_chrome(self.lines[j].text):
                break
            j += 1
        copy = "\n".join(l.text for l in self.lines[i:j])
        first = self.sections[prev]
        original = self.text[first.start:first.end]
        if difflib.SequenceMatcher(None, original, copy, autojunk=False).ratio() >= DUPLICATE_RATIO:
            return j
        return None

    def build(self) -> Structure:
        lines, n = self.lines, len(self.lines)
        seq_tables: dict[int, tuple[int, int, int]] = {}
        taken: set[int] = set()
        for i in range(n):
            if i in taken:
                continue
            found = _seq_table(lines, i)
            if found:
                first, end, caption = found
                seq_tables[first] = (first, end, caption)
                taken.update(range(first, end))
        runs = _numeric_table_runs(lines, taken)
        run_end = {}
        for a, b in runs:
            for k in range(a, b):
                run_end[k] = b

        # the top numbering level: the highest level with a number 1 (or an annual report's
        # part under its own number) that is no table row (a table row is followed by a number
        # cell: 一、本年新收政府信息公开申请数量 / 32419)
        numbered = [
            num for k, line in enumerate(lines)
            if k not in taken and (num := _number(line.text))
            and not (k + 1 < n and _is_number_cell(lines[k + 1].text))
        ]
        levels = [num.level for num in numbered if num.ordinal == 1]
        # A report's part under the format's number before any number 1 at any level: an
        # excerpt, which may start with a later part (not a part pasted into a report or plan
        # numbered (一)(二)(三) of its own)
        first_one = next((k for k, num in enumerate(numbered) if num.ordinal == 1), len(numbered))
        self.excerpt = any(_statutory_part(num) for num in numbered[:first_one])
        if self.excerpt:
            levels += [num.level for num in numbered if _statutory_part(num)]
        self.top_level = min(levels) if levels else None

        i = 0
        in_front = True
        while i < n:
            line = lines[i]
            if i in seq_tables:
                first, end, caption = seq_tables[i]
                standalone = caption >= 0 and (lines[caption].text.startswith("附") or not self._top_heading_after(end))
                if in_front and not standalone:
                    i = end
                    continue
                if in_front:
                    self.front_end, in_front = i, False
                self._add_table(first, end, caption, standalone)
                i = end
                continue
            if is_chrome(line.text):
                i += 1
                continue
            num = _number(line.text)
            if not in_front and num:
                dup = self._duplicate_end(i, num)
                if dup is not None:
                    self.skipped.append((line.start, lines[dup - 1].end))
                    i = dup
                    continue
            if num and not in_front and self._second_run(i, num):
                num = None
            heading_here = bool(num and self._acceptable(num) and not (i + 1 < n and _is_number_cell(lines[i + 1].text)))
            if i in run_end and not in_front and not heading_here and not self._is_top_break(i):
                table_end = self._numeric_table_end(i, run_end[i])
                if table_end is not None:
                    caption = i - 1 if _is_caption(lines[i - 1].text) and self._owner_body_last(i - 1) else -1
                    if caption >= 0:
                        self._drop_last_body(i - 1)
                    self._add_table(caption if caption >= 0 else i, table_end, caption, False)
                    i = table_end
                    continue
            if num and self._acceptable(num) and not _number_repeated(lines, i, num):
                if in_front:
                    self.front_end, in_front = i, False
                self._open(i, num)
            elif not in_front:
                self._add_body(i)
            i += 1

        if in_front:
            return self._no_headings()
        self._move_closing_paragraphs()
        for sec in self.sections:
            sec.text = "\n".join(self.text[a:b] for a, b in sec.spans)
        body_start = lines[self.front_end].start
        front = self.text[:body_start]
        preamble, preamble_start = self._preamble(self.front_end, body_start)
        return Structure(front, body_start, self.sections, self.tables, preamble, preamble_start, self.skipped)

    def _top_heading_after(self, k: int) -> bool:
        if self.top_level is None:
            return False
        nxt = self._expected_top()
        return any((num := _number(l.text)) and num.level == self.top_level and nxt <= num.ordinal <= nxt + 2
                   for l in self.lines[k:])

    def _numeric_table_end(self, i: int, run_end: int) -> int | None:
        """A flattened table starting at lines[i] inside a run of cell lines: the index after its last number cell."""
        lines = self.lines
        stop = next((k for k in range(i + 1, run_end) if self._is_top_break(k)), run_end)
        # a row of separated cells with figures (a PDF's row on one baseline) counts as figures too
        numbers = [k for k in range(i, stop) if _is_number_cell(lines[k].text) or _figure_row(lines[k].text)]
        if len(numbers) < 3 or numbers[-1] + 1 - i < 4:
            return None
        return numbers[-1] + 1

    def _owner_body_last(self, k: int) -> bool:
        owner = self._owner()
        return owner is not None and bool(self.body_lines[owner]) and self.body_lines[owner][-1] == k

    def _drop_last_body(self, k: int) -> None:
        owner = self._owner()
        self.body_lines[owner].pop()
        self.sections[owner].spans.pop()

    def _move_closing_paragraphs(self) -> None:
        for idx, sec in enumerate(self.sections):
            if sec.kind != "section" or sec.parent is None or idx in self.has_child or not self.inline.get(idx):
                continue
            if self.last_child.get((sec.parent, sec.level)) != idx:
                continue
            body = self.body_lines[idx]
            if not body:
                continue
            # the paragraph before the first moved one must have ended its sentence
            prev_end = self.text[: self.lines[body[0]].start].rstrip()
            if not TERMINAL.search(prev_end):
                continue
            parent = self.sections[sec.parent]
            moved = [(self.lines[k].start, self.lines[k].end) for k in body]
            sec.spans = [s for s in sec.spans if s not in moved]
            sec.end = max([self.lines[self.head_line[idx]].end] + [b for _, b in sec.spans]
                          + [t.end for t in self.tables if t.section == idx])
            parent.spans.extend(moved)
            self.body_lines[sec.parent].extend(body)
            self.body_lines[idx] = []
            # a table after the moved paragraphs stays where it was

    def _preamble(self, front_end: int, body_start: int) -> tuple[str, int]:
        front_lines = [k for k in range(front_end) if not is_chrome(self.lines[k].text)]
        if not front_lines:
            return "", body_start
        titles = [k for k in front_lines if TITLE_WORDS.search(self.lines[k].text) and not SENTENCE.search(self.lines[k].text)
                  and len(self.lines[k].text) <= HEADING_LINE_MAX]
        after = titles[-1] if titles else front_lines[0]
        rest = [k for k in front_lines if k > after]
        if not rest:
            return "", body_start
        return "\n".join(self.lines[k].text for k in rest), self.lines[rest[0]].start

    def _no_headings(self) -> Structure:
        lines = [l for l in self.lines if not is_chrome(l.text)]
        if not lines:
            return Structure(self.text, len(self.text), [], [], "", len(self.text))
        first = lines[0]
        titled = int(not SENTENCE.search(first.text) and len(first.text) <= HEADING_LINE_MAX)
        if titled and not TITLE_END.search(first.text.strip()):
            # a title wrapped (某省人民政府办公厅关于印发某省 / …工作要点的通知): its next lines, up
            # to one that ends as a title does
            for k in (1, 2):
                if k >= len(lines) - 1 or not _title_like(lines[k].text):
                    break
                if TITLE_END.search(lines[k].text.strip()):
                    titled = k + 1  # (…工作要点 / 的通知: the last that does)
        while titled and titled < min(len(lines) - 1, 6) and _number_or_date(lines[titled].text):
            titled += 1  # the notice's 文号 and date under it
        body = lines[titled:]
        if not body:
            return Structure(self.text, len(self.text), [], [], "", len(self.text))
        body_start = body[0].start
        spans = [(l.start, l.end) for l in body]
        sec = Section("", "", 1, "\n".join(self.text[a:b] for a, b in spans), body_start, body[-1].end, None, "section", spans)
        return Structure(self.text[:body_start], body_start, [sec], [], "", body_start)


def _number_or_date(line: str) -> bool:
    t = line.strip().strip("()（）[]［］【】")
    return bool(DOC_NUMBER.fullmatch(t) or re.fullmatch(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", t))


def _title_like(line: str) -> bool:
    t = line.strip()
    return bool(t) and len(t) <= 40 and not SENTENCE.search(t) and not re.search(r"[，,\s]|[：:]$", t)


def parse_sections(text: str) -> Structure:
    """The section tree (flat, document order) and table blocks of a cleaned, simplified text."""
    return _Builder(text).build()
