"""Load test of the production server; run on demand (`make load`), never by `make test`.

    .venv/bin/python bench/load.py                      # 20 then 100 clients, 60 s each
    .venv/bin/python bench/load.py --clients 20 --seconds 30

Starts the production server as `make serve` does (gunicorn with portal/gunicorn.conf.py,
collected static files), on a database of its own (`gongkai_bench_load` on the server the
project uses, made afresh) holding the five samples and 25 variants of them. Then, for each
number of clients, runs that many concurrent clients (threads, each with a keep-alive
connection) for the given time over a mix of pages: home, lists, publishers, readers,
searches, comparisons, metrics and the API; meanwhile `manage.py ingest` stores 100 new
documents (under `nice -n 10`, as docs/deploying.md advises for a bulk load beside a serving
server). Rate limits are on, set high enough that no client reaches them, so their cost
(one database write per limited request) is measured too. It prints requests per second,
errors (any answer but 200 or 202, or no answer; a comparison's 202 says it is being prepared
and is counted apart) and p50/p95/p99 per page type, comparisons computed
for the first time apart; and how long the ingest took and whether every document was stored.

Targets on a 2-core machine: no errors, every document stored, p95 under 500 ms per page type
with 20 clients, a comparison computed for the first time under 1.5 s.

Figures (2 shared cores, the clients, the server's 4 workers, PostgreSQL and the ingest all
on them; other work on the machine made them vary between runs):
* The server's side, one request at a time on the same data (the test client, warm): most
  pages 45-95 ms, the metrics explorer about 290 ms, a cached comparison about 470 ms; a rate
  limit's count about 1.5 ms. So two cores serve at most some 30-40 pages a second, and 20
  clients that never pause queue behind one another.
* 20 clients, ingest niced (load average 8-13 from other work on the machine): 17.9
  requests/s, 0 errors, 100 of 100 documents stored (85 s); p50/p95 ms: home 269/1877, lists
  576/2946, readers 580/2413, searches 619/5310, comparisons (cached) 818/3399, metrics
  632/2296, API 395/2890, comparisons computed for the first time 2646/6636.
* 100 clients, the same: 14.8 requests/s, 0 errors, 100 of 100 stored (92 s); p50 1.6-6.0 s,
  p95 15-20 s per page type (first comparisons p50 9.5 s).
* An earlier run with the ingest not niced: 15.3 requests/s at 20 clients and 20.1 at 100,
  0 errors, every document stored; p95 2.9-6.1 s at 20 clients.
* Parser version 5, comparisons bounded (a new link answers 202 while it is prepared), quiet
  machine (load under 1 before): 20 clients for 61 s: 2,385 requests, 39.2 requests/s, no
  errors but the comparisons' 95 answers of 202 (then counted as errors), 100 of 100 documents
  stored (62 s); p50/p95 ms: home 210/1444, lists 276/1261, readers 334/1585, searches
  247/1411, comparisons 399/1988, metrics 280/1468, API 211/1368, comparisons first asked
  422/1783. Twice the throughput of the runs above; the p95 target still missed: 20 clients
  that never pause keep about 20 requests queued on two cores.
* Where the time went (bench/loadcost.py, and the CPU each part used during a run): the
  clients are light (3 CPU seconds of a 60 s run, 2-3% of the machine: left as they are); a
  cached comparison page read every listed document whole for its A/B lists; a rate limit was
  four round trips; a reader read its raw file and texts; computing a plan against a report
  took seconds in Python loops; and every page was rendered afresh for every reader.
* Public pages kept for anonymous readers until the collection changes, at most 2 s behind it
  while the ingest writes (documents/pagecache.py, docs/performance.md), with the costs above
  cut: 20 clients for 63 s on a machine busy with other work (load average 15.4 at the end;
  of the 127 CPU seconds the machine had while the clients ran, other work took 87, the server
  30, PostgreSQL 5, the ingest 2, the clients 3): 7,084 requests, 111.8 requests/s, 0 errors,
  457 answers of 202, 100 of 100 documents stored (101 s); p50/p95/p99 ms: home 45/393/2369,
  lists 47/405/2524, readers 44/443/3094, searches 49/382/1219, metrics 42/358/1611, API
  54/436/1646, comparisons asked before 411/846/1527, comparisons first asked 465/960/3579.
  A run just before the last two cuts (the reader's texts, plan against report), with the
  machine less busy (other work 41 of 122 CPU seconds): 125.6 requests/s, p50 27-32 ms, p95
  420-854 ms (server 59 CPU seconds, most of them computing comparisons).
* The same code again, 25 minutes later (load average 7 before, 14.8 at the end; of 122 CPU
  seconds other work took 36, the server 60, PostgreSQL 12, the ingest 10, the clients 3):
  5,879 requests, 96.7 requests/s, 0 errors, 358 answers of 202, 100 of 100 stored (77 s);
  p50/p95/p99 ms: home 27/626/1356, lists 38/917/1687, readers 46/1189/1712, searches
  46/906/1576, metrics 33/996/1932, API 53/962/1648, comparisons asked before 393/1020/1782
  (231 of them 202: 423/961), comparisons first asked 421/1248/1845 (127 of 128 answered 202).
  Here the server took a whole core: new comparisons computed in the background one after the
  other for the whole run (the mix asks for about two a second), leaving the pages, PostgreSQL
  and the ingest the other core.
So: the errors and storage targets hold; the medians are 27-53 ms, a fifth of before, and the
throughput two and a half times; p95 under 500 ms per page type at 20 clients held in one run
for every page type but comparisons and missed in the next (600-1200 ms). What decides it now
is not what a page costs (1-2 ms kept, docs/performance.md) but the cores left to the pages:
other work on the shared machine, and the computing of new comparisons, which at the mix's rate
keeps one computing slot (GONGKAI_COMPARE_SLOTS, half the cores) busy for the whole run.
Comparisons asked before miss the target in both: most are links still being prepared, each
answering 202 after waiting WAIT (0.3 s) for its turn; the "of which 202" lines show them.
* Quiet machine (load 1 before), all of this session's changes, 20 clients for 60 s: 5,421
  requests, 89.7 requests/s, 0 errors (261 answers of 202 for comparisons being prepared), 100 of
  100 documents stored (60 s); p50/p95 ms: home 29/780, lists 32/755, readers 47/1105, searches
  36/786, comparisons 374/1218, metrics 31/1025, API 63/1143, comparisons first asked 423/1196.
  CPU seconds: server 79, PostgreSQL 19, ingest 13, clients 3 of 121 on the 2 cores.
* Where that run's server time went (each request's CPU, logged for a 40 s run): pages rendered
  again because the ingest had moved the collection on more than GONGKAI_PAGE_LAG (2 s) before,
  about a fifth of all requests and most of the CPU (a reader 45 ms, a kept page 1 ms); and new
  comparisons, each waiting behind the others for the one slot: 6.7 s on average.
* Kept pages lagging a bulk write by up to 10 s, one thread of a process rendering a page again
  at a time, comparisons waiting in the background answered 202 at once and queued for a slot
  one at a time, a new link waiting up to 1 s for one of the slots (one a core); the clients
  now follow a new link's reloads until its comparison shows ("comparisons (shown)", from the
  first request). Quiet machine (load under 1 before), the default run (20 then 100 clients,
  60 s each):
  20 clients: 15,655 requests, 259.3 requests/s, 0 errors, 7 answers of 202, 100 of 100 stored
  (60 s); p50/p95/p99 ms: home 22/213/418, lists 24/208/440, readers 28/244/503, searches
  27/226/437, comparisons asked before 53/358/761, metrics 25/225/492, API 32/249/490,
  comparisons first asked 615/1351/1634 (6 of 287 answered 202), shown 615/1435/3254.
  CPU seconds: server 84, PostgreSQL 16, ingest 10, clients 4 of 121.
  100 clients: 15,740 requests, 257.0 requests/s, 0 errors, 100 of 100 stored (61 s); p95
  908-1,079 ms for the pages, 1,151 for comparisons asked before; first asked p50/p95
  1,097/2,148, shown 1,098/2,265.
* Then a new comparison's page cut from about 79 to 54 ms of CPU (its reading rows written by
  one tag, comparisons/templatetags; the paragraph keys from the features), the same machine:
  four more runs of 20 clients for 60 s (the last with reloads after 1 s): 283.9-314.9
  requests/s, 0 errors, 100 of 100 stored each time; p95 per page type 148-202 ms (home, lists, readers, searches, metrics, API), 312-457
  ms for comparisons asked before; comparisons first asked p50 431-792 ms, p95 1,205-1,448 ms
  for their first answer; shown p50 431-792 ms, p95 1,210-2,620 ms. The p95 of "shown" passes
  1.5 s in a run where more than one new link in twenty is answered 202 (15 of 329 in the
  slowest), as it then shows after the page's reload (GONGKAI_COMPARE_RETRY, 2 s; 1 s did no
  better: 2,120 ms). 100 clients: 270.6 requests/s, 0 errors, p95 0.90-0.99 s per page type,
  first comparisons shown p95 2.0 s.
  The clients never pause, so every page made faster brings new links sooner (one request in
  52 is one): the comparisons' slots, each computing at a third of a core or less beside the
  pages, were what was left at capacity.
* Two computing slots a core (GONGKAI_COMPARE_SLOTS, default 4 here), three runs of 20 clients
  for 60 s (the last the default run, 20 then 100 clients): 296.7-339.7 requests/s, 0 errors,
  100 of 100 stored each time; p95 per page type 148-209 ms, comparisons asked before 220-264
  ms; new comparisons answered 202 0-3 times in 371-385, first answer p50/p95 382-410 /
  973-1,067 ms, shown p50/p95 382-410 / 973-1,067 ms. 100 clients: 302.3 requests/s, 0
  errors, 100 of 100 stored, p95 860-917 ms per page type, new comparisons shown p95 1,366 ms.
* After a review (a copy served while another thread renders is at most 5 s past the lag; the
  background's turn let go once it has a slot), the default run: 20 clients, 357.8 requests/s,
  0 errors, 100 of 100 stored (61 s); p50/p95/p99 ms: home 24/120/345, lists 26/130/303,
  readers 25/164/396, searches 27/135/330, comparisons asked before 45/191/644, metrics
  24/136/339, API 28/149/373, comparisons first asked 357/936/1277 (1 of 404 answered 202),
  shown 358/937/1294. 100 clients: 323.8 requests/s, 0 errors, 100 of 100 stored, p95 789-872
  ms per page type, new comparisons shown p95 1,345 ms.
So: at 20 clients every page type's p95 is under 500 ms and a new comparison shows within
1.5 s (p95), with no errors and every document stored.
"""
import argparse
import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
DATABASE = "gongkai_bench_load"
WORDS = ["公开", "信息公开", "依申请公开", "行政复议", "政府网站", "政策解读", "疫情", "答复", "主动公开", "收费"]
KEYS = ["requests.new.total", "outcome.disclosed.total", "review.corrected", "litigation.direct.total"]

sys.path.insert(0, str(ROOT / "bench"))
from timing import percentile  # noqa: E402


def server_env(url, folder, port):
    """The production server's environment on the benchmark's database: DEBUG off, a secret of
    its own, plain http on a local port, its static files and access log in `folder`, and rate
    limits high enough that no client reaches them (their cost is measured, not their refusals)."""
    return {
        **os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0", "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0", "DJANGO_STATIC_ROOT": str(folder / "static"),
        "GONGKAI_BIND": f"127.0.0.1:{port}", "GONGKAI_ACCESS_LOG": str(folder / "access.log"),
        "GONGKAI_RATE_LIMITS": "search=10000000/60,compare=10000000/60,api=10000000/60,login=10/600",
    }


def database_url():
    """The benchmark database's URL on the server the project uses (the embedded one is started
    here and kept running by this process until it ends)."""
    import psycopg

    if os.environ.get("DATABASE_URL"):
        import dj_database_url

        params = dj_database_url.parse(os.environ["DATABASE_URL"])
        admin = dict(host=params["HOST"], port=params["PORT"] or None, user=params["USER"],
                     password=params["PASSWORD"], dbname="postgres")
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    else:
        from portal import pgserver

        pgdata = os.environ.get("GONGKAI_PGDATA", str(ROOT / ".pgdata"))
        server = pgserver.ensure_running(pgdata)
        admin = dict(host=server.socket_dir, user="postgres", dbname="postgres")
        base = f"postgresql://postgres@{quote(server.socket_dir, safe='')}"
    with psycopg.connect(**{k: v for k, v in admin.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{base}/{DATABASE}"


def manage(env, *args):
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env, port):
    server = subprocess.Popen([GUNICORN, "--config", "portal/gunicorn.conf.py", "portal.wsgi"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server did not start:\n{server.stderr.read()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer /healthz within 120 s")


def get_json(port, path):
    import json

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    return json.loads(conn.getresponse().read())


class Mix:
    """The pages clients ask for, by type, drawn at random (weights like a site's traffic)."""

    def __init__(self, port):
        documents = get_json(port, "/api/documents/?size=1000")["results"]
        self.slugs = [d["slug"] for d in documents]
        self.publishers = sorted({d["publisher"] for d in documents})
        pairs = [(a, b) for a in self.slugs for b in self.slugs if a != b]
        random.shuffle(pairs)
        self.pairs = pairs
        self.asked = []
        self.lock = threading.Lock()
        self.kinds = [
            ("home", 1, lambda: "/"),
            ("lists", 2, lambda: random.choice(["/documents/", "/documents/?kind=work_plan", "/documents/?sort=year",
                                                "/p/", f"/p/{random.choice(self.publishers)}/", "/documents.json"])),
            ("readers", 3, lambda: f"/d/{random.choice(self.slugs)}/"),
            ("searches", 3, lambda: f"/search/?q={quote(random.choice(WORDS))}"),
            ("comparisons", 1, self.comparison),
            ("metrics", 1, lambda: f"/metrics/?key={random.choice(KEYS)}"),
            ("api", 2, lambda: random.choice([
                "/api/documents/", f"/api/documents/{random.choice(self.slugs)}/",
                f"/api/search/?q={quote(random.choice(WORDS))}", f"/api/metrics/?key={random.choice(KEYS)}",
            ])),
        ]
        self.weights = [w for _, w, _ in self.kinds]

    def comparison(self):
        """A pair not asked for yet (computed for the first time) one time in four, else one
        asked for before (read from the cache, as a shared link is)."""
        with self.lock:
            if self.pairs and (random.random() < 0.25 or not self.asked):
                a, b = self.pairs.pop()
                self.asked.append((a, b))
                return ("first", f"/compare/{a}/{b}/")
            a, b = random.choice(self.asked)
        return f"/compare/{a}/{b}/"

    def draw(self):
        kind, _, make = random.choices(self.kinds, weights=self.weights)[0]
        path = make()
        if isinstance(path, tuple):
            return "comparisons (first)", path[1]
        return kind, path


def client(port, mix, stop, results):
    conn = None

    def get(path, again=True):
        nonlocal conn
        reused = conn is not None
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
            return response.status, response.getheader("Retry-After")
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            conn = None
            if reused and again:
                # A kept-alive connection the server closed meanwhile (a worker replaced after
                # max_requests): a browser, or the proxy in front, asks again on a new one.
                with retried_lock:
                    retried.append(path)
                return get(path, again=False)
            return "ConnectionResetError", None
        except (OSError, http.client.HTTPException) as exc:
            conn = None
            return type(exc).__name__, None

    while not stop.is_set():
        kind, path = mix.draw()
        started = time.perf_counter()
        status, retry = get(path)
        results.append((kind, time.perf_counter() - started, status, path))
        if kind == "comparisons (first)":
            # As a reader's browser does with the page that says it is being prepared: reload
            # after Retry-After until the comparison shows (at most a minute).
            while status == 202 and time.perf_counter() - started < 60:
                time.sleep(float(retry or 1))
                again = time.perf_counter()
                status, retry = get(path)
                results.append(("comparisons", time.perf_counter() - again, status, path))
            results.append((SHOWN, time.perf_counter() - started, status, path))


class CpuUse:
    """CPU seconds each part of the run used while it ran: the clients (this process), the
    server (gunicorn and its workers), PostgreSQL (the embedded server's processes; none
    counted when DATABASE_URL names another server), the ingest, and the machine as a whole
    (every user: the rest is other work). Processes are sampled every second, so one that
    starts and ends between two samples is missed (a short-lived database connection)."""

    def __init__(self, roots):
        import psutil

        self.psutil = psutil
        self.roots = roots  # {part: pid}
        self.first, self.last = {}, {}
        self.stop = threading.Event()
        self.machine = psutil.cpu_times()
        self.sample()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def sample(self):
        for part, pid in self.roots.items():
            try:
                root = self.psutil.Process(pid)
                # The clients' process is the parent of the server, the ingest and perhaps
                # PostgreSQL too: only its own time is the clients'.
                processes = [root] if part == "clients" else [root, *root.children(recursive=True)]
            except self.psutil.Error:
                continue
            for process in processes:
                try:
                    times = process.cpu_times()
                except self.psutil.Error:
                    continue
                used = times.user + times.system
                self.first.setdefault((part, process.pid), used)
                self.last[(part, process.pid)] = used

    def run(self):
        while not self.stop.wait(1.0):
            self.sample()

    def finish(self):
        self.sample()
        self.stop.set()
        machine = self.psutil.cpu_times()
        busy = lambda t: t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0) + getattr(t, "steal", 0)
        parts = defaultdict(float)
        for (part, pid), used in self.last.items():
            parts[part] += used - self.first[(part, pid)]
        parts["machine"] = busy(machine) - busy(self.machine)
        return parts


def postmaster_pid():
    """The embedded PostgreSQL's main process, or None (another server, not on this machine)."""
    if os.environ.get("DATABASE_URL_GIVEN"):
        return None
    pidfile = Path(os.environ.get("GONGKAI_PGDATA", str(ROOT / ".pgdata"))) / "postmaster.pid"
    try:
        return int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def run_clients(count, seconds, stop, target, args, join_timeout):
    """`count` threads running target(*args) for `seconds`, then told to `stop`; the seconds
    from their start to the last one's end."""
    threads = [threading.Thread(target=target, args=args, daemon=True) for _ in range(count)]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=join_timeout)
    return time.monotonic() - started


def phase(port, mix, clients, seconds, env, folder, server):
    results, stop = [], threading.Event()
    # At a lower priority than the server, as a bulk load beside a serving site should run.
    ingest = subprocess.Popen(["nice", "-n", "10", PY, "manage.py", "ingest", str(folder), "--json", "--no-progress"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ingest_started = time.monotonic()
    roots = {"clients": os.getpid(), "server": server.pid, "ingest": ingest.pid}
    if postmaster_pid():
        roots["postgres"] = postmaster_pid()
    cpu = CpuUse(roots)
    elapsed = run_clients(clients, seconds, stop, client, (port, mix, stop, results), join_timeout=70)
    load = os.getloadavg()[0]
    used = cpu.finish()
    out, _ = ingest.communicate()
    ingest_seconds = time.monotonic() - ingest_started
    created = out.count('"created"')
    requests = [r for r in results if r[0] != SHOWN]
    print(f"\n{clients} clients, {elapsed:.0f} s: {len(requests)} requests, {len(requests) / elapsed:.1f} requests/s, "
          f"errors {sum(1 for r in requests if r[2] not in OK)}, being prepared (202) {sum(1 for r in requests if r[2] == 202)}, "
          f"asked again on a new connection {len(retried)}")
    retried.clear()
    print(f"  ingest of {len(list(folder.iterdir()))} new documents: {created} stored, exit status {ingest.returncode}, "
          f"{ingest_seconds:.0f} s")
    print(f"  load average (1 min) at the end of the run: {load:.1f}; CPU seconds while clients ran "
          f"({(os.cpu_count() or 1) * elapsed:.0f} available on {os.cpu_count()} cores): "
          + ", ".join(f"{part} {used[part]:.0f}" for part in ("clients", "server", "postgres", "ingest", "machine") if part in used)
          + f" (other work {max(0, used['machine'] - sum(v for k, v in used.items() if k != 'machine')):.0f})")
    by_kind = defaultdict(list)
    for kind, seconds_taken, status, path in results:
        by_kind[kind].append((seconds_taken, status, path))
    print(f"  {'page type':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in [k for k, _, _ in mix.kinds] + ["comparisons (first)", SHOWN]:
        rows = by_kind.get(kind)
        if not rows:
            continue
        ms = [r[0] * 1000 for r in rows]
        errors = [r for r in rows if r[1] not in OK]
        print(f"  {kind:<22}{len(rows):>9}{len(errors):>8}{statistics.median(ms):>9.0f}{percentile(ms, .95):>9.0f}"
              f"{percentile(ms, .99):>9.0f}")
        # Of those, the answers that the comparison is still being prepared (202): each waited
        # for a computing slot first (comparisons/views: WAIT), or, where the comparison waits
        # for one in the background already, says so at once. A new link's reloads count as
        # comparisons asked before.
        preparing = [r[0] * 1000 for r in rows if r[1] == 202]
        if preparing:
            print(f"  {'  of which 202':<22}{len(preparing):>9}{'':>8}{statistics.median(preparing):>9.0f}"
                  f"{percentile(preparing, .95):>9.0f}{percentile(preparing, .99):>9.0f}")
        for seconds_taken, status, path in errors[:3]:
            print(f"      error {status}: {path}")


# GETs asked again on a new connection after a kept-alive one was closed under them.
retried, retried_lock = [], threading.Lock()
# The time from a new link's first request until its comparison showed, across reloads.
SHOWN = "comparisons (shown)"
# A comparison not computed yet answers 202 with a page that reloads itself (comparisons/views):
# an answer, not an error.
OK = {200, 202}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 100])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed-documents", type=int, default=30)
    args = parser.parse_args()

    if os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL_GIVEN"] = "1"
    url = database_url()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        port = free_port()
        env = server_env(url, tmp, port)
        os.environ["DATABASE_URL"] = url
        from ingest import make_folder  # bench/ingest.py's synthetic documents

        every = tmp / "all"
        every.mkdir()
        make_folder(every, args.seed_documents + 100 * len(args.clients))
        files = sorted(every.iterdir())
        folders = []
        for n, start in enumerate([0] + [args.seed_documents + 100 * i for i in range(len(args.clients))]):
            folder = tmp / f"part{n}"
            folder.mkdir()
            size = args.seed_documents if n == 0 else 100
            for f in files[start:start + size]:
                f.rename(folder / f.name)
            folders.append(folder)

        t0 = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        manage(env, "ingest", str(ROOT / "samples"), str(folders[0]), "--no-progress")
        print(f"database {DATABASE}: migrated, {args.seed_documents} + 5 documents stored ({time.monotonic() - t0:.0f} s)")
        server = start_server(env, port)
        try:
            mix = Mix(port)
            workers = os.environ.get("GONGKAI_WORKERS", 2 * (os.cpu_count() or 1))
            print(f"gunicorn on port {port}: {workers} workers x {os.environ.get('GONGKAI_THREADS', 4)} threads; "
                  f"{len(mix.slugs)} documents; {os.cpu_count()} cores")
            for clients, folder in zip(args.clients, folders[1:]):
                phase(port, mix, clients, args.seconds, env, folder, server)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
