"""A stand-in for the upstream stages (decode, clean, script) on the five samples.

It approximates what those stages hand to sections.py and metadata.py:
- simplified script: OpenCC tw2sp for the Taiwan-phrased Yangpu 2020 report, t2s for the
  2023 report (plain traditional: tw2sp would turn its 文件 into 文档 and 高效能 into
  高性能); the three simplified samples are not converted;
- no pinyin annotations, no spaces between CJK and digits, ASCII digits, letters and ();
- one stripped paragraph per line, no blank lines;
- the Yangpu 2021 page-break lines joined, the Yangpu 2020 duplicated block dropped.
Page chrome (栏目导航, 字号:, 来源...发布日期, 相关词条, 分享:) is left in on purpose: the
parsers must tolerate it. To run the tests on the real stages instead, make `sample()`
return `documents.ingest.pipeline.parse_bytes(...).clean_text`.
"""
import re
from functools import lru_cache

from opencc import OpenCC

from tests.conftest import sample_text as raw

PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")
CJK_DIGIT_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=\d)|(?<=\d) +(?=[\u4e00-\u9fff])")
WIDTH = {**{chr(0xFF10 + i): str(i) for i in range(10)},
         **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
         **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
         "（": "(", "）": ")"}
PAGE_BREAK_END = re.compile(r"[。；：！？”）)]$")
SENTENCE_MARK = re.compile(r"[。，；：]")
CONVERSION = {"shanghai-yangpu-2020-annual-report": "tw2sp", "shanghai-2023-annual-report": "t2s"}


def normalize(text, *, conversion=None, join_page_breaks=False):
    if conversion:
        text = OpenCC(conversion).convert(text)
    text = PINYIN.sub("", text)
    text = CJK_DIGIT_SPACE.sub("", text)
    text = "".join(WIDTH.get(ch, ch) for ch in text)
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if join_page_breaks:
        joined = []
        for line in lines:
            if joined and not PAGE_BREAK_END.search(joined[-1]) and SENTENCE_MARK.search(joined[-1]):
                joined[-1] += line
            else:
                joined.append(line)
        lines = joined
    return "\n".join(lines) + "\n"


def drop_second_copy(text, marker):
    """Drop the second pasted copy of the block that starts with `marker`, up to the next chrome line."""
    lines = text.splitlines()
    first = lines.index(marker)
    second = lines.index(marker, first + 1)
    end = second + 1
    while end < len(lines) and lines[end] not in ("相关词条", "热门词条", "联系我们", "联络我们"):
        end += 1
    return "\n".join(lines[:second] + lines[end:]) + "\n"


@lru_cache(maxsize=None)
def sample(name, *, keep_duplicate=False):
    """The approximately cleaned, simplified text of samples/<name>.txt."""
    join = name == "shanghai-yangpu-2021-work-plan"
    text = normalize(raw(name), conversion=CONVERSION.get(name), join_page_breaks=join)
    if name == "shanghai-yangpu-2020-annual-report" and not keep_duplicate:
        text = drop_second_copy(text, "4、深化重点领域信息公开工作。")
    return text
