"""commitments.find_tasks / find_targets / parse_deadline on the work-plan samples (through the
real pipeline) and on made-up tables. Expected rows and targets were read off the documents
themselves; no database."""
import datetime
from decimal import Decimal
from functools import lru_cache

import pytest

from documents.ingest.commitments import find_targets, find_tasks, parse_deadline, split_units
from documents.ingest.pipeline import parse_bytes
from documents.ingest.sections import parse_sections
from tests.conftest import sample_bytes

CHANGNING = "shanghai-changning-2019-work-plan"
SHEITC = "shanghai-sheitc-2020-work-plan"
YANGPU_2021 = "shanghai-yangpu-2021-work-plan"
D = datetime.date


@lru_cache(maxsize=None)
def parsed(name):
    return parse_bytes(sample_bytes(name))


def tasks(name):
    doc = parsed(name)
    return find_tasks(doc.clean_text, doc.structure, doc.metadata.year)


def targets(name):
    doc = parsed(name)
    return find_targets(doc.clean_text, doc.structure, doc.metadata.year)


def row(rows, number):
    return next(t for t in rows if t.number == number)


# -- Changning 2019: the appendix task table, one cell per line --------------------------------
def test_the_changning_appendix_has_35_numbered_tasks():
    rows = tasks(CHANGNING)
    assert [t.number for t in rows] == [str(n) for n in range(1, 36)]


def test_every_changning_task_has_a_lead_unit_and_a_deadline():
    for t in tasks(CHANGNING):
        assert t.lead_units and t.deadline and t.period, t
        assert t.due is not None and t.due.year == 2019
        assert t.text and not t.text.endswith("|")


def test_changning_rows_read_in_full():
    doc = parsed(CHANGNING)
    rows = tasks(CHANGNING)
    first = row(rows, "1")
    assert first.text == "做好新旧条例、规定的衔接过渡,及时维护清理修和订更新政府信息公开基本目录、政府信息公开指南。"
    assert (first.lead_units, first.deadline, first.due, first.period) == (["区府办", "区司法局"], "10月底", D(2019, 10, 31), "month")
    assert doc.structure.sections[first.section].kind == "table"
    assert doc.structure.sections[first.section].heading == "附件:2019年长宁区政务公开工作要点任务分解表"

    eight = row(rows, "8")
    assert eight.text == "按照《长宁区人民政府关于进一步规范重大行政决策的实施办法》制定出本年度重大行政决策目录清单并对外公布"
    assert (eight.lead_units, eight.deadline, eight.due, eight.period) == (["区司法局", "区府办"], "一季度", D(2019, 3, 31), "Q1")

    four = row(rows, "4")
    assert four.text.startswith("完成全区统一政务公开工作平台建设")
    assert (four.lead_units, four.deadline, four.due, four.period) == (["区府办", "区科委"], "上半年", D(2019, 6, 30), "H1")

    two = row(rows, "2")
    assert (two.lead_units, two.deadline, two.due, two.period) == (["区府办", "区司法局"], "三季度", D(2019, 9, 30), "Q3")

    # 等 is dropped from the unit list; the unit is kept as written (区发展改革)
    ten = row(rows, "10")
    assert ten.lead_units == ["区府办", "区发展改革", "区商务委", "区市场监管局"]
    assert (ten.deadline, ten.due, ten.period) == ("全年", D(2019, 12, 31), "year")

    # a bracket stays with its unit
    assert row(rows, "20").lead_units == ["区生态环境局", "区建设管理委(区河长办)"]
    assert row(rows, "20").text == "加大生态环境领域信息公开力度,重点做好河道信息、水质监测信息公开。"

    last = row(rows, "35")
    assert last.text == "加强政务公开过程监督和检查,引进第三方机构和志愿者团队对政务公开质量和效果进行评估,接受公众监督。"
    assert (last.lead_units, last.deadline) == (["区府办"], "全年")


def test_changning_deadlines_as_counted_in_the_appendix():
    rows = tasks(CHANGNING)
    by_deadline = {}
    for t in rows:
        by_deadline.setdefault(t.deadline, []).append(int(t.number))
    assert by_deadline == {
        "10月底": [1, 25],
        "三季度": [2, 3, 7, 24, 26, 27, 34],
        "上半年": [4, 5, 6, 12, 13, 28],
        "一季度": [8, 14],
        "全年": [9, 10, 11, 15, 16, 17, 18, 19, 20, 21, 22, 23, 29, 30, 31, 32, 33, 35],
    }


# -- SHEITC 2020: one row per line, numbers glued to the text ---------------------------------
def test_the_sheitc_table_has_15_rows_with_their_numbers_unglued():
    rows = tasks(SHEITC)
    assert [t.number for t in rows] == [str(n) for n in range(1, 16)]
    assert row(rows, "1").text.startswith("新冠疫情期间企业复工复产管理及涉企扶持政策等:联合中国银行上海分行")
    assert row(rows, "3").text == "本市产业转型升级发展专项资金项目的申报和分配情况"
    assert row(rows, "5").text == "每月在我委门户网站更新上海市新能源汽车车型登记信息"
    assert row(rows, "10").text == "加快推进工业绿色发展,与相关单位举办2020年节能宣传周活动。"
    assert row(rows, "14").text == "强化投资促进服务保障,宣传落实民营经济“27条”。"
    assert row(rows, "15").text == "加强市企业服务云建设,提升企业服务能级,完善市企业服务平台功能,打响上海市企业服务云品牌。"
    # the inner list of a row is not taken for row numbers
    assert row(rows, "6").text.startswith("根据财政统一安排做好以下公开:1、预决算公开2、专项资金管理办法")


def test_the_sheitc_table_has_no_lead_unit_or_deadline_column_so_none_is_guessed():
    # its header is 序号 | 公开重点领域及内容: two columns only
    doc = parsed(SHEITC)
    table = next(t for t in doc.structure.tables if t.lines[0].startswith("序号"))
    assert table.lines[0] == "序号公开重点领域及内容"
    for t in tasks(SHEITC):
        assert (t.lead_units, t.deadline, t.due, t.period) == ([], None, None, None)
        assert doc.structure.sections[t.section].heading == "2020年市经济和信息化委重点公开领域任务表"


def test_a_plan_without_a_task_table_has_no_tasks():
    assert tasks(YANGPU_2021) == []
    doc = parsed("shanghai-2023-annual-report")
    assert find_tasks(doc.clean_text, doc.structure, 2023) == []


# -- made-up tables ------------------------------------------------------------------------------
def test_a_task_written_over_several_cells_joins_its_text_column():
    text = ("2022年某区政务公开工作要点\n一、总体要求\n正文。\n附件:2022年某区政务公开工作任务分解表\n"
            "序号 |\n目标任务 |\n牵头单位 |\n完成时限 |\n"
            "1 |\n第一项任务的第一行文字, |\n接着写的第二行。 |\n区府办 |\n一季度 |\n"
            "2 |\n第二项任务。 |\n区司法局、区府办等 |\n长期坚持 |\n"
            "3 |\n第三项任务。 |\n区科委 |\n2022年6月30日前 |\n")
    rows = find_tasks(text, parse_sections(text), 2022)
    assert [(t.number, t.text, t.lead_units, t.deadline, t.due, t.period) for t in rows] == [
        ("1", "第一项任务的第一行文字,接着写的第二行。", ["区府办"], "一季度", D(2022, 3, 31), "Q1"),
        ("2", "第二项任务。", ["区司法局", "区府办"], "长期坚持", None, "ongoing"),
        ("3", "第三项任务。", ["区科委"], "2022年6月30日前", D(2022, 6, 30), "date"),
    ]


def test_a_table_with_cell_bars_on_each_row_line():
    text = ("2022年某委政务公开工作要点\n一、总体要求\n正文。\n附件:重点任务表\n"
            "序号 | 工作任务 | 责任处室 | 完成时间 |\n1 | 编制公开目录 | 办公室、法规处 | 二季度 |\n"
            "2 | 更新公开指南 | 办公室 | 12月底前 |\n")
    rows = find_tasks(text, parse_sections(text), 2022)
    assert [(t.number, t.text, t.lead_units, t.deadline, t.due) for t in rows] == [
        ("1", "编制公开目录", ["办公室", "法规处"], "二季度", D(2022, 6, 30)),
        ("2", "更新公开指南", ["办公室"], "12月底前", D(2022, 12, 31)),
    ]


def test_a_glued_row_broken_over_two_lines_stays_one_task():
    text = "2022年某委政务公开工作要点\n一、总体要求\n正文。\n附件:任务表\n序号公开内容\n1做好第一件事,\n并且继续写第二行。\n2做好第二件事。\n"
    rows = find_tasks(text, parse_sections(text), 2022)
    assert [(t.number, t.text, t.lead_units, t.deadline) for t in rows] == [
        ("1", "做好第一件事,并且继续写第二行。", [], None),
        ("2", "做好第二件事。", [], None),
    ]


@pytest.mark.parametrize("deadline, year, expected", [
    ("一季度", 2019, ("Q1", D(2019, 3, 31))),
    ("第二季度", 2019, ("Q2", D(2019, 6, 30))),
    ("三季度", 2019, ("Q3", D(2019, 9, 30))),
    ("四季度", 2019, ("Q4", D(2019, 12, 31))),
    ("上半年", 2020, ("H1", D(2020, 6, 30))),
    ("下半年", 2020, ("H2", D(2020, 12, 31))),
    ("10月底", 2019, ("month", D(2019, 10, 31))),
    ("2月", 2024, ("month", D(2024, 2, 29))),
    ("6月30日前", 2020, ("date", D(2020, 6, 30))),
    ("2021年3月31日", 2020, ("date", D(2021, 3, 31))),
    ("全年", 2019, ("year", D(2019, 12, 31))),
    ("年底", 2019, ("year", D(2019, 12, 31))),
    ("年内完成", 2019, ("year", D(2019, 12, 31))),
    ("3月-6月", 2019, ("month", D(2019, 6, 30))),
    ("下一年第一季度", 2021, ("Q1", D(2022, 3, 31))),
    ("长期", 2019, ("ongoing", None)),
    ("持续推进", 2019, ("ongoing", None)),
    ("三季度", None, ("Q3", None)),
    ("", 2019, (None, None)),
    ("视情况而定", 2019, (None, None)),
])
def test_deadlines_are_normalized_with_the_plan_year(deadline, year, expected):
    assert parse_deadline(deadline, year) == expected


def test_lead_units_are_split_on_enumeration_marks():
    assert split_units("区府办、区发展改革委、区国资委") == ["区府办", "区发展改革委", "区国资委"]
    assert split_units("区府办,区政府各部门") == ["区府办", "区政府各部门"]
    assert split_units("区生态环境局、区建设管理委(区河长办)") == ["区生态环境局", "区建设管理委(区河长办)"]
    assert split_units("区府办、区市场监管局等") == ["区府办", "区市场监管局"]
    assert split_units(None) == []


# -- quantitative targets --------------------------------------------------------------------
def summary(found):
    return [(t.comparator, t.value, t.unit, t.due, t.text, t.subject) for t in found]


def test_every_quantitative_target_of_the_yangpu_2021_plan():
    assert summary(targets(YANGPU_2021)) == [
        # 二(一) 年内区政府各部门、街道多元化解读率不得低于60%
        ("at_least", Decimal("60"), "%", D(2021, 12, 31), "不得低于60%", "多元化解读率"),
        # 二(二) 答复期限不得超过5个工作日，简单问题要在1个工作日内完成答复
        ("at_most", Decimal("5"), "个工作日", None, "不得超过5个工作日", "答复期限"),
        ("within", Decimal("1"), "个工作日", None, "1个工作日内", "简单问题完成答复"),
        # 三(一) 于3月31日前确定并发布本单位重大行政决策事项目录
        ("before", None, "date", D(2021, 3, 31), "于3月31日前", "确定并发布本单位重大行政决策事项目录"),
        # 三(二) 决策文件出台后的10个工作日内向社会公开…; 列席本单位决策会议不少于3次
        ("within", Decimal("10"), "个工作日", None, "10个工作日内",
         "向社会公开前期意见的收集、采纳情况及较为集中意见不予采纳的原因"),
        ("at_least", Decimal("3"), "次", D(2021, 12, 31), "不少于3次",
         "邀请企业代表、市民代表等利益相关方代表列席本单位决策会议"),
        # 四(二) 年内至少出台1个该领域的标准化应用产品
        ("at_least", Decimal("1"), "个", D(2021, 12, 31), "至少出台1个", "出台该领域的标准化应用产品"),
        # 七(一) 主要领导年内至少听取一次政务公开工作汇报
        ("at_least", Decimal("1"), "次", D(2021, 12, 31), "至少听取一次", "听取政务公开工作汇报"),
        # 七(二) 用两年时间对各级行政机关工作人员轮训一次
        ("within", Decimal("2"), "年", None, "用两年时间", "各级行政机关工作人员轮训一次"),
        # closing paragraph: 于下一年第一季度将评估结果向社会公开
        ("before", None, "date", D(2022, 3, 31), "于下一年第一季度", "评估结果向社会公开"),
    ]


def test_targets_carry_their_offsets_sentence_and_section():
    doc = parsed(YANGPU_2021)
    first = targets(YANGPU_2021)[0]
    assert doc.clean_text[first.start:first.end] == first.text
    assert first.sentence == "年内区政府各部门、街道多元化解读率不得低于60%。"
    assert doc.structure.sections[first.section].heading == "推进政策文件精准解读"


def test_the_changning_and_sheitc_targets():
    assert summary(targets(CHANGNING)) == [
        ("at_least", Decimal("4"), "分", None, "不低于4分", "分值"),
        ("within", Decimal("30"), "日", None, "30日内", "在区政府网站公开"),
    ]
    assert summary(targets(SHEITC)) == [
        ("within", Decimal("2"), "个工作日", None, "2个工作日内", "录入工作平台"),
        ("before", None, "date", D(2020, 6, 30), "于6月30日前", "通过我委门户网站向社会集中发布"),
        ("before", None, "date", D(2020, 6, 30), "6月底前", "完成结对业务领域政务公开事项梳理工作"),
        ("before", None, "date", D(2020, 9, 30), "9月底前", "完成结对领域标准目录编制工作"),
        ("before", None, "date", D(2020, 12, 31), "12月底前", "完成全领域政务公开标准目录编制"),
        ("before", None, "date", D(2020, 12, 20), "于2020年12月20日前", "具体工作落实情况报送办公室"),
        # a task-table row can carry a target too
        ("at_least", Decimal("5000"), "个", D(2020, 12, 31), "到年底累计开放数据集5000个", "开放数据集"),
    ]


def test_made_up_targets_of_each_comparator():
    text = ("一、要求\n各区每季度通报1次工作进展，每年至少开展2次培训，办理时限控制在15个工作日以内，"
            "公开率达到95%以上。\n")
    assert [(t.comparator, t.value, t.unit, t.text, t.subject) for t in find_targets(text, parse_sections(text), 2022)] == [
        ("exactly", Decimal("1"), "次", "每季度通报1次", "每季度通报工作进展"),
        ("at_least", Decimal("2"), "次", "至少开展2次", "开展培训"),
        ("at_most", Decimal("15"), "个工作日", "控制在15个工作日以内", "办理时限"),
        ("at_least", Decimal("95"), "%", "达到95%以上", "公开率"),
    ]


def test_no_target_in_titles_or_statistics_tables():
    text = "一、要求\n印发《关于在10个工作日内办结的规定》。\n"
    assert find_targets(text, parse_sections(text), 2022) == []
    doc = parsed("shanghai-2023-annual-report")
    tables = [(t.start, t.end) for t in doc.structure.tables]
    assert not [t for t in find_targets(doc.clean_text, doc.structure, 2023) if any(a <= t.start < b for a, b in tables)]
