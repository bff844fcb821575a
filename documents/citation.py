"""Citations of a document, a section or a value, in GB/T 7714-2015, BibTeX and CSL-JSON.

GB/T 7714 for an electronic resource: 主要责任者. 题名: 其他题名信息[EB/OL]. (发布日期)[引用日期].
获取和访问路径. The publisher is the responsible party, the 文号 is other title information,
and the publication date is given when the document states one. The access path is the
government's own address of the document when it is known (`source_url`), the portal's
permalink otherwise; the permalink then stands beside it (BibTeX: `note`).
"""
import datetime
import hashlib
import re


def gbt7714(document, url, accessed: datetime.date, part: str = "") -> str:
    title = document.title + (f": {document.doc_number}" if document.doc_number else "")
    if part:
        title += f"—{part}"
    published = f"({document.published_on.isoformat()})" if document.published_on else ""
    return f"{document.publisher.name}. {title}[EB/OL]. {published}[{accessed.isoformat()}]. {document.source_url or url}."


def bibtex(document, url, accessed: datetime.date, part: str = "") -> str:
    key = re.sub(r"[^a-z0-9]+", "", document.slug.replace("-", "")) or "document"
    if part:  # one key per cited item: a section or a value of the document has its own
        key += hashlib.sha1(part.encode()).hexdigest()[:6]
    title = document.title + (f"——{part}" if part else "")
    fields = [
        ("author", "{" + _escape(document.publisher.name) + "}"),  # an organisation: keep it whole
        ("title", _escape(title)),
        ("year", str(document.year) if document.year else ""),
        ("number", _escape(document.doc_number)),
        ("date", document.published_on.isoformat() if document.published_on else ""),
        ("url", document.source_url or url),
        ("urldate", accessed.isoformat()),
        ("note", f"Gongkai: {url}" if document.source_url else ""),
        ("language", "chinese"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}"


def csl_json(document, url, accessed: datetime.date, part: str = "") -> dict:
    """One item of CSL-JSON (the Citation Style Language's data, which Zotero, Mendeley and
    pandoc read): a government report issued by its publisher, at the government's address
    when known (the portal's permalink in `note`), with its 文号 as number."""
    published = document.published_on
    item = {
        "id": document.slug + (f"-{hashlib.sha1(part.encode()).hexdigest()[:6]}" if part else ""),
        "type": "report",
        "title": document.title + (f"——{part}" if part else ""),
        # An organisation, not a person: a literal name is never split into family and given.
        "author": [{"literal": document.publisher.name}],
        "publisher": document.publisher.name,
        "publisher-place": document.publisher.region,
        "genre": document.get_kind_display(),
        "number": document.doc_number or None,
        "issued": {"date-parts": [[published.year, published.month, published.day]]} if published
        else {"date-parts": [[document.year]]} if document.year else None,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "URL": document.source_url or url,
        "note": f"Gongkai: {url}" if document.source_url else None,
        "language": "zh-CN",
    }
    return {key: value for key, value in item.items() if value not in (None, "")}


def _escape(text):
    return re.sub(r"([{}%&#_$\\])", r"\\\1", text or "")
