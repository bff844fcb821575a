"""What the commands that work over the whole collection (reparse, reindex) share: the options
that start, resume or detach a job, and running it with progress (documents/jobs.py)."""
import signal

from django.core.management.base import CommandError

from documents import jobs

# Exit statuses of an interrupted run, as a shell reports a process ended by the signal.
INTERRUPTED = {signal.SIGINT: 130, signal.SIGTERM: 143}


def add_job_arguments(parser):
    group = parser.add_argument_group("the job: checkpoint, resume, background")
    group.add_argument("--resume", action="store_true",
                       help="continue the unfinished job of this kind, with its own parameters (the default when "
                            "the unfinished job has the parameters asked for)")
    group.add_argument("--restart", action="store_true",
                       help="abandon an unfinished job of this kind and start over from the first document")
    group.add_argument("--background", action="store_true",
                       help="run detached from this terminal (it goes on after logout); output to --log")
    group.add_argument("--log", help="with --background: the log file (default gongkai-KIND-JOB-DATE.log here)")
    group.add_argument("--progress-every", type=float, default=10.0, metavar="SECONDS",
                       help="a progress line on stderr this often (default 10)")


def prepare(command, kind, parameters, options):
    """The job to run (new or resumed), or CommandError (exit status 2) saying why not."""
    if options["resume"] and options["restart"]:
        raise CommandError("--resume and --restart exclude each other", returncode=2)
    try:
        job, resumed = jobs.prepare(kind, parameters, resume=options["resume"], restart=options["restart"])
    except jobs.JobError as exc:
        raise CommandError(str(exc), returncode=2) from None
    if resumed:
        command.stderr.write(f"resuming {kind} job #{job.pk} after document {job.last_id} ({job.processed}/{job.total} done)")
    return job


def detach(command, kind, job, options, forwarded):
    """Start the job in a process of its own, detached, and say where to follow it."""
    log = options["log"] or jobs.default_log(kind, job)
    args = [kind, "--resume", "--progress-every", str(options["progress_every"]), *forwarded]
    pid = jobs.spawn(args, jobs.Path(log))
    command.stdout.write(
        f"{kind} job #{job.pk} runs in the background (pid {pid}); log: {log}\n"
        f"progress: python manage.py jobs (or the admin's 全库任务); stop it with kill {pid}, resume it with "
        f"python manage.py {kind} --resume"
    )


def run(command, job, documents, step, on_result, options):
    """Run the job here, progress lines on stderr; the exit status says how it ended."""
    stop = jobs.Stop()
    progress = jobs.Progress(command.stderr.write, every=options["progress_every"])
    try:
        with jobs.holding(job.kind), stop.installed():
            job = jobs.run(job, documents, step, stop=stop, progress=progress, on_result=on_result)
    except jobs.JobError as exc:
        raise CommandError(str(exc), returncode=2) from None
    if stop:
        raise CommandError(
            f"interrupted after document {job.last_id}: {job.processed}/{job.total} done; "
            f"`manage.py {job.kind}` again resumes", returncode=INTERRUPTED.get(stop.signal, 1),
        )
    return job
