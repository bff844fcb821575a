"""One language at a time: every page type in Chinese (the default) and in English (by choice),
with no interface words of the other language on it.

Document data (titles, publisher names, section text, the national template's row names) stays
as the documents wrote it in both languages; the English check removes every such value the
database holds before it looks for Chinese characters."""
import html as htmllib
import re

import pytest
from django.urls import reverse

from documents import metric_names
from documents.indicators import INDICATORS
from documents.ingest import topics as topic_list
from documents.models import Check, Commitment, Document, Metric, Publisher, Section
from tests.documents.corpus import ingest, yangpu_and_changning

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Latin words a Chinese page may carry: formats, standards and names of things, not sentences.
ZH_ALLOWED = {
    "json", "csv", "api", "bibtex", "csl", "gb", "zotero", "mendeley", "pdf", "html", "docx",
    "utf", "gbk", "big", "bom", "sha", "or", "nul", "english",
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
        "publisher": report.publisher.get_absolute_url(),
        "reader": report.get_absolute_url(),
        "plan reader": plan.get_absolute_url(),
        "original": reverse("documents:original", args=[report.slug]),
        "section": reverse("documents:section", args=[report.slug, section.order]),
        "topics": "/topics/",
        "topic": reverse("documents:topic", args=[topic.slug]),
        "search help": "/search/",
        "search": "/search/?q=信息公开",
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


def visible_text(page):
    """What a reader reads: text and the attributes shown as words, without code samples and
    without elements that say they are in another language (the language switcher)."""
    page = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<(?!html\b)(\w+)[^>]*\blang=\"[^\"]*\"[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<head>.*?<title>", "<title>", page, flags=re.S)
    page = re.sub(r"</title>.*?</head>", " ", page, flags=re.S)
    shown = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return htmllib.unescape(" ".join([text, *shown]))


def data_values():
    """Every string the database and the national template hold: data, not interface."""
    values = set()
    for model in (Publisher, Document, Section, Metric, Check, Commitment):
        fields = [f.name for f in model._meta.get_fields() if getattr(f, "get_internal_type", None)
                  and f.get_internal_type() in ("CharField", "TextField", "JSONField", "ArrayField")]
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
    for document in Document.objects.all():
        values.update(document.origins.values())
        for step in document.cleanup or []:
            values.update(str(e) for e in step.get("examples", []))
        for section in document.sections.all():
            values.update(section.text.splitlines())
    values.update(metric_names.names().values())
    for name in metric_names.names().values():
        values.update(re.split(r"\s*[·›]\s*", name))
    for topic in topic_list.all_topics():
        values.add(topic.name)
        values.update(topic.keywords)
    for indicator in INDICATORS:
        values.update([indicator.formula_in_words, indicator.description])
    return sorted((v for v in values if v and CJK.search(v)), key=len, reverse=True)


def without(text, values):
    for value in values:
        if value in text:
            text = text.replace(value, " ")
    return text


def english_words_left(text):
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", text)
    return sorted({w for w in words if w.lower() not in ZH_ALLOWED and len(w) > 1})


def get(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code in (200, 404), (path, response.status_code)
    assert response.status_code == 404 or "404" not in path
    return response.content.decode()


def test_every_page_type_is_in_chinese_by_default_with_no_english_interface_words(client, pages):
    found = {}
    for name, path in pages.items():
        page = get(client, path)
        assert '<html lang="zh-Hans">' in page, name
        # Document data may hold Latin words (an address, a file name): only the interface is checked.
        left = english_words_left(without(visible_text(page), data_values_latin()))
        if left:
            found[name] = left
    assert found == {}


def data_values_latin():
    values = set()
    for document in Document.objects.all():
        values.update([document.filename, document.encoding, document.source_format, document.sha256,
                       document.source_url, document.slug, document.parser_version, document.title])
        values.update(document.origins.values())
        values.update(w for w in document.warnings or [])
    values.update(Publisher.objects.values_list("slug", flat=True))
    values.update(Metric.objects.values_list("key", flat=True))
    values.update(Metric.objects.values_list("unit", flat=True))
    values.update(metric_names.names().values())
    for indicator in INDICATORS:
        values.update([indicator.slug, indicator.formula_in_words, indicator.description])
    values.update(t.slug for t in topic_list.all_topics())
    return sorted((v for v in values if v and re.search(r"[A-Za-z]", v)), key=len, reverse=True)


@pytest.mark.parametrize("how", ["accept-language", "cookie"])
def test_every_page_type_is_in_english_by_choice_with_no_chinese_outside_document_data(client, pages, how):
    if how == "cookie":
        client.cookies["django_language"] = "en"
        headers = {}
    else:
        headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
    data = data_values()
    found = {}
    for name, path in pages.items():
        page = get(client, path, **headers)
        assert '<html lang="en">' in page, name
        left = CJK.findall(without(visible_text(page), data))
        if left:
            text = without(visible_text(page), data)
            found[name] = sorted({m.group(0) for m in re.finditer(r"\S*[\u3400-\u9fff]+\S*", text)})[:12]
    assert found == {}


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
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    po = (folder / "django.po").read_text(encoding="utf-8")

    def unquote(s):
        text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)

    entries = re.findall(r'^msgid (".*?"(?:\n".*?")*)\nmsgstr (".*?"(?:\n".*?")*)$', po, flags=re.M)
    written = {unquote(i): unquote(s) for i, s in entries if unquote(i)}
    assert written and all(written.values()), [i for i, s in written.items() if not s]
    assert {k: v for k, v in compiled.items() if k} == written
