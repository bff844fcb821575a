from documents.ingest.clean import clean
from documents.ingest.sections import parse_sections
from documents.ingest.tables import parse_tables


def actions(cleaned):
    return {step["action"]: step for step in cleaned.report}


def test_a_markdown_heading_is_written_as_its_text():
    cleaned = clean("# 2023年某区政府信息公开工作年度报告\n\n## 一、总体情况\n\n**(一)主动公开**\n\n正文。\n")
    assert cleaned.text == "2023年某区政府信息公开工作年度报告\n一、总体情况\n(一)主动公开\n正文。"
    assert actions(cleaned)["unmark_headings"]["count"] == 2
    assert actions(cleaned)["drop_emphasis"]["count"] == 1
    # the original keeps the markers, each removal recorded
    assert [e.removed for e in cleaned.edited.edits if e.action == "unmark_headings"] == ["# ", "## "]
    assert [e.removed for e in cleaned.edited.edits if e.action == "drop_emphasis"] == ["**(一)主动公开**"]


def test_a_heading_glued_to_a_table_row_is_cut_from_it():
    cleaned = clean("## 二、主动公开政府信息情况| 第二十条第(一)项 | - | - |\n| 信息内容 | 本年制发件数 | 本年废止件数 |\n")
    assert cleaned.text.split("\n")[:2] == ["二、主动公开政府信息情况", "| 第二十条第(一)项 |"]


def test_made_up_headers_and_rules_are_dropped_and_a_dash_inside_a_row_is_no_figure():
    text = (
        "一、总体情况\n略。\n二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n\n"
        "| Column1 | Column2 | Column3 | Column4 | Column5 | Column6 | Column7 | Column8 | Column9 |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
        "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 | - |\n"
        "| 一、本年新收政府信息公开申请数量 | 30 | 2 | 0 | 0 | 1 | 0 | 33 | - |\n"
        "| 二、上年结转政府信息公开申请数量 | 3 | - | 0 | 0 | 0 | 0 | 3 |  |\n"
    )
    cleaned = clean(text)
    assert "Column1" not in cleaned.text and "---" not in cleaned.text
    assert "| 一、本年新收政府信息公开申请数量 | 30 | 2 | 0 | 0 | 1 | 0 | 33 |" in cleaned.text
    structure = parse_sections(cleaned.text)
    tables = parse_tables(cleaned.text, structure)
    numbers = {m.key: m.value for t in tables for m in t.metrics}
    assert numbers["requests.new.total"] == 33
    assert "requests.carried_over.commercial" not in numbers  # `-` is an empty cell, not 0
    assert numbers["requests.carried_over.total"] == 3


def test_a_header_with_real_words_is_kept():
    cleaned = clean("| 序号 | 列表名称 | 责任单位 |\n|---|---|---|\n| 1 | 任务 | 区政府办 |\n")
    assert cleaned.text.startswith("| 序号 | 列表名称 | 责任单位 |")


def test_a_numeral_one_that_ocr_read_as_a_dash_still_numbers_its_heading():
    from documents.ingest.pipeline import parse_bytes

    text = "# 2023年某区政府信息公开工作年度报告\n\n## —、总体情况\n\n### (—)主动公开\n\n正文。\n\n### (二)依申请公开\n\n正文。\n\n## 二、主动公开政府信息情况\n\n正文。\n"
    parsed = parse_bytes(text.encode())
    assert [(s.number, s.heading) for s in parsed.structure.sections] == [
        ("一", "总体情况"), ("(一)", "主动公开"), ("(二)", "依申请公开"), ("二", "主动公开政府信息情况")]
    assert "—、总体情况" in parsed.clean_text  # the text stays as read


def test_a_converters_escapes_bullets_and_images_go_so_the_numbering_reads():
    text = (
        "# 2023年某区政府信息公开工作年度报告\n\n## 一、总体情况\n\n![](images/seal.jpg)\n\n"
        "1\\. 加强组织领导。正文。\n\n- 2\\. 完善制度建设。正文。\n\n<!-- page 2 -->\n\n## 二、主动公开政府信息情况\n\n正文。\n"
    )
    cleaned = clean(text)
    assert "1. 加强组织领导。" in cleaned.text and "\n2. 完善制度建设。" in cleaned.text
    assert "images/seal.jpg" not in cleaned.text and "page 2" not in cleaned.text
    sections = parse_sections(cleaned.text).sections
    assert [(s.number, s.heading) for s in sections] == [
        ("一", "总体情况"), ("1", "加强组织领导"), ("2", "完善制度建设"), ("二", "主动公开政府信息情况")]


def test_a_plain_text_file_keeps_its_backslashes_and_dashes():
    text = "一、总体情况\n路径为C:\\docs\\1\\.txt。\n- 这一行以短横开头。\n"
    assert clean(text).text == text.strip()


def test_bold_inside_a_markdown_heading_or_at_a_paragraphs_start_goes():
    cleaned = clean("# 某区2023年政府信息公开工作年度报告\n\n## **一、总体情况**\n\n**(一)主动公开。**本年度共公开信息。\n")
    assert cleaned.text.split("\n")[1:] == ["一、总体情况", "(一)主动公开。本年度共公开信息。"]
