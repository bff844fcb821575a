"""Benchmark of the two-document comparison page; run on demand (`make bench`).

    .venv/bin/python bench/compare.py                 # one at a time, then 20 clients on the production server
    .venv/bin/python bench/compare.py --runs 10 --skip-load
    .venv/bin/python bench/compare.py --profile       # where a new pair's time goes (cProfile)
    .venv/bin/python bench/compare.py --clients 20 --seconds 30 --skip-single

One at a time (the test client, a throwaway database): the 2023 report (31 KB) against a copy
with every fifth paragraph rewritten, timed
* cold: nothing known of either document (not even its words) nor of the comparison;
* new pair: both documents compared before with others (their paragraphs and words kept),
  this comparison never;
* stored: computed before, read from the database by a fresh process;
* kept: read again in the same process.

Under load (`--clients`, default 20): starts the production server as `make serve` does
(gunicorn, portal/gunicorn.conf.py) on a database of its own (`gongkai_bench_compare`, made
afresh) holding the five samples and 20 variants of them, then runs that many concurrent
clients for `--seconds`, each asking for a comparison never asked before one time in four
(cold) and else one asked before (a shared link). A cold comparison waiting for a computing
slot longer than the bound gets 202 "being prepared" and is asked again after its
Retry-After, as the page's own refresh does. Prints p50/p95 of every answer, by kind, the
errors (anything but 200 or 202), how long a reader of a new link waits for the comparison
itself, and the CPU time the server (gunicorn, and the embedded PostgreSQL) spent per answer:
on a machine shared with other work the latencies say more about the others than about the
server, the CPU per answer does not. Target: p95 under 1 s with 20 clients, cold comparisons
included.
"""
import argparse
import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("GONGKAI_TEST_DB", "bench_gongkai_compare")
# The test client speaks plain http.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
DATABASE = "gongkai_bench_compare"

from timing import percentile  # noqa: E402


def report(name, seconds, cpu=None):
    ms = [s * 1000 for s in seconds]
    line = f"  {name:<40} p50 {statistics.median(ms):7.0f} ms   p95 {percentile(ms, .95):7.0f} ms   n={len(ms)}"
    if cpu:
        line += f"   (this process's CPU: p50 {statistics.median(cpu) * 1000:.0f} ms)"
    print(line)


def forget_all(keep_documents=False, keep_stored=False):
    """Clear what the comparison keeps: in the process, the shared cache, the database."""
    from django.core.cache import cache

    from comparisons import build, textnorm
    from comparisons.models import StoredComparison
    from comparisons.views import pages

    pages.RECENT.clear()
    pages.RECENT_HTML.clear()
    if not keep_documents:
        cache.clear()
        build.DOCUMENT_FEATURES.clear()
        textnorm.tokens.cache_clear()
        textnorm.canonical.cache_clear()
    else:
        cache.delete_many([k for k in _html_keys()])
    if not keep_stored:
        StoredComparison.objects.all().delete()


def _html_keys():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM portal_cache WHERE cache_key LIKE %s", ["%compare-html:%"])
        return [row[0].split(":", 2)[-1] for row in cursor.fetchall()]


def single(runs, profile):
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from documents.loader import ingest_bytes

        text = (ROOT / "samples" / "shanghai-2023-annual-report.txt").read_text(encoding="utf-8")
        lines = text.split("\n")
        changed = [line + "全年新增开展专项检查一次。" if i % 5 == 0 and len(line) > 40 else line for i, line in enumerate(lines)]
        a = ingest_bytes(text.encode()).document
        b = ingest_bytes("\n".join(changed).encode(), overrides={"year": 2024}).document
        print(f"One at a time: A {len(text.encode()) / 1024:.1f} KB, B {len(chr(10).join(changed).encode()) / 1024:.1f} KB")
        url = f"/compare/{a.slug}/{b.slug}/"
        client = Client()
        assert client.get(url).status_code == 200  # warm up: jieba's dictionary, OpenCC's tables

        if profile:
            import cProfile
            import pstats

            forget_all(keep_documents=True)  # a new pair of documents known already
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            return

        timings, cpu = defaultdict(list), defaultdict(list)

        def timed(name):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
            assert response.status_code == 200, response.status_code

        for _ in range(runs):
            forget_all()
            timed("cold (nothing known)")
            forget_all(keep_documents=True)
            timed("new pair of documents compared before")
            forget_all(keep_documents=True, keep_stored=True)
            timed("stored (read from the database)")
            timed("kept (read again in the process)")
        for name, seconds in timings.items():
            report(name, seconds, cpu[name])
    finally:
        teardown_databases(old, verbosity=0)


def cpu_seconds(pid):
    """CPU time of a process and its children, alive or ended (0 when it is not there)."""
    import psutil

    try:
        process = psutil.Process(pid)
        t = process.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        for child in process.children(recursive=True):
            try:
                c = child.cpu_times()
                total += c.user + c.system
            except psutil.NoSuchProcess:
                pass
        return total
    except (psutil.NoSuchProcess, ValueError):
        return 0.0


def postmaster_pid():
    pid_file = Path(os.environ.get("GONGKAI_PGDATA", ROOT / ".pgdata")) / "postmaster.pid"
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


class Clients:
    """Pairs of documents asked for: a new one (cold) one time in four, else one asked before."""

    def __init__(self, slugs):
        self.pairs = [(a, b) for a in slugs for b in slugs if a != b]
        random.shuffle(self.pairs)
        self.asked, self.lock = [], threading.Lock()

    def draw(self):
        with self.lock:
            if self.pairs and (random.random() < 0.25 or not self.asked):
                pair = self.pairs.pop()
                self.asked.append(pair)
                return "cold", pair
            return "shared", random.choice(self.asked)


def client(port, clients, stop, results):
    conn = None
    while not stop.is_set():
        kind, (a, b) = clients.draw()
        new = kind == "cold"
        path, first = f"/compare/{a}/{b}/", time.perf_counter()
        while True:
            started = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status, retry = response.status, response.getheader("Retry-After")
            except (OSError, http.client.HTTPException) as exc:
                status, retry, conn = type(exc).__name__, None, None
            results.append((kind, time.perf_counter() - started, status, path))
            if status != 202 or stop.is_set():
                break
            kind = "again"
            time.sleep(float(retry or 1))
        if new and status == 200:
            results.append(("until shown", time.perf_counter() - first, status, path))


def load(clients_count, seconds):
    from load import database_url, free_port, manage, run_clients, server_env, start_server  # bench/load.py's server

    import load as load_bench
    from ingest import make_folder  # bench/ingest.py's synthetic documents

    load_bench.DATABASE = DATABASE
    url = database_url()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        port = free_port()
        env = server_env(url, tmp, port)
        env.pop("GONGKAI_TEST_DB", None)
        folder = tmp / "variants"
        folder.mkdir()
        make_folder(folder, 20)
        t0 = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        manage(env, "ingest", str(ROOT / "samples"), str(folder), "--no-progress")
        print(f"\nUnder load: database {DATABASE} with 25 documents ({time.monotonic() - t0:.0f} s)")
        server = start_server(env, port)
        try:
            slugs = [d["slug"] for d in load_bench.get_json(port, "/api/documents/?size=1000")["results"]]
            workers = os.environ.get("GONGKAI_WORKERS", 2 * (os.cpu_count() or 1))
            print(f"gunicorn on port {port}: {workers} workers x {os.environ.get('GONGKAI_THREADS', 4)} threads; "
                  f"{len(slugs)} documents; {os.cpu_count()} cores; {clients_count} clients for {seconds} s")
            pairs, results, stop = Clients(slugs), [], threading.Event()
            postgres = postmaster_pid() if not os.environ.get("DATABASE_URL") else None
            cpu_before = (cpu_seconds(server.pid), cpu_seconds(postgres) if postgres else 0.0)
            load_before = os.getloadavg()[0]
            elapsed = run_clients(clients_count, seconds, stop, client, (port, pairs, stop, results), join_timeout=130)
            cpu = (cpu_seconds(server.pid) - cpu_before[0], (cpu_seconds(postgres) - cpu_before[1]) if postgres else None)
            load_after = os.getloadavg()[0]
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
    answers = [r for r in results if r[0] != "until shown"]
    errors = [r for r in answers if r[2] not in (200, 202)]
    print(f"  {len(answers)} answers, {len(answers) / elapsed:.1f}/s; errors {len(errors)}; "
          f"202 being prepared {sum(1 for r in answers if r[2] == 202)}")
    for r in errors[:5]:
        print(f"    error {r[2]}: {r[3]}")
    # What the answers cost the server, whatever else the machine was doing meanwhile.
    print(f"  load average {load_before:.1f} before, {load_after:.1f} after; CPU per answer: "
          f"gunicorn {cpu[0] / len(answers) * 1000:.0f} ms"
          + (f", PostgreSQL {cpu[1] / len(answers) * 1000:.0f} ms" if cpu[1] is not None else ""))
    report("every answer", [r[1] for r in answers])
    for kind, name in [("cold", "a new link's first answer"), ("again", "a new link asked again after 202"),
                       ("shared", "a link asked before"), ("until shown", "a new link until the comparison shows")]:
        seconds_taken = [r[1] for r in results if r[0] == kind]
        if seconds_taken:
            report(name, seconds_taken)
    p95 = percentile([r[1] for r in answers], .95) * 1000
    print(f"target p95 < 1000 ms with {clients_count} clients: {'met' if p95 < 1000 and not errors else 'NOT met'} ({p95:.0f} ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--skip-single", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    if not args.skip_single or args.profile:
        single(args.runs, args.profile)
    if not args.skip_load and not args.profile:
        load(args.clients, args.seconds)


if __name__ == "__main__":
    main()
