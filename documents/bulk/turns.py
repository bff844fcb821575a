"""Turns: versions of one report stored by a bulk run's workers in file order. Pure: no Django.

Workers store what they parse in parallel, each file in the order it finishes. Versions of one
report (same publisher, year and kind) are numbered in the order they are stored, so a file
that is a version commits, once parsed, only when every earlier file of the run is parsed and
every earlier version of its report is stored: the numbering is then that of the files,
whichever worker is faster, and each file's report line is final when printed. What counts
as parsed here is a file whose metadata is read (`parsed` is called then, before the later
stages): which report it is a version of is known from that point.

A file does its storing while it waits for earlier files to be parsed (`hold`, called inside
its transaction, before the commit): most files are versions of nothing stored in the same
run, and a worker that sat idle meanwhile left its core unused. Where an earlier file turns
out to be a version of the same report, `hold` raises Conflict: the transaction is rolled
back, the file waits (`wait_for`) and is stored again, after it.

No deadlock: a pool's workers take files in order, so the earliest unfinished file waits for
nothing. A file that holds its transaction open waits only for files being parsed (never for
one blocked in the database), and gives way (Conflict) to an earlier version of its report,
which may be waiting for its lock. A run that stops (an error, Ctrl-C) calls `release()`:
nothing waits any longer.
"""
import hashlib
import multiprocessing
import time

UNPARSED = 0  # not parsed yet: a later version cannot know whether it comes first
SETTLED = 1  # stored, refused, or no version of anything: nothing waits for it
# Any other value: a version of the report with that hash, parsed and not stored yet.

POLL_SECONDS = 0.005


class Conflict(Exception):
    """An earlier file of the run is a version of the same report, not stored yet."""


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

    def parsed(self, position: int, identity: str | None) -> None:
        """Mark the file at `position` parsed, as a version of `identity` (None: of nothing)."""
        self.states[position] = report_hash(identity)

    def wait_for(self, position: int, identity: str | None) -> None:
        """Mark the file at `position` parsed, as a version of `identity` (None: of nothing),
        and return when it may be stored: every earlier file is parsed and no earlier one is
        a version of the same report still to be stored."""
        self.parsed(position, identity)
        own, first = report_hash(identity), 0
        while (found := self._state(position, own, first))[0] is not None:
            first = found[1]
            time.sleep(POLL_SECONDS)

    def hold(self, position: int, identity: str | None) -> None:
        """For a file parsed (`parsed`) and stored but not committed: return when it may
        commit, as `wait_for` would; raise Conflict, at once, when an earlier file of the run is
        a version of the same report still to be stored (roll back, `wait_for`, store again)."""
        own, first = report_hash(identity), 0
        while (found := self._state(position, own, first))[0] is not None:
            state, first = found
            if state == own:
                raise Conflict(identity)
            time.sleep(POLL_SECONDS)

    def _state(self, position: int, own: int, first: int) -> tuple[int | None, int]:
        """(None when the file at `position`, a version of the report hashed `own`, may be
        stored, else the state of an earlier file it must wait for: `own` where one is a
        version of the same report still to be stored, UNPARSED where one is being parsed;
        the files before `first` known settled, for the next look to skip)."""
        if own == SETTLED or self.released.value:
            return None, first
        while first < position and self.states[first] == SETTLED:
            first += 1
        waiting = None
        for j in range(first, position):
            state = self.states[j]
            if state == own:
                return own, first
            if state == UNPARSED:
                waiting = UNPARSED
        return waiting, first
