"""Turns: a version of a report waits for the earlier versions of the run, nothing else does."""
import threading
import time

from documents.bulk.turns import SETTLED, Conflict, Turns, report_hash


def waits(turns, position, identity, timeout=0.2):
    """Does wait_for(position, identity) still wait after `timeout` seconds?"""
    thread = threading.Thread(target=turns.wait_for, args=(position, identity), daemon=True)
    thread.start()
    thread.join(timeout)
    return thread.is_alive()


def test_a_version_waits_for_an_earlier_version_of_its_report_until_that_is_stored():
    turns = Turns(2)
    turns.wait_for(0, "A|2021|work_plan")
    thread = threading.Thread(target=turns.wait_for, args=(1, "A|2021|work_plan"), daemon=True)
    thread.start()
    time.sleep(0.1)
    assert thread.is_alive()
    turns.settle(0)
    thread.join(1)
    assert not thread.is_alive()


def test_a_version_waits_for_an_earlier_file_not_parsed_yet():
    turns = Turns(2)
    assert waits(turns, 1, "A|2021|work_plan")


def test_a_version_of_another_report_does_not_wait():
    turns = Turns(2)
    turns.wait_for(0, "A|2021|work_plan")
    assert not waits(turns, 1, "B|2021|work_plan")


def test_a_document_that_is_no_version_never_waits():
    turns = Turns(2)
    assert not waits(turns, 1, None)


def test_nothing_waits_once_the_run_is_released():
    turns = Turns(2)
    turns.release()
    assert not waits(turns, 1, "A|2021|work_plan")


def test_the_hash_of_a_report_is_never_a_state_of_its_own():
    assert report_hash(None) == SETTLED
    assert report_hash("A|2021|work_plan") not in (0, SETTLED)
    assert report_hash("A|2021|work_plan") == report_hash("A|2021|work_plan") != report_hash("A|2022|work_plan")


def holds(turns, position, identity, timeout=0.2):
    """What hold(position, identity) did after `timeout` seconds: "waiting", "commit" or the
    exception it raised."""
    outcome = []

    def run():
        try:
            turns.hold(position, identity)
            outcome.append("commit")
        except Conflict as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    return outcome[0] if outcome else "waiting"


def test_a_stored_file_commits_once_the_earlier_files_are_parsed_as_other_reports():
    turns = Turns(3)
    turns.parsed(0, "A|2021|work_plan")
    turns.parsed(1, None)
    turns.parsed(2, "B|2021|work_plan")
    assert holds(turns, 2, "B|2021|work_plan") == "commit"


def test_a_stored_file_holds_its_commit_while_an_earlier_file_is_being_parsed():
    turns = Turns(2)
    turns.parsed(1, "B|2021|work_plan")
    assert holds(turns, 1, "B|2021|work_plan") == "waiting"


def test_a_stored_file_gives_way_to_an_earlier_version_of_its_report_found_while_it_holds():
    turns = Turns(2)
    turns.parsed(1, "A|2021|work_plan")
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(holds(turns, 1, "A|2021|work_plan", timeout=2)))
    thread.start()
    time.sleep(0.05)
    turns.parsed(0, "A|2021|work_plan")
    thread.join(3)
    assert isinstance(outcome[0], Conflict)
