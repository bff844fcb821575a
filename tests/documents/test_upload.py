"""Uploading documents in the Django admin."""
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from documents import admin as admin_module
from documents import uploads
from documents.admin import correction_overrides
from documents.ingest.pipeline import PARSER_VERSION
from documents.loader import ingest_bytes
from documents.models import Document
from tests.conftest import sample_bytes

from .ingest.format_fixtures import docx_file

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:documents_document_upload")
GIF = b"GIF89a" + bytes(300)  # an image type that is not read


def upload(client, *files, **data):
    """POST the files; follow to the results page."""
    payload = {"files": [SimpleUploadedFile(name, content) for name, content in files], **data}
    return client.post(UPLOAD, payload, follow=True)


def sample_file(name):
    return (f"{name}.txt", sample_bytes(name))


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_document", "change_document", "view_document"]))
    client.force_login(user)
    return client


def test_the_upload_page_is_for_staff_only(client, django_user_model):
    assert client.get(UPLOAD).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_without_the_add_permission_cannot_upload(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("viewer", password="pw", is_staff=True))
    assert client.get(UPLOAD).status_code == 403


def test_the_upload_page_shows_a_form_for_several_files_with_overrides(staff_client):
    html = staff_client.get(UPLOAD).content.decode()
    assert 'type="file"' in html and "multiple" in html and 'enctype="multipart/form-data"' in html
    for field in ('name="publisher"', 'name="year"', 'name="kind"', "csrfmiddlewaretoken"):
        assert field in html


def test_an_upload_without_the_csrf_token_is_refused_and_stores_nothing(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("admin2", password="pw"))
    response = client.post(UPLOAD, {"files": [SimpleUploadedFile("a.txt", sample_bytes("shanghai-yangpu-2021-work-plan"))]})
    assert response.status_code == 403
    assert Document.objects.count() == 0


def test_two_samples_and_a_png_named_txt_give_two_results_and_one_refusal_in_words(staff_client):
    response = upload(
        staff_client,
        sample_file("shanghai-yangpu-2021-work-plan"),
        sample_file("shanghai-2023-annual-report"),
        ("scan.txt", GIF),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Document.objects.count() == 2
    assert html.count("result-created") == 2 and html.count("result-error") == 1
    assert "不接受这种文件" in html and "a GIF image" in html and "未保存任何内容" in html
    for document in Document.objects.all():
        assert reverse("admin:documents_document_understood", args=[document.pk]) in html
        assert reverse("admin:documents_document_change", args=[document.pk]) in html
        assert document.get_absolute_url() in html


def test_the_result_page_shows_what_was_understood(staff_client):
    upload(staff_client, sample_file("shanghai-2023-annual-report"))
    document = Document.objects.get()
    html = staff_client.get(reverse("admin:documents_document_understood", args=[document.pk])).content.decode()
    assert document.title in html and "上海市人民政府" in html and "2023" in html
    for section in ("章节", "勾稽检查", "数字", "清洗记录", "提示", "元数据"):
        assert section in html
    assert "主动公开政府信息情况" in html  # a heading of the outline
    assert "proactive.licensing.decisions" in html and "11337464" in html  # a number
    assert "去除夹注的拼音 788 处" in html and "remove_pinyin" not in html  # a cleaning step, in words
    assert "not a government domain" in html  # a warning
    assert reverse("admin:documents_document_change", args=[document.pk]) in html


def test_a_duplicate_is_refused_with_a_link_to_the_stored_document(staff_client):
    first = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"), filename="first.txt").document
    html = upload(staff_client, ("again.txt", sample_bytes("shanghai-yangpu-2021-work-plan"))).content.decode()
    assert "result-duplicate" in html and "同一文件已经保存过" in html
    assert reverse("admin:documents_document_understood", args=[first.pk]) in html
    assert Document.objects.count() == 1


def test_the_overrides_apply_to_every_file_and_are_kept(staff_client):
    upload(
        staff_client,
        sample_file("shanghai-sheitc-2020-work-plan"),
        publisher="上海市经济和信息化委员会", year="2020", kind="other",
    )
    document = Document.objects.get()
    assert (document.kind, document.year) == ("other", 2020)
    assert document.overrides == {"publisher": "上海市经济和信息化委员会", "year": 2020, "kind": "other"}


CONFIRM = reverse("admin:documents_document_upload_confirm")


def confirm(client, choice="replace"):
    """Answer the confirmation page the same way for every file held; follow to the results."""
    held = client.session[admin_module.HELD_KEY]["files"]
    return client.post(CONFIRM, {f"choice-{entry['sha256']}": choice for entry in held}, follow=True)


def corrected_plan():
    return sample_bytes("shanghai-yangpu-2021-work-plan").replace("第130次".encode(), "第131次".encode())


def test_a_corrected_version_is_kept_beside_the_old_one(staff_client):
    text = sample_bytes("shanghai-yangpu-2021-work-plan")
    upload(staff_client, ("v1.txt", text))
    upload(staff_client, ("v2.txt", corrected_plan()))
    html = confirm(staff_client).content.decode()
    old, new = Document.objects.order_by("version")
    assert new.supersedes == old and "第 2 版" in html
    assert Client().get(old.get_absolute_url()).status_code == 200  # still reachable


def test_an_upload_that_replaces_the_current_version_says_so_and_links_the_old_one_and_the_comparison(staff_client):
    text = sample_bytes("shanghai-yangpu-2021-work-plan")
    first = upload(staff_client, ("v1.txt", text)).content.decode()
    assert "Replaces version" not in first
    upload(staff_client, ("v2.txt", corrected_plan()))
    html = confirm(staff_client).content.decode()
    old, new = Document.objects.order_by("version")
    assert "取代了第 1 版" in html
    assert f'href="{old.get_absolute_url()}"' in html
    assert f'href="{old.compare_url(new)}"' in html


def test_an_upload_that_would_replace_the_current_version_asks_first_and_stores_nothing_until_then(staff_client):
    upload(staff_client, ("v1.txt", sample_bytes("shanghai-yangpu-2021-work-plan")))
    response = upload(staff_client, ("v2.txt", corrected_plan()), ("report.txt", sample_bytes("shanghai-2023-annual-report")))
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == CONFIRM
    assert "保存后将替换当前的第 1 版" in html and "确认替换第 1 版（保存为第 2 版）" in html and "作为单独的文件保存" in html
    # The file that replaces nothing is stored at once; the other waits.
    assert set(Document.objects.values_list("filename", flat=True)) == {"v1.txt", "report.txt"}
    html = confirm(staff_client).content.decode()
    assert Document.objects.get(filename="v2.txt").supersedes == Document.objects.get(filename="v1.txt")
    assert "report.txt" in html and "v2.txt" in html  # every file of the upload in its results


def test_a_clerk_can_store_the_file_as_a_separate_document_instead(staff_client):
    upload(staff_client, ("v1.txt", sample_bytes("shanghai-yangpu-2021-work-plan")))
    upload(staff_client, ("other.txt", corrected_plan()))
    confirm(staff_client, "separate")
    first, other = Document.objects.order_by("id")
    assert other.supersedes is None and other.version == 1 and other.slug != first.slug
    assert Document.objects.current().count() == 2


def test_a_clerk_can_decline_and_nothing_is_stored(staff_client):
    upload(staff_client, ("v1.txt", sample_bytes("shanghai-yangpu-2021-work-plan")))
    upload(staff_client, ("v2.txt", corrected_plan()))
    html = confirm(staff_client, "skip").content.decode()
    assert Document.objects.count() == 1 and "未保存" in html


def test_a_year_given_in_the_form_that_contradicts_the_title_is_stored_with_a_warning(staff_client):
    html = upload(staff_client, sample_file("shanghai-yangpu-2021-work-plan"), year="2020").content.decode()
    document = Document.objects.get()
    assert document.year == 2020
    warning = "填写的年度 2020 与文件标题中的年度 2021 不一致"
    assert warning in html
    assert any(w.startswith(warning) for w in document.warnings)


def test_a_publisher_corrected_in_the_admin_that_the_text_never_names_is_a_warning(staff_client):
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    from documents.models import Publisher

    other = Publisher.objects.create(name="上海市长宁区人民政府", region="上海市长宁区", slug="shanghai-changning")
    response = staff_client.post(
        reverse("admin:documents_document_change", args=[document.pk]),
        {**_change_form(document), "publisher": other.pk, "sections-TOTAL_FORMS": 0, "sections-INITIAL_FORMS": 0},
        follow=True,
    )
    assert "不一致" in response.content.decode()
    document.refresh_from_db()
    assert document.publisher == other
    assert any("上海市长宁区人民政府" in w and "不一致" in w for w in document.warnings)


def test_provenance_given_in_the_form_is_stored_as_given_by_hand(staff_client):
    upload(staff_client, sample_file("shanghai-yangpu-2021-work-plan"),
           source_url="https://www.shyp.gov.cn/zwgk/yaodian.html", retrieved_on="2026-10-01")
    document = Document.objects.get()
    assert document.source_url == "https://www.shyp.gov.cn/zwgk/yaodian.html"
    assert document.retrieved_on.isoformat() == "2026-10-01"
    assert document.provenance["retrieved_on"] == {"from": "override"}
    assert document.provenance["source_url"] == {"from": "override"}


def _change_form(document):
    fields = ["title", "year", "kind", "doc_number", "issuer", "source_url", "slug"]
    data = {name: getattr(document, name) or "" for name in fields}
    data.update(
        published_on=document.published_on.isoformat() if document.published_on else "",
        retrieved_on=document.retrieved_on.isoformat() if document.retrieved_on else "",
        is_published="on",
    )
    return data


def _bomb_docx():
    out = io.BytesIO(docx_file("shanghai-yangpu-2021-work-plan"))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("word/media/image1.bin", "w") as member:
            for _ in range(48):
                member.write(bytes(1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.txt", b"", "文件是空的"),
        ("photo.docx", GIF, "不接受这种文件"),
        ("garbled.txt", "政务公开".encode() + b"\xff\xfe\xfa\x80\x81" * 40, "无法读出文件中的文字"),
        ("bomb.docx", None, "压缩炸弹"),
    ],
)
def test_bad_files_are_refused_in_words_and_nothing_is_stored(staff_client, name, content, words):
    html = upload(staff_client, (name, content if content is not None else _bomb_docx())).content.decode()
    assert "result-error" in html and words in html
    assert Document.objects.count() == 0


def test_an_oversized_file_is_refused_and_nothing_is_stored(staff_client, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 1000
    html = upload(staff_client, sample_file("shanghai-yangpu-2021-work-plan")).content.decode()
    assert "文件太大" in html and "the limit is 1,000 bytes" in html
    assert Document.objects.count() == 0


def test_more_files_than_the_cap_are_refused_and_none_is_processed(staff_client, settings):
    settings.GONGKAI_MAX_FILES_PER_UPLOAD = 2
    response = upload(
        staff_client, *(sample_file(n) for n in ["shanghai-yangpu-2021-work-plan", "shanghai-2023-annual-report", "shanghai-sheitc-2020-work-plan"])
    )
    assert "一次最多上传 2 个文件" in response.content.decode()
    assert Document.objects.count() == 0


def test_an_upload_without_files_asks_for_one(staff_client):
    response = staff_client.post(UPLOAD, {"publisher": ""})
    assert "请选择至少一个文件" in response.content.decode()


def test_adding_a_document_in_the_admin_leads_to_the_upload_page(staff_client):
    response = staff_client.get(reverse("admin:documents_document_add"))
    assert response.status_code == 302 and response["Location"] == UPLOAD


def test_the_document_list_links_to_the_upload_page(staff_client):
    assert UPLOAD in staff_client.get(reverse("admin:documents_document_changelist")).content.decode()


def _action(client, action, documents):
    return client.post(
        reverse("admin:documents_document_changelist"),
        {"action": action, "_selected_action": [d.pk for d in documents]},
        follow=True,
    )


def test_unpublish_hides_a_document_from_the_public_pages_and_publish_shows_it_again(staff_client):
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    _action(staff_client, "unpublish", [document])
    assert Client().get(document.get_absolute_url()).status_code == 404
    _action(staff_client, "publish", [document])
    assert Client().get(document.get_absolute_url()).status_code == 200


def test_the_reparse_action_runs_the_current_parser_and_keeps_overrides(staff_client):
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"), overrides={"title": "人工标题"}).document
    Document.objects.filter(pk=document.pk).update(parser_version="0")
    response = _action(staff_client, "reparse_selected", [document])
    assert "重新解析 1 份文件" in response.content.decode()
    document.refresh_from_db()
    assert (document.parser_version, document.title) == (PARSER_VERSION, "人工标题")


def test_fixing_metadata_by_hand_is_kept_as_an_override_that_survives_a_reparse(staff_client):
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    change = reverse("admin:documents_document_change", args=[document.pk])
    form = staff_client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({
        "year": 2020, "title": "更正后的标题", "publisher": document.publisher.pk,
        "sections-TOTAL_FORMS": 0, "sections-INITIAL_FORMS": 0,
    })
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    response = staff_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    document.refresh_from_db()
    assert document.overrides == {"year": 2020, "title": "更正后的标题"}
    _action(staff_client, "reparse_selected", [document])
    document.refresh_from_db()
    assert (document.year, document.title) == (2020, "更正后的标题")


def test_a_correction_of_the_publisher_is_kept_by_name_and_region():
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    assert correction_overrides(document, ["publisher"]) == {
        "publisher": "上海市杨浦区人民政府", "region": "上海市杨浦区",
    }


@pytest.mark.parametrize("code", sorted(uploads.CLERK_MESSAGES))
def test_every_refusal_code_has_words_a_clerk_understands(code):
    assert any("\u4e00" <= ch <= "\u9fff" for ch in uploads.explain(code))


def test_every_code_a_stage_refuses_a_file_with_has_words_for_the_clerk():
    raised = set()
    for path in (Path(uploads.__file__).parent).rglob("*.py"):
        raised |= set(re.findall(r'IngestError\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert raised and sorted(raised - set(uploads.CLERK_MESSAGES)) == []


def test_an_unknown_refusal_code_still_gets_words():
    assert "文件无法处理" in uploads.explain("something_new")


def test_a_file_the_parser_fails_on_is_refused_in_words_and_the_others_are_stored(staff_client, cleaning_fails_on_work_plans):
    response = upload(
        staff_client, sample_file("shanghai-yangpu-2021-work-plan"), sample_file("shanghai-2023-annual-report")
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.count("result-created") == 1 and html.count("result-error") == 1
    assert "解析这个文件时程序出错" in html and "ValueError: overlapping changes" in html
    assert list(Document.objects.values_list("kind", flat=True)) == ["annual_report"]


def test_an_upload_says_of_a_file_what_the_ingest_command_says_and_explains_a_refusal(tmp_path):
    from tests.conftest import run_json

    name = "shanghai-yangpu-2021-work-plan"
    (tmp_path / "plan.txt").write_bytes(sample_bytes(name))
    (tmp_path / "scan.txt").write_bytes(GIF)
    _, lines = run_json("ingest", str(tmp_path), "--jobs", "1")
    by_file = {line["file"].rsplit("/", 1)[-1]: line for line in lines}
    Document.objects.all().delete()
    results, held = uploads.receive([SimpleUploadedFile("plan.txt", sample_bytes(name)), SimpleUploadedFile("scan.txt", GIF)], {})
    assert held == []
    stored = Document.objects.get()
    assert results[0] == {**by_file["plan.txt"], "file": "plan.txt", "id": stored.pk}
    refusal = dict(results[1])
    assert refusal.pop("explanation") == uploads.explain("unsupported_type")
    assert refusal == {**by_file["scan.txt"], "file": "scan.txt"}
