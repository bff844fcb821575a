"""Page latency at national shape; run on demand, never by `make test`.

    .venv/bin/python bench/pages.py                 # build the corpus, then time every page
    .venv/bin/python bench/pages.py --keep          # time the pages on the corpus already built
    .venv/bin/python bench/pages.py --publishers 300 --repeat 5   # a quick, smaller run

It works in a database of its own, `gongkai_bench_pages` (--database), on the server the
project uses, so development data is never touched.

The corpus has the shape of a national collection: 3,000 publishers taken from the gazetteer
(documents/ingest/data/divisions.tsv) across every province: each province's, city's,
district's and county's government, and departments (documents/ingest/data/departments.tsv) of
provinces and cities, stored with the region and level ingest gives them; × 15 years
(2010-2024), an annual report every year and a work plan in most years. Each document has a
few short sections with topics and, for annual reports, one table figure
(requests.new.total), which is what the pages read: they are measured, not the parser, so rows
go in by bulk_create and COPY.

Each page is fetched through Django's test client (the view, its queries and the template),
`--repeat` times after two warm-up runs, and p50/p95 are printed in milliseconds.

Figures (embedded PostgreSQL 18, 2 shared cores under load from other work; 3,000 publishers,
about 75,000 documents and 225,000 sections): see docs/scaling.md.
"""
import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# Each page rendered, not served from the pages kept for anonymous readers (documents/pagecache.py):
# what a page costs the first time after the collection changed.
os.environ.setdefault("GONGKAI_PAGE_CACHE_ENTRIES", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from documents.ingest import topics as topic_list  # noqa: E402
from documents.ingest.metadata import departments, gazetteer  # noqa: E402
from documents.ingest.searchindex import topic_mask  # noqa: E402
from documents.loader import copy_rows  # noqa: E402
from documents.models import Document, Metric, Publisher  # noqa: E402

import benchdb  # noqa: E402  (bench/ is on sys.path when a bench script runs)
from benchdb import use_database  # noqa: E402
from timing import percentile  # noqa: E402

YEARS = range(2010, 2025)
SECTION_COLUMNS = ("document_id", "order", "level", "number", "heading", "text", "kind", "start", "end", "topics", "topic_mask", "search_text")
HEADINGS = ["概述", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "存在的主要问题及改进情况"]


def region_of(places, division):
    return "".join(d.name for d in places.path(division))


def level_of(division):
    if not division.parent:
        return "province"
    return "city" if division.type in {"地级市", "自治州", "地区", "盟"} or len(division.code) == 4 else "district"


def national_publishers(rng, count):
    """`count` publishers: every province's government, then cities', districts' and counties'
    governments and departments of provinces and cities, spread over every province."""
    places = gazetteer()
    divisions = sorted(places.by_code.values(), key=lambda d: d.code)
    upper = [d for d in divisions if len(d.code) <= 4 or not d.parent]
    lower = [d for d in divisions if d not in set(upper)]
    if len(upper) > count // 3:
        # Too few publishers for every province and city beside the departments and the
        # county-level governments (a third each): every province's government (as many as fit)
        # and a sample of the cities, so that a small corpus has every level too.
        provinces, cities = [d for d in upper if not d.parent], [d for d in upper if d.parent]
        keep = max(0, count // 3 - len(provinces))
        upper = sorted(provinces[:count] + rng.sample(cities, min(len(cities), keep)), key=lambda d: d.code)
    depts = [name for name, _short, _slug in departments() if not name.startswith(("人民政府", "政府"))]
    chosen = [(d, "") for d in upper]
    # A third of the rest are departments of provinces and cities, the others county-level governments.
    want_depts = (count - len(chosen)) // 3
    for d in rng.sample(upper, min(len(upper), want_depts)) * 3:
        if len([c for c in chosen if c[1]]) >= want_depts:
            break
        chosen.append((d, rng.choice(depts)))
    rng.shuffle(lower)
    chosen += [(d, "") for d in lower[: max(0, count - len(chosen))]]
    rows, seen = [], set()
    for division, dept in chosen[:count]:
        region = region_of(places, division)
        name = region + (dept or "人民政府")
        if name in seen:
            continue
        seen.add(name)
        rows.append(Publisher(
            name=name, region=region, level="department" if dept else level_of(division),
            slug=f"p{len(rows)}-{division.pinyin or division.code}"[:120],
        ))
    Publisher.objects.bulk_create(rows, batch_size=2000)
    return list(Publisher.objects.order_by("pk"))


def build(rng, count):
    started = time.monotonic()
    publishers = national_publishers(rng, count)
    topics = [t.name for t in topic_list.all_topics()]
    now = datetime.datetime.now(datetime.timezone.utc)
    docs = []
    for p in publishers:
        for year in YEARS:
            kinds = ["annual_report"] + (["work_plan"] if rng.random() < 0.6 else [])
            for kind in kinds:
                n = len(docs) + 1
                docs.append(Document(
                    publisher=p, year=year, kind=kind, title=f"{p.name}{year}年{'政府信息公开工作年度报告' if kind == 'annual_report' else '政务公开工作要点'}",
                    slug=f"b{n}", raw=b"", sha256=f"{n:064d}", encoding="utf-8", script="simplified",
                    original_text="", clean_text="", parser_version="bench",
                    tables=[{"format": "2021" if year >= 2021 else "2019"}] if kind == "annual_report" else [],
                    created_at=now,
                ))
    with transaction.atomic():
        Document.objects.bulk_create(docs, batch_size=5000)
    print(f"  {len(publishers)} publishers, {len(docs)} documents ({time.monotonic() - started:.0f}s)", file=sys.stderr)
    metrics, sections = [], []
    for d in Document.objects.order_by("pk").only("pk", "kind"):
        if d.kind == "annual_report":
            metrics.append(Metric(document_id=d.pk, key="requests.new.total", label="本年新收政府信息公开申请数量",
                                  value=rng.randint(0, 3000), source="table", table="三"))
        for order in range(3):
            text = "本年度" + "依法做好政府信息公开工作。" * rng.randint(1, 4)
            chosen = rng.sample(topics, 2)
            sections.append((d.pk, order, 1, "一二三"[order] + "、", HEADINGS[order], text, "section", 0, len(text),
                             chosen, topic_mask(chosen), HEADINGS[order] + "\n" + text))
    with transaction.atomic():
        Metric.objects.bulk_create(metrics, batch_size=5000)
        copy_rows("documents_section", SECTION_COLUMNS, sections)
    with connection.cursor() as cursor:
        for table in ("documents_publisher", "documents_document", "documents_section", "documents_metric"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  {len(sections)} sections, {len(metrics)} metrics ({time.monotonic() - started:.0f}s)", file=sys.stderr)


def pages():
    """(name, url) of the pages measured, with regions and publishers from the corpus."""
    places = gazetteer()
    province = max(
        (d for d in places.by_code.values() if not d.parent),
        key=lambda d: Publisher.objects.filter(region__startswith=d.name).count(),
    )
    city = Publisher.objects.filter(level="city", region__startswith=province.name).order_by("pk").first()
    publisher = Publisher.objects.filter(level="district").order_by("pk").first() or Publisher.objects.order_by("pk").first()
    found = publisher.region[-3:-1] if publisher else "区"
    return [
        ("home", "/"),
        ("home, a province", f"/?region={province.name}"),
        ("home, a city", f"/?region={city.region}" if city else "/"),
        ("home .json", "/index.json"),
        ("publishers", "/p/"),
        ("publishers, page 40", "/p/?page=40"),
        ("publishers, searched", f"/p/?q={found}"),
        ("publishers, a region", f"/p/?region={province.name}"),
        ("documents", "/documents/"),
        ("documents, a province", f"/documents/?region={province.name}"),
        ("documents, publisher facet searched", f"/documents/?publisher_find={found}"),
        ("documents, a publisher", f"/documents/?publisher={publisher.slug}"),
        ("documents .json", "/documents.json"),
        ("metrics", "/metrics/"),
        ("metrics, a city", f"/metrics/?key=requests.new.total&region={city.region}" if city else "/metrics/"),
        ("metrics, a province", f"/metrics/?key=requests.new.total&region={province.name}"),
        ("publisher", f"/p/{publisher.slug}/"),
    ]


def measure(repeat, only=None):
    client = Client()
    print(f"\n{Publisher.objects.count()} publishers, {Document.objects.count()} documents; {repeat} runs per page (ms)")
    print(f"{'page':<38}{'p50':>8}{'p95':>8}  status  url")
    everything = []
    for name, url in pages():
        if only and not any(word in name for word in only):
            continue
        times, status = [], None
        for run in range(repeat + 2):
            started = time.perf_counter()
            response = client.get(url, secure=True)  # as behind the TLS proxy: no redirect to https
            elapsed = (time.perf_counter() - started) * 1000
            status = response.status_code
            if run >= 2:
                times.append(elapsed)
        everything += times
        print(f"{name:<38}{percentile(times, .5):>8.1f}{percentile(times, .95):>8.1f}  {status:>6}  {url}", flush=True)
    print(f"{'all pages':<38}{percentile(everything, .5):>8.1f}{percentile(everything, .95):>8.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--publishers", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", default="gongkai_bench_pages")
    parser.add_argument("--keep", action="store_true", help="time the corpus already in the database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="+", help="time only the pages whose name holds one of these words")
    args = parser.parse_args()
    settings.GONGKAI_RATE_LIMITS = {}  # measure, do not throttle
    use_database(args.database)
    if not args.keep:
        benchdb.empty()
        build(random.Random(args.seed), args.publishers)
    measure(args.repeat, args.only)


if __name__ == "__main__":
    main()
