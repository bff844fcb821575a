import json

import opencc
import pytest

from comparisons.textnorm import canonical
from documents.models import Document
from documents.loader import ingest_bytes
from tests.conftest import sample_bytes

pytestmark = pytest.mark.django_db

YANGPU = "/compare/shanghai-yangpu-2020-annual-report/shanghai-yangpu-2021-work-plan"


@pytest.fixture
def yangpu():
    ingest_bytes(sample_bytes("shanghai-yangpu-2020-annual-report"))
    ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"))


@pytest.fixture
def other():
    """A connection of another worker's to the same database, for the advisory locks it holds."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    keys = ("host", "port", "user", "password", "dbname")
    with psycopg.connect(**{k: v for k, v in params.items() if k in keys}, autocommit=True) as conn:
        yield conn


def wait_until_stored(seconds=60):
    """Until a comparison prepared in the background is stored (or the time is up)."""
    import time

    from comparisons.models import StoredComparison

    deadline = time.monotonic() + seconds
    while not StoredComparison.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def waiting_for(conn, namespace, number) -> bool:
    """Is some session waiting for this advisory lock (asked for it, not granted)?"""
    row = conn.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND classid::bigint = %s::bigint & 4294967295 AND objid::bigint = %s::bigint & 4294967295 AND objsubid = 2",
        [namespace, number],
    ).fetchone()
    return row[0] > 0


def forget_computed():
    """Nothing of a comparison kept: not in the process, the shared cache or the database."""
    from django.core.cache import cache

    from comparisons import build
    from comparisons.models import StoredComparison
    from comparisons.views import pages

    cache.clear()
    pages.RECENT.clear()
    pages.RECENT_HTML.clear()
    build.DOCUMENT_FEATURES.clear()
    StoredComparison.objects.all().delete()


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


def test_yangpu_2020_against_2021_renders_with_both_titles(client, yangpu):
    page = client.get(YANGPU + "/").content.decode()
    assert "2020年上海市杨浦区人民政府信息公开工作年度报告" in page
    assert "2021年杨浦区政务公开工作要点" in page
    assert "<title>对比：2020年上海市杨浦区人民政府信息公开工作年度报告 ↔ 2021年杨浦区政务公开工作要点" in page


def test_yangpu_paragraphs_pair_up_by_topic(client, yangpu):
    data = get_json(client, YANGPU + ".json")
    text = lambda pieces: "".join(p["text"] for p in pieces)
    pairs = [(text(r["a_pieces"]), text(r["b_pieces"])) for r in data["reading"]["rows"] if r["status"] in ("same", "changed")]
    assert any(a.startswith("积极推进决策公开") and "重大行政决策" in b for a, b in pairs)
    assert any(a.startswith("广泛开展公众参与") and "政府开放" in b for a, b in pairs)


def test_no_change_shown_is_only_a_matter_of_script_or_punctuation(client, yangpu):
    data = get_json(client, YANGPU + ".json")
    for row in data["reading"]["rows"]:
        if row["status"] != "changed":
            continue
        deleted = "".join(p["text"] for p in row["a_pieces"] if p["op"] == "delete")
        inserted = "".join(p["text"] for p in row["b_pieces"] if p["op"] == "insert")
        assert canonical(deleted) != canonical(inserted), row


def test_the_same_url_gives_byte_identical_json(client, yangpu):
    first = client.get(YANGPU + ".json").content
    forget_computed()  # computed afresh, not served from any cache
    assert client.get(YANGPU + ".json").content == first


def test_a_document_compared_with_itself_is_all_unchanged(client, yangpu):
    data = get_json(client, "/compare/shanghai-yangpu-2021-work-plan/shanghai-yangpu-2021-work-plan.json")
    counts = data["reading"]["counts"]
    assert counts["same"] == counts["paragraphs_a"] == counts["paragraphs_b"] > 0
    assert counts["changed"] == counts["only_a"] == counts["only_b"] == counts["moved"] == 0


def test_a_document_compared_with_its_traditional_twin_is_all_unchanged(client):
    text = sample_bytes("shanghai-changning-2019-work-plan").decode()
    original = ingest_bytes(text.encode()).document
    twin = ingest_bytes(opencc.OpenCC("s2twp").convert(text).encode(), overrides={"title": "繁體版"}).document
    assert twin.script == "traditional"
    data = get_json(client, f"/compare/{original.slug}/{twin.slug}.json")
    counts = data["reading"]["counts"]
    assert counts["only_a"] == counts["only_b"] == counts["moved"] == 0
    assert counts["changed"] == 0, [r for r in data["reading"]["rows"] if r["status"] == "changed"][:1]
    assert counts["same"] == counts["paragraphs_a"] == counts["paragraphs_b"]


PLAN = """2020年杨浦区政务公开工作要点
一、重点任务
(一)推进决策公开。按要求做好决策公开。
附件:2020年杨浦区政务公开工作要点任务分解表
序号 |
目标任务 |
牵头单位 |
完成时限 |
1 |
制定并公布本年度重大行政决策事项目录，及时公开决策草案和决策依据 |
区府办 |
一季度 |
2 |
加大建议提案办理结果公开力度，在专栏公开人大代表建议和政协提案办理结果 |
区府办 |
全年 |
3 |
开展碳达峰碳中和进展情况信息公开 |
区发展改革委 |
全年 |
4 |
做好12345市民服务热线工单数据开放 |
区城运中心 |
三季度 |
"""


def test_plan_against_report_gives_each_commitment_its_evidence_as_constructed(client):
    report = ingest_bytes(sample_bytes("shanghai-yangpu-2020-annual-report")).document
    plan = ingest_bytes(PLAN.encode(), overrides={"publisher": "上海市杨浦区人民政府", "region": "上海市杨浦区"}).document
    assert plan.kind == "work_plan" and plan.publisher_id == report.publisher_id
    assert plan.commitments.filter(kind="task").count() == 4
    data = get_json(client, f"/compare/{plan.slug}/{report.slug}.json")
    statuses = {c["number"]: c["status"] for c in data["plan_against_report"] if c["kind"] == "task"}
    assert statuses == {"1": "found", "2": "found", "3": "none", "4": "none"}
    evidence = next(c for c in data["plan_against_report"] if c["number"] == "1")
    assert "重大行政决策事项目录" in evidence["passage"]
    csv = client.get(f"/compare/{plan.slug}/{report.slug}.csv?table=plan").content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "kind,number,text,status,score,passage,anchor"
    assert "开展碳达峰碳中和进展情况信息公开,none" in csv


def test_many_documents_give_a_metric_matrix_and_topic_coverage(client, yangpu):
    ingest_bytes(sample_bytes("shanghai-2023-annual-report"))
    url = "/compare.json?d=shanghai-2023-annual-report&d=shanghai-yangpu-2020-annual-report&d=shanghai-yangpu-2021-work-plan"
    data = get_json(client, url)
    row = next(r for r in data["metrics"] if r["key"] == "requests.new.total")
    assert row["values"] == {"shanghai-2023-annual-report": 34290, "shanghai-yangpu-2020-annual-report": None, "shanghai-yangpu-2021-work-plan": None}
    assert data["topics"] and not data["one_publisher"]
    csv = client.get(url.replace(".json", ".csv")).content.decode("utf-8-sig").splitlines()
    assert csv[0] == "key,label,unit,shanghai-2023-annual-report,shanghai-yangpu-2020-annual-report,shanghai-yangpu-2021-work-plan"


def test_one_publishers_documents_get_a_time_series_chart(client, yangpu):
    page = client.get("/compare/?d=shanghai-yangpu-2020-annual-report&d=shanghai-yangpu-2021-work-plan").content.decode()
    assert "主题覆盖" in page


def test_unknown_documents_are_named_in_a_404(client, yangpu):
    response = client.get("/compare/?d=shanghai-yangpu-2020-annual-report&d=no-such-thing")
    assert response.status_code == 404 and b"no-such-thing" in response.content
    assert client.get("/compare/no-such-thing/shanghai-yangpu-2020-annual-report/").status_code == 404


def test_too_many_or_too_few_documents_is_a_400(client, yangpu):
    assert client.get("/compare/?d=shanghai-yangpu-2020-annual-report").status_code == 400
    thirteen = "&".join(["d=shanghai-yangpu-2020-annual-report"] * 13)
    response = client.get("/compare/?" + thirteen)
    assert response.status_code == 400 and b"12" in response.content


def test_the_picker_goes_to_the_comparisons_own_url(client, yangpu):
    response = client.get("/compare/go?a=shanghai-yangpu-2021-work-plan&b=shanghai-yangpu-2020-annual-report")
    assert response.status_code == 302
    assert response["Location"] == "/compare/shanghai-yangpu-2021-work-plan/shanghai-yangpu-2020-annual-report/"


def test_a_document_page_offers_the_next_years_plan_when_there_is_no_next_report(client, yangpu):
    page = client.get("/d/shanghai-yangpu-2020-annual-report/").content.decode()
    assert 'href="/compare/shanghai-yangpu-2020-annual-report/shanghai-yangpu-2021-work-plan/"' in page


def test_yangpu_2021_plan_against_its_2020_report_finds_the_catalogue_of_major_decisions_and_says_why_years_differ(client, yangpu):
    data = get_json(client, "/compare/shanghai-yangpu-2021-work-plan/shanghai-yangpu-2020-annual-report.json")
    items = data["plan_against_report"]
    catalogue = next(c for c in items if "重大行政决策事项目录" in c["subject"] and c["kind"] == "target")
    assert catalogue["status"] == "found" and "重大行政决策事项目录" in catalogue["passage"]
    assert any(c["status"] == "found" for c in items if c["kind"] == "item")
    assert "2021年" in data["plan_note"] and "2020年" in data["plan_note"]
    # The 2020 sample has no 存在的主要问题 section: the page says so rather than showing nothing.
    assert "存在的主要问题" in data["problems_note"]
    page = client.get("/compare/shanghai-yangpu-2021-work-plan/shanghai-yangpu-2020-annual-report/").content.decode()
    assert data["plan_note"] in page and "有证据" in page


def test_two_documents_that_are_not_a_plan_and_a_report_say_why_there_is_no_plan_against_report(client, yangpu):
    ingest_bytes(sample_bytes("shanghai-2023-annual-report"))
    data = get_json(client, "/compare/shanghai-2023-annual-report/shanghai-yangpu-2020-annual-report.json")
    assert "plan_against_report" not in data and "工作要点" in data["plan_note"]


def test_the_full_texts_face_each_other_paragraph_by_paragraph_with_changes_marked_in_place(client, yangpu):
    data = get_json(client, YANGPU + ".json")
    reading = data["reading"]
    pairs = {(r["a_trail"], r["b_trail"]) for r in reading["rows"] if r["a"] is not None and r["b"] is not None}
    assert any("深化重点领域信息公开" in a and "教育领域" in b for a, b in pairs)
    assert "段" in reading["summary"] and "%" not in reading["summary"]
    page = client.get(YANGPU + "/").content.decode()
    assert 'class="rrow' in page and "<del>" in page and "<ins>" in page
    assert "<script>" not in page and "onclick" not in page  # scripts are static files only
    assert "compare.js" in page


def test_the_three_tables_come_in_template_order_with_empty_rows_marked(client):
    from documents.ingest.metric_keys import KEYS

    first = ingest_bytes(sample_bytes("shanghai-2023-annual-report")).document
    data = get_json(client, f"/compare/{first.slug}/{first.slug}.json")
    keys = [m["key"] for m in data["metrics"]]
    template = [k for k in KEYS if k in set(keys)]
    assert keys[: len(template)] == template
    assert [t["title"] for t in data["tables"]][:3] == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    new = next(m for m in data["metrics"] if m["key"] == "requests.new.total")
    assert new["a"] == new["b"] == 34290 and new["change"] == 0 and not new["empty"]
    assert all(m["empty"] == (not m["a"] and not m["b"]) for m in data["metrics"])


def test_a_computed_comparison_is_stored_so_the_next_reader_costs_one_read(client, yangpu, monkeypatch):
    from django.core.cache import cache

    from comparisons.models import StoredComparison
    from comparisons.views import pages

    forget_computed()  # nothing kept from other tests
    first = client.get(YANGPU + ".json").content
    assert StoredComparison.objects.count() == 1
    cache.clear()
    pages.RECENT.clear()
    monkeypatch.setattr(pages, "compare_two", lambda *args, **kwargs: pytest.fail("computed again"))
    assert client.get(YANGPU + ".json").content == first
    assert "全文对照" in client.get(YANGPU + "/").content.decode()


def test_a_page_once_rendered_is_served_without_reading_the_comparison_again(client, yangpu, monkeypatch):
    from comparisons.views import pages

    forget_computed()
    first = client.get(YANGPU + "/").content.decode()
    monkeypatch.setattr(pages, "comparison", lambda *args: pytest.fail("read again"))
    again = client.get(YANGPU + "/").content.decode()
    assert again.count('class="rrow') == first.count('class="rrow') > 0


def test_a_documents_words_are_cut_once_whatever_it_is_compared_with(client, yangpu, monkeypatch):
    from comparisons import build, reading

    forget_computed()
    cut = []
    features = reading.features
    monkeypatch.setattr(reading, "features", lambda paras: cut.append(len(paras)) or features(paras))
    get_json(client, YANGPU + ".json")
    assert len(cut) == 2
    build.DOCUMENT_FEATURES.clear()  # another worker: the shared cache has them
    get_json(client, "/compare/shanghai-yangpu-2021-work-plan/shanghai-yangpu-2020-annual-report.json")
    assert len(cut) == 2


def test_a_new_link_beyond_the_computing_bound_is_being_prepared_not_an_error(client, yangpu, monkeypatch):
    from comparisons.views import pages

    forget_computed()
    monkeypatch.setattr(pages, "_lock", lambda namespace, number, wait=0: namespace != pages._SLOTS_LOCK)
    monkeypatch.setattr(pages, "WAIT", 0.1)
    later = []
    monkeypatch.setattr(pages, "_prepare_later", lambda key, compute: later.append(key))
    response = client.get(YANGPU + "/")
    assert later  # it is computed meanwhile, within the bound
    assert response.status_code == 202 and response["Retry-After"]
    assert "正在准备" in response.content.decode() and 'http-equiv="refresh"' in response.content.decode()
    data = client.get(YANGPU + ".json")
    assert data.status_code == 202 and json.loads(data.content)["status"] == "preparing"
    monkeypatch.undo()
    assert client.get(YANGPU + "/").status_code == 200


def test_no_more_comparisons_compute_at_once_than_there_are_slots(yangpu, monkeypatch, other):
    """Every worker shares the bound: a slot held (by another worker's advisory lock) is not
    taken, the comparison waits for it, then computes in it."""
    import threading

    from comparisons.views import pages

    forget_computed()
    monkeypatch.setattr(pages, "SLOTS", 1)
    other.execute("SELECT pg_advisory_lock(%s, 0)", [pages._SLOTS_LOCK])
    computed = []
    monkeypatch.setattr(pages, "WAIT", 0.2)
    assert pages._compute_within_bound("k", lambda: computed.append(1) or "{}") is None
    assert not computed
    threading.Timer(0.2, lambda: other.execute("SELECT pg_advisory_unlock(%s, 0)", [pages._SLOTS_LOCK])).start()
    monkeypatch.setattr(pages, "WAIT", 10)
    assert pages._compute_within_bound("k", lambda: computed.append(1) or "{}") == "{}"
    assert computed == [1]


def test_compare_with_no_documents_is_a_picker_by_publisher_kind_and_year(client, yangpu):
    response = client.get("/compare/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="publisher"' in page and 'name="year_a"' in page and 'name="kind_b"' in page
    publisher = Document.objects.get(slug="shanghai-yangpu-2020-annual-report").publisher
    go = client.get(f"/compare/go?publisher={publisher.slug}&year_a=2020&kind_a=annual_report&year_b=2021&kind_b=work_plan")
    assert go.status_code == 302 and go["Location"] == YANGPU + "/"
    missing = client.get(f"/compare/go?publisher={publisher.slug}&year_a=2019&kind_a=annual_report&year_b=2021&kind_b=work_plan")
    assert missing.status_code == 404 and "2019" in missing.content.decode()


def test_every_page_links_to_compare_and_ticking_documents_in_the_list_compares_them(client, yangpu):
    assert 'href="/compare/"' in client.get("/documents/").content.decode()
    assert 'name="d" value="shanghai-yangpu-2020-annual-report"' in client.get("/documents/").content.decode()
    two = client.get("/compare/go?d=shanghai-yangpu-2020-annual-report&d=shanghai-yangpu-2021-work-plan")
    assert two["Location"] == YANGPU + "/"
    ingest_bytes(sample_bytes("shanghai-2023-annual-report"))
    three = client.get("/compare/go?d=shanghai-yangpu-2020-annual-report&d=shanghai-yangpu-2021-work-plan&d=shanghai-2023-annual-report")
    assert three["Location"].startswith("/compare/?d=")


def test_a_publisher_page_offers_its_years_side_by_side(client):
    overrides = {"publisher": "上海市杨浦区人民政府", "region": "上海市杨浦区"}
    text = sample_bytes("shanghai-yangpu-2020-annual-report").decode()
    a = ingest_bytes(text.encode(), overrides=overrides).document
    b = ingest_bytes(text.replace("2020年", "2021年").encode(), overrides={**overrides, "year": 2021}).document
    assert a.publisher_id == b.publisher_id and {a.year, b.year} == {2020, 2021}
    page = client.get(a.publisher.get_absolute_url()).content.decode()
    assert f'href="/compare/{a.slug}/{b.slug}/"' in page
    assert "指标矩阵" not in page  # two documents: side by side, not a matrix
    c = ingest_bytes(text.replace("2020年", "2022年").encode(), overrides={**overrides, "year": 2022}).document
    page = client.get(a.publisher.get_absolute_url()).content.decode()
    assert f'href="/compare/{b.slug}/{c.slug}/"' in page
    assert f"/compare/?d=" in page and "指标矩阵" in page


REPORT_WITH_PROBLEMS = """2020年上海市杨浦区人民政府信息公开工作年度报告
一、总体情况
2020年，杨浦区扎实推进政务公开工作。
二、存在的主要问题及改进情况
一是政策解读形式较为单一，图解、视频等解读偏少。二是政务新媒体管理有待加强，部分账号更新不及时。三是依申请公开办理流程不够规范。
"""
NEXT_PLAN = """2021年杨浦区政务公开工作要点
一、进一步提高解读和回应实效
(一)推进政策文件精准解读
综合选用图示图解、短视频等多元化解读形式，丰富政策解读形式。
二、进一步强化平台和渠道建设
(一)加强政务新媒体管理
严格落实政务新媒体主管主办责任，及时关停更新不及时的账号。
"""


def test_a_reports_problems_are_set_against_the_next_years_plan(client):
    overrides = {"publisher": "上海市杨浦区人民政府", "region": "上海市杨浦区"}
    report = ingest_bytes(REPORT_WITH_PROBLEMS.encode(), overrides=overrides).document
    plan = ingest_bytes(NEXT_PLAN.encode(), overrides=overrides).document
    assert (report.kind, report.year, plan.kind, plan.year) == ("annual_report", 2020, "work_plan", 2021)
    data = get_json(client, f"/compare/{report.slug}/{plan.slug}.json")
    problems = data["problems_against_plan"]
    assert [p["status"] for p in problems][:2] == ["found", "found"]
    assert problems[2]["status"] == "none" and problems[2]["passage"] is None  # a problem the plan leaves
    assert "解读" in problems[0]["passage"] and "新媒体" in problems[1]["passage"]


@pytest.mark.django_db(transaction=True)
def test_a_new_link_told_to_come_back_is_computed_meanwhile_once_a_slot_frees(client, yangpu, monkeypatch, other):
    from comparisons.models import StoredComparison
    from comparisons.views import pages

    forget_computed()
    monkeypatch.setattr(pages, "SLOTS", 1)
    monkeypatch.setattr(pages, "WAIT", 0.1)
    other.execute("SELECT pg_advisory_lock(%s, 0)", [pages._SLOTS_LOCK])  # another worker computes
    assert client.get(YANGPU + "/").status_code == 202
    assert not StoredComparison.objects.exists()
    other.execute("SELECT pg_advisory_unlock(%s, 0)", [pages._SLOTS_LOCK])
    wait_until_stored()
    assert StoredComparison.objects.count() == 1
    assert client.get(YANGPU + "/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_link_already_waiting_for_its_turn_is_answered_at_once(client, monkeypatch, other):
    from comparisons.views import pages

    a = ingest_bytes(sample_bytes("shanghai-yangpu-2020-annual-report")).document
    b = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    forget_computed()
    monkeypatch.setattr(pages, "WAIT", 10)  # were it to wait for a slot, it would wait this long
    computed = []
    monkeypatch.setattr(pages, "_compute_within_bound", lambda *args, **kwargs: computed.append(1))
    # Another worker's thread waits for a slot to prepare this comparison.
    waiting = [pages._PENDING_LOCK, pages._number(pages.comparison_key(a, b))]
    other.execute("SELECT pg_advisory_lock(%s, %s)", waiting)
    response = client.get(YANGPU + "/")
    assert response.status_code == 202
    assert not computed  # nor waited for a slot
    other.execute("SELECT pg_advisory_unlock(%s, %s)", waiting)  # (it gave up)
    monkeypatch.undo()
    assert client.get(YANGPU + "/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_of_the_comparisons_waiting_in_the_background_one_at_a_time_queues_for_a_slot(client, yangpu, monkeypatch, other):
    import time

    from comparisons.models import StoredComparison
    from comparisons.views import pages

    forget_computed()
    monkeypatch.setattr(pages, "WAIT", 0.1)
    # Another worker's waiting comparison has the turn, and every slot is taken.
    other.execute("SELECT pg_advisory_lock(%s, 0)", [pages._BACKGROUND_LOCK])
    for slot in range(pages.SLOTS):
        other.execute("SELECT pg_advisory_lock(%s, %s)", [pages._SLOTS_LOCK, slot])
    assert client.get(YANGPU + "/").status_code == 202
    for slot in range(pages.SLOTS):
        other.execute("SELECT pg_advisory_unlock(%s, %s)", [pages._SLOTS_LOCK, slot])
    # The slots are free, but this one waits for its turn to queue (PostgreSQL shows its wait).
    deadline = time.monotonic() + 30
    while not waiting_for(other, pages._BACKGROUND_LOCK, 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert waiting_for(other, pages._BACKGROUND_LOCK, 0)
    assert not StoredComparison.objects.exists()
    assert client.get(YANGPU + "/").status_code == 202  # still waiting: said at once
    other.execute("SELECT pg_advisory_unlock(%s, 0)", [pages._BACKGROUND_LOCK])
    wait_until_stored()
    assert StoredComparison.objects.count() == 1
