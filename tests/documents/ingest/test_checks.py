"""checks.run_checks: the 勾稽 relations between the table figures, and the prose against the tables.
No database."""
from decimal import Decimal
from types import SimpleNamespace

from documents.ingest import metric_keys as mk
from documents.ingest.checks import Check, run_checks
from documents.ingest.sections import parse_sections
from documents.ingest.tables import Metric, parse_tables
from tests.documents.ingest.test_tables import (
    COLUMNS, PROACTIVE_LAYOUT_2021, REQUEST_HEADER, REQUESTS_2023, REQUEST_LABELS, render, report_2023,
    report_text, review_grid,
)


def metrics_2023():
    _, tables = report_2023()
    return [m for t in tables for m in t.metrics]


def figure(key, value, label, sentence=None):
    return SimpleNamespace(key=key, value=value, label=label, sentence=sentence)


# figures as the 2023 report's prose gives them (一、总体情况 (二)依申请公开方面, (一)主动公开方面, (三))
NARRATIVE_2023 = [
    figure("requests.new.total", 34290, "收到政府信息公开申请", "2023年,全市共收到政府信息公开申请34290件"),
    figure("outcome.total.total", 34430, "答复政府信息公开申请", "答复政府信息公开申请34430件(含上年度转结)"),
    figure("narrative.disclosed_and_partly", 10538, "予以公开及部分公开", "予以公开及部分公开10538件,占30.61%"),
    figure("outcome.withheld.total", 1615, "不予公开", "不予公开1615件,占4.70%"),
    figure("outcome.unavailable.total", 14342, "无法提供", "因本机关不掌握等原因无法提供14342件,占41.66%"),
    figure("outcome.not_processed.total", 822, "不予处理", "不予处理822件,占2.39%"),
    figure("outcome.other.total", 7113, "其他处理", "其他处理7113件(其中申请人主动撤销5330件),占20.66%"),
    figure("review.total", 1202, "信息公开行政复议", "信息公开行政复议1202件,结果纠正77件。"),
    figure("review.corrected", 77, "结果纠正", "信息公开行政复议1202件,结果纠正77件。"),
    figure("narrative.litigation_total", 927, "信息公开行政诉讼", "信息公开行政诉讼927件,结果纠正32件。"),
    figure("litigation.corrected", 32, "结果纠正", "信息公开行政诉讼927件,结果纠正32件。"),
    figure("proactive.regulations.issued", 18, "市政府规章", "主动公开新增市政府规章18件(含新制定4件,修改14件)"),
    figure("proactive.normative_documents.issued", 707, "行政规范性文件", "行政规范性文件707件"),
    figure("proactive.normative_documents.in_force", 2764, "有效行政规范性文件", "平台纳入管理的有效行政规范性文件共2764件"),
]


def test_the_2023_report_gets_every_structural_check_and_all_pass():
    checks = run_checks(metrics_2023())
    names = [c.name for c in checks]
    assert len(names) == len(set(names)) == 7 + 7 + 25 + 3
    assert {f"requests.balance.{c}" for c in COLUMNS} <= set(names)
    assert {f"outcome.total.sum.{c}" for c in COLUMNS} <= set(names)
    assert {f"columns.sum.{row}" for row in REQUESTS_2023} <= set(names)
    assert {"review.sum", "litigation.direct.sum", "litigation.after_review.sum"} <= set(names)
    assert all(c.passed for c in checks)
    assert all(isinstance(c, Check) and isinstance(c.left, Decimal) and c.left == c.right for c in checks)


def test_a_check_says_its_relation_in_the_templates_words_then_its_figures():
    checks = {c.name: c for c in run_checks(metrics_2023())}
    balance = checks["requests.balance.total"]
    assert balance.detail == "本年新收 + 上年结转 = 办理结果总计 + 结转下年度：34290 + 2235 = 34430 + 2095 = 36525"
    assert balance.keys == ["requests.new.total", "requests.carried_over.total",
                            "outcome.total.total", "requests.carried_forward.total"]
    assert checks["requests.balance.natural_person"].detail == (
        "本年新收 + 上年结转 = 办理结果总计 + 结转下年度（自然人）：32419 + 2082 = 32507 + 1994 = 34501")
    assert checks["review.sum"].detail == "结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计（行政复议）：716 + 77 + 207 + 202 = 1202"
    assert checks["columns.sum.requests.new"].detail.startswith(
        "自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他 = 总计（本年新收政府信息公开申请数量）：32419 + 1651 + ")
    # a row named like a column says whose row it is
    assert "（其他处理·其他）：" in checks["columns.sum.outcome.other.other"].detail
    outcome = checks["outcome.total.sum.natural_person"]
    assert outcome.detail == ("予以公开 + 部分公开 + 不予公开 + 无法提供 + 不予处理 + 其他处理 = 办理结果总计（自然人）："
                              "9592 + 396 + 1556 + 13615 + 790 + 6558 = 32507")
    assert not any(c.name in c.detail or "_" in c.detail for c in checks.values())   # no code names
    assert "outcome.withheld.state_secret.natural_person" in outcome.keys
    assert "outcome.withheld.natural_person" not in outcome.keys   # the reasons, not the derived sum


def test_the_prose_of_the_2023_report_agrees_with_its_tables():
    checks = [c for c in run_checks(metrics_2023(), NARRATIVE_2023) if c.name.startswith("narrative.")]
    assert [c.name for c in checks] == [
        "narrative.requests.new.total", "narrative.outcome.total.total", "narrative.disclosed_and_partly",
        "narrative.outcome.withheld.total", "narrative.outcome.unavailable.total", "narrative.outcome.not_processed.total",
        "narrative.outcome.other.total", "narrative.review.total", "narrative.review.corrected",
        "narrative.litigation_total", "narrative.litigation.corrected", "narrative.proactive.regulations.issued",
        "narrative.proactive.normative_documents.issued", "narrative.proactive.normative_documents.in_force",
    ]
    assert all(c.passed for c in checks), [c.detail for c in checks if not c.passed]
    both = next(c for c in checks if c.name == "narrative.disclosed_and_partly")
    assert both.left == both.right == 10538
    assert both.keys == ["outcome.disclosed.total", "outcome.partially_disclosed.total"]
    assert both.detail == ("正文中的予以公开及部分公开 = 表格中的予以公开 + 部分公开：10538 = 10099 + 439"
                           "（原句：「予以公开及部分公开10538件,占30.61%」）")
    litigation = next(c for c in checks if c.name == "narrative.litigation_total")
    assert litigation.detail.startswith("正文中的信息公开行政诉讼 = 表格中的未经复议直接起诉总计 + 复议后起诉总计：927 = 670 + 257")


def test_a_narrative_figure_without_a_key_is_checked_through_its_label():
    items = [figure(None, "10538", "予以公开及部分公开"), figure(None, 1202, "行政复议"),
             {"key": None, "value": 927, "label": "行政诉讼"}, figure(None, 5330, "申请人主动撤销")]
    checks = [c for c in run_checks(metrics_2023(), items) if c.name.startswith("narrative.")]
    assert [(c.name, c.passed) for c in checks] == [
        ("narrative.disclosed_and_partly", True), ("narrative.review.total", True), ("narrative.litigation.total", True)]


def test_a_narrative_figure_that_disagrees_fails_and_keeps_both_numbers():
    checks = run_checks(metrics_2023(), [figure("narrative.disclosed_and_partly", 10583, "予以公开及部分公开")])
    check = next(c for c in checks if c.name == "narrative.disclosed_and_partly")
    assert not check.passed
    assert (check.left, check.right) == (Decimal(10583), Decimal(10538))
    assert check.detail == "正文中的予以公开及部分公开 = 表格中的予以公开 + 部分公开：10583 ≠ 10099 + 439 = 10538"


def test_a_narrative_figure_for_a_key_the_tables_lack_makes_no_check():
    checks = run_checks(metrics_2023(), [figure("requests.withdrawn.total", 5330, "申请人主动撤销"),
                                         figure(None, 3, "不认识的说法")])
    assert not any(c.name.startswith("narrative.") for c in checks)


def test_figures_read_from_the_prose_in_the_metric_list_take_no_part_in_the_table_checks():
    narrative_metric = Metric("requests.new.total", "本年新收", Decimal(1), "件", "narrative", 2, None, None, None, "1件")
    checks = run_checks([narrative_metric] + metrics_2023())
    assert all(c.passed for c in checks)


def test_no_figures_no_checks():
    assert run_checks([]) == []
    assert run_checks([], [figure("requests.new.total", 1, "收到申请")]) == []


def test_a_figure_a_report_writes_on_a_group_row_is_read_and_checked_against_its_reasons():
    rows = {**REQUESTS_2023}
    labels = {**REQUEST_LABELS,
              "outcome.withheld": ["(三)不予公开"], "outcome.withheld.state_secret": ["1.属于国家秘密"]}
    written = {"outcome.withheld": (1556, 48, 0, 2, 2, 7, 1615)}
    # put the written group row right before its first reason
    order = []
    for row in rows:
        if row == "outcome.withheld.state_secret":
            order.append("outcome.withheld")
        order.append(row)
    grid = REQUEST_HEADER + [labels[r] + [str(v) for v in {**rows, **written}[r]] for r in order]
    text = report_text(render(PROACTIVE_LAYOUT_2021, "flat"), render(grid, "flat"), render(review_grid(), "flat"))
    tables = parse_tables(text, parse_sections(text))
    assert all(t.problems == [] for t in tables), [t.problems for t in tables]
    metrics = [m for t in tables for m in t.metrics]
    withheld = {m.key: m for m in metrics if m.key.startswith("outcome.withheld.") and m.key.count(".") == 2}
    assert {k: (m.value, m.source) for k, m in withheld.items()} == {
        f"outcome.withheld.{c}": (Decimal(v), "table") for c, v in zip(COLUMNS, written["outcome.withheld"])}
    checks = {c.name: c for c in run_checks(metrics)}
    assert {f"outcome.withheld.sum.{c}" for c in COLUMNS} <= set(checks)
    assert "columns.sum.outcome.withheld" in checks
    assert all(c.passed for c in checks.values())
    assert checks["outcome.withheld.sum.total"].detail.endswith("= 不予公开：40 + 12 + 59 + 209 + 183 + 189 + 93 + 830 = 1615")


def test_a_written_group_figure_that_disagrees_with_its_reasons_fails_without_being_fixed():
    metrics = [m for m in metrics_2023() if m.source == "table"]
    metrics.append(Metric("outcome.withheld.total", mk.KEYS["outcome.withheld.total"].label, Decimal(1600), "件",
                          "table", 7, "requests", "(三)不予公开", "总计", "1600"))
    checks = {c.name: c for c in run_checks(metrics)}
    check = checks["outcome.withheld.sum.total"]
    assert not check.passed and (check.left, check.right) == (Decimal(1615), Decimal(1600))
    # (七)总计 is still checked against the reasons, which agree with it
    assert checks["outcome.total.sum.total"].passed


def test_a_prose_count_of_applications_equal_to_new_plus_carried_over_is_said_so():
    F = SimpleNamespace
    metrics = [F(key="requests.new.total", value=74, source="table"),
               F(key="requests.carried_over.total", value=1, source="table")]
    said = [F(key="requests.new.total", value=75, label="政府信息公开申请", sentence="全区收到政府信息公开申请75件。")]
    check = next(c for c in run_checks(metrics, said) if c.name == "narrative.requests.new.total")
    assert check.passed is False
    assert check.detail.endswith("：75 ≠ 74（原句：「全区收到政府信息公开申请75件。」）；正文之数等于本年新收加上年结转（74 + 1 = 75）")
