"""Small corpora for the page, format and API tests, built from the samples through the loader."""
from documents.loader import ingest_bytes
from documents.models import Check, Commitment, Document, Metric, Section
from tests.conftest import sample_bytes, sample_text

SCRIPT = "<script>alert('gongkai')</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = SCRIPT + IMG


def ingest(name, filename="", **overrides):
    outcome = ingest_bytes(sample_bytes(name), filename=filename or f"{name}.txt", overrides=overrides or None)
    assert outcome.status == "created", outcome.message
    return outcome.document


def yangpu_and_changning():
    """Yangpu's 2021 plan and 2020 report and Changning's 2019 plan: two publishers, two kinds,
    three years."""
    return (
        ingest("shanghai-yangpu-2021-work-plan"),
        ingest("shanghai-yangpu-2020-annual-report"),
        ingest("shanghai-changning-2019-work-plan"),
    )


def variant(name, n, **overrides):
    """Another document from a sample: the same text with `n` trailing newlines (new bytes,
    so not a duplicate) and the given metadata."""
    data = sample_bytes(name) + b"\n" * n
    outcome = ingest_bytes(data, filename=f"{name}-{n}.txt", overrides=overrides or None)
    assert outcome.status == "created", outcome.message
    return outcome.document


def hostile_document():
    """A document whose every field a page shows carries markup: title, publisher, 文号,
    headings, body, page chrome, topics, checks, commitments and file name."""
    text = sample_text("shanghai-yangpu-2021-work-plan")
    text = text.replace("（一）规范政务信息管理。", f"（一）规范{SCRIPT}管理。{IMG}", 1)
    text = text.replace("2021 年是中国共产党成立一百周年", f"2021 年是{PAYLOAD}中国共产党成立一百周年", 1)
    text = f"来源：{SCRIPT}\n" + text
    outcome = ingest_bytes(
        text.encode("utf-8"),
        filename=f"{IMG}.txt",
        overrides={
            "title": f"=1+1{PAYLOAD}政务公开工作要点",
            "publisher": f"上海市{IMG}区人民政府",
            "doc_number": f"@SUM(A1){SCRIPT}",
            "year": 2021,
        },
    )
    assert outcome.status == "created", outcome.message
    document = outcome.document
    Section.objects.filter(document=document, order__lt=3).update(topics=[f"决策公开{SCRIPT}"])
    Check.objects.create(document=document, name=f"check{IMG}", passed=False, detail=PAYLOAD, left=1, right=2, keys=[SCRIPT])
    Commitment.objects.create(document=document, kind="task", number="1", text=PAYLOAD, lead_units=[SCRIPT], deadline=IMG)
    Commitment.objects.create(document=document, kind="target", text=PAYLOAD, subject=IMG, comparator="≥", value=60, unit="%")
    Metric.objects.create(document=document, key="review.corrected", label=PAYLOAD, value=1, source="narrative", sentence=IMG)
    document.refresh_from_db()
    return Document.objects.select_related("publisher").get(pk=document.pk)
