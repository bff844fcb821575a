"""Scans and page images read by OCR (formats/scanned.py, image.py and the PDF reader's hook):
page images drawn at test time with a CJK font, one small page at a time (OCR is slow)."""
import io

import pytest
from PIL import Image

from documents.ingest import formats, ocr
from documents.ingest.errors import IngestError
from documents.ingest.formats import scanned
from documents.ingest.pipeline import parse_bytes

from .. import ocr_fixtures as f

SENTENCE = "本年度共收到政府信息公开申请，全部按期答复。"
BLOCKS = [
    ("p", "2022年某区人民政府信息公开工作年度报告"),
    ("p", "  " + SENTENCE),
    ("table", [["申请人情况", "自然人", "法人", "总计"], ["本年新收申请数量", "12", "3", "15"], ["上年结转申请数量", "2", "0", "2"]]),
]


@pytest.fixture(scope="module")
def parsed_image():
    f.require_font()
    image = f.pages(BLOCKS, height=620)[0]
    return parse_bytes(f.png(image)).as_json()


def test_a_page_image_is_read_by_ocr_and_says_so(parsed_image):
    assert parsed_image["source_format"] == "image"
    assert SENTENCE in parsed_image["clean_text"]
    page = parsed_image["ocr"]["pages"][0]
    assert page["status"] == "read" and page["confidence"] > 0.9
    step = next(s for s in parsed_image["cleanup"] if s["action"] == "ocr")
    assert step["count"] == 1 and step["examples"][0] == "1 of 1 pages read"
    assert step["examples"][1].startswith("page 1: confidence")
    assert (parsed_image["ocr"]["pages_read"], parsed_image["ocr"]["pages_total"]) == (1, 1)


def test_each_page_read_by_ocr_keeps_its_own_text_for_reading_beside_its_image(parsed_image):
    text = parsed_image["ocr"]["pages"][0]["text"]
    assert SENTENCE in text.replace(" ", "")
    assert "本年新收申请数量 | 12 | 3 | 15" in text


def test_a_ruled_table_on_a_page_image_comes_back_as_rows_of_cells(parsed_image):
    assert "| 本年新收申请数量 | 12 | 3 | 15 |" in parsed_image["clean_text"]
    assert "| 上年结转申请数量 | 2 | 0 | 2 |" in parsed_image["clean_text"]


def test_a_text_layer_page_is_never_run_through_ocr_and_a_scanned_page_is(monkeypatch):
    f.require_font()
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 760, "一、总体情况")
    pdf.drawString(72, 740, "本区政务公开工作稳步推进。")
    pdf.showPage()
    scan = f.pages([("p", SENTENCE)], height=300)[0]
    pdf.drawImage(ImageReader(scan), 0, 500, width=595, height=595 * 300 / f.WIDTH)
    pdf.showPage()
    pdf.save()
    seen = []
    read_page = ocr.read_page
    monkeypatch.setattr(ocr, "read_page", lambda image, number, limits: seen.append(number) or read_page(image, number, limits))
    extracted = formats.extract(out.getvalue())
    assert seen == [2]
    assert "本区政务公开工作稳步推进。" in extracted.decoded.text and SENTENCE in extracted.decoded.text
    assert [p["page"] for p in extracted.ocr["pages"]] == [2]


def _page(lines):
    return ocr.OcrPage(1, 1000, 1000, lines=[ocr.OcrLine(x, y, x + 60, y + 30, text, c) for x, y, text, c in lines])


def test_a_figure_read_with_low_confidence_is_reported_and_not_placed():
    limits, warnings, doubtful = ocr.OcrLimits(), [], []
    page = _page([(10, 100, "本年新收申请数量", 0.99), (400, 100, "12", 0.99), (500, 100, "4", 0.41), (600, 100, "15", 0.99)])
    lines = scanned.to_lines(page, 1.0, limits, warnings, doubtful)
    assert [l.text for l in lines][2] == "4?"
    assert "'4' with confidence 0.41" in warnings[0] and doubtful == ["page 1: 4 (0.41)"]


def test_a_doubtful_figure_that_the_row_total_confirms_stays():
    warnings, doubtful = [], []
    page = _page([(10, 100, "本年新收申请数量", 0.99), (400, 100, "12", 0.99), (500, 100, "3", 0.41), (600, 100, "15", 0.99)])
    lines = scanned.to_lines(page, 1.0, ocr.OcrLimits(), warnings, doubtful)
    assert [l.text for l in lines][2] == "3" and not warnings


# -- bad input --------------------------------------------------------------------------------


def test_a_damaged_image_is_refused_in_words():
    with pytest.raises(IngestError, match="damaged") as refused:
        formats.extract(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert refused.value.code == "damaged_image"


def test_a_huge_image_is_refused_from_its_header_before_it_is_decoded(monkeypatch):
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000), 1).save(out, format="PNG")  # 144 million pixels in a small file
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("the pixels were decoded"))
    with pytest.raises(IngestError, match="12,000 × 12,000 pixels") as refused:
        formats.extract(out.getvalue())
    assert refused.value.code == "image_too_large"


def _blank_pdf(pages):
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for _ in range(pages):
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_a_pdf_of_500_blank_pages_is_refused_before_any_page_is_rendered(monkeypatch):
    monkeypatch.setattr(scanned, "pdf_page_images", lambda *a: pytest.fail("pages were rendered"))
    with pytest.raises(IngestError, match="500 pages to read by OCR; at most 200") as refused:
        formats.extract(_blank_pdf(500))
    assert refused.value.code == "too_many_pages"


def test_blank_scanned_pages_cost_no_recognition_and_are_refused_as_blank(monkeypatch):
    monkeypatch.setattr(ocr, "engine", lambda: pytest.fail("the recognizer was loaded for blank pages"))
    with pytest.raises(IngestError, match="OCR found no text on its 3 pages \\(3 blank\\)") as refused:
        formats.extract(_blank_pdf(3))
    assert refused.value.code == "no_text_found"


def test_a_page_that_takes_too_long_is_reported_and_the_rest_goes_on(monkeypatch):
    def read_page(image, number, limits):
        if number == 1:
            return ocr.OcrPage(number, image.width, image.height, status="timed_out", seconds=181)
        return ocr.OcrPage(number, image.width, image.height, lines=[ocr.OcrLine(100, 100, 700, 140, SENTENCE, 0.99)])

    monkeypatch.setattr(ocr, "read_page", read_page)
    extracted = formats.extract(_blank_pdf(2))
    assert extracted.decoded.text == SENTENCE
    assert any("Page 1 took longer than 180 seconds" in w for w in extracted.warnings)
    assert [p["status"] for p in extracted.ocr["pages"]] == ["timed_out", "read"]


def test_a_failed_check_on_text_read_by_ocr_says_the_ocr_may_be_the_cause(monkeypatch):
    from decimal import Decimal

    from documents.ingest import checks, decode, pipeline
    from documents.ingest.formats.extracted import Extracted

    failed = checks.Check("requests.balance.total", False, "15 + 2 ≠ 18", Decimal(17), Decimal(18))
    monkeypatch.setattr(pipeline.checks, "run_checks", lambda *a: [failed])
    scan = Extracted("image", decode.Decoded("一、总体情况\n本区政务公开。", "", False), ocr={"pages": []})
    monkeypatch.setattr(pipeline.formats, "extract", lambda *a, **k: scan)
    warnings = parse_bytes(b"any").warnings
    assert any("requests.balance.total failed on text read by OCR" in w for w in warnings)
    monkeypatch.setattr(pipeline.formats, "extract", lambda *a, **k: Extracted("text", scan.decoded))
    assert not any("read by OCR" in w for w in parse_bytes(b"any").warnings)


def test_a_figure_read_with_a_letter_for_a_digit_is_the_number_and_is_listed():
    lookalikes = []
    page = _page([(10, 100, "本年新收申请数量", 0.99), (400, 100, "1O", 0.97), (500, 100, "l2", 0.97), (600, 100, "22", 0.99)])
    lines = scanned.to_lines(page, 1.0, ocr.OcrLimits(), [], [], lookalikes)
    assert [l.text for l in lines] == ["本年新收申请数量", "10", "12", "22"]
    assert lookalikes == ["page 1: 1O → 10", "page 1: l2 → 12"]


@pytest.mark.parametrize("text", ["2O21年", "ISO", "3|5", "OK", "予以公开"])
def test_words_and_cells_split_by_a_rule_are_not_taken_for_figures(text):
    assert scanned._figure_read_as_letters(text) is None


def test_every_page_of_a_tiff_is_looked_at_and_blank_pages_cost_no_recognition(monkeypatch):
    monkeypatch.setattr(ocr, "engine", lambda: pytest.fail("the recognizer was loaded for blank pages"))
    out = io.BytesIO()
    first, second = Image.new("L", (600, 800), 255), Image.new("L", (600, 800), 255)
    first.save(out, format="TIFF", save_all=True, append_images=[second])
    seen = []
    read_page = ocr.read_page
    monkeypatch.setattr(ocr, "read_page", lambda image, number, limits: seen.append(number) or read_page(image, number, limits))
    with pytest.raises(IngestError, match="The image is blank") as refused:
        formats.extract(out.getvalue())
    assert refused.value.code == "no_text_found" and seen == [1, 2]


def test_a_row_total_read_with_doubt_confirms_nothing():
    warnings = []
    page = _page([(10, 100, "本年新收申请数量", 0.99), (400, 100, "12", 0.99), (500, 100, "3", 0.99), (600, 100, "15", 0.5)])
    lines = scanned.to_lines(page, 1.0, ocr.OcrLimits(), warnings, [])
    assert [l.text for l in lines][3] == "15?" and len(warnings) == 1


def test_several_doubtful_figures_stay_when_the_confident_total_is_their_sum():
    warnings = []
    page = _page([(10, 100, "二、上年结转", 0.99), (400, 100, "2", 0.99), (500, 100, "0", 0.6), (600, 100, "0", 0.7),
                  (700, 100, "2", 0.99)])
    lines = scanned.to_lines(page, 1.0, ocr.OcrLimits(), warnings, [])
    assert [l.text for l in lines][1:] == ["2", "0", "0", "2"] and not warnings


def test_a_pdf_the_renderer_refuses_keeps_its_text_pages_and_names_the_pages_missing(monkeypatch):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 760, "本区政务公开工作稳步推进。")
    pdf.showPage()
    pdf.showPage()
    pdf.save()

    def refuse(*a, **k):
        raise IngestError("damaged_pdf", "The PDF is damaged and cannot be read: export it again.")

    monkeypatch.setattr(scanned, "read_pages", refuse)
    extracted = formats.extract(out.getvalue())
    assert extracted.decoded.text == "本区政务公开工作稳步推进。"
    assert any("could not be rendered for OCR (pages 2)" in w for w in extracted.warnings)


def test_a_traditional_form_the_recognizer_writes_on_a_simplified_page_is_simplified_and_listed(monkeypatch):
    texts = {1: [(100, 100, "本区政务公开工作稳步推进，主动公开信息。", 0.99), (100, 200, "1.属于國家秘密", 0.97)]}
    monkeypatch.setattr(ocr, "read_page", lambda image, number, limits: _page(texts[number]))
    pages = scanned.read_pages([(0, 1, None, 1.0)], ocr.OcrLimits())
    assert [l.text for l in pages.lines[0]][1] == "1.属于国家秘密"
    assert {"action": "ocr_simplified_variants", "count": 1, "examples": ["國→国"]} in pages.report()


def test_a_traditional_page_read_by_ocr_is_left_for_the_cleaning_stage(monkeypatch):
    texts = {1: [(100, 100, "本區政務公開工作穩步推進，主動公開資訊。", 0.99)]}
    monkeypatch.setattr(ocr, "read_page", lambda image, number, limits: _page(texts[number]))
    pages = scanned.read_pages([(0, 1, None, 1.0)], ocr.OcrLimits())
    assert pages.lines[0][0].text == "本區政務公開工作穩步推進，主動公開資訊。" and not pages.variants


def _stand_in(monkeypatch, texts, slow_pages=(), clock=None):
    """The recognizer replaced by one that finds one line a page and reads `texts` in turn;
    detection on a page of `slow_pages` takes 1000 seconds of the fake `clock`."""
    from ..test_ocr import _Recognizer

    recognizer = _Recognizer(texts)
    detect = recognizer.auto_text_det
    pages_seen = []

    def auto_text_det(img):
        pages_seen.append(1)
        if len(pages_seen) in slow_pages:
            clock.now += 1000
        boxes, elapsed = detect(img)
        return boxes[:1], elapsed

    recognizer.auto_text_det = auto_text_det
    monkeypatch.setattr(ocr, "engine", lambda: recognizer)
    return recognizer


class _Clock:
    now = 0.0

    def __call__(self):
        return self.now


def test_each_page_read_is_told_to_the_progress_listener_with_pages_done_of_all(monkeypatch):
    from ..test_ocr import _inked

    _stand_in(monkeypatch, ["一、总体情况", "本年度收到申请15件。"])
    heard = []
    images = [(k, k + 1, _inked(), 1.0) for k in range(2)]
    with ocr.reading("scan.pdf"), ocr.on_page(lambda name, done, total, page: heard.append((name, done, total, page.status))):
        scanned.read_pages(images, ocr.OcrLimits(), total=2)
    assert heard == [("scan.pdf", 1, 2, "read"), ("scan.pdf", 2, 2, "read")]


def test_a_page_over_its_time_limit_is_reported_and_skipped_and_the_next_page_is_read(monkeypatch):
    from ..test_ocr import _inked

    clock = _Clock()
    _stand_in(monkeypatch, ["第一页的文字", "第二页的文字"], slow_pages=(1,), clock=clock)
    pages = scanned.read_pages([(0, 1, _inked(), 1.0), (1, 2, _inked(), 1.0)], ocr.OcrLimits(page_seconds=0.5), total=2, clock=clock)
    assert [p.status for p in pages.pages] == ["timed_out", "read"]
    assert [line.text for line in pages.lines[1]] == ["第一页的文字"]  # page 1's line was never read
    assert any("Page 1 took longer than 0.5 seconds" in w for w in pages.warnings)
    summary = pages.summary()
    assert (summary["pages_read"], summary["pages_total"]) == (1, 2)
    step = pages.report()[0]
    assert step["examples"][:2] == ["1 of 2 pages read", "page 1: timed_out"]


def test_a_scanned_pdf_page_is_drawn_as_a_png_no_larger_than_asked_and_only_pages_it_has():
    f.require_font()
    image = f.pages([("p", SENTENCE)], height=400)[0]
    data = f.image_pdf([image, image])
    png = scanned.page_png(data, "pdf", 2, long_side=300)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert max(Image.open(io.BytesIO(png)).size) <= 300
    assert scanned.page_png(data, "pdf", 3) is None and scanned.page_png(data, "pdf", 0) is None
    assert scanned.page_png(b"not a pdf", "pdf", 1) is None


def test_an_uploaded_tiff_page_is_drawn_from_its_own_frame():
    tiff = io.BytesIO()
    black, white = Image.new("L", (200, 100), 0), Image.new("L", (200, 100), 255)
    black.save(tiff, format="TIFF", save_all=True, append_images=[white])
    second = Image.open(io.BytesIO(scanned.page_png(tiff.getvalue(), "image", 2)))
    assert second.size == (200, 100) and second.getpixel((5, 5)) == 255
    assert scanned.page_png(tiff.getvalue(), "image", 3) is None
    assert scanned.page_png(tiff.getvalue(), "text", 1) is None


def test_a_page_ocr_turned_upright_is_drawn_upright():
    wide = io.BytesIO()
    Image.new("L", (200, 100), 255).save(wide, format="PNG")
    drawn = Image.open(io.BytesIO(scanned.page_png(wide.getvalue(), "image", 1, turned=90)))
    assert drawn.size == (100, 200)


def test_a_page_ocr_straightened_is_drawn_straightened_on_white():
    wide = io.BytesIO()
    Image.new("L", (200, 100), 255).save(wide, format="PNG")
    drawn = Image.open(io.BytesIO(scanned.page_png(wide.getvalue(), "image", 1, turned=5.0)))
    assert drawn.size[0] > 200 and drawn.getpixel((0, 0)) == 255


def test_a_turned_page_image_still_keeps_within_its_bound():
    wide = io.BytesIO()
    Image.new("L", (400, 200), 255).save(wide, format="PNG")
    drawn = Image.open(io.BytesIO(scanned.page_png(wide.getvalue(), "image", 1, long_side=400, turned=5.0)))
    assert max(drawn.size) <= 400
