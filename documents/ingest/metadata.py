"""Metadata: title, publisher, region, level, year, kind, 文号, date, issuer and slug of a document.

Pure: cleaned, simplified text in, `Metadata` out; no Django, no I/O beyond reading the two
data files beside this module (data/divisions.tsv, data/departments.tsv).

Where each field comes from, and the choices made where the brief left room:

* title: in the front matter (`front`, or the front that sections.parse_sections finds), the
  first line without 。；!? that names a kind of document (年度报告, 年报, 工作要点, 实施方案...)
  and is not an issuing notice; failing that, the 《...》 named by a notice (关于印发《...》的通知);
  failing that, the first title-like line. Whitespace next to CJK is removed.
* publisher, region, level: the title's words before the kind phrase, less its years, are read
  from the left against a gazetteer (data/divisions.tsv: all 34 province-level units, their
  prefecture-level and county-level units). A lone 长宁区 is placed under 上海市 by the
  gazetteer; a name with several places (朝阳区) is settled by which parent the rest of the
  front and text name most, then by hints["province"]. What follows the place names decides:
  nothing, 人民政府 or 政府 -> the government, whose publisher is spelled in full
  (上海市长宁区人民政府; a 市辖区 gets its city's name in front, a county does not: 杨浦区 ->
  上海市杨浦区人民政府, 桐庐县 -> 桐庐县人民政府); an organ (委员会, 局, 厅, 办公厅...) -> a
  department, named with the same prefix (上海市经济和信息化委员会, 广州市财政局).
  region is the whole path (上海市杨浦区, 广东省广州市, 浙江省杭州市西湖区). level is
  "city" for a municipality or prefecture-level city, "district" for a county-level unit,
  "department" for a department, and "province" for a province or autonomous region (a value
  the brief did not list: a province is neither a city nor a district); "" when unknown.
* title from a crawled page: the header's 标题 (hints["title"]) comes first. A site's catalogue
  box (索引号 | … | 发布机构 | …) is no title, though its 标题/名称 field is; a numbered heading
  or a clause cut at a line's end is none either; a title broken after its year
  (宿州市人民政府2016年 / 政府信息公开工作年度报告), inside its kind words (…2023年度政府 /
  信息公开工作年度报告) or under its organ alone on a line is joined; a line a pdf cut after a
  comma, a table row, a site's top bar and a closing bracketed 文号 are no title. A page without a title line is
  named by its preamble (现公布…2022年政府信息公开工作年度报告, 现将…报告如下, 由…编制的…年度报告,
  现提出2020年政务公开工作要点), a notice's body by the plan it issues (现将《…》印发给你们); a
  report's preamble with its statistics period (本年度报告由…编制…统计期限自…) or listing a
  report's parts (…主动公开…依申请公开…组成) makes an annual report. A breadcrumb (>>, ›, ») is no
  title, and a page's <title> line wrapping the document's title in its site's names gives way
  to the document's own title line.
* a township or street under a county (湖口县某乡) publishes as its own government
  (…乡人民政府, …街道办事处); a department named without its place (农业农村局2020年度…)
  takes the place the text puts in front of the same name (请与某县农业农村局联系).
* publisher where the gazetteer cannot place the title (平潭综合实验区…): named_publisher, the
  issuing body as the document names it (the title's organ, a byline, 我区…编制完成了本报告,
  the header's 发布机构, else the place itself).
* year: the first 四位数字年 (or 二〇二一年) of the title; never a date in the body. Without
  one, a report takes the year of its statistics period (自2017年1月1日起至2017年12月31日),
  else the year its opening sentences report on (2021年，我局…; 现将2013年…报告如下; not a
  year inside 《》 or a day's date); a notice or plan the year it was issued.
* a report with neither title nor preamble is known by its statutory parts (主动公开政府信息情况
  with 总体情况/概述/收到和处理…申请情况, or the 第二十条 table), unless its opening lines issue
  or forward something (a format notice holds the same parts). Its maker is the one its
  sentences name: 由…编制, the subject of an opening sentence (2021年，某市卫生健康委员会以…),
  else the organ readers are asked to contact; a disclosure leading group's office
  (某市人民政府信息公开工作领导小组办公室) compiles for its government. A report or plan that
  names no maker anywhere else is the organ its last lines are signed with; a document that
  names none at all, the page's 发布机构 (hints["issuer"]), which also places a township its
  sentences name.
* kind: annual_report for 政府信息公开(工作)年度报告, 信息公开年报, 政务公开工作年度报告, a
  year's 政府信息公开情况的报告, or a preamble that makes 本报告 with its statistics period;
  work_plan for 政务公开工作要点 / 实施方案 / 工作方案 / 工作计划 / 工作安排; else other. A
  notice (关于印发/转发…, …的通知) takes the kind of what it issues or is about: a 政务/信息/警务
  公开 plan (…工作意见, …任务分解表, …清单编制工作方案) is a work plan, the report format or
  有关事项 of reports is other.
* doc_number: a front line that starts with (or, in brackets, is) a 文号 such as 杨府办〔2021〕10号,
  沪府办发[2020]3号 or 沪府办发(2020)3号; numbers cited inside paragraphs are ignored.
* issuer: the organ that issues an issuing notice (XXX关于印发《...》的通知), else the organ line
  just above the 文号; None when there is no notice.
* source_url: the page's address a crawler's header gives (hints["source_url"]), else what the
  file says of itself (hints["meta_source_url"]: an HTML page's canonical link or tags), else None.
* published_on: hints["published_on"]; for a crawled page its signature date (落款), else the
  site's date (hints["page_date"]); else a 发布日期/发布时间 chrome line still in the text;
  else a date standing alone on a front line (the notice's date); else one standing alone
  among the last three lines (a report's signature); else the file's own tags
  (hints["meta_date"]: an HTML page's PubDate, a PDF's CreationDate); else None.
* retrieved_on: hints["retrieved_on"] (a crawler's 抓取时间, a saved page's date), else None.
* provenance: where source_url, published_on and retrieved_on came from (provenance.py); an
  override is its own origin. The weak hints of formats/ (meta_title, meta_author,
  meta_issuer) count only where the text says nothing.
* slug: the pinyin of the region path without 省/市/区/县 (stored in the gazetteer, so a
  pinyin library update never changes a slug), then for a department the pinyin of its usual
  short name from data/departments.tsv (经济和信息化委员会 -> 经信委 -> jingxinwei; an
  unlisted department: the pinyin of its name), then the year and the kind:
  shanghai-yangpu-2021-work-plan, shanghai-jingxinwei-2020-work-plan,
  guangdong-guangzhou-caizhengju-2021-work-plan. Slugs are not unique by themselves: two
  documents of one publisher, year and kind get the same slug, which the caller must settle.

`hints` are soft: published_on, region (context for places), province (tie-break), publisher
(used when the title names none). `overrides` win over everything; an overridden title or
publisher is also used to infer the fields that are not overridden, and the slug is rebuilt
from the final fields unless it is overridden itself.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from pypinyin import lazy_pinyin

from . import provenance
from .patterns import DOC_NUMBER, SENTENCE, TITLE_END, vocabulary

DATA = Path(__file__).resolve().parent / "data"

# What a title's words say the document is (kind_of, find_title).
TITLE = vocabulary({
    # The year may stand inside the phrase (政府信息公开工作2013年度报告).
    # Also a year's report on the disclosure (关于2022年度政府信息公开情况的报告).
    "annual": r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:开展)?(?:情况)?(?:(?:19|20)\d{2}\s*年度?|年度)?(?:报告|年报)"
              r"|(?:19|20)\d{2}\s*年度?(?:政府)?(?:信息公开|政务公开)(?:工作)?情况的?报告",
    "work_plan": r"(?:政府)?(?:政务公开|信息公开)(?:工作)?(?:要点|实施方案|工作方案|方案|工作计划|计划|工作安排|安排|重点)",
    "notice": r"关于(?:印发|转发|下发|公布)|的通知$",
    # What a notice (关于…的通知, 关于转发…) is about, the verb of issuing left out.
    "notice_subject": r"关于(?:印发|转发|下发|公布|发布)?(.+?)(?:的通知|的函|的意见|的公告|的通告)?$",
    "disclosure": r"(?:政务|信息|警务|政府信息|党务|村务|厂务|校务)公开",
    # The plan words that close a plan's title (…政务公开清单编制工作方案, …主要任务分解表).
    "plan_end": r"(?:要点|实施方案|工作方案|方案|工作计划|计划|工作安排|安排|工作意见|意见|任务分解表|分解表|主要任务|重点工作|工作任务|任务清单|任务分工)$",
    "about_reports": r"(?:报告|年报)(?:格式|模板|样式)|格式(?:\(试行\)|（试行）)?$|有关事项$|相关工作$|有关工作$|编制(?:发布)?工作$",
    # What a notice asking for reports is about (关于报送2023年度…年度报告的通知).
    "asks_for": r"^(?:报送|上报|催报|提交|按时报送)",
    "quoted": r"《([^《》]+)》",
    "words": r"报告|年报|要点|方案|计划|通知|意见|办法|规定|规划|安排|清单|公告|通告|决定",
})
# Years and dates as written, in digits or in Chinese numerals, and a page's date label.
DATES = vocabulary({
    "year": r"((?:19|20)\d{2})\s*年",
    "cn_year": r"([〇零一二三四五六七八九]{4})\s*年",
    "date": r"((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?",
    "cn_date": r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日",
    "published_label": r"(?:发布日期|发布时间|发表日期|发文日期)\s*[:：]\s*",
})
CHROME = re.compile(
    r"^(?:栏目导航|相关词条|热门词条|联系我们|联络我们|分享|打印|关闭|GOVERNMENT INFORMATION)\s*[:：]?$|^字号\s*[:：]"
    r"|^(?:来源|信息来源|发布机构)\s*[:：]|^(?:发布日期|发布时间|发表日期)\s*[:：]"
    r"|^(?:登录\s*[|｜]?\s*注册|无障碍(?:浏览|阅读).*|关怀版.*|返回首页|当前位置\s*[:：].*)$"
    # a page's breadcrumbs: 首页>政务公开>政府信息公开年报>新政镇人民政府, …公开专栏 >> 年度报告
    r"|^首页\s*[>＞»›]|>>|＞＞|[»›]")
ORGAN = re.compile(
    r"^.{0,20}?(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|政府"
    r"|管委会办公室|管理委员会办公室|管委会|委员会|管理局|局|厅|办公室|委(?!员会|办公室)|署|中心(?!小学|中学|学校|幼儿园)|院|办(?!公))")
GOVERNMENT_REST = {"", "人民", "人民政府", "政府"}
PROVINCE_TYPES = {"省", "自治区", "特别行政区"}
CITY_TYPES = {"直辖市", "地级市", "自治州", "地区", "盟"}
CITY_PARENTS = {"直辖市", "地级市"}
CN_NUM = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass
class Metadata:
    title: str
    publisher: str
    region: str
    level: str  # "city" | "district" | "department" | "province" | "" (unknown)
    year: int | None
    kind: str  # "annual_report" | "work_plan" | "other"
    doc_number: str | None
    published_on: datetime.date | None
    issuer: str | None
    slug: str
    source_url: str | None = None  # the page the document was taken from, when the file says
    retrieved_on: datetime.date | None = None  # when it was taken from there, when the file says
    # Where source_url, published_on and retrieved_on came from (provenance.origin).
    provenance: dict = field(default_factory=dict, compare=False)  # how, not what: left out of ==


@dataclass(frozen=True)
class Division:
    code: str
    parent: str
    name: str
    type: str
    short: str
    pinyin: str


class Gazetteer:
    """China's administrative divisions, read from data/divisions.tsv."""

    def __init__(self, rows):
        self.by_code: dict[str, Division] = {}
        self.by_name: dict[str, list[Division]] = {}
        for row in rows:
            d = Division(*row)
            self.by_code[d.code] = d
            self.by_name.setdefault(d.name, []).append(d)
            if not d.parent and d.short != d.name:  # 上海 for 上海市, 广西 for 广西壮族自治区
                self.by_name.setdefault(d.short, []).append(d)
        self.max_len = max(map(len, self.by_name))

    def path(self, d: Division) -> list[Division]:
        out = [d]
        while out[0].parent:
            out.insert(0, self.by_code[out[0].parent])
        return out

    def is_under(self, d: Division, ancestor: Division) -> bool:
        return any(a.code == ancestor.code for a in self.path(d)[:-1])

    def names_at(self, s: str, pos: int) -> list[tuple[int, list[Division]]]:
        """Place names that start at s[pos], longest first."""
        out = []
        for n in range(min(self.max_len, len(s) - pos), 1, -1):
            hit = self.by_name.get(s[pos:pos + n])
            if hit:
                out.append((n, hit))
        return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    rows = []
    for line in (DATA / "divisions.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return Gazetteer(rows)


@lru_cache(maxsize=1)
def departments() -> list[tuple[str, str, str]]:
    rows = []
    for line in (DATA / "departments.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, short, slug = line.split("\t")
            rows.append((name, short, slug))
    return sorted(rows, key=lambda r: -len(r[0]))


# -- small helpers -------------------------------------------------------------------------
def tidy(s: str) -> str:
    """Whitespace next to CJK out, other runs of whitespace to one space."""
    s = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", s.strip())
    return re.sub(r"\s+", " ", s)


def _lines(text: str) -> list[str]:
    return [l.strip() for l in text.splitlines() if l.strip()]


def _is_chrome(line: str) -> bool:
    return bool(CHROME.search(line))


def _cn_int(s: str) -> int | None:
    if all(ch in CN_NUM for ch in s):
        return int("".join(str(CN_NUM[ch]) for ch in s))
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_NUM.get(tens, 1) if tens else 1) * 10 + (CN_NUM.get(ones, 0) if ones else 0)
    return None


def parse_date(s) -> datetime.date | None:
    """2020-04-21, 2020/4/21, 2020.4.21, 2021年4月9日, 二〇二一年四月九日, or a date."""
    if isinstance(s, datetime.datetime):
        return s.date()
    if isinstance(s, datetime.date):
        return s
    if not isinstance(s, str):
        return None
    for rx, conv in ((DATES.date, int), (DATES.cn_date, _cn_int)):
        m = rx.search(s)
        if m:
            try:
                return datetime.date(*(conv(g) for g in m.groups()))
            except (TypeError, ValueError):
                return None
    return None


def _date_alone(line: str) -> datetime.date | None:
    line = tidy(line)
    m = DATES.date.fullmatch(line) or DATES.cn_date.fullmatch(line)
    return parse_date(line) if m else None


# (not the months a year's report covers: 2008年5月至12月, 1-12月)
PART_OF_YEAR = re.compile(r"[上下]半年|第?[一二三四1-4]季度|(?<![至到\-—－~～\d])(?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?(?:工作|政务|政府)")


def kind_of(title: str) -> str:
    if m := TITLE.notice_subject.search(title):
        return _subject_kind(m.group(1))
    # a report's format is no report, nor is a report on part of a year (上半年…工作情况报告)
    if TITLE.annual.search(title) and not TITLE.about_reports.search(title) and not PART_OF_YEAR.search(title):
        return "annual_report"
    if TITLE.work_plan.search(title) or _subject_kind(title) == "work_plan":
        return "work_plan"
    return "other"


def _subject_kind(subject: str) -> str:
    """The kind of what a notice is about: the document it issues or forwards, or its matter.
    A notice about reports (their format, 有关事项) is not itself a report."""
    subject = subject.strip("《》<>〈〉“” ")
    if TITLE.about_reports.search(subject) or TITLE.asks_for.search(subject):
        return "other"
    if TITLE.annual.search(subject) and re.search(r"(?:报告|年报)$", subject):
        return "annual_report"
    if TITLE.disclosure.search(subject) and TITLE.plan_end.search(subject):
        return "work_plan"
    return "other"


# A year opening a title without its 年 (2009上海市政府信息公开工作年度报告), or right before its
# kind's words (某委2020政府信息公开工作年度报告).
LEADING_YEAR = re.compile(r"^((?:19|20)\d{2})(?=[\u4e00-\u9fff])|(?<![\d—\-－~～至到])((?:19|20)\d{2})(?=(?:政府)?(?:信息公开|政务公开))")


def year_of(title: str) -> int | None:
    if m := DATES.year.search(title):
        return int(m.group(1))
    if m := LEADING_YEAR.search(title):
        return int(m.group(1) or m.group(2))
    m = DATES.cn_year.search(title)
    return _cn_int(m.group(1)) if m else None


def _pinyin(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(s)).lower().replace("ü", "v"))


# -- title ---------------------------------------------------------------------------------

# A site's catalogue box (索 引 号 | … | 发布机构 | … |, 索引号: … 组配分类: …) above the text: its
# lines are no title, though a 标题/名称 field holds one.
CATALOGUE_KEYS = (
    "索引号", "主题分类", "组配分类", "体裁分类", "信息分类", "分类", "公开目录", "发布机构", "发文机关", "发文机构",
    "发布日期", "发文日期", "成文日期", "生成日期", "生效时间", "废止时间", "发文字号", "文号", "有效性", "公开方式",
    "公开范围", "关键词", "信息来源", "统一编号", "标题", "名称", "题名")
CATALOGUE_LINE = re.compile(
    r"^\s*(" + "|".join(r"\s*".join(k) for k in CATALOGUE_KEYS) + r")\s*(?:[:：|]|\s|$)\s*(.*)$")
# Cleaning takes the space out between a key and its value (标 题 连云区… -> 标题连云区…): a
# key no title starts with, or 标题 itself, still opens a catalogue line.
CATALOGUE_GLUED = re.compile(
    r"^\s*(" + "|".join(k for k in CATALOGUE_KEYS if len(k) >= 3 or k in ("标题", "题名", "文号")) + r")(.+)$")
# A pdf page's running header before a title (Page 9 - …), or a site's top bar run into it on
# a crawled line (登录 注册 无障碍浏览 某乡2010年…报告).
PAGE_MARK = re.compile(r"^(?:(?:Page|第)\s*\d+\s*(?:页)?\s*[-–—]\s*|(?:(?:登录\s*[|｜]?\s*注册|无障碍(?:浏览|阅读)|关怀版|返回首页)\s*)+)")
# A 文号 in brackets closing a page's title (…工作要点的通知 [建政办发〔2020〕24号]): the number, not the title.
# A document's number and its signer printed before its title on one line.
# (the signer's name only where a year follows it: cleaning took the space after it away)
LETTERHEAD = re.compile(r"^\s*" + DOC_NUMBER.pattern + r"\s*签发人\s*[:：]\s*[\u4e00-\u9fff]{2,3}?\s*(?=(?:19|20)\d{2}\s*年)")
TITLE_NUMBER = re.compile(r"\s*[\[［【(（]\s*(" + DOC_NUMBER.pattern + r")\s*[\]］】)）]\s*$")
TITLE_KEYS = {"标题", "名称", "题名"}
# A numbered heading (六、其他需要报告的事项) is a part of the text, never its title.
NUMBERED_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])")
# A year ending a line alone or after its organ (宿州市人民政府2016年 / 政府信息公开工作年度报告):
# the title goes on on the next line.
YEAR_CLOSING = re.compile(r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年度?$")


def _catalogue_title(line: str) -> str | None:
    """None for a line that is not a catalogue box's; else the title its 标题/名称 field holds,
    or "" for its other fields."""
    m = CATALOGUE_LINE.match(line) or CATALOGUE_GLUED.match(tidy(line))
    if not m:
        return None
    if re.sub(r"\s", "", m.group(1)) not in TITLE_KEYS:
        return ""
    return re.split(r"\s*\|\s*|\s{2,}", m.group(2).strip(" |"))[0]


# A page's menu as a list (- 政策解读 / - 发展报告): an item is no title.
LIST_ITEM = re.compile(r"^\s*[-*•·]\s")
# A title the text runs straight on from (…政务公开工作要点实施方案为深入贯彻…): the title ends in
# its kind's closing word and the first sentence opens with a purpose or a basis.
GLUED_TITLE = re.compile(r"^(\S{4,50}?(?:报告|年报|要点|实施方案|工作方案|工作计划|工作安排))(?=为了?|根据|按照|依据|现将|为深入|为进一步)")


# A title cited inside a sentence that a pdf wrapped before it: the line opens with the 《》 and
# the sentence goes on after it (《…的通知》(国办公开办函〔2021〕30号)制).
CITED_IN_SENTENCE = re.compile(r"^《[^《》]+》.*[^》\s]$")


# what a page's <title> puts between its site's name and the document's title
SITE_TITLE_SEPARATOR = re.compile(r"\s*[-_|｜—–]+\s*")


def find_title(lines: list[str]) -> str:
    candidates = []
    for n, line in enumerate(lines):
        if LIST_ITEM.match(line):
            continue
        field = _catalogue_title(line)
        if field is None:
            glued = GLUED_TITLE.match(tidy(line)) if n < 3 and SENTENCE.search(line) else None
            candidates.append(glued.group(1) if glued and kind_of(glued.group(1)) != "other" else line)
        elif field:
            candidates.append(field)
    # A line with a 《 its line does not close was wrapped inside the quoted title: one line.
    lines = []
    for line in candidates:
        if lines and lines[-1].count("《") > lines[-1].count("》") and len(line) <= 60:
            lines[-1] = lines[-1].rstrip() + line.strip()
        else:
            lines.append(line)
    lines = _notice_title_joined(lines)
    # A title broken inside its kind's words (道县文广新局2013年度信息公开工作 / 年度报告): one line.
    joined_lines = []
    for line in lines:
        above = joined_lines[-1] if joined_lines else ""
        both = tidy(above) + tidy(line)
        m = TITLE.annual.search(both) or TITLE.work_plan.search(both)
        if (above and len(tidy(line)) <= 20 and len(tidy(above)) <= 40 and m and m.start() < len(tidy(above)) < m.end()
                and kind_of(tidy(above)) == "other" and not SENTENCE.search(above + line) and not _is_chrome(above)
                and not NUMBERED_HEADING.match(above)):
            joined_lines[-1] = both
        else:
            joined_lines.append(line)
    lines = joined_lines
    plain, quoted, titled = [], [], []
    first_plain = first_quoted = len(lines)
    for i, line in enumerate(lines):
        line = LETTERHEAD.sub("", line) or line  # 某二中〔2015〕3号 签发人:某某 2014年…报告: the title after it
        if _is_chrome(line) or SENTENCE.search(line) or len(line) > 120 or DOC_NUMBER.match(line) or _date_alone(line) \
                or NUMBERED_HEADING.match(line) or _is_clause(line) or TABLE_ROW.search(line.strip(" |")):
            continue
        t = TITLE_NUMBER.sub("", PAGE_MARK.sub("", tidy(line).strip(" |")))
        if TITLE.notice.search(t) and not TITLE.quoted.search(t) and kind_of(t) != "other":
            plain.append(t)  # 关于2012年…重点工作安排的通知: the notice is the plan itself
            first_plain = min(first_plain, i)
        elif TITLE.notice.search(t):
            quoted += [q for q in TITLE.quoted.findall(t) if kind_of(q) != "other"] or TITLE.quoted.findall(t)
            first_quoted = min(first_quoted, i)
            titled.append(t)
        elif kind_of(t) != "other":
            plain.append(_with_year_above(t, lines, i))
            first_plain = min(first_plain, i)
        elif TITLE.words.search(t):
            titled.append(t)
    # A notice that issues a plan comes before the plan's own title line under it: the notice
    # is the document (a later plain title is the attachment's).
    if quoted and first_quoted < first_plain:
        return tidy(quoted[0])
    if plain:
        # A page's own <title> line wraps the document's title in its site's names (某市政府门户网站-
        # 2022年…年度报告_…): the document's title line under it, which it holds, is the title.
        parts = set(SITE_TITLE_SEPARATOR.split(plain[0]))
        return next((p for p in plain[1:] if p != plain[0] and p in parts), plain[0])
    if quoted:
        return tidy(quoted[0])
    if titled:
        return titled[0]
    # Last, a title-like line: no numbered heading, no table row (cells split by | or tabs).
    rest = [tidy(l).strip(" |") for l in lines if not _is_chrome(l) and not SENTENCE.search(l) and len(l) <= 120
            and not _is_clause(l) and not NUMBERED_HEADING.match(l) and not TABLE_ROW.search(l.strip(" |"))]
    return next((r for r in rest if r), "")


def _notice_title_joined(lines: list[str]) -> list[str]:
    """A notice's title wrapped over two or three lines (某省人民政府办公厅关于印发某省 / 贯彻落实…
    2022年政务公开 / 工作要点分工方案的通知) as one line: from a line with 关于 that does not end as a
    title does, through the short lines after it, up to the one that ends as a title does."""
    def part(line: str) -> bool:
        t = tidy(line)
        return 0 < len(t) <= 40 and not SENTENCE.search(t) and not _is_chrome(t) and not DOC_NUMBER.match(t) \
            and not _date_alone(t) and not NUMBERED_HEADING.match(t) and "，" not in t and "," not in t
    out, i = [], 0
    while i < len(lines):
        first, end = tidy(lines[i]), None
        if "关于" in first and part(first) and not TITLE_CLOSE.search(first):
            for j in (i + 1, i + 2):
                if j >= len(lines) or not part(lines[j]):
                    break
                if TITLE_CLOSE.search(tidy(lines[j])):
                    end = j  # (…工作要点 / 的通知: the last that does)
        if end is None:
            out.append(lines[i])
            i += 1
            continue
        out.append("".join(tidy(line) for line in lines[i:end + 1]))
        i = end + 1
    return out


# A table row: cells split by | or tabs.
TABLE_ROW = re.compile(r"\S\s*[|｜\t]\s*\S")


def _closes_unopened(line: str) -> bool:
    """A line a pdf wrapped inside a sentence's brackets closes one it never opened (称《条例》)、…)."""
    for opening, closing in ("（(", "）)"), ("《", "》"):
        depth = 0
        for c in line:
            depth += (c in opening) - (c in closing)
            if depth < 0:
                return True
    return False


def _is_clause(line: str) -> bool:
    """A long line with a comma is a sentence cut before its end (根据…规定，现将…如下：), no title;
    so is a line a pdf wrapped after a comma, that opens with 根据《…》, or that opens with a
    title cited inside a sentence going on after it."""
    line = line.strip()
    comma = "，" in line or "," in line
    return (len(line) > 40 and comma) or (comma and not TITLE_CLOSE.search(line)) or line.endswith(("，", ",", "、")) \
        or bool(re.match(r"^(?:根据|按照|依据)\s*《", line)) or bool(REPORT_PREAMBLE.match(line)) or "以下简称" in line \
        or bool(CITED_IN_SENTENCE.match(tidy(line))) or _closes_unopened(line)


# How a title ends: a line with a comma that ends otherwise is a clause a pdf wrapped.
TITLE_CLOSE = TITLE_END


def _with_year_above(title: str, lines: list[str], i: int) -> str:
    """A title's second line joined to its first: under a short line that ends with a year,
    that breaks the kind's words, or that is the organ alone (for a title naming none)."""
    if i == 0:
        return title
    above = tidy(lines[i - 1])
    if len(above) > 40 or SENTENCE.search(above) or _is_chrome(above) or kind_of(above) != "other" \
            or _date_alone(above) or _catalogue_title(lines[i - 1]) is not None or NUMBERED_HEADING.match(above):
        return title
    # The organ alone on the line above a title that names none (…管委会 / 政府信息公开工作2013年度报告),
    # or a township's name (五常市民意乡 / 2021年政府信息公开工作年度报告).
    if (_organ_like(above) or NAMING.township.fullmatch(above)) and not _organ_part(title):
        return above + title
    if year_of(title):
        return title
    if YEAR_CLOSING.search(above):
        return above + title
    # The kind's words broken at the line's end (…2023年度政府 / 信息公开工作年度报告).
    joined = above + title
    m = TITLE.annual.search(joined) or TITLE.work_plan.search(joined)
    if m and m.start() < len(above):
        return joined
    return title


# A page that lost its title line still names its report in the preamble: 现公布…2022年政府
# 信息公开工作年度报告, 特向社会公布…, 现将…年度政府信息公开工作报告如下, 编制我局…年度报告.
_REPORT_NAME = (r"[^。，,；;：:！？!?《》“”\s]{0,60}?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:情况)?"
                r"(?:报告|年报)")
SELF_NAMED = re.compile(
    r"(?:现予?公布|[现特]向社会(?:公众)?公布|现将|现发布|(?:现)?编制并(?:公布|发布)|编制(?:了|完成了|的)?)"
    r"(?:我(?:局|委|办|厅|区|县|市|乡|镇|街道|中心|院|单位|部门)|本(?:单位|部门|机关))?"
    rf"({_REPORT_NAME})"
    # in book marks only where it is published, and the marks close on the report's name
    # (现将《…年度报告格式》印发给你们 issues a format; 编制《…》 asks others to)
    rf"|(?:现予?公布|[现特]向社会(?:公众)?公布|现发布|现将)《({_REPORT_NAME})》")
# A notice that lost its title line, issuing a document: 现将《X》印发给你们, 《X》已经市政府同意，现印发给你们.
ISSUED_PLAN = re.compile(r"《([^《》]{4,80})》(?:已经[^，,。；]{0,30}同意\s*[，,]\s*)?(?:现)?(?:印发|转发|下发)给你们")
# A plan that lost its title line names itself: 现提出2020年政务公开工作要点, 特制定2021年…工作方案.
PLAN_SELF_NAMED = re.compile(r"(?:现提出|现制定|特制定|制定如下)((?:19|20)\d{2}\s*年度?[^。，,；;《》]{0,30}?"
                             r"(?:政务公开|信息公开)(?:工作)?(?:要点|实施方案|工作方案|方案|工作计划|计划|工作安排|安排))")
ASIDE = re.compile(r"[(（](?:以下简称|以下统称|下称|简称)[^()（）]{0,30}[)）]")
# The preamble of a report: 本年度报告根据…编制, 本报告由…组成, with its statistics period.
REPORT_PREAMBLE = re.compile(
    r"本(?:年度)?(?:报告|年报)(?:是|由|根据|依据|按照|中所列|所列|全文|包括|共分为|分为)|(?:制作|编制)本(?:年度)?(?:报告|年报)|^报告中所列数据")
# the notices that set the report's format, cited as what a report is made by
REPORT_FORMAT = re.compile(r"年度报告格式|国办公开办函〔20(?:19|21)〕(?:60|30)号")
# a preamble listing a report's parts: 本报告由情况概述、政府信息主动公开情况、依申请公开情况…组成
REPORT_PARTS_LISTED = re.compile(r"主动公开[^。]{0,60}依申请公开|依申请公开[^。]{0,60}主动公开")
PERIOD_WORDS = re.compile(r"统计(?:期限|时限|数据时限|时间|区间)|数据统计")


def self_named_title(preamble: str) -> str:
    """The report a preamble names itself as, its asides removed; "" when it names none."""
    m = SELF_NAMED.search(ASIDE.sub("", preamble))
    return (m.group(1) or m.group(2)) if m else ""


# -- publisher and region ------------------------------------------------------------------

# Where the gazetteer knows no division, the place is still named: a zone with an
# administrative committee (平潭综合实验区管委会, 浦东新区管委会), or the State Council and the
# national ministries, whose region is the whole country.
ZONE = re.compile(r"^(\S{2,14}?(?:综合实验区|综合试验区|实验区|试验区|示范区|合作区|新区|高新区|开发区|保税区|自贸区|自由贸易试验区|片区|园区))"
)
NATIONAL = re.compile(r"^(?:国务院|国家|中华人民共和国|中共中央|全国)")


def unplaced_region(publisher: str) -> str:
    """The region a publisher the gazetteer cannot place names: 平潭综合实验区管委会办公室 ->
    平潭综合实验区, 国务院办公厅… -> 全国; else none."""
    if NATIONAL.match(publisher) and not re.search(r"省|自治区|市|州|县|区", publisher):  # not a local branch
        return "全国"
    m = ZONE.match(publisher)
    rest = publisher[m.end():] if m else ""
    # The zone itself, its committee or one of its departments (…实验区市场监督管理局).
    return m.group(1) if m and (not rest or ORGAN_END.search(rest)) else ""
@dataclass
class _Org:
    path: list[Division]
    rest: str  # what follows the place names: "", 人民政府, 经济和信息化委员会...
    lead: str = ""  # a vertically managed organ named before the place (国家税务总局)


ORGAN_END = re.compile(
    r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|管委会办公室|管理委员会办公室|管委会|管理委员会"
    r"|委员会|办公厅|办公室|办事处|管理局|局|厅|委|办|署|中心|院|公司|部)$")
COMPILED_BY = re.compile(r"(?:^|[，,。；;：:、)）])\s*(?:由)?(?:我|本)?([\u4e00-\u9fff]{0,30}?)(?:编制完成了|编制了|编写了|编制完成)本(?:年度)?报告")
OWN_PLACE = re.compile(r"^(?:区|县|市|省|州|镇|乡)")


# How a publisher is named where the gazetteer does not settle it.
NAMING = vocabulary({
    "place_end": r"(?:省|市|区|县|州|旗|盟|镇|乡|街道)$",
    # "The whole county/city" in a plan's title (2023年全县政务公开工作要点): no place's name.
    "whole_place": r"^(?:全|本|我)(?:省|市|区|县|州|旗|盟|镇|乡)$",
    # 本年度报告由国家机关事务管理局根据…: the organ after it is the report's byline.
    "preamble_by": r"^本(?:年度)?报告(?:是)?由",
    # A township or street under a county or district: its government publishes as 人民政府, a
    # street's as 街道办事处. No street's name holds 街道 (中仓街道积极推动街道政府信息公开工作:
    # a sentence's subject runs on past the street's name).
    "township": r"^((?:(?!街道)[\u4e00-\u9fff]){1,8}?(?:乡|镇|苏木|街道))(?:人民政府|政府|办事处|街道办事处)?$",
})


def township_publisher(name: str) -> str:
    return name + ("办事处" if name.endswith("街道") else "人民政府")


def _with_place(named: str, text: str, context: str, hints: dict) -> str:
    """An organ named without its place, with the place `text` writes in front of the same
    words (农业农村局 -> 资溪县农业农村局); one named with its level alone, with the place of
    that level (区集体经济发展服务署 -> 深圳市福田区集体经济发展服务署); else as it is."""
    level = OWN_PLACE.match(named)
    for core in (named, named[level.end():] if level else None):
        if not core:
            continue
        found = set()
        for m in re.finditer(r"([\u4e00-\u9fff]{2,12})" + re.escape(core), text):
            before = m.group(1)
            if core != named and not before.endswith(level.group(0)):
                continue
            # The longest run of place names that ends right before the organ's name.
            place = next((before[i:] for i in range(len(before) - 1)
                          if (o := _read_org(before[i:], context, hints)) and o.rest == ""), "")
            if place:
                found.add(place + core)
        # Every mention must name the same organ (深圳市罗湖区教育局 and 罗湖区教育局 do; a
        # neighbour's, 借鉴福田区教育局经验, does not): else the name stays as it is written.
        longest = max(found, key=len, default="")
        if found and all(longest.endswith(name) for name in found):
            return longest
    return named


def _unclosed(s: str) -> bool:
    """Does `s` open a bracket it does not close?"""
    return s.count("(") + s.count("（") > s.count(")") + s.count("）")


def _organ_like(s: str) -> bool:
    # A second name in brackets may close it: 武昌经开区管委会(滨江商务区管委会).
    core = re.sub(r"[(（][^()（）]{1,20}[)）]$", "", s or "")
    return bool(core) and len(s) <= 40 and not SENTENCE.search(s) and not re.search(r"[，,、\s《》“”]", s) \
        and bool(ORGAN_END.search(core) or INSTITUTION.search(core))


# The office of a disclosure leading group compiles a report for its government: 南平市人民政府
# 信息公开工作领导小组办公室 -> 南平市人民政府; 某县某乡信息公开领导小组办公室 -> 某县某乡.
GROUP_OFFICE = re.compile(r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:领导小组)?办公室$")


def principal(organ: str) -> str:
    """The body an office of a leading group works for; the organ itself otherwise."""
    m = GROUP_OFFICE.search(organ or "")
    if not m or "领导小组" not in m.group(0):
        return organ
    rest = organ[: m.start()]
    return rest if len(rest) >= 2 else organ


# Where a report without a title names who made it: 由上海市某区某街道办事处编制, a first
# sentence whose subject is the organ (2021年，某市卫生健康委员会以…; 在…领导下，某街道办事处认真…),
# else the organ it asks readers to contact (请与某县卫生健康局联系).
BODY_ORGAN = vocabulary({
    "compiled": r"由([\u4e00-\u9fff（）()]{2,40}?)(?:根据[^。]{0,80}?)?(?:编制|制作本)",
    # (a part's numbering and heading may open the line: (一)主动公开情况。2022年某局全面…)
    "subject": r"^(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*(?P<heading>[^。，,：:]{2,16}[。．:：]\s*)?)?"
               r"(?:(?:19|20)\d{2}\s*年(?:年度|度)?(?:以来)?|一年来|本年度)\s*[，,]?\s*"
               r"(?:在[^，,。]{0,40}?下\s*[，,]\s*)?"
               r"(?P<who>[\u4e00-\u9fff（）()]{2,40}?)(?=坚持|以|认真|深入|严格|高度|按照|全面|紧紧|继续|进一步|围绕|始终|扎实|不断"
               r"|切实|依法|聚焦|持续|立足|结合|根据|加强|强化|着力|大力|在|政府信息公开工作|信息公开工作)",
    "contact": r"请(?:与|联系)\s*[:：]?\s*([\u4e00-\u9fff（）()]{2,40}?)(?:联系|[(（，,：:])",
})


# an organ's own word for itself, naming no one (2020年，分局认真贯彻…)
GENERIC_ORGAN = re.compile(r"^[总分支本该]?(?:局|委|办|厅|院|署|中心|公司|部)$")
# the office inside an organ that a contact line names: 办公室, 综合一科, 政务公开股; the organ
# ends in a word of its own (a government's 办公室 is an organ itself, …政府办 no name)
INNER_UNIT = re.compile(r"办公室|(?:(?![局委院厅署省市区县镇乡])[\u4e00-\u9fff]){1,6}(?:科|股)")
# a township's or street's own offices: 党政办公室, 综合办公室, 党政综合办公室
TOWNSHIP_OFFICE = re.compile(r"(?:党政|综合|党政综合|党群)?办公室|(?:党政|综合)办")
OWN_ORGAN_END = re.compile(r"(?:局|委员会|委|中心|院|署|厅|管委会|办公室)$")
# a committee whose office is the organ that works and publishes (机构编制委员会办公室, 编委办)
COMMITTEE_WITH_OFFICE = re.compile(r"(?:编委|编制委员会)$")
# a report speaking as its place's government: 我县, 我区…
PLACE_VOICE = re.compile(r"我(?:省|市|区|县|州|旗|盟|镇|乡|街道)")


def _without_inner_unit(who: str) -> str:
    """请与某区某局综合一科联系: the organ, not the office in it that answers readers; 请与某街道
    综合办公室联系: the street."""
    for cut in range(2, len(who) - 1):
        if OWN_ORGAN_END.search(who[:cut]) and INNER_UNIT.fullmatch(who[cut:]) and _organ_like(who[:cut]) \
                and not COMMITTEE_WITH_OFFICE.search(who[:cut]):
            return who[:cut]
        if NAMING.township.fullmatch(who[:cut]) and TOWNSHIP_OFFICE.fullmatch(who[cut:]):
            return who[:cut]
    return who


def body_publisher(text: str) -> str:
    """The organ (or place) a report's own sentences name as its maker; "" when none."""
    head = text[:3000]
    # (who, whether the words may name a unit at work rather than the maker: the subject of a
    # part's first sentence, the office readers are to contact)
    found = [(_without_inner_unit(m.group(1)), False) for m in BODY_ORGAN.compiled.finditer(head)]
    found += [(m.group("who"), bool(m.group("heading"))) for line in _lines(head)[:12] if (m := BODY_ORGAN.subject.match(line))]
    found += [(_without_inner_unit(m.group(1)), True) for m in BODY_ORGAN.contact.finditer(head)]
    as_place = PLACE_VOICE.search(head)
    for who, unit in found:
        who = principal(who)
        if who[0] in "我本全各该" or GENERIC_ORGAN.match(who):
            continue
        if unit and as_place and not who.endswith("政府"):
            continue  # a report that speaks as its place (我县…) is its government's, not this unit's
        if _organ_like(who) or NAMING.township.match(who):
            return who
        placed = _read_org(who, head, {})
        if placed and placed.rest == "":
            return who
    return ""


def named_publisher(title: str, front_lines: list[str], text: str, hints: dict) -> str:
    """The issuing body as the document names it, where the gazetteer cannot place its title:
    the organ its title names; else the organ signed under its title (a byline); else the one
    its preamble says compiled it (我区管委会办公室编制完成了本报告); else the page's 发布机构;
    else the place its title names (平潭综合实验区2020年度… is published by that place)."""
    head = _organ_part(title).split("关于")[0].strip(" 的")
    if head[:1] in ("我", "本"):
        head = ""  # …年度我乡信息公开工作年度报告: a report's word for its own maker names no one
    if _organ_like(head):
        return head
    if not head:  # a title cut short (关于…): the organ heading the notice's own title line
        for line in front_lines[:6]:
            m = re.match(r"^(.{2,40}?)关于", tidy(line))
            if m and _organ_like(m.group(1)) and not REPORT_PREAMBLE.search(m.group(1)):
                return m.group(1)
    # Only a place's name (…区, …县, …省) publishes as a place: other words are no publisher.
    place = head if head and not SENTENCE.search(head) and len(head) <= 20 and NAMING.place_end.search(head) \
        and not NAMING.whole_place.match(head) else ""
    if not place and (town := NAMING.township.match(head or "")):
        place = town.group(1)  # 青龙镇政府: the township's
    after_title = [l for l in front_lines if tidy(l) != title]
    for line in after_title[:4]:
        if REPORT_PREAMBLE.search(tidy(line)) and not NAMING.preamble_by.match(tidy(line)):
            continue  # 本年度报告依据…办公室…要求编制: the organ cited, not the byline
        t = NAMING.preamble_by.sub("", tidy(line))
        m = re.match(r"^([^，,、。；;：:\s]{2,40}?)(?=[〇零一二三四五六七八九]{4}年|(?:19|20)\d{2}年|本报告|根据|$)", t)
        if m and _organ_like(m.group(1)) and (not place or m.group(1).startswith(place)):
            return principal(m.group(1))
    # 我区管委会办公室 means the title's place's: without one the words name no one.
    if place and (m := COMPILED_BY.search(text[:3000])):
        who = OWN_PLACE.sub("", m.group(1))
        if not who:
            return place
        if _organ_like(who):
            return who if who.startswith(place) else place + who
    issuer = tidy(hints.get("issuer") or "")
    if _organ_like(issuer):
        return issuer
    # a page's 信息来源 line above the text (信息来源：沙塘镇人民政府), where it reads as an organ of
    # the title's place, if the title names one
    source = tidy(hints.get("source") or "")
    if _organ_like(source) and (not place or source.startswith(place)):
        return source
    return township_publisher(place) if NAMING.township.match(place) else place


PLACELESS_ISSUER = re.compile(
    r"^(?P<organ>[省市县区](?:人民)?政府(?:办公厅|办公室)?)关于(?:印发|转发|下发|公布)《?(?P<place>[\u4e00-\u9fff]{1,10}?[省市县区])")


def _organ_part(title: str) -> str:
    """The words of a title that name its publisher: before the kind phrase, years removed."""
    m = TITLE.annual.search(title) or TITLE.work_plan.search(title)
    head = title[: m.start()] if m else title
    if not m:
        head = re.split(r"关于", head, maxsplit=1)[0]
    # who carries out another's plan (广东省贯彻落实国务院办公厅2022年…要点分工方案): the one before the verb
    head = re.split(r"贯彻落实|贯彻执行|落实", head, maxsplit=1)[0] or head
    head = re.sub(r"(?:19|20)\d{2}\s*年度?|[〇零一二三四五六七八九]{4}\s*年度?", "", head)
    head = re.sub(r"(?<!\d)(?:19|20)\d{2}$", "", head.strip())  # a year without its 年 (…国资委2020政府信息公开…)
    # An office named by its level alone (市人民政府办公室关于印发宜昌市…): the place is the one the
    # notice issues its plan for.
    if (m := PLACELESS_ISSUER.match(head)) and m.group("place")[-1] == m.group("organ")[0]:
        head = m.group("place") + m.group("organ")[1:]
    # An aside (青龙镇政府(机关)) names no one.
    head = re.sub(r"[(（][^()（）]{1,6}[)）]$", "", head.strip(" 　的"))
    return head.strip(" 　的")


def _read_org(s: str, context: str, hints: dict) -> _Org | None:
    g = gazetteer()
    pos, chain = 0, []
    while pos < len(s):
        found = None
        for n, hits in g.names_at(s, pos):
            if chain:
                hits = [h for h in hits if g.is_under(h, chain[-1])]
            if hits:
                found = (n, hits)
                break
        if not found:
            break
        n, hits = found
        chosen = _choose(hits, context, hints) if len(hits) > 1 else hits[0]
        if chosen is None:
            break  # a name of several places that nothing tells apart: no guess
        chain.append(chosen)
        pos += n
    if not chain:
        return None
    return _Org(g.path(chain[-1]), s[pos:].strip())


def _choose(hits: list[Division], context: str, hints: dict) -> Division | None:
    g = gazetteer()

    def score(d):
        ancestors = g.path(d)[:-1]
        mentions = sum(context.count(a.name) + (context.count(a.short) if len(a.short) >= 2 else 0) for a in ancestors)
        preferred = any(a.name == hints.get("province") or a.short == hints.get("province") for a in ancestors)
        return (mentions, preferred)

    scores = [score(d) for d in hits]
    best = max(scores)
    if scores.count(best) > 1:
        return None  # 南山区 of 深圳 or of 鹤岗: the document must say which
    return hits[scores.index(best)]


def _find_org(s: str, context: str, hints: dict) -> _Org | None:
    """A run of place names in `s` starting at its start, or failing that anywhere in it."""
    org = _read_org(s, context, hints)
    if org:
        return org
    for i in range(1, len(s)):
        if ZONE.match(s[:i]):
            return None  # 奉化经济开发区滨海新区管委会: a zone's own name, not 天津市滨海新区
        org = _read_org(s[i:], context, hints)
        if org:
            if CENTRAL_LEAD.fullmatch(s[:i]) and _department(org.rest):
                org.lead = s[:i]
            return org
    return None


# An organ managed from above names its head office before the place: 国家税务总局福建省税务局,
# 国家统计局南京调查队; its publisher keeps that name.
CENTRAL_LEAD = re.compile(r"(?:国家|中国|中华人民共和国)[\u4e00-\u9fff]{0,10}?(?:总局|总署|局|署|部|委员会|银行)")


INSTITUTION = re.compile(r"(?:中学|小学|学校|大学|学院|医院|卫生院|保健院|研究所|研究院)$")


def _government_prefix(path: list[Division]) -> str:
    unit = path[-1]
    if len(path) >= 2 and unit.type == "市辖区" and path[-2].type in CITY_PARENTS:
        return path[-2].name + unit.name
    return unit.name


def _level(path: list[Division]) -> str:
    unit = path[-1]
    if unit.type in PROVINCE_TYPES:
        return "province"
    if unit.type in CITY_TYPES:
        return "city"
    return "district"


ZONE_REST = re.compile(r"^[\u4e00-\u9fff]{0,12}?(?:开发区|高新区|园区|新区|示范区|试验区|实验区|保税区|合作区)$")


def _department(rest: str) -> str | None:
    """The organ named by `rest`, or None when `rest` means the people's government itself."""
    rest = rest.strip(" 的")
    if rest in GOVERNMENT_REST:
        return None
    m = ORGAN.match(rest)
    if not m:
        # a zone under the place (随县经济开发区) publishes as itself, not as the place's government
        return rest if ZONE_REST.match(rest) else None
    tail = re.sub(r"\s", "", rest[m.end():])
    tail_is_organ = bool(tail) and (t := ORGAN.match(tail)) is not None and t.end() == len(tail)
    if m.group(0) in ("人民政府", "政府"):
        # 西藏自治区政府国资委: the government's commission, not the government
        return m.group(0) + tail if tail_is_organ else None
    if tail_is_organ and (
            m.group(0).endswith(("管委会", "管理委员会")) or (m.group(0).endswith("局") and tail.endswith("分局"))):
        # an office of a zone's committee (…风景区管理委员会 卫生健康办公室), a bureau's branch
        # (公安局曾都区分局): the publisher, not the body above it
        return re.sub(r"\s", "", m.group(0)) + tail
    return m.group(0)


def department_slug(name: str) -> str:
    for full, _short, slug in departments():
        if name == full or name.endswith(full):
            return slug
    return _pinyin(name)


def region_slug(path: list[Division]) -> str:
    return "-".join(d.pinyin for d in path)


def make_slug(path: list[Division], department: str | None, year: int | None, kind: str, publisher: str = "") -> str:
    parts = [region_slug(path)] if path else ([_pinyin(publisher)] if publisher else [])
    if department:
        parts.append(department_slug(department))
    if year:
        parts.append(str(year))
    parts.append(kind.replace("_", "-"))
    slug = "-".join(p for p in parts if p)
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]", "", slug.lower())).strip("-") or "document"


# -- front matter facts --------------------------------------------------------------------
CATALOGUE_NUMBER = re.compile(r"^[•·]?\s*(?:备注\s*/\s*)?(?:(?:发布|发文)?文\s*号|发文字号|文件编号)\s*[:：]?\s*(?=\S)")


def find_doc_number(lines: list[str]) -> str | None:
    for line in lines:
        # A catalogue's 文号 field (• 备注/文号：某教〔2026〕1号) gives it too.
        t = CATALOGUE_NUMBER.sub("", tidy(line))
        m = DOC_NUMBER.match(t) or re.fullmatch(r"[(（]\s*(" + DOC_NUMBER.pattern + r")\s*[)）]", t)
        if m:
            found = m.group(1) if m.re is not DOC_NUMBER else m.group(0)
            return found.strip()
    for line in lines:
        # A title line closing on its 文号 in brackets (…的通知(岳办发〔2017〕2号)).
        t = tidy(line)
        m = TITLE_NUMBER.search(t)
        if m and TITLE_END.search(t[: m.start()]):
            return m.group(1).strip()
    return None


def find_issuer(lines: list[str]) -> str | None:
    for line in lines:
        t = tidy(line)
        m = re.match(r"^(.{2,40}?)关于(?:印发|转发|下发|公布)", t)
        if m and ORGAN.match(m.group(1)) and m.group(1)[0] not in "《〈<“\"(（":  # not a cited title
            return m.group(1)
    for prev, line in zip(lines, lines[1:]):
        # The organ on its own line above 关于印发…的通知 (the title broken after the organ).
        if re.match(r"^关于(?:印发|转发|下发|公布)", tidy(line)) and _organ_like(tidy(prev)):
            return tidy(prev)
        if DOC_NUMBER.match(tidy(line)):
            t = tidy(prev)
            if not SENTENCE.search(t) and ORGAN.fullmatch(t):
                return t
    return None


def find_published_on(text: str, front_lines: list[str]) -> datetime.date | None:
    for source in ("\n".join(front_lines), text):
        m = DATES.published_label.search(source)
        if m:
            d = parse_date(source[m.end(): m.end() + 30])
            if d:
                return d
    for line in front_lines:
        d = _date_alone(line)
        if d:
            return d
    tail = [l for l in _lines(text) if not _is_chrome(l)][-3:]
    for line in reversed(tail):
        d = _date_alone(line)
        if d:
            return d
    return None


_ANY_DATE = r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
_SIGNER = r"[^\s，,。；;：:、]{2,30}?(?:人民政府|政府|办公厅|办公室|办事处|管委会|委员会|局|厅|委|办|署|中心|院)"
# A signature: a date alone on its line (after its organ, if any), or an organ and a date
# closing a line; a date opening a line under an organ's line alone is one too (…办公室 /
# 2019年11月23日 followed, on the same line, by the attachment's title).
SIGNATURE = re.compile(
    rf"^(?:{_SIGNER}\s*)?({_ANY_DATE})\s*(?:[(（][^()（）]{{0,12}}[)）])?\s*$"
    rf"|(?:[。；;)）]\s*){_SIGNER}\s*({_ANY_DATE})\s*$")
DATE_OPENING = re.compile(rf"^({_ANY_DATE})(?=[^\d，,。；;起至前后以来—\-～~到])")
SIGNER_ALONE = re.compile(rf"^{_SIGNER}$")


def signing_organ(text: str) -> str:
    """The organ a document signs its last lines with (…街道办事处 / 2013年3月7日), "" when none."""
    lines = [tidy(line) for line in _lines(text)[-15:]]
    for prev, line in reversed(list(zip(lines, lines[1:]))):
        m = SIGNATURE.match(line)
        if m and m.group(1) and SIGNER_ALONE.match(prev) and _organ_like(prev):
            return prev
    return ""


def signature_date(text: str) -> datetime.date | None:
    """The first date a document is signed with (落款), in its own lines."""
    lines = _lines(text)
    for prev, line in zip(lines, lines[1:]):
        m = SIGNATURE.search(line)
        date = (m.group(1) or m.group(2)) if m else None
        if not date and SIGNER_ALONE.match(tidy(prev)) and (o := DATE_OPENING.match(line)):
            date = o.group(1)
        if date and (d := parse_date(date)):
            return d
    return None


# 自2017年1月1日起至2017年12月31日止; the second year is often left out (至12月31日).
# (a period some close before the year's end: 自2022年1月1日起至2022年12月20日止)
STATISTICS_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|～|~)\s*(?:\1\s*年\s*)?"
                               r"(?:12\s*月\s*(?:[12]\d|3[01])|1[01]\s*月\s*[1-3]?\d)\s*日")


# The parts a report of the 2019/2021 templates or an older free-format report is made of.
REPORT_PART = re.compile(
    r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*(?:行政机关)?(总体情况|概述|主动公开政府信息|(?:政府信息)?主动公开|收到和处理政府信息公开申请|(?:政府信息)?依申请公开"
    r"|政府信息公开行政复议|因政府信息公开申请行政复议|存在的主要问题)", re.M)


def _report_parts(text: str) -> bool:
    """Whether the text has a report's parts: 主动公开政府信息情况 and another one of them, or
    the 2019/2021 table of 第二十条第(一)项."""
    opening = re.sub(r"《[^《》]*》", "", "".join(_lines(text[:2000])[:3]))
    if re.search(r"报告格式|关于印发|关于转发|的通知", opening):
        return False  # a notice issuing the report's format, or forwarding one, holds its parts too
    parts = {re.sub(r"^政府信息", "", m.group(1))[:4] for m in REPORT_PART.finditer(text[:20000])}
    return "主动公开" in parts and (len(parts) >= 2 or "第二十条第" in text)


# A year the opening sentences report on: not inside a cited title (《…2020年…通知》) or an
# aside, not a day's date (2019年5月15日修订…).
OPENING_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
REPORTS_ON = re.compile(r"现将\s*(?:我[\u4e00-\u9fff]{1,2})?((?:19|20)\d{2})\s*年"
                        r"|(?:汇报|报告)\s*(?:我[\u4e00-\u9fff]{1,2})?((?:19|20)\d{2})\s*年度?\s*(?:政府信息公开|政务公开)")


def opening_year(text: str) -> int | None:
    paragraphs = [l for l in _lines(text[:4000]) if re.search(r"[，,。]", l)][:8]
    for line in paragraphs:
        if m := REPORTS_ON.search(line):
            return int(m.group(1) or m.group(2))
        bare = re.sub(r"《[^《》]*》|[(（][^()（）]*[)）]", "", line)
        m = OPENING_YEAR.search(bare[:40])
        if m:
            return int(m.group(1))
    return None


# -- the stage -----------------------------------------------------------------------------
def extract_metadata(text: str, front: str = "", hints: dict | None = None, overrides: dict | None = None) -> Metadata:
    hints = dict(hints or {})
    overrides = dict(overrides or {})
    if not front:
        from .sections import parse_sections

        front = parse_sections(text).front
    front_lines = _lines(front) or _lines(text)[:10]
    if all(_is_chrome(l) for l in front_lines):
        # A front of page chrome only (登录 注册 above a text without numbered parts): the
        # text's first lines hold the title.
        front_lines = _lines(text)[:10]

    # A crawler's header names the page's title; it beats a guess from the text.
    header_title = tidy(hints.get("title") or "")
    bracketed = TITLE_NUMBER.search(header_title)
    header_title = TITLE_NUMBER.sub("", header_title)
    found_title = header_title if 0 < len(header_title) <= 200 else find_title(front_lines)
    if not found_title:
        # A page's or PDF's own title tag, when the text has no title line at all.
        found_title = tidy(hints.get("meta_title") or "")[:200]
    crumb = tidy(hints.get("crumb_title") or "")
    if crumb and kind_of(found_title or "") == "other" and not TITLE.words.search(found_title or "") and kind_of(crumb) != "other":
        # The title a page's breadcrumb line carries (当前位置：首页… 标题 时间：…), where the
        # text's own lines name no kind of document.
        found_title = crumb
    if kind_of(found_title) == "other" and not TITLE.words.search(found_title):
        # No title line: the report's name in its preamble, else a report's preamble itself
        # (its lines joined: a pdf wraps a sentence anywhere).
        # (the text's head where the front is a line or two: a page whose parts were not found)
        preamble = re.sub(r"[ \t]*\n\s*", "", (front if len(front) >= 300 else text)[:1500])
        found_title = self_named_title(preamble) or found_title
        if kind_of(found_title) == "other" and (plan := PLAN_SELF_NAMED.search(preamble)):
            found_title = plan.group(1)  # a plan's preamble: …，现提出2020年政务公开工作要点。
        if kind_of(found_title) == "other" and (issued := ISSUED_PLAN.search(preamble)) \
                and _subject_kind(issued.group(1)) == "work_plan":
            found_title = issued.group(1)  # a notice's body issuing a plan: 现将《…工作要点》印发给你们
        if kind_of(found_title) == "other" and REPORT_PREAMBLE.search(preamble) and (
                (PERIOD_WORDS.search(preamble) and STATISTICS_PERIOD.search(preamble)) or "主动公开政府信息情况" in preamble
                or REPORT_FORMAT.search(preamble) or REPORT_PARTS_LISTED.search(preamble)):
            found_title = (found_title if TITLE.words.search(found_title) else "") or "政府信息公开工作年度报告"
        elif kind_of(found_title) == "other" and not TITLE.words.search(found_title) and _report_parts(text):
            # Neither title nor preamble: the statutory parts of a report make one.
            found_title = "政府信息公开工作年度报告"
    title = tidy(overrides["title"]) if overrides.get("title") else found_title
    # A title given by hand that names no kind, year or organ leaves those to the document's own.
    kind = kind_of(title) if kind_of(title) != "other" else kind_of(found_title or "")
    year = year_of(title) or (year_of(found_title) if found_title else None)
    if not hints.get("publisher") and _organ_like(tidy(hints.get("meta_author") or "")):
        # A PDF's Author naming an organ (not the clerk who exported it): the weakest word on
        # the publisher, taken where the title names none.
        hints["publisher"] = tidy(hints["meta_author"])
    context = "\n".join(filter(None, [front, text[:3000], hints.get("region", ""), hints.get("publisher", ""), hints.get("issuer", "")]))

    org = None
    if overrides.get("publisher"):
        org = _find_org(tidy(overrides["publisher"]), context, hints)
    if org is None:
        org = _find_org(_organ_part(title), context, hints) if title else None
    if org is None and found_title and found_title != title:
        org = _find_org(_organ_part(found_title), context, hints)
    if org and not overrides.get("publisher") and not _department(org.rest) and hints.get("issuer"):
        # A title that names only its place, on a page whose 发布机构 is that place's office:
        # the office published it.
        issued = _read_org(tidy(hints["issuer"]), context, hints)
        if issued and issued.path == org.path and _department(issued.rest):
            org = issued
    named = ""
    if org is None and not overrides.get("publisher") and title:
        named = named_publisher(title, front_lines, text, hints)
    if org is None and not named and not overrides.get("publisher") and not hints.get("publisher"):
        if kind == "annual_report":
            named = body_publisher(text)  # a report whose title names no one: who its sentences say made it
        if not named and kind in ("annual_report", "work_plan"):
            # A report or plan that names no maker elsewhere: the organ it is signed with at its end.
            named = signing_organ(text)
        if not named and _organ_like(issuer := tidy(hints.get("issuer") or "")):
            named = issuer  # nothing in the text names its maker: the page's own word (its 发布机构)
    if org is None and not named and hints.get("publisher"):
        org = _find_org(tidy(hints["publisher"]), context, hints)
    if org is None and overrides.get("region"):
        org = _find_org(tidy(overrides["region"]), context, hints)
    if org is None and hints.get("region"):
        org = _find_org(tidy(hints["region"]), context, hints)
    if org is None and named and ORGAN_END.search(named) and not NAMING.place_end.search(named):
        named = _with_place(named, text[:3000], context, hints)  # 农业农村局2020年度…
    if org is None and named and (town := NAMING.township.fullmatch(named)):
        named = township_publisher(town.group(1))  # a town or street its sentences name: its government (office)
        issued = _read_org(tidy(hints["issuer"]), context, hints) if hints.get("issuer") else None
        if issued and issued.rest.strip(" 的").startswith(town.group(1)):
            org = issued  # placed by the page's 发布机构 (昌宁县田园镇)
    if org is None and named:
        # Placed by the gazetteer when it knows the place at the name's start.
        placed = _read_org(named, context, hints)
        if placed and (_department(placed.rest) or placed.rest.strip(" 的") in GOVERNMENT_REST
                       or NAMING.township.match(placed.rest.strip(" 的"))):
            org = placed
    if org is None and not named:  # the issuing organ, or the first organ the front names
        for line in front_lines:
            # The organ a line opens with, not a place named in a sentence or a title in 《》
            # (根据《福建省政府信息公开办法》… names no publisher).
            m = ORGAN.match(tidy(line))
            # (not the addressee a notice or report opens with: 莆田市人民政府：)
            # (nor a name cut inside its brackets: 吉林省政务公开(政府信息公开)领导小组 is no 政府)
            org = _find_org(m.group(0), context, hints) if m and not re.search(r"[《“\"'，,。；：:]", m.group(0)) \
                and not re.match(r"\s*[：:]", tidy(line)[m.end():]) and not _unclosed(m.group(0)) else None
            if org:
                break

    department = None
    town = NAMING.township.match(org.rest.strip(" 的")) if org else None
    if org and town:
        # 湖口县大垅乡: the township's own government, under its county.
        prefix = _government_prefix(org.path)
        publisher = org.lead + prefix + township_publisher(town.group(1))
        region = "".join(d.name for d in org.path) + town.group(1)
        level, path = "", org.path
    elif org:
        department = _department(org.rest)
        rest = org.rest.strip(" 的")
        # a school or hospital named after its place (莆田第二中学): itself, not the government
        institution = bool(INSTITUTION.search(rest)) and department in (None, rest)
        if institution:
            department = rest
        prefix = _government_prefix(org.path)
        publisher = org.lead + prefix + (department or "人民政府")
        written = _organ_part(title) if institution and title else ""
        if written.endswith(rest) and len(written) > len(rest):
            publisher = written  # as its title writes it (福建师范大学, not 福建省师范大学)
        region = "".join(d.name for d in org.path)
        level = "department" if department else _level(org.path)
        path = org.path
    else:
        publisher = tidy(overrides.get("publisher") or named or hints.get("publisher") or "")
        region, path = unplaced_region(publisher), []
        organ = ORGAN.match(publisher) if publisher else None
        level = "department" if organ and organ.group(0) not in ("人民政府", "政府") and not publisher.endswith(("政府", "街道办事处")) else ""

    published_on = parse_date(hints.get("published_on"))
    date_from = provenance.origin("page_line") if published_on else None
    if not published_on and hints.get("page_date"):
        # A crawled page: the document's signing date, else the date the site gives.
        published_on, date_from = signature_date(text), provenance.origin("signature")
        if not published_on:
            published_on = parse_date(hints["page_date"])
            date_from = hints.get("page_date_from") or provenance.origin("crawl_header")
    # A page without a site's date: its dated lines, else the date it is signed with (落款).
    if not published_on:
        published_on, date_from = find_published_on(text, front_lines), provenance.origin("text")
    if not published_on:
        published_on, date_from = signature_date(text), provenance.origin("signature")
    if not published_on and hints.get("meta_date"):
        # Last, what the file's tags say (a page's PubDate, a PDF's CreationDate): the
        # document's own words come first.
        published_on, date_from = parse_date(hints["meta_date"]), hints.get("meta_date_from")
    if year is None and kind == "annual_report":
        # A report whose title names no year reports on the year of its statistics period,
        # else on the year its opening sentences name (2021年，我局…; 现将2013年…报告如下).
        if m := STATISTICS_PERIOD.search(re.sub(r"[ \t]*\n\s*", "", text[:5000])):
            year = int(m.group(1))
        else:
            year = opening_year(text)
    elif year is None and published_on:
        # A notice or plan whose title names no year is of the year it was issued.
        year = published_on.year
    meta = Metadata(
        title=title,
        publisher=publisher,
        region=region,
        level=level,
        year=year,
        kind=kind,
        # The 文号 under a notice's title, also when no numbered section closes the front.
        doc_number=tidy(hints["doc_number"]) if 0 < len(tidy(hints.get("doc_number") or "")) <= 60
        else find_doc_number(front_lines) or find_doc_number(_lines(text)[:3]) or (bracketed.group(1) if bracketed else None),
        published_on=published_on,
        # The issuing notice's organ; else the issuing body a crawled page's header names.
        issuer=find_issuer(front_lines) or (tidy(hints["issuer"]) if _organ_like(tidy(hints.get("issuer") or "")) else None)
        or (tidy(hints["meta_issuer"]) if _organ_like(tidy(hints.get("meta_issuer") or "")) else None),
        slug="",
        # A crawler's header first; else the page's canonical link or tags.
        source_url=hints.get("source_url") or hints.get("meta_source_url"),
        retrieved_on=parse_date(hints.get("retrieved_on")),
    )
    found_from = {
        "source_url": provenance.origin(hints.get("source_url_from", "crawl_header"), hints.get("source_url_key"))
        if hints.get("source_url")
        else hints.get("meta_source_url_from"),
        "published_on": date_from,
        "retrieved_on": hints.get("retrieved_on_from"),
    }
    meta.provenance = {name: where for name, where in found_from.items() if where and getattr(meta, name)}
    known = {f.name for f in fields(Metadata)}
    for key, value in overrides.items():
        if key not in known:
            raise ValueError(f"unknown metadata field in overrides: {key}")
        if key == "year" and value is not None:
            value = int(value)
        if key in ("published_on", "retrieved_on") and value is not None:
            value = parse_date(value)
        setattr(meta, key, value)
        if key in provenance.FIELDS:
            if value:
                meta.provenance[key] = provenance.origin("override")
            else:
                meta.provenance.pop(key, None)
    if "slug" not in overrides:
        if "region" in overrides and overrides["region"] != region:
            other = _find_org(tidy(overrides["region"] or ""), context, hints)
            path = other.path if other else []
        meta.slug = make_slug(path, department if meta.level == "department" else None, meta.year, meta.kind, meta.publisher)
    return meta


# How every warning of override_conflicts starts (the admin picks them out by it).
OVERRIDE_WARNING = "填写的"


def override_conflicts(own: Metadata, overrides: dict, text: str) -> list[str]:
    """Where metadata given by hand contradicts what the document itself says, one warning
    each (the given value is kept: the clerk may know better, but a reader should see it).
    `own` is the metadata read without the overrides. A year or kind contradicts the one the
    document's own title names; a publisher contradicts the text when the text names another
    publisher and names neither the given one nor its place."""
    warnings = []
    given_year = overrides.get("year")
    if given_year not in (None, "") and own.year and int(given_year) != own.year and year_of(own.title or ""):
        warnings.append(f"填写的年度 {int(given_year)} 与文件标题中的年度 {own.year} 不一致（标题：{own.title}）；已按填写的保存。")
    given_kind = overrides.get("kind")
    if given_kind and own.kind != "other" and given_kind != own.kind:
        warnings.append(f"填写的类型与文件标题所示的类型不一致（标题：{own.title}）；已按填写的保存。")
    given = tidy(overrides.get("publisher") or "")
    if given and own.publisher and given != own.publisher:
        head = tidy(text[:5000])
        place = given
        for suffix in ("人民政府办公厅", "人民政府办公室", "人民政府"):
            place = place.removesuffix(suffix)
        named = given in head or (len(place) >= 2 and place[-3:] in head)
        if not named:
            warnings.append(f"填写的发布机关“{given}”与文件所写的“{own.publisher}”不一致，正文中也未提到它；已按填写的保存。")
    return warnings
