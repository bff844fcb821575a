import pytest

from documents.ingest.script import detect_script, simplified_chars, to_simplified
from tests.conftest import sample_text


@pytest.mark.parametrize(
    "name, script",
    [
        ("shanghai-2023-annual-report", "traditional"),
        ("shanghai-yangpu-2020-annual-report", "traditional"),
        ("shanghai-changning-2019-work-plan", "simplified"),
        ("shanghai-sheitc-2020-work-plan", "simplified"),
        ("shanghai-yangpu-2021-work-plan", "simplified"),
    ],
)
def test_it_tells_the_samples_scripts_apart(name, script):
    assert detect_script(sample_text(name)) == script


@pytest.mark.parametrize(
    "taiwan, mainland",
    [
        ("行政規範性檔案", "行政规范性文件"),
        ("最佳化服務", "优化服务"),
        ("三年行動計畫", "三年行动计划"),
        ("應用場景拓展", "应用场景拓展"),
        ("上海市國中學業水平考試", "上海市初中学业水平考试"),
    ],
)
def test_it_turns_taiwan_phrasing_into_mainland_usage(taiwan, mainland):
    assert to_simplified(taiwan, "traditional").text == mainland


@pytest.mark.parametrize(
    "traditional, simplified",
    [
        ("依法履行法定程序", "依法履行法定程序"),  # not 进程
        ("建立健全工作機制", "建立健全工作机制"),  # not 创建
        ("智慧城市建設", "智慧城市建设"),  # not 智能城市
        ("區域性醫療中心", "区域性医疗中心"),  # not 局部
        ("線上線下一體化", "线上线下一体化"),  # not 在线
        ("行政規範性文件", "行政规范性文件"),  # not 文档
        ("查詢政策", "查询政策"),
    ],
)
def test_it_keeps_mainland_words_that_the_taiwan_table_would_rewrite(traditional, simplified):
    assert to_simplified(traditional, "traditional").text == simplified


def test_it_never_passes_simplified_text_through_a_converter():
    text = "本区关于政务公开的工作要点於2019年印发"  # a stray traditional 於 stays as written
    conversion = to_simplified(text)
    assert conversion.script == "simplified"
    assert conversion.text == text


def test_it_counts_what_it_changed_and_lists_phrase_changes():
    conversion = to_simplified(sample_text("shanghai-yangpu-2020-annual-report"))
    assert conversion.changed_chars > 1000
    assert conversion.phrases.get("檔案→文件") == 4


def test_its_character_view_keeps_offsets():
    text = "根據《條例》"
    assert simplified_chars(text) == "根据《条例》"
    assert len(simplified_chars(text)) == len(text)


def test_a_collapsed_traditional_page_lists_the_same_phrase_changes_as_its_lines():
    lines = ["本機關最佳化了資訊公開的檔案管理。軟體與網路服務持續改進。"] * 40
    by_line = to_simplified("\n".join(lines), "traditional")
    collapsed = to_simplified(" ".join(lines), "traditional")
    assert by_line.phrases and collapsed.phrases == by_line.phrases


@pytest.mark.parametrize(
    "tail",
    ["", "𠀾", "\ud800"],  # only the Basic Multilingual Plane; beyond it; a lone surrogate
)
def test_a_long_text_is_viewed_character_by_character_as_a_line_is(tail):
    line = "根據《政府資訊公開條例》，本機關處理申請。"
    text = "\n".join([line] * 30) + tail
    assert simplified_chars(text) == "\n".join([simplified_chars(line)] * 30) + tail
    assert simplified_chars("本机关处理申请。" * 40 + tail) == "本机关处理申请。" * 40 + tail
    assert detect_script(text) == "traditional"
    assert detect_script("本机关处理申请。" * 40 + tail) == "simplified"
