"""Reporting bodies: when two stored publisher names are one body that reports year after year.

A government's annual report is compiled and signed by its general office, so one year's report
names the government (平潭综合实验区, 某区人民政府) and the next its office (…管委会办公室,
…人民政府办公室): the same reporting body. The rule, for any place:

* a name that is a government of a place: the place, optionally followed by 人民政府 / 政府 or,
  for a zone, 管理委员会 / 管委会, optionally followed by 办公厅 / 办公室 (the government's own
  general office);
* whose place is the publisher's stored region (or the region's last part: 杨浦区 of 上海市杨浦区);

names the government of that region: every such publisher with the same region is one body.
Any other name (a department, a bureau, a township under a district) stays its own body.

Joining is never forced: where two names of one body both have an annual report for the same
year, both exist side by side (a general office publishing its own report, for example), and
the names are kept apart.
"""
from __future__ import annotations

import re
from collections import defaultdict

GOVERNMENT_END = re.compile(r"(?:人民政府|政府|管理委员会|管委会)?(?:办公厅|办公室)?$")
# Not a place: the whole country's organs are named by what they are, never by a place.
NO_PLACE = {"", "全国"}


def government_region(name: str, region: str) -> str | None:
    """The region whose government (or its general office) `name` is, or None when the name is
    not a government's. A pure rule on the two strings."""
    if not name or region in NO_PLACE or region is None:
        return None
    found = GOVERNMENT_END.search(name)
    place = name[: found.start()]
    # An office without the government word before it (某局办公室) is a department's office.
    if found.group(0) and found.group(0) in ("办公厅", "办公室"):
        return None
    if len(place) < 2:
        return None
    if region.endswith(place) or place.endswith(region):
        return region
    return None


def join(publishers, years_of):
    """{publisher id: body id} for `publishers` [(id, name, region)], the body id being the
    lowest publisher id of its body; `years_of` is {publisher id: set of years with an annual
    report}. Publishers of one region's government are joined unless two of them report for
    one year."""
    groups = defaultdict(list)
    body = {}
    for pk, name, region in publishers:
        region_of = government_region(name, region)
        body[pk] = pk
        if region_of:
            groups[region_of].append(pk)
    for members in groups.values():
        if len(members) < 2:
            continue
        seen = set()
        overlap = False
        for pk in members:
            years = years_of.get(pk, set())
            if seen & years:
                overlap = True
                break
            seen |= years
        if overlap:
            continue
        first = min(members)
        for pk in members:
            body[pk] = first
    return body


def body_map(regions=None):
    """{publisher id: body id} over every publisher with a current annual report; with `regions`,
    over the publishers of those stored regions only. A body never spans two regions, so that is
    the same answer for them, read from their rows instead of every publisher's (a page about
    one publisher need not read a national collection)."""
    from .models import Document, Publisher

    years = defaultdict(set)
    reports = Document.objects.current().filter(kind=Document.Kind.ANNUAL_REPORT, year__isnull=False)
    if regions is not None:
        reports = reports.filter(publisher__region__in=list(regions))
    for publisher_id, year in reports.values_list("publisher_id", "year").distinct():
        years[publisher_id].add(year)
    publishers = Publisher.objects.filter(pk__in=list(years)).values_list("pk", "name", "region")
    return join(publishers, years)


def members(body, publisher_id):
    """The publisher ids of `publisher_id`'s body in `body` (a body_map())."""
    own = body.get(publisher_id, publisher_id)
    return sorted(pk for pk, b in body.items() if b == own) or [publisher_id]


def joined_names():
    """[[names]] of every body stored under more than one publisher name, each list in the order
    of the names' first report year: what was joined, to show."""
    from .models import Document, Publisher

    body = body_map()
    groups = defaultdict(list)
    for pk, b in body.items():
        groups[b].append(pk)
    joined = [pks for pks in groups.values() if len(pks) > 1]
    if not joined:
        return []
    names = dict(Publisher.objects.filter(pk__in=[pk for pks in joined for pk in pks]).values_list("pk", "name"))
    first = {}
    for publisher_id, year in (Document.objects.current().filter(publisher_id__in=list(names), year__isnull=False)
                               .values_list("publisher_id", "year")):
        first[publisher_id] = min(year, first.get(publisher_id, year))
    return sorted(([names[pk] for pk in sorted(pks, key=lambda pk: (first.get(pk, 0), names[pk]))] for pks in joined),
                  key=lambda group: group[0])
