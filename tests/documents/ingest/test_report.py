from types import SimpleNamespace

from documents.ingest.report import EXAMPLES, record


def test_an_action_recorded_twice_adds_its_counts_and_keeps_a_few_examples_and_spans_in_order():
    result = SimpleNamespace(report=[])
    record(result, "remove_noise", 2, ["a", "b"], spans=[{"start": 9}])
    record(result, "remove_noise", 0, ["ignored"])
    record(result, "remove_noise", 5, list("cdefg"), spans=[{"start": 3}])
    assert result.report == [{
        "action": "remove_noise", "count": 7, "examples": ["a", "b", "c", "d", "e"][:EXAMPLES],
        "spans": [{"start": 3}, {"start": 9}],
    }]
