from documents.ingest.sections import parse_sections
from documents.ingest.tables import parse_tables

HEAD = "一、总体情况\n略。\n二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n"
COLUMNS = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
ROWS = [
    ("一、本年新收政府信息公开申请数量", ["30", "2", "0", "0", "1", "0", "33"]),
    ("二、上年结转政府信息公开申请数量", ["3", "0", "0", "0", "0", "0", "3"]),
    ("三、本年度办理结果", []),
    ("(一)予以公开", ["20", "1", "0", "0", "1", "0", "22"]),
]
TAIL = "四、政府信息公开行政复议、行政诉讼情况\n略。\n"


def numbers(text):
    return {m.key: m.value for t in parse_tables(text, parse_sections(text)) for m in t.metrics}


def test_row_labels_printed_after_their_figures_go_with_those_figures():
    cells = list(COLUMNS)
    for label, figures in ROWS:
        cells += figures + [label] if figures else [label]
    got = numbers(HEAD + "\n".join(cells) + "\n" + TAIL)
    assert got["requests.new.total"] == 33
    assert got["requests.carried_over.total"] == 3
    assert got["outcome.disclosed.total"] == 22
    assert got["outcome.disclosed.natural_person"] == 20


def test_labels_before_their_figures_are_read_as_written():
    cells = list(COLUMNS)
    for label, figures in ROWS:
        cells += [label] + figures
    got = numbers(HEAD + "\n".join(cells) + "\n" + TAIL)
    assert got["requests.new.total"] == 33 and got["outcome.disclosed.total"] == 22


def test_the_rest_of_a_label_under_its_tab_row_joins_the_row_it_completes():
    rows = [
        "\t".join(COLUMNS),
        "一、本年新收政府信息公开申请数量\t30\t2\t0\t0\t1\t0\t33",
        "二、上年结转政府信息\t3\t0\t0\t0\t0\t0\t3",
        "公开申请数量",
        "三、本年度办理结果\t(一)予以公开\t20\t1\t0\t0\t1\t0\t22",
    ]
    text = HEAD + "\n".join(rows) + "\n" + TAIL
    structure = parse_sections(text)
    tables = parse_tables(text, structure)
    got = {m.key: m.value for t in tables for m in t.metrics}
    assert got["requests.carried_over.total"] == 3 and got["outcome.disclosed.total"] == 22
    assert not [p for t in tables for p in t.problems if "公开申请数量" in p]


def test_a_numbered_label_alone_on_its_line_joins_the_row_below_that_holds_its_rest():
    # a PDF table's label cell wrapped: its numbered start on a line of its own, its rest in
    # the cell beside the row's figures
    rows = [
        "\t".join(COLUMNS),
        "一、本年新收政府信息公开申请数量\t30\t2\t0\t0\t1\t0\t33",
        "二、上年结转政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3",
        "三、本年度办理结果\t(一)予以公开\t20\t1\t0\t0\t1\t0\t22",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情",
        "形)\t4\t0\t0\t0\t0\t0\t4",
    ]
    got = numbers(HEAD + "\n".join(rows) + "\n" + TAIL)
    assert got["outcome.partially_disclosed.total"] == 4
    assert got["outcome.partially_disclosed.natural_person"] == 4
    assert got["outcome.disclosed.total"] == 22
