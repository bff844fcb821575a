"""Documents as site crawlers store them: a header of the page's fields, then the page body
collapsed onto one line, page chrome and all.

Three cleaning steps (run by clean.STEPS; the breaking before spaces are normalized, because a space in a
collapsed body is often the only trace of a paragraph break):

* strip_crawler_header: leading `标题:` / `发布时间:` / `文号:` / `发布机构:` / `原文链接:` ... lines
  and a `==== 正文 ====` separator are metadata, kept in `hints` (title, page_date,
  doc_number, issuer, source_url, retrieved_on from 抓取时间/采集时间; the header's name of each
  date and address too, for its provenance) and removed as recorded edits.
* remove_inline_chrome: a breadcrumb run (`当前位置： 首页… 来源：… 时间：… 微信 微博 QQ空间 …
  相关链接： -->`, or with no buttons after it its path alone: `当前位置：首页 > 政务公开 > 年报`),
  leaked HTML comments (`<!--[if !supportLists]-->`) and a trailing `附件下载`, removed inside
  a line.
* break_paragraphs: a long collapsed line is broken into paragraphs before inline headings
  (一、 (一) 1. (1)) where a careful reader would break: after a sentence end, a space or the
  end of the previous heading, never inside a sentence or quotation, only when the numbering
  goes on in sequence, and never at a row label of a statistics table (一、本年新收… are
  rows). A heading that runs into its text (`一、总体情况2021年，我区…`) is ended where its
  words stop (before a space, a year, the next number, or a heading's closing word such as
  情况/事项/措施 followed by a clause). Paragraphs collapsed with a space after a sentence end
  are broken there too, and so are a title, 文号, byline, addressees, signature and date set
  apart at the head or after a sentence. Outside a crawl, a line of 200 to 999 characters (a
  long paragraph, or a short page body on one line) has only its top-level headings (一、 二、
  in sequence) broken out. Every break is an edit replacing the spaces (or nothing) with "\\n".

Pure: no Django.
"""
from __future__ import annotations

import bisect
import datetime
import re
import unicodedata
from functools import lru_cache

from .patterns import DOC_NUMBER
from .report import record
from .script import simplified_chars
from .sections import cn_to_int

CN = "一二三四五六七八九十"
HEADING_MAX = 40
# A line this long with no break is a collapsed page body (no sample paragraph comes close).
LONG_LINE = 1000
# Shorter, outside a crawl, it is a long paragraph or a short body collapsed onto one line:
# only top-level headings are broken out of it.
RUN_ON_LINE = 200
_TOP_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}\s*、")
# Only a line with a top-level heading after a sentence or a space is worth the search.
_RUN_ON_HEADING = re.compile(r"(?:[。；！？!?）)”]|\s)\s*[一二三四五六七八九十]{1,3}\s*、")

# -- the crawler's header ------------------------------------------------------------------

HEADER_KEYS = {
    "title": ("标题", "题名", "文章标题", "名称", "文件名称", "title", "Title"),
    "published_on": ("发布时间", "发布日期", "发文日期", "成文日期", "日期", "时间", "date", "Date", "published"),
    "doc_number": ("文号", "发文字号", "文件编号"),
    "issuer": ("发布机构", "发文机关", "发布单位", "发文单位", "发布部门"),
    "source_url": ("原文链接", "原文地址", "原始链接", "来源链接", "链接", "网址", "页面地址", "url", "URL", "Url", "link", "source"),
    "source": ("来源", "信息来源"),
    # When the crawler fetched the page (the date retrieved, 取得日期).
    "retrieved_on": ("抓取时间", "抓取日期", "采集时间", "采集日期", "爬取时间", "获取时间", "下载时间", "retrieved",
                     "fetched", "crawled", "crawled_at", "fetched_at"),
    "other": ("栏目", "分类", "主题分类", "索引号", "本地目录", "关键词", "关键字",
              "有效性", "公开方式", "公开范围", "体裁分类", "组配分类", "服务对象"),
}
_KEY_OF = {name: field for field, names in HEADER_KEYS.items() for name in names}
_HEADER_LINE = re.compile(
    r"^\s*(" + "|".join(sorted(map(re.escape, _KEY_OF), key=len, reverse=True)) + r")\s*[:：]\s*(.*?)\s*$"
)
# Notes a crawler adds about its own files, and the separator before the body.
_HEADER_NOTE = re.compile(r"^\s*(?:页面链接与图片详见|图片与附件详见|附件与图片详见|链接详见).*$")
_SEPARATOR = re.compile(r"^\s*(?:[=\-#*~_]{3,}\s*(?:正文|内容|body|text)?\s*[=\-#*~_]*|正文\s*[:：]?)\s*$", re.I)
_URL = re.compile(r"https?://\S+")
_HEADER_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def strip_crawler_header(edited, result):
    """Remove the leading header block of a crawled page, keeping its fields as hints."""
    text = edited.text
    view = simplified_chars(text)
    pos, fields, end, keys = 0, {}, None, 0
    names = {}  # the header's own name of each field, for its provenance
    examples = []
    while pos <= len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        line = view[pos:line_end]
        stripped = line.strip()
        if not stripped:
            if nl < 0:
                break
            pos = nl + 1
            continue
        m = _HEADER_LINE.match(line)
        if m:
            keys += 1
            field, value = _KEY_OF[m.group(1)], m.group(2).strip()
            if value and field not in fields:
                fields[field] = text[pos + m.start(2): pos + m.end(2)].strip()
                names[field] = m.group(1)
            examples.append(stripped[:60])
            end = line_end
        elif _HEADER_NOTE.match(line):
            end = line_end
            examples.append(stripped[:60])
        elif _SEPARATOR.match(line) and keys:
            end = line_end
            examples.append(stripped[:60])
            break
        else:
            break
        if nl < 0:
            break
        pos = nl + 1
    # Two fields at least: a lone 来源：line at the top is page chrome, left to remove_page_chrome.
    if end is None or keys < 2:
        return
    cut = min(end + 1, len(text))
    edited.apply("remove_crawler_header", [(0, cut, "")])
    record(result, "remove_crawler_header", len(examples), examples[:5])
    harvest(fields, result.hints, names)


_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def harvest(fields, hints, names=None, origin="crawl_header"):
    """Keep a page's fields (title, published_on, doc_number, issuer, source, source_url,
    retrieved_on) as hints; `names`: the page's own name of each, `origin`: where they were
    read (provenance.ORIGINS), for the provenance of dates and addresses."""
    names = names or {}
    # Metadata reads the cleaned text: simplified script and half-width digits and letters (the
    # body gets both from later steps; the header is gone by then).
    fields = {k: simplified_chars(v).translate(_HALF_WIDTH) for k, v in fields.items()}
    if fields.get("title"):
        hints.setdefault("title", fields["title"])
    if fields.get("doc_number"):
        hints.setdefault("doc_number", fields["doc_number"])
    if fields.get("issuer"):
        hints.setdefault("issuer", fields["issuer"])
    elif fields.get("source") and not _URL.search(fields["source"]):
        # Many sites name the issuing office as the page's 来源/信息来源; metadata takes it
        # only where it reads as an organ (not 本站, 新华网).
        hints.setdefault("issuer", fields["source"])
    url = fields.get("source_url") or ""
    if m := _URL.search(url):
        if "source_url" not in hints:
            hints["source_url"], hints["source_url_key"] = m.group(0), names.get("source_url")
            hints["source_url_from"] = origin
    if fields.get("published_on"):
        if m := _HEADER_DATE.search(fields["published_on"]):
            try:
                # The page's date: the document's own signing date, where it has one, comes first.
                if "page_date" not in hints:
                    hints["page_date"] = datetime.date(*map(int, m.groups()))
                    hints["page_date_from"] = {"from": origin, "key": names.get("published_on")}
            except ValueError:
                pass
    if fields.get("retrieved_on"):
        if m := _HEADER_DATE.search(fields["retrieved_on"]):
            try:
                hints.setdefault("retrieved_on", datetime.date(*map(int, m.groups())))
                hints.setdefault("retrieved_on_from", {"from": origin, "key": names.get("retrieved_on")})
            except ValueError:
                pass


# -- chrome inside a collapsed line ----------------------------------------------------------

# A breadcrumb opens the run; share buttons and the like close it (the last one within reach).
_CRUMB = re.compile(r"(?:当前位置|您的位置|您现在的位置|所在位置)\s*[:：]")
_CRUMB_TAIL = re.compile(
    r"(?:微信|微博|QQ空间|qq空间|腾讯微博|人人网|豆瓣|全真版|文字版|文件下载|打印|关闭|收藏|分享到?|字号\s*[:：]?\s*[大中小\s]*"
    r"|相关链接\s*[:：]?|【[大中小]】|-->|扫一扫|浏览次数\s*[:：]\s*\d*|点击数\s*[:：]\s*\d*)"
)
# A breadcrumb's path, its places split by arrows, ending at a space: where no chrome word
# follows it, it ends there.
_CRUMB_PATH = re.compile(r"[ \t\u3000]*[^\s>＞»›→。，；]{1,30}(?:[ \t\u3000]*(?:>>?|＞＞?|»|›|→)[ \t\u3000]*[^\s>＞»›→。，；]{1,30})+(?=\s|$)")
# The first chrome word comes within this many characters of the breadcrumb, each next one
# within _CHROME_GAP of the one before, with no sentence between.
_CRUMB_REACH = 200
_CHROME_GAP = 40
_COMMENT = re.compile(r"<!--.*?-->|<!\[(?:if|endif)[^\]]*\]>|-->")
# Searched from the start of a run of blanks only: a match starting inside one would match from
# its start, and trying every offset of a long run is quadratic.
_TRAILER = re.compile(
    r"(?<![ \t\u3000])(?:[ \t\u3000]*(?:附件下载|相关附件|【?打印本页】?|【?关闭窗口】?|(?:信息)?来源\s*[:：]\s*[^\s。，]{1,30}))+[ \t\u3000]*$")
_CRUMB_DATE = re.compile(r"(?:发布)?(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_CRUMB_SOURCE = re.compile(r"来源\s*[:：]\s*(\S+)")
# How a breadcrumb's place ends where it names a document (a report, a plan, a notice).
_PLACE_TITLE_END = "报告|要点|通知|方案|意见|安排|计划"
# The page's own title, where a breadcrumb line carries it: after the path, before the page's
# fields (时间：, 来源：) or buttons; a title has no spaces and ends in a document's kind word.
_CRUMB_TITLE = re.compile(
    rf"(?<=\s)(\S{{6,150}}?(?:{_PLACE_TITLE_END}|办法|决定|公告|规定|规划|细则|制度))"
    r"(?=\s*(?:(?:发布)?(?:时间|日期)\s*[:：]|(?:信息)?来源\s*[:：]|作者|浏览|点击|字号|【|微信|分享|打印))")


def remove_inline_chrome(edited, result):
    text = edited.text
    view = simplified_chars(text)
    changes, examples = [], []
    m = _CRUMB.search(view, 0, 2000)
    if m:
        # The run ends at the last chrome word within reach of the one before it.
        end, pos = None, m.end()
        while True:
            t = _CRUMB_TAIL.search(view, pos, pos + (_CHROME_GAP if end else _CRUMB_REACH))
            if not t or re.search(r"[。，；\n]", view[pos:t.start()]):  # one run, on one line
                break
            end, pos = t.end(), t.end()
        if end is None and (m.start() == 0 or view[m.start() - 1] in "\n \t\u3000") \
                and (path := _CRUMB_PATH.match(view, m.end())):
            # No buttons after it: the path alone (首页 > 政务公开 > 年报), a line's first words;
            # a last place that names a document is the page's title, left in the text.
            end = path.end()
            last = re.split(r"[>＞»›→]", path.group(0))[-1]
            if re.search(rf"(?:{_PLACE_TITLE_END})\s*$", last) and len(last.strip()) >= 6:
                end -= len(last.lstrip())
        if end is not None:
            run = view[m.start():end]
            if d := _CRUMB_DATE.search(run):
                try:
                    if "page_date" not in result.hints:
                        result.hints["page_date"] = datetime.date(*map(int, d.groups()))
                        result.hints["page_date_from"] = {"from": "page_chrome"}
                except ValueError:
                    pass
            if s := _CRUMB_SOURCE.search(run):
                result.hints.setdefault("source", s.group(1))
            if t := _CRUMB_TITLE.search(run):
                result.hints.setdefault("crumb_title", t.group(1))
            while end < len(text) and text[end] in " \t\u3000":
                end += 1
            changes.append((m.start(), end, ""))
            examples.append(text[m.start():end][:60] + ("…" if end - m.start() > 60 else ""))
    taken = changes[0][:2] if changes else (0, 0)
    for c in _COMMENT.finditer(text):
        if c.start() >= taken[1] or c.end() <= taken[0]:
            changes.append((c.start(), c.end(), ""))
            examples.append(c.group(0))
    for line in re.finditer(r"[^\n]+", text):
        if len(line.group(0)) < 200:
            continue
        if t := _TRAILER.search(line.group(0)):
            changes.append((line.start() + t.start(), line.end(), ""))
            examples.append(t.group(0).strip())
    changes.sort()
    kept, last = [], -1
    for c in changes:
        if c[0] >= last:
            kept.append(c)
            last = c[1]
    count = edited.apply("remove_inline_chrome", kept)
    record(result, "remove_inline_chrome", count, examples)


# -- paragraphs of a collapsed line -----------------------------------------------------------

_MARKER = re.compile(
    rf"(?P<l1>(?<![{CN}〇零百第])[{CN}]{{1,3}})\s*[、，,．.](?![{CN}\d])"
    rf"|[(（]\s*(?P<l2>[{CN}]{{1,3}})\s*[)）]"
    r"|(?P<l3>(?<![\d.．A-Za-z:/\-])\d{1,2})\s*(?:[、．]|\.(?!\d))"
    r"|[(（]\s*(?P<l4>\d{1,2})\s*[)）]"
)
_STRONG_BEFORE = set("。！？；：!?;:")
_CLOSERS = set("”’」』）)】》")
# Before these a number is part of a phrase: 第十、第（一）项, 一、二、三级, 和（二）.
_GLUED_BEFORE = set("第、和或及与至到共约")
_HEAD_PUNCT = re.compile(r"[。；;！!？?：:]")
# A heading's closing words: where no punctuation, space or figure ends a heading, one of these
# followed by a clause of its own does (一、工作目标全面推进… , 五、主要问题和改进措施虽然…).
_HEAD_CLOSERS = re.compile(
    r"(?:情况统计表|统计表|情况|事项|概述|措施|目标|原则|范围|步骤|领导|要求|方面|成效|做法|举措|思路|任务|指导思想)"
)
# What names an attachment or a format, before a numbering that starts again.
_ATTACHMENT = re.compile(r"附件|附表|格式|模板|样式")
# Below the top level only the plainest: （一）主动公开方面平潭… .
_SUB_CLOSERS = re.compile(r"方面")
# The first part of an annual report, in the 2019 format and before it.
_FIRST_PART = re.compile(r"\s*(?:总体情况|概述|概况|基本情况)")
# Column headers of a task table that the first top-level row follows (…责任单位工作要求一、…).
_TABLE_HEAD_END = re.compile(r"(?:要求|单位|时限|时间|备注|任务|分工|措施)\s*$")
# How the body of a statistics table starts, right after its heading.
_TABLE_HEAD = re.compile(r"第二十条|[(（]本列数据|申请人情况|行政复议\s*行政诉讼|指标名称|统计指标")
# The body of a statistics table follows its heading: no headings inside it. _AT: matched at an
# offset of a long line without copying the rest of it.
_TABLE_START_AT = re.compile(rf"\s*(?:{_TABLE_HEAD.pattern}|单位[:：])")
_TABLE_START = re.compile("^" + _TABLE_START_AT.pattern)
# Column headers that only a statistics table has.
_TABLE_INSIDE = re.compile(
    r"指标名称|计量单位|申请人情况|第二十条第\s*[（(][一二三四五六七八九十]+[)）]\s*项\s*信息内容|本列数据的勾稽关系"
    r"|结果维持\s*结果纠正")
_SENTENCE_SPACE = re.compile(r"(?<=[。！？!?])[ \t\u3000]+(?=\S)")
_SPACE = " \t\u3000\u00a0"


@lru_cache(maxsize=1)
def table_row_labels() -> tuple[str, ...]:
    """The row labels of the statistics tables of the templates, without their numbers."""
    from .metric_keys import REQUEST_ROWS, RESULTS_ROW, _bare

    labels = {_bare(RESULTS_ROW)}
    for row in REQUEST_ROWS:
        for label in (row.label_2021, row.label_2019):
            if label:
                labels.add(_bare(label))
    # Two-character labels (其他, 总计) begin ordinary headings too (其他需要报告的事项).
    return tuple(sorted({re.sub(r"\s", "", label)[:6] for label in labels if len(label) >= 4}))


def _ordinal(s: str) -> int | None:
    return cn_to_int(unicodedata.normalize("NFKC", s))


def _level(m) -> int:
    return next(i for i, g in enumerate(("l1", "l2", "l3", "l4"), start=1) if m.group(g))


def _is_table_row(rest: str) -> bool:
    squeezed = re.sub(r"\s", "", rest[:20])
    return squeezed.startswith(table_row_labels())


class _Counts:
    """Whether a stretch of one long line is inside a quotation, a title in 《》 or brackets
    (numbers there are not headings), and the last sentence end before an offset: by bisection
    over where the marks stand, not by counting each stretch again (a collapsed body has
    thousands of numbers, each tested)."""

    def __init__(self, view: str):
        self.at: dict[str, list[int]] = {c: [] for c in "“”《》（()）。！？"}
        for m in re.finditer(r"[“”《》（()）。！？]", view):
            self.at[m.group(0)].append(m.start())
        self.ends = sorted(self.at["。"] + self.at["！"] + self.at["？"])

    def _n(self, chars: str, a: int, b: int) -> int:
        return sum(bisect.bisect_left(self.at[c], b) - bisect.bisect_left(self.at[c], a) for c in chars)

    def unbalanced(self, a: int, b: int) -> bool:
        return (self._n("“", a, b) > self._n("”", a, b) or self._n("《", a, b) > self._n("》", a, b)
                or self._n("（(", a, b) > self._n("）)", a, b))

    def sentence_start(self, p: int) -> int:
        """After the last 。！？ before `p`, else 0."""
        k = bisect.bisect_left(self.ends, p)
        return self.ends[k - 1] + 1 if k else 0


def _heading_end(line: str, at: int, markers, top: bool) -> int | None:
    """Where a heading starting at `at` ends when nothing but its words end it, or None
    (it ends at its own punctuation, which the sections stage reads, or cannot be told).

    Plain ends: a space, the next number, the start of a statistics table (…情况第二十条…).
    A year (总体情况2021年，) or an enumeration (建设一是…) opens the text too. A top-level
    heading may also end at a closing word (工作目标全面推进…, 组织领导为进一步…), unless
    it runs on, unbroken by a comma, to a plain end (加强组织领导夯实工作基础(一)…)."""
    while at < len(line) and line[at] in _SPACE:
        at += 1
    window = line[at: at + HEADING_MAX + 1]
    punct = _HEAD_PUNCT.search(window)
    limit = punct.start() if punct else len(window)
    plain = []
    if m := re.search(rf"[{_SPACE}]", window[2:limit]):
        plain.append(m.start() + 2)
    for other in markers:
        if other.start() >= at + limit:
            break  # in document order: none further on is within reach
        if at + 2 <= other.start() < at + limit and line[other.start() - 1] not in "第":
            plain.append(other.start() - at)
            break
    if m := _TABLE_HEAD.search(window, 2, limit):
        plain.append(m.start())
    plain_end = min(plain) if plain else None
    ends = [plain_end] if plain_end is not None else []
    m = re.search(r"(?:19|20)\d{2}\s*年|[一首]是|一要|一方面|首先", window[2:limit])
    if m and window[m.start() + 1] not in "，,、（(“《":  # after a comma it is the sentence going on
        ends.append(m.start() + 2)
    for m in (_HEAD_CLOSERS if top else _SUB_CLOSERS).finditer(window[:limit]):
        after = window[m.end():] + line[at + len(window):at + len(window) + 20]
        clause = re.match(r"[^，,、。；;：:！!？?]*", after).group(0)
        if m.end() < 2 or len(clause) < 2 or re.match(r"[的之和及与、》”’）)]", after):
            continue
        if plain_end is not None and plain_end > m.end() and not re.search(r"[，,、]", window[m.end():plain_end]):
            break
        ends.append(m.end())
        break
    if not ends:
        return None
    end = min(ends)
    if end < 2 or end >= limit and punct:
        return None
    return at + end


class _Sequence:
    """The numbering seen so far: which number each level expects next.

    A deeper level may go on across its parents (tasks numbered 1 to 66 under 一、 to 六、) or
    start again at 1. A top-level 一、 that starts again after an attachment or a format is
    named (附件：…格式模板 一、总体情况) opens a second run; once that run has caught up with
    the first, its numbers are its own, not the first's (一…四 of a notice, then 一…六 of the
    format it issues), and no deeper number opens a line inside it. An inline list restarting
    at 一、 anywhere else is left to the text."""

    def __init__(self):
        self.last = {1: 0, 2: 0, 3: 0, 4: 0}
        self.fresh = {1: True, 2: True, 3: True, 4: True}
        self.in_table = False
        self.restart = 0  # the last number of a second top-level run, 0 when there is none
        self.table_seen = False  # a statistics table began since the last top-level heading

    def fits(self, level: int, n: int, strong: bool, attachment: bool = False) -> bool:
        last = self.last[level]
        if level == 1:
            if self.restart and n == self.restart + 1:
                self.restart = n
                if n - 1 >= last:
                    return False
            ok = n == last + 1 or bool(strong and last and n == last + 2)
            if not ok and n == 1 and last >= 2 and strong and attachment:
                self.restart = 1
            return ok
        if self.in_table or self.restart or self.table_seen:
            return False
        return n == last + 1 or (self.fresh[level] and n == 1)

    def accept(self, level: int, n: int) -> None:
        if level == 1:
            self.table_seen = False
            self.restart = 0  # the first run goes on: what restarted was no attachment
        self.last[level] = n
        self.fresh[level] = False
        for deeper in range(level + 1, 5):
            self.fresh[deeper] = True


def paragraph_breaks(line: str, starts=frozenset(), seq: "_Sequence | None" = None) -> list[tuple[int, int, str]]:
    """(start, end, "\\n") changes, in `line`'s offsets, that break a collapsed line; `starts`
    are offsets already known to begin a line (after a title, a 文号); `seq` the numbering of
    the lines before, when the body spans several."""
    view = simplified_chars(line)
    markers = list(_MARKER.finditer(view))
    seq = seq or _Sequence()
    changes: dict[int, tuple[int, int, str]] = {}
    head_end = -1  # where the last accepted heading's words end
    seg_start = 0  # the start of the current paragraph, for the quotation check
    counts = _Counts(view)
    table_inside: dict[int, int | None] = {}  # per seg_start, where _TABLE_INSIDE first ends
    for k, m in enumerate(markers):
        level = _level(m)
        n = _ordinal(m.group(f"l{level}"))
        if not n:
            continue
        p = m.start()
        # the text before, blanks stripped: its length and its last characters only (a copy of
        # all of it for each number is quadratic on a long line)
        b = p
        while b > 0 and view[b - 1] in _SPACE:
            b -= 1
        before = view[max(0, b - 12):b]
        spaced = b < p
        prev = before[-1:] if before else ""
        at_head_end = head_end >= 0 and b == head_end
        if prev in _GLUED_BEFORE and not spaced and not at_head_end:
            continue
        if _is_table_row(view[m.end():m.end() + 20]):
            continue
        # Within the sentence before it: a bracket a document forgets to close does not hide
        # every heading after it.
        sentence = max(seg_start, counts.sentence_start(p))
        if counts.unbalanced(sentence, p):
            continue
        strong = (not before or prev in _STRONG_BEFORE or at_head_end or p in starts
                  or (prev in _CLOSERS and before[-2:-1] in _STRONG_BEFORE)
                  or (spaced and prev not in "，,、（(“《"))
        if not strong:
            # A top-level number glued to the text before it: only further on in the sequence
            # (一、 glued to a word is 统一、唯一、) or after the header of a task table.
            # After an address or e-mail (…@163.com一、概述) the number cannot be part of a word.
            # And before the first part of an annual report (…联系(地址：…1号)一、总体情况).
            if level != 1 or not (n > 1 or _TABLE_HEAD_END.search(re.sub(r"\s", "", before[-12:]))
                                  or re.search(r"[A-Za-z0-9]$", before) or _FIRST_PART.match(view, m.end())):
                continue
        if level > 1 and not seq.table_seen:
            # its first match from seg_start is within reach or none is (no match holds another)
            if seg_start not in table_inside:
                t = _TABLE_INSIDE.search(view, seg_start)
                table_inside[seg_start] = t.end() if t else None
            if table_inside[seg_start] is not None and table_inside[seg_start] <= p:
                seq.table_seen = True  # rows of a statistics table (5、信函申请数 条 0 0) are no headings
        attachment = level == 1 and n == 1 and bool(_ATTACHMENT.search(view, max(0, p - 200), p))
        if not seq.fits(level, n, strong, attachment):
            continue
        seq.accept(level, n)
        if before:
            changes[p] = (b, p, "\n")
        seg_start = p
        # the numbers that can stand within a heading's reach (each takes 2 characters at least)
        end = _heading_end(view, m.end(), markers[k + 1:k + 2 + HEADING_MAX], level == 1)
        head_end = -1
        if end is not None:
            head_end = end
            stop = end
            while stop < len(view) and view[stop] in _SPACE:
                stop += 1
            if stop < len(view) and not _is_marker_at(markers[k + 1:k + 4], stop):
                changes[end] = (end, stop, "\n")
        if level == 1:
            heading = view[m.end():end] if end is not None else ""
            seq.in_table = bool(_TABLE_START_AT.match(view, end if end is not None else m.end()) or "统计表" in heading)
    for s in _SENTENCE_SPACE.finditer(view):
        if s.start() not in changes and s.end() not in changes:
            changes[s.start()] = (s.start(), s.end(), "\n")
    return sorted(changes.values())


def _is_marker_at(markers, pos: int) -> bool:
    return any(m.start() == pos for m in markers[:3])


def _is_collapsed(size: int, crawled: bool) -> bool:
    """A line to break: in a crawled page any of 200 characters or more; otherwise one so long
    it can only be a collapsed body."""
    return size >= LONG_LINE or (crawled and size >= 200)


def _run_in_break(line: str, seq: "_Sequence") -> tuple[int, int] | None:
    """Where a top-level heading that opens a paragraph runs into its text with no punctuation
    between (`一、总体情况2020年，我区…`, `六、其他需要报告的事项 无。`), as HTML-to-text
    extractors and converters give a heading set in bold inside its paragraph: (end, start of
    the text), or None. Only a number the sequence has just accepted, so a list item is not
    taken for a heading; where the heading ends at its own punctuation sections reads it."""
    view = simplified_chars(line)
    lead = len(view) - len(view.lstrip(_SPACE))
    m = _MARKER.match(view, lead)
    if not m or m.group("l1") is None or _is_table_row(view[m.end():]):
        return None
    if seq.last[1] != _ordinal(m.group("l1")):
        return None
    markers = list(_MARKER.finditer(view, m.end()))
    end = _heading_end(view, m.end(), markers, True)
    if end is None:
        return None
    heading = view[m.end():end].strip(_SPACE)
    stop = end
    while stop < len(view) and view[stop] in _SPACE:
        stop += 1
    # A letter-spaced heading (总 体 情 况) is no heading ended by a space.
    if re.search(rf"[{_SPACE}]", heading) or stop >= len(view):
        return None
    # A plain end (a space, the next number, a table's head), or a heading's closing word
    # followed by a sentence (a line of words alone is a whole heading: 加强组织领导夯实工作基础);
    # a year alone may be a sentence's own (一、要在2020年底前…).
    plain = stop > end or _is_marker_at(markers, stop) or _TABLE_HEAD.match(view, stop)
    if not plain:
        if not (re.search(_HEAD_CLOSERS.pattern + "$", heading) and re.search(r"[，,。；;！!？?]", view[stop:])):
            return None
        # What follows a closing word must be a clause of its own (not 方面，… of 情况方面，), and
        # a line that stops soon without a comma is one heading (一、基本情况介绍如下：) unless
        # a year or an enumeration opens the text (…情况2018年未收到申请。).
        clause = re.match(r"[^，,、。；;：:！!？?]*", view[stop:]).group(0)
        punct = _HEAD_PUNCT.search(view, stop)
        opens = re.match(r"(?:19|20)\d{2}\s*年|[一首]是|一要|一方面|首先", view[stop:])  # the text's own start
        if len(clause) < 2 or re.match(r"方面|[的之和及与]", view[stop:]) or (punct and punct.start() - m.end() <= HEADING_MAX and not opens
                               and not re.search(r"[，,]", view[stop:punct.start()])):
            return None
    return end, stop


def _follow(seq: "_Sequence", line: str) -> None:
    """Count a line that opens with a number into the numbering, as a heading would be."""
    view = simplified_chars(line).lstrip(_SPACE)
    m = _MARKER.match(view)
    if m and not _is_table_row(view[m.end():]):
        level = _level(m)
        n = _ordinal(m.group(f"l{level}"))
        if n and seq.fits(level, n, True):
            seq.accept(level, n)


_DOC_NUMBER = re.compile(r"\s*" + DOC_NUMBER.pattern)
_ADDRESSEE = re.compile(r"\s*[^。；：:！？\n]{2,100}?[:：]")


# A title at the head of a body, when the header's differs from it (…2020年 against …2020年度).
_TITLE_LIKE = re.compile(
    r"[^。，,；;：:！!？?\s][^。，,；;：:！!？?]{3,80}?(?:年度报告|报告|年报|工作要点|要点|方案|通知|意见|安排|计划|分解表|办法|规定|规划|公告)"
    # the year some titles close with: …年度报告（2020年度）
    r"(?:\s*[(（](?:19|20)\d{2}\s*年度?[)）])?"
    r"(?=[ \t\u3000]|根据|本报告|为|按照|$)")
# Short lines a collapsed page runs together, set apart by spaces: a signature or byline (an
# organ), a date, a title.
_ORGAN_END = r"(?:人民政府|政府|办公厅|办公室|管委会|委员会|局|厅|委|办|署|中心|院)"
_CN_DATE = r"[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?"
_DATE = r"(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?"
_STANDALONE = re.compile(
    rf"[^\s。，,；;：:！!？?、]{{2,30}}{_ORGAN_END}|{_CN_DATE}|{_DATE}"
    r"|[^\s。，,；;：:！!？?]{4,60}(?:年度报告|工作要点|工作方案|实施方案|通知|意见|分解表)")


def front_breaks(line: str, title: str) -> list[tuple[int, int, str]]:
    """Breaks at the head of a collapsed body: around its title, after its 文号, a byline and
    a date set apart by spaces, and its addressees (…各直属机构：), each a line of a notice."""
    view = simplified_chars(line)
    changes = []
    found = _spaced_find(view[:300], title) if title else None
    if not found and (t := _TITLE_LIKE.match(view)):
        found = t.span()
    pos = 0
    if found:
        start, pos = found
        if view[:start].strip(_SPACE):
            changes.append((len(view[:start].rstrip(_SPACE)), start, "\n"))
        changes.append(_break_at(view, pos))
    if found and (d := _DOC_NUMBER.match(view, pos)):
        pos = d.end()
        changes.append(_break_at(view, pos))
    for _ in range(3):  # a byline, a date
        at = _skip_space(view, pos)
        s = _STANDALONE.match(view, at)
        if not s or not (s.end() == len(view) or view[s.end()] in _SPACE):
            break
        pos = s.end()
        changes.append(_break_at(view, pos))
    at = _skip_space(view, pos)
    if (a := _ADDRESSEE.match(view, at)) and re.search(r"[、，,]|(?:单位|政府|机构|部门|委员会|局|厅)[:：]$", a.group(0)):
        changes.append(_break_at(view, a.end()))
    return [c for c in changes if c and (0 < c[0] < len(view))]


def _spaced_find(text: str, title: str) -> tuple[int, int] | None:
    """(start, end) of the first `title` in `text` with white space anywhere between its
    characters, as the pattern of its characters joined by \\s* would find it (a pattern a
    document would cost compiling). A title holding white space is looked for by that pattern."""
    if any(c.isspace() for c in title):
        m = re.search(r"\s*".join(map(re.escape, title)), text)
        return m.span() if m else None
    kept = [i for i, c in enumerate(text) if not c.isspace()]
    at = "".join(text[i] for i in kept).find(title)
    return (kept[at], kept[at + len(title) - 1] + 1) if at >= 0 else None


def _skip_space(view: str, pos: int) -> int:
    while pos < len(view) and view[pos] in _SPACE:
        pos += 1
    return pos


def _break_at(view: str, pos: int):
    """A break at `pos`, taking the spaces after it; None at the end of the line."""
    stop = _skip_space(view, pos)
    return (pos, stop, "\n") if stop < len(view) else None


def standalone_breaks(line: str) -> list[tuple[int, int, str]]:
    """Breaks around a signature, a date or a title that a collapsed page set apart by spaces
    after a sentence: …贯彻落实。 平潭县公安局 2010年7月19日 2010年全省…工作意见 2010年…"""
    view = simplified_chars(line)
    changes = []
    for m in re.finditer(r"(?<=[。！？!?）)”])[ \t\u3000]+", view):
        pos = m.end()
        run = []
        while True:
            s = _STANDALONE.match(view, pos)
            if not s or s.end() >= len(view) or view[s.end()] not in _SPACE:
                break
            run.append(s.end())
            pos = _skip_space(view, s.end())
        for end in run:
            changes.append(_break_at(view, end))
        if run:
            changes.append((m.start(), m.end(), "\n"))
    return [c for c in changes if c]


def _top_level(line: str, breaks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Of a line's breaks, those before a top-level heading and the one that ends it."""
    view = simplified_chars(line)
    kept, heading_at = [], (0 if _TOP_HEADING.match(view) else None)
    for a, b, r in breaks:
        if _TOP_HEADING.match(view, b):
            kept.append((a, b, r))
            heading_at = b
        elif heading_at is not None and a - heading_at <= HEADING_MAX:
            kept.append((a, b, r))
            heading_at = None
        else:
            heading_at = None
    return kept


def break_paragraphs(edited, result):
    text = edited.text
    crawled = any(e.action in ("remove_crawler_header", "remove_inline_chrome") for e in edited.edits)
    # (else the title a breadcrumb run carried: a page saved without a crawler's header)
    title = re.sub(r"\s", "", simplified_chars(result.hints.get("title") or result.hints.get("crumb_title", "")))
    changes, examples = [], []
    seq, first = _Sequence(), True
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for start, end in lines:
        if not _is_collapsed(end - start, crawled) and end - start >= RUN_ON_LINE \
                and _RUN_ON_HEADING.search(text, start + 1, end):
            # A paragraph this long, or a short body on one line: only its top-level headings
            # (一、 二、 in sequence) are broken out, with the heading's own end.
            for a, b, r in _top_level(text[start:end], paragraph_breaks(text[start:end], set(), seq)):
                changes.append((start + a, start + b, r))
                examples.append(f"{text[max(start, start + a - 8):start + a]}⏎{text[start + b:start + b + 10]}")
            continue
        if not _is_collapsed(end - start, crawled):
            _follow(seq, text[start:end])
            if cut := _run_in_break(text[start:end], seq):
                a, b = cut
                changes.append((start + a, start + b, "\n"))
                examples.append(f"{text[max(start, start + a - 8):start + a]}⏎{text[start + b:start + b + 10]}")
            continue
        front = front_breaks(text[start:end], title) if first else []
        first = False
        found = {a: (a, b, r) for a, b, r in paragraph_breaks(text[start:end], {b for _, b, _ in front}, seq)}
        for a, b, r in standalone_breaks(text[start:end]) + front:
            found.setdefault(a, (a, b, r))
        merged, last = [], -1
        for a, b, r in sorted(found.values()):
            if a >= last:
                merged.append((a, b, r))
                last = b
        for a, b, r in merged:
            changes.append((start + a, start + b, r))
            examples.append(f"{text[max(start, start + a - 8):start + a]}⏎{text[start + b:start + b + 10]}")
    count = edited.apply("break_paragraphs", changes)
    record(result, "break_paragraphs", count, examples)


