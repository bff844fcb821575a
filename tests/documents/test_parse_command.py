import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.ingest.pipeline import parse_bytes
from tests.conftest import SAMPLE_NAMES, SAMPLES, sample_text

# No django_db mark: pytest-django fails any test that touches the database, so these
# tests also prove that `parse` never does.


def parse_json(path, *extra):
    out = StringIO()
    call_command("parse", str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


EXPECTED = {
    "shanghai-yangpu-2020-annual-report": ("上海市杨浦区人民政府", "上海市杨浦区", 2020, "annual_report", "traditional"),
    "shanghai-changning-2019-work-plan": ("上海市长宁区人民政府", "上海市长宁区", 2019, "work_plan", "simplified"),
    "shanghai-yangpu-2021-work-plan": ("上海市杨浦区人民政府", "上海市杨浦区", 2021, "work_plan", "simplified"),
    "shanghai-2023-annual-report": ("上海市人民政府", "上海市", 2023, "annual_report", "traditional"),
    "shanghai-sheitc-2020-work-plan": ("上海市经济和信息化委员会", "上海市", 2020, "work_plan", "simplified"),
}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_it_prints_publisher_region_year_kind_and_script_of_each_sample(name):
    data = parse_json(SAMPLES / f"{name}.txt")
    assert (data["publisher"], data["region"], data["year"], data["kind"], data["script"]) == EXPECTED[name]
    assert data["encoding"] == "utf-8"
    for key in ["title", "doc_number", "published_on", "sections", "cleanup", "clean_text"]:
        assert key in data
    for section in data["sections"]:
        assert set(section) >= {"number", "heading", "level", "text"}
    for step in data["cleanup"]:
        assert set(step) >= {"action", "count", "examples"}


def test_it_reads_the_yangpu_2021_issuing_notice():
    data = parse_json(SAMPLES / "shanghai-yangpu-2021-work-plan.txt")
    assert data["doc_number"] == "杨府办〔2021〕10号"
    assert data["published_on"] == "2021-04-09"
    assert data["title"] == "2021年杨浦区政务公开工作要点"


def test_it_takes_the_sheitc_date_from_the_page_chrome():
    data = parse_json(SAMPLES / "shanghai-sheitc-2020-work-plan.txt")
    assert data["published_on"] == "2020-04-21"
    assert "来源" not in data["clean_text"]


def test_its_clean_text_is_simplified():
    data = parse_json(SAMPLES / "shanghai-yangpu-2020-annual-report.txt")
    assert "行政规范性文件" in data["clean_text"]
    assert "計畫" not in data["clean_text"] and "三年行动计划" in data["clean_text"]


def test_overrides_win_over_inference():
    data = parse_json(SAMPLES / "shanghai-changning-2019-work-plan.txt", "--year", "2018", "--kind", "other")
    assert data["year"] == 2018 and data["kind"] == "other"


TOP_LEVEL = {
    "shanghai-2023-annual-report": [
        "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项",
    ],
    "shanghai-yangpu-2021-work-plan": [
        "进一步夯实政务公开工作基础", "进一步提高解读和回应实效", "进一步推进更高水平决策公开和公众参与",
        "进一步加强政务公开标准化规范化建设", "进一步优化重点领域信息公开", "进一步强化平台和渠道建设",
        "严格强化工作保障和监督",
    ],
}


@pytest.mark.parametrize("name", sorted(TOP_LEVEL))
def test_its_top_level_sections_are_the_documents_own(name):
    data = parse_json(SAMPLES / f"{name}.txt")
    assert [s["heading"] for s in data["sections"] if s["level"] == 1] == TOP_LEVEL[name]


@pytest.mark.parametrize(
    "name, sections, tables",
    [("shanghai-changning-2019-work-plan", 6, 1), ("shanghai-sheitc-2020-work-plan", 6, 1), ("shanghai-yangpu-2020-annual-report", 1, 0)],
)
def test_its_top_level_counts_match_the_documents(name, sections, tables):
    data = parse_json(SAMPLES / f"{name}.txt")
    top = [s for s in data["sections"] if s["level"] == 1]
    assert len([s for s in top if s.get("kind") == "section"]) == sections
    assert len([s for s in top if s.get("kind") == "table"]) == tables


def test_the_yangpu_2020_sub_sections_appear_once_each():
    data = parse_json(SAMPLES / "shanghai-yangpu-2020-annual-report.txt")
    numbered = [(s["level"], s["number"]) for s in data["sections"] if s["level"] > 1]
    assert len(numbered) == len(set(numbered))
    assert [s["number"] for s in data["sections"] if s["level"] == 3] == ["1", "2", "3", "4"]


def test_it_says_why_a_bad_file_fails_and_exits_1(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError) as err:
        call_command("parse", str(path), "--json", stdout=StringIO())
    assert err.value.returncode == 1
    assert "empty" in str(err.value)


def test_it_exits_2_for_a_missing_file():
    with pytest.raises(CommandError) as err:
        call_command("parse", "/nonexistent.txt", stdout=StringIO())
    assert err.value.returncode == 2


def _variants(name):
    text = sample_text(name)
    variants = {
        "gb18030": text.encode("gb18030"),
        "utf-16": text.encode("utf-16"),
        "utf-8-sig": text.encode("utf-8-sig"),
    }
    for encoding in ("gbk", "big5"):
        try:
            variants[encoding] = text.encode(encoding)
        except UnicodeEncodeError:
            pass  # the text has characters this encoding lacks
    return variants


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_each_sample_parses_the_same_in_every_encoding_it_fits(name):
    baseline = parse_bytes(sample_text(name).encode("utf-8")).as_json()
    differing = {"encoding", "bom", "sha256"}
    variants = _variants(name)
    if name == "shanghai-yangpu-2020-annual-report":
        assert "big5" in variants
    for encoding, data in variants.items():
        result = parse_bytes(data).as_json()
        assert {k: v for k, v in result.items() if k not in differing} == {
            k: v for k, v in baseline.items() if k not in differing
        }, encoding
        assert result["encoding"] != "utf-8" or result["bom"]
