from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.ingest.pipeline import PARSER_VERSION
from documents.loader import ingest_bytes, reparse
from documents.models import Check, Document, Metric, Publisher, Section
from tests.conftest import run_json, sample_bytes

pytestmark = pytest.mark.django_db


def run(*args):
    return run_json("reparse", *args)


def outdate(document, version="0"):
    Document.objects.filter(pk=document.pk).update(parser_version=version)


def test_outdated_reparses_only_documents_made_by_another_parser_version():
    old = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    current = ingest_bytes(sample_bytes("shanghai-sheitc-2020-work-plan")).document
    outdate(old)
    status, lines = run("--outdated")
    assert status == 0
    assert lines == [{"slug": old.slug, "status": "reparsed", "from": "0", "to": PARSER_VERSION}]
    assert set(Document.objects.values_list("parser_version", flat=True)) == {PARSER_VERSION}
    current_updated = Document.objects.get(pk=current.pk).updated_at
    assert current_updated == current.updated_at  # untouched


def test_all_reparses_every_document():
    for name in ("shanghai-yangpu-2021-work-plan", "shanghai-sheitc-2020-work-plan"):
        ingest_bytes(sample_bytes(name))
    status, lines = run("--all")
    assert status == 0 and [line["status"] for line in lines] == ["reparsed", "reparsed"]


def test_a_reparse_replaces_sections_and_numbers_instead_of_adding_to_them():
    document = ingest_bytes(sample_bytes("shanghai-2023-annual-report")).document
    counts = (document.sections.count(), document.metrics.count(), document.checks.count())
    Section.objects.filter(document=document).update(heading="stale")
    reparse(document)
    assert (document.sections.count(), document.metrics.count(), document.checks.count()) == counts
    assert not document.sections.filter(heading="stale").exists()
    assert Metric.objects.count() == counts[1] and Check.objects.count() == counts[2]


def test_a_reparse_keeps_overrides_identity_publication_and_versions():
    first = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"), overrides={"title": "人工标题"}).document
    Document.objects.filter(pk=first.pk).update(is_published=False, parser_version="0")
    document = Document.objects.get(pk=first.pk)
    reparse(document)
    document.refresh_from_db()
    assert document.title == "人工标题"
    assert document.overrides == {"title": "人工标题"}
    assert (document.pk, document.slug, document.is_published) == (first.pk, first.slug, False)
    assert document.parser_version == PARSER_VERSION
    assert bytes(document.raw) == sample_bytes("shanghai-yangpu-2021-work-plan")


def test_a_document_that_no_longer_parses_is_reported_and_left_as_it_was():
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    sections = document.sections.count()
    Document.objects.filter(pk=document.pk).update(raw=b"", parser_version="0")
    status, lines = run("--outdated")
    assert status == 1
    assert lines[0]["status"] == "error" and lines[0]["error"] == "empty"
    document.refresh_from_db()
    assert document.parser_version == "0" and document.sections.count() == sections


def test_it_needs_all_or_outdated():
    with pytest.raises(CommandError):
        call_command("reparse", stdout=StringIO(), stderr=StringIO())


def test_a_document_the_parser_now_fails_on_is_reported_and_left_as_it_was_and_the_others_reparsed(request):
    plan = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    report = ingest_bytes(sample_bytes("shanghai-2023-annual-report")).document
    sections = plan.sections.count()
    request.getfixturevalue("cleaning_fails_on_work_plans")  # from now on, once both are stored
    status, lines = run("--all")
    assert status == 1
    assert lines == [
        {"slug": plan.slug, "status": "error", "error": "parse_failed",
         "message": "The parser failed on this file: ValueError: overlapping changes"},
        {"slug": report.slug, "status": "reparsed", "from": PARSER_VERSION, "to": PARSER_VERSION},
    ]
    assert plan.sections.count() == sections


def test_a_reparse_fills_in_the_region_an_older_parser_could_not_find_but_keeps_one_already_stored():
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    region = document.publisher.region
    assert region
    Publisher.objects.filter(pk=document.publisher_id).update(region="", level="")
    reparse(Document.objects.get(pk=document.pk))
    assert Publisher.objects.get(pk=document.publisher_id).region == region
    Publisher.objects.filter(pk=document.publisher_id).update(region="上海市某区")
    reparse(Document.objects.get(pk=document.pk))
    assert Publisher.objects.get(pk=document.publisher_id).region == "上海市某区"
