"""`manage.py ingest` counts a scan's pages as OCR reads them (with progress shown), with a
stand-in recognizer: no model is run."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.ingest import ocr

from .ingest.test_ocr import _inked, _Recognizer

pytestmark = pytest.mark.django_db


def _ingest(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
    except CommandError:
        pass  # whether the stand-in's text makes a document is not the point here
    return out.getvalue(), err.getvalue()


def test_the_ingest_progress_names_each_page_read_by_ocr_with_pages_done_of_all(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "engine", lambda: _Recognizer(["上海市杨浦区人民政府2022年政府信息公开工作年度报告", "一、总体情况"]))
    scan = tmp_path / "scan.tiff"
    _inked().save(scan, format="TIFF", save_all=True, append_images=[_inked()])
    _, err = _ingest(str(scan), "--jobs", "1", "--progress")
    assert f"{scan}: page 1/2 (confidence 0.95" in err
    assert f"{scan}: page 2/2 (" in err


def test_without_progress_no_page_lines_are_written(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "engine", lambda: _Recognizer(["上海市杨浦区人民政府2022年政府信息公开工作年度报告"]))
    scan = tmp_path / "scan.png"
    _inked().save(scan, format="PNG")
    out, err = _ingest(str(scan), "--jobs", "1", "--no-progress")
    assert "page 1/1" not in out + err
