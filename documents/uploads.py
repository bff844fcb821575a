"""Files uploaded in the admin: the form, the per-file processing, and refusals in plain words.

The admin views (documents/admin.py) stay thin: they hand the request's files to `receive()`
and show what it returns.
"""
from django import forms
from django.conf import settings

from .ingest.errors import IngestError, check_size
from .ingest.formats.sniffing import ACCEPTED
from .loader import ingest_bytes
from .models import Document
from .outcome import Outcome

# What a clerk reads when a file is refused, by IngestError code; the technical message
# follows as the detail.
CLERK_MESSAGES = {
    "too_large": "文件太大，超过了上限。请拆分文件，或请管理员放宽上限。 The file is too large.",
    "empty": "文件是空的，里面没有可读的文字。 The file is empty.",
    "unsupported_type": (
        "不接受这种文件。可以上传：纯文本（.txt）、网页（.html）、PDF 或 Word（.docx）。"
        " This kind of file is not accepted: upload text, HTML, PDF or Word (.docx)."
    ),
    "binary": (
        "这不是文字文件（可能是图片或其他二进制文件）。可以上传：纯文本、网页、PDF 或 Word（.docx）。"
        " This is not a text file."
    ),
    "undecodable": (
        "无法读出文件中的文字：它不是可识别编码（UTF-8、GB18030/GBK、Big5、UTF-16）的文本。"
        " The text could not be read in any encoding Chinese documents use."
    ),
    "docx_bounds": (
        "这个 Word 文件解压后过大或部件过多（可能是恶意的“压缩炸弹”），为安全起见没有打开。"
        " The Word file would unpack to too much data; it was not opened."
    ),
    "damaged_docx": "Word 文件已损坏，无法打开。请在 Word 中另存一次再上传。 The Word file is damaged.",
    "damaged_pdf": "PDF 文件已损坏，无法打开。请重新导出后再上传。 The PDF is damaged.",
    "encrypted": "PDF 设有密码，请去掉密码后再上传。 The PDF is password-protected.",
    "no_text_layer": (
        "这个 PDF 没有文字层（可能是扫描件）。请先做文字识别（OCR），或上传文本。"
        " The PDF has no text layer (a scan)."
    ),
    "unreadable_pdf": "PDF 的字体无法转成文字。请重新导出（嵌入字体）或上传文本。 The PDF's text cannot be read.",
    "no_publisher": (
        "无法从文件中认出发布机关。请在“发布机关”一栏填写全称（如 上海市杨浦区人民政府）后重新上传。"
        " The publisher could not be recognized: give it in the form."
    ),
    "too_many_files": "一次上传的文件太多。 Too many files at once.",
    "store_failed": (
        "文件已读懂，但保存时数据库出错，文件没有保存。请稍后重试；仍不行请转交管理员。"
        " The file was read but could not be stored; nothing was stored. Try again later."
    ),
    "parse_failed": (
        "解析这个文件时程序出错，文件没有保存。错误已记录，请把文件转交管理员。"
        " The parser failed on this file; nothing was stored. The error is logged: pass the file to an administrator."
    ),
}


def explain(code: str) -> str:
    """The plain-words sentence for a refusal code (a generic one for codes not listed)."""
    return CLERK_MESSAGES.get(code, "文件无法处理。 The file could not be processed.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadForm(forms.Form):
    # Files are taken from request.FILES one by one (an empty or refused file must not make
    # the whole form invalid); this field only renders the input.
    files = forms.Field(
        label="文件 Files",
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
        help_text=f"One or several files: {ACCEPTED}.",
    )
    publisher = forms.CharField(
        label="发布机关 Publisher",
        required=False,
        max_length=200,
        help_text="全称 full name, e.g. 上海市杨浦区人民政府. Leave empty to read it from the file.",
    )
    year = forms.IntegerField(label="年度 Year", required=False, min_value=1990, max_value=2100)
    kind = forms.ChoiceField(
        label="类型 Kind",
        required=False,
        choices=[("", "— 从文件中读取 read from the file —")] + list(Document.Kind.choices),
    )

    def overrides(self) -> dict:
        """The metadata given in the form (empty fields are read from each file)."""
        data = self.cleaned_data
        return {key: data[key] for key in ("publisher", "year", "kind") if data.get(key) not in (None, "")}


def max_files() -> int:
    return settings.GONGKAI_MAX_FILES_PER_UPLOAD


def receive(uploaded_files, overrides: dict) -> list[dict]:
    """Parse and store each uploaded file at once; one plain result per file, in order.
    A file over the size limit is refused before it is read."""
    results = []
    limit = settings.GONGKAI_MAX_UPLOAD_BYTES
    for uploaded in uploaded_files:
        try:
            check_size(uploaded.size, limit)
        except IngestError as exc:
            outcome = Outcome("error", code=exc.code, message=exc.message)
        else:
            outcome = ingest_bytes(uploaded.read(), filename=uploaded.name, overrides=overrides)
        results.append(result_of(uploaded.name, outcome))
    return results


def result_of(name: str, outcome: Outcome) -> dict:
    """An outcome as plain data, as `ingest --json` gives it (it is kept in the session between
    the upload and its page), with a refusal's explanation in plain words."""
    result = outcome.as_json(name)
    if outcome.status == "error":
        result["explanation"] = explain(outcome.code)
    return result
