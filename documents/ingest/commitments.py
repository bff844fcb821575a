"""Work-plan commitments: the rows of task tables, and the quantitative targets written in prose.

Pure: cleaned, simplified text and its `sections.Structure` in; no Django, no I/O.

    find_tasks    a 序号 table (任务分解表) -> one Task per row: number, text, lead units, deadline
    find_targets  不低于60%, 不得超过5个工作日, 不少于3次, 3月31日前, 10个工作日内 -> Target

Choices made where the brief left room (tests in tests/documents/ingest/test_commitments.py):

* Task tables are the table blocks whose first line starts with 序号 (sections.py finds them).
  Columns are read off the header by name: 任务/内容/事项/措施/领域 -> the text, 牵头/责任/
  主责/单位/部门/处室 -> lead units, 时限/时间/进度/节点 -> the deadline. One cell per line
  (`序号 |`, `目标任务 |`...): a row runs from its number cell to the next number; when it has
  more cells than the header, the extra lines belong to the text column (a task written over
  several lines). One row per line (`1新冠疫情...`, `1 | 任务 | 单位 |`): cells are split on
  `|`; a glued row keeps everything after its number as text, and a line that does not start
  with the next number continues the row before it. A table with no lead-unit or deadline
  column (the SHEITC 2020 table: 序号 | 公开重点领域及内容) gives lead_units [] and deadline
  None for every row: nothing is guessed out of the row text.
* Lead units are split on 、，,；;/ and spaces; a trailing 等 is dropped; brackets stay with their
  unit (区建设管理委(区河长办)).
* Deadlines (`parse_deadline`): 一季度..四季度 -> Q1..Q4 and the quarter's last day; 上半年 -> H1,
  06-30; 下半年 -> H2, 12-31; 全年/年内/年底/年末/本年度 -> year, 12-31; 10月底/10月/10月前 -> month,
  its last day; 6月30日(前) -> date; 长期/持续/常态化/每月/定期... -> ongoing, no date. A year
  written in the deadline (2020年6月底) wins over the plan's; 下一年/次年/明年 is the plan's year
  plus one. With no year at all, `due` is None but `period` is still given.
* Targets are searched in the prose and in task-table rows (a row can carry one: 到年底累计
  开放数据集5000个), never in statistics tables, 《titles》 or “quotes”. Comparators:
    at_least  不低于 / 不得低于 / 不少于 / 不得少于 / 不小于 / 至少(+verb) / 最少 / 达到…以上 /
              到年底累计…N (a running total to reach)
    at_most   不超过 / 不得超过 / 不高于 / 不多于 / 最多 / 控制在…以内
    within    N个工作日内 / N日内 / N天内 / N个月内 / 用N年时间
    before    N月N日前 / N月底前 / 年底前 / 于下一年第一季度 (value None, unit "date", `due` set)
    exactly   a count per period (每季度通报1次 -> exactly 1 次, subject 每季度通报…); the 一次 of
              用两年时间…轮训一次 stays in the subject of its within-2-年 target, not a second one
  Chinese numerals count (至少听取一次 -> 1 次; 用两年时间 -> 2 年).
  subject: for `X不低于N` the clause before the comparator less its actors and time words
  (年内区政府各部门、街道多元化解读率 -> 多元化解读率); for `至少+verb+N+unit+object` the verb and
  the object (出台该领域的标准化应用产品); for within/before what is to be done after the
  phrase (向社会公开前期意见的收集、采纳情况...), with a short topic before it kept
  (简单问题要在1个工作日内完成答复 -> 简单问题完成答复).
  due: a date target's own date; else 年内/年底/全年/到年底 in the same sentence before the
  target -> the plan year's 12-31; else None (within targets never have one).
  A plan's 8月 as 政府开放月 (Yangpu 2021) is a schedule, not a quantitative target: not found.
  Overlapping matches keep the one that starts first (控制在15个工作日以内 is at_most, not within).
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import jieba

from .prose import NUM, UNITS, cn_number, section_at, sentence_span

jieba.setLogLevel(60)


@dataclass
class Task:
    number: str
    text: str
    lead_units: list[str]
    deadline: str | None       # as written, e.g. "三季度"
    due: datetime.date | None  # normalized end date using the plan's year
    period: str | None         # "Q1".."Q4", "H1", "H2", "year", "ongoing", "month", "date"
    section: int | None        # index of the table section


@dataclass
class Target:
    subject: str
    comparator: str            # "at_least" | "at_most" | "within" | "before" | "exactly"
    value: Decimal | None
    unit: str
    due: datetime.date | None
    text: str                  # the phrase as written
    sentence: str
    start: int
    end: int
    section: int | None


# -- deadlines -------------------------------------------------------------------------------
ONGOING = re.compile(r"长期|持续|常态|长效|经常|每年|每月|每季|每周|定期|动态|随时|日常|滚动")
QUARTER = re.compile(r"第?([一二三四1-4])季度")
CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
MONTH = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|末|份|中旬|下旬|上旬)?")
WHOLE_YEAR = re.compile(r"全年|年内|年底|年末|本年度|当年|年度内|年前")
EXPLICIT_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
NEXT_YEAR = re.compile(r"下一年|次年|明年|下年度|下一年度")


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(deadline: str | None, year: int | None) -> tuple[str | None, datetime.date | None]:
    """(period, due) of a deadline as written: ("Q3", 2019-09-30) for 三季度 in a 2019 plan."""
    if not deadline:
        return None, None
    s = deadline.strip()
    if ONGOING.search(s) and not (MONTH.search(s) or QUARTER.search(s)):
        return "ongoing", None
    m = EXPLICIT_YEAR.search(s)
    if m:
        year = int(m.group(1))
        s = s[m.end():] or s
    elif NEXT_YEAR.search(s) and year:
        year += 1
    found: list[tuple[int, str, tuple]] = []  # (position, period, args)
    for m in MONTH_DAY.finditer(s):
        found.append((m.start(), "date", (int(m.group(1)), int(m.group(2)))))
    taken = [m.span() for m in MONTH_DAY.finditer(s)]
    for m in MONTH.finditer(s):
        if any(a <= m.start() < b for a, b in taken):
            continue
        month = int(m.group(1)) if m.group(1).isdigit() else cn_number(m.group(1))
        if month and 1 <= month <= 12:
            found.append((m.start(), "month", (month,)))
    for m in QUARTER.finditer(s):
        found.append((m.start(), f"Q{CN_DIGIT[m.group(1)]}", (CN_DIGIT[m.group(1)] * 3,)))
    for m in re.finditer(r"上半年", s):
        found.append((m.start(), "H1", (6,)))
    for m in re.finditer(r"下半年", s):
        found.append((m.start(), "H2", (12,)))
    if not found and WHOLE_YEAR.search(s):
        found.append((0, "year", (12,)))
    if not found:
        return None, None
    # the latest point named (3月-6月 -> 6月)
    def end_of(item):
        _, period, args = item
        y = year or 2000
        if period == "date":
            try:
                return datetime.date(y, args[0], args[1])
            except ValueError:
                return None
        return _month_end(y, args[0])
    best = max(found, key=lambda item: (end_of(item) or datetime.date.min, item[0]))
    period = best[1]
    due = end_of(best) if year else None
    return period, due


# -- tasks -----------------------------------------------------------------------------------
TEXT_COLUMN = re.compile(r"任务|内容|事项|措施|领域|工作|目标|要点|项目")
LEAD_COLUMN = re.compile(r"牵头|责任|主责|承办|负责|单位|部门|处室|配合")
DEADLINE_COLUMN = re.compile(r"时限|时间|进度|节点|期限|完成")


def _cell(line: str) -> str:
    return re.sub(r"\s*[|｜]\s*$", "", line).strip()


def _role(header: str) -> str:
    if header.startswith("序号"):
        return "number"
    if DEADLINE_COLUMN.search(header) and not TEXT_COLUMN.search(header.replace("完成", "")):
        return "deadline"
    if LEAD_COLUMN.search(header) and not TEXT_COLUMN.search(header):
        return "lead"
    if TEXT_COLUMN.search(header):
        return "text"
    return "other"


def split_units(cell: str | None) -> list[str]:
    """区府办、区发展改革委、区市场监管局等 -> [区府办, 区发展改革委, 区市场监管局]."""
    if not cell:
        return []
    parts, depth, cur = [], 0, ""
    for ch in cell:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、，,；;/／ \u3000":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    out = []
    for p in parts:
        p = p.strip()
        p = re.sub(r"(?:等(?:单位|部门)?|牵头|负责|配合)$", "", p).strip()
        if p:
            out.append(p)
    return out


def _assign(cells: list[str], roles: list[str]) -> dict[str, str]:
    """Map a row's cells (number excluded) to the header roles; extra lines join the text column."""
    if not roles:
        return {"text": "".join(cells)}
    if "text" in roles:
        ti = roles.index("text")
    else:
        ti = 0
    before, after = roles[:ti], roles[ti + 1:]
    if len(cells) >= len(roles):
        head = cells[: len(before)]
        tail = cells[len(cells) - len(after):] if after else []
        middle = cells[len(before): len(cells) - len(after)]
    else:
        head = cells[: len(before)]
        middle = cells[len(before): len(before) + 1]
        tail = cells[len(before) + 1:]
        # fewer cells than columns: place what is left by what it looks like
        if len(tail) < len(after) and tail:
            placed = []
            for role in after:
                if not tail:
                    break
                if role == "deadline" and not parse_deadline(tail[0], 2000)[0] and len(after) > len(tail):
                    placed.append("")
                    continue
                placed.append(tail.pop(0))
            tail = placed
    out: dict[str, str] = {}
    for role, value in zip(before, head):
        out.setdefault(role, value)
    out["text"] = "".join(middle)
    for role, value in zip(after, tail):
        if value:
            out.setdefault(role, value)
    return out


def _task(number: str, fields: dict[str, str], year: int | None, section: int | None) -> Task:
    deadline = fields.get("deadline") or None
    period, due = parse_deadline(deadline, year)
    return Task(number=number, text=fields.get("text", "").strip(), lead_units=split_units(fields.get("lead")),
                deadline=deadline, due=due, period=period, section=section)


def _cell_table(lines: list[str], year, section) -> list[Task]:
    cells = [_cell(l) for l in lines]
    k = 0
    headers = []
    while k < len(cells) and cells[k] != "1":
        headers.append(cells[k])
        k += 1
    roles = [_role(h) for h in headers[1:]]
    tasks, expected = [], 1
    while k < len(cells) and cells[k] == str(expected):
        j = k + 1
        while j < len(cells) and cells[j] != str(expected + 1):
            j += 1
        row = [c for c in cells[k + 1: j] if c]
        tasks.append(_task(str(expected), _assign(row, roles), year, section))
        k, expected = j, expected + 1
    return tasks


def _line_table(lines: list[str], year, section) -> list[Task]:
    header = lines[0]
    barred = "|" in header or "｜" in header
    if barred:
        headers = [h.strip() for h in re.split(r"[|｜]", header) if h.strip()]
        roles = [_role(h) for h in headers[1:]]
    else:
        rest = header[2:].strip()
        roles = ["text"] if rest else []
    tasks: list[tuple[str, list[str]]] = []
    expected = 1
    for line in lines[1:]:
        m = re.match(rf"^\s*({expected})(?![\d.．%])\s*[|｜、.．]?\s*", line)
        if m:
            body = line[m.end():]
            cells = [c.strip() for c in re.split(r"[|｜]", body)] if barred else [body.strip()]
            tasks.append((str(expected), [c for c in cells if c]))
            expected += 1
        elif tasks:
            # a row broken over several lines: the text goes on
            last = tasks[-1][1]
            if last:
                last[min(len(last) - 1, (roles.index("text") if "text" in roles else 0))] += line.strip()
            else:
                last.append(line.strip())
    return [_task(n, _assign(cells, roles), year, section) for n, cells in tasks]


def find_tasks(text: str, structure, year: int | None) -> list[Task]:
    """The rows of every 序号 task table, in document order."""
    tasks: list[Task] = []
    for table in getattr(structure, "tables", []):
        lines = [l for l in table.lines if l.strip()]
        if not lines or not lines[0].startswith("序号"):
            continue
        if _cell(lines[0]) == "序号":
            tasks.extend(_cell_table(lines, year, table.section))
        else:
            tasks.extend(_line_table(lines, year, table.section))
    return tasks


# -- targets ---------------------------------------------------------------------------------
CN = "一二两三四五六七八九十百"
AMOUNT = rf"(?P<num>{NUM}|[{CN}]+)"
TARGET_UNITS = "|".join(re.escape(u) for u in sorted(set(UNITS) | {"日", "周", "年", "分", "小时", "个工作日"},
                                                        key=len, reverse=True))
LIMIT_WORDS = {
    "不得低于": "at_least", "不应低于": "at_least", "不低于": "at_least", "不得少于": "at_least",
    "不应少于": "at_least", "不少于": "at_least", "不小于": "at_least", "不得超过": "at_most",
    "不应超过": "at_most", "不超过": "at_most", "不高于": "at_most", "不多于": "at_most", "不大于": "at_most",
    "不得高于": "at_most", "不得多于": "at_most",
}
LIMIT = re.compile(
    r"(?P<cmp>" + "|".join(sorted(LIMIT_WORDS, key=len, reverse=True)) + r")\s*" + AMOUNT
    + rf"\s*(?P<unit>{TARGET_UNITS})"
)
AT_LEAST_VERB = re.compile(
    r"(?P<cmp>至少|最少|最多)(?P<verb>[\u4e00-\u9fff]{0,4}?)" + AMOUNT + rf"(?P<unit>{TARGET_UNITS})"
)
REACH = re.compile(
    r"(?P<cmp>达到|提高到|提高至|提升到|提升至|保持在|增至|控制在)\s*" + AMOUNT
    + rf"\s*(?P<unit>{TARGET_UNITS})(?P<post>以上|以内|以下)"
)
RUNNING_TOTAL = re.compile(
    rf"(?:到|至)(?P<when>年底|年末|\d{{1,2}}月底)(?P<mid>[^，,。；;、]{{0,20}}?)(?:累计|达到|共)(?P<verb>[^，,。；;、\d]{{0,12}}?)"
    rf"(?P<num>{NUM})(?P<unit>{TARGET_UNITS})"
)
TIME_UNIT = r"个工作日|工作日|日|天|个月|周|小时|年"
# At the start of a run of digits or numerals only (a match inside one would have matched at its
# start; trying every offset of a long run is quadratic).
WITHIN = re.compile(rf"(?P<num>(?<!\d){NUM}|(?<![{CN}])[{CN}]+)" + rf"\s*(?P<unit>{TIME_UNIT})(?:以内|之内|内)")
SPAN_OF = re.compile(rf"用(?P<num>{NUM}|[{CN}]+)(?P<unit>年|个月)(?:的)?时间")
DATE_BEFORE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|底|末|份)?(?:之前|以前|前)"
)
PERIOD_BEFORE = re.compile(
    r"(?:(?P<pre>于|在)(?P<p1>(?:下一年|次年|明年|下年度)?(?:第?[一二三四1-4]季度|上半年|下半年|年底|年末))"
    r"|(?P<p2>(?:下一年|次年|明年)?(?:第?[一二三四1-4]季度|上半年|下半年|年底|年末))(?:之前|以前|前))"
)
FREQUENCY = re.compile(
    r"每(?P<per>半年|年|季度|季|月|周)(?P<verb>[\u4e00-\u9fff]{0,6}?)" + AMOUNT + r"(?P<unit>次|期|场|篇|批)"
)
YEAR_END_CONTEXT = re.compile(r"年内|年底|年末|全年|本年度|今年")
CLAUSE_STOP = re.compile(r"[，,。；;：:！!？?\n]")

LEAD_WORDS = {
    "且", "并", "同时", "其中", "原则上", "年内", "今年", "全年", "每年", "本年度", "要", "应", "须", "需", "必须",
    "必需", "需要", "应当", "在", "于", "并于", "区政府", "市政府", "各", "部门", "各部门", "街道", "各街道", "单位",
    "各单位", "各区", "本区", "我委", "各处室", "处室", "、", "政府", "区", "还", "也", "均", "都", "将", "把",
    "对于", "其",
}
TAIL_WORDS = {"要", "应", "须", "需", "必须", "必需", "需要", "应当", "在", "于", "的", "均", "都", "并", "将"}
# what may open the clause that follows a time phrase (在区政府网站公开 keeps 在区政府)
TAIL_LEAD_WORDS = {"要", "应", "须", "需", "必须", "必需", "需要", "应当", "将", "把", "并", "且", "均", "都", "还", "，", ","}
FRAME_CLAUSE = re.compile(r"^(?:按照|根据|依照|依据|结合|围绕|通过|依托)")


def _strip_lead(s: str, lead=None) -> str:
    lead = LEAD_WORDS if lead is None else lead
    words = [w for w in jieba.lcut(s, HMM=False) if w.strip()]
    while words and words[0] in lead:
        words.pop(0)
    while words and words[-1] in TAIL_WORDS:
        words.pop()
    return "".join(words).strip(" ，,、")


def _clause_before(text: str, pos: int, floor: int) -> str:
    a = pos
    while a > floor and not CLAUSE_STOP.match(text[a - 1]):
        a -= 1
    return text[a:pos]


def _clause_after(text: str, pos: int, ceil: int, skip_frames: bool = False) -> str:
    """What follows `pos` up to the clause end; an empty or framing clause (按照结对分工) is passed over."""
    clauses = []
    a = pos
    while a < ceil:
        m = CLAUSE_STOP.search(text, a, ceil)
        b = m.start() if m else ceil
        clauses.append(text[a:b])
        if not m or text[m.start()] in "。；;！!？?\n":
            break
        a = m.end()
    for i, c in enumerate(clauses):
        c = c.strip()
        if not c:
            continue
        if skip_frames and FRAME_CLAUSE.match(c) and i + 1 < len(clauses) and clauses[i + 1].strip():
            continue
        return c
    return ""


def _value(num: str) -> Decimal | None:
    if num[0].isdigit():
        return Decimal(num.replace(",", ""))
    n = cn_number(num)
    return Decimal(n) if n is not None else None


def _masked(text: str, structure) -> list[tuple[int, int]]:
    spans = [m.span() for m in re.finditer(r"《[^《》\n]*》|“[^“”\n]{0,40}”", text)]
    for table in getattr(structure, "tables", []) or []:
        if not (table.lines and table.lines[0].startswith("序号")):
            spans.append((table.start, table.end))
    return spans


def find_targets(text: str, structure, year: int | None) -> list[Target]:
    """The quantitative targets of a plan, in document order."""
    masked = _masked(text, structure)
    found: list[Target] = []

    def inside(pos):
        return any(a <= pos < b for a, b in masked)

    def year_end_due(s_a, pos):
        if year and YEAR_END_CONTEXT.search(text[s_a:pos]):
            return datetime.date(year, 12, 31)
        return None

    def add(subject, comparator, value, unit, due, start, end):
        if inside(start):
            return
        s_a, s_b = sentence_span(text, start)
        found.append(Target(subject=subject, comparator=comparator, value=value, unit=unit, due=due,
                            text=text[start:end], sentence=text[s_a:s_b], start=start, end=end,
                            section=section_at(structure, start)))

    for m in LIMIT.finditer(text):
        s_a, s_b = sentence_span(text, m.start())
        subject = _strip_lead(_clause_before(text, m.start(), s_a))
        if not subject:
            subject = _strip_lead(_clause_after(text, m.end(), s_b))
        add(subject, LIMIT_WORDS[m.group("cmp")], _value(m.group("num")), m.group("unit"),
            year_end_due(s_a, m.start()), m.start(), m.end())
    for m in AT_LEAST_VERB.finditer(text):
        s_a, s_b = sentence_span(text, m.start())
        obj = _clause_after(text, m.end(), s_b)
        subject = _strip_lead(m.group("verb") + obj) if (m.group("verb") or obj) else \
            _strip_lead(_clause_before(text, m.start(), s_a))
        comparator = "at_most" if m.group("cmp") == "最多" else "at_least"
        add(subject, comparator, _value(m.group("num")), m.group("unit"), year_end_due(s_a, m.start()),
            m.start(), m.end())
    for m in REACH.finditer(text):
        s_a, s_b = sentence_span(text, m.start())
        comparator = "at_least" if m.group("post") == "以上" else "at_most"
        subject = _strip_lead(_clause_before(text, m.start(), s_a))
        add(subject, comparator, _value(m.group("num")), m.group("unit"), year_end_due(s_a, m.start()),
            m.start(), m.end())
    for m in RUNNING_TOTAL.finditer(text):
        s_a, s_b = sentence_span(text, m.start())
        _, due = parse_deadline(m.group("when"), year)
        subject = _strip_lead(m.group("mid") + m.group("verb"))
        add(subject, "at_least", _value(m.group("num")), m.group("unit"), due, m.start(), m.end())
    for m in WITHIN.finditer(text):
        if text[max(0, m.start() - 1):m.start()] in ("第", "月") or (m.group("unit") == "年" and m.group("num").isdigit()
                                                                    and len(m.group("num")) == 4):
            continue
        s_a, s_b = sentence_span(text, m.start())
        tail = _strip_lead(_clause_after(text, m.end(), s_b), TAIL_LEAD_WORDS)
        head = _clause_before(text, m.start(), s_a)
        head = "" if "后" in head else _strip_lead(head)
        subject = (head + tail) if head and len(head) <= 10 and len(tail) <= 6 else (tail or head)
        add(subject, "within", _value(m.group("num")), m.group("unit"), None, m.start(), m.end())
    for m in SPAN_OF.finditer(text):
        s_a, s_b = sentence_span(text, m.start())
        subject = _strip_lead(re.sub(r"^对", "", _clause_after(text, m.end(), s_b)))
        add(subject, "within", _value(m.group("num")), m.group("unit"), None, m.start(), m.end())
    for m in DATE_BEFORE.finditer(text):
        s_a, s_b = sentence_span(text, m.start())
        y = int(m.group("y")) if m.group("y") else year
        due = None
        if y:
            month = int(m.group("m"))
            if not 1 <= month <= 12:
                continue
            try:
                due = datetime.date(y, month, int(m.group("d"))) if m.group("d") else _month_end(y, month)
            except ValueError:
                continue
        subject = _strip_lead(_clause_after(text, m.end(), s_b, skip_frames=True), TAIL_LEAD_WORDS)
        start = m.start()
        if text[start - 1: start] == "于":
            start -= 1
        add(subject, "before", None, "date", due, start, m.end())
    for m in PERIOD_BEFORE.finditer(text):
        s_a, s_b = sentence_span(text, m.start())
        phrase = m.group("p1") or m.group("p2")
        _, due = parse_deadline(phrase, year)
        subject = _strip_lead(_clause_after(text, m.end(), s_b, skip_frames=True), TAIL_LEAD_WORDS)
        add(subject, "before", None, "date", due, m.start(), m.end())
    for m in FREQUENCY.finditer(text):
        if re.search(r"至少|最少|最多|不少于|不超过|不低于|不得", m.group("verb")):
            continue
        s_a, s_b = sentence_span(text, m.start())
        obj = _clause_after(text, m.end(), s_b)
        subject = "每" + m.group("per") + _strip_lead(m.group("verb") + obj, TAIL_LEAD_WORDS)
        add(subject, "exactly", _value(m.group("num")), m.group("unit"), None, m.start(), m.end())

    # one target per place: the one starting first (and, at one start, the longest) wins
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[Target] = []
    for t in found:
        if any(o.start < t.end and t.start < o.end for o in out):
            continue
        out.append(t)
    return out
