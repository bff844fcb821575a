import datetime
import os
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from documents.ingest.pipeline import parse_bytes
from documents.loader import copy_values, ingest_bytes, store, store_sections
from documents.models import Check, Commitment, Document, Metric
from tests.conftest import sample_bytes

pytestmark = pytest.mark.django_db


def test_it_stores_the_2023_reports_numbers_and_checks_with_the_document():
    document = ingest_bytes(sample_bytes("shanghai-2023-annual-report")).document
    licensing = Metric.objects.get(document=document, key="proactive.licensing.decisions")
    assert licensing.value == Decimal("11337464")
    assert licensing.source == "table" and licensing.section.heading == "主动公开政府信息情况"
    fees = Metric.objects.get(document=document, key="proactive.fees.amount")
    assert (fees.value, fees.unit) == (Decimal("1307259"), "万元")
    assert Metric.objects.get(document=document, key="requests.new.total", source="table").value == 34290
    assert Metric.objects.get(document=document, key="review.corrected", source="table").value == 77
    # The prose says it too, and is stored as a narrative figure under the same key.
    assert Metric.objects.get(document=document, key="review.corrected", source="narrative").value == 77
    checks = Check.objects.filter(document=document)
    assert checks.count() > 40
    assert not checks.filter(passed=False).exists()
    narrative = checks.get(name="narrative.disclosed_and_partly")
    assert "10538" in narrative.detail


def test_it_stores_a_failing_check_as_failing_and_keeps_the_number_as_written():
    text = sample_bytes("shanghai-2023-annual-report").decode()
    # 自然人 column of 本年新收: 32419 -> 32418 (only the first occurrence, in table three).
    altered = text.replace("\n32419\n", "\n32418\n", 1).encode()
    document = ingest_bytes(altered).document
    assert Metric.objects.get(document=document, key="requests.new.natural_person").value == 32418
    failing = set(Check.objects.filter(document=document, passed=False).values_list("name", flat=True))
    assert "requests.balance.natural_person" in failing
    assert "columns.sum.requests.new" in failing


def test_it_stores_the_changning_tasks_with_lead_units_and_deadlines():
    document = ingest_bytes(sample_bytes("shanghai-changning-2019-work-plan")).document
    tasks = Commitment.objects.filter(document=document, kind="task")
    assert tasks.count() == 35
    first = tasks.get(number="1")
    assert first.lead_units == ["区府办", "区司法局"]
    assert first.deadline == "10月底" and first.due.isoformat() == "2019-10-31"


def test_it_stores_the_yangpu_2021_targets():
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    targets = Commitment.objects.filter(document=document, kind="target")
    share = targets.get(unit="%")
    assert (share.comparator, share.value) == ("at_least", Decimal("60"))
    assert "多元化解读率" in share.subject


def test_numbers_written_by_copy_are_stored_as_bulk_create_stores_them():
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    cases = [
        (Metric, "label", dict(value=Decimal("1.23445"), source="narrative", unit="万元", start=3)),
        (Commitment, "text", dict(
            kind="task", number="7", lead_units=["区府办", "区司法局"], deadline="10月底",
            due=datetime.date(2021, 10, 31), value=Decimal("60"),
        )),
        (Check, "name", dict(passed=False, detail="1 + 2 ≠ 4", left=Decimal("3"), right=Decimal("4.00005"), keys=["a.b", "c"])),
    ]
    for model, label, values in cases:
        copy_values(model, [{"document_id": document.pk, label: "copied", **values}])
        model.objects.bulk_create([model(document=document, **{label: "inserted"}, **values)])
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", label)]
        copied, inserted = (
            model.objects.filter(document=document, **{label: name}).values(*fields).get() for name in ("copied", "inserted")
        )
        assert copied == inserted, model
    assert Metric.objects.get(document=document, label="copied").value == Decimal("1.2345")  # PostgreSQL rounds
    assert Commitment.objects.get(document=document, text="copied").lead_units == ["区府办", "区司法局"]
    assert Check.objects.get(document=document, name="copied").keys == ["a.b", "c"]


def test_a_row_refused_while_copying_is_djangos_integrity_error_and_leaves_nothing():
    parsed = parse_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"))
    with pytest.raises(IntegrityError), transaction.atomic():
        document = store(parsed)
        store_sections(document, parsed)  # the same orders again: the unique (document, order) refuses them
    assert not Document.objects.filter(sha256=parsed.sha256).exists()


def test_documents_that_are_not_versions_of_one_another_get_the_next_free_slug():
    text = sample_bytes("shanghai-yangpu-2021-work-plan")
    slugs = [
        ingest_bytes(text + f"\n附件{n}\n".encode(), overrides={"kind": "other"}).document.slug for n in range(3)
    ]
    assert slugs[1:] == [f"{slugs[0]}-2", f"{slugs[0]}-3"]
    # A slug holding a LIKE wildcard ('_') is found taken as written.
    assert ingest_bytes(text + b"\nx\n", overrides={"kind": "other", "slug": "a_b"}).document.slug == "a_b"
    assert ingest_bytes(text + b"\nz\n", overrides={"kind": "other", "slug": "a_b"}).document.slug == "a_b-2"
    # No slug at all: "document", then the next free one.
    assert [
        ingest_bytes(text + f"\n空{n}\n".encode(), overrides={"kind": "other", "slug": ""}).document.slug for n in range(2)
    ] == ["document", "document-2"]


def test_a_session_that_does_not_own_the_index_leaves_its_pending_list_to_autovacuum():
    from django.db import connection

    from documents.loader import merge_pending

    role = f"gongkai_reader_{os.getpid()}"  # roles belong to the whole server, which runs may share
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role}")  # undone with the test's transaction
        cursor.execute(f"SET ROLE {role}")
        try:
            merge_pending()  # no "must be owner" error
        finally:
            cursor.execute("RESET ROLE")


@pytest.mark.django_db(transaction=True)
def test_a_document_is_stored_in_a_transaction_that_plans_no_sequential_scans_and_ends_with_it(monkeypatch):
    from django.db import connection

    from documents import loader

    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('work_mem')")
            return cursor.fetchone()

    seen = []
    original = loader.store
    monkeypatch.setattr(loader, "store", lambda *args, **kwargs: seen.append(setting()) or original(*args, **kwargs))
    before = setting()
    assert ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).status == "created"
    assert seen == [("off", "64MB")] and setting() == before != seen[0]


@pytest.mark.django_db(transaction=True)
def test_an_upload_commits_when_the_disk_has_it_and_only_a_bulk_run_commits_sooner(monkeypatch):
    from django.db import connection

    from documents import loader

    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('synchronous_commit')")
            return cursor.fetchone()[0]

    seen = []
    original = loader.store
    monkeypatch.setattr(loader, "store", lambda *args, **kwargs: seen.append(setting()) or original(*args, **kwargs))
    assert ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).status == "created"
    with loader.bulk_commits():
        assert ingest_bytes(sample_bytes("shanghai-yangpu-2020-annual-report")).status == "created"
    assert ingest_bytes(sample_bytes("shanghai-changning-2019-work-plan")).status == "created"
    assert seen == ["on", "off", "on"] and setting() == "on"


def test_publishers_whose_slugs_would_clash_get_the_next_free_one():
    text = sample_bytes("shanghai-yangpu-2021-work-plan")
    document = ingest_bytes(text).document
    first = document.publisher
    # Other publishers, named differently, whose documents are given the same slug.
    others = [
        ingest_bytes(text + f"\n{n}\n".encode(), overrides={"publisher": f"杨浦区第{n}办公室", "slug": document.slug})
        .document.publisher
        for n in range(2)
    ]
    assert [p.slug for p in others] == [f"{first.slug}-2", f"{first.slug}-3"]
    # The publisher already stored is found again, not made twice.
    assert ingest_bytes(text + b"\nagain\n", overrides={"kind": "other"}).document.publisher == first


def test_a_stored_document_reads_back_as_given_and_saves_as_an_update():
    from django.utils import timezone

    before = timezone.now()
    data = sample_bytes("shanghai-yangpu-2020-annual-report")
    stored = ingest_bytes(data, filename="yangpu.txt", overrides={"year": 2020}).document
    document = Document.objects.get(pk=stored.pk)
    assert (bytes(document.raw), document.filename, document.overrides) == (data, "yangpu.txt", {"year": 2020})
    assert before <= document.created_at == document.updated_at <= timezone.now()
    assert document.is_published and document.version == 1 and document.supersedes_id is None
    assert document.edits and all(set(edit) == {"action", "start", "end", "removed", "inserted"} for edit in document.edits)
    assert [step["action"] for step in document.cleanup] == [step["action"] for step in stored.cleanup]
    assert document.sections.count() == len(parse_bytes(data).structure.sections) > 0
    # The instance returned is the stored row: saving it changes that row.
    stored.title = "更正的标题"
    stored.save()
    assert Document.objects.get().title == "更正的标题" and Document.objects.get().updated_at > document.updated_at


def test_analyze_keeps_statistics_for_the_searched_grams_and_none_for_the_ranking_vector():
    from django.db import connection

    assert ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).status == "created"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_section")
        cursor.execute(
            "SELECT attname FROM pg_stats WHERE tablename = 'documents_section'"
            " AND attname IN ('search_grams', 'search_vector')"
        )
        assert [name for (name,) in cursor.fetchall()] == ["search_grams"]
