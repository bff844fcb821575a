"""The cleaning report: one entry per action, with how often it acted and a few examples.

Every cleaning step (clean.py and the shapes it brings to a text file: crawl.py, markdown.py,
pdftext.py) records here, so the report reads the same whichever module acted.
"""
EXAMPLES = 5


def record(result, action, count, examples, **spans):
    """Add to `result.report`'s entry for `action` (steps may act more than once, as noise removal
    does before and within duplicate removal): counts add up, spans stay in text order."""
    if not count:
        return
    entry = next((r for r in result.report if r["action"] == action), None)
    if entry is None:
        entry = {"action": action, "count": 0, "examples": []}
        result.report.append(entry)
    entry["count"] += count
    entry["examples"] = (entry["examples"] + examples)[:EXAMPLES]
    for key, items in spans.items():
        entry[key] = sorted(entry.get(key, []) + items, key=lambda span: span.get("start", 0))
