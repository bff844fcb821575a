"""One language at a time: every page type in Chinese (the default) and in English (by choice),
with no interface words of the other language on it.

Document data (titles, publisher names, section text, the national template's row names) stays
as the documents wrote it in both languages; the English check removes every such value the
database holds before it looks for Chinese characters."""
import html as htmllib
import re
from pathlib import Path
from pprint import pformat

import pytest
from django.conf import settings
from django.urls import reverse

from documents import metric_names
from documents.indicators import INDICATORS
from documents.ingest import topics as topic_list
from documents.ingest.metric_keys import KEYS
from documents.models import Check, Commitment, Document, Metric, Publisher, Section
from tests.documents.corpus import ingest, yangpu_and_changning

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Latin words a Chinese page may carry: formats, standards and names of things, not sentences.
ZH_ALLOWED = {
    "json", "csv", "api", "bibtex", "csl", "gb", "zotero", "mendeley", "pdf", "html", "docx",
    "utf", "gbk", "big", "bom", "sha", "or", "nul", "eb", "ol", "pandas", "ocr",
}


@pytest.fixture
def pages():
    plan, report, changning = yangpu_and_changning()
    other_report = ingest("shanghai-2023-annual-report")
    tagged = Section.objects.filter(document=report).exclude(topics=[]).order_by("order").first()
    topic = topic_list.find(tagged.topics[0])
    key = Metric.objects.filter(document=report).exclude(key="").values_list("key", flat=True).first()
    section = Section.objects.filter(document=report).order_by("order").first()
    return {
        "home": "/",
        "list": "/documents/",
        "publishers": "/p/",
        "publisher": other_report.publisher.get_absolute_url(),
        "reader": report.get_absolute_url(),
        "plan reader": plan.get_absolute_url(),
        "original": reverse("documents:original", args=[report.slug]),
        "section": reverse("documents:section", args=[report.slug, section.order]),
        "topics": "/topics/",
        "topic": reverse("documents:topic", args=[topic.slug]),
        "search help": "/search/",
        "search": "/search/?q=信息公开",
        "kwic": "/search/kwic/?q=信息公开",
        "quality": "/quality/",
        "data": "/data/",
        "metrics explorer": f"/metrics/?key={key}",
        "metrics indicator": f"/metrics/?indicator={INDICATORS[0].slug}",
        "metric value": reverse("documents:metric-value", args=[report.slug, key]),
        "indicators": "/indicators/",
        "indicator": reverse("documents:indicator", args=[INDICATORS[0].slug]),
        "compare picker": "/compare/",
        "comparison": reverse("comparisons:two", args=[report.slug, other_report.slug]),
        "plan against report": reverse("comparisons:two", args=[plan.slug, report.slug]),
        "many": f"/compare/?d={report.slug}&d={other_report.slug}&d={changning.slug}",
        "metric not found": "/metrics/?key=no.such.key",
        "404": "/no/such/page/",
    }


def text_nodes(page):
    """What a reader reads, piece by piece: each run of text between tags and each attribute
    shown as words; without code samples and without elements that say they are in another
    language (the language switcher)."""
    page = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<(?!html\b)(\w+)[^>]*\blang=\"[^\"]*\"[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<(meta|link)\b[^>]*>", " ", page)
    shown = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', page)
    nodes = re.split(r"<[^>]+>", page) + shown
    nodes = (re.sub(r"\s+", " ", htmllib.unescape(n)).strip() for n in nodes)
    return [n for n in nodes if n]


def data_haystack():
    """Every string the database and the national template hold, as one text: document data,
    not interface."""
    values = set()
    for model in (Publisher, Document, Section, Metric, Check, Commitment):
        fields = [f.name for f in model._meta.concrete_fields
                  if f.get_internal_type() in ("CharField", "TextField", "JSONField", "ArrayField", "SlugField", "URLField")]
        for row in model.objects.values_list(*fields):
            stack = list(row)
            while stack:
                v = stack.pop()
                if isinstance(v, str):
                    values.add(v)
                elif isinstance(v, (list, tuple)):
                    stack.extend(v)
                elif isinstance(v, dict):
                    stack.extend(v.values())
                    stack.extend(k for k in v if isinstance(k, str))
    values.update(metric_names.names().values())
    for topic in topic_list.all_topics():
        values.update([topic.name, topic.slug, *topic.keywords])
    for indicator in INDICATORS:
        values.update([indicator.slug, indicator.formula_in_words, indicator.description])
    # The standard metrics' definitions, and what the test itself typed into an address.
    values.update(k.definition for k in KEYS.values() if k.definition)
    values.update(k.label for k in KEYS.values())
    values.update(["no.such.key"])
    return "\x00".join(re.sub(r"\s+", " ", v) for v in values)


def data_tokens():
    """The words of the documents' own values (file names, encodings, addresses, keys)."""
    tokens = set()
    for document in Document.objects.all():
        tokens.update([document.filename, document.encoding, document.source_format, document.source_url, document.slug])
    tokens.update(Publisher.objects.values_list("slug", flat=True))
    tokens.update(Metric.objects.values_list("key", flat=True))
    return {t for t in tokens if t}


def is_data(node, haystack):
    # A text cut short for the page ends in an ellipsis the data does not have.
    return node.rstrip("…").rstrip(".") in haystack


def interface_strings():
    """The Chinese source strings of the interface (the catalogue's msgids)."""
    po = (Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return {m for m in re.findall(r'^msgid "(.+)"$', po, flags=re.M) if "%" not in m}


NOT_FOUND = {"metric not found", "404"}


def get(client, path, name="", **headers):
    response = client.get(path, **headers)
    assert response.status_code == (404 if name in NOT_FOUND else 200), (name, path, response.status_code)
    return response.content.decode()


def english_words(node):
    # Addresses and keys are not words: anything with a slash, a dot inside or an equals sign.
    node = " ".join(w for w in node.split() if not re.search(r"/|=|\w\.\w", w))
    return [w for w in re.findall(r"[A-Za-z]{2,}", node) if w.lower() not in ZH_ALLOWED]


def test_every_page_type_is_in_chinese_by_default_with_no_english_interface_words(client, pages):
    haystack = data_haystack()
    tokens = data_tokens()
    found = {}
    for name, path in pages.items():
        page = get(client, path, name)
        assert '<html lang="zh-Hans">' in page, name
        # Data may hold Latin words (an address, a file name, an encoding): only the interface counts.
        left = [n for n in text_nodes(page) if english_words(n) and not is_data(n, haystack)]
        # Within a sentence of the interface, a data value (a file name, an encoding) may stand.
        left = [n for n in left if english_words(" ".join(w for w in n.split() if w.strip("().,:;") not in tokens))]
        if left:
            found[name] = left
    assert not found, pformat(found, width=120)


def test_every_page_type_is_in_english_by_choice_with_no_chinese_outside_document_data(client, pages):
    client.cookies["django_language"] = "en"
    haystack = data_haystack()
    interface = interface_strings()
    found = {}
    for name, path in pages.items():
        page = get(client, path, name)
        assert '<html lang="en">' in page, name
        left = [
            n for n in text_nodes(page)
            # A whole interface string left untranslated, or Chinese the data does not hold.
            if CJK.search(n) and ((n in interface and len(n) > 3) or not all(
                run in haystack for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+", n)))
        ]
        if left:
            found[name] = left
    assert not found, pformat(found, width=120)


def test_a_browser_asking_for_english_still_gets_chinese_until_the_reader_chooses(client, db):
    page = get(client, "/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-Hans">' in page and "政府信息公开文件" in page
    client.cookies["django_language"] = "en"
    assert "Government information disclosure documents" in get(client, "/", HTTP_ACCEPT_LANGUAGE="zh-CN")


def test_the_language_switcher_comes_back_to_the_same_page_with_its_query(client, pages):
    path = "/documents/?year=2020&sort=title"
    page = get(client, path)
    form = re.search(r'<form class="language" action="([^"]+)" method="post">(.*?)</form>', page, flags=re.S)
    assert form, "no language switcher in the header"
    assert 'name="next" value="/documents/?year=2020&amp;sort=title"' in form.group(2)
    response = client.post(form.group(1), {"language": "en", "next": path})
    assert response.status_code == 302 and response["Location"] == path
    assert '<html lang="en">' in get(client, path)
    assert 'value="zh-hans"' in get(client, path)
    client.post(form.group(1), {"language": "zh-hans", "next": path})
    assert '<html lang="zh-Hans">' in get(client, path)


def test_the_english_catalogue_is_compiled_from_the_po_file_as_committed():
    """The .mo the site reads holds exactly the .po's translations (compilemessages was run)."""
    import gettext

    folder = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    po = (folder / "django.po").read_text(encoding="utf-8")

    def unquote(s):
        text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)

    entries = re.findall(r'^(?:msgctxt (".*")\n)?msgid (".*"(?:\n".*")*)\nmsgstr (".*"(?:\n".*")*)$', po, flags=re.M)
    # gettext keys a string with a context as context + EOT + string.
    written = {(unquote(c) + "\x04" if c else "") + unquote(i): unquote(s) for c, i, s in entries if unquote(i)}
    assert written and all(written.values()), [i for i, s in written.items() if not s]
    assert {k: v for k, v in compiled.items() if k} == written
