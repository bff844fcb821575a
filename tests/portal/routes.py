"""Every route of the portal with real arguments (and with hostile ones), for the tests that
must cover every page and API endpoint."""
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

HOSTILE = [
    "\x00",
    "a\x00b",
    "9" * 25,
    "-99999999999999999999",
    "1.5",
    "1e400",
    "abc",
    "null",
    "x/y z",
    "../../etc/passwd",
    "公" * 10000,
]


def routes(resolver=None, namespace=""):
    """(name with namespace, names of its path arguments) of every named route but the admin's."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from routes(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            yield f"{namespace}{entry.name}", list(getattr(pattern, "converters", {}) or pattern.regex.groupindex)


def example(name, arg, corpus):
    plan, report, _ = corpus
    if arg == "slug":
        if "publisher" in name:
            return report.publisher.slug
        if "topic" in name:
            return "policy-interpretation"
        if "indicator" in name:
            return "refusal_rate"
        return report.slug
    return {"a": report.slug, "b": plan.slug, "key": "requests.new.total", "order": "1"}.get(arg, "x")


def urls(corpus, hostile=HOSTILE):
    """(url, True) for every route with real arguments, (url, False) with a hostile argument."""
    seen = set()
    for name, args in routes():
        for fmt in (["json", "csv"] if "fmt" in args else ["json"] if "format" in args else [None]):
            kwargs = {a: example(name, a, corpus) for a in args}
            kwargs.update({"fmt": fmt} if "fmt" in args else {"format": fmt} if fmt else {})
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            if url not in seen:
                seen.add(url)
                yield url, True
            for arg in args:
                for value in hostile:
                    try:
                        bad = reverse(name, kwargs={**kwargs, arg: value})
                    except NoReverseMatch:
                        continue  # the route itself refuses it: Django's 404
                    if bad not in seen:
                        seen.add(bad)
                        yield bad, False
    yield reverse("admin:login"), True
