"""Provenance as stored and shown: the reader, JSON, CSV, the API, re-parse and the ingest command."""
import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from documents import loader
from documents.loader import ingest_bytes
from documents.models import Document
from tests.conftest import run_json, sample_bytes

pytestmark = pytest.mark.django_db

PLAN = "shanghai-yangpu-2021-work-plan"
CRAWLED = (
    "标题: 2021年杨浦区政务公开工作要点\n"
    "发布时间: 2021-04-12 09:30\n"
    "原文链接: https://www.shyp.gov.cn/zwgk/2021/yaodian.html\n"
    "抓取时间: 2026-11-02 03:14\n"
    "==================== 正文 ====================\n"
).encode() + sample_bytes(PLAN)


def test_a_file_that_says_nothing_of_its_retrieval_is_dated_the_day_it_was_stored():
    document = ingest_bytes(sample_bytes(PLAN)).document
    document.refresh_from_db()
    assert document.retrieved_on == timezone.localdate(document.created_at)
    assert document.provenance["retrieved_on"] == {"from": "stored"}


def test_a_reparse_keeps_the_day_a_file_was_retrieved_when_the_file_does_not_say():
    document = ingest_bytes(sample_bytes(PLAN)).document
    Document.objects.filter(pk=document.pk).update(retrieved_on=datetime.date(2025, 1, 2))
    document.refresh_from_db()
    loader.reparse(document)
    document.refresh_from_db()
    assert document.retrieved_on == datetime.date(2025, 1, 2)


def test_the_reader_shows_each_provenance_field_with_where_it_came_from(client):
    document = ingest_bytes(CRAWLED).document
    html = client.get(document.get_absolute_url()).content.decode()
    assert "取得日期" in html and "2026-11-02" in html and "（依据：抓取页头 抓取时间）" in html
    assert "（依据：抓取页头 原文链接）" in html
    assert "（依据：正文日期行）" in html or "（依据：正文落款）" in html


def test_the_documents_json_carries_the_provenance_with_its_words(client):
    document = ingest_bytes(CRAWLED).document
    data = json.loads(client.get(f"/d/{document.slug}.json").content)
    assert data["retrieved_on"] == "2026-11-02"
    assert data["provenance"]["retrieved_on"] == {"from": "crawl_header", "key": "抓取时间", "label": "抓取页头 抓取时间"}
    assert data["source_url_from"] == "crawl_header:原文链接"


def test_the_documents_csv_has_the_date_retrieved_and_the_origins(client):
    ingest_bytes(CRAWLED)
    response = client.get("/documents.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["retrieved_on"] == "2026-11-02"
    assert rows[0]["retrieved_on_from"] == "crawl_header:抓取时间"
    assert rows[0]["source_url"] == "https://www.shyp.gov.cn/zwgk/2021/yaodian.html"


def test_the_api_carries_the_date_retrieved_and_the_provenance(client):
    document = ingest_bytes(CRAWLED).document
    data = json.loads(client.get(f"/api/documents/{document.slug}/").content)
    assert data["retrieved_on"] == "2026-11-02"
    assert data["provenance"]["source_url"] == {"from": "crawl_header", "key": "原文链接"}


def test_the_ingest_command_takes_the_date_retrieved(tmp_path):
    (tmp_path / "plan.txt").write_bytes(sample_bytes(PLAN))
    status, _ = run_json("ingest", str(tmp_path), "--jobs", "1", "--retrieved", "2026-10-01",
                         "--source-url", "https://www.shyp.gov.cn/x.html")
    assert status == 0
    document = Document.objects.get()
    assert document.retrieved_on == datetime.date(2026, 10, 1)
    assert document.provenance["retrieved_on"] == {"from": "override"}
    assert document.overrides["retrieved_on"] == "2026-10-01"


def test_the_ingest_command_refuses_a_date_it_cannot_read(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    (tmp_path / "plan.txt").write_bytes(sample_bytes(PLAN))
    with pytest.raises((CommandError, SystemExit)):
        call_command("ingest", str(tmp_path), "--retrieved", "last week", stdout=io.StringIO(), stderr=io.StringIO())
    assert Document.objects.count() == 0
