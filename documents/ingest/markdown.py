"""Cleaning steps for the markdown that converters and OCR tools write, run by clean.py before
its own steps. Pure: each step is `step(edited, result)` as clean.STEPS are; every change is an
edit of the `EditedText`, listed in the report. Words are never changed (an OCR misreading
stays as read); only the markup goes, so that the structure is read as in a text file.

* unescape (markdown files only): `1\\.` → `1.`, list bullets, emphasis markers (`**`), and
  image or comment lines dropped.
* html_tables: an HTML table inside the markdown (`<table><tr><td>…`) becomes `|` rows.
* unmark_headings: `## 一、总体情况` is the line `一、总体情况` (a `#` heading is written as its
  text; the numbering makes it a section). A whole line in bold (`**一、总体情况**`) likewise.
  A heading glued to the table row after it (`## 二、主动公开政府信息情况| 第二十条 | … |`)
  is cut in two lines.
* drop_table_markup: the rule under a header (`|---|:---:|`), a crawler's spacer row of empty
  cells (`| |||`), a header row the converter made
  up (`| Column1 | Column2 |`, `| 列1 | 列2 |`, `Unnamed: 0`), `<br>` inside a cell, and the
  empty or `-` cells padding a row after its last written cell (a `-` inside a row stays: it
  is read as a cell without a figure, never as 0).
"""
from __future__ import annotations

import re

from .patterns import vocabulary
from .report import record

# The markup a converter writes around headings and tables.
_MARKUP = vocabulary({
    "atx": r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$",
    "bold_line": r"^[ \t]*(\*\*|__)(?=\S)(.+?)(?<=\S)\1[ \t]*$",
    "numbered": r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]|\d{1,2}\s*[、．.](?!\d))",
    # Blanks possessive (*+): each run of them is followed by a bar, a dash or the end, so giving
    # some back never helps, and trying to is quadratic on a long line of blanks.
    "rule": r"^[ \t]*+\|?(?:[ \t]*+:?-{3,}:?[ \t]*+\|)+[ \t]*+(?::?-{3,}:?[ \t]*+)?$",
    # A crawled table's spacer row: bars and nothing in them (`| |||`).
    "spacer": r"^[ \t\u3000|｜]*$",
    "placeholder": r"(?:Column|Col|column|col|Field|field|Unnamed:?\s*)\s*_?\d{1,3}|列\s*\d{1,3}|字段\s*\d{1,3}",
    "br": r"(?i)<br\s*/?>",
})



def _line_spans(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _md_row(text: str) -> bool:
    t = text.strip()
    return t.startswith("|") and t.endswith("|") and t.count("|") >= 3


def unmark_headings(edited, result):
    lines = list(_line_spans(edited.text))
    changes, examples, glued = [], [], []
    for k, (start, end, line) in enumerate(lines):
        m = _MARKUP.atx.match(line) or _MARKUP.bold_line.match(line)
        if not m or not m.group(2).strip():
            continue
        inner = m.group(2)
        offset = m.start(2)
        # The heading's own text, without the markers around it (edits keep the words as read).
        changes.append((start, start + offset, ""))
        changes.append((start + offset + len(inner), end, ""))
        examples.append(line.strip()[:30])
        bar = inner.find("|")
        if bar > 0 and _MARKUP.numbered.match(inner) and _md_row(inner[bar:]):
            cut = start + offset + bar
            while cut > start + offset and edited.text[cut - 1] in " \t":
                cut -= 1
            changes.append((cut, start + offset + bar, "\n"))
            glued.append(f"{inner[:bar].strip()[:20]}⏎{inner[bar:bar + 12]}")
    for k, (start, end, line) in enumerate(lines):
        # Without a `#`: a numbered heading glued to a markdown row, with the table going on below.
        if _MARKUP.atx.match(line) or _MARKUP.bold_line.match(line):
            continue
        bar = line.find("|")
        nxt = lines[k + 1][2] if k + 1 < len(lines) else ""
        if bar > 0 and _MARKUP.numbered.match(line) and _md_row(line[bar:]) and (_md_row(nxt) or _MARKUP.rule.match(nxt)):
            cut = start + bar
            while cut > start and edited.text[cut - 1] in " \t":
                cut -= 1
            changes.append((cut, start + bar, "\n"))
            glued.append(f"{line[:bar].strip()[:20]}⏎{line[bar:bar + 12]}")
    changes = [(a, b, r) for a, b, r in changes if a < b or r]
    count = edited.apply("unmark_headings", changes)
    if count:
        record(result, "unmark_headings", len(examples), examples)
        record(result, "split_glued_table_row", len(glued), glued)


def drop_table_markup(edited, result):
    text = edited.text
    changes, rules, made_up, padding = [], [], [], []
    for start, end, line in _line_spans(text):
        pad = None
        if "|" not in line and "<" not in line:
            continue
        if (_MARKUP.rule.match(line) or _MARKUP.spacer.match(line)) and line.count("|") + line.count("｜") >= 2:
            changes.append((start, min(end + 1, len(text)), ""))
            rules.append(line.strip()[:20])
            continue
        if _md_row(line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            filled = [c for c in cells if c]
            if filled and all(_MARKUP.placeholder.fullmatch(c) for c in filled):
                changes.append((start, min(end + 1, len(text)), ""))
                made_up.append(line.strip()[:30])
                continue
        if _md_row(line) and not getattr(result, "exact_rows", False):
            pad = _padding(line)
            if pad:
                changes.append((start + pad[0], start + pad[1], ""))
                padding.append(line.strip()[-20:])
        if "|" in line:
            changes += [(start + m.start(), start + m.end(), "") for m in _MARKUP.br.finditer(line)
                        if not pad or m.start() < pad[0]]
    count = edited.apply("drop_table_markup", changes)
    if count:
        record(result, "drop_table_rule", len(rules), rules)
        record(result, "drop_made_up_header", len(made_up), made_up)
        record(result, "drop_row_padding", len(padding), padding)
        breaks = count - len(rules) - len(made_up) - len(padding)
        record(result, "drop_cell_line_break", breaks, ["<br>"] if breaks else [])


_EMPTY_CELL = re.compile(r"\s*(?:[-—–]|<br\s*/?>)?\s*", re.I)


def _padding(line: str) -> tuple[int, int] | None:
    """The empty or `-` cells that close a markdown row after its last written cell: the
    converter pads each row to the table's widest, and in these templates `-` is an empty cell.
    (start, end) of what to drop, inside the line, keeping the row's closing bar."""
    bars = [m.start() for m in re.finditer(r"\|", line)]
    last_bar = bars[-1]
    keep = None
    for a, b in zip(bars, bars[1:]):
        if not _EMPTY_CELL.fullmatch(line[a + 1:b]):
            keep = b
    if keep is None or keep == last_bar:
        return None
    return keep, last_bar


_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)
_INNER_SPACE = re.compile(r"\s+")


def html_tables(edited, result):
    """An HTML table inside markdown (as OCR converters write tables) becomes one `|` row a
    line, cells in order, a line break inside a cell dropped (Chinese wraps anywhere)."""
    text = edited.text
    if "<table" not in text.lower():
        return
    from selectolax.lexbor import LexborHTMLParser

    changes, examples = [], []
    for m in _HTML_TABLE.finditer(text):
        tree = LexborHTMLParser(m.group())
        for br in tree.css("br"):
            br.replace_with("")
        rows = []
        for tr in tree.css("tr"):
            cells = [_INNER_SPACE.sub(" ", td.text(deep=True)).strip() for td in tr.css("td, th")]
            if any(cells):
                rows.append("| " + " | ".join(cells) + " |")
        if not rows:
            continue
        before = "" if m.start() == 0 or text[m.start() - 1] == "\n" else "\n"
        after = "" if m.end() == len(text) or text[m.end()] == "\n" else "\n"
        changes.append((m.start(), m.end(), before + "\n".join(rows) + after))
        examples.append(f"<table> → {len(rows)} rows")
    count = edited.apply("html_table_to_rows", changes)
    record(result, "html_table_to_rows", count, examples)


_MARKDOWN = re.compile(r"^(?:#{1,6}[ \t]+\S|\|.*\|[ \t]*$|[ \t]*+\|?[ \t]*+:?-{3,}:?[ \t]*\|)", re.M)
# `\|` stays: inside a table cell it is a bar of the text, not a cell's end.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~<>])")
_BULLET = re.compile(r"^([ \t]*)([-*+])[ \t]+(?=\S)", re.M)
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_FURNITURE = re.compile(r"^[ \t]*(?:!\[[^\]\n]*\]\([^)\n]*\)|<!--.*?-->)[ \t]*$", re.M)


def unescape(edited, result):
    """In a markdown file only (one with `#` headings or `|` tables): the escapes a converter
    puts before signs markdown would read (`1\\. 属于国家秘密`, `\\-`), list bullets before a
    paragraph (`- 一是…`), and lines that are only an image (`![](images/seal.jpg)`) or a
    comment (`<!-- page 3 -->`)."""
    if not _MARKDOWN.search(edited.text):
        return
    examples = []

    def keep(m):
        examples.append(m.group(0))
        return m.group(1)

    count = edited.sub("unescape_markdown", _ESCAPE, keep)
    record(result, "unescape_markdown", count, examples)
    bullets = []

    def unbullet(m):
        bullets.append(m.group(0).strip())
        return m.group(1)

    count = edited.sub("drop_list_bullets", _BULLET, unbullet)
    record(result, "drop_list_bullets", count, bullets[:1])
    furniture = []

    def drop(m):
        furniture.append(m.group(0).strip()[:30])
        return ""

    count = edited.sub("drop_images_and_comments", _FURNITURE, drop)
    record(result, "drop_images_and_comments", count, furniture)
    # Emphasis anywhere (`## **一、总体情况**`, `**(一)主动公开。**正文`): its markers go.
    emphasis = []

    def plain(m):
        emphasis.append(m.group(0)[:20])
        return m.group(2)

    count = edited.sub("drop_emphasis", _EMPHASIS, plain)
    record(result, "drop_emphasis", count, emphasis)


STEPS = [html_tables, unescape, unmark_headings, drop_table_markup]
