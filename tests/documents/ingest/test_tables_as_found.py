"""tables.py on the shapes real reports come in from PDF extractors and crawls: `pdftotext`
and `pdftotext -layout` output of the 2021 template's tables, tab rows whose header words run
together, table 二 read column by column. No database.

The pdftotext fixtures under data/ were made by printing the 2021 template's tables (merged
cells as the template has them, figures of the Shanghai 2023 sample) to PDF with Chromium and
running `pdftotext` and `pdftotext -layout` on it; page-number lines (`- 1 -`) mark the pages.
"""
from pathlib import Path

from documents.ingest.pipeline import parse_bytes
from documents.ingest.tables import parse_tables
from tests.documents.ingest.test_tables import expected_table_metrics

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
