"""The parser's warnings and table problems in Chinese, for pages shown in Chinese.

The parser stores its sentences in English (documents/ingest/: tables.py, pipeline.py,
statutory.py, formats/pdf.py, formats/scanned.py), and they stay so: documents/quality.py counts
them by their words, and `parse --json` and the pages' .json give them as stored. Here each
sentence shape is matched as a whole and written again in Chinese; what the sentence quotes (row
labels, runs of digits, cell values, part names, domains) is carried over as it is. A sentence
of no known shape (an older parser's, or one already in Chinese such as metadata's
填写的… warnings) is returned unchanged.

Pure: no Django; `in_chinese` never raises.
"""
from __future__ import annotations

import re
from typing import Callable

# A Python repr() of a string, as the parser quotes labels, runs and cells with !r (in single
# quotes, or double ones when the text holds a single quote).
_R = r"(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"

# The result columns of table 四 by the ids tables.py names them with when it says in which
# order a header wrote them (metric_keys.RESULT_COLUMNS), so that no English id shows.
_RESULT_COLUMN = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                  "total": "总计"}
_FIELD = {"publisher": "发布机关", "year": "年度"}
_LOST = {"blank cells kept their places": "空单元格保留了位置", "cells on separate lines": "各单元格分行书写"}


def _raws(text: str) -> str:
    """tables._raws writes an empty cell as (blank); the cells themselves stay as written."""
    return re.sub(r"(?:^|(?<=, ))\(blank\)(?=, |$)", "（空）", text)


def _cands(text: str) -> str:
    """tables._candidates_text: `3|9|6442278; 3|96|442278 and 24 more`."""
    more = re.search(r" and (\d+) more$", text)
    shown = text[: more.start()] if more else text
    return shown.replace("; ", "；") + (f"……另有 {more.group(1)} 种" if more else "")


def _order(text: str) -> str:
    return "/".join(_RESULT_COLUMN.get(part, part) for part in text.split("/"))


# How a named group is written in Chinese; any group not listed is carried over as it is.
_GROUPS: dict[str, Callable[[str], str]] = {
    "raws": _raws,
    "cands": _cands,
    "order": _order,
    "field": lambda v: _FIELD.get(v, v),
    "lost": lambda v: _LOST.get(v, v),
}


def _p(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.S)


# (the English sentence as a whole, its Chinese), most specific first. Where a sentence has
# two endings the Chinese is a function of the match.
PATTERNS: list[tuple[re.Pattern, str | Callable[[dict], str]]] = [
    # -- pipeline.py
    (_p(r"(?P<domain>.+): not a government domain"), "{domain}：不是政府网站域名"),
    (_p(r"No numbered sections were found\."), "没有找到编号章节。"),
    (_p(r"The (?P<field>publisher|year) could not be inferred; set it by hand\."), "未能推断{field}，请手动设置。"),
    (_p(r"The check (?P<name>.+?) failed on text read by OCR: a misread figure may be the cause; "
        r"compare the table with the page image\."),
     "勾稽检查 {name} 在文字识别（OCR）读出的文本上未通过：可能是某个数字识别错了，请对照页面图片核对表格。"),
    # -- statutory.py
    (_p(r"The annual report lacks parts the 2019 format requires: (?P<parts>.*?)\."),
     "年度报告缺少2019年格式要求的部分：{parts}。"),
    # -- formats/pdf.py
    (_p(r"(?P<n>[\d,]+) characters of the PDF could not be read \(their fonts have no Unicode map\)\."),
     "PDF 中有 {n} 个字符无法读出（其字体未提供字符编码映射）。"),
    (_p(r"(?P<n>[\d,]+) pages have no text layer and could not be rendered for OCR \(pages (?P<pages>[^()]*)\): "
        r"their text is missing\."),
     "有 {n} 页没有文字层，也无法转成图像做文字识别（OCR）（第 {pages} 页）：这些页的文字缺失。"),
    (_p(r"(?P<n>[\d,]+) pages draw too many crossing lines \(over (?P<limit>[\d,]+) crossings\) for their tables "
        r"to be read by their rules \(pages (?P<pages>[^()]*)\): their rows are read by baseline\."),
     "有 {n} 页画出的交叉线过多（超过 {limit} 处交叉），其表格未按表格线读取（第 {pages} 页）：这些页的表格行按文字基线读取。"),
    # -- formats/scanned.py
    (_p(rf"Page (?P<page>\S+): a table cell was read as (?P<reading>{_R}) with confidence (?P<c>[\d.]+); "
        r"it is not placed \(check it against the page image\)\."),
     "第 {page} 页：一个表格单元格被识别为 {reading}，置信度 {c}；未放入表格（请对照页面图片核对）。"),
    (_p(r"Page (?P<page>\S+) took longer than (?P<s>[\d.e+]+) seconds to read by OCR; its text is missing\."),
     "第 {page} 页的文字识别（OCR）超过 {s} 秒仍未完成；该页文字缺失。"),
    (_p(r"Page (?P<page>\S+) was read by OCR with a mean confidence of (?P<c>[\d.]+): "
        r"its text may hold misread characters\."),
     "第 {page} 页经文字识别（OCR）读出，平均置信度 {c}：其文字可能有识别错误的字符。"),
    # -- tables.py: table 三 (requests)
    (_p(r"Figures come before the first row label \(本年新收…\): the labels may follow their figures, so figures "
        r"alone on their line are not given to the label above them\."),
     "数字出现在第一个行标签（本年新收…）之前：行标签可能写在其数字之后，因此单独成行的数字不归入上方的行标签。"),
    (_p(rf"Row label (?P<label>{_R}) names a row already read\."), "行标签 {label} 指向已读过的行。"),
    (_p(rf"Row label (?P<label>{_R}) is not a row of the template\."), "行标签 {label} 不是模板中的行。"),
    (_p(rf"(?P<n>\d+) figure\(s\) after (?P<label>{_R}) could not be placed: (?P<raws>.*)\."),
     "{label} 之后的 {n} 个数字未能放入表格：{raws}。"),
    (_p(r"(?P<n>\d+) figure\(s\) without a row label could not be placed: (?P<raws>.*)\."),
     "没有行标签的 {n} 个数字未能放入表格：{raws}。"),
    (_p(r"(?P<label>.+?) is a heading row but is followed by figures \((?P<raws>.*)\); not placed\."),
     "{label} 是标题行，其后却有数字（{raws}）；未放入表格。"),
    (_p(r"(?P<label>.+?): a second set of figures \((?P<raws>.*)\); not placed\."),
     "{label}：出现第二组数字（{raws}）；未放入表格。"),
    (_p(r"(?P<label>.+?): (?P<n>\d+) cells \((?P<raws>.*)\) for the (?P<m>\d+) applicant columns \((?P<lost>[^()]*)\); "
        r"the row is not placed\."),
     "{label}：{n} 个单元格（{raws}）对应申请人的 {m} 列（{lost}）；该行未放入表格。"),
    (_p(r"(?P<label>.+?) × (?P<cols>.+?) (?:is|are) blank; not placed\."), "{label} × {cols} 为空；未放入表格。"),
    (_p(rf"(?P<label>.+?) × (?P<col>.+?) holds no figure \((?P<text>{_R})\); not placed\."),
     "{label} × {col} 不是数字（{text}）；未放入表格。"),
    (_p(r"Row (?P<label>.+) was not found\."), "未找到 {label} 这一行。"),
    (_p(r"Row (?P<label>.+) is not in the 2019 template\."), "{label} 这一行不在2019年模板中。"),
    # -- tables.py: table 四 (review and litigation)
    (_p(r"(?P<label>.+?): (?P<n>\d+) cells \((?P<raws>.*)\) for the template's (?P<m>\d+); none placed\."),
     "{label}：{n} 个单元格（{raws}），模板为 {m} 个；均未放入表格。"),
    (_p(r"(?P<label>.+?): the header orders the result columns (?P<order>\S+), and the cells \((?P<raws>.*)\) "
        r"do not add up to their 总计 in that order; none placed\."),
     "{label}：表头的结果列顺序为 {order}，按这个顺序各单元格（{raws}）与其总计对不上；均未放入表格。"),
    # -- tables.py: table 二 (proactive disclosure)
    (_p(rf"Cell (?P<text>{_R}) is not part of the template; ignored\."), "单元格 {text} 不属于模板；已忽略。"),
    (_p(r"(?P<label>.+?): (?P<n>\d+) cells \((?P<raws>.*)\) for (?P<m>\d+) columns; not placed\."),
     "{label}：{n} 个单元格（{raws}）对应 {m} 列；未放入表格。"),
    (_p(rf"(?P<label>.+?): the column (?P<col>.+?) does not belong to this row in either template; "
        rf"(?P<text>{_R}) not placed\."),
     "{label}：列 {col} 在两种模板中都不属于这一行；{text} 未放入表格。"),
    # -- tables.py: a table read with each row's lines joined
    (_p(r"Read with the lines of each row joined \(as pdftotext writes a row over several lines\), the table is not "
        r"whole or does not add up down its columns: not placed that way\."),
     "把每行的多行文字连起来读（PDF 转文字时一行常被写成多行），表格不完整或各列上下相加对不上：未按这种读法放入表格。"),
    # -- tables.py: runs of digits in flattened tables
    (_p(rf"The run (?P<run>{_R}) is followed by a row numbering that is not the next row's \((?P<n>\d+)\); "
        r"not placed\."),
     "数字串 {run} 之后的行序号不是下一行的序号（{n}）；未放入表格。"),
    (_p(rf"The run (?P<run>{_R}) after 'nothing' is not a row of the template or repeats one; not placed\."),
     "数字串 {run}（前面没有文字）不属于模板中的行，或重复了已读过的行；未放入表格。"),
    (_p(rf"The run (?P<run>{_R}) after (?P<words>{_R}) is not a row of the template or repeats one; not placed\."),
     "{words} 之后的数字串 {run} 不属于模板中的行，或重复了已读过的行；未放入表格。"),
    (_p(rf"The run (?P<run>{_R}) has no row label of table 二 before it; not placed\."),
     "数字串 {run} 之前没有表二的行标签；未放入表格。"),
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) splits into the (?P<m>\d+) applicant columns in (?P<k>\d+) ways "
        r"\((?P<cands>[^()]*)\); (?P<end>the columns where they differ are not placed|not placed)\."),
     lambda g: (f"{g['label']}：数字串 {g['run']} 拆分到申请人的 {g['m']} 列有 {g['k']} 种拆分方式（{g['cands']}）；"
                + ("各拆分方式不一致的列未放入表格。" if g["end"].startswith("the columns") else "未放入表格。"))),
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) does not split into the (?P<m>\d+) applicant columns with their "
        r"总计 adding up, and its layout allows more than one split; not placed\."),
     "{label}：数字串 {run} 无法拆分到申请人的 {m} 列并使总计相符，且其版式允许多种拆分；未放入表格。"),
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) does not split into the template's (?P<n>\d+) cells with each group "
        r"of five ending in its 总计, and its layout allows more than one split; none placed\."),
     "{label}：数字串 {run} 无法拆分为模板的 {n} 个单元格并使每五个一组以其总计结尾，且其版式允许多种拆分；均未放入表格。"),
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) splits into the template's (?P<n>\d+) cells in (?P<k>\d+) ways "
        r"\((?P<cands>[^()]*)\); none placed\."),
     "{label}：数字串 {run} 拆分为模板的 {n} 个单元格有 {k} 种拆分方式（{cands}）；均未放入表格。"),
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) splits into the template's (?P<n>\d+) cells in (?P<k>\d+) ways "
        r"\((?P<cands>[^()]*)\); they differ only in the cells of (?P<parts>.+), which are not placed\."),
     "{label}：数字串 {run} 拆分为模板的 {n} 个单元格有 {k} 种拆分方式（{cands}）；"
     "各拆分方式只在{parts}的单元格上不同，这些单元格未放入表格。"),
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) is followed by (?P<next>{_R}) with no words between; "
        r"the figure may go on there; not placed\."),
     "{label}：数字串 {run} 后面紧接着 {next}，中间没有文字；这个数字可能延续到那里；未放入表格。"),
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) splits into its (?P<n>\d+) columns in (?P<k>\d+) ways "
        r"\((?P<cands>[^()]*)\); not placed\."),
     "{label}：数字串 {run} 拆分到本行的 {n} 列有 {k} 种拆分方式（{cands}）；未放入表格。"),
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) does not split into its (?P<n>\d+) columns; not placed\."),
     "{label}：数字串 {run} 无法拆分到本行的 {n} 列；未放入表格。"),
    # -- tables.py: the statistics table of the older reports
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) splits into the (?P<n>\d+) columns in (?P<k>\d+) ways "
        r"\((?P<cands>[^()]*)\); not placed\."),
     "{label}：数字串 {run} 拆分到 {n} 列有 {k} 种拆分方式（{cands}）；未放入表格。"),
    (_p(rf"(?P<label>.+?): the run (?P<run>{_R}) does not split into the (?P<n>\d+) columns; not placed\."),
     "{label}：数字串 {run} 无法拆分到 {n} 列；未放入表格。"),
]


def as_stored(message) -> str:
    """The stored sentence as a str: old data may hold {"message": …} rather than the sentence."""
    try:
        if isinstance(message, dict):
            message = message.get("message", message)
        return message if isinstance(message, str) else str(message)
    except Exception:  # a page must show, whatever an old or odd warning holds
        return ""


def in_chinese(message) -> str:
    """The message in Chinese, or as it is when it has no known shape."""
    text = as_stored(message)
    try:
        for pattern, chinese in PATTERNS:
            found = pattern.fullmatch(text)
            if found is None:
                continue
            groups = {name: _GROUPS.get(name, str)(value or "") for name, value in found.groupdict().items()}
            return chinese(groups) if callable(chinese) else chinese.format(**groups)
    except Exception:  # never break a page over a warning: show it as stored
        pass
    return text
