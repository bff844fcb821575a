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
    # Degrees the page was turned (counter-clockwise) to be read upright: a quarter or half
    # turn for a page scanned sideways or upside down, a few degrees for one laid askew.
    turned: float = 0

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
            "turned": self.turned,
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
    """The text lines of one page image, top to bottom, each left to right. A page scanned
    sideways or upside down is turned upright first (see `_detect_upright`); the lines' boxes
    are then in the turned image, whose size the page gives, and `turned` says by how much."""
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
    found = _detect_upright(ocr, img, deadline, clock)
    if found is None:
        page.status, page.seconds = "timed_out", clock() - started
        return page
    img, turned, boxes, record, crops, readings = found
    page.turned = turned
    page.height, page.width = img.shape[:2]
    if boxes is None or not len(boxes):
        page.status, page.seconds = "no_text", clock() - started
        return page
    order = sorted((k for k in range(len(crops)) if k not in readings), key=lambda k: _aspect(crops[k]))
    for start in range(0, len(order), _BATCH):
        if clock() > deadline:
            page.status, page.seconds = "timed_out", clock() - started
            return page
        batch = order[start:start + _BATCH]
        readings.update(zip(batch, _recognize(ocr, [crops[k] for k in batch])))
    points = ocr._get_origin_points(boxes, record, page.height, page.width)
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


def _aspect(crop) -> float:
    return crop.shape[1] / max(crop.shape[0], 1)


def _recognize(ocr, crops) -> list[tuple[str, float]]:
    results, _ = ocr.text_rec(crops)
    return [(result[0], float(result[1])) for result in results]


def _detect(ocr, img):
    """The engine's detection on an image: (boxes in its working image, the record that maps
    them back, the line crops)."""
    work, ratio_h, ratio_w = ocr.preprocess(img)
    record = {"preprocess": {"ratio_h": ratio_h, "ratio_w": ratio_w}}
    work, record = ocr.maybe_add_letterbox(work, record)
    boxes, _ = ocr.auto_text_det(work)
    if boxes is None or not len(boxes):
        return None, record, []
    return boxes, record, ocr.get_crop_img_list(work, boxes)


# A page is taken for sideways when most of its long boxes stand upright: lines of text are
# long and low, so a page of tall boxes was scanned turned by a quarter.
_LONG = 2.5          # a box this many times longer than it is wide is a line, not a character
_MIN_LINES = 2       # fewer long boxes than this say nothing of the page's orientation
# The widest lines are read first; if the recognizer is unsure of them (mean under _UNSURE),
# they are read again turned half round: clearly surer that way (by _FLIP_GAIN), the page is
# upside down. An upright page read with confidence costs no second reading.
_UNSURE = 0.85
_FLIP_GAIN = 0.15


def _box_sides(box) -> tuple[float, float]:
    import numpy as np

    box = np.asarray(box, dtype=float)
    return float(np.linalg.norm(box[1] - box[0])), float(np.linalg.norm(box[3] - box[0]))


def _sideways(boxes) -> bool:
    sides = [_box_sides(b) for b in boxes]
    wide = sum(w >= _LONG * h for w, h in sides)
    tall = sum(h >= _LONG * w for w, h in sides)
    return tall >= _MIN_LINES and tall > 2 * wide


def _detect_upright(ocr, img, deadline, clock):
    """(image, degrees turned counter-clockwise, boxes, record, crops, readings of the sample
    lines) for the page turned upright; None when the deadline passed on the way.

    Detection alone tells a sideways page (its lines stand upright); which way up a page is
    only reading tells: the widest lines are read, and read again turned half round when the
    recognizer is unsure of them. The sample's readings are kept for the page's text."""
    import numpy as np

    turned = 0.0
    boxes, record, crops = _detect(ocr, img)
    if boxes is not None and _sideways(boxes):
        img, turned = np.ascontiguousarray(np.rot90(img)), 90.0
        boxes, record, crops = _detect(ocr, img)
    skew = _skew(boxes) if boxes is not None else 0.0
    if abs(skew) >= _SKEW:
        img, turned = _rotated(img, -skew), turned - skew
        boxes, record, crops = _detect(ocr, img)
    if boxes is None:
        return img, turned, boxes, record, crops, {}
    if clock() > deadline:
        return None
    sample = sorted(range(len(crops)), key=lambda k: -_aspect(crops[k]))[:_BATCH]
    readings = dict(zip(sample, _recognize(ocr, [crops[k] for k in sample])))
    upright = _mean_confidence(readings.values())
    if upright < _UNSURE and clock() <= deadline:
        flipped = _mean_confidence(_recognize(ocr, [np.ascontiguousarray(np.rot90(crops[k], 2)) for k in sample]))
        if flipped > upright + _FLIP_GAIN:
            img, turned = np.ascontiguousarray(np.rot90(img, 2)), turned + 180
            boxes, record, crops = _detect(ocr, img)
            readings = {}
    return img, round(turned % 360, 1), boxes, record, crops, readings


# A page laid askew by this many degrees or more is straightened before its lines are read:
# beyond it a long line's box drifts into the next line's and takes pieces of both.
_SKEW = 2.0


def _skew(boxes) -> float:
    """The page's slant in degrees (counter-clockwise positive, as PIL turns), the median over
    its long lines' top edges; 0 with too few long lines to tell."""
    import math
    import statistics

    angles = []
    for box in boxes:
        width, height = _box_sides(box)
        if width >= _LONG * height:
            (x0, y0), (x1, y1) = box[0], box[1]
            angles.append(math.degrees(math.atan2(float(y0 - y1), float(x1 - x0))))
    return statistics.median(angles) if len(angles) >= _MIN_LINES else 0.0


def _rotated(img, degrees: float):
    """The image turned `degrees` counter-clockwise, grown to hold it all, on white."""
    import numpy as np
    from PIL import Image

    return np.asarray(Image.fromarray(img).rotate(degrees, expand=True, fillcolor=(255, 255, 255), resample=Image.BICUBIC))


def _mean_confidence(readings) -> float:
    """Mean confidence weighted by length; an empty reading counts as one unsure character."""
    readings = list(readings)
    chars = sum(max(len(text), 1) for text, _ in readings)
    return sum(c * max(len(text), 1) for text, c in readings) / chars if chars else 0.0
