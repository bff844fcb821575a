"""Files uploaded in the admin: the form, the per-file processing, and refusals in plain words.

The admin views (documents/admin.py) stay thin: they hand the request's files to `receive()`
and show what it returns.
"""
import hashlib
import os
import re
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .ingest.errors import IngestError, check_size
from .ingest.formats.sniffing import ACCEPTED
from .ingest.metadata import OVERRIDE_WARNING
from .ingest.pipeline import parse_bytes
from .loader import DUPLICATE, current_version_of, store_parsed
from .models import Document
from .outcome import Outcome

# What a clerk reads when a file is refused, by IngestError code; the technical message
# follows as the detail.
CLERK_MESSAGES = {
    "too_large": _("文件太大，超过了上限。请拆分文件，或请管理员放宽上限。"),
    "empty": _("文件是空的，里面没有可读的文字。"),
    "unsupported_type": _("不接受这种文件。可以上传：纯文本（.txt）、网页（.html）、PDF、Word（.docx）或页面图片（PNG、JPEG、TIFF）。"),
    "binary": _("这不是文字文件（可能是图片或其他二进制文件）。可以上传：纯文本、网页、PDF 或 Word（.docx）。"),
    "undecodable": _("无法读出文件中的文字：它不是可识别编码（UTF-8、GB18030/GBK、Big5、UTF-16）的文本。"),
    "docx_bounds": _("这个 Word 文件解压后过大或部件过多（可能是恶意的“压缩炸弹”），为安全起见没有打开。"),
    "damaged_docx": _("Word 文件已损坏，无法打开。请在 Word 中另存一次再上传。"),
    "damaged_pdf": _("PDF 文件已损坏，无法打开。请重新导出后再上传。"),
    "encrypted": _("PDF 设有密码，请去掉密码后再上传。"),
    "no_text_layer": _("这个 PDF 没有文字层（可能是扫描件）。请先做文字识别（OCR），或上传文本。"),
    "unreadable_pdf": _("PDF 的字体无法转成文字。请重新导出（嵌入字体）或上传文本。"),
    "damaged_image": _("图片文件已损坏，无法打开。请重新扫描或导出后再上传。"),
    "image_too_large": _("图片的像素太多，为安全起见没有打开。请降低分辨率后再上传。"),
    "too_many_pages": _("需要文字识别（OCR）的页数超过上限。请拆分文件后再上传。"),
    "no_text_found": _("文字识别（OCR）没有在文件中找到文字：页面可能是空白的，或扫描太模糊。"),
    "no_publisher": _("无法从文件中认出发布机关。请在“发布机关”一栏填写全称（如 上海市杨浦区人民政府）后重新上传。"),
    "too_many_files": _("一次上传的文件太多。"),
    "store_failed": _("文件已读懂，但保存时数据库出错，文件没有保存。请稍后重试；仍不行请转交管理员。"),
    "parse_failed": _("解析这个文件时程序出错，文件没有保存。错误已记录，请把文件转交管理员。"),
}


def explain(code: str) -> str:
    """The plain-words sentence for a refusal code (a generic one for codes not listed)."""
    # A plain string: results travel in the session, which holds JSON.
    return str(CLERK_MESSAGES.get(code, _("文件无法处理。")))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadForm(forms.Form):
    # Files are taken from request.FILES one by one (an empty or refused file must not make
    # the whole form invalid); this field only renders the input.
    files = forms.Field(
        label=pgettext_lazy("upload", "文件"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
        help_text=format_lazy("{}{}", _("一个或多个文件："), ACCEPTED),
    )
    publisher = forms.CharField(
        label=_("发布机关"),
        required=False,
        max_length=200,
        help_text=_("全称，如 上海市杨浦区人民政府；留空时从文件中读取。"),
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1990, max_value=2100)
    kind = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", _("— 从文件中读取 —"))] + list(Document.Kind.choices),
    )

    source_url = forms.URLField(
        label=_("原文链接"), required=False, max_length=500, assume_scheme="https",
        help_text=_("政府网站上这份文件的地址，如 https://www.shyp.gov.cn/…；留空时从文件中读取。"),
    )
    published_on = forms.DateField(label=_("发布日期"), required=False, help_text=_("YYYY-MM-DD；留空时从文件中读取。"))
    retrieved_on = forms.DateField(
        label=_("取得日期"), required=False, help_text=_("从政府网站取得文件的日期，YYYY-MM-DD；留空时从文件中读取，文件未写明则为保存当天。"),
    )

    def overrides(self) -> dict:
        """The metadata given in the form (empty fields are read from each file), as JSON values."""
        data = self.cleaned_data
        given = {
            key: data[key] for key in ("publisher", "year", "kind", "source_url", "published_on", "retrieved_on")
            if data.get(key) not in (None, "")
        }
        return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in given.items()}


def max_files() -> int:
    return settings.GONGKAI_MAX_FILES_PER_UPLOAD


def receive(uploaded_files, overrides: dict) -> tuple[list[dict], list[dict]]:
    """Parse each uploaded file at once and store it, unless it would replace the current
    version of a stored report: such a file is held until the clerk confirms (`decide`).
    Returns the plain results of the files done, in order, and the files held (plain data: both
    are kept in the session). A file over the size limit is refused before it is read."""
    results, held = [], []
    limit = settings.GONGKAI_MAX_UPLOAD_BYTES
    for uploaded in uploaded_files:
        try:
            check_size(uploaded.size, limit)
        except IngestError as exc:
            results.append(result_of(uploaded.name, Outcome("error", code=exc.code, message=exc.message)))
            continue
        data = uploaded.read()
        outcome, parsed, current = _prepare(data, overrides)
        if outcome is not None:
            results.append(result_of(uploaded.name, outcome))
        elif current is None:
            results.append(result_of(uploaded.name, store_parsed(parsed, filename=uploaded.name, overrides=overrides)))
        else:
            held.append({
                "file": uploaded.name, "sha256": _hold(data), "title": parsed.metadata.title,
                "replaces": current.pk, "replaces_version": current.version, "replaces_slug": current.slug,
                "replaces_title": current.title, "warnings": _override_warnings(parsed.warnings),
            })
    return results, held


# What the clerk may do with a file that would replace the current version of a report.
CHOICES = {
    "replace": "确认替换",
    "separate": "作为单独的文件保存",
    "skip": "不保存",
}


def decide(held: list[dict], choices: dict, overrides: dict) -> list[dict]:
    """Store the held files as the clerk chose for each (`choices`: sha256 -> one of CHOICES;
    a file without a choice is not stored); one plain result per file. The current version is
    looked up again: if another was stored since the page was shown, the line says what was
    really replaced."""
    results = []
    for entry in held:
        choice = choices.get(entry["sha256"], "skip")
        data = _release(entry["sha256"])
        if choice not in ("replace", "separate") or data is None:
            gone = data is None and choice != "skip"
            results.append({
                "file": entry["file"], "status": "skipped",
                "message": "暂存的文件已过期，请重新上传。" if gone else "按您的选择，未保存。",
            })
            continue
        outcome, parsed, _ = _prepare(data, overrides)
        if outcome is None:
            outcome = store_parsed(parsed, filename=entry["file"], overrides=overrides, separate=choice == "separate")
            if choice == "separate" and outcome.status == "created":
                outcome.message = "stored as a separate document, not as a version of the stored one"
        results.append(result_of(entry["file"], outcome))
    return results


def _prepare(data: bytes, overrides: dict):
    """(outcome, None, None) for a file already stored or refused, else (None, parsed, the
    current version it would replace or None)."""
    existing = Document.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    if existing:
        return Outcome("duplicate", existing, DUPLICATE), None, None
    try:
        parsed = parse_bytes(data, overrides=overrides or None, max_bytes=settings.GONGKAI_MAX_UPLOAD_BYTES)
    except IngestError as exc:
        return Outcome("error", message=exc.message, code=exc.code), None, None
    if not parsed.metadata.publisher:
        return store_parsed(parsed, overrides=overrides), None, None  # refused, saying why
    return None, parsed, current_version_of(parsed.metadata)


def pending_folder() -> Path:
    """Where files waiting for a clerk's confirmation are kept (by their SHA-256): a folder every
    server of the site shares, when there are several (GONGKAI_PENDING_UPLOADS)."""
    folder = getattr(settings, "GONGKAI_PENDING_UPLOADS", None) or os.path.join(tempfile.gettempdir(), "gongkai-pending-uploads")
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _hold(data: bytes) -> str:
    sha256 = hashlib.sha256(data).hexdigest()
    (pending_folder() / sha256).write_bytes(data)
    return sha256


def _release(sha256: str) -> bytes | None:
    """The held file's bytes (checked against its name), removed from the folder; None if gone."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        return None
    path = pending_folder() / sha256
    try:
        data = path.read_bytes()
        path.unlink()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def _override_warnings(warnings) -> list[str]:
    return [w for w in warnings if w.startswith(OVERRIDE_WARNING)]


def result_of(name: str, outcome: Outcome) -> dict:
    """An outcome as plain data, as `ingest --json` gives it (it is kept in the session between
    the upload and its page), with a refusal's explanation in plain words and the warnings of
    metadata given in the form that the document contradicts."""
    result = outcome.as_json(name)
    if outcome.status == "error":
        result["explanation"] = explain(outcome.code)
    if outcome.status == "created" and outcome.document is not None:
        if warnings := _override_warnings(outcome.document.warnings):
            result["warnings"] = warnings
    return result
