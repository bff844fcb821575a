"""sections.parse_sections on the five samples (through tests/documents/ingest/approx_pipeline.py)
and on small made-up texts. Expected headings were read off the documents themselves."""
import pytest

from documents.ingest.sections import parse_sections
from tests.conftest import SAMPLE_NAMES, sample_bytes
from tests.documents.ingest.approx_pipeline import normalize, raw, sample

REPORT_2023 = "shanghai-2023-annual-report"
YANGPU_2021 = "shanghai-yangpu-2021-work-plan"
YANGPU_2020 = "shanghai-yangpu-2020-annual-report"
CHANGNING = "shanghai-changning-2019-work-plan"
SHEITC = "shanghai-sheitc-2020-work-plan"


def parsed(name, **kw):
    return parse_sections(sample(name, **kw))


def top(structure):
    return [(s.number, s.heading, s.kind) for s in structure.sections if s.level == 1]


def children(structure, number, level=2):
    """(number, heading) of the sub-sections of the level-1 section numbered `number`."""
    parent = next(i for i, s in enumerate(structure.sections) if s.level == 1 and s.number == number)
    return [(s.number, s.heading) for s in structure.sections if s.parent == parent and s.level == level]


def section(structure, number, heading_start, level=None):
    return next(s for s in structure.sections if s.number == number and s.heading.startswith(heading_start)
                and (level is None or s.level == level))


# -- the Shanghai 2023 annual report -----------------------------------------------------
def test_it_finds_the_six_parts_of_the_shanghai_2023_report():
    assert top(parsed(REPORT_2023)) == [
        ("一", "总体情况", "section"),
        ("二", "主动公开政府信息情况", "section"),
        ("三", "收到和处理政府信息公开申请情况", "section"),
        ("四", "政府信息公开行政复议、行政诉讼情况", "section"),
        ("五", "存在的主要问题及改进情况", "section"),
        ("六", "其他需要报告的事项", "section"),
    ]


def test_it_finds_the_sub_sections_of_the_2023_report_and_tolerates_a_skipped_number():
    structure = parsed(REPORT_2023)
    assert children(structure, "一") == [
        ("(一)", "主动公开方面"), ("(二)", "依申请公开方面"), ("(三)", "政府信息管理方面"),
        ("(四)", "平台建设方面"), ("(五)", "监督保障方面"),
    ]
    assert children(structure, "五") == [("(一)", "2023年存在的主要问题"), ("(二)", "2022年存在问题的改进情况")]
    # part 六 jumps from (三) to (五)
    assert children(structure, "六") == [
        ("(一)", "围绕推动高质量发展、创造高品质生活、实现高效能治理强化重点领域信息公开"),
        ("(二)", "优化政策发布、推送全流程公开机制"),
        ("(三)", "不断深化政民互动和公众参与"),
        ("(五)", "本年度信息公开处理费收费情况"),
    ]
    assert children(structure, "二") == children(structure, "三") == children(structure, "四") == []


def test_it_finds_the_numbered_items_under_the_2023_reports_other_matters():
    structure = parsed(REPORT_2023)
    first = structure.sections.index(section(structure, "(一)", "围绕推动高质量发展"))
    items = [(s.number, s.heading, s.level) for s in structure.sections if s.parent == first]
    assert [n for n, _, _ in items] == [str(i) for i in range(1, 12)]
    assert {lvl for _, _, lvl in items} == {3}
    assert items[0][1] == "推进国家重大战略任务落实情况信息公开"
    assert items[3][1] == "碳达峰碳中和进展情况信息开"  # sic
    assert items[10][1] == "公共服务和投诉集中领域监管信息公开"
    second = structure.sections.index(section(structure, "(二)", "优化政策发布"))
    assert [s.heading for s in structure.sections if s.parent == second] == [
        "政策集成式发布", "开展政策精准推送和咨询服务", "探索政社合作政策公开服务机制"]


def test_it_keeps_table_rows_out_of_the_heading_tree():
    structure = parsed(REPORT_2023)
    headings = {s.heading for s in structure.sections}
    for row in ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "本年度办理结果",
                "结转下年度继续办理", "予以公开", "不予公开", "属于国家秘密", "重复申请", "总计"):
        assert not any(h.startswith(row) for h in headings), row
    assert len(structure.sections) == 34
    table = structure.tables[1]
    assert "一、本年新收政府信息公开申请数量" in table.lines
    assert "四、结转下年度继续办理" in table.lines
    assert "(一)予以公开" in table.lines and "1.属于国家秘密" in table.lines


def test_it_gives_each_statistics_table_to_its_enclosing_part():
    text = sample(REPORT_2023)
    structure = parse_sections(text)
    owners = [structure.sections[t.section].number for t in structure.tables]
    assert owners == ["二", "三", "四"]
    second, third, fourth = structure.tables
    assert second.lines[0] == "第二十条第(一)项" and second.lines[-1] == "1307259"
    assert third.lines[0].startswith("(本列数据的勾稽关系为")
    assert third.lines[-2:] == ["10", "2095"]
    assert fourth.lines[:2] == ["行政复议", "行政诉讼"] and fourth.lines[-1] == "257"
    assert [t.title for t in structure.tables] == [
        "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"]
    for table in structure.tables:
        owner = structure.sections[table.section]
        assert owner.text == ""  # table cells are not section text
        assert owner.start < table.start and table.end <= owner.end
        assert text[table.start:table.end].splitlines()[0] == table.lines[0]


def test_it_keeps_the_2023_reports_title_and_introduction_in_the_front():
    text = sample(REPORT_2023)
    structure = parse_sections(text)
    assert structure.front.startswith("2023年上海市政府信息公开工作年度报告\n")
    assert text[structure.body_start:].startswith("一、总体情况\n")
    assert structure.preamble.startswith("本年度报告根据《中华人民共和国政府信息公开条例》")
    assert text[structure.preamble_start:].startswith("本年度报告根据")
    assert "字号" not in structure.preamble


def test_it_finds_a_part_that_opens_straight_into_a_statistics_table():
    text = "某区年度报告\n一、主动公开情况\n信息内容\n本年制发件数\n规章\n18\n行政规范性文件\n707\n合计\n725\n二、其他事项\n无。\n"
    structure = parse_sections(text)
    assert top(structure) == [("一", "主动公开情况", "section"), ("二", "其他事项", "section")]
    (table,) = structure.tables
    assert (table.section, table.lines[0], table.lines[-1]) == (0, "信息内容", "725")


# -- the Yangpu 2021 work plan -----------------------------------------------------------
def test_it_reads_the_yangpu_2021_plan_into_seven_parts():
    assert top(parsed(YANGPU_2021)) == [
        ("一", "进一步夯实政务公开工作基础", "section"),
        ("二", "进一步提高解读和回应实效", "section"),
        ("三", "进一步推进更高水平决策公开和公众参与", "section"),
        ("四", "进一步加强政务公开标准化规范化建设", "section"),
        ("五", "进一步优化重点领域信息公开", "section"),
        ("六", "进一步强化平台和渠道建设", "section"),
        ("七", "严格强化工作保障和监督", "section"),
    ]


def test_it_reads_the_sub_sections_of_the_yangpu_2021_plan():
    structure = parsed(YANGPU_2021)
    assert children(structure, "一") == [
        ("(一)", "规范政务信息管理"), ("(二)", "做好法定公开内容的日常维护"), ("(三)", "优化完善依申请办理工作")]
    assert children(structure, "二") == [("(一)", "推进政策文件精准解读"), ("(二)", "抓好日常回应关切和政民互动")]
    assert children(structure, "三") == [
        ("(一)", "实行重大行政决策事项目录管理"), ("(二)", "落实重大行政决策全过程公众参与"), ("(三)", "办好政府开放活动")]
    assert children(structure, "四") == [
        ("(一)", "动态优化更新政务公开标准目录"), ("(二)", "强化标准化规范化成果创新性应用"),
        ("(三)", "推进标准化规范化工作向居委会和公共企事业单位延伸")]
    assert children(structure, "五") == [
        ("(一)", "细化深化卫生健康领域信息公开"), ("(二)", "细化深化教育领域信息公开"),
        ("(三)", "细化深化市场监管领域信息公开"), ("(四)", "细化深化生态环境领域信息公开"),
        ("(五)", "细化深化财政资金领域信息公开"), ("(六)", "细化深化交通管理和执法领域信息公开"),
        ("(七)", "加大公共数据开放力度")]
    assert children(structure, "六") == [
        ("(一)", "提升门户网站、政务新媒体线上公开主渠道建设和管理水平"),
        ("(二)", "强化政务公开专区等线下公开场所和平台建设")]
    assert children(structure, "七") == [
        ("(一)", "健全组织领导和工作保障"), ("(二)", "切实提高工作培训实效"), ("(三)", "强化激励问责和工作监督")]


def test_it_keeps_the_issuing_notice_of_the_yangpu_2021_plan_in_the_front():
    text = sample(YANGPU_2021)
    structure = parse_sections(text)
    front = structure.front.splitlines()
    assert front[:2] == ["上海市杨浦区人民政府办公室", "杨府办〔2021〕10号"]
    assert "2021年4月9日" in front
    assert front[-2] == "2021年杨浦区政务公开工作要点"
    assert front[-1].startswith("2021年是中国共产党成立一百周年")
    assert structure.preamble == front[-1]
    assert text[structure.body_start:].startswith("一、进一步夯实政务公开工作基础")


def test_it_gives_closing_paragraphs_to_the_enclosing_section():
    plan = parsed(YANGPU_2021)
    five = section(plan, "五", "进一步优化重点领域信息公开")
    assert five.text.startswith("未涉及上述重点领域的其他部门要结合本部门重点业务")
    assert not section(plan, "(七)", "加大公共数据开放力度").text.count("未涉及上述重点领域")
    seven = section(plan, "七", "严格强化工作保障和监督")
    assert seven.text.startswith("区政府各部门、街道要根据本工作要点")
    assert section(plan, "(三)", "强化激励问责和工作监督").text.endswith("评价结果作为改进和优化工作的重要参考。")
    changning = parsed(CHANGNING)
    six = section(changning, "六", "加强组织领导夯实工作基础")
    assert six.text.startswith("各单位要根据本要点,结合工作实际")
    assert section(changning, "(二)", "夯实公开基础", level=2).text.endswith("接受公众监督。")


def test_it_keeps_paragraphs_after_a_heading_only_sub_section_with_that_sub_section():
    report = parsed(YANGPU_2020)
    four = section(report, "4", "深化重点领域信息公开工作")
    paragraphs = four.text.split("\n")
    assert len(paragraphs) == 11
    assert paragraphs[0].startswith("积极推进决策公开。") and paragraphs[-1].startswith("促进就业和社会保障领域信息公开。")
    last = section(parsed(REPORT_2023), "(五)", "本年度信息公开处理费收费情况")
    assert last.text == "2023年,全市共收取政府信息公开处理费12480元。"


# -- Changning 2019 and SHEITC 2020: task tables ------------------------------------------
def test_it_reads_the_changning_plan_with_its_appendix_as_one_table_section():
    assert top(parsed(CHANGNING)) == [
        ("一", "全面落实推进“五公开”", "section"),
        ("二", "扎实推进重点领域公开", "section"),
        ("三", "提升解读回应参与效果", "section"),
        ("四", "推动平台渠道优化协同", "section"),
        ("五", "深化公开制度机制建设", "section"),
        ("六", "加强组织领导夯实工作基础", "section"),
        ("", "附件:2019年长宁区政务公开工作要点任务分解表", "table"),
    ]


def test_the_changning_appendix_table_holds_all_its_rows():
    text = sample(CHANGNING)
    structure = parse_sections(text)
    table_section = structure.sections[-1]
    assert table_section.level == 1 and table_section.parent is None
    (table,) = structure.tables
    assert table.section == len(structure.sections) - 1
    assert table.title == table_section.heading
    assert table.lines[:5] == ["序号 |", "目标任务 |", "牵头单位 |", "完成时限 |", "1 |"]
    assert len(table.lines) == 4 + 35 * 4
    assert table.lines[-4:] == ["35 |", "加强政务公开过程监督和检查,引进第三方机构和志愿者团队对政务公开质量和效果进行评估,接受公众监督。 |",
                                "区府办 |", "全年 |"]
    assert table_section.text == "\n".join(table.lines)
    assert text[table_section.start:].startswith("附件:2019年长宁区政务公开工作要点任务分解表\n序号 |")
    assert table_section.end == len(text.rstrip())


def test_it_reads_the_changning_plan_sub_sections():
    structure = parsed(CHANGNING)
    assert children(structure, "一") == [("(一)", "推进决策公开"), ("(二)", "推进管理公开和服务公开"), ("(三)", "推进执行公开和结果公开")]
    assert [h for _, h in children(structure, "二")] == [
        "做好重大战略及任务推进落实情况信息公开", "继续加大财政信息公开力度", "深化重大建设项目批准与实施领域政府信息公开",
        "深化公共资源配置领域政府信息公开", "推进社会公益事业建设领域政府信息公开", "做好国企和公共企事业单位信息公开",
        "推动区公共数据开发利用"]
    assert children(structure, "三") == [("(一)", "发挥好政策解读作用"), ("(二)", "及时回应社会关切"), ("(三)", "积极扩大公众参与")]
    assert [h for _, h in children(structure, "四")] == [
        "完善政务公开平台建设", "强化政府网站建设", "推进政务新媒体融合发展", "进一步做好政府公报工作"]
    assert children(structure, "五") == [("(一)", "梳理完善公开制度规范"), ("(二)", "推进基层政务公开规范化标准化建设")]
    assert children(structure, "六") == [("(一)", "强化组织保障"), ("(二)", "夯实公开基础")]


def test_it_reads_the_sheitc_plan_with_its_task_table_as_one_table_section():
    structure = parsed(SHEITC)
    assert top(structure) == [
        ("一", "基本原则", "section"),
        ("二", "深入贯彻并切实落实《中华人民共和国政府信息公开条例》和《上海市政府信息公开规定》", "section"),
        ("三", "进一步加强政策解读、回应关切、积极参与", "section"),
        ("四", "持续推进政务公开标准化规范化建设", "section"),
        ("五", "着力提升平台渠道管理和服务水平", "section"),
        ("六", "严格强化工作保障和监督", "section"),
        ("", "2020年市经济和信息化委重点公开领域任务表", "table"),
    ]
    (table,) = structure.tables
    assert table.lines[0] == "序号公开重点领域及内容"
    assert [line.split("新冠")[0] for line in table.lines[1:2]] == ["1"]
    assert len(table.lines) == 16 and table.lines[-1].startswith("15加强市企业服务云建设")
    assert not any(s.heading.startswith("新冠疫情") for s in structure.sections)


def test_it_reads_the_sheitc_sub_sections_and_puts_items_directly_under_a_part_at_level_three():
    structure = parsed(SHEITC)
    assert children(structure, "一", level=3) == [
        ("1", "坚持依法公开"), ("2", "坚持正面引导"), ("3", "坚持服务群众"), ("4", "坚持开放创新"), ("5", "坚持正确导向")]
    assert children(structure, "二") == [
        ("(一)", "做好专题宣传和组织实施"), ("(二)", "规范政府信息公开专栏设置"),
        ("(三)", "完善依申请办理工作全链条管理"), ("(四)", "动态拓展主动公开范围")]
    assert children(structure, "三") == [
        ("(一)", "提高政策解读的精准性和针对性"), ("(二)", "及时主动研判舆情,迅速回应社会关切"),
        ("(三)", "落实重大行政决策公众参与程序"), ("(四)", "广泛开展多种形式的公众参与")]
    assert children(structure, "六") == []
    six = section(structure, "六", "严格强化工作保障和监督")
    assert six.text.startswith("进一步理顺和完善我委政务公开领导体制") and six.text.endswith("接受社会监督。")
    assert structure.preamble.startswith("2020年,上海市经济和信息化委员会做好政务公开工作")


# -- Yangpu 2020: one part, a pasted duplicate ---------------------------------------------
def test_it_reads_the_yangpu_2020_report_as_one_part_with_its_sub_sections_once():
    structure = parsed(YANGPU_2020)
    assert top(structure) == [("一", "总体情况", "section")]
    assert children(structure, "一") == [("(一)", "主动公开方面")]
    assert [(s.number, s.heading, s.level) for s in structure.sections[2:]] == [
        ("1", "聚焦疫情防控做好信息公开", 3),
        ("2", "聚焦创新转型做好信息公开", 3),
        ("3", "聚焦深化行政改革做好信息公开", 3),
        ("4", "深化重点领域信息公开工作", 3),
    ]
    assert structure.front == "2020年上海市杨浦区人民政府信息公开工作年度报告\n"


def test_it_skips_a_pasted_duplicate_sub_section():
    text = sample(YANGPU_2020, keep_duplicate=True)
    structure = parse_sections(text)
    assert [s.number for s in structure.sections] == ["一", "(一)", "1", "2", "3", "4"]
    (skipped,) = structure.skipped
    assert text[skipped[0]:].startswith("4、深化重点领域信息公开工作。\n积极推进决策公开。")
    assert text[skipped[1]:].startswith("\n相关词条")
    assert len(structure.sections[-1].text.split("\n")) == 11


# -- headings, numbering, invariants --------------------------------------------------------
def test_it_splits_an_inline_heading_from_its_text():
    structure = parsed(CHANGNING)
    first = section(structure, "(一)", "推进决策公开")
    assert first.heading == "推进决策公开"
    assert first.text.startswith("严格落实执行《长宁区人民政府关于进一步规范重大行政决策的实施办法》")
    assert section(structure, "一", "全面落实").text == ""
    heading_only = section(parsed(REPORT_2023), "(一)", "围绕推动高质量发展")
    assert heading_only.text == "" and not heading_only.heading.endswith("。")


def test_it_leaves_a_long_first_sentence_out_of_the_heading():
    long = "(一)" + "要" * 45 + "，继续推进。后面的话。"
    text = f"标题\n一、总则\n{long}\n(二)短标题。正文。\n"
    first, second, third = parse_sections(text).sections
    assert (second.heading, second.text) == ("", long[3:])
    assert (third.heading, third.text) == ("短标题", "正文。")


def test_it_does_not_take_a_number_that_goes_backwards_for_a_heading():
    text = "标题\n一、第一部分\n正文。\n二、第二部分\n一、这不是标题\n三、第三部分\n(一)甲\n(一)乙不同\n(二)丙\n"
    structure = parse_sections(text)
    assert [(s.number, s.heading) for s in structure.sections] == [
        ("一", "第一部分"), ("二", "第二部分"), ("三", "第三部分"), ("(一)", "甲"), ("(二)", "丙")]
    assert structure.sections[1].text == "一、这不是标题"
    assert structure.sections[3].text == "(一)乙不同"


def test_a_tables_last_row_label_right_before_the_part_of_the_same_number_is_no_heading():
    # the table's labels came without their figures: 四、结转下年度继续办理 is its last row
    text = ("标题\n一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n(七)总计\n四、结转下年度继续办理\n"
            "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n五、存在的主要问题及改进情况\n正文。\n")
    top = [(s.number, s.heading) for s in parse_sections(text).sections if s.level == 1]
    assert ("四", "政府信息公开行政复议、行政诉讼情况") in top
    assert ("四", "结转下年度继续办理") not in top


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sections_text_is_made_of_its_spans(name):
    text = sample(name)
    structure = parse_sections(text)
    assert structure.front == text[:structure.body_start]
    for i, s in enumerate(structure.sections):
        assert s.text == "\n".join(text[a:b] for a, b in s.spans)
        assert text[s.start:s.end].startswith(s.heading if s.kind == "table" else s.number)
        assert s.parent is None or (s.parent < i and structure.sections[s.parent].level < s.level)
        assert (s.level == 1) == (s.parent is None)
    starts = [s.start for s in structure.sections]
    assert starts == sorted(starts)


def test_it_leaves_page_chrome_out_of_sections():
    for name, chrome in ((REPORT_2023, "分享"), (YANGPU_2020, "相关词条"), (YANGPU_2020, "联系我们")):
        assert all(chrome not in s.text for s in parsed(name).sections), (name, chrome)


def test_it_tolerates_full_width_brackets_crlf_and_unjoined_page_breaks():
    unjoined = parse_sections(normalize(raw(YANGPU_2021)))
    assert top(unjoined) == top(parsed(YANGPU_2021))
    assert section(unjoined, "(一)", "动态优化更新").text.startswith("持续对政务公\n开全领域")
    # a broken sentence at the end of the last sub-section is not a closing paragraph
    assert section(unjoined, "一", "进一步夯实").text == ""
    untouched = parse_sections(raw(YANGPU_2021))  # full-width (一), spaces, blank lines
    assert [(s.number, s.heading) for s in untouched.sections] == [(s.number, s.heading) for s in unjoined.sections]
    crlf = parse_sections(sample(CHANGNING).replace("\n", "\r\n"))
    assert top(crlf) == top(parsed(CHANGNING))
    assert crlf.sections[1].text.endswith("列席政府有关会议。")


def test_it_reads_the_unconverted_traditional_report_the_same_way():
    structure = parse_sections(raw(REPORT_2023))
    assert [s.number for s in structure.sections] == [s.number for s in parsed(REPORT_2023).sections]
    assert len(structure.tables) == 3


def test_a_text_without_numbering_is_one_unnumbered_section():
    structure = parse_sections("关于某事的说明\n第一段。\n第二段。\n")
    assert structure.front == "关于某事的说明\n"
    (only,) = structure.sections
    assert (only.number, only.heading, only.level, only.text) == ("", "", 1, "第一段。\n第二段。")
    assert parse_sections("").sections == []


def test_the_front_of_a_text_without_numbering_holds_a_wrapped_title_and_its_number_but_no_salutation():
    structure = parse_sections("某省人民政府办公厅关于印发某省\n政务公开工作要点的通知\n某府办〔2022〕17号\n"
                               "各市人民政府，省政府各部门：\n现印发给你们。\n")
    assert structure.front == "某省人民政府办公厅关于印发某省\n政务公开工作要点的通知\n某府办〔2022〕17号\n"
    (only,) = structure.sections
    assert only.text == "各市人民政府，省政府各部门：\n现印发给你们。"


def test_it_reads_a_cell_per_line_task_table_without_bars():
    text = sample(CHANGNING).replace(" |", "")
    structure = parse_sections(text)
    assert top(structure)[-1] == ("", "附件:2019年长宁区政务公开工作要点任务分解表", "table")
    assert structure.tables[0].lines[:5] == ["序号", "目标任务", "牵头单位", "完成时限", "1"]
    assert len(structure.tables[0].lines) == 144


def test_it_reads_a_one_row_per_line_table_inside_a_section():
    text = ("2021年某区政务公开工作要点\n一、总体要求\n正文。\n二、重点任务\n(一)任务分解。按下表落实。\n"
            "序号 | 任务 | 牵头单位 |\n1 | 公开预算 | 区财政局 |\n2 | 公开决策 | 区府办 |\n(二)组织保障。加强领导。\n")
    structure = parse_sections(text)
    assert [(s.number, s.heading) for s in structure.sections] == [
        ("一", "总体要求"), ("二", "重点任务"), ("(一)", "任务分解"), ("(二)", "组织保障")]
    (table,) = structure.tables
    assert table.section == 2 and table.title == "任务分解"
    assert table.lines == ["序号 | 任务 | 牵头单位 |", "1 | 公开预算 | 区财政局 |", "2 | 公开决策 | 区府办 |"]
    assert structure.sections[2].text == "按下表落实。"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_real_pipeline_text_gives_the_same_sections(name):
    from documents.ingest.pipeline import parse_bytes

    real = parse_bytes(sample_bytes(name)).structure
    assert [(s.number, s.heading, s.level, s.kind) for s in real.sections] == \
        [(s.number, s.heading, s.level, s.kind) for s in parsed(name).sections]


def test_a_formats_numbering_after_an_attachment_does_not_go_on_the_notices_parts():
    text = ("某某办公室关于印发年度报告格式的通知\n"
            "一、报告内容\n按条例确定。\n二、报告方式及时间\n按时报告。\n三、工作要求\n提高认识。\n"
            "附件：年度报告格式\n一、总体情况\n（文字描述）\n二、主动公开政府信息情况\n（表格）\n"
            "三、收到和处理政府信息公开申请情况\n（表格）\n四、结转下年度继续办理\n"
            "四、政府信息公开行政复议、行政诉讼情况\n（表格）\n五、存在的主要问题及改进情况\n（文字描述）\n"
            "六、其他需要报告的事项\n（文字描述）\n")
    top = [s.heading for s in parse_sections(text).sections if s.level == 1]
    assert top == ["报告内容", "报告方式及时间", "工作要求"]


def test_a_numbering_that_starts_again_with_no_attachment_named_is_left_to_the_text():
    text = ("一、总体情况\n做好公开。\n二、主动公开情况\n主要做法如下：\n一、加强领导\n二、完善制度\n"
            "三、依申请公开情况\n全年收到申请5件。\n")
    top = [s.heading for s in parse_sections(text).sections if s.level == 1]
    assert top == ["总体情况", "主动公开情况", "依申请公开情况"]


def test_the_reports_parts_numbered_again_after_an_overview_numbered_on_its_own_go_on_the_outline():
    text = ("2024年某委政府信息公开工作年度报告\n一、总体情况\n本年度认真落实条例。\n二、工作机制保障\n健全制度。\n"
            "三、政府信息公开平台建设\n办好网站。\n一、主动公开政府信息情况\n（表格）\n"
            "二、收到和处理政府信息公开申请情况\n（表格）\n三、政府信息公开行政复议、行政诉讼情况\n（表格）\n"
            "四、存在的主要问题及改进情况\n加强培训。\n五、其他需要报告的事项\n无。\n")
    top = [(s.number, s.heading) for s in parse_sections(text).sections if s.level == 1]
    assert top == [("一", "总体情况"), ("二", "工作机制保障"), ("三", "政府信息公开平台建设"),
                   ("一", "主动公开政府信息情况"), ("二", "收到和处理政府信息公开申请情况"),
                   ("三", "政府信息公开行政复议、行政诉讼情况"), ("四", "存在的主要问题及改进情况"),
                   ("五", "其他需要报告的事项")]


def test_an_excerpt_of_a_report_may_start_with_a_later_part_under_its_own_number():
    text = ("某局2020年政府信息公开工作年度报告（节选）\n四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议和行政诉讼。\n"
            "五、存在的主要问题及改进情况\n我局将进一步加强培训。\n")
    top = [(s.number, s.heading) for s in parse_sections(text).sections if s.level == 1]
    assert top == [("四", "政府信息公开行政复议、行政诉讼情况"), ("五", "存在的主要问题及改进情况")]
    # other numbered lines still need the numbering to start near its beginning
    plan = "某区2020年政务公开工作要点\n四、加强政务公开平台建设\n推进网站集约化。\n五、强化监督保障\n严格考核。\n"
    assert [s.number for s in parse_sections(plan).sections if s.level == 1 and s.number] == []


def test_a_part_under_the_formats_number_does_not_take_over_a_report_numbered_otherwise():
    text = ("某镇2022年政府信息公开工作年度报告\n（一）总体情况\n本年度我镇认真开展工作。\n（二）主动公开政府信息情况\n正文。\n"
            "（三）收到和处理政府信息公开申请情况\n正文。\n四、政府信息公开行政复议、行政诉讼情况\n本年度无。\n"
            "（五）存在的主要问题及改进情况\n正文。\n")
    assert [s.number for s in parse_sections(text).sections if s.number] == ["(一)", "(二)", "(三)", "(五)"]



def test_row_labels_of_table_three_cut_where_their_cells_wrapped_are_no_headings_in_the_part_that_holds_it():
    text = ("2025年某区政府信息公开工作年度报告\n一、总体情况\n本年度认真落实条例。\n二、主动公开政府信息情况\n（表格）\n"
            "三、收到和处理政府信息公开申请情况\n| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
            "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）\n| 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
            "（三）不\n予公开\n1.本机关不掌握相关政\n府信息\n（四）无2.没有现成信息需要另\n法提供行制作\n"
            "四、政府信息公开行政复议、行政诉讼情况\n（表格）\n五、存在的主要问题及改进情况\n（一）主要问题\n人手不足。\n")
    structure = parse_sections(text)
    assert [(s.level, s.heading) for s in structure.sections if s.level > 1] == [(2, "主要问题")]
    requests = next(s for s in structure.sections if s.heading == "收到和处理政府信息公开申请情况")
    assert "（三）不\n予公开" in requests.text


def test_a_heading_in_that_part_that_says_more_than_a_row_label_stays_a_heading():
    text = ("2025年某镇政府信息公开工作年度报告\n一、总体情况\n本年度认真落实条例。\n"
            "三、收到和处理政府信息公开申请情况\n（一）予以公开情况\n全年予以公开5件。\n（二）不予公开情况\n无。\n"
            "四、政府信息公开行政复议、行政诉讼情况\n无。\n")
    assert [s.heading for s in parse_sections(text).sections if s.level == 2] == ["予以公开情况", "不予公开情况"]
