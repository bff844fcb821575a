from documents.ingest.clean import clean
from documents.ingest.sections import parse_sections
from documents.ingest.tables import parse_tables

from .shape_fixtures import wrap

PROSE = (
    "本年度，区政府坚持以公开为常态、不公开为例外，围绕区委、区政府中心工作，进一步加大政府信息主动公开力度，"
    "不断完善依申请公开工作机制，切实保障人民群众的知情权、参与权、表达权和监督权，全年共主动公开政府信息三千余条，"
    "办理依申请公开件数较上年有所增加，均在法定期限内予以答复。"
)

# Another paragraph (a paragraph twice would be taken for a block pasted twice).
OTHER = (
    "在政策解读方面，各部门按照谁起草谁解读的原则，对出台的重要政策文件同步开展图文解读、视频解读和专家访谈，"
    "通过门户网站和政务新媒体集中发布，并在政务服务中心设置咨询窗口，由业务骨干当面答疑，使企业和群众看得懂、用得上。"
)

THIRD = (
    "下一步，我们将继续深化重点领域信息公开，加强政府网站和政务新媒体的日常监管，完善考核评估办法，"
    "推动基层政务公开标准化规范化建设向村居延伸，不断提升政务公开的质量和实效，更好地服务经济社会发展大局。"
)
BODY = wrap(PROSE) + wrap(OTHER) + wrap(THIRD)


def actions(cleaned):
    return {step["action"]: step for step in cleaned.report}


def test_it_joins_lines_wrapped_at_the_margin_and_keeps_paragraph_ends():
    text = "\n".join(wrap(PROSE) + wrap(OTHER) + ["一、总体情况"] + wrap(THIRD))
    cleaned = clean(text)
    assert cleaned.text.split("\n") == [PROSE, OTHER, "一、总体情况", THIRD]


def test_it_leaves_a_text_of_one_paragraph_a_line_alone():
    lines = [p[:n] + "。" for p in (PROSE, OTHER, THIRD) for n in (24, 50)] + [PROSE, OTHER, THIRD]
    cleaned = clean("\n".join(lines))
    assert cleaned.text.split("\n") == lines
    assert "join_wrapped_lines" not in actions(cleaned)


def test_it_drops_page_number_lines_and_form_feeds_and_joins_the_sentence_across():
    page1, page2 = wrap(PROSE)[:3], wrap(PROSE)[3:]
    text = "\n".join(page1 + ["- 1 -"]) + "\n\f" + "\n".join(page2 + ["第 2 页 共 2 页"]) + "\n\f"
    cleaned = clean("\n".join(wrap(OTHER) + wrap(THIRD)) + "\n" + text)
    assert PROSE in cleaned.text.split("\n")
    assert "- 1 -" not in cleaned.text and "第 2 页" not in cleaned.text and "\f" not in cleaned.text
    assert actions(cleaned)["drop_page_numbers"]["examples"] == ["- 1 -", "第 2 页 共 2 页"]


def test_a_bare_number_is_a_page_number_only_when_it_counts_the_pages():
    a, b, c = ("\n".join(wrap(p)) for p in (PROSE, OTHER, THIRD))
    counted = clean(f"{a}\n1\n\f{b}\n2\n\f{c}\n3\n\f")
    assert actions(counted)["drop_page_numbers"]["count"] == 3
    cells = clean(f"{a}\n32\n\f{b}\n7\n\f")  # table cells at page feet: kept
    assert "drop_page_numbers" not in actions(cells)
    assert "\n32\n" in cells.text and "\n7" in cells.text


def test_a_label_wrapped_inside_its_bracket_is_joined():
    body = "\n".join(BODY)
    cleaned = clean(body + "\n(二)部分公开(区分处理的,只计\n这一情形,不计其他情形)\n396\n")
    assert "(二)部分公开(区分处理的,只计这一情形,不计其他情形)\n396" in cleaned.text


def test_layout_rows_become_tab_separated_rows_and_prose_keeps_its_spaces():
    text = (
        "    申请人情况  自然人  商业企业  总计\n"
        "一、本年新收政府信息公开申请数量        32419      1651     34290\n"
        "行政许可                                11337464\n"
        "全年共举行新闻发布会  54 场，其中例行发布会  30 场。\n"
    )
    cleaned = clean(text)
    lines = cleaned.text.split("\n")
    assert lines[0] == "申请人情况\t自然人\t商业企业\t总计"
    assert lines[1] == "一、本年新收政府信息公开申请数量\t32419\t1651\t34290"
    assert lines[2] == "行政许可\t11337464"
    assert "\t" not in lines[3]


def test_a_tab_row_with_a_numbered_label_is_a_table_row_not_a_heading():
    text = (
        "2023年某区政府信息公开工作年度报告\n一、总体情况\n本年度工作有序开展。\n二、主动公开政府信息情况\n略。\n"
        "三、收到和处理政府信息公开申请情况\n"
        "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
        "一、本年新收政府信息公开申请数量\t30\t2\t0\t0\t1\t0\t33\n"
        "二、上年结转政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n"
        "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\n"
        "四、政府信息公开行政复议、行政诉讼情况\n略。\n"
    )
    structure = parse_sections(text)
    top = [(s.number, s.heading) for s in structure.sections if s.level == 1]
    assert top == [("一", "总体情况"), ("二", "主动公开政府信息情况"), ("三", "收到和处理政府信息公开申请情况"),
                   ("四", "政府信息公开行政复议、行政诉讼情况")]
    numbers = {m.key: m.value for t in parse_tables(text, structure) for m in t.metrics}
    assert numbers["requests.new.total"] == 33 and numbers["requests.carried_over.total"] == 3
    assert numbers["requests.carried_forward.natural_person"] == 1


def test_a_numbered_label_wrapped_in_a_narrow_cell_does_not_end_the_table():
    cells = ["(七)总计", "32", "2", "0", "0", "1", "0", "35", "四、结转下年", "度继续办理", "1", "0", "0", "0", "0", "0", "1"]
    text = "一、总体情况\n略。\n二、主动公开\n略。\n三、收到和处理政府信息公开申请情况\n" + "\n".join(cells) + "\n四、行政复议\n略。\n"
    top = [s.heading for s in parse_sections(text).sections if s.level == 1]
    assert top == ["总体情况", "主动公开", "收到和处理政府信息公开申请情况", "行政复议"]


def test_a_running_header_at_the_top_of_most_pages_is_dropped_and_the_same_words_in_the_body_stay():
    header = "某区人民政府办公室"
    pages = [wrap(PROSE), wrap(OTHER), wrap(THIRD), wrap(PROSE[:60] + header + "负责组织实施。")]
    text = "\f".join("\n".join([header] + page + [f"- {n} -"]) + "\n" for n, page in enumerate(pages, 1))
    cleaned = clean(text)
    assert cleaned.text.count(header) == 1  # the one in the body
    assert header in actions(cleaned)["drop_page_numbers"]["examples"]


def test_the_same_figure_at_the_top_of_pages_is_a_table_cell_and_stays():
    pages = [wrap(PROSE) + ["0"], ["0"] + wrap(OTHER) + ["0"], ["0"] + wrap(THIRD)]
    text = "\f".join("\n".join(page + [f"- {n} -"]) + "\n" for n, page in enumerate(pages, 1))
    assert clean(text).text.split("\n").count("0") == 4


def test_a_row_of_figures_apart_by_single_spaces_becomes_a_tab_row_and_prose_stays():
    text = (
        "行政复议 行政诉讼 结果维持 结果纠正 总计\n"
        "(一)予以公开 20 1 0 0 1 0 22\n"
        "三、本年度办理结果\n"
        "(一)予以公开 20 1 0 0 1 0 22\n"
        "全年共举行新闻发布会 54 场。\n"
    )
    lines = clean(text).text.split("\n")
    assert lines[0] == "行政复议\t行政诉讼\t结果维持\t结果纠正\t总计"
    assert lines[1] == "(一)予以公开\t20\t1\t0\t0\t1\t0\t22"
    assert lines[2] == "三、本年度办理结果\t(一)予以公开\t20\t1\t0\t0\t1\t0\t22"  # a group's label joins its row
    assert lines[3] == "全年共举行新闻发布会54场。"


def test_a_figure_wrapped_after_its_decimal_point_is_joined_and_never_read_as_a_whole_number():
    from documents.ingest.pdftext import width

    from .shape_fixtures import WIDTH

    tail = "行政事业性收费5949."
    head = "第二十条第(八)项信息内容本年收费金额(单位：万元)"
    while width(head + tail) < WIDTH:
        head += "。" if width(head + tail) + 2 <= WIDTH else " "
    text = "\n".join(BODY + [head + tail, "088667", "三、收到和处理政府信息公开申请情况"]) + "\n"
    cleaned = clean(text)
    assert "行政事业性收费5949.088667\n" in cleaned.text
