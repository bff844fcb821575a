"""The pipeline's golden spec cases; the comparison rules are in this folder's README."""
import json
import re

import pytest

from tests.conftest import SAMPLE_NAMES, sample_bytes
from tests.golden.regenerate import CASES, METADATA, case_for


def squash(text):
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module", params=SAMPLE_NAMES)
def pair(request):
    expected = json.loads((CASES / f"{request.param}.json").read_text(encoding="utf-8"))
    return expected, case_for(sample_bytes(request.param))


def test_its_metadata_matches_the_case(pair):
    expected, actual = pair
    assert {k: actual[k] for k in METADATA} == {k: expected[k] for k in METADATA}


def test_its_section_tree_matches_the_case(pair):
    expected, actual = pair
    shape = lambda sections: [(s["number"], s["heading"], s["level"], s["kind"], s["parent"]) for s in sections]
    assert shape(actual["sections"]) == shape(expected["sections"])


def test_its_section_texts_match_the_case(pair):
    expected, actual = pair
    for want, got in zip(expected["sections"], actual["sections"]):
        assert squash(got["text"]) == squash(want["text"]), want["heading"]


def test_its_cleaning_report_matches_the_case(pair):
    expected, actual = pair
    assert actual["cleanup"] == expected["cleanup"]
    assert actual["clean_text_sha256"] == expected["clean_text_sha256"]
