"""The loader: corrected versions of a report, and two uploads of one file at the same time."""
import threading

import pytest
from django.db import connection

from documents import loader
from documents.loader import ingest_bytes
from documents.models import Document
from tests.conftest import sample_bytes, sample_text

pytestmark = pytest.mark.django_db

NAME = "shanghai-yangpu-2021-work-plan"


def corrected(text=None):
    """The Yangpu 2021 plan with a corrected figure: other bytes, same publisher, year and kind."""
    return (text or sample_text(NAME)).replace("第130次常务会议", "第131次常务会议").encode()


def test_a_corrected_reupload_becomes_a_new_version_that_supersedes_the_old_one():
    first = ingest_bytes(sample_bytes(NAME)).document
    outcome = ingest_bytes(corrected())
    second = outcome.document
    assert outcome.status == "created"
    assert "version 2" in outcome.message
    assert (second.version, second.supersedes) == (2, first)
    assert second.slug == f"{first.slug}-v2"
    first.refresh_from_db()
    assert first.superseded_by == second
    # The old version stays stored, whole, and reachable.
    assert Document.objects.count() == 2
    assert first.sections.count() == second.sections.count() > 0
    assert first.versions() == second.versions() == [first, second]


def test_a_third_version_supersedes_the_second():
    ingest_bytes(sample_bytes(NAME))
    ingest_bytes(corrected())
    third = ingest_bytes(corrected().replace("杨府办".encode(), "杨府办 ".encode(), 1)).document
    assert third.version == 3 and third.supersedes.version == 2
    assert [d.version for d in third.versions()] == [1, 2, 3]


def test_another_kind_or_year_of_the_same_publisher_is_not_a_version():
    ingest_bytes(sample_bytes(NAME))
    outcome = ingest_bytes(corrected(), overrides={"year": 2022})
    assert outcome.status == "created"
    assert (outcome.document.year, outcome.document.version, outcome.document.supersedes) == (2022, 1, None)


def test_documents_of_kind_other_are_never_versions_of_each_other():
    a = ingest_bytes(sample_bytes(NAME), overrides={"kind": "other"}).document
    b = ingest_bytes(corrected(), overrides={"kind": "other"}).document
    assert (a.version, b.version, b.supersedes) == (1, 1, None)


def test_the_same_bytes_again_are_a_duplicate_not_a_version():
    first = ingest_bytes(sample_bytes(NAME)).document
    outcome = ingest_bytes(sample_bytes(NAME))
    assert (outcome.status, outcome.document) == ("duplicate", first)
    assert Document.objects.count() == 1


def hold_two_uploads_after_parsing(monkeypatch):
    """Two uploads each wait, once parsed, for the other: both then store at the same time."""
    parse = loader.parse_bytes
    barrier = threading.Barrier(2, timeout=30)

    def parse_then_wait(*args, **kwargs):
        parsed = parse(*args, **kwargs)
        barrier.wait()
        return parsed

    monkeypatch.setattr(loader, "parse_bytes", parse_then_wait)


@pytest.mark.django_db(transaction=True)
def test_two_threads_uploading_the_same_file_at_once_end_with_one_document(monkeypatch):
    """Both pass the duplicate check before either stores (a barrier holds them after
    parsing), so the database's unique sha256 is what decides."""
    hold_two_uploads_after_parsing(monkeypatch)
    data, outcomes, errors = sample_bytes(NAME), [], []

    def upload():
        try:
            outcomes.append(ingest_bytes(data, filename="same.txt"))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(o.status for o in outcomes) == ["created", "duplicate"]
    assert Document.objects.count() == 1
    assert outcomes[0].document.pk == outcomes[1].document.pk


@pytest.mark.django_db(transaction=True)
def test_two_threads_storing_corrected_versions_at_once_chain_them_without_a_fork(monkeypatch):
    ingest_bytes(sample_bytes(NAME))
    hold_two_uploads_after_parsing(monkeypatch)
    texts = [corrected(), corrected().replace("杨府办".encode(), "杨府办 ".encode(), 1)]
    outcomes = []

    def upload(data):
        try:
            outcomes.append(ingest_bytes(data))
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [o.status for o in outcomes] == ["created", "created"]
    versions = sorted(Document.objects.values_list("version", flat=True))
    assert versions == [1, 2, 3]
    assert Document.objects.filter(superseded_by__isnull=True).count() == 1


def test_lists_show_the_current_version_and_the_old_one_stays_at_its_address(client):
    first = ingest_bytes(sample_bytes(NAME)).document
    second = ingest_bytes(corrected()).document
    listed = client.get("/documents.json").content.decode()
    assert second.slug in listed and f'"{first.slug}"' not in listed
    assert client.get(f"/d/{first.slug}/").status_code == 200


def test_versions_stored_out_of_file_order_are_numbered_in_file_order():
    later_file = ingest_bytes(corrected()).document  # stored first, as a faster worker would
    earlier_file = ingest_bytes(sample_bytes(NAME)).document
    assert (earlier_file.version, later_file.version) == (2, 1)
    changed = loader.order_versions([earlier_file, later_file])
    assert {d.pk for d in changed} == {earlier_file.pk, later_file.pk}
    earlier_file.refresh_from_db()
    later_file.refresh_from_db()
    assert (earlier_file.version, earlier_file.supersedes) == (1, None)
    assert (later_file.version, later_file.supersedes) == (2, earlier_file)
    assert later_file.slug == f"{earlier_file.slug}-v2"
    assert list(Document.objects.current()) == [later_file]
    assert loader.order_versions([earlier_file, later_file]) == []  # in order: nothing to do


@pytest.mark.django_db(transaction=True)  # workers commit on connections of their own
def test_parallel_workers_number_versions_in_file_order(tmp_path):
    from tests.conftest import run_json

    (tmp_path / "a-original.txt").write_bytes(sample_bytes(NAME))
    (tmp_path / "b-corrected.txt").write_bytes(corrected())
    status, lines = run_json("ingest", str(tmp_path), "--jobs", "2")
    assert status == 0
    versions = {d.filename: d.version for d in Document.objects.all()}
    assert versions == {"a-original.txt": 1, "b-corrected.txt": 2}
    final = {line["file"].rsplit("/", 1)[-1]: line["slug"] for line in lines}
    assert final["b-corrected.txt"].endswith("-v2")


def copies_with_a_line_appended(folder, copies):
    """`copies` versions of each sample, each with one extra line: other bytes, same report."""
    from tests.conftest import SAMPLE_NAMES

    for name in SAMPLE_NAMES:
        for n in range(1, copies + 1):
            text = sample_text(name).rstrip("\n") + f"\n附：第{n}次更正。\n"
            (folder / f"{name}-{n:02d}.txt").write_text(text, encoding="utf-8")


def assert_one_chain_per_report_in_file_order(copies):
    from tests.conftest import SAMPLE_NAMES

    reports = {}
    for document in Document.objects.order_by("filename"):
        reports.setdefault((document.publisher_id, document.year, document.kind), []).append(document)
    assert len(reports) == len(SAMPLE_NAMES)
    for chain in reports.values():
        assert [d.version for d in chain] == list(range(1, copies + 1))
        assert [d.supersedes_id for d in chain] == [None] + [d.pk for d in chain[:-1]]
        assert chain[0].versions() == chain
    assert Document.objects.current().count() == len(SAMPLE_NAMES)


@pytest.mark.django_db(transaction=True)  # workers commit on connections of their own
def test_a_parallel_ingest_of_many_versions_of_each_report_stores_every_file_in_one_chain_per_report(tmp_path):
    """The reported case: 24 versions of each of the five samples (each with one line
    appended) in one folder, by four workers, run twice."""
    from tests.conftest import run_json

    copies = 24
    copies_with_a_line_appended(tmp_path, copies)
    status, lines = run_json("ingest", str(tmp_path), "--jobs", "4")
    assert status == 0
    assert [line["status"] for line in lines] == ["created"] * (5 * copies)
    assert_one_chain_per_report_in_file_order(copies)
    # Each printed line names the version the file has in the end (no renumbering after), and
    # the version it replaced, exactly.
    documents = Document.objects.in_bulk()
    assert {line["id"]: line["slug"] for line in lines} == {pk: d.slug for pk, d in documents.items()}
    for line in lines:
        document = documents[line["id"]]
        if document.supersedes_id is None:
            assert "message" not in line
        else:
            old = documents[document.supersedes_id]
            assert line["message"] == (
                f"replaces v{old.version}: stored as version {document.version};"
                f" version {old.version} ({old.slug}) stays available at its address"
            )
    # A second run finds every file stored.
    status, lines = run_json("ingest", str(tmp_path), "--jobs", "4")
    assert status == 0 and {line["status"] for line in lines} == {"duplicate"}
    assert_one_chain_per_report_in_file_order(copies)


@pytest.mark.django_db(transaction=True)
def test_a_storing_error_ends_only_its_own_file(tmp_path, monkeypatch):
    from django.db import DatabaseError

    from tests.conftest import run_json

    copies_with_a_line_appended(tmp_path, 1)
    store = loader.store

    def store_but_fail_on_plans(parsed, **kwargs):
        if parsed.metadata.kind == "work_plan":
            raise DatabaseError("the disk is full")
        return store(parsed, **kwargs)

    monkeypatch.setattr(loader, "store", store_but_fail_on_plans)
    status, lines = run_json("ingest", str(tmp_path), "--jobs", "1")
    assert status == 1
    by_file = {line["file"].rsplit("/", 1)[-1]: line for line in lines}
    assert len(by_file) == 5
    failed = {name for name, line in by_file.items() if line["status"] == "error"}
    assert failed == {name for name in by_file if "work-plan" in name}
    assert all(by_file[name]["error"] == "store_failed" for name in failed)
    assert Document.objects.count() == 2


def test_the_ingest_line_of_a_new_version_says_which_version_it_replaces(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    (tmp_path / "a.txt").write_bytes(sample_bytes(NAME))
    (tmp_path / "b.txt").write_bytes(corrected())
    out = StringIO()
    call_command("ingest", str(tmp_path), "--jobs", "1", stdout=out, stderr=StringIO())
    lines = out.getvalue().splitlines()
    assert "replaces" not in lines[0]
    assert lines[1].startswith("created") and "(replaces v1: stored as version 2;" in lines[1]
