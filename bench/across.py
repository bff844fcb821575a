"""The data-quality view and the dataset export at the size of the search benchmark's corpus;
run on demand, never by `make test`.

    .venv/bin/python bench/across.py                    # 10k then 100k sections
    .venv/bin/python bench/across.py --sizes 100000 --repeat 30

It works in a database of its own, `gongkai_bench_across` (--database), on the server the
project uses, emptied first. The corpus is the search benchmark's (bench/search.py): synthetic
documents that copy the sample documents' sections under invented publishers, here one document
per publisher and year (so that reports have a year before to be checked against). The search
benchmark's corpus has no numbers; here each annual report gets the figures the sample annual
report's tables give (about 170 numbers, its 勾稽 checks and its warnings), each scaled by a
factor of its own, and a prose sentence stating the change of applications against the year
before; its carried-over figures equal the year before's carried-forward ones in most reports
and differ in some. The sections' search columns are left empty: neither the view nor the
export reads them, and building them would only slow the corpus down.

At each size it prints:

* the data-quality view (the test client, the whole stack): the first view after a change (the
  rows computed, with every cross-year check), then p50/p95 of the whole list's HTML page, one
  year's page, and the whole JSON, served from the computed rows;
* the export (`documents.dataset.export`): its time, its rows, and the peak of Python memory
  allocated while it ran (tracemalloc): flat as the corpus grows when the rows stream.

Targets: the view's p95 under 200 ms at 100k sections; the export's peak memory the same at
10k and 100k sections.

Figures (embedded PostgreSQL 18, 2 shared cores under a load average of 13-15 from other work;
milliseconds, p50/p95 of 30 runs; the export under tracemalloc, which slows it some 2-3x):

    sections  reports  numbers  first view  list HTML     one year     JSON           export                  peak memory
    10,014        167   17,550     2052 ms  44.2 / 59.6   33.8 / 60.0   14.5 / 22.5   14.4 s (17,550 rows)     6.2 MB
    100,000     1,616  186,030     1037 ms  62.0 / 100.4  64.5 / 81.9  211.6 / 607.8  246.2 s (186,030 rows)   6.2 MB

(3,000 cross-year checks at 100k, most of them stated changes that the synthetic prose gets
wrong on purpose.) The view's HTML pages meet the target (p95 100 ms); the export's peak memory
is the same at 10x the rows (1.00x): it streams. The whole JSON (1.26 MB for 1,616 reports) is
not under 200 ms at p95: the time is the JSON encoding (`page_data.dumps` writes with
`indent=1`, which makes Python's json use its pure-Python encoder: 0.36 of 0.42 s in a profile;
p50 about 120 ms on a quieter moment), not the rows, which come from the cache.

The pages' JSON is now written on one line (Python's C encoder). On a quiet machine (load under
1), 20 runs:

    100,010     1,609  182,988      960 ms  24.3 / 26.2   19.1 / 20.5   25.5 / 27.7   45.7 s (182,988 rows)    6.2 MB
"""
import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# The test client speaks plain HTTP from one address.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("GONGKAI_RATE_LIMITS", "off")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from documents import dataset  # noqa: E402
from documents.ingest.pipeline import parse_bytes  # noqa: E402
from documents.loader import copy_rows, copy_values  # noqa: E402
from documents.models import Check, Document, Metric, Publisher  # noqa: E402

import benchdb  # noqa: E402  (bench/ is on sys.path when a bench script runs)
from benchdb import use_database  # noqa: E402
from timing import percentile as p, timed  # noqa: E402

PLACES = "青澄平安和嘉明宁德兴华瑞东西南北清泉岭湖山川"
SECTION_COLUMNS = ("document_id", "order", "level", "number", "heading", "text", "kind", "start", "end", "topics",
                   "topic_mask", "search_text")
YEARS = range(2010, 2025)


def samples():
    """(kind, sections, figures, checks, warnings) of each sample; figures and checks are those
    of the annual reports' tables, as the loader stores them."""
    out = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        parsed = parse_bytes(path.read_bytes())
        sections = [(s.level, s.number, s.heading, s.text, topics) for s, topics in zip(parsed.structure.sections, parsed.topics)]
        figures = [
            (m.key or "", m.label[:300], Decimal(str(m.value)), m.unit or "", m.source, getattr(m, "table", "") or "",
             getattr(m, "row", "") or "", getattr(m, "column", "") or "")
            for t in parsed.tables for m in t.metrics
        ]
        checks = [(c.name, c.passed, c.detail, c.left, c.right, c.keys) for c in parsed.checks]
        out.append((parsed.metadata.kind, sections, figures, checks, list(parsed.warnings)))
    return out


def publishers(rng, count):
    names = set()
    while len(names) < count:
        names.add("模拟市" + "".join(rng.sample(PLACES, 2)) + rng.choice("区县") + "人民政府")
    return [
        Publisher.objects.get_or_create(name=name, defaults={"region": name.removesuffix("人民政府"), "level": "district",
                                                             "slug": f"across-{i}"})[0]
        for i, name in enumerate(sorted(names))
    ]


def grow(target, rng, corpus, pubs):
    """Add documents, one per publisher and year (publishers in turn, years in order), until
    there are at least `target` sections."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM documents_section")
        have = cursor.fetchone()[0]
    slots = [(p, y) for y in YEARS for p in pubs]
    used = Document.objects.count()
    carried = {}  # publisher id -> last carried-forward figure
    while have < target:
        publisher, year = slots[used % len(slots)]
        used += 1
        kind, sections, figures, checks, warnings = rng.choice(corpus)
        number = Document.objects.count() + 1
        document = Document.objects.create(
            publisher=publisher, year=year, kind=kind, title=f"合成文件 {number}", slug=f"across-{number}", raw=b"",
            sha256=f"{number:064d}", encoding="utf-8", script="simplified", original_text="", clean_text="",
            parser_version="bench", warnings=warnings if kind == "annual_report" else [],
        )
        copy_rows("documents_section", SECTION_COLUMNS, [
            (document.pk, order, level, num, heading, text, "section", 0, len(text), topics, 0, "")
            for order, (level, num, heading, text, topics) in enumerate(sections)
        ])
        have += len(sections)
        if kind != "annual_report" or not figures:
            continue
        factor = Decimal(rng.randint(1, 9))
        numbers = []
        for key, label, value, unit, source, table, row, column in figures:
            value = value * factor if unit != "%" else value
            if key == "requests.carried_over.total" and publisher.pk in carried and rng.random() < 0.8:
                value = carried[publisher.pk]  # agrees with the year before, mostly
            if key == "requests.carried_forward.total":
                carried[publisher.pk] = value
            numbers.append(dict(document_id=document.pk, key=key, label=label, value=value, unit=unit, source=source,
                                table=table, row=row, column=column, raw=str(value), qualifier="", sentence=""))
        new = next((n["value"] for n in numbers if n["key"] == "requests.new.total"), None)
        if new is not None:
            # The prose states the change against the year before (right or not, as reports do).
            numbers.append(dict(document_id=document.pk, key="requests.new.total", label="政府信息公开申请", value=new,
                                unit="件", source="narrative", table="", row="", column="", raw="", qualifier="",
                                sentence=f"全年共收到政府信息公开申请{new.normalize():f}件，同比增长{rng.randint(1, 40)}.5%。"))
        copy_values(Metric, numbers)
        copy_values(Check, [dict(document_id=document.pk, name=n, passed=p, detail=d, left=left, right=right, keys=k)
                            for n, p, d, left, right, k in checks])
    with connection.cursor() as cursor:
        for table in ("documents_section", "documents_document", "documents_metric", "documents_check"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return have


def get(client, url):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        b"".join(response) if response.streaming else response.content

    return run


def measure(size, repeat):
    reports = Document.objects.filter(kind="annual_report").count()
    numbers = Metric.objects.count()
    client = Client()
    cache.clear()
    first = timed(get(client, "/quality/"), 1)[0]
    year = Document.objects.filter(kind="annual_report").order_by("-year").values_list("year", flat=True).first()
    pages = {"list HTML": "/quality/", "one year": f"/quality/?year={year}", "JSON": "/quality.json"}
    result = {"first": first}
    for name, url in pages.items():
        timed(get(client, url), 2)
        result[name] = timed(get(client, url), repeat)
    with tempfile.TemporaryDirectory() as directory:
        tracemalloc.start()
        started = time.perf_counter()
        manifest = dataset.export(directory)
        took = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    from documents import quality

    checked = sum(r["cross_year"] for r in quality.all_rows())
    failed = sum(r["cross_year_failed"] for r in quality.all_rows())
    print(f"  ({checked} cross-year checks on the reports' rows, {failed} not agreeing)", file=sys.stderr)
    rows = manifest["files"]["metrics.csv"]["rows"]
    mb = manifest["files"]["metrics.csv"]["bytes"] / 1e6
    cells = "  ".join(f"{p(result[n], .5):6.1f}/{p(result[n], .95):<6.1f}" for n in pages)
    print(f"{size:>8}  {reports:>7}  {numbers:>8}  {first:>9.0f}  {cells}  {took:5.1f} s ({rows} rows, {mb:.0f} MB)"
          f"  {peak / 1e6:5.1f} MB")
    return result, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database", default="gongkai_bench_across")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.GONGKAI_DATASET_REBUILD = "off"
    use_database(args.database)
    benchdb.empty()
    rng = random.Random(args.seed)
    corpus = samples()
    pubs = publishers(rng, 300)
    print(f"{'sections':>8}  {'reports':>7}  {'numbers':>8}  {'first ms':>9}  {'list p50/p95':>13}  {'year p50/p95':>13}"
          f"  {'JSON p50/p95':>13}  export  peak memory")
    peaks = {}
    for size in sorted(args.sizes):
        started = time.monotonic()
        have = grow(size, rng, corpus, pubs)
        print(f"  (corpus of {have} sections built in {time.monotonic() - started:.0f} s)", file=sys.stderr)
        peaks[size] = measure(have, args.repeat)[1]
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        print(f"export peak memory {small} -> {large} sections: {peaks[large] / peaks[small]:.2f}x")


if __name__ == "__main__":
    main()
