"""The whole dataset in one download: every current metric with its publisher and year as CSV
and JSON Lines, with a data dictionary and a manifest of when and by which parser it was made."""
import csv
import json

import pytest
from django.core.management import call_command

from documents import dataset
from documents.ingest.metric_keys import KEYS
from documents.ingest.pipeline import PARSER_VERSION
from documents.loader import ingest_bytes
from tests.conftest import sample_bytes
from tests.documents.test_crossyear import publisher, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path, settings):
    settings.GONGKAI_DATASET_DIR = tmp_path
    owner = publisher("甲区人民政府", "某省甲区")
    old = report(owner, 2022, {"requests.new.total": 9})
    report(owner, 2022, {"requests.new.total": 4, "review.corrected": 1}, version=2, supersedes=old)
    report(owner, 2023, {"requests.new.total": 12})
    call_command("export_dataset", str(tmp_path), stdout=open("/dev/null", "w"))
    return tmp_path


def test_the_metrics_file_has_one_row_per_current_number_with_stable_columns(exported):
    with open(exported / "metrics.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == dataset.METRIC_COLUMNS
    # The superseded 2022 version's 9 is not there; its correction's figures are.
    assert sorted((r["year"], r["key"], r["value"]) for r in rows) == [
        ("2022", "requests.new.total", "4"), ("2022", "review.corrected", "1"), ("2023", "requests.new.total", "12")]
    assert {r["publisher"] for r in rows} == {"甲区人民政府"}


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_csv_and_the_json_lines_hold_the_same_rows_and_numbers_as_numbers(exported):
    table = read_csv(exported / "metrics.csv")
    lines = [json.loads(line) for line in (exported / "metrics.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [list(line) for line in lines] == [dataset.METRIC_COLUMNS] * 3
    # No byte order mark: the first column is named `key` for every reader.
    assert (exported / "metrics.csv").read_bytes().startswith(b"key,")
    assert [int(r["value"]) for r in table] == [line["value"] for line in lines]
    assert sum(line["value"] for line in lines) == 17


def test_the_dictionary_lists_every_key_with_its_template_row_and_the_manifest_the_version(exported):
    with open(exported / "dictionary.csv", encoding="utf-8", newline="") as f:
        keys = {r["key"]: r for r in csv.DictReader(f)}
    assert set(keys) == set(KEYS)
    assert keys["requests.carried_forward.total"]["row"] == "四、结转下年度继续办理"
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parser_version"] == PARSER_VERSION and manifest["built_at"]
    assert manifest["files"]["metrics.csv"]["rows"] == 3
    assert not list(exported.glob(".*.tmp"))


def test_the_sections_file_gives_each_sections_metadata_without_its_text(tmp_path, settings):
    ingest_bytes(sample_bytes("shanghai-2023-annual-report"), filename="shanghai.txt")
    dataset.export(tmp_path)
    table = read_csv(tmp_path / "sections.csv")
    assert list(table[0]) == dataset.SECTION_COLUMNS
    assert any("总体情况" in r["heading"] for r in table)
    assert "text" not in table[0]
    metrics = read_csv(tmp_path / "metrics.csv")
    # The table's cell and the prose's figure, each with where it was read.
    assert sorted((r["source"], r["value"]) for r in metrics if r["key"] == "requests.new.total") == [
        ("narrative", "34290"), ("table", "34290")]


def test_the_data_page_links_the_latest_files_and_serves_them(client, exported):
    page = client.get("/data/").content.decode()
    assert "/data/files/metrics.csv" in page and "解析器版本" in page
    data = json.loads(client.get("/data.json").content)
    assert data["manifest"]["files"]["metrics.jsonl"]["rows"] == 3
    response = client.get("/data/files/metrics.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode().startswith(",".join(dataset.METRIC_COLUMNS))
    assert client.get("/data/files/settings.py").status_code == 404


def test_the_data_page_says_when_nothing_was_exported_yet(client, tmp_path, settings):
    settings.GONGKAI_DATASET_DIR = tmp_path
    assert "还没有生成数据文件" in client.get("/data/").content.decode()
    assert client.get("/data/files/metrics.csv").status_code == 404
