"""A document as data: the fields every published shape of a document takes, defined once.

The list pages (HTML rows, JSON, CSV), the reader's JSON and the API (serializers.py) publish
a document's summary under the same keys in the same order, read from the same places. They
differ in one key, and both are contracts: `publisher` is the publisher's name on the pages
(its slug follows as `publisher_slug`) and its slug in the API (its name follows as
`publisher_name`).
"""

# Where a key is read that is not the document's own attribute of that name.
SOURCES = {
    "publisher_name": "publisher.name",
    "publisher_slug": "publisher.slug",
    "region": "publisher.region",
    "level": "publisher.level",
}
OWN = ["year", "kind", "doc_number", "published_on", "issuer", "source_url", "retrieved_on", "script", "version"]


def summary(publisher_by: str) -> list[str]:
    """The keys of a document's summary in the order they are published, with `publisher` the
    publisher by its "name" or its "slug", and the other right after it."""
    other = "publisher_slug" if publisher_by == "name" else "publisher_name"
    return ["slug", "title", "publisher", other, "region", "level", *OWN]


def source(key: str, publisher_by: str) -> str:
    """The dotted path from the document to the key's value."""
    return f"publisher.{publisher_by}" if key == "publisher" else SOURCES.get(key, key)


def values(document, keys, publisher_by: str = "name") -> dict:
    """{key: value} of the document, in the order of `keys`."""
    out = {}
    for key in keys:
        value = document
        for name in source(key, publisher_by).split("."):
            value = getattr(value, name)
        out[key] = value
    return out
