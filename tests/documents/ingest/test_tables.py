"""tables.parse_tables: the three standard tables of an annual report -> canonical metrics.

The expected figures of the Shanghai 2023 report were read off samples/shanghai-2023-annual-report.txt
itself (traditional script with pinyin; its tables flattened one cell per line), not copied from
the parser's output. No database.
"""
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from documents.ingest import metric_keys as mk
from documents.ingest.checks import run_checks
from documents.ingest.pipeline import parse_bytes
from documents.ingest.sections import parse_sections
from documents.ingest.tables import parse_tables
from tests.conftest import sample_bytes

REPORT_2023 = "shanghai-2023-annual-report"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "metrics.md"

# -- the Shanghai 2023 report, as read off the document -----------------------------------------
# 二、主动公开政府信息情况
PROACTIVE_2023 = {
    "proactive.regulations.issued": ("18", "18(含新制发4件,修改14件)"),
    "proactive.regulations.repealed": ("22", "22"),
    "proactive.regulations.in_force": ("269", "269"),
    "proactive.normative_documents.issued": ("707", "707"),
    "proactive.normative_documents.repealed": ("605", "605(包括自然失效和不再按规范性文件管理)"),
    "proactive.normative_documents.in_force": ("2764", "2764"),
    "proactive.licensing.decisions": ("11337464", "11337464"),
    "proactive.penalty.decisions": ("19018350", "19018350"),
    "proactive.coercion.decisions": ("111501", "111501"),
    "proactive.fees.amount": ("1307259", "1307259"),
}
# 三、收到和处理政府信息公开申请情况: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
REQUESTS_2023 = {
    "requests.new": (32419, 1651, 11, 29, 58, 122, 34290),
    "requests.carried_over": (2082, 144, 0, 4, 3, 2, 2235),
    "outcome.disclosed": (9592, 453, 3, 3, 24, 24, 10099),
    "outcome.partially_disclosed": (396, 39, 0, 0, 3, 1, 439),
    "outcome.withheld.state_secret": (40, 0, 0, 0, 0, 0, 40),
    "outcome.withheld.prohibited_by_law": (9, 2, 0, 1, 0, 0, 12),
    "outcome.withheld.security_stability": (54, 5, 0, 0, 0, 0, 59),
    "outcome.withheld.third_party": (202, 7, 0, 0, 0, 0, 209),
    "outcome.withheld.internal_affairs": (178, 4, 0, 0, 1, 0, 183),
    "outcome.withheld.process_info": (182, 7, 0, 0, 0, 0, 189),
    "outcome.withheld.enforcement_file": (91, 1, 0, 0, 0, 1, 93),
    "outcome.withheld.administrative_query": (800, 22, 0, 1, 1, 6, 830),
    "outcome.unavailable.not_held": (10849, 534, 3, 2, 9, 28, 11425),
    "outcome.unavailable.needs_creation": (2414, 99, 0, 21, 9, 3, 2546),
    "outcome.unavailable.unclear": (352, 14, 0, 1, 0, 4, 371),
    "outcome.not_processed.petition": (187, 3, 0, 0, 0, 1, 191),
    "outcome.not_processed.repeated": (506, 28, 0, 0, 0, 0, 534),
    "outcome.not_processed.publication": (3, 0, 0, 0, 0, 0, 3),
    "outcome.not_processed.vexatious": (88, 0, 0, 0, 0, 0, 88),
    "outcome.not_processed.confirmation": (6, 0, 0, 0, 0, 0, 6),
    "outcome.other.no_correction": (1011, 3, 1, 0, 0, 5, 1020),
    "outcome.other.fee_unpaid": (6, 15, 0, 0, 0, 0, 21),
    "outcome.other.other": (5541, 470, 2, 4, 14, 41, 6072),
    "outcome.total": (32507, 1706, 9, 33, 61, 114, 34430),
    "requests.carried_forward": (1994, 89, 2, 0, 0, 10, 2095),
}
# 四、政府信息公开行政复议、行政诉讼情况: 行政复议; 行政诉讼 未经复议直接起诉; 复议后起诉
# (结果维持, 结果纠正, 其他结果, 尚未审结, 总计 each)
REVIEW_2023 = (716, 77, 207, 202, 1202, 340, 32, 294, 4, 670, 148, 0, 105, 4, 257)
REVIEW_KEYS = [f"{part}.{r}" for part in ("review", "litigation.direct", "litigation.after_review")
               for r in ("upheld", "corrected", "other", "pending", "total")]
COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]


def expected_requests(rows=REQUESTS_2023):
    return {f"{row}.{col}": Decimal(v) for row, values in rows.items() for col, v in zip(COLUMNS, values)}


def expected_table_metrics():
    out = {key: Decimal(v) for key, (v, _) in PROACTIVE_2023.items()}
    out.update(expected_requests())
    out.update({k: Decimal(v) for k, v in zip(REVIEW_KEYS, REVIEW_2023)})
    return out


@lru_cache(maxsize=None)
def parsed_bytes(data: bytes):
    doc = parse_bytes(data)
    return doc, parse_tables(doc.clean_text, doc.structure)


def report_2023():
    return parsed_bytes(sample_bytes(REPORT_2023))


def by_name(tables):
    return {t.name: t for t in tables}


def table_metrics(tables, source="table"):
    return {m.key: m.value for t in tables for m in t.metrics if m.source == source}


# -- the golden case ---------------------------------------------------------------------------
def test_the_2023_report_has_the_three_tables_in_the_2021_format_in_their_sections():
    doc, tables = report_2023()
    assert [(t.name, t.format) for t in tables] == [
        ("proactive", "2021"), ("requests", "2021"), ("review_litigation", "2021")]
    headings = [doc.structure.sections[t.section].heading for t in tables]
    assert headings == ["主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"]
    for t in tables:
        assert t.problems == []
        assert {m.section for m in t.metrics} == {t.section}
        assert {m.table for m in t.metrics} == {t.name}


def test_every_cell_of_table_three_is_read_for_all_seven_applicant_columns():
    _, tables = report_2023()
    requests = by_name(tables)["requests"]
    got = {m.key: m.value for m in requests.metrics if m.source == "table"}
    assert got == expected_requests()
    assert len(got) == 25 * 7


def test_table_three_metrics_carry_the_template_row_and_column_and_the_raw_cell():
    _, tables = report_2023()
    metrics = {m.key: m for m in by_name(tables)["requests"].metrics}
    m = metrics["outcome.withheld.third_party.commercial"]
    assert (m.value, m.unit, m.source, m.row, m.column, m.raw) == (
        Decimal(7), "件", "table", "4.保护第三方合法权益", "商业企业", "7")
    assert m.label == "不予公开·保护第三方合法权益(商业企业)"
    assert metrics["requests.new.total"].row == "一、本年新收政府信息公开申请数量"
    assert metrics["outcome.partially_disclosed.natural_person"].row == "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"


def test_the_group_totals_the_template_leaves_out_are_derived_from_their_reasons():
    _, tables = report_2023()
    derived = table_metrics(tables, "derived")
    # the 2023 prose: 不予公开1615件, 无法提供14342件, 不予处理822件, 其他处理7113件, 行政诉讼927件
    assert derived["outcome.withheld.total"] == 1615
    assert derived["outcome.unavailable.total"] == 14342
    assert derived["outcome.not_processed.total"] == 822
    assert derived["outcome.other.total"] == 7113
    assert derived["outcome.withheld.natural_person"] == 40 + 9 + 54 + 202 + 178 + 182 + 91 + 800
    assert derived["litigation.total"] == 927
    assert derived["litigation.corrected"] == 32
    assert all(m.raw == "" for t in tables for m in t.metrics if m.source == "derived")


def test_all_fifteen_review_and_litigation_numbers_are_read_in_order():
    _, tables = report_2023()
    review = by_name(tables)["review_litigation"]
    got = [(m.key, m.value) for m in review.metrics if m.source == "table"]
    assert got == [(k, Decimal(v)) for k, v in zip(REVIEW_KEYS, REVIEW_2023)]
    assert review.grid == [
        ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        ["行政复议", "716", "77", "207", "202", "1202"],
        ["行政诉讼 › 未经复议直接起诉", "340", "32", "294", "4", "670"],
        ["行政诉讼 › 复议后起诉", "148", "0", "105", "4", "257"],
    ]


def test_every_proactive_figure_is_read_with_its_raw_cell():
    _, tables = report_2023()
    proactive = by_name(tables)["proactive"]
    got = {m.key: (str(m.value), m.raw) for m in proactive.metrics}
    assert got == PROACTIVE_2023
    units = {m.key: m.unit for m in proactive.metrics}
    assert units["proactive.fees.amount"] == "万元"
    assert units["proactive.licensing.decisions"] == "件"
    fees = next(m for m in proactive.metrics if m.key == "proactive.fees.amount")
    assert (fees.row, fees.column) == ("行政事业性收费", "本年收费金额(单位:万元)")


def test_every_check_passes_on_the_2023_report():
    _, tables = report_2023()
    checks = run_checks([m for t in tables for m in t.metrics])
    assert checks and all(c.passed for c in checks), [c.detail for c in checks if not c.passed]


# -- generated variants: the same tables as `|` or tab rows ---------------------------------------
PROACTIVE_LAYOUT_2021 = [
    ["第二十条第(一)项"],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "18(含新制发4件,修改14件)", "22", "269"],
    ["行政规范性文件", "707", "605(包括自然失效和不再按规范性文件管理)", "2764"],
    ["第二十条第(五)项"],
    ["信息内容", "本年处理决定数量"],
    ["行政许可", "11337464"],
    ["第二十条第(六)项"],
    ["信息内容", "本年处理决定数量"],
    ["行政处罚", "19018350"],
    ["行政强制", "111501"],
    ["第二十条第(八)项"],
    ["信息内容", "本年收费金额(单位:万元)"],
    ["行政事业性收费", "1307259"],
]
REQUEST_LABELS = {
    "requests.new": ["一、本年新收政府信息公开申请数量"],
    "requests.carried_over": ["二、上年结转政府信息公开申请数量"],
    "outcome.disclosed": ["三、本年度办理结果", "(一)予以公开"],
    "outcome.partially_disclosed": ["(二)部分公开(区分处理的,只计这一情形,不计其他情形)"],
    "outcome.withheld.state_secret": ["(三)不予公开", "1.属于国家秘密"],
    "outcome.withheld.prohibited_by_law": ["2.其他法律行政法规禁止公开"],
    "outcome.withheld.security_stability": ["3.危及“三安全一稳定”"],
    "outcome.withheld.third_party": ["4.保护第三方合法权益"],
    "outcome.withheld.internal_affairs": ["5.属于三类内部事务信息"],
    "outcome.withheld.process_info": ["6.属于四类过程性信息"],
    "outcome.withheld.enforcement_file": ["7.属于行政执法案卷"],
    "outcome.withheld.administrative_query": ["8.属于行政查询事项"],
    "outcome.unavailable.not_held": ["(四)无法提供", "1.本机关不掌握相关政府信息"],
    "outcome.unavailable.needs_creation": ["2.没有现成信息需要另行制作"],
    "outcome.unavailable.unclear": ["3.补正后申请内容仍不明确"],
    "outcome.not_processed.petition": ["(五)不予处理", "1.信访举报投诉类申请"],
    "outcome.not_processed.repeated": ["2.重复申请"],
    "outcome.not_processed.publication": ["3.要求提供公开出版物"],
    "outcome.not_processed.vexatious": ["4.无正当理由大量反复申请"],
    "outcome.not_processed.confirmation": ["5.要求行政机关确认或重新出具已获取信息"],
    "outcome.other.no_correction": ["(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    "outcome.other.fee_unpaid": ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    "outcome.other.other": ["3.其他"],
    "outcome.total": ["(七)总计"],
    "requests.carried_forward": ["四、结转下年度继续办理"],
}
REQUEST_HEADER = [
    ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"],
    ["自然人", "法人或其他组织", "总计"],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
]
RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
REVIEW_HEADER = [["行政复议", "行政诉讼"], RESULTS + ["未经复议直接起诉", "复议后起诉"], RESULTS * 2]


def request_grid(rows=REQUESTS_2023, labels=REQUEST_LABELS):
    return REQUEST_HEADER + [labels[row] + [str(v) for v in values] for row, values in rows.items()]


def review_grid(values=REVIEW_2023):
    return REVIEW_HEADER + [[str(v) for v in values]]


def render(grid, sep):
    """A grid as text: `| a | b |` rows, tab-separated rows, or one cell per line ("flat")."""
    if sep == "flat":
        return "\n".join(cell for row in grid for cell in row)
    if sep == "|":
        return "\n".join("| " + " | ".join(row) + " |" for row in grid)
    return "\n".join("\t".join(row) for row in grid)


def report_text(proactive, requests, review, year=2023):
    return "\n".join([
        f"{year}年某区政府信息公开工作年度报告",
        "一、总体情况",
        f"{year}年,本区认真贯彻落实《条例》,依法做好政府信息公开工作。",
        "二、主动公开政府信息情况",
        proactive,
        "三、收到和处理政府信息公开申请情况",
        requests,
        "四、政府信息公开行政复议、行政诉讼情况",
        review,
        "五、存在的主要问题及改进情况",
        "基层政务公开工作水平有待进一步提高。",
        "",
    ])


def rendered_2023(sep):
    return report_text(render(PROACTIVE_LAYOUT_2021, sep), render(request_grid(), sep), render(review_grid(), sep))


def test_the_same_tables_as_pipe_rows_through_parse_bytes_give_the_same_metrics():
    _, golden = report_2023()
    doc, tables = parsed_bytes(rendered_2023("|").encode("utf-8"))
    assert [t.name for t in tables] == ["proactive", "requests", "review_litigation"]
    assert doc.structure.tables == []   # no TableBlocks: the rows are found in the text
    assert [doc.structure.sections[t.section].heading for t in tables] == [
        "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"]
    assert all(t.problems == [] for t in tables), [t.problems for t in tables]
    assert table_metrics(tables) == expected_table_metrics()
    assert table_metrics(tables, "derived") == table_metrics(golden, "derived")
    raws = {m.key: m.raw for t in tables for m in t.metrics}
    assert raws["proactive.regulations.issued"] == "18(含新制发4件,修改14件)"


@pytest.mark.parametrize("sep", ["|", "\t", "flat"])
def test_the_same_tables_as_pipe_tab_or_flat_rows_parse_to_the_same_metrics(sep):
    """Straight through sections + tables, without the cleaning stage (see the tab test below)."""
    text = rendered_2023(sep)
    tables = parse_tables(text, parse_sections(text))
    assert all(t.problems == [] for t in tables), [t.problems for t in tables]
    assert table_metrics(tables) == expected_table_metrics()
    assert {t.format for t in tables} == {"2021"}
    checks = run_checks([m for t in tables for m in t.metrics])
    assert len(checks) == 42 and all(c.passed for c in checks)


def test_the_same_tables_as_tab_rows_through_parse_bytes_give_the_same_metrics():
    _, tables = parsed_bytes(rendered_2023("\t").encode("utf-8"))
    assert table_metrics(tables) == expected_table_metrics()


# -- one altered cell -------------------------------------------------------------------------
def altered_2023(after_label: str, old: str, new: str) -> bytes:
    """The 2023 report with the cell right after the line `after_label` changed from old to new."""
    lines = sample_bytes(REPORT_2023).decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().endswith(after_label))
    j = next(k for k in range(at + 1, len(lines)) if lines[k].strip())
    assert lines[j].strip() == old
    lines[j] = lines[j].replace(old, new)
    return "\n".join(lines).encode("utf-8")


@pytest.mark.parametrize("after_label, old, new, key, failing", [
    # 一、本年新收政府信息公开申請數量, 自然人
    ("申請數(shù)量", "32419", "32420", "requests.new.natural_person",
     {"requests.balance.natural_person", "columns.sum.requests.new"}),
    # (三)不予公開 1.屬于國家秘密, 自然人
    ("1.屬于國家秘密", "40", "41", "outcome.withheld.state_secret.natural_person",
     {"columns.sum.outcome.withheld.state_secret", "outcome.total.sum.natural_person"}),
    # 四、結轉下年度繼續辦理, 自然人
    ("四、結(jié)轉(zhuǎn)下年度繼續(xù)辦理", "1994", "1995", "requests.carried_forward.natural_person",
     {"requests.balance.natural_person", "columns.sum.requests.carried_forward"}),
])
def test_a_copy_with_one_cell_altered_fails_exactly_the_checks_that_cell_takes_part_in(after_label, old, new, key, failing):
    doc, tables = parsed_bytes(altered_2023(after_label, old, new))
    metrics = [m for t in tables for m in t.metrics]
    assert {m.key: m.value for m in metrics}[key] == Decimal(new)  # read as written, never fixed
    checks = run_checks(metrics)
    failed = {c.name for c in checks if not c.passed}
    assert failed == failing
    assert failed == {c.name for c in checks if key in c.keys}
    assert all(t.problems == [] for t in tables)


# -- the 2019 format --------------------------------------------------------------------------
PROACTIVE_LAYOUT_2019 = [
    ["第二十条第(一)项"],
    ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    ["规章", "2", "2", "35"],
    ["规范性文件", "12", "11", "140"],
    ["第二十条第(五)项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政许可", "56", "+2", "3020"],
    ["其他对外管理服务事项", "10", "0", "75"],
    ["第二十条第(六)项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政处罚", "12", "-1", "860"],
    ["行政强制", "3", "0", "41"],
    ["第二十条第(八)项"],
    ["信息内容", "上一年项目数量", "本年增/减"],
    ["行政事业性收费", "4", "0"],
    ["第二十条第(九)项"],
    ["信息内容", "采购项目数量", "采购总金额"],
    ["政府集中采购", "18", "2356.5"],
]
REQUESTS_2019 = {  # made up, consistent: every row sums across, every column balances
    "requests.new": (120, 20, 1, 0, 3, 2, 146),
    "requests.carried_over": (5, 1, 0, 0, 0, 0, 6),
    "outcome.disclosed": (40, 8, 1, 0, 1, 1, 51),
    "outcome.partially_disclosed": (10, 2, 0, 0, 0, 0, 12),
    "outcome.withheld.state_secret": (1, 0, 0, 0, 0, 0, 1),
    "outcome.withheld.prohibited_by_law": (0, 0, 0, 0, 0, 0, 0),
    "outcome.withheld.security_stability": (0, 0, 0, 0, 0, 0, 0),
    "outcome.withheld.third_party": (3, 1, 0, 0, 0, 0, 4),
    "outcome.withheld.internal_affairs": (2, 0, 0, 0, 0, 0, 2),
    "outcome.withheld.process_info": (2, 1, 0, 0, 0, 0, 3),
    "outcome.withheld.enforcement_file": (1, 0, 0, 0, 0, 0, 1),
    "outcome.withheld.administrative_query": (4, 0, 0, 0, 0, 0, 4),
    "outcome.unavailable.not_held": (30, 5, 0, 0, 1, 1, 37),
    "outcome.unavailable.needs_creation": (6, 1, 0, 0, 0, 0, 7),
    "outcome.unavailable.unclear": (2, 0, 0, 0, 0, 0, 2),
    "outcome.not_processed.petition": (5, 0, 0, 0, 0, 0, 5),
    "outcome.not_processed.repeated": (3, 0, 0, 0, 0, 0, 3),
    "outcome.not_processed.publication": (0, 0, 0, 0, 0, 0, 0),
    "outcome.not_processed.vexatious": (1, 0, 0, 0, 0, 0, 1),
    "outcome.not_processed.confirmation": (0, 0, 0, 0, 0, 0, 0),
    "outcome.other": (8, 1, 0, 0, 1, 0, 10),
    "outcome.total": (118, 19, 1, 0, 3, 2, 143),
    "requests.carried_forward": (7, 2, 0, 0, 0, 0, 9),
}
REQUEST_LABELS_2019 = {**REQUEST_LABELS, "outcome.other": ["(六)其他处理"]}
REVIEW_2019 = (3, 1, 1, 0, 5, 2, 0, 1, 1, 4, 1, 0, 0, 0, 1)


def report_2019(sep="flat", requests=REQUESTS_2019):
    return report_text(render(PROACTIVE_LAYOUT_2019, sep), render(request_grid(requests, REQUEST_LABELS_2019), sep),
                       render(review_grid(REVIEW_2019), sep), year=2020)


def test_the_made_up_2019_table_is_consistent():
    for row, values in REQUESTS_2019.items():
        assert sum(values[:6]) == values[6], row
    for c in range(7):
        col = {row: values[c] for row, values in REQUESTS_2019.items()}
        outcomes = sum(v for row, v in col.items() if row.startswith("outcome.") and row != "outcome.total")
        assert outcomes == col["outcome.total"]
        assert col["requests.new"] + col["requests.carried_over"] == col["outcome.total"] + col["requests.carried_forward"]


def test_a_flattened_2019_format_report_maps_onto_the_same_keys_where_they_mean_the_same():
    _, tables = parsed_bytes(report_2019().encode("utf-8"))
    assert [(t.name, t.format) for t in tables] == [
        ("proactive", "2019"), ("requests", "2019"), ("review_litigation", "2019")]
    assert all(t.problems == [] for t in tables), [t.problems for t in tables]
    got = table_metrics(tables)
    assert {k: v for k, v in got.items() if k.startswith(("requests.", "outcome."))} == expected_requests(REQUESTS_2019)
    assert [got[k] for k in REVIEW_KEYS] == [Decimal(v) for v in REVIEW_2019]
    # the same keys as the 2021 format where the templates mean the same
    assert got["proactive.regulations.issued"] == 2                # 本年新制作数量 ~ 本年制发件数
    assert got["proactive.normative_documents.issued"] == 12       # row 规范性文件 ~ 行政规范性文件
    assert got["proactive.licensing.decisions"] == 3020            # 处理决定数量 ~ 本年处理决定数量
    assert got["outcome.other.total"] == 10                         # one row in 2019, three reasons in 2021
    assert got["outcome.withheld.state_secret.natural_person"] == 1
    # and keys of their own where they do not
    assert got["proactive.regulations.published_total"] == 35
    assert got["proactive.licensing.items_change"] == 2
    assert got["proactive.penalty.items_change"] == -1
    assert got["proactive.other_services.decisions"] == 75
    assert got["proactive.fees.items_last_year"] == 4
    assert got["proactive.procurement.count"] == 18
    assert got["proactive.procurement.amount"] == Decimal("2356.5")
    assert "proactive.fees.amount" not in got and "proactive.regulations.in_force" not in got
    for key in got:
        assert mk.KEYS[key].source_2019 is not None, key
    checks = run_checks([m for t in tables for m in t.metrics])
    assert checks and all(c.passed for c in checks), [c.detail for c in checks if not c.passed]
    assert "outcome.other.sum.total" not in {c.name for c in checks}   # no reasons to add up in 2019


def test_a_2019_report_in_pipe_rows_gives_the_same_metrics_as_flattened():
    _, flat = parsed_bytes(report_2019().encode("utf-8"))
    _, piped = parsed_bytes(report_2019("|").encode("utf-8"))
    assert all(t.problems == [] for t in piped), [t.problems for t in piped]
    assert table_metrics(piped) == table_metrics(flat)
    assert [t.format for t in piped] == ["2019", "2019", "2019"]


def test_an_amount_in_yuan_is_given_in_wan_yuan_with_its_raw_cell_kept():
    layout = [row if row[0] != "政府集中采购" else ["政府集中采购", "6", "251000元"] for row in PROACTIVE_LAYOUT_2019]
    text = report_text(render(layout, "flat"), render(request_grid(REQUESTS_2019, REQUEST_LABELS_2019), "flat"),
                       render(review_grid(REVIEW_2019), "flat"))
    _, tables = parsed_bytes(text.encode("utf-8"))
    m = next(m for m in by_name(tables)["proactive"].metrics if m.key == "proactive.procurement.amount")
    assert (m.value, m.unit, m.raw) == (Decimal("25.1"), "万元", "251000元")


# -- cells that cannot be placed ---------------------------------------------------------------
def test_a_row_missing_a_cell_in_flattened_text_is_reported_and_not_placed():
    # 二、上年结转: drop the 科研机构 cell (0) from the 2023 report's own text
    lines = sample_bytes(REPORT_2023).decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("二、上年結(jié)轉(zhuǎn)"))
    cells = [k for k in range(at + 1, len(lines)) if lines[k].strip()][:7]
    assert [lines[k].strip() for k in cells] == ["2082", "144", "0", "4", "3", "2", "2235"]
    del lines[cells[2]]
    _, tables = parsed_bytes("\n".join(lines).encode("utf-8"))
    requests = by_name(tables)["requests"]
    assert requests.problems == [
        "二、上年结转政府信息公开申请数量: 6 cells (2082, 144, 4, 3, 2, 2235) for the 7 applicant columns "
        "(cells on separate lines); the row is not placed."]
    got = {m.key for m in requests.metrics}
    assert not any(k.startswith("requests.carried_over.") for k in got)
    expected = {k for k in expected_requests() if not k.startswith("requests.carried_over.")}
    assert expected <= got
    # the balance checks cannot be made without the row; the rest still pass
    checks = run_checks(requests.metrics)
    assert not any(c.name.startswith("requests.balance") for c in checks)
    assert all(c.passed for c in checks)


def test_a_blank_cell_in_a_pipe_row_is_reported_alone_and_its_neighbours_are_placed():
    grid = request_grid()
    row = next(r for r in grid if r[0].startswith("二、上年结转"))
    row[3] = ""
    text = report_text(render(PROACTIVE_LAYOUT_2021, "|"), render(grid, "|"), render(review_grid(), "|"))
    _, tables = parsed_bytes(text.encode("utf-8"))
    requests = by_name(tables)["requests"]
    assert requests.problems == ["二、上年结转政府信息公开申请数量 × 科研机构 is blank; not placed."]
    got = {m.key: m.value for m in requests.metrics if m.source == "table"}
    assert "requests.carried_over.research" not in got
    assert got["requests.carried_over.public_interest"] == 4
    assert got["requests.carried_over.total"] == 2235


def test_a_review_table_short_of_a_cell_places_none_of_its_numbers():
    review = review_grid()
    review[-1] = review[-1][:8] + review[-1][9:]      # drop 未经复议直接起诉 尚未审结 (4)
    text = report_text(render(PROACTIVE_LAYOUT_2021, "flat"), render(request_grid(), "flat"), render(review, "flat"))
    _, tables = parsed_bytes(text.encode("utf-8"))
    table = by_name(tables)["review_litigation"]
    assert table.metrics == []
    assert table.problems == [
        "行政复议、行政诉讼: 14 cells (716, 77, 207, 202, 1202, 340, 32, 294, 670, 148, 0, 105, 4, 257) "
        "for the template's 15; none placed."]


def test_a_row_label_that_is_not_in_the_template_is_reported_with_its_figures():
    grid = request_grid()
    at = next(i for i, r in enumerate(grid) if r[0] == "(七)总计")
    grid.insert(at, ["(八)自行增加的一行", "1", "0", "0", "0", "0", "0", "1"])
    text = report_text(render(PROACTIVE_LAYOUT_2021, "flat"), render(grid, "flat"), render(review_grid(), "flat"))
    _, tables = parsed_bytes(text.encode("utf-8"))
    requests = by_name(tables)["requests"]
    assert requests.problems == [
        "Row label '(八)自行增加的一行' is not a row of the template.",
        "7 figure(s) after '(八)自行增加的一行' could not be placed: 1, 0, 0, 0, 0, 0, 1.",
    ]
    assert {m.key: m.value for m in requests.metrics if m.source == "table"} == expected_requests()


def test_a_proactive_row_with_too_few_cells_is_reported():
    layout = [row if row[0] != "规章" else ["规章", "18", "269"] for row in PROACTIVE_LAYOUT_2021]
    text = report_text(render(layout, "flat"), render(request_grid(), "flat"), render(review_grid(), "flat"))
    _, tables = parsed_bytes(text.encode("utf-8"))
    proactive = by_name(tables)["proactive"]
    assert proactive.problems == ["规章: 2 cells (18, 269) for 3 columns; not placed."]
    assert not any(m.key.startswith("proactive.regulations.") for m in proactive.metrics)


def test_a_document_without_the_tables_gives_none():
    doc, tables = parsed_bytes(sample_bytes("shanghai-changning-2019-work-plan"))
    assert tables == []


# -- the key list --------------------------------------------------------------------------------
def test_the_key_list_covers_the_templates():
    keys = mk.KEYS
    assert len([k for k in keys.values() if k.table == "requests"]) == len(mk.REQUEST_ROWS) * 7 == 29 * 7
    assert len([k for k in keys.values() if k.table == "review_litigation"]) == 15 + 5
    for key in ["requests.new.total", "requests.new.natural_person", "requests.new.commercial",
                "requests.carried_over.total", "outcome.disclosed.total", "outcome.partially_disclosed.total",
                "outcome.withheld.total", "outcome.withheld.state_secret.total", "outcome.withheld.third_party.total",
                "outcome.unavailable.not_held.total", "outcome.not_processed.petition.total", "outcome.other.total",
                "outcome.total.total", "requests.carried_forward.total", "review.upheld", "review.corrected",
                "review.other", "review.pending", "review.total", "litigation.direct.corrected",
                "litigation.after_review.total", "proactive.regulations.issued", "proactive.normative_documents.in_force",
                "proactive.licensing.decisions", "proactive.penalty.decisions", "proactive.coercion.decisions",
                "proactive.fees.amount", "proactive.procurement.count", "proactive.procurement.amount"]:
        assert key in keys, key


def test_every_key_has_a_label_a_unit_a_definition_and_a_source():
    for k in mk.KEYS.values():
        assert k.label and k.definition and k.unit in {"件", "项", "万元"}, k.key
        assert k.source_2021 or k.source_2019, k.key
        assert k.same_across_formats == bool(k.source_2021 and k.source_2019), k.key
        assert all(part in mk.KEYS for part in k.sum_of), k.key
    assert mk.KEYS["proactive.fees.amount"].source_2019 is None
    assert mk.KEYS["outcome.other.no_correction.total"].source_2019 is None
    assert mk.KEYS["proactive.procurement.amount"].source_2021 is None


def test_docs_metrics_md_is_generated_from_the_key_list():
    assert DOCS.read_text(encoding="utf-8") == mk.render_markdown(), (
        "docs/metrics.md is stale: python -m documents.ingest.metric_keys > docs/metrics.md")
    for key in mk.KEYS:
        assert f"`{key}`" in mk.render_markdown()


def test_an_unknown_numbered_row_right_after_a_group_heading_does_not_lend_its_figures_to_the_group():
    grid = request_grid()
    at = next(i for i, r in enumerate(grid) if r[0] == "(四)无法提供")
    grid[at] = grid[at][1:]                                  # 1.本机关不掌握相关政府信息 | ...
    grid.insert(at, ["(四)无法提供", "0.自定义的理由", "1", "0", "0", "0", "0", "0", "1"])
    text = report_text(render(PROACTIVE_LAYOUT_2021, "flat"), render(grid, "flat"), render(review_grid(), "flat"))
    tables = parse_tables(text, parse_sections(text))
    requests = by_name(tables)["requests"]
    assert requests.problems == [
        "Row label '0.自定义的理由' is not a row of the template.",
        "7 figure(s) after '0.自定义的理由' could not be placed: 1, 0, 0, 0, 0, 0, 1.",
    ]
    got = {m.key: m.value for m in requests.metrics if m.source == "table"}
    assert got == expected_requests()
    assert "outcome.unavailable.total" not in got


def test_a_row_label_read_twice_is_reported_and_its_second_figures_are_not_placed():
    grid = request_grid()
    at = next(i for i, r in enumerate(grid) if r[0] == "(四)无法提供")
    grid.insert(at, ["4.保护第三方合法权益", "1", "0", "0", "0", "0", "0", "1"])
    text = report_text(render(PROACTIVE_LAYOUT_2021, "flat"), render(grid, "flat"), render(review_grid(), "flat"))
    requests = by_name(parse_tables(text, parse_sections(text)))["requests"]
    assert requests.problems == [
        "Row label '4.保护第三方合法权益' names a row already read.",
        "7 figure(s) after '4.保护第三方合法权益' could not be placed: 1, 0, 0, 0, 0, 0, 1.",
    ]
    assert {m.key: m.value for m in requests.metrics if m.source == "table"} == expected_requests()


def test_merged_header_cells_and_the_empty_cells_of_a_group_row_are_no_problem_but_blank_figures_are():
    grid = request_grid()
    grid[0] = [grid[0][0], "", "", "申请人情况", "", "", "", ""]
    grid[1] = ["", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    at = next(i for i, r in enumerate(grid) if r[0] == "(三)不予公开")
    grid[at] = grid[at][1:]
    grid.insert(at, ["(三)不予公开", "", "", "", "", "", "", ""])   # a group heading, no cells of its own
    row = next(r for r in grid if r[0] == "2.重复申请")
    row[2:4] = ["", ""]                                         # 商业企业 and 科研机构 left blank
    text = report_text(render(PROACTIVE_LAYOUT_2021, "|"), render(grid, "|"), render(review_grid(), "|"))
    requests = by_name(parse_tables(text, parse_sections(text)))["requests"]
    assert requests.problems == ["2.重复申请 × 商业企业, 科研机构 are blank; not placed."]
    got = {m.key: m.value for m in requests.metrics if m.source == "table"}
    assert got == {k: v for k, v in expected_requests().items()
                   if k not in ("outcome.not_processed.repeated.commercial", "outcome.not_processed.repeated.research")}
    assert "outcome.not_processed.commercial" not in {m.key for m in requests.metrics}   # no sum without all parts


# -- flattened tables (a crawl keeps a table's words and digits, not its cell borders) ------------
# The figures below are made up; the labels are the 2021 template's, as a crawl runs them together.
FLAT_HEADER = ("三、收到和处理政府信息公开申请情况(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
               "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
FLAT_REVIEW_HEADER = ("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
                      "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计")
FLAT_AFTER = "五、存在的主要问题及改进情况一是队伍建设有待加强。"
FLAT_ROWS = {
    "requests.new": "124000016",
    "requests.carried_over": "0000000",
    "outcome.disclosed": "82000010",
    "outcome.partially_disclosed": "2100003",
    "outcome.unavailable.not_held": "2100003",
    "outcome.total": "124000016",
    "requests.carried_forward": "0000000",
}


def flat_requests(rows=None, between="", before_run=""):
    """Table 三 as a crawl gives it: each row's label, then its cells run together."""
    runs = dict(FLAT_ROWS, **(rows or {}))
    out = [FLAT_HEADER]
    for row in mk.REQUEST_ROWS:
        if row.id == "outcome.disclosed":
            out.append(mk.RESULTS_ROW)
        label = row.label_2021
        if row.kind == "group":
            out.append(label)
            continue
        out.append(label + before_run + runs.get(row.id, "0000000"))
    return between.join(out)


def flat_parse(text):
    tables = parse_tables(text, parse_sections(text))
    metrics = {m.key: m.value for t in tables for m in t.metrics}
    problems = [p for t in tables for p in t.problems]
    return metrics, problems


def test_a_flattened_table_of_applications_is_read_row_by_row_by_its_totals():
    metrics, problems = flat_parse(flat_requests() + FLAT_AFTER)
    assert metrics["requests.new.natural_person"] == 12
    assert metrics["requests.new.commercial"] == 4
    assert metrics["requests.new.total"] == 16
    assert metrics["outcome.disclosed.total"] == 10
    assert metrics["outcome.unavailable.not_held.total"] == 3
    assert metrics["outcome.total.total"] == 16
    assert problems == []


def test_a_row_numbering_glued_to_the_run_before_it_is_the_next_rows():
    # `…不掌握相关政府信息21000032.没有现成信息…`: the 2 numbers the next row
    text = flat_requests() + FLAT_AFTER
    assert "不掌握相关政府信息21000032.没有现成信息" in text
    metrics, _ = flat_parse(text)
    assert metrics["outcome.unavailable.not_held.total"] == 3
    assert metrics["outcome.unavailable.needs_creation.total"] == 0


def test_a_flattened_table_with_rows_on_lines_reads_the_same():
    one_line, _ = flat_parse(flat_requests() + FLAT_AFTER)
    on_lines, problems = flat_parse(flat_requests(between="\n", before_run=" ") + "\n" + FLAT_AFTER)
    assert on_lines == one_line and problems == []


def test_a_row_ambiguous_alone_is_decided_by_the_column_sums_of_the_table():
    rows = {"requests.new": "102 0 0 0 0 0 102", "outcome.disclosed": "10100000101",
            "outcome.partially_disclosed": "1000001", "outcome.unavailable.not_held": "0000000",
            "outcome.total": "102 0 0 0 0 0 102"}
    metrics, problems = flat_parse(flat_requests(rows) + FLAT_AFTER)
    # alone, 10100000101 is 1|0|100|0|0|0|101 or 101|0|0|0|0|0|101; 自然人 must add up to 102
    assert metrics["outcome.disclosed.natural_person"] == 101
    assert metrics["outcome.disclosed.research"] == 0
    assert problems == []


def test_an_ambiguous_row_in_a_table_that_does_not_add_up_is_reported_with_its_candidates():
    rows = {"requests.new": "102 0 0 0 0 0 102", "outcome.disclosed": "10100000101",
            "outcome.partially_disclosed": "1000001", "outcome.unavailable.not_held": "0000000",
            "outcome.total": "102 0 0 0 0 0 102", "requests.carried_forward": "5000005"}
    metrics, problems = flat_parse(flat_requests(rows) + FLAT_AFTER)
    # not even the cells both splits write alike: the table contradicts itself
    assert not any(k.startswith("outcome.disclosed.") for k in metrics)
    assert metrics["requests.carried_forward.total"] == 5     # read as written; the check fails
    assert any("(一)予以公开" in p and "1|0|100|0|0|0|101" in p and "101|0|0|0|0|0|101" in p
               and "not placed" in p for p in problems)
    checks = {c.name: c.passed for c in run_checks([m for t in parse_tables(flat_requests(rows), parse_sections(
        flat_requests(rows))) for m in t.metrics], [])}
    assert checks["requests.balance.total"] is False


def test_rows_that_split_two_ways_in_a_table_that_adds_up_place_the_columns_both_ways_write_alike():
    # 1|0|100|0|0|0|101 or 101|0|0|0|0|0|101 in each of the three rows, either way consistent
    rows = {"requests.new": "10100000101", "outcome.disclosed": "10100000101", "outcome.partially_disclosed": "0000000",
            "outcome.unavailable.not_held": "0000000", "outcome.total": "10100000101"}
    metrics, problems = flat_parse(flat_requests(rows) + FLAT_AFTER)
    assert metrics["requests.new.total"] == metrics["outcome.total.total"] == 101
    assert metrics["requests.new.commercial"] == 0
    assert not any(k in metrics for k in ("requests.new.natural_person", "requests.new.research"))
    assert any("the columns where they differ are not placed" in p for p in problems)


def test_a_row_whose_splits_the_rest_of_the_table_contradicts_places_none_of_its_cells():
    # 12|6|3|0|2|0|23 with its 总计 misprinted 32: every split adding up to 32 begins 1|…, and none
    # keeps 本年新收 + 上年结转 = 总计 + 结转下年 with the other rows, which add up to 23
    rows = {"requests.new": "126302032", "outcome.disclosed": "126302023", "outcome.partially_disclosed": "0000000",
            "outcome.unavailable.not_held": "0000000", "outcome.total": "126302023"}
    metrics, problems = flat_parse(flat_requests(rows) + FLAT_AFTER)
    assert not any(k.startswith("requests.new.") for k in metrics)
    assert metrics["outcome.total.natural_person"] == 12
    assert any(p.startswith("一、本年新收政府信息公开申请数量: the run '126302032'") and p.endswith("not placed.")
               for p in problems)


def test_a_flattened_review_table_is_split_into_its_fifteen_cells():
    metrics, problems = flat_parse(FLAT_REVIEW_HEADER + "21300242200410001" + FLAT_AFTER)
    assert [metrics[f"review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [21, 3, 0, 0, 24]
    assert metrics["litigation.direct.total"] == 4
    assert metrics["litigation.after_review.upheld"] == 1
    assert metrics["litigation.total"] == 5
    assert problems == []


def test_a_flattened_review_table_that_splits_two_ways_places_only_the_groups_both_ways_write_alike():
    # 1|2|13|0|16 or 12|1|3|0|16, then 2|2|0|0|4 and 1|0|0|0|1 either way
    metrics, problems = flat_parse(FLAT_REVIEW_HEADER + "12130162200410001" + FLAT_AFTER)
    assert not any(k.startswith("review.") for k in metrics)
    assert [metrics[f"litigation.direct.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [2, 2, 0, 0, 4]
    assert metrics["litigation.after_review.total"] == 1
    assert any("2 ways" in p and "12|1|3|0|16" in p and "行政复议, which are not placed" in p for p in problems)


def test_a_flattened_review_table_whose_splits_differ_in_every_group_places_nothing():
    # each group of five is 1|2|13|0|16 or 12|1|3|0|16
    metrics, problems = flat_parse(FLAT_REVIEW_HEADER + "1213016" * 3 + FLAT_AFTER)
    assert not any(k.startswith(("review.", "litigation.")) for k in metrics)
    assert any("8 ways" in p and p.endswith("none placed.") for p in problems)


FLAT_PROACTIVE = ("二、主动公开政府信息情况第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数规章000"
                  "行政规范性文件3516420第二十条第(五)项信息内容本年处理决定数量行政许可1875"
                  "第二十条第(六)项信息内容本年处理决定数量行政处罚733行政强制12"
                  "第二十条第(八)项信息内容本年收费金额(单位:万元)行政事业性收费2874.0561")


def test_a_flattened_proactive_table_places_the_rows_whose_cells_are_certain():
    metrics, problems = flat_parse(FLAT_PROACTIVE + flat_requests() + FLAT_AFTER)
    assert metrics["proactive.regulations.issued"] == 0
    assert metrics["proactive.licensing.decisions"] == 1875
    assert metrics["proactive.penalty.decisions"] == 733
    assert metrics["proactive.coercion.decisions"] == 12
    assert metrics["proactive.fees.amount"] == Decimal("2874.0561")
    # three columns and no relation between them: 3516420 could be 35|164|20, 3|51|6420, ...
    assert not any(k.startswith("proactive.normative_documents.") for k in metrics)
    assert any(p.startswith("行政规范性文件: the run '3516420' splits into its 3 columns") for p in problems)


def test_a_figure_whose_digits_go_on_after_a_line_break_is_not_placed_cut_short():
    # a narrow cell wraps 2874.0561 as 2874.05 ⏎ 61: the first line alone is no figure to cite
    wrapped = FLAT_PROACTIVE.replace("2874.0561", "2874.05\n61")
    metrics, problems = flat_parse(wrapped + flat_requests() + FLAT_AFTER)
    assert "proactive.fees.amount" not in metrics
    assert any(p.startswith("行政事业性收费: the run '2874.05' is followed by '61'") for p in problems)
    assert metrics["proactive.coercion.decisions"] == 12


FLAT_STATISTICS = ("附件:政府信息公开情况统计表指标名称计量单位2013年度历年累计主动公开信息数条12001500"
                   "受理依申请公开信息总数条3131其中:1.当面申请数条28282.网上申请数条33"
                   "对申请的答复总数条3131其中:1.同意公开答复数条30302.同意部分公开答复数条11"
                   "行政复议数件00行政诉讼数件01")


def test_an_older_statistics_table_is_read_from_its_run_together_columns():
    metrics, problems = flat_parse("三、依申请公开情况本年共受理申请。" + FLAT_STATISTICS)
    # 3131 alone is 3|131 or 31|31; the ways of applying under 其中 add up to 31|31 only
    assert metrics["requests.new.total"] == 31
    assert metrics["outcome.disclosed.total"] == 30
    assert metrics["outcome.partially_disclosed.total"] == 1
    assert metrics["review.total"] == 0
    assert metrics["litigation.total"] == 0
    assert any(p.startswith("主动公开信息数: the run '12001500' splits") for p in problems)


def test_prose_before_a_flattened_table_naming_its_rows_is_not_read_as_the_table():
    prose = ("一、总体情况依照《条例》第二十条规定主动公开。本年新收政府信息公开申请16件，"
             "上年结转0件。")
    metrics, problems = flat_parse(prose + FLAT_PROACTIVE + flat_requests() + FLAT_AFTER)
    assert metrics["requests.new.total"] == 16
    assert metrics["outcome.total.total"] == 16
    assert metrics["proactive.licensing.decisions"] == 1875
    assert not any("'16'" in p or "'0'" in p for p in problems)


def test_a_run_with_a_digit_a_cell_is_read_as_written_even_when_its_total_does_not_add_up():
    # 2|1|0|0|0|0|4: seven digits for seven cells leave no doubt; the failing sum is the checks' to say
    rows = {"outcome.partially_disclosed": "2100004"}
    text = flat_requests(rows) + FLAT_AFTER
    metrics, problems = flat_parse(text)
    assert metrics["outcome.partially_disclosed.natural_person"] == 2
    assert metrics["outcome.partially_disclosed.total"] == 4
    checks = {c.name: c.passed for c in run_checks(
        [m for t in parse_tables(text, parse_sections(text)) for m in t.metrics], [])}
    assert checks["columns.sum.outcome.partially_disclosed"] is False


def test_a_run_whose_total_does_not_add_up_and_that_splits_several_ways_is_not_placed():
    rows = {"outcome.partially_disclosed": "21000040"}   # 21|0|…|40, 2|10|…|40, 2|1|0|0|0|0|040 ...
    metrics, problems = flat_parse(flat_requests(rows) + FLAT_AFTER)
    assert not any(k.startswith("outcome.partially_disclosed.") for k in metrics)
    assert any(p.startswith("(二)部分公开") and "not placed" in p for p in problems)


def test_a_statistics_table_with_columns_other_than_the_years_and_the_running_total_is_not_read():
    text = FLAT_STATISTICS.replace("2013年度历年累计", "2013年度2012年度")
    metrics, _ = flat_parse("三、依申请公开情况本年共受理申请。" + text)
    assert "requests.new.total" not in metrics


def test_a_glued_row_numbering_read_the_same_whether_the_line_breaks_before_or_after_it():
    one_line, _ = flat_parse(flat_requests() + FLAT_AFTER)
    text = flat_requests() + FLAT_AFTER
    before = text.replace("21000032.没有", "2100003\n2.没有")
    after = text.replace("21000032.没有", "21000032.\n没有")
    assert flat_parse(before)[0] == one_line
    assert flat_parse(after)[0] == one_line


def test_a_run_after_words_that_name_no_row_of_the_template_is_reported_not_placed():
    text = flat_requests().replace("(七)总计", "(八)备注说明3000003(七)总计") + FLAT_AFTER
    metrics, problems = flat_parse(text)
    assert metrics["outcome.total.total"] == 16
    assert any("'3000003'" in p and "not placed" in p for p in problems)


def test_a_review_table_with_each_row_labelled_on_its_line_is_read():
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结果维持结果纠正其他结果尚未审结总计\n"
            "21300 24\n未经复议直接起诉\n22004\n复议后起诉\n10001\n" + FLAT_AFTER)
    metrics, problems = flat_parse(text)
    assert metrics["review.total"] == 24 and metrics["litigation.direct.total"] == 4
    assert metrics["litigation.after_review.total"] == 1


@pytest.mark.parametrize("header", ["行政复议行政诉讼", "行政复议、行政诉讼", "行政诉讼 行政复议",
                                    "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"])
def test_a_pipe_table_whose_header_words_run_together_in_one_cell_is_read_as_table_four(header):
    grid = [[header], [str(v) for v in REVIEW_2023]]
    text = report_text(render(PROACTIVE_LAYOUT_2021, "|"), render(request_grid(), "|"), render(grid, "|"))
    tables = parse_tables(text, parse_sections(text))
    review = [t for t in tables if t.name == "review_litigation"]
    assert len(review) == 1 and review[0].problems == []
    assert table_metrics(review) == {k: Decimal(v) for k, v in zip(REVIEW_KEYS, REVIEW_2023)}


def test_a_cell_of_header_words_of_other_tables_or_totals_alone_does_not_open_table_four():
    from documents.ingest.tables import _marker_of

    assert _marker_of(("总计合计",)) is None
    assert _marker_of(("行政复议行政诉讼情况说明",)) is None
    assert _marker_of(("结果维持结果纠正",)) == "review_litigation"
