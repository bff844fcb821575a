"""Store files (folders are walked), parsing them in parallel. One line per file: created,
duplicate or error. Exit status 0 when every file parsed, 1 when any failed, 2 for bad arguments."""
import argparse
import json
import os
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.bulk import processes
from documents.bulk.files import walk
from documents.bulk.run import BulkIngest
from documents.ingest import ocr
from documents.ingest.pipeline import PARSER_VERSION
from documents.loader import bulk_commits, merge_pending

from ._options import add_override_arguments, overrides_from


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument("--report", metavar="FILE", help="write a JSON report of the run to FILE")
        parser.add_argument(
            "--jobs", type=int, default=0, metavar="N",
            help="worker processes that parse and store (default: one per core; 1: all in this process)",
        )
        parser.add_argument(
            "--progress", action=_Toggle, nargs=0, default=None,
            help="a progress bar with counts on stderr (--no-progress: none; default: when stderr is a terminal)",
        )
        parser.add_argument("--no-progress", dest="progress", action=_Toggle, nargs=0)
        add_override_arguments(parser)

    def handle(self, *args, **options):
        started = time.time()
        paths = [Path(p) for p in options["paths"]]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}", returncode=2)
        if options["jobs"] < 0:
            raise CommandError("--jobs must be 0 (one per core) or more", returncode=2)
        self.as_json = options["json"]
        self.overrides = overrides_from(options)
        self.counts = {"created": 0, "duplicate": 0, "error": 0}
        self.entries = []
        files = list(walk(paths))
        err = getattr(self.stderr, "_out", sys.stderr)
        show = options["progress"] if options["progress"] is not None else err.isatty()
        self.bar = _bar(len(files), err) if show else None
        interrupted = False
        try:
            # With progress shown, a scan's pages are counted as they are read (from the
            # workers too: they inherit the listener and write to the same stderr).
            listener = _page_progress(err, self.bar) if show else None
            with processes.bulk_collection(), bulk_commits(), ocr.on_page(listener):
                self.ingest(files, options["jobs"] or os.cpu_count() or 1)
            merge_pending()
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            if self.bar is not None:
                self.bar.close()
            if options["report"]:
                self.write_report(options["report"], started, len(files), interrupted)
        if not self.as_json:
            self.stderr.write(
                f"{self.counts['created']} created, {self.counts['duplicate']} duplicate, {self.counts['error']} failed"
            )
        if self.counts["error"]:
            raise CommandError(f"{self.counts['error']} file(s) failed", returncode=1)

    def ingest(self, files, jobs):
        bulk = BulkIngest(self.overrides, self.record)
        bulk.ingest(files, jobs)
        for entry, document in bulk.renumbered(self.entries):
            if self.as_json:
                self.stdout.write(json.dumps({**entry, "status": "renumbered"}, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"renumbered {entry['file']} -> {document.slug} (version {document.version}, in file order)"
                )

    def record(self, entry):
        """Count, report and print one file's entry (Outcome.as_json)."""
        status, path = entry["status"], entry["file"]
        self.counts[status] += 1
        self.entries.append(entry)
        if self.as_json:
            line = json.dumps(entry, ensure_ascii=False)
        elif status == "error":
            line = f"error      {path}: {entry['message']}"
        else:
            line = f"{status:<10} {path} -> {entry['slug']}"
            if entry.get("message"):
                line += f" ({entry['message']})"
        if self.bar is not None:
            with self.bar.external_write_mode():
                self.stdout.write(line)
            self.bar.set_postfix(
                created=self.counts["created"], duplicate=self.counts["duplicate"], failed=self.counts["error"],
                refresh=False,
            )
            self.bar.update(1)
        else:
            self.stdout.write(line)
        self.stdout.flush()

    def write_report(self, filename, started, total, interrupted):
        report = {
            "parser_version": PARSER_VERSION,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
            "seconds": round(time.time() - started, 3),
            "files": total,
            "counts": self.counts,
            "interrupted": interrupted,
            "results": self.entries,
        }
        Path(filename).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class _Toggle(argparse.Action):
    """--progress sets True, --no-progress False."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, not option_string.startswith("--no-"))


def _page_progress(stream, bar):
    """A line on stderr per page read by OCR: the file, pages done of all, and how it went."""
    pid = os.getpid()

    def show(path, done, total, page):
        how = {"read": f"confidence {page.confidence or 0:.2f}", "timed_out": "timed out, skipped"}.get(page.status, page.status)
        line = f"ocr        {path}: page {done}/{total} ({how}, {page.seconds:.1f} s)"
        if bar is not None and os.getpid() == pid:
            bar.write(line, file=stream)
        else:
            stream.write(line + "\n")
            stream.flush()

    return show


def _bar(total, stream):
    from tqdm import tqdm

    # No monitor thread: workers are forked from this process, best with no other thread.
    tqdm.monitor_interval = 0
    return tqdm(total=total, file=stream, unit="file", dynamic_ncols=True, mininterval=0.2)
