"""The versions of a document, as its page, its JSON and the API show them: which one replaces
it and when, which one it replaces, the whole chain, and links to compare two of them."""
from django.utils.timezone import localdate

from . import page_data


def _absolute(request, path):
    return page_data.absolute(request, path) if request is not None else path


def version_entry(request, document, current=None):
    """One version as data: its number, address and the day it was stored."""
    entry = {
        "version": document.version,
        "slug": document.slug,
        "title": document.title,
        "url": _absolute(request, document.get_absolute_url()),
        "stored_on": localdate(document.created_at) if document.created_at else None,
    }
    if current is not None:
        entry["current"] = document.pk == current.pk
    return entry


class Versions:
    """A document's place in its chain of versions. Only published versions are shown: an
    unpublished correction is the admin's business, not the reader's."""

    def __init__(self, document):
        self.document = document
        self.chain = [d for d in document.versions() if d.is_published or d.pk == document.pk]
        index = next(i for i, d in enumerate(self.chain) if d.pk == document.pk)
        self.older = self.chain[index - 1] if index > 0 else None
        self.newer = self.chain[index + 1] if index + 1 < len(self.chain) else None
        self.current = self.chain[-1]

    @property
    def compare_newer(self):
        """This version against the one that replaced it."""
        return self.document.compare_url(self.newer) if self.newer else None

    @property
    def compare_current(self):
        """This version against the current one, when that is not the next one."""
        if self.current.pk in (self.document.pk, getattr(self.newer, "pk", None)):
            return None
        return self.document.compare_url(self.current)

    def rows(self):
        """[(version, compare url or None, is this document)] oldest first, for the page."""
        return [
            (d, None if d.pk == self.document.pk else self.document.compare_url(d), d.pk == self.document.pk)
            for d in self.chain
        ]

    def as_json(self, request=None):
        """`supersedes` / `superseded_by` (null when none), the current version and every
        version, with links to compare this one with the next and with the current."""
        data = {
            "supersedes": version_entry(request, self.older) if self.older else None,
            "superseded_by": version_entry(request, self.newer) if self.newer else None,
            "current_version": version_entry(request, self.current),
            "versions": [version_entry(request, d, self.current) for d in self.chain],
        }
        if self.newer:
            data["superseded_by"]["compare"] = _absolute(request, self.document.compare_url(self.newer))
        if self.older:
            data["supersedes"]["compare"] = _absolute(request, self.older.compare_url(self.document))
        return data
