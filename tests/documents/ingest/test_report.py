import re
from pathlib import Path
from types import SimpleNamespace

from documents import ingest
from documents.ingest.report import ACTIONS, EXAMPLES, record, sentence, words


def test_an_action_recorded_twice_adds_its_counts_and_keeps_a_few_examples_and_spans_in_order():
    result = SimpleNamespace(report=[])
    record(result, "remove_noise", 2, ["a", "b"], spans=[{"start": 9}])
    record(result, "remove_noise", 0, ["ignored"])
    record(result, "remove_noise", 5, list("cdefg"), spans=[{"start": 3}])
    assert result.report == [{
        "action": "remove_noise", "count": 7, "examples": ["a", "b", "c", "d", "e"][:EXAMPLES],
        "spans": [{"start": 3}, {"start": 9}],
    }]


def test_a_report_entry_reads_as_a_chinese_sentence_with_its_count():
    assert sentence({"action": "remove_page_chrome", "count": 3, "examples": []}) == "去除网页导航 3 处"
    assert sentence({"action": "remove_duplicate_block", "count": 2}) == "删除重复的段落 2 段"


def test_an_action_no_longer_known_still_reads_as_words_not_as_its_code():
    assert sentence({"action": "some_retired_step", "count": 4}) == "其他清洗 4 处"
    assert words("some_retired_step") == "其他清洗"


# An action is named where a stage records it or edits the text under it.
_ACTION = re.compile(r'(?:\brecord\(\w+, |\.apply\(|\.sub\(|"action": )"([a-z_]+)"')


def test_every_action_a_stage_records_or_edits_under_has_words():
    source = Path(ingest.__file__).parent
    named = {m.group(1) for path in source.rglob("*.py") for m in _ACTION.finditer(path.read_text(encoding="utf-8"))}
    assert {"remove_page_chrome", "convert_script", "extract_pdf", "drop_table_markup"} <= named  # the pattern finds them
    assert sorted(named - set(ACTIONS)) == []
