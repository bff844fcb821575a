"""Options shared by the commands that parse files."""
import argparse
import datetime
import re

from documents.models import Document


def add_override_arguments(parser):
    group = parser.add_argument_group("metadata overrides (win over what is inferred)")
    group.add_argument("--publisher", help="full name, e.g. 上海市杨浦区人民政府")
    group.add_argument("--region", help="e.g. 上海市杨浦区")
    group.add_argument("--year", type=int)
    group.add_argument("--kind", choices=[k for k, _ in Document.Kind.choices])
    group.add_argument("--title")
    group.add_argument("--doc-number", dest="doc_number")
    group.add_argument("--source-url", dest="source_url", type=_http_url,
                       help="the government's address of the document, http(s)://…")
    group.add_argument("--retrieved", dest="retrieved_on", type=_date, metavar="DATE",
                       help="when the file was taken from that address, YYYY-MM-DD (default: what the file "
                            "says, else the day it is stored)")


def _http_url(value):
    if not re.match(r"https?://[^\s\"'<>]+$", value, re.I) or len(value) > 500:
        raise argparse.ArgumentTypeError(f"not an http(s) address of at most 500 characters: {value!r}")
    return value


def _date(value):
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def overrides_from(options):
    keys = ["publisher", "region", "year", "kind", "title", "doc_number", "source_url", "retrieved_on"]
    return {k: options[k] for k in keys if options.get(k) is not None}
