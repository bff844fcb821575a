"""A document's sections as a tree for the table of contents, with their anchors.

Every section has the anchor `s-<order>` (stable: the order never changes for a stored
document). A section whose numbers all read as ordinals up its chain of parents also answers
to its nested number, `s-3-2` for (二) under 三, so that a link can name a section as a
reader cites it. Top-level sections get no such alias: `s-3` already means order 3.
"""
from dataclasses import dataclass, field

from .ingest.sections import cn_to_int


def ordinal(number: str) -> int | None:
    """The ordinal a section number writes: 三 -> 3, (二) -> 2, （十二） -> 12, 3 -> 3."""
    core = number.strip().strip("()（）、.．")
    return cn_to_int(core) if core else None


@dataclass
class Entry:
    section: object
    children: list = field(default_factory=list)
    alias: str = ""

    @property
    def anchor(self):
        return f"s-{self.section.order}"


def outline(sections) -> list[Entry]:
    """The sections (in order, parents before children) as a forest of entries.

    Sets `alias` on entries whose nested number is unique within the document."""
    entries = {}
    roots = []
    paths = {}
    for section in sections:
        entry = Entry(section)
        entries[section.pk] = entry
        parent = entries.get(section.parent_id)
        (parent.children if parent else roots).append(entry)
        n = ordinal(section.number)
        above = paths.get(section.parent_id, ()) if section.parent_id else ()
        paths[section.pk] = (*above, n) if n is not None and None not in above else (None,)
    seen = {}
    for pk, path in paths.items():
        if len(path) > 1 and None not in path:
            alias = "s-" + "-".join(str(n) for n in path)
            seen.setdefault(alias, []).append(pk)
    for alias, pks in seen.items():
        if len(pks) == 1:
            entries[pks[0]].alias = alias
    return roots


def flatten(entries):
    """Depth-first, the order in which the entries' sections are read."""
    for entry in entries:
        yield entry
        yield from flatten(entry.children)
