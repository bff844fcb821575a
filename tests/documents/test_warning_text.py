"""warning_text.py: the parser's warnings and table problems in Chinese on Chinese pages.

Every sentence shape the parser writes is listed in CASES with its Chinese; where a small input
makes the real code write it, `made_by` names that input and the test checks the sentence is
really written so. The coverage test reads the parser's source for the English pieces of its
sentences, so that a sentence added there without a pattern here fails."""
import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeData

from documents.ingest import checks, decode, ocr, pipeline
from documents.ingest.formats import scanned
from documents.ingest.formats.extracted import Extracted
from documents.ingest.pipeline import parse_bytes
from documents.loader import ingest_bytes
from documents.templatetags.readable import warning_text
from documents.warning_text import PATTERNS, in_chinese
from tests.conftest import sample_bytes
from tests.documents.corpus import SCRIPT
from tests.documents.ingest.test_tables import (
    FLAT_AFTER, FLAT_REVIEW_HEADER, PROACTIVE_LAYOUT_2021, REPORT_2023, flat_parse, flat_requests, render,
    report_text, request_grid, review_grid,
)

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "corpus" / "real"


# -- inputs that make the real code write each sentence ------------------------------------------
def _problems(requests=None, proactive=None, review=None, sep="|"):
    text = report_text(render(proactive or PROACTIVE_LAYOUT_2021, sep), render(requests or request_grid(), sep),
                       render(review or review_grid(), sep))
    return flat_parse(text)[1]


def _request_row(grid, start):
    return next(r for r in grid if r[0].startswith(start))


def heading_row_with_figures():
    grid = request_grid()
    grid.insert(grid.index(_request_row(grid, "三、本年度办理结果")), ["三、本年度办理结果", "1", "2"])
    return _problems(grid)


def row_given_twice():
    grid = request_grid()
    row = _request_row(grid, "二、上年结转")
    grid.insert(grid.index(row) + 1, list(row))
    return _problems(grid)


def row_label_outside_the_template():
    grid = request_grid()
    grid.insert(grid.index(_request_row(grid, "(七)总计")), ["(八)自行增加的一行", "1", "0", "0", "0", "0", "0", "1"])
    return _problems(grid, sep="flat")


def row_short_of_a_cell():
    grid = request_grid()
    del _request_row(grid, "二、上年结转")[3]
    return _problems(grid)


def row_short_of_a_cell_on_separate_lines():
    lines = sample_bytes(REPORT_2023).decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("二、上年結(jié)轉(zhuǎn)"))
    del lines[[k for k in range(at + 1, len(lines)) if lines[k].strip()][2]]
    return parse_bytes("\n".join(lines).encode("utf-8")).warnings


def cell_without_a_figure():
    grid = request_grid()
    _request_row(grid, "二、上年结转")[3] = "无"
    return _problems(grid)


def blank_cell():
    grid = request_grid()
    _request_row(grid, "二、上年结转")[3] = ""
    return _problems(grid)


def blank_cells():
    grid = request_grid()
    grid[0] = [grid[0][0], "", "", "申请人情况", "", "", "", ""]
    grid[1] = ["", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    at = grid.index(_request_row(grid, "(三)不予公开"))
    grid[at] = grid[at][1:]
    grid.insert(at, ["(三)不予公开", "", "", "", "", "", "", ""])
    _request_row(grid, "2.重复申请")[2:4] = ["", ""]
    return _problems(grid)


def row_missing():
    return _problems([r for r in request_grid() if not r[0].startswith("二、上年结转")])


def figures_before_the_first_label():
    grid = request_grid()
    grid.insert(3, ["1", "2", "3", "4", "5", "6", "21"])
    return _problems(grid)


def proactive_cell_outside_the_template():
    layout = [list(r) for r in PROACTIVE_LAYOUT_2021]
    layout.insert(3, ["自定义说明", "规章", "1", "2", "3"])
    return _problems(proactive=layout)


def proactive_cell_without_a_figure():
    layout = [list(r) for r in PROACTIVE_LAYOUT_2021]
    layout[6] = ["行政许可", "无"]
    return _problems(proactive=layout)


def proactive_column_of_another_row():
    layout = [list(r) for r in PROACTIVE_LAYOUT_2021]
    layout[5] = ["信息内容", "本年制发件数"]
    return _problems(proactive=layout)


def proactive_row_short_of_a_cell():
    layout = [row if row[0] != "规章" else ["规章", "18", "269"] for row in PROACTIVE_LAYOUT_2021]
    return _problems(proactive=layout, sep="flat")


def review_short_of_a_cell():
    review = review_grid()
    review[-1] = review[-1][:8] + review[-1][9:]
    return _problems(review=review, sep="flat")


def review_cell_without_a_figure():
    review = review_grid()
    review[-1][2] = "无"
    return _problems(review=review)


def review_header_in_another_order():
    results = ["结果维持", "结果纠正", "其他结果", "总计", "尚未审结"]
    review = [["行政复议", "行政诉讼"], results + ["未经复议直接起诉", "复议后起诉"], results * 2, [str(v) for v in (1, 2, 3, 4, 5) * 3]]
    return _problems(review=review)


def flat_review(run):
    return flat_parse(FLAT_REVIEW_HEADER + run + FLAT_AFTER)[1]


AMBIGUOUS = {"requests.new": "102 0 0 0 0 0 102", "outcome.disclosed": "10100000101",
             "outcome.partially_disclosed": "1000001", "outcome.unavailable.not_held": "0000000",
             "outcome.total": "102 0 0 0 0 0 102", "requests.carried_forward": "5000005"}
PARTLY_DECIDED = {"requests.new": "10100000101", "outcome.disclosed": "10100000101",
                  "outcome.partially_disclosed": "0000000", "outcome.unavailable.not_held": "0000000",
                  "outcome.total": "10100000101"}
REPEATED = "二、上年结转政府信息公开申请数量0000000"


def flat_requests_with(rows=None, old="", new=""):
    return flat_parse(flat_requests(rows).replace(old, new) + FLAT_AFTER)[1]


FLAT_PROACTIVE = ("二、主动公开政府信息情况第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数规章000"
                  "行政规范性文件3516420第二十条第(五)项信息内容本年处理决定数量行政许可1875"
                  "第二十条第(六)项信息内容本年处理决定数量行政处罚733行政强制12"
                  "第二十条第(八)项信息内容本年收费金额(单位:万元)行政事业性收费2874.0561")


def flat_proactive_with(old="", new=""):
    return flat_parse(FLAT_PROACTIVE.replace(old, new) + flat_requests() + FLAT_AFTER)[1]


def real_report(name):
    return parse_bytes((REAL / name).read_bytes()).warnings


def scanned_cell_read_with_low_confidence():
    page = ocr.OcrPage(1, 1000, 1000, lines=[ocr.OcrLine(x, 100, x + 60, 130, text, c) for x, text, c in
                                               [(10, "本年新收申请数量", 0.99), (400, "12", 0.99), (500, "4", 0.41), (600, "15", 0.99)]])
    warnings = []
    scanned.to_lines(page, 1.0, ocr.OcrLimits(), warnings, [])
    return warnings


def scanned_pages_slow_and_doubtful():
    def read_page(image, number, limits):
        if number == 1:
            return ocr.OcrPage(number, 100, 100, status="timed_out", seconds=181)
        return ocr.OcrPage(number, 1000, 1000, lines=[ocr.OcrLine(100, 100, 700, 140, "本区政务公开", 0.5)])

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr, "read_page", read_page)
        return scanned.read_pages([(0, 1, None, 1.0), (1, 2, None, 1.0)], ocr.OcrLimits()).warnings


def failed_check_on_text_read_by_ocr():
    failed = checks.Check("requests.balance.total", False, "15 + 2 ≠ 18", 17, 18)
    scan = Extracted("image", decode.Decoded("一、总体情况\n本区政务公开。", "", False), ocr={"pages": []})
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline.checks, "run_checks", lambda *a: [failed])
        mp.setattr(pipeline.formats, "extract", lambda *a, **k: scan)
        return parse_bytes(b"any").warnings


PRODUCERS = {f.__name__: f for f in [
    heading_row_with_figures, row_given_twice, row_label_outside_the_template, row_short_of_a_cell,
    row_short_of_a_cell_on_separate_lines, cell_without_a_figure, blank_cell, blank_cells, row_missing,
    figures_before_the_first_label, proactive_cell_outside_the_template, proactive_cell_without_a_figure,
    proactive_column_of_another_row, proactive_row_short_of_a_cell, review_short_of_a_cell,
    review_cell_without_a_figure, review_header_in_another_order, scanned_cell_read_with_low_confidence,
    scanned_pages_slow_and_doubtful, failed_check_on_text_read_by_ocr,
]}
PRODUCERS.update({
    "flat_review_unsplittable": lambda: flat_review("99999"),
    "flat_review_two_ways": lambda: flat_review("12130162200410001"),
    "flat_review_many_ways": lambda: flat_review("1213016" * 3),
    "flat_requests_row_repeated": lambda: flat_requests_with(old=REPEATED, new=REPEATED * 2),
    "flat_requests_unsplittable": lambda: flat_requests_with({"requests.new": "1240000169"}),
    "flat_requests_ambiguous": lambda: flat_requests_with(AMBIGUOUS),
    "flat_requests_partly_decided": lambda: flat_requests_with(PARTLY_DECIDED),
    "flat_requests_bad_numbering": lambda: flat_requests_with(old="不掌握相关政府信息21000032.", new="不掌握相关政府信息21000037."),
    "flat_proactive": lambda: flat_proactive_with(),
    "flat_proactive_figure_cut": lambda: flat_proactive_with("行政强制12", "行政强制12\n345"),
    "flat_proactive_row_twice": lambda: flat_proactive_with("行政强制12", "行政强制12行政强制13"),
    "flat_proactive_unsplittable": lambda: flat_proactive_with("规章000", "规章00"),
    "statistics_2013": lambda: real_report("fujian-pingtan-2013-annual-report.txt"),
    "statistics_2016": lambda: real_report("fujian-pingtan-2016-annual-report.txt"),
    "yangpu_2020": lambda: parse_bytes(sample_bytes("shanghai-yangpu-2020-annual-report")).warnings,
    "title_only": lambda: parse_bytes("2021年杨浦区政府信息公开工作年度报告".encode()).warnings,
    "one_sentence": lambda: parse_bytes("本区认真做好政务公开工作，各项工作稳步推进。".encode()).warnings,
})


@lru_cache(maxsize=None)
def written_by(name):
    return tuple(PRODUCERS[name]())


# -- every sentence shape, with its Chinese ------------------------------------------------------
# (English, Chinese, the input that makes the code write it or None, parts carried over as written
# that may hold Latin letters)
CASES = [
    # pipeline.py
    ("163.com: not a government domain", "163.com：不是政府网站域名", "statistics_2016", ["163.com"]),
    ("No numbered sections were found.", "没有找到编号章节。", "title_only", []),
    ("The publisher could not be inferred; set it by hand.", "未能推断发布机关，请手动设置。", "one_sentence", []),
    ("The year could not be inferred; set it by hand.", "未能推断年度，请手动设置。", "one_sentence", []),
    ("The check requests.balance.total failed on text read by OCR: a misread figure may be the cause; compare the "
     "table with the page image.",
     "勾稽检查 requests.balance.total 在文字识别（OCR）读出的文本上未通过：可能是某个数字识别错了，请对照页面图片核对表格。",
     "failed_check_on_text_read_by_ocr", ["requests.balance.total"]),
    # statutory.py
    ("The annual report lacks parts the 2019 format requires: 主动公开政府信息情况；收到和处理政府信息公开申请情况；"
     "政府信息公开行政复议、行政诉讼情况；存在的主要问题及改进情况；其他需要报告的事项.",
     "年度报告缺少2019年格式要求的部分：主动公开政府信息情况；收到和处理政府信息公开申请情况；政府信息公开行政复议、行政诉讼情况；"
     "存在的主要问题及改进情况；其他需要报告的事项。",
     "yangpu_2020", []),
    # formats/pdf.py
    ("37 characters of the PDF could not be read (their fonts have no Unicode map).",
     "PDF 中有 37 个字符无法读出（其字体未提供字符编码映射）。", None, []),
    ("2 pages have no text layer and could not be rendered for OCR (pages 2, 5): their text is missing.",
     "有 2 页没有文字层，也无法转成图像做文字识别（OCR）（第 2, 5 页）：这些页的文字缺失。", None, []),
    ("1 pages draw too many crossing lines (over 8,000 crossings) for their tables to be read by their rules "
     "(pages 3): their rows are read by baseline.",
     "有 1 页画出的交叉线过多（超过 8,000 处交叉），其表格未按表格线读取（第 3 页）：这些页的表格行按文字基线读取。", None, []),
    # formats/scanned.py
    ("Page 1: a table cell was read as '4' with confidence 0.41; it is not placed (check it against the page image).",
     "第 1 页：一个表格单元格被识别为 '4'，置信度 0.41；未放入表格（请对照页面图片核对）。",
     "scanned_cell_read_with_low_confidence", []),
    ("Page 1 took longer than 180 seconds to read by OCR; its text is missing.",
     "第 1 页的文字识别（OCR）超过 180 秒仍未完成；该页文字缺失。", "scanned_pages_slow_and_doubtful", []),
    ("Page 2 was read by OCR with a mean confidence of 0.50: its text may hold misread characters.",
     "第 2 页经文字识别（OCR）读出，平均置信度 0.50：其文字可能有识别错误的字符。", "scanned_pages_slow_and_doubtful", []),
    # tables.py, table 三
    ("Figures come before the first row label (本年新收…): the labels may follow their figures, so figures alone on "
     "their line are not given to the label above them.",
     "数字出现在第一个行标签（本年新收…）之前：行标签可能写在其数字之后，因此单独成行的数字不归入上方的行标签。",
     "figures_before_the_first_label", []),
    ("7 figure(s) without a row label could not be placed: 1, 2, 3, 4, 5, 6, 21.",
     "没有行标签的 7 个数字未能放入表格：1, 2, 3, 4, 5, 6, 21。", "figures_before_the_first_label", []),
    ("Row label '二、上年结转政府信息公开申请数量' names a row already read.",
     "行标签 '二、上年结转政府信息公开申请数量' 指向已读过的行。", "row_given_twice", []),
    ("7 figure(s) after '二、上年结转政府信息公开申请数量' could not be placed: 2082, 144, 0, 4, 3, 2, 2235.",
     "'二、上年结转政府信息公开申请数量' 之后的 7 个数字未能放入表格：2082, 144, 0, 4, 3, 2, 2235。", "row_given_twice", []),
    ("Row label '(八)自行增加的一行' is not a row of the template.",
     "行标签 '(八)自行增加的一行' 不是模板中的行。", "row_label_outside_the_template", []),
    ("三、本年度办理结果 is a heading row but is followed by figures (1, 2); not placed.",
     "三、本年度办理结果 是标题行，其后却有数字（1, 2）；未放入表格。", "heading_row_with_figures", []),
    ("二、上年结转政府信息公开申请数量: 6 cells (2082, 144, 4, 3, 2, 2235) for the 7 applicant columns (blank cells "
     "kept their places); the row is not placed.",
     "二、上年结转政府信息公开申请数量：6 个单元格（2082, 144, 4, 3, 2, 2235）对应申请人的 7 列（空单元格保留了位置）；该行未放入表格。",
     "row_short_of_a_cell", []),
    ("二、上年结转政府信息公开申请数量: 6 cells (2082, 144, 4, 3, 2, 2235) for the 7 applicant columns (cells on "
     "separate lines); the row is not placed.",
     "二、上年结转政府信息公开申请数量：6 个单元格（2082, 144, 4, 3, 2, 2235）对应申请人的 7 列（各单元格分行书写）；该行未放入表格。",
     "row_short_of_a_cell_on_separate_lines", []),
    ("二、上年结转政府信息公开申请数量 × 科研机构 holds no figure ('无'); not placed.",
     "二、上年结转政府信息公开申请数量 × 科研机构 不是数字（'无'）；未放入表格。", "cell_without_a_figure", []),
    ("二、上年结转政府信息公开申请数量 × 科研机构 is blank; not placed.",
     "二、上年结转政府信息公开申请数量 × 科研机构 为空；未放入表格。", "blank_cell", []),
    ("2.重复申请 × 商业企业, 科研机构 are blank; not placed.", "2.重复申请 × 商业企业, 科研机构 为空；未放入表格。",
     "blank_cells", []),
    ("Row 二、上年结转政府信息公开申请数量 was not found.", "未找到 二、上年结转政府信息公开申请数量 这一行。", "row_missing", []),
    ("Row (一)申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 is not in the 2019 template.",
     "(一)申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 这一行不在2019年模板中。", None, []),
    # table 四
    ("行政复议、行政诉讼: 14 cells (716, 77, 207, 202, 1202, 340, 32, 294, 670, 148, 0, 105, 4, 257) for the "
     "template's 15; none placed.",
     "行政复议、行政诉讼：14 个单元格（716, 77, 207, 202, 1202, 340, 32, 294, 670, 148, 0, 105, 4, 257），模板为 15 个；均未放入表格。",
     "review_short_of_a_cell", []),
    ("行政复议 × 其他结果 holds no figure ('无'); not placed.", "行政复议 × 其他结果 不是数字（'无'）；未放入表格。",
     "review_cell_without_a_figure", []),
    ("行政复议、行政诉讼: the header orders the result columns upheld/corrected/other/total/pending, and the cells "
     "(1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5) do not add up to their 总计 in that order; none placed.",
     "行政复议、行政诉讼：表头的结果列顺序为 结果维持/结果纠正/其他结果/总计/尚未审结，按这个顺序各单元格"
     "（1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5）与其总计对不上；均未放入表格。",
     "review_header_in_another_order", []),
    # table 二
    ("Cell '自定义说明' is not part of the template; ignored.", "单元格 '自定义说明' 不属于模板；已忽略。",
     "proactive_cell_outside_the_template", []),
    ("规章: a second set of figures (1, 2, 3); not placed.", "规章：出现第二组数字（1, 2, 3）；未放入表格。",
     "proactive_cell_outside_the_template", []),
    ("行政许可 × 本年处理决定数量 holds no figure ('无'); not placed.", "行政许可 × 本年处理决定数量 不是数字（'无'）；未放入表格。",
     "proactive_cell_without_a_figure", []),
    ("行政许可: the column 本年制发件数 does not belong to this row in either template; '11337464' not placed.",
     "行政许可：列 本年制发件数 在两种模板中都不属于这一行；'11337464' 未放入表格。", "proactive_column_of_another_row", []),
    ("规章: 2 cells (18, 269) for 3 columns; not placed.", "规章：2 个单元格（18, 269）对应 3 列；未放入表格。",
     "proactive_row_short_of_a_cell", []),
    ("规章: 2 cells (18, (blank)) for 3 columns; not placed.", "规章：2 个单元格（18, （空））对应 3 列；未放入表格。", None, []),
    # a table read again with each row's lines joined
    ("Read with the lines of each row joined (as pdftotext writes a row over several lines), the table is not whole "
     "or does not add up down its columns: not placed that way.",
     "把每行的多行文字连起来读（PDF 转文字时一行常被写成多行），表格不完整或各列上下相加对不上：未按这种读法放入表格。", None, []),
    # flattened tables: runs of digits
    ("The run '21000037' is followed by a row numbering that is not the next row's (2); not placed.",
     "数字串 '21000037' 之后的行序号不是下一行的序号（2）；未放入表格。", "flat_requests_bad_numbering", []),
    ("The run '0000000' after '二、上年结转政府信息公开申请数量' is not a row of the template or repeats one; not placed.",
     "'二、上年结转政府信息公开申请数量' 之后的数字串 '0000000' 不属于模板中的行，或重复了已读过的行；未放入表格。",
     "flat_requests_row_repeated", []),
    ("The run '5' after 'nothing' is not a row of the template or repeats one; not placed.",
     "数字串 '5'（前面没有文字）不属于模板中的行，或重复了已读过的行；未放入表格。", None, []),
    ("(一)予以公开: the run '10100000101' splits into the 7 applicant columns in 2 ways (1|0|100|0|0|0|101; "
     "101|0|0|0|0|0|101); not placed.",
     "(一)予以公开：数字串 '10100000101' 拆分到申请人的 7 列有 2 种拆分方式（1|0|100|0|0|0|101；101|0|0|0|0|0|101）；未放入表格。",
     "flat_requests_ambiguous", []),
    ("(一)予以公开: the run '10100000101' splits into the 7 applicant columns in 2 ways (1|0|100|0|0|0|101; "
     "101|0|0|0|0|0|101); the columns where they differ are not placed.",
     "(一)予以公开：数字串 '10100000101' 拆分到申请人的 7 列有 2 种拆分方式（1|0|100|0|0|0|101；101|0|0|0|0|0|101）；"
     "各拆分方式不一致的列未放入表格。",
     "flat_requests_partly_decided", []),
    ("一、本年新收政府信息公开申请数量: the run '1240000169' does not split into the 7 applicant columns with their 总计 "
     "adding up, and its layout allows more than one split; not placed.",
     "一、本年新收政府信息公开申请数量：数字串 '1240000169' 无法拆分到申请人的 7 列并使总计相符，且其版式允许多种拆分；未放入表格。",
     "flat_requests_unsplittable", []),
    ("行政复议、行政诉讼: the run '99999' does not split into the template's 15 cells with each group of five ending in "
     "its 总计, and its layout allows more than one split; none placed.",
     "行政复议、行政诉讼：数字串 '99999' 无法拆分为模板的 15 个单元格并使每五个一组以其总计结尾，且其版式允许多种拆分；均未放入表格。",
     "flat_review_unsplittable", []),
    ("行政复议、行政诉讼: the run '12130162200410001' splits into the template's 15 cells in 2 ways "
     "(1|2|13|0|16|2|2|0|0|4|1|0|0|0|1; 12|1|3|0|16|2|2|0|0|4|1|0|0|0|1); they differ only in the cells of 行政复议, "
     "which are not placed.",
     "行政复议、行政诉讼：数字串 '12130162200410001' 拆分为模板的 15 个单元格有 2 种拆分方式"
     "（1|2|13|0|16|2|2|0|0|4|1|0|0|0|1；12|1|3|0|16|2|2|0|0|4|1|0|0|0|1）；各拆分方式只在行政复议的单元格上不同，这些单元格未放入表格。",
     "flat_review_two_ways", []),
    ("行政复议、行政诉讼: the run '121301612130161213016' splits into the template's 15 cells in 8 ways "
     "(1|2|13|0|16|1|2|13|0|16|1|2|13|0|16; 1|2|13|0|16|1|2|13|0|16|12|1|3|0|16; 1|2|13|0|16|12|1|3|0|16|1|2|13|0|16; "
     "1|2|13|0|16|12|1|3|0|16|12|1|3|0|16 and 4 more); none placed.",
     "行政复议、行政诉讼：数字串 '121301612130161213016' 拆分为模板的 15 个单元格有 8 种拆分方式"
     "（1|2|13|0|16|1|2|13|0|16|1|2|13|0|16；1|2|13|0|16|1|2|13|0|16|12|1|3|0|16；1|2|13|0|16|12|1|3|0|16|1|2|13|0|16；"
     "1|2|13|0|16|12|1|3|0|16|12|1|3|0|16……另有 4 种）；均未放入表格。",
     "flat_review_many_ways", []),
    ("The run '345' has no row label of table 二 before it; not placed.",
     "数字串 '345' 之前没有表二的行标签；未放入表格。", "flat_proactive_figure_cut", []),
    ("行政强制: the run '12' is followed by '345' with no words between; the figure may go on there; not placed.",
     "行政强制：数字串 '12' 后面紧接着 '345'，中间没有文字；这个数字可能延续到那里；未放入表格。", "flat_proactive_figure_cut", []),
    ("行政强制: a second set of figures ('13'); not placed.", "行政强制：出现第二组数字（'13'）；未放入表格。",
     "flat_proactive_row_twice", []),
    ("行政规范性文件: the run '3516420' splits into its 3 columns in 15 ways (3|5|16420; 3|51|6420; 3|516|420; "
     "3|5164|20 and 11 more); not placed.",
     "行政规范性文件：数字串 '3516420' 拆分到本行的 3 列有 15 种拆分方式（3|5|16420；3|51|6420；3|516|420；3|5164|20……另有 11 种）；"
     "未放入表格。",
     "flat_proactive", []),
    ("规章: the run '00' does not split into its 3 columns; not placed.", "规章：数字串 '00' 无法拆分到本行的 3 列；未放入表格。",
     "flat_proactive_unsplittable", []),
    # the statistics table of the older reports
    ("政府网站公开数: the run '346085376' splits into the 2 columns in 3 ways (3|46085376; 34|6085376; 3460|85376); "
     "not placed.",
     "政府网站公开数：数字串 '346085376' 拆分到 2 列有 3 种拆分方式（3|46085376；34|6085376；3460|85376）；未放入表格。",
     "statistics_2016", []),
    ("政府公报公开: the run '0' does not split into the 2 columns; not placed.",
     "政府公报公开：数字串 '0' 无法拆分到 2 列；未放入表格。", "statistics_2013", []),
]
CASE_IDS = [english[:60] for english, *_ in CASES]

# Quoted parts (repr of a label, run or cell) are the document's own text.
QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
# Latin words a Chinese sentence keeps: the names of formats and of OCR, as the interface writes them.
KEPT_WORDS = {"PDF", "OCR"}


def english_words_left(chinese, verbatim):
    rest = QUOTED.sub(" ", chinese)
    for part in verbatim:
        rest = rest.replace(part, " ")
    return [w for w in re.findall(r"[A-Za-z]{3,}", rest) if w not in KEPT_WORDS]


@pytest.mark.parametrize("english, chinese, made_by, verbatim", CASES, ids=CASE_IDS)
def test_it_shows_every_sentence_the_parser_writes_in_chinese(english, chinese, made_by, verbatim):
    if made_by is not None:
        assert english in written_by(made_by), written_by(made_by)
    assert in_chinese(english) == chinese
    assert english_words_left(chinese, verbatim) == []


def test_it_shows_an_unplaced_run_in_chinese():
    message = ("行政许可: the run '396442278' splits into its 3 columns in 28 ways (3|9|6442278; 3|96|442278; "
               "3|964|42278; 3|9644|2278 and 24 more); not placed.")
    assert in_chinese(message) == ("行政许可：数字串 '396442278' 拆分到本行的 3 列有 28 种拆分方式"
                                   "（3|9|6442278；3|96|442278；3|964|42278；3|9644|2278……另有 24 种）；未放入表格。")


def test_quoted_parts_are_carried_over_as_written_even_when_they_look_like_the_sentence():
    # a cell may hold anything a file holds, the sentence's own words and quotes included
    odd = "x'; not placed. 'y"
    message = f"二、上年结转政府信息公开申请数量 × 科研机构 holds no figure ({odd!r}); not placed."
    assert in_chinese(message) == f"二、上年结转政府信息公开申请数量 × 科研机构 不是数字（{odd!r}）；未放入表格。"


def test_each_pattern_is_exercised_by_a_case():
    used = {next(i for i, (pattern, _) in enumerate(PATTERNS) if pattern.fullmatch(english)) for english, *_ in CASES}
    assert used == set(range(len(PATTERNS)))


# -- coverage: the sentences in the parser's source --------------------------------------------
# The modules whose sentences become a document's warnings or a table's problems (the test below
# checks no other module of the parser adds to them).
WARNING_SOURCES = ["documents/ingest/tables.py", "documents/ingest/pipeline.py", "documents/ingest/statutory.py",
                   "documents/ingest/metadata.py", "documents/ingest/formats/pdf.py",
                   "documents/ingest/formats/scanned.py", "documents/ingest/formats/image.py"]
# English in those modules that never reaches a warning: a log line, the cleaning report's
# examples, and the pieces of refusals (IngestError) built before the call.
NOT_WARNINGS = {
    "The parser failed on a file of %s bytes (sha256 %s)",
    "traditional → simplified, character by character",
    "The PDF has",
    "Could not get FontBBox",
    "The image has",
    " pages read",
}
PROSE = re.compile(r"[A-Za-z]{2,}[ ,;:'()]+[A-Za-z]{2,}")
# calls whose strings are no sentence of a warning: refusals, and patterns
NOT_SENTENCES = re.compile(r"Error$|Exception$|^(?:compile|search|match|fullmatch|sub|findall|finditer|split)$")


def english_pieces(path):
    """The English literal pieces of a module's strings (f-strings' pieces between their
    fields), without docstrings and without the strings of refusals and patterns."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if NOT_SENTENCES.search(name):
                skip.update(id(sub) for sub in ast.walk(node))
    return {node.value for node in ast.walk(tree)
            if id(node) not in skip and isinstance(node, ast.Constant) and isinstance(node.value, str)
            and PROSE.search(node.value)}


def test_every_english_piece_of_a_warning_in_the_parser_has_a_case_and_so_a_pattern():
    examples = [english for english, *_ in CASES]
    missing = {(path, piece) for path in WARNING_SOURCES for piece in english_pieces(path)
               if piece not in NOT_WARNINGS and not any(piece in english for english in examples)}
    assert not missing, ("a new warning? give it a pattern in documents/warning_text.py and a case here", missing)


def test_no_other_module_of_the_parser_adds_to_the_warnings_or_problems():
    adds = re.compile(r"\b(?:warnings|problems)(?:\.append\(| \+=)|\bproblem = \(")
    writers = {str(p.relative_to(ROOT)) for p in (ROOT / "documents" / "ingest").rglob("*.py")
               if adds.search(p.read_text(encoding="utf-8"))}
    assert writers <= set(WARNING_SOURCES)


# -- what is not a known sentence --------------------------------------------------------------
def test_an_unknown_message_passes_through_unchanged():
    assert in_chinese("Something the parser never said.") == "Something the parser never said."
    assert in_chinese("") == ""


def test_the_chinese_warnings_of_metadata_given_by_hand_are_left_as_they_are():
    message = "填写的年度 2020 与文件标题中的年度 2021 不一致（标题：2021年杨浦区政府信息公开工作年度报告）；已按填写的保存。"
    assert in_chinese(message) == message


def test_a_warning_stored_as_a_dict_by_an_older_parser_is_read_from_its_message():
    assert in_chinese({"message": "No numbered sections were found."}) == "没有找到编号章节。"
    assert in_chinese({"code": "x"}) == "{'code': 'x'}"
    assert in_chinese(None) == "None"


# -- the template filter -------------------------------------------------------------------------
def test_the_filter_gives_chinese_on_a_chinese_page_and_the_stored_sentence_otherwise():
    message = "The publisher could not be inferred; set it by hand."
    with translation.override("zh-hans"):
        assert warning_text(message) == "未能推断发布机关，请手动设置。"
    with translation.override("en"):
        assert warning_text(message) == message
        assert warning_text({"message": message}) == message


def test_the_filter_gives_a_plain_string_that_the_template_escapes():
    message = f"Cell {SCRIPT!r} is not part of the template; ignored."
    with translation.override("zh-hans"):
        shown = warning_text(message)
        assert type(shown) is str and not isinstance(shown, SafeData)
        page = Template("{% load readable %}{{ w|warning_text }}").render(Context({"w": message}))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "不属于模板" in page


# -- the pages ---------------------------------------------------------------------------------
def crafted_report():
    """A report whose table holds markup in a cell: the table's problem quotes it."""
    grid = request_grid()
    _request_row(grid, "二、上年结转")[3] = SCRIPT
    text = report_text(render(PROACTIVE_LAYOUT_2021, "|"), render(grid, "|"), render(review_grid(), "|"))
    outcome = ingest_bytes(text.encode("utf-8"), filename="crafted.txt", overrides={"publisher": "上海市杨浦区人民政府"})
    assert outcome.status == "created", outcome.message
    return outcome.document


STORED = f"Row label {SCRIPT!r} is not a row of the template."
ESCAPED_SCRIPT = "&quot;&lt;script&gt;alert(&#x27;gongkai&#x27;)&lt;/script&gt;&quot;"


@pytest.mark.django_db
def test_a_document_page_shows_its_warnings_in_chinese_and_escaped(client):
    document = crafted_report()
    assert STORED in document.warnings
    page = client.get(document.get_absolute_url()).content.decode()
    assert page.count(f"行标签 {ESCAPED_SCRIPT} 不是模板中的行。") == 2  # in the table's problems and in the cleaning report's warnings
    assert "年度报告缺少2019年格式要求的部分：其他需要报告的事项。" in page
    assert "not placed" not in page and "not a row" not in page and SCRIPT not in page


@pytest.mark.django_db
def test_a_document_page_in_english_shows_the_warnings_as_stored(client):
    document = crafted_report()
    client.cookies["django_language"] = "en"
    page = client.get(document.get_absolute_url()).content.decode()
    assert f"Row label {ESCAPED_SCRIPT} is not a row of the template." in page
    assert "不是模板中的行" not in page and SCRIPT not in page


@pytest.mark.django_db
def test_the_admin_page_of_what_was_understood_shows_the_warnings_in_chinese(admin_client):
    document = crafted_report()
    page = admin_client.get(reverse("admin:documents_document_understood", args=[document.pk])).content.decode()
    assert f"行标签 {ESCAPED_SCRIPT} 不是模板中的行。" in page
    assert "not placed" not in page and "not a row" not in page and SCRIPT not in page
