"""statutory.py: the statutory parts of an annual report of the 2019 format or later."""
from documents.ingest import statutory
from documents.ingest.pipeline import parse_bytes
from documents.ingest.sections import parse_sections
from tests.conftest import sample_bytes

SIX = ("一、总体情况\n正文。\n二、主动公开政府信息情况\n正文。\n三、收到和处理政府信息公开申请情况\n正文。\n"
       "四、政府信息公开行政复议、行政诉讼情况\n正文。\n五、存在的主要问题及改进情况\n正文。\n六、其他需要报告的事项\n无。\n")


def test_a_report_with_all_six_parts_gets_no_warning():
    assert statutory.missing_parts("annual_report", 2021, parse_sections(SIX).sections) == []


def test_a_report_missing_parts_names_them_in_the_formats_order():
    text = "一、总体情况\n正文。\n二、主动公开政府信息情况\n正文。\n"
    assert statutory.missing_parts("annual_report", 2021, parse_sections(text).sections) == [
        "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]


def test_earlier_reports_and_other_kinds_are_not_held_to_the_2019_format():
    text = "一、概述\n正文。\n二、主动公开政府信息情况\n正文。\n"
    assert statutory.missing_parts("annual_report", 2016, parse_sections(text).sections) == []
    assert statutory.missing_parts("work_plan", 2021, parse_sections(text).sections) == []


def test_a_report_of_unknown_year_using_the_2019_headings_is_held_to_it():
    text = "一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n正文。\n"
    assert statutory.missing_parts("annual_report", None, parse_sections(text).sections) == [
        "主动公开政府信息情况", "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]


def test_the_yangpu_2020_sample_holding_only_part_one_is_stored_with_a_warning():
    parsed = parse_bytes(sample_bytes("shanghai-yangpu-2020-annual-report"))
    assert parsed.structure.sections  # stored with its text, not refused
    assert any("主动公开政府信息情况" in w and "其他需要报告的事项" in w for w in parsed.warnings)
    assert not any("2019 format" in w for w in parse_bytes(sample_bytes("shanghai-2023-annual-report")).warnings)


def test_a_report_with_no_structure_is_stored_with_its_text_and_warnings():
    parsed = parse_bytes("2021年某区政府信息公开工作年度报告\n今年我区做了大量工作，成效明显。\n".encode())
    assert "成效明显" in parsed.clean_text
    assert any("2019 format" in w for w in parsed.warnings)
