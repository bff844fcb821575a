"""Reading a page image by OCR (documents/ingest/ocr.py), with a stand-in recognizer: which
pages are run through it, the deadline per page, and the confidence reported."""
import numpy as np
import pytest
from PIL import Image, ImageDraw

from documents.ingest import ocr


class _Recognizer:
    """Detects one box per dark band and reads each as the next of `texts`."""

    def __init__(self, texts, confidence=0.95):
        self.texts, self.confidence, self.calls = list(texts), confidence, 0

    def preprocess(self, img):
        return img, 1.0, 1.0

    def maybe_add_letterbox(self, img, record):
        record["padding_1"] = {"top": 0, "left": 0}
        return img, record

    def auto_text_det(self, img):
        boxes = [np.array([[10, 10 + 40 * k], [200, 10 + 40 * k], [200, 40 + 40 * k], [10, 40 + 40 * k]], dtype=np.float32)
                 for k in range(len(self.texts))]
        return (boxes or None), 0.0

    def get_crop_img_list(self, img, boxes):
        return [np.zeros((30, 190, 3), dtype=np.uint8) for _ in boxes]

    def text_rec(self, crops):
        self.calls += 1
        return [(self.texts.pop(0), self.confidence) for _ in crops], 0.0

    def _get_origin_points(self, boxes, record, h, w):
        return np.array(boxes)


def _inked(width=400, height=400):
    image = Image.new("L", (width, height), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 300, 200), fill=0)
    return image


def test_a_blank_page_is_not_run_through_the_recognizer(monkeypatch):
    monkeypatch.setattr(ocr, "engine", lambda: pytest.fail("the recognizer was loaded for a blank page"))
    page = ocr.read_page(Image.new("L", (800, 1100), 255), number=3)
    assert (page.status, page.lines, page.confidence) == ("blank", [], None)


def test_lines_come_back_with_their_boxes_text_and_confidence(monkeypatch):
    monkeypatch.setattr(ocr, "engine", lambda: _Recognizer(["一、总体情况", "本年度收到申请15件。"], 0.9))
    page = ocr.read_page(_inked())
    assert [line.text for line in page.lines] == ["一、总体情况", "本年度收到申请15件。"]
    assert page.lines[1].y0 > page.lines[0].y1 - 1
    assert page.summary()["confidence"] == 0.9 and page.status == "read"


def test_a_page_past_its_deadline_gives_up_and_says_so(monkeypatch):
    recognizer = _Recognizer([f"第{k}行" for k in range(30)])
    monkeypatch.setattr(ocr, "engine", lambda: recognizer)
    ticks = iter(range(0, 10_000, 50))  # every look at the clock is 50 seconds later
    page = ocr.read_page(_inked(), limits=ocr.OcrLimits(page_seconds=120), clock=lambda: next(ticks))
    assert page.status == "timed_out" and page.lines == []
    assert recognizer.calls < 5  # it stopped at the deadline, not after all 30 lines


def test_the_page_confidence_weighs_each_line_by_its_length():
    page = ocr.OcrPage(1, 100, 100, lines=[
        ocr.OcrLine(0, 0, 10, 10, "一二三四五六七八", 1.0), ocr.OcrLine(0, 20, 10, 30, "九十", 0.5),
    ])
    assert page.confidence == pytest.approx(0.9)
