"""Citations of a document, a section or a value, in GB/T 7714-2015 and BibTeX.

GB/T 7714 for an electronic resource: 主要责任者. 题名: 其他题名信息[EB/OL]. (发布日期)[引用日期].
获取和访问路径. The publisher is the responsible party, the 文号 is other title information,
and the publication date is given when the document states one.
"""
import datetime
import re


def gbt7714(document, url, accessed: datetime.date, part: str = "") -> str:
    title = document.title + (f": {document.doc_number}" if document.doc_number else "")
    if part:
        title += f"—{part}"
    published = f"({document.published_on.isoformat()})" if document.published_on else ""
    return f"{document.publisher.name}. {title}[EB/OL]. {published}[{accessed.isoformat()}]. {url}."


def bibtex(document, url, accessed: datetime.date, part: str = "") -> str:
    key = re.sub(r"[^a-z0-9]+", "", document.slug.replace("-", "")) or "document"
    title = document.title + (f"——{part}" if part else "")
    fields = [
        ("author", "{" + _escape(document.publisher.name) + "}"),  # an organisation: keep it whole
        ("title", _escape(title)),
        ("year", str(document.year) if document.year else ""),
        ("number", _escape(document.doc_number)),
        ("date", document.published_on.isoformat() if document.published_on else ""),
        ("url", url),
        ("urldate", accessed.isoformat()),
        ("language", "chinese"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}"


def _escape(text):
    return re.sub(r"([{}%&#_$\\])", r"\\\1", text or "")
