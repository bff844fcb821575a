"""A page's box of fields (信息索引): 索引号, 发布机构, 发文日期, 文号, 名称… as a government site
sets them above a document, left at the head of the text by a crawler or converter:

* as a table, its cells `|`- or tab-separated, names and values taking turns
  (`| 索引号 | 115330…-00001 | 发布机构 | 昌宁县田园镇 |`);
* as one line of names each followed by its value (`索引号： FJ00100-… 分类： 年报 发布机构： …
  发文日期： 2024-03-08`), also where it opens a page body collapsed onto one line: a value
  runs to the next name close after it, else ends where its shape does (a date after its day,
  a 文号 after its 号, anything else at a space);
* one cell a line, each name followed on the next line by a value that fits it (a date, a 文号,
  a short name; never a sentence, a salutation or a document's title under an empty name).

Its fields are the page's metadata, as a crawler's header is: kept in hints (crawl.harvest:
title, date, 文号, issuing body), the box removed as a recorded edit. Only near the head of the
text, and only a box naming two fields at least, one of them a box's own (索引号, 发布机构,
发文机关, 成文日期, 生成日期, 主题分类, 公开目录…): a statistics table never has those for
cells, nor does a sentence open with them.

Pure: no Django.
"""
from __future__ import annotations

import re

from .crawl import HEADER_KEYS, harvest
from .report import record
from .script import simplified_chars

# Names a box uses beside a crawler header's (crawl.HEADER_KEYS).
_MORE = {
    "published_on": ("生成日期", "公开日期", "印发日期"),
    "issuer": ("所属机构", "发文机构"),
    "other": ("公开目录", "所属栏目", "信息分类", "所属主题", "主题词", "公开时限", "信息类别", "体裁"),
}
_KEY_OF = {name: field for field, names in (*HEADER_KEYS.items(), *_MORE.items()) for name in names}
# A box's own names: one of them makes a run of names a box.
_OWN = frozenset({"索引号", "发布机构", "发文机关", "发文机构", "发文字号", "成文日期", "生成日期", "发文日期",
                  "主题分类", "公开目录", "信息分类", "所属机构", "体裁分类", "组配分类", "公开方式", "公开范围"})
_NAME = "|".join(sorted(map(re.escape, _KEY_OF), key=len, reverse=True))
_CELL_NAME = re.compile(rf"^\s*({_NAME})\s*[:：]?\s*$")
# Names of two characters (时间, 日期, 名称) also end longer labels (更新时间, 废止日期): in a line,
# one counts only where no Han character comes right before it.
_SHORT = "|".join(re.escape(n) for n in sorted(_KEY_OF, key=len, reverse=True) if len(n) <= 2)
_LONG = "|".join(re.escape(n) for n in sorted(_KEY_OF, key=len, reverse=True) if len(n) > 2)
_INLINE_NAME = re.compile(rf"({_LONG}|(?<![\u4e00-\u9fff])(?:{_SHORT}))\s*[:：]")
# A name the box may hold beside those (浏览量, 有效性): a few characters, no figure.
_OTHER_NAME = re.compile(r"^\s*[\u4e00-\u9fff]{2,6}\s*[:：]?\s*$")
_LINE_START = re.compile(rf"^\s*(?:{'|'.join(map(re.escape, sorted(_OWN, key=len, reverse=True)))})\s*[:：]")
_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
# The box stands within the text's first lines (a title or the site's name may come first).
HEAD_LINES = 6
_VALUE_MAX = 200
# A value runs on to the next name within this many characters (发布机构： 某某区 政务公开办公室).
_NEAR = 40
_DATE_VALUE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_NUMBER_VALUE = re.compile(r"[^\s：:]{1,30}?号")
# A value on the line after its name: short, no sentence.
_ALONE_VALUE = 80
_KIND_WORDS = re.compile(r"报告|要点|方案|通知|意见|办法|规定|公告|通告|批复|决定|函|令")


def read_field_box(edited, result):
    text = edited.text
    view = simplified_chars(text)
    fields, names, spans = {}, {}, []  # spans: (start, end) of the box on each of its lines
    box_names, alone = [], None  # alone: a name on a line of its own, waiting for its value
    pos, seen = 0, 0
    while pos < len(text) and seen < HEAD_LINES:  # (only lines before the box count)
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = view[pos:end]
        pairs = None
        if not line.strip():
            alone = None  # a value stands on the line right after its name
        else:
            if _RULE.match(line) and spans:
                spans.append((pos, end))  # a markdown table's rule between the box's rows
            elif found := _cells(line) or _inline(line):
                pairs, box_end = found
                box_names += _names_in(line) or [name for name, _ in pairs]
                spans.append((pos, pos + box_end))
            elif (m := _CELL_NAME.match(line)) and _split(line) is None:
                box_names.append(m.group(1))  # one cell a line: 索引号： / 11350…-00012
                alone = m.group(1)
                spans.append((pos, end))
            elif alone and _fits(_KEY_OF[alone], line.strip()):
                pairs = [(alone, (0, len(line)))]
                spans.append((pos, end))
            elif spans:
                break
            else:
                seen += 1
            if pairs:
                alone = None
                for name, (a, b) in pairs:
                    value = text[pos + a: pos + b].strip()
                    if value and _KEY_OF[name] not in fields:
                        fields[_KEY_OF[name]], names[_KEY_OF[name]] = value, name
        if nl < 0:
            break
        pos = nl + 1
    if len(box_names) < 2 or not _OWN.intersection(box_names) or _heads_a_table(view, spans):
        return
    changes, examples = [], []
    for start, stop in spans:
        stop = _skip_space(text, stop)
        if stop < len(text) and text[stop] == "\n":
            stop += 1  # the line, whole
        changes.append((start, stop, ""))
        examples.append(text[start:stop].strip()[:60])
    count = edited.apply("read_field_box", changes)
    record(result, "read_field_box", count, examples)
    harvest(fields, result.hints, names, origin="page_fields")


def _heads_a_table(view: str, spans) -> bool:
    """Whether the box's last row is followed by a row of as many cells that is no box row:
    then it was a table's header (| 发布机构 | 信息名称 | 发布日期 |) and its rows its records."""
    last = view[spans[-1][0]:spans[-1][1]]
    cells = _split(last)
    if cells is None:
        return False
    for line in view[spans[-1][1]:spans[-1][1] + 2000].split("\n")[1:6]:
        if line.strip() and not _RULE.match(line):
            row = _split(line)
            return row is not None and len(row) == len(cells) and not _cells(line)
    return False


def _fits(field: str, value: str) -> bool:
    """Whether a line can be the value of a name on the line above it (not the title below an
    empty 文号：)."""
    if len(value) > _ALONE_VALUE or re.search(r"[。，,；;：]", value) or _CELL_NAME.match(value):
        return False  # a sentence, a salutation (各乡镇：), a name
    if field in ("published_on", "retrieved_on"):
        return bool(re.search(r"(?:19|20)\d{2}", value))
    if field == "doc_number":
        return bool(re.search(r"\d+\s*号$", value)) and len(value) <= 30
    if field in ("issuer", "source"):
        return len(value) <= 40 and not _KIND_WORDS.search(value)
    return True


def _names_in(line: str) -> list[str]:
    """The names among a row's cells."""
    return [m.group(1) for c in _split(line) or () if (m := _CELL_NAME.match(c))]


def _split(line: str) -> list[str] | None:
    """The cells of a `|` or tab row, else None."""
    stripped = line.strip()
    if stripped.startswith("|"):
        cells = stripped.strip("|").split("|")
    elif "\t" in stripped:
        cells = stripped.split("\t")
    else:
        return None
    return cells if len(cells) >= 2 else None


def _cells(line: str):
    """((name, (start, end) of its value in the line)…, end of the box) of a row whose cells
    are names and values taking turns, else None."""
    cells = _split(line)
    if cells is None:
        return None
    offsets, at = [], 0
    for cell in cells:  # each cell's place in the line
        at = line.index(cell, at)
        offsets.append((at, at + len(cell)))
        at += len(cell)
    pairs, i = [], 0
    while i < len(cells):
        m = _CELL_NAME.match(cells[i])
        if not m:
            if _OTHER_NAME.match(cells[i]) and i + 1 < len(cells) and not _CELL_NAME.match(cells[i + 1]):
                i += 2  # a field of the site's own (浏览量 | 123): passed over with its value
                continue
            if cells[i].strip():
                return None  # a cell neither a name nor a name's value: no box row
            i += 1
            continue
        if i + 1 < len(cells) and not _CELL_NAME.match(cells[i + 1]):
            pairs.append((m.group(1), offsets[i + 1]))
            i += 2
        else:
            i += 1
    return (pairs, len(line)) if pairs else None


def _inline(line: str):
    """The same, of a line opening with a box's own name and naming two fields at least. A
    value runs to the next name where that comes soon after it; else (the last value, and any
    on a line that goes on as a body) it ends where its shape does: a date after the day (and
    its time), a 文号 after its 号, anything else at the first space."""
    if not _LINE_START.match(line):
        return None
    pairs, m = [], _INLINE_NAME.search(line)
    while m:
        start = _skip_space(line, m.end())
        nxt = _INLINE_NAME.search(line, start)
        if nxt and nxt.start() - start <= _NEAR and not re.search(r"[。，；]", line[start:nxt.start()]):
            stop = nxt.start()
        else:
            stop, nxt = _value_end(_KEY_OF[m.group(1)], line, start), None
            if (after := _INLINE_NAME.match(line, _skip_space(line, stop))) and line[start:stop].strip():
                nxt = after  # the next name after the value's own end and a space
        pairs.append((m.group(1), (start, stop)))
        m = nxt
    if len(pairs) < 2:
        return None
    return pairs, pairs[-1][1][1]


def _value_end(field: str, line: str, start: int) -> int:
    if field in ("published_on", "retrieved_on"):
        if d := _DATE_VALUE.match(line, start):
            return d.end()
    elif field == "doc_number":
        if d := _NUMBER_VALUE.match(line, start):
            return d.end()
    space = re.search(r"[ \t\u3000]", line[start:start + _VALUE_MAX + 1])
    return start + space.start() if space else min(len(line), start + _VALUE_MAX)


def _skip_space(line: str, at: int) -> int:
    while at < len(line) and line[at] in " \t\u3000":
        at += 1
    return at
