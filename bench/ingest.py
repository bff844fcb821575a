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

The figures measured over time, and where the time goes, are in docs/performance.md
("Ingest throughput").

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
