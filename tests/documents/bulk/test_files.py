from documents.bulk import files
from tests.conftest import SAMPLES


def test_a_file_is_parsed_from_its_path():
    result = files.parse_file(str(SAMPLES / "shanghai-yangpu-2021-work-plan.txt"), None, 10**7)
    assert result.code == "" and result.parsed.metadata.year == 2021


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 100)
    result = files.parse_file(str(path), None, 10)
    assert (result.parsed, result.code) == (None, "too_large")
    assert "limit is 10 bytes" in result.message


def test_a_refused_file_says_why(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = files.parse_file(str(path), None, 10**7)
    assert (result.parsed, result.code) == (None, "empty")


def test_a_missing_file_is_reported_not_raised(tmp_path):
    result = files.parse_file(str(tmp_path / "gone.txt"), None, 10**7)
    assert result.code == "unreadable" and result.message


def test_overrides_reach_the_parser():
    result = files.parse_file(str(SAMPLES / "shanghai-yangpu-2021-work-plan.txt"), {"year": 2030}, 10**7)
    assert result.parsed.metadata.year == 2030


def test_a_parse_result_survives_the_trip_between_processes():
    import pickle

    result = files.parse_file(str(SAMPLES / "shanghai-2023-annual-report.txt"), None, 10**7)
    back = pickle.loads(pickle.dumps(result))
    assert back.parsed.clean_text == result.parsed.clean_text
    assert len(back.parsed.metrics) == len(result.parsed.metrics)


def test_the_report_a_file_belongs_to_is_told_before_its_later_stages_run(monkeypatch):
    # A bulk run's worker marks its file's report with it, so that a later file of the run
    # waits for the earlier one's metadata only, not for its whole parse (turns.py).
    from documents.ingest import pipeline

    told = []
    indexed_after = []
    index_row = pipeline.searchindex.index_row

    def indexing(*args):
        indexed_after.append(len(told))
        return index_row(*args)

    monkeypatch.setattr(pipeline.searchindex, "index_row", indexing)
    path = str(SAMPLES / "shanghai-yangpu-2021-work-plan.txt")
    result = files.parse_file(path, {"year": 2030}, 10**7, on_metadata=told.append)
    assert told == [result.parsed.metadata] and told[0].year == 2030
    assert indexed_after and set(indexed_after) == {1}
