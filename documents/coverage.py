"""Who published what in which year, as a hierarchy of regions: the home page's coverage.

A national collection has thousands of publishers: one row each would be a page nobody can
read or the server can render quickly. So the coverage is shown one region at a time: the
regions directly under it (provinces at the top, then cities, then districts and counties, as
the gazetteer orders them) as rows of document counts per year, each a link one level down,
and the publishers seated at the region itself (its government and its departments) with their
documents. A region whose publishers are few is shown publisher by publisher at once: drilling
down through a handful of rows helps nobody.

Regions are the stored publisher regions (the names along the gazetteer's path joined:
广东省广州市天河区); a region the gazetteer does not know is a row of its own under the nearest
region above it that it starts with.
"""
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

from .ingest.metadata import gazetteer

# A region with at most this many publishers (under it, at any depth) lists them one by one.
FLAT_LIMIT = 40


@dataclass
class RegionRow:
    region: str  # the stored region name: what ?region= takes
    name: str  # its own part, shown under its parent: 天河区
    publishers: int = 0
    documents: int = 0
    by_year: dict = field(default_factory=dict)  # year -> documents

    @property
    def query(self):
        """The query string that opens this region."""
        return urlencode({"region": self.region})

    def cells(self, years, list_url):
        """(documents, the documents list of them) for each year."""
        return [
            (self.by_year.get(year, 0), f"{list_url}?{urlencode({'region': self.region, 'year': year})}")
            for year in years
        ]


@lru_cache(maxsize=1)
def _tree():
    """({stored region: [stored regions directly under it]}, {stored region: its own name}),
    "" being the country (its children the provinces)."""
    places = gazetteer()
    children, names = {}, {}
    for division in places.by_code.values():
        path = places.path(division)
        region = "".join(d.name for d in path)
        parent = "".join(d.name for d in path[:-1])
        children.setdefault(parent, []).append(region)
        names[region] = division.name
    for regions in children.values():
        regions.sort()
    return children, names


def children_of(region):
    """The stored regions directly under `region` ("" for the country), as the gazetteer knows them."""
    return _tree()[0].get(region, [])


@lru_cache(maxsize=100_000)
def path_of(region):
    """[(name, stored region)] from the top down to `region`: 广东省 › 广州市 › 天河区. A region the
    gazetteer does not know ends the path under the longest known region it starts with."""
    names = _tree()[1]
    steps, at = [], ""
    while at != region:
        below = next((r for r in children_of(at) if region.startswith(r)), None)
        if below is None:
            steps.append((region[len(at):] or region, region))
            break
        steps.append((names[below], below))
        at = below
    return steps


@lru_cache(maxsize=100_000)
def child_for(region, stored):
    """The row of `region`'s coverage a publisher of region `stored` is counted in: the
    region directly under `region` that holds it; `stored` itself when the gazetteer knows none;
    None for a publisher seated at `region` itself."""
    if stored == region:
        return None
    for child in children_of(region):
        if stored.startswith(child):
            return child
    return stored


def region_rows(documents, region, stored_regions):
    """The coverage of `region`: ([RegionRow for each region under it that holds any of
    `documents`], (documents, publishers) seated at `region` itself). `stored_regions` are the
    publishers' regions under it (their documents are counted in the database, by row)."""
    rows_of = {stored: child_for(region, stored) or "" for stored in stored_regions}
    counted = documents.counts_by_row(rows_of)
    own = counted.pop("", {}).get(None, (0, 0))
    names = _tree()[1]
    rows = []
    for child, by_year in sorted(counted.items()):
        total, publishers = by_year.pop(None)
        rows.append(RegionRow(child, names.get(child, child[len(region):] or child), publishers, total, by_year))
    return rows, own


def opened_region(region, documents, regions_under):
    """The region to show for `region` and its rows: itself, or, while it holds a single region
    below it and no publisher of its own, that region (a collection of one province opens at
    that province). `regions_under(region)` gives the stored publisher regions under one."""
    while True:
        rows, own = region_rows(documents, region, regions_under(region))
        if len(rows) != 1 or own[1] or not children_of(rows[0].region):
            return region, rows, own
        region = rows[0].region
