"""Ingest throughput on a folder of synthetic documents; run on demand, never by `make test`.

    .venv/bin/python bench/ingest.py                 # 100 documents, all cores
    .venv/bin/python bench/ingest.py --documents 300 --jobs 1
    .venv/bin/python bench/ingest.py --shape crawl   # as a site crawler saves them
    .venv/bin/python bench/ingest.py --rounds 3      # the fastest of three of each measure

The folder holds variants of the five samples: each takes one sample, moves it to another
year (every 年 figure of the title and text shifts) and appends a numbered paragraph, so
every file has its own bytes and most have their own publisher, year and kind. With
`--shape crawl` each file is what a crawler of a government site stores instead: a header of
标题/发布时间/文号/发布机构/栏目/原文链接 lines and a separator, then the whole body on one line.

It prints documents per second for
* the bare cost: script conversion (script.to_simplified) and jieba segmentation of each
  file's text, nothing else, in one process and on all cores (its worker processes are
  started and warm before the clock starts);
* the whole ingest: `manage.py ingest FOLDER` (detect type, decode, clean, convert, sections,
  metadata, tables, figures, checks, commitments, search index, then storing each document in
  its own transaction: with one job, by a thread of the command while it parses the next file;
  else in the --jobs worker processes, forked from the command once it has loaded the models),
  over the whole run and after the first file was reported;
and the ratios on the same number of cores. The target is a ratio of at most 2.
Beside them, CPU milliseconds per document and their ratio: the bare cost's processes, and the
ingest's (the command with its storing thread, its worker processes, and the database server:
its backends, the ones that ended included, and its own processes such as autovacuum). On a
shared machine the CPU ratio is the steadier measure: others' load lengthens the wall clock,
not the work. The database's share is read from the server's processes (psutil), so it is
shown only where the server runs on this machine under this user, and it counts whatever else
the server does meanwhile: measure on a server nothing else uses (not while the test suite
runs on it). With two processes on two cores the wall ratio is about the CPU ratio, plus the
time a core stands idle (the start, the last file, the merge of the index's pending entries at
the end).

Figures (2 shared cores; the machine's speed drifts by 10% or more between runs, so each is a
range over several runs), with one process and with two:
* 100 documents (the default): 1.5-1.6x and 1.7-1.8x;
* 300 documents: 1.4-1.6x and 1.7-1.8x; the first file comes after 0.2-0.3 s;
* 1000 documents: 1.5x and 1.6-1.7x.
Since crawled pages, flattened tables and the other shapes are read (parser version 3), one
process measured 1.7x for 100 documents and 2.2x with `--shape crawl`: splitting a collapsed
page's runs of digits into the cells of its statistics tables by the template's sums was most
of the difference (one 23-digit row of the 2023 sample, about 50 ms). With that search quick
(such a row now takes about a millisecond, the whole table a few), the two shapes cost about
the same: in CPU time, parsing a crawl-shaped document takes 1.3 times its bare cost (it took
1.7 times), a text-shaped one 1.15 times. Measured again with the machine busy (others' tests
running, a load of 3 to 12 on the 2 cores), 100 documents, the fastest of three rounds each
(--rounds 3), over several runs: text 2.0-2.1x with one process and 1.5-1.8x with two; crawl
1.8-2.1x and 1.3-2.0x. With one process the ingest keeps both cores busy (it parses while the
database stores) where the bare cost needs one, so others' load weighs more on the ingest:
the figures taken on a quieter machine, above, are the better measure of the ratio itself.
Parser version 4, on a quiet machine (load under 0.3), 100 documents, fastest of 2-3 rounds:
one process text 1.7x, crawl 1.8x; two processes text 2.1x, crawl 2.2x. The code of parser
version 3 measured the same 2.1x for text with two processes that day: with two workers and
the database server on two cores, storing competes with parsing.
Per document, measured one stage after another in one process: the bare cost about 33 ms
(script conversion about 11.5 of it); parsing about 37.5 ms: cleaning about 11.5 (the noise
detector about 6), the search index (grams and the ranking vector) about 6, topics, targets and
figures about 2 each, script conversion the bare cost's own; storing about 20 ms, nearly all of
it the database's: copying the sections in with their GIN entries about 11, the document's row
about 2.5, its commit about 1.5, the rest under 1 each. With one job the database's part
overlaps the parsing of the next file: the one process parses while the database server (a
process of its own, here on the other core, as it would be on a machine of its own) stores.
With two, both cores are busy throughout, with the workers and the database alike.
In CPU time, measured on a busy machine (8 other engineers' tests, a load of 5 to 17 on the 2
cores; wall ratios of 1.7x with one process and 3.1x with two that day say more about the load
than the ingest), per document: the bare cost 33-37 ms (script conversion about 15.5 of it,
jieba the rest); the ingest 68-76 ms, a CPU ratio of 2.05x with one process and 2.07x with two
(40 documents; 100 gave 72-76 ms, about 2.1x). Of it: parsing about 42 ms (script conversion
about 11.5, cleaning about 15 with the noise detector 6-7, the search index 5-6, figures,
targets and topics under 2 each, sections about 1, tables 0.6, 2.3 for the crawl shape),
storing in Python about 5, the command about 1-4, the database 19-21. Nearly all of the
database's part is the GIN index of the sections' grams (about 8,400 entries a document):
dropping the sampled GIN index took about 1 ms off, the index of parents nothing measurable,
and the grams' index with them left the database 1.1 ms a document for everything else (the
rows, the other indexes, the triggers, the commits). Of the same 19-21 ms, autovacuum took
about 5 (ANALYZE of the sections, whose two tsvector columns cost most of it, about 50 ms each
a run; VACUUM merging the pending entries the backends would otherwise merge), and the merge at
the end of the run (merge_pending) 1-2, on one core while the other is idle. Turning GIN's fast
update off made storing cost 32 ms; a pending list of 32 MB instead of 4 made no difference, nor
did one of 512 kB or 1 MB within the noise of that day (it leaves less to merge at the end,
0.1-0.5 ms a document instead of 1-2). Checking the short text first in the search index
(searchindex.index_row) took about a millisecond off parsing; the rest is spread over many
stages each already cut to what it must do, and the database's part is the index search needs.
With that, the same day (a load of 10 to 16), 100 documents, one round each: text CPU 1.87x
with one process and 1.78x with two (wall 1.5x and 1.6x), crawl 1.90x and 1.91x (wall 1.6x and
1.5x); the bare cost itself took 38-42 ms a document then (the load's share of the caches), so
a run's CPU ratio moves by 0.1-0.2 with the load as well: about 1.8-2.1 over that day's runs.
Parser version 5 on a quiet machine (load 0.1), 100 documents, the faster of 2 rounds: text
1.7x with one process and 2.0x with two (CPU 1.95x and 1.81x), crawl 1.7x and 2.3x (CPU 2.01x
and 2.00x). With two processes the wall ratio is above the CPU ratio: 74.5 ms of CPU a document
on two cores would allow 27 documents a second, and 22.7 came out, so about 15% of the cores'
time is idle (the command's own serial work, the merge of the index's pending list at the end).
Since then a worker stores its document while an earlier file is still being parsed and holds
only the commit for its turn (documents/bulk/turns.py: the wait was 5-8% of a worker's time),
a run commits without waiting for the disk (2.5-3 ms a commit here), the index's pending lists
are merged 1 MB at a time as the workers store, and ANALYZE gathers no statistics for the
ranking vector (70% of an ANALYZE of the sections). Parser version 6, quiet machine (load 1
before), 100 documents, the faster of 2 rounds: text 1.7x with one process and 2.1x with two
(CPU 2.16x and 2.05x), crawl 1.7x and 2.0x (CPU 2.12x and 1.96x); the bare cost took 43-49 ms
of CPU a document that day (37 in the runs above: the machine's speed varies by the day).
Measured again on a day the machine ran faster (the bare cost 28-31 ms of CPU a document),
quiet, the faster of 2 rounds: text 1.7-1.8x with one process and 2.0-2.2x with two (CPU
1.96-2.09x), crawl 1.8x and 2.2-2.4x (CPU 2.16-2.29x). The database's part does not speed up
with the processor as parsing does (20 of the ingest's 65 ms a document). Timed per stage, a
run of two workers (3.4 s for 100 documents) spends 0.2 s before the first file (jieba's
dictionary, 0.17 s, loaded once before the workers are forked), 0.15-0.27 s per worker waiting
for its turn to commit, and 0.1-0.2 s after the last file merging the index's pending list and
reading back every stored document whole to check the numbering of versions. Since: pending
lists of 4 MB (the database 14 ms a document instead of 18 when storing the same documents one
by one), their merge begun on the core a worker leaves when it has no file left, and the check
reading only the fields it needs. Then, alternating with the code before, three runs each:
CPU 1.91-1.99x against 1.96-2.09x, the wall 2.1-2.2x with two processes against 2.0-2.2x (the
first file's 0.2 s and the turns' waits are left; the machine's drift is as large as the
difference).
Parser version 7: a worker marks its file's report as soon as the metadata is read, not once
the file is parsed, so a later file waits for that stage only (a worker's waits for its turn, in
a run of 100 documents: 0.08-0.15 s, against 0.37-0.39 s for one of the two before); display
widths are summed in C (1.8 ms a document before); the end's merge of the pending list is a task
of the pool, taken by the first worker left without a file. Quiet machine (load about 1), 100
documents, the faster of 2 rounds, three runs: text 1.6-1.7x with one process and 2.0-2.1x with
two (CPU 1.86-1.99x and 1.89-1.96x), crawl 1.8x and 2.2x (CPU 2.03-2.09x and 1.94-2.13x). Left
idle with two processes: jieba's dictionary before the first file (0.17 s, of which building its
dictionary of 498,113 entries is 0.12 s and reading the file 0.03 s) and the merge after the last
files (0.15 s: the two workers finish together, the last files committing in file order). A third
worker on the two cores made a run slower (3.44-3.49 s against 3.35-3.36 s). Measured again at
the end of that work (the machine slower: the bare cost 31-34 ms of CPU a document), the faster
of 2 rounds: text 2.0x with two processes in two runs (1.99 and 2.03; CPU 1.88-1.94x), crawl 2.0x
(2.01; CPU 1.99x); with one process 1.7-1.8x.
Parser version 8, quiet machine, the faster of 2 rounds, two runs of each on a slower day (the
bare cost 43-48 ms of CPU a document): text 1.6x with one process and 1.9x with two in both runs
(CPU 1.83x and 1.82x with two), crawl 1.6-1.8x and 1.9x and 2.0x (1.93 and 2.02; CPU 1.92x
and 1.97x).
Then a long text's character view and script test by arrays of code points (frozenset.isdisjoint
and str.translate over a whole text, several times a document: about 2 ms of a simplified one),
and a crawled title found without compiling a pattern for each. The same day, slower (the bare
cost 37-47 ms of CPU a document), the faster of 2 rounds: text 1.9x with two processes in six
runs (1.86-1.95; CPU 1.82-1.89x), crawl 2.0x and 2.1x in three (1.99-2.06; CPU 1.94-1.99x);
with one process 1.6-1.7x. Again at the end of that work, two runs each: text 1.87x and 1.86x
(CPU 1.78x), crawl 1.90x and 1.95x (CPU 1.87x and 1.89x). Tried and not kept: the pending list merged once early, while the last files
are parsed (no difference over four alternating runs); the topics found by one Aho-Corasick
pass before scoring (0.5 ms a document). Measured per part, the database's 19-21 ms a document
are the grams' GIN entries 11-12, the ranking vector 2, everything else 5-6.

It works in a database of its own, `gongkai_bench_ingest` (--database), on the server the
project uses, emptied before each run, so development data is never touched.
"""
import argparse
import os
import re
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

import psutil  # noqa: E402

from documents.models import Document  # noqa: E402

import benchdb  # noqa: E402  (bench/ is on sys.path when a bench script runs)

YEAR = re.compile(r"(20[0-2]\d)(?=\s*年)")


def use_database(name):
    """The benchmark's own database, emptied."""
    benchdb.use_database(name)
    benchdb.empty()


def as_crawl(text: str, i: int) -> str:
    """The text as a site crawler stores a page: a header of the page's fields (the title and
    issuing body as the page names them), then the body with its lines run together."""
    from documents.ingest.pipeline import parse_bytes

    meta = parse_bytes(text.encode("utf-8")).metadata
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = [
        f"标题: {meta.title}",
        f"发布时间: 2021-03-{i % 28 + 1:02d} 10:00",
        "文号: ",
        f"发布机构: {meta.publisher}",
        "栏目: 政府信息公开",
        f"原文链接: https://www.example.gov.cn/zwgk/{i:05d}.htm",
        "==================== 正文 ====================",
    ]
    return "\n".join(header) + "\n" + "".join(lines)


def make_folder(folder: Path, count: int, shape: str = "text") -> list[str]:
    """`count` synthetic files; returns their texts (for the bare cost)."""
    samples = sorted((ROOT / "samples").glob("*.txt"))
    texts = []
    for i in range(count):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        shift = i // len(samples)
        text = YEAR.sub(lambda m: str(int(m.group(1)) - shift), text)
        text += f"\n附:本文件为第{i + 1}号合成样本,用于测量入库速度。\n"
        if shape == "crawl":
            text = as_crawl(text, i)
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def bare_cost(text: str) -> int:
    """What any reading of the text must do at least: 繁→简 and word segmentation."""
    import jieba

    from documents.ingest import script

    return len(jieba.lcut(script.to_simplified(text).text))


def _warm(_=None):
    bare_cost("政务公開工作要點")


def _cpu(processes):
    """CPU seconds (user and system) the live `processes` (psutil) have used so far; one that
    is gone counts nothing."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _own_cpu():
    """CPU seconds of this process (every thread) and of its children that have ended and were
    waited for (the ingest's worker processes, once its pool is shut down)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def database_cpu():
    """CPU seconds the database server has used so far: the postmaster and every live process
    of it (backends, autovacuum, the WAL writer...), plus the backends that have ended, which
    the postmaster has waited for; None where the server is not a process of this machine's
    that this user may read."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        postmaster = psutil.Process(psutil.Process(backend).ppid())
        times = postmaster.cpu_times()
        return times.user + times.system + times.children_user + times.children_system + _cpu(postmaster.children())
    except psutil.Error:
        return None


def bare_rate(texts, jobs):
    """(documents per second, CPU seconds per document: the worker processes' and this one's)."""
    if jobs == 1:
        _warm()
        started, cpu = time.perf_counter(), _own_cpu()
        for text in texts:
            bare_cost(text)
        return len(texts) / (time.perf_counter() - started), (_own_cpu() - cpu) / len(texts)
    with ProcessPoolExecutor(jobs, initializer=_warm) as pool:
        list(pool.map(_warm, range(jobs)))  # workers up and warm before the clock starts
        workers = [psutil.Process(pid) for pid in pool._processes]
        started, cpu = time.perf_counter(), _own_cpu() + _cpu(workers)
        list(pool.map(bare_cost, texts, chunksize=4))
        ended, cpu = time.perf_counter(), _own_cpu() + _cpu(workers) - cpu
        return len(texts) / (ended - started), cpu / len(texts)


class _FirstLine(StringIO):
    """Output that remembers when its first line came: when the run reported its first file."""

    first = None

    def write(self, text):
        if self.first is None and text.strip():
            self.first = time.perf_counter()
        return super().write(text)


def ingest_rate(folder, jobs, count):
    """(documents per second over the whole run, seconds until the first file was reported,
    documents per second after that, CPU seconds per document: the command's, its worker
    processes' and the database server's, or None where the server's cannot be read)."""
    benchdb.empty()
    out = _FirstLine()
    database = database_cpu()
    started, cpu = time.perf_counter(), _own_cpu()
    call_command("ingest", str(folder), "--jobs", str(jobs), "--no-progress", stdout=out, stderr=StringIO())
    ended, cpu = time.perf_counter(), _own_cpu() - cpu
    if database is not None:
        database = database_cpu() - database
    stored = Document.objects.count()
    assert stored == count, f"{stored} of {count} stored"
    per_document = None if database is None else (cpu + database) / count
    return count / (ended - started), out.first - started, (count - 1) / (ended - out.first), per_document


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cores for both measures")
    parser.add_argument("--database", default="gongkai_bench_ingest")
    parser.add_argument("--shape", choices=["text", "crawl"], default="text",
                        help="the files as plain text, or as a site crawler stores them")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure each this many times, alternately, and keep the fastest of each "
                             "(on a shared machine: what the others' load left least disturbed)")
    args = parser.parse_args()
    use_database(args.database)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = make_folder(folder, args.documents, args.shape)
        chars = sum(len(t) for t in texts)
        print(f"{args.documents} synthetic documents ({args.shape}), {chars / len(texts):,.0f} characters each on average; "
              f"{os.cpu_count()} cores here, {args.jobs} used")
        rows = []
        for jobs in sorted({1, args.jobs}):
            bare, ingest, bare_cpu, ingest_cpu = 0.0, (0.0, 0.0, 0.0), float("inf"), float("inf")
            for _ in range(max(1, args.rounds)):
                rate, cpu = bare_rate(texts, jobs)
                bare, bare_cpu = max(bare, rate), min(bare_cpu, cpu)
                *rates, cpu = ingest_rate(folder, jobs, args.documents)
                ingest = max(ingest, tuple(rates))
                ingest_cpu = None if cpu is None or ingest_cpu is None else min(ingest_cpu, cpu)
            rows.append((jobs, bare, *ingest, bare_cpu, ingest_cpu))
        print(f"{'processes':>9}  {'bare cost':>9}  {'ingest':>6}  {'ingest / bare':>13}  "
              f"{'first file':>10}  {'after it':>8}  {'after it / bare':>15}  "
              f"{'CPU ms: bare':>12}  {'ingest':>6}  {'ingest / bare':>13}")
        for jobs, bare, whole, start, after, bare_cpu, ingest_cpu in rows:
            cpu = (f"{ingest_cpu * 1000:>6.1f}  {ingest_cpu / bare_cpu:>12.2f}x" if ingest_cpu is not None
                   else f"{'-':>6}  {'-':>13}")
            print(f"{jobs:>9}  {bare:>9.1f}  {whole:>6.1f}  {bare / whole:>12.1f}x  "
                  f"{start:>9.1f}s  {after:>8.1f}  {bare / after:>14.1f}x  {bare_cpu * 1000:>12.1f}  {cpu}")
        print("documents per second, and time; CPU milliseconds per document (the ingest's: the command, its "
              "workers and the database server); target: the whole ingest within 2x of the bare cost")


if __name__ == "__main__":
    main()
