"""The time limit all the statements of one search share, and the planner settings they run
under."""
import contextlib
import contextvars
import time

from django.conf import settings
from django.db import OperationalError, connection, transaction


class SearchTimeout(Exception):
    """The search ran past its statement timeout."""


# Set locally for every search statement: no sequential scans, no plain index scans, operators
# priced twenty times PostgreSQL's default. The planner prices `@@` as a cheap operator, but on a
# table whose token columns are stored out of the row each evaluation fetches one; the GIN index
# answers it without them, in a bitmap scan (ANDed with a bitmap of the candidate documents'
# sections), while a sequential scan, or any scan of a document's sections filtered by `@@`,
# evaluates it row by row.
PLANNER = {"enable_seqscan": "off", "enable_indexscan": "off", "cpu_operator_cost": "0.05"}
_bounded = contextvars.ContextVar("bounded", default=None)


@contextlib.contextmanager
def bounded(timeout_ms=None):
    """A transaction whose statements run under the PLANNER settings and share one time limit:
    each runs under `SET LOCAL statement_timeout` set to the time left (run_bounded);
    SearchTimeout when the time is up. Within another one, the other's limit holds."""
    if _bounded.get() is not None:
        yield _bounded.get()
        return
    timeout_ms = int(timeout_ms or settings.GONGKAI_SEARCH_TIMEOUT_MS)
    wanted = {"statement_timeout": f"{timeout_ms}ms", **PLANNER}
    # SET LOCAL lasts until the transaction ends: our own one when the request has none, but
    # inside an enclosing transaction (a test, a command) the old values are put back by hand
    # (after an error, rolling back to the savepoint puts them back).
    enclosed = connection.in_atomic_block
    settings_sql = "SELECT " + ", ".join(f"set_config('{name}', %s, true)" for name in wanted)
    state = {"deadline": time.monotonic() + timeout_ms / 1000, "statements": 0, "in_force_ms": timeout_ms}
    token = _bounded.set(state)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if enclosed:
                cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in wanted))
                previous = cursor.fetchone()
            cursor.execute(settings_sql, list(wanted.values()))
            yield state
            if enclosed:
                cursor.execute(settings_sql, list(previous))
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise SearchTimeout() from exc
        raise
    finally:
        _bounded.reset(token)


def run_bounded(sql, params, timeout_ms=None, index_scans=False):
    """The rows of one statement run in `bounded()`: its own, or the search's it is part of
    (whose time limit then holds, not `timeout_ms`, give or take a tenth). `index_scans`:
    planned with index scans allowed, for a statement that reads a few rows in an index's
    order and touches no token column (turned on and off again in the same round trip)."""
    with bounded(timeout_ms) as state, connection.cursor() as cursor:
        if state["statements"]:  # a later statement of a search: only the time left
            left_ms = int((state["deadline"] - time.monotonic()) * 1000)
            if left_ms < 1:
                raise SearchTimeout()
            # Set again only once a tenth of the time is spent: a search overruns its limit by
            # at most that, and a quick one makes no round trip per statement for it.
            if left_ms < state["in_force_ms"] * 0.9:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{left_ms}ms"])
                state["in_force_ms"] = left_ms
        state["statements"] += 1
        if not index_scans:
            cursor.execute(sql, params)
            return cursor.fetchall()
        cursor.execute(
            f"SELECT set_config('enable_indexscan', 'on', true); {sql.strip()};"
            f" SELECT set_config('enable_indexscan', %(_indexscan)s, true)",
            {**params, "_indexscan": PLANNER["enable_indexscan"]},
        )
        cursor.nextset()
        return cursor.fetchall()
