"""The recognizer's common slips corrected where the context leaves one reading
(documents/ingest/ocr_fixes.py): each correction an edit against the text as read, and
listed in the report; what the context does not settle is left as read."""
import pytest

from documents.ingest import clean, ocr, ocr_fixes
from documents.ingest.pipeline import parse_bytes

from .test_ocr import _inked, _Recognizer


def _corrected(text):
    cleaned = clean.clean(text, first=ocr_fixes.STEPS)
    return cleaned.text, [(e.action, e.removed, e.inserted) for e in cleaned.edited.edits if e.action.startswith("ocr_")], cleaned.report


def test_letters_read_inside_a_number_become_its_digits_as_edits():
    text, edits, report = _corrected("2O22年共收到申请l5件，办结率1OO%。")
    assert text == "2022年共收到申请15件，办结率100%。"
    assert edits == [("ocr_letters_in_numbers", "2O22", "2022"), ("ocr_letters_in_numbers", "l5", "15"),
                     ("ocr_letters_in_numbers", "1OO", "100")]
    step = next(s for s in report if s["action"] == "ocr_letters_in_numbers")
    assert step["count"] == 3 and "2O22→2022" in step["examples"]


@pytest.mark.parametrize("text", ["推行O2O模式", "COVID-19疫情", "支持IPv6访问", "通过ISO9001认证", "附件I", "第lO届"])
def test_letters_among_words_or_with_as_few_digits_and_no_counter_are_left_as_read(text):
    assert _corrected(text)[:2] == (text, [])


def test_a_district_misread_by_one_character_after_its_city_is_corrected_from_the_division_list():
    text, edits, report = _corrected("上海市杨捕区人民政府")
    assert text == "上海市杨浦区人民政府"
    assert edits == [("ocr_place_names", "杨捕区", "杨浦区")]
    assert next(s for s in report if s["action"] == "ocr_place_names")["examples"] == ["上海市杨捕区→上海市杨浦区"]


def test_a_city_whose_ending_was_read_as_its_lookalike_is_corrected_before_its_district():
    text, edits, _ = _corrected("上海巿长宁区人民政府")
    assert text == "上海市长宁区人民政府" and edits == [("ocr_place_names", "上海巿", "上海市")]


@pytest.mark.parametrize("text", [
    "上海的长宁区",                  # the ending read as another word, not a lookalike
    "北京市朝阳区、吉林省长春市朝阳区",  # every name spelled right
    "上海市发展和改革委员会",          # no district after the city
    "上海市各区人民政府",
])
def test_what_the_division_list_does_not_settle_is_left_as_read(text):
    assert _corrected(text)[:2] == (text, [])


def test_a_text_with_its_own_characters_is_never_corrected_as_ocr():
    parsed = parse_bytes("上海巿杨浦区人民政府2O22年政府信息公开工作年度报告\n一、总体情况\n收到申请l5件。\n".encode())
    assert "2O22" in parsed.cleaned.edited.original and not any(e.action.startswith("ocr_") for e in parsed.cleaned.edited.edits)


def test_a_scan_whose_title_was_misread_is_corrected_and_its_publisher_and_year_read(monkeypatch):
    monkeypatch.setattr(ocr, "engine", lambda: _Recognizer(["上海市杨捕区人民政府2O22年政府信息公开工作年度报告"]))
    import io

    out = io.BytesIO()
    _inked().save(out, format="PNG")
    parsed = parse_bytes(out.getvalue()).as_json()
    assert parsed["publisher"] == "上海市杨浦区人民政府" and parsed["year"] == 2022
    actions = {s["action"]: s for s in parsed["cleanup"]}
    assert actions["ocr_place_names"]["examples"] == ["上海市杨捕区→上海市杨浦区"]
    assert actions["ocr_letters_in_numbers"]["examples"] == ["2O22→2022"]
