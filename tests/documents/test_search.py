"""Search inside PostgreSQL on the samples: recall and exactness, ranking, counts and estimates,
the page and its formats, and robustness against any query string (the query language, the
snippets and the time limits on their own: tests/documents/search/)."""
import csv
import io
import json
import random
import re

import jieba
import opencc
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from documents.ingest import searchindex
from documents.loader import ingest_bytes
from documents.models import Document, Publisher, Section
from documents.search import index as search_index
from documents.search import limits
from documents.search import query as query_language
from documents.search import results as searching
from documents.search.sql import Matches
from tests.conftest import SAMPLE_NAMES, sample_bytes

S2T = opencc.OpenCC("s2t")


# ---------------------------------------------------------------------------- the samples

@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The five samples, stored and indexed once for this module (committed, then deleted)."""
    with django_db_blocker.unblock():
        documents = [ingest_bytes(sample_bytes(name), filename=f"{name}.txt").document for name in SAMPLE_NAMES]
        assert Section.objects.filter(search_grams__isnull=True).count() == 0
        yield {d.slug: d for d in documents}
        Document.objects.all().delete()
        Publisher.objects.all().delete()


def hits(q, **filters):
    return searching.search(q, filters, per_page=searching.MAX_PER_PAGE)


def ids(q, **filters):
    return {h.section.pk for h in hits(q, **filters).hits}


def section(heading):
    return Section.objects.get(heading=heading)


@pytest.mark.django_db
def test_a_traditional_query_finds_simplified_text(corpus):
    found = ids("權責清單")
    assert section("推进管理公开和服务公开").pk in found
    assert all("权责清单" in s.search_text for s in Section.objects.filter(pk__in=found))


@pytest.mark.django_db
def test_a_simplified_query_finds_a_document_that_was_written_in_traditional(corpus):
    assert Document.objects.get(slug="shanghai-yangpu-2020-annual-report").script == "traditional"
    assert section("聚焦疫情防控做好信息公开").pk in ids("疫情防控")


@pytest.mark.django_db
def test_words_sampled_from_the_samples_find_their_section_at_least_99_percent_of_the_time(corpus):
    rng = random.Random(20240607)
    sections = list(Section.objects.exclude(text=""))
    trials, misses = 400, []
    for _ in range(trials):
        chosen = rng.choice(sections)
        words = [w for w in jieba.cut(chosen.heading + "\n" + chosen.text) if searchindex.UNIT.search(w)]
        word = rng.choice(words)
        if rng.random() < 0.5:
            word = S2T.convert(word)
        if chosen.pk not in ids(word):
            misses.append(word)
    assert len(misses) <= trials // 100, misses


def _phrases(rng, texts, count):
    """Random substrings of the indexed texts: 2 to 12 characters, on one line, no quotes."""
    keys = list(texts)
    found = []
    while len(found) < count:
        text = texts[rng.choice(keys)]
        if len(text) < 3:
            continue
        start = rng.randrange(len(text) - 2)
        phrase = text[start : start + rng.randint(2, 12)].strip()
        if searchindex.UNIT.search(phrase) and not re.search(r'[\s"“”「」『』|-]', phrase) and phrase != "or":
            found.append(phrase)
    return found


@pytest.mark.django_db
def test_an_exact_phrase_returns_exactly_the_sections_containing_it(corpus):
    texts = dict(Section.objects.values_list("pk", "search_text"))
    for phrase in _phrases(random.Random(11), texts, 150):
        forms = {phrase, searchindex.fold(query_language.simplified(phrase))}
        expected = {pk for pk, text in texts.items() if any(f in text for f in forms)}
        assert ids(f'"{phrase}"') == expected, phrase


@pytest.mark.django_db
def test_an_exact_phrase_in_traditional_returns_only_sections_containing_it_in_simplified(corpus):
    texts = dict(Section.objects.values_list("pk", "search_text"))
    for phrase in _phrases(random.Random(12), texts, 100):
        traditional = S2T.convert(phrase)
        found = ids(f'"{traditional}"')
        assert {pk for pk, text in texts.items() if phrase in text} <= found, (phrase, traditional)
        forms = {searchindex.fold(query_language.simplified(traditional)), searchindex.fold(traditional)}
        assert all(any(f in texts[pk] for f in forms) for pk in found), (phrase, traditional)


@pytest.mark.django_db
def test_a_phrase_needs_its_words_together_and_words_do_not(corpus):
    apart = ids("信息 公开")
    together = ids('"信息公开"')
    assert together < apart
    texts = dict(Section.objects.values_list("pk", "search_text"))
    assert all("信息公开" in texts[pk] for pk in together)
    assert any("信息公开" not in texts[pk] for pk in apart)


@pytest.mark.django_db
def test_all_words_must_match(corpus):
    both = ids("疫情 教育")
    assert both and both == ids("疫情") & ids("教育")


@pytest.mark.django_db
def test_or_finds_either_word(corpus):
    assert ids("碳达峰 OR 停车场") == ids("碳达峰") | ids("停车场")


@pytest.mark.django_db
def test_an_excluded_word_leaves_out_the_sections_containing_it(corpus):
    texts = dict(Section.objects.values_list("pk", "search_text"))
    found = ids("疫情 -杨浦")
    assert found == {pk for pk in ids("疫情") if "杨浦" not in texts[pk]}
    assert found != ids("疫情")


@pytest.mark.django_db
def test_a_heading_match_ranks_above_a_body_match(corpus):
    ranked = [h.section.heading for h in hits("政府公报").hits]
    assert ranked[0] == "进一步做好政府公报工作"


@pytest.mark.django_db
def test_each_hit_links_to_its_section_anchor_in_the_reader(corpus):
    hit = hits("碳普惠").hits[0]
    assert hit.section.get_absolute_url() == f"/d/shanghai-2023-annual-report/#s-{hit.section.order}"


@pytest.mark.django_db
def test_snippets_are_highlighted_for_the_shown_results(corpus):
    results = searching.search("碳普惠", per_page=1)
    assert len(results.hits) == 1 and results.total >= 1
    assert "<mark>碳普惠</mark>" in results.hits[0].snippet_html


@pytest.mark.django_db
def test_facet_counts_cover_every_match(corpus):
    results = hits("公开")
    assert results.total == len(results.hits)
    for name in ("publisher", "year", "kind"):
        assert sum(v.count for v in results.facets[name]) == results.total, name
    topic_counts = {v.label: v.count for v in results.facets["topic"]}
    assert topic_counts["财政信息"] == sum("财政信息" in h.section.topics for h in results.hits)


@pytest.mark.django_db
def test_filters_narrow_the_matches_as_in_the_documents_list(corpus):
    everything = hits("公开")
    plans = hits("公开", kind="work_plan")
    assert plans.total == next(v.count for v in everything.facets["kind"] if v.value == "work_plan")
    assert {h.section.document.kind for h in plans.hits} == {"work_plan"}
    recent = hits("公开", year_from="2021", year_to="2023")
    assert {h.section.document.year for h in recent.hits} == {2021, 2023}
    changning = hits("公开", publisher="shanghai-changning")
    assert {h.section.document.publisher.slug for h in changning.hits} == {"shanghai-changning"}


@pytest.mark.django_db
def test_a_chosen_facet_still_counts_its_other_values_and_the_rest_count_under_it(corpus):
    everything = hits("公开")
    changning = hits("公开", publisher="shanghai-changning")
    counts = lambda results, name: {v.value: v.count for v in results.facets[name]}
    assert counts(changning, "publisher") == counts(everything, "publisher")  # others stay, to switch to
    assert sum(counts(changning, "kind").values()) == changning.total < everything.total
    recent = hits("公开", year_from="2021")
    assert counts(recent, "year") == counts(everything, "year")
    fiscal = hits("公开", topic="fiscal")
    assert counts(fiscal, "topic") == counts(everything, "topic")
    assert sum(counts(fiscal, "year").values()) == fiscal.total


@pytest.mark.django_db
def test_a_topic_filter_takes_its_slug_or_its_name(corpus):
    by_slug = hits("公开", topic="fiscal")
    assert by_slug.total and all("财政信息" in h.section.topics for h in by_slug.hits)
    assert ids("公开", topic="财政信息") == {h.section.pk for h in by_slug.hits}


@pytest.mark.django_db
def test_pages_follow_each_other_without_overlap(corpus):
    first = searching.search("公开", page=1, per_page=10)
    second = searching.search("公开", page=2, per_page=10)
    assert len(first.hits) == len(second.hits) == 10
    assert not {h.section.pk for h in first.hits} & {h.section.pk for h in second.hits}
    assert first.hits[-1].rank >= second.hits[0].rank


@pytest.mark.django_db
def test_a_page_past_the_end_shows_the_last_page(corpus):
    results = searching.search("碳普惠", page=400, per_page=1)
    assert results.page == results.pages == results.total and len(results.hits) == 1


# ---------------------------------------------------------------------------- estimated counts

@pytest.fixture
def estimating(settings, monkeypatch):
    """Every search the sample finds anything for counts as one matching very many sections;
    and pages need few matches, so that their matches are not all read (which makes the
    total exact)."""
    settings.GONGKAI_SEARCH_EXACT_LIMIT = 1
    monkeypatch.setattr(searching, "RANK_LIMIT", 5)


def sampled(pks):
    """Those of `pks` the sample index holds (one section in eight, by a hash of the id)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM documents_section WHERE id = ANY(%s) AND published AND (hashint8(id) & %s) = 0",
            [list(pks), searchindex.SAMPLE_EVERY - 1],
        )
        return {row[0] for row in cursor.fetchall()}


def exact_ids(q):
    """Every section matching `q`, counted exactly whatever the limit."""
    return {h.section.pk for h in searching.search(q, exact=True, per_page=searching.MAX_PER_PAGE).hits}


def test_an_estimate_is_the_sample_scaled_up_to_two_significant_figures():
    assert searching.estimate(3) == 24
    assert searching.estimate(12) == 96
    assert searching.estimate(1234) == 9900
    assert searching.estimate(8085) == 65000
    assert searching.estimate(13125) == 110000  # 105,000: a half is rounded up


@pytest.mark.django_db
def test_a_search_matching_very_many_sections_estimates_its_counts_from_the_sample(corpus, estimating):
    exact = searching.search("公开", exact=True, per_page=searching.MAX_PER_PAGE)
    every = {h.section.pk for h in exact.hits}
    assert not exact.estimated and exact.total == len(every)
    inside = sampled(every)
    assert 0 < len(inside) < len(every)
    results = searching.search("公开")
    assert results.estimated and results.total == searching.estimate(len(inside))
    by_publisher = {}
    for section in Section.objects.filter(pk__in=inside).select_related("document__publisher"):
        slug = section.document.publisher.slug
        by_publisher[slug] = by_publisher.get(slug, 0) + 1
    assert {v.value: v.count for v in results.facets["publisher"]} == {
        slug: searching.estimate(n) for slug, n in by_publisher.items()
    }


@pytest.mark.django_db
def test_a_search_under_the_limit_counts_exactly(corpus, settings):
    settings.GONGKAI_SEARCH_EXACT_LIMIT = 100_000
    results = searching.search("公开")
    assert not results.estimated and not results.estimated_facets
    assert results.total == Section.objects.filter(published=True, search_text__contains="公开").count()


@pytest.mark.django_db
def test_estimated_hits_are_every_match_once_newest_year_first(corpus, estimating, monkeypatch):
    monkeypatch.setattr(searching, "RANK_LIMIT", 0)  # the order before ts_rank_cd reorders the first ones
    every = exact_ids("公开")
    results = searching.search("公开", per_page=searching.MAX_PER_PAGE)
    order = [h.section for h in results.hits]
    assert [s.pk for s in order] and len(order) == len({s.pk for s in order})
    assert {s.pk for s in order} == every
    years = [s.document.year for s in order]
    assert years == sorted(years, reverse=True)
    # Within a year, sections with the word in their heading come first.
    for year in set(years):
        in_heading = ["公开" in s.heading for s in order if s.document.year == year]
        assert in_heading == sorted(in_heading, reverse=True)


@pytest.mark.django_db
def test_estimated_pages_follow_each_other_without_overlap(corpus, estimating):
    first = searching.search("公开", page=1, per_page=10)
    second = searching.search("公开", page=2, per_page=10)
    assert first.estimated and len(first.hits) == len(second.hits) == 10
    assert not {h.section.pk for h in first.hits} & {h.section.pk for h in second.hits}


@pytest.mark.django_db
def test_a_chosen_facet_counted_without_its_filter_is_estimated_when_that_matches_very_many(corpus, settings):
    everything = searching.search("公开", exact=True, per_page=searching.MAX_PER_PAGE)
    exact_publishers = {v.value: v.count for v in everything.facets["publisher"]}
    narrow = min(exact_publishers, key=exact_publishers.get)
    in_narrow = {h.section.pk for h in everything.hits if h.section.document.publisher.slug == narrow}
    assert len(sampled(in_narrow)) < len(sampled(h.section.pk for h in everything.hits))
    settings.GONGKAI_SEARCH_EXACT_LIMIT = max(1, searchindex.SAMPLE_EVERY * len(sampled(in_narrow)))
    results = searching.search("公开", {"publisher": narrow})
    # Its own matches are few enough to count; all publishers' together are not.
    assert not results.estimated and results.total == exact_publishers[narrow]
    assert results.estimated_facets == {"publisher"}
    publishers = {v.value: v for v in results.facets["publisher"]}
    # The chosen value is the search's own exact count, the others the sample's.
    assert publishers[narrow].count == results.total and not publishers[narrow].estimated
    assert all(v.estimated for slug, v in publishers.items() if slug != narrow)
    assert not any(v.estimated for v in results.facets["year"])
    exact = searching.search("公开", {"publisher": narrow}, exact=True)
    assert not exact.estimated_facets and {v.value: v.count for v in exact.facets["publisher"]} == exact_publishers


@pytest.mark.django_db
def test_estimated_pages_reach_the_last_match_and_no_further(corpus, estimating):
    every = exact_ids("公开")
    seen, page = [], 1
    while True:
        results = searching.search("公开", page=page, per_page=7)
        if results.page < page:  # asked past the last page: the last one is shown again
            break
        seen += [h.section.pk for h in results.hits]
        if page >= results.pages:
            break
        page += 1
    assert len(seen) == len(set(seen)) and set(seen) == every
    last = searching.search("公开", page=searching.MAX_PAGE, per_page=7)
    assert last.total == len(every) and not last.estimated  # every match was read on the way
    assert last.page == last.pages and last.hits


@pytest.mark.django_db
def test_the_sample_is_counted_through_its_own_index(corpus):
    # The sampled statement must say what the partial index's condition says, or the planner
    # cannot use it. Which index a table this small is read through is the planner's choice,
    # so the whole-table one is dropped here (the test's transaction puts it back).
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX section_grams_gin")
    names = {8: "section_grams_sample_gin", 64: "section_grams_sample64_gin", 512: "section_grams_sample512_gin"}
    for every, name in names.items():
        sql, params = Matches(query_language.parse_query("公开"), {}, sample=every).counts_sql(need=0)
        plan = "\n".join(row[0] for row in limits.run_bounded("EXPLAIN " + sql, params))
        assert name in plan, plan


def sampled_at(pks, every):
    """Those of `pks` in the sample of one section in `every`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM documents_section WHERE id = ANY(%s) AND published AND (hashint8(id) & %s) = 0",
            [list(pks), every - 1],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_a_broad_search_is_estimated_from_the_sparsest_sample_that_holds_enough_of_its_matches(corpus, estimating, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_section")  # the planner's count of sections picks the samples worth reading
    searching._sizes.clear()  # read again, not the count of a minute ago
    every = exact_ids("公开")
    monkeypatch.setattr(searching, "SAMPLE_ENOUGH", 1)
    sections = Section.objects.count()
    levels = [e for e in sorted(searchindex.SAMPLE_LEVELS, reverse=True) if e == searchindex.SAMPLE_EVERY or sections / e >= 1]
    chosen = next(e for e in levels if sampled_at(every, e) or e == searchindex.SAMPLE_EVERY)
    assert chosen > searchindex.SAMPLE_EVERY
    results = searching.search("公开")
    assert results.estimated and results.total == searching.estimate(len(sampled_at(every, chosen)), chosen)
    # No sparser sample can hold enough: the densest one's count is the estimate.
    monkeypatch.setattr(searching, "SAMPLE_ENOUGH", 10**9)
    assert searching.search("公开").total == searching.estimate(len(sampled(every)))


@pytest.mark.django_db
def test_a_long_phrase_is_estimated_from_a_few_of_its_sections_read_not_every_one(estimating, monkeypatch):
    _, rows = make_document("长词", [("甲", f"坚持鲸落海岸保护程序{i}") for i in range(64)])
    holding = sampled(s.pk for s in rows)
    assert len(holding) >= 2
    monkeypatch.setattr(searching, "CHECKED", 1)
    with CaptureQueriesContext(connection) as queries:
        results = searching.search('"鲸落海岸保护"')
    counting = [q["sql"] for q in queries.captured_queries if "GROUPING" in q["sql"]]
    reading = [q["sql"] for q in queries.captured_queries if "count(*) FILTER" in q["sql"]]
    assert counting and not any("search_text" in sql for sql in counting)  # the sample is counted by the index alone
    assert len(reading) == 1 and "search_text" in reading[0]  # a few of its sections are read
    assert results.estimated and results.total == searching.estimate(len(holding))


@pytest.mark.django_db
def test_a_phrase_whose_grams_stand_apart_is_estimated_from_the_share_that_holds_it(estimating):
    together = [("甲", "坚持鲸落海岸保护程序")] * 16
    apart = [("乙", "推进鲸落海岸改革，完善海岸保护机制")] * 16
    make_document("长词", together + apart)
    # Both kinds in the sample (one section in eight, by a hash of the id, so which ones
    # depends on the ids earlier tests used): sections of a kind it lacks are added until it does.
    for _ in range(20):
        candidates = len(sampled({s.pk for s in Section.objects.filter(heading__in=["甲", "乙"])}))
        holding = len(sampled({s.pk for s in Section.objects.filter(heading="甲")}))
        if 0 < holding < candidates:
            break
        make_document("长词", apart if holding else together)
    assert 0 < holding < candidates
    results = searching.search('"鲸落海岸保护"')
    assert results.estimated or results.total == 16
    if results.estimated:
        assert results.total == searching.estimate(holding)


@pytest.mark.django_db
def test_an_excluded_word_is_left_out_by_the_index_and_a_long_excluded_phrase_by_its_text(corpus):
    word = Matches(query_language.parse_query("疫情 -杨浦"), {})
    assert "!" in word.params["q"] and "NOT IN" not in word.where
    phrase = Matches(query_language.parse_query("疫情 -杨浦区人民政府"), {})
    assert "NOT IN" in phrase.where
    assert ids("疫情 -杨浦") == ids("疫情") - ids("杨浦")


@pytest.mark.django_db
def test_reading_the_texts_of_a_few_documents_finds_the_same_hits_as_the_index(corpus):
    documents = list(Document.objects.values_list("pk", flat=True))
    for q in ["公开", "信息 公开", '"政府信息公开工作"', "疫情 OR 卫生", "公开 -疫情", "公开 -\"政府信息公开工作\"", "2023年", "ESG"]:
        matches = Matches(query_language.parse_query(q), {"topic": ""})
        by_index = limits.run_bounded(*matches.page_sql(documents, 10_000, 0))
        by_text = limits.run_bounded(*matches.page_sql(documents, 10_000, 0, by_text=True))
        assert by_index == by_text, q
    narrowed = Matches(query_language.parse_query("公开"), {"year": "2023"})
    assert limits.run_bounded(*narrowed.page_sql(documents, 10_000, 0)) == limits.run_bounded(
        *narrowed.page_sql(documents, 10_000, 0, by_text=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("by_text", [False, True])
def test_estimated_hits_read_a_few_documents_at_a_time_are_every_match_once_newest_year_first(
    corpus, estimating, monkeypatch, by_text
):
    monkeypatch.setattr(searching, "RANK_LIMIT", 0)
    monkeypatch.setattr(searching, "_chunk", lambda total: 1)  # one document at a time
    monkeypatch.setattr(searching, "READ_TEXT_FROM", 0 if by_text else 10**9)
    every = exact_ids("公开")
    order = [h.section for h in searching.search("公开", per_page=searching.MAX_PER_PAGE).hits]
    assert len(order) == len({s.pk for s in order}) and {s.pk for s in order} == every
    years = [s.document.year for s in order]
    assert years == sorted(years, reverse=True)
    pages = [searching.search("公开", page=n, per_page=7) for n in (1, 2, 3)]
    assert [h.section.pk for page in pages for h in page.hits] == [s.pk for s in order[:21]]


@pytest.mark.django_db
def test_the_page_says_the_counts_are_estimates_and_links_to_exact_ones(client, corpus, estimating):
    html = client.get("/search/", {"q": "公开"}).content.decode()
    assert "约 " in html and "精确计数" in html and "?q=%E5%85%AC%E5%BC%80&amp;exact=1" in html
    assert '<span class="count">≈' in html
    data = client.get("/search.json", {"q": "公开"}).json()
    assert data["count_is_estimate"] is True
    assert all(v["estimated"] for values in data["facets"].values() for v in values)
    exact = client.get("/search.json", {"q": "公开", "exact": "1"}).json()
    assert exact["count_is_estimate"] is False and exact["count"] == len(ids("公开"))
    html = client.get("/search/", {"q": "公开", "exact": "1"}).content.decode()
    assert "约 " not in html and '<span class="count">≈' not in html and "精确计数" not in html
    api = client.get("/api/search/", {"q": "公开"}).json()
    assert api["count_is_estimate"] is True and api["count"] == data["count"]


@pytest.mark.django_db
def test_unpublished_documents_are_not_searched(corpus):
    Document.objects.filter(slug="shanghai-2023-annual-report").update(is_published=False)
    assert not ids("碳普惠")


@pytest.mark.django_db
def test_a_timed_out_search_reports_no_counts(corpus, estimating, monkeypatch):
    real = limits.run_bounded
    calls = []

    def slow_second(sql, params, timeout_ms=None, **options):
        calls.append(sql)
        if len(calls) == 2:
            raise limits.SearchTimeout()
        return real(sql, params, timeout_ms, **options)

    monkeypatch.setattr(searching, "run_bounded", slow_second)
    results = searching.search("公开")
    assert results.timed_out and results.total == 0 and not results.estimated and not results.facets


@pytest.mark.django_db
def test_a_saved_section_is_indexed_again_as_it_is_saved(corpus):
    edited = section("强化政府网站建设")
    edited.heading = "强化政府网站建设与适老化改造"
    edited.topics = ["标准化规范化"]
    edited.save()
    assert ids('"适老化改造"') == {edited.pk}
    assert ids("适老化", topic="standardization") == {edited.pk}


@pytest.mark.django_db
def test_an_ingested_document_is_indexed_inside_the_transaction_that_stores_it(corpus):
    data = sample_bytes("shanghai-yangpu-2021-work-plan") + "\n附：本要点自发布之日起施行。\n".encode()
    with transaction.atomic():
        document = ingest_bytes(data).document
        # Not committed yet, and already searchable: rows and index are one write.
        assert document.sections.filter(search_grams__isnull=True).count() == 0
        assert document.sections.filter(pk__in=ids("规范政务信息管理")).exists()
        transaction.set_rollback(True)
    # Rolled back: neither the rows nor their index entries are left.
    assert not Section.objects.filter(document_id=document.pk).exists()
    assert not Section.objects.filter(pk__in=ids("本要点自发布之日起施行")).exists()


@pytest.mark.django_db
def test_reindex_rebuilds_the_index_and_with_topics_the_topics(corpus):
    Section.objects.update(search_vector=None, search_grams=None, search_text="", topic_mask=0, topics=[])
    assert not ids("碳普惠")
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert f"{Section.objects.count()} sections" in out.getvalue()
    assert ids("碳普惠")
    assert not Section.objects.exclude(topics=[]).exists()
    call_command("reindex", "--topics", stdout=io.StringIO())
    assert section("继续加大财政信息公开力度").topics == ["财政信息"]


# ---------------------------------------------------------------------------- the pages

@pytest.mark.django_db
def test_the_search_page_shows_ranked_highlighted_hits_with_facets(client, corpus):
    page = client.get("/search/", {"q": "財政資金"}).content.decode()
    assert "细化深化<mark>财政资金</mark>领域信息公开" in page
    assert 'data-facet="publisher"' in page and 'data-facet="topic"' in page
    assert re.search(r'href="/d/shanghai-yangpu-2021-work-plan/\?q=[^"#]+#s-\d+"', page)
    assert 'name="year_from"' in page and '<option value="fiscal">财政信息</option>' in page


@pytest.mark.django_db
def test_the_search_page_without_a_query_explains_the_syntax(client, corpus):
    page = client.get("/search/").content.decode()
    assert "怎样搜索" in page and "-排除" in page


@pytest.mark.django_db
def test_search_json_has_the_same_hits_as_the_page_with_facets_and_links(client, corpus):
    data = json.loads(client.get("/search.json", {"q": "公开", "kind": "work_plan", "size": 5}).content)
    assert data["count"] == hits("公开", kind="work_plan").total
    assert len(data["results"]) == 5 and data["pages"] == -(-data["count"] // 5)
    assert data["filters"] == {"kind": "work_plan"}
    assert data["next"].startswith("http://testserver/search.json?") and "page=2" in data["next"]
    assert {r["kind"] for r in data["results"]} == {"work_plan"}
    assert data["results"][0]["url"].startswith("http://testserver/d/")
    assert "#s-" in data["results"][0]["url"]
    kinds = {f["value"]: f["count"] for f in data["facets"]["kind"]}
    assert kinds["work_plan"] == data["count"] and "annual_report" in kinds  # the other kind, to switch to


@pytest.mark.django_db
def test_search_csv_has_one_row_per_hit_and_numbers_stay_numbers(client, corpus):
    response = client.get("/search.csv", {"q": "公开"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == hits("公开").total
    assert all(re.fullmatch(r"\d+", r["year"]) and float(r["rank"]) > 0 for r in rows)


@pytest.mark.django_db
def test_the_format_parameter_gives_the_same_data(client, corpus):
    a = json.loads(client.get("/search.json", {"q": "疫情"}).content)
    b = json.loads(client.get("/search/", {"q": "疫情", "format": "json"}).content)
    assert a["results"] == b["results"]


def make_document(title, sections, publisher="测试区人民政府", year=2022):
    publisher, _ = Publisher.objects.get_or_create(name=publisher, defaults={"region": "测试区", "slug": "ceshi"})
    document = Document.objects.create(
        publisher=publisher, year=year, kind="annual_report", title=title, slug=f"doc-{Document.objects.count()}",
        raw=b"", sha256=str(Document.objects.count()).zfill(64), encoding="utf-8", script="simplified",
        original_text="", clean_text="", parser_version="test",
    )
    rows = Section.objects.bulk_create(
        Section(document=document, order=i, level=1, heading=h, text=t, start=0, end=0) for i, (h, t) in enumerate(sections)
    )
    search_index.index_sections(rows)
    return document, rows


@pytest.mark.django_db
def test_a_phrase_must_match_punctuation_and_spaces_too():
    _, (spaced, commaed, joined) = make_document("XQZ", [("甲", "XQZ 鲸落"), ("乙", "XQZ、鲸落"), ("丙", "XQZ鲸落")])
    assert ids('"xqz 鲸落"') == {spaced.pk}
    assert ids('"XQZ鲸落"') == {joined.pk}
    assert ids("XQZ 鲸落") == {spaced.pk, commaed.pk, joined.pk}


@pytest.mark.django_db
def test_sections_follow_their_documents_publication_however_it_is_written():
    document, (row,) = make_document("发布", [("甲", "鲸落观测站")])
    assert ids("鲸落观测站") == {row.pk}
    Document.objects.filter(pk=document.pk).update(is_published=False)  # no save(), no signal
    assert not ids("鲸落观测站")
    Section.objects.create(document=document, order=1, level=1, heading="乙", text="鲸落观测站二号", start=0, end=0)
    assert not ids("鲸落观测站")  # a new section of an unpublished document stays out too
    document.is_published = True
    document.save()
    assert len(ids("鲸落观测站")) == 2


@pytest.mark.django_db
def test_sections_follow_their_documents_publisher_year_and_kind_however_they_are_written():
    document, (row,) = make_document("改年份", [("甲", "鲸落观测站")], year=2020)
    facets = lambda: {name: [v.value for v in values] for name, values in hits("鲸落观测站").facets.items()}
    assert facets()["year"] == ["2020"] and facets()["kind"] == ["annual_report"]
    other = Publisher.objects.create(name="另一区人民政府", region="另一区", slug="lingyi")
    Document.objects.filter(pk=document.pk).update(year=2021, kind="work_plan", publisher=other)  # no save()
    assert facets()["year"] == ["2021"] and facets()["kind"] == ["work_plan"] and facets()["publisher"] == ["lingyi"]
    assert ids("鲸落观测站", year="2021", publisher="lingyi") == {row.pk}
    Section.objects.create(document=document, order=1, level=1, heading="乙", text="鲸落观测站二号", start=0, end=0)
    assert hits("鲸落观测站", year="2021").total == 2  # a new section takes its document's year
    Section.objects.filter(pk=row.pk).update(document_year=1999)  # a copy written by hand is undone
    assert Section.objects.get(pk=row.pk).document_year == 2021
    loaded = Section.objects.get(pk=row.pk)
    document.refresh_from_db()
    document.year = 2019
    document.save()
    assert facets()["year"] == ["2019"]
    loaded.heading = "甲二"
    loaded.save()  # an instance loaded before its document changed writes no stale copy
    assert Section.objects.get(pk=row.pk).document_year == 2019
    assert [v.count for v in hits("鲸落观测站").facets["year"]] == [2]


@pytest.mark.django_db
def test_a_section_written_before_its_document_takes_its_fields_when_the_document_comes():
    # As loaddata writes: foreign keys are checked at commit, rows come in any order.
    publisher = Publisher.objects.create(name="先后区人民政府", region="先后区", slug="xianhou")
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('documents_document', 'id'))")
        document_id = cursor.fetchone()[0]
    early = Section.objects.create(document_id=document_id, order=0, level=1, heading="甲", text="正文", start=0, end=0)
    Document.objects.create(
        id=document_id, publisher=publisher, year=2018, kind="work_plan", title="先后", slug="xianhou-2018",
        raw=b"", sha256="f" * 64, encoding="utf-8", script="simplified", original_text="", clean_text="",
        parser_version="test", is_published=False,
    )
    early = Section.objects.get(pk=early.pk)
    assert (early.document_publisher_id, early.document_year, early.document_kind, early.published) == (
        publisher.pk, 2018, "work_plan", False,
    )


@pytest.mark.django_db
def test_a_long_phrase_needs_its_characters_together_not_only_its_grams():
    _, (together, apart) = make_document(
        "长词", [("甲", "坚持鲸落海岸保护程序"), ("乙", "推进鲸落海岸改革，完善海岸保护机制")]
    )
    assert ids('"鲸落海岸保护"') == {together.pk}
    assert ids("鲸落海岸保护程序") == {together.pk}
    assert ids("鲸落海岸 海岸保护") == {together.pk, apart.pk}
    assert ids("鲸落海岸 -鲸落海岸保护") == {apart.pk}


@pytest.mark.django_db
def test_letters_at_a_phrase_or_word_edge_are_whole_runs_whatever_else_the_section_holds():
    _, (inside, whole, elsewhere) = make_document(
        "边界", [("甲", "test 鲸落海岸 与 海岸保护"), ("乙", "es 鲸落海岸保护"), ("丙", "ves 鲸落，另有 es")]
    )
    assert ids('es OR "鲸落海岸保护"') == {whole.pk, elsewhere.pk}
    assert ids('"es 鲸落"') == {whole.pk}
    long_run = "a" * 130
    _, (exact, longer) = make_document("长串", [("甲", long_run), ("乙", "a" * 100 + "b" * 20)])
    assert ids(long_run) == {exact.pk}


@pytest.mark.django_db
def test_past_the_ranked_matches_pages_continue_heading_matches_first_then_newest(monkeypatch):
    made = {}
    for year in (2019, 2020, 2021):
        _, rows = make_document(
            f"排序{year}",
            [("鲸落计划", "正文")] + [(f"其他{i}", f"关于鲸落的正文{i}") for i in range(6)],
            publisher="排序测试区", year=year,
        )
        made[year] = rows
    monkeypatch.setattr(searching, "RANK_LIMIT", 4)
    pages = [searching.search("鲸落", page=n, per_page=5) for n in range(1, 6)]
    order = [h.section.pk for page in pages for h in page.hits]
    assert pages[0].total == 21 and len(order) == 21 == len(set(order))
    # The three heading matches are ranked first; the rest follow newest first.
    assert set(order[:3]) == {made[year][0].pk for year in made}
    years = [Section.objects.get(pk=pk).document.year for pk in order[4:]]
    assert years == sorted(years, reverse=True)


@pytest.mark.django_db
def test_a_word_past_the_positions_postgresql_keeps_is_still_found():
    filler = "。".join("第%d段落的一般内容" % i for i in range(4000))
    assert len(filler) > 2 * searchindex.POSITIONS
    _, (long_section,) = make_document("长文", [("长段落", filler + "。最后出现的碳普惠试点。")])
    assert ids("碳普惠试点") == {long_section.pk}
    assert ids('"碳普惠试点"') == {long_section.pk}


@pytest.mark.django_db
def test_script_and_image_injections_render_inert_in_the_page_and_every_format(client):
    make_document("注入", [("<script>alert(1)</script>碳普惠", '"><img src=x onerror=alert(1)> 碳普惠试点')])
    page = client.get("/search/", {"q": "碳普惠"}).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    body = client.get("/search.json", {"q": "碳普惠"}).content.decode()
    assert "<" not in body and ">" not in body
    assert "alert(1)" in json.loads(body)["results"][0]["heading"]


@pytest.mark.django_db
def test_csv_cells_that_a_spreadsheet_would_run_are_guarded(client):
    make_document("公式", [("=HYPERLINK(\"http://x\")", "+鲸落试点"), ("@SUM(A1)", "-鲸落 试点")])
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv", {"q": "鲸落"}).content.decode("utf-8-sig"))))
    assert {r["heading"] for r in rows} == {"'=HYPERLINK(\"http://x\")", "'@SUM(A1)"}
    assert all(r["snippet"].startswith("'") for r in rows)
    assert all(r["year"] == "2022" for r in rows)


@pytest.mark.django_db
def test_a_timed_out_search_still_gives_a_page_that_says_so(client, corpus, monkeypatch):
    def too_slow(*args, **kwargs):
        raise limits.SearchTimeout()

    monkeypatch.setattr(searching, "run_bounded", too_slow)
    response = client.get("/search/", {"q": "公开"})
    assert response.status_code == 200
    assert "took too long" in response.content.decode()
    assert json.loads(client.get("/search.json", {"q": "公开"}).content)["timed_out"] is True


NASTY = [
    "", " ", '"', '""', '"""', "“", "”", "「", "-", "--", "- -", "-\"", "OR", "OR OR", "|", "| |", "a OR",
    "\x00", "疫情\x00", "\x00\x01\x02\x1f\x7f", "\u200b", "\ufeff", "\U0001F600", "'", "''", "\\", "\\'", "%",
    "%%", "&", "!", "!!", ":*", "'a':*", "a <-> b", "(", ")", "((", "<1>", "&|!", "$$", ";", "--", "/*", "*/",
    "' OR 1=1 --", "疫情 -\"", "\"疫情", "疫情\"", "x" * 10_000, "疫情 " * 3000, "\"" * 201, "-" * 500,
    "ＯＲ", "ｏｒ", "＂信息公开＂", "İ", "ß", "\u0301", "a\u0301", "一" * 200, "𠀀𠀁", "1" * 300, "1.2.3.4",
]


@pytest.mark.django_db
def test_any_query_string_gives_a_page_never_an_error(client, corpus):
    rng = random.Random(5)
    alphabet = list('"“”「」-|OR疫情信息公开 \x00\x01\t\n\'\\%&!:*<>()-') + ["OR", " OR ", "\U0001F600"]
    queries = NASTY + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(150)]
    for q in queries:
        for path in ("/search/", "/search.json", "/search.csv"):
            response = client.get(path, {"q": q})
            assert response.status_code == 200, (path, q)


@pytest.mark.django_db
def test_any_query_string_gives_a_page_when_its_counts_are_estimated_too(client, corpus, estimating):
    for q in NASTY + ["公开 -信息", '"公开" OR 疫情', "公开 疫情"]:
        for params in ({"q": q}, {"q": q, "publisher": "shanghai-changning", "page": "3"}):
            for path in ("/search/", "/search.json", "/search.csv"):
                response = client.get(path, params)
                assert response.status_code == 200, (path, params)


@pytest.mark.django_db
def test_bad_parameters_give_a_page_never_an_error(client, corpus):
    for params in [
        {"page": "-1"}, {"page": "abc"}, {"page": "99999999999999999999"}, {"size": "0"}, {"size": "abc"},
        {"size": "-5"}, {"year": "abc"}, {"year_from": "99999999999"}, {"kind": "nope"}, {"topic": "nope"},
        {"publisher": "\x00"}, {"region": "'"}, {"level": "x"},
    ]:
        response = client.get("/search/", {"q": "公开", **params})
        assert response.status_code == 200, params


@pytest.mark.django_db
def test_an_undecodable_query_string_gives_a_page(client, corpus):
    assert client.get("/search/?q=%ED%A0%80%FF%00").status_code == 200


@pytest.mark.django_db
def test_the_search_page_runs_as_many_queries_for_many_documents_as_for_few(client, corpus):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "公开"}).status_code == 200
        return len(captured)

    many = queries()
    Document.objects.exclude(slug__in=["shanghai-yangpu-2021-work-plan", "shanghai-2023-annual-report"]).update(
        is_published=False
    )
    assert queries() == many


@pytest.mark.django_db
def test_a_word_standing_as_a_word_ranks_above_the_same_characters_across_two_words():
    # jieba cuts 该区|政府 but 各|区政府: the same length, the same characters but one.
    _, (across, whole) = make_document("排名", [("甲", "该区政府发布鲸落通知"), ("乙", "各区政府发布鲸落通知")])
    assert [h.section.pk for h in hits("区政府 鲸落").hits] == [whole.pk, across.pk]




# ---------------------------------------------------------------------------- operators, grouping, reader, keyword in context

def _documents_holding(*words):
    return {
        d for d in Document.objects.values_list("pk", flat=True)
        if all(Section.objects.filter(document_id=d, search_text__contains=w).exists() for w in words)
    }


@pytest.mark.django_db
def test_and_returns_the_sections_holding_both_words_in_either_form(corpus):
    both = ids("公开 AND 疫情")
    assert both and both == ids("公开") & ids("疫情") == ids("公开 与 疫情")
    found = {h.section.document_id for h in hits("公开 AND 疫情").hits}
    assert found and found <= _documents_holding("公开", "疫情")


@pytest.mark.django_db
def test_not_leaves_out_the_sections_holding_the_word(corpus):
    assert ids("疫情 NOT 杨浦") == ids("疫情") - ids("杨浦") == ids("疫情 非 杨浦")
    assert ids("疫情 或 教育") == ids("疫情") | ids("教育")


@pytest.mark.django_db
def test_the_page_says_what_was_searched_after_converting_to_simplified(client, corpus):
    page = client.get("/search/", {"q": "財政資金"}).content.decode()
    assert "已按简体检索：财政资金" in page
    assert "已按简体检索" not in client.get("/search/", {"q": "财政资金"}).content.decode()
    data = json.loads(client.get("/search.json", {"q": "公开 与 疫情"}).content)
    assert data["searched_as"] == "公开 AND 疫情" and "已按以下查询检索：公开 AND 疫情" in data["notes"]


@pytest.mark.django_db
def test_the_page_explains_the_operators_under_the_search_box(client, corpus):
    page = client.get("/search/", {"q": "疫情"}).content.decode()
    assert "<code>AND</code>（与）" in page and "<code>NOT</code>（非）" in page


@pytest.mark.django_db
def test_hits_are_grouped_under_their_document_with_its_count_of_matching_sections(client, corpus):
    everything = hits("公开")
    per_document = {}
    for hit in everything.hits:
        per_document[hit.section.document.slug] = per_document.get(hit.section.document.slug, 0) + 1
    data = json.loads(client.get("/search.json", {"q": "公开"}).content)
    assert data["group"] == "document"
    assert [d["document"] for d in data["documents"]] == list(dict.fromkeys(r["document"] for r in data["results"]))
    assert all(d["document_matches"] == per_document[d["document"]] for d in data["documents"])
    assert all(r["document_matches"] == per_document[r["document"]] for r in data["results"])
    page = client.get("/search/", {"q": "公开"}).content.decode()
    assert page.count('class="hit-group"') == len(data["documents"])
    first = data["documents"][0]
    assert f"共 {first['document_matches']} 个段落匹配" in page


@pytest.mark.django_db
def test_group_section_gives_the_flat_list_and_the_data_keeps_its_keys(client, corpus):
    page = client.get("/search/", {"q": "公开", "group": "section"}).content.decode()
    assert 'class="hit-group"' not in page and page.count('class="hit"') == searching.PER_PAGE
    data = json.loads(client.get("/search.json", {"q": "公开", "group": "section"}).content)
    assert data["group"] == "section" and "documents" not in data
    assert {"rank", "title", "document", "heading", "snippet", "url", "section_id"} <= set(data["results"][0])
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv", {"q": "公开"}).content.decode("utf-8-sig"))))
    assert list(rows[0])[:14] == [
        "rank", "title", "publisher", "publisher_slug", "region", "year", "kind", "document",
        "number", "heading", "topics", "snippet", "url", "section_id",
    ]
    assert rows[0]["reader_url"].startswith("http://testserver/d/") and int(rows[0]["document_matches"]) >= 1


@pytest.mark.django_db
def test_a_hit_opens_the_reader_at_its_section_with_the_terms_marked_there(client, corpus):
    data = json.loads(client.get("/search.json", {"q": "財政資金"}).content)
    hit = data["results"][0]
    assert re.fullmatch(r"http://testserver/d/[\w-]+/\?q=[^#]+#s-\d+", hit["reader_url"])
    page = client.get(hit["reader_url"].split("#")[0].replace("http://testserver", "")).content.decode()
    anchor = hit["reader_url"].split("#")[1]
    start = page.index(f'id="{anchor}"')
    own = page[start : page.index('<div class="section', start + 1) if '<div class="section' in page[start + 1 :] else None]
    assert "<mark>财政资金</mark>" in own  # heading or text
    assert "已标出检索词：财政资金" in page
    assert "<mark>" not in client.get(hit["reader_url"].split("?")[0].replace("http://testserver", "")).content.decode()


@pytest.mark.django_db
def test_the_reader_escapes_the_text_it_marks_and_the_query(client, corpus):
    slug = next(iter(corpus))
    page = client.get(f"/d/{slug}/", {"q": '<script>alert(1)</script> 公开'}).content.decode()
    assert "<script>alert" not in page and "<mark>公开</mark>" in page


def _flat(text):
    return " ".join(text.split())


@pytest.mark.django_db
def test_keyword_in_context_gives_each_occurrence_with_twenty_characters_either_side(client, corpus):
    data = json.loads(client.get("/search/kwic.json", {"q": "疫情", "size": 1000}).content)
    lines = data["lines"]
    texts = {s.pk: s.text for s in Section.objects.filter(pk__in=ids("疫情"))}
    assert len(lines) == sum(t.count("疫情") for t in texts.values())
    for line in lines:
        assert line["match"] == "疫情" and len(line["left"]) <= 20 and len(line["right"]) <= 20
        assert line["left"] + line["match"] + line["right"] in _flat(texts[line["section_id"]])
        assert line["year"] and line["document"] and line["reader_url"].endswith(f"#s-{Section.objects.get(pk=line['section_id']).order}")
    assert any(len(line["left"]) == 20 for line in lines)


@pytest.mark.django_db
def test_keyword_in_context_is_a_page_and_a_csv(client, corpus):
    page = client.get("/search/kwic/", {"q": "疫情"}).content.decode()
    assert '<table class="kwic">' in page and "<mark>疫情</mark>" in page
    assert client.get("/search/", {"q": "疫情", "view": "kwic"}).content.decode().count("<tr>") == page.count("<tr>")
    response = client.get("/search/kwic.csv", {"q": "疫情"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and list(rows[0])[:3] == ["left", "match", "right"]
    assert all(r["match"] == "疫情" and r["title"] and r["heading"] is not None for r in rows)
    assert "关键词上下文" in client.get("/search/", {"q": "疫情"}).content.decode()
