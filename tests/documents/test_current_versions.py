"""Every public list, count and facet shows the current version of a report only; a superseded
version stays at its address, says what replaced it, and can be compared with it."""
import json

import pytest
from django.utils.timezone import localdate

from documents.loader import ingest_bytes
from documents.models import Document, Section
from documents.search import results as searching
from tests.conftest import SAMPLE_NAMES, sample_bytes, sample_text

pytestmark = pytest.mark.django_db

NAME = "shanghai-yangpu-2021-work-plan"
PHRASE = "政务公开通识培训"  # a phrase of the Yangpu 2021 plan


def correction(n):
    return (sample_text(NAME) + f"\n附：第{n}次更正。\n").encode()


@pytest.fixture
def three_versions():
    """The five samples, and two corrections of the Yangpu 2021 plan: three versions of it."""
    for name in SAMPLE_NAMES:
        ingest_bytes(sample_bytes(name), filename=f"{name}.txt")
    first = Document.objects.get(slug=NAME)
    second = ingest_bytes(correction(1)).document
    third = ingest_bytes(correction(2)).document
    return first, second, third


def get_json(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, path
    return json.loads(response.content)


def test_a_search_finds_a_phrase_of_a_corrected_report_once(three_versions):
    first, second, third = three_versions
    results = searching.search(PHRASE, {}, per_page=searching.MAX_PER_PAGE)
    assert results.total == len(results.hits) >= 1
    assert {hit.section.document_id for hit in results.hits} == {third.pk}


def test_search_facets_count_the_current_version_only(three_versions):
    first, second, third = three_versions
    results = searching.search("公开", {}, per_page=searching.MAX_PER_PAGE)
    by_publisher = {v.label: v.count for v in results.facets["publisher"]}
    assert by_publisher[third.publisher.name] == sum(h.section.document.publisher_id == third.publisher_id for h in results.hits)
    assert sum(v.count for v in results.facets["kind"]) == results.total
    assert not {first.pk, second.pk} & {h.section.document_id for h in results.hits}


def test_the_search_pages_json_counts_and_lists_the_current_version_only(client, three_versions):
    first, second, third = three_versions
    data = get_json(client, "/search.json", q=PHRASE)
    assert data["count"] == len(data["results"]) >= 1
    assert {row["document"] for row in data["results"]} == {third.slug}
    publishers = {v["value"]: v["count"] for v in data["facets"]["publisher"]}
    assert publishers == {third.publisher.slug: data["count"]}


def test_a_filtered_search_keeps_the_current_version_only(three_versions):
    third = three_versions[2]
    results = searching.search(PHRASE, {"publisher": third.publisher.slug}, per_page=searching.MAX_PER_PAGE)
    assert {h.section.document_id for h in results.hits} == {third.pk}


def test_topic_pages_count_and_list_sections_of_current_versions_only(client, three_versions):
    first, second, third = three_versions
    current_sections = Section.objects.filter(document__superseded_by__isnull=True)
    topic = next(t for t in get_json(client, "/topics.json")["topics"] if t["sections"])
    tagged = current_sections.filter(topics__contains=[topic["name"]])
    assert topic["sections"] == tagged.count()
    assert topic["documents"] == tagged.values("document").distinct().count() <= len(SAMPLE_NAMES)
    listed = get_json(client, f"/topics/{topic['slug']}.json", size=1000)
    assert listed["count"] == tagged.count()
    assert not {first.slug, second.slug} & {s["document"] for s in listed["sections"]}


def test_the_home_page_counts_documents_and_sections_of_current_versions_only(client, three_versions):
    counts = get_json(client, "/index.json")["counts"]
    assert counts["documents"] == len(SAMPLE_NAMES)
    assert counts["sections"] == Section.objects.filter(document__superseded_by__isnull=True).count()
    assert counts["sections"] < Section.objects.count()
    coverage = get_json(client, "/index.json")["coverage"]
    assert [row["slug"] for row in coverage].count(three_versions[2].slug) == 1
    assert three_versions[0].slug not in {row["slug"] for row in coverage}


def test_publisher_pages_and_counts_show_one_version(client, three_versions):
    third = three_versions[2]
    publishers = {p["slug"]: p for p in get_json(client, "/p.json")["publishers"]}
    assert publishers[third.publisher.slug]["documents"] == Document.objects.current().filter(publisher=third.publisher).count()
    page = get_json(client, f"/p/{third.publisher.slug}.json")
    slugs = json.dumps(page, ensure_ascii=False)
    assert f'"{third.slug}"' in slugs and f'"{three_versions[0].slug}"' not in slugs


def test_the_api_lists_and_counts_current_versions_only(client, three_versions):
    first, second, third = three_versions
    documents = get_json(client, "/api/documents/")
    slugs = {d["slug"] for d in documents["results"]}
    assert third.slug in slugs and not {first.slug, second.slug} & slugs
    assert documents["count"] == len(SAMPLE_NAMES)
    publishers = {p["slug"]: p for p in get_json(client, "/api/publishers/")["results"]}
    current = Document.objects.current().filter(publisher=third.publisher).count()
    assert publishers[third.publisher.slug]["document_count"] == current
    assert get_json(client, "/api/sections/", document=first.slug)["count"] == 0
    assert get_json(client, "/api/sections/", document=third.slug)["count"] == third.sections.count()
    metrics = get_json(client, "/api/metrics/", size=1000)["results"]
    assert not {first.slug, second.slug} & {m["document"] for m in metrics}


def test_a_superseded_version_stays_at_its_address_with_a_banner_linking_the_next_and_a_comparison(client, three_versions):
    first, second, third = three_versions
    page = client.get(f"/d/{first.slug}/").content.decode()
    assert 'id="superseded"' in page
    assert f'href="/d/{second.slug}/" rel="successor-version">第 2 版</a>' in page
    assert f'href="/d/{third.slug}/" rel="latest-version">v3</a>' in page
    assert localdate(second.created_at).isoformat() in page  # the day in the portal's time zone
    assert f'href="{first.compare_url(second)}" data-compare="next"' in page
    assert client.get(first.compare_url(second)).status_code == 200
    for version in (first, second, third):
        assert f"v{version.version}" in page


def test_the_current_version_has_no_banner_but_lists_its_versions(client, three_versions):
    first, second, third = three_versions
    page = client.get(f"/d/{third.slug}/").content.decode()
    assert 'id="superseded"' not in page
    assert 'id="versions"' in page and f'href="/d/{first.slug}/"' in page
    single = client.get(f"/d/{Document.objects.exclude(publisher=third.publisher).first().slug}/").content.decode()
    assert 'id="versions"' not in single and 'id="superseded"' not in single


def test_a_superseded_versions_json_says_what_it_supersedes_and_what_supersedes_it(client, three_versions):
    first, second, third = three_versions
    data = get_json(client, f"/d/{second.slug}.json")
    assert data["supersedes"]["slug"] == first.slug and data["supersedes"]["version"] == 1
    assert data["superseded_by"]["slug"] == third.slug and data["superseded_by"]["version"] == 3
    assert data["superseded_by"]["stored_on"] == localdate(third.created_at).isoformat()
    assert data["superseded_by"]["compare"].endswith(second.compare_url(third))
    assert [v["version"] for v in data["versions"]] == [1, 2, 3]
    assert [v["current"] for v in data["versions"]] == [False, False, True]
    latest = get_json(client, f"/d/{third.slug}.json")
    assert latest["superseded_by"] is None and latest["supersedes"]["slug"] == second.slug
    api = get_json(client, f"/api/documents/{first.slug}/")
    assert api["supersedes"] is None and api["superseded_by"]["slug"] == second.slug


def test_the_explorer_counts_one_value_per_report(client, three_versions):
    data = get_json(client, "/metrics.json", key="requests.new.total")
    documents = [v["document"] for v in data["values"] if v.get("document")]
    assert len(documents) == len(set(documents))
    assert not {three_versions[0].slug, three_versions[1].slug} & set(documents)


def test_a_version_made_current_again_by_deleting_its_successor_is_found_again(three_versions):
    first, second, third = three_versions
    third.delete()
    results = searching.search(PHRASE, {}, per_page=searching.MAX_PER_PAGE)
    assert {h.section.document_id for h in results.hits} == {second.pk}


def test_unpublishing_the_newest_version_makes_the_one_before_it_current_again(client, three_versions):
    first, second, third = three_versions
    Document.objects.filter(pk=third.pk).update(is_published=False)
    results = searching.search(PHRASE, {}, per_page=searching.MAX_PER_PAGE)
    assert {h.section.document_id for h in results.hits} == {second.pk}
    slugs = {d["slug"] for d in get_json(client, "/api/documents/")["results"]}
    assert second.slug in slugs and not {first.slug, third.slug} & slugs
    values = get_json(client, "/metrics.json", key="requests.new.total")["values"]
    assert not {first.slug, third.slug} & {v.get("document") for v in values}
    assert 'id="superseded"' not in client.get(f"/d/{second.slug}/").content.decode()


def test_publishing_the_newest_version_again_hides_the_ones_before_it(three_versions):
    first, second, third = three_versions
    Document.objects.filter(pk=third.pk).update(is_published=False)
    Document.objects.filter(pk=third.pk).update(is_published=True)
    assert list(Document.objects.current().filter(pk__in=[first.pk, second.pk, third.pk])) == [third]
    assert set(Section.objects.current().filter(document__in=[first, second, third]).values_list("document", flat=True)) == {third.pk}


def test_an_unpublished_middle_version_leaves_the_newest_current_and_the_oldest_hidden(three_versions):
    first, second, third = three_versions
    Document.objects.filter(pk=second.pk).update(is_published=False)
    assert list(Document.objects.current().filter(pk__in=[first.pk, second.pk, third.pk])) == [third]


def test_saving_a_stale_copy_of_a_document_cannot_make_it_current(three_versions):
    first, second, third = three_versions
    first.is_current = True
    first.save()
    first.refresh_from_db()
    assert not first.is_current
    assert not Section.objects.current().filter(document=first).exists()
