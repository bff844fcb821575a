"""The server's side of bench/load.py's mix: each page type's time and queries, one request at
a time; run on demand, after bench/load.py has built its database (`gongkai_bench_load`).

    .venv/bin/python bench/loadcost.py                  # every page of the mix, 20 times each
    .venv/bin/python bench/loadcost.py --profile readers   # and where a page type's time goes

Each page goes through Django's test client with the production settings' middleware (rate
limits on, as the load bench sets them), warm: the same paths the load bench draws, several of
each type. It prints per page type the median and p95 milliseconds and the queries per request;
with --profile, cProfile's heaviest functions for that type. These figures are steadier than
the load bench's on a shared machine: they are what a request costs, not how long it queued.
"""
import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
os.environ.setdefault("GONGKAI_RATE_LIMITS", "search=10000000/60,compare=10000000/60,api=10000000/60,login=10/600")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchdb import use_database  # noqa: E402
from documents.models import Document  # noqa: E402
from timing import percentile  # noqa: E402

WORDS = ["公开", "信息公开", "依申请公开", "行政复议", "政府网站", "政策解读", "疫情", "答复", "主动公开", "收费"]
KEYS = ["requests.new.total", "outcome.disclosed.total", "review.corrected", "litigation.direct.total"]


def mix_paths(client, rng):
    """{page type: [paths]}: the load bench's mix (bench/load.py's Mix), each variant."""
    documents = client.get("/api/documents/?size=1000").json()["results"]
    slugs = [d["slug"] for d in documents]
    publishers = sorted({d["publisher"] for d in documents})
    pairs = [(a, b) for a in slugs for b in slugs if a != b]
    rng.shuffle(pairs)
    return {
        "home": ["/"],
        "lists": ["/documents/", "/documents/?kind=work_plan", "/documents/?sort=year", "/p/",
                  f"/p/{rng.choice(publishers)}/", "/documents.json"],
        "readers": [f"/d/{s}/" for s in rng.sample(slugs, 6)],
        "searches": [f"/search/?q={quote(w)}" for w in WORDS],
        "comparisons": [f"/compare/{a}/{b}/" for a, b in pairs[:4]],
        "metrics": [f"/metrics/?key={k}" for k in KEYS],
        "api": ["/api/documents/", f"/api/documents/{rng.choice(slugs)}/", f"/api/search/?q={quote(WORDS[0])}",
                f"/api/metrics/?key={KEYS[0]}"],
    }


def fetch(client, path):
    response = client.get(path)
    # A comparison asked for the first time may answer 202 while it is prepared: ask until ready.
    for _ in range(100):
        if response.status_code != 202:
            break
        time.sleep(0.2)
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    return response


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", nargs="*", default=[], help="page types to profile")
    parser.add_argument("--database", default="gongkai_bench_load")
    args = parser.parse_args()
    use_database(args.database)
    client = Client()
    rng = random.Random(1)
    paths = mix_paths(client, rng)
    print(f"{Document.objects.current().count()} documents; DEBUG {settings.DEBUG}")
    print(f"  {'page type':<14}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}  slowest path")
    for kind, variants in paths.items():
        for path in variants:  # warm: caches filled, comparisons computed
            fetch(client, path)
            fetch(client, path)
        queries = []
        for path in variants:
            with CaptureQueriesContext(connection) as captured:
                fetch(client, path)
            queries.append(len(captured))
        times, slowest = [], (0, "")
        for n in range(args.repeat):
            path = variants[n % len(variants)]
            started = time.perf_counter()
            fetch(client, path)
            ms = (time.perf_counter() - started) * 1000
            times.append(ms)
            slowest = max(slowest, (ms, path))
        print(f"  {kind:<14}{statistics.median(times):>8.0f}{percentile(times, .95):>8.0f}"
              f"{statistics.mean(queries):>9.1f}  {slowest[1]}")
        if kind in args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for n in range(args.repeat):
                fetch(client, variants[n % len(variants)])
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
