"""Turns: versions of one report stored by a bulk run's workers in file order. Pure: no Django.

Workers store what they parse in parallel, each file in the order it finishes. Versions of one
report (same publisher, year and kind) are numbered in the order they are stored, so a file
that is a version waits, once parsed, until every earlier file of the run is parsed and every
earlier version of its report is stored: the numbering is then that of the files, whichever
worker is faster, and each file's report line is final when printed.

No deadlock: a pool's workers take files in order, so the earliest unfinished file waits for
nothing. A run that stops (an error, Ctrl-C) calls `release()`: nothing waits any longer.
"""
import hashlib
import multiprocessing
import time

UNPARSED = 0  # not parsed yet: a later version cannot know whether it comes first
SETTLED = 1  # stored, refused, or no version of anything: nothing waits for it
# Any other value: a version of the report with that hash, parsed and not stored yet.

POLL_SECONDS = 0.005


def report_hash(identity: str | None) -> int:
    """A positive number for the report's identity (the same in every process, unlike hash()),
    never UNPARSED or SETTLED; SETTLED for no identity."""
    if identity is None:
        return SETTLED
    return int.from_bytes(hashlib.sha256(identity.encode()).digest()[:7], "big") | 2


class Turns:
    """The state of each file of a run (by position), shared by the processes of its pool."""

    def __init__(self, count: int, context=None):
        context = context or multiprocessing.get_context()
        # Without a lock: each slot has one writer (the worker holding the file), and a
        # reader that sees the old value only waits one poll longer.
        self.states = context.Array("q", count, lock=False)
        self.released = context.Value("b", 0, lock=False)

    def settle(self, position: int) -> None:
        self.states[position] = SETTLED

    def release(self) -> None:
        self.released.value = 1

    def wait_for(self, position: int, identity: str | None) -> None:
        """Mark the file at `position` parsed, as a version of `identity` (None: of nothing),
        and return when it may be stored: every earlier file is parsed and no earlier one is
        a version of the same report still to be stored."""
        own = report_hash(identity)
        self.states[position] = own
        if own == SETTLED:
            return
        first = 0  # the files before it known settled
        while not self.released.value:
            while first < position and self.states[first] == SETTLED:
                first += 1
            if all(self.states[j] not in (UNPARSED, own) for j in range(first, position)):
                return
            time.sleep(POLL_SECONDS)
