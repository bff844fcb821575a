"""topics.assign: the controlled list as data, and which topics a section gets."""
import re

import pytest

from documents.ingest import topics
from documents.ingest.pipeline import parse_bytes
from tests.conftest import sample_bytes

BRIEF_TOPICS = [
    "决策公开", "政策解读", "回应关切", "公众参与与政府开放", "主动公开", "依申请公开", "财政信息",
    "重大建设项目", "公共资源配置", "社会公益事业", "国资国企", "教育", "卫生健康", "生态环境",
    "就业与社会保障", "住房与旧改", "市场监管", "交通", "公共数据开放", "营商环境与放管服",
    "疫情防控", "平台建设(网站、新媒体、公报)", "标准化规范化", "组织保障与监督考核",
]


def test_the_list_starts_with_the_brief_topics_in_order():
    names = [t.name for t in topics.all_topics()]
    assert names[: len(BRIEF_TOPICS)] == BRIEF_TOPICS


def test_every_topic_has_a_unique_url_slug_a_unique_name_and_keywords():
    listed = topics.all_topics()
    assert len({t.slug for t in listed}) == len({t.name for t in listed}) == len(listed)
    for topic in listed:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", topic.slug), topic.slug
        assert len(topic.name) <= 40  # Section.topics holds names in varchar(40)
        assert topic.keywords and all(k.strip() == k and k for k in topic.keywords), topic.name


def test_the_list_is_read_from_tab_separated_lines_skipping_comments():
    listed = topics.parse_list("# slug\tname\tkeywords\n\nfiscal\t财政信息\t财政|预算\n")
    assert listed == [topics.Topic("fiscal", "财政信息", ("财政", "预算"))]


def test_a_topic_is_found_by_its_slug_or_its_name_and_nothing_else():
    assert topics.find("fiscal").name == "财政信息"
    assert topics.find("财政信息").slug == "fiscal"
    assert topics.find("财政") is None


def test_one_keyword_in_the_heading_is_enough():
    assert topics.assign("继续加大财政信息公开力度", "") == ["财政信息"]


def test_one_keyword_mentioned_once_in_the_body_is_not_enough():
    assert "财政信息" not in topics.assign("总体情况", "本年度公开了预算。")


def test_three_body_mentions_of_its_keywords_make_a_topic():
    assert "财政信息" not in topics.assign("总体情况", "公开了预算和决算。")
    assert "财政信息" in topics.assign("总体情况", "公开了预算、决算和政府采购。")
    assert "财政信息" in topics.assign("总体情况", "公开了预算和决算，预算细化到项目。")


def test_a_keyword_repeated_in_the_body_counts_at_most_twice():
    topic = topics.find("fiscal")
    assert topics.score(topic, "", "预算" * 10) == topics.BODY_CAP
    assert topics.score(topic, "预算", "") == topics.HEADING_WEIGHT


def test_a_longer_keyword_is_counted_once_not_also_as_the_shorter_one_inside_it():
    topic = topics.find("proactive-disclosure")
    assert topics.score(topic, "", "法定主动公开") == 1


def test_topics_come_best_first_and_at_most_max_topics():
    assigned = topics.assign("教育", "招生 入学 学校 财政 预算 决算 卫生 医疗 医院 交通 公交 停车 就业 创业 社保")
    assert assigned[0] == "教育"
    assert len(assigned) == topics.MAX_TOPICS


def test_a_section_about_nothing_on_the_list_gets_no_topic():
    assert topics.assign("总体情况", "圆满完成了各项任务。") == []


@pytest.fixture(scope="module")
def changning():
    return parse_bytes(sample_bytes("shanghai-changning-2019-work-plan"))


def topics_of(parsed, heading):
    index = next(i for i, s in enumerate(parsed.structure.sections) if s.heading == heading)
    return parsed.topics[index]


def test_the_pipeline_gives_each_section_its_topics_aligned_with_the_sections(changning):
    assert len(changning.topics) == len(changning.structure.sections)
    assert topics_of(changning, "继续加大财政信息公开力度") == ["财政信息"]
    assert topics_of(changning, "推进政务新媒体融合发展") == ["平台建设(网站、新媒体、公报)"]
    assert "决策公开" in topics_of(changning, "推进决策公开")
    assert "公共数据开放" in topics_of(changning, "推动区公共数据开发利用")


def test_parse_json_lists_each_sections_topics(changning):
    sections = changning.as_json()["sections"]
    assert [s["topics"] for s in sections] == changning.topics


@pytest.mark.parametrize(
    "name, heading, topic",
    [
        ("shanghai-yangpu-2021-work-plan", "细化深化教育领域信息公开", "教育"),
        ("shanghai-yangpu-2021-work-plan", "细化深化交通管理和执法领域信息公开", "交通"),
        ("shanghai-yangpu-2020-annual-report", "聚焦疫情防控做好信息公开", "疫情防控"),
        ("shanghai-2023-annual-report", "政府信息公开行政复议、行政诉讼情况", "行政复议与诉讼"),
        ("shanghai-2023-annual-report", "住房保障和招生入学信息公开", "住房与旧改"),
        ("shanghai-sheitc-2020-work-plan", "完善依申请办理工作全链条管理", "依申请公开"),
    ],
)
def test_sample_sections_get_the_topic_their_heading_names(name, heading, topic):
    assert topic in topics_of(parse_bytes(sample_bytes(name)), heading)
