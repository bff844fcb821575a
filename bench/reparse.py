"""Whole-collection jobs' throughput: `reparse --all` and `reindex` over N documents, and how long
a resumed job takes to pick up; run on demand, never by `make test`.

    .venv/bin/python bench/reparse.py                    # 1,000 documents
    .venv/bin/python bench/reparse.py --documents 5000

It works in a database of its own, `gongkai_bench_reparse` (--database), on the server the
project uses, emptied first, so development data is never touched.

The corpus: N variants of the five samples (each moved to one of 15 years, every 年 figure of
its title and text shifted, and a numbered paragraph appended, so each has bytes of its own),
bulk inserted as documents holding those raw bytes and a placeholder section each. Then:

1. `reparse --all` makes them real documents (the placeholders swapped for the parsed sections,
   figures and index): printed as the first pass;
2. `reparse --all` again, real documents re-parsed and swapped: the figure to go by;
3. `reindex`: every document's sections indexed again, a document a transaction;
4. `reparse --all` interrupted (SIGINT) halfway, then resumed: in this process (the time from
   the command's start to its first document done), and in a new process as an operator would
   run it (`manage.py reparse --all`: Python and Django starting, the parser's models loading,
   the job found and its first document done), the rest at the rate printed.

Each figure is documents a second over the whole command (wall clock), with CPU seconds of this
process (the parsing; the database server's own work is not counted in it).

Figures (embedded PostgreSQL 18; 2 cores shared with others' test runs, so the wall clock says
as much about the load as about the jobs), 1,000 documents, 24,800 sections:

                                      run 1 (load 6-13)       run 2 (load 8-12)
    reparse --all, first pass         3.6 docs/s, 62 ms CPU   3.4 docs/s, 62 ms CPU
    reparse --all                     3.2 docs/s, 64 ms CPU   3.3 docs/s, 60 ms CPU
    reindex                          23.0 docs/s,  9 ms CPU   7.9 docs/s, 13 ms CPU (beside a test suite)
    resume, taken up in this process  21 ms                   38 ms
    resume, first done, new process   4.5 s                   8.1 s

On a quiet machine (load 1), parser version 6, 1,000 documents: reparse --all 8.5 docs/s (69.6
ms CPU a document), reindex 28.4 docs/s (11.7 ms CPU); a resume takes up its first document 19
ms after the command starts in the same process, 2.2 s in a new one.
Run 2 removes a re-parsed document's old rows by four DELETE statements (run 1: Django's
collector, reading them first). What this means for 100,000 documents, as an extrapolation:
docs/scaling.md.
"""
import argparse
import datetime
import os
import re
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from documents.loader import copy_rows  # noqa: E402
from documents.management.commands import reparse as reparse_command  # noqa: E402
from documents.models import CorpusJob, Document, Publisher, Section  # noqa: E402
from portal.pgtools import database_url  # noqa: E402

import benchdb  # noqa: E402  (bench/ is on sys.path when a bench script runs)

YEAR = re.compile(r"(20[0-2]\d)(?=\s*年)")
PLACEHOLDER = ("document_id", "order", "level", "number", "heading", "text", "kind", "start", "end", "topics", "topic_mask", "search_text")


def variants(count):
    samples = sorted((ROOT / "samples").glob("*.txt"))
    for i in range(count):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        shift = (i // len(samples)) % 15
        text = YEAR.sub(lambda m: str(int(m.group(1)) - shift), text)
        yield (text + f"\n附:本文件为第{i + 1}号合成样本,用于测量重新解析的速度。\n").encode("utf-8")


def build(count):
    """Documents with raw bytes reparse reads, and a placeholder section each; no parsing."""
    import hashlib

    started = time.monotonic()
    publisher = Publisher.objects.create(name="待解析", region="", slug="pending")
    now = datetime.datetime.now(datetime.timezone.utc)
    docs = [
        Document(
            publisher=publisher, title=f"待解析 {i}", slug=f"r{i}", raw=raw, sha256=hashlib.sha256(raw).hexdigest(),
            encoding="utf-8", script="simplified", original_text="", clean_text="", parser_version="bench",
            created_at=now,
        )
        for i, raw in enumerate(variants(count))
    ]
    with transaction.atomic():
        Document.objects.bulk_create(docs, batch_size=2000)
        ids = Document.objects.order_by("pk").values_list("pk", flat=True)
        copy_rows("documents_section", PLACEHOLDER, [(pk, 0, 1, "", "待解析", "待解析", "section", 0, 3, [], 0, "待解析") for pk in ids])
    print(f"  built {count} documents in {time.monotonic() - started:.1f}s", file=sys.stderr)


def vacuum():
    with connection.cursor() as cursor:
        for table in ("documents_document", "documents_section", "documents_metric", "documents_check", "documents_commitment"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def timed_command(name, *args):
    """(seconds, CPU seconds of this process, exit status) of a command run here."""
    out = StringIO()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        call_command(name, *args, "--progress-every", "30", stdout=out, stderr=sys.stderr)
        status = 0
    except CommandError as exc:
        status = exc.returncode
    return time.perf_counter() - wall, time.process_time() - cpu, status


def line(what, documents, seconds, cpu):
    print(f"{what:<46}{documents:>7}{seconds:>9.1f}{documents / seconds:>9.1f}{cpu / documents * 1000:>9.1f}", flush=True)


def resume(count):
    """Interrupt a re-parse after a quarter; resume it here and interrupt it after another
    quarter; then resume it in a new process, as an operator would."""
    real, calls = reparse_command.reparse, []
    quarter = max(1, count // 4)
    try:
        reparse_command.reparse = _stopping(real, calls, quarter)
        timed_command("reparse", "--all")
        calls.clear()
        begun.clear()
        reparse_command.reparse = _stopping(real, calls, quarter)
        started = time.perf_counter()
        timed_command("reparse", "--all")
        picked_up, here = begun[0] - started, calls[0] - started
    finally:
        reparse_command.reparse = real
    job = CorpusJob.objects.get(state="interrupted")
    rest = job.total - job.processed
    # In a new process, as an operator resumes it.
    # Its export is not built either (benchdb.use_database), nor written into the working copy.
    env = dict(os.environ, DATABASE_URL=database_url(), PYTHONUNBUFFERED="1", GONGKAI_DATASET_REBUILD="off",
               GONGKAI_DATASET_DIR=str(settings.GONGKAI_DATASET_DIR))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "manage.py", "reparse", "--all"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = None
    for text in process.stdout:
        if first is None and text.startswith("reparsed"):
            first = time.perf_counter() - started
    process.wait()
    elapsed = time.perf_counter() - started
    print(f"\nresume: the first document taken up {picked_up * 1000:.0f} ms after the command started and done "
          f"{here * 1000:.0f} ms after it (in this process, {quarter} of {count} done before);")
    print(f"        in a new process {first:.1f} s (Python, Django and the parser's models starting); "
          f"the other {rest} documents at {rest / (elapsed - first):.1f} documents/s")


begun = []  # when the first document of a run was taken up


def _stopping(real, calls, stop_after):
    """reparse, noting when each document is done, and SIGINT (as Ctrl-C) after `stop_after`."""
    def wrapped(document, **kwargs):
        if not calls:
            begun.append(time.perf_counter())
        result = real(document, **kwargs)
        calls.append(time.perf_counter())
        if len(calls) == stop_after:
            os.kill(os.getpid(), signal.SIGINT)
        return result

    return wrapped



def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--database", default="gongkai_bench_reparse")
    args = parser.parse_args()
    benchdb.use_database(args.database)
    benchdb.empty()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE documents_corpusjob")
    build(args.documents)
    vacuum()
    print(f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print(f"\n{'':<46}{'docs':>7}{'s':>9}{'docs/s':>9}{'CPU ms':>9}")
    seconds, cpu, _ = timed_command("reparse", "--all")
    line("reparse --all, first pass (placeholders)", args.documents, seconds, cpu)
    vacuum()
    sections = Section.objects.count()
    seconds, cpu, _ = timed_command("reparse", "--all")
    line("reparse --all", args.documents, seconds, cpu)
    vacuum()
    seconds, cpu, _ = timed_command("reindex")
    line(f"reindex ({sections} sections)", args.documents, seconds, cpu)
    resume(args.documents)
    print(f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
