"""Text lines of a page image, read by OCR: `read_page`.

Pure: a page image (Pillow) in, an `OcrPage` out; no Django, no I/O. The recognizer is
RapidOCR on ONNX Runtime with the PP-OCRv4 Chinese detection and recognition models that its
wheel carries, so nothing is downloaded at run time and nothing leaves the machine.

* A page with (almost) no ink is blank: it is not run through the models at all, so a file of
  hundreds of empty pages costs little.
* Detection finds the text lines (boxes, possibly a few degrees askew); recognition reads each
  line with a confidence between 0 and 1. Every line is kept, however unsure the recognizer
  is: the caller decides what an unsure line may be used for (a figure cell is never placed
  on an unsure reading), rather than the recognizer dropping it silently.
* Lines are recognized in small batches with the page's deadline checked between them: a
  page that takes longer than `OcrLimits.page_seconds` gives up with status "timed_out", so
  the rest of the document goes on.
* The angle classifier is not used: on long Chinese lines full of commas it takes upright
  lines for upside-down ones and turns them, which reads them as nothing.
"""
from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field

ENGINE = "RapidOCR (PP-OCRv4 Chinese, ONNX Runtime)"
_BATCH = 6          # lines per recognition call, the engine's own batch size
_INK = 160          # a grey value darker than this is ink
_BLANK_SHARE = 1e-4  # a page with fewer ink pixels than this share of its area is blank


@dataclass(frozen=True)
class OcrLimits:
    """Bounds on what OCR may cost: pixels decoded per image, pages read per file, seconds
    per page, and the confidence under which a reading is reported as doubtful."""
    max_pixels: int = 60_000_000      # about an A3 page scanned at 600 dpi
    max_pages: int = 200
    page_seconds: float = 180.0
    render_long_side: int = 2000      # a PDF page is rendered this many pixels on its long side
    doubtful_below: float = 0.9


@dataclass
class OcrLine:
    """One detected line: its box in the image's pixels (y grows downward), its text and the
    recognizer's confidence in it."""
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    confidence: float


@dataclass
class OcrPage:
    number: int                 # 1-based, in the file
    width: int                  # the image's size in pixels
    height: int
    status: str = "read"        # "read" | "blank" | "timed_out" | "no_text"
    lines: list[OcrLine] = field(default_factory=list)
    seconds: float = 0.0
    # The page's text as laid out for reading beside its image (rows of cells joined with
    # `|`, doubtful figures marked): set by the caller once the lines are placed.
    text: str = ""

    @property
    def confidence(self) -> float | None:
        """The recognizer's mean confidence over the page's lines, weighted by their length."""
        chars = sum(len(l.text) for l in self.lines)
        if not chars:
            return None
        return sum(l.confidence * len(l.text) for l in self.lines) / chars

    def summary(self) -> dict:
        confidence = self.confidence
        return {
            "page": self.number,
            "status": self.status,
            "lines": len(self.lines),
            "confidence": round(confidence, 3) if confidence is not None else None,
            "seconds": round(self.seconds, 2),
            "text": self.text,
        }


_engine = None
_engine_lock = threading.Lock()

# Who wants to hear of each page as it is read: a callable (file, pages done, pages in all,
# OcrPage), set around a run by whoever shows progress (the ingest command), and the file being
# read (set by whoever reads files from disk). Module globals rather than arguments so that
# the stages between the command and OCR need not carry them, and so that workers forked from
# the command inherit the listener.
_on_page = None
_file = ""


@contextlib.contextmanager
def on_page(callback):
    """Call `callback(file, done, total, page)` after each page read by OCR while inside."""
    global _on_page
    previous, _on_page = _on_page, callback
    try:
        yield
    finally:
        _on_page = previous


@contextlib.contextmanager
def reading(name: str):
    """The file whose pages are read while inside, named to the progress listener."""
    global _file
    previous, _file = _file, name
    try:
        yield
    finally:
        _file = previous


def page_done(done: int, total: int, page: "OcrPage") -> None:
    """Tell the listener, if any, that a page has been read; a listener's failure never stops
    the reading."""
    if _on_page is not None:
        try:
            _on_page(_file, done, total, page)
        except Exception:  # noqa: BLE001 - progress is a courtesy, the text is the job
            pass


def engine():
    """The recognizer, loaded once per process (its models take a moment to load)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            _engine = RapidOCR(use_cls=False)
        return _engine


def is_blank(gray) -> bool:
    """A page with (almost) no ink: nothing for OCR to read."""
    import numpy as np

    array = np.asarray(gray)
    return int(np.count_nonzero(array < _INK)) < max(20, array.size * _BLANK_SHARE)


def read_page(image, number: int = 1, limits: OcrLimits = OcrLimits(), clock=time.monotonic) -> OcrPage:
    """The text lines of one page image, top to bottom, each left to right."""
    import numpy as np

    started = clock()
    gray = image.convert("L")
    page = OcrPage(number, image.width, image.height)
    if is_blank(gray):
        page.status = "blank"
        return page
    deadline = started + limits.page_seconds
    ocr = engine()
    img = np.asarray(gray.convert("RGB"))  # grey in three equal channels: BGR and RGB alike
    raw_h, raw_w = img.shape[:2]
    img, ratio_h, ratio_w = ocr.preprocess(img)
    record = {"preprocess": {"ratio_h": ratio_h, "ratio_w": ratio_w}}
    img, record = ocr.maybe_add_letterbox(img, record)
    boxes, _ = ocr.auto_text_det(img)
    if boxes is None or not len(boxes):
        page.status, page.seconds = "no_text", clock() - started
        return page
    crops = ocr.get_crop_img_list(img, boxes)
    order = sorted(range(len(crops)), key=lambda k: crops[k].shape[1] / max(crops[k].shape[0], 1))
    readings: dict[int, tuple[str, float]] = {}
    for start in range(0, len(order), _BATCH):
        if clock() > deadline:
            page.status, page.seconds = "timed_out", clock() - started
            return page
        batch = order[start:start + _BATCH]
        results, _ = ocr.text_rec([crops[k] for k in batch])
        for k, result in zip(batch, results):
            readings[k] = (result[0], float(result[1]))
    points = ocr._get_origin_points(boxes, record, raw_h, raw_w)
    for k, quad in enumerate(points):
        text, confidence = readings[k]
        if not text.strip():
            continue
        xs, ys = quad[:, 0], quad[:, 1]
        page.lines.append(OcrLine(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()), text, confidence))
    page.lines.sort(key=lambda l: (l.y0, l.x0))
    page.status = "read" if page.lines else "no_text"
    page.seconds = clock() - started
    return page
