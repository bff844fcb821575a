"""Comparison pages: two documents side by side, or up to twelve as matrices."""
import functools
import hashlib
import json
import logging
import os
import re
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, gettext

from documents import charts, page_data
from documents.models import Document

from ..build import MAX_DOCUMENTS, Recent, compare_many, compare_two, document_key, plan_notes, unsynced, year_over_year
from ..models import StoredComparison

logger = logging.getLogger(__name__)
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
CSV_TABLES = ("paragraphs", "metrics", "figures", "plan")


def _documents(slugs):
    """The published documents for these slugs, in the order given, or an error response."""
    bad = [s for s in slugs if not _SLUG.match(s)]
    if bad:
        return None, HttpResponseBadRequest(f"Not a document name: {escape(', '.join(bad))}")
    # The texts, the raw file and the tables stay in the database unless a comparison is computed.
    found = {d.slug: d for d in Document.objects.published().summaries().filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        return None, HttpResponseNotFound(f"No such document: {escape(', '.join(missing))}")
    return [found[s] for s in slugs], None


# Computed comparisons read back most recently in this process, as data: a shared link read by
# many costs one database read per process.
RECENT = Recent(16)
# Advisory lock namespaces: one lock per computing slot (shared by every worker of every
# server on the database), one per comparison being computed, one per comparison waiting in
# the background for its turn, and the one turn to queue for a slot in the background.
_SLOTS_LOCK, _KEY_LOCK, _PENDING_LOCK, _BACKGROUND_LOCK = 0x636D70, 0x636D71, 0x636D72, 0x636D73
# How many comparisons compute at once across all workers (two a core: a burst of new links
# then computes in at most that many of the workers' threads, the others waiting at most WAIT
# for a slot, and the pages keep the rest; beside
# busy pages a comparison computes at a third of a core or less, so one a core left new links
# waiting for a slot), how long a new link waits for its turn before the page says it is being
# prepared, and after how many seconds that page reloads itself.
SLOTS = int(os.environ.get("GONGKAI_COMPARE_SLOTS") or 2 * (os.cpu_count() or 1))
WAIT = float(os.environ.get("GONGKAI_COMPARE_WAIT") or 1.0)
RETRY = int(os.environ.get("GONGKAI_COMPARE_RETRY") or 2)


def comparison_key(doc_a, doc_b) -> str:
    # Both contents, the parser, and when either document was last saved: a title corrected by
    # hand or a re-parse is a new comparison.
    return f"compare:{document_key(doc_a)}:{document_key(doc_b)}"


def _number(key) -> int:
    """The comparison's number in the advisory locks' namespaces."""
    return zlib.crc32(key.encode()) - 2**31


def _stored(key):
    return StoredComparison.objects.filter(key=key).values_list("data", flat=True).first()


def _lock(namespace, number, wait=0.0) -> bool:
    """Take a session advisory lock, waiting at most `wait` seconds for it (PostgreSQL's
    lock_timeout: the wait costs no queries). Held until _unlock or the connection ends."""
    if wait <= 0:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, number])
            return cursor.fetchone()[0]
    try:
        # A savepoint inside a caller's transaction, else a transaction of its own: a timed-out
        # wait aborts only it. The lock is the session's: it outlives the transaction.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{max(1, int(wait * 1000))}ms"])
            if connection.pg_version >= 140000:
                # A worker that dies while its thread waits (a worker replaced, a timeout) leaves
                # a server process waiting for it, and holding its other locks, until the wait
                # ends: PostgreSQL looks for the client every second instead.
                cursor.execute("SELECT set_config('client_connection_check_interval', '1000', true)")
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [namespace, number])
        return True
    except OperationalError:
        return False


def _unlock(namespace, number):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, number])


def _compute_within_bound(key, compute, wait=None, turn=None):
    """The comparison's JSON text: stored by another worker meanwhile, or computed here once a
    computing slot is free. At most SLOTS comparisons are computed at once across all workers
    (PostgreSQL advisory locks, released if a worker dies), so that a burst of new links cannot
    take every worker; one who waits longer than WAIT seconds gets None (the page says it is
    being prepared). `turn`: an advisory lock (namespace, number) to let go of once a slot is
    had (the background's turn to queue for one)."""
    deadline = time.monotonic() + (WAIT if wait is None else wait)
    left = lambda: deadline - time.monotonic()
    number = _number(key)
    # Only one worker computes a given comparison; the others wait for it and read it stored.
    if not _lock(_KEY_LOCK, number, left()):
        return None
    try:
        text = _stored(key)
        if text is not None:
            return text
        slots = list(range(max(1, SLOTS)))
        slot = next((k for k in slots if _lock(_SLOTS_LOCK, k)), None)
        if slot is None:  # all taken: wait for one of them
            slot = number % len(slots)
            if not _lock(_SLOTS_LOCK, slot, left()):
                return None
        if turn is not None:
            _unlock(*turn)
        try:
            text = compute()
            with unsynced():
                StoredComparison.objects.get_or_create(key=key, defaults={"data": text})
            return text
        finally:
            _unlock(_SLOTS_LOCK, slot)
    finally:
        _unlock(_KEY_LOCK, number)


def comparison(doc_a, doc_b):
    """The comparison of two documents: from the process, else from the database, else
    computed (within the bound) and stored. None when the bound was not reached in time."""
    key = comparison_key(doc_a, doc_b)
    data = RECENT.get(key)
    if data is not None:
        return data
    text = _stored(key)
    if text is None:
        if _pending(key):
            return None  # waiting for its turn already: the reader is told at once, not after WAIT
        compute = lambda: json.dumps(compare_two(doc_a, doc_b), cls=DjangoJSONEncoder, ensure_ascii=False)
        text = _compute_within_bound(key, compute)
        if text is None:
            _prepare_later(key, compute)
            return None
    # Read back from its text either way, so that a fresh comparison and a stored one are the
    # same data.
    data = json.loads(text)
    RECENT.put(key, data)
    return data


# Comparisons a process waits to compute after their reader was told to come back: each waits
# for a slot like any other (the bound holds), so that the reload finds the comparison ready.
PENDING = threading.BoundedSemaphore(8)
BACKGROUND_WAIT = 120


def _pending(key) -> bool:
    """Is a thread of some worker waiting for a slot to prepare this comparison?"""
    number = _number(key)
    if _lock(_PENDING_LOCK, number):
        _unlock(_PENDING_LOCK, number)
        return False
    return True


def _prepare_later(key, compute):
    if not PENDING.acquire(blocking=False):
        return  # enough waiting already: the reload asks again

    def run():
        number = _number(key)
        try:
            # One waiter per comparison across the workers; the lock tells the other readers.
            # (Waited for a moment: a reader's _pending takes it for an instant.) Of the waiters,
            # one at a time queues for a slot, and lets the next queue once it has one: a reader
            # of a new link, asking now, is never behind a queue of comparisons whose readers
            # come back later.
            if _lock(_PENDING_LOCK, number, 0.5) and _lock(_BACKGROUND_LOCK, 0, BACKGROUND_WAIT):
                _compute_within_bound(key, compute, wait=BACKGROUND_WAIT, turn=(_BACKGROUND_LOCK, 0))
        except Exception:
            logger.exception("comparison %s could not be prepared", key)
        finally:
            connection.close()  # (which also lets go of the lock)
            PENDING.release()

    threading.Thread(target=run, daemon=True, name="prepare-comparison").start()


def _preparing(request, doc_a, doc_b, fmt):
    """A comparison still waiting for its turn: 202, and the page says so and reloads itself."""
    wait = str(RETRY)
    if fmt:
        response = HttpResponse(json.dumps({"status": "preparing", "retry_after": int(wait)}), status=202,
                                content_type="application/json")
    else:
        response = render(request, "comparisons/preparing.html", {"a": doc_a, "b": doc_b, "wait": wait}, status=202)
    response["Retry-After"] = wait
    response["Cache-Control"] = "no-store"
    return response


def two(request, a, b, fmt=None):
    docs, error = _documents([a, b])
    if error:
        return error
    doc_a, doc_b = docs
    fmt = page_data.requested_format(request, fmt)
    # A page already rendered needs none of the comparison's data.
    body = None if fmt else _body(request, doc_a, doc_b)
    if body is not None:
        return _page(request, doc_a, doc_b, body)
    data = comparison(doc_a, doc_b)
    if data is None:
        return _preparing(request, doc_a, doc_b, fmt)
    if fmt:
        table = request.GET.get("table", "paragraphs")
        if table not in CSV_TABLES:
            return HttpResponseBadRequest(f"table must be one of {', '.join(CSV_TABLES)}")
        columns, rows = _csv_table(data, table)
        return page_data.respond(fmt, data=data, columns=columns, rows=rows, filename=f"{a}--{b}-{table}")
    return _page(request, doc_a, doc_b, _body(request, doc_a, doc_b, data))


def _page(request, doc_a, doc_b, body):
    kinds = {value: str(label) for value, label in Document.Kind.choices}
    return render(
        request,
        "comparisons/two.html",
        {
            "a": doc_a,
            "b": doc_b,
            "body": body,
            # The two publishers' documents: changing a year or a kind is one choice; any other
            # document is chosen on /compare/ (a list of every document would grow with the portal).
            # (slug, label) of each option, labelled once for both lists; only what an option
            # shows is read (a whole document is its texts and raw file too).
            "choices": [
                (d.slug, f"{d.publisher.name} {d.year or ''} {kinds.get(d.kind, d.kind)}")
                for d in Document.objects.current().select_related("publisher")
                .filter(Q(publisher_id__in={doc_a.publisher_id, doc_b.publisher_id}) | Q(pk__in=[doc_a.pk, doc_b.pk]))
                .only("pk", "slug", "year", "kind", "publisher__name").order_by("publisher__name", "year", "kind")
            ],
            "json_url": page_data.data_url(request, "json"),
            "csv_url": page_data.data_url(request, "csv"),
        },
    )


# The comparison's part of the page (its thousands of template nodes) rendered once per
# comparison and language, kept in the process and the shared cache.
RECENT_HTML = Recent(16)
_HTML_TIMEOUT = 30 * 24 * 3600


@functools.cache
def _templates_fingerprint() -> str:
    """The comparison templates, the tags that write part of them and the translation
    catalogues as they are in this process: a deployment that changes any of them renders
    afresh rather than serving what was kept."""
    base = Path(settings.BASE_DIR)
    files = (
        sorted((base / "templates" / "comparisons").glob("*.html"))
        + sorted((base / "comparisons" / "templatetags").glob("*.py"))
        + sorted((base / "locale").glob("*/LC_MESSAGES/*.mo"))
    )
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def _body_key(doc_a, doc_b):
    key = f"{comparison_key(doc_a, doc_b)}:{doc_a.slug}:{doc_b.slug}:{get_language()}:{_templates_fingerprint()}"
    return "compare-html:" + hashlib.sha256(key.encode()).hexdigest()


def _body(request, doc_a, doc_b, data=None):
    """The rendered comparison (reading, tables, plan, topics); None when it is neither kept
    nor given its data."""
    key = _body_key(doc_a, doc_b)
    html = RECENT_HTML.get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            if data is None:
                return None
            plan_doc = doc_a if doc_a.kind == "work_plan" else doc_b
            report_doc = doc_b if plan_doc is doc_a else doc_a
            html = render_to_string("comparisons/_body.html", {
                "data": data,
                "a": doc_a,
                "b": doc_b,
                "plan_counts": _plan_counts(data.get("plan_against_report") or []),
                "reading_summary": _in_words((data.get("reading") or {}).get("counts") or {}),
                "notes": plan_notes(doc_a, doc_b, bool(data.get("problems_against_plan"))),
                "plan_url": plan_doc.get_absolute_url(),
                "report_url": report_doc.get_absolute_url(),
            })
            with unsynced():
                cache.set(key, html, _HTML_TIMEOUT)
        RECENT_HTML.put(key, html)
    return mark_safe(html)


def _plan_counts(items):
    """有证据 3 项，证据弱 2 项，无证据 5 项"""
    words = {
        "found": gettext("有证据 %(n)s 项"),
        "weak": gettext("证据弱 %(n)s 项"),
        "none": gettext("无证据 %(n)s 项"),
    }
    counts = {k: sum(1 for c in items if c["status"] == k) for k in words}
    return gettext("，").join(words[k] % {"n": n} for k, n in counts.items() if n)


def _in_words(counts):
    """The reading's counts as a sentence in the reader's language (as comparisons.reading.in_words)."""
    parts = []
    if counts.get("same"):
        parts.append(gettext("相同 %(n)s 段") % {"n": counts["same"]})
    if counts.get("changed"):
        parts.append(gettext("改动 %(n)s 段（共 %(changes)s 处）") % {"n": counts["changed"], "changes": counts.get("changes", 0)})
    if counts.get("only_a"):
        parts.append(gettext("删去 %(n)s 段") % {"n": counts["only_a"]})
    if counts.get("only_b"):
        parts.append(gettext("新增 %(n)s 段") % {"n": counts["only_b"]})
    if counts.get("moved"):
        parts.append(gettext("移动 %(n)s 段") % {"n": counts["moved"]})
    if not parts:
        return gettext("两份文件都没有正文。")
    return gettext("，").join(parts) + gettext("。")


def _csv_table(data, table):
    a, b = (d["slug"] for d in data["documents"])
    if table == "paragraphs":
        columns = ["status", "changes", "a_paragraph", "a_path", "a_text", "b_paragraph", "b_path", "b_text"]
        rows = [
            {
                "status": r["status"], "changes": r.get("changes"),
                "a_paragraph": r["a"], "a_path": r.get("a_trail"), "a_text": "".join(p["text"] for p in r.get("a_pieces") or []) if r["a"] is not None else None,
                "b_paragraph": r["b"], "b_path": r.get("b_trail"), "b_text": "".join(p["text"] for p in r.get("b_pieces") or []) if r["b"] is not None else None,
            }
            for r in data["reading"]["rows"]
        ]
    elif table == "metrics":
        columns = ["key", "label", "unit", "a", "b", "change", "percent"]
        rows = data["metrics"]
    elif table == "figures":
        columns = ["label", "unit", "a", "b", "change", "percent"]
        rows = data["figures"]
    else:
        columns = ["kind", "number", "text", "status", "score", "passage", "anchor"]
        rows = data.get("plan_against_report", [])
    return columns, rows


def pick(request):
    """The pickers' forms land here and go on to the comparison's own, shareable URL: two
    documents by name (a, b), or one publisher's documents by year and kind."""
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    ticked = request.GET.getlist("d")  # the documents list's ticks
    if len(ticked) == 2:
        a, b = ticked
    elif len(ticked) > 2:
        return HttpResponseRedirect(reverse("comparisons:many") + "?" + "&".join(f"d={s}" for s in ticked if _SLUG.match(s)))
    elif ticked:
        return picker(request, error=gettext("请勾选至少两份文件。"), status=400)
    if a and b:
        if not (_SLUG.match(a) and _SLUG.match(b)):
            return picker(request, error=f"不是文件名：{a if not _SLUG.match(a) else b}", status=400)
        return HttpResponseRedirect(reverse("comparisons:two", args=[a, b]))
    publisher = request.GET.get("publisher", "")
    if publisher:
        found = []
        for side in ("a", "b"):
            year, kind = request.GET.get(f"year_{side}", ""), request.GET.get(f"kind_{side}", "")
            document = (
                Document.objects.current().filter(publisher__slug=publisher, kind=kind, year=year or None).first()
                if (year.isdigit() and len(year) <= 4) or not year else None
            )
            if document is None:
                return picker(request, error=gettext("这个发布机关没有 %(year)s 年的%(kind)s。") % {
                    "year": year or "—", "kind": dict(Document.Kind.choices).get(kind, kind)}, status=404)
            found.append(document.slug)
        return HttpResponseRedirect(reverse("comparisons:two", args=found))
    return picker(request, error=gettext("请选择两份文件。"), status=400)


def picker(request, error="", status=200):
    """/compare/ with no documents: choose a publisher's two years and kinds, any two
    documents, or a year-over-year pair from the table of who published what."""
    documents = list(Document.objects.current().select_related("publisher").order_by("publisher__name", "year", "kind"))
    publishers = {}
    for d in documents:
        publishers.setdefault(d.publisher, []).append(d)
    years = sorted({d.year for d in documents if d.year}, reverse=True)
    rows = []
    for publisher, docs in publishers.items():
        pairs = year_over_year(docs)
        # Three or more documents of one publisher also read as a matrix (two: side by side).
        matrix = reverse("comparisons:many") + "?" + urlencode([("d", d.slug) for d in docs]) if 3 <= len(docs) <= MAX_DOCUMENTS else ""
        rows.append({"publisher": publisher, "documents": docs, "pairs": pairs, "matrix": matrix})
    return render(
        request,
        "comparisons/picker.html",
        {
            "rows": rows,
            "years": years,
            "kinds": Document.Kind.choices,
            "choices": documents,
            "error": error,
            "selected": request.GET,
        },
        status=status,
    )


def many(request, fmt=None):
    slugs = request.GET.getlist("d")
    if not slugs and not page_data.requested_format(request, fmt):
        return picker(request)
    if len(slugs) < 2:
        return HttpResponseBadRequest("Give at least two documents: ?d=<slug>&d=<slug>")
    if len(slugs) > MAX_DOCUMENTS:
        return HttpResponseBadRequest(f"At most {MAX_DOCUMENTS} documents can be compared at once; {len(slugs)} were given.")
    docs, error = _documents(slugs)
    if error:
        return error
    data = compare_many(docs)
    fmt = page_data.requested_format(request, fmt)
    if fmt:
        if request.GET.get("table") == "topics":
            columns = ["topic"] + slugs
            rows = [{"topic": r["topic"], **r["counts"]} for r in data["topics"]]
        else:
            columns = ["key", "label", "unit"] + slugs
            rows = [{"key": r["key"], "label": r["label"], "unit": r["unit"], **r["values"]} for r in data["metrics"]]
        return page_data.respond(fmt, data=data, columns=columns, rows=rows, filename="comparison")
    chart = ""
    if data["one_publisher"]:
        chart = _series_chart(docs, data)
    return render(
        request,
        "comparisons/many.html",
        {"data": data, "documents": docs, "chart": chart, "json_url": page_data.data_url(request, "json"), "csv_url": page_data.data_url(request, "csv")},
    )


SERIES_KEYS = ["requests.new.total", "outcome.total.total", "review.total", "review.corrected"]


def _series_chart(docs, data):
    years = {d.slug: d.year for d in docs}
    rows = {r["key"]: r for r in data["metrics"]}
    series = []
    for key in SERIES_KEYS:
        if key in rows:
            points = {years[s]: v for s, v in rows[key]["values"].items() if v is not None and years[s]}
            series.append(charts.Series(f"{rows[key]['label']} ({key})", points))
    return charts.line_chart(series, title=f"{docs[0].publisher.name}: key figures by year")
