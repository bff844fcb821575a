"""Pages scanned askew, sideways or upside down are read upright (documents/ingest/ocr.py):
page images drawn at test time, turned by the test, read by the real recognizer (small
pages: a few seconds each)."""
import numpy as np
import pytest

from documents.ingest import ocr

from . import ocr_fixtures as f

TITLE = "上海市杨浦区人民政府2022年政府信息公开工作年度报告"
SENTENCE = "本年度共收到政府信息公开申请，全部按期答复。"


@pytest.fixture(scope="module")
def page():
    f.require_font()
    return f.pages([("p", TITLE), ("p", "  " + SENTENCE)], height=420)[0]


def _text(read):
    return "".join(line.text for line in read.lines)


def _box(width, height):
    return np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=float)


def test_a_page_of_standing_lines_is_taken_for_sideways_and_one_of_lying_lines_is_not():
    assert ocr._sideways([_box(30, 900), _box(28, 600), _box(30, 30)])
    assert not ocr._sideways([_box(900, 30), _box(600, 28), _box(30, 30)])
    assert not ocr._sideways([_box(30, 900)])  # one standing line says too little


@pytest.mark.ocr
@pytest.mark.parametrize("degrees", [90, 180])
def test_a_page_scanned_turned_a_quarter_or_half_round_is_read_upright_in_order(page, degrees):
    read = ocr.read_page(page.rotate(degrees, expand=True, fillcolor=255))
    assert (read.turned + degrees) % 360 == 0
    assert _text(read).startswith(TITLE) and SENTENCE in _text(read)
    assert (read.width, read.height) == page.size  # the boxes are in the upright page


@pytest.mark.ocr
def test_a_page_laid_a_few_degrees_askew_is_straightened_and_read(page):
    read = ocr.read_page(f.rotated(page, 6))
    assert abs((read.turned + 6 + 180) % 360 - 180) < 0.5
    assert _text(read).startswith(TITLE) and SENTENCE in _text(read)


def test_a_page_slanted_by_its_lines_is_measured_from_their_top_edges():
    slanted = [np.array([[0, 100], [900, 100 - 900 * 0.0875], [900, 130 - 900 * 0.0875], [0, 130]]) for _ in range(3)]
    assert ocr._skew(slanted) == pytest.approx(5.0, abs=0.05)  # rising to the right: turned 5° counter-clockwise
    assert ocr._skew([_box(900, 30)]) == 0.0  # one line tells too little
