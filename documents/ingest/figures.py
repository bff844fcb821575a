"""Narrative figures: the numbers written in a document's prose, with what they count.

Pure: cleaned, simplified text and its `sections.Structure` in, a list of `Figure` out; no
Django, no I/O (jieba's dictionary is only used to cut a clause into words).

    行政许可884项,比2020年增加689项     -> Figure(行政许可, 884, 项) and
                                          Figure(行政许可, 689, 项, qualifier 增加, base 2020年)
    近1900家次境内外媒体、2500余人次记者 -> Figure(境内外媒体, 1900, 家次, 近), Figure(记者, 2500, 人次, 余)
    予以公开及部分公开10538件,占30.61%  -> the share takes the label (and key) of the count before it

Choices made where the brief left room (tests in tests/documents/ingest/test_figures.py):

* What a figure is. An Arabic number (1,234 and 12.5 included; a range 3-5 gives `value` 3 and
  `upper` 5) followed by a unit from UNITS (longest first: 个工作日 before 个, 万人次 before 万),
  optionally with 余/多 between them (2500余人次). Chinese numerals count only in the 十余场
  form. A number with no unit is no figure, except the change in `比2020年增加204` whose unit is
  taken from the figure it compares (行政强制208项).
* What is skipped: numbers inside 《书名号》, inside short “quotes” (slogans and names such as
  “15分钟社区生活圈”, 促消费“15条”, “12345”), inside 〔〕【】; numbers after 第 (第130次, 第5年);
  numbers glued to Latin letters (IPv6, G60); anything followed by 年/月/日/号/届/版 (no such
  unit exists, so years, dates, 文号 and versions never match); numbers inside table blocks
  and table sections (`structure.tables`, sections of kind "table").
* Qualifier: 约/左右 -> "约"; 余/多 -> "余"; 近/将近/接近 -> "近"; 以上/超过/逾/多于 -> "以上";
  比/较 ... 增加/增长/上升/提高 -> "增加" and 减少/下降/降低 -> "减少", with `base` the comparison
  point as written (2020年, 上年, 去年同期).
* Label. When the unit is followed by a noun phrase (11个项目绩效评价结果, 近400件政策文件实现...)
  the label is that phrase, up to the clause end, the next figure or a verb that starts the
  predicate (实现, 参加, 全部 ...). Otherwise it is the clause before the number (from the last
  ,，、；：( or the previous figure), with leading time, scope and adverbs dropped (2023年, 全年,
  全市, 其中, 共, 累计), with everything up to the last predicate verb from CUT_VERBS dropped
  (公开, 发布, 收到, 答复, 举行, 刊登 ...; 信息公开 and 政务公开 are nouns), 因…原因 dropped, and
  trailing 为/达/共/占 dropped; a phrase with 的 keeps what follows its last 的. A clause that
  leaves nothing (占30.61%, 减为15个工作日) takes the label of the figure before it in the
  same sentence; a share (`占` + %) is keyed `<the count's key>.share`.
* Keys. Only figures in a sentence clearly about the disclosure statistics are linked, with
  qualifier None, and only to keys metric_keys.py defines (KEYS or NARRATIVE_SUMS; all keys
  are allowed when it cannot be imported): see `_candidate_key`. The 依申请 outcomes need a
  sentence or section about applications (依申请, 政府信息公开申请) and the unit 件; 行政复议 /
  行政诉讼 need 信息公开 in the label or the context; 结果纠正 takes review.corrected or
  litigation.corrected from the count before it; procurement needs a 主动公开 section.
  Counts of items in lists (Yangpu's 行政许可884项 in a 权责清单) are never linked, nor is
  Yangpu's 行政事业性收费项目26项: no canonical key holds a current count of fee items (the
  2019 template has 上一年项目数量 and 本年增/减 only).
* Nil statements of the older reports: 未收到有关政府信息公开的申请 (requests.new.total),
  未收到…信息公开…行政复议 (review.total), …行政诉讼 (litigation.total) are figures 0 with those
  keys (ZERO_STATEMENTS); an application clause that goes on to 复议 / 诉讼 is about those.
  Applications are counted in 件, in those reports also in 条 and 份, in some in 项, and their answer words
  同意公开答复数 / 同意部分公开答复数 are the 予以公开 / 部分公开 keys. Applications 上年结转 and
  结转下年(办理) in the applications' context are the template's rows 二 and 四.
* sentence: the text between two of 。；;！!？? or line ends, its closing mark included.
  section: the section whose body spans hold the figure, else the innermost section whose
  start..end holds it, else None (front matter).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import jieba

from .prose import NUM, UNITS, cn_number, section_at, sentence_span

jieba.setLogLevel(60)

# a unit followed by these characters is the start of a word, not a unit (26项目, 3人民, 5条例)
NOT_UNIT_BEFORE = {
    "项": "目", "人": "民员才口群士", "家": "庭长乡属", "条": "例件款线", "期": "间限刊待望末",
    "次": "数序", "部": "门分署委", "名": "单称录义额", "类": "型别", "场": "所景地馆",
    "处": "理置罚室", "种": "类植", "分": "之别类配析", "位": "于置", "本": "级区市地届",
    "张": "贴", "台": "账湾", "所": "属有在", "块": "钱", "天": "然津气",
    "个": "人体性", "倍": "增",
}

UNIT_RX = "|".join(re.escape(u) for u in UNITS)
# A number starts where a run of digits starts: a match inside the run would have matched at its
# start, and trying every offset of a long run is quadratic.
FIGURE = re.compile(
    rf"(?<!\d)(?P<num>{NUM})(?:\s*(?P<dash>[-~～—–至到])\s*(?P<num2>{NUM}))?\s*(?P<infix>余|多)?(?P<unit>{UNIT_RX})"
    rf"(?P<post>以上|左右|多)?"
)
CN_FIGURE = re.compile(rf"(?<![一二两三四五六七八九十百千])(?P<num>[一二两三四五六七八九十百千]+)(?P<infix>余|多)(?P<unit>{UNIT_RX})")
CHANGE_BARE = re.compile(
    rf"(?:比|较)[^,，。；;、]{{0,14}}?(?:增加|增长|上升|提高|减少|下降|降低)了?(?P<num>{NUM})(?![\d.,%\w])"
)
CLAUSE_SEP = re.compile(r"[,，。；;：:、!！?？\n(（)）]")

PRE_QUALIFIERS = [("将近", "近"), ("接近", "近"), ("近", "近"), ("约", "约"), ("大约", "约"),
                  ("超过", "以上"), ("逾", "以上"), ("多于", "以上"), ("高于", "以上")]
CHANGE = re.compile(
    r"(?:(?P<pre>.*?)(?:比|较|同比|环比)(?P<base>[^,，。；;]{0,12}?))?"
    r"(?P<dir>增加|增长|上升|提高|提升|(?<!新)增|减少|下降|降低|减)了?$"
)
_CHANGE_END = re.compile(r"(?:增加|增长|上升|提高|提升|(?<!新)增|减少|下降|降低|减)了?$")


def change_at_end(clause: str):
    """CHANGE.search(clause) in linear time. A searched `.*?` retries from every offset of a long
    clause; but whatever matches with 比/较 from a later offset matches from the first one, so
    the clause is matched from its start, else only its last word can be the change."""
    if not _CHANGE_END.search(clause):
        return None
    return CHANGE.match(clause) or CHANGE.search(clause, max(0, len(clause) - 3))


INHERIT_TAIL = re.compile(r"(?:占(?:比)?|比例为|比重为|占比为|减为|降为|增至|增为|提高到|提高至|降至|缩短至|缩短为|缩减至|到|至|为)$")

# dropped from the start of a clause (repeatedly)
LEAD_DROP = {
    "全年", "年内", "本年", "本年度", "今年", "当年", "其中", "另外", "此外", "同时", "另", "并", "还", "又",
    "全市", "全区", "全县", "全省", "全委", "全局", "市区", "两级", "市区两级", "本区", "本市",
    "共", "共计", "累计", "总计", "合计", "已", "已经", "均", "先后", "全部", "主动", "集中", "及时",
    "依法", "分别", "统一", "进一步", "首次", "持续", "有", "计", "全", "一共", "目前", "现", "截至",
}
# dropped wherever they stand as words inside a label
FILLERS = {"全年", "年内", "共", "共计", "累计", "总计", "合计", "均", "已", "已经", "先后", "一共"}
# dropped from the end of a clause (repeatedly)
TRAIL_DROP = {"为", "是", "达", "达到", "有", "计", "共", "共计", "累计", "约", "近", "超过", "逾", "占", "等",
              "总计", "合计", "总数", "在", "从", "由", "多达", "高达"}
# predicate verbs: the label is what follows the last of them
CUT_VERBS = {
    "公开", "发布", "公布", "公示", "印发", "出台", "制定", "制发", "收到", "受理", "答复", "办结", "举行", "举办",
    "召开", "开展", "组织", "刊登", "编辑", "汇集", "集成", "推出", "设立", "开设", "增设", "新增",
    "新设", "推送", "更新", "提供", "包括", "包含", "含", "评选", "评选出", "出", "收录", "拆解", "回收",
    "覆盖", "涉及", "惠及", "接入", "实现", "征集", "收取", "提炼", "实施", "受理", "抽查", "抽样", "检查", "邀请", "聘请",
    "完成", "建成", "建设", "开通", "办理", "处理", "清理", "审查", "录入", "报送", "发放", "培训", "走访",
    "接待", "接听", "收集", "采纳", "通报", "约谈", "督办", "纳入", "形成", "整理", "选取", "开放",
    "参加", "参与", "获得", "明确", "梳理", "编制",
}
# a cut that leaves only these is no cut (区人大代表建议办理结果 keeps 办理)
HEAD_NOUNS = {"结果", "情况", "数量", "金额", "件数", "总数", "人数", "时间", "时限", "事项", "工作", "数",
              "率", "量", "总量", "总额", "费用", "项目", "信息", "意见", "报告", "答复", "文件", "规定"}
CONJ = {"及", "和", "与", "或", "的", "、", "以及", "并", "等", "”", "》"}
NOUN_COMPOUND_BEFORE = {"信息", "政务", "政府", "校务", "村务", "居务", "厂务", "党务"}
# after a unit: these words start the predicate and end the label
AFTER_STOP = CUT_VERBS | {
    "实现", "全部", "同时", "参加", "参与", "建成", "接入", "达到", "进行", "通过", "减为", "从", "在", "于",
    "被", "将", "已", "均", "并", "向", "对", "获", "得到", "列入", "纳入", "的", "中", "其中", "共", "累计",
    "进入", "入选", "成为", "为", "是", "有", "可", "以", "和", "及", "与", "等", "占", "比", "较",
    "减", "增", "降", "升",
}


@dataclass
class Figure:
    label: str
    value: Decimal
    unit: str
    qualifier: str | None   # "约" | "余" | "近" | "以上" | "增加" | "减少" | None
    sentence: str           # the sentence it came from
    start: int              # offsets of the number+unit in the input text
    end: int
    section: int | None     # index into structure.sections
    key: str | None         # canonical key when linked with confidence
    source: str = "narrative"
    base: str | None = None         # for 增加/减少: what it is compared with, as written (2020年)
    upper: Decimal | None = None    # for a range (3-5个): its upper end; `value` is the lower end


# -- masks and spans -------------------------------------------------------------------------
def _masked_spans(text: str, structure) -> list[tuple[int, int]]:
    """Spans whose numbers are never figures: 《titles》, short “quotes”, 〔〕【】, tables."""
    spans: list[tuple[int, int]] = []
    depth, open_at = 0, 0
    for m in _TITLE_MARK.finditer(text):  # only the characters that matter, not every one
        i, ch = m.start(), m.group()
        if ch == "《":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((open_at, i + 1))
        elif ch == "\n" and depth:
            depth = 0
    for rx in (r"“[^“”\n]{0,40}”", r"「[^「」\n]{0,40}」", r"〔[^〔〕\n]{0,20}〕", r"【[^【】\n]{0,40}】",
               r"\"[^\"\n]{0,40}\""):
        spans.extend(m.span() for m in re.finditer(rx, text))
    spans.extend(table_spans(structure))
    # Rows of `|`- or tab-separated cells (HTML and Word tables arrive so) are tables.py's cells.
    spans.extend(m.span() for m in _ROW.finditer(text) if len([c for c in _CELL_SEP.split(m.group(0)) if c.strip()]) >= 2)
    return spans


_TITLE_MARK = re.compile("[《》\n]")
_ROW = re.compile(r"^[^\n]*[|｜\t][^\n]*$", re.M)
_CELL_SEP = re.compile(r"[|｜\t]")


def table_spans(structure) -> list[tuple[int, int]]:
    """Where the tables of a structure are: table blocks and sections of kind "table"."""
    if structure is None:
        return []
    spans = [(t.start, t.end) for t in getattr(structure, "tables", [])]
    spans += [(s.start, s.end) for s in getattr(structure, "sections", []) if s.kind == "table"]
    return spans


def _within(spans):
    """A test of whether an offset lies in any of `spans` (start, end), by bisection over
    their union: every number found is tested."""
    union = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if union and start <= union[-1][1]:
            union[-1][1] = max(union[-1][1], end)
        else:
            union.append([start, end])
    starts = [start for start, _ in union]

    def inside(pos: int) -> bool:
        at = bisect.bisect_right(starts, pos) - 1
        return at >= 0 and pos < union[at][1]

    return inside


def _decimal(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


# -- labels ----------------------------------------------------------------------------------
def _words(s: str) -> list[str]:
    return list(_cut(s))


@functools.lru_cache(maxsize=20_000)
def _cut(s: str) -> tuple:
    """jieba's words of a clause (cached: clauses recur across a publisher's reports)."""
    return tuple(w for w in jieba.lcut(s, HMM=False) if w.strip())


def _quoted_flags(words: list[str]) -> list[bool]:
    flags, inside = [], 0
    for w in words:
        if w in ("“", "《", "「"):
            inside += 1
            flags.append(True)
            continue
        if w in ("”", "》", "」"):
            inside = max(0, inside - 1)
            flags.append(True)
            continue
        flags.append(inside > 0)
    return flags


def _tidy(words: list[str]) -> str:
    words = [w for w in words if w not in FILLERS]
    while words and words[-1] in TRAIL_DROP:
        words.pop()
    quoted = _quoted_flags(words)
    last_de = max((i for i, (w, q) in enumerate(zip(words, quoted)) if w == "的" and not q), default=None)
    if last_de is not None and len("".join(words[last_de + 1:])) >= 2:
        words = words[last_de + 1:]
    return "".join(words).strip(" ,，、：:")


def label_before(clause: str) -> str:
    """The noun phrase a clause ending just before a number measures."""
    clause = clause.strip()
    clause = re.sub(r"^因.*?(?:原因|等情形|情形)", "", clause)
    clause = re.sub(r"^(?:\d{4}年(?:度)?|截至\S*?年底|截至\S*?月底)", "", clause)
    words = _words(clause)
    while words and (words[0] in LEAD_DROP or re.fullmatch(r"\d{4}年度?", words[0])):
        words.pop(0)
    while words and words[-1] in TRAIL_DROP:
        words.pop()
    quoted = _quoted_flags(words)
    for i in range(len(words) - 1, -1, -1):
        if words[i] not in CUT_VERBS or quoted[i]:
            continue
        if words[i] == "公开" and i > 0 and words[i - 1] in NOUN_COMPOUND_BEFORE:
            continue
        rest = words[i + 1:]
        if not rest or rest[0] in CONJ or all(w in HEAD_NOUNS for w in rest) or len("".join(rest)) < 2:
            continue
        return _tidy(rest)
    return _tidy(words)


def label_after(after: str) -> str:
    """The noun phrase right after a unit (11个项目绩效评价结果 -> 项目绩效评价结果), or ""."""
    m = CLAUSE_SEP.search(after)
    segment = after[: m.start()] if m else after
    words = _words(segment)
    out = []
    quoted = _quoted_flags(words)
    for k, (w, q) in enumerate(zip(words, quoted)):
        if not q and (w in AFTER_STOP or re.match(r"\d", w)):
            # 办理时间, 抽查情况: a verb followed by its head noun is part of the phrase
            if not (w in CUT_VERBS and k + 1 < len(words) and words[k + 1] in HEAD_NOUNS and out) \
                    and not (w == "公开" and out and out[-1] in NOUN_COMPOUND_BEFORE):
                break
        out.append(w)
    while out and out[-1] in TRAIL_DROP | {"“", "《"}:
        out.pop()
    label = "".join(out)
    if label.count("“") != label.count("”") or label.count("《") != label.count("》"):
        return ""
    return label


# -- finding ---------------------------------------------------------------------------------
@dataclass
class _Raw:
    start: int          # where the number starts
    end: int            # after the unit
    value: Decimal
    upper: Decimal | None
    unit: str
    infix: str | None
    post: str | None
    bare_change: bool = False


def _bad_context(text: str, start: int, end: int, unit: str) -> bool:
    before = text[start - 1] if start else ""
    if before == "第" or (before and before.isascii() and (before.isalnum() or before in "._/-:")):
        return True
    # 编号12件 is a label, not a count
    if start >= 2 and text[start - 2: start] in ("编号", "号为"):
        return True
    nxt = text[end] if end < len(text) else ""
    if nxt and nxt in NOT_UNIT_BEFORE.get(unit, ""):
        return True
    if nxt and (nxt.isascii() and nxt.isalnum()):
        return True
    if nxt in ("年", "月", "日", "号", "届", "版", "周", "期") and unit not in ("%",):
        return True
    return False


LIMIT_BEFORE = re.compile(
    r"(?:(?:不得|不应|不能|不宜|不)(?:低于|少于|超过|高于|多于|小于|大于|晚于)|(?:至少|最少|最多|最低|最高)[\u4e00-\u9fff]{0,3})\s*$")
TIME_UNITS = {"个工作日", "工作日", "个月", "天", "分钟"}


def is_limit(text: str, start: int, end: int, unit: str) -> bool:
    """Does the number state a limit (不低于60%, 至少1个, 5个工作日内)? Those are targets, not figures."""
    if LIMIT_BEFORE.search(text[max(0, start - 8):start]):
        return True
    return (unit in TIME_UNITS and text[end:end + 1] == "内") or text[end:end + 2] == "以内"


def _raw_figures(text: str, masked) -> list[_Raw]:
    found: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    in_masked = _within(masked)
    for m in FIGURE.finditer(text):
        start, end = m.start("num"), m.end("unit")
        if in_masked(start) or _bad_context(text, start, end, m.group("unit")):
            continue
        if is_limit(text, start, end, m.group("unit")):
            continue
        if m.group("num2") and m.group("dash") in "至到" and re.match(r"(19|20)\d\d$", m.group("num")):
            continue
        value = _decimal(m.group("num"))
        if value is None:
            continue
        upper = _decimal(m.group("num2")) if m.group("num2") else None
        found.append(_Raw(start, end, value, upper, m.group("unit"), m.group("infix"), m.group("post")))
        taken.append((start, end))
    in_taken = _within(taken)
    for m in CN_FIGURE.finditer(text):
        start, end = m.start("num"), m.end("unit")
        if in_masked(start) or in_taken(start) or _bad_context(text, start, end, m.group("unit")):
            continue
        n = cn_number(m.group("num"))
        if n is None:
            continue
        found.append(_Raw(start, end, Decimal(n), None, m.group("unit"), m.group("infix"), None))
    for m in CHANGE_BARE.finditer(text):
        start, end = m.span("num")
        if in_masked(start) or in_taken(start):
            continue
        value = _decimal(m.group("num"))
        if value is not None:
            found.append(_Raw(start, end, value, None, "", None, None, bare_change=True))
    found.sort(key=lambda r: r.start)
    return found


def _pre_qualifier(text: str, start: int, floor: int) -> tuple[str | None, int]:
    """A qualifier written just before the number (近, 约, 超过): (qualifier, where it starts)."""
    for word, q in PRE_QUALIFIERS:
        a = start - len(word)
        if a >= floor and text[a:start] == word:
            if word == "近" and a > 0 and text[a - 1] in "最附将接临":
                continue
            return q, a
    return None, start


# Older reports say a count is nil in words: 未收到有关政府信息公开的申请, 未收到有关政府信息公开
# 行政复议申请, 未发生因政府信息公开引起的行政诉讼. Each is a figure 0 under its key, only where the
# clause names 信息公开 and the thing counted. An application clause that goes on to 复议 / 诉讼 is
# about those, not about applications.
# 未受理 is a decision on an application, not the absence of one: not among the verbs
_NONE = r"(?:未|没有|无)(?:再)?(?:收到|接到|发生|出现|产生)(?:过)?"
_CLAUSE = r"[^，,。；;！!？?\n]"
ZERO_STATEMENTS = [
    ("requests.new.total", "政府信息公开申请",
     re.compile(rf"{_NONE}{_CLAUSE}{{0,12}}?信息公开(?:的)?申请(?!的?(?:答复|回复|材料|告知))(?!{_CLAUSE}*?(?:复议|诉讼))")),
    ("review.total", "政府信息公开行政复议",
     re.compile(rf"{_NONE}{_CLAUSE}{{0,20}}?信息公开{_CLAUSE}{{0,12}}?行政复议(?!{_CLAUSE}{{0,4}}(?:纠正|决定|结果))")),
    ("litigation.total", "政府信息公开行政诉讼",
     re.compile(rf"{_NONE}{_CLAUSE}{{0,20}}?信息公开{_CLAUSE}{{0,20}}?行政诉讼(?!{_CLAUSE}{{0,4}}(?:纠正|判决|结果))")),
]


def _zero_figures(text: str, masked, structure) -> list[Figure]:
    in_masked = _within(masked)
    out = []
    for key, label, rx in ZERO_STATEMENTS:
        for m in rx.finditer(text):
            if in_masked(m.start()):
                continue
            s_a, s_b = sentence_span(text, m.start())
            out.append(Figure(label=label, value=Decimal(0), unit="件", qualifier=None,
                              sentence=text[s_a:s_b], start=m.start(), end=m.end(),
                              section=section_at(structure, m.start()), key=_known(key)))
    return out


def find_figures(text: str, structure) -> list[Figure]:
    """Every narrative figure of a cleaned, simplified text, in document order."""
    masked = _masked_spans(text, structure)
    raws = _raw_figures(text, masked)
    brackets = [m.span() for m in re.finditer(r"[(（][^()（）\n]*[)）]", text)]
    figures: list[Figure] = []
    prev_end_in_sentence: dict[tuple[int, int], int] = {}
    # the last figure of each sentence, per bracket group: a figure after (其中…5330件) refers
    # back to the one before the bracket, not to the one inside it
    last_by_sentence: dict[tuple[int, int, tuple | None], Figure] = {}
    for raw in raws:
        s_a, s_b = sentence_span(text, raw.start)
        sentence = text[s_a:s_b]
        group = next((span for span in brackets if span[0] <= raw.start < span[1]), None)
        floor = max(s_a, prev_end_in_sentence.get((s_a, s_b), s_a))
        qualifier, q_start = _pre_qualifier(text, raw.start, floor)
        if raw.infix:
            qualifier = "余"
        if raw.post in ("以上",):
            qualifier = "以上"
        elif raw.post == "左右":
            qualifier = "约"
        elif raw.post == "多":
            qualifier = "余"
        # the clause before the number
        c_a = q_start
        while c_a > floor and not CLAUSE_SEP.match(text[c_a - 1]):
            c_a -= 1
        clause = text[c_a:q_start]
        previous = last_by_sentence.get((s_a, s_b, group)) or (
            last_by_sentence.get((s_a, s_b, None)) if group else None)
        base = None
        label = ""
        inherited = False
        change = change_at_end(clause)
        unit = raw.unit
        if change and (change.group("base") is not None or clause.strip() == change.group(0)):
            qualifier = "减少" if change.group("dir") in ("减少", "下降", "降低", "减") else "增加"
            base = (change.group("base") or "").strip() or None
            label = label_before(change.group("pre") or "") if change.group("pre") else ""
        elif raw.bare_change:
            continue
        else:
            post_end = raw.end + len(raw.post or "")
            after = text[post_end:s_b]
            if after[:1] and not CLAUSE_SEP.match(after[:1]):
                label = label_after(after)
            if not label:
                stripped = INHERIT_TAIL.sub("", clause.strip())
                if stripped != clause.strip() and not label_before(stripped):
                    inherited = True
                else:
                    label = label_before(clause)
        if not label and not inherited:
            # nothing before and no noun after (其中300人参加): the predicate that follows
            m = CLAUSE_SEP.search(text, raw.end, s_b)
            label = _tidy(_words(text[raw.end + len(raw.post or ""): m.start() if m else s_b]))
        if not label and previous is not None:
            label = previous.label
            inherited = True
        if raw.bare_change:
            if previous is None or not previous.unit:
                continue
            unit = previous.unit
        fig = Figure(
            label=label, value=raw.value, unit=unit, qualifier=qualifier, sentence=sentence,
            start=raw.start, end=raw.end, section=section_at(structure, raw.start), key=None,
            base=base, upper=raw.upper,
        )
        fig.key = _link(fig, clause, previous, inherited, structure)
        figures.append(fig)
        prev_end_in_sentence[(s_a, s_b)] = raw.end + len(raw.post or "")
        last_by_sentence[(s_a, s_b, group)] = fig
    figures.extend(_zero_figures(text, masked, structure))
    figures.sort(key=lambda f: f.start)
    _unlink_received_with_carried(figures, text)
    return figures


# How far after a count of applications received its passage may go on to say what became of
# them (…申请749件，其中自然人申请741件…；共办理718件，结转下一年31件).
PASSAGE_CHARS = 200
HANDLED = re.compile(r"办理|办结|答复|处理")


def _unlink_received_with_carried(figures: list[Figure], text: str) -> None:
    """Applications 受理 (taken in hand) in a year may be the new ones or all the year handled,
    the ones carried over from the year before included. A count of them that equals those
    handled plus those carried into the next year is the second (new + carried over = handled +
    carried forward), which is the new ones only where nothing was carried over. Unless the text
    says that (上年结转0件), such a count is not given the key of the new applications. 收到 and
    新收 (received) say new."""
    carried_over = {f.value for f in figures if f.key == "requests.carried_over.total"}
    if carried_over == {Decimal(0)}:
        return
    for i, fig in enumerate(figures):
        if fig.key != "requests.new.total":
            continue
        clause = CLAUSE_SEP.split(text[max(0, fig.start - PASSAGE_CHARS) : fig.start])[-1]
        if "受理" not in clause or re.search(r"收到|新收|接收", clause):
            continue
        passage = [g for g in figures[i + 1:] if g.start - fig.end <= PASSAGE_CHARS and g.section == fig.section
                   and g.unit == fig.unit and g.qualifier is None]
        forward = {g.value for g in passage if g.key == "requests.carried_forward.total"}
        handled = {g.value for g in passage if g.key == "outcome.total.total" or (g.key is None and HANDLED.search(g.label))}
        if any(h + f == fig.value for h in handled for f in forward):
            fig.key = None


# -- canonical keys --------------------------------------------------------------------------
# A share (占30.61%) is keyed `<key of its count>.share`: never the count's own key, so that
# nothing compares 30.61 with the table's 10538, and never None, so that its label (不予公开)
# is not mapped back to the count's key by label.
SHARE_SUFFIX = ".share"
try:  # the canonical list, when present; figures.py works without it
    from .metric_keys import KEYS as _KEYS, NARRATIVE_SUMS as _NARRATIVE_SUMS
    _KNOWN_KEYS: set[str] | None = set(_KEYS) | set(_NARRATIVE_SUMS)
except ImportError:  # pragma: no cover
    _KNOWN_KEYS = None

APPLICATION_UNITS = ("件", "件次", "条", "份", "项")
APPLICATION_CONTEXT = re.compile(r"依申请|信息公开(?:的)?申请")
REVIEW_CONTEXT = re.compile(r"复议|诉讼")
PROACTIVE_CONTEXT = re.compile(r"主动公开")

# what applications are called: 信息公开申请, 依申请公开(申请), 依申请政府信息公开(事项), 依申请
APPLICATIONS = re.compile(r"^(?:收到|新收|受理|接收|(?:依法)?处理)?"
                          r"(?:(?:政府)?信息公开申请|申请|依申请(?:(?:政府)?信息)?公开(?:申请|事项)?|依申请|(?:政府)?信息依申请公开)$")

RECEIVED = re.compile(r"收到|新收|受理|接收")

COUNT_KEYS = [
    # (key, label pattern, clause pattern or None, needs application context)
    ("narrative.disclosed_and_partly", re.compile(r"^(?:予以)?公开(?:及|和|与|、)部分公开$"), None),
    ("outcome.withheld.total", re.compile(r"^不予公开$"), None),
    ("outcome.unavailable.total", re.compile(r"^无法提供$"), None),
    ("outcome.not_processed.total", re.compile(r"^不予处理$"), None),
    ("outcome.other.total", re.compile(r"^其他处理$"), None),
    ("requests.new.total", APPLICATIONS, RECEIVED),
    # the older reports' words (同意公开答复数17条): their statistics table's rows
    # (予以公开, 部分公开 alone are also said of information published, documents reviewed,
    # other years: only the older reports' answer words are taken)
    ("outcome.disclosed.total", re.compile(r"^(?:依申请)?同意公开(?:答复)?(?:件)?数?$"), None),
    ("outcome.partially_disclosed.total", re.compile(r"^同意部分公开(?:答复)?(?:件)?数?$"), None),
    ("outcome.total.total", APPLICATIONS, re.compile(r"答复|办理|办结|处理")),
]


CARRIED_KEYS = [
    ("requests.carried_over.total", re.compile(r"上年(?:度)?(?:结转|转结)(?:(?:政府)?信息公开)?(?:申请)?(?:数量)?")),
    ("requests.carried_forward.total", re.compile(r"结转(?:至)?下(?:一)?年(?:度)?(?:继续)?(?:办理)?(?:(?:政府)?信息公开)?(?:申请)?")),
]


def _heading_chain(structure, idx: int | None) -> str:
    out = []
    while idx is not None and structure is not None:
        sec = structure.sections[idx]
        out.append(sec.heading)
        idx = sec.parent
    return " ".join(out)


def _known(key: str | None) -> str | None:
    """Only keys that metric_keys defines (when it can be imported) are given out."""
    if key is None or _KNOWN_KEYS is None:
        return key
    base = key[: -len(SHARE_SUFFIX)] if key.endswith(SHARE_SUFFIX) else key
    return key if base in _KNOWN_KEYS else None


def _link(fig: Figure, clause: str, previous: Figure | None, inherited: bool, structure) -> str | None:
    return _known(_candidate_key(fig, clause, previous, inherited, structure))


def _count_key(fig: Figure, label: str, clause: str, context: str, previous: Figure | None) -> str | None:
    """The key of an application, outcome, review or litigation count in 件 (件次, 条, 份)."""
    if APPLICATION_CONTEXT.search(context) or REVIEW_CONTEXT.search(context):
        for key, label_rx, clause_rx in COUNT_KEYS:
            if label_rx.search(label) and (clause_rx is None or clause_rx.search(clause)):
                if key.startswith(("requests.", "outcome.total")) and re.search(r"上年|结转|转结", clause):
                    continue
                return key
    # 行政复议1件, 因政府信息公开工作被申请行政复议1件, 因政府信息依申请公开引起行政复议0件
    review = re.fullmatch(r"因?(?:(?:政府)?信息(?:依申请)?公开(?:工作|申请)?)?(?P<how>被申请|被|引起|提起)?行政(?P<what>复议|诉讼)(?:案件)?",
                          label)
    if review and review.group("how") and not re.search(r"信息(?:依申请)?公开|依申请", clause):
        review = None  # 全年共被申请行政复议25件，其中涉及政府信息公开的3件: all the reviews, not these
    if review and ("信息公开" in label or APPLICATION_CONTEXT.search(context) or "信息公开" in context):
        return "review.total" if review.group("what") == "复议" else "litigation.total"
    if re.fullmatch(r"(?:结果)?(?:被)?纠正(?:的)?(?:案件)?", label) and previous is not None \
            and previous.key in ("review.total", "litigation.total"):
        return previous.key.split(".")[0] + ".corrected"
    return None


def _candidate_key(fig: Figure, clause: str, previous: Figure | None, inherited: bool, structure) -> str | None:
    """A canonical key for the figure, only when the sentence is clearly about the disclosure statistics."""
    if fig.qualifier not in (None,):
        return None
    context = fig.sentence + " " + _heading_chain(structure, fig.section)
    if fig.unit == "%":
        # a share (占30.61%) belongs to the count it follows
        if inherited and previous is not None and previous.key and previous.unit != "%" \
                and re.search(r"占(?:比)?\s*$", clause):
            return previous.key + SHARE_SUFFIX
        return None
    label = fig.label
    # applications are counted in 件, in older reports also in 条 and 份, in some in 项
    if fig.unit in APPLICATION_UNITS:
        if APPLICATION_CONTEXT.search(context):
            # the template's rows 二 and 四 in the prose: 上年结转2件, 结转下年办理8件
            for key, label_rx in CARRIED_KEYS:
                if label_rx.fullmatch(label):
                    return key
        if fig.unit == "项":
            # 项 counts the items asked for as often as applications (申请公开信息45项，其中不予公开4项):
            # only applications received are taken in it (and those carried, above)
            if APPLICATION_CONTEXT.search(context) and APPLICATIONS.search(label) and RECEIVED.search(clause) \
                    and not re.search(r"上年|结转|转结", clause):
                return "requests.new.total"
        elif key := _count_key(fig, label, clause, context, previous):
            return key
    if PROACTIVE_CONTEXT.search(context):
        if fig.unit == "项" and re.fullmatch(r"政府集中采购项目(?:数量|数)?", label):
            return "proactive.procurement.count"
        if fig.unit in ("万元", "元", "亿元") and re.fullmatch(r"(?:政府集中)?采购(?:总)?金额", label):
            return "proactive.procurement.amount"
    return None
