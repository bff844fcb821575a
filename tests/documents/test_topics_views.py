"""The topic pages: `/topics/` and `/topics/<slug>/`, each also as `.json` and `.csv`."""
import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.ingest import topics
from documents.loader import ingest_bytes
from documents.models import Document, Publisher, Section
from tests.conftest import SAMPLE_NAMES, sample_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The five samples, stored once for this module (committed, then deleted)."""
    with django_db_blocker.unblock():
        for name in SAMPLE_NAMES:
            ingest_bytes(sample_bytes(name), filename=f"{name}.txt")
        yield
        Document.objects.all().delete()
        Publisher.objects.all().delete()


def tagged(name, **document_filters):
    return Section.objects.filter(topics__contains=[name], document__is_published=True, **document_filters)


def test_the_topics_page_lists_every_topic_of_the_list_with_its_counts(client, corpus):
    page = client.get("/topics/").content.decode()
    for topic in topics.all_topics():
        assert f'href="/topics/{topic.slug}/">{topic.name}</a>' in page
    fiscal = tagged("财政信息")
    assert f'<td class="num">{fiscal.count()}</td>' in page


def test_topics_json_and_csv_give_each_topic_its_section_and_document_counts(client, corpus):
    data = json.loads(client.get("/topics.json").content)
    assert data["count"] == len(topics.all_topics())
    fiscal = next(t for t in data["topics"] if t["slug"] == "fiscal")
    sections = tagged("财政信息")
    assert fiscal["sections"] == sections.count()
    assert fiscal["documents"] == sections.values("document").distinct().count()
    assert fiscal["url"] == "http://testserver/topics/fiscal/"
    rows = list(csv.DictReader(io.StringIO(client.get("/topics.csv").content.decode("utf-8-sig"))))
    assert [r["slug"] for r in rows] == [t.slug for t in topics.all_topics()]
    assert next(r for r in rows if r["slug"] == "fiscal")["sections"] == str(sections.count())


def test_a_topic_page_lists_its_sections_across_documents_linking_to_their_anchors(client, corpus):
    page = client.get("/topics/fiscal/").content.decode()
    for section in tagged("财政信息").select_related("document"):
        assert f'href="/d/{section.document.slug}/#s-{section.order}"' in page
    assert tagged("财政信息").values("document").distinct().count() > 1
    assert "继续加大财政信息公开力度" in page


def test_a_topic_page_takes_the_documents_lists_filters(client, corpus):
    data = json.loads(client.get("/topics/fiscal.json", {"kind": "work_plan"}).content)
    assert data["count"] == tagged("财政信息", document__kind="work_plan").count() > 0
    assert {s["kind"] for s in data["sections"]} == {"work_plan"}
    assert data["filters"] == {"kind": "work_plan"}


def test_a_topic_json_pages_and_its_csv_is_every_section(client, corpus):
    count = tagged("平台建设(网站、新媒体、公报)").count()
    data = json.loads(client.get("/topics/platforms.json", {"size": 5}).content)
    assert data["topic"]["name"] == "平台建设(网站、新媒体、公报)"
    assert data["count"] == count and len(data["sections"]) == 5 and data["next"]
    assert data["sections"][0]["url"].startswith("http://testserver/d/")
    rows = list(csv.DictReader(io.StringIO(client.get("/topics/platforms.csv").content.decode("utf-8-sig"))))
    assert len(rows) == count
    assert all("平台建设(网站、新媒体、公报)" in r["topics"] for r in rows)


def test_an_unknown_topic_or_a_topic_by_its_name_in_the_path_is_a_404(client, corpus):
    assert client.get("/topics/no-such-topic/").status_code == 404
    assert client.get("/topics/财政信息/").status_code == 404


def test_sections_of_unpublished_documents_are_left_out(client, corpus):
    Document.objects.update(is_published=False)
    assert json.loads(client.get("/topics/fiscal.json").content)["count"] == 0
    assert all(t["sections"] == 0 for t in json.loads(client.get("/topics.json").content)["topics"])


def test_section_text_with_markup_renders_inert_on_a_topic_page(client):
    publisher = Publisher.objects.create(name="测试区人民政府", region="测试区", slug="ceshi")
    document = Document.objects.create(
        publisher=publisher, year=2022, kind="annual_report", title="<b>标题</b>", slug="ceshi-2022",
        raw=b"", sha256="0" * 64, encoding="utf-8", script="simplified", original_text="", clean_text="",
        parser_version="test",
    )
    Section.objects.create(
        document=document, order=0, level=1, heading="<script>alert(1)</script>预算",
        text='"><img src=x onerror=alert(1)>', start=0, end=0, topics=["财政信息"],
    )
    page = client.get("/topics/fiscal/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>标题</b>" not in page
    assert "&lt;script&gt;" in page
    body = client.get("/topics/fiscal.json").content.decode()
    assert "<" not in body
    assert any(s["heading"] == "<script>alert(1)</script>预算" for s in json.loads(body)["sections"])


def test_the_topic_page_runs_as_many_queries_for_many_documents_as_for_few(client, corpus):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/topics/platforms/").status_code == 200
        return len(captured)

    many = queries()
    Document.objects.exclude(slug="shanghai-changning-2019-work-plan").update(is_published=False)
    assert queries() == many
