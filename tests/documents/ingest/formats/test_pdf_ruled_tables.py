"""Ruled tables of a PDF read by their grid (documents/ingest/formats/pdf.py): a blank cell
keeps its column, a label wrapped in its cell is one label, a merged cell is read where it
starts, and a table the page end cut is read on both pages."""
from documents.ingest import formats
from documents.ingest.pipeline import parse_bytes

from ..format_fixtures import ruled_pdf

WIDTHS = [44, 120] + [34] * 7
HEADER = ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
TITLE = "某某县人民政府2022年政府信息公开工作年度报告"
PART = "三、收到和处理政府信息公开申请情况"


def received(*figures):
    """Row 一 of table 三, the label in its second column."""
    return ["", "一、本年新收政府信息公开申请数量", *figures]


def table(rows, **rules):
    return {"widths": WIDTHS, "rows": rows, **rules}


def figures(data):
    return {m.key: m.value for m in parse_bytes(data).metrics if m.source == "table"}


def test_a_blank_cell_of_a_ruled_table_keeps_its_column():
    data = ruled_pdf([[TITLE, PART, table([
        HEADER,
        received("5", "", "1", "", "", "", "6"),
        ["", "二、上年结转政府信息公开申请数量", "", "", "", "", "", "2", "2"],
    ])]])
    got = figures(data)
    assert got["requests.new.natural_person"] == 5
    assert got["requests.new.research"] == 1
    assert got["requests.new.total"] == 6
    assert got["requests.carried_over.other_org"] == 2
    assert got["requests.carried_over.total"] == 2
    # a blank cell is no figure
    assert "requests.new.commercial" not in got
    assert "requests.carried_over.natural_person" not in got


def test_a_label_wrapped_in_its_narrow_cell_is_read_as_one_row_label():
    data = ruled_pdf([[TITLE, PART, table([
        HEADER,
        received("3", "", "", "", "", "", "3"),
        ["三、本年度办理结果", "(一)予以公开", "1", "", "", "", "", "", "1"],
        [None, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "", "2", "", "", "", "", "2"],
    ])]])
    text = formats.extract(data).decoded.text
    assert "| 三、本年度办理结果 | (一)予以公开 | 1 | | | | | | 1 |" in text
    assert "| (二)部分公开(区分处理的,只计这一情形,不计其他情形) | | 2 | | | | | 2 |" in text
    got = figures(data)
    assert got["outcome.partially_disclosed.commercial"] == 2
    assert got["outcome.partially_disclosed.total"] == 2
    assert "outcome.partially_disclosed.natural_person" not in got


def test_a_table_the_page_end_cut_without_rules_is_read_by_its_grid_on_both_pages():
    first = table([
        HEADER,
        received("4", "", "", "", "", "", "4"),
        ["(五)不予处理", "1.信访举报投诉类申请", "1", "", "", "", "", "", "1"],
    ], bottom_rule=False)
    rest = table([
        [None, "2.重复申请", "", "", "2", "", "", "", "2"],
        [None, "3.要求提供公开出版物", "", "", "", "", "", "1", "1"],
    ], top_rule=False)
    data = ruled_pdf([[TITLE, PART, first], [rest]])
    got = figures(data)
    assert got["outcome.not_processed.repeated.research"] == 2
    assert got["outcome.not_processed.repeated.total"] == 2
    assert got["outcome.not_processed.publication.other_org"] == 1
    assert "outcome.not_processed.repeated.natural_person" not in got


def test_text_outside_a_ruled_table_is_read_as_lines():
    data = ruled_pdf([[TITLE, "一、总体情况", "本年度共收到申请4件。", PART, table([
        HEADER, received("4", "", "", "", "", "", "4"),
    ]), "四、政府信息公开行政复议、行政诉讼情况"]])
    lines = formats.extract(data).decoded.text.splitlines()
    assert "本年度共收到申请4件。" in lines
    assert "四、政府信息公开行政复议、行政诉讼情况" in lines
    assert lines.index(PART) < lines.index("| | 一、本年新收政府信息公开申请数量 | 4 | | | | | | 4 |")


def test_a_page_drawing_more_lines_than_the_limit_is_read_by_baseline_and_says_so(monkeypatch):
    from documents.ingest.formats import pdf

    monkeypatch.setattr(pdf, "MAX_GRID_CROSSINGS", 10)
    data = ruled_pdf([[TITLE, PART, table([
        HEADER, received("5", "", "1", "", "", "", "6"),
    ])]])
    extracted = formats.extract(data)
    assert any("too many crossing lines" in w and "pages 1" in w for w in extracted.warnings)
    assert "一、本年新收政府信息公开申请数量" in extracted.decoded.text  # nothing is lost


def test_rows_a_missing_rule_merged_into_one_grid_row_are_not_read_by_the_grid():
    # No rule between 1.属于国家秘密 (all blank) and 2.其他法律… (3): one cell of the grid holds
    # both labels, and its 3 would be given to the first.
    data = ruled_pdf([[TITLE, PART, table([
        HEADER,
        received("3", "", "", "", "", "", "3"),
        ["(三)不予公开", "1.属于国家秘密", "", "", "", "", "", "", ""],
        [None, "2.其他法律行政法规禁止公开", "3", "", "", "", "", "", "3"],
    ], missing_rules={3})]])
    got = figures(data)
    assert "outcome.withheld.state_secret.natural_person" not in got
    assert "outcome.withheld.state_secret.total" not in got


def test_a_pdf_whose_page_box_the_table_finder_refuses_is_read_as_lines():
    data = ruled_pdf([[TITLE, "一、总体情况", "本年度共收到申请4件。"]])
    broken = data.replace(b"/MediaBox [ 0 0 595.2756 841.8898 ]", b"/MediaBox [ 0 0 595.2756 (8418) ]")
    assert broken != data
    text = formats.extract(broken).decoded.text
    assert "本年度共收到申请4件。" in text.splitlines()


def test_a_header_note_ending_in_a_full_stop_leaves_the_grid_in_use():
    note = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和。)"
    data = ruled_pdf([[TITLE, PART, table([
        [note] + HEADER[1:],
        received("5", "", "1", "", "", "", "6"),
    ])]])
    got = figures(data)
    assert got["requests.new.research"] == 1
    assert "requests.new.commercial" not in got
