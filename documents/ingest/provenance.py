"""Where a document's provenance came from: its source address, its publication date (发布日期)
and the date it was retrieved (取得日期). Pure: no Django.

Each of these fields is kept with its origin, `{"from": WHERE, "key": NAME}` (`key`: the header
line, tag or entry it was read from, when there is one), so that a reader sees how much to
trust it. WHERE is one of ORIGINS; the portal shows ORIGINS[where] followed by the key.
"""
from __future__ import annotations

import datetime
import re

# The fields that carry an origin, and the words a reader sees for each origin.
FIELDS = ("source_url", "published_on", "retrieved_on")
ORIGINS = {
    "crawl_header": "抓取页头",            # a crawler's header line (原文链接:, 发布时间:, 抓取时间:)
    "page_fields": "网页信息索引",          # a site's box of fields above the text (索引号 | 发布机构 | 发文日期…)
    "page_line": "网页上的日期行",          # a 发布日期：… line of page chrome in the text
    "page_chrome": "网页导航栏",            # the date in a breadcrumb run of a crawled page
    "signature": "正文落款",               # the date the document is signed with
    "text": "正文日期行",                  # a dated line of the document's front
    "html_meta": "网页元数据",             # <meta name=… content=…>
    "html_canonical": "网页规范链接",       # <link rel="canonical">
    "html_saved": "网页保存记录",           # the address and date a browser noted when saving the page
    "pdf_info": "PDF 文档信息",            # the PDF's document information dictionary
    "override": "人工填写",                # given by the uploader or corrected in the admin
    "stored": "入库日期",                  # nothing said when it was retrieved: when it was stored
}


def origin(where: str, key: str | None = None) -> dict:
    return {"from": where, "key": key} if key else {"from": where}


def describe(found: dict | None) -> str:
    """An origin in a reader's words: 网页元数据 PubDate, 抓取页头 原文链接, 正文落款."""
    if not found:
        return ""
    words = ORIGINS.get(found.get("from"), found.get("from") or "")
    return f"{words} {found['key']}" if found.get("key") else words


_YMD = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
# PDF dates (D:20210305085800+08'00') and dates written without separators (20210305).
_COMPACT = re.compile(r"^(?:D:)?((?:19|20)\d{2})(\d{2})(\d{2})")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# A browser's date string: Sun Dec 06 2026 22:14:59 GMT+0800 (China Standard Time).
_JS_DATE = re.compile(r"\b([A-Z][a-z]{2})\s+(\d{1,2}),?\s+((?:19|20)\d{2})\b")


def parse_date(value) -> datetime.date | None:
    """A date written as sites, crawlers and PDF writers write them (2012-09-04 14:41,
    2021/3/5, 2021年3月5日, 2021-01-29-17:30:34, D:20210305085800+08'00', 20210305,
    Sun Dec 06 2026 22:14:59 GMT+0800); None when it reads as no real date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    if (m := _JS_DATE.search(text)) and m.group(1).lower() in _MONTHS:
        return _date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    for pattern in (_COMPACT, _YMD):
        if m := pattern.search(text):
            return _date(*map(int, m.groups()))
    return None


def _date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


_HTTP_URL = re.compile(r"https?://[^\s\"'<>]+", re.I)


def http_url(value) -> str | None:
    """An absolute http(s) address in `value`, else None (a relative link names no site)."""
    m = _HTTP_URL.match(str(value or "").strip())
    return m.group(0) if m and len(m.group(0)) <= 500 else None
