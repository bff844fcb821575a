"""What a worker process of a bulk run needs, whichever work it does: collecting garbage less
often, ending with the main process, and the stages' models loaded before it is forked. Pure:
no Django (the forkserver imports this before Django is set up).
"""
import gc
import os
import threading
import time
from contextlib import contextmanager

from ..ingest.pipeline import parse_bytes

# A short document through every stage loads what the stages load lazily (jieba's
# dictionary, OpenCC's tables, the script's arrays for long texts), once before the workers
# are forked, so that none loads them again inside its first real file.
_WARM_UP = (
    "2021年某区政务公开工作要点\n一、总体情况\n(一)主动公开\n"
    + "".join(f"{year}年,本区主动公开政府信息{1200 + year}条,答复依申请公开{year % 50}件。\n" for year in range(2014, 2022))
).encode()


def init_worker(main_pid: int) -> None:
    # The models are loaded already: forked from the command, which warmed up first, or
    # from the forkserver, which imported documents.bulk.preload_stages.
    _exit_with(main_pid)
    _collect_for_bulk()


# A parse makes a great many short-lived lists, tuples and strings: Python's default threshold
# (700) walks its youngest generation over and over, about 3% of a parse. Larger thresholds
# for a bulk run; what is loaded by then (in a worker, the stages' models) is frozen out of
# every collection.
BULK_GC_THRESHOLD = (10_000, 50, 100)


def _collect_for_bulk() -> None:
    gc.freeze()
    gc.set_threshold(*BULK_GC_THRESHOLD)


@contextmanager
def bulk_collection():
    """Garbage collection as in ingest's workers, for a bulk run in this process; the
    thresholds as they were, after, and nothing frozen."""
    threshold = gc.get_threshold()
    _collect_for_bulk()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def warm_up() -> None:
    parse_bytes(_WARM_UP)


def _exit_with(main_pid: int, interval: float = 0.5) -> None:
    """A worker whose main process was killed (SIGKILL leaves it no chance to stop the pool)
    ends itself instead of lingering. A forked worker's parent is the main process: once it
    is another, the main process is gone (even if not yet reaped). A forkserver's worker has
    the forkserver for parent, which outlives the main process while workers hold its pipe,
    so the main process itself is watched."""
    forked = os.getppid() == main_pid

    def watch():
        while True:
            time.sleep(interval)
            if forked and os.getppid() != main_pid:
                os._exit(1)
            try:
                os.kill(main_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass  # alive, under another user

    threading.Thread(target=watch, name="exit-with-main", daemon=True).start()
