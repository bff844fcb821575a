"""The whole-collection jobs (reparse, reindex): the latest ones with their progress, rate, time
left and last error. `--json` for one object per job."""
import json

from django.core.management.base import BaseCommand

from documents import jobs
from documents.models import CorpusJob


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--last", type=int, default=10, help="how many of the latest jobs (default 10)")
        parser.add_argument("--json", action="store_true", help="one JSON object per job")

    def handle(self, *args, **options):
        for job in CorpusJob.objects.all()[: max(options["last"], 1)]:
            job = jobs.mark_interrupted_if_dead(job)
            if options["json"]:
                self.stdout.write(json.dumps({
                    "id": job.pk, "kind": job.kind, "parameters": job.parameters, "state": job.state,
                    "done": job.done, "failed": job.failed, "total": job.total, "last_id": job.last_id,
                    "rate": job.rate, "eta_seconds": job.eta_seconds, "pid": job.pid,
                    "started_at": job.started_at.isoformat(), "updated_at": job.updated_at.isoformat(),
                    "finished_at": job.finished_at.isoformat() if job.finished_at else None,
                    "last_error": job.last_error,
                }, ensure_ascii=False))
                continue
            line = jobs.describe(job) + f"; started {job.started_at:%Y-%m-%d %H:%M}, updated {job.updated_at:%H:%M:%S}"
            if job.last_error:
                line += f"; last error: {job.last_error}"
            self.stdout.write(line)
