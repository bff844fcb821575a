import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import pgtools


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by `backup FILE`. Every table the "
        "backup holds is dropped and made again from it, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup written by `manage.py backup`")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, file, interactive, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        pg_restore, env = pgtools.for_command("pg_restore")
        database = env.get("PGDATABASE")
        listed = subprocess.run([pg_restore, "--list", str(path)], capture_output=True, text=True)
        if listed.returncode != 0:
            raise CommandError(f"{path} is not a backup pg_restore can read: {listed.stderr.strip()}")
        if interactive:
            answer = input(f"This replaces every table of database {database!r} with {path}. Type 'yes' to go on: ")
            if answer.strip() != "yes":
                raise CommandError("restore cancelled")
        result = subprocess.run(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", "--dbname", database, str(path)],
            env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed (nothing was changed): {result.stderr.strip()}")
        self.stdout.write(f"restored {path} into database {database}")
