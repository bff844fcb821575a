"""A domain synonym list applied to text before similarity is computed: 公布 and 发布,
制定出台 and 印发 are the same commitment in a plan and the same act in a report.

The list is data (data/synonyms.txt): each line a group whose first word stands for the rest.
Only similarity and evidence scores read the rewritten text; what is shown and diffed is
always the text as written."""
import functools
import re
from pathlib import Path

DATA = Path(__file__).parent / "data" / "synonyms.txt"


def parse_groups(text: str) -> dict[str, str]:
    """variant -> the group's first word, from the list's text."""
    table = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].split()
        if len(line) < 2:
            continue
        head, *variants = line
        for v in variants:
            table.setdefault(v, head)
    return table


@functools.cache
def _table_and_pattern():
    table = parse_groups(DATA.read_text(encoding="utf-8"))
    # Longest first, so 制定出台 is read whole rather than as 制定 + 出台.
    pattern = re.compile("|".join(re.escape(v) for v in sorted(table, key=len, reverse=True)))
    return table, pattern


def normalize(text: str) -> str:
    """The text with every listed variant replaced by its group's word."""
    table, pattern = _table_and_pattern()
    return pattern.sub(lambda m: table[m.group(0)], text)
