"""Pages kept for anonymous readers (documents/pagecache.py): served again only while what they
show is unchanged, never more than GONGKAI_PAGE_LAG seconds behind a write."""
import re
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from documents import pagecache
from documents.loader import ingest_bytes, reparse
from documents.models import Check, Document, Publisher, Section
from portal.models import KeptPage
from tests.conftest import sample_bytes

pytestmark = pytest.mark.django_db

YANGPU = "shanghai-yangpu-2020-annual-report"
CHANGNING = "shanghai-changning-2019-work-plan"


@pytest.fixture
def yangpu():
    return ingest_bytes(sample_bytes(YANGPU)).document


def queries_of(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def without_token(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_a_page_asked_for_again_is_served_without_rendering_it_again(client, yangpu):
    first, rendered = queries_of(client, yangpu.get_absolute_url())
    again, kept = queries_of(client, yangpu.get_absolute_url())
    assert rendered > 3
    assert kept == 1  # the collection's generation, nothing else
    # The same page but for the language form's token, masked afresh for every answer.
    assert without_token(again) == without_token(first)


def test_a_reader_page_changes_once_its_document_is_stored_again(client, yangpu):
    url = yangpu.get_absolute_url()
    original_title = yangpu.title
    assert original_title in queries_of(client, url)[0]
    Document.objects.filter(pk=yangpu.pk).update(title="改过的标题")
    assert "改过的标题" in queries_of(client, url)[0]
    reparse(Document.objects.get(pk=yangpu.pk))  # the title comes from the file again
    page = queries_of(client, url)[0]
    assert original_title in page and "改过的标题" not in page


def test_the_reader_and_the_publishers_list_show_a_publisher_renamed(client, yangpu):
    url = yangpu.get_absolute_url()
    for path in (url, "/p/", "/documents/"):
        assert "上海市杨浦区人民政府" in queries_of(client, path)[0]
    Publisher.objects.filter(pk=yangpu.publisher_id).update(name="杨浦区政府（改名）")
    for path in (url, "/p/", "/documents/"):
        assert "杨浦区政府（改名）" in queries_of(client, path)[0], path


def test_a_new_document_shows_in_the_lists_the_home_page_and_the_api(client, yangpu):
    paths = ("/", "/documents/", "/documents.json", "/api/documents/")
    for path in paths:
        assert "changning" not in queries_of(client, path)[0]
    ingest_bytes(sample_bytes(CHANGNING))
    for path in paths:
        assert "changning" in queries_of(client, path)[0], path


def test_a_reader_page_shows_topics_assigned_again_without_a_write_to_its_document(client, yangpu):
    url = yangpu.get_absolute_url()
    assert "新主题" not in queries_of(client, url)[0]
    # As `manage.py reindex --topics` assigns them: the sections alone are written.
    Section.objects.filter(document=yangpu).update(topics=["新主题"])
    assert "新主题" in queries_of(client, url)[0]


def test_a_reader_page_shows_a_check_corrected_on_its_own(client):
    document = ingest_bytes(sample_bytes("shanghai-2023-annual-report")).document
    url = document.get_absolute_url()
    assert "核对说明已改" not in queries_of(client, url)[0]
    Check.objects.filter(document=document).update(detail="核对说明已改")
    assert "核对说明已改" in queries_of(client, url)[0]


def test_a_page_rendered_by_another_worker_is_served_from_the_shared_table(yangpu):
    first, second = Client(), Client()  # each with a middleware of its own, as two workers
    queries_of(first, "/documents/")
    page, queries = queries_of(second, "/documents/")
    assert queries == 1 and "2020年上海市杨浦区人民政府信息公开工作年度报告" in page
    assert KeptPage.objects.count() == 1


def test_while_the_collection_is_written_a_page_lags_it_by_at_most_the_set_seconds(client, yangpu, settings):
    settings.GONGKAI_PAGE_LAG = 30
    assert "changning" not in queries_of(client, "/documents/")[0]
    ingest_bytes(sample_bytes(CHANGNING))
    # Within the lag the page rendered before the write may still be served ...
    assert "changning" not in queries_of(client, "/documents/")[0]
    # ... and never once it is older than that.
    later = pagecache.time.time() + 31
    with mock.patch.object(pagecache.time, "time", return_value=later):
        assert "changning" in queries_of(client, "/documents/")[0]


def test_a_page_is_kept_per_language(client, yangpu):
    chinese = queries_of(client, "/documents/")[0]
    client.cookies["django_language"] = "en"
    english = queries_of(client, "/documents/")[0]
    assert '<html lang="en">' in english and '<html lang="zh-Hans">' in chinese


def test_each_reader_of_a_kept_page_gets_a_language_form_token_of_their_own(yangpu):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [c.get("/documents/") for c in (first, second)]  # the second is the kept page
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', p.content.decode()).group(1) for p in pages]
    assert tokens[0] != tokens[1]
    assert "csrftoken" in pages[1].cookies
    # The kept page's token is good for its own reader's language switch.
    switched = second.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[1]})
    assert switched.status_code == 302


def test_a_signed_in_reader_always_gets_a_page_rendered_for_them(client, yangpu, django_user_model):
    queries_of(client, "/documents/")
    client.force_login(django_user_model.objects.create_user("clerk", password="x"))
    assert queries_of(client, "/documents/")[1] > 1


def test_a_page_for_another_host_or_query_is_not_the_kept_one(client, yangpu):
    queries_of(client, "/documents/")
    assert queries_of(client, "/documents/?kind=work_plan")[1] > 1
    response = client.get("/documents.json", HTTP_HOST="localhost")
    assert "http://localhost/" in response.content.decode()
    response = client.get("/documents.json", HTTP_HOST="127.0.0.1")
    assert "http://127.0.0.1/" in response.content.decode()


def test_a_search_cut_short_by_its_time_limit_is_not_kept(client, yangpu):
    from documents.search import results as searching

    real = searching.search

    def cut_short(*args, **kwargs):
        results = real(*args, **kwargs)
        results.timed_out = True
        return results

    with mock.patch.object(searching, "search", cut_short):
        queries_of(client, "/search/?q=公开")
    assert queries_of(client, "/search/?q=公开")[1] > 1


def test_the_shared_pages_keep_only_the_newest_beyond_their_limit_in_the_same_statements(client, yangpu, settings):
    settings.GONGKAI_PAGE_CACHE_SHARED = 2
    with mock.patch.object(pagecache, "_CULL_EVERY", 1):
        counts = [queries_of(client, path)[1] for path in ("/", "/documents/", "/p/", yangpu.get_absolute_url())]
    with mock.patch.object(pagecache, "_CULL_EVERY", 10**9):
        Client().get("/topics/")
        assert queries_of(Client(), "/documents/?sort=-added")[1] == counts[1]
    # Culled to the newest two at each of the first four pages, then two more kept: six without it.
    assert KeptPage.objects.count() == 4


def read_while_rendering(client, path):
    """(what a reader of `path` got, its queries; what a second reader got, arriving while the
    first one's rendering was under way)."""
    from django.test.signals import template_rendered

    during = []

    def another_reader(**kwargs):
        if not during:
            during.append(None)
            during[0] = queries_of(client, path)

    template_rendered.connect(another_reader)
    try:
        return queries_of(client, path), during[0]
    finally:
        template_rendered.disconnect(another_reader)


def test_while_a_page_is_rendered_again_its_other_readers_get_the_copy_it_replaces(client, yangpu):
    queries_of(client, "/p/")
    Publisher.objects.filter(pk=yangpu.publisher_id).update(name="杨浦区政府（改名）")
    (page, _), (old_page, old_queries) = read_while_rendering(client, "/p/")
    assert old_queries == 1 and "上海市杨浦区人民政府" in old_page and "改名" not in old_page
    assert "杨浦区政府（改名）" in page
    # Once rendered, every reader gets the new page.
    assert "杨浦区政府（改名）" in queries_of(client, "/p/")[0]


def test_a_page_whose_rendering_failed_is_rendered_by_its_next_reader(client, yangpu):
    queries_of(client, "/p/")
    Publisher.objects.filter(pk=yangpu.publisher_id).update(name="杨浦区政府（改名）")
    with mock.patch("documents.views.publishers.render", side_effect=RuntimeError("broken")), \
            pytest.raises(RuntimeError):
        client.get("/p/")
    assert "杨浦区政府（改名）" in queries_of(client, "/p/")[0]


def test_a_copy_older_than_the_lag_and_its_grace_is_never_served_while_another_renders(client, yangpu):
    queries_of(client, "/p/")
    Publisher.objects.filter(pk=yangpu.publisher_id).update(name="杨浦区政府（改名）")
    later = pagecache.time.time() + 10  # (the lag is 0 in the tests; the grace 5 s)
    with mock.patch.object(pagecache.time, "time", return_value=later):
        _, (page, _) = read_while_rendering(client, "/p/")
    assert "杨浦区政府（改名）" in page  # rendered for that reader too
