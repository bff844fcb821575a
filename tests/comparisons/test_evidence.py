from dataclasses import dataclass

import pytest

from comparisons.evidence import evidence, passages_from_sections
from documents.ingest.pipeline import parse_bytes
from tests.conftest import sample_bytes


@dataclass
class S:
    order: int
    text: str


@pytest.fixture(scope="module")
def yangpu_2020_passages():
    parsed = parse_bytes(sample_bytes("shanghai-yangpu-2020-annual-report"))
    return passages_from_sections([S(i, s.text) for i, s in enumerate(parsed.structure.sections)])


# Commitments written for this test: the first three are done in the Yangpu 2020 report,
# the last two are about things it never mentions.
EVIDENCED = [
    "制定并公布本年度重大行政决策事项目录，及时公开决策草案和决策依据",
    "加大建议提案办理结果公开力度，在专栏公开人大代表建议和政协提案办理结果",
    "在财政信息栏目下设立绩效评价专栏，公开重点项目绩效评价结果",
]
ABSENT = [
    "开展碳达峰碳中和进展情况信息公开",
    "做好12345市民服务热线工单数据开放",
]


def test_commitments_done_in_the_report_find_their_passages(yangpu_2020_passages):
    results = evidence(EVIDENCED, yangpu_2020_passages)
    assert [r.status for r in results] == ["found", "found", "found"]
    assert "重大行政决策事项目录" in results[0].passage.text
    assert "建议提案办理结果" in results[1].passage.text or "人大代表建议" in results[1].passage.text
    assert "绩效评价" in results[2].passage.text


def test_commitments_the_report_never_mentions_have_no_evidence(yangpu_2020_passages):
    results = evidence(ABSENT, yangpu_2020_passages)
    assert [r.status for r in results] == ["none", "none"]
    assert all(r.passage is None for r in results)


def test_a_report_without_text_gives_no_evidence():
    assert evidence(["公开决策草案"], [])[0].status == "none"
