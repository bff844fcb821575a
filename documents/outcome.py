"""What happened to one file, whichever way it came (the ingest command, its workers, an upload):
one shape, and one JSON form of it (a line of `ingest --json`, an entry of its report, an
upload's result). Pure: no Django import, so that a worker parsing a file returns it too.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Outcome:
    status: str  # "parsed" (not stored yet) | "created" | "duplicate" | "error"
    document: object = None  # models.Document, once stored or found stored
    message: str = ""
    code: str = ""
    path: str = ""  # the file, when it was read from disk
    parsed: object = None  # pipeline.ParsedDocument, when it parsed

    def as_json(self, name=None):
        doc = self.document
        data = {"file": name, "status": self.status}
        if doc is not None:
            data.update(slug=doc.slug, title=doc.title, sha256=doc.sha256, id=doc.pk)
        if self.status == "error":
            data.update(error=self.code, message=self.message)
        elif self.status == "created" and self.message:
            data.update(message=self.message)  # a new version of a stored report
        return data
