"""tables.py on the shapes real reports come in from PDF extractors and crawls: `pdftotext`
and `pdftotext -layout` output of the 2021 template's tables, tab rows whose header words run
together, table 二 read column by column. No database.

The pdftotext fixtures under data/ were made by printing the 2021 template's tables (merged
cells as the template has them, figures of the Shanghai 2023 sample) to PDF with Chromium and
running `pdftotext` and `pdftotext -layout` on it; page-number lines (`- 1 -`) mark the pages.
"""
import re
from decimal import Decimal
from pathlib import Path

from documents.ingest import metric_keys as mk
from documents.ingest.pipeline import parse_bytes
from documents.ingest.tables import parse_tables
from tests.documents.ingest.test_tables import REQUESTS_2023, REVIEW_2023, REVIEW_KEYS, expected_requests, expected_table_metrics

HEAD = "某区2023年政府信息公开工作年度报告\n一、总体情况\n2023年，本区认真贯彻落实条例。\n"
TAIL = "\n五、存在的主要问题及改进情况\n本年度工作仍有不足。\n"
REVIEW_HEADING = "四、政府信息公开行政复议、行政诉讼情况\n"


def parsed(text: str):
    doc = parse_bytes(text.encode("utf-8"))
    tables = parse_tables(doc.clean_text, doc.structure)
    metrics = {m.key: m.value for t in tables for m in t.metrics if m.source == "table"}
    return metrics, [p for t in tables for p in t.problems]


def review(metrics, part):
    return [metrics.get(f"{part}.{c}") for c in ("upheld", "corrected", "other", "pending", "total")]


# -- table 四: the header's words run together in tab cells ---------------------------------------
def test_a_tab_review_table_whose_header_words_run_together_in_one_cell_is_read():
    body = ("行政复议行政诉讼\n结果维持结果纠正其他结果尚未审结总计\t未经复议直接起诉\t复议后起诉\n"
            "\t结果维持结果纠正其他结果尚未审结总计\t结果维持结果纠正其他结果尚未审结总计\n"
            "3\t1\t0\t0\t4\t2\t0\t1\t0\t3\t0\t0\t0\t1\t1")
    metrics, problems = parsed(HEAD + REVIEW_HEADING + body + TAIL)
    assert review(metrics, "review") == [3, 1, 0, 0, 4]
    assert review(metrics, "litigation.direct") == [2, 0, 1, 0, 3]
    assert review(metrics, "litigation.after_review") == [0, 0, 0, 1, 1]
    assert problems == []


def test_a_review_header_that_puts_the_total_before_pending_places_each_cell_under_its_own_column():
    body = ("行政复议行政诉讼\n结果维持结果纠正其他结果总计尚未审结\t未经复议直接起诉\t复议后起诉\n"
            "3\t1\t0\t4\t0\t2\t0\t1\t3\t0\t0\t0\t0\t1\t1")
    metrics, problems = parsed(HEAD + REVIEW_HEADING + body + TAIL)
    assert review(metrics, "review") == [3, 1, 0, 0, 4]
    assert review(metrics, "litigation.direct") == [2, 0, 1, 0, 3]
    assert review(metrics, "litigation.after_review") == [0, 0, 0, 1, 1]
    assert problems == []


def test_a_flattened_review_run_is_split_by_the_order_its_header_gives():
    # 总计 fourth: 3|1|0|4|0 adds up only in the header's order
    text = HEAD + REVIEW_HEADING + "行政复议行政诉讼结果维持结果纠正其他结果总计尚未审结3104020130 00011" + TAIL
    metrics, problems = parsed(text)
    assert review(metrics, "review") == [3, 1, 0, 0, 4]
    assert review(metrics, "litigation.after_review") == [0, 0, 0, 1, 1]
    assert problems == []


def test_cells_that_do_not_add_up_in_the_order_the_header_gives_are_not_placed():
    body = ("行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t总计\t尚未审结\t未经复议直接起诉\t复议后起诉\n"
            "3\t1\t0\t4\t0\t2\t0\t1\t0\t3\t0\t0\t0\t1\t1")
    metrics, problems = parsed(HEAD + REVIEW_HEADING + body + TAIL)
    assert not any(k.startswith(("review.", "litigation.")) for k in metrics)
    assert any("do not add up to their 总计 in that order" in p for p in problems)


# -- pdftotext -layout: narrow columns one space apart, labels wrapped in their cells ------------
DATA = Path(__file__).parent / "data"


def fixture(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_every_cell_of_the_three_tables_in_pdftotext_layout_output_is_read_and_right():
    # merged cells beside the labels (三、本 / 年度办 / 理结果), labels wrapped under their row,
    # figures of narrow columns one space apart, a row's cells over two lines, page numbers
    metrics, problems = parsed(fixture("pdftotext-layout-2021-tables.txt"))
    assert metrics == expected_table_metrics()
    assert not any("could not be placed" in p or "not placed" in p for p in problems)


def test_a_row_written_over_two_lines_is_one_row_only_when_its_total_adds_up():
    text = fixture("pdftotext-layout-2021-tables.txt")
    assert "政机关不再处理其政府                    0   0 0 21" in text
    metrics, problems = parsed(text.replace("0   0 0 21", "0   0 0 22"))
    assert not any(k.startswith("outcome.other.fee_unpaid.") for k in metrics)
    assert metrics["outcome.other.no_correction.total"] == 1020
    assert any("缴纳费用" in p and "not placed" in p for p in problems)


# -- table 二 a column at a time (plain pdftotext) ----------------------------------------------
LABEL_COLUMN = ["二、主动公开政府信息情况", "信息内容", "规章", "行政规范性文件", "信息内容", "行政许可",
                "信息内容", "行政处罚", "行政强制", "信息内容", "行政事业性收费"]
ITEMS_ROW_BY_ROW = ["第二十条第(一)项", "本年制发件数", "本年废止件数", "现行有效件数", "3", "0", "12", "25", "4", "310",
                    "第二十条第(五)项", "本年处理决定数量", "1875",
                    "第二十条第(六)项", "本年处理决定数量", "733", "12",
                    "第二十条第(八)项", "本年收费金额(单位：万元)", "87.5"]
PROACTIVE_EXPECTED = {
    "proactive.regulations.issued": 3, "proactive.regulations.repealed": 0, "proactive.regulations.in_force": 12,
    "proactive.normative_documents.issued": 25, "proactive.normative_documents.repealed": 4,
    "proactive.normative_documents.in_force": 310, "proactive.licensing.decisions": 1875,
    "proactive.penalty.decisions": 733, "proactive.coercion.decisions": 12, "proactive.fees.amount": 87.5,
}


def proactive_metrics(lines):
    metrics, problems = parsed(HEAD + "\n".join(lines) + TAIL)
    return {k: v for k, v in metrics.items() if k.startswith("proactive.")}, problems


def test_table_two_written_label_column_first_is_paired_row_by_row():
    metrics, problems = proactive_metrics(LABEL_COLUMN + ITEMS_ROW_BY_ROW)
    assert metrics == PROACTIVE_EXPECTED
    assert problems == []


def test_table_two_whose_figures_follow_each_column_header_is_read_column_by_column():
    column_by_column = ["第二十条第(一)项", "本年制发件数", "3", "25", "本年废止件数", "0", "4", "现行有效件数", "12", "310"]
    metrics, problems = proactive_metrics(LABEL_COLUMN + column_by_column + ITEMS_ROW_BY_ROW[10:])
    assert metrics == PROACTIVE_EXPECTED
    assert problems == []


def test_a_label_column_that_does_not_fit_the_figures_places_none_of_them():
    # 行政强制 missing from the label column: (六) has two figures for one row
    labels = [line for line in LABEL_COLUMN if line != "行政强制"]
    metrics, problems = proactive_metrics(labels + ITEMS_ROW_BY_ROW)
    assert metrics == {}
    assert any("could not be placed" in p for p in problems)


def test_the_plain_pdftotext_table_two_is_read_whole():
    metrics, _ = parsed(fixture("pdftotext-plain-2021-tables.txt"))
    expected = {k: v for k, v in expected_table_metrics().items() if k.startswith("proactive.")}
    assert {k: v for k, v in metrics.items() if k.startswith("proactive.")} == expected


def test_nothing_read_from_plain_pdftotext_output_is_wrong():
    # the rows pdftotext cut at a page break (their last columns written after the table, column
    # by column) cannot be told apart: they are reported, never placed
    metrics, problems = parsed(fixture("pdftotext-plain-2021-tables.txt"))
    expected = expected_table_metrics()
    assert all(expected[k] == v for k, v in metrics.items())
    assert any("6.属于四类过程性信息: 3 cells" in p for p in problems)


# -- flattened table 二: what holds by definition ------------------------------------------------
def test_a_flattened_2019_row_is_split_where_newly_published_cannot_exceed_all_published():
    # 3104 splits as 3|10|4 or 31|0|4; 10 newly published of 4 published in all cannot be
    text = HEAD + ("二、主动公开政府信息情况第二十条第(一)项信息内容本年新制作数量本年新公开数量对外公开总数量"
                   "规章000规范性文件3104第二十条第(五)项信息内容上一年项目数量本年增/减处理决定数量行政许可") + TAIL
    metrics, problems = parsed(text)
    assert metrics["proactive.normative_documents.issued"] == 31
    assert metrics["proactive.normative_documents.published"] == 0
    assert metrics["proactive.normative_documents.published_total"] == 4


def test_a_flattened_2021_row_with_several_splits_is_still_reported_not_guessed():
    text = HEAD + ("二、主动公开政府信息情况第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数"
                   "规章000行政规范性文件3104第二十条第(五)项信息内容本年处理决定数量行政许可") + TAIL
    metrics, problems = parsed(text)
    assert not any(k.startswith("proactive.normative_documents.") for k in metrics)
    assert any("3104" in p and "ways" in p for p in problems)


# -- the older 统计表: 本年度 and 历年累计 run together, the report's own text deciding ---------------
STATS_HEAD = "某县2012年政府信息公开工作年度报告\n一、概述\n"
STATS_TABLE = ("\n六、政府信息公开情况统计表\n指标名称计量单位2012年度历年累计主动公开信息数条20263542"
               "其中：1.网站公开条179533042.政府公报公开条07受理依申请公开信息总数条2121\n")


def statistics(prose):
    doc = parse_bytes((STATS_HEAD + prose + STATS_TABLE).encode("utf-8"))
    table = next(t for t in parse_tables(doc.clean_text, doc.structure) if t.name == "statistics")
    return {row[0]: row[2:] for row in table.grid[1:]}, table.problems


def test_a_run_of_this_year_and_all_years_is_split_where_the_report_states_this_years_figure():
    # 20263542 is 20|263542, 202|63542 or 2026|3542; the text says 2026
    rows, problems = statistics("2012年制作、获取政府信息总数3978条，其中主动公开政府信息2026条。")
    assert rows["主动公开信息数"] == ["2026", "3542"]
    assert not any("主动公开信息数" in p for p in problems)


def test_a_run_stays_unsplit_when_the_text_states_none_or_two_of_its_candidates():
    for prose in ["全年工作平稳有序。", "主动公开政府信息2026条，主动公开公告202条。",
                  "历年累计主动公开政府信息2026条。"]:
        rows, problems = statistics(prose)
        assert rows["主动公开信息数"] == ["20263542", ""], prose
        assert any("主动公开信息数" in p and "3 ways" in p for p in problems)


# -- a real report's table 四 as a PDF's text layer gives it --------------------------------------
# Excerpt (the table and its heading) of a 2022 department report's PDF text, from
# http://180.76.149.248:88/book/2022dzs/xinfang/files/basic-html/page8.html
REAL_REVIEW_PDF_TEXT = """四、因政府信息公开工作被申请行政复议提起行政诉讼情况
行政复议 行政诉讼
未经复议直接起诉 复议后起诉
结果 结果 其他 尚未 总
维持 纠正 结果 审结 计 结果 结果 其他 尚未 总 结果 结果 其他 尚未 总
维持 纠正 结果 审结 计 维持 纠正 结果 审结 计
0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"""


def test_a_review_table_whose_header_words_are_cut_over_three_lines_reads_its_fifteen_cells():
    metrics, problems = parsed(HEAD + REAL_REVIEW_PDF_TEXT + TAIL)
    assert review(metrics, "review") == [0] * 5
    assert review(metrics, "litigation.direct") == [0] * 5
    assert review(metrics, "litigation.after_review") == [0] * 5
    assert problems == []


def test_the_same_header_cut_over_lines_with_figures_keeps_the_template_order():
    text = REAL_REVIEW_PDF_TEXT.replace("0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", "5 2 1 0 8 3 1 0 1 5 0 0 2 1 3")
    metrics, problems = parsed(HEAD + text + TAIL)
    assert review(metrics, "review") == [5, 2, 1, 0, 8]
    assert review(metrics, "litigation.direct") == [3, 1, 0, 1, 5]
    assert review(metrics, "litigation.after_review") == [0, 0, 2, 1, 3]


# -- rows of figures whose labels come after them -------------------------------------------------
def labels_after_figures(sep: str) -> str:
    from tests.documents.ingest.test_tables import (PROACTIVE_LAYOUT_2021, render, report_text, request_grid,
                                                    review_grid)
    grid = request_grid()
    lines = ["\t".join(grid[0])]
    for row in grid[1:]:
        if any(c.strip() for c in row[1:]):
            lines.append(sep.join(row[1:]))   # the row's figures, then its label on the next line
        lines.append(row[0])
    return report_text(render(PROACTIVE_LAYOUT_2021, "\t"), "\n".join(lines), render(review_grid(), "\t"))


def test_figure_rows_before_their_labels_never_take_the_label_above_them():
    for sep in ("\t", " "):
        metrics, problems = parsed(labels_after_figures(sep))
        expected = expected_table_metrics()
        assert all(expected[k] == v for k, v in metrics.items()), sep
        assert not any(k.startswith("requests.new.") for k in metrics)
        assert any("Figures come before the first row label" in p for p in problems)


# -- a crawl of a table that leaves cells blank ---------------------------------------------------
CRAWL_HEAD = ("标题: 某县2019年政府信息公开工作年度报告\n发布时间: 2020-01-20\n文号: \n发布机构: \n"
              "栏目: 政府信息公开年报\n原文链接: \n==================== 正文 ====================\n"
              "一、总体情况 2019年，本县认真贯彻落实条例。 ")

def test_a_crawled_row_with_as_many_digits_as_cells_is_not_read_digit_by_digit_when_the_table_leaves_cells_blank():
    # 上年结转 1010 is 10|10 with five blank cells between: this table leaves cells blank, so the
    # seven digits of 予以公开 (302|13|1|1, 总计 blank) are no seven one-digit cells.
    body = ("三、收到和处理政府信息公开申请情况 （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
            "申请人情况 自然人法人或其他组织总计 商业企业科研机构社会公益组织法律服务机构其他 "
            "一、本年新收政府信息公开申请数量61245621 二、上年结转政府信息公开申请数量1010 "
            "三、本年度办理结果（一）予以公开3021311 （七）总计61245621 四、结转下年度继续办理1010 "
            "五、存在的主要问题及改进情况 本年度工作仍有不足。\n")
    metrics, problems = parsed(CRAWL_HEAD + body)
    assert not [k for k in metrics if k.startswith("outcome.disclosed")]
    assert any("'3021311'" in p and "not placed" in p for p in problems)


# -- an HTML table keeps its empty cells ----------------------------------------------------------
def _html_report(rows: str) -> bytes:
    return ("<html><head><meta charset='utf-8'><title>某区2019年政府信息公开工作年度报告</title></head><body>"
            "<p>某区2019年政府信息公开工作年度报告</p><p>一、总体情况</p><p>2019年，本区认真贯彻落实条例。</p>"
            f"{rows}<p>五、政府信息公开工作存在的主要问题及改进情况</p><p>一是学习仍需加强。</p>"
            "<p>六、其他需要报告的事项</p><p>无。</p></body></html>").encode("utf-8")


def test_an_html_row_whose_last_cells_are_empty_is_read_by_position():
    cells = lambda *v: "".join(f"<td>{x}</td>" for x in v)
    table = ("<p>三、收到和处理政府信息公开申请情况</p><table>"
             "<tr><td colspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan='7'>申请人情况</td></tr>"
             "<tr><td>自然人</td><td colspan='5'>法人或其他组织</td><td>总计</td></tr>"
             "<tr>" + cells("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他") + "</tr>"
             "<tr><td colspan='3'>一、本年新收政府信息公开申请数量</td>" + cells(61, 4, "", "", 2, 1, 68) + "</tr>"
             "<tr><td rowspan='2'>三、本年度办理结果</td><td colspan='2'>（一）予以公开</td>" + cells(25, 3, "", "", 1, 1, "") + "</tr>"
             "<tr><td colspan='2'>（七）总计</td>" + cells(61, 4, "", "", 2, 1, 68) + "</tr></table>"
             "<p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
             "<tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
             "<tr>" + cells("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") + "<td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr>"
             "<tr>" + cells(*["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + "</tr>"
             "<tr>" + cells(5, "", "", 2, 7, 8, "", "", 1, 9, "", "", "", "", "") + "</tr></table>")
    doc = parse_bytes(_html_report(table))
    metrics = {m.key: m.value for t in parse_tables(doc.clean_text, doc.structure) for m in t.metrics if m.source == "table"}
    disclosed = [metrics.get(f"outcome.disclosed.{c}") for c in
                 ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")]
    assert disclosed == [25, 3, None, None, 1, 1, None]
    assert review(metrics, "review") == [5, None, None, 2, 7]
    assert review(metrics, "litigation.direct") == [8, None, None, 1, 9]


# -- tab rows whose empty end cells were trimmed ---------------------------------------------------
TAB_REQUESTS = ("三、收到和处理政府信息公开申请情况\n"
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n"
                "自然人\t法人或其他组织\t总计\n商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n"
                "一、本年新收政府信息公开申请数量\t61\t4\t\t\t2\t1\t68\n"
                "三、本年度办理结果\t（一）予以公开\t25\t3\t\t\t1\t1\n"
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t7\n"
                "（七）总计\t61\t4\t\t\t2\t1\t68\n")


def test_a_tab_row_trimmed_after_its_last_figure_is_read_by_position_where_the_table_keeps_empty_cells():
    metrics, problems = parsed(HEAD + TAB_REQUESTS + TAIL)
    disclosed = [metrics.get(f"outcome.disclosed.{c}") for c in
                 ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")]
    assert disclosed == [25, 3, None, None, 1, 1, None]
    assert metrics.get("outcome.partially_disclosed.natural_person") == 7
    assert "outcome.partially_disclosed.total" not in metrics


def test_a_tab_table_that_never_keeps_an_empty_cell_does_not_have_its_short_rows_placed():
    # 25 3 1 1 with no empty cell kept anywhere: which columns the figures stand in is not known
    body = TAB_REQUESTS.replace("\t\t\t", "\t")
    metrics, problems = parsed(HEAD + body + TAIL)
    assert not [k for k in metrics if k.startswith("outcome.disclosed")]


def test_a_tab_review_row_trimmed_after_its_last_figure_is_read_by_position():
    body = ("行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n"
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
            "5\t\t\t2\t7\t8\t\t\t1\t9")
    metrics, problems = parsed(HEAD + REVIEW_HEADING + body + TAIL)
    assert review(metrics, "review") == [5, None, None, 2, 7]
    assert review(metrics, "litigation.direct") == [8, None, None, 1, 9]
    assert review(metrics, "litigation.after_review") == [None] * 5


# -- plain pdftotext: a row's cells in reading order, over several lines -------------------------
# As pdftotext without -layout writes a table 三 printed from a PDF whose narrow columns have
# headers of several lines: a row's first cells on one line, the next ones each on a line of
# their own, the last two together; group labels cut by their merged cells ((三)不予 ⏎ 公开), a
# label cut around its figures, and a reason's numbering glued to its group's label once the
# blanks are cleaned away ((六)其他 2.申请人逾期…).
def broken_row(row):
    cells = [str(v) for v in REQUESTS_2023[row]]
    return [" ".join(cells[:3]), cells[3], cells[4], " ".join(cells[5:])]


def plain_requests_table(rows=None):
    row = rows or broken_row
    return "\n".join([
        "三、收到和处理政府信息公开申请情况", "申请人情况", "自然", "法人或其他组织", "科研 社会公 法律服 其他 总计",
        "人 商业", "企业 机构 益组织 务机构",
        "一、本年新收政府信息公开申请数量", *row("requests.new"),
        "二、上年结转政府信息公开申请数量", *row("requests.carried_over"),
        "三、本年度", "（一）予以公开", *row("outcome.disclosed"),
        "办理结果 （二）部分公开（区分处理的，只计这一情形，不计其他情", *row("outcome.partially_disclosed"), "形）",
        "1.属于国家秘密", *row("outcome.withheld.state_secret"),
        "2.其他法律行政法规禁止公开", *row("outcome.withheld.prohibited_by_law"),
        "3.危及“三安全一稳定”", *row("outcome.withheld.security_stability"),
        "4.保护第三方合法权益", *row("outcome.withheld.third_party"),
        "（三）不予", "公开", "5.属于三类内部事务信息", *row("outcome.withheld.internal_affairs"),
        "6.属于四类过程性信息", *row("outcome.withheld.process_info"),
        "7.属于行政执法案卷", *row("outcome.withheld.enforcement_file"),
        "8.属于行政查询事项", *row("outcome.withheld.administrative_query"),
        "（四）无法", "1.本机关不掌握相关政府信息", *row("outcome.unavailable.not_held"),
        "提供", "2.没有现成信息需要另行制作", *row("outcome.unavailable.needs_creation"),
        "3.补正后申请内容仍不明确", *row("outcome.unavailable.unclear"),
        "1.信访举报投诉类申请", *row("outcome.not_processed.petition"),
        "2.重复申请", *row("outcome.not_processed.repeated"),
        "（五）不予", "3.要求提供公开出版物", *row("outcome.not_processed.publication"),
        "处理", "4.无正当理由大量反复申请", *row("outcome.not_processed.vexatious"),
        "5.要求行政机关确认或重新出具已获取信息", *row("outcome.not_processed.confirmation"),
        "1.申请人无正当理由逾期不补正、行政机关不", *row("outcome.other.no_correction"), "再处理其政府信息公开申请",
        "（六）其他 2.申请人逾期未按收费通知要求缴纳费用、行", "处理", *row("outcome.other.fee_unpaid"),
        "政机关不再处理其政府信息公开申请",
        "3.其他", *row("outcome.other.other"),
        "（七）总计", *row("outcome.total"),
        "四、结转下年度继续办理", *row("requests.carried_forward"),
    ])


def requests_read(metrics):
    return {k: v for k, v in metrics.items() if k.startswith(("requests.", "outcome."))}


def test_a_plain_pdftotext_table_three_whose_rows_break_over_lines_is_read_whole():
    metrics, problems = parsed(HEAD + plain_requests_table() + TAIL)
    assert requests_read(metrics) == expected_requests()
    assert not any("not placed" in p for p in problems)


def test_cells_of_plain_pdftotext_rows_are_not_placed_when_the_columns_do_not_add_up_in_that_order():
    # Two cells of one row swapped: the row still adds up to its 总计, the columns no longer to
    # theirs, so the reading order cannot be trusted and no cell of the table is placed.
    def swapped(row):
        lines = broken_row(row)
        if row == "outcome.disclosed":
            lines[1], lines[2] = lines[2], lines[1]
        return lines

    metrics, problems = parsed(HEAD + plain_requests_table(swapped) + TAIL)
    assert requests_read(metrics) == {}
    assert any("does not add up down its columns: not placed that way" in p for p in problems)


def test_a_plain_pdftotext_table_three_missing_a_row_is_not_placed_however_its_other_sums_come_out():
    # without 3.其他 the outcomes' sums down the columns cannot be made: the rows they would
    # check are not known to be in their columns
    def without_other(row):
        return [] if row == "outcome.other.other" else broken_row(row)

    text = plain_requests_table(without_other).replace("3.其他\n", "")
    metrics, _ = parsed(HEAD + text + TAIL)
    assert requests_read(metrics) == {}


def test_a_plain_pdftotext_review_table_whose_header_cells_wrap_after_each_character_is_read():
    header = ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉",
              "结果维 结果纠 其他结 尚未审 总 结果维 结果纠", "其他结 尚未审 总 结果维 结果纠 其他结 尚未审 总",
              "持", "正", "果", "结 计 持", "正", "果", "结 计 持", "正", "果", "结 计"]
    cells = [str(v) for v in REVIEW_2023]
    figures = [" ".join(cells[:6]), cells[6], cells[7], " ".join(cells[8:11]), " ".join(cells[11:])]
    metrics, problems = parsed(HEAD + REVIEW_HEADING + "\n".join(header + figures) + TAIL)
    assert [metrics.get(k) for k in REVIEW_KEYS] == list(REVIEW_2023)
    assert problems == []


def test_two_column_names_of_table_two_set_one_blank_apart_are_two_columns():
    # `-layout` sets narrow header cells one blank apart; cleaning then takes the blank between
    # the Chinese words away (本年废止件数现行有效件数)
    lines = ["二、主动公开政府信息情况", "                第二十条第（一）项",
             "   信息内容       本年制发件数             本年废止件数 现行有效件数",
             "     规章            3                5       74",
             " 行政规范性文件          564              984     4185",
             "                第二十条第（五）项", "   信息内容      本年处理决定数量", "   行政许可        1875"]
    metrics, problems = proactive_metrics(lines)
    assert metrics == {
        "proactive.licensing.decisions": 1875,
        "proactive.regulations.issued": 3, "proactive.regulations.repealed": 5, "proactive.regulations.in_force": 74,
        "proactive.normative_documents.issued": 564, "proactive.normative_documents.repealed": 984,
        "proactive.normative_documents.in_force": 4185,
    }
    assert not any("not placed" in p for p in problems)


# -- a crawled table one cell a line, each ended by `|` -------------------------------------------
def test_a_bar_alone_between_two_figures_of_a_row_is_an_empty_cell_in_its_place():
    body = "\n".join([
        "三、收到和处理政府信息公开申请情况", "申请人情况 |", "自然人 |", "法人或其他组织 |", "总计 |", "商业企业 |",
        "科研机构 |", "社会公益组织 |", "法律服务机构 |", "其他 |",
        "一、本年新收政府信息公开申请数量 |", "56 |", "|", "|", "|", "|", "|", "56 |",
        "二、上年结转政府信息公开申请数量 |", "3 |", "|", "1 |", "|", "|", "|", "4 |",
        # bars after the last figure may end the row as well as stand for empty cells: not placed
        "三、本年度办理结果 |", "(一)予以公开 |", "18 |", "|", "|", "|", "|", "|", "|", "|",
        # an empty cell before the row's first figure keeps its place too; the row's last cell
        # comes with the empty ones a crawler pads the row's end with, and a bar after it
        "四、结转下年度继续办理 |", "|", "2 |", "|", "|", "|", "3 |", "5 | |||||||||", "|",
    ])
    metrics, problems = parsed(HEAD + body + TAIL)
    assert {k: v for k, v in metrics.items() if k.startswith("requests.")} == {
        "requests.new.natural_person": 56, "requests.new.total": 56,
        "requests.carried_over.natural_person": 3, "requests.carried_over.research": 1,
        "requests.carried_over.total": 4,
        "requests.carried_forward.commercial": 2, "requests.carried_forward.other_org": 3,
        "requests.carried_forward.total": 5,
    }
    assert not any(k.startswith("outcome.disclosed.") for k in metrics)


def test_a_whole_table_crawled_onto_one_line_of_bars_is_read_row_by_row():
    # words after a figure start the next row; empty spacer cells part a label from the header
    line = ("第二十条第(一)项 | ||| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 | 规章 | 0 | 1 | 6 | "
            "行政规范性文件 | 2 | 0 | 9 | 第二十条第(五)项 | ||| 信息内容 | 本年处理决定数量 | || 行政许可 | 35 | || "
            "第二十条第(六)项 | ||| 信息内容 | 本年处理决定数量 | || 行政处罚 | 12 | || 行政强制 | 0 | ||")
    metrics, problems = proactive_metrics(["二、主动公开政府信息情况", line])
    assert metrics == {
        "proactive.regulations.issued": 0, "proactive.regulations.repealed": 1, "proactive.regulations.in_force": 6,
        "proactive.normative_documents.issued": 2, "proactive.normative_documents.repealed": 0,
        "proactive.normative_documents.in_force": 9, "proactive.licensing.decisions": 35,
        "proactive.penalty.decisions": 12, "proactive.coercion.decisions": 0,
    }
    assert not any("not placed" in p for p in problems)


def test_column_names_a_crawler_cut_short_are_read_as_the_templates_columns_in_their_order():
    # 本年新 | 本年新 are 本年新制作数量 and 本年新公开数量, in the 2019 template's order; 本年增/ is 本年增/减
    lines = ["二、主动公开政府信息情况", "第二十条第(一)项", "信息内容", "本年新", "本年新", "对外公开总数量",
             "规章", "0", "0", "5", "规范性文件", "1", "2", "9",
             "第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/", "处理决定数量", "行政许可", "12", "-1", "30"]
    metrics, problems = proactive_metrics(lines)
    assert metrics == {
        "proactive.regulations.issued": 0, "proactive.regulations.published": 0,
        "proactive.regulations.published_total": 5, "proactive.normative_documents.issued": 1,
        "proactive.normative_documents.published": 2, "proactive.normative_documents.published_total": 9,
        "proactive.licensing.items_last_year": 12, "proactive.licensing.items_change": -1,
        "proactive.licensing.decisions": 30,
    }
    assert not any("not placed" in p for p in problems)


def test_one_cut_column_name_that_starts_two_of_the_templates_names_is_not_guessed():
    lines = ["二、主动公开政府信息情况", "第二十条第(一)项", "信息内容", "本年新", "对外公开总数量",
             "规章", "0", "5", "规范性文件", "1", "9"]
    metrics, _ = proactive_metrics(lines)
    assert not any(k.endswith((".issued", ".published")) for k in metrics)


def test_bars_on_lines_of_their_own_between_cells_are_never_empty_cells():
    # cells on lines of their own with a bar on each line between them: read as empty cells,
    # the bar before 8 would push 8 into the 采购总金额 column
    lines = ["二、主动公开政府信息情况", "第二十条第(一)项", "|", "信息内容", "|", "本年制发件数", "|", "本年废止件数", "|",
             "现行有效件数", "|", "规章", "|", "0", "|", "0", "|", "4", "|",
             "第二十条第(九)项", "|", "信息内容", "|", "采购项目数量", "|", "采购总金额", "|", "政府集中采购", "|",
             "8", "|", "160.5964万元", "|"]
    metrics, _ = proactive_metrics(lines)
    assert metrics.get("proactive.procurement.amount") in (None, Decimal("160.5964"))
    assert metrics.get("proactive.procurement.count") in (None, 8)
    assert metrics.get("proactive.regulations.in_force") in (None, 4)


def test_a_table_three_row_padded_with_empty_cells_past_its_seven_is_read():
    body = "\n".join([
        "三、收到和处理政府信息公开申请情况", "申请人情况 | ||||||||", "自然人 | 法人或其他组织 | 总计 | |||||||",
        "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||",
        "一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 | ||",
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||",
    ])
    metrics, _ = parsed(HEAD + body + TAIL)
    assert metrics["requests.new.natural_person"] == 5 and metrics["requests.new.total"] == 6
    assert metrics["requests.carried_over.total"] == 0


# -- table 三 as a converter writes it: a table of its own for each row ----------------------------
def one_table_a_row(rows=REQUESTS_2023) -> str:
    """Each row under a heading of its label, with the converter's own column headers (类别 |
    数据1 … 数据6 | 总计) and the label said again in the row; the last row, 四、结转下年度继续办理,
    in the table before it (a heading 四、 there would be the report's part 四)."""
    header = "| 类别 | " + " | ".join(f"数据{i}" for i in range(1, 7)) + " | 总计 |\n|" + "---|" * 8 + "\n"
    out = ["## 三、收到和处理政府信息公开申请情况\n"]
    for row, values in rows.items():
        label = mk.REQUEST_ROW[row].label("2021")
        cells = " | ".join(map(str, values))
        if label.startswith("四、"):
            out[-1] += f"| {label} | {cells} |\n"
            continue
        bare = re.sub(r"^(?:[一二三四五六七]、|[(（][一二三四五六七][)）]|\d+\.)", "", label)
        out.append(f"### {label}\n{header}| {bare} | {cells} |\n")
    return "\n".join(out)


def test_a_table_three_written_one_table_a_row_under_headings_of_their_labels_is_read_whole():
    metrics, problems = parsed(HEAD + "二、主动公开政府信息情况\n（略）\n" + one_table_a_row() + "\n" + REVIEW_HEADING + "（略）" + TAIL)
    assert {k: v for k, v in metrics.items() if k.split(".")[0] in ("requests", "outcome")} == expected_requests()
    assert not [p for p in problems if "names a row" in p or "could not be placed" in p]


def test_column_headers_are_never_rows_even_when_they_name_one():
    # a converter's header that names rows (本年新收件数 … 结转下年度 | 总计) between two rows
    rows = dict(REQUESTS_2023)
    text = one_table_a_row(rows).replace(
        "### 3.其他", "| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |\n|"
        + "---|" * 8 + "\n\n### 3.其他", 1)
    metrics, _ = parsed(HEAD + text + "\n" + REVIEW_HEADING + "（略）" + TAIL)
    assert {k: v for k, v in metrics.items() if k.split(".")[0] in ("requests", "outcome")} == expected_requests()


# -- table 四 with no words of its header left whole -----------------------------------------------
CUT_HEADER = ("行政复议行政诉讼\n未经复议直接起诉复议后起诉\n结果结果其他尚未\n总计结果结果其他尚未结果结果其他尚未\n"
              "维持纠正结果审结维持纠正结果审结\n注：行政复议、行政诉讼数量含上年度结转数量。\n"
              "| 维持 | 纠正 | 结果 | 审结 | 总计 | 总计 |\n|---|---|---|---|---|---|\n")


def test_table_four_whose_header_a_converter_cut_into_pieces_is_read_in_the_part_that_holds_it():
    row = "| " + " | ".join(map(str, REVIEW_2023)) + " |\n"
    metrics, _ = parsed(HEAD + REVIEW_HEADING + CUT_HEADER + row + TAIL)
    assert {k: metrics.get(k) for k in REVIEW_KEYS} == {k: Decimal(v) for k, v in zip(REVIEW_KEYS, REVIEW_2023)}


def test_fifteen_cells_there_that_do_not_add_up_group_by_group_are_not_taken_for_table_four():
    cells = list(REVIEW_2023)
    cells[0] += 1  # the first group's 总计 no longer its sum
    row = "| " + " | ".join(map(str, cells)) + " |\n"
    metrics, _ = parsed(HEAD + REVIEW_HEADING + CUT_HEADER + row + TAIL)
    assert not [k for k in metrics if k.startswith(("review.", "litigation."))]


def test_a_group_label_cut_short_names_its_group_not_a_reason_of_the_same_words():
    # `(六)其他` is (六)其他处理 cut short, never its reason 3.其他: the reasons 1 and 2 after it are read
    text = one_table_a_row().replace("### 1.申请人无正当理由", "### (六)其他\n\n### 1.申请人无正当理由", 1)
    assert "### (六)其他\n" in text
    metrics, problems = parsed(HEAD + text + "\n" + REVIEW_HEADING + "（略）" + TAIL)
    assert {k: v for k, v in metrics.items() if k.split(".")[0] in ("requests", "outcome")} == expected_requests()
    assert not [p for p in problems if "names a row" in p]


def test_a_short_row_whose_last_figure_is_the_sum_of_the_others_is_not_read_as_trimmed():
    # The table writes its empty cells (61 | 4 | | | 2 | …), but `2 | 3 | 5` reads as two columns
    # and their 总计 as well as three columns with the end trimmed: nothing is placed.
    rows = TAB_REQUESTS.replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t7\n",
                                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t2\t3\t5\n")
    metrics, problems = parsed(HEAD + rows + TAIL)
    assert not any(k.startswith("outcome.partially_disclosed.") for k in metrics)
    assert any(p.startswith("(二)部分公开") and "not placed" in p for p in problems)
    assert metrics.get("outcome.disclosed.commercial") == 3  # the other rows as before


def test_a_row_of_a_files_own_table_four_cells_whose_first_are_empty_keeps_them_in_place():
    # No reconsideration at all, two suits: the row's first five cells are empty ones.
    cells = lambda *v: "".join(f"<td>{x}</td>" for x in v)
    table = ("<p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
             "<tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
             "<tr>" + cells("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") + "<td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr>"
             "<tr>" + cells(*["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + "</tr>"
             "<tr>" + cells("", "", "", "", "", 1, "", 1, "", 2, "", 2, "", "", 2) + "</tr></table>")
    metrics = {m.key: m.value for m in parse_bytes(_html_report(table)).metrics if m.source == "table"}
    assert review(metrics, "review") == [None] * 5
    assert review(metrics, "litigation.direct") == [1, None, 1, None, 2]
    assert review(metrics, "litigation.after_review") == [None, 2, None, None, 2]


def test_a_text_row_of_table_four_short_of_cells_is_not_placed():
    # Typed or converted text may have dropped an empty cell anywhere: fourteen figures and
    # an empty first cell are not read by position.
    table = ("| 行政复议 | 行政诉讼 |\n"
             "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
             "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
             "| | 0 | 1 | 0 | 1 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | |\n")
    metrics, problems = parsed(HEAD + REVIEW_HEADING + table + TAIL)
    assert not [k for k in metrics if k.startswith(("review.", "litigation."))]


def test_a_row_label_a_page_end_cut_is_joined_with_its_rest_in_the_row_below():
    rows = ("三、收到和处理政府信息公开申请情况\n"
            "| 一、本年新收政府信息公开申请数量 | 14 | 0 | 0 | 0 | 0 | 0 | 14 |\n"
            "| (四)无法提供 | 1.本机关不掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
            "| 3.补正后申请内容仍不 | 3 | 8 | 0 | 0 | 2 | 0 | 13 |\n"
            "\n"
            "| | | 明确 |\n"
            "| (五)不予处理 | 1.信访举报投诉类申请 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n")
    metrics, problems = parsed(HEAD + rows + TAIL)
    assert metrics["outcome.unavailable.unclear.commercial"] == 8
    assert metrics["outcome.unavailable.unclear.total"] == 13
    assert metrics["outcome.not_processed.petition.total"] == 2
    assert not any("补正后申请内容仍不'" in p for p in problems)
