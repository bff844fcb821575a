"""Clean a decoded document: every change is an edit recorded against the decoded text.

The steps run in a fixed order; each one adds an entry to the report, with how many times it
acted and a few examples, so a reader can see what was done and check it against the original.
"""
import bisect
import datetime
import difflib
import functools
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypinyin

from . import crawl, field_box, markdown, noise, pdftext, statutory
from .chrome import is_chrome
from .edits import EditedText
from .report import EXAMPLES, record
from .script import simplified_chars

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@dataclass
class Flag:
    action: str
    start: int  # in the decoded text
    end: int
    text: str
    detail: str


@dataclass
class Cleaned:
    text: str
    edited: EditedText
    report: list = field(default_factory=list)  # [{action, count, examples}]
    flags: list = field(default_factory=list)
    hints: dict = field(default_factory=dict)  # metadata found in removed chrome
    # the `|` rows were written from a file's own table cells (HTML, Word): an empty cell at a
    # row's end is the table's, not a converter's padding
    exact_rows: bool = False


def clean(text: str, first=(), exact_rows: bool = False) -> Cleaned:
    """`first`: steps of the file's kind run before the others (ocr_fixes.STEPS on a text read
    by OCR), edits like theirs. `exact_rows`: see Cleaned."""
    edited = EditedText(text)
    result = Cleaned("", edited, exact_rows=exact_rows)
    for step in (*first, *STEPS):
        step(edited, result)
    result.text = edited.text
    flag_links(result)
    return result


def _lines(text):
    """(start, end, line) for each line, end excluding the newline."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


# --- line endings --------------------------------------------------------------------------

def normalize_line_endings(edited, result):
    count = edited.sub("normalize_line_endings", re.compile(r"\r\n?"), "\n")
    record(result, "normalize_line_endings", count, ["CRLF/CR → LF"])


# --- radical forms -------------------------------------------------------------------------
# PDF fonts (Word's, WPS's, Chromium's) often map some glyphs to the code points of radicals:
# text extracted from them reads ⼀、总体情况 (U+2F00) and 中华⼈⺠共和国, whose headings and
# names match nothing. A radical never stands for itself in these documents: each is put back
# as the ideograph it draws, Kangxi Radicals by NFKC, the CJK Radicals Supplement by the table
# Unicode gives (data/radical_forms.tsv), in its simplified form (NFKC gives 戶 for ⼾, which a
# simplified font draws as 户; a traditional text is brought to simplified script anyway).
_RADICAL = re.compile("[\u2e80-\u2ef3\u2f00-\u2fd5]")  # one a match: each edit keeps its own offset


@functools.cache
def _radical_table() -> dict[int, str]:
    table = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
    for line in (Path(__file__).parent / "data" / "radical_forms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split("\t")[:2]
            table[int(radical, 16)] = chr(int(ideograph, 16))
    return {c: simplified_chars(ideograph) for c, ideograph in table.items()}


def normalize_radicals(edited, result):
    if not _RADICAL.search(edited.text):
        return
    table, examples = _radical_table(), []

    def repl(m):
        out = m.group(0).translate(table)
        if out != m.group(0) and len(examples) < EXAMPLES:
            examples.append(f"{m.group(0)} → {out}")
        return out

    count = edited.sub("normalize_radicals", _RADICAL, repl)
    record(result, "normalize_radicals", count, examples)


# --- page chrome ---------------------------------------------------------------------------

_DATE = re.compile(r"发布(?:日期|时间)[:：]\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_SOURCE = re.compile(r"(?:信息)?来源[:：]\s*(.+?)(?:\s*发布(?:日期|时间)|$)")


def remove_page_chrome(edited, result):
    changes, examples = [], []
    text = edited.text
    in_head = True
    for start, end, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        view = simplified_chars(stripped)
        if is_chrome(view, in_head):
            _harvest(view, result.hints)
            changes.append((start, min(end + 1, len(text)), ""))
            examples.append(stripped)
        elif len(stripped) >= 8:
            in_head = False
    count = edited.apply("remove_page_chrome", changes)
    record(result, "remove_page_chrome", count, examples)


def _harvest(view, hints):
    if m := _DATE.search(view):
        try:
            hints.setdefault("published_on", datetime.date(*map(int, m.groups())))
        except ValueError:
            pass
    if (m := _SOURCE.match(view)) and m.group(1).strip():
        hints.setdefault("source", m.group(1).strip())


# --- pinyin --------------------------------------------------------------------------------

# After a Chinese character, which remove_pinyin checks: a pattern looking behind at every
# character takes about three times as long.
_PINYIN = re.compile(r"[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7})[)）]")
_CJK_CHAR = re.compile(f"[{CJK}]")


@functools.lru_cache(maxsize=4096)
def _readings(char):
    """The tone-marked readings of a character (pypinyin takes tens of microseconds a call)."""
    return frozenset(pypinyin.pinyin(char, heteronym=True, style=pypinyin.Style.TONE)[0])


def remove_pinyin(edited, result):
    """Drop a reading put after a character, 根據(jù) -> 根據, but only when it is a reading of
    that very character: (ESG), (2020-2022) and (试行) stay."""
    examples = []

    def repl(m):
        char = edited.text[m.start() - 1] if m.start() else ""
        if not _CJK_CHAR.match(char) or m.group(1) not in _readings(char):
            return m.group(0)
        examples.append(char + m.group(0))
        return ""

    count = edited.sub("remove_pinyin", _PINYIN, repl)
    record(result, "remove_pinyin", count, examples)


# --- whitespace and width ------------------------------------------------------------------

_WIDTH = {ord(c): chr(ord(c) - 0xFEE0) for c in "０１２３４５６７８９（）［］％．＋－／＝＜＞"}
_WIDTH.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_WIDTH.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
# Punctuation set for vertical text (︵五︶不予处理, a PDF's label set top to bottom): as it reads.
# Its ，：；！？ stay full-width, as across (a comma between digits is no thousands separator).
_VERTICAL = {c: unicodedata.normalize("NFKC", chr(c)) for c in [*range(0xFE10, 0xFE1A), *range(0xFE30, 0xFE50)]}
_WIDTH.update({c: chr(ord(v) + 0xFEE0) if v in ",:;!?" else v for c, v in _VERTICAL.items()
               if len(v) == 1 and v != chr(c)})
_WIDE = re.compile("[" + "".join(re.escape(chr(c)) for c in _WIDTH) + "]+")


def normalize_width(edited, result):
    examples = []

    def repl(m):
        examples.append(m.group(0))
        return m.group(0).translate(_WIDTH)

    count = edited.sub("normalize_width", _WIDE, repl)
    record(result, "normalize_width", count, examples)


# Tabs are left out: in a tab-separated table row they are column separators.
_SPACE = "[ \u00a0\u2000-\u200b\u3000\u202f\u205f\ufeff]"
_SPACE_RUN = re.compile(f"{_SPACE}+")
# Tabs used as indentation: on a line with no tab between its words.
_EDGE_TAB = re.compile(r"^([ \t]*)([^\t\n]*?)([ \t]*)$", re.M)
# Spaces inside Chinese text are layout, not words: 国务 院, 2021 年, 54 场. A run of spaces
# goes when the characters around it are one of these (before, after) pairs.
_INNER_SPACE = [
    (re.compile(rf"[{CJK}\d，。、；：）》”]"), re.compile(rf"[{CJK}\d（《“]")),
    (re.compile(f"[{CJK}]"), re.compile(r"[(\w]")),
    (re.compile(r"[)\w]"), re.compile(f"[{CJK}]")),
]
_MULTI_SPACE = re.compile(rf"{_SPACE}{{2,}}|[\u00a0\u2000-\u200b\u3000\u202f\u205f\ufeff]")


def normalize_whitespace(edited, result):
    examples = []

    def removed(runs):
        """Changes removing these runs of spaces; the first few are the report's examples."""
        runs = list(runs)
        examples.extend(repr(m.group(0)) for m in runs[: EXAMPLES - len(examples)])
        return [(m.start(), m.end(), "") for m in runs]

    # Runs of spaces are rare and short: each is found once, then judged by its neighbours
    # (a pattern looking around every character costs several times more).
    count = edited.apply("normalize_whitespace", removed(_space_runs(edited.text, _at_line_edge)))
    if "\t" in edited.text:
        edges = []
        for m in _EDGE_TAB.finditer(edited.text):
            if "\t" in m.group(1) or "\t" in m.group(3):
                edges += [(m.start(1), m.end(1), ""), (m.start(3), m.end(3), "")]
        count += edited.apply("normalize_whitespace", edges)
    count += edited.apply("normalize_whitespace", removed(_space_runs(edited.text, _inside_chinese)))
    count += edited.sub("normalize_whitespace", _MULTI_SPACE, " ")
    record(result, "normalize_whitespace", count, examples)


def _space_runs(text, keep):
    """The runs of spaces (tabs apart) for which keep(text, start, end) holds."""
    return (m for m in _SPACE_RUN.finditer(text) if keep(text, m.start(), m.end()))


def _at_line_edge(text, start, end):
    return start == 0 or text[start - 1] == "\n" or end == len(text) or text[end] == "\n"


def _inside_chinese(text, start, end):
    if start == 0 or end == len(text):
        return False
    before, after = text[start - 1], text[end]
    if before.isdigit() and after.isdigit():
        return False  # two numbers, not one: in a flattened table a space is a cell's border
    return any(left.match(before) and right.match(after) for left, right in _INNER_SPACE)


# --- page breaks ---------------------------------------------------------------------------

_ENDS_SENTENCE = re.compile(r"[。！？；：!?;:…」』”\"|)）]$")
_CELL = re.compile(r"^[\d.,%\s]+$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_PUNCT = re.compile(r"[，,。；、]")
_CLAUSE = re.compile(r"[，,。；]")
_HEADING_CLOSE = re.compile(r"(?:情况|事项|措施|问题)$")
_TOP_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")


def _report_part_line(line: str, words: str) -> bool:
    """Is `line` (its `words` without its number) a top-level part of an annual report, as the
    format names its parts, closed as a heading is?"""
    if not _TOP_NUMBER.match(line):
        return False
    view = simplified_chars(words)
    return bool(_HEADING_CLOSE.search(view) and statutory.parts_named(view))


def rejoin_breaks(edited, result):
    """Join a paragraph cut at a page end: a running sentence that stops without punctuation,
    blank lines, then its continuation (明确 + blank + 相关公开要求 reads 明确相关公开要求)."""
    changes, examples = [], []
    text = edited.text
    # From line starts only (where every match starts anyway): tried from each character, a
    # line without blank lines after it was read again from each of its characters.
    for m in re.finditer(r"(?m)^([^\n]+)\n(?:[ \t]*\n)+(?=([^\n]+))", text):
        before, after = m.group(1), m.group(2)
        if len(before) < 20:
            continue
        words = _NUMBERED.sub("", before, count=1)
        # the 、 of a heading's numbering (五、…情况) is no clause of a running sentence, nor one
        # between the items of a report's part (四、因…申请行政复议、提起行政诉讼情况); any other
        # numbered line cut there runs on (1.加强网站、政务新媒体等平台⏎建设, (一)…执法事项⏎清单)
        clause = _CLAUSE if _report_part_line(before, words) else _PUNCT
        if (
            clause.search(words)
            and not _ENDS_SENTENCE.search(before)
            and not _NUMBERED.match(after)
            and not _CELL.match(after)
        ):
            changes.append((m.end(1), m.end(), ""))
            examples.append(f"{before[-6:]}⏎{after[:6]}")
    count = edited.apply("rejoin_breaks", changes)
    record(result, "rejoin_breaks", count, examples)


def remove_blank_lines(edited, result):
    # Two patterns for the two ends: "\n+\Z" alone is tried at newlines only, but as an
    # alternative after "\A\n+" at every character.
    count = edited.sub("remove_blank_lines", re.compile(r"\A\n+"), "")
    count += edited.sub("remove_blank_lines", re.compile(r"\n+\Z"), "")
    count += edited.sub("remove_blank_lines", re.compile(r"\n{2,}"), "\n")
    record(result, "remove_blank_lines", count, [])


# --- injected noise ------------------------------------------------------------------------

def remove_noise(edited, result):
    spans = noise.find_noise(edited.text)
    changes = [(s.start, s.end, "") for s in spans]
    examples = [_context(edited.text, s.start, s.end) for s in spans]
    positions = [
        {"start": edited.origin(s.start), "end": edited.origin(s.end), "text": s.text}
        for s in spans
    ]
    count = edited.apply("remove_noise", changes)
    record(result, "remove_noise", count, examples, spans=positions)


def _context(text, start, end, width=4):
    return f"{text[max(0, start - width):start]}[{text[start:end]}]{text[end:end + width]}"


# --- duplicated blocks ---------------------------------------------------------------------

MIN_BLOCK_CHARS = 100


def remove_duplicate_blocks(edited, result):
    """Keep once a run of paragraphs pasted twice, even when the copies differ by a few
    injected characters; what the kept copy has that the other lacks is removed as noise."""
    text = edited.text
    lines = list(_lines(text))
    n = len(lines)

    counts = {}

    def same(i, j):
        a, b = lines[i][2], lines[j][2]
        if a == b:
            return True
        if min(len(a), len(b)) < 20:
            return False
        # difflib's real_quick_ratio and quick_ratio, computed without building a matcher
        # for every pair of paragraphs (most pairs fail them).
        total = len(a) + len(b)
        if 2 * min(len(a), len(b)) < 0.9 * total:
            return False
        ca, cb = _counted(counts, i, a), _counted(counts, j, b)
        # A bound first, from the distinct characters (a set operation in C): each character
        # of one line that the other lacks is at least one character they cannot share.
        common = len(ca.keys() & cb.keys())
        if 2 * min(len(a) - len(ca) + common, len(b) - len(cb) + common) < 0.9 * total:
            return False
        if len(ca) > len(cb):
            ca, cb = cb, ca
        shared = sum(min(n, cb[c]) for c, n in ca.items() if c in cb)  # the size of ca & cb
        if 2 * shared < 0.9 * total:
            return False
        # Rows of figures that differ by a few digits are different rows, not one pasted twice
        # with noise (and difflib on a few distinct characters is slow: every pair passes the
        # bounds above).
        if any(2 * sum(k for c, k in cc.items() if c.isdigit()) > len(s) for cc, s in ((ca, a), (cb, b))):
            return False
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9

    removed, noise_changes, examples, positions = set(), [], [], []
    lengths = [len(line[2]) for line in lines]
    long_lines = [k for k in range(n) if lengths[k] >= 20]
    for at, first in enumerate(long_lines):
        if first in removed:
            continue
        # The later lines a block could start at: of a length `same` allows (most are not), or
        # after a line equal to the one before this (a sub-heading before both copies).
        size, before = lengths[first], lines[first - 1][2] if first else ""
        later = [
            j for j in long_lines[at + 1 :]
            if 2 * min(size, lengths[j]) >= 0.9 * (size + lengths[j]) or (before and lines[j - 1][2] == before)
        ]
        for j in later:
            if j in removed:
                continue
            i, k = first, 0
            while j + k < n and i + k < j and same(i + k, j + k):
                k += 1
            # Short lines (a sub-heading) just before both copies belong to the block.
            while i > 0 and j - 1 > i + k - 1 and lines[i - 1][2] == lines[j - 1][2] != "":
                i, j, k = i - 1, j - 1, k + 1
            if k and sum(len(lines[j + t][2]) for t in range(k)) >= MIN_BLOCK_CHARS:
                for t in range(k):
                    noise_changes += _extra_runs(lines[i + t], lines[j + t][2])
                removed.update(range(j, j + k))
                start, end = lines[j][0], min(lines[j + k - 1][1] + 1, len(text))
                examples.append(f"{lines[j][2][:30]}… ({k} paragraphs)")
                positions.append(
                    {"start": edited.origin(start), "end": edited.origin(end), "paragraphs": k}
                )
                break
    changes = []
    for k in sorted(removed):
        start, end, _ = lines[k]
        changes.append((start, min(end + 1, len(text)), ""))
    noise_changes = _outside(noise_changes, changes)
    noise_examples = [_context(text, s, e) for s, e, _ in noise_changes]
    noise_positions = [
        {"start": edited.origin(s), "end": edited.origin(e), "text": text[s:e]}
        for s, e, _ in noise_changes
    ]
    edited.apply("remove_duplicate_block", changes)
    edited.apply("remove_noise", _after_deletions(noise_changes, changes))
    record(result, "remove_duplicate_block", len(examples), examples, spans=positions)
    record(result, "remove_noise", len(noise_changes), noise_examples, spans=noise_positions)


def _outside(changes, deletions):
    """`changes` (start, end, replacement), sorted, without those that touch one of the
    `deletions` (sorted, disjoint) or an earlier change: a line kept from one pasted block
    can be a removed copy of another, or the kept copy of two, with the same runs found twice."""
    starts = [start for start, _, _ in deletions]
    kept, end_of_last = [], 0
    for change in sorted(set(changes)):
        start, end, _ = change
        at = bisect.bisect_right(starts, start) - 1  # the last deletion starting at or before it
        inside = at >= 0 and start < deletions[at][1]
        into_next = at + 1 < len(deletions) and end > deletions[at + 1][0]
        if not (inside or into_next or start < end_of_last):
            kept.append(change)
            end_of_last = end
    return kept


def _after_deletions(changes, deletions):
    """Changes outside `deletions` (as from _outside), in the offsets of the text once the
    deletions are made: each moves back by the length deleted before it."""
    starts = [start for start, _, _ in deletions]
    deleted = [0, *itertools.accumulate(end - start for start, end, _ in deletions)]
    moved = []
    for start, end, replacement in changes:
        shift = deleted[bisect.bisect_right(starts, start)]
        moved.append((start - shift, end - shift, replacement))
    return moved


def _counted(counts, k, line):
    """The characters of line `k` counted, once per line."""
    if k not in counts:
        counts[k] = Counter(line)
    return counts[k]


def _extra_runs(kept, other):
    """Short runs of Chinese characters in the kept copy that its twin does not have."""
    start, _, a = kept
    runs = []
    if a == other:
        return runs  # nothing to find; difflib would still take a long time on a long line
    matcher = difflib.SequenceMatcher(None, a, other, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "delete" and 1 <= i2 - i1 <= 5 and re.fullmatch(f"[{CJK}]+", a[i1:i2]):
            runs.append((start + i1, start + i2, ""))
    return runs


# --- suspicious links ----------------------------------------------------------------------

_LINK = re.compile(
    # A host name's labels are at most 63 characters, and a real one has few: bounded, so that a
    # long run of digits or of `1.1.1.` is not tried from every offset to its end.
    r"(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}(?:com|cn|net|org|gov|info|top|xyz|cc|io|co|biz|site|online)(?::\d+)?(?:/[\w./?=&%#-]*)?",
    re.I,
)
_GOV_HOST = re.compile(r"(?:^|\.)gov(?:\.cn)?$|\.gov\.[a-z]{2}$", re.I)


def flag_links(result):
    text, edited = result.text, result.edited
    examples, spans = [], []
    for m in _LINK.finditer(text):
        host = re.sub(r"^https?://", "", m.group(0), flags=re.I).split("/")[0].split(":")[0]
        if _GOV_HOST.search(host):
            continue
        context = text[max(0, m.start() - 20) : m.end() + 5]
        examples.append(f"{m.group(0)} (not a government domain): …{context}…")
        spans.append(
            {"start": edited.origin(m.start()), "end": edited.origin(m.end()), "text": m.group(0)}
        )
        result.flags.append(Flag("flag_suspicious_link", m.start(), m.end(), m.group(0), host))
    record(result, "flag_suspicious_link", len(spans), examples, spans=spans)



STEPS = [
    normalize_line_endings,
    normalize_radicals,  # first: the other steps look for words (页码, 总体情况) these may be in
    crawl.strip_crawler_header,
    crawl.remove_inline_chrome,
    field_box.read_field_box,  # after the breadcrumb a collapsed page opens with
    *markdown.STEPS,
    *pdftext.STEPS,
    remove_page_chrome,
    remove_pinyin,
    normalize_width,
    # Once readings and widths are gone (結(jié)轉 must read as a table's row label), and
    # before spaces go: in a collapsed page they mark paragraphs.
    crawl.break_paragraphs,
    normalize_whitespace,
    rejoin_breaks,
    remove_blank_lines,
    remove_noise,
    remove_duplicate_blocks,
]
