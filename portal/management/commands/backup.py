import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import pgtools


class Command(BaseCommand):
    help = "Write the whole database to FILE (pg_dump's custom format; `restore FILE` reads it back)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup (e.g. gongkai-2026-01-31.dump)")

    def handle(self, file, **options):
        path = Path(file)
        if path.parent and not path.parent.exists():
            raise CommandError(f"no such folder: {path.parent}")
        pg_dump, env = pgtools.for_command("pg_dump")
        # Written beside the target and renamed when complete: a failed backup never leaves a
        # partial file where a good one is expected.
        partial = path.with_name(path.name + ".partial")
        result = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial)],
            env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        partial.replace(path)
        self.stdout.write(f"backed up database {env.get('PGDATABASE')} to {path} ({path.stat().st_size:,} bytes)")
