"""What the stages reading numbers in prose share (figures.py, commitments.py): the number and
unit patterns, Chinese numerals, the sentence around an offset and the section holding it."""
from __future__ import annotations

UNITS = [
    "个工作日", "工作日", "个月", "万人次", "万家次", "万件次", "万人", "万户", "万件", "万个", "万条", "万次",
    "万元", "亿元", "万", "亿", "元", "人次", "家次", "件次", "户次", "批次", "场次", "平方米", "公里", "分钟",
    "%", "‰", "件", "项", "个", "家", "场", "篇", "次", "条", "类", "人", "名", "位", "期", "批", "份", "户",
    "座", "处", "所", "种", "部", "台", "辆", "本", "册", "张", "幅", "块", "套", "批", "天", "倍", "分",
    "亩", "吨", "万吨", "余人",
]
UNITS = sorted(set(UNITS), key=len, reverse=True)

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
CN_NUMS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SENTENCE_END = "。；;！!？?\n"


def section_at(structure, pos: int) -> int | None:
    """The index of the section holding offset `pos`: its own body spans first, else the innermost
    section whose start..end holds it; None in the front matter."""
    if structure is None:
        return None
    sections = structure.sections
    for idx, sec in enumerate(sections):
        if any(a <= pos < b for a, b in sec.spans):
            return idx
    best = None
    for idx, sec in enumerate(sections):
        if sec.start <= pos < max(sec.end, sec.start + 1):
            if best is None or sections[best].level <= sec.level:
                best = idx
    return best


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    a = pos
    while a > 0 and text[a - 1] not in SENTENCE_END:
        a -= 1
    b = pos
    while b < len(text) and text[b] not in SENTENCE_END:
        b += 1
    if b < len(text) and text[b] != "\n":
        b += 1
    while a < b and text[a].isspace():
        a += 1
    return a, b


def cn_number(s: str) -> int | None:
    """一 -> 1, 十 -> 10, 二十三 -> 23, 两 -> 2, 一百 -> 100."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in CN_NUMS:
            current = CN_NUMS[ch]
        elif ch in "十百千":
            mult = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * mult
            current = 0
        elif ch in "零〇":
            current = 0
        else:
            return None
    return total + current
